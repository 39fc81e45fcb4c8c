"""Checking a purchase model over time, and ranking customers on a hold-out period.

=====================================  ================================================
:func:`tracking_table`                 repeat purchases per period (week), actual
                                       against a model's expectation, over calibration
                                       and hold-out (the *tracking plot* 跟踪图)
:func:`plot_tracking`                  the tracking plot, calibration end marked
:func:`compare_rankings`               AUC and top-group lift of several customer
                                       scores on one outcome, with paired bootstrap
                                       intervals
=====================================  ================================================

The expected curve is the standard construction of Fader, Hardie & Lee (2005a,
figure 1): a customer whose first purchase was on day ``b`` is expected to have made
``E[X(t)]`` repeat purchases ``t`` after it (the model's ``expected_purchases_new``), so
the expected cumulative repeat purchases at time ``e`` are
``sum over customers with b <= e of E[X((e - b) / unit)]``. It is unconditional: it
uses no customer's history, only when they arrived, and so tests the model's whole
story, in calibration and beyond.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import (
    check_columns,
    check_count,
    check_dates,
    check_frame,
    check_labelled_tables,
    check_number,
    check_seed,
    to_timestamp,
)
from crmkit._plotting import get_ax
from crmkit.metrics import auc

__all__ = ["compare_rankings", "plot_tracking", "tracking_table"]

#: The most bootstrap replicates :func:`compare_rankings` draws.
MAX_BOOT = 10_000


def tracking_table(
    purchases: pd.DataFrame,
    model: Any,
    *,
    calibration_end: Any,
    holdout_end: Any,
    unit_days: float = 7.0,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
) -> pd.DataFrame:
    """Repeat purchases per period, actual and expected, over calibration and hold-out.

    Purchases are counted by day, as in the model's summary: a customer's first
    purchase day is not a repeat purchase, and several orders on one day count once.
    The customers are those with a purchase on or before ``calibration_end`` (the ones
    the model was fitted on); later customers and purchases after ``holdout_end`` are
    left out. Periods are ``unit_days`` long and counted from ``calibration_end``, so
    that it is a period boundary; the last hold-out period ends at ``holdout_end`` and
    may be shorter.

    Parameters
    ----------
    purchases : pandas.DataFrame
        The purchase log (one row per order; filter returns out first).
    model : fitted model
        Any model with ``expected_purchases_new(t)`` (BG/NBD, MBG/NBD, Pareto/NBD),
        fitted in time units of ``unit_days`` days.
    calibration_end, holdout_end : date-like
    unit_days : float, default 7
        Days per time unit and per period (7: weeks).
    customer_col, date_col : str

    Returns
    -------
    pandas.DataFrame
        One row per period, oldest first: ``period`` (0 is the one ending at
        ``calibration_end``, negative before, positive after), ``end_date`` (its last
        day), ``days`` (its length: ``unit_days`` rounded to whole days, fewer for a
        last period cut short by ``holdout_end``), ``phase`` ("calibration" or "holdout"), ``actual`` and ``expected``
        repeat purchases in the period, ``actual_cumulative`` and
        ``expected_cumulative``.
    """
    func = "tracking_table"
    purchases = check_frame(purchases, "purchases", func)
    check_columns(
        purchases, {"customer_col": customer_col, "date_col": date_col}, "purchases", func
    )
    purchases = check_dates(purchases, [date_col], "purchases", func)
    if not callable(getattr(model, "expected_purchases_new", None)):
        raise TypeError(
            f"The 'model' parameter of {func} must be a fitted purchase model with an "
            f"expected_purchases_new method (BGNBD, MBGNBD, ParetoNBD). Got "
            f"{type(model).__name__} instead."
        )
    cal_end = to_timestamp(calibration_end, "calibration_end", func).normalize()
    hold_end = to_timestamp(holdout_end, "holdout_end", func).normalize()
    unit = check_number(unit_days, "unit_days", func, low=0, low_open=True)
    if hold_end <= cal_end:
        raise ValueError(
            f"The 'holdout_end' parameter of {func} must be after calibration_end "
            f"({cal_end.date()}). Got {hold_end.date()} instead."
        )
    # day offsets from calibration_end: 0 is its last day, negative before it
    day = (purchases[date_col].dt.normalize() - cal_end).dt.days.to_numpy()
    days = pd.DataFrame({"c": purchases[customer_col].to_numpy(), "d": day})
    days = days[days["d"] <= (hold_end - cal_end).days].drop_duplicates()
    birth = days.groupby("c")["d"].transform("min")
    keep = birth <= 0
    if not keep.any():
        raise ValueError(
            f"The 'purchases' parameter of {func} must have a purchase on or before "
            f"calibration_end ({cal_end.date()}). Got none instead."
        )
    days, birth = days[keep], birth[keep]
    repeat_days = days.loc[days["d"] > birth, "d"].to_numpy()
    births = days.groupby("c")["d"].min().to_numpy()
    # period k covers (k - 1) unit < d <= k unit; its end, in whole days, is floor(k unit)
    horizon = (hold_end - cal_end).days
    first = int(np.ceil(births.min() / unit))
    last = int(np.ceil(horizon / unit))
    k = np.arange(first, last + 1)
    ends = np.minimum(np.floor(k * unit), horizon).astype("int64")
    starts = np.floor((k - 1) * unit).astype("int64")  # the day before each period
    actual = np.bincount(np.searchsorted(ends, repeat_days), minlength=len(k))[: len(k)]
    expected_cum = _expected_cumulative(model, births, ends, unit)
    return pd.DataFrame(
        {
            "period": k,
            "end_date": cal_end + pd.to_timedelta(ends, unit="D"),
            "days": ends - starts,
            "phase": np.where(k <= 0, "calibration", "holdout"),
            "actual": actual,
            "expected": np.diff(expected_cum, prepend=0.0),
            "actual_cumulative": np.cumsum(actual),
            "expected_cumulative": expected_cum,
        }
    )


def _expected_cumulative(model: Any, births: np.ndarray, ends: np.ndarray, unit: float):
    """sum over customers born by each end of E[X((end - birth) / unit)], by lag in days."""
    born, counts = np.unique(births, return_counts=True)
    lags = ends[:, None] - born[None, :]
    lag_values = np.unique(lags[lags >= 0])
    table = np.array([model.expected_purchases_new(float(v) / unit) for v in lag_values])
    by_lag = np.where(lags >= 0, table[np.searchsorted(lag_values, np.maximum(lags, 0))], 0.0)
    if not np.isfinite(by_lag).all():
        raise ValueError(
            "The model passed to tracking_table gave a non-finite expected_purchases_new; "
            "check its fit (parameters() shows the estimates)."
        )
    return by_lag @ counts


def plot_tracking(
    tables: Mapping[str, pd.DataFrame], *, cumulative: bool = True, ax: Any = None
) -> Any:
    """The tracking plot: actual repeat purchases and each model's expectation by period.

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        Model name -> its :func:`tracking_table` (all from the same purchases and
        dates; the actual line is drawn from the first).
    cumulative : bool, default True
        Cumulative totals (True) or purchases per period (False; a last period shorter
        than the others is left out, since its small count would read as a drop).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.dates as mdates

    func = "plot_tracking"
    ax = get_ax(ax, func)
    check_labelled_tables(tables, "tables", func, "tracking_table")
    suffix = "_cumulative" if cumulative else ""
    needed = ["end_date", "days", "phase", f"actual{suffix}", f"expected{suffix}"]
    for name, table in tables.items():
        check_columns(check_frame(table, f"tables['{name}']", func), needed, "tables", func)
    if not cumulative:
        tables = {name: _full_periods(table) for name, table in tables.items()}
    first = next(iter(tables.values()))
    ax.plot(first["end_date"], first[f"actual{suffix}"], color="black", label="actual")
    for name, table in tables.items():
        ax.plot(table["end_date"], table[f"expected{suffix}"], linestyle="--", label=name)
    cal = first.loc[first["phase"] == "calibration", "end_date"]
    if len(cal):
        ax.axvline(cal.max(), color="grey", linestyle=":", label="end of calibration")
    ax.set_ylabel("repeat purchases" + (", cumulative" if cumulative else " per period"))
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.legend()
    return ax


def _full_periods(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` without a last period shorter than the one before it."""
    days = table["days"].to_numpy()
    if len(days) > 1 and days[-1] < days[-2]:
        return table.iloc[:-1]
    return table


def _top_lift(y: np.ndarray, score: np.ndarray, n_top: int) -> float:
    """Share of positives among the n_top highest scores over the overall share.

    A tie group straddling the cut-off counts with the fraction of it that fits, so
    the result is what breaking the ties at random gives on average.
    """
    order = np.argsort(-score, kind="stable")
    s, yy = score[order], y[order]
    cut = s[n_top - 1]
    above = s > cut
    tied = s == cut
    weight = (n_top - above.sum()) / tied.sum()
    hits = yy[above].sum() + weight * yy[tied].sum()
    return float(hits / n_top / y.mean())


def _check_scores(scores: Any, outcome: Any, func: str) -> tuple[pd.DataFrame, np.ndarray]:
    """The scores as a frame aligned to ``outcome`` and the outcome as 0/1."""
    if not isinstance(scores, Mapping) or not scores:
        raise TypeError(
            f"The 'scores' parameter of {func} must be a non-empty dict of method name -> "
            f"pandas Series of scores. Got {type(scores).__name__} instead."
        )
    if not isinstance(outcome, pd.Series) or not outcome.index.is_unique:
        raise TypeError(
            f"The 'outcome' parameter of {func} must be a pandas Series with one row per "
            f"customer. Got {type(outcome).__name__} instead."
        )
    y = pd.to_numeric(outcome, errors="coerce").to_numpy(dtype="float64")
    if not np.isin(y, (0.0, 1.0)).all() or y.min() == y.max():
        raise ValueError(
            f"The 'outcome' parameter of {func} must be True/False (or 0/1) with both "
            "values present. Got other values, missing values or one value only instead."
        )
    columns = {}
    for name, series in scores.items():
        if not isinstance(series, pd.Series) or not series.index.is_unique:
            raise TypeError(
                f"The scores['{name}'] passed to {func} must be a pandas Series with one row "
                f"per customer. Got {type(series).__name__} instead."
            )
        if set(series.index) != set(outcome.index):
            raise ValueError(
                f"The scores['{name}'] passed to {func} must cover the same customers as "
                f"'outcome'. Got {len(set(series.index) ^ set(outcome.index))} customer(s) in "
                "only one of them instead; align them first."
            )
        values = pd.to_numeric(series.reindex(outcome.index), errors="coerce")
        if not np.isfinite(values.to_numpy(dtype="float64")).all():
            raise ValueError(
                f"The scores['{name}'] passed to {func} must be finite numbers. Got missing, "
                "infinite or non-numeric values instead."
            )
        columns[name] = values.to_numpy(dtype="float64")
    return pd.DataFrame(columns, index=outcome.index), y.astype("int64")


def compare_rankings(
    scores: Mapping[str, pd.Series],
    outcome: pd.Series,
    *,
    top: float = 0.1,
    n_boot: int = 500,
    seed: int | None = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """How well several scores rank customers for one yes/no outcome, with intervals.

    Each score should be higher for customers more likely to have the outcome (use
    ``1 - p`` or ``-score`` to turn one round). The intervals come from resampling
    customers with replacement (``numpy.random.default_rng(seed)``), the same
    resample for every score, so the differences are paired.

    Parameters
    ----------
    scores : mapping of str to pandas.Series
        Method name -> one score per customer (same customers as ``outcome``).
    outcome : pandas.Series of bool or 0/1
        What happened (say, bought again in the hold-out period).
    top : float, default 0.1
        The top share for the lift (0.1: the top decile).
    n_boot : int, default 500
        Bootstrap replicates, 1 to 10,000.
    seed : int or None, default 0
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Indexed by ``method``: ``auc``, ``auc_low``, ``auc_high``, ``lift`` (share of
        positives in the top group over the overall share), ``lift_low``,
        ``lift_high``, and ``auc_diff``, ``auc_diff_low``, ``auc_diff_high`` (AUC
        minus the first method's; 0 for the first).
    """
    func = "compare_rankings"
    frame, y = _check_scores(scores, outcome, func)
    top = check_number(top, "top", func, low=0, high=1, low_open=True)
    n_boot = check_count(n_boot, "n_boot", func, high=MAX_BOOT)
    seed = check_seed(seed, "seed", func)
    level = check_number(level, "level", func, low=0, high=1, low_open=True, high_open=True)
    n = len(y)
    n_top = max(1, round(top * n))
    values = frame.to_numpy()
    point = np.array(
        [[auc(y, values[:, j]), _top_lift(y, values[:, j], n_top)] for j in range(values.shape[1])]
    )
    rng = np.random.default_rng(seed)
    draws = np.full((n_boot, values.shape[1], 2), np.nan)
    for b in range(n_boot):
        idx = rng.integers(0, n, n)
        yb = y[idx]
        if yb.min() == yb.max():
            continue  # a resample with one outcome only has no AUC; counted below
        for j in range(values.shape[1]):
            draws[b, j] = auc(yb, values[idx, j]), _top_lift(yb, values[idx, j], n_top)
    q = [(1 - level) / 2, (1 + level) / 2]
    lo_hi = np.nanquantile(draws, q, axis=0)  # (2, methods, 2)
    diff = np.nanquantile(draws[:, :, 0] - draws[:, :1, 0], q, axis=0)
    out = pd.DataFrame(
        {
            "auc": point[:, 0],
            "auc_low": lo_hi[0, :, 0],
            "auc_high": lo_hi[1, :, 0],
            "lift": point[:, 1],
            "lift_low": lo_hi[0, :, 1],
            "lift_high": lo_hi[1, :, 1],
            "auc_diff": point[:, 0] - point[0, 0],
            "auc_diff_low": diff[0],
            "auc_diff_high": diff[1],
        },
        index=pd.Index(list(frame.columns), name="method"),
    )
    out.attrs.update(
        customers=n, top_customers=n_top, replicates=int(np.isfinite(draws[:, 0, 0]).sum())
    )
    return out
