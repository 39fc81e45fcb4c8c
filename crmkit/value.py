"""Customer lifetime value (客户终生价值), and the world's truth to check it against.

=====================================  ================================================
:func:`retention_clv`                  the simple retention formula m r / (1 + d - r)
:func:`customer_lifetime_value`        discounted CLV from BG/NBD and Gamma-Gamma
:func:`world_truth`                    the world's true alive status and expectations
:func:`compare_with_truth`             BG/NBD's heterogeneity beside the world's truth
:func:`plot_alive_vs_truth`            P(alive) against the share truly alive
=====================================  ================================================
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import (
    align_series,
    check_columns,
    check_count,
    check_frame,
    check_number,
    to_timestamp,
)
from crmkit._constants import DAYS_PER_YEAR
from crmkit._plotting import get_ax
from crmkit.btyd.base import uncertainty
from crmkit.btyd.bgnbd import BGNBD
from crmkit.btyd.gamma_gamma import GammaGamma
from crmkit.metrics import calibration_table

__all__ = [
    "compare_with_truth",
    "customer_lifetime_value",
    "plot_alive_vs_truth",
    "retention_clv",
    "world_truth",
]

#: The longest horizon of :func:`customer_lifetime_value`, in periods (each period
#: evaluates the BG/NBD expectation for every customer once).
MAX_CLV_PERIODS = 1200
#: The longest finite horizon of :func:`retention_clv`, in periods.
MAX_RETENTION_PERIODS = 100_000


def _number(value: Any, name: str, func: str, **bounds: Any) -> float:
    """check_number, with a non-finite value reported as the ValueError it always was."""
    try:
        return check_number(value, name, func, **bounds)
    except TypeError as err:
        raise ValueError(str(err)) from None


def retention_clv(
    margin: Any, retention: Any, discount_rate: Any, *, periods: int | None = None
) -> Any:
    """Retention-based customer lifetime value: ``margin * r / (1 + d - r)``.

    Assumptions: every customer brings the same ``margin`` (m) per period while they
    stay; each period a share ``retention`` (r) of them stays, the same every period and
    for everyone; money a period ahead is worth ``1 / (1 + d)`` of money now; margins
    arrive at the end of each period, starting one period from now (today's margin is
    not included; add ``margin`` to include it). The value is then

    ``CLV = sum over t = 1, 2, ... of m * r**t / (1 + d)**t = m * r / (1 + d - r)``,

    or, with a finite horizon of ``periods`` periods,
    ``m * q * (1 - q**periods) / (1 - q)`` with ``q = r / (1 + d)``.

    Parameters
    ----------
    margin : float or array-like
        Margin per period of a retained customer (any currency; the CLV is in the same).
    retention : float or array-like
        Retention rate per period, between 0 and 1.
    discount_rate : float or array-like
        Discount rate per period, 0 or more.
    periods : int, optional
        Horizon in periods, 1 to 100,000; default infinite (needs ``r < 1 + d``).

    Returns
    -------
    float or numpy.ndarray or pandas.Series
        A float for scalar inputs; a Series named ``clv`` when any input is a Series
        (Series are matched by index label, never by position; labels found in only
        one raise a ValueError); otherwise an array broadcast like numpy.

    Examples
    --------
    >>> round(retention_clv(100.0, 0.8, 0.1), 2)  # 100 * 0.8 / 0.3
    266.67
    """
    func = "retention_clv"
    index = _aligned_index(
        {"margin": margin, "retention": retention, "discount_rate": discount_rate}, func
    )
    if index is not None:
        margin, retention, discount_rate = (
            v.reindex(index) if isinstance(v, pd.Series) else v
            for v in (margin, retention, discount_rate)
        )
    arrays = _numeric_inputs(
        {"margin": margin, "retention": retention, "discount_rate": discount_rate}, func
    )
    m, r, d = arrays["margin"], arrays["retention"], arrays["discount_rate"]
    if ((r < 0) | (r > 1)).any():
        raise ValueError(
            f"The 'retention' parameter of {func} must be between 0 and 1. Got {retention!r} instead."
        )
    if (d < 0).any():
        raise ValueError(
            f"The 'discount_rate' parameter of {func} must be 0 or more. "
            f"Got {discount_rate!r} instead."
        )
    q = r / (1.0 + d)
    if periods is None:
        if (q >= 1).any():
            raise ValueError(
                f"{func} with an infinite horizon needs retention < 1 + discount_rate "
                "(otherwise the value is infinite). Give a finite 'periods' or a lower retention."
            )
        value = m * r / (1.0 + d - r)
    else:
        periods = _periods(periods, func, MAX_RETENTION_PERIODS)
        with np.errstate(invalid="ignore", divide="ignore"):
            geometric = np.where(
                q == 1, float(periods), q * (1 - q**periods) / np.where(q == 1, 1, 1 - q)
            )
        value = m * geometric
    if index is not None:
        return pd.Series(np.broadcast_to(value, (len(index),)), index=index, name="clv")
    if np.ndim(value) == 0:
        return float(value)
    return value


def customer_lifetime_value(
    bgnbd: BGNBD,
    gamma_gamma: GammaGamma,
    summary: pd.DataFrame,
    *,
    periods: int = 8,
    period_length: float = 13.0,
    discount_rate: float = 0.02,
    margin_rate: float = 1.0,
) -> pd.DataFrame:
    """Discounted customer lifetime value from BG/NBD purchases and Gamma-Gamma spend.

    The horizon is cut into ``periods`` periods of ``period_length`` time units; the
    purchases BG/NBD expects in period k, times the expected spend and ``margin_rate``,
    are discounted by ``(1 + discount_rate) ** k`` (money at the end of the period).

    Parameters
    ----------
    bgnbd : BGNBD
        A fitted BG/NBD model.
    gamma_gamma : GammaGamma
        A fitted Gamma-Gamma model.
    summary : pandas.DataFrame
        ``frequency``, ``recency``, ``T`` and ``monetary_value`` per customer.
    periods : int, default 8
        Number of periods (8 quarters of 13 weeks = two years), 1 to 1,200 (the time
        taken grows with it: each period evaluates the BG/NBD expectation once).
    period_length : float, default 13
        Length of a period in the model's time units.
    discount_rate : float, default 0.02
        Discount rate per period.
    margin_rate : float, default 1
        Share of revenue kept as margin (1 gives a revenue value).

    Returns
    -------
    pandas.DataFrame
        Index of ``summary``: ``prob_alive``, ``expected_purchases`` (over the whole
        horizon), ``expected_spend`` and ``clv``.
    """
    func = "customer_lifetime_value"
    if not isinstance(bgnbd, BGNBD) or not isinstance(gamma_gamma, GammaGamma):
        raise TypeError(
            f"The 'bgnbd' and 'gamma_gamma' parameters of {func} must be a fitted BGNBD and "
            f"a fitted GammaGamma. Got {type(bgnbd).__name__} and "
            f"{type(gamma_gamma).__name__} instead."
        )
    bgnbd._fitted(func)
    gamma_gamma._fitted(func)
    periods = _periods(periods, func, MAX_CLV_PERIODS)
    length = _number(period_length, "period_length", func, low=0, low_open=True)
    d = _number(discount_rate, "discount_rate", func, low=0)
    margin = _number(margin_rate, "margin_rate", func, low=0, high=1)
    spend = gamma_gamma.expected_spend(summary)
    cumulative = [np.zeros(len(summary))]
    for k in range(1, periods + 1):
        cumulative.append(bgnbd.expected_purchases(k * length, summary).to_numpy())
    cum = np.vstack(cumulative)
    per_period = np.diff(cum, axis=0)
    factors = (1.0 + d) ** -np.arange(1, periods + 1)
    discounted = factors @ per_period
    return pd.DataFrame(
        {
            "prob_alive": bgnbd.probability_alive(summary).to_numpy(),
            "expected_purchases": cum[-1],
            "expected_spend": spend.to_numpy(),
            "clv": discounted * spend.to_numpy() * margin,
        },
        index=summary.index,
    )


def world_truth(
    truth: pd.DataFrame,
    *,
    calibration_end: Any,
    holdout_end: Any,
    unit_days: float = 7.0,
    customer_ids: Any = None,
) -> pd.DataFrame:
    """The world's true state at the end of calibration, and true hold-out expectations.

    A customer alive at ``calibration_end`` with true rate lambda (per unit) and
    drop-out probability p makes ``(1 - exp(-lambda * p * t)) / p`` purchases on average
    in the next t units (Poisson purchases, drop-out after each with probability p:
    the sum over k of P(at least k purchases) * (1 - p) ** (k - 1)).

    Parameters
    ----------
    truth : pandas.DataFrame
        The world's ``truth`` table (``customer_id``, ``purchase_rate`` per year,
        ``dropout_prob``, ``dropout_date``).
    calibration_end, holdout_end : date-like
    unit_days : float, default 7
    customer_ids : array-like, optional
        Customers to return, in this order (default all).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: ``purchase_rate`` (per unit), ``dropout_prob``,
        ``alive`` (True unless dropped out on or before calibration_end) and
        ``expected_holdout_purchases``.

    Notes
    -----
    The expectation by Poisson thinning (chapter 1 used to derive it; it lives here,
    beside the code that uses it). Purchases arrive as a Poisson process of rate
    lambda, and each is independently "the last" with probability p. The last-purchase
    arrivals are a thinned Poisson process of rate lambda * p, so the customer is still
    buying just before time s with probability ``exp(-lambda * p * s)``, and purchases
    (the last one included) arrive at rate lambda while that holds::

        E[purchases in (0, t]] = integral_0^t lambda * exp(-lambda * p * s) ds
                               = (1 - exp(-lambda * p * t)) / p

    which tends to lambda * t as p -> 0 and to 1 / p (a geometric number of
    purchases) as t -> infinity.
    """
    func = "world_truth"
    truth = check_frame(truth, "truth", func)
    check_columns(
        truth, ["customer_id", "purchase_rate", "dropout_prob", "dropout_date"], "truth", func
    )
    cal_end = to_timestamp(calibration_end, "calibration_end", func)
    hold_end = to_timestamp(holdout_end, "holdout_end", func)
    unit = _number(unit_days, "unit_days", func, low=0, low_open=True)
    if hold_end <= cal_end:
        raise ValueError(
            f"The 'holdout_end' parameter of {func} must be after calibration_end. "
            f"Got {hold_end.date()} instead."
        )
    table = truth.set_index("customer_id")
    if customer_ids is not None:
        ids = pd.Index(customer_ids)
        missing = ids.difference(table.index)
        if len(missing):
            raise ValueError(
                f"The 'customer_ids' passed to {func} include {len(missing)} id(s) not in the "
                f"truth table, e.g. {list(missing[:3])}."
            )
        table = table.loc[ids]
    rate = table["purchase_rate"].to_numpy(dtype="float64") * unit / DAYS_PER_YEAR
    p = table["dropout_prob"].to_numpy(dtype="float64")
    dropout = table["dropout_date"]
    alive = (dropout.isna() | (dropout > cal_end)).to_numpy()
    t = (hold_end - cal_end).days / unit
    with np.errstate(invalid="ignore", divide="ignore"):
        # p = 0 (never drops out; the shipped truth is rounded) has the limit rate * t
        per_alive = np.where(p > 0, -np.expm1(-rate * p * t) / p, rate * t)
    expected = np.where(alive, per_alive, 0.0)
    return pd.DataFrame(
        {
            "purchase_rate": rate,
            "dropout_prob": p,
            "alive": alive,
            "expected_holdout_purchases": expected,
        },
        index=table.index,
    )


def compare_with_truth(bgnbd: BGNBD, true_state: pd.DataFrame) -> pd.DataFrame:
    """The heterogeneity BG/NBD estimated, beside the world's true distribution.

    Parameters
    ----------
    bgnbd : BGNBD
        A fitted model.
    true_state : pandas.DataFrame
        :func:`world_truth` for the customers the model was fitted on (same units).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``quantity``: ``model``, its 95 per cent interval ``ci_low`` and
        ``ci_high`` (from the parameters' covariance, as in :meth:`BGNBD.parameters`),
        and ``truth``, for the mean and standard deviation of the purchase rate (per
        unit) and of the drop-out probability. Model values follow from the gamma (mean
        r / alpha, sd sqrt(r) / alpha) and beta (mean a / (a + b), sd
        sqrt(ab / ((a + b)^2 (a + b + 1)))) distributions.
    """
    func = "compare_with_truth"
    if not isinstance(bgnbd, BGNBD):
        raise TypeError(f"The 'bgnbd' parameter of {func} must be a fitted BGNBD.")
    bgnbd._fitted(func)
    true_state = check_frame(true_state, "true_state", func)
    check_columns(true_state, ["purchase_rate", "dropout_prob"], "true_state", func)
    rate = true_state["purchase_rate"]
    p = true_state["dropout_prob"]
    e = np.exp

    def beta_sd(z: np.ndarray) -> float:
        a, b = e(z[2]), e(z[3])
        return np.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))

    table = uncertainty(
        {
            "mean purchase rate": (lambda z: e(z[0] - z[1]), "log"),
            "sd purchase rate": (lambda z: e(0.5 * z[0] - z[1]), "log"),
            "mean drop-out prob": (lambda z: e(z[2]) / (e(z[2]) + e(z[3])), "logit"),
            "sd drop-out prob": (beta_sd, "log"),
        },
        bgnbd._logp,
        bgnbd._log_cov,
    )
    table = table.rename(columns={"estimate": "model"})[["model", "ci_low", "ci_high"]]
    table["truth"] = [rate.mean(), rate.std(ddof=0), p.mean(), p.std(ddof=0)]
    table.index.name = "quantity"
    return table


def plot_alive_vs_truth(
    prob_alive: pd.Series, alive: pd.Series, *, groups: int = 10, ax: Any = None
) -> Any:
    """P(alive) against the true share alive, customers grouped by P(alive).

    Returns
    -------
    matplotlib.axes.Axes
    """
    table = calibration_table(alive, prob_alive, groups=groups)
    ax = get_ax(ax, "plot_alive_vs_truth")
    ax.plot([0, 1], [0, 1], color="grey", linewidth=0.8, label="perfect")
    ax.plot(table["mean_predicted"], table["observed_rate"], "o-", label="groups of customers")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("mean P(alive) from BG/NBD")
    ax.set_ylabel("share truly alive")
    ax.set_title("P(alive) against the truth")
    ax.legend(loc="best")
    return ax


def _numeric_inputs(values: dict[str, Any], func: str) -> dict[str, np.ndarray]:
    """Each input as a float array of finite numbers (TypeError/ValueError naming it)."""
    arrays = {}
    for name, value in values.items():
        if isinstance(value, bool):
            raise TypeError(
                f"The '{name}' parameter of {func} must be numeric. Got a bool instead."
            )
        try:
            arr = np.asarray(value, dtype="float64")
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"The '{name}' parameter of {func} must be numeric. Got {value!r} instead."
            ) from exc
        if not np.isfinite(arr).all():
            raise ValueError(
                f"The '{name}' parameter of {func} must be finite numbers. Got {value!r} instead."
            )
        arrays[name] = arr
    return arrays


def _aligned_index(values: dict[str, Any], func: str) -> pd.Index | None:
    """The index of the Series among ``values`` (None if none); every Series must carry
    the same labels (checked with :func:`crmkit._checks.align_series`)."""
    series = [(name, v) for name, v in values.items() if isinstance(v, pd.Series)]
    if not series:
        return None
    first_name, first = series[0]
    for name, other in series[1:]:
        align_series(first, other, (first_name, name), func)
    return first.index


def _periods(periods: Any, func: str, high: int) -> int:
    """A horizon in periods: a whole number from 1 to ``high`` (ValueError otherwise)."""
    try:
        return check_count(periods, "periods", func, low=1, high=high)
    except TypeError as err:
        raise ValueError(str(err)) from None
