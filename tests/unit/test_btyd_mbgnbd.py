"""Tests for crmkit.btyd.mbgnbd: the MBG/NBD model.

Expected numbers come from *lifetimes*' ModifiedBetaGeoFitter on its copy of the CDNOW
sample (Batislam et al. fitted Turkish grocery data, which is not public, so there is
no published CDNOW fit to compare with), from the hypergeometric series summed in
40-digit arithmetic, or from the model's own limits.
"""

from __future__ import annotations

import clv_data
import mpmath
import numpy as np
import pandas as pd
import pytest
from clv_data import lifetimes, needs_cdnow, simulate_bgnbd
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit import btyd
from crmkit.btyd.base import BTYDFitter


@pytest.fixture(scope="module")
def cdnow_summary() -> pd.DataFrame:
    return clv_data.cdnow_summary()


@pytest.fixture(scope="module")
def fitted(cdnow_summary) -> btyd.MBGNBD:
    return btyd.MBGNBD().fit(cdnow_summary)


@needs_cdnow
def test_mbgnbd_matches_lifetimes(fitted, cdnow_summary):
    s = cdnow_summary
    f, r, t = s["frequency"], s["recency"], s["T"]
    ref = lifetimes().ModifiedBetaGeoFitter().fit(f, r, t)
    for name in ["r", "alpha", "a", "b"]:
        assert fitted.params_[name] == pytest.approx(ref.params_[name], rel=1e-4)
        assert fitted.parameters().loc[name, "std_error"] == pytest.approx(
            ref.standard_errors_[name], rel=5e-3
        )
    # lifetimes on CDNOW: r = 0.525, alpha = 6.183, a = 0.891, b = 1.614
    assert fitted.params_.round(3).tolist() == [0.525, 6.183, 0.891, 1.614]
    ref.params_ = pd.Series(fitted.params_.to_dict())
    for horizon in [1.0, 39.0, 104.0]:
        np.testing.assert_allclose(
            fitted.expected_purchases(horizon, s).to_numpy(),
            ref.conditional_expected_number_of_purchases_up_to_time(horizon, f, r, t),
            rtol=1e-6,
        )
        assert fitted.expected_purchases_new(horizon) == pytest.approx(
            float(ref.expected_number_of_purchases_up_to_time(horizon)), rel=1e-6
        )
    np.testing.assert_allclose(
        fitted.probability_alive(s).to_numpy(),
        ref.conditional_probability_alive(f, r, t),
        rtol=1e-6,
    )


@needs_cdnow
def test_interface_is_the_bgnbd_one(fitted, cdnow_summary):
    bg = btyd.BGNBD().fit(cdnow_summary)
    for model in (bg, fitted):
        table = model.parameters()
        assert list(table.index) == ["r", "alpha", "a", "b", "mean_rate", "mean_dropout"]
        assert model.aic == pytest.approx(8 - 2 * model.log_likelihood_)
    # the two models fit CDNOW almost equally well (-9582.1 and -9582.4)
    assert fitted.log_likelihood_ == pytest.approx(-9582.13, abs=0.01)
    assert abs(fitted.bic - bg.bic) < 1
    # unlike BG/NBD, a customer without repeat purchases may have left
    none = pd.DataFrame({"frequency": [0.0], "recency": [0.0], "T": [39.0]})
    assert bg.probability_alive(none).iloc[0] == 1.0
    r, alpha, a, b = fitted.params_
    expected = 1 / (1 + a / b * ((alpha + 39) / alpha) ** r)
    assert fitted.probability_alive(none).iloc[0] == pytest.approx(expected, rel=1e-12)


def test_analytic_gradient_matches_finite_differences():
    data = simulate_bgnbd(300, r=0.5, alpha=5.0, a=0.8, b=2.5, seed=4)
    arrays = {c: data[c].to_numpy() for c in ["frequency", "recency", "T"]}
    model = btyd.MBGNBD()
    params = np.array([0.6, 4.0, 0.9, 2.0])
    _, grad = model._loglik_grad(params, arrays)
    _, numeric = BTYDFitter._loglik_grad(model, params, arrays)
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-7)


def _series_expectation(params, x, tx, big_t, t):
    """E[Y(t) | x, t_x, T] from the direct 2F1 in 40 digits (Wagner & Hoppe's form)."""
    mpmath.mp.dps = 40
    r, alpha, a, b = (mpmath.mpf(float(v)) for v in params)
    x, tx, big_t, t = (mpmath.mpf(v) for v in (x, tx, big_t, t))
    z = t / (alpha + big_t + t)
    hyp = mpmath.hyp2f1(r + x, b + x + 1, a + b + x, z, maxterms=10**6)
    bracket = 1 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x) * hyp
    alive = 1 / (1 + a / (b + x) * ((alpha + big_t) / (alpha + tx)) ** (r + x))
    return float((a + b + x) / (a - 1) * bracket * alive)


@needs_cdnow
def test_heavy_buyers_and_long_horizons(fitted):
    heavy = pd.DataFrame(
        {"frequency": [580.0, 3000.0], "recency": [103.0, 103.9], "T": [104.0, 104.0]}
    )
    previous = np.zeros(2)
    for t in [39.0, 1000.0, 1e5]:
        got = fitted.expected_purchases(t, heavy)
        assert np.isfinite(got).all() and (got.to_numpy() >= previous).all()
        previous = got.to_numpy()
    for x, tx in [(580.0, 103.0), (3000.0, 103.9)]:
        one = pd.DataFrame({"frequency": [x], "recency": [tx], "T": [104.0]})
        want = _series_expectation(fitted.params_, x, tx, 104.0, 39.0)
        assert fitted.expected_purchases(39.0, one).iloc[0] == pytest.approx(want, rel=1e-9)
    values = [fitted.expected_purchases_new(t) for t in [0.0, 39.0, 1e4, 1e8]]
    assert values[0] == 0.0 and np.isfinite(values).all() and np.all(np.diff(values) > 0)


@settings(max_examples=40, deadline=None)
@given(
    x=st.integers(0, 5000),
    share=st.floats(0.0, 1.0),
    big_t=st.floats(0.1, 500.0),
    t=st.floats(0.0, 1e5),
)
def test_predictions_are_finite_for_any_valid_history(fitted, x, share, big_t, t):
    one = pd.DataFrame(
        {"frequency": [float(x)], "recency": [0.0 if x == 0 else share * big_t], "T": [big_t]}
    )
    assert fitted.probability_alive(one).between(0, 1).all()
    value = fitted.expected_purchases(t, one).iloc[0]
    assert np.isfinite(value) and value >= 0


@pytest.mark.parametrize(
    ("column", "value", "match"),
    [
        ("T", np.inf, r"'T'.*finite"),
        ("recency", np.inf, r"'recency'.*finite"),
        ("frequency", np.nan, r"'frequency'.*missing"),
        ("frequency", 1.5, r"'frequency'.*whole numbers"),
        ("recency", -1.0, r"'recency'.*0 or more"),
    ],
)
def test_bad_input_names_the_column(column, value, match):
    data = simulate_bgnbd(60, r=0.5, alpha=5.0, a=0.8, b=2.5, seed=1)
    data.loc[3, column] = value
    with pytest.raises(ValueError, match=match):
        btyd.MBGNBD().fit(data)


def test_recency_above_t_unfitted_and_bad_horizon():
    data = simulate_bgnbd(60, r=0.5, alpha=5.0, a=0.8, b=2.5, seed=1)
    with pytest.raises(ValueError, match="recency larger than T"):
        btyd.MBGNBD().fit(data.assign(frequency=2.0, recency=data["T"] + 1))
    with pytest.raises(ValueError, match="fit"):
        btyd.MBGNBD().expected_purchases(1.0, data)
    fit = btyd.MBGNBD().fit(data)
    with pytest.raises(ValueError, match="'t'"):
        fit.expected_purchases(np.inf, data)
    with pytest.raises(ValueError, match="'t'"):
        fit.expected_purchases_new(-1.0)


def test_nobody_dropping_out_raises_convergence_error():
    rng = np.random.default_rng(0)
    x = rng.poisson(10, 500).astype(float)
    tx = np.where(x > 0, 52 - rng.exponential(0.5, 500).clip(0, 5), 0.0)
    data = pd.DataFrame({"frequency": x, "recency": tx, "T": np.full(500, 52.0)})
    with pytest.raises(btyd.ConvergenceError, match="ran off"):
        btyd.MBGNBD().fit(data)


def test_the_fast_weighted_sums_equal_the_per_history_form():
    from crmkit.btyd.histories import compress

    data = simulate_bgnbd(400, r=0.5, alpha=5.0, a=0.8, b=2.5, seed=4)
    arrays = {c: data[c].round(1).to_numpy() for c in ["frequency", "recency", "T"]}
    unique, weights = compress(arrays)
    model = btyd.MBGNBD()
    model._cache = {}
    for params in [np.array([0.6, 4.0, 0.9, 2.0]), np.array([2.0, 0.5, 0.3, 7.0])]:
        fast, fast_grad = model._weighted_loglik_grad(params, unique, weights)
        slow, slow_grad = BTYDFitter._weighted_loglik_grad(model, params, unique, weights)
        assert fast == pytest.approx(slow, rel=1e-12)
        np.testing.assert_allclose(fast_grad, slow_grad, rtol=1e-9, atol=1e-9)
