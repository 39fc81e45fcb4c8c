"""Stated loyalty against actual behaviour: survey scores joined to later purchases.

===================================  =================================================
:func:`stated_vs_actual`             survey scores joined to purchases after the survey
:func:`repurchase_logit`             logit of buying again on survey scales
:func:`purchase_behaviour`           behavioural loyalty measured from the purchase log
                                     after the survey: repeat purchase, orders, revenue
                                     in windows of given lengths
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
from crmkit._checks import check_count, check_dates, check_unique, to_naive_dates
from crmkit._checks import check_frame as _check_frame
from crmkit._columns import check_level, numeric_block, numeric_column, yes_no
from crmkit._columns import is_numeric as _is_numeric
from crmkit._columns import name_list as _names
from crmkit.loyalty_models import _coef_table
from crmkit.scales import scale_scores

__all__ = ["MAX_FOLLOW_UP_DAYS", "purchase_behaviour", "repurchase_logit", "stated_vs_actual"]

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


def _log(
    transactions: pd.DataFrame, customer_col: str, date_col: str, revenue: pd.Series, when
) -> pd.DataFrame:
    """The rows of the respondents in ``when`` as ``customer``, ``date``, ``revenue``."""
    log = pd.DataFrame(
        {
            "customer": transactions[customer_col].to_numpy(),
            "date": transactions[date_col].to_numpy(),
            "revenue": revenue.to_numpy(dtype="float64"),
        }
    )
    return log[log["customer"].isin(when.index)]


def _in_window(log: pd.DataFrame, when: pd.Series, days: int) -> tuple[pd.Series, pd.Series]:
    """Purchases (rows with revenue above 0) and net revenue after each respondent's date.

    ``log`` comes from :func:`_log`; ``when`` maps each respondent to their survey date.
    A row counts when it lies after the survey day and at most ``days`` days later. Both
    Series are indexed like ``when``, with 0 for a respondent without such rows.
    """
    elapsed = log["date"] - log["customer"].map(when)
    inside = log[(elapsed > pd.Timedelta(0)) & (elapsed <= pd.Timedelta(days=int(days)))]
    purchases = (inside["revenue"] > 0).groupby(inside["customer"]).sum()
    net = inside.groupby("customer")["revenue"].sum()
    return (
        purchases.reindex(when.index, fill_value=0).astype("int64"),
        net.reindex(when.index, fill_value=0.0).astype("float64"),
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
    log = _log(transactions, customer_col, date_col, transactions[revenue_col], when)
    purchases, revenue = _in_window(log[log["revenue"] > 0], when, days)
    out = scores.copy()
    out["purchases"] = purchases
    out["revenue"] = revenue
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


def _windows(days: int | Sequence[int], func: str) -> list[int]:
    """The follow-up windows as a sorted list of distinct whole numbers of days."""
    values = [days] if isinstance(days, (int, np.integer)) else days
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
        raise ValueError(
            f"The 'days' parameter of {func} must be a whole number of days or a list of "
            f"them, such as (180, 365). Got {days!r} instead."
        )
    out = []
    for d in values:
        if isinstance(d, bool) or not isinstance(d, (int, np.integer)):
            raise ValueError(
                f"The 'days' parameter of {func} must hold whole numbers of days, 1 or "
                f"more. Got {d!r} instead."
            )
        out.append(check_count(d, "days", func, low=1, high=MAX_FOLLOW_UP_DAYS))
    return sorted(set(out))


def purchase_behaviour(
    survey: pd.DataFrame,
    transactions: pd.DataFrame,
    *,
    days: int | Sequence[int] = (180, 365),
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    revenue_col: str = "revenue",
    survey_date_col: str = "survey_date",
) -> pd.DataFrame:
    """Behavioural loyalty (行为忠诚) measured from purchases after the survey.

    For every respondent and every window of ``d`` days after their survey date (the
    survey day itself excluded, day ``d`` included), count the *purchases* (orders with
    revenue above 0; a fully returned order, revenue 0, is not a purchase, as in
    chapter 3) and add up the net revenue of all their orders in the window (a return
    booked as a row of negative revenue lowers it). Every respondent is kept: one with
    no order in the window gets 0, and ``in_log`` says whether the customer appears in
    the purchase log at all, so respondents without a match are counted, never dropped.

    The *share of the customer's spending* (客户占有率, share of wallet) is not
    computed: it needs what the customer spends on the category at other firms, which
    a firm's own log does not hold.

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent with ``customer_id`` (unique) and ``survey_date``; other
        columns are ignored.
    transactions : pandas.DataFrame
        Purchase log with ``customer_id``, ``order_date`` and ``revenue`` (finite).
        Time-zone-aware dates keep their local wall-clock date.
    days : int or sequence of int, default (180, 365)
        Window lengths in days, each from 1 to :data:`MAX_FOLLOW_UP_DAYS`. Days, not
        months, so that every respondent's window has the same length (180 days are
        about 6 months, 365 a year).
    customer_col, date_col, revenue_col, survey_date_col : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id`` in the survey's order: ``survey_date``, ``in_log``
        (bool: the customer has at least one row in ``transactions``, on any date), then
        for each window ``d`` in increasing order ``orders_{d}d`` (int: purchases in the
        window), ``repeat_{d}d`` (int 0/1: at least one purchase) and ``revenue_{d}d``
        (float: net revenue of the window's orders).

    Warns
    -----
    UserWarning
        If a window runs past the last date of the log: purchases after it are unknown,
        so the window's counts understate behaviour.

    Examples
    --------
    >>> survey = pd.DataFrame({"customer_id": [1, 2],
    ...                        "survey_date": pd.to_datetime(["2025-01-15"] * 2)})
    >>> log = pd.DataFrame({"customer_id": [1, 1, 2],
    ...                     "order_date": pd.to_datetime(["2025-01-15", "2025-02-01",
    ...                                                   "2025-12-31"]),
    ...                     "revenue": [10.0, 20.0, 30.0]})
    >>> out = purchase_behaviour(survey, log, days=30)
    >>> out["orders_30d"].tolist(), out["repeat_30d"].tolist(), out["in_log"].tolist()
    ([1, 0], [1, 0], [True, True])
    """
    func = "purchase_behaviour"
    survey = _check_frame(survey, "survey", func)
    transactions = _check_frame(transactions, "transactions", func)
    _check_columns(survey, [customer_col, survey_date_col], "survey", func)
    _check_columns(transactions, [customer_col, date_col, revenue_col], "transactions", func)
    windows = _windows(days, func)
    survey = check_dates(survey, [survey_date_col], "survey", func)
    transactions = check_dates(transactions, [date_col], "transactions", func)
    _no_missing(survey, [customer_col], "survey", func)
    _no_missing(transactions, [customer_col, revenue_col], "transactions", func)
    check_unique(survey, customer_col, "survey", func)
    revenue = numeric_column(transactions, revenue_col, func)  # refuses text and infinity
    when = survey.set_index(customer_col)[survey_date_col]
    last = transactions[date_col].max()
    late = when + pd.Timedelta(days=windows[-1]) > last
    if late.any():
        warnings.warn(
            f"{func}: the {windows[-1]}-day window of {int(late.sum())} respondent(s) ends "
            f"after the last date in the log ({last.date()}); purchases after it are "
            "unknown, so the counts understate behaviour. Choose fewer days.",
            UserWarning,
            stacklevel=2,
        )
    log = _log(transactions, customer_col, date_col, revenue, when)
    out = pd.DataFrame(
        {survey_date_col: when, "in_log": when.index.isin(transactions[customer_col])}
    )
    for d in windows:
        purchases, net = _in_window(log, when, d)
        out[f"orders_{d}d"] = purchases
        out[f"repeat_{d}d"] = (purchases > 0).astype("int64")
        out[f"revenue_{d}d"] = net
    out.index.name = customer_col
    return out
