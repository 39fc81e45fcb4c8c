"""Tests for crmkit.satisfaction: known answers, recovery of the world's truth, bad input."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit import satisfaction as sp
from crmkit.world import make_world

GROUPS = {"low": (1, 2), "high": (9, 10)}


@pytest.fixture(scope="module")
def default_world():
    return make_world(4000, seed=2026)


@pytest.fixture(scope="module")
def big_world():
    # a big panel, so tolerances can be tight
    return make_world(1, seed=3, n_branches=150, branch_years=10)


@pytest.fixture(scope="module")
def panel(default_world):
    return sp.branch_panel(default_world.branches)


def _small_table():
    # 4 customers at 9, 3 of whom bought again; 4 at 7, 1 of whom did
    return pd.DataFrame({"s": [9] * 4 + [7] * 4, "y": [1, 1, 1, 0, 1, 0, 0, 0]})


# ---------------------------------------------------------------- rate_by_group


def test_rate_by_group_hand_computed():
    table = pd.DataFrame({"s": [1, 2, 2, 9, 10, 5], "y": [0, 1, 1, 1, 1, 0]})
    out = sp.rate_by_group(table, "s", "y", GROUPS)
    # low: 2 of 3; high: 2 of 2; the 5 is in no group
    assert out["customers"].tolist() == [3, 2]
    assert out["yes"].tolist() == [2, 2]
    assert out["rate"].tolist() == pytest.approx([2 / 3, 1.0])
    # Wilson interval for 2 of 3, z = 1.959964: centre (2 + z²/2) / (3 + z²)
    z = 1.959963984540054
    centre = (2 + z**2 / 2) / (3 + z**2)
    half = z / (3 + z**2) * np.sqrt(2 * 1 / 3 + z**2 / 4)
    assert out.loc["low", "ci_low"] == pytest.approx(centre - half)
    assert out.loc["low", "ci_high"] == pytest.approx(centre + half)


def test_rate_by_group_accepts_bool_and_warns_on_missing():
    table = pd.DataFrame({"s": [1.0, np.nan, 9.0], "y": [True, False, True]})
    with pytest.warns(UserWarning, match="1 of 3 row"):
        out = sp.rate_by_group(table, "s", "y", GROUPS)
    assert out["customers"].tolist() == [1, 1]


def test_rate_by_group_empty_group_is_nan():
    out = sp.rate_by_group(pd.DataFrame({"s": [1], "y": [1]}), "s", "y", GROUPS)
    assert out.loc["high", "customers"] == 0
    assert np.isnan(out.loc["high", "rate"])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"table": [1, 2]}, TypeError, "'table' parameter"),
        ({"table": pd.DataFrame({"s": [], "y": []})}, ValueError, "at least one row"),
        ({"satisfaction": "nope"}, ValueError, "no column 'nope'"),
        ({"groups": {}}, ValueError, "'groups' parameter"),
        ({"groups": {"a": (3, 1)}}, ValueError, "low <= high"),
        ({"groups": {"a": (1, 5), "b": (5, 9)}}, ValueError, "must not overlap"),
        ({"conf_level": 1.5}, ValueError, "'conf_level'"),
        ({"table": pd.DataFrame({"s": [1], "y": [3]})}, ValueError, "yes/no"),
        ({"table": pd.DataFrame({"s": ["a"], "y": [1]})}, TypeError, "must be numeric"),
        ({"table": pd.DataFrame({"s": [1], "y": ["yes"]})}, TypeError, "yes/no"),
    ],
)
def test_rate_by_group_bad_input(kwargs, error, match):
    args = {"table": pd.DataFrame({"s": [1], "y": [1]}), "satisfaction": "s", "groups": GROUPS}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        sp.rate_by_group(
            args["table"],
            args["satisfaction"],
            "y",
            args["groups"],
            **{k: v for k, v in args.items() if k == "conf_level"},
        )


# ---------------------------------------------------------------- rate_ratio


def test_rate_ratio_hand_computed():
    out = sp.rate_ratio(_small_table(), "s", "y", (9, 10), (7, 8), n_boot=500)
    # rates 3/4 and 1/4; risk ratio 3; odds (3/1) / (1/3) = 9
    assert out["estimate"].tolist() == pytest.approx([0.75, 0.25, 3.0, 9.0])
    assert (out["ci_low"] <= out["estimate"]).all()
    assert (out["estimate"] <= out["ci_high"]).all()


def test_rate_ratio_is_reproducible_and_seeded():
    a = sp.rate_ratio(_small_table(), "s", "y", (9, 10), (7, 8), n_boot=200, seed=1)
    b = sp.rate_ratio(_small_table(), "s", "y", (9, 10), (7, 8), n_boot=200, seed=1)
    pd.testing.assert_frame_equal(a, b)


@settings(max_examples=30, deadline=None)
@given(
    n_hi=st.integers(5, 60),
    n_lo=st.integers(5, 60),
    data=st.data(),
)
def test_rate_ratio_property_risk_ratio_below_its_ceiling(n_hi, n_lo, data):
    # Property: the risk ratio never exceeds 1 / (rate of the low group), and the odds
    # ratio is at least as far from 1 as the risk ratio.
    k_hi = data.draw(st.integers(1, n_hi - 1))
    k_lo = data.draw(st.integers(1, n_lo - 1))
    table = pd.DataFrame(
        {
            "s": [9] * n_hi + [7] * n_lo,
            "y": [1] * k_hi + [0] * (n_hi - k_hi) + [1] * k_lo + [0] * (n_lo - k_lo),
        }
    )
    out = sp.rate_ratio(table, "s", "y", (9, 9), (7, 7), n_boot=100)
    rr, orr = out.loc["risk_ratio", "estimate"], out.loc["odds_ratio", "estimate"]
    assert rr <= n_lo / k_lo + 1e-12
    assert abs(np.log(orr)) >= abs(np.log(rr)) - 1e-12


def test_rate_ratio_bad_input():
    table = _small_table()
    with pytest.raises(ValueError, match="'n_boot'"):
        sp.rate_ratio(table, "s", "y", (9, 10), (7, 8), n_boot=5)
    with pytest.raises(ValueError, match="'seed'"):
        sp.rate_ratio(table, "s", "y", (9, 10), (7, 8), seed=-1)
    with pytest.raises(ValueError, match=r"No customer .* 'low' range"):
        sp.rate_ratio(table, "s", "y", (9, 10), (1, 2))
    with pytest.raises(ValueError, match="infinite"):
        sp.rate_ratio(table.assign(y=[1, 1, 1, 0, 0, 0, 0, 0]), "s", "y", (9, 10), (7, 8))
    with pytest.raises(ValueError, match="must not overlap"):
        sp.rate_ratio(table, "s", "y", (7, 10), (7, 8))


# ---------------------------------------------------------------- zones


def _dropout_table(world):
    buyers = world.customers["status"].astype(str) != "potential"
    truth = world.truth[buyers.to_numpy()]
    z = (truth["satisfaction"] - world.truth["satisfaction"].mean()) / world.truth[
        "satisfaction"
    ].std()
    return pd.DataFrame({"satisfaction": z, "dropout": truth["dropout_prob"]})


@pytest.mark.parametrize("curve", ["zones", "linear"])
def test_zone_slopes_find_the_world_curve(curve):
    world = make_world(4000, seed=11, satisfaction_curve=curve)
    slopes = sp.zone_slopes(_dropout_table(world), "satisfaction", "dropout", (-0.75, 0.75))
    s = slopes["slope"]
    # true slope outside the middle zone: -satisfaction_slope (1.5) minus the path through
    # loyalty (0.40 x 0.60 = 0.24 per sd of loyalty); in the middle only the loyalty path
    assert s["affection"] < -1.3
    assert s["defection"] < -1.3
    if curve == "zones":
        assert -0.7 < s["indifference"] < 0.0
        assert slopes.loc["indifference", "ci_low"] > slopes.loc["affection", "ci_high"]
        assert slopes.attrs["line_test"]["p_value"] < 1e-6
    else:
        assert s["indifference"] < -1.3
        assert abs(s["indifference"] - s["affection"]) < 0.5


# the shares are exactly logistic, so statsmodels notes a "perfect prediction"
@pytest.mark.filterwarnings("ignore::statsmodels.tools.sm_exceptions.PerfectSeparationWarning")
def test_zone_slopes_hand_made_piecewise_truth():
    # probabilities exactly logistic in a piecewise line: slopes -2, 0, -2 are recovered
    x = np.linspace(-3, 3, 601)
    logit = -1 + np.where(x < -1, 2 * (x + 1), 0) * -1 + np.where(x > 1, -2 * (x - 1), 0)
    table = pd.DataFrame({"x": x, "p": 1 / (1 + np.exp(-logit))})
    slopes = sp.zone_slopes(table, "x", "p", (-1, 1))
    assert slopes["slope"].tolist() == pytest.approx([-2.0, 0.0, -2.0], abs=1e-6)
    assert slopes["customers"].tolist() == [200, 201, 200]


def test_zone_curve_and_plot():
    x = np.repeat(np.arange(1, 11), 20).astype(float)
    y = (np.arange(len(x)) % 10 < x).astype(int)
    table = pd.DataFrame({"x": x, "y": y})
    curve = sp.zone_curve(table, "x", "y", (4.5, 7.5), points=11)
    assert len(curve) == 11
    assert curve["satisfaction"].iloc[[0, -1]].tolist() == [1.0, 10.0]
    assert (curve["ci_low"] <= curve["probability"]).all()
    assert curve["zone"].tolist()[:4] == ["defection"] * 4
    observed = table.groupby("x")["y"].agg(rate="mean").assign(ci_low=0.0, ci_high=1.0)
    ax = sp.plot_zone_curve(curve, observed=observed, thresholds=(4.5, 7.5))
    assert ax is plt.gca()
    assert len(ax.lines) >= 3
    _fig, other = plt.subplots()
    assert sp.plot_zone_curve(curve, ax=other) is other


def test_zone_bad_input():
    table = pd.DataFrame({"x": np.arange(10.0), "y": [0, 1] * 5})
    with pytest.raises(ValueError, match="'thresholds'"):
        sp.zone_slopes(table, "x", "y", (5, 2))
    with pytest.raises(ValueError, match=r"zone of defection .* holds 0"):
        sp.zone_slopes(table, "x", "y", (-5, 2))
    with pytest.raises(ValueError, match="share between 0 and 1"):
        sp.zone_slopes(table.assign(y=2.0), "x", "y", (2, 6))
    with pytest.raises(ValueError, match="'points'"):
        sp.zone_curve(table, "x", "y", (2, 6), points=1)
    with pytest.raises(ValueError, match="no column"):
        sp.plot_zone_curve(pd.DataFrame({"a": [1]}))


# ---------------------------------------------------------------- share_claim


def test_share_claim_hand_computed():
    table = pd.DataFrame({"reason": ["care", "care", "price", "care", None]})
    with pytest.warns(UserWarning, match="1 of 5"):
        out = sp.share_claim(table, "reason", ["care"], 0.5)
    assert out["answers"] == 4
    assert out["count"] == 3
    assert out["share"] == 0.75
    # exact binomial: P(X >= 3) + P(X <= 1) for n = 4, p = 0.5 = 5/16 + 5/16
    assert out["p_value"] == pytest.approx(10 / 16)


def test_share_claim_two_thirds_rejected_in_the_default_world(default_world):
    out = sp.share_claim(default_world.exits, "exit_reason", "indifference", 2 / 3)
    truth = default_world.params["exit_reason_shares"]["indifference"]  # 0.40
    assert out["ci_low"] < truth + 0.05
    assert out["ci_high"] < 2 / 3
    assert out["p_value"] < 1e-10


@pytest.mark.parametrize(
    ("values", "claim", "match"),
    [("boredom", 0.5, "'values'"), ([], 0.5, "'values'"), ("care", 1.0, "'claim'")],
)
def test_share_claim_bad_input(values, claim, match):
    with pytest.raises(ValueError, match=match):
        sp.share_claim(pd.DataFrame({"reason": ["care"]}), "reason", values, claim)


# ---------------------------------------------------------------- the panel


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
    out = sp.branch_panel(b)
    assert out["branch_id"].tolist() == [1, 1, 1, 2]
    assert out["margin"].tolist() == pytest.approx([0.10, 0.08, 0.12, 0.10])
    assert out["satisfaction_lag"].tolist()[1:3] == [70.0, 71.0]
    assert out["satisfaction_lag"].isna().tolist() == [True, False, False, True]


def test_branch_panel_bad_input():
    b = pd.DataFrame(
        {c: [1.0, 1.0] for c in sp._BRANCH_COLUMNS} | {"branch_id": [1, 1], "year": [1, 1]}
    )
    with pytest.raises(ValueError, match="repeated"):
        sp.branch_panel(b)
    with pytest.raises(ValueError, match="no column"):
        sp.branch_panel(b.drop(columns="profit"))
    with pytest.raises(ValueError, match="positive"):
        sp.branch_panel(b.assign(year=[1, 2], revenue=0.0))


def test_panel_fit_matches_statsmodels_dummies(panel):
    fit = sp.panel_fit(panel, "margin", ["retention_rate", "satisfaction_lag"])
    data = panel.dropna(subset=["satisfaction_lag"])
    ref = smf.ols("margin ~ retention_rate + satisfaction_lag + C(branch_id)", data).fit(
        cov_type="cluster", cov_kwds={"groups": data["branch_id"]}
    )
    assert fit["estimate"].tolist() == pytest.approx(
        ref.params[["retention_rate", "satisfaction_lag"]].tolist()
    )
    assert fit["n_obs"].iloc[0] == 280  # 40 branches x 7 years with a lag
    assert fit["n_dropped"].iloc[0] == 40  # the first year of every branch
    # the fast within estimator used by panel_power gives the same slopes and errors
    beta, se = sp._within_t(
        data["margin"].to_numpy(),
        data[["retention_rate", "satisfaction_lag"]].to_numpy(),
        data["branch_id"].to_numpy() - 1,
        40,
    )
    assert beta == pytest.approx(fit["estimate"].to_numpy())
    assert se == pytest.approx(fit["std_error"].to_numpy())


def test_fixed_effects_recover_the_true_branch_effects(big_world):
    world = big_world
    table = sp.compare_panel_models(sp.branch_panel(world.branches), world.params)
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
    panel = sp.branch_panel(world.branches)
    truth = sp.true_branch_effects(world.params)["satisfaction_to_retention"]
    pooled = sp.panel_fit(panel, "retention_rate", "satisfaction_index", effects="none")
    fe = sp.panel_fit(panel, "retention_rate", "satisfaction_index")
    assert 0 < fe["estimate"].iloc[0] < pooled["estimate"].iloc[0] < truth


def test_pooled_ols_scatters_more_than_fixed_effects():
    # Branch levels are drawn independently in the world, so pooled OLS is unbiased on
    # average, but chance differences between branches make it much noisier.
    pooled, fe = [], []
    for seed in range(12):
        panel = sp.branch_panel(make_world(1, seed=seed).branches)
        regs = ["retention_rate", "satisfaction_lag"]
        pooled.append(sp.panel_fit(panel, "margin", regs, effects="none").iloc[0, 0])
        fe.append(sp.panel_fit(panel, "margin", regs).iloc[0, 0])
    assert np.std(pooled) > 1.5 * np.std(fe)
    assert abs(np.mean(fe) - 0.5) < 0.05


def test_same_year_satisfaction_has_no_effect(panel, default_world):
    fit = sp.panel_fit(panel, "margin", ["satisfaction_index", "satisfaction_lag"])
    assert fit.loc["satisfaction_index", "ci_low"] < 0 < fit.loc["satisfaction_index", "ci_high"]
    assert fit.loc["satisfaction_lag", "p_value"] < 0.001


def test_true_branch_effects_total():
    truth = sp.true_branch_effects(make_world(1, seed=1).params)
    assert truth["satisfaction_total"] == pytest.approx(0.001 + 0.5 * 0.005)
    with pytest.raises(TypeError, match="'params'"):
        sp.true_branch_effects([1])
    with pytest.raises(ValueError, match="branch_effects"):
        sp.true_branch_effects({"a": 1})


def test_panel_fit_bad_input(panel):
    with pytest.raises(ValueError, match="'effects'"):
        sp.panel_fit(panel, "margin", "satisfaction_lag", effects="random")
    with pytest.raises(ValueError, match="also among"):
        sp.panel_fit(panel, "margin", ["margin"])
    with pytest.raises(ValueError, match="'regressors'"):
        sp.panel_fit(panel, "margin", [])
    with pytest.raises(ValueError, match="no column"):
        sp.panel_fit(panel, "margin", "nope")
    with pytest.raises(ValueError, match="too few"):
        sp.panel_fit(panel.head(1), "margin", "satisfaction_lag")


def test_profit_change_by_hand(panel, default_world):
    out = sp.profit_change(panel, "retention", 0.05, params=default_world.params)
    fit = sp.panel_fit(panel, "margin", ["retention_rate", "satisfaction_lag"])
    used = panel.dropna(subset=["satisfaction_lag"])
    slope = fit.loc["retention_rate", "estimate"]
    assert out["profit_change"] == pytest.approx(slope * 0.05 / used["margin"].mean())
    assert out["true_profit_change"] == pytest.approx(0.5 * 0.05 / used["margin"].mean())
    assert out["profit_ci_low"] < out["profit_change"] < out["profit_ci_high"]
    with pytest.raises(ValueError, match="'driver'"):
        sp.profit_change(panel, "price", 1.0)
    with pytest.raises(ValueError, match="'change'"):
        sp.profit_change(panel, "retention", np.nan)


# ---------------------------------------------------------------- simulation


def test_vary_world_changes_only_the_knob():
    def share(world):
        return {
            "rows": len(world.branches),
            "mean_sat": world.branches["satisfaction_index"].mean(),
        }

    out = sp.vary_world("n_branches", [5, 10], share, n_customers=1)
    assert out.index.tolist() == ["5", "10"]
    assert out["rows"].tolist() == [40.0, 80.0]
    one = sp.vary_world(
        "exit_reason_shares",
        {"default": make_world(1).params["exit_reason_shares"]},
        lambda w: 1.0,
        n_customers=1,
    )
    assert one.loc["default", "statistic"] == 1.0


def test_vary_world_bad_input():
    with pytest.raises(ValueError, match="'param'"):
        sp.vary_world("speed", [1], lambda w: 1.0)
    with pytest.raises(ValueError, match="both"):
        sp.vary_world("n_branches", [5], lambda w: 1.0, n_branches=5)
    with pytest.raises(TypeError, match="'statistic'"):
        sp.vary_world("n_branches", [5], 3)
    with pytest.raises(ValueError, match="'values'"):
        sp.vary_world("n_branches", 5, lambda w: 1.0)
    with pytest.raises(TypeError, match="must return"):
        sp.vary_world("n_branches", [5], lambda w: "x", n_customers=1)


def test_panel_power_grows_with_the_panel():
    out = sp.panel_power([5, 40], [8], n_sims=40, seed=1)
    assert out["branch_years_used"].tolist() == [7, 7]
    assert out["power"].iloc[0] < out["power"].iloc[1]
    assert out["truth"].tolist() == [0.001, 0.001]
    none = sp.panel_power(
        [10],
        [4],
        n_sims=60,
        seed=2,
        branch_effects={
            "satisfaction_to_retention": 0.005,
            "retention_to_margin": 0.5,
            "satisfaction_to_margin": 0.0,
        },
    )
    # no effect: rejections are false alarms, about alpha = 5%
    assert none["power"].iloc[0] <= 0.2


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_branches": []}, "'n_branches'"),
        ({"n_branches": [2]}, "'n_branches'"),
        ({"branch_years": [2]}, "'branch_years'"),
        ({"n_sims": 3}, "'n_sims'"),
        ({"alpha": 0}, "'alpha'"),
        ({"driver": "price"}, "'driver'"),
        ({"seed": -3}, "'seed'"),
    ],
)
def test_panel_power_bad_input(kwargs, match):
    args = {"n_branches": [5], "branch_years": [4], "n_sims": 10} | kwargs
    with pytest.raises(ValueError, match=match):
        sp.panel_power(args.pop("n_branches"), args.pop("branch_years"), **args)
