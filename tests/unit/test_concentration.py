"""Tests of crmkit.concentration: Pareto table, Lorenz curve, Gini, top share.

Known answers are worked out by hand in the comments next to them. Moved from
tests/unit/test_customers.py when crmkit.customers was split by technique (issue 13).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit.concentration import (
    MAX_BOOT,
    gini,
    lorenz_curve,
    pareto_table,
    plot_lorenz,
    plot_pareto,
    top_share,
    top_share_interval,
)
from tests.unit.chapter2_tables import AMOUNTS

# --------------------------------------------------------------------------------------
# Concentration
# --------------------------------------------------------------------------------------


def test_gini_of_equal_values_is_zero():
    assert gini([5, 5, 5, 5]) == 0.0
    assert gini([7.5]) == 0.0


@pytest.mark.parametrize("n", [2, 4, 10, 101])
def test_gini_of_one_holder(n):
    values = np.zeros(n)
    values[-1] = 42.0
    assert gini(values) == pytest.approx((n - 1) / n)
    assert gini(values, small_sample=True) == pytest.approx(1.0)


def test_gini_hand_example():
    # [1, 2, 3, 4]: sum over ordered pairs of |xi - xj| = 2 x (1+2+3+1+2+1) = 20;
    # G = 20 / (2 x 4^2 x 2.5) = 0.25; with the correction 0.25 x 4 / 3
    assert gini(pd.Series([3, 1, 4, 2])) == pytest.approx(0.25)
    assert gini([1, 2, 3, 4], small_sample=True) == pytest.approx(1 / 3)


def test_lorenz_curve_endpoints_and_shape():
    curve = lorenz_curve(pd.Series([10.0, 0.0, 5.0, 5.0]))
    assert len(curve) == 5
    assert tuple(curve.iloc[0]) == (0.0, 0.0)
    assert tuple(curve.iloc[-1]) == (1.0, 1.0)
    # sorted ascending 0, 5, 5, 10 out of 20
    assert curve["value_share"].tolist() == pytest.approx([0, 0, 0.25, 0.5, 1.0])
    assert curve["share_of_customers"].tolist() == pytest.approx([0, 0.25, 0.5, 0.75, 1.0])


def test_gini_is_twice_the_area_under_the_diagonal_minus_lorenz(rng):
    values = rng.lognormal(size=200)
    curve = lorenz_curve(values)
    x, y = curve["share_of_customers"].to_numpy(), curve["value_share"].to_numpy()
    area = float(np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]) / 2))  # trapezoids
    assert gini(values) == pytest.approx(1 - 2 * area)


def test_top_share_hand_example():
    values = [1, 10, 3, 1, 5]  # sorted: 10, 5, 3, 1, 1; total 20
    assert top_share(values, q=0.2) == pytest.approx(10 / 20)  # top 1 customer
    assert top_share(values, q=0.4) == pytest.approx(15 / 20)  # top 2
    # q = 0.3 -> 1.5 customers: 10 + half of 5
    assert top_share(values, q=0.3) == pytest.approx(12.5 / 20)
    assert top_share(values, q=1.0) == pytest.approx(1.0)


def test_top_share_matches_the_lorenz_curve(rng):
    values = rng.gamma(0.5, size=50)
    curve = lorenz_curve(values)
    # 20% of 50 = 10 customers: 1 - L(0.8)
    expected = 1 - curve.loc[np.isclose(curve["share_of_customers"], 0.8), "value_share"].item()
    assert top_share(values, q=0.2) == pytest.approx(expected)


def test_pareto_table_hand_example():
    t = pareto_table(pd.Series([1.0, 10.0, 4.0, 5.0], index=[101, 102, 103, 104]))
    assert t["customer"].tolist() == [102, 104, 103, 101]
    assert t["rank"].tolist() == [1, 2, 3, 4]
    assert t["cum_value_share"].tolist() == pytest.approx([0.5, 0.75, 0.95, 1.0])
    assert t["cum_share_of_customers"].tolist() == pytest.approx([0.25, 0.5, 0.75, 1.0])
    assert t["share"].sum() == pytest.approx(1.0)


def test_top_share_interval_deterministic_and_contains_estimate(rng):
    values = rng.lognormal(mean=5, sigma=1.2, size=400)
    a = top_share_interval(values, q=0.2, n_boot=500, seed=11)
    b = top_share_interval(values, q=0.2, n_boot=500, seed=11)
    c = top_share_interval(values, q=0.2, n_boot=500, seed=12)
    pd.testing.assert_series_equal(a, b)
    assert a["lower"] != c["lower"] or a["upper"] != c["upper"]
    assert a["estimate"] == pytest.approx(top_share(values, 0.2))
    assert a["lower"] <= a["estimate"] <= a["upper"]
    assert 0 < a["upper"] - a["lower"] < 0.2
    assert a["std_error"] > 0
    # a generator is used as given, and a wider ci gives a wider interval
    wide = top_share_interval(values, n_boot=500, ci=0.99, seed=11)
    assert wide["upper"] - wide["lower"] >= a["upper"] - a["lower"]
    gen = top_share_interval(values, n_boot=500, seed=np.random.default_rng(11))
    pd.testing.assert_series_equal(gen, a)


def test_top_share_interval_on_a_large_input(rng):
    # large inputs are resampled in chunks; still deterministic and around the estimate
    values = rng.lognormal(size=3000)
    res = top_share_interval(values, n_boot=200, seed=3)
    pd.testing.assert_series_equal(res, top_share_interval(values, n_boot=200, seed=3))
    assert res["lower"] < res["estimate"] < res["upper"]


@pytest.mark.parametrize(
    ("func", "values", "kwargs", "error", "match"),
    [
        (gini, [], {}, ValueError, "empty"),
        (gini, [1, -2, 3], {}, ValueError, "non-negative"),
        (gini, [1, np.nan], {}, ValueError, "missing"),
        (gini, [1, np.inf], {}, ValueError, "missing or infinite"),
        (gini, [0, 0, 0], {}, ValueError, "positive total"),
        (gini, ["a", "b"], {}, TypeError, "numbers"),
        (gini, [True, False], {}, TypeError, "numbers"),
        (gini, "123", {}, TypeError, "Series"),
        (gini, 5, {}, TypeError, "Series"),
        (gini, pd.DataFrame({"a": [1]}), {}, TypeError, "DataFrame"),
        (gini, np.ones((2, 2)), {}, ValueError, "one-dimensional"),
        (gini, [5], {"small_sample": True}, ValueError, "at least two"),
        (gini, [1, 2], {"small_sample": "yes"}, TypeError, "small_sample"),
        (lorenz_curve, [0.0], {}, ValueError, "positive total"),
        (lorenz_curve, [-1.0, 2.0], {}, ValueError, "non-negative"),
        (pareto_table, [], {}, ValueError, "empty"),
        (top_share, [1, 2], {"q": 0}, ValueError, "'q'"),
        (top_share, [1, 2], {"q": 1.5}, ValueError, "'q'"),
        (top_share, [1, 2], {"q": -0.2}, ValueError, "'q'"),
        (top_share, [1, 2], {"q": "0.2"}, TypeError, "'q'"),
        (top_share, [1, 2], {"q": np.nan}, TypeError, "'q'"),
        (top_share_interval, [1, 2], {"n_boot": 10}, ValueError, "'n_boot'"),
        (top_share_interval, [1, 2], {"n_boot": 100.0}, TypeError, "'n_boot'"),
        (top_share_interval, [1, 2], {"ci": 1.0}, ValueError, "'ci'"),
        (top_share_interval, [1, 2], {"ci": 0}, ValueError, "'ci'"),
        (top_share_interval, [1, 2], {"seed": -1}, ValueError, "'seed'"),
        (top_share_interval, [1, 2], {"seed": 1.5}, ValueError, "'seed'"),
        (top_share_interval, [1, 2], {"q": 2}, ValueError, "'q'"),
        (top_share_interval, [0, 0], {}, ValueError, "positive total"),
    ],
)
def test_concentration_bad_input(func, values, kwargs, error, match):
    with pytest.raises(error, match=match):
        func(values, **kwargs)


@settings(max_examples=200, deadline=None)
@given(AMOUNTS)
def test_gini_is_in_unit_interval(values):
    g = gini(values)
    assert 0.0 <= g < 1.0
    assert g <= (len(values) - 1) / len(values) + 1e-9


@settings(max_examples=100, deadline=None)
@given(AMOUNTS, st.floats(min_value=1e-3, max_value=1e3))
def test_gini_is_scale_invariant(values, scale):
    assert gini([v * scale for v in values]) == pytest.approx(gini(values), abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(AMOUNTS, st.randoms(use_true_random=False))
def test_gini_and_top_share_are_permutation_invariant(values, random):
    shuffled = list(values)
    random.shuffle(shuffled)
    assert gini(shuffled) == pytest.approx(gini(values), abs=1e-12)
    assert top_share(shuffled, 0.2) == pytest.approx(top_share(values, 0.2), abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(AMOUNTS, st.floats(min_value=0.01, max_value=1.0))
def test_top_share_is_at_least_q(values, q):
    # the top q of customers can never hold less than a share q of the total
    assert top_share(values, q) >= q - 1e-9


@settings(max_examples=100, deadline=None)
@given(AMOUNTS)
def test_lorenz_curve_is_monotone_convex_and_below_diagonal(values):
    curve = lorenz_curve(values)
    x, y = curve["share_of_customers"].to_numpy(), curve["value_share"].to_numpy()
    assert (x[0], y[0], x[-1], y[-1]) == (0.0, 0.0, 1.0, 1.0)
    assert np.all(np.diff(y) >= -1e-12)
    assert np.all(y <= x + 1e-9)


# --------------------------------------------------------------------------------------
# Plots
# --------------------------------------------------------------------------------------


def test_plots_return_their_ax(rng):
    values = pd.Series(rng.lognormal(size=80))
    fig, axes = plt.subplots(1, 2)
    assert plot_pareto(values, ax=axes[0]) is axes[0]
    assert plot_lorenz(values, ax=axes[1], label="2025") is axes[1]
    plot_lorenz(values * rng.random(80), ax=axes[1], label="2024")
    labels = [t.get_text() for t in axes[1].get_legend().get_texts()]
    assert labels.count("equality") == 1 and len(labels) == 3
    plt.close(fig)


def test_plots_make_their_own_ax():
    ax = plot_pareto([5, 3, 1, 1])  # few customers: bars
    assert isinstance(ax, plt.Axes)
    assert len(ax.patches) == 4
    assert isinstance(plot_lorenz([1, 2, 3]), plt.Axes)
    plt.close("all")


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: plot_pareto([1, 2], ax="left"), TypeError, "'ax'"),
        (lambda: plot_pareto([1, -2]), ValueError, "non-negative"),
        (lambda: plot_pareto([1, 2], q=0), ValueError, "'q'"),
        (lambda: plot_lorenz([]), ValueError, "empty"),
    ],
)
def test_plots_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --------------------------------------------------------------------------------------
# Issue 14: size parameters are bounded
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("n_boot", [MAX_BOOT + 1, 10**9])
def test_top_share_interval_bounds_n_boot(n_boot):
    # before, n_boot=10**9 allocated 7.45 GiB and ran for hours; the bound is documented
    with pytest.raises(ValueError, match=rf"'n_boot'.*from 100 to {MAX_BOOT}"):
        top_share_interval([1.0, 2.0, 3.0], n_boot=n_boot)
    assert str(MAX_BOOT) in top_share_interval.__doc__.replace(",", "")


def test_top_share_interval_accepts_the_bound_and_a_generator():
    res = top_share_interval([1.0, 2.0, 3.0, 10.0], n_boot=MAX_BOOT, seed=1)
    assert res["n_boot"] == MAX_BOOT
    a = top_share_interval([1.0, 2.0, 3.0, 10.0], n_boot=200, seed=np.random.default_rng(5))
    b = top_share_interval([1.0, 2.0, 3.0, 10.0], n_boot=200, seed=5)
    pd.testing.assert_series_equal(a, b)


@pytest.mark.parametrize("func", [gini, lorenz_curve, pareto_table, top_share])
def test_an_overflowing_total_is_an_error_not_nan(func):
    # 1e308 + 1e308 overflows: the Gini was returned as NaN without a word
    with pytest.raises(ValueError, match="finite total"):
        func([1e308, 1e308])
