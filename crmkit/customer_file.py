"""The customer file (客户档案) and the analyses a sales manager runs on it.

=====================================  =====================================================
:func:`customer_file`                  the customer file, one row per customer
:func:`composition`                    composition analysis (构成分析) by any attribute
:func:`trading_performance`            each customer's trading performance (交易业绩)
=====================================  =====================================================

These are the analyses of section 2 of the sales-management chapter (seed 002). Product
analyses are in :mod:`crmkit.products`, concentration in :mod:`crmkit.concentration`,
tiers in :mod:`crmkit.tiers`, the customer classes in :mod:`crmkit.rules` and
complaints with exit reasons in :mod:`crmkit.complaints`.

Conventions
-----------
* Money is in yuan and *net of returns* (the world's ``transactions`` are already net).
* Dates are ``datetime64`` columns; a time-zone-aware column has its zone dropped and
  keeps its local wall time (:func:`crmkit._checks.check_dates`), so no date moves to
  another day. A column of strings is refused: convert it with ``pd.to_datetime``.
* A missing key (``customer_id``) or date (NaT) is an error that counts the rows and
  names the column (:func:`crmkit._checks.check_no_missing`): no row is dropped silently.
* Inputs are never modified.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import (
    check_dates,
    check_finite,
    check_known_ids,
    check_no_missing,
    check_table,
    check_unique,
    to_timestamp,
)
from crmkit.complaints import complaint_counts

__all__ = [
    "CUSTOMER_FILE_COLUMNS",
    "composition",
    "customer_file",
    "trading_performance",
]

#: Columns :func:`customer_file` computes from the transactions (after the columns of
#: ``customers``, which are kept as they are).
CUSTOMER_FILE_COLUMNS = [
    "first_purchase",
    "last_purchase",
    "orders",
    "revenue",
    "margin",
    "tenure_days",
    "days_since_last",
]


def _period_bounds(period: Any, param: str, func: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A year (2025) or a (start, end) pair of dates, both ends inclusive."""
    if isinstance(period, numbers.Integral) and not isinstance(period, bool):
        return pd.Timestamp(int(period), 1, 1), pd.Timestamp(int(period), 12, 31, 23, 59, 59)
    if isinstance(period, (tuple, list)) and len(period) == 2:
        start = to_timestamp(period[0], param, func)
        end = to_timestamp(period[1], param, func)
        if end < start:
            raise ValueError(
                f"The '{param}' parameter of {func} must run forwards (start <= end). "
                f"Got {period!r} instead."
            )
        if end == end.normalize():  # a bare date: include the whole day
            end = end + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
        return start, end
    raise TypeError(
        f"The '{param}' parameter of {func} must be a year (e.g. 2025) or a pair of dates "
        f"(start, end), both included. Got {period!r} instead."
    )


def customer_file(
    customers: pd.DataFrame,
    transactions: pd.DataFrame,
    *,
    as_of: Any = None,
    contacts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Build the customer file (客户档案): one row per customer from the raw tables.

    The textbook (seed 002, section 2) starts customer analysis with a file on every
    customer: who they are and how they have traded with the firm. This function joins
    the customer master table to the purchase log and summarises each customer's orders.

    Parameters
    ----------
    customers : DataFrame
        One row per customer, with at least ``customer_id`` (unique) and ``signup_date``
        (datetime64). Every other column (in the CRM world: ``region``,
        ``customer_type``, ``channel``, ``status``, ``care_tier``, ``acquisition_cost``)
        is carried over unchanged.
    transactions : DataFrame
        One row per order, with ``customer_id``, ``order_date`` (datetime64), ``revenue``
        and ``margin`` (yuan, net of returns, as in the world's ``transactions`` table).
        If an ``order_id`` column is present, ``orders`` counts distinct order ids,
        otherwise rows. Every ``customer_id`` must appear in ``customers``.
    as_of : date-like, optional
        The day the file is drawn up, included. Orders after it are ignored and customers
        who signed up after it are left out, so the file looks as it would have looked on
        that day. Default: the date of the last order in ``transactions``.
    contacts : DataFrame, optional
        The world's ``contacts`` table (``customer_id``, ``contact_date``, ``kind``). If
        given, a column ``complaints`` counts each customer's contacts of kind
        ``'complaint'`` up to ``as_of``.

    Returns
    -------
    DataFrame
        One row per customer signed up by ``as_of``, in the order of ``customers``: all
        columns of ``customers``, then

        ===================  ========================================================
        ``first_purchase``   date of the first order (NaT if none)
        ``last_purchase``    date of the latest order up to ``as_of`` (NaT if none)
        ``orders``           number of orders (int, 0 if none)
        ``revenue``          total net revenue, yuan (0.0 if none)
        ``margin``           total gross margin (毛利) = revenue - cost, yuan (0.0 if none)
        ``tenure_days``      days from ``signup_date`` to ``as_of`` (int)
        ``days_since_last``  days from ``last_purchase`` to ``as_of`` (float; NaN if no
                             order, because "never bought" is not a number of days)
        ``complaints``       number of complaints (int), only when ``contacts`` is given
        ===================  ========================================================

        Customers without any order (potential customers, 潜在客户) are kept, with zeros
        and NaT, so that counts of customers are counts of the whole file.

    Raises
    ------
    ValueError
        Missing columns, empty tables, a missing ``customer_id`` in any table or a
        missing date (NaT) in ``signup_date``, ``order_date`` or ``contact_date``
        (counted and named: such rows are not dropped silently), duplicate
        ``customer_id`` in ``customers``, transactions of unknown customers, missing or
        infinite amounts, orders dated before ``as_of`` from customers who signed up
        after ``as_of``.
    TypeError
        Non-date date columns or non-numeric amounts.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": [1, 2],
    ...                           "signup_date": pd.to_datetime(["2024-01-01", "2024-06-01"])})
    >>> tx = pd.DataFrame({"customer_id": [1, 1], "revenue": [100.0, 50.0],
    ...                    "margin": [30.0, 10.0],
    ...                    "order_date": pd.to_datetime(["2024-02-01", "2024-12-01"])})
    >>> customer_file(customers, tx)[["customer_id", "orders", "revenue", "days_since_last"]]
       customer_id  orders  revenue  days_since_last
    0            1       2    150.0              0.0
    1            2       0      0.0              NaN
    """
    func = "customer_file"
    customers, transactions = _check_file_tables(customers, transactions, func)
    if as_of is None:
        as_of = transactions["order_date"].max()
    as_of = to_timestamp(as_of, "as_of", func)

    tx = transactions.loc[transactions["order_date"] <= as_of]
    cust = customers.loc[customers["signup_date"] <= as_of]
    orphan = ~tx["customer_id"].isin(cust["customer_id"])
    if orphan.any():
        raise ValueError(
            f"The 'transactions' parameter of {func} has {int(orphan.sum())} order(s) up to "
            f"as_of={as_of.date()} from customers whose signup_date is after it, e.g. "
            f"customer_id {sorted(pd.unique(tx.loc[orphan, 'customer_id']).tolist())[:5]}. "
            f"Correct those signup dates or choose a later as_of."
        )
    count = ("order_id", "nunique") if "order_id" in tx.columns else ("order_date", "size")
    summary = tx.groupby("customer_id", sort=False).agg(
        first_purchase=("order_date", "min"),
        last_purchase=("order_date", "max"),
        orders=count,
        revenue=("revenue", "sum"),
        margin=("margin", "sum"),
    )
    out = cust.merge(summary, how="left", left_on="customer_id", right_index=True)
    out["orders"] = out["orders"].fillna(0).astype("int64")
    out["revenue"] = out["revenue"].fillna(0.0).astype("float64")
    out["margin"] = out["margin"].fillna(0.0).astype("float64")
    out["tenure_days"] = (as_of - out["signup_date"]).dt.days.astype("int64")
    out["days_since_last"] = (as_of - out["last_purchase"]).dt.days.astype("float64")
    if contacts is not None:
        counts = complaint_counts(contacts, customers, as_of, func)
        out["complaints"] = out["customer_id"].map(counts).fillna(0).astype("int64")
    return out.reset_index(drop=True)


def _check_transactions(transactions: pd.DataFrame, func: str) -> pd.DataFrame:
    """The checks of a transactions table (columns, ids, dates, amounts), naive dates."""
    check_table(
        transactions,
        "transactions",
        func,
        ["customer_id", "order_date", "revenue", "margin"],
        "Load it with crmkit.load_dataset('transactions').",
    )
    keys = ["customer_id", "order_id"] if "order_id" in transactions.columns else ["customer_id"]
    check_no_missing(transactions, keys, "transactions", func)
    transactions = check_dates(transactions, ["order_date"], "transactions", func)
    for col in ("revenue", "margin"):
        check_finite(transactions[col], "transactions", func, column=col)
    return transactions


def _check_file_tables(
    customers: pd.DataFrame, transactions: pd.DataFrame, func: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The checks of :func:`customer_file`'s two tables; returns them with naive dates."""
    check_table(
        customers,
        "customers",
        func,
        ["customer_id", "signup_date"],
        "Load it with crmkit.load_dataset('customers').",
    )
    transactions = _check_transactions(transactions, func)
    clash = [c for c in [*CUSTOMER_FILE_COLUMNS, "complaints"] if c in customers.columns]
    if clash:
        raise ValueError(
            f"The 'customers' parameter of {func} must not already have the computed "
            f"column(s) {clash}; pass the raw customers table, not a customer file."
        )
    check_no_missing(customers, ["customer_id"], "customers", func)
    check_unique(customers, "customer_id", "customers", func)
    customers = check_dates(customers, ["signup_date"], "customers", func)
    check_known_ids(
        transactions["customer_id"],
        customers["customer_id"],
        "transactions",
        func,
        "customers",
        "customer_id",
    )
    return customers, transactions


def composition(
    frame: pd.DataFrame,
    by: str | Sequence[str],
    *,
    value: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Composition analysis (构成分析): how customers (and value) split by attributes.

    Parameters
    ----------
    frame : DataFrame
        One row per customer, e.g. from :func:`customer_file`.
    by : str or list of str
        Column(s) to split by, e.g. ``"region"`` or ``["region", "customer_type"]``.
        Missing values form their own group (shown as NaN), so no customer is dropped;
        combinations with no customer are not shown.
    value : str or list of str, optional
        Numeric column(s) to total per group, e.g. ``"revenue"``. Negative values are
        allowed (a margin can be negative); the share is then of the signed total.

    Returns
    -------
    DataFrame
        One row per group, in the order of the grouping columns (category order for
        categoricals), with the ``by`` columns, ``customers`` (count),
        ``share_of_customers`` (count / all customers, sums to 1; not to be confused with
        customer share, 客户占有率, in :mod:`crmkit.wallet`), and for each value column
        ``v``: ``v`` (group total), ``v_share`` (group total / grand total, sums to 1) and
        ``v_per_customer`` (group total / count).

    Examples
    --------
    >>> f = pd.DataFrame({"region": ["East", "East", "West"], "revenue": [10.0, 30.0, 60.0]})
    >>> table = composition(f, "region", value="revenue")
    >>> table[["region", "customers", "share_of_customers", "revenue", "revenue_share"]].round(3)
      region  customers  share_of_customers  revenue  revenue_share
    0   East          2               0.667     40.0            0.4
    1   West          1               0.333     60.0            0.6
    """
    func = "composition"
    if isinstance(by, str):
        by_cols = [by]
    elif isinstance(by, Sequence) and by and all(isinstance(b, str) for b in by):
        by_cols = list(by)
    else:
        raise TypeError(
            f"The 'by' parameter of {func} must be a column name or a non-empty list of "
            f"column names. Got {by!r} instead."
        )
    if value is None:
        values: list[str] = []
    elif isinstance(value, str):
        values = [value]
    elif isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        values = list(value)
    else:
        raise TypeError(
            f"The 'value' parameter of {func} must be a column name or a list of column "
            f"names. Got {value!r} instead."
        )
    overlap = sorted(set(by_cols) & set(values))
    if overlap:
        raise ValueError(
            f"The 'value' parameter of {func} must not repeat a 'by' column. "
            f"Got {overlap} in both instead."
        )
    check_table(frame, "frame", func, [*by_cols, *values])
    for v in values:
        check_finite(frame[v], "frame", func, column=v)
    grouped = frame.groupby(by_cols, observed=True, dropna=False, sort=True)
    out = grouped.size().rename("customers").to_frame()
    out["share_of_customers"] = out["customers"] / len(frame)
    for v in values:
        total = float(frame[v].sum())
        sums = grouped[v].sum()
        out[v] = sums
        out[f"{v}_share"] = sums / total if total != 0 else np.nan
        out[f"{v}_per_customer"] = sums / out["customers"]
    return out.reset_index()


def trading_performance(
    transactions: pd.DataFrame,
    *,
    period: Any = None,
    previous: Any = None,
    customers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each customer's trading performance (交易业绩) in a period, optionally vs another.

    Parameters
    ----------
    transactions : DataFrame
        One row per order with ``customer_id``, ``order_date`` (datetime64), ``revenue``
        and ``margin`` (net of returns). ``orders`` counts distinct ``order_id`` when that
        column is present, rows otherwise.
    period : int or (date, date), optional
        The period to measure: a calendar year such as ``2025`` or a ``(start, end)``
        pair, both days included. Default: every order.
    previous : int or (date, date), optional
        An earlier (or any other) period to compare with; adds the growth columns.
    customers : DataFrame, optional
        A table with ``customer_id``; every customer in it gets a row, with zeros if they
        did not buy. Without it the rows are the customers who bought in ``period`` or
        in ``previous``.

    Returns
    -------
    DataFrame
        One row per customer, sorted by ``customer_id``:

        ======================  ====================================================
        ``orders``              orders in the period
        ``revenue``             net revenue, yuan
        ``margin``              gross margin (毛利), yuan
        ``avg_order_value``     revenue / orders (NaN with no orders)
        ``margin_rate``         gross-margin rate (毛利率) = margin / revenue (NaN when
                                revenue is 0)
        ``revenue_share``       the customer's share of the period's revenue
        ``revenue_rank``        1 = largest revenue; ties share the best rank
        ``revenue_percentile``  share of customers with revenue at or below this
                                customer's (1.0 for the top customer)
        ``previous_revenue``    revenue in ``previous`` (only with ``previous``)
        ``revenue_change``      revenue - previous_revenue (only with ``previous``)
        ``revenue_growth``      revenue / previous_revenue - 1 (NaN when
                                previous_revenue is 0; only with ``previous``)
        ======================  ====================================================
    """
    func = "trading_performance"
    transactions = _check_transactions(transactions, func)

    def _window(p: Any, param: str) -> pd.DataFrame:
        if p is None:
            return transactions
        start, end = _period_bounds(p, param, func)
        dates = transactions["order_date"]
        return transactions.loc[(dates >= start) & (dates <= end)]

    def _summary(tx: pd.DataFrame) -> pd.DataFrame:
        count = ("order_id", "nunique") if "order_id" in tx.columns else ("order_date", "size")
        return tx.groupby("customer_id").agg(
            orders=count, revenue=("revenue", "sum"), margin=("margin", "sum")
        )

    current = _summary(_window(period, "period"))
    ids = pd.Index(current.index)
    prev = None
    if previous is not None:
        prev = _summary(_window(previous, "previous"))
        ids = ids.union(prev.index)
    if customers is not None:
        check_table(customers, "customers", func, ["customer_id"])
        check_no_missing(customers, ["customer_id"], "customers", func)
        ids = ids.union(pd.Index(customers["customer_id"].unique()))
    if len(ids) == 0:
        raise ValueError(
            f"The 'period' parameter of {func} selects no orders (and no customers were "
            f"given). Got period={period!r}; check the dates of the transactions."
        )
    out = current.reindex(ids)
    out.index.name = "customer_id"
    out["orders"] = out["orders"].fillna(0).astype("int64")
    out["revenue"] = out["revenue"].fillna(0.0).astype("float64")
    out["margin"] = out["margin"].fillna(0.0).astype("float64")
    out["avg_order_value"] = out["revenue"] / out["orders"].where(out["orders"] > 0)
    out["margin_rate"] = out["margin"] / out["revenue"].where(out["revenue"] != 0)
    total = float(out["revenue"].sum())
    out["revenue_share"] = out["revenue"] / total if total != 0 else np.nan
    out["revenue_rank"] = out["revenue"].rank(ascending=False, method="min").astype("int64")
    out["revenue_percentile"] = out["revenue"].rank(method="max", pct=True)
    if prev is not None:
        before = prev["revenue"].reindex(ids).fillna(0.0).astype("float64")
        out["previous_revenue"] = before  # aligned by customer id
        out["revenue_change"] = out["revenue"] - out["previous_revenue"]
        out["revenue_growth"] = (
            out["revenue"] / out["previous_revenue"].where(out["previous_revenue"] != 0) - 1
        )
    return out.sort_index().reset_index()
