"""The Gamma-Gamma spend model (Fader, Hardie & Lee 2005b): how much a customer spends.

A customer's order values are gamma with shape ``p`` and a customer-level rate nu; nu
varies over customers as a gamma with shape ``q`` and rate ``gamma``. The mean order
value of a customer is then p / nu, with population mean ``p * gamma / (q - 1)``.
Spend is assumed independent of how often a customer buys. Only customers with at
least one repeat purchase are used: ``monetary_value`` is the mean of their x repeat
purchases (``frequency``), as in :func:`crmkit.summaries.btyd_summary`.

Formulas
--------
Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). RFM and CLV: Using iso-value
curves for customer base analysis. *Journal of Marketing Research*, 42(4), 415-430,
and the note "The Gamma-Gamma model of monetary value" (Fader & Hardie, 2013):

- the density of the mean m of x order values, integrated over nu (note, equation 4),
  in log space::

      ln f(m | x) = ln G(p x + q) - ln G(p x) - ln G(q) + q ln gamma
                    + (p x - 1) ln m + p x ln x - (p x + q) ln(gamma + m x);

- the expected mean order value given the history (equation 5)::

      E[M | m, x] = (gamma + m x) p / (p x + q - 1),

  a weighted average of the population mean and the customer's own mean.

The gradient of the log-likelihood is analytic (digamma functions).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from crmkit.btyd.base import BTYDFitter
from crmkit.btyd.histories import by_value, summary_arrays, wsum

__all__ = ["GammaGamma"]


class GammaGamma(BTYDFitter):
    """The Gamma-Gamma spend model (Fader, Hardie & Lee 2005b), by maximum likelihood.

    See the module docstring for the model and its formulas, and
    :mod:`crmkit.btyd.base` for fitting, convergence checks and uncertainty.

    Attributes
    ----------
    params_ : pandas.Series
        ``p``, ``q``, ``gamma`` (called ``v`` in *lifetimes*).
    log_likelihood_ : float
        Maximised log-likelihood over the customers used; also ``aic`` and ``bic``.
    n_customers_ : int
        Customers used (frequency above 0).
    n_left_out_ : int
        Customers left out because they have no repeat purchase.
    covariance_ : pandas.DataFrame
        Estimated covariance of (p, q, gamma) from the observed information.

    References
    ----------
    Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). RFM and CLV: Using iso-value
    curves for customer base analysis. *Journal of Marketing Research*, 42(4), 415-430.
    """

    _NAMES = ("p", "q", "gamma")
    _MEANINGS = (
        "gamma shape of one customer's order values",
        "gamma shape of the spend rates across customers",
        "gamma rate of the spend rates across customers",
    )
    _ROLES = ("frequency", "monetary")

    # ---- the likelihood ----------------------------------------------------------------
    def _start(self, data: Mapping[str, np.ndarray]) -> np.ndarray:
        return np.array([1.0, 2.0, float(np.mean(data["monetary"]))])

    def _loglik(self, params: np.ndarray, data: Mapping[str, np.ndarray]) -> np.ndarray:
        from scipy.special import gammaln

        p, q, v = params
        x, m = data["frequency"], data["monetary"]
        px = p * x
        return (
            gammaln(px + q)
            - gammaln(px)
            - gammaln(q)
            + q * np.log(v)
            + (px - 1) * np.log(m)
            + px * np.log(x)
            - (px + q) * np.log(x * m + v)
        )

    def _loglik_grad(
        self, params: np.ndarray, data: Mapping[str, np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        from scipy.special import digamma

        p, q, v = params
        x, m = data["frequency"], data["monetary"]
        px = p * x
        log_xmv = np.log(x * m + v)
        psi = digamma(px + q)
        grad = np.column_stack(
            [
                x * (psi - digamma(px) + np.log(m) + np.log(x) - log_xmv),
                psi - digamma(q) + np.log(v) - log_xmv,
                q / v - (px + q) / (x * m + v),
            ]
        )
        return self._loglik(params, data), grad

    def _weighted_loglik_grad(
        self, params: np.ndarray, data: Mapping[str, np.ndarray], weights: np.ndarray
    ) -> tuple[float, np.ndarray]:
        """The same sums as :meth:`_loglik_grad`, fast: the gamma functions once per
        distinct frequency, the sums of ``ln m`` and ``x ln m`` once per fit, one
        logarithm per history."""
        from scipy.special import digamma, gammaln

        p, q, v = params

        def setup():
            x, m = data["frequency"], data["monetary"]
            xv, _, wx = by_value(x, weights)
            return (
                x,
                m,
                xv,
                wx,
                float(weights.sum()),
                wsum(weights, np.log(m)),
                wsum(weights, x * np.log(m)),
            )

        x, m, xv, wx, n, s_log_m, s_x_log_m = self._cached("gamma_gamma", setup)
        pxv = p * xv
        log_xmv = np.log(x * m + v)
        w_log = weights * log_xmv
        total = (
            wsum(wx, gammaln(pxv + q) - gammaln(pxv) + pxv * np.log(xv))
            + n * (q * np.log(v) - gammaln(q))
            + p * s_x_log_m
            - s_log_m
            - p * wsum(w_log, x)
            - q * w_log.sum()
        )
        psi = digamma(pxv + q)
        grad = np.array(
            [
                wsum(wx, xv * (psi - digamma(pxv) + np.log(xv))) + s_x_log_m - wsum(w_log, x),
                wsum(wx, psi) - n * digamma(q) + n * np.log(v) - w_log.sum(),
                n * q / v - wsum(weights, (p * x + q) / (x * m + v)),
            ]
        )
        return float(total), grad

    def _prepare(self, data: dict[str, np.ndarray], func: str) -> dict[str, np.ndarray]:
        keep = data["frequency"] > 0
        if keep.sum() < 3:
            raise ValueError(
                f"{func} needs at least 3 customers with a repeat purchase (frequency above "
                f"0); got {int(keep.sum())}. Use a longer calibration period or more customers."
            )
        self.n_left_out_ = int((~keep).sum())
        return {role: values[keep] for role, values in data.items()}

    def _derived(self) -> dict[str, tuple[Callable[[np.ndarray], float], str, str]]:
        e = np.exp
        meaning = "population mean order value, p * gamma / (q - 1)"
        if self.params_ is not None and self.params_["q"] > 1:
            return {"mean_spend": (lambda z: e(z[0] + z[2]) / (e(z[1]) - 1), "log", meaning)}
        return {}

    # ---- public interface ---------------------------------------------------------------
    def fit(
        self,
        summary: pd.DataFrame,
        *,
        frequency_col: str = "frequency",
        monetary_col: str = "monetary_value",
    ) -> GammaGamma:
        """Fit p, q and gamma on the customers with repeat purchases.

        Raises
        ------
        ValueError
            For a bad summary (NaN, inf, negative or fractional frequency, a monetary
            value of 0 or less for a repeat buyer), fewer than 3 repeat buyers, or fewer
            than 3 distinct histories among them.
        crmkit.btyd.base.ConvergenceError
            If the likelihood has no interior maximum the optimiser can reach.

        Returns
        -------
        GammaGamma
            The fitted model (``self``).
        """
        cols = {"frequency": frequency_col, "monetary": monetary_col}
        return self._fit(summary, "GammaGamma.fit", cols)

    def parameters(self) -> pd.DataFrame:
        """The fitted parameters as a tidy table, with their uncertainty.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``parameter``: ``estimate``, ``std_error``, ``ci_low``,
            ``ci_high`` (95 per cent) and ``meaning``, for p, q, gamma and the
            population ``mean_spend`` p * gamma / (q - 1) (infinite, with NaN
            uncertainty, when q <= 1).
        """
        table = super().parameters()
        if "mean_spend" not in table.index:
            table.loc["mean_spend"] = [
                np.inf,
                np.nan,
                np.nan,
                np.nan,
                "population mean order value, p * gamma / (q - 1)",
            ]
        return table

    def expected_spend(
        self,
        summary: pd.DataFrame,
        *,
        frequency_col: str = "frequency",
        monetary_col: str = "monetary_value",
    ) -> pd.Series:
        """Expected mean order value of each customer, given their history.

        ``(gamma + m x) p / (p x + q - 1)``: a weighted average of the population mean
        and the customer's own mean, with more weight on the own mean the more repeat
        purchases there are. A customer without repeat purchases gets the population
        mean.

        Returns
        -------
        pandas.Series
            Named ``expected_spend``, index of ``summary``.
        """
        func = "GammaGamma.expected_spend"
        p, q, v = self._fitted(func)
        if q <= 1:
            raise ValueError(
                f"{func}: the fitted q is {q:.3f} <= 1, so the mean spend is infinite."
            )
        data = summary_arrays(summary, func, {"frequency": frequency_col, "monetary": monetary_col})
        x = data["frequency"]
        m = np.where(x > 0, data["monetary"], 0.0)
        return pd.Series(
            (v + m * x) * p / (p * x + q - 1), index=summary.index, name="expected_spend"
        )
