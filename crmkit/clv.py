"""Customer lifetime value and churn (客户终生价值与流失).

Chapter 6 asks how much a customer is worth over the whole relationship and who is
about to leave. The module follows the chapter:

=====================================  ================================================
:func:`cohort_retention`               cohorts by first-purchase period: who still buys
:func:`cohort_table`                   the cohort table, cohorts down, periods across
:func:`retention_curve`                the size-weighted retention curve
:func:`retention_clv`                  the simple retention formula m r / (1 + d - r)
:func:`calibration_holdout`            calibration summary and hold-out purchases
:class:`BGNBD`                         the BG/NBD model (Fader, Hardie & Lee 2005a)
:class:`GammaGamma`                    the Gamma-Gamma spend model (2005b)
:func:`customer_lifetime_value`        discounted CLV from the two models
:func:`world_truth`                    the world's true alive status and expectations
:func:`compare_with_truth`             model moments beside the world's truth
:class:`ChurnLogit`                    a churn logit on RFM features (statsmodels)
:func:`auc`                            area under the ROC curve
:func:`calibration_table`              predicted against observed rates, by group
:func:`care_tiers`                     tiers from predicted value
:func:`compare_tiers`                  future value under two tier rules
plots                                  :func:`plot_cohort_heatmap`,
                                       :func:`plot_holdout`, :func:`plot_alive_vs_truth`
=====================================  ================================================

Time units
----------
The models work on the *buy-till-you-die* summary of :func:`crmkit.rfm.rfm_summary`
(``convention="btyd"``, purchases counted by day), with recency and ``T`` divided by
``unit_days`` (default 7: weeks, the unit of the CDNOW papers). Model parameters
depend on the unit: a purchase rate per week is a seventh of the rate per day.

The BG/NBD and Gamma-Gamma likelihoods are written here with :mod:`scipy` (the
formulas of the papers, as in the *lifetimes* package, whose estimates the tests
reproduce), so the chapter does not depend on *lifetimes* at run time.

Standard errors
---------------
Both models report a standard error and a 95 per cent interval for every parameter and
derived quantity, from the observed information: the Hessian of the negative
log-likelihood at the estimate, taken numerically in the log-parameters
(:mod:`statsmodels.tools.numdiff`). Intervals are symmetric on the log scale (on the
logit scale for a probability), so they never leave the quantity's range; the standard
errors are the delta-method ones on the natural scale, as *lifetimes* reports them.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_columns as _check_columns
from crmkit._checks import check_frame as _check_frame
from crmkit._checks import to_timestamp as _to_timestamp

__all__ = [
    "BGNBD",
    "ChurnLogit",
    "GammaGamma",
    "auc",
    "calibration_holdout",
    "calibration_table",
    "care_tiers",
    "churn_features",
    "cohort_retention",
    "cohort_table",
    "compare_tiers",
    "compare_with_truth",
    "customer_lifetime_value",
    "plot_alive_vs_truth",
    "plot_cohort_heatmap",
    "plot_holdout",
    "retention_clv",
    "retention_curve",
    "world_truth",
]

_COHORT_FREQS = ("Q", "M", "Y")
_DAYS_PER_YEAR = 365.25
_TIERS = ("ordinary", "silver", "gold")


# --------------------------------------------------------------------------------------
# small checks
# --------------------------------------------------------------------------------------
def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def _check_number(
    value: Any,
    name: str,
    func: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    what: str = "a number",
) -> float:
    ok = _is_number(value) and np.isfinite(value)
    if ok and low is not None:
        ok = value > low if low_open else value >= low
    if ok and high is not None:
        ok = value <= high
    if not ok:
        raise ValueError(f"The '{name}' parameter of {func} must be {what}. Got {value!r} instead.")
    return float(value)


def _check_dates(frame: pd.DataFrame, col: str, name: str, func: str) -> None:
    if not pd.api.types.is_datetime64_any_dtype(frame[col].dtype):
        raise TypeError(
            f"The {col!r} column of the '{name}' DataFrame passed to {func} must hold dates "
            f"(datetime64). Got dtype {frame[col].dtype} instead; convert it with "
            "pd.to_datetime."
        )


def _check_no_missing(frame: pd.DataFrame, cols: Sequence[str], name: str, func: str) -> None:
    for col in cols:
        n_missing = int(frame[col].isna().sum())
        if n_missing:
            raise ValueError(
                f"The {col!r} column of the '{name}' DataFrame passed to {func} has "
                f"{n_missing} missing value(s). Drop or fill those rows first, e.g. "
                f"{name} = {name}.dropna(subset=[{col!r}])."
            )


def _numeric_column(frame: pd.DataFrame, col: str, name: str, func: str) -> np.ndarray:
    dtype = frame[col].dtype
    if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
        raise TypeError(
            f"The {col!r} column of the '{name}' DataFrame passed to {func} must be numeric. "
            f"Got dtype {dtype} instead."
        )
    values = frame[col].to_numpy(dtype="float64", na_value=np.nan)
    if np.isnan(values).any():
        raise ValueError(
            f"The {col!r} column of the '{name}' DataFrame passed to {func} has "
            f"{int(np.isnan(values).sum())} missing value(s). Drop or fill them first."
        )
    return values


# --------------------------------------------------------------------------------------
# cohorts
# --------------------------------------------------------------------------------------
def cohort_retention(
    log: pd.DataFrame,
    *,
    freq: str = "Q",
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    end: Any = None,
) -> pd.DataFrame:
    """Cohort retention (同期群留存): share of each cohort still buying in later periods.

    A customer's **cohort** is the period (quarter by default) of their first purchase.
    For every cohort and every later period, the function counts the cohort's customers
    with at least one purchase in that period. Every row of ``log`` counts as a purchase:
    filter out returns or zero-value orders first if they should not count.

    Parameters
    ----------
    log : pandas.DataFrame
        Purchase log, one row per order (e.g. the world's ``transactions``).
    freq : {"Q", "M", "Y"}, default "Q"
        Period length: quarters, calendar months or years.
    customer_col, date_col : str
        Columns of the customer id and the order date (datetime64).
    end : date-like, optional
        Last day observed; default the latest order date. Periods after the period of
        ``end`` are not observed and get no row.

    Returns
    -------
    pandas.DataFrame
        One row per cohort and period number, sorted: ``cohort`` (str, e.g. "2023Q1"),
        ``period`` (int64, 0 = the first-purchase period), ``cohort_size`` (customers
        in the cohort), ``active`` (of them, customers buying in the period) and
        ``share`` (active / cohort_size; 1 in period 0).

    Examples
    --------
    >>> log = pd.DataFrame({"customer_id": [1, 1, 2],
    ...     "order_date": pd.to_datetime(["2025-01-05", "2025-04-01", "2025-02-01"])})
    >>> cohort_retention(log)[["cohort", "period", "active", "share"]]  # doctest: +NORMALIZE_WHITESPACE
        cohort  period  active  share
    0  2025Q1       0       2    1.0
    1  2025Q1       1       1    0.5
    """
    func = "cohort_retention"
    if freq not in _COHORT_FREQS:
        raise ValueError(
            f"The 'freq' parameter of {func} must be one of {list(_COHORT_FREQS)}. "
            f"Got {freq!r} instead."
        )
    log = _check_frame(log, "log", func)
    _check_columns(log, {"customer_col": customer_col, "date_col": date_col}, "log", func)
    _check_dates(log, date_col, "log", func)
    _check_no_missing(log, [customer_col, date_col], "log", func)
    last_date = log[date_col].max()
    if end is not None:
        end_ts = _to_timestamp(end, "end", func)
        if end_ts < last_date:
            raise ValueError(
                f"The 'end' parameter of {func} must not be before the latest order "
                f"({last_date.date()}). Got {end_ts.date()} instead; filter the log first."
            )
        last_date = end_ts
    ordinal = pd.PeriodIndex(log[date_col], freq=freq).asi8
    frame = pd.DataFrame({"customer": log[customer_col].to_numpy(), "p": ordinal})
    first = frame.groupby("customer")["p"].min()
    frame["c"] = frame["customer"].map(first).to_numpy()
    frame["period"] = frame["p"] - frame["c"]
    active = frame.drop_duplicates(["customer", "period"]).groupby(["c", "period"]).size()
    sizes = first.value_counts().sort_index()
    last = int(pd.Period(last_date, freq=freq).ordinal)
    rows = [(c, k) for c in sizes.index for k in range(last - int(c) + 1)]
    grid = pd.MultiIndex.from_tuples(rows, names=["c", "period"])
    out = active.reindex(grid, fill_value=0).rename("active").reset_index()
    out["cohort_size"] = out["c"].map(sizes).astype("int64")
    out["cohort"] = pd.PeriodIndex.from_ordinals(out["c"].to_numpy(), freq=freq).astype("str")
    out["period"] = out["period"].astype("int64")
    out["active"] = out["active"].astype("int64")
    out["share"] = out["active"] / out["cohort_size"]
    return out[["cohort", "period", "cohort_size", "active", "share"]]


def _check_cohorts(cohorts: Any, func: str) -> pd.DataFrame:
    cohorts = _check_frame(cohorts, "cohorts", func)
    _check_columns(cohorts, ["cohort", "period", "cohort_size", "active", "share"], "cohorts", func)
    return cohorts


def cohort_table(cohorts: pd.DataFrame) -> pd.DataFrame:
    """The cohort table: one row per cohort, one column per period, shares inside.

    Parameters
    ----------
    cohorts : pandas.DataFrame
        Output of :func:`cohort_retention`.

    Returns
    -------
    pandas.DataFrame
        Index ``cohort`` (in time order), columns the period numbers 0, 1, 2, ...
        (named ``period``), values the share of the cohort buying in the period; NaN
        where the period is not observed yet (the lower-right triangle).
    """
    cohorts = _check_cohorts(cohorts, "cohort_table")
    order = list(dict.fromkeys(cohorts["cohort"]))
    table = cohorts.pivot_table(index="cohort", columns="period", values="share", aggfunc="first")
    return table.reindex(order)


def retention_curve(cohorts: pd.DataFrame) -> pd.DataFrame:
    """The retention curve (留存曲线): share still buying, pooled over cohorts.

    Each period number pools the cohorts observed that long, weighting each by its
    size, so the later points rest on fewer (older) cohorts.

    Parameters
    ----------
    cohorts : pandas.DataFrame
        Output of :func:`cohort_retention`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``period``: ``cohorts`` (number of cohorts observed), ``customers``
        (their total size), ``active`` and ``share`` (active / customers).
    """
    cohorts = _check_cohorts(cohorts, "retention_curve")
    out = cohorts.groupby("period").agg(
        cohorts=("cohort", "size"), customers=("cohort_size", "sum"), active=("active", "sum")
    )
    out["share"] = out["active"] / out["customers"]
    return out


# --------------------------------------------------------------------------------------
# the simple retention formula
# --------------------------------------------------------------------------------------
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
        Horizon in periods; default infinite (needs ``r < 1 + d``).

    Returns
    -------
    float or numpy.ndarray or pandas.Series
        A float for scalar inputs; otherwise broadcast like numpy (a Series keeps its
        index when ``margin`` is a Series).

    Examples
    --------
    >>> round(retention_clv(100.0, 0.8, 0.1), 2)  # 100 * 0.8 / 0.3
    266.67
    """
    func = "retention_clv"
    arrays = {}
    for name, value in (
        ("margin", margin),
        ("retention", retention),
        ("discount_rate", discount_rate),
    ):
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
        if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 1:
            raise ValueError(
                f"The 'periods' parameter of {func} must be a whole number, 1 or more, or None. "
                f"Got {periods!r} instead."
            )
        with np.errstate(invalid="ignore", divide="ignore"):
            geometric = np.where(
                q == 1, float(periods), q * (1 - q**periods) / np.where(q == 1, 1, 1 - q)
            )
        value = m * geometric
    if isinstance(margin, pd.Series):
        return pd.Series(np.broadcast_to(value, margin.shape), index=margin.index, name="clv")
    if np.ndim(value) == 0:
        return float(value)
    return value


# --------------------------------------------------------------------------------------
# calibration and hold-out
# --------------------------------------------------------------------------------------
def calibration_holdout(
    log: pd.DataFrame,
    *,
    calibration_end: Any,
    holdout_end: Any,
    unit_days: float = 7.0,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    value_col: str = "revenue",
) -> pd.DataFrame:
    """Split a purchase log into a calibration summary and hold-out purchases.

    The calibration period runs to ``calibration_end`` (inclusive), the **hold-out
    period** (留出期) from the next day to ``holdout_end``. Only customers whose first
    purchase falls in the calibration period are described (a model fitted on the
    calibration period knows nothing of later newcomers). As in chapter 3, an order with
    value 0 or less (fully returned) is not a purchase, and purchases are counted by day
    (two orders on one day are one purchase), the convention BG/NBD assumes.

    Parameters
    ----------
    log : pandas.DataFrame
        Purchase log, one row per order.
    calibration_end, holdout_end : date-like
        Last day of the calibration and of the hold-out period.
    unit_days : float, default 7
        Length of the model's time unit in days (7 = weeks).
    customer_col, date_col, value_col : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer id (sorted): the btyd summary at ``calibration_end`` from
        :func:`crmkit.rfm.rfm_summary` (``frequency``, ``recency``, ``T``,
        ``monetary_value``, ``excluded_orders``; recency and T in units), then
        ``frequency_holdout`` (float64, purchase days in the hold-out period),
        ``revenue_holdout`` (float64) and ``duration_holdout`` (hold-out length in
        units, the same for everyone).

    Warns
    -----
    UserWarning
        From :func:`crmkit.rfm.rfm_summary`, if a customer's calibration orders are all
        returns (that customer is then not described).
    """
    from crmkit.rfm import rfm_summary

    func = "calibration_holdout"
    log = _check_frame(log, "log", func)
    _check_columns(
        log,
        {"customer_col": customer_col, "date_col": date_col, "value_col": value_col},
        "log",
        func,
    )
    _check_dates(log, date_col, "log", func)
    cal_end = _to_timestamp(calibration_end, "calibration_end", func)
    hold_end = _to_timestamp(holdout_end, "holdout_end", func)
    unit = _check_number(
        unit_days, "unit_days", func, low=0, low_open=True, what="a positive number of days"
    )
    if hold_end <= cal_end:
        raise ValueError(
            f"The 'holdout_end' parameter of {func} must be after calibration_end "
            f"({cal_end.date()}). Got {hold_end.date()} instead."
        )
    day = log[date_col].dt.floor("D")
    cal = log[day <= cal_end]
    if len(cal) == 0:
        raise ValueError(
            f"The 'log' passed to {func} has no order on or before calibration_end "
            f"({cal_end.date()}). Choose a later calibration_end."
        )
    summary = rfm_summary(
        cal,
        analysis_date=cal_end,
        convention="btyd",
        customer_col=customer_col,
        date_col=date_col,
        value_col=value_col,
        freq="D",
    )
    summary["recency"] = summary["recency"] / unit
    summary["T"] = summary["T"] / unit
    hold = log[(day > cal_end) & (day <= hold_end) & (log[value_col] > 0)]
    hold = hold[hold[customer_col].isin(summary.index)]
    hold_days = hold.assign(_day=day[hold.index]).drop_duplicates([customer_col, "_day"])
    counts = hold_days.groupby(customer_col).size()
    revenue = hold.groupby(customer_col)[value_col].sum()
    summary["frequency_holdout"] = counts.reindex(summary.index, fill_value=0).astype("float64")
    summary["revenue_holdout"] = revenue.reindex(summary.index, fill_value=0.0).astype("float64")
    summary["duration_holdout"] = float((hold_end - cal_end).days) / unit
    return summary


def _check_summary(
    summary: Any, func: str, frequency_col: str, recency_col: str, t_col: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    summary = _check_frame(summary, "summary", func)
    _check_columns(
        summary,
        {"frequency_col": frequency_col, "recency_col": recency_col, "T_col": t_col},
        "summary",
        func,
    )
    x = _numeric_column(summary, frequency_col, "summary", func)
    tx = _numeric_column(summary, recency_col, "summary", func)
    big_t = _numeric_column(summary, t_col, "summary", func)
    if (x < 0).any() or (x != np.round(x)).any():
        raise ValueError(
            f"The {frequency_col!r} column passed to {func} must hold whole numbers of repeat "
            "purchases, 0 or more."
        )
    if (tx < 0).any() or (big_t < 0).any():
        raise ValueError(
            f"The {recency_col!r} and {t_col!r} columns passed to {func} must be 0 or more "
            "(times since the first purchase)."
        )
    n_late = int((tx > big_t + 1e-9).sum())
    if n_late:
        raise ValueError(
            f"The summary passed to {func} has recency larger than T for {n_late} "
            "customer(s): the last purchase cannot come after the end of the period."
        )
    n_bad = int(((x == 0) & (tx > 0)).sum())
    if n_bad:
        raise ValueError(
            f"The summary passed to {func} has {n_bad} customer(s) with no repeat purchase "
            "but recency above 0; recency must be 0 when frequency is 0 (the btyd convention "
            "of crmkit.rfm.rfm_summary)."
        )
    return x, tx, big_t


def _minimise(fun: Any, x0: np.ndarray) -> Any:
    from scipy.optimize import minimize

    options = {"xatol": 1e-9, "fatol": 1e-12, "maxiter": 20_000, "maxfev": 20_000}
    res = minimize(fun, x0, method="Nelder-Mead", options=options)
    # a restart from the solution guards against Nelder-Mead stalling on a ridge
    return minimize(fun, res.x, method="Nelder-Mead", options=options)


#: The normal quantile of a two-sided 95 per cent interval.
_Z95 = 1.959963984540054


def _log_covariance(neg_loglik: Callable[[np.ndarray], float], logp: np.ndarray, model: str):
    """Covariance of the log-parameters: the inverse of the observed information.

    ``neg_loglik`` is the *total* negative log-likelihood as a function of the
    log-parameters. When the information is not positive definite (a flat likelihood:
    a parameter the data cannot pin down) the covariance is all NaN, with a warning.
    """
    from statsmodels.tools.numdiff import approx_hess3

    with np.errstate(all="ignore"):  # a flat or unbounded likelihood is reported below
        hess = approx_hess3(np.asarray(logp, dtype=float), neg_loglik)
    hess = (hess + hess.T) / 2
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


def _uncertainty(
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
            "ci_low": float(inverse(centre - _Z95 * se_link)),
            "ci_high": float(inverse(centre + _Z95 * se_link)),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def _natural_covariance(logp: np.ndarray, log_cov: np.ndarray, names: Sequence[str]):
    """The covariance of the parameters themselves (delta method: D cov D, D = diag p)."""
    d = np.exp(logp)
    return pd.DataFrame(log_cov * np.outer(d, d), index=list(names), columns=list(names))


# --------------------------------------------------------------------------------------
# BG/NBD
# --------------------------------------------------------------------------------------
class BGNBD:
    """The BG/NBD model (Fader, Hardie & Lee 2005a), fitted by maximum likelihood.

    While alive, a customer buys as a Poisson process with rate lambda; rates vary over
    customers as a gamma distribution with shape ``r`` and rate ``alpha``. After every
    repeat purchase the customer drops out for good with probability p; p varies as a
    beta distribution with parameters ``a`` and ``b``. The data are each customer's
    repeat purchases x (``frequency``), the time of the last one t_x (``recency``) and
    the time since the first purchase T (``T``).

    Attributes
    ----------
    params_ : pandas.Series
        ``r``, ``alpha``, ``a``, ``b``.
    log_likelihood_ : float
        Maximised log-likelihood (sum over customers).
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

    def __init__(self) -> None:
        self.params_: pd.Series | None = None

    def __repr__(self) -> str:
        if self.params_ is None:
            return "BGNBD(not fitted)"
        shown = ", ".join(f"{k}={v:.3f}" for k, v in self.params_.items())
        return f"BGNBD({shown}, n={self.n_customers_})"

    @staticmethod
    def _loglik(params: np.ndarray, x: np.ndarray, tx: np.ndarray, big_t: np.ndarray) -> np.ndarray:
        from scipy.special import gammaln

        r, alpha, a, b = params
        a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
        a3 = -(r + x) * np.log(alpha + big_t)
        with np.errstate(divide="ignore", invalid="ignore"):
            a4 = np.where(
                x > 0,
                np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx),
                -np.inf,
            )
        return a1 + a2 + np.logaddexp(a3, a4)

    def fit(
        self,
        summary: pd.DataFrame,
        *,
        frequency_col: str = "frequency",
        recency_col: str = "recency",
        T_col: str = "T",
    ) -> BGNBD:
        """Fit the four parameters by maximum likelihood.

        Parameters
        ----------
        summary : pandas.DataFrame
            One row per customer with repeat purchases, recency and T (the output of
            :func:`calibration_holdout` or ``rfm_summary(..., convention="btyd")``).
        frequency_col, recency_col, T_col : str
            Column names.

        Returns
        -------
        BGNBD
            The fitted model (``self``).
        """
        x, tx, big_t = _check_summary(summary, "BGNBD.fit", frequency_col, recency_col, T_col)
        if not np.any(x > 0):
            raise ValueError(
                f"BGNBD.fit needs at least one customer with a repeat purchase (column "
                f"{frequency_col!r} above 0); without one, the drop-out parameters a and b "
                f"cannot be estimated. Use a longer calibration period."
            )
        keys = np.column_stack([x, tx, big_t])
        uniq, weights = np.unique(keys, axis=0, return_counts=True)
        ux, utx, ut = uniq[:, 0], uniq[:, 1], uniq[:, 2]
        n = len(x)
        scale = float(np.mean(big_t))  # start near the data's time scale

        def objective(logp: np.ndarray) -> float:
            p = np.exp(np.clip(logp, -30, 30))
            ll = self._loglik(p, ux, utx, ut)
            return -float(np.dot(weights, ll)) / n

        res = _minimise(objective, np.log([1.0, scale, 1.0, 1.0]))
        self.params_ = pd.Series(np.exp(res.x), index=list(self._NAMES), name="estimate")
        self.log_likelihood_ = -float(res.fun) * n
        self.n_customers_ = int(n)
        self._logp = np.asarray(res.x, dtype=float)
        self._log_cov = _log_covariance(lambda z: objective(z) * n, self._logp, "BGNBD.fit")
        self.covariance_ = _natural_covariance(self._logp, self._log_cov, self._NAMES)
        return self

    def _fitted(self, func: str) -> tuple[float, float, float, float]:
        if self.params_ is None:
            raise ValueError(f"{func} needs a fitted model: call .fit(summary) first.")
        return tuple(float(v) for v in self.params_)  # type: ignore[return-value]

    def parameters(self) -> pd.DataFrame:
        """The fitted parameters as a tidy table, with their uncertainty.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``parameter``: ``estimate``, ``std_error``, ``ci_low``,
            ``ci_high`` (95 per cent) and ``meaning``, for r, alpha, a, b and the
            implied ``mean_rate`` (r / alpha, purchases per unit while alive) and
            ``mean_dropout`` (a / (a + b), drop-out probability per purchase). See the
            module's "Standard errors".
        """
        self._fitted("BGNBD.parameters")
        e = np.exp
        table = _uncertainty(
            {
                "r": (lambda z: e(z[0]), "log"),
                "alpha": (lambda z: e(z[1]), "log"),
                "a": (lambda z: e(z[2]), "log"),
                "b": (lambda z: e(z[3]), "log"),
                "mean_rate": (lambda z: e(z[0] - z[1]), "log"),
                "mean_dropout": (lambda z: e(z[2]) / (e(z[2]) + e(z[3])), "logit"),
            },
            self._logp,
            self._log_cov,
        )
        table["meaning"] = [
            "gamma shape of purchase rates",
            "gamma rate (scale in time units) of purchase rates",
            "beta a of drop-out probabilities",
            "beta b of drop-out probabilities",
            "mean purchase rate per time unit while alive",
            "mean drop-out probability after a purchase",
        ]
        table.index.name = "parameter"
        return table

    def _data(self, summary: Any, func: str, cols: Sequence[str]) -> tuple[np.ndarray, ...]:
        return _check_summary(summary, func, *cols)

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
        r, alpha, a, b = self._fitted("BGNBD.probability_alive")
        x, tx, big_t = self._data(
            summary, "BGNBD.probability_alive", (frequency_col, recency_col, T_col)
        )
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            log_odds = (
                np.log(a)
                - np.log(np.maximum(b + x - 1, 1e-300))
                + (r + x) * (np.log(alpha + big_t) - np.log(alpha + tx))
            )
            dead_over_alive = np.where(x > 0, np.exp(log_odds), 0.0)
            p = 1.0 / (1.0 + dead_over_alive)
        return pd.Series(p, index=summary.index, name="prob_alive")

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
        equation 10), with the Gaussian hypergeometric function of scipy.

        Returns
        -------
        pandas.Series
            Named ``expected_purchases``, index of ``summary``.
        """
        from scipy.special import hyp2f1

        func = "BGNBD.expected_purchases"
        r, alpha, a, b = self._fitted(func)
        t = _check_number(t, "t", func, low=0, what="a time of 0 or more")
        x, _, big_t = self._data(summary, func, (frequency_col, recency_col, T_col))
        z = t / (alpha + big_t + t)
        term = 1.0 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x) * hyp2f1(
            r + x, b + x, a + b + x - 1, z
        )
        first = (a + b + x - 1) / (a - 1) * term
        alive = self.probability_alive(
            summary, frequency_col=frequency_col, recency_col=recency_col, T_col=T_col
        ).to_numpy()
        return pd.Series(first * alive, index=summary.index, name="expected_purchases")

    def expected_purchases_new(self, t: float) -> float:
        """Expected repeat purchases of a new customer in their first ``t`` units (eq. 9)."""
        from scipy.special import hyp2f1

        func = "BGNBD.expected_purchases_new"
        r, alpha, a, b = self._fitted(func)
        t = _check_number(t, "t", func, low=0, what="a time of 0 or more")
        value = (
            (a + b - 1)
            / (a - 1)
            * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))
        )
        return float(value)


# --------------------------------------------------------------------------------------
# Gamma-Gamma
# --------------------------------------------------------------------------------------
class GammaGamma:
    """The Gamma-Gamma spend model (Fader, Hardie & Lee 2005b), by maximum likelihood.

    A customer's order values are gamma with shape ``p`` and a customer-level rate nu;
    nu varies over customers as a gamma with shape ``q`` and rate ``gamma``. The mean
    order value is then p / nu, with population mean ``p * gamma / (q - 1)``. Spend is
    assumed independent of how often a customer buys. Only customers with at least one
    repeat purchase are used (``monetary_value`` is the mean of the repeat purchases).

    Attributes
    ----------
    params_ : pandas.Series
        ``p``, ``q``, ``gamma`` (called ``v`` in *lifetimes*).
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

    def __init__(self) -> None:
        self.params_: pd.Series | None = None

    def __repr__(self) -> str:
        if self.params_ is None:
            return "GammaGamma(not fitted)"
        shown = ", ".join(f"{k}={v:.3f}" for k, v in self.params_.items())
        return f"GammaGamma({shown}, n={self.n_customers_})"

    @staticmethod
    def _data(
        summary: Any, func: str, frequency_col: str, monetary_col: str
    ) -> tuple[np.ndarray, np.ndarray]:
        summary = _check_frame(summary, "summary", func)
        _check_columns(
            summary,
            {"frequency_col": frequency_col, "monetary_col": monetary_col},
            "summary",
            func,
        )
        x = _numeric_column(summary, frequency_col, "summary", func)
        m = _numeric_column(summary, monetary_col, "summary", func)
        if (x < 0).any() or (x != np.round(x)).any():
            raise ValueError(
                f"The {frequency_col!r} column passed to {func} must hold whole numbers, 0 or more."
            )
        n_bad = int(((x > 0) & (m <= 0)).sum())
        if n_bad:
            raise ValueError(
                f"The {monetary_col!r} column passed to {func} must be above 0 for customers "
                f"with repeat purchases; {n_bad} are not. Remove returns first."
            )
        return x, m

    def fit(
        self,
        summary: pd.DataFrame,
        *,
        frequency_col: str = "frequency",
        monetary_col: str = "monetary_value",
    ) -> GammaGamma:
        """Fit p, q and gamma on the customers with repeat purchases.

        Returns
        -------
        GammaGamma
            The fitted model (``self``).
        """
        from scipy.special import gammaln

        func = "GammaGamma.fit"
        x, m = self._data(summary, func, frequency_col, monetary_col)
        keep = x > 0
        if keep.sum() < 3:
            raise ValueError(
                f"{func} needs at least 3 customers with a repeat purchase; got {int(keep.sum())}."
            )
        x, m = x[keep], m[keep]

        def objective(logp: np.ndarray) -> float:
            p, q, v = np.exp(np.clip(logp, -30, 30))
            px = p * x
            ll = (
                gammaln(px + q)
                - gammaln(px)
                - gammaln(q)
                + q * np.log(v)
                + (px - 1) * np.log(m)
                + px * np.log(x)
                - (px + q) * np.log(x * m + v)
            )
            return -float(ll.mean())

        res = _minimise(objective, np.log([1.0, 2.0, float(np.mean(m))]))
        self.params_ = pd.Series(np.exp(res.x), index=list(self._NAMES), name="estimate")
        self.n_customers_ = int(keep.sum())
        self.n_left_out_ = int((~keep).sum())
        n = len(x)
        self._logp = np.asarray(res.x, dtype=float)
        self._log_cov = _log_covariance(lambda z: objective(z) * n, self._logp, func)
        self.covariance_ = _natural_covariance(self._logp, self._log_cov, self._NAMES)
        return self

    def _fitted(self, func: str) -> tuple[float, float, float]:
        if self.params_ is None:
            raise ValueError(f"{func} needs a fitted model: call .fit(summary) first.")
        return tuple(float(v) for v in self.params_)  # type: ignore[return-value]

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
        q = self._fitted("GammaGamma.parameters")[1]
        e = np.exp
        quantities = {
            "p": (lambda z: e(z[0]), "log"),
            "q": (lambda z: e(z[1]), "log"),
            "gamma": (lambda z: e(z[2]), "log"),
        }
        if q > 1:
            quantities["mean_spend"] = (lambda z: e(z[0] + z[2]) / (e(z[1]) - 1), "log")
        table = _uncertainty(quantities, self._logp, self._log_cov)
        if q <= 1:
            table.loc["mean_spend"] = [np.inf, np.nan, np.nan, np.nan]
        table["meaning"] = [
            "gamma shape of one customer's order values",
            "gamma shape of the spend rates across customers",
            "gamma rate of the spend rates across customers",
            "population mean order value, p * gamma / (q - 1)",
        ]
        table.index.name = "parameter"
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
        x, m = self._data(summary, func, frequency_col, monetary_col)
        m = np.where(x > 0, m, 0.0)
        return pd.Series(
            (v + m * x) * p / (p * x + q - 1), index=summary.index, name="expected_spend"
        )


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
        Number of periods (8 quarters of 13 weeks = two years).
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
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 1:
        raise ValueError(
            f"The 'periods' parameter of {func} must be a whole number, 1 or more. "
            f"Got {periods!r} instead."
        )
    length = _check_number(
        period_length, "period_length", func, low=0, low_open=True, what="a positive number"
    )
    d = _check_number(discount_rate, "discount_rate", func, low=0, what="a number, 0 or more")
    margin = _check_number(margin_rate, "margin_rate", func, low=0, high=1, what="between 0 and 1")
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


# --------------------------------------------------------------------------------------
# the world's truth
# --------------------------------------------------------------------------------------
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
    """
    func = "world_truth"
    truth = _check_frame(truth, "truth", func)
    _check_columns(
        truth, ["customer_id", "purchase_rate", "dropout_prob", "dropout_date"], "truth", func
    )
    cal_end = _to_timestamp(calibration_end, "calibration_end", func)
    hold_end = _to_timestamp(holdout_end, "holdout_end", func)
    unit = _check_number(
        unit_days, "unit_days", func, low=0, low_open=True, what="a positive number"
    )
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
    rate = table["purchase_rate"].to_numpy(dtype="float64") * unit / _DAYS_PER_YEAR
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
    true_state = _check_frame(true_state, "true_state", func)
    _check_columns(true_state, ["purchase_rate", "dropout_prob"], "true_state", func)
    rate = true_state["purchase_rate"]
    p = true_state["dropout_prob"]
    e = np.exp

    def beta_sd(z: np.ndarray) -> float:
        a, b = e(z[2]), e(z[3])
        return np.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))

    table = _uncertainty(
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


# --------------------------------------------------------------------------------------
# churn model and its evaluation
# --------------------------------------------------------------------------------------
def _binary(values: Any, name: str, func: str) -> np.ndarray:
    s = pd.Series(values)
    if s.isna().any():
        raise ValueError(f"The '{name}' parameter of {func} has missing values; drop them first.")
    if not (pd.api.types.is_bool_dtype(s.dtype) or set(pd.unique(s)) <= {0, 1}):
        raise ValueError(
            f"The '{name}' parameter of {func} must be yes/no (bool or 0/1). "
            f"Got values {sorted(map(str, pd.unique(s)))[:5]} instead."
        )
    return s.to_numpy(dtype="float64")


class ChurnLogit:
    """A churn model (流失预测模型): logistic regression on RFM features (statsmodels).

    Parameters
    ----------
    predictors : sequence of str, default ("recency_gap", "frequency", "T", "log_monetary")
        Numeric columns of the table passed to :meth:`fit` and :meth:`predict`.
    outcome : str, default "churned"
        A yes/no column: True = the customer did not buy in the following period.

    Attributes
    ----------
    coefficients_ : pandas.DataFrame
        One row per term (``const`` first): ``estimate`` (log-odds), ``std_error``,
        its 95 per cent interval ``ci_low``, ``ci_high``, ``p_value``, ``odds_ratio``
        and the odds ratio's interval ``odds_ratio_low``, ``odds_ratio_high``.
    result_ : statsmodels result
    """

    def __init__(
        self,
        predictors: Sequence[str] = ("recency_gap", "frequency", "T", "log_monetary"),
        outcome: str = "churned",
    ) -> None:
        if isinstance(predictors, str) or not all(isinstance(p, str) for p in predictors):
            raise ValueError(
                "The 'predictors' parameter of ChurnLogit must be a list of column names. "
                f"Got {predictors!r} instead."
            )
        if len(predictors) == 0:
            raise ValueError("The 'predictors' parameter of ChurnLogit must name a column.")
        if outcome in predictors:
            raise ValueError(f"The outcome {outcome!r} of ChurnLogit is also a predictor.")
        self.predictors = list(predictors)
        self.outcome = outcome
        self.result_: Any = None

    def __repr__(self) -> str:
        state = "fitted" if self.result_ is not None else "not fitted"
        return f"ChurnLogit(predictors={self.predictors}, outcome={self.outcome!r}, {state})"

    def _x(self, table: Any, func: str) -> np.ndarray:
        table = _check_frame(table, "table", func)
        _check_columns(table, self.predictors, "table", func)
        cols = [_numeric_column(table, c, "table", func) for c in self.predictors]
        return np.column_stack([np.ones(len(table)), *cols])

    def fit(self, table: pd.DataFrame) -> ChurnLogit:
        """Fit the logit by maximum likelihood; returns ``self``."""
        import statsmodels.api as sm

        func = "ChurnLogit.fit"
        x = self._x(table, func)
        _check_columns(table, [self.outcome], "table", func)
        y = _binary(table[self.outcome], self.outcome, func)
        if len(np.unique(y)) < 2:
            raise ValueError(
                f"The {self.outcome!r} column passed to {func} has only one value, so there "
                "is nothing to predict."
            )
        result = sm.Logit(y, x).fit(disp=0, method="newton", maxiter=100)
        self.result_ = result
        names = ["const", *self.predictors]
        ci = np.asarray(result.conf_int(alpha=0.05))
        self.coefficients_ = pd.DataFrame(
            {
                "estimate": np.asarray(result.params),
                "std_error": np.asarray(result.bse),
                "ci_low": ci[:, 0],
                "ci_high": ci[:, 1],
                "p_value": np.asarray(result.pvalues),
                "odds_ratio": np.exp(np.asarray(result.params)),
                "odds_ratio_low": np.exp(ci[:, 0]),
                "odds_ratio_high": np.exp(ci[:, 1]),
            },
            index=pd.Index(names, name="term"),
        )
        return self

    def predict(self, table: pd.DataFrame) -> pd.Series:
        """Predicted churn probability per row of ``table`` (Series ``churn_prob``)."""
        func = "ChurnLogit.predict"
        if self.result_ is None:
            raise ValueError(f"{func} needs a fitted model: call .fit(table) first.")
        x = self._x(table, func)
        eta = x @ np.asarray(self.result_.params)
        return pd.Series(1.0 / (1.0 + np.exp(-eta)), index=table.index, name="churn_prob")


def churn_features(calhold: pd.DataFrame) -> pd.DataFrame:
    """RFM features and the churn outcome from :func:`calibration_holdout`.

    Returns
    -------
    pandas.DataFrame
        Index of ``calhold``: ``recency_gap`` (T - recency: time since the last
        purchase), ``frequency``, ``T``, ``log_monetary`` (log of 1 + the mean order
        value of repeat purchases) and ``churned`` (bool: no purchase in the hold-out
        period).
    """
    func = "churn_features"
    calhold = _check_frame(calhold, "calhold", func)
    _check_columns(
        calhold,
        ["frequency", "recency", "T", "monetary_value", "frequency_holdout"],
        "calhold",
        func,
    )
    return pd.DataFrame(
        {
            "recency_gap": calhold["T"] - calhold["recency"],
            "frequency": calhold["frequency"],
            "T": calhold["T"],
            "log_monetary": np.log1p(calhold["monetary_value"].clip(lower=0)),
            "churned": calhold["frequency_holdout"] == 0,
        },
        index=calhold.index,
    )


def auc(y_true: Any, score: Any) -> float:
    """Area under the ROC curve: the chance a random positive outscores a random negative.

    Computed from ranks (the Mann-Whitney statistic); ties count one half.

    Parameters
    ----------
    y_true : array-like of bool or 0/1
    score : array-like of float (higher = more likely positive)

    Returns
    -------
    float
        Between 0 and 1; 0.5 is no better than chance.

    Examples
    --------
    >>> auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    from scipy.stats import rankdata

    func = "auc"
    y = _binary(y_true, "y_true", func)
    s = pd.Series(score)
    if len(s) != len(y):
        raise ValueError(
            f"The 'score' parameter of {func} must have one value per y_true "
            f"({len(y)}). Got {len(s)} instead."
        )
    if not pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        raise TypeError(f"The 'score' parameter of {func} must be numeric. Got {s.dtype} instead.")
    values = s.to_numpy(dtype="float64")
    if np.isnan(values).any():
        raise ValueError(f"The 'score' parameter of {func} has missing values; drop them first.")
    n_pos = int(y.sum())
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError(
            f"The 'y_true' parameter of {func} must contain both outcomes; it has "
            f"{n_pos} positive(s) and {n_neg} negative(s)."
        )
    ranks = rankdata(values)
    return float((ranks[y == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def calibration_table(y_true: Any, prob: Any, *, groups: int = 10) -> pd.DataFrame:
    """Predicted against observed: customers sorted by prediction, in equal groups.

    Parameters
    ----------
    y_true : array-like of bool or 0/1
    prob : array-like of float in [0, 1]
    groups : int, default 10
        Number of groups (deciles by default), 2 or more.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``group`` (1 = lowest predictions): ``customers``,
        ``mean_predicted`` and ``observed_rate``. A well calibrated model has the two
        close in every group.
    """
    func = "calibration_table"
    y = _binary(y_true, "y_true", func)
    p = pd.Series(prob)
    if not pd.api.types.is_numeric_dtype(p.dtype) or pd.api.types.is_bool_dtype(p.dtype):
        raise TypeError(f"The 'prob' parameter of {func} must be numeric. Got {p.dtype} instead.")
    p = p.to_numpy(dtype="float64")
    if len(p) != len(y):
        raise ValueError(
            f"The 'prob' parameter of {func} must have one value per y_true ({len(y)}). "
            f"Got {len(p)} instead."
        )
    if np.isnan(p).any() or (p < 0).any() or (p > 1).any():
        raise ValueError(f"The 'prob' parameter of {func} must be probabilities in [0, 1].")
    if isinstance(groups, bool) or not isinstance(groups, (int, np.integer)) or groups < 2:
        raise ValueError(
            f"The 'groups' parameter of {func} must be a whole number, 2 or more. "
            f"Got {groups!r} instead."
        )
    if groups > len(p):
        raise ValueError(
            f"The 'groups' parameter of {func} must not exceed the number of customers "
            f"({len(p)}). Got {groups} instead."
        )
    order = np.argsort(p, kind="stable")
    group = np.empty(len(p), dtype=np.int64)
    for k, chunk in enumerate(np.array_split(order, groups), start=1):
        group[chunk] = k
    frame = pd.DataFrame({"group": group, "p": p, "y": y})
    return frame.groupby("group").agg(
        customers=("y", "size"), mean_predicted=("p", "mean"), observed_rate=("y", "mean")
    )


# --------------------------------------------------------------------------------------
# care tiers
# --------------------------------------------------------------------------------------
def care_tiers(
    value: pd.Series,
    *,
    shares: Mapping[str, float] | None = None,
    reference: pd.Series | None = None,
) -> pd.Series:
    """Care tiers (关怀等级) drawn from predicted value: the top customers get gold.

    Parameters
    ----------
    value : pandas.Series
        Predicted value per customer (e.g. the ``clv`` column).
    shares : dict, optional
        Share of customers per tier, keys ``ordinary``, ``silver``, ``gold``, summing
        to 1. Default: the shares of ``reference`` if given, else 0.7, 0.2, 0.1.
    reference : pandas.Series, optional
        The firm's own tiers, to copy their shares (so the two rules give out the same
        number of gold and silver places).

    Returns
    -------
    pandas.Series
        Ordered categorical ordinary < silver < gold, index of ``value``, named
        ``care_tier``. Ties are broken by the order of ``value``.
    """
    func = "care_tiers"
    if not isinstance(value, pd.Series):
        raise TypeError(
            f"The 'value' parameter of {func} must be a pandas Series. Got "
            f"{type(value).__name__} instead."
        )
    if len(value) == 0:
        raise ValueError(f"The 'value' parameter of {func} must not be empty.")
    v = _numeric_column(value.to_frame("value"), "value", "value", func)
    if shares is None:
        if reference is not None:
            if not isinstance(reference, pd.Series):
                raise TypeError(f"The 'reference' parameter of {func} must be a pandas Series.")
            counts = reference.astype("str").value_counts(normalize=True)
            shares = {t: float(counts.get(t, 0.0)) for t in _TIERS}
        else:
            shares = {"ordinary": 0.7, "silver": 0.2, "gold": 0.1}
    if not isinstance(shares, Mapping) or sorted(shares) != sorted(_TIERS):
        raise ValueError(
            f"The 'shares' parameter of {func} must map each of {list(_TIERS)} to a share. "
            f"Got {shares!r} instead."
        )
    s = np.array([shares[t] for t in _TIERS], dtype="float64")
    if (s < 0).any() or not np.isclose(s.sum(), 1.0):
        raise ValueError(
            f"The 'shares' parameter of {func} must hold shares of 0 or more summing to 1. "
            f"Got {shares!r} instead."
        )
    n = len(v)
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(v, kind="stable")] = np.arange(n)  # 0 = lowest value
    cuts = np.round(np.cumsum(s)[:-1] * n).astype(np.int64)
    codes = np.searchsorted(cuts, rank, side="right")
    tiers = pd.Categorical.from_codes(codes, categories=list(_TIERS), ordered=True)
    return pd.Series(tiers, index=value.index, name="care_tier")


def compare_tiers(tiers: Mapping[str, pd.Series], future_value: pd.Series) -> pd.DataFrame:
    """Customers and later value per tier, under several tier rules.

    Parameters
    ----------
    tiers : dict
        Rule name -> Series of tiers (same index as ``future_value``).
    future_value : pandas.Series
        What each customer was later worth (e.g. hold-out revenue).

    Returns
    -------
    pandas.DataFrame
        One row per rule and tier: ``rule``, ``tier``, ``customers``, ``mean_value``
        (mean future value) and ``share_of_value`` (the tier's share of all future value).
    """
    func = "compare_tiers"
    if not isinstance(tiers, Mapping) or not tiers:
        raise TypeError(f"The 'tiers' parameter of {func} must be a non-empty dict of Series.")
    if not isinstance(future_value, pd.Series):
        raise TypeError(f"The 'future_value' parameter of {func} must be a pandas Series.")
    if future_value.isna().any():
        raise ValueError(
            f"The 'future_value' parameter of {func} has {int(future_value.isna().sum())} "
            "missing value(s); fill them (e.g. with 0 for no purchase) first."
        )
    total = float(future_value.sum())
    rows = []
    for rule, tier in tiers.items():
        if not isinstance(tier, pd.Series) or not tier.index.equals(future_value.index):
            raise ValueError(
                f"The tiers of rule {rule!r} passed to {func} must be a Series with the same "
                "index as future_value; align them first, e.g. tier.reindex(future_value.index)."
            )
        if tier.isna().any():
            raise ValueError(
                f"The tiers of rule {rule!r} passed to {func} have {int(tier.isna().sum())} "
                "missing value(s); give every customer a tier."
            )
        grouped = future_value.groupby(tier.astype("str"))
        for t in _TIERS:
            if t not in grouped.groups:
                continue
            g = grouped.get_group(t)
            rows.append(
                {
                    "rule": str(rule),
                    "tier": t,
                    "customers": len(g),
                    "mean_value": float(g.mean()),
                    "share_of_value": float(g.sum()) / total if total else np.nan,
                }
            )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------
# plots
# --------------------------------------------------------------------------------------
def _get_ax(ax: Any) -> Any:
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    return ax


def plot_cohort_heatmap(table: pd.DataFrame, *, ax: Any = None, annot: bool = True) -> Any:
    """Heat map (热力图) of a :func:`cohort_table`, shares as per cent.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    table = _check_frame(table, "table", "plot_cohort_heatmap")
    ax = _get_ax(ax)
    sns.heatmap(
        table.astype("float64") * 100,
        annot=annot,
        fmt=".0f",
        cmap="Blues",
        vmin=0,
        vmax=100,
        annot_kws={"fontsize": 7},
        cbar_kws={"label": "% of cohort buying"},
        ax=ax,
    )
    ax.grid(False)
    ax.set_xlabel("periods since first purchase")
    ax.set_ylabel("cohort (first purchase)")
    ax.set_title("cohort retention")
    return ax


def plot_holdout(
    calhold: pd.DataFrame,
    predicted: pd.Series,
    *,
    truth: pd.Series | None = None,
    max_frequency: int = 7,
    ax: Any = None,
) -> Any:
    """Mean actual and predicted hold-out purchases by calibration frequency.

    Parameters
    ----------
    calhold : pandas.DataFrame
        Output of :func:`calibration_holdout`.
    predicted : pandas.Series
        Expected hold-out purchases per customer (same index).
    truth : pandas.Series, optional
        True expected hold-out purchases (:func:`world_truth`), drawn too.
    max_frequency : int, default 7
        Frequencies from this value up are pooled into one group.

    Returns
    -------
    matplotlib.axes.Axes
    """
    func = "plot_holdout"
    calhold = _check_frame(calhold, "calhold", func)
    _check_columns(calhold, ["frequency", "frequency_holdout"], "calhold", func)
    if not isinstance(predicted, pd.Series) or not predicted.index.equals(calhold.index):
        raise ValueError(
            f"The 'predicted' parameter of {func} must be a Series indexed like calhold."
        )
    group = calhold["frequency"].clip(upper=max_frequency).astype("int64")
    frame = pd.DataFrame({"actual": calhold["frequency_holdout"], "model": predicted})
    if truth is not None:
        frame["truth"] = truth.reindex(calhold.index)
    means = frame.groupby(group.to_numpy()).mean()
    ax = _get_ax(ax)
    styles = {"actual": "o-", "model": "s--", "truth": "x:"}
    for col in means.columns:
        ax.plot(means.index, means[col], styles[col], label=col)
    ax.set_xticks(means.index)
    ax.set_xticklabels([str(k) if k < max_frequency else f"{k}+" for k in means.index])
    ax.set_xlabel("repeat purchases in the calibration period")
    ax.set_ylabel("mean purchases in the hold-out period")
    ax.set_title("hold-out purchases: model and actual")
    ax.legend(loc="best")
    return ax


def plot_alive_vs_truth(
    prob_alive: pd.Series, alive: pd.Series, *, groups: int = 10, ax: Any = None
) -> Any:
    """P(alive) against the true share alive, customers grouped by P(alive).

    Returns
    -------
    matplotlib.axes.Axes
    """
    table = calibration_table(alive, prob_alive, groups=groups)
    ax = _get_ax(ax)
    ax.plot([0, 1], [0, 1], color="grey", linewidth=0.8, label="perfect")
    ax.plot(table["mean_predicted"], table["observed_rate"], "o-", label="groups of customers")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("mean P(alive) from BG/NBD")
    ax.set_ylabel("share truly alive")
    ax.set_title("P(alive) against the truth")
    ax.legend(loc="best")
    return ax
