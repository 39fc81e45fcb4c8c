"""Survival analysis of churn (生存分析): Kaplan-Meier curves and the Cox model.

A customer's *lifetime* runs from the first purchase to the moment they leave. For
most customers that moment is not seen by the end of the data: their lifetime is
*censored* (删失), known only to be longer than the time observed. Survival analysis
uses the censored customers instead of dropping them.

=====================================  ================================================
:func:`durations`                      first date + event date -> duration and event
:func:`kaplan_meier`                   the Kaplan-Meier curve with Greenwood errors and
                                       a log(-log) 95 per cent interval
:func:`plot_survival`                  one or more curves as steps, with their bands
:func:`cox_model`                      hazard ratios of a Cox proportional-hazards model
=====================================  ================================================

Both estimators are statsmodels' (:class:`statsmodels.duration.survfunc.SurvfuncRight`
and :class:`statsmodels.duration.hazard_regression.PHReg`); this module prepares the
data, checks it and returns tidy tables.

Formulas
--------
Kaplan, E. L., & Meier, P. (1958). Nonparametric estimation from incomplete
observations. *Journal of the American Statistical Association*, 53(282), 457-481:
``S(t) = prod over event times t_j <= t of (1 - d_j / n_j)``, d_j events among n_j
customers still at risk just before t_j. Greenwood's variance
``S(t)^2 sum d_j / (n_j (n_j - d_j))``. The interval is built on ``log(-log S)``
(Kalbfleisch & Prentice 2002, section 1.4), so it stays inside [0, 1]:
``S^exp(+-z se / (S log S))``.

Cox, D. R. (1972). Regression models and life-tables. *Journal of the Royal
Statistical Society B*, 34(2), 187-220: hazard ``h0(t) exp(x'beta)``, so
``exp(beta_k)`` is the hazard ratio (风险比) of one more unit of covariate k; tied event
times by Efron's (default) or Breslow's approximation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import norm

from crmkit._checks import (
    check_columns,
    check_frame,
    check_labelled_tables,
    check_number,
    check_one_of,
    to_timestamp,
)
from crmkit._plotting import get_ax

__all__ = ["cox_model", "durations", "kaplan_meier", "plot_survival"]


def _dates(values: Any, name: str, func: str) -> pd.Series:
    """A Series of dates (NaT allowed), or a TypeError naming the parameter."""
    if not isinstance(values, pd.Series):
        raise TypeError(
            f"The '{name}' parameter of {func} must be a pandas Series of dates indexed by "
            f"customer. Got {type(values).__name__} instead."
        )
    try:
        out = pd.to_datetime(values)
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"The '{name}' parameter of {func} must hold dates. Got {values.dtype} instead ({err})."
        ) from None
    if out.dt.tz is not None:
        out = out.dt.tz_localize(None)
    if out.index.has_duplicates:
        raise ValueError(
            f"The '{name}' parameter of {func} must have one row per customer. Got "
            f"{int(out.index.duplicated().sum())} repeated index label(s) instead."
        )
    return out


def durations(
    start: pd.Series, event_date: pd.Series, *, censor_date: Any, unit_days: float = 7.0
) -> pd.DataFrame:
    """Each customer's observed duration and whether the event was seen.

    Parameters
    ----------
    start : pandas.Series
        The date each customer's lifetime starts (say, the first purchase), indexed by
        customer. No missing dates.
    event_date : pandas.Series
        The date of the event (drop-out, exit, lapse), indexed by customer; NaT, or a
        customer absent from this Series, means no event was seen. Events after
        ``censor_date`` are not seen either (censored there).
    censor_date : date-like
        The end of observation. Every ``start`` must be on or before it.
    unit_days : float, default 7
        Days per time unit (7: weeks).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``start``: ``start``, ``duration`` (event or censoring time minus
        start, in units) and ``event`` (bool).

    Raises
    ------
    ValueError
        For a missing start, a start after ``censor_date``, or an event before its start.
    """
    func = "durations"
    start = _dates(start, "start", func)
    events = _dates(event_date, "event_date", func)
    end = to_timestamp(censor_date, "censor_date", func)
    unit = check_number(unit_days, "unit_days", func, low=0, low_open=True)
    if start.isna().any():
        raise ValueError(
            f"The 'start' parameter of {func} must have a date for every customer. Got "
            f"{int(start.isna().sum())} missing date(s) instead; drop those customers first."
        )
    late = int((start > end).sum())
    if late:
        raise ValueError(
            f"The 'start' parameter of {func} must be on or before censor_date "
            f"({end.date()}). Got {late} customer(s) starting later instead; keep only the "
            "customers observed by censor_date."
        )
    events = events.reindex(start.index)
    early = int((events < start).sum())
    if early:
        raise ValueError(
            f"The 'event_date' parameter of {func} must not be before the customer's start. "
            f"Got {early} such customer(s) instead; check that both Series use the same ids."
        )
    seen = events.notna() & (events <= end)
    stop = events.where(seen, end)
    return pd.DataFrame(
        {
            "start": start,
            "duration": (stop - start).dt.days.to_numpy(dtype="float64") / unit,
            "event": seen.to_numpy(),
        },
        index=start.index,
    )


def _survival_data(
    table: Any, duration_col: str, event_col: str, func: str
) -> tuple[np.ndarray, np.ndarray]:
    """The validated durations (finite, >= 0) and events (0/1) of a table."""
    table = check_frame(table, "table", func)
    check_columns(table, {"duration_col": duration_col, "event_col": event_col}, "table", func)
    time = pd.to_numeric(table[duration_col], errors="coerce").to_numpy(dtype="float64")
    bad = int((~np.isfinite(time) | (time < 0)).sum())
    if bad:
        raise ValueError(
            f"The '{duration_col}' column of the 'table' parameter of {func} must hold finite "
            f"durations of 0 or more. Got {bad} missing, infinite or negative value(s) instead."
        )
    raw = table[event_col]
    status = pd.to_numeric(raw, errors="coerce").to_numpy(dtype="float64")
    if not np.isin(status, (0.0, 1.0)).all():
        raise ValueError(
            f"The '{event_col}' column of the 'table' parameter of {func} must be True/False "
            f"or 0/1. Got {int((~np.isin(status, (0.0, 1.0))).sum())} other value(s) instead."
        )
    return time, status


def kaplan_meier(
    table: pd.DataFrame,
    *,
    duration_col: str = "duration",
    event_col: str = "event",
    level: float = 0.95,
) -> pd.DataFrame:
    """The Kaplan-Meier survival curve (statsmodels' ``SurvfuncRight``).

    Parameters
    ----------
    table : pandas.DataFrame
        One row per customer, as :func:`durations` makes it.
    duration_col, event_col : str
        The duration (0 or more) and event (bool or 0/1) columns.
    level : float, default 0.95
        Coverage of the pointwise interval, between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        One row per distinct event time: ``time``, ``at_risk`` (customers still at risk
        just before it), ``events``, ``survival`` (S just after it), ``std_error``
        (Greenwood; 0 where S is 0), ``ci_low`` and ``ci_high`` (log(-log) interval; equal to the
        estimate where S is 0 or 1). Empty when no event was seen.
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    func = "kaplan_meier"
    level = check_number(level, "level", func, low=0, high=1, low_open=True, high_open=True)
    time, status = _survival_data(table, duration_col, event_col, func)
    columns = ["time", "at_risk", "events", "survival", "std_error", "ci_low", "ci_high"]
    if status.sum() == 0:
        return pd.DataFrame(columns=columns, dtype="float64")
    fitted = SurvfuncRight(time, status)
    surv = np.asarray(fitted.surv_prob, dtype="float64")
    # Greenwood's sum is infinite once everyone at risk has the event (S = 0); the
    # error of an estimate of exactly 0 is 0 there, not NaN
    se = np.where(surv > 0, np.asarray(fitted.surv_prob_se, dtype="float64"), 0.0)
    z = norm.ppf(0.5 + level / 2)
    inside = (surv > 0) & (surv < 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_s = np.log(np.where(inside, surv, 0.5))
        half = z * se / np.abs(np.where(inside, surv, 0.5) * log_s)
    low = np.where(inside, surv ** np.exp(half), surv)
    high = np.where(inside, surv ** np.exp(-half), surv)
    return pd.DataFrame(
        {
            "time": np.asarray(fitted.surv_times, dtype="float64"),
            "at_risk": np.asarray(fitted.n_risk, dtype="int64"),
            "events": np.asarray(fitted.n_events, dtype="int64"),
            "survival": surv,
            "std_error": se,
            "ci_low": low,
            "ci_high": high,
        }
    )


def plot_survival(curves: Mapping[str, pd.DataFrame], *, band: bool = True, ax: Any = None) -> Any:
    """Kaplan-Meier curves as steps from S(0) = 1, with their intervals as bands.

    Parameters
    ----------
    curves : mapping of str to pandas.DataFrame
        Label -> a :func:`kaplan_meier` table.
    band : bool, default True
        Shade each curve's ``ci_low`` to ``ci_high``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    func = "plot_survival"
    ax = get_ax(ax, func)
    check_labelled_tables(curves, "curves", func, "kaplan_meier")
    for label, curve in curves.items():
        check_columns(
            check_frame(curve, f"curves['{label}']", func),
            ["time", "survival", "ci_low", "ci_high"],
            f"curves['{label}']",
            func,
        )
        time = np.r_[0.0, curve["time"].to_numpy(dtype="float64")]
        (line,) = ax.step(time, np.r_[1.0, curve["survival"]], where="post", label=label)
        if band:
            ax.fill_between(
                time,
                np.r_[1.0, curve["ci_low"]],
                np.r_[1.0, curve["ci_high"]],
                step="post",
                alpha=0.2,
                color=line.get_color(),
            )
    ax.set_xlabel("time since the start")
    ax.set_ylabel("share not yet churned, S(t)")
    ax.set_ylim(0, 1.02)
    ax.legend()
    return ax


def cox_model(
    table: pd.DataFrame,
    covariates: Sequence[str],
    *,
    duration_col: str = "duration",
    event_col: str = "event",
    ties: str = "efron",
    level: float = 0.95,
) -> pd.DataFrame:
    """Hazard ratios of a Cox proportional-hazards model (statsmodels' ``PHReg``).

    Parameters
    ----------
    table : pandas.DataFrame
        One row per customer: duration, event and the covariates.
    covariates : sequence of str
        Numeric or bool columns of ``table`` (make dummies of a category first, e.g.
        with ``pandas.get_dummies(..., drop_first=True)``). No missing values.
    duration_col, event_col : str
    ties : {"efron", "breslow"}, default "efron"
        How tied event times are handled (Efron's is R's and lifelines' default).
    level : float, default 0.95
        Coverage of the intervals.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``covariate``: ``coef`` (log hazard ratio), ``std_error``,
        ``hazard_ratio``, ``ci_low`` and ``ci_high`` (of the hazard ratio) and
        ``p_value`` (Wald). ``attrs`` holds ``customers``, ``events`` and
        ``log_likelihood`` (the partial log-likelihood).

    Raises
    ------
    ValueError
        For a covariate that is missing, not numeric, constant or incomplete, or
        when no event was seen.
    """
    from statsmodels.duration.hazard_regression import PHReg

    func = "cox_model"
    ties = check_one_of(ties, "ties", func, ["efron", "breslow"])
    level = check_number(level, "level", func, low=0, high=1, low_open=True, high_open=True)
    time, status = _survival_data(table, duration_col, event_col, func)
    if isinstance(covariates, str) or not isinstance(covariates, Sequence) or not covariates:
        raise TypeError(
            f"The 'covariates' parameter of {func} must be a non-empty list of column names. "
            f"Got {covariates!r} instead."
        )
    covariates = list(covariates)
    check_columns(table, covariates, "table", func)
    exog = table[covariates]
    for col in covariates:
        values = exog[col]
        if not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)):
            raise ValueError(
                f"The covariate '{col}' of {func} must be numeric or bool. Got {values.dtype} "
                "instead; make dummies with pandas.get_dummies(..., drop_first=True)."
            )
    x = exog.to_numpy(dtype="float64")
    bad = ~np.isfinite(x)
    if bad.any():
        col = covariates[int(np.flatnonzero(bad.any(axis=0))[0])]
        raise ValueError(
            f"The covariate '{col}' of {func} must be finite for every customer. Got "
            f"{int(bad.any(axis=1).sum())} row(s) with a missing or infinite value instead."
        )
    constant = [c for c, s in zip(covariates, x.std(axis=0), strict=True) if s == 0]
    if constant:
        raise ValueError(
            f"The covariates {constant} of {func} must vary between customers. Got one "
            "value for everyone instead; drop them."
        )
    if status.sum() == 0:
        raise ValueError(
            f"The '{event_col}' column of the 'table' parameter of {func} must have at least "
            "one event. Got none instead."
        )
    result = PHReg(time, x, status=status, ties=ties).fit()
    coef = np.asarray(result.params, dtype="float64")
    se = np.asarray(result.bse, dtype="float64")
    z = norm.ppf(0.5 + level / 2)
    out = pd.DataFrame(
        {
            "coef": coef,
            "std_error": se,
            "hazard_ratio": np.exp(coef),
            "ci_low": np.exp(coef - z * se),
            "ci_high": np.exp(coef + z * se),
            "p_value": 2 * norm.sf(np.abs(coef / se)),
        },
        index=pd.Index(covariates, name="covariate"),
    )
    out.attrs.update(
        customers=len(time), events=int(status.sum()), log_likelihood=float(result.llf)
    )
    return out
