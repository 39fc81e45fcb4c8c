"""Tests for crmkit.btyd.bgbb: the BG/BB model of discrete opportunities.

Expected numbers come from Fader, Hardie & Shang (2010): the donations data of a
non-profit (11,104 first-time donors of 1995, six yearly opportunities 1996-2001, as
*lifetimes* ships them), their published estimates, and from *lifetimes*'
BetaGeoBetaBinomFitter.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from clv_data import CDNOW, lifetimes, needs_cdnow

from crmkit import btyd
from crmkit.btyd.base import BTYDFitter


@pytest.fixture(scope="module")
def donations() -> pd.DataFrame:
    if CDNOW is None:
        pytest.skip("lifetimes (which ships the donations data) is not installed")
    return pd.read_csv(CDNOW.parent / "donations.csv")


@pytest.fixture(scope="module")
def fitted(donations) -> btyd.BGBB:
    return btyd.BGBB().fit(donations, T_col="periods", count_col="weights")


@needs_cdnow
def test_bgbb_recovers_the_published_donations_estimates(fitted, donations):
    # Fader, Hardie & Shang (2010), table 2: alpha = 1.204, beta = 0.750, gamma = 0.657,
    # delta = 2.783, log-likelihood -33,225.6
    assert fitted.params_.round(3).tolist() == [1.204, 0.750, 0.657, 2.783]
    assert fitted.log_likelihood_ == pytest.approx(-33225.6, abs=0.05)
    assert fitted.n_customers_ == donations["weights"].sum() == 11104
    assert fitted.n_histories_ == 22


@needs_cdnow
def test_bgbb_matches_lifetimes(fitted, donations):
    d = donations
    f, r, n = d["frequency"], d["recency"], d["periods"]
    ref = lifetimes().BetaGeoBetaBinomFitter().fit(f, r, n, weights=d["weights"])
    table = fitted.parameters()
    for name in ["alpha", "beta", "gamma", "delta"]:
        assert fitted.params_[name] == pytest.approx(ref.params_[name], rel=1e-4)
        assert table.loc[name, "std_error"] == pytest.approx(ref.standard_errors_[name], rel=2e-3)
    ref.params_ = pd.Series(fitted.params_.to_dict())
    for horizon in [1, 5, 50]:
        np.testing.assert_allclose(
            fitted.expected_purchases(horizon, d, T_col="periods").to_numpy(),
            ref.conditional_expected_number_of_purchases_up_to_time(horizon, f, r, n),
            rtol=1e-6,
        )
    for ahead in [0, 1, 10]:
        np.testing.assert_allclose(
            fitted.probability_alive(d, T_col="periods", periods_ahead=ahead).to_numpy(),
            ref.conditional_probability_alive(ahead, f, r, n),
            rtol=1e-6,
        )


@needs_cdnow
def test_expected_purchases_of_a_new_customer(fitted, donations):
    # equation 8 against the distribution of X(n) (equation 7, via lifetimes)
    ref = lifetimes().BetaGeoBetaBinomFitter().fit(
        donations["frequency"], donations["recency"], donations["periods"],
        weights=donations["weights"],
    )  # fmt: skip
    ref.params_ = pd.Series(fitted.params_.to_dict())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dist = ref.expected_number_of_transactions_in_first_n_periods(6)["model"]
    mean = float((dist.index * dist).sum() / dist.sum())
    assert fitted.expected_purchases_new(6) == pytest.approx(mean, rel=1e-6)
    values = [fitted.expected_purchases_new(t) for t in [0, 6, 100, 10**6]]
    assert values[0] == 0.0 and np.all(np.diff(values) > 0) and np.isfinite(values).all()
    # the limit in t: alpha / (alpha + beta) * delta / (gamma - 1) when gamma > 1, else
    # growing without bound; here gamma < 1
    assert values[-1] > 10


def test_analytic_gradient_matches_finite_differences():
    data = {
        "frequency": np.array([0, 1, 2, 3, 6, 10, 1.0]),
        "recency": np.array([0, 1, 5, 3, 6, 12, 9.0]),
        "T": np.array([6, 6, 6, 8, 6, 12, 12.0]),
    }
    model = btyd.BGBB()
    params = np.array([1.1, 0.8, 0.7, 2.5])
    _, grad = model._loglik_grad(params, data)
    _, numeric = BTYDFitter._loglik_grad(model, params, data)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)


def test_a_gamma_of_one_uses_the_limit():
    from crmkit.btyd.bgbb import _ratio_bracket

    near = _ratio_bracket(1.0 + 1e-7, 2.0, np.array([3.0]), 5)
    at = _ratio_bracket(1.0, 2.0, np.array([3.0]), 5)
    assert at[0] == pytest.approx(near[0], rel=1e-6)


@needs_cdnow
def test_long_histories_and_horizons_stay_finite(fitted):
    long = pd.DataFrame(
        {"frequency": [0.0, 500.0, 1000.0], "recency": [0.0, 900.0, 1000.0], "T": [1000.0] * 3}
    )
    alive = fitted.probability_alive(long)
    assert alive.between(0, 1).all()
    for horizon in [1, 1000, 10**6]:
        got = fitted.expected_purchases(horizon, long)
        assert np.isfinite(got).all() and (got >= 0).all()


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"periods": np.inf}, r"'periods'.*finite"),
        ({"frequency": np.nan}, r"'frequency'.*missing"),
        ({"recency": -1.0}, r"'recency'.*0 or more"),
        ({"periods": 5.5}, r"'periods'.*whole numbers of opportunities"),
        ({"recency": 2.5}, r"'recency'.*whole numbers of opportunities"),
        ({"frequency": 4.0, "recency": 3.0}, r"'frequency'.*at most the recency"),
        ({"recency": 7.0, "frequency": 1.0}, "recency larger than T"),
    ],
)
def test_bad_input_names_the_column(donations, change, match):
    bad = donations.astype(float)
    for column, value in change.items():
        bad.loc[5, column] = value
    with pytest.raises(ValueError, match=match):
        btyd.BGBB().fit(bad, T_col="periods", count_col="weights")


@needs_cdnow
def test_bad_horizons_and_unfitted(fitted, donations):
    with pytest.raises(ValueError, match="fit"):
        btyd.BGBB().probability_alive(donations, T_col="periods")
    for bad in [-1, 2.5, np.inf, True]:
        with pytest.raises(ValueError, match=r"'t'.*whole number"):
            fitted.expected_purchases(bad, donations, T_col="periods")
    with pytest.raises(ValueError, match="'periods_ahead'"):
        fitted.probability_alive(donations, T_col="periods", periods_ahead=-1)
    with pytest.raises(ValueError, match=r"'recency'.*whole"):
        fitted.probability_alive(donations.assign(recency=5.5, frequency=1.0), T_col="periods")


def test_nobody_dropping_out_raises_convergence_error():
    # every customer buys at every opportunity: nobody seems to leave
    n = np.tile(np.arange(3.0, 9.0), 50)
    data = pd.DataFrame({"frequency": n, "recency": n, "T": n})
    with pytest.raises(btyd.ConvergenceError, match="did not converge"):
        btyd.BGBB().fit(data)
