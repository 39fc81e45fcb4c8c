"""The BG/BB model (Fader, Hardie & Shang 2010): purchases at discrete opportunities.

Some businesses give a customer a fixed series of chances to buy: a yearly fundraising
drive, a newsletter issue, an annual event, a renewal date. At each opportunity after
the first purchase a customer who is alive buys with probability p, beta(``alpha``,
``beta``) over customers; and before each opportunity an alive customer leaves for
good with probability theta, beta(``gamma``, ``delta``) over customers. Data: the
number of opportunities n since the first purchase (the ``T`` column: a whole number),
the number x of them with a purchase (``frequency``), and the opportunity t_x of the
last purchase (``recency``; 0 when x = 0), all whole numbers with x <= t_x <= n.

Formulas
--------
Fader, P. S., Hardie, B. G. S., & Shang, J. (2010). Customer-base analysis in a
discrete-time noncontractual setting. *Marketing Science*, 29(6), 1086-1108:

- log-likelihood of one customer (equation 5), in log space::

      L = B(alpha + x, beta + n - x) / B(alpha, beta) B(gamma, delta + n) / B(gamma, delta)
          + sum_{i=0}^{n - t_x - 1} B(alpha + x, beta + t_x - x + i) / B(alpha, beta)
                                    B(gamma + 1, delta + t_x + i) / B(gamma, delta)

  (alive through n, or dead after opportunity t_x + i), the terms added with
  ``logsumexp``;
- P(alive at opportunity n + m | x, t_x, n) (equation 11 for m = 1, appendix A10)::

      B(alpha + x, beta + n - x) / B(alpha, beta) B(gamma, delta + n + m) / B(gamma, delta) / L;

- E[X(n*)] for a new customer, the expected purchases in the first n* opportunities
  (equation 8)::

      alpha / (alpha + beta) delta / (gamma - 1)
      [1 - G(gamma + delta) G(1 + delta + n*) / (G(gamma + delta + n*) G(1 + delta))];

- E[X(n, n + n*) | x, t_x, n], the expected purchases in the next n* opportunities
  (equation 13)::

      B(alpha + x + 1, beta + n - x) / B(alpha, beta) delta / (gamma - 1)
      G(gamma + delta) / G(1 + delta)
      [G(1 + delta + n) / G(gamma + delta + n)
       - G(1 + delta + n + n*) / G(gamma + delta + n + n*)] / L.

  The bracket over (gamma - 1) is written as ``G(1 + delta + n) / G(gamma + delta + n)
  (-expm1(D)) / (gamma - 1)`` with D the difference of the two log-gamma ratios, which
  has the sign of 1 - gamma: no cancellation, and the limit (a digamma difference) at
  gamma = 1.

The gradient of the log-likelihood is analytic (digamma functions, weighted by each
term's share of the likelihood).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from crmkit.btyd.base import PurchaseFitter
from crmkit.btyd.histories import summary_arrays

__all__ = ["BGBB"]


class BGBB(PurchaseFitter):
    """The BG/BB model (Fader, Hardie & Shang 2010), by maximum likelihood.

    The interface of the continuous-time models (``fit``, ``parameters``,
    ``probability_alive``, ``expected_purchases``, ``expected_purchases_new``, AIC and
    BIC), with time counted in opportunities: ``T`` is the number n of opportunities
    since the first purchase and every horizon is a whole number of opportunities.

    Attributes
    ----------
    params_ : pandas.Series
        ``alpha``, ``beta`` (purchase probability), ``gamma``, ``delta`` (drop-out
        probability), as in the paper and *lifetimes*.
    log_likelihood_ : float
        Maximised log-likelihood (sum over customers); also ``aic`` and ``bic``.
    n_customers_ : int
        Customers the model was fitted on.

    References
    ----------
    Fader, P. S., Hardie, B. G. S., & Shang, J. (2010). Customer-base analysis in a
    discrete-time noncontractual setting. *Marketing Science*, 29(6), 1086-1108.
    """

    _NAMES = ("alpha", "beta", "gamma", "delta")
    _MEANINGS = (
        "beta a of purchase probabilities per opportunity",
        "beta b of purchase probabilities per opportunity",
        "beta a of drop-out probabilities per opportunity",
        "beta b of drop-out probabilities per opportunity",
    )

    # ---- the likelihood ----------------------------------------------------------------
    def _start(self, data: Mapping[str, np.ndarray]) -> np.ndarray:
        return np.array([1.0, 1.0, 1.0, 1.0])

    def _loglik(self, params: np.ndarray, data: Mapping[str, np.ndarray]) -> np.ndarray:
        return self._loglik_grad(params, data, gradient=False)[0]

    def _loglik_grad(
        self, params: np.ndarray, data: Mapping[str, np.ndarray], gradient: bool = True
    ) -> tuple[np.ndarray, np.ndarray | None]:
        from scipy.special import betaln, digamma, logsumexp

        al, be, ga, de = params
        x, tx, n = data["frequency"], data["recency"], data["T"]
        base = betaln(al, be) + betaln(ga, de)
        # term "alive through n" (one per history) and terms "dead after t_x + i"
        log_a = betaln(al + x, be + n - x) + betaln(ga, de + n) - base
        i = np.arange(int(np.max(n - tx, initial=0)), dtype=float)[None, :]
        valid = i < (n - tx)[:, None]
        b1 = (be + tx - x)[:, None] + i
        d1 = (de + tx)[:, None] + i
        a1 = (al + x)[:, None]
        log_b = np.where(valid, betaln(a1, b1) + betaln(ga + 1, d1) - base[..., None], -np.inf)
        terms = np.column_stack([log_a, log_b])
        ll = logsumexp(terms, axis=1)
        if not gradient:
            return ll, None
        share = np.exp(terms - ll[:, None])  # each term's share of the likelihood
        sa, sb = share[:, 0], share[:, 1:]
        psi = digamma
        d_al0, d_be0 = psi(al) - psi(al + be), psi(be) - psi(al + be)
        d_ga0, d_de0 = psi(ga) - psi(ga + de), psi(de) - psi(ga + de)
        with np.errstate(invalid="ignore"):
            grad_a = np.column_stack(
                [
                    psi(al + x) - psi(al + be + n),
                    psi(be + n - x) - psi(al + be + n),
                    psi(ga) - psi(ga + de + n),
                    psi(de + n) - psi(ga + de + n),
                ]
            )
            ab = psi(a1 + b1)
            gd = psi(ga + 1 + d1)
            parts = [
                np.where(valid, psi(a1) - ab, 0.0),
                np.where(valid, psi(b1) - ab, 0.0),
                np.where(valid, psi(ga + 1) - gd, 0.0),
                np.where(valid, psi(d1) - gd, 0.0),
            ]
        grad = sa[:, None] * grad_a + np.column_stack([(sb * p).sum(axis=1) for p in parts])
        grad -= np.array([d_al0, d_be0, d_ga0, d_de0])[None, :]
        return ll, grad

    def _prepare(self, data: dict[str, np.ndarray], func: str) -> dict[str, np.ndarray]:
        _check_discrete(data, func, self._fit_cols)
        return data

    def _derived(self) -> dict[str, tuple[Callable[[np.ndarray], float], str, str]]:
        e = np.exp
        return {
            "mean_p": (
                lambda z: e(z[0]) / (e(z[0]) + e(z[1])),
                "logit",
                "mean purchase probability per opportunity while alive",
            ),
            "mean_theta": (
                lambda z: e(z[2]) / (e(z[2]) + e(z[3])),
                "logit",
                "mean drop-out probability per opportunity",
            ),
        }

    # ---- public interface ---------------------------------------------------------------
    def fit(
        self,
        summary: pd.DataFrame,
        *,
        frequency_col: str = "frequency",
        recency_col: str = "recency",
        T_col: str = "T",
        count_col: str | None = None,
    ) -> BGBB:
        """Fit alpha, beta, gamma and delta by maximum likelihood.

        Parameters
        ----------
        summary : pandas.DataFrame
            One row per customer (or per distinct history, with ``count_col``): the
            opportunities with a purchase x, the opportunity of the last purchase t_x
            and the number of opportunities n, whole numbers with x <= t_x <= n.
        frequency_col, recency_col, T_col : str
            Column names (e.g. ``T_col="periods"`` for *lifetimes*' donations data).
        count_col : str, optional
            A column saying how many customers each row stands for (e.g.
            ``"weights"`` in the donations data).

        Returns
        -------
        BGBB
            The fitted model (``self``).

        Raises
        ------
        ValueError
            For a bad summary (see :func:`crmkit.btyd.histories.summary_arrays`), a
            fractional recency or number of opportunities, a frequency above the
            recency, or fewer than 4 distinct histories.
        crmkit.btyd.base.ConvergenceError
            If the likelihood has no interior maximum the optimiser can reach.
        """
        cols = {"frequency": frequency_col, "recency": recency_col, "T": T_col}
        self._fit_cols = cols
        return self._fit(summary, "BGBB.fit", cols, count_col)

    def _arrays(self, summary: Any, func: str, cols: tuple[str, str, str]):
        named = dict(zip(self._ROLES, cols, strict=True))
        data = _check_discrete(summary_arrays(summary, func, named), func, named)
        return data["frequency"], data["recency"], data["T"]

    def probability_alive(
        self,
        summary: pd.DataFrame,
        *,
        frequency_col: str = "frequency",
        recency_col: str = "recency",
        T_col: str = "T",
        periods_ahead: int = 1,
    ) -> pd.Series:
        """P(alive) (存活概率) at opportunity n + ``periods_ahead`` (equation 11 for 1).

        ``periods_ahead=1`` (the default, as in the paper) is the chance the customer
        is still there at the next opportunity; 0 gives alive at the last observed one.

        Returns
        -------
        pandas.Series
            Named ``prob_alive``, index of ``summary``, values in [0, 1].
        """
        from scipy.special import betaln

        func = "BGBB.probability_alive"
        al, be, ga, de = self._fitted(func)
        m = _check_periods(periods_ahead, "periods_ahead", func)
        x, tx, n = self._arrays(summary, func, (frequency_col, recency_col, T_col))
        ll = self._loglik(np.array([al, be, ga, de]), {"frequency": x, "recency": tx, "T": n})
        log_alive = (
            betaln(al + x, be + n - x) - betaln(al, be) + betaln(ga, de + n + m) - betaln(ga, de)
        )
        alive = np.minimum(np.exp(log_alive - ll), 1.0)
        return pd.Series(alive, index=summary.index, name="prob_alive")

    def expected_purchases(
        self,
        t: int,
        summary: pd.DataFrame,
        *,
        frequency_col: str = "frequency",
        recency_col: str = "recency",
        T_col: str = "T",
    ) -> pd.Series:
        """Expected purchases of each customer in the next ``t`` opportunities (equation 13).

        Returns
        -------
        pandas.Series
            Named ``expected_purchases``, index of ``summary``; finite and 0 or more.
        """
        from scipy.special import betaln, gammaln

        func = "BGBB.expected_purchases"
        al, be, ga, de = self._fitted(func)
        t = _check_periods(t, "t", func)
        x, tx, n = self._arrays(summary, func, (frequency_col, recency_col, T_col))
        ll = self._loglik(np.array([al, be, ga, de]), {"frequency": x, "recency": tx, "T": n})
        log_value = (
            betaln(al + x + 1, be + n - x)
            - betaln(al, be)
            + np.log(de)
            + gammaln(ga + de)
            - gammaln(1 + de)
            - ll
        )
        value = np.exp(log_value) * _ratio_bracket(ga, de, n, t)
        return pd.Series(value, index=summary.index, name="expected_purchases")

    def expected_purchases_new(self, t: int) -> float:
        """Expected purchases of a new customer in their first ``t`` opportunities (eq. 8)."""
        from scipy.special import gammaln

        func = "BGBB.expected_purchases_new"
        al, be, ga, de = self._fitted(func)
        t = _check_periods(t, "t", func)
        scale = al / (al + be) * de * np.exp(gammaln(ga + de) - gammaln(1 + de))
        return float(scale * _ratio_bracket(ga, de, np.array([0.0]), t)[0])


def _ratio_bracket(ga: float, de: float, n: np.ndarray, t: int) -> np.ndarray:
    """``[G(1+d+n)/G(g+d+n) - G(1+d+n+t)/G(g+d+n+t)] / (g - 1)`` without cancellation."""
    from scipy.special import digamma, gammaln

    n = np.asarray(n, dtype=float)
    log_first = gammaln(1 + de + n) - gammaln(ga + de + n)
    diff = gammaln(1 + de + n + t) - gammaln(ga + de + n + t) - log_first  # sign of 1 - g
    if abs(ga - 1) < 1e-9:  # the limit: a difference of digammas
        factor = digamma(1 + de + n + t) - digamma(1 + de + n)
    else:
        factor = -np.expm1(diff) / (ga - 1)
    return np.exp(log_first) * factor


def _check_periods(t: Any, name: str, func: str) -> int:
    """A number of opportunities: a whole number, 0 or more."""
    import numbers

    ok = isinstance(t, numbers.Real) and not isinstance(t, bool) and np.isfinite(t)
    if not ok or t < 0 or t != round(t):
        raise ValueError(
            f"The '{name}' parameter of {func} must be a whole number of opportunities, 0 "
            f"or more. Got {t!r} instead."
        )
    return int(t)


def _check_discrete(
    data: dict[str, np.ndarray], func: str, cols: Mapping[str, str]
) -> dict[str, np.ndarray]:
    """Whole-number recency and T, and frequency at most recency (x <= t_x <= n)."""
    for role in ("recency", "T"):
        values = data[role]
        n_bad = int((values != np.round(values)).sum())
        if n_bad:
            raise ValueError(
                f"The column '{cols[role]}' of the 'summary' parameter of {func} must hold "
                f"whole numbers of opportunities (BG/BB counts time in opportunities). Got "
                f"{n_bad} fractional value(s) instead."
            )
    n_bad = int((data["frequency"] > data["recency"]).sum())
    if n_bad:
        raise ValueError(
            f"The column '{cols['frequency']}' of the 'summary' parameter of {func} must be "
            f"at most the recency '{cols['recency']}' (x purchases need x opportunities up "
            f"to the last one). Got {n_bad} row(s) with more instead."
        )
    return data
