"""Tests for crmkit.value: the retention formula, lifetime value and the world's truth."""

from __future__ import annotations

import clv_data
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit import btyd, metrics, value


@pytest.fixture(scope="module")
def world():
    return clv_data.world()


@pytest.fixture
def calhold() -> pd.DataFrame:
    return clv_data.calhold()


def test_retention_clv_by_hand():
    # 100 * 0.8 / (1 + 0.1 - 0.8) = 80 / 0.3
    assert value.retention_clv(100.0, 0.8, 0.1) == pytest.approx(266.6666667)
    # two periods: 100 * (0.8 / 1.1 + 0.8**2 / 1.1**2) = 72.7273 + 52.8926
    assert value.retention_clv(100.0, 0.8, 0.1, periods=2) == pytest.approx(125.6198347)
    # no discounting, full retention, 3 periods: 3 * 50
    assert value.retention_clv(50.0, 1.0, 0.0, periods=3) == pytest.approx(150.0)
    series = pd.Series([100.0, 200.0], index=["a", "b"])
    out = value.retention_clv(series, 0.5, 0.0)  # m * 0.5 / 0.5 = m
    assert out.tolist() == pytest.approx([100.0, 200.0]) and out.index.tolist() == ["a", "b"]


@settings(max_examples=60, deadline=None)
@given(
    m=st.floats(0.0, 1e4),
    r=st.floats(0.0, 0.99),
    d=st.floats(0.0, 1.0),
    n=st.integers(1, 400),
)
def test_retention_clv_finite_horizon_approaches_infinite(m, r, d, n):
    finite = value.retention_clv(m, r, d, periods=n)
    infinite = value.retention_clv(m, r, d)
    assert 0.0 <= finite <= infinite + 1e-6 * max(1.0, infinite)
    longer = value.retention_clv(m, r, d, periods=n + 1)
    assert longer >= finite - 1e-9 * max(1.0, finite)


def test_retention_clv_bad_inputs():
    with pytest.raises(ValueError, match="'retention'"):
        value.retention_clv(100, 1.2, 0.1)
    with pytest.raises(ValueError, match="'discount_rate'"):
        value.retention_clv(100, 0.8, -0.1)
    with pytest.raises(ValueError, match="infinite"):
        value.retention_clv(100, 1.0, 0.0)
    with pytest.raises(ValueError, match="'periods'"):
        value.retention_clv(100, 0.8, 0.1, periods=0)
    with pytest.raises(TypeError, match="'margin'"):
        value.retention_clv("a lot", 0.8, 0.1)
    with pytest.raises(TypeError, match="'margin'"):
        value.retention_clv(True, 0.8, 0.1)
    with pytest.raises(ValueError, match="finite"):
        value.retention_clv(np.nan, 0.8, 0.1)


def test_customer_lifetime_value_by_hand(calhold):
    bg = btyd.BGNBD().fit(calhold)
    gg = btyd.GammaGamma().fit(calhold)
    one = value.customer_lifetime_value(
        bg, gg, calhold, periods=1, period_length=26.0, discount_rate=0.1, margin_rate=0.5
    )
    # one period: E[purchases in 26 units] * expected spend * 0.5 / 1.1
    by_hand = bg.expected_purchases(26.0, calhold) * gg.expected_spend(calhold) * 0.5 / 1.1
    np.testing.assert_allclose(one["clv"], by_hand)
    two = value.customer_lifetime_value(bg, gg, calhold, periods=2, period_length=13.0)
    assert (two["clv"] >= 0).all() and two["prob_alive"].between(0, 1).all()
    with pytest.raises(TypeError, match="BGNBD"):
        value.customer_lifetime_value(gg, bg, calhold)
    with pytest.raises(ValueError, match="'periods'"):
        value.customer_lifetime_value(bg, gg, calhold, periods=0)
    with pytest.raises(ValueError, match="'margin_rate'"):
        value.customer_lifetime_value(bg, gg, calhold, margin_rate=2.0)
    with pytest.raises(ValueError, match="'discount_rate'"):
        value.customer_lifetime_value(bg, gg, calhold, discount_rate=-0.1)


def test_world_truth_by_hand():
    truth = pd.DataFrame(
        {
            "customer_id": [1, 2, 3],
            "purchase_rate": [365.25, 365.25, 365.25],  # one purchase a day
            "dropout_prob": [0.5, 0.5, 0.0],
            "dropout_date": pd.to_datetime([None, "2025-01-10", None]),
        }
    )
    out = value.world_truth(
        truth, calibration_end="2025-01-31", holdout_end="2025-02-02", unit_days=1
    )
    # alive, rate 1, p 0.5, t 2: (1 - exp(-1)) / 0.5
    assert out.loc[1, "expected_holdout_purchases"] == pytest.approx(2 * (1 - np.exp(-1)))
    assert not out.loc[2, "alive"] and out.loc[2, "expected_holdout_purchases"] == 0.0
    assert out.loc[3, "expected_holdout_purchases"] == pytest.approx(2.0)  # p = 0: rate * t
    with pytest.raises(ValueError, match="not in the truth"):
        value.world_truth(
            truth, calibration_end="2025-01-31", holdout_end="2025-02-02", customer_ids=[9]
        )
    with pytest.raises(ValueError, match="'holdout_end'"):
        value.world_truth(truth, calibration_end="2025-01-31", holdout_end="2025-01-01")


def test_world_truth_matches_simulated_holdout(world, calhold):
    # the true expectation and the world's own hold-out purchases agree on average
    true_state = value.world_truth(
        world.truth,
        calibration_end="2025-06-30",
        holdout_end="2025-12-31",
        customer_ids=calhold.index,
    )
    assert true_state["expected_holdout_purchases"].sum() == pytest.approx(
        calhold["frequency_holdout"].sum(), rel=0.1
    )


def test_bgnbd_on_the_default_world(world, calhold):
    fit = btyd.BGNBD().fit(calhold)
    true_state = value.world_truth(
        world.truth,
        calibration_end="2025-06-30",
        holdout_end="2025-12-31",
        customer_ids=calhold.index,
    )
    cmp = value.compare_with_truth(fit, true_state)
    assert list(cmp.columns) == ["model", "ci_low", "ci_high", "truth"]
    assert cmp.loc["mean purchase rate", "model"] == pytest.approx(
        cmp.loc["mean purchase rate", "truth"], rel=0.15
    )
    assert ((cmp["ci_low"] < cmp["model"]) & (cmp["model"] < cmp["ci_high"])).all()
    # the moments by hand from the parameters
    r, alpha, a, b = fit.params_
    assert cmp.loc["sd purchase rate", "model"] == pytest.approx(np.sqrt(r) / alpha)
    assert cmp.loc["mean drop-out prob", "model"] == pytest.approx(a / (a + b))
    alive = fit.probability_alive(calhold)
    assert alive.between(0, 1).all()
    assert alive[calhold["frequency"] == 0].eq(1.0).all()  # cannot have dropped out
    assert metrics.auc(true_state["alive"], alive) > 0.75
    pred = fit.expected_purchases(calhold["duration_holdout"].iloc[0], calhold)
    # total predicted hold-out purchases within 15 per cent of the actual total
    assert pred.sum() == pytest.approx(calhold["frequency_holdout"].sum(), rel=0.15)


def test_retention_clv_matches_two_series_by_index():
    # issue 14: two Series used to be paired by position
    margin = pd.Series([100.0, 200.0], index=["a", "b"])
    retention = pd.Series([0.5, 0.8], index=["b", "a"])
    out = value.retention_clv(margin, retention, 0.1)
    # a: 100 * 0.8 / (1.1 - 0.8) = 266.67; b: 200 * 0.5 / (1.1 - 0.5) = 166.67
    assert out.to_dict() == pytest.approx({"a": 800 / 3, "b": 500 / 3})
    assert out.name == "clv"
    with pytest.raises(ValueError, match=r"'margin' and 'retention'.*same index labels"):
        value.retention_clv(margin, retention.rename({"b": "c"}), 0.1)
    # a Series of retention rates with a scalar margin keeps its index too
    only = value.retention_clv(100.0, retention, 0.1)
    assert only.index.tolist() == ["b", "a"]
    with pytest.raises(ValueError, match="'periods'"):
        value.retention_clv(100.0, 0.8, 0.1, periods=10**9)


def test_customer_lifetime_value_bounds_its_horizon(calhold):
    # issue 14: periods=10**6 ran for minutes; the bound is documented (1,200)
    bg = btyd.BGNBD().fit(calhold)
    gg = btyd.GammaGamma().fit(calhold)
    with pytest.raises(ValueError, match=r"'periods'.*1 to 1200"):
        value.customer_lifetime_value(bg, gg, calhold, periods=10**6)
    with pytest.raises(ValueError, match="'periods'"):
        value.customer_lifetime_value(bg, gg, calhold, periods=2.5)
    with pytest.raises(ValueError, match="'period_length'"):
        value.customer_lifetime_value(bg, gg, calhold, period_length=np.inf)
    with pytest.raises(ValueError, match=r"call \.fit"):
        value.customer_lifetime_value(btyd.BGNBD(), gg, calhold)


def test_customer_lifetime_value_is_finite_for_a_heavy_buyer(calhold):
    # issue 15: the NaN expectation of a heavy buyer flowed into the lifetime value
    bg = btyd.BGNBD().fit(calhold)
    gg = btyd.GammaGamma().fit(calhold)
    heavy = pd.DataFrame(
        {"frequency": [580.0], "recency": [103.0], "T": [104.0], "monetary_value": [50.0]}
    )
    out = value.customer_lifetime_value(bg, gg, heavy, periods=80, period_length=13.0)
    assert np.isfinite(out.to_numpy(dtype=float)).all() and out["clv"].iloc[0] > 0


@settings(max_examples=30, deadline=None)
@given(m=st.floats(0, 1e4), r=st.floats(0, 0.99), d=st.floats(0, 1))
def test_retention_clv_series_and_scalars_agree(m, r, d):
    s = value.retention_clv(pd.Series([m], index=["x"]), r, d)
    assert s["x"] == pytest.approx(value.retention_clv(m, r, d))


def test_plot_alive_vs_truth_takes_and_returns_ax(world, calhold):
    _, ax = plt.subplots()
    fit = btyd.BGNBD().fit(calhold)
    true_state = value.world_truth(
        world.truth,
        calibration_end="2025-06-30",
        holdout_end="2025-12-31",
        customer_ids=calhold.index,
    )
    alive = fit.probability_alive(calhold)
    assert value.plot_alive_vs_truth(alive, true_state["alive"], ax=ax) is ax
    assert metrics.auc(true_state["alive"], alive) > 0.75
