"""Cohort analysis (同期群分析): who of each first-purchase cohort still buys, period by period.

=====================================  ================================================
:func:`cohort_retention`               cohorts by first-purchase period: who still buys
:func:`cohort_table`                   the cohort table, cohorts down, periods across
:func:`retention_curve`                the size-weighted retention curve
:func:`plot_cohort_heatmap`            the cohort table as a heat map
=====================================  ================================================
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from crmkit._checks import (
    check_columns,
    check_dates,
    check_frame,
    check_no_missing,
    check_one_of,
    to_timestamp,
)
from crmkit._plotting import get_ax

__all__ = ["cohort_retention", "cohort_table", "plot_cohort_heatmap", "retention_curve"]

#: Period lengths of a cohort analysis: quarters, calendar months, years.
COHORT_FREQS = ("Q", "M", "Y")


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

    Time-zone-aware dates keep their local wall-clock date (the kit's one rule,
    :func:`crmkit._checks.to_naive_dates`); a missing id or date raises a ValueError.

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
    check_one_of(freq, "freq", func, COHORT_FREQS)
    log = check_frame(log, "log", func)
    check_columns(log, {"customer_col": customer_col, "date_col": date_col}, "log", func)
    check_no_missing(log, [customer_col], "log", func)
    log = check_dates(log, [date_col], "log", func)  # datetime64, no NaT, zone dropped
    dates = log[date_col]
    last_date = dates.max()
    if end is not None:
        end_ts = to_timestamp(end, "end", func)
        if end_ts < last_date:
            raise ValueError(
                f"The 'end' parameter of {func} must not be before the latest order "
                f"({last_date.date()}). Got {end_ts.date()} instead; filter the log first."
            )
        last_date = end_ts
    ordinal = pd.PeriodIndex(dates, freq=freq).asi8
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
    cohorts = check_frame(cohorts, "cohorts", func)
    check_columns(cohorts, ["cohort", "period", "cohort_size", "active", "share"], "cohorts", func)
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


def plot_cohort_heatmap(table: pd.DataFrame, *, ax: Any = None, annot: bool = True) -> Any:
    """Heat map (热力图) of a :func:`cohort_table`, shares as per cent.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    table = check_frame(table, "table", "plot_cohort_heatmap")
    ax = get_ax(ax, "plot_cohort_heatmap")
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
