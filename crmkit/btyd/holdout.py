"""A purchase log split into a calibration summary and hold-out purchases (留出期).

A BTYD model is fitted on the customers' history up to a date (the **calibration
period**) and judged on what they buy afterwards (the **hold-out period**).
:func:`calibration_holdout` builds both from one purchase log, by the same rules as
:func:`crmkit.summaries.btyd_summary` (which it calls for the calibration summary); :func:`plot_holdout` draws a model's
hold-out predictions beside what customers did.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from crmkit._checks import (
    check_columns,
    check_dates,
    check_finite,
    check_frame,
    check_no_missing,
    check_number,
    check_one_of,
    to_timestamp,
)
from crmkit._plotting import get_ax
from crmkit.summaries import btyd_summary

__all__ = ["calibration_holdout", "plot_holdout"]

_NONPOSITIVE = ("exclude", "keep")


def calibration_holdout(
    log: pd.DataFrame,
    *,
    calibration_end: Any,
    holdout_end: Any,
    unit_days: float = 7.0,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    value_col: str = "revenue",
    nonpositive: str = "exclude",
) -> pd.DataFrame:
    """Split a purchase log into a calibration summary and hold-out purchases.

    The calibration period runs to ``calibration_end`` (inclusive), the **hold-out
    period** (留出期) from the next day to ``holdout_end``. Only customers whose first
    purchase falls in the calibration period are described (a model fitted on the
    calibration period knows nothing of later newcomers, so their hold-out orders are
    not used). Purchases are counted by day (two orders on one day are one purchase),
    the convention BG/NBD assumes.

    Parameters
    ----------
    log : pandas.DataFrame
        Purchase log, one row per order. Every row is checked, in both periods: a
        missing customer id or date, or a missing or infinite value, raises a
        ValueError (nothing is dropped silently). Time-zone-aware dates keep their local
        wall-clock date (:func:`crmkit._checks.to_naive_dates`).
    calibration_end, holdout_end : date-like
        Last day of the calibration and of the hold-out period.
    unit_days : float, default 7
        Length of the model's time unit in days (7 = weeks).
    customer_col, date_col, value_col : str
        Column names.
    nonpositive : {"exclude", "keep"}, default "exclude"
        What an order of value 0 or less is. ``"exclude"`` (as in chapter 3): a fully
        returned order is not a purchase, in either period; the calibration summary
        counts such rows per customer in ``excluded_orders``. ``"keep"``: every order is
        a purchase, as in the CDNOW papers, whose 2,357-customer sample includes 8
        customers who only ever placed $0 orders; with ``"keep"`` the kit's pipeline
        reproduces the published BG/NBD estimates (see ``tests/unit/test_btyd_holdout.py``).

    Returns
    -------
    pandas.DataFrame
        Indexed by customer id (sorted): the summary of
        :func:`crmkit.summaries.btyd_summary` at ``calibration_end`` (``frequency``,
        ``recency``, ``T``, ``monetary_value``, ``excluded_orders``; recency and T in
        units), then ``frequency_holdout`` (float64, purchase days in the hold-out
        period), ``revenue_holdout`` (float64) and ``duration_holdout`` (hold-out length
        in units, the same for everyone).

    Raises
    ------
    ValueError
        For a bad log (see above), an unknown ``nonpositive``, ``holdout_end`` not after
        ``calibration_end``, or no order in the calibration period.

    Warns
    -----
    UserWarning
        From :func:`crmkit.summaries.btyd_summary`, if a customer's calibration orders
        are all of value 0 or less (that customer is then not described).
    """
    func = "calibration_holdout"
    check_one_of(nonpositive, "nonpositive", func, _NONPOSITIVE)
    frame = _orders(log, customer_col, date_col, value_col, func)
    cal_end = to_timestamp(calibration_end, "calibration_end", func)
    hold_end = to_timestamp(holdout_end, "holdout_end", func)
    unit = _unit(unit_days, func)
    if hold_end <= cal_end:
        raise ValueError(
            f"The 'holdout_end' parameter of {func} must be after calibration_end "
            f"({cal_end.date()}). Got {hold_end.date()} instead."
        )
    in_cal = (frame["day"] <= cal_end).to_numpy()
    if not in_cal.any():
        raise ValueError(
            f"The 'log' passed to {func} has no order on or before calibration_end "
            f"({cal_end.date()}). Choose a later calibration_end."
        )
    summary = btyd_summary(
        frame[in_cal],
        analysis_date=cal_end,
        customer_col="customer",
        date_col="day",
        value_col="value",
        freq="D",
        nonpositive=nonpositive,
    )
    summary.index.name = customer_col
    summary["recency"] = summary["recency"] / unit
    summary["T"] = summary["T"] / unit
    hold = frame[(~in_cal) & (frame["day"] <= hold_end).to_numpy()]
    if nonpositive == "exclude":
        hold = hold[hold["value"] > 0]
    hold = hold[hold["customer"].isin(summary.index)]
    counts = hold.drop_duplicates(["customer", "day"]).groupby("customer").size()
    revenue = hold.groupby("customer")["value"].sum()
    summary["frequency_holdout"] = counts.reindex(summary.index, fill_value=0).astype("float64")
    summary["revenue_holdout"] = revenue.reindex(summary.index, fill_value=0.0).astype("float64")
    summary["duration_holdout"] = float((hold_end - cal_end).days) / unit
    return summary


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
    calhold = check_frame(calhold, "calhold", func)
    check_columns(calhold, ["frequency", "frequency_holdout"], "calhold", func)
    if not isinstance(predicted, pd.Series) or not predicted.index.equals(calhold.index):
        raise ValueError(
            f"The 'predicted' parameter of {func} must be a Series indexed like calhold."
        )
    group = calhold["frequency"].clip(upper=max_frequency).astype("int64")
    frame = pd.DataFrame({"actual": calhold["frequency_holdout"], "model": predicted})
    if truth is not None:
        frame["truth"] = truth.reindex(calhold.index)
    means = frame.groupby(group.to_numpy()).mean()
    ax = get_ax(ax, func)
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


def _orders(log: Any, customer_col: str, date_col: str, value_col: str, func: str) -> pd.DataFrame:
    """Every row of the log checked (no missing key or date, finite values), as a frame
    of ``customer``, ``day`` (the naive calendar day) and ``value``."""
    log = check_frame(log, "log", func)
    cols = {"customer_col": customer_col, "date_col": date_col, "value_col": value_col}
    check_columns(log, cols, "log", func)
    check_no_missing(log, [customer_col], "log", func)
    log = check_dates(log, [date_col], "log", func)  # datetime64, no NaT, zone dropped
    values = check_finite(log[value_col], "log", func, column=value_col)
    day = log[date_col].dt.floor("D")
    return pd.DataFrame(
        {"customer": log[customer_col].to_numpy(), "day": day.to_numpy(), "value": values}
    )


def _unit(unit_days: Any, func: str) -> float:
    try:
        return check_number(unit_days, "unit_days", func, low=0, low_open=True)
    except TypeError as err:  # not a finite number: the same ValueError as a bad value
        raise ValueError(str(err).replace("a finite number", "a positive number of days")) from None
