"""RFM in SQL (RFM 分析的 SQL 实现): the same summary and scores as crmkit's pandas code.

:func:`rfm_sql` writes the SQL text of an RFM summary and quintile scores for DuckDB;
:func:`compare_rfm` runs it beside the pandas implementation, customer by customer.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_one_of as _check_choice
from crmkit.rfm_scoring import rfm_score
from crmkit.sql import query
from crmkit.summaries import segmentation_summary

__all__ = ["compare_rfm", "rfm_sql"]

# --------------------------------------------------------------------------------------
# RFM in SQL
# --------------------------------------------------------------------------------------
_SQL_TIES = ("keep", "first", "ntile")


def rfm_sql(*, bins: int = 5, ties: str = "keep", table: str = "transactions") -> str:
    """The SQL text of an RFM summary and scores, with ``$analysis_date`` as parameter.

    The summary follows :func:`crmkit.summaries.segmentation_summary` (days):
    only orders with ``revenue > 0`` on or before the analysis date are purchases;
    recency = days from the last purchase to the analysis date, frequency = purchases,
    monetary = their total revenue. The scores depend on ``ties``:

    Every axis is scored on a scale where more is better, as in
    :func:`crmkit.rfm_scoring.rfm_score`: frequency and monetary value as they are,
    recency as minus recency ("how recent").

    ``"keep"`` (crmkit's default rule)
        On each axis sort the n values; the j-th cut is the value at position
        ceil(j n / k) (j = 1..k-1); a customer's score is 1 + the number of cuts strictly
        below its value. Equal values always get equal scores, the lower one at a cut.
    ``"first"`` (crmkit's ``ties="first"``)
        Sort by value, ties broken by customer id (the lower id first); the customer at
        position p (0-based) gets score floor(p k / n) + 1.
    ``"ntile"`` (SQL's ``NTILE(k)``)
        Like "first" but NTILE puts the extra customers, when k does not divide n, into
        the *first* groups, while floor(p k / n) + 1 spreads them out; so a few
        customers near a border get a different score.

    The most recent buyers score k on R.

    Parameters
    ----------
    bins : int, default 5
        Number of scores per axis (2-10).
    ties : {"keep", "first", "ntile"}, default "keep"
    table : str, default "transactions"
        The purchase log table (``customer_id``, ``order_date``, ``revenue``).

    Returns
    -------
    str
        A SELECT returning ``customer_id``, ``recency``, ``frequency``,
        ``monetary_total``, ``R``, ``F``, ``M`` ordered by ``customer_id``.
    """
    func = "rfm_sql"
    _check_choice(ties, "ties", func, _SQL_TIES)
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not 2 <= bins <= 10:
        raise ValueError(
            f"The 'bins' parameter of {func} must be an integer from 2 to 10. Got {bins!r} instead."
        )
    if not isinstance(table, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", table):
        raise ValueError(
            f"The 'table' parameter of {func} must be a plain table name such as "
            f"'transactions'. Got {table!r} instead."
        )
    k = int(bins)
    head = f"""WITH purchases AS (
    SELECT customer_id, order_date, revenue
    FROM {table}
    WHERE revenue > 0 AND order_date <= CAST($analysis_date AS DATE)
), summary AS (
    SELECT customer_id,
           date_diff('day', max(order_date), CAST($analysis_date AS DATE)) AS recency,
           count(*)     AS frequency,
           sum(revenue) AS monetary_total
    FROM purchases
    GROUP BY customer_id
)"""
    axes = {"R": "-recency", "F": "frequency", "M": "monetary_total"}  # more is better
    if ties == "keep":
        parts = [head]
        for a, col in axes.items():
            parts.append(
                f"""pos_{a} AS (
    SELECT {col} AS v, row_number() OVER (ORDER BY {col}) AS pos, count(*) OVER () AS n
    FROM summary
), cuts_{a} AS (  -- the j-th cut: the value at position ceil(j n / k)
    SELECT j, v AS cut
    FROM pos_{a} JOIN range(1, {k}) AS r(j) ON pos = (j * n + {k - 1}) // {k}
)"""
            )
        of_s = {"R": "-s.recency", "F": "s.frequency", "M": "s.monetary_total"}
        bins_sql = {a: f"(1 + (SELECT count(*) FROM cuts_{a} WHERE cut < {of_s[a]}))" for a in axes}
        body = ",\n".join(parts)
        select = f"""
SELECT s.*,
       {bins_sql["R"]} AS R,
       {bins_sql["F"]} AS F,
       {bins_sql["M"]} AS M
FROM summary AS s
ORDER BY s.customer_id"""
        return body + select
    if ties == "first":
        r = f"(row_number() OVER (ORDER BY recency DESC, customer_id) - 1) * {k} // n + 1"
        f = f"(row_number() OVER (ORDER BY frequency, customer_id) - 1) * {k} // n + 1"
        m = f"(row_number() OVER (ORDER BY monetary_total, customer_id) - 1) * {k} // n + 1"
        src = "(SELECT *, count(*) OVER () AS n FROM summary)"
        return f"""{head}
SELECT customer_id, recency, frequency, monetary_total,
       {r} AS R,
       {f} AS F,
       {m} AS M
FROM {src}
ORDER BY customer_id"""
    return f"""{head}
SELECT customer_id, recency, frequency, monetary_total,
       ntile({k}) OVER (ORDER BY recency DESC, customer_id) AS R,
       ntile({k}) OVER (ORDER BY frequency, customer_id) AS F,
       ntile({k}) OVER (ORDER BY monetary_total, customer_id) AS M
FROM summary
ORDER BY customer_id"""


def compare_rfm(
    con: Any, *, analysis_date: Any, bins: int = 5, ties: str = "keep", sql_ties: str | None = None
) -> pd.DataFrame:
    """Run the SQL RFM and :mod:`crmkit.rfm` on the same log and put them side by side.

    The pandas side is ``rfm_score(segmentation_summary(log, analysis_date=...), bins=bins,
    ties=ties)`` on the ``transactions`` table read back from ``con`` (orders up to the
    analysis date); the SQL side is :func:`rfm_sql` with ``ties=sql_ties`` (default: the
    same rule as ``ties``).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        From :func:`connect`, with a ``transactions`` table.
    analysis_date : str or datetime-like
    bins : int, default 5
    ties : {"keep", "first"}, default "keep"
        crmkit's tie rule.
    sql_ties : {"keep", "first", "ntile"}, optional
        The SQL rule; default the same as ``ties``.

    Returns
    -------
    pandas.DataFrame
        One row per customer (column ``customer_id``) with ``recency``, ``frequency``,
        ``monetary_total`` (pandas) and ``R_pandas``, ``F_pandas``, ``M_pandas``,
        ``R_sql``, ``F_sql``, ``M_sql``, and ``same`` (bool: summary equal, monetary to
        within 0.005 yuan, and all three scores equal). Customers only one side has
        are rows with missing values on the other side and ``same`` False.

    Raises
    ------
    ValueError
        If ``analysis_date`` is not a date, ``bins`` is not 2-10, or ``ties`` or
        ``sql_ties`` is unknown.
    duckdb.CatalogException
        If ``con`` has no ``transactions`` table.

    Notes
    -----
    Orders with revenue of 0 or less are not purchases on either side, so customers who
    only have such orders (fully returned orders) are in neither result; on the
    default world at 2025-12-31 that is 3 customers.
    """
    func = "compare_rfm"
    _check_choice(ties, "ties", func, ("keep", "first"))
    sql_ties = ties if sql_ties is None else sql_ties
    _check_choice(sql_ties, "sql_ties", func, _SQL_TIES)
    try:
        date = pd.Timestamp(analysis_date)
    except (TypeError, ValueError):
        date = pd.NaT
    if date is pd.NaT or pd.isna(date):
        raise ValueError(
            f"The 'analysis_date' parameter of {func} must be a date, such as "
            f"'2025-12-31'. Got {analysis_date!r} instead."
        )
    log = con.execute(
        "SELECT customer_id, CAST(order_date AS TIMESTAMP) AS order_date, "
        "CAST(revenue AS DOUBLE) AS revenue FROM transactions WHERE order_date <= $d "
        "ORDER BY order_id",
        {"d": date.date()},
    ).df()
    log["customer_id"] = log["customer_id"].astype("int64")
    # Orders with revenue <= 0 are not purchases on either side (the SQL says
    # WHERE revenue > 0); dropping them here keeps segmentation_summary from warning about the
    # customers who only have such orders: they are in neither result.
    log = log[log["revenue"] > 0]
    summary = segmentation_summary(log, analysis_date=date)
    scores = rfm_score(summary, bins=bins, ties=ties).scores
    pandas_side = pd.DataFrame(
        {
            "recency": summary["recency"].astype("int64"),
            "frequency": summary["frequency"].astype("int64"),
            "monetary_total": summary["monetary_total"],
            "R_pandas": scores["R"],
            "F_pandas": scores["F"],
            "M_pandas": scores["M"],
        }
    )
    pandas_side.index = pandas_side.index.astype("int64")
    sql_side = query(con, rfm_sql(bins=bins, ties=sql_ties), analysis_date=str(date.date()))
    sql_side = sql_side.astype({"customer_id": "int64"}).set_index("customer_id")
    sql_side = sql_side.rename(
        columns={
            "recency": "recency_sql",
            "frequency": "frequency_sql",
            "monetary_total": "monetary_sql",
            "R": "R_sql",
            "F": "F_sql",
            "M": "M_sql",
        }
    )
    both = pandas_side.join(sql_side, how="outer")
    same = (
        (both["recency"] == both["recency_sql"])
        & (both["frequency"] == both["frequency_sql"])
        & ((both["monetary_total"] - both["monetary_sql"]).abs() < 0.005)
        & (both["R_pandas"] == both["R_sql"])
        & (both["F_pandas"] == both["F_sql"])
        & (both["M_pandas"] == both["M_sql"])
    )
    both["same"] = same.fillna(False).astype(bool)
    both = both.drop(columns=["recency_sql", "frequency_sql", "monetary_sql"])
    for col in ["R_pandas", "F_pandas", "M_pandas", "R_sql", "F_sql", "M_sql"]:
        both[col] = both[col].astype("Int64")
    both.index.name = "customer_id"
    return both.reset_index()
