"""The customer database (客户数据库) in DuckDB: typed tables with keys, and named queries.

==========================  ===========================================================
:data:`SCHEMA`              CREATE TABLE statements: types, NOT NULL, CHECK, keys
:func:`connect`             tables into an in-memory DuckDB with types and keys
:func:`insert_frame`        more rows into a table, refused whole if one breaks a rule
:func:`query`               run a named query of :data:`QUERIES` (or any SQL)
:data:`SIX_USES`            the six uses of a customer database, each with a query
==========================  ===========================================================

Identifiers that come from a caller (table and column names) are checked against the
table and quoted; values are always bound as parameters, never pasted into SQL text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from crmkit._checks import check_columns as _check_columns
from crmkit._checks import check_frame as _check_frame
from crmkit._sqltext import for_duckdb, quote_identifier

__all__ = [
    "ABC_VALUE_CUTS",
    "QUERIES",
    "SCHEMA",
    "SIX_USES",
    "connect",
    "insert_frame",
    "query",
    "quote_identifier",
]

_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


_REGIONS = ("North", "East", "South", "West", "Central")

# --------------------------------------------------------------------------------------
# DuckDB
# --------------------------------------------------------------------------------------
_CHECK_IN = "CHECK ({col} IN ({values}))"


def _in(col: str, values: tuple[str, ...]) -> str:
    return _CHECK_IN.format(col=col, values=", ".join(f"'{v}'" for v in values))


_LIKERT = ", ".join(
    f"{c}_{k} TINYINT NOT NULL CHECK ({c}_{k} BETWEEN 1 AND 7)"
    for c in (
        "satisfaction value trust care purchase_cost switching_cost cognitive affective behavioural"
    ).split()
    for k in (1, 2, 3)
)
_REASONS = ("quality", "price", "delivery", "staff_attitude", "indifference")

#: Table name -> CREATE TABLE statement, in an order where every table comes after the
#: tables it refers to. Money is DECIMAL(14, 2): exact yuan and fen, so sums do not
#: depend on the order rows are added in.
SCHEMA: dict[str, str] = {
    "customers": f"""CREATE TABLE customers (
    customer_id      INTEGER PRIMARY KEY,
    signup_date      DATE NOT NULL,
    region           VARCHAR NOT NULL {_in("region", _REGIONS)},
    customer_type    VARCHAR NOT NULL {_in("customer_type", ("consumer", "business"))},
    channel          VARCHAR NOT NULL
                     {_in("channel", ("online", "store", "referral", "sales_team"))},
    status           VARCHAR NOT NULL {_in("status", ("direct", "indirect", "potential"))},
    acquisition_cost DECIMAL(14, 2) NOT NULL CHECK (acquisition_cost >= 0),
    care_tier        VARCHAR NOT NULL {_in("care_tier", ("ordinary", "silver", "gold"))}
)""",
    "products": """CREATE TABLE products (
    product_id          INTEGER PRIMARY KEY,
    product_name        VARCHAR NOT NULL,
    category            VARCHAR NOT NULL,
    list_price          DECIMAL(14, 2) NOT NULL CHECK (list_price >= 0),
    unit_cost           DECIMAL(14, 2) NOT NULL CHECK (unit_cost >= 0),
    avg_inventory_units DOUBLE NOT NULL CHECK (avg_inventory_units >= 0)
)""",
    "orders": """CREATE TABLE orders (
    order_id    INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (customer_id),
    order_date  DATE NOT NULL
)""",
    "order_lines": """CREATE TABLE order_lines (
    order_id          INTEGER NOT NULL REFERENCES orders (order_id),
    line_no           INTEGER NOT NULL,
    product_id        INTEGER NOT NULL REFERENCES products (product_id),
    quantity          INTEGER NOT NULL CHECK (quantity > 0),
    unit_price        DECIMAL(14, 2) NOT NULL,
    unit_cost         DECIMAL(14, 2) NOT NULL,
    returned_quantity INTEGER NOT NULL CHECK (returned_quantity BETWEEN 0 AND quantity),
    PRIMARY KEY (order_id, line_no)
)""",
    "transactions": """CREATE TABLE transactions (
    order_id      INTEGER PRIMARY KEY REFERENCES orders (order_id),
    customer_id   INTEGER NOT NULL REFERENCES customers (customer_id),
    order_date    DATE NOT NULL,
    revenue       DECIMAL(14, 2) NOT NULL,
    gross_revenue DECIMAL(14, 2) NOT NULL,
    cost          DECIMAL(14, 2) NOT NULL,
    margin        DECIMAL(14, 2) NOT NULL,
    items         INTEGER NOT NULL
)""",
    "survey": f"""CREATE TABLE survey (
    customer_id  INTEGER PRIMARY KEY REFERENCES customers (customer_id),
    survey_date  DATE NOT NULL,
    {_LIKERT},
    overall_satisfaction TINYINT NOT NULL CHECK (overall_satisfaction BETWEEN 1 AND 10),
    recommend    TINYINT NOT NULL CHECK (recommend BETWEEN 0 AND 10)
)""",
    "contacts": f"""CREATE TABLE contacts (
    contact_id   INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (customer_id),
    contact_date DATE NOT NULL,
    kind         VARCHAR NOT NULL {_in("kind", ("inquiry", "complaint"))},
    reason       VARCHAR {_in("reason", _REASONS)},
    resolved     BOOLEAN NOT NULL
)""",
    "exits": f"""CREATE TABLE exits (
    customer_id INTEGER PRIMARY KEY REFERENCES customers (customer_id),
    exit_date   DATE NOT NULL,
    exit_reason VARCHAR NOT NULL {_in("exit_reason", (*_REASONS, "moved"))}
)""",
    "mailing": """CREATE TABLE mailing (
    customer_id      INTEGER PRIMARY KEY REFERENCES customers (customer_id),
    mail_date        DATE NOT NULL,
    responded        BOOLEAN NOT NULL,
    response_revenue DECIMAL(14, 2) NOT NULL CHECK (response_revenue >= 0)
)""",
    "branches": f"""CREATE TABLE branches (
    branch_id          INTEGER NOT NULL,
    region             VARCHAR NOT NULL {_in("region", _REGIONS)},
    year               INTEGER NOT NULL,
    satisfaction_index DOUBLE NOT NULL CHECK (satisfaction_index BETWEEN 0 AND 100),
    retention_rate     DOUBLE NOT NULL CHECK (retention_rate BETWEEN 0 AND 1),
    revenue            DOUBLE NOT NULL,
    cost               DOUBLE NOT NULL,
    profit             DOUBLE NOT NULL,
    PRIMARY KEY (branch_id, year)
)""",
}
_PARENTS = {
    "orders": ["customers"],
    "order_lines": ["orders", "products"],
    "transactions": ["orders", "customers"],
    "survey": ["customers"],
    "contacts": ["customers"],
    "exits": ["customers"],
    "mailing": ["customers"],
}


def connect(
    world_or_tables: Any,
    *,
    tables: list[str] | None = None,
    columns: Mapping[str, str] | None = None,
    **log_options: Any,
) -> Any:
    """Load tables into a new in-memory DuckDB database with declared types and keys.

    Or, given a file path, a glob or a folder, register that transaction log as the view
    ``transactions`` without loading it into Python (:func:`crmkit.log_import.open_log`,
    whose validation report :func:`crmkit.log_import.log_report` then says what is in it).

    Each table is created from :data:`SCHEMA` (types, ``NOT NULL``, ``CHECK``, primary
    and foreign keys) and then filled, parents first, so DuckDB itself refuses a row
    that breaks a rule: a repeated key, an order of an unknown customer, a region not in
    the list. Nothing is written to disk; the database disappears when the connection is
    closed.

    Parameters
    ----------
    world_or_tables : World, dict, str or path-like
        A :class:`crmkit.world.World`, or a dict mapping table names of :data:`SCHEMA`
        to DataFrames with (at least) the schema's columns; or a CSV or Parquet file, a
        glob or a folder holding a transaction log.
    tables : list of str, optional
        Which tables to load. Default: every table of :data:`SCHEMA` present (the
        world's ``truth`` is not a firm's table and is never loaded). A table needs the
        tables it refers to.
    columns : dict, optional
        For a log file only: the kit's role -> your column name, as in
        :func:`crmkit.log_import.open_log`. Default: the world's names
        (``customer_id``, ``order_date``, ``revenue``).
    **log_options
        For a log file only: the other options of :func:`crmkit.log_import.open_log`
        (``file_format``, ``delimiter``, ``encoding``, ``date_format``, ``timezone``, ...).

    Returns
    -------
    duckdb.DuckDBPyConnection
        An open connection; use it with :func:`query` and close it with ``.close()``.

    Raises
    ------
    ValueError
        On an unknown table name, a table whose parent table is not loaded, or a missing
        column. DuckDB's ``ConstraintException`` (a subclass of ``duckdb.Error``) if a row
        breaks a constraint; its message names the key and value.
    """
    import duckdb

    func = "connect"
    if isinstance(world_or_tables, (str, os.PathLike)):
        from crmkit.log_import import open_log

        mapping = columns or {
            "customer_id": "customer_id",
            "date": "order_date",
            "amount": "revenue",
        }
        return open_log(world_or_tables, columns=mapping, **log_options)
    if columns is not None or log_options:
        raise TypeError(
            f"The 'columns' and file options of {func} are for a log file; a World or a dict "
            "of DataFrames is loaded by the schema. Drop them, or pass a file path."
        )
    if hasattr(world_or_tables, "tables") and callable(world_or_tables.tables):
        given = dict(world_or_tables.tables())
    elif isinstance(world_or_tables, Mapping):
        given = dict(world_or_tables)
    else:
        raise TypeError(
            f"The 'world_or_tables' parameter of {func} must be a World, a dict of "
            f"DataFrames or a log file's path. Got {type(world_or_tables).__name__} instead."
        )
    if tables is None:
        unknown = sorted(set(given) - set(SCHEMA) - {"truth"})
        if unknown and not hasattr(world_or_tables, "tables"):
            raise ValueError(
                f"The 'world_or_tables' parameter of {func} has table(s) {unknown} without "
                f"a schema. Known tables: {list(SCHEMA)}."
            )
        tables = [t for t in SCHEMA if t in given]
    else:
        for t in tables:
            if t not in SCHEMA:
                raise ValueError(
                    f"The 'tables' parameter of {func} must name tables of {list(SCHEMA)}. "
                    f"Got {t!r} instead."
                )
            if t not in given:
                raise ValueError(
                    f"The 'tables' parameter of {func} names {t!r}, which "
                    f"'world_or_tables' does not have. It has {sorted(given)}."
                )
    if not tables:
        raise ValueError(
            f"The 'world_or_tables' parameter of {func} has none of the tables "
            f"{list(SCHEMA)}. Got {sorted(given)} instead."
        )
    for t in tables:
        for parent in _PARENTS.get(t, []):
            if parent not in tables:
                raise ValueError(
                    f"Table {t!r} refers to {parent!r}, so {func} must load {parent!r} too: "
                    f"add it to 'tables'."
                )
    con = duckdb.connect(":memory:")
    try:
        for t in [t for t in SCHEMA if t in tables]:
            frame = given[t]
            if not isinstance(frame, pd.DataFrame):
                raise TypeError(
                    f"Table {t!r} passed to {func} must be a pandas DataFrame. "
                    f"Got {type(frame).__name__} instead."
                )
            con.execute(SCHEMA[t])
            cols = con.table(t).columns
            _check_columns(frame, cols, t, func)
            insert_frame(con, t, frame[cols])
    except BaseException:
        con.close()
        raise
    return con


def insert_frame(con: Any, table: str, frame: pd.DataFrame) -> int:
    """Insert the rows of a DataFrame into an existing table; return how many went in.

    Columns are matched by name (each must be a column of ``table``; names are quoted,
    never pasted as SQL); categorical columns go in as text; time-zone-aware dates lose
    their zone and keep their wall time (the kit's one rule, so 2024-06-12 in
    Asia/Shanghai is stored as 2024-06-12). DuckDB checks every
    constraint of the table and refuses the *whole* insert if one row breaks one, so
    the count returned is either ``len(frame)`` or an exception is raised. A result
    left half-read on ``con`` (after ``.fetchone()``) is finished first.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        An open connection, e.g. from :func:`connect`.
    table : str
        Name of an existing table (a plain name: letters, digits, underscores).
    frame : pandas.DataFrame
        The rows; every column must be a column of ``table``.

    Returns
    -------
    int
        The number of rows inserted.

    Raises
    ------
    ValueError
        If ``table`` is not a plain name of an existing table, ``frame`` is empty, or
        ``frame`` has a column the table lacks.
    TypeError
        If ``frame`` is not a DataFrame.
    duckdb.ConstraintException
        If a row breaks a key, NOT NULL or CHECK constraint (nothing is inserted).
    """
    func = "insert_frame"
    if not isinstance(table, str) or not _PLAIN_NAME.fullmatch(table):
        raise ValueError(
            f"The 'table' parameter of {func} must be a plain table name such as "
            f"'customers'. Got {table!r} instead."
        )
    frame = _check_frame(frame, "frame", func)
    if hasattr(con, "complete"):  # DuckDB 2: finish a result left half-fetched (fetchone)
        con.complete()
    known = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = $t "
        "ORDER BY ordinal_position",
        {"t": table},
    ).fetchall()
    if not known:
        raise ValueError(
            f"The 'table' parameter of {func} must name an existing table. Got {table!r}, "
            "which this connection does not have; create it first (see SCHEMA)."
        )
    columns = [str(c) for c in frame.columns]
    unknown = [c for c in columns if c not in {k for (k,) in known}]
    if unknown:
        raise ValueError(
            f"The 'frame' parameter of {func} has column(s) {unknown} that table {table!r} "
            f"does not have. Its columns are {[k for (k,) in known]}; rename or drop them."
        )
    frame = for_duckdb(frame, func)
    cols = ", ".join(quote_identifier(c) for c in columns)
    con.register("_crmkit_insert", frame)
    try:
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _crmkit_insert")
    finally:
        con.unregister("_crmkit_insert")
    return len(frame)


#: Named SQL queries (DuckDB dialect); ``$name`` marks a parameter of :func:`query`.
#: Where the ABC value tiers end, as running shares of revenue (A: the customers who
#: bring the first 70%, B: up to 90%, C: the rest). The course's one definition: the
#: default of :func:`crmkit.tiers.abc_tiers` (chapter 2); ``value_tiers`` is generated
#: from it (numbers from code, not user text), and ``tests/course/test_definitions.py``
#: checks that both give the same tiers.
ABC_VALUE_CUTS: tuple[float, float] = (0.7, 0.9)
_A_END, _B_END = ABC_VALUE_CUTS

QUERIES: dict[str, str] = {
    "customer_file": """
SELECT c.customer_id, c.region, c.customer_type, c.status,
       count(t.order_id)              AS orders,
       coalesce(sum(t.revenue), 0)    AS revenue,
       min(t.order_date)              AS first_order,
       max(t.order_date)              AS last_order
FROM customers AS c
LEFT JOIN transactions AS t USING (customer_id)
GROUP BY ALL
ORDER BY c.customer_id""",
    "revenue_by_region": """
SELECT c.region,
       count(DISTINCT t.customer_id) AS buyers,
       count(*)                      AS orders,
       sum(t.revenue)                AS revenue
FROM transactions AS t
JOIN customers AS c USING (customer_id)
GROUP BY c.region
ORDER BY revenue DESC""",
    # the six uses
    "needs_by_category": """
SELECT c.customer_type, p.category,
       sum((l.quantity - l.returned_quantity) * l.unit_price) AS revenue,
       count(DISTINCT o.customer_id)                          AS buyers
FROM order_lines AS l
JOIN orders    AS o USING (order_id)
JOIN customers AS c USING (customer_id)
JOIN products  AS p USING (product_id)
GROUP BY ALL
ORDER BY c.customer_type, revenue DESC""",
    "open_complaints": """
SELECT c.customer_id, c.care_tier, count(*) AS open_complaints,
       max(k.contact_date) AS latest
FROM contacts AS k
JOIN customers AS c USING (customer_id)
WHERE k.kind = 'complaint' AND NOT k.resolved
GROUP BY ALL
ORDER BY open_complaints DESC, latest DESC, c.customer_id
LIMIT 10""",
    "value_tiers": f"""
WITH spend AS (
    SELECT customer_id, sum(revenue) AS revenue
    FROM transactions GROUP BY customer_id
), ranked AS (
    SELECT *, sum(revenue) OVER (ORDER BY revenue DESC, customer_id
                                 ROWS UNBOUNDED PRECEDING) / sum(revenue) OVER () AS cum_share
    FROM spend
)
SELECT CASE WHEN cum_share - revenue / (SELECT sum(revenue) FROM spend) < {_A_END!r} THEN 'A'
            WHEN cum_share - revenue / (SELECT sum(revenue) FROM spend) < {_B_END!r} THEN 'B'
            ELSE 'C' END AS tier,
       count(*) AS customers, sum(revenue) AS revenue
FROM ranked
GROUP BY tier
ORDER BY tier""",
    "value_by_cohort": """
SELECT year(c.signup_date) AS signup_year,
       count(DISTINCT c.customer_id)                              AS customers,
       sum(t.revenue) / count(DISTINCT c.customer_id)             AS revenue_per_customer,
       sum(t.margin)  / count(DISTINCT c.customer_id)             AS margin_per_customer
FROM customers AS c
LEFT JOIN transactions AS t USING (customer_id)
GROUP BY signup_year
ORDER BY signup_year""",
    "quarterly_revenue": """
SELECT year(order_date) AS year, quarter(order_date) AS quarter,
       count(*) AS orders, sum(revenue) AS revenue
FROM transactions
GROUP BY ALL
ORDER BY year, quarter""",
    "prospects": """
SELECT region, channel, count(*) AS potential_customers
FROM customers
WHERE status = 'potential'
GROUP BY ALL
ORDER BY potential_customers DESC, region, channel
LIMIT 8""",
}

#: The six uses of a customer database (第八章 客户关系管理, 第三节), each with a query.
SIX_USES = pd.DataFrame(
    [
        ("understand customers' needs", "了解顾客的需要", "needs_by_category"),
        ("serve customers better", "为客户提供更好的服务", "open_complaints"),
        ("rank customers by value", "对客户的价值进行评估", "value_tiers"),
        ("know customers' value over time", "了解客户的价值", "value_by_cohort"),
        ("analyse how demand behaves", "分析客户需求行为", "quarterly_revenue"),
        ("market research and forecasting", "市场调查和预测", "prospects"),
    ],
    columns=["use", "chinese", "query"],
).astype("str")


def query(con: Any, sql: str, **params: Any) -> pd.DataFrame:
    """Run a named query of :data:`QUERIES`, or any SQL text, and return a DataFrame.

    Any SQL means any: DuckDB runs what it is given with the rights of the Python
    process, so a statement can also change or drop tables, or read and write files
    (``COPY ... TO 'file'``, ``read_csv('...')``). Run only SQL you wrote or trust, and
    pass values through ``**params`` (bound by DuckDB, never pasted into the text).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        From :func:`connect`.
    sql : str
        A key of :data:`QUERIES` or a SQL statement.
    **params
        Values for ``$name`` placeholders in the SQL.

    Returns
    -------
    pandas.DataFrame
        The result; DECIMAL columns arrive as float64.

    Raises
    ------
    ValueError
        If ``sql`` is not a string or is empty.
    """
    if not isinstance(sql, str) or not sql.strip():
        raise ValueError(
            f"The 'sql' parameter of query must be a name of {sorted(QUERIES)} or a SQL "
            f"statement. Got {sql!r} instead."
        )
    text = QUERIES.get(sql, sql)
    return con.execute(text, params or None).df()
