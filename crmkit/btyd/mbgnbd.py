"""The MBG/NBD model (Batislam, Denizel & Filiztekin 2007): BG/NBD with drop-out at zero.

The BG/NBD model (:mod:`crmkit.btyd.bgnbd`) lets a customer drop out only right after
a repeat purchase, so a customer who never bought again is alive for sure. The
modified model (MBG/NBD) also lets a customer drop out right after the *first*
purchase: at time 0 and after every repeat purchase the customer leaves for good with
probability p. Otherwise the same: while alive, purchases are Poisson with rate lambda,
gamma(``r``, ``alpha``) over customers; p is beta(``a``, ``b``) over customers. Data:
repeat purchases x (``frequency``), the time of the last one t_x (``recency``), and
the time since the first purchase T (``T``).

Formulas
--------
Batislam, E. P., Denizel, M., & Filiztekin, A. (2007). Empirical validation and
comparison of models for customer base analysis. *International Journal of Research
in Marketing*, 24(3), 201-209, with the erratum of Wagner, U., & Hoppe, D. (2008),
*IJRM* 25(1), 75-76 (the conditional expectation). Derived here the way Fader, Hardie
& Lee (2005a) derive the BG/NBD, with one more chance to drop out (x + 1 instead of x):

- log-likelihood of one customer, in log space::

      ln L = ln G(r + x) - ln G(r) + r ln alpha
             + ln B(a, b + x + 1) - ln B(a, b)
             + ln[ (alpha + T)^-(r + x) + a / (b + x) (alpha + t_x)^-(r + x) ]

  (the two terms of the last line added by ``logaddexp``; the second is present for
  x = 0 too: the customer may have left right after the first purchase);
- P(alive | x, t_x, T) = 1 / (1 + a / (b + x) ((alpha + T) / (alpha + t_x))^(r + x)),
  computed through its log-odds;
- E[X(t)] for a new customer::

      b / (a - 1) [1 - (alpha / (alpha + t))^r 2F1(r, b + 1; a + b; t / (alpha + t))];

- E[Y(t) | x, t_x, T] (Wagner & Hoppe's corrected form)::

      (a + b + x) / (a - 1)
      [1 - ((alpha + T) / (alpha + T + t))^(r + x) 2F1(r + x, b + x + 1; a + b + x; z)]
      P(alive),  z = t / (alpha + T + t).

  The 2F1 overflows for heavy buyers and long horizons; Euler's transformation turns
  the bracket into ``1 - (1 - z)^(a - 1) 2F1(a + b - r, a - 1; a + b + x; z)``, whose
  parameters do not grow with x (the same device as BG/NBD, through
  :func:`crmkit.btyd.bgnbd._one_minus_hyp`).

The gradient of the log-likelihood is analytic (digamma functions and the two weights
of the ``logaddexp``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from crmkit.btyd.base import PurchaseFitter
from crmkit.btyd.bgnbd import BGNBD, _one_minus_hyp
from crmkit.btyd.histories import HistoryGroups, check_horizon, wsum

__all__ = ["MBGNBD"]


class MBGNBD(PurchaseFitter):
    """The MBG/NBD model (Batislam, Denizel & Filiztekin 2007), by maximum likelihood.

    Same interface as :class:`~crmkit.btyd.bgnbd.BGNBD` (so the two can be swapped);
    see the module docstring for the model and its formulas, and
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
        Estimated covariance of (r, alpha, a, b) from the observed information.

    References
    ----------
    Batislam, E. P., Denizel, M., & Filiztekin, A. (2007). Empirical validation and
    comparison of models for customer base analysis. *International Journal of Research
    in Marketing*, 24(3), 201-209.
    """

    # the same four parameters, meanings and starting values as BG/NBD
    _NAMES = BGNBD._NAMES
    _MEANINGS = BGNBD._MEANINGS
    _start = BGNBD._start

    # ---- the likelihood ----------------------------------------------------------------

    @staticmethod
    def _terms(params: np.ndarray, data: Mapping[str, np.ndarray]):
        r, alpha, a, b = params
        x, tx, big_t = data["frequency"], data["recency"], data["T"]
        log_at = np.log(alpha + big_t)
        log_ax = np.log(alpha + tx)
        a3 = -(r + x) * log_at
        a4 = np.log(a) - np.log(b + x) - (r + x) * log_ax
        return x, log_at, log_ax, a3, a4, np.logaddexp(a3, a4)

    def _loglik(self, params: np.ndarray, data: Mapping[str, np.ndarray]) -> np.ndarray:
        from scipy.special import gammaln

        r, alpha, a, b = params
        x, _, _, _, _, last = self._terms(params, data)
        a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        a2 = gammaln(a + b) + gammaln(b + x + 1) - gammaln(b) - gammaln(a + b + x + 1)
        return a1 + a2 + last

    def _loglik_grad(
        self, params: np.ndarray, data: Mapping[str, np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        from scipy.special import digamma

        r, alpha, a, b = params
        x, log_at, log_ax, a3, a4, last = self._terms(params, data)
        w3 = np.exp(a3 - last)  # weights of the two terms of the logaddexp, sum 1
        w4 = np.exp(a4 - last)
        tx, big_t = data["recency"], data["T"]
        d_ab = digamma(a + b) - digamma(a + b + x + 1)
        grad = np.column_stack(
            [
                digamma(r + x) - digamma(r) + np.log(alpha) - w3 * log_at - w4 * log_ax,
                r / alpha - (r + x) * (w3 / (alpha + big_t) + w4 / (alpha + tx)),
                d_ab + w4 / a,
                d_ab + digamma(b + x + 1) - digamma(b) - w4 / (b + x),
            ]
        )
        return self._loglik(params, data), grad

    def _weighted_loglik_grad(
        self, params: np.ndarray, data: Mapping[str, np.ndarray], weights: np.ndarray
    ) -> tuple[float, np.ndarray]:
        """The same sums as :meth:`_loglik_grad`, fast: terms in x alone once per distinct
        x (:func:`~crmkit.btyd.histories.by_value`), ``ln(alpha + T)`` once per distinct
        T, and the two-term ``logaddexp`` written as ``a3 + softplus(a4 - a3)``."""
        from scipy.special import digamma, expit, gammaln

        r, alpha, a, b = params
        g = self._cached("mbgnbd", lambda: HistoryGroups(data, weights))
        xv, wx, n, w, x = g.x_values, g.x_weights, g.n, g.w, g.x
        log_at = np.log(alpha + g.t_values)[g.t_index]
        log_ax = np.log(alpha + g.tx)
        a3 = -(r + x) * log_at
        diff = np.log(a) - np.log(b + xv)[g.x_index] - (r + x) * log_ax - a3
        w4 = expit(diff)
        ww4 = w * w4
        total = (
            wsum(wx, gammaln(r + xv) + gammaln(b + xv + 1) - gammaln(a + b + xv + 1))
            + n * (r * np.log(alpha) - gammaln(r) + gammaln(a + b) - gammaln(b))
            + wsum(w, a3)
            + wsum(w, np.logaddexp(0.0, diff))
        )
        d_ab = n * digamma(a + b) - wsum(wx, digamma(a + b + xv + 1))
        w4_by_x = np.bincount(g.x_index, weights=ww4, minlength=len(xv))
        rx = r + x
        grad = np.array(
            [
                wsum(wx, digamma(r + xv)) - n * digamma(r) + n * np.log(alpha)
                - wsum(w, log_at) + wsum(ww4, log_at) - wsum(ww4, log_ax),
                n * r / alpha - wsum(w, rx / (alpha + g.t)) + wsum(ww4, rx / (alpha + g.t))
                - wsum(ww4, rx / (alpha + g.tx)),
                d_ab + ww4.sum() / a,
                d_ab + wsum(wx, digamma(b + xv + 1)) - n * digamma(b) - wsum(w4_by_x, 1.0 / (b + xv)),
            ]
        )  # fmt: skip
        return float(total), grad

    def _derived(self) -> dict[str, tuple[Callable[[np.ndarray], float], str, str]]:
        # BG/NBD's derived rows; only the drop-out moment reads differently here
        derived = BGNBD._derived(self)
        dropout, scale, _ = derived["mean_dropout"]
        meaning = "mean drop-out probability at the first and each repeat purchase"
        derived["mean_dropout"] = (dropout, scale, meaning)
        return derived

    def probability_alive(
        self,
        summary: pd.DataFrame,
        *,
        frequency_col: str = "frequency",
        recency_col: str = "recency",
        T_col: str = "T",
    ) -> pd.Series:
        """P(alive) (存活概率) at T: ``1 / (1 + a / (b + x) ((alpha + T) / (alpha + t_x))^(r + x))``.

        Unlike BG/NBD, a customer without repeat purchases may have left.

        Returns
        -------
        pandas.Series
            Named ``prob_alive``, index of ``summary``, values in [0, 1].
        """
        func = "MBGNBD.probability_alive"
        r, alpha, a, b = self._fitted(func)
        x, tx, big_t = self._arrays(summary, func, (frequency_col, recency_col, T_col))
        alive = _prob_alive(r, alpha, a, b, x, tx, big_t)
        return pd.Series(alive, index=summary.index, name="prob_alive")

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

        E[Y(t) | x, t_x, T] (module docstring), with Euler's transformation of the
        hypergeometric term so heavy buyers and long horizons stay finite.

        Returns
        -------
        pandas.Series
            Named ``expected_purchases``, index of ``summary``; finite and 0 or more.
        """
        func = "MBGNBD.expected_purchases"
        r, alpha, a, b = self._fitted(func)
        t = check_horizon(t, "t", func)
        x, tx, big_t = self._arrays(summary, func, (frequency_col, recency_col, T_col))
        z = t / (alpha + big_t + t)
        bracket = _one_minus_hyp(r + x, b + x + 1, a + b + x, z, a, r)
        alive = _prob_alive(r, alpha, a, b, x, tx, big_t)
        value = (a + b + x) / (a - 1) * bracket * alive
        return pd.Series(value, index=summary.index, name="expected_purchases")

    def expected_purchases_new(self, t: float) -> float:
        """Expected repeat purchases of a new customer in their first ``t`` units.

        ``b / (a - 1) [1 - (alpha / (alpha + t))^r 2F1(r, b + 1; a + b; t / (alpha + t))]``
        (module docstring), with Euler's transformation.
        """
        func = "MBGNBD.expected_purchases_new"
        r, alpha, a, b = self._fitted(func)
        t = check_horizon(t, "t", func)
        z = np.array([t / (alpha + t)])
        bracket = _one_minus_hyp(np.array([r]), np.array([b + 1]), np.array([a + b]), z, a, r)
        return float(b / (a - 1) * bracket[0])


def _prob_alive(r, alpha, a, b, x, tx, big_t) -> np.ndarray:
    """P(alive) through its log-odds, so no power overflows."""
    from scipy.special import expit

    log_odds = np.log(a) - np.log(b + x) + (r + x) * (np.log(alpha + big_t) - np.log(alpha + tx))
    return expit(-log_odds)
