"""Tests for crmkit.btyd.bgnbd: the BG/NBD model.

Expected numbers come from the paper (Fader, Hardie & Lee 2005a, as reproduced by the
*lifetimes* package from its copy of CDNOW), from *lifetimes* itself, from a direct sum
of the hypergeometric series, or are the known truth of a simulated world.
"""

from __future__ import annotations

import warnings

import clv_data
import numpy as np
import pandas as pd
import pytest
from clv_data import lifetimes, needs_cdnow, simulate_bgnbd
from hypothesis import given, settings
from hypothesis import strategies as st

import crmkit
from crmkit import btyd


@pytest.fixture(scope="module")
def cdnow_summary() -> pd.DataFrame:
    return clv_data.cdnow_summary()


@pytest.fixture(scope="module")
def fitted_cdnow(cdnow_summary) -> btyd.BGNBD:
    return btyd.BGNBD().fit(cdnow_summary)


@needs_cdnow
def test_bgnbd_recovers_published_cdnow_estimates(fitted_cdnow):
    # Fader, Hardie & Lee (2005a), table on the 2357-customer CDNOW sample (weeks):
    # r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, log-likelihood -9582.4
    est = fitted_cdnow.params_
    assert est["r"] == pytest.approx(0.243, abs=0.001)
    assert est["alpha"] == pytest.approx(4.414, abs=0.002)
    assert est["a"] == pytest.approx(0.793, abs=0.001)
    assert est["b"] == pytest.approx(2.426, abs=0.002)
    assert fitted_cdnow.log_likelihood_ == pytest.approx(-9582.4, abs=0.1)


@needs_cdnow
def test_bgnbd_predictions_match_lifetimes(fitted_cdnow, cdnow_summary):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lifetimes' import warns under pandas 3
        from lifetimes import BetaGeoFitter
    reference = BetaGeoFitter()
    reference.params_ = pd.Series(fitted_cdnow.params_.to_dict())
    f, r, t = cdnow_summary["frequency"], cdnow_summary["recency"], cdnow_summary["T"]
    expected = reference.conditional_expected_number_of_purchases_up_to_time(39, f, r, t)
    alive = reference.conditional_probability_alive(f, r, t)
    np.testing.assert_allclose(
        fitted_cdnow.expected_purchases(39, cdnow_summary).to_numpy(), expected, rtol=1e-8
    )
    np.testing.assert_allclose(
        fitted_cdnow.probability_alive(cdnow_summary).to_numpy(), alive, rtol=1e-8
    )
    new = reference.expected_number_of_purchases_up_to_time(39)
    assert fitted_cdnow.expected_purchases_new(39) == pytest.approx(float(new), rel=1e-8)


def test_bgnbd_recovers_a_worlds_true_parameters():
    # With no loyalty effects and one base rate for both customer types, the world's
    # purchase rates are exactly gamma(shape 1.5, mean 3 per year) and its drop-out
    # probabilities beta(0.15 * 8, 0.85 * 8): r = 1.5, alpha = 1.5 / 3 per year
    # = 26.09 per week, a / (a + b) = 0.15.
    w = crmkit.make_world(
        3000,
        seed=1,
        rate_loyalty_effect=0.0,
        base_purchase_rate={"consumer": 3.0, "business": 3.0},
        base_dropout_prob={"consumer": 0.15, "business": 0.15},
        dropout_loyalty_effect=0.0,
        satisfaction_slope=0.0,
    )
    tx = w.transactions
    summary = btyd.calibration_holdout(
        tx[tx["revenue"] > 0], calibration_end="2025-06-30", holdout_end="2025-12-31"
    )
    fit = btyd.BGNBD().fit(summary)
    table = fit.parameters()["estimate"]
    assert table["r"] == pytest.approx(1.5, rel=0.2)
    assert table["alpha"] == pytest.approx(1.5 / 3 * 365.25 / 7, rel=0.2)
    assert table["mean_rate"] == pytest.approx(3 * 7 / 365.25, rel=0.05)
    assert table["mean_dropout"] == pytest.approx(0.15, abs=0.04)


@settings(max_examples=50, deadline=None)
@given(
    x=st.integers(0, 40),
    tx=st.floats(0.0, 1.0),
    big_t=st.floats(0.5, 200.0),
    t=st.floats(0.1, 100.0),
)
def test_bgnbd_properties(fitted_cdnow, x, tx, big_t, t):
    recency = 0.0 if x == 0 else tx * big_t
    one = pd.DataFrame({"frequency": [float(x)], "recency": [recency], "T": [big_t]})
    p = fitted_cdnow.probability_alive(one).iloc[0]
    assert 0.0 <= p <= 1.0
    e1 = fitted_cdnow.expected_purchases(t, one).iloc[0]
    e2 = fitted_cdnow.expected_purchases(2 * t, one).iloc[0]
    assert 0.0 <= e1 <= e2 + 1e-12  # more time, at least as many purchases


def test_bgnbd_more_recent_is_more_alive(fitted_cdnow):
    one = pd.DataFrame({"frequency": [3.0, 3.0], "recency": [10.0, 30.0], "T": [39.0, 39.0]})
    alive = fitted_cdnow.probability_alive(one)
    assert alive.iloc[1] > alive.iloc[0]


def test_bgnbd_bad_inputs(cdnow_summary):
    model = btyd.BGNBD()
    assert "not fitted" in repr(model)
    with pytest.raises(ValueError, match="fit"):
        model.probability_alive(cdnow_summary)
    bad = cdnow_summary.head(5).copy()
    with pytest.raises(ValueError, match="recency larger than T"):
        model.fit(bad.assign(recency=bad["T"] + 1))
    with pytest.raises(ValueError, match="whole numbers"):
        model.fit(bad.assign(frequency=0.5))
    with pytest.raises(ValueError, match="recency must be 0"):
        model.fit(bad.assign(frequency=0.0, recency=1.0))
    with pytest.raises(ValueError, match="0 or more"):
        model.fit(bad.assign(T=-1.0))
    with pytest.raises(ValueError, match="missing"):
        model.fit(bad.assign(T=np.nan))
    with pytest.raises(TypeError, match="numeric"):
        model.fit(bad.assign(T="long"))
    with pytest.raises(ValueError, match="no column"):
        model.fit(bad.rename(columns={"T": "age"}))
    with pytest.raises(ValueError, match="at least one customer with a repeat purchase"):
        model.fit(bad.assign(frequency=0.0, recency=0.0))
    fitted = btyd.BGNBD().fit(cdnow_summary)
    with pytest.raises(ValueError, match="'t'"):
        fitted.expected_purchases(-1, bad)


@needs_cdnow
def test_bgnbd_standard_errors_match_lifetimes(fitted_cdnow, cdnow_summary):
    # lifetimes takes the Hessian by automatic differentiation, crmkit numerically
    ref = (
        lifetimes()
        .BetaGeoFitter()
        .fit(cdnow_summary["frequency"], cdnow_summary["recency"], cdnow_summary["T"])
    )
    table = fitted_cdnow.parameters()
    for name in ["r", "alpha", "a", "b"]:
        assert table.loc[name, "std_error"] == pytest.approx(ref.standard_errors_[name], rel=2e-3)
    # CDNOW, as lifetimes prints it: se(r) 0.0126, se(alpha) 0.378, se(a) 0.186, se(b) 0.705
    assert table["std_error"].round(3).loc[["r", "alpha", "a", "b"]].tolist() == [
        0.013,
        0.378,
        0.186,
        0.705,
    ]
    cov = fitted_cdnow.covariance_
    assert np.sqrt(np.diag(cov)) == pytest.approx(table["std_error"].iloc[:4].to_numpy())
    assert (cov.to_numpy() == cov.to_numpy().T).all()


def test_intervals_are_on_the_right_side_and_in_range(fitted_cdnow):
    table = fitted_cdnow.parameters()
    assert list(table.columns) == ["estimate", "std_error", "ci_low", "ci_high", "meaning"]
    assert (table["ci_low"] > 0).all()
    assert (table["ci_low"] < table["estimate"]).all()
    assert (table["estimate"] < table["ci_high"]).all()
    assert table.loc["mean_dropout", "ci_high"] < 1
    # symmetric on the log scale: the estimate is the geometric mean of the two ends
    r = table.loc["r"]
    assert np.sqrt(r["ci_low"] * r["ci_high"]) == pytest.approx(r["estimate"])
    # and the log-scale half-width is 1.96 standard errors of log r (= se / r)
    half = np.log(r["ci_high"] / r["estimate"])
    assert half == pytest.approx(1.959964 * r["std_error"] / r["estimate"], rel=1e-6)


def test_standard_errors_are_the_spread_of_repeated_estimates():
    # 12 worlds drawn from one known BG/NBD: the standard errors should match how much
    # the estimates vary between them, and the intervals should hold the truth ~95% of
    # the time (here: at least 10 times in 12 for every parameter).
    truth = pd.Series({"r": 0.5, "alpha": 5.0, "a": 0.8, "b": 2.5})
    tables = [
        btyd.BGNBD().fit(simulate_bgnbd(1500, seed=k, **truth)).parameters().loc[truth.index]
        for k in range(12)
    ]
    estimates = pd.DataFrame([t["estimate"] for t in tables])
    mean_se = pd.DataFrame([t["std_error"] for t in tables]).mean()
    ratio = mean_se / estimates.std()
    assert ratio.between(0.7, 1.4).all(), ratio
    covered = sum(((t["ci_low"] <= truth) & (truth <= t["ci_high"])).astype(int) for t in tables)
    assert (covered >= 10).all(), covered
    # and the estimates are centred on the truth (within 2 standard errors of the mean)
    assert ((estimates.mean() - truth).abs() < 2 * mean_se / np.sqrt(12)).all()


def _series_bracket(r, alpha, a, b, x, t, big_t, terms=200_000):
    """1 - ((alpha + T) / (alpha + T + t))**(r + x) 2F1(r + x, b + x; a + b + x - 1; z) by
    summing Euler's transformed series term by term (terms of one sign: no cancellation)."""
    z = t / (alpha + big_t + t)
    c = a + b + x - 1
    k = np.arange(terms, dtype=float)
    ratio = (c - r - x + k) * (a - 1 + k) / ((c + k) * (k + 1)) * z
    series = 1.0 + np.cumprod(ratio).sum()
    return 1.0 - (1 - z) ** (a - 1) * series


def test_a_heavy_buyer_gets_a_finite_expectation(fitted_cdnow):
    # issue 15: 580 repeat purchases in 104 weeks gave NaN for long horizons (and 3,000
    # for every horizon), which then flowed into the lifetime value
    r, alpha, a, b = fitted_cdnow.params_
    heavy = pd.DataFrame(
        {"frequency": [580.0, 3000.0], "recency": [103.0, 103.9], "T": [104.0] * 2}
    )
    alive = fitted_cdnow.probability_alive(heavy)
    previous = np.zeros(2)
    for t in [39.0, 104.0, 1000.0, 1e5]:
        got = fitted_cdnow.expected_purchases(t, heavy)
        assert np.isfinite(got).all() and (got >= previous).all()
        previous = got.to_numpy()
        for i, x in enumerate([580.0, 3000.0]):
            bracket = _series_bracket(r, alpha, a, b, x, t, 104.0)
            by_hand = (a + b + x - 1) / (a - 1) * bracket * alive.iloc[i]
            assert got.iloc[i] == pytest.approx(by_hand, rel=1e-9)
    # the heavy buyer is expected to keep buying at about 5.6 a week while alive
    assert fitted_cdnow.expected_purchases(39.0, heavy.iloc[:1]).iloc[0] == pytest.approx(
        _series_bracket(r, alpha, a, b, 580.0, 39.0, 104.0)
        * (a + b + 579)
        / (a - 1)
        * alive.iloc[0]
    )


def test_long_horizons_for_a_new_customer(fitted_cdnow):
    values = [fitted_cdnow.expected_purchases_new(t) for t in [0.0, 39.0, 1e4, 1e8]]
    assert values[0] == 0.0
    assert np.isfinite(values).all() and np.all(np.diff(values) > 0)


@needs_cdnow
def test_infinite_values_are_refused(fitted_cdnow, cdnow_summary):
    # issue 15: an infinite T used to give alpha = inf (fit) and P(alive) = 1
    bad = cdnow_summary.head(20).copy()
    bad.iloc[3, bad.columns.get_loc("T")] = np.inf
    with pytest.raises(ValueError, match=r"'T'.*finite"):
        btyd.BGNBD().fit(bad)
    with pytest.raises(ValueError, match=r"'T'.*finite"):
        fitted_cdnow.probability_alive(bad)
    with pytest.raises(ValueError, match=r"'frequency'.*finite"):
        fitted_cdnow.expected_purchases(10, bad.assign(frequency=np.inf))
    with pytest.raises(ValueError, match="'t'"):
        fitted_cdnow.expected_purchases(np.inf, bad.head(2))
    with pytest.raises(ValueError, match="'t'"):
        fitted_cdnow.expected_purchases_new(-1.0)


@needs_cdnow
def test_fit_matches_lifetimes_to_1e4_and_reports_aic_bic(fitted_cdnow, cdnow_summary):
    s = cdnow_summary
    ref = lifetimes().BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
    for name in ["r", "alpha", "a", "b"]:
        assert fitted_cdnow.params_[name] == pytest.approx(ref.params_[name], rel=1e-4)
    k, n, ll = 4, len(s), fitted_cdnow.log_likelihood_
    assert fitted_cdnow.aic == pytest.approx(2 * k - 2 * ll)
    assert fitted_cdnow.bic == pytest.approx(k * np.log(n) - 2 * ll)
    # the likelihood is summed over 2,357 customers but evaluated on fewer histories
    assert fitted_cdnow.n_customers_ == 2357 and fitted_cdnow.n_histories_ < 2357


@settings(max_examples=60, deadline=None)
@given(
    x=st.integers(0, 5000),
    share=st.floats(0.0, 1.0),
    big_t=st.floats(0.1, 500.0),
    t=st.floats(0.0, 1e5),
)
def test_predictions_are_finite_for_any_valid_history(fitted_cdnow, x, share, big_t, t):
    one = pd.DataFrame(
        {"frequency": [float(x)], "recency": [0.0 if x == 0 else share * big_t], "T": [big_t]}
    )
    assert np.isfinite(fitted_cdnow.probability_alive(one)).all()
    value = fitted_cdnow.expected_purchases(t, one).iloc[0]
    assert np.isfinite(value) and value >= 0


def test_a_simulated_world_of_200_customers_converges():
    data = simulate_bgnbd(200, r=0.5, alpha=5.0, a=0.8, b=2.5, seed=3)
    fit = btyd.BGNBD().fit(data)
    assert fit.n_iterations_ < 200
    assert fit.params_.gt(0).all()
