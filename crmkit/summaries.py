"""Per-customer summaries of a purchase log: R/F/M (Hughes) and buy-till-you-die.

Users often confuse two customer summaries that share the names recency and frequency,
so each has its own function, returning its own columns:

:func:`segmentation_summary` (RFM segmentation, the Hughes way; input of
:func:`crmkit.rfm_scoring.rfm_score`)
    recency = periods since the last purchase at the analysis date (0 = bought that
    day), frequency = number of purchases (orders), monetary = total and mean spend.
:func:`btyd_summary` (buy-till-you-die models such as BG/NBD, as in *lifetimes*)
    frequency = number of *repeat* purchase periods (periods with a purchase after the
    first), recency = time from the first to the last purchase (so larger is better),
    T = the customer's age at the analysis date, monetary_value = mean spend per repeat
    period. This is exactly ``lifetimes.utils.summary_data_from_transaction_data``.

:func:`rfm_summary` ``(..., convention="segmentation" | "btyd")`` dispatches to one of
the two; it is kept for the chapter 3 notebook and exercise set, which use it.

Both read the log through one validation step (:func:`_read_log`), so the same bad
input gets the same error from either.

Returns and zero-value orders
-----------------------------
By default (``nonpositive="exclude"``) a row whose value is zero or negative (a fully
returned order, a refund, a free replacement) is **not a purchase**: it does not count in
frequency, recency or monetary value. Such rows are never dropped silently: every summary
has an ``excluded_orders`` column with the number excluded per customer, and customers
left with no purchase at all are removed with a :class:`UserWarning` naming how many.
``nonpositive="keep"`` counts every row as a purchase, as *lifetimes* does.

Dates
-----
Dates must be ``datetime64``. A time-zone-aware column follows the kit's one rule
(:func:`crmkit._checks.to_naive_dates`): its zone is dropped and each order keeps its
local wall-clock date, so no order moves to another day.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import (
    check_columns,
    check_finite,
    check_frame,
    check_no_missing,
    check_one_of,
    to_naive_dates,
    to_timestamp,
)

__all__ = ["CONVENTIONS", "FREQS", "btyd_summary", "rfm_summary", "segmentation_summary"]

#: The two summaries :func:`rfm_summary` can compute.
CONVENTIONS = ("segmentation", "btyd")
#: The time units of a summary, and what each means.
FREQS = {"h": "hours", "D": "days", "W": "weeks (Monday to Sunday)", "M": "calendar months"}
_NONPOSITIVE = ("exclude", "keep")
_NAT = np.iinfo(np.int64).min  # NaT is stored as the smallest int64


# --------------------------------------------------------------------------------------
# periods and customer slots
# --------------------------------------------------------------------------------------
def _periods(raw: np.ndarray, freq: str) -> np.ndarray:
    """Integer period number (since 1970) of datetime64 values, by flooring."""
    if freq == "M":
        return raw.astype("datetime64[M]").view("i8")
    unit = np.datetime_data(raw.dtype)[0]
    ticks = raw.view("i8")
    per = np.timedelta64(1, "h" if freq == "h" else "D") // np.timedelta64(1, unit)
    if per >= 1:  # integer floor division is much faster than a datetime64 cast
        number = ticks // int(per)
    else:  # pragma: no cover - dates coarser than the period (e.g. datetime64[D], freq="h")
        number = raw.astype("datetime64[h]" if freq == "h" else "datetime64[D]").view("i8")
    if freq == "W":
        # 1970-01-01 was a Thursday; shifting by 3 days starts weeks on Monday, as
        # pandas' 'W' (= 'W-SUN') periods and lifetimes do.
        return (number + 3) // 7
    return number


def _customer_codes(ids: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Slot codes in id order, and the id of every slot.

    Dense integer ids (the usual 1..n) are addressed directly, ``slot = id - min(id)``,
    which is much faster than hashing; slots of ids that do not occur have 0 rows.
    Other ids are factorized (sorted), and every slot occurs.
    """
    if pd.api.types.is_integer_dtype(ids.dtype) and not pd.api.types.is_bool_dtype(ids.dtype):
        arr = ids.to_numpy(dtype="int64")
        lo, hi = int(arr.min()), int(arr.max())
        if 0 <= lo <= 1000:
            lo = 0  # ids used as slots as they are: no subtraction, no copy
        if hi - lo <= 2 * len(arr) + 100_000:
            slots = pd.Index(np.arange(lo, hi + 1), dtype=ids.dtype, name=ids.name)
            return (arr - lo if lo else arr), slots
    codes, uniques = pd.factorize(ids, sort=True)
    return codes, pd.Index(uniques, name=ids.name)


def _has_missing(s: pd.Series) -> bool:
    """Whether ``s`` holds NaN/NaT/None; fast paths for numpy numbers and dates."""
    dtype = s.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return False  # numpy integers and booleans cannot be missing
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        return bool(np.isnan(s.to_numpy().min(initial=0.0)))  # min is NaN iff any NaN
    if isinstance(dtype, np.dtype) and dtype.kind == "M":
        return bool(s.to_numpy().view("i8").min(initial=0) == _NAT)
    return bool(s.isna().any())


# --------------------------------------------------------------------------------------
# the one validation step
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Log:
    """A validated log as arrays: every row's slot, the purchases among the rows."""

    codes: np.ndarray  # slot of every row
    uniques: pd.Index  # customer id of every slot
    codes_p: np.ndarray  # slot of every purchase
    raw_p: np.ndarray  # date of every purchase (int64 ticks of dt_unit)
    v_p: np.ndarray  # value of every purchase
    all_pos: bool  # every row is a purchase
    dt_unit: str
    end_period: int
    first_period: int  # of all rows (a safe bound for the purchases)
    last_period: int
    value_col: str
    func: str


def _log_columns(
    log: Any, customer_col: str, date_col: str, value_col: str, func: str
) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """The log checked as a frame with the three columns; its naive dates and values."""
    log = check_frame(log, "log", func)
    cols = {"customer_col": customer_col, "date_col": date_col, "value_col": value_col}
    check_columns(log, cols, "log", func)
    dates, values = log[date_col], log[value_col]
    if _has_missing(log[customer_col]):
        check_no_missing(log, [customer_col], "log", func)
    if not pd.api.types.is_datetime64_any_dtype(dates.dtype):
        raise ValueError(
            f"The {date_col!r} column passed to {func} must hold dates (datetime64). Got "
            f"dtype {dates.dtype} instead. Convert it first: "
            f"log[{date_col!r}] = pd.to_datetime(log[{date_col!r}])."
        )
    if _has_missing(dates):
        check_no_missing(log, [date_col], "log", func)
    if pd.api.types.is_bool_dtype(values.dtype) or not pd.api.types.is_numeric_dtype(values.dtype):
        raise ValueError(
            f"The {value_col!r} column passed to {func} must be numeric (the order value). "
            f"Got dtype {values.dtype} instead. Convert it with pd.to_numeric."
        )
    if _has_missing(values):
        check_no_missing(log, [value_col], "log", func)
    return log, to_naive_dates(dates, date_col, func), values


def _read_log(
    log: Any,
    analysis_date: Any,
    customer_col: str,
    date_col: str,
    value_col: str,
    freq: str,
    nonpositive: str,
    func: str,
) -> _Log:
    """Validate the log and the options once, for either summary; raise on bad input."""
    check_one_of(freq, "freq", func, tuple(FREQS))
    check_one_of(nonpositive, "nonpositive", func, _NONPOSITIVE)
    log, dates, values = _log_columns(log, customer_col, date_col, value_col, func)
    end = to_timestamp(analysis_date, "analysis_date", func)
    raw = dates.to_numpy()
    if raw.dtype.kind != "M":  # pragma: no cover - defensive (non-numpy datetime dtype)
        raw = dates.to_numpy(dtype="datetime64[ns]")
    raw_i8 = raw.view("i8")
    v = values.to_numpy(dtype="float64")
    smallest = v.min()
    if np.isinf(smallest) or np.isinf(v.max()):
        check_finite(values, "log", func, column=value_col)  # raises, counting them

    end_period = int(_periods(np.array([end.to_datetime64()]), freq)[0])
    latest = raw_i8.max().view(raw.dtype)
    last_period = int(_periods(np.array([latest]), freq)[0])
    if last_period > end_period:
        n_after = int((_periods(raw, freq) > end_period).sum())
        raise ValueError(
            f"The {date_col!r} column passed to {func} has {n_after} purchase(s) after the "
            f"analysis date {end.date()} (the latest is {pd.Timestamp(latest)}). A summary "
            "at a date cannot use later purchases: filter the log first, e.g. "
            f"log[log[{date_col!r}] < analysis_date], or choose a later analysis_date."
        )
    codes, uniques = _customer_codes(log[customer_col])
    all_pos = nonpositive == "keep" or bool(smallest > 0)
    pos = slice(None) if all_pos else v > 0
    return _Log(
        codes=codes,
        uniques=uniques,
        codes_p=codes[pos],
        raw_p=raw_i8[pos],
        v_p=v[pos],
        all_pos=all_pos,
        dt_unit=f"datetime64[{np.datetime_data(raw.dtype)[0]}]",
        end_period=end_period,
        first_period=int(_periods(np.array([raw_i8.min().view(raw.dtype)]), freq)[0]),
        last_period=last_period,
        value_col=value_col,
        func=func,
    )


def _kept(p: _Log, n_purch: np.ndarray, n_rows: np.ndarray) -> np.ndarray:
    """Slots with a purchase; warn about customers whose orders were all excluded."""
    keep = n_purch > 0
    if not keep.any():
        raise ValueError(
            f"The {p.value_col!r} column passed to {p.func} has no value above 0, so no "
            "customer has a purchase. Check the column, or pass nonpositive='keep'."
        )
    dropped = p.uniques[(n_rows > 0) & ~keep]
    if len(dropped):
        shown = ", ".join(map(str, dropped[:5])) + (", ..." if len(dropped) > 5 else "")
        warnings.warn(
            f"{p.func}: {len(dropped)} customer(s) have no purchase with {p.value_col} > 0 "
            f"(only returns or zero-value orders) and are left out of the summary: "
            f"{shown}. Pass nonpositive='keep' to count every order as a purchase.",
            UserWarning,
            stacklevel=4,  # _kept <- _segmentation/_btyd <- public function <- caller
        )
    return keep


# --------------------------------------------------------------------------------------
# the two summaries
# --------------------------------------------------------------------------------------
def _segmentation(p: _Log, freq: str) -> pd.DataFrame:
    n_cust = len(p.uniques)  # customer slots; a slot may have no rows (see _customer_codes)
    n_rows = np.bincount(p.codes, minlength=n_cust)
    n_purch = n_rows if p.all_pos else np.bincount(p.codes_p, minlength=n_cust)
    keep = _kept(p, n_purch, n_rows)
    first_raw = np.full(n_cust, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first_raw, p.codes_p, p.raw_p)
    last_raw = np.full(n_cust, _NAT, dtype=np.int64)
    np.maximum.at(last_raw, p.codes_p, p.raw_p)
    first_p = _periods(first_raw[keep].view(p.dt_unit), freq)
    last_p = _periods(last_raw[keep].view(p.dt_unit), freq)
    n = n_purch[keep]
    tot = np.bincount(p.codes_p, weights=p.v_p, minlength=n_cust)[keep]
    return pd.DataFrame(
        {
            "recency": p.end_period - last_p,
            "frequency": n.astype(np.int64),
            "monetary_total": tot,
            "monetary_mean": tot / n,
            "tenure": p.end_period - first_p,
            "first_purchase": first_raw[keep].view(p.dt_unit),
            "last_purchase": last_raw[keep].view(p.dt_unit),
            "excluded_orders": (n_rows - n_purch)[keep].astype(np.int64),
        },
        index=p.uniques[keep],
    )


def _btyd(p: _Log, freq: str) -> pd.DataFrame:
    # One sort of (customer, period) keys puts each customer's purchases in one block, in
    # period order: block sizes are the purchase counts, the ends of a block are the first
    # and last periods, and equal neighbours are further purchases in a period already
    # seen.
    n_cust = len(p.uniques)
    span = p.last_period - p.first_period + 1
    int_type = np.int32 if n_cust * span < np.iinfo(np.int32).max else np.int64  # faster
    rel = _periods(p.raw_p.view(p.dt_unit), freq)  # period number ...
    rel -= p.first_period  # ... counted from the first period in the log
    rel = rel.astype(int_type, copy=False)
    key = p.codes_p.astype(int_type)
    key *= span
    key += rel
    key.sort()
    block = np.searchsorted(key, np.arange(n_cust + 1, dtype=int_type) * int_type(span))
    n_purch = np.diff(block)
    n_rows = n_purch if p.all_pos else np.bincount(p.codes, minlength=n_cust)
    keep = _kept(p, n_purch, n_rows)
    kept = np.flatnonzero(keep)
    base = kept.astype(np.int64) * span
    first_rel = key[block[kept]] - base
    first_p = first_rel + p.first_period
    last_p = key[block[kept + 1] - 1] - base + p.first_period
    repeats = key[1:][key[1:] == key[:-1]]
    n_periods = n_purch - np.bincount(repeats // span, minlength=n_cust)
    first_all = np.zeros(n_cust, dtype=int_type)
    first_all[kept] = first_rel
    in_first = rel == first_all[p.codes_p]
    repeat_value = np.bincount(p.codes_p, weights=np.where(in_first, 0.0, p.v_p), minlength=n_cust)
    frequency = (n_periods[keep] - 1).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        monetary = np.where(frequency > 0, repeat_value[keep] / frequency, 0.0)
    return pd.DataFrame(
        {
            "frequency": frequency,
            "recency": (last_p - first_p).astype(np.float64),
            "T": (p.end_period - first_p).astype(np.float64),
            "monetary_value": monetary,
            "excluded_orders": (n_rows - n_purch)[keep].astype(np.int64),
        },
        index=p.uniques[keep],
    )


_PARAMETERS_DOC = """
    Parameters
    ----------
    log : pandas.DataFrame
        The purchase log, one row per order, e.g. the world's ``transactions`` table. Only
        the three columns named below are used; the log is not modified.
    analysis_date : str or datetime-like
        The date at which customers are described ("today" of the analysis). No purchase
        may fall in a later period: filter the log first, e.g.
        ``log[log["order_date"] < analysis_date]``.
    customer_col, date_col, value_col : str
        Column names of the customer id (no missing values), the order date
        (``datetime64``, naive or time-zone-aware; no NaT) and the order value (finite
        numbers, e.g. revenue net of returns).
    freq : {"D", "W", "M", "h"}, default "D"
        The time unit: days, weeks (Monday to Sunday), calendar months or hours. Every
        date (and the analysis date) is first assigned to its period, so recency, tenure
        and ``T`` are whole numbers of periods, and a purchase later on the analysis day
        (with "D") is not "after" the analysis date.
    nonpositive : {"exclude", "keep"}, default "exclude"
        What to do with rows whose value is zero or negative (returns, refunds, free
        orders). "exclude": they are not purchases; they are counted per customer in
        ``excluded_orders`` and customers left with no purchase are removed with a
        UserWarning. "keep": every row is a purchase (the *lifetimes* behaviour).
"""

_RAISES_DOC = """
    Raises
    ------
    TypeError
        If ``log`` is not a DataFrame.
    ValueError
        If a column is missing, the log is empty, ids or dates or values are missing,
        dates are not datetime64, values are not numeric or not finite, a purchase falls
        after the analysis date, no row is a purchase, or ``freq`` or ``nonpositive`` is
        unknown.

    Warns
    -----
    UserWarning
        If customers are left with no purchase after excluding non-positive rows.
"""


def segmentation_summary(
    log: pd.DataFrame,
    *,
    analysis_date: Any,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    value_col: str = "revenue",
    freq: str = "D",
    nonpositive: str = "exclude",
) -> pd.DataFrame:
    p = _read_log(
        log, analysis_date, customer_col, date_col, value_col, freq, nonpositive,
        "segmentation_summary",
    )  # fmt: skip
    return _segmentation(p, freq)


segmentation_summary.__doc__ = f"""Hughes' R/F/M summary of a purchase log, one row per customer.

    RFM 分析法 needs nothing but the purchase history. This is the summary that
    :func:`crmkit.rfm_scoring.rfm_score` codes into quintiles.
{_PARAMETERS_DOC}
    Returns
    -------
    pandas.DataFrame
        Indexed by customer id (sorted), named ``customer_col``:

        =============== ========== =================================================
        recency         int64      最近一次消费: periods from the last purchase to the
                                   analysis date (0 = bought in the analysis period)
        frequency       int64      消费频率: number of purchases (orders, all counted)
        monetary_total  float64    消费金额: total spend on those purchases
        monetary_mean   float64    mean spend per purchase (monetary_total / frequency)
        tenure          int64      periods from the first purchase to the analysis date
        first_purchase  datetime64 date of the first purchase
        last_purchase   datetime64 date of the last purchase
        excluded_orders int64      rows not counted as purchases (value <= 0)
        =============== ========== =================================================
{_RAISES_DOC}
    Notes
    -----
    Frequency counts *orders* (two orders on one day are two purchases), unlike
    :func:`btyd_summary`, which counts periods. Computed with vectorised integer
    arithmetic (no ``groupby.apply``); see ``benchmarks/bench_rfm.py``.

    Examples
    --------
    >>> log = pd.DataFrame({{
    ...     "customer_id": [1, 1, 2],
    ...     "order_date": pd.to_datetime(["2025-01-01", "2025-01-11", "2025-01-21"]),
    ...     "revenue": [100.0, 50.0, 80.0],
    ... }})
    >>> segmentation_summary(log, analysis_date="2025-01-31")[
    ...     ["recency", "frequency", "monetary_total"]]  # doctest: +NORMALIZE_WHITESPACE
                 recency  frequency  monetary_total
    customer_id
    1                 20          2           150.0
    2                 10          1            80.0
    """


def btyd_summary(
    log: pd.DataFrame,
    *,
    analysis_date: Any,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    value_col: str = "revenue",
    freq: str = "D",
    nonpositive: str = "exclude",
) -> pd.DataFrame:
    p = _read_log(
        log, analysis_date, customer_col, date_col, value_col, freq, nonpositive,
        "btyd_summary",
    )  # fmt: skip
    return _btyd(p, freq)


btyd_summary.__doc__ = f"""The buy-till-you-die frequency/recency/T summary, one row per customer.

    The input of BG/NBD and Gamma-Gamma models; identical to *lifetimes*'
    ``summary_data_from_transaction_data(..., monetary_value_col=value_col,
    observation_period_end=analysis_date, freq=freq)``.
{_PARAMETERS_DOC}
    Returns
    -------
    pandas.DataFrame
        Indexed by customer id (sorted), named ``customer_col``:

        =============== ========== =================================================
        frequency       float64    number of periods with a purchase, minus one
                                   (repeat purchases; orders in one period count once)
        recency         float64    periods from the first to the last purchase
                                   (0 if no repeat purchase; larger = more recent)
        T               float64    periods from the first purchase to the analysis date
        monetary_value  float64    mean spend per repeat period (0 if frequency is 0)
        excluded_orders int64      rows not counted as purchases (value <= 0)
        =============== ========== =================================================
{_RAISES_DOC}
    Notes
    -----
    One sort of (customer, period) keys does all the work; see
    ``benchmarks/bench_rfm.py``.

    Examples
    --------
    >>> log = pd.DataFrame({{
    ...     "customer_id": [1, 1, 2],
    ...     "order_date": pd.to_datetime(["2025-01-01", "2025-01-11", "2025-01-21"]),
    ...     "revenue": [100.0, 50.0, 80.0],
    ... }})
    >>> btyd_summary(log, analysis_date="2025-01-31")[
    ...     ["frequency", "recency", "T", "monetary_value"]]  # doctest: +NORMALIZE_WHITESPACE
                 frequency  recency     T  monetary_value
    customer_id
    1                  1.0     10.0  30.0            50.0
    2                  0.0      0.0  10.0             0.0
    """


def rfm_summary(
    log: pd.DataFrame,
    *,
    analysis_date: Any,
    convention: str = "segmentation",
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    value_col: str = "revenue",
    freq: str = "D",
    nonpositive: str = "exclude",
) -> pd.DataFrame:
    """:func:`segmentation_summary` or :func:`btyd_summary`, chosen by ``convention``.

    Kept so that code written for one function keeps working; new code should call the
    summary it means. ``convention="segmentation"`` (default) returns the Hughes R/F/M
    summary, ``convention="btyd"`` the buy-till-you-die summary, with the columns those
    functions document. Every other parameter, error and warning is theirs (errors
    name ``rfm_summary``).

    Raises
    ------
    ValueError
        If ``convention`` is not "segmentation" or "btyd", or as the chosen function.
    """
    func = "rfm_summary"
    check_one_of(convention, "convention", func, CONVENTIONS)
    p = _read_log(log, analysis_date, customer_col, date_col, value_col, freq, nonpositive, func)
    return _segmentation(p, freq) if convention == "segmentation" else _btyd(p, freq)
