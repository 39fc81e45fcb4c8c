"""Chapter 2: customer analysis and screening (客户分析与筛选).

The analyses a sales manager runs on the customer file, as listed in section 2 of the
sales-management chapter (seed 002) and completed by the 80/20 rule (seed 000) and the
target-customer classes (seed 004):

=====================================  =====================================================
:func:`customer_file`                  the customer file (客户档案), one row per customer
:func:`composition`                    composition analysis (构成分析) by any attribute
:func:`trading_performance`            each customer's trading performance (交易业绩)
:func:`product_table`                  sales composition (销售构成), gross-margin rate
                                       (毛利率), turnover (周转率), cross ratio (交叉比率),
                                       contribution ratio (贡献比率)
:func:`pareto_table`, :func:`lorenz_   concentration: the 80/20 rule (二八法则), Lorenz
curve`, :func:`gini`, :func:`top_      curve (洛伦兹曲线), Gini coefficient (基尼系数),
share`, :func:`top_share_interval`     share of the top customers with a bootstrap interval
:func:`abc_tiers`                      value tiers A/B/C (ABC分类法: 高价值客户, 普通客户,
                                       小客户)
:func:`tier_migration`                 migration matrix (迁移矩阵) between two periods
:func:`classify_customers`             existing direct / existing indirect / potential
                                       (直接客户 / 间接客户 / 潜在客户)
:func:`classify_targets`               target customers (目标客户): important (重要客户),
                                       core (核心客户), problem (问题客户)
:func:`apply_rules`                    the rule engine behind the two classifications
:func:`retention_view`                 complaints and exit reasons (保持客户管理)
:func:`plot_pareto`, :func:`plot_      the chapter's figures; each takes ``ax=`` and
lorenz`, :func:`plot_migration`        returns it
=====================================  =====================================================

Conventions used throughout
---------------------------
* Money is in yuan and *net of returns*: revenue is what customers paid for the goods
  they kept (the ``transactions`` table of the CRM world is already net).
* Every function takes and returns pandas objects; inputs are never modified.
* Bad input raises ``ValueError`` or ``TypeError`` naming the parameter, the column and
  the fix. No row is dropped without the docstring saying so.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from crmkit._checks import to_timestamp as _to_timestamp

__all__ = [
    "CUSTOMER_FILE_COLUMNS",
    "abc_tiers",
    "apply_rules",
    "classify_customers",
    "classify_targets",
    "composition",
    "customer_file",
    "default_customer_rules",
    "default_target_rules",
    "gini",
    "lorenz_curve",
    "pareto_table",
    "plot_lorenz",
    "plot_migration",
    "plot_pareto",
    "product_table",
    "retention_view",
    "tier_migration",
    "top_share",
    "top_share_interval",
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

_DAYS_PER_YEAR = 365.0


# --------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------


def _check_frame(frame: Any, param: str, func: str, required: Iterable[str], fix: str = "") -> None:
    """Raise if ``frame`` is not a non-empty DataFrame holding the ``required`` columns."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"The '{param}' parameter of {func} must be a pandas DataFrame. "
            f"Got {type(frame).__name__} instead."
        )
    missing = [c for c in required if c not in frame.columns]
    if missing:
        hint = f" {fix}" if fix else ""
        raise ValueError(
            f"The '{param}' parameter of {func} must have the column(s) "
            f"{', '.join(repr(c) for c in missing)}.{hint} "
            f"Got columns {[str(c) for c in frame.columns]} instead."
        )
    if frame.empty:
        raise ValueError(f"The '{param}' parameter of {func} must not be empty. Got 0 rows.")


def _check_numeric(frame: pd.DataFrame, columns: Iterable[str], param: str, func: str) -> None:
    """Raise unless every column is numeric (not bool) and free of missing/infinite values."""
    for col in columns:
        s = frame[col]
        if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            raise TypeError(
                f"The column '{col}' of the '{param}' parameter of {func} must be numeric. "
                f"Got dtype {s.dtype} instead; convert it with pd.to_numeric."
            )
        values = s.to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(values)
        if bad.any():
            raise ValueError(
                f"The column '{col}' of the '{param}' parameter of {func} must have no "
                f"missing or infinite values. Got {int(bad.sum())} of them instead; "
                f"fill or remove those rows first."
            )


def _check_nonnegative(frame: pd.DataFrame, columns: Iterable[str], param: str, func: str) -> None:
    for col in columns:
        n_neg = int((frame[col] < 0).sum())
        if n_neg:
            raise ValueError(
                f"The column '{col}' of the '{param}' parameter of {func} must be "
                f"non-negative. Got {n_neg} negative value(s) instead."
            )


def _check_dates(frame: pd.DataFrame, columns: Iterable[str], param: str, func: str) -> None:
    for col in columns:
        if not pd.api.types.is_datetime64_any_dtype(frame[col]):
            raise TypeError(
                f"The column '{col}' of the '{param}' parameter of {func} must hold dates "
                f"(datetime64). Got dtype {frame[col].dtype} instead; convert it with "
                f"pd.to_datetime, or load the table with crmkit.load_dataset."
            )


def _check_unique(frame: pd.DataFrame, column: str, param: str, func: str) -> None:
    dup = frame[column].duplicated(keep=False)
    if dup.any():
        ids = sorted(pd.unique(frame.loc[dup, column]).tolist())[:5]
        raise ValueError(
            f"The column '{column}' of the '{param}' parameter of {func} must be unique "
            f"(one row each). Got {int(dup.sum())} rows sharing a value, e.g. {ids}, instead."
        )


def _check_known_ids(
    ids: pd.Series, known: pd.Series, param: str, func: str, known_param: str, column: str
) -> None:
    unknown = ~ids.isin(known)
    if unknown.any():
        examples = sorted(pd.unique(ids[unknown]).tolist())[:5]
        raise ValueError(
            f"The '{param}' parameter of {func} refers to {int(unknown.sum())} row(s) whose "
            f"'{column}' is not in '{known_param}', e.g. {examples}. Pass the matching "
            f"'{known_param}' table (or remove those rows)."
        )


def _as_values(values: Any, func: str, *, param: str = "values") -> pd.Series:
    """Validate a one-dimensional collection of non-negative finite numbers.

    Returns a float Series that keeps the index of a Series input (customer ids) and
    gets a 0..n-1 index otherwise.
    """
    if isinstance(values, pd.DataFrame):
        raise TypeError(
            f"The '{param}' parameter of {func} must be one column of numbers (a Series), "
            f"not a DataFrame. Pick the column, e.g. frame['revenue']. Got a DataFrame "
            f"with columns {[str(c) for c in values.columns]} instead."
        )
    if isinstance(values, (str, bytes)) or not isinstance(
        values, (pd.Series, np.ndarray, list, tuple, pd.Index)
    ):
        raise TypeError(
            f"The '{param}' parameter of {func} must be a pandas Series, numpy array or "
            f"list of numbers. Got {type(values).__name__} instead."
        )
    if not isinstance(values, pd.Series) and np.ndim(values) != 1:
        raise ValueError(
            f"The '{param}' parameter of {func} must be one-dimensional. "
            f"Got shape {np.shape(values)} instead."
        )
    series = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values))
    if len(series) == 0:
        raise ValueError(f"The '{param}' parameter of {func} must not be empty. Got 0 values.")
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        raise TypeError(
            f"The '{param}' parameter of {func} must hold numbers. Got dtype {series.dtype} "
            f"instead; convert it with pd.to_numeric."
        )
    arr = series.to_numpy(dtype=float, na_value=np.nan)
    n_bad = int((~np.isfinite(arr)).sum())
    if n_bad:
        raise ValueError(
            f"The '{param}' parameter of {func} must have no missing or infinite values. "
            f"Got {n_bad} of them instead; fill them (e.g. with 0 for customers who did "
            f"not buy) or remove them first."
        )
    n_neg = int((arr < 0).sum())
    if n_neg:
        raise ValueError(
            f"The '{param}' parameter of {func} must be non-negative (concentration is "
            f"measured on amounts such as revenue). Got {n_neg} negative value(s) instead; "
            f"a negative margin, for example, cannot be a share of a total."
        )
    return pd.Series(arr, index=series.index, name=series.name)


def _check_positive_total(values: pd.Series, func: str, param: str = "values") -> float:
    total = float(values.sum())
    if total <= 0:
        raise ValueError(
            f"The '{param}' parameter of {func} must have a positive total; shares of a "
            f"total of zero are undefined. Got {len(values)} value(s) that are all zero."
        )
    return total


def _check_fraction(q: Any, func: str, param: str = "q", *, allow_one: bool = True) -> float:
    upper = "1]" if allow_one else "1)"
    if isinstance(q, bool) or not isinstance(q, numbers.Real) or not math.isfinite(q):
        raise TypeError(
            f"The '{param}' parameter of {func} must be a number in (0, {upper}. Got {q!r} instead."
        )
    if not (0 < q < 1 or (allow_one and q == 1)):
        raise ValueError(
            f"The '{param}' parameter of {func} must be in (0, {upper}, e.g. 0.2 for the "
            f"top 20% of customers. Got {q!r} instead."
        )
    return float(q)


def _period_bounds(period: Any, param: str, func: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A year (2025) or a (start, end) pair of dates, both ends inclusive."""
    if isinstance(period, numbers.Integral) and not isinstance(period, bool):
        return pd.Timestamp(int(period), 1, 1), pd.Timestamp(int(period), 12, 31, 23, 59, 59)
    if isinstance(period, (tuple, list)) and len(period) == 2:
        start = _to_timestamp(period[0], param, func)
        end = _to_timestamp(period[1], param, func)
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


# --------------------------------------------------------------------------------------
# The customer file
# --------------------------------------------------------------------------------------


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
        Missing columns, empty tables, duplicate ``customer_id`` in ``customers``,
        transactions of unknown customers, missing or infinite amounts, orders dated
        before ``as_of`` from customers who signed up after ``as_of``.
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
    _check_frame(
        customers,
        "customers",
        func,
        ["customer_id", "signup_date"],
        "Load it with crmkit.load_dataset('customers').",
    )
    _check_frame(
        transactions,
        "transactions",
        func,
        ["customer_id", "order_date", "revenue", "margin"],
        "Load it with crmkit.load_dataset('transactions').",
    )
    clash = [c for c in [*CUSTOMER_FILE_COLUMNS, "complaints"] if c in customers.columns]
    if clash:
        raise ValueError(
            f"The 'customers' parameter of {func} must not already have the computed "
            f"column(s) {clash}; pass the raw customers table, not a customer file."
        )
    _check_unique(customers, "customer_id", "customers", func)
    _check_dates(customers, ["signup_date"], "customers", func)
    _check_dates(transactions, ["order_date"], "transactions", func)
    _check_numeric(transactions, ["revenue", "margin"], "transactions", func)
    _check_known_ids(
        transactions["customer_id"],
        customers["customer_id"],
        "transactions",
        func,
        "customers",
        "customer_id",
    )
    if as_of is None:
        as_of = transactions["order_date"].max()
    as_of = _to_timestamp(as_of, "as_of", func)

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
        _check_frame(
            contacts,
            "contacts",
            func,
            ["customer_id", "contact_date", "kind"],
            "Load it with crmkit.load_dataset('contacts').",
        )
        _check_dates(contacts, ["contact_date"], "contacts", func)
        _check_known_ids(
            contacts["customer_id"],
            customers["customer_id"],
            "contacts",
            func,
            "customers",
            "customer_id",
        )
        mask = (contacts["kind"] == "complaint") & (contacts["contact_date"] <= as_of)
        counts = contacts.loc[mask].groupby("customer_id").size()
        out["complaints"] = out["customer_id"].map(counts).fillna(0).astype("int64")
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Composition and trading performance
# --------------------------------------------------------------------------------------


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
        ``customer_share`` (count / all customers, sums to 1), and for each value column
        ``v``: ``v`` (group total), ``v_share`` (group total / grand total, sums to 1) and
        ``v_per_customer`` (group total / count).

    Examples
    --------
    >>> f = pd.DataFrame({"region": ["East", "East", "West"], "revenue": [10.0, 30.0, 60.0]})
    >>> table = composition(f, "region", value="revenue")
    >>> table[["region", "customers", "customer_share", "revenue", "revenue_share"]].round(3)
      region  customers  customer_share  revenue  revenue_share
    0   East          2           0.667     40.0            0.4
    1   West          1           0.333     60.0            0.6
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
    _check_frame(frame, "frame", func, [*by_cols, *values])
    _check_numeric(frame, values, "frame", func)
    grouped = frame.groupby(by_cols, observed=True, dropna=False, sort=True)
    out = grouped.size().rename("customers").to_frame()
    out["customer_share"] = out["customers"] / len(frame)
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
    _check_frame(
        transactions,
        "transactions",
        func,
        ["customer_id", "order_date", "revenue", "margin"],
        "Load it with crmkit.load_dataset('transactions').",
    )
    _check_dates(transactions, ["order_date"], "transactions", func)
    _check_numeric(transactions, ["revenue", "margin"], "transactions", func)

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
        _check_frame(customers, "customers", func, ["customer_id"])
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
        out["previous_revenue"] = before.to_numpy()
        out["revenue_change"] = out["revenue"] - out["previous_revenue"]
        out["revenue_growth"] = (
            out["revenue"] / out["previous_revenue"].where(out["previous_revenue"] != 0) - 1
        )
    return out.sort_index().reset_index()


# --------------------------------------------------------------------------------------
# Products: sales composition, margin, turnover, cross and contribution ratios
# --------------------------------------------------------------------------------------


def product_table(
    order_lines: pd.DataFrame,
    products: pd.DataFrame,
    *,
    period_days: float | None = None,
    inventory: str = "cost",
    by: str = "product_id",
) -> pd.DataFrame:
    """The product table: sales composition, gross-margin rate, turnover, cross and
    contribution ratios (销售构成, 毛利率, 周转率, 交叉比率, 贡献比率).

    Seed 002 lists these product analyses beside the customer analyses. They tell a
    manager which goods earn their shelf space: a product with a thin margin can still
    pay if it sells fast, and the cross ratio puts the two together.

    Parameters
    ----------
    order_lines : DataFrame
        One row per order line with ``product_id``, ``quantity``, ``unit_price`` (price
        paid), ``unit_cost`` and ``returned_quantity`` (0..quantity). If your data have
        no returns, add ``returned_quantity = 0`` so that the choice is visible.
        Every ``product_id`` must be in ``products``.
    products : DataFrame
        One row per product with ``product_id`` (unique), ``unit_cost``, ``list_price``
        and ``avg_inventory_units`` (average units on hand over the period the order
        lines cover), plus the ``by`` column when grouping by something else.
    period_days : float, optional
        Length in days of the period the order lines cover (e.g. 1096 for 2023-2025,
        365 for one year). If given, turnover is annualised (times per year:
        turnover over the period x 365 / period_days). If omitted, turnover is over the
        whole period of the data and not comparable across periods of other lengths.
    inventory : {"cost", "retail"}, default "cost"
        How turnover (周转率) values goods:

        * ``"cost"``: cost of goods sold / average inventory at cost
          (``avg_inventory_units x unit_cost`` of ``products``), the accountant's
          convention;
        * ``"retail"``: net sales / average inventory at retail
          (``avg_inventory_units x list_price``), the retailer's convention.

        Sales are at prices actually paid (after discounts) while retail inventory is at
        list price, so the retail convention comes out slightly lower when discounts are
        given.
    by : str, default "product_id"
        ``"product_id"`` for one row per product, or a column of ``products`` such as
        ``"category"`` for one row per group (sales, costs and inventories are summed
        first, then the rates computed from the sums).

    Returns
    -------
    DataFrame
        One row per product (with ``product_name`` and ``category`` when ``products``
        has them) or per group, in the order of ``products`` (or of the groups):

        ======================  =====================================================
        ``units``               net units sold (quantity - returned_quantity)
        ``sales``               net sales, yuan: sum of net units x unit_price
        ``cogs``                cost of goods sold, yuan: sum of net units x unit_cost
        ``margin``              gross margin = sales - cogs
        ``margin_rate``         gross-margin rate (毛利率) = margin / sales (NaN when
                                nothing was sold)
        ``sales_share``         sales composition (销售构成): sales / total sales
        ``inventory_value``     average inventory at cost or at retail
        ``turnover``            周转率: cogs / inventory at cost, or sales / inventory
                                at retail; per year if ``period_days`` is given (NaN
                                with no inventory)
        ``cross_ratio``         交叉比率 = margin_rate x turnover
        ``contribution_ratio``  贡献比率 = cross_ratio x sales_share: the cross ratio
                                weighted by how much of the business the product is
        ======================  =====================================================

        All money figures are net of returns: returned units earn nothing and cost
        nothing (they go back to stock). ``frame.attrs`` records the conventions used.

    Notes
    -----
    Hand example (also a unit test): product 1 sells 10 units at 10 yuan bought at 6;
    product 2 sells 30 units at 5 yuan bought at 4; 20 and 10 units on hand at cost.
    Sales are 100 and 150 (shares 0.4 and 0.6); margin rates 0.4 and 0.2; turnover at
    cost 60 / 120 = 0.5 and 120 / 40 = 3.0; cross ratios 0.2 and 0.6; contribution
    ratios 0.08 and 0.36. The cheaper product 2 contributes more despite its thin
    margin, because it turns over six times as fast.
    """
    func = "product_table"
    if inventory not in ("cost", "retail"):
        raise ValueError(
            f"The 'inventory' parameter of {func} must be 'cost' (cost of goods sold / "
            f"inventory at cost) or 'retail' (sales / inventory at retail). "
            f"Got {inventory!r} instead."
        )
    if period_days is not None:
        if (
            isinstance(period_days, bool)
            or not isinstance(period_days, numbers.Real)
            or not math.isfinite(period_days)
            or period_days <= 0
        ):
            raise ValueError(
                f"The 'period_days' parameter of {func} must be a positive number of days, "
                f"e.g. 365 for one year. Got {period_days!r} instead."
            )
    line_cols = ["product_id", "quantity", "unit_price", "unit_cost", "returned_quantity"]
    _check_frame(
        order_lines,
        "order_lines",
        func,
        line_cols,
        "Load it with crmkit.load_dataset('order_lines'); if there are no returns, "
        "add returned_quantity = 0.",
    )
    _check_numeric(order_lines, line_cols[1:], "order_lines", func)
    _check_nonnegative(order_lines, line_cols[1:], "order_lines", func)
    over = order_lines["returned_quantity"] > order_lines["quantity"]
    if over.any():
        raise ValueError(
            f"The column 'returned_quantity' of the 'order_lines' parameter of {func} must "
            f"not exceed 'quantity'. Got {int(over.sum())} line(s) returning more than was "
            f"bought instead."
        )
    prod_cols = ["product_id", "unit_cost", "list_price", "avg_inventory_units"]
    if by != "product_id":
        if not isinstance(by, str):
            raise TypeError(
                f"The 'by' parameter of {func} must be 'product_id' or the name of a "
                f"column of products such as 'category'. Got {by!r} instead."
            )
        prod_cols.append(by)
    _check_frame(
        products, "products", func, prod_cols, "Load it with crmkit.load_dataset('products')."
    )
    _check_unique(products, "product_id", "products", func)
    _check_numeric(products, prod_cols[1:4], "products", func)
    _check_nonnegative(products, prod_cols[1:4], "products", func)
    _check_known_ids(
        order_lines["product_id"],
        products["product_id"],
        "order_lines",
        func,
        "products",
        "product_id",
    )

    net = order_lines["quantity"] - order_lines["returned_quantity"]
    lines = pd.DataFrame(
        {
            "product_id": order_lines["product_id"].to_numpy(),
            "units": net.to_numpy(),
            "sales": (net * order_lines["unit_price"]).to_numpy(dtype=float),
            "cogs": (net * order_lines["unit_cost"]).to_numpy(dtype=float),
        }
    )
    per_product = lines.groupby("product_id").sum()
    keep = [c for c in ("product_name", "category") if c in products.columns and c != by]
    base = products[["product_id", *keep, *([by] if by != "product_id" else [])]].copy()
    base = base.merge(per_product, how="left", left_on="product_id", right_index=True)
    base["units"] = base["units"].fillna(0).astype("int64")
    base[["sales", "cogs"]] = base[["sales", "cogs"]].fillna(0.0)
    unit_value = products["unit_cost"] if inventory == "cost" else products["list_price"]
    base["inventory_value"] = (products["avg_inventory_units"] * unit_value).to_numpy(dtype=float)

    if by == "product_id":
        table = base
    else:
        table = base.groupby(by, observed=True, dropna=False, sort=True)[
            ["units", "sales", "cogs", "inventory_value"]
        ].sum()
        table = table.reset_index()
    table["margin"] = table["sales"] - table["cogs"]
    table["margin_rate"] = table["margin"] / table["sales"].where(table["sales"] > 0)
    total_sales = float(table["sales"].sum())
    if total_sales <= 0:
        raise ValueError(
            f"The 'order_lines' parameter of {func} must contain some net sales. Got a "
            f"total of {total_sales} (everything returned, or all prices zero) instead."
        )
    table["sales_share"] = table["sales"] / total_sales
    flow = table["cogs"] if inventory == "cost" else table["sales"]
    turnover = flow / table["inventory_value"].where(table["inventory_value"] > 0)
    if period_days is not None:
        turnover = turnover * _DAYS_PER_YEAR / float(period_days)
    table["turnover"] = turnover
    table["cross_ratio"] = table["margin_rate"] * table["turnover"]
    table["contribution_ratio"] = table["cross_ratio"] * table["sales_share"]
    columns = [c for c in table.columns if c not in ("inventory_value",)]
    columns.insert(columns.index("turnover"), "inventory_value")
    table = table[columns].reset_index(drop=True)
    table.attrs = {
        "inventory": inventory,
        "turnover": (
            "cost of goods sold / average inventory at cost"
            if inventory == "cost"
            else "net sales / average inventory at retail"
        ),
        "annualised": period_days is not None,
        "period_days": period_days,
        "net_of_returns": True,
    }
    return table


# --------------------------------------------------------------------------------------
# Concentration: Pareto table, Lorenz curve, Gini, top share
# --------------------------------------------------------------------------------------


def pareto_table(values: Any) -> pd.DataFrame:
    """The Pareto table behind the 80/20 rule (二八法则): customers from largest to smallest.

    Parameters
    ----------
    values : Series, array or list of non-negative numbers
        One amount per customer (e.g. revenue). A Series' index (customer ids) is kept.

    Returns
    -------
    DataFrame
        One row per customer, largest value first (ties keep their input order), with
        ``rank`` (1..n), ``customer`` (the index label of ``values``), ``value``,
        ``share`` (of the total), ``cum_customer_share`` (rank / n) and
        ``cum_value_share`` (running total / total). Reading down the last two columns
        answers "what share of revenue do the top x% of customers bring?".

    Examples
    --------
    >>> pareto_table(pd.Series([1.0, 10.0, 4.0], index=[101, 102, 103])).round(3)
       rank  customer  value  share  cum_customer_share  cum_value_share
    0     1       102   10.0  0.667               0.333            0.667
    1     2       103    4.0  0.267               0.667            0.933
    2     3       101    1.0  0.067               1.000            1.000
    """
    func = "pareto_table"
    v = _as_values(values, func)
    total = _check_positive_total(v, func)
    ordered = v.sort_values(ascending=False, kind="stable")
    n = len(ordered)
    out = pd.DataFrame(
        {
            "rank": np.arange(1, n + 1, dtype="int64"),
            "customer": ordered.index.to_numpy(),
            "value": ordered.to_numpy(),
        }
    )
    out["share"] = out["value"] / total
    out["cum_customer_share"] = out["rank"] / n
    out["cum_value_share"] = out["value"].cumsum() / total
    return out


def lorenz_curve(values: Any) -> pd.DataFrame:
    """The Lorenz curve (洛伦兹曲线) of a set of amounts.

    Customers are sorted from smallest to largest; the curve joins the points
    (share of customers, share of the total they hold).

    Parameters
    ----------
    values : Series, array or list of non-negative numbers with a positive total

    Returns
    -------
    DataFrame
        ``n + 1`` rows with columns ``customer_share`` and ``value_share``, starting at
        (0, 0) and ending at (1, 1). Equal values give the diagonal; the further the
        curve sags below it, the more concentrated the values.
    """
    func = "lorenz_curve"
    v = _as_values(values, func)
    total = _check_positive_total(v, func)
    x = np.sort(v.to_numpy())
    n = len(x)
    cum = np.concatenate([[0.0], np.cumsum(x) / total])
    cum[-1] = 1.0  # exact, whatever the rounding of the running sum
    return pd.DataFrame({"customer_share": np.arange(n + 1) / n, "value_share": cum})


def gini(values: Any, *, small_sample: bool = False) -> float:
    """The Gini coefficient (基尼系数) of a set of amounts.

    Parameters
    ----------
    values : Series, array or list of non-negative numbers with a positive total
    small_sample : bool, default False
        Multiply by n / (n - 1), so that one customer holding everything gives 1 for any
        n (the plain coefficient gives (n - 1) / n). Needs at least two values.

    Returns
    -------
    float
        ``G = sum_i sum_j |x_i - x_j| / (2 n^2 mean)``, computed from the sorted values as
        ``2 sum_i i x_(i) / (n sum x) - (n + 1) / n``. It is twice the area between the
        diagonal and the Lorenz curve: 0 when every customer holds the same, (n - 1) / n
        when one customer holds everything.
    """
    func = "gini"
    if not isinstance(small_sample, (bool, np.bool_)):
        raise TypeError(
            f"The 'small_sample' parameter of {func} must be True or False. "
            f"Got {small_sample!r} instead."
        )
    v = _as_values(values, func)
    total = _check_positive_total(v, func)
    x = np.sort(v.to_numpy())
    n = len(x)
    ranks = np.arange(1, n + 1)
    g = 2.0 * float(np.sum(ranks * x)) / (n * total) - (n + 1) / n
    g = min(max(g, 0.0), 1.0)  # guard against rounding just below 0
    if small_sample:
        if n < 2:
            raise ValueError(
                f"The 'small_sample' correction of {func} needs at least two values "
                f"(it multiplies by n / (n - 1)). Got {n} value instead."
            )
        g = g * n / (n - 1)
    return float(g)


def _top_share_sorted_desc(x_desc: np.ndarray, q: float) -> np.ndarray:
    """Top-q share for each row of an array sorted descending along the last axis.

    Linear interpolation on the Lorenz curve: k = q n customers, the last one fractional.
    """
    n = x_desc.shape[-1]
    k = q * n
    whole = math.floor(k + 1e-9)
    frac = k - whole
    cum = np.cumsum(x_desc, axis=-1)
    total = cum[..., -1]
    held = cum[..., whole - 1] if whole > 0 else np.zeros_like(total)
    if whole < n and frac > 1e-9:
        held = held + frac * x_desc[..., whole]
    with np.errstate(invalid="ignore", divide="ignore"):
        return held / total


def top_share(values: Any, q: float = 0.2) -> float:
    """Share of the total held by the top ``q`` of customers (the "80" of 80/20).

    Parameters
    ----------
    values : Series, array or list of non-negative numbers with a positive total
    q : float in (0, 1], default 0.2
        Fraction of customers, counted from the largest.

    Returns
    -------
    float
        ``1 - L(1 - q)`` where ``L`` is the Lorenz curve joined by straight lines. When
        ``q n`` is a whole number this is simply the sum of the ``q n`` largest values
        over the total; otherwise the customer at the boundary counts in proportion
        (e.g. with 12 customers and q = 0.2 the top 2.4 customers: the two largest plus
        0.4 of the third).

    Examples
    --------
    >>> top_share([10, 5, 3, 1, 1], q=0.2)  # 10 / 20
    0.5
    """
    func = "top_share"
    q = _check_fraction(q, func)
    v = _as_values(values, func)
    _check_positive_total(v, func)
    x = np.sort(v.to_numpy())[::-1]
    return float(_top_share_sorted_desc(x, q))


def top_share_interval(
    values: Any,
    q: float = 0.2,
    *,
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int | np.random.Generator | None = 2026,
) -> pd.Series:
    """Bootstrap interval for :func:`top_share`: how sure can we be about "80/20"?

    Customers are resampled with replacement ``n_boot`` times; the top-``q`` share is
    computed in each resample, and the interval is the central ``ci`` part of those
    values (the percentile bootstrap, Efron & Tibshirani 1993).

    Parameters
    ----------
    values : Series, array or list of non-negative numbers with a positive total
    q : float in (0, 1], default 0.2
    n_boot : int, default 2000
        Number of resamples (at least 100).
    ci : float in (0, 1), default 0.95
        Coverage of the interval.
    seed : int or numpy.random.Generator, default 2026
        Turned into one ``numpy.random.default_rng(seed)``; the same seed gives the same
        interval. A Generator is used as it is (and advanced).

    Returns
    -------
    Series
        ``estimate`` (top share of the data), ``lower``, ``upper``, ``std_error``
        (standard deviation of the resampled shares), ``q``, ``ci``, ``n_boot``.

    Notes
    -----
    Resampling customers treats them as a sample from a larger population of possible
    customers; the interval answers "how much would the top-20% share vary with another
    set of customers like these?". With very few customers or extreme values the
    percentile interval can be too narrow.
    """
    func = "top_share_interval"
    q = _check_fraction(q, func)
    if isinstance(n_boot, bool) or not isinstance(n_boot, numbers.Integral) or n_boot < 100:
        raise ValueError(
            f"The 'n_boot' parameter of {func} must be an integer of at least 100 "
            f"(2000 is usual). Got {n_boot!r} instead."
        )
    ci = _check_fraction(ci, func, "ci", allow_one=False)
    if not (seed is None or isinstance(seed, np.random.Generator)) and (
        isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0
    ):
        raise ValueError(
            f"The 'seed' parameter of {func} must be a non-negative integer or a "
            f"numpy Generator. Got {seed!r} instead."
        )
    v = _as_values(values, func)
    _check_positive_total(v, func)
    x = v.to_numpy()
    n = len(x)
    estimate = float(_top_share_sorted_desc(np.sort(x)[::-1], q))
    rng = np.random.default_rng(seed)
    chunk = max(1, min(int(n_boot), 4_000_000 // max(n, 1)))
    shares = np.empty(int(n_boot))
    done = 0
    while done < n_boot:
        m = min(chunk, int(n_boot) - done)
        sample = x[rng.integers(0, n, size=(m, n))]
        sample = -np.sort(-sample, axis=1)
        shares[done : done + m] = _top_share_sorted_desc(sample, q)
        done += m
    if np.isnan(shares).any():  # resamples made only of zeros
        shares = np.where(np.isnan(shares), 0.0, shares)
    alpha = (1 - ci) / 2
    lower, upper = np.quantile(shares, [alpha, 1 - alpha])
    return pd.Series(
        {
            "estimate": estimate,
            "lower": float(lower),
            "upper": float(upper),
            "std_error": float(shares.std(ddof=1)),
            "q": q,
            "ci": ci,
            "n_boot": float(n_boot),
        },
        name="top_share",
    )


# --------------------------------------------------------------------------------------
# ABC tiers and their migration
# --------------------------------------------------------------------------------------


def abc_tiers(
    values: Any,
    *,
    thresholds: Sequence[float] | None = None,
    by: str = "value",
    labels: Sequence[str] = ("A", "B", "C"),
) -> pd.Series:
    """Value tiers (客户价值等级) by ABC analysis (ABC分类法).

    Seed 002 asks the firm to tell high-value customers (高价值客户), ordinary customers
    (普通客户) and small customers (小客户) apart. ABC analysis does it by ranking
    customers from the largest value down and cutting the ranking at thresholds.

    Parameters
    ----------
    values : Series, array or list of non-negative numbers
        One amount per customer, e.g. revenue. A Series' index (customer ids) is kept.
    thresholds : sequence of floats, strictly increasing, each in (0, 1), optional
        Where the tiers end, as cumulative shares. Default ``(0.7, 0.9)`` for
        ``by="value"`` (A: the customers bringing the first 70% of the total, B: the
        next 20%, C: the last 10%) and ``(0.2, 0.5)`` for ``by="customers"`` (A: the top
        20% of customers, B: the next 30%, C: the other half).
    by : {"value", "customers"}, default "value"
        Cut the ranking by cumulative share of the *value* or of the *number of
        customers*.
    labels : sequence of str, default ("A", "B", "C")
        Tier names from the top tier down, one more than there are thresholds, e.g.
        ``("high-value", "ordinary", "small")``.

    Returns
    -------
    Series
        Ordered categorical named ``tier``, same index as ``values``, with the top tier
        the *largest* category (``"A" > "B" > "C"``), so ``tiers >= "B"`` selects A and B.

    Notes
    -----
    *The rule.* Rank customers from the largest value. A customer's position is the
    share (of value, or of customers) held by the customers ranked *strictly above* it.
    A customer whose position is below the first threshold is in the first tier, below
    the second in the second tier, and so on. So the customer who crosses the 70% line
    belongs to A: tier A holds at least 70% of the value.

    *Ties.* Customers with equal values are indistinguishable, so they get the same
    tier: the tier of the first of them in the ranking (the better one). A tie that
    straddles a threshold therefore puts the whole group in the upper tier, and the
    upper tier can hold more than its threshold share.

    *Edge cases.* A single customer is in the top tier. All customers equal: all are
    tied, so all are in the top tier (ABC has nothing to separate). Customers with a
    value of 0 are in the last tier with ``by="value"`` (everything has been counted
    before them) unless every value is 0, which raises an error (shares of a zero total
    are undefined); with ``by="customers"`` zeros are ranked like any other value.

    Examples
    --------
    >>> abc_tiers(pd.Series([50.0, 25.0, 15.0, 10.0], index=[1, 2, 3, 4])).tolist()
    ['A', 'A', 'B', 'C']
    """
    func = "abc_tiers"
    if by not in ("value", "customers"):
        raise ValueError(
            f"The 'by' parameter of {func} must be 'value' (cumulative share of the value) "
            f"or 'customers' (share of customers). Got {by!r} instead."
        )
    if thresholds is None:
        thresholds = (0.7, 0.9) if by == "value" else (0.2, 0.5)
    if isinstance(thresholds, (str, bytes)) or not isinstance(thresholds, Iterable):
        raise TypeError(
            f"The 'thresholds' parameter of {func} must be a sequence of numbers such as "
            f"(0.7, 0.9). Got {thresholds!r} instead."
        )
    cuts = list(thresholds)
    if not cuts or not all(
        isinstance(t, numbers.Real) and not isinstance(t, bool) and math.isfinite(t) for t in cuts
    ):
        raise TypeError(
            f"The 'thresholds' parameter of {func} must be a non-empty sequence of numbers "
            f"such as (0.7, 0.9). Got {thresholds!r} instead."
        )
    if not all(0 < t < 1 for t in cuts):
        raise ValueError(
            f"The 'thresholds' parameter of {func} must hold cumulative shares strictly "
            f"between 0 and 1, e.g. (0.7, 0.9). Got {tuple(cuts)} instead."
        )
    if any(b <= a for a, b in itertools.pairwise(cuts)):
        raise ValueError(
            f"The 'thresholds' parameter of {func} must be strictly increasing, e.g. "
            f"(0.7, 0.9). Got {tuple(cuts)} instead."
        )
    if isinstance(labels, (str, bytes)) or not isinstance(labels, Sequence):
        raise TypeError(
            f"The 'labels' parameter of {func} must be a sequence of tier names such as "
            f"('A', 'B', 'C'). Got {labels!r} instead."
        )
    names = [str(lab) for lab in labels]
    if len(names) != len(cuts) + 1 or len(set(names)) != len(names):
        raise ValueError(
            f"The 'labels' parameter of {func} must hold {len(cuts) + 1} distinct names "
            f"(one more than the {len(cuts)} thresholds). Got {tuple(labels)} instead."
        )
    v = _as_values(values, func)
    x = v.to_numpy()
    n = len(x)
    order = np.argsort(-x, kind="stable")
    xs = x[order]
    if by == "value":
        total = _check_positive_total(v, func)
        before = (np.cumsum(xs) - xs) / total
    else:
        before = np.arange(n) / n
    # ties: every member of a run of equal values takes the position of the first one
    first_of_run = np.r_[True, xs[1:] != xs[:-1]]
    run_id = np.cumsum(first_of_run) - 1
    position = before[first_of_run][run_id]
    tier_sorted = np.searchsorted(np.asarray(cuts), position + 1e-12, side="right")
    # 1e-12: a position equal to a threshold (up to rounding) belongs to the next tier
    tier_index = np.empty(n, dtype=int)
    tier_index[order] = tier_sorted
    out = pd.Categorical.from_codes(
        (len(names) - 1 - tier_index), categories=names[::-1], ordered=True
    )
    return pd.Series(out, index=v.index, name="tier")


def _tier_order(s: pd.Series) -> list:
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = list(s.cat.categories)
        return cats[::-1] if s.cat.ordered else cats
    return sorted(pd.unique(s).tolist())


def tier_migration(
    before: pd.Series,
    after: pd.Series,
    *,
    normalize: bool = False,
    absent: tuple[str, str] = ("new", "lost"),
) -> pd.DataFrame:
    """Migration matrix (迁移矩阵) of customers between the tiers of two periods.

    Seed 002 stresses that screening is dynamic (动态管理): a valuable customer can lose
    its value quickly and the reverse. The matrix counts how many customers of each
    tier in the first period are in each tier in the second.

    Parameters
    ----------
    before, after : Series
        Tier of each customer in the first and the second period, indexed by customer id
        (e.g. two results of :func:`abc_tiers`). A customer missing from one of them had
        no tier in that period (for example, did not buy).
    normalize : bool, default False
        If True, divide each row by its total, giving the share of each first-period tier
        that moved to each second-period tier (rows sum to 1; an empty row is NaN).
    absent : (str, str), default ("new", "lost")
        Names of the extra row (customers only in ``after``: new, or returning after a
        pause) and the extra column (customers only in ``before``: lost, i.e. no tier in
        the second period).

    Returns
    -------
    DataFrame
        Rows: the tiers of ``before`` (top tier first for ordered categoricals) then the
        ``absent[0]`` row; columns: the tiers of ``after`` then the ``absent[1]``
        column. Index named ``before``, columns named ``after``. Counts (int) unless
        ``normalize``: each row sums to the number of customers in that tier of
        ``before`` (the ``new`` row to the number of new customers); the ``new``/``lost``
        cell is 0 by construction.
    """
    func = "tier_migration"
    if not isinstance(normalize, (bool, np.bool_)):
        raise TypeError(
            f"The 'normalize' parameter of {func} must be True or False. Got {normalize!r} instead."
        )
    for name, s in (("before", before), ("after", after)):
        if not isinstance(s, pd.Series):
            raise TypeError(
                f"The '{name}' parameter of {func} must be a pandas Series of tiers indexed "
                f"by customer id (e.g. from abc_tiers). Got {type(s).__name__} instead."
            )
        if s.isna().any():
            raise ValueError(
                f"The '{name}' parameter of {func} must have no missing tiers. Got "
                f"{int(s.isna().sum())} instead; leave customers without a tier out of "
                f"the Series (they are then counted as '{absent[0]}' or '{absent[1]}')."
            )
        if s.index.has_duplicates:
            raise ValueError(
                f"The '{name}' parameter of {func} must have one row per customer. Got "
                f"{int(s.index.duplicated().sum())} duplicated customer id(s) instead."
            )
    if (
        not isinstance(absent, (tuple, list))
        or len(absent) != 2
        or not all(isinstance(a, str) for a in absent)
        or absent[0] == absent[1]
    ):
        raise ValueError(
            f"The 'absent' parameter of {func} must be two different names, e.g. "
            f"('new', 'lost'). Got {absent!r} instead."
        )
    rows = _tier_order(before)
    cols = _tier_order(after)
    clash = sorted({str(a) for a in absent} & {str(t) for t in [*rows, *cols]})
    if clash:
        raise ValueError(
            f"The 'absent' parameter of {func} must not reuse a tier name. Got {clash} "
            f"used as both instead; pass absent=(...) with other names."
        )
    new_label, lost_label = absent
    ids = before.index.union(after.index)
    b = pd.Series(before.astype(object).reindex(ids).to_numpy(), index=ids)
    a = pd.Series(after.astype(object).reindex(ids).to_numpy(), index=ids)
    b = b.where(b.notna(), new_label)
    a = a.where(a.notna(), lost_label)
    row_order = [*rows, new_label]
    col_order = [*cols, lost_label]
    counts = (
        pd.crosstab(
            pd.Categorical(b, categories=row_order),
            pd.Categorical(a, categories=col_order),
            dropna=False,
        )
        .reindex(index=row_order, columns=col_order, fill_value=0)
        .astype("int64")
    )
    counts.index = pd.Index(row_order, name="before", dtype=object)
    counts.columns = pd.Index(col_order, name="after", dtype=object)
    if normalize:
        sums = counts.sum(axis=1)
        return counts.div(sums.where(sums > 0), axis=0)
    return counts


# --------------------------------------------------------------------------------------
# Rules: existing direct / indirect / potential, and target customers
# --------------------------------------------------------------------------------------


def default_customer_rules() -> pd.DataFrame:
    """Default rules of :func:`classify_customers` (seed 004's customer identification).

    Returns
    -------
    DataFrame
        Columns ``label``, ``rule`` (a pandas expression evaluated on the customer file)
        and ``description``; the first matching row wins. A fresh copy each call: edit it
        and pass it back as ``rules=``.

        ====================  ===============================  ==========================
        existing_direct       ``orders > 0 and status ==       has bought, from the firm
                              'direct'``                       (直接客户)
        existing_indirect     ``orders > 0 and status ==       has bought, through a
                              'indirect'``                     dealer (间接客户)
        potential             ``orders == 0``                  has not bought yet
                                                               (潜在客户)
        ====================  ===============================  ==========================

        A customer with orders whose ``status`` is ``'potential'`` matches no rule and is
        labelled ``unclassified``: a data inconsistency to look at, not to hide.
    """
    return pd.DataFrame(
        {
            "label": ["existing_direct", "existing_indirect", "potential"],
            "rule": [
                "orders > 0 and status == 'direct'",
                "orders > 0 and status == 'indirect'",
                "orders == 0",
            ],
            "description": [
                "existing customer who buys from the firm directly (直接客户)",
                "existing customer who buys through a dealer (间接客户)",
                "registered but has not bought yet (潜在客户)",
            ],
        }
    )


def default_target_rules() -> pd.DataFrame:
    """Default rules of :func:`classify_targets`: problem, core and important customers.

    Seed 004 names three kinds of target customer (目标客户) chosen from the customers'
    potential, volume, profitability and credit, but gives no formula. These rules are
    one reasonable, documented reading; replace them to suit a firm.

    Returns
    -------
    DataFrame
        Columns ``label``, ``rule`` and ``description``, in priority order (the first
        matching rule wins). A fresh copy each call.

        =========  ================================================  ======================
        problem    ``orders > 0 and (margin <= 0 or complaints >=    costs more than it
                   2)``                                              brings, or complains
                                                                     often (问题客户)
        core       ``tier == 'A' and days_since_last <= 180``        top value tier and
                                                                     still buying in the
                                                                     last half year
                                                                     (核心客户)
        important  ``tier == 'A' or tier == 'B'``                    matters now: top two
                                                                     tiers (重要客户)
        =========  ================================================  ======================

        ``tier`` is the ABC tier of revenue (see :func:`classify_targets`); ``complaints``
        comes from ``customer_file(..., contacts=contacts)``. Problem comes first: a large
        customer who keeps complaining needs handling before anything else.
    """
    return pd.DataFrame(
        {
            "label": ["problem", "core", "important"],
            "rule": [
                "orders > 0 and (margin <= 0 or complaints >= 2)",
                "tier == 'A' and days_since_last <= 180",
                "tier == 'A' or tier == 'B'",
            ],
            "description": [
                "costs more than it brings, or has complained at least twice (问题客户)",
                "top value tier and bought in the last 180 days (核心客户)",
                "in the top two value tiers (重要客户)",
            ],
        }
    )


def _rules_frame(rules: Any, func: str) -> pd.DataFrame:
    if isinstance(rules, Mapping):
        rules = pd.DataFrame({"label": list(rules.keys()), "rule": list(rules.values())})
    if not isinstance(rules, pd.DataFrame):
        raise TypeError(
            f"The 'rules' parameter of {func} must be a DataFrame with columns 'label' and "
            f"'rule', or a dict {{label: rule}}. Got {type(rules).__name__} instead."
        )
    _check_frame(
        rules,
        "rules",
        func,
        ["label", "rule"],
        "Start from default_target_rules() or default_customer_rules() and edit it.",
    )
    for col in ("label", "rule"):
        bad = [x for x in rules[col] if not isinstance(x, str) or not x.strip()]
        if bad:
            raise TypeError(
                f"The column '{col}' of the 'rules' parameter of {func} must hold "
                f"non-empty strings. Got {bad[:3]} instead."
            )
    if rules["label"].duplicated().any():
        raise ValueError(
            f"The column 'label' of the 'rules' parameter of {func} must be unique. Got "
            f"{sorted(rules.loc[rules['label'].duplicated(), 'label'].tolist())} twice; "
            f"join the two rules with 'or' instead."
        )
    return rules.reset_index(drop=True)


def apply_rules(
    frame: pd.DataFrame,
    rules: pd.DataFrame | Mapping[str, str],
    *,
    name: str = "segment",
    default: str = "unclassified",
    overlap: str = "first",
) -> pd.DataFrame:
    """Label each row by the first rule it matches (the engine of the classifications).

    Parameters
    ----------
    frame : DataFrame
        One row per customer.
    rules : DataFrame or dict
        Rows with ``label`` and ``rule`` (a pandas expression, as in
        ``DataFrame.query``, evaluated on ``frame``; e.g. ``"orders > 0 and region ==
        'East'"``), in priority order. A dict ``{label: rule}`` keeps its order.
        A missing value in a comparison counts as not matched (``NaN <= 180`` is False).
    name : str, default "segment"
        Name of the label column added.
    default : str, default "unclassified"
        Label of rows that match no rule (kept, never dropped).
    overlap : {"first", "error"}, default "first"
        What to do with rows matching several rules: ``"first"`` takes the first in
        priority order (and records all matches); ``"error"`` raises, for rule sets
        meant to be mutually exclusive.

    Returns
    -------
    DataFrame
        A copy of ``frame`` with ``name`` (categorical: the labels in rule order, then
        ``default``) and ``matched_rules`` (every matching label joined by ``"+"``,
        ``""`` if none), so overlaps stay visible.
    """
    func = "apply_rules"
    if overlap not in ("first", "error"):
        raise ValueError(
            f"The 'overlap' parameter of {func} must be 'first' or 'error'. "
            f"Got {overlap!r} instead."
        )
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"The 'frame' parameter of {func} must be a pandas DataFrame. "
            f"Got {type(frame).__name__} instead."
        )
    if frame.empty:
        raise ValueError(f"The 'frame' parameter of {func} must not be empty. Got 0 rows.")
    table = _rules_frame(rules, func)
    labels = table["label"].tolist()
    if default in labels:
        raise ValueError(
            f"The 'default' parameter of {func} must differ from every rule label. "
            f"Got {default!r}, which is also a rule label, instead."
        )
    for col in (name, "matched_rules"):
        if col in frame.columns:
            raise ValueError(
                f"The 'frame' parameter of {func} already has a column {col!r}; pass "
                f"name=... with another name or drop the column first."
            )
    env = frame.reset_index(drop=True)
    hits = np.zeros((len(env), len(labels)), dtype=bool)
    for j, (label, rule) in enumerate(zip(labels, table["rule"], strict=True)):
        try:
            result = env.eval(rule, engine="python")
        except Exception as exc:  # an unknown column, a typo: say which rule
            missing = ""
            if isinstance(exc, (NameError, KeyError, pd.errors.UndefinedVariableError)):
                missing = (
                    f" The frame's columns are {[str(c) for c in env.columns]}; a rule can "
                    f"only use those (e.g. build the file with contacts= for 'complaints')."
                )
            raise ValueError(
                f"The rule {rule!r} (label {label!r}) of the 'rules' parameter of {func} "
                f"could not be evaluated: {exc}.{missing}"
            ) from exc
        if not isinstance(result, pd.Series) or len(result) != len(env):
            raise ValueError(
                f"The rule {rule!r} (label {label!r}) of the 'rules' parameter of {func} "
                f"must give one True/False per row. Got {type(result).__name__} instead."
            )
        is_condition = pd.api.types.is_bool_dtype(result) or (
            result.dtype == object
            and all(isinstance(x, (bool, np.bool_)) or pd.isna(x) for x in result)
        )
        if not is_condition:
            raise ValueError(
                f"The rule {rule!r} (label {label!r}) of the 'rules' parameter of {func} "
                f"must be a condition (True/False), e.g. 'orders > 0'. Got values of "
                f"dtype {result.dtype} instead."
            )
        hits[:, j] = result.fillna(False).astype(bool).to_numpy()
    n_hits = hits.sum(axis=1)
    if overlap == "error" and (n_hits > 1).any():
        raise ValueError(
            f"The 'rules' parameter of {func} must be mutually exclusive with "
            f"overlap='error'. Got {int((n_hits > 1).sum())} row(s) matching several "
            f"rules instead; use overlap='first' to take the first rule in order."
        )
    first = np.where(n_hits > 0, hits.argmax(axis=1), len(labels))
    categories = [*labels, default]
    out = frame.copy()
    out[name] = pd.Categorical.from_codes(first, categories=categories)
    label_arr = np.asarray(labels, dtype=object)
    out["matched_rules"] = ["+".join(label_arr[row]) for row in hits]
    out["matched_rules"] = out["matched_rules"].astype("str")
    return out


def classify_customers(
    frame: pd.DataFrame,
    rules: pd.DataFrame | Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Customer identification (客户识别与分类): existing direct, existing indirect, potential.

    Seed 004 divides customers into existing customers (现有客户), direct (直接客户) or
    indirect (间接客户), and potential customers (潜在客户) who have not traded yet.

    Parameters
    ----------
    frame : DataFrame
        A customer file (:func:`customer_file`) with ``orders`` and ``status``.
    rules : DataFrame or dict, optional
        Replaceable rules; default :func:`default_customer_rules`.

    Returns
    -------
    DataFrame
        A copy of ``frame`` with ``customer_class`` (categorical: the labels, then
        ``unclassified`` for rows matching no rule) and ``matched_rules``. Overlapping
        rules raise an error: the classes are meant to be exclusive.
    """
    rules = default_customer_rules() if rules is None else rules
    return apply_rules(frame, rules, name="customer_class", overlap="error")


def classify_targets(
    frame: pd.DataFrame,
    rules: pd.DataFrame | Mapping[str, str] | None = None,
    *,
    value: str = "revenue",
    thresholds: Sequence[float] | None = None,
    default: str = "other",
) -> pd.DataFrame:
    """Target customers (目标客户): problem, core and important customers, by rules.

    Parameters
    ----------
    frame : DataFrame
        A customer file (:func:`customer_file`, built with ``contacts=`` for the default
        rules, which use ``complaints``).
    rules : DataFrame or dict, optional
        Rules in priority order; default :func:`default_target_rules`. A customer
        matching several rules gets the first; ``matched_rules`` lists them all.
    value : str, default "revenue"
        Column ranked for the ABC ``tier`` that the rules can use, added only when
        ``frame`` has no ``tier`` column (pass your own tiers in a ``tier`` column to
        override).
    thresholds : sequence of floats, optional
        Thresholds of that ABC ranking (see :func:`abc_tiers`; default (0.7, 0.9)).
    default : str, default "other"
        Label of customers matching no rule (not a target customer; kept).

    Returns
    -------
    DataFrame
        A copy of ``frame`` with ``tier`` (if it was added), ``target`` (categorical:
        rule labels in priority order, then ``default``) and ``matched_rules``.
    """
    func = "classify_targets"
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"The 'frame' parameter of {func} must be a customer file (DataFrame). "
            f"Got {type(frame).__name__} instead."
        )
    work = frame
    if "tier" not in frame.columns:
        _check_frame(frame, "frame", func, [value], "Build it with customer_file().")
        work = frame.copy()
        work["tier"] = abc_tiers(frame[value], thresholds=thresholds).to_numpy()
    rules = default_target_rules() if rules is None else rules
    return apply_rules(work, rules, name="target", default=default, overlap="first")


# --------------------------------------------------------------------------------------
# Retention: complaints and exit reasons
# --------------------------------------------------------------------------------------


def retention_view(
    customers: pd.DataFrame,
    contacts: pd.DataFrame,
    exits: pd.DataFrame,
) -> pd.DataFrame:
    """Complaints and exit reasons side by side (保持客户管理, seed 002 section 2.4).

    The textbook asks the firm to use complaints (客户投诉) to learn why customers leave
    (客户流失). This table puts, for each reason, how often customers complained about
    it next to how many lost customers named it in the exit interview (流失客户访谈).

    Parameters
    ----------
    customers : DataFrame
        The customers at risk, with ``customer_id``; its length is the base of
        ``lost_share_of_customers``. Pass only customers who have bought if potential
        customers should not count.
    contacts : DataFrame
        ``customer_id``, ``kind`` ({inquiry, complaint}), ``reason`` and ``resolved``.
        Only rows of kind ``complaint`` are counted; a complaint without a reason is
        counted under ``"unknown"``.
    exits : DataFrame
        One row per lost customer who answered the exit interview: ``customer_id``,
        ``exit_reason`` (a missing reason is counted as ``"unknown"``) and, optionally,
        ``exit_date``. With ``exit_date`` and the contacts' ``contact_date``, only
        complaints made on or before the exit date count in the last two columns.

    Returns
    -------
    DataFrame
        One row per reason (the categories of ``exit_reason`` and ``reason`` when they are
        categoricals, in that order, then any other value), with

        ================================  ================================================
        ``complaints``                    complaints giving this reason
        ``complaint_share``               share of all complaints
        ``resolved_rate``                 share of those complaints resolved (NaN if none)
        ``exits``                         lost customers giving this exit reason
        ``exit_share``                    share of lost customers (sums to 1): the share of
                                          churn attributable to the reason, as told
        ``lost_share_of_customers``       exits / number of ``customers``
        ``exits_after_complaint``         lost customers with this exit reason who had
                                          complained (about anything) before leaving
        ``exits_after_same_complaint``    of those, the ones who had complained about the
                                          same reason: a warning the firm could have heard
        ================================  ================================================

    Notes
    -----
    Exit reasons are what lost customers *say*; only customers who answered the
    interview are in ``exits``, and a stated reason can differ from the real one.
    """
    func = "retention_view"
    _check_frame(customers, "customers", func, ["customer_id"])
    _check_frame(
        contacts,
        "contacts",
        func,
        ["customer_id", "kind", "reason", "resolved"],
        "Load it with crmkit.load_dataset('contacts').",
    )
    _check_frame(
        exits,
        "exits",
        func,
        ["customer_id", "exit_reason"],
        "Load it with crmkit.load_dataset('exits').",
    )
    _check_unique(exits, "customer_id", "exits", func)
    _check_known_ids(
        exits["customer_id"], customers["customer_id"], "exits", func, "customers", "customer_id"
    )
    _check_known_ids(
        contacts["customer_id"],
        customers["customer_id"],
        "contacts",
        func,
        "customers",
        "customer_id",
    )
    kinds = set(pd.unique(contacts["kind"].dropna().astype(str)))
    unknown_kinds = sorted(kinds - {"inquiry", "complaint"})
    if unknown_kinds:
        raise ValueError(
            f"The column 'kind' of the 'contacts' parameter of {func} must hold 'inquiry' "
            f"or 'complaint'. Got {unknown_kinds} as well instead."
        )
    complaints = contacts.loc[contacts["kind"] == "complaint"]
    c_reason = complaints["reason"].astype(object).where(complaints["reason"].notna(), "unknown")
    e_reason = exits["exit_reason"].astype(object).where(exits["exit_reason"].notna(), "unknown")

    order: list[str] = []
    for s in (exits["exit_reason"], contacts["reason"]):
        if isinstance(s.dtype, pd.CategoricalDtype):
            order += [str(c) for c in s.cat.categories if str(c) not in order]
    seen = sorted({str(r) for r in [*c_reason, *e_reason]} - set(order))
    order += seen

    resolved = complaints["resolved"].astype(float)
    out = pd.DataFrame(index=pd.Index(order, name="reason", dtype=object))
    c_counts = c_reason.astype(str).value_counts()
    out["complaints"] = c_counts.reindex(out.index, fill_value=0).astype("int64")
    n_complaints = int(out["complaints"].sum())
    out["complaint_share"] = out["complaints"] / n_complaints if n_complaints else np.nan
    resolved_by = resolved.groupby(c_reason.astype(str).to_numpy()).mean()
    out["resolved_rate"] = resolved_by.reindex(out.index)
    e_counts = e_reason.astype(str).value_counts()
    out["exits"] = e_counts.reindex(out.index, fill_value=0).astype("int64")
    n_exits = int(out["exits"].sum())
    out["exit_share"] = out["exits"] / n_exits if n_exits else np.nan
    out["lost_share_of_customers"] = out["exits"] / customers["customer_id"].nunique()
    # complaints made before leaving (all complaints if either table has no dates)
    pairs = pd.DataFrame(
        {"customer_id": complaints["customer_id"].to_numpy(), "reason": c_reason.astype(str)}
    )
    lost = pd.DataFrame(
        {"customer_id": exits["customer_id"].to_numpy(), "exit_reason": e_reason.astype(str)}
    )
    if "contact_date" in complaints.columns and "exit_date" in exits.columns:
        pairs["date"] = complaints["contact_date"].to_numpy()
        lost["exit_date"] = exits["exit_date"].to_numpy()
        joined = lost.merge(pairs, on="customer_id", how="inner")
        joined = joined.loc[joined["date"] <= joined["exit_date"]]
    else:
        joined = lost.merge(pairs, on="customer_id", how="inner")
    any_before = joined.drop_duplicates("customer_id").groupby("exit_reason").size()
    same = joined.loc[joined["reason"] == joined["exit_reason"]]
    same_before = same.drop_duplicates("customer_id").groupby("exit_reason").size()
    out["exits_after_complaint"] = any_before.reindex(out.index, fill_value=0).astype("int64")
    out["exits_after_same_complaint"] = same_before.reindex(out.index, fill_value=0).astype("int64")
    return out.reset_index()


# --------------------------------------------------------------------------------------
# Plots
# --------------------------------------------------------------------------------------


def _get_ax(ax: Any, func: str) -> plt.Axes:
    if ax is None:
        _, ax = plt.subplots()
        return ax
    if not isinstance(ax, plt.Axes):
        raise TypeError(
            f"The 'ax' parameter of {func} must be a matplotlib Axes or None. "
            f"Got {type(ax).__name__} instead."
        )
    return ax


def plot_pareto(
    values: Any,
    *,
    q: float = 0.2,
    ax: plt.Axes | None = None,
    label: str = "revenue",
) -> plt.Axes:
    """Pareto chart: customers from largest to smallest, with the cumulative share.

    Parameters
    ----------
    values : Series, array or list of non-negative numbers with a positive total
    q : float in (0, 1], default 0.2
        Marks the top ``q`` of customers and the share they hold.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted.
    label : str, default "revenue"
        What the values are, for the axis labels.

    Returns
    -------
    matplotlib Axes
        The axes with the customers' values (bars for up to 60 customers, a filled area
        beyond) against the cumulative share of customers; the cumulative share of the
        value is drawn on a twin axis (``ax.right_ax``) on the right.
    """
    func = "plot_pareto"
    q = _check_fraction(q, func)
    table = pareto_table(values)
    ax = _get_ax(ax, func)
    n = len(table)
    x = table["cum_customer_share"].to_numpy()
    colour = sns.color_palette()[0]
    if n <= 60:
        ax.bar(x - 0.5 / n, table["value"], width=0.9 / n, color=colour, label=label)
    else:
        ax.fill_between(x, table["value"], step="pre", color=colour, alpha=0.6, label=label)
    ax.set_xlim(0, 1)
    ax.set_xlabel("cumulative share of customers (largest first)")
    ax.set_ylabel(f"{label} per customer")
    right = ax.twinx()
    xs = np.r_[0.0, x]
    ys = np.r_[0.0, table["cum_value_share"].to_numpy()]
    line_colour = sns.color_palette()[1]
    right.plot(xs, ys, color=line_colour, lw=2)
    share = top_share(table["value"], q)
    right.plot([q, q, 0], [0, share, share], ls="--", color="grey", lw=1)
    right.annotate(
        f"top {q:.0%} hold {share:.0%}",
        xy=(q, share),
        xytext=(q + 0.05, max(share - 0.25, 0.05)),
        arrowprops={"arrowstyle": "->", "color": "grey"},
    )
    right.set_ylim(0, 1.02)
    right.set_ylabel(f"cumulative share of {label}")
    right.grid(False)
    ax.set_title(f"Pareto chart of {label}")
    ax.right_ax = right
    return ax


def plot_lorenz(
    values: Any,
    *,
    ax: plt.Axes | None = None,
    label: str | None = None,
) -> plt.Axes:
    """Lorenz curve (洛伦兹曲线) with the line of equality and the Gini coefficient.

    Parameters
    ----------
    values : Series, array or list of non-negative numbers with a positive total
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted. Call again with the same ``ax`` to
        compare several curves (e.g. two years).
    label : str, optional
        Legend label; the Gini coefficient is appended to it.

    Returns
    -------
    matplotlib Axes
    """
    func = "plot_lorenz"
    curve = lorenz_curve(values)
    g = gini(values)
    ax = _get_ax(ax, func)
    text = f"{label} (Gini {g:.2f})" if label else f"Lorenz curve (Gini {g:.2f})"
    ax.plot(curve["customer_share"], curve["value_share"], lw=2, label=text)
    if not any(line.get_label() == "equality" for line in ax.get_lines()):
        ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1, label="equality")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel("cumulative share of customers (smallest first)")
    ax.set_ylabel("cumulative share of value")
    ax.set_title("Lorenz curve")
    ax.legend(loc="upper left")
    return ax


def plot_migration(
    matrix: pd.DataFrame,
    *,
    ax: plt.Axes | None = None,
    annot: bool = True,
    cmap: str = "Blues",
) -> plt.Axes:
    """Heat map (热力图) of a migration matrix from :func:`tier_migration`.

    Parameters
    ----------
    matrix : DataFrame
        Counts or row shares; rows are the first period's tiers, columns the second's.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted.
    annot : bool, default True
        Write each cell's value (counts as integers, shares as percentages).
    cmap : str, default "Blues"
        Colour map.

    Returns
    -------
    matplotlib Axes
    """
    func = "plot_migration"
    if not isinstance(matrix, pd.DataFrame) or matrix.empty:
        raise TypeError(
            f"The 'matrix' parameter of {func} must be a non-empty DataFrame from "
            f"tier_migration. Got {type(matrix).__name__} instead."
        )
    if not all(pd.api.types.is_numeric_dtype(t) for t in matrix.dtypes):
        raise TypeError(
            f"The 'matrix' parameter of {func} must hold numbers (counts or shares). "
            f"Got dtypes {sorted({str(t) for t in matrix.dtypes})} instead."
        )
    ax = _get_ax(ax, func)
    is_count = all(pd.api.types.is_integer_dtype(t) for t in matrix.dtypes)
    fmt = "d" if is_count else ".0%"
    sns.heatmap(matrix, annot=annot, fmt=fmt, cmap=cmap, cbar=True, ax=ax, linewidths=0.5)
    ax.tick_params(axis="y", rotation=0)
    ax.set_xlabel(f"tier in the second period ({matrix.columns.name or 'after'})")
    ax.set_ylabel(f"tier in the first period ({matrix.index.name or 'before'})")
    ax.set_title("Tier migration" + (" (customers)" if is_count else " (share of row)"))
    return ax
