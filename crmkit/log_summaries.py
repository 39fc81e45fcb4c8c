"""R/F/M and buy-till-you-die summaries computed by DuckDB over a registered log.

The same summaries as :mod:`crmkit.summaries` (same columns, index, rules, errors and
warnings), computed out of core over the view that :func:`crmkit.log_import.open_log`
registered: only one row per customer comes back to Python. The SQL is plain SQL over
a view (DuckDB's dialect: ``date_diff``, ``fsum``, ``FILTER``).

==================================  ====================================================
:func:`segmentation_summary_sql`    as :func:`crmkit.summaries.segmentation_summary`
:func:`btyd_summary_sql`            as :func:`crmkit.summaries.btyd_summary`
:func:`calibration_holdout_sql`     as :func:`crmkit.btyd.holdout.calibration_holdout`
:func:`btyd_histories_sql`          the distinct BTYD histories and their counts, to fit on
==================================  ====================================================
"""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd

from crmkit._checks import check_number, check_one_of, to_timestamp
from crmkit._sqltext import quote_identifier as _qi
from crmkit.log_import import log_info, run_log_sql

__all__ = [
    "btyd_histories_sql",
    "btyd_summary_sql",
    "calibration_holdout_sql",
    "segmentation_summary_sql",
]

_FREQS = ("D", "W", "M", "h")
_NONPOSITIVE = ("exclude", "keep")


# --------------------------------------------------------------------------------------
# summaries in SQL
# --------------------------------------------------------------------------------------
def _period_sql(expr: str, freq: str) -> str:
    """The period number (since 1970) of a TIMESTAMP expression, as crmkit.summaries."""
    days = f"date_diff('day', DATE '1970-01-01', CAST({expr} AS DATE))"
    if freq == "D":
        return days
    if freq == "W":  # weeks from Monday to Sunday, as pandas' 'W' and lifetimes
        return f"CAST(floor(({days} + 3) / 7.0) AS BIGINT)"
    if freq == "M":
        return f"((year({expr}) - 1970) * 12 + month({expr}) - 1)"
    return f"date_diff('hour', TIMESTAMP '1970-01-01', date_trunc('hour', {expr}))"


def _summary_setup(
    con: Any, name: str, analysis_date: Any, freq: str, nonpositive: str, func: str
) -> tuple[dict[str, Any], str, dict[str, Any]]:
    info = log_info(con, name, func)
    check_one_of(freq, "freq", func, _FREQS)
    check_one_of(nonpositive, "nonpositive", func, _NONPOSITIVE)
    end = to_timestamp(analysis_date, "analysis_date", func)
    usable = _qi(name)
    late, latest = run_log_sql(
        con,
        f"SELECT count(*) FILTER (WHERE {_period_sql('order_date', freq)} > "
        f"{_period_sql('CAST($end AS TIMESTAMP)', freq)}), max(order_date) FROM {usable}",
        {"end": end},
        info,
        func,
    ).fetchone()
    if late:
        raise ValueError(
            f"The log {name!r} passed to {func} has {late} purchase(s) after the analysis date "
            f"{end.date()} (the latest is {pd.Timestamp(latest)}). A summary at a date cannot "
            "use later purchases: choose a later analysis_date, or split the log with a "
            "calibration/hold-out split."
        )
    return info, usable, {"end": end}


def _finish(frame: pd.DataFrame, func: str) -> pd.DataFrame:
    return frame.set_index("customer_id")


def segmentation_summary_sql(
    con: Any,
    *,
    analysis_date: Any,
    name: str = "transactions",
    freq: str = "D",
    nonpositive: str = "exclude",
) -> pd.DataFrame:
    """Hughes' R/F/M summary computed by DuckDB over a registered log.

    The same summary as :func:`crmkit.summaries.segmentation_summary` (same columns,
    index, rules and errors), computed out of core: only one row per customer comes
    back to Python. Parameters as there; ``name`` is the view :func:`open_log` made.
    Customers whose every order is non-positive (with ``nonpositive="exclude"``) are
    left out and counted in a UserWarning, as in pandas.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer id: ``recency``, ``frequency``, ``monetary_total``,
        ``monetary_mean``, ``tenure``, ``first_purchase``, ``last_purchase``,
        ``excluded_orders``.
    """
    func = "segmentation_summary_sql"
    info, usable, params = _summary_setup(con, name, analysis_date, freq, nonpositive, func)
    pos = "TRUE" if nonpositive == "keep" else "revenue > 0"
    end_p = _period_sql("CAST($end AS TIMESTAMP)", freq)
    sql = f"""
WITH agg AS (
    SELECT customer_id,
           count(*) AS n_rows,
           count(*) FILTER (WHERE {pos}) AS n_purch,
           fsum(revenue) FILTER (WHERE {pos}) AS total,
           min(order_date) FILTER (WHERE {pos}) AS first_purchase,
           max(order_date) FILTER (WHERE {pos}) AS last_purchase
    FROM {usable}
    GROUP BY customer_id
)
SELECT customer_id,
       {end_p} - {_period_sql("last_purchase", freq)} AS recency,
       n_purch AS frequency,
       total AS monetary_total,
       total / n_purch AS monetary_mean,
       {end_p} - {_period_sql("first_purchase", freq)} AS tenure,
       first_purchase, last_purchase,
       n_rows - n_purch AS excluded_orders
FROM agg
ORDER BY customer_id"""
    frame = run_log_sql(con, sql, params, info, func).df()
    frame = _warn_left_out(frame, func)
    frame = frame.astype(
        {"recency": "int64", "frequency": "int64", "tenure": "int64", "excluded_orders": "int64"}
    )
    return _finish(frame, func)


def _warn_left_out(frame: pd.DataFrame, func: str) -> pd.DataFrame:
    none = frame["frequency"].isna() | (frame["frequency"] == 0) if "frequency" in frame else None
    if "n_purch" in frame:
        none = frame["n_purch"] == 0
    if none is None or none.all():
        raise ValueError(
            f"The log passed to {func} has no value above 0, so no customer has a purchase. "
            "Check the amount column, or pass nonpositive='keep'."
        )
    if none.any():
        ids = frame.loc[none, "customer_id"].tolist()
        shown = ", ".join(map(str, ids[:5])) + (", ..." if len(ids) > 5 else "")
        warnings.warn(
            f"{func}: {len(ids)} customer(s) have no purchase with revenue > 0 (only returns "
            f"or zero-value orders) and are left out of the summary: {shown}. Pass "
            "nonpositive='keep' to count every order as a purchase.",
            UserWarning,
            stacklevel=3,
        )
        frame = frame.loc[~none]
    return frame.drop(columns=[c for c in ("n_purch",) if c in frame])


def btyd_summary_sql(
    con: Any,
    *,
    analysis_date: Any,
    name: str = "transactions",
    freq: str = "D",
    nonpositive: str = "exclude",
) -> pd.DataFrame:
    """The buy-till-you-die frequency/recency/T summary computed by DuckDB.

    The same summary as :func:`crmkit.summaries.btyd_summary` (and lifetimes'
    ``summary_data_from_transaction_data``): frequency = periods with a purchase minus
    one, recency = periods from the first to the last purchase, T = periods from the
    first purchase to the analysis date, monetary_value = mean spend per repeat period.
    Computed out of core; only one row per customer comes back to Python, and the
    lifetime-value models fit on the distinct (frequency, recency, T) histories, so
    millions of customers cost no more than their distinct histories.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer id: ``frequency``, ``recency``, ``T``, ``monetary_value``
        (float64) and ``excluded_orders`` (int64).
    """
    func = "btyd_summary_sql"
    info, usable, params = _summary_setup(con, name, analysis_date, freq, nonpositive, func)
    sql = _btyd_sql(usable, nonpositive, freq)
    frame = run_log_sql(con, sql, params, info, func).df()
    return _finish(_btyd_types(_warn_left_out(frame, func)), func)


def _btyd_sql(rows: str, nonpositive: str, freq: str) -> str:
    """The BTYD summary of the relation ``rows`` at the parameter ``$end``."""
    pos = "TRUE" if nonpositive == "keep" else "revenue > 0"
    per = _period_sql("order_date", freq)
    end_p = _period_sql("CAST($end AS TIMESTAMP)", freq)
    return f"""
WITH p AS (
    SELECT customer_id, revenue, {per} AS per FROM {rows} WHERE {pos}
), firsts AS (
    SELECT customer_id, min(per) AS first_p, max(per) AS last_p, count(DISTINCT per) AS n_periods
    FROM p GROUP BY customer_id
), repeat AS (
    SELECT p.customer_id, fsum(p.revenue) AS repeat_value
    FROM p JOIN firsts AS f ON p.customer_id = f.customer_id AND p.per > f.first_p
    GROUP BY p.customer_id
), counts AS (
    SELECT customer_id, count(*) AS n_rows, count(*) FILTER (WHERE {pos}) AS n_purch
    FROM {rows} GROUP BY customer_id
)
SELECT c.customer_id, c.n_purch,
       CAST(f.n_periods - 1 AS DOUBLE) AS frequency,
       CAST(f.last_p - f.first_p AS DOUBLE) AS recency,
       CAST({end_p} - f.first_p AS DOUBLE) AS "T",
       CASE WHEN f.n_periods > 1 THEN coalesce(r.repeat_value, 0) / (f.n_periods - 1)
            ELSE 0.0 END AS monetary_value,
       c.n_rows - c.n_purch AS excluded_orders
FROM counts AS c
LEFT JOIN firsts AS f USING (customer_id)
LEFT JOIN repeat AS r USING (customer_id)
ORDER BY c.customer_id"""


def btyd_histories_sql(
    con: Any,
    *,
    analysis_date: Any,
    name: str = "transactions",
    freq: str = "W",
    nonpositive: str = "exclude",
) -> pd.DataFrame:
    """The distinct (frequency, recency, T) histories of a log and how many share each.

    The summary of :func:`btyd_summary_sql`, grouped in DuckDB: a log of millions of
    customers comes back as the few thousand distinct histories a BG/NBD model needs
    (``BGNBD().fit(histories, count_col="customers")`` gives the same estimates as a fit
    on one row per customer). Weekly periods (``freq="W"``, the default here) keep the
    histories few; rules, errors and warnings as :func:`btyd_summary_sql`.

    Returns
    -------
    pandas.DataFrame
        One row per distinct history, sorted: ``frequency``, ``recency``, ``T``
        (float64) and ``customers`` (int64).
    """
    func = "btyd_histories_sql"
    info, usable, params = _summary_setup(con, name, analysis_date, freq, nonpositive, func)
    per_customer = _btyd_sql(usable, nonpositive, freq)
    sql = f"""
WITH s AS ({per_customer})
SELECT frequency, recency, "T", count(*) AS customers, count(*) FILTER (WHERE n_purch = 0) AS left_out
FROM s GROUP BY ALL ORDER BY frequency, recency, "T" """
    frame = run_log_sql(con, sql, params, info, func).df()
    left_out = int(frame["left_out"].sum())
    frame = frame[frame["frequency"].notna()].drop(columns="left_out")
    if frame.empty:
        raise ValueError(
            f"The log passed to {func} has no value above 0, so no customer has a purchase. "
            "Check the amount column, or pass nonpositive='keep'."
        )
    if left_out:
        warnings.warn(
            f"{func}: {left_out} customer(s) have no purchase with revenue > 0 (only returns "
            "or zero-value orders) and are left out of the histories. Pass "
            "nonpositive='keep' to count every order as a purchase.",
            UserWarning,
            stacklevel=2,
        )
    floats = {c: "float64" for c in ("frequency", "recency", "T")}
    return frame.astype({**floats, "customers": "int64"}).reset_index(drop=True)


def _btyd_types(frame: pd.DataFrame) -> pd.DataFrame:
    floats = {c: "float64" for c in ("frequency", "recency", "T", "monetary_value")}
    return frame.astype({**floats, "excluded_orders": "int64"})


def calibration_holdout_sql(
    con: Any,
    *,
    calibration_end: Any,
    holdout_end: Any,
    unit_days: float = 7.0,
    name: str = "transactions",
    nonpositive: str = "exclude",
) -> pd.DataFrame:
    """A registered log split into a calibration summary and hold-out purchases, in SQL.

    The same split as :func:`crmkit.btyd.holdout.calibration_holdout` (same columns,
    rules and warnings): the calibration summary is the BTYD summary by day up to
    ``calibration_end`` with recency and T in units of ``unit_days``; the hold-out
    columns count the purchase days and revenue from the next day to ``holdout_end`` of
    the customers described. ``nonpositive="keep"`` with CDNOW reproduces the published
    2,357-customer sample.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer id: ``frequency``, ``recency``, ``T``, ``monetary_value``,
        ``excluded_orders``, ``frequency_holdout``, ``revenue_holdout``,
        ``duration_holdout``.
    """
    func = "calibration_holdout_sql"
    info = log_info(con, name, func)
    check_one_of(nonpositive, "nonpositive", func, _NONPOSITIVE)
    cal_end = to_timestamp(calibration_end, "calibration_end", func).floor("D")
    hold_end = to_timestamp(holdout_end, "holdout_end", func).floor("D")
    unit = check_number(unit_days, "unit_days", func, low=0, low_open=True)
    if hold_end <= cal_end:
        raise ValueError(
            f"The 'holdout_end' parameter of {func} must be after calibration_end "
            f"({cal_end.date()}). Got {hold_end.date()} instead."
        )
    usable = _qi(name)
    day = "CAST(CAST(order_date AS DATE) AS TIMESTAMP)"
    cal = f"(SELECT customer_id, {day} AS order_date, revenue FROM {usable} WHERE {day} <= $end)"
    params = {"end": cal_end}
    if not run_log_sql(con, f"SELECT count(*) FROM {cal}", params, info, func).fetchone()[0]:
        raise ValueError(
            f"The log {name!r} passed to {func} has no order on or before calibration_end "
            f"({cal_end.date()}). Choose a later calibration_end."
        )
    frame = run_log_sql(con, _btyd_sql(cal, nonpositive, "D"), params, info, func).df()
    summary = _finish(_btyd_types(_warn_left_out(frame, func)), func)
    summary["recency"] = summary["recency"] / unit
    summary["T"] = summary["T"] / unit
    pos = "TRUE" if nonpositive == "keep" else "revenue > 0"
    hold = run_log_sql(
        con,
        f"""
SELECT customer_id, count(DISTINCT {day}) AS frequency_holdout, fsum(revenue) AS revenue_holdout
FROM {usable}
WHERE {day} > $end AND {day} <= $hold AND {pos}
  AND customer_id IN (SELECT customer_id FROM {cal} WHERE {pos})
GROUP BY customer_id""",
        {"end": cal_end, "hold": hold_end},
        info,
        func,
    ).df()
    hold = hold.set_index("customer_id")
    summary["frequency_holdout"] = (
        hold["frequency_holdout"].reindex(summary.index, fill_value=0).astype("float64")
    )
    summary["revenue_holdout"] = (
        hold["revenue_holdout"].reindex(summary.index, fill_value=0.0).astype("float64")
    )
    summary["duration_holdout"] = float((hold_end - cal_end).days) / unit
    return summary
