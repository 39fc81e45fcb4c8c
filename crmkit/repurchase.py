"""Stated loyalty against actual behaviour: survey scores joined to later purchases.

===================================  =================================================
:func:`stated_vs_actual`             survey scores joined to purchases after the survey
:func:`repurchase_logit`             logit of buying again on survey scales
===================================  =================================================

What customers *say* (the survey's intention items) and what they later *do* (the
purchase log after the survey date) are two different measures; this module puts
them side by side.

Layer: technique (uses :mod:`crmkit.scales` and :mod:`crmkit.loyalty_models`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmkit._checks import check_columns as _check_columns
from crmkit._checks import check_count, to_naive_dates
from crmkit._checks import check_frame as _check_frame
from crmkit._columns import check_level, numeric_block, numeric_column, yes_no
from crmkit._columns import is_numeric as _is_numeric
from crmkit._columns import name_list as _names
from crmkit.loyalty_models import _coef_table
from crmkit.scales import scale_scores

__all__ = ["MAX_FOLLOW_UP_DAYS", "repurchase_logit", "stated_vs_actual"]

#: Longest follow-up window of :func:`stated_vs_actual`, in days (about 100 years).
MAX_FOLLOW_UP_DAYS = 36_525


def _naive_dates(frame: pd.DataFrame, col: str, name: str, func: str) -> pd.DataFrame:
    """A copy of ``frame`` whose date column ``col`` is naive (the kit's one zone rule).

    TypeError unless the column holds datetimes; an aware column keeps each value's
    local wall-clock date (:func:`crmkit._checks.to_naive_dates`).
    """
    if not pd.api.types.is_datetime64_any_dtype(frame[col].dtype):
        raise TypeError(
            f"The {col!r} column of the '{name}' DataFrame passed to {func} must hold "
            f"dates (datetime64). Got dtype {frame[col].dtype} instead; convert it with "
            "pd.to_datetime."
        )
    return frame.assign(**{col: to_naive_dates(frame[col], col, func)})


def _no_missing(frame: pd.DataFrame, columns: list[str], name: str, func: str) -> None:
    """ValueError counting the missing values of the first column that has any."""
    for col in columns:
        n_missing = int(frame[col].isna().sum())
        if n_missing:
            raise ValueError(
                f"The {col!r} column of the '{name}' DataFrame passed to {func} has "
                f"{n_missing} missing value(s). Every row needs one: drop or fill those "
                f"rows first, e.g. {name} = {name}.dropna(subset=[{col!r}])."
            )


def stated_vs_actual(
    survey: pd.DataFrame,
    transactions: pd.DataFrame,
    *,
    days: int = 180,
    constructs: str | Sequence[str] | None = None,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    revenue_col: str = "revenue",
    survey_date_col: str = "survey_date",
) -> pd.DataFrame:
    """Join each respondent's scale scores to their purchases after the survey.

    A purchase is an order with revenue above 0 (a fully returned order is not a
    purchase, as in chapter 3), placed after the respondent's survey date and at most
    ``days`` days later.

    Parameters
    ----------
    survey : pandas.DataFrame
        Survey with ``customer_id``, ``survey_date`` and item columns.
    transactions : pandas.DataFrame
        Purchase log with ``customer_id``, ``order_date`` and ``revenue`` (finite).
        Dates may be time-zone-aware: as everywhere in the kit, the zone is dropped
        and each date keeps its local wall-clock value
        (:func:`crmkit._checks.to_naive_dates`).
    days : int, default 180
        Length of the follow-up window in days, from 1 to :data:`MAX_FOLLOW_UP_DAYS`
        (36,525, about a hundred years).
    constructs : str or list of str, optional
        Constructs to score (default: all).
    customer_col, date_col, revenue_col, survey_date_col : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: one column per construct score, then ``purchases``
        (number of purchases in the window), ``revenue`` (their revenue) and
        ``bought_again`` (at least one purchase).

    Warns
    -----
    UserWarning
        If the window runs past the last order in the log (purchases there are unknown),
        or if respondents with missing answers are left out.
    """
    func = "stated_vs_actual"
    survey = _check_frame(survey, "survey", func)
    transactions = _check_frame(transactions, "transactions", func)
    _check_columns(survey, [customer_col, survey_date_col], "survey", func)
    _check_columns(transactions, [customer_col, date_col, revenue_col], "transactions", func)
    if isinstance(days, bool) or not isinstance(days, (int, np.integer)):
        raise ValueError(
            f"The 'days' parameter of {func} must be a whole number of days, 1 or more. "
            f"Got {days!r} instead."
        )
    days = check_count(days, "days", func, low=1, high=MAX_FOLLOW_UP_DAYS)
    survey = _naive_dates(survey, survey_date_col, "survey", func)
    transactions = _naive_dates(transactions, date_col, "transactions", func)
    if not _is_numeric(transactions[revenue_col].dtype):
        raise TypeError(
            f"The {revenue_col!r} column passed to {func} must be numeric. "
            f"Got dtype {transactions[revenue_col].dtype} instead."
        )
    _no_missing(survey, [customer_col, survey_date_col], "survey", func)
    _no_missing(transactions, [customer_col, date_col, revenue_col], "transactions", func)
    numeric_column(transactions, revenue_col, func)  # refuses an infinite revenue
    scores = scale_scores(survey, constructs, id_column=customer_col)
    when = survey.set_index(customer_col)[survey_date_col].reindex(scores.index)
    window_end = when + pd.Timedelta(days=int(days))
    last_order = transactions[date_col].max()
    if (window_end > last_order).any():
        warnings.warn(
            f"{func}: the {days}-day window of {int((window_end > last_order).sum())} "
            f"respondent(s) ends after the last order in the log ({last_order.date()}); "
            "purchases after that date are unknown. Choose fewer days.",
            UserWarning,
            stacklevel=2,
        )
    log = transactions[[customer_col, date_col, revenue_col]]
    log = log[log[customer_col].isin(scores.index) & (log[revenue_col] > 0)]
    start = log[customer_col].map(when)
    end = log[customer_col].map(window_end)
    inside = log[(log[date_col] > start) & (log[date_col] <= end)]
    grouped = inside.groupby(customer_col)[revenue_col]
    out = scores.copy()
    out["purchases"] = grouped.size().reindex(out.index, fill_value=0).astype("int64")
    out["revenue"] = grouped.sum().reindex(out.index, fill_value=0.0).astype("float64")
    out["bought_again"] = out["purchases"] > 0
    return out


def repurchase_logit(
    table: pd.DataFrame,
    predictors: str | Sequence[str] = "behavioural",
    *,
    outcome: str = "bought_again",
    standardise: bool = True,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Logistic regression (逻辑回归) of buying again on survey scales.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`stated_vs_actual`.
    predictors : str or list of str, default "behavioural"
        Numeric columns explaining the outcome.
    outcome : str, default "bought_again"
        A yes/no column (bool, or 0/1).
    standardise : bool, default True
        Turn predictors into z-scores, so an odds ratio is per standard deviation.
    conf_level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per term (``const`` first, index ``term``): ``estimate`` (log-odds),
        ``std_error``, ``ci_low``, ``ci_high``, ``p_value``, ``odds_ratio``
        (``exp(estimate)``) and its interval ``odds_ratio_low``, ``odds_ratio_high``
        (``exp(ci_low)``, ``exp(ci_high)``).
    """
    import statsmodels.api as sm

    func = "repurchase_logit"
    table = _check_frame(table, "table", func)
    predictors = _names(predictors, "predictors", func)
    level = check_level(conf_level, "conf_level", func)
    _check_columns(table, [outcome], "table", func)
    if outcome in predictors:
        raise ValueError(
            f"The 'outcome' {outcome!r} of {func} is also among the 'predictors'. "
            "Remove it from one of them."
        )
    y = yes_no(table, outcome, func)
    values = y.dropna().unique()
    if len(values) < 2:
        raise ValueError(
            f"The {outcome!r} column passed to {func} has only one value, so there is "
            "nothing to explain. Use a longer window or more respondents."
        )
    frame = table.assign(**{outcome: y})
    block = numeric_block(frame, [outcome, *predictors], "table", func)
    y = block.pop(outcome)
    if standardise:
        block = (block - block.mean()) / block.std(ddof=1)
    x = sm.add_constant(block.to_numpy(), has_constant="add")
    result = sm.Logit(y.to_numpy(), x).fit(disp=0)
    out = _coef_table(result, ["const", *predictors], level)
    out.index.name = "term"
    out["odds_ratio"] = np.exp(out["estimate"])
    out["odds_ratio_low"] = np.exp(out["ci_low"])
    out["odds_ratio_high"] = np.exp(out["ci_high"])
    return out
