"""Tests for crmkit.panel: the branch panel, pooled and fixed-effects fits beside the truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from crmkit import experiments, panel
from crmkit.world import make_world


@pytest.fixture(scope="module")
def default_world():
    return make_world(4000, seed=2026)


@pytest.fixture(scope="module")
def big_world():
    # a big branch_rows, so tolerances can be tight
    return make_world(1, seed=3, n_branches=150, branch_years=10)


@pytest.fixture(scope="module")
def branch_rows(default_world):
    return panel.branch_panel(default_world.branches)


def test_branch_panel_lags_by_hand():
    b = pd.DataFrame(
        {
            "branch_id": [2, 1, 1, 1],
            "year": [2024, 2025, 2023, 2024],
            "satisfaction_index": [50.0, 72.0, 70.0, 71.0],
            "retention_rate": [0.7, 0.82, 0.8, 0.81],
            "revenue": [10.0, 100.0, 100.0, 50.0],
            "profit": [1.0, 12.0, 10.0, 4.0],
        }
    )
    out = panel.branch_panel(b)
    assert out["branch_id"].tolist() == [1, 1, 1, 2]
    assert out["margin"].tolist() == pytest.approx([0.10, 0.08, 0.12, 0.10])
    assert out["satisfaction_lag"].tolist()[1:3] == [70.0, 71.0]
    assert out["satisfaction_lag"].isna().tolist() == [True, False, False, True]


def test_branch_panel_bad_input():
    b = pd.DataFrame(
        {c: [1.0, 1.0] for c in panel._BRANCH_COLUMNS} | {"branch_id": [1, 1], "year": [1, 1]}
    )
    with pytest.raises(ValueError, match="repeated"):
        panel.branch_panel(b)
    with pytest.raises(ValueError, match="no column"):
        panel.branch_panel(b.drop(columns="profit"))
    with pytest.raises(ValueError, match="positive"):
        panel.branch_panel(b.assign(year=[1, 2], revenue=0.0))


def test_panel_fit_matches_statsmodels_dummies(branch_rows):
    fit = panel.panel_fit(branch_rows, "margin", ["retention_rate", "satisfaction_lag"])
    data = branch_rows.dropna(subset=["satisfaction_lag"])
    ref = smf.ols("margin ~ retention_rate + satisfaction_lag + C(branch_id)", data).fit(
        cov_type="cluster", cov_kwds={"groups": data["branch_id"]}
    )
    assert fit["estimate"].tolist() == pytest.approx(
        ref.params[["retention_rate", "satisfaction_lag"]].tolist()
    )
    assert fit["n_obs"].iloc[0] == 280  # 40 branches x 7 years with a lag
    assert fit["n_dropped"].iloc[0] == 40  # the first year of every branch
    # the fast within estimator used by panel_power gives the same slopes and errors
    beta, se = experiments._within_t(
        data["margin"].to_numpy(),
        data[["retention_rate", "satisfaction_lag"]].to_numpy(),
        data["branch_id"].to_numpy() - 1,
        40,
    )
    assert beta == pytest.approx(fit["estimate"].to_numpy())
    assert se == pytest.approx(fit["std_error"].to_numpy())


def test_fixed_effects_recover_the_true_branch_effects(big_world):
    world = big_world
    table = panel.compare_panel_models(panel.branch_panel(world.branches), world.params)
    fe = table[table["effects"] == "branch"].set_index(["model", "term"])
    right = fe.drop(index=("satisfaction_index", "satisfaction_index"))
    # every correctly timed model: estimate within 15% of the truth (+ a small floor),
    # and the 95% interval covers the truth
    assert (right["error"].abs() <= 0.15 * right["truth"].abs() + 3e-4).all()
    assert ((right["ci_low"] <= right["truth"]) & (right["truth"] <= right["ci_high"])).all()


def test_wrong_timing_biases_towards_zero_and_more_so_with_fixed_effects(big_world):
    # Documented direction: retention depends on LAST year's satisfaction. This year's
    # satisfaction is only correlated with it (branch level + AR(1) noise), so its
    # slope is too small; within a branch only the AR(1) part is left, so the fixed-
    # effects slope is smaller still (about 0.005 x 0.5 + trend).
    world = big_world
    branch_rows = panel.branch_panel(world.branches)
    truth = panel.true_branch_effects(world.params)["satisfaction_to_retention"]
    pooled = panel.panel_fit(branch_rows, "retention_rate", "satisfaction_index", effects="none")
    fe = panel.panel_fit(branch_rows, "retention_rate", "satisfaction_index")
    assert 0 < fe["estimate"].iloc[0] < pooled["estimate"].iloc[0] < truth


def test_pooled_ols_scatters_more_than_fixed_effects():
    # Branch levels are drawn independently in the world, so pooled OLS is unbiased on
    # average, but chance differences between branches make it much noisier.
    pooled, fe = [], []
    for seed in range(12):
        branch_rows = panel.branch_panel(make_world(1, seed=seed).branches)
        regs = ["retention_rate", "satisfaction_lag"]
        pooled.append(panel.panel_fit(branch_rows, "margin", regs, effects="none").iloc[0, 0])
        fe.append(panel.panel_fit(branch_rows, "margin", regs).iloc[0, 0])
    assert np.std(pooled) > 1.5 * np.std(fe)
    assert abs(np.mean(fe) - 0.5) < 0.05


def test_same_year_satisfaction_has_no_effect(branch_rows, default_world):
    fit = panel.panel_fit(branch_rows, "margin", ["satisfaction_index", "satisfaction_lag"])
    assert fit.loc["satisfaction_index", "ci_low"] < 0 < fit.loc["satisfaction_index", "ci_high"]
    assert fit.loc["satisfaction_lag", "p_value"] < 0.001


def test_true_branch_effects_total():
    truth = panel.true_branch_effects(make_world(1, seed=1).params)
    assert truth["satisfaction_total"] == pytest.approx(0.001 + 0.5 * 0.005)
    with pytest.raises(TypeError, match="'params'"):
        panel.true_branch_effects([1])
    with pytest.raises(ValueError, match="branch_effects"):
        panel.true_branch_effects({"a": 1})


def test_panel_fit_bad_input(branch_rows):
    with pytest.raises(ValueError, match="'effects'"):
        panel.panel_fit(branch_rows, "margin", "satisfaction_lag", effects="random")
    with pytest.raises(ValueError, match="also among"):
        panel.panel_fit(branch_rows, "margin", ["margin"])
    with pytest.raises(ValueError, match="'regressors'"):
        panel.panel_fit(branch_rows, "margin", [])
    with pytest.raises(ValueError, match="no column"):
        panel.panel_fit(branch_rows, "margin", "nope")
    with pytest.raises(ValueError, match="too few"):
        panel.panel_fit(branch_rows.head(1), "margin", "satisfaction_lag")


def test_profit_change_by_hand(branch_rows, default_world):
    out = panel.profit_change(branch_rows, "retention", 0.05, params=default_world.params)
    fit = panel.panel_fit(branch_rows, "margin", ["retention_rate", "satisfaction_lag"])
    used = branch_rows.dropna(subset=["satisfaction_lag"])
    slope = fit.loc["retention_rate", "estimate"]
    assert out["profit_change"] == pytest.approx(slope * 0.05 / used["margin"].mean())
    assert out["true_profit_change"] == pytest.approx(0.5 * 0.05 / used["margin"].mean())
    assert out["profit_ci_low"] < out["profit_change"] < out["profit_ci_high"]
    with pytest.raises(ValueError, match="'driver'"):
        panel.profit_change(branch_rows, "price", 1.0)
    with pytest.raises(ValueError, match="'change'"):
        panel.profit_change(branch_rows, "retention", np.nan)


# ---------------------------------------------------------------- issue 14


def _two_branches(**changes):
    table = pd.DataFrame(
        {
            "branch_id": [1, 1, 2, 2],
            "year": [2024, 2025, 2024, 2025],
            "satisfaction_index": [70.0, 72.0, 60.0, 61.0],
            "retention_rate": [0.8, 0.82, 0.7, 0.71],
            "revenue": [100.0, 100.0, 80.0, 90.0],
            "profit": [10.0, 12.0, 6.0, 7.0],
        }
    )
    for column, (row, value) in changes.items():
        table[column] = table[column].astype("float64")
        table.loc[row, column] = value
    return table


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"year": (1, np.nan)}, r"column 'year' .* 1 missing"),
        ({"year": (1, 2025.5)}, r"'year' .* whole years .* 2025\.5"),
        ({"year": (1, np.inf)}, r"'year' column .* infinite"),
        ({"branch_id": (0, np.nan)}, r"column 'branch_id' .* 1 missing"),
        ({"profit": (2, np.inf)}, r"'profit' column .* infinite"),
        ({"satisfaction_index": (2, -np.inf)}, r"'satisfaction_index' column .* infinite"),
    ],
)
def test_branch_panel_refuses_missing_infinite_and_fractional_years(changes, match):
    # NaN, inf and fractional years used to pass, giving lags that matched nothing
    with pytest.raises(ValueError, match=match):
        panel.branch_panel(_two_branches(**changes))


def test_panel_fit_on_one_branch_is_a_clear_error():
    # one branch used to raise ZeroDivisionError in the clustered standard errors
    one = panel.branch_panel(
        pd.DataFrame(
            {
                "branch_id": [1] * 5,
                "year": [2021, 2022, 2023, 2024, 2025],
                "satisfaction_index": [70.0, 72.0, 71.0, 74.0, 73.0],
                "retention_rate": [0.8, 0.82, 0.81, 0.84, 0.83],
                "revenue": [100.0] * 5,
                "profit": [10.0, 12.0, 11.0, 13.0, 12.5],
            }
        )
    )
    for effects in ("none", "branch"):
        with pytest.raises(ValueError, match=r"come from 1 branch; .* at least 2"):
            panel.panel_fit(one, "margin", "satisfaction_lag", effects=effects)
    two = panel.branch_panel(_two_branches())
    with pytest.raises(ValueError, match="too few to fit"):
        panel.panel_fit(two, "margin", "satisfaction_lag")


def test_branch_panel_and_panel_fit_leave_their_inputs_alone(default_world):
    branches = default_world.branches.sample(frac=1.0, random_state=1)  # shuffled rows
    before = branches.copy(deep=True)
    rows = panel.branch_panel(branches)
    pd.testing.assert_frame_equal(branches, before)
    rows_before = rows.copy(deep=True)
    panel.panel_fit(rows, "margin", ["retention_rate", "satisfaction_lag"])
    pd.testing.assert_frame_equal(rows, rows_before)
    assert len(rows) == len(branches)  # nothing dropped: panel_fit counts what it leaves out
