"""Tests for crmkit.btyd.base: validation, compression, fitting checks, uncertainty.

The base class is tested through a tiny model with a known answer (an exponential
rate, whose maximum-likelihood estimate is 1 / mean) and through BG/NBD.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from clv_data import cdnow_summary, needs_cdnow

from crmkit.btyd import BGNBD, GammaGamma
from crmkit.btyd.base import (
    BTYDFitter,
    ConvergenceError,
    compress,
    log_covariance,
    summary_arrays,
    uncertainty,
)


class _Exponential(BTYDFitter):
    """T ~ exponential(rate): log L = ln rate - rate T, MLE rate = 1 / mean(T)."""

    _NAMES = ("rate",)
    _MEANINGS = ("the rate",)
    _ROLES = ("T",)

    def _start(self, data):
        return np.array([1.0])

    def _loglik(self, params, data):
        return np.log(params[0]) - params[0] * data["T"]

    def fit(self, summary):
        return self._fit(summary, "Exp.fit", {"T": "T"})


def _good():
    return pd.DataFrame(
        {
            "frequency": [0.0, 1.0, 2.0, 2.0],
            "recency": [0.0, 3.0, 5.0, 5.0],
            "T": [4.0, 6.0, 9.0, 9.0],
            "monetary_value": [0.0, 10.0, 12.0, 12.0],
        }
    )


ALL = {"frequency": "frequency", "recency": "recency", "T": "T", "monetary": "monetary_value"}


def test_summary_arrays_returns_the_columns_by_role():
    data = summary_arrays(_good(), "f", ALL)
    assert list(data) == ["frequency", "recency", "T", "monetary"]
    assert data["T"].tolist() == [4.0, 6.0, 9.0, 9.0]


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        ({"T": [4.0, 6.0, np.inf, 9.0]}, ValueError, "'T'.*finite"),
        ({"frequency": [0.0, 1.0, np.inf, 2.0]}, ValueError, "'frequency'.*finite"),
        ({"monetary_value": [0.0, 10.0, np.inf, 12.0]}, ValueError, "'monetary_value'.*finite"),
        ({"recency": [0.0, np.nan, 5.0, 5.0]}, ValueError, "'recency'.*missing"),
        ({"frequency": [0.0, -1.0, 2.0, 2.0]}, ValueError, "'frequency'.*whole numbers"),
        ({"frequency": [0.0, 1.5, 2.0, 2.0]}, ValueError, "'frequency'.*whole numbers"),
        ({"T": [4.0, -6.0, 9.0, 9.0]}, ValueError, "'T'.*0 or more"),
        ({"recency": [0.0, 7.0, 5.0, 5.0]}, ValueError, "recency larger than T"),
        ({"recency": [1.0, 3.0, 5.0, 5.0]}, ValueError, "recency must be 0"),
        ({"monetary_value": [0.0, 0.0, 12.0, 12.0]}, ValueError, "'monetary_value'.*above 0"),
        ({"T": ["a", "b", "c", "d"]}, TypeError, "'T'.*numeric"),
    ],
)
def test_summary_arrays_names_the_column_and_the_fix(change, error, match):
    with pytest.raises(error, match=match):
        summary_arrays(_good().assign(**change), "BGNBD.fit", ALL)


def test_summary_arrays_frame_and_columns():
    with pytest.raises(TypeError, match="DataFrame"):
        summary_arrays([1, 2], "f", ALL)
    with pytest.raises(ValueError, match="no column 'T'"):
        summary_arrays(_good().drop(columns="T"), "f", ALL)


def test_compress_keeps_every_customer_through_its_weight():
    data = summary_arrays(_good(), "f", ALL)
    uniq, weights = compress(data)
    assert weights.tolist() == [1.0, 1.0, 2.0]  # the last two customers are identical
    assert uniq["T"].tolist() == [4.0, 6.0, 9.0]
    # a weighted sum over histories equals the sum over customers
    assert weights @ uniq["monetary"] == pytest.approx(data["monetary"].sum())


def test_a_model_with_a_known_answer():
    t = pd.DataFrame({"T": [1.0, 2.0, 3.0, 6.0]})
    fit = _Exponential().fit(t)
    assert fit.params_["rate"] == pytest.approx(1 / 3, rel=1e-9)  # 1 / mean(T)
    # log L = n ln(rate) - rate sum(T) = 4 ln(1/3) - 4
    assert fit.log_likelihood_ == pytest.approx(4 * np.log(1 / 3) - 4)
    assert fit.aic == pytest.approx(2 - 2 * fit.log_likelihood_)
    assert fit.bic == pytest.approx(np.log(4) - 2 * fit.log_likelihood_)
    # observed information of log rate: n, so se(log rate) = 1/2 and se(rate) = rate/2
    table = fit.parameters()
    assert table.loc["rate", "std_error"] == pytest.approx(1 / 6, rel=1e-5)
    assert table.loc["rate", "ci_high"] == pytest.approx(np.exp(np.log(1 / 3) + 1.959964 / 2))
    assert table.loc["rate", "meaning"] == "the rate"
    assert fit.n_histories_ == 4 and fit.n_customers_ == 4
    assert repr(fit).startswith("_Exponential(rate=0.333")


def test_unfitted_models_say_so():
    for model in (BGNBD(), GammaGamma()):
        assert "not fitted" in repr(model)
        with pytest.raises(ValueError, match=r"call \.fit"):
            model.parameters()
        with pytest.raises(ValueError, match=r"call \.fit"):
            _ = model.aic


def test_one_customer_or_identical_customers_are_refused():
    one = pd.DataFrame({"frequency": [2.0], "recency": [5.0], "T": [9.0]})
    with pytest.raises(ValueError, match="at least 4 distinct customer histories"):
        BGNBD().fit(one)
    with pytest.raises(ValueError, match="identical customers"):
        BGNBD().fit(pd.concat([one] * 50, ignore_index=True))
    spend = pd.DataFrame({"frequency": [2.0] * 10, "monetary_value": [30.0] * 10})
    with pytest.raises(ValueError, match="at least 3 distinct customer histories"):
        GammaGamma().fit(spend)


def test_a_parameter_running_off_to_the_edge_is_refused():
    # every customer buys 10 times a year at a steady pace and nobody drops out: the
    # rates are identical (r -> infinity) and the drop-out probability 0 (a -> 0)
    rng = np.random.default_rng(0)
    x = rng.poisson(10, 500).astype(float)
    tx = np.where(x > 0, 52 - rng.exponential(0.5, 500).clip(0, 5), 0.0)
    data = pd.DataFrame({"frequency": x, "recency": tx, "T": np.full(500, 52.0)})
    with pytest.raises(ConvergenceError, match="ran off"):
        BGNBD().fit(data)


def test_non_convergence_raises_a_clear_error(monkeypatch):
    import scipy.optimize

    real = scipy.optimize.minimize

    def one_step(*args, **kwargs):
        kwargs["options"] = {**kwargs.get("options", {}), "maxiter": 1}
        return real(*args, **kwargs)

    class _NoNewton(BGNBD):
        def _maximise(self, objective, z0, func):
            res = one_step(objective, z0, jac=True, method="L-BFGS-B")
            value, grad = objective(res.x)
            self._check_converged(res.x, value, grad, func)
            return res.x, 1, None

    summary = pd.DataFrame(
        {
            "frequency": [0.0, 1.0, 2.0, 5.0, 3.0],
            "recency": [0, 3, 5, 20, 8.0],
            "T": [4, 6, 9, 30, 40.0],
        }
    )
    with pytest.raises(ConvergenceError, match=r"did not converge.*Try"):
        _NoNewton().fit(summary)


def test_a_flat_likelihood_gives_nan_errors_and_a_warning():
    def flat_in_the_second(z):
        return (z[0] - 1.0) ** 2  # says nothing about z[1]

    with pytest.warns(RuntimeWarning, match="flat in some direction"):
        cov = log_covariance(flat_in_the_second, np.array([1.0, 0.0]), "Test")
    assert np.isnan(cov).all()
    table = uncertainty({"x": (lambda z: np.exp(z[0]), "log")}, np.array([1.0, 0.0]), cov)
    assert table.loc["x", "estimate"] == pytest.approx(np.e)
    assert table.loc["x", ["std_error", "ci_low", "ci_high"]].isna().all()
    # the same through a Hessian given directly
    with pytest.warns(RuntimeWarning, match="flat"):
        assert np.isnan(log_covariance(None, np.zeros(2), "T", hessian=np.diag([1.0, 0.0]))).all()


@needs_cdnow
def test_standard_errors_halve_when_every_customer_counts_four_times():
    summary = cdnow_summary()
    one = BGNBD().fit(summary)
    four = BGNBD().fit(pd.concat([summary] * 4, ignore_index=True))
    assert four.n_histories_ == one.n_histories_  # compressed to the same histories
    assert four.params_.to_numpy() == pytest.approx(one.params_.to_numpy(), rel=1e-6)
    ratio = four.parameters()["std_error"] / one.parameters()["std_error"]
    assert ratio.to_numpy() == pytest.approx(0.5, rel=2e-3)
    assert four.log_likelihood_ == pytest.approx(4 * one.log_likelihood_, rel=1e-9)


@pytest.mark.parametrize("model", [BGNBD(), GammaGamma()], ids=["BGNBD", "GammaGamma"])
def test_the_fast_sums_equal_the_per_history_likelihood(model):
    # BG/NBD and Gamma-Gamma override _weighted_loglik_grad for speed; it must give
    # the very sums of _loglik_grad (and its gradient must be the likelihood's)
    rng = np.random.default_rng(5)
    x = rng.poisson(2.0, 300).astype(float)
    big_t = rng.uniform(5, 40, 300).round(1)
    tx = np.where(x > 0, (big_t * rng.uniform(0, 1, 300)).round(1), 0.0)
    m = np.where(x > 0, rng.gamma(5, 8, 300).round(2) + 0.01, 0.0)
    summary = pd.DataFrame({"frequency": x, "recency": tx, "T": big_t, "monetary_value": m})
    cols = {"frequency": "frequency", "recency": "recency", "T": "T", "monetary": "monetary_value"}
    data = summary_arrays(summary, "f", {r: cols[r] for r in model._ROLES})
    data = model._prepare(data, "f")
    uniq, weights = compress(data)
    for params in ([0.3, 4.0, 0.9, 2.0], [1.0, 30.0, 1.0, 1.0], [2.5, 0.7, 3.0, 0.4]):
        p = np.array(params[: len(model._NAMES)], dtype=float)
        model._cache = {}
        total, grad = model._weighted_loglik_grad(p, uniq, weights)
        ll, per_row = model._loglik_grad(p, uniq)
        assert total == pytest.approx(float(weights @ ll), rel=1e-12)
        assert grad == pytest.approx(weights @ per_row, rel=1e-10)
        # and the analytic gradient is the likelihood's: central differences
        for j in range(len(p)):
            h = 1e-6 * p[j]
            up, down = p.copy(), p.copy()
            up[j] += h
            down[j] -= h
            numeric = (weights @ model._loglik(up, uniq) - weights @ model._loglik(down, uniq)) / (
                2 * h
            )
            assert grad[j] == pytest.approx(numeric, rel=1e-5, abs=1e-6)
