"""The BG/NBD model (Fader, Hardie & Lee 2005a): purchases and drop-out.

While alive, a customer buys as a Poisson process with rate lambda; rates vary over
customers as a gamma distribution with shape ``r`` and rate ``alpha``. After every
repeat purchase the customer drops out for good with probability p; p varies over
customers as a beta distribution with parameters ``a`` and ``b``. The data are each
customer's repeat purchases x (``frequency``), the time of the last one t_x
(``recency``) and the time since the first purchase T (``T``), in one time unit
(weeks in the CDNOW papers).

Formulas
--------
Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). "Counting your customers" the
easy way: An alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275-284,
and the note "Implementing the BG/NBD model" (Fader, Hardie & Lee, 2007):

- log-likelihood of one customer (paper, equation 6, written in log space)::

      ln L = ln G(r + x) - ln G(r) + r ln alpha
             + ln B(a, b + x) - ln B(a, b)
             + ln[ (alpha + T)^-(r + x)
                   + [x > 0] a / (b + x - 1) (alpha + t_x)^-(r + x) ]

  with the two terms of the last line added by ``logaddexp``;
- P(alive | x, t_x, T) (note of 2008, equation 1)::

      1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x));

- E[X(t)] for a new customer (paper, equation 9) and E[Y(t) | x, t_x, T] (equation
  10), both with the Gaussian hypergeometric function 2F1. For heavy buyers and long
  horizons 2F1(r + x, b + x; a + b + x - 1; z) overflows (the 1,000-purchase customer
  of ``tests/unit/test_btyd_bgnbd.py``); Euler's transformation
  2F1(A, B; C; z) = (1 - z)^(C - A - B) 2F1(C - A, C - B; C; z) turns the bracket into
  ``1 - (1 - z)^(a - 1) 2F1(a + b - 1 - r, a - 1; a + b + x - 1; z)``, in which no
  parameter grows with x, so it stays finite and accurate; crmkit always uses this
  form (*lifetimes* switches to it only where the direct form overflows).

The gradient of the log-likelihood is analytic (digamma functions and the two weights
of the ``logaddexp``), so :class:`~crmkit.btyd.base.BTYDFitter` fits in a few dozen
steps.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from crmkit.btyd.base import PurchaseFitter
from crmkit.btyd.histories import HistoryGroups, check_horizon, wsum

__all__ = ["BGNBD"]


class BGNBD(PurchaseFitter):
    """The BG/NBD model (Fader, Hardie & Lee 2005a), fitted by maximum likelihood.

    See the module docstring for the model and its formulas, and
    :mod:`crmkit.btyd.base` for fitting, convergence checks and uncertainty.

    Attributes
    ----------
    params_ : pandas.Series
        ``r``, ``alpha``, ``a``, ``b``.
    log_likelihood_ : float
        Maximised log-likelihood (sum over customers); also ``aic`` and ``bic``.
    n_customers_ : int
        Customers the model was fitted on.
    covariance_ : pandas.DataFrame
        Estimated covariance of (r, alpha, a, b) from the observed information (NaN
        when the likelihood is flat at the estimate).

    References
    ----------
    Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). "Counting your customers" the
    easy way: An alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275-284.
    """

    _NAMES = ("r", "alpha", "a", "b")
    _MEANINGS = (
        "gamma shape of purchase rates",
        "gamma rate (scale in time units) of purchase rates",
        "beta a of drop-out probabilities",
        "beta b of drop-out probabilities",
    )

    # ---- the likelihood ----------------------------------------------------------------
    def _start(self, data: Mapping[str, np.ndarray]) -> np.ndarray:
        return np.array([1.0, float(np.mean(data["T"])) or 1.0, 1.0, 1.0])

    @staticmethod
    def _terms(params: np.ndarray, data: Mapping[str, np.ndarray]):
        r, alpha, a, b = params
        x, tx, big_t = data["frequency"], data["recency"], data["T"]
        log_at = np.log(alpha + big_t)
        log_ax = np.log(alpha + tx)
        a3 = -(r + x) * log_at
        with np.errstate(divide="ignore", invalid="ignore"):
            a4 = np.where(
                x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * log_ax, -np.inf
            )
        return x, log_at, log_ax, a3, a4, np.logaddexp(a3, a4)

    def _loglik(self, params: np.ndarray, data: Mapping[str, np.ndarray]) -> np.ndarray:
        from scipy.special import gammaln

        r, alpha, a, b = params
        x, _, _, _, _, last = self._terms(params, data)
        a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
        return a1 + a2 + last

    def _loglik_grad(
        self, params: np.ndarray, data: Mapping[str, np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        from scipy.special import digamma

        r, alpha, a, b = params
        x, log_at, log_ax, a3, a4, last = self._terms(params, data)
        ll = self._loglik(params, data)
        w3 = np.exp(a3 - last)  # weights of the two terms of the logaddexp, sum 1
        w4 = np.exp(a4 - last)
        tx, big_t = data["recency"], data["T"]
        d_ab = digamma(a + b) - digamma(a + b + x)
        grad = np.column_stack(
            [
                digamma(r + x) - digamma(r) + np.log(alpha) - w3 * log_at - w4 * log_ax,
                r / alpha - (r + x) * (w3 / (alpha + big_t) + w4 / (alpha + tx)),
                d_ab + w4 / a,
                d_ab + digamma(b + x) - digamma(b) - w4 / np.maximum(b + x - 1, 1e-300),
            ]
        )
        return ll, grad

    def _weighted_loglik_grad(
        self, params: np.ndarray, data: Mapping[str, np.ndarray], weights: np.ndarray
    ) -> tuple[float, np.ndarray]:
        """The same sums as :meth:`_loglik_grad`, fast: terms in x alone once per distinct
        x, ``ln(alpha + T)`` once per distinct T, and the two-term ``logaddexp`` written
        as ``a3 + softplus(a4 - a3)`` for repeat buyers only (for x = 0 it is a3)."""
        from scipy.special import digamma, expit, gammaln

        r, alpha, a, b = params
        g = self._cached("bgnbd", lambda: HistoryGroups(data, weights))
        xv, wx, n = g.x_values, g.x_weights, g.n
        log_at = np.log(alpha + g.t_values)[g.t_index]  # per history
        a3 = -(r + g.x) * log_at
        pos = g.pos
        xp = g.x[pos]
        log_ax = np.log(alpha + g.tx[pos])
        b_x1 = b + np.maximum(xv, 1.0) - 1  # b + x - 1 (used for x > 0 only)
        lbx = np.log(b_x1)[g.x_index[pos]]
        diff = np.log(a) - lbx - (r + xp) * log_ax - a3[pos]
        w4 = expit(diff)
        w = g.w
        wp = w[pos]
        total = (
            wsum(wx, gammaln(r + xv) + gammaln(b + xv) - gammaln(a + b + xv))
            + n * (r * np.log(alpha) - gammaln(r) + gammaln(a + b) - gammaln(b))
            + wsum(w, a3)
            + wsum(wp, np.logaddexp(0.0, diff))
        )
        d_ab = n * digamma(a + b) - wsum(wx, digamma(a + b + xv))
        w3_log = wsum(w, log_at) - wsum(wp, w4 * log_at[pos])  # sum of w * w3 * ln(alpha + T)
        inv_t = 1.0 / (alpha + g.t_values[g.t_index])
        sw3 = wsum(w, (r + g.x) * inv_t) - wsum(wp, w4 * (r + xp) * inv_t[pos])
        sw4 = wsum(wp, w4 * (r + xp) / (alpha + g.tx[pos]))
        w4_by_x = np.bincount(g.x_index[pos], weights=wp * w4, minlength=len(xv))
        grad = np.array(
            [
                wsum(wx, digamma(r + xv)) - n * digamma(r) + n * np.log(alpha)
                - w3_log - wsum(wp, w4 * log_ax),
                n * r / alpha - sw3 - sw4,
                d_ab + wsum(wp, w4) / a,
                d_ab + wsum(wx, digamma(b + xv)) - n * digamma(b) - wsum(w4_by_x, np.where(xv > 0, 1.0 / b_x1, 0.0)),
            ]
        )  # fmt: skip
        return float(total), grad

    def _derived(self) -> dict[str, tuple[Callable[[np.ndarray], float], str, str]]:
        e = np.exp
        return {
            "mean_rate": (
                lambda z: e(z[0] - z[1]),
                "log",
                "mean purchase rate per time unit while alive",
            ),
            "mean_dropout": (
                lambda z: e(z[2]) / (e(z[2]) + e(z[3])),
                "logit",
                "mean drop-out probability after a purchase",
            ),
        }

    # ---- public interface ---------------------------------------------------------------
    def _prepare(self, data: dict[str, np.ndarray], func: str) -> dict[str, np.ndarray]:
        if not np.any(data["frequency"] > 0):
            raise ValueError(
                f"{func} needs at least one customer with a repeat purchase (frequency above "
                "0); without one, the drop-out parameters a and b cannot be estimated. Use a "
                "longer calibration period."
            )
        return data

    def parameters(self) -> pd.DataFrame:
        """The fitted parameters as a tidy table, with their uncertainty.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``parameter``: ``estimate``, ``std_error``, ``ci_low``,
            ``ci_high`` (95 per cent) and ``meaning``, for r, alpha, a, b and the
            implied ``mean_rate`` (r / alpha, purchases per unit while alive) and
            ``mean_dropout`` (a / (a + b), drop-out probability per purchase). See
            :mod:`crmkit.btyd.base` for how the uncertainty is computed.
        """
        return super().parameters()

    def probability_alive(
        self,
        summary: pd.DataFrame,
        *,
        frequency_col: str = "frequency",
        recency_col: str = "recency",
        T_col: str = "T",
    ) -> pd.Series:
        """P(alive) (存活概率): probability each customer is still active at T.

        ``1 / (1 + [x > 0] * a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))``;
        a customer without repeat purchases is alive for sure (they cannot have dropped
        out, since drop-out follows a repeat purchase).

        Returns
        -------
        pandas.Series
            Named ``prob_alive``, index of ``summary``, values in [0, 1].
        """
        func = "BGNBD.probability_alive"
        r, alpha, a, b = self._fitted(func)
        x, tx, big_t = self._arrays(summary, func, (frequency_col, recency_col, T_col))
        return pd.Series(
            _prob_alive(r, alpha, a, b, x, tx, big_t), index=summary.index, name="prob_alive"
        )

    def expected_purchases(
        self,
        t: float,
        summary: pd.DataFrame,
        *,
        frequency_col: str = "frequency",
        recency_col: str = "recency",
        T_col: str = "T",
    ) -> pd.Series:
        """Expected purchases of each customer in the next ``t`` time units.

        The conditional expectation E[Y(t) | x, t_x, T] of Fader, Hardie & Lee (2005a,
        equation 10), with Euler's transformation of the hypergeometric term where the
        direct form overflows (heavy buyers, long horizons; see the module docstring).

        Returns
        -------
        pandas.Series
            Named ``expected_purchases``, index of ``summary``; finite and 0 or more.
        """
        func = "BGNBD.expected_purchases"
        r, alpha, a, b = self._fitted(func)
        t = check_horizon(t, "t", func)
        x, tx, big_t = self._arrays(summary, func, (frequency_col, recency_col, T_col))
        z = t / (alpha + big_t + t)
        bracket = _one_minus_hyp(r + x, b + x, a + b + x - 1, z, a, r)
        first = (a + b + x - 1) / (a - 1) * bracket
        alive = _prob_alive(r, alpha, a, b, x, tx, big_t)
        return pd.Series(first * alive, index=summary.index, name="expected_purchases")

    def expected_purchases_new(self, t: float) -> float:
        """Expected repeat purchases of a new customer in their first ``t`` units.

        Equation 9 of Fader, Hardie & Lee (2005a):
        ``(a + b - 1) / (a - 1) * [1 - (alpha / (alpha + t))**r 2F1(r, b; a + b - 1;
        t / (alpha + t))]``, with Euler's transformation where that overflows.
        """
        func = "BGNBD.expected_purchases_new"
        r, alpha, a, b = self._fitted(func)
        t = check_horizon(t, "t", func)
        z = np.array([t / (alpha + t)])
        bracket = _one_minus_hyp(np.array([r]), np.array([b]), np.array([a + b - 1]), z, a, r)
        return float((a + b - 1) / (a - 1) * bracket[0])


def _prob_alive(r, alpha, a, b, x, tx, big_t) -> np.ndarray:
    """P(alive), computed through its log-odds so no power overflows."""
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        log_odds = (
            np.log(a)
            - np.log(np.maximum(b + x - 1, 1e-300))
            + (r + x) * (np.log(alpha + big_t) - np.log(alpha + tx))
        )
        dead_over_alive = np.where(x > 0, np.exp(log_odds), 0.0)
        return 1.0 / (1.0 + dead_over_alive)


def _one_minus_hyp(
    big_a: np.ndarray, big_b: np.ndarray, big_c: np.ndarray, z: np.ndarray, a: float, r: float
) -> np.ndarray:
    """``1 - (1 - z)**A * 2F1(A, B; C; z)`` for BG/NBD's A = r + x, B = b + x, C = a + b + x - 1.

    Evaluated through Euler's transformation, (1 - z)**A 2F1(A, B; C; z) =
    (1 - z)**(a - 1) 2F1(C - A, C - B; C; z) with C - A = a + b - 1 - r and C - B = a - 1:
    no parameter of this 2F1 grows with x, its series has terms of one sign after the
    first, and it stays finite where the direct form overflows (x = 580 repeat purchases
    and a horizon of 1,000 weeks give NaN directly). Checked against a direct sum of the
    series to 1e-13 relative in ``tests/unit/test_btyd_bgnbd.py``; the direct form is
    kept as a fallback should the transformed one not be finite.
    """
    from scipy.special import hyp2f1

    big_a, big_b, big_c, z = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (big_a, big_b, big_c, z))
    )
    with np.errstate(all="ignore"):
        value = 1.0 - np.exp((a - 1) * np.log1p(-z)) * hyp2f1(
            big_c - big_a, big_c - big_b, big_c, z
        )
        bad = ~np.isfinite(value)
        if bad.any():
            value = value.copy()
            value[bad] = 1.0 - np.exp(big_a[bad] * np.log1p(-z[bad])) * hyp2f1(
                big_a[bad], big_b[bad], big_c[bad], z[bad]
            )
    return value
