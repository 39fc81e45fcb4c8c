"""The shared base of every buy-till-you-die (BTYD) fitter: checks, fitting, uncertainty.

Every model of :mod:`crmkit.btyd` (BG/NBD, Gamma-Gamma, and the models added beside
them) is fitted the same way, so this module holds that one way:

1. **Validation** of the customer summary (:func:`summary_arrays`): the columns a model
   reads (``frequency``, ``recency``, ``T``, ``monetary_value`` under any names) must be
   finite numbers; frequency whole and 0 or more; recency and T 0 or more, recency at
   most T, and 0 when there is no repeat purchase; monetary value above 0 for customers
   with repeat purchases. Each bad value raises a ValueError (TypeError for a
   non-numeric column) naming the column and the fix.
2. **Compression** to the unique histories, weighted by how many customers share each
   (:func:`compress`): the likelihood is a sum over customers, so 2,357 CDNOW customers
   become about 1,400 terms, and customers observed on a weekly grid far fewer.
3. **Maximum likelihood** on the log-parameters (so every parameter stays positive)
   with scipy's L-BFGS-B and the model's analytic gradient, then Newton steps on the
   Hessian (central differences of the analytic gradient) until the gradient vanishes.
4. **A convergence check**: a non-finite likelihood, a gradient that does not vanish,
   or a parameter that runs off to 0 or infinity (the data cannot pin it down) raises
   :class:`ConvergenceError`, saying what to try. Data with fewer distinct histories
   than parameters (one customer, identical customers) are refused before fitting.
5. **Uncertainty** (:meth:`BTYDFitter.parameters`): the covariance of the
   log-parameters is the inverse of the observed information (the Hessian of the
   negative log-likelihood at the estimate); each parameter and derived quantity gets
   an estimate, a delta-method standard error on its natural scale (as *lifetimes*
   reports them) and a 95 per cent interval symmetric on the log scale (the logit scale
   for a probability), so it never leaves the quantity's range. A flat likelihood (a
   direction the data cannot pin down) gives NaN errors with a RuntimeWarning.
6. **Model comparison**: ``log_likelihood_``, :attr:`BTYDFitter.aic` and
   :attr:`BTYDFitter.bic` (``n`` = customers fitted on).

Subclass contract
-----------------
A model is a subclass of :class:`BTYDFitter` that defines:

``_NAMES`` : tuple of str
    Parameter names, in the order of the parameter vector (e.g. ``("r", "alpha", "a",
    "b")``). ``params_`` is a Series with this index.
``_MEANINGS`` : tuple of str
    One short phrase per parameter, shown in the ``meaning`` column of
    :meth:`~BTYDFitter.parameters`.
``_ROLES`` : tuple of str
    The summary columns its likelihood reads, from ``"frequency"``, ``"recency"``,
    ``"T"`` and ``"monetary"`` (validated by :func:`summary_arrays`; the public
    ``fit`` maps each role to a column name).
``_start(self, data) -> numpy.ndarray``
    Starting values on the natural scale (all positive), from ``data``, a dict role ->
    float array of the unique histories.
``_loglik(self, params, data) -> numpy.ndarray``
    The log-likelihood of each unique history (one value per row of ``data``) at the
    natural-scale ``params``; finite wherever the parameters are positive. Write it in
    log space (``gammaln``, ``logaddexp``, ``log1p``), never as a ratio of gammas.

and may define:

``_loglik_grad(self, params, data) -> (numpy.ndarray, numpy.ndarray)``
    The per-history log-likelihood and its gradient with respect to the natural
    parameters (shape ``(rows, len(_NAMES))``). Without it, the base class takes the
    gradient by central differences of ``_loglik`` (slower, and less exact).
``_weighted_loglik_grad(self, params, data, weights) -> (float, numpy.ndarray)``
    The weighted sums of the log-likelihood and its gradient over the histories; the
    default adds up :meth:`_loglik_grad`. Override it for speed only (BG/NBD and
    Gamma-Gamma evaluate their frequency-only terms once per distinct frequency with
    :func:`by_value`, cached for the fit with ``self._cached(name, make)``); the tests
    check an override against the per-history form.
``_prepare(self, data, func) -> dict``
    Model-specific checks or filtering of the validated data before compression (the
    Gamma-Gamma model keeps repeat buyers only and records how many it left out).
    Return the (filtered) dict.
``_derived(self) -> dict``
    Extra rows of :meth:`~BTYDFitter.parameters`: name -> ``(function of the
    log-parameter vector z, "log" or "logit", meaning)``; e.g. BG/NBD's ``mean_rate``
    is ``(lambda z: exp(z[0] - z[1]), "log", "mean purchase rate ...")``.

Its public ``fit(summary, *, frequency_col=..., ...)`` calls
``self._fit(summary, func, {"frequency": frequency_col, ...})`` and returns ``self``;
its predictions (``probability_alive``, ``expected_purchases``,
``expected_purchases_new``, ``expected_spend``) read the summary through
:func:`summary_arrays` (so they reject the same bad input) and the parameters through
``self._fitted(func)``. Document the source of every formula in its docstring.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from crmkit.btyd.histories import (
    ROLES,
    by_value,
    check_horizon,
    compress,
    customer_counts,
    summary_arrays,
    wsum,
)

__all__ = [
    "ROLES",
    "BTYDFitter",
    "ConvergenceError",
    "PurchaseFitter",
    "by_value",
    "check_horizon",
    "compress",
    "log_covariance",
    "summary_arrays",
    "uncertainty",
]

#: The normal quantile of a two-sided 95 per cent interval.
Z95 = 1.959963984540054

#: Log-parameters are kept inside [-LOG_BOUND, LOG_BOUND]; an estimate on the bound has
#: run off to 0 or infinity (e**25 is 7e10).
LOG_BOUND = 25.0


class ConvergenceError(RuntimeError):
    """A BTYD fit did not reach a maximum of the likelihood; the message says what to try."""


# --------------------------------------------------------------------------------------
# uncertainty
# --------------------------------------------------------------------------------------
def hessian_from_gradient(grad: Callable[[np.ndarray], np.ndarray], z: np.ndarray) -> np.ndarray:
    """The Hessian at ``z`` by central differences of an analytic gradient, symmetrised."""
    z = np.asarray(z, dtype=float)
    k = len(z)
    hess = np.empty((k, k))
    for j in range(k):
        h = 1e-5 * max(1.0, abs(z[j]))
        step = np.zeros(k)
        step[j] = h
        hess[:, j] = (grad(z + step) - grad(z - step)) / (2 * h)
    return (hess + hess.T) / 2


def log_covariance(
    neg_loglik: Callable[[np.ndarray], float] | None,
    logp: np.ndarray,
    model: str,
    *,
    hessian: np.ndarray | None = None,
) -> np.ndarray:
    """Covariance of the log-parameters: the inverse of the observed information.

    Give either ``hessian`` (of the *total* negative log-likelihood in the
    log-parameters) or ``neg_loglik`` (that total as a function of the log-parameters;
    its Hessian is then taken numerically with statsmodels). When the information is
    not positive definite (a flat likelihood: a parameter the data cannot pin down) the
    covariance is all NaN, with a RuntimeWarning.
    """
    if hessian is None:
        from statsmodels.tools.numdiff import approx_hess3

        with np.errstate(all="ignore"):  # a flat or unbounded likelihood is reported below
            hessian = approx_hess3(np.asarray(logp, dtype=float), neg_loglik)
    hess = (np.asarray(hessian, dtype=float) + np.asarray(hessian, dtype=float).T) / 2
    if np.all(np.isfinite(hess)) and np.all(np.linalg.eigvalsh(hess) > 0):
        cov = np.linalg.inv(hess)
        return (cov + cov.T) / 2
    warnings.warn(
        f"{model}: the log-likelihood is flat in some direction at the estimate (the data "
        f"cannot pin every parameter down), so standard errors and intervals are NaN. "
        f"Fit on more customers, or on customers with repeat purchases.",
        RuntimeWarning,
        stacklevel=3,
    )
    return np.full_like(hess, np.nan)


def uncertainty(
    quantities: Mapping[str, tuple[Callable[[np.ndarray], float], str]],
    logp: np.ndarray,
    cov: np.ndarray,
) -> pd.DataFrame:
    """Estimate, delta-method standard error and 95% interval of functions of logp.

    ``quantities`` maps a name to ``(function of the log-parameters, scale)``, where
    scale ``"log"`` is for a positive quantity and ``"logit"`` for a probability; the
    interval is symmetric on that scale.
    """
    from scipy.special import expit, logit
    from statsmodels.tools.numdiff import approx_fprime

    links = {"log": (np.log, np.exp, lambda v: v), "logit": (logit, expit, lambda v: v * (1 - v))}
    rows = {}
    known = bool(np.all(np.isfinite(cov)))
    for name, (func, scale) in quantities.items():
        link, inverse, slope = links[scale]
        value = float(func(logp))
        if not known:
            rows[name] = {
                "estimate": value,
                "std_error": np.nan,
                "ci_low": np.nan,
                "ci_high": np.nan,
            }
            continue
        grad = np.ravel(approx_fprime(logp, lambda z, f=func, g=link: g(f(z)), centered=True))
        se_link = float(np.sqrt(grad @ cov @ grad))
        centre = float(link(value))
        rows[name] = {
            "estimate": value,
            "std_error": slope(value) * se_link,
            "ci_low": float(inverse(centre - Z95 * se_link)),
            "ci_high": float(inverse(centre + Z95 * se_link)),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


# --------------------------------------------------------------------------------------
# the base fitter
# --------------------------------------------------------------------------------------
class BTYDFitter:
    """Base class of the BTYD models: fit by maximum likelihood, report uncertainty.

    See the module docstring for what a subclass implements. After :meth:`_fit`:

    Attributes
    ----------
    params_ : pandas.Series
        The estimates, indexed by ``_NAMES``, named ``estimate``.
    log_likelihood_ : float
        The maximised log-likelihood, summed over customers.
    n_customers_ : int
        Customers the model was fitted on.
    n_histories_ : int
        Distinct histories among them (the terms of the likelihood).
    covariance_ : pandas.DataFrame
        Estimated covariance of the parameters (delta method from the log scale; NaN
        when the likelihood is flat at the estimate).
    n_iterations_ : int
        Optimiser iterations plus Newton steps.
    """

    _NAMES: ClassVar[tuple[str, ...]] = ()
    _MEANINGS: ClassVar[tuple[str, ...]] = ()
    _ROLES: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        self.params_: pd.Series | None = None

    def __repr__(self) -> str:
        name = type(self).__name__
        if self.params_ is None:
            return f"{name}(not fitted)"
        shown = ", ".join(f"{k}={v:.3f}" for k, v in self.params_.items())
        return f"{name}({shown}, n={self.n_customers_})"

    # ---- what a subclass provides --------------------------------------------------
    def _start(self, data: Mapping[str, np.ndarray]) -> np.ndarray:
        raise NotImplementedError

    def _loglik(self, params: np.ndarray, data: Mapping[str, np.ndarray]) -> np.ndarray:
        raise NotImplementedError

    def _loglik_grad(
        self, params: np.ndarray, data: Mapping[str, np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Default: the gradient by central differences of :meth:`_loglik`."""
        ll = self._loglik(params, data)
        grad = np.empty((len(ll), len(params)))
        for j in range(len(params)):
            h = 1e-6 * params[j]
            up, down = params.copy(), params.copy()
            up[j] += h
            down[j] -= h
            grad[:, j] = (self._loglik(up, data) - self._loglik(down, data)) / (2 * h)
        return ll, grad

    def _weighted_loglik_grad(
        self, params: np.ndarray, data: Mapping[str, np.ndarray], weights: np.ndarray
    ) -> tuple[float, np.ndarray]:
        """The weighted sum of the log-likelihood and of its gradient over the histories.

        Default: from :meth:`_loglik_grad`. A model may override it for speed (e.g.
        evaluating terms that depend on the frequency alone once per distinct frequency,
        with :func:`by_value`); it must return the same numbers. ``self._cached(name,
        make)`` keeps anything computed once per fit from the data (reset by each fit).
        """
        ll, grad = self._loglik_grad(params, data)
        return wsum(weights, ll), (weights[:, None] * grad).sum(axis=0)

    def _cached(self, name: str, make: Callable[[], Any]) -> Any:
        cache = self.__dict__.setdefault("_cache", {})
        if name not in cache:
            cache[name] = make()
        return cache[name]

    def _prepare(self, data: dict[str, np.ndarray], func: str) -> dict[str, np.ndarray]:
        return data

    def _derived(self) -> dict[str, tuple[Callable[[np.ndarray], float], str, str]]:
        return {}

    # ---- fitting ---------------------------------------------------------------------
    def _fit(
        self, summary: Any, func: str, columns: Mapping[str, str], count_col: str | None = None
    ) -> BTYDFitter:
        """Validate, compress, maximise, check convergence and store the results.

        ``count_col`` names a column saying how many customers each row stands for (a
        table of distinct histories, e.g. counted in SQL); by default one row is one
        customer.
        """
        data = self._prepare(summary_arrays(summary, func, columns), func)
        counts = None if count_col is None else customer_counts(summary, count_col, func)
        if counts is not None and len(counts) != len(next(iter(data.values()))):
            raise ValueError(f"{func} cannot take 'count_col': give one row per customer.")
        uniq, weights = compress(data, counts)
        keep = weights > 0
        if not keep.all():
            uniq, weights = {r: v[keep] for r, v in uniq.items()}, weights[keep]
        n = float(weights.sum())
        k = len(self._NAMES)
        if len(weights) < k:
            raise ValueError(
                f"{func} needs at least {k} distinct customer histories to estimate its {k} "
                f"parameters ({', '.join(self._NAMES)}); the summary has {len(weights)} "
                f"(among {n:,.0f} customer(s)). Fit on more customers: with identical "
                "customers the spread between customers cannot be estimated."
            )

        self._cache: dict[str, Any] = {}

        def objective(z: np.ndarray) -> tuple[float, np.ndarray]:
            params = np.exp(z)
            with np.errstate(all="ignore"):
                total, grad = self._weighted_loglik_grad(params, uniq, weights)
            value = -float(total) / n
            gz = -np.asarray(grad, dtype=float) * params / n  # chain rule: d/dz = p d/dp
            if not np.isfinite(value) or not np.all(np.isfinite(gz)):
                return np.inf, np.zeros(k)
            return value, gz

        z, iterations, hess = self._maximise(objective, np.log(self._start(uniq)), func)
        self.params_ = pd.Series(np.exp(z), index=list(self._NAMES), name="estimate")
        self.log_likelihood_ = -objective(z)[0] * n
        self.n_customers_ = round(n)
        self.n_histories_ = len(weights)
        self.n_iterations_ = iterations
        self._logp = z
        if hess is None:
            hess = hessian_from_gradient(lambda v: objective(v)[1], z)
        hess = hess * n
        self._check_identified(z, hess, func)
        self._log_cov = log_covariance(None, z, func, hessian=hess)
        d = np.exp(z)
        self.covariance_ = pd.DataFrame(
            self._log_cov * np.outer(d, d), index=list(self._NAMES), columns=list(self._NAMES)
        )
        return self

    def _maximise(
        self, objective: Callable[[np.ndarray], tuple[float, np.ndarray]], z0: np.ndarray, func: str
    ) -> tuple[np.ndarray, int, np.ndarray | None]:
        """L-BFGS-B on the log-parameters, Newton steps to polish, then the checks.

        Returns the estimate, the number of iterations, and the Hessian of the mean
        negative log-likelihood at the estimate if one was taken there (or within a
        Newton step of below 1e-6 in every log-parameter), else None.
        """
        from scipy.optimize import minimize

        k = len(z0)
        z0 = np.clip(np.asarray(z0, dtype=float), -LOG_BOUND + 1, LOG_BOUND - 1)
        if not np.isfinite(objective(z0)[0]):
            raise ConvergenceError(
                f"{func}: the log-likelihood is not finite at the starting values "
                f"{dict(zip(self._NAMES, np.exp(z0).round(4), strict=True))}. Check the summary's time "
                "unit (e.g. weeks, unit_days=7) so that T is of order 1 to 1000."
            )
        res = minimize(
            objective,
            z0,
            jac=True,
            method="L-BFGS-B",
            bounds=[(-LOG_BOUND, LOG_BOUND)] * k,
            options={"maxiter": 2000, "ftol": 1e-13, "gtol": 1e-7},
        )
        z, steps = np.asarray(res.x, dtype=float), int(res.nit)
        value, grad = objective(z)
        final_hess = None
        for _ in range(10):  # Newton polish: quadratic convergence near the optimum
            if np.any(np.abs(z) >= LOG_BOUND - 1e-6):
                break
            hess = hessian_from_gradient(lambda v: objective(v)[1], z)
            final_hess = hess
            if np.max(np.abs(grad)) < 1e-10:
                break
            try:
                step = np.linalg.solve(hess, grad)
            except np.linalg.LinAlgError:
                break
            if np.max(np.abs(step)) >= 1e-6:
                final_hess = None
            shrink = 1.0
            while shrink > 1e-4:
                trial = z - shrink * step
                t_value, t_grad = objective(trial)
                if np.isfinite(t_value) and t_value <= value + 1e-15:
                    break
                shrink /= 2
            else:
                break
            z, value, grad, steps = trial, t_value, t_grad, steps + 1
            if final_hess is not None:  # a step this small leaves the Hessian as it was
                break
        self._check_converged(z, value, grad, func)
        return z, steps, final_hess

    def _check_converged(self, z: np.ndarray, value: float, grad: np.ndarray, func: str) -> None:
        at_edge = np.abs(z) >= LOG_BOUND - 1e-3
        if at_edge.any():
            names = [n for n, e in zip(self._NAMES, at_edge, strict=True) if e]
            raise ConvergenceError(
                f"{func} did not converge: the estimate of {', '.join(map(repr, names))} ran "
                f"off to {', '.join(f'{np.exp(v):.3g}' for v in z[at_edge])}, so the data "
                "cannot pin it down (for example nobody seems to drop out, or every customer "
                "buys alike). Try a longer calibration period, more customers, or a simpler "
                "model; the estimates would be meaningless."
            )
        if not np.isfinite(value) or np.max(np.abs(grad)) > 1e-5:
            raise ConvergenceError(
                f"{func} did not converge: the gradient of the mean log-likelihood is "
                f"{np.max(np.abs(grad)):.2g} at the last estimate "
                f"{dict(zip(self._NAMES, np.exp(z).round(4), strict=True))}. Try a time unit that makes T "
                "of order 1 to 1000 (e.g. weeks), more customers, or a longer calibration "
                "period."
            )

    def _check_identified(self, z: np.ndarray, hess: np.ndarray, func: str) -> None:
        """Refuse an estimate that ran off towards 0 or infinity along a flat likelihood.

        A log-parameter beyond +-10 (a parameter above 22,000 or below 1/22,000) where
        the information is not positive definite is the optimiser following a ridge to
        the edge of the parameter space (e.g. no customer seems to drop out, so a -> 0),
        not an estimate; a large parameter with a curved likelihood (say a gamma rate in
        a small currency unit) is kept.
        """
        far = np.abs(z) > 10
        if not far.any():
            return
        flat = not (np.all(np.isfinite(hess)) and np.all(np.linalg.eigvalsh(hess) > 0))
        if flat:
            names = [n for n, e in zip(self._NAMES, far, strict=True) if e]
            raise ConvergenceError(
                f"{func} did not converge: the estimate of {', '.join(map(repr, names))} ran "
                f"off to {', '.join(f'{np.exp(v):.3g}' for v in z[far])} along a flat "
                "likelihood, so the data cannot pin it down (for example nobody seems to "
                "drop out, or every customer buys at the same rate). Try a longer "
                "calibration period, more customers, or a simpler model."
            )

    # ---- results ---------------------------------------------------------------------
    def _fitted(self, func: str) -> tuple[float, ...]:
        if self.params_ is None:
            raise ValueError(f"{func} needs a fitted model: call .fit(summary) first.")
        return tuple(float(v) for v in self.params_)

    @property
    def aic(self) -> float:
        """Akaike's information criterion, ``2 k - 2 log L`` (smaller is better)."""
        self._fitted(f"{type(self).__name__}.aic")
        return 2 * len(self._NAMES) - 2 * self.log_likelihood_

    @property
    def bic(self) -> float:
        """Schwarz's Bayesian criterion, ``k ln(n) - 2 log L``, n = customers fitted on."""
        self._fitted(f"{type(self).__name__}.bic")
        return len(self._NAMES) * np.log(self.n_customers_) - 2 * self.log_likelihood_

    def parameters(self) -> pd.DataFrame:
        """The fitted parameters as a tidy table, with their uncertainty.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``parameter``: ``estimate``, ``std_error``, ``ci_low``,
            ``ci_high`` (95 per cent) and ``meaning``, one row per parameter, then one
            per derived quantity of the model. Intervals are symmetric on the log scale
            (logit for a probability); see the module docstring.
        """
        self._fitted(f"{type(self).__name__}.parameters")
        quantities: dict[str, tuple[Callable[[np.ndarray], float], str]] = {
            name: (lambda z, i=i: np.exp(z[i]), "log") for i, name in enumerate(self._NAMES)
        }
        meanings = list(self._MEANINGS)
        for name, (f, scale, meaning) in self._derived().items():
            quantities[name] = (f, scale)
            meanings.append(meaning)
        table = uncertainty(quantities, self._logp, self._log_cov)
        table["meaning"] = meanings
        table.index.name = "parameter"
        return table


class PurchaseFitter(BTYDFitter):
    """A model of purchases read from a (frequency, recency, T) summary.

    BG/NBD, MBG/NBD, Pareto/NBD and BG/BB share this ``fit`` and the reading of the
    summary (:meth:`_arrays`); each defines its likelihood and predictions.
    """

    _ROLES: ClassVar[tuple[str, ...]] = ("frequency", "recency", "T")

    def fit(
        self,
        summary: pd.DataFrame,
        *,
        frequency_col: str = "frequency",
        recency_col: str = "recency",
        T_col: str = "T",
        count_col: str | None = None,
    ) -> PurchaseFitter:
        """Fit the model's parameters (``_NAMES``) by maximum likelihood.

        Parameters
        ----------
        summary : pandas.DataFrame
            One row per customer with repeat purchases (frequency), recency and T, as
            :func:`crmkit.summaries.btyd_summary` or
            :func:`crmkit.btyd.calibration_holdout` make them.
        frequency_col, recency_col, T_col : str
            Column names.
        count_col : str, optional
            A column saying how many customers each row stands for, when ``summary`` is
            a table of distinct histories (say, from
            :func:`crmkit.log_summaries.btyd_histories_sql`): the fit is then the same
            as on one row per customer.

        Returns
        -------
        PurchaseFitter
            The fitted model (``self``).

        Raises
        ------
        ValueError
            For a bad summary (see :func:`crmkit.btyd.histories.summary_arrays`), or
            fewer distinct histories than parameters.
        crmkit.btyd.base.ConvergenceError
            If the likelihood has no interior maximum the optimiser can reach.
        """
        cols = {"frequency": frequency_col, "recency": recency_col, "T": T_col}
        return self._fit(summary, f"{type(self).__name__}.fit", cols, count_col)

    def _arrays(
        self, summary: Any, func: str, cols: tuple[str, str, str]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The validated frequency, recency and T of a summary, for a prediction."""
        data = summary_arrays(summary, func, dict(zip(self._ROLES, cols, strict=True)))
        return data["frequency"], data["recency"], data["T"]
