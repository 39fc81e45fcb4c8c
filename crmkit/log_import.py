"""Your own transaction log (交易记录) in DuckDB: import and a validation report.

A researcher's or a firm's purchase log is a file, often larger than memory: a CSV
export, a folder of Parquet files, a table in a DuckDB database. This module registers
such a log as a DuckDB *view* (nothing is loaded into Python), maps its columns onto the
kit's names, reports what is wrong with it before any analysis, and computes the R/F/M
and buy-till-you-die summaries in SQL (:mod:`crmkit.log_summaries`), out of core,
equal to the pandas functions of :mod:`crmkit.summaries` on every log both can hold.

==============================  =======================================================
:func:`open_log`                register a file, glob, folder or DuckDB table as a view
:func:`log_report`              the validation report: every defect counted, with its rule
:func:`write_parquet`           a DataFrame (say, a world's table) to a Parquet file
==============================  =======================================================

The kit's conventions for a user's log
--------------------------------------
Columns
    A mapping from the kit's roles to the file's column names: ``customer_id``, ``date``
    and ``amount`` are required; ``order_id``, ``quantity``, ``product`` and
    ``returned`` are optional. The view exposes them as ``customer_id``, ``order_date``,
    ``revenue``, ``order_id``, ``items``, ``product`` (the names of the world's
    ``transactions`` table, so every query of the course runs on it).
Dates
    Dates and timestamps are read as naive wall-clock timestamps. Text is parsed as ISO
    (``2024-05-29``, ``2024-05-29 13:00``) or eight digits (``19970101``, as ``%Y%m%d``),
    or with ``date_format`` (strptime codes such as ``"%d/%m/%Y"``); the day/month order
    of a date such as ``05/06/2024`` is never guessed. A time-zone-aware
    column (Parquet ``TIMESTAMP WITH TIME ZONE``) is converted to the wall time of
    ``timezone`` (default UTC: pass the firm's zone, e.g. ``"Asia/Shanghai"``, so that an
    order at 00:30 local time keeps its local date).
Money
    Amounts are taken as given, in the file's currency; no conversion.
Returns and zero-value orders
    Nothing is dropped on import. A row flagged in the ``returned`` column counts as a
    return: its amount is made negative. Negative and zero amounts stay in the view;
    the summaries treat them by the explicit ``nonpositive`` choice of
    :mod:`crmkit.summaries` ("exclude": not purchases, counted per customer in
    ``excluded_orders``; "keep": every row is a purchase, as *lifetimes* does).
Unusable rows
    A row without a readable customer id, date or finite amount cannot enter any
    analysis. It stays in the raw view ``<name>_raw``, is left out of the view
    ``<name>``, and is counted, by reason, in :func:`log_report`.
Duplicates
    Exact duplicate rows are counted in the report and kept (two identical orders on one
    day can be real); pass ``duplicates="drop"`` to keep one of each, and the report says
    how many were removed.
"""

from __future__ import annotations

import glob as _glob
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from crmkit._checks import check_one_of, to_timestamp
from crmkit._sqltext import for_duckdb
from crmkit._sqltext import quote_identifier as _qi
from crmkit._sqltext import quote_literal as _ql

__all__ = ["LOG_ROLES", "log_report", "open_log", "write_parquet"]

#: The roles a column of a user's log can play -> the column name in the kit's view.
LOG_ROLES = {
    "customer_id": "customer_id",
    "date": "order_date",
    "amount": "revenue",
    "order_id": "order_id",
    "quantity": "items",
    "product": "product",
    "returned": "returned",
}
_REQUIRED = ("customer_id", "date", "amount")
_FORMATS = ("csv", "parquet", "whitespace", "table")
_ENCODINGS = ("utf-8", "utf-16", "latin-1")
_TEXT_TYPES = ("VARCHAR",)
_INT_TYPES = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
)


# --------------------------------------------------------------------------------------
# import
# --------------------------------------------------------------------------------------
def _files(source: Any, func: str) -> list[str]:
    """The files a path, glob or folder names (sorted); a clear error if none."""
    text = os.fspath(source)
    path = Path(text)
    if path.is_dir():
        found = sorted(str(p) for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
    elif any(ch in text for ch in "*?["):
        found = sorted(_glob.glob(text, recursive=True))
    else:
        found = [text] if path.is_file() else []
    if not found:
        raise ValueError(
            f"The 'source' parameter of {func} must name a file, a glob or a folder with "
            f"files. Got {text!r}, which matches no file; check the path (relative paths "
            f"start from {os.getcwd()!r})."
        )
    return found


def _source_sql(
    files: list[str],
    fmt: str,
    delimiter: str | None,
    header: bool,
    encoding: str,
    date_col: str | None = None,
) -> str:
    names = "[" + ", ".join(_ql(f) for f in files) + "]"
    if fmt == "parquet":
        return f"read_parquet({names}, union_by_name = true)"
    if fmt == "whitespace":  # columns separated by runs of spaces (CDNOW's master file)
        lines = (
            f"read_csv({names}, columns = {{'line': 'VARCHAR'}}, delim = {_ql(chr(31))}, "
            f"header = false, skip = {int(header)}, quote = '', escape = '')"
        )
        return f"(SELECT regexp_split_to_array(trim(line), '\\s+') AS f FROM {lines} WHERE trim(line) <> '')"
    # the date column is read as text, so the kit's rules parse it (never a guess of the
    # day/month order by DuckDB's type detection)
    options = [f"header = {str(header).lower()}", f"encoding = {_ql(encoding)}"]
    if date_col is not None:
        options.append(f"types = {{{_ql(date_col)}: 'VARCHAR'}}")
    if delimiter is not None:
        options.append(f"delim = {_ql(delimiter)}")
    return f"read_csv({names}, {', '.join(options)}, union_by_name = true)"


def _format_of(files: list[str], file_format: str | None, func: str) -> str:
    if file_format is not None:
        return check_one_of(file_format, "file_format", func, _FORMATS[:3])
    suffixes = {Path(f).suffix.lower() for f in files}
    if suffixes <= {".parquet", ".pq"}:
        return "parquet"
    if suffixes & {".parquet", ".pq"}:
        raise ValueError(
            f"The files given to {func} mix Parquet and other files ({sorted(suffixes)}). "
            "Point 'source' at one kind, e.g. a glob such as 'exports/*.parquet'."
        )
    return "csv"


def _columns_of(con: Any, relation: str, label: str, encoding: str, func: str) -> dict[str, str]:
    """Column name -> DuckDB type of a relation; file errors made plain."""
    import duckdb

    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
    except duckdb.Error as err:
        raise _file_error(err, label, encoding, func) from None
    return {str(r[0]): str(r[1]) for r in rows}


def _file_error(err: Exception, label: str, encoding: str, func: str) -> ValueError:
    text = str(err)
    if "unicode" in text.lower() or "encod" in text.lower():
        others = [e for e in _ENCODINGS if e != encoding]
        return ValueError(
            f"{func} could not read {label} as {encoding} text: {text.splitlines()[0]} "
            f"Pass the file's encoding, e.g. encoding={others[-1]!r} (one of {list(_ENCODINGS)})."
        )
    return ValueError(f"{func} could not read {label}: {text.splitlines()[0]}")


def _mapping(columns: Any, func: str) -> dict[str, str]:
    if not isinstance(columns, Mapping):
        raise TypeError(
            f"The 'columns' parameter of {func} must be a dict from the kit's roles "
            f"{list(LOG_ROLES)} to your file's column names, e.g. {{'customer_id': 'cust', "
            f"'date': 'day', 'amount': 'sales'}}. Got {type(columns).__name__} instead."
        )
    unknown = sorted(set(columns) - set(LOG_ROLES))
    missing = [r for r in _REQUIRED if r not in columns]
    if unknown or missing:
        raise ValueError(
            f"The 'columns' parameter of {func} must map the roles {list(_REQUIRED)} (and "
            f"optionally {list(LOG_ROLES)[3:]}) to column names. Got unknown role(s) "
            f"{unknown} and missing role(s) {missing} instead."
        )
    for role, col in columns.items():
        if not isinstance(col, str) or not col:
            raise ValueError(
                f"The 'columns' parameter of {func} must give a column name for {role!r}. "
                f"Got {col!r} instead."
            )
    return dict(columns)


def _date_expr(col: str, dtype: str, date_format: str | None, timezone: str) -> str:
    if dtype.startswith("TIMESTAMP WITH TIME ZONE"):
        return f"timezone({_ql(timezone)}, {col})"
    if dtype.startswith(("TIMESTAMP", "DATE")):
        return f"CAST({col} AS TIMESTAMP)"
    if dtype in _INT_TYPES:
        return f"try_strptime(CAST({col} AS VARCHAR), {_ql(date_format or '%Y%m%d')})"
    text = f"NULLIF(trim(CAST({col} AS VARCHAR)), '')"
    if date_format:
        return f"try_strptime({text}, {_ql(date_format)})"
    # ISO dates and timestamps, or eight digits read as %Y%m%d (19970101)
    return f"coalesce(TRY_CAST({text} AS TIMESTAMP), try_strptime({text}, '%Y%m%d'))"


def _amount_expr(col: str, dtype: str) -> str:
    if dtype in _TEXT_TYPES:
        return f"TRY_CAST(NULLIF(trim({col}), '') AS DOUBLE)"
    if dtype == "BOOLEAN":
        return "CAST(NULL AS DOUBLE)"
    return f"TRY_CAST({col} AS DOUBLE)"


def open_log(
    source: Any,
    *,
    columns: Mapping[str, str],
    con: Any = None,
    name: str = "transactions",
    file_format: str | None = None,
    delimiter: str | None = None,
    header: bool = True,
    encoding: str = "utf-8",
    date_format: str | None = None,
    timezone: str = "UTC",
    duplicates: str = "keep",
) -> Any:
    """Register a transaction log as DuckDB views, without loading it into Python.

    Parameters
    ----------
    source : str or path-like
        A CSV or Parquet file, a glob (``"exports/2025-*.parquet"``), a folder of such
        files, or, with ``file_format="table"``, the name of a table or view already in
        ``con``.
    columns : dict
        The kit's role -> your column name: ``customer_id``, ``date``, ``amount``
        (required); ``order_id``, ``quantity``, ``product``, ``returned`` (optional).
        With ``file_format="whitespace"`` the columns have no names: give their
        positions as strings, ``{"customer_id": "1", "date": "2", "amount": "4"}``.
    con : duckdb.DuckDBPyConnection, optional
        Where to register the views; default a new in-memory database.
    name : str, default "transactions"
        The view of usable rows; the view of every row, typed, is ``<name>_raw``.
    file_format : {"csv", "parquet", "whitespace", "table"}, optional
        Default: "parquet" for ``.parquet``/``.pq`` files, else "csv" (DuckDB detects
        the delimiter, quoting and types). "whitespace": columns separated by runs of
        spaces, as in CDNOW's master file.
    delimiter : str, optional
        The CSV delimiter, when detection guesses wrong (``";"``, ``"\\t"``).
    header : bool, default True
        Whether the first line of a CSV or whitespace file names the columns.
    encoding : {"utf-8", "utf-16", "latin-1"}, default "utf-8"
        The text encoding of a CSV file.
    date_format : str, optional
        strptime codes for dates stored as text in another form than ISO, e.g.
        ``"%d/%m/%Y"``; for whole numbers the default is ``"%Y%m%d"``.
    timezone : str, default "UTC"
        The zone whose wall clock a time-zone-aware timestamp column is read in.
    duplicates : {"keep", "drop"}, default "keep"
        Whether exact duplicate rows stay (counted in :func:`log_report`) or only one
        of each is kept.

    Returns
    -------
    duckdb.DuckDBPyConnection
        The connection, with the views ``<name>_raw`` (every row: the kit's columns,
        typed, ``NULL`` where a value is missing or unreadable, and the source text of
        the id, date and amount for the report) and ``<name>`` (the usable rows:
        ``customer_id``, ``order_date``, ``revenue`` and the optional columns mapped).

    Raises
    ------
    ValueError
        Naming the file and the fix: no file matches ``source``; a mapped column does
        not exist (with the columns found, and a hint when the delimiter looks wrong);
        the file is not in ``encoding``; no value of the date column is a date; an
        unknown option.

    Examples
    --------
    >>> con = open_log("sales/*.parquet",  # doctest: +SKIP
    ...                columns={"customer_id": "cust", "date": "day", "amount": "net"})
    >>> log_report(con)  # doctest: +SKIP
    """
    import duckdb

    func = "open_log"
    mapping = _mapping(columns, func)
    check_one_of(encoding, "encoding", func, _ENCODINGS)
    check_one_of(duplicates, "duplicates", func, ("keep", "drop"))
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(
            f"The 'name' parameter of {func} must be a plain view name such as "
            f"'transactions'. Got {name!r} instead."
        )
    if not isinstance(timezone, str) or not timezone:
        raise ValueError(
            f"The 'timezone' parameter of {func} must be a zone name such as "
            f"'Asia/Shanghai'. Got {timezone!r} instead."
        )
    # no progress bar: it would land in notebook outputs and differ from run to run
    if con is None:
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
    if file_format == "table":
        if not isinstance(source, str):
            raise ValueError(
                f"With file_format='table', 'source' of {func} must be a table "
                f"name. Got {source!r} instead."
            )
        relation, label = _qi(source), f"table {source!r}"
    else:
        files = _files(source, func)
        fmt = _format_of(files, file_format, func)
        relation = _source_sql(files, fmt, delimiter, header, encoding)
        label = files[0] if len(files) == 1 else f"{len(files)} files ({files[0]}, ...)"
        if fmt == "whitespace":
            relation = _whitespace_columns(con, relation, mapping, label, func)
    found = _columns_of(con, relation, label, encoding, func)
    absent = [(role, col) for role, col in mapping.items() if col not in found]
    if absent:
        hint = ""
        if len(found) == 1 and any(ch in next(iter(found)) for ch in ";\t|,"):
            hint = " The file has one column whose name holds a separator: pass delimiter=';' (or '\\t', '|')."
        raise ValueError(
            f"{label} has no column {', '.join(repr(c) + f' (role {r!r})' for r, c in absent)}. "
            f"Its columns are {list(found)}.{hint} Map each role to one of them in 'columns'."
        )
    if file_format != "table" and fmt == "csv":  # now that the date column is known to exist
        relation = _source_sql(files, fmt, delimiter, header, encoding, mapping["date"])
        found = _columns_of(con, relation, label, encoding, func)
    src = {role: _qi(col) for role, col in mapping.items()}
    date_sql = _date_expr(src["date"], found[mapping["date"]], date_format, timezone)
    amount_sql = _amount_expr(src["amount"], found[mapping["amount"]])
    id_type = found[mapping["customer_id"]]
    id_sql = (
        f"NULLIF(trim({src['customer_id']}), '')" if id_type in _TEXT_TYPES else src["customer_id"]
    )
    if "returned" in src:
        amount_sql = (
            f"CASE WHEN TRY_CAST({src['returned']} AS BOOLEAN) THEN -abs({amount_sql}) "
            f"ELSE {amount_sql} END"
        )
    extra = [f"{src[r]} AS {LOG_ROLES[r]}" for r in ("order_id", "quantity", "product") if r in src]
    select = ",\n       ".join(
        [
            f"{id_sql} AS customer_id",
            f"{date_sql} AS order_date",
            f"{amount_sql} AS revenue",
            *extra,
            f"CAST({src['date']} AS VARCHAR) AS _date_text",
            f"CAST({src['amount']} AS VARCHAR) AS _amount_text",
        ]
    )
    distinct = "DISTINCT " if duplicates == "drop" else ""
    raw, usable = _qi(f"{name}_raw"), _qi(name)
    kept = [
        "customer_id",
        "order_date",
        "revenue",
        *[LOG_ROLES[r] for r in ("order_id", "quantity", "product") if r in src],
    ]
    con.execute(f"CREATE OR REPLACE VIEW {raw} AS SELECT {select}\nFROM {relation}")
    con.execute(
        f"CREATE OR REPLACE VIEW {usable} AS SELECT {distinct}{', '.join(kept)} FROM {raw} "
        "WHERE customer_id IS NOT NULL AND order_date IS NOT NULL AND revenue IS NOT NULL "
        "AND isfinite(revenue)"
    )
    _check_dates_sample(con, raw, mapping["date"], label, func)
    info = {"label": label, "encoding": encoding, "duplicates": duplicates}
    con.execute(f"COMMENT ON VIEW {raw} IS {_ql(json.dumps(info))}")
    return con


def log_info(con: Any, name: str, func: str) -> dict[str, Any]:
    """What :func:`open_log` recorded about the view ``name`` (in the raw view's comment)."""
    row = con.execute(
        "SELECT comment FROM duckdb_views() WHERE view_name = $v", {"v": f"{name}_raw"}
    ).fetchone()
    if row is None or not row[0]:
        raise ValueError(
            f"The 'name' parameter of {func} must name a log registered with open_log. "
            f"Got {name!r}, which this connection does not have; call open_log first."
        )
    return json.loads(row[0])


def _whitespace_columns(
    con: Any, relation: str, mapping: dict[str, str], label: str, func: str
) -> str:
    """Name the fields of a whitespace file "1", "2", ... (positions, as text)."""
    try:
        width = con.execute(
            f"SELECT max(len(f)) FROM (SELECT f FROM {relation} LIMIT 1000)"
        ).fetchone()[0]
    except Exception as err:  # duckdb.Error: the file cannot be read as text
        raise _file_error(err, label, "utf-8", func) from None
    width = int(width or 0)
    fields = ", ".join(f"f[{i}] AS {_qi(str(i))}" for i in range(1, width + 1))
    return f"(SELECT {fields} FROM {relation})"


def _check_dates_sample(con: Any, raw: str, column: str, label: str, func: str) -> None:
    """Refuse a date column none of whose first 1,000 values is a date."""
    import duckdb

    try:
        given, read = con.execute(
            f"SELECT count(_date_text), count(order_date) FROM (SELECT * FROM {raw} LIMIT 1000)"
        ).fetchone()
    except duckdb.Error as err:
        raise _file_error(err, label, "utf-8", func) from None
    if given and not read:
        raise ValueError(
            f"The column {column!r} of {label} does not hold dates that {func} can read "
            f"(none of its first {given} values). Pass date_format with strptime codes, "
            "e.g. date_format='%d/%m/%Y', or map 'date' to another column."
        )


# --------------------------------------------------------------------------------------
# the validation report
# --------------------------------------------------------------------------------------
def run_log_sql(con: Any, sql: str, params: dict[str, Any] | None, info: dict[str, Any], func: str):
    """Execute ``sql``; a file that breaks while being read gives one plain error."""
    import duckdb

    try:
        return con.execute(sql, params or None)
    except duckdb.Error as err:
        raise _file_error(err, info["label"], info["encoding"], func) from None


def log_report(con: Any, *, name: str = "transactions", as_of: Any = None) -> pd.DataFrame:
    """Count every defect of a registered log before any analysis, with the rule applied.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A connection on which :func:`open_log` registered the log.
    name : str, default "transactions"
        The log's view name.
    as_of : str or datetime-like, optional
        The date of the data ("today" of the export): later orders are counted as future
        dates. Default: no check for future dates.

    Returns
    -------
    pandas.DataFrame
        One row per ``check`` with ``rows`` (Int64, rows concerned), ``detail`` (str:
        the date range, an example) and ``rule`` (str: what the kit does with those rows).
        The checks, in order: rows read, missing or unreadable customer ids, dates and
        amounts, non-finite amounts, negative and zero amounts, exact duplicate rows,
        repeated order ids (when mapped), future dates (with ``as_of``), and the usable
        rows, customers and date range. Nothing is dropped that this table does not count.
    """
    func = "log_report"
    info = log_info(con, name, func)
    raw, usable = _qi(f"{name}_raw"), _qi(name)
    cols = [str(r[0]) for r in con.execute(f"DESCRIBE {usable}").fetchall()]
    end = None if as_of is None else to_timestamp(as_of, "as_of", func)
    counts = run_log_sql(
        con,
        f"""
SELECT count(*),
       count(*) FILTER (WHERE customer_id IS NULL),
       count(*) FILTER (WHERE _date_text IS NULL OR trim(_date_text) = ''),
       count(*) FILTER (WHERE NOT (_date_text IS NULL OR trim(_date_text) = '') AND order_date IS NULL),
       count(*) FILTER (WHERE _amount_text IS NULL OR trim(_amount_text) = ''),
       count(*) FILTER (WHERE NOT (_amount_text IS NULL OR trim(_amount_text) = '') AND revenue IS NULL),
       count(*) FILTER (WHERE revenue IS NOT NULL AND NOT isfinite(revenue)),
       count(*) FILTER (WHERE isfinite(revenue) AND revenue < 0),
       count(*) FILTER (WHERE revenue = 0),
       count(*) FILTER (WHERE order_date > CAST($end AS TIMESTAMP))
FROM {raw}""",
        {"end": end},
        info,
        func,
    ).fetchone()
    n, no_id, no_date, bad_date, no_amount, bad_amount, inf_amount, negative, zero, future = counts
    key = ", ".join(
        c
        for c in ["customer_id", "order_date", "revenue", "order_id", "items", "product"]
        if c in cols
    )
    dups = run_log_sql(
        con,
        f"SELECT count(*) - count(DISTINCT ({key})) FROM {raw} WHERE customer_id IS NOT NULL "
        "AND order_date IS NOT NULL AND revenue IS NOT NULL AND isfinite(revenue)",
        None,
        info,
        func,
    ).fetchone()[0]
    used, customers, first, last = run_log_sql(
        con,
        f"SELECT count(*), count(DISTINCT customer_id), min(order_date), max(order_date) FROM {usable}",
        None,
        info,
        func,
    ).fetchone()
    excluded = "left out of every analysis (kept in the raw view)"
    nonpos = (
        "kept; not a purchase in the summaries with nonpositive='exclude' (counted "
        "in excluded_orders), a purchase with nonpositive='keep'"
    )
    rows = [
        ("rows read", n, info["label"], "all rows of the source"),
        ("missing customer id", no_id, "", excluded),
        ("missing date", no_date, "", excluded),
        ("unreadable date", bad_date, "", excluded + "; pass date_format if they are dates"),
        ("missing amount", no_amount, "", excluded),
        ("unreadable amount", bad_amount, "", excluded),
        ("infinite or NaN amount", inf_amount, "", excluded),
        ("negative amount (returns)", negative, "", nonpos),
        ("zero amount", zero, "", nonpos),
        (
            "exact duplicate rows",
            dups,
            "",
            "removed, one of each kept (duplicates='drop')"
            if info["duplicates"] == "drop"
            else "kept, each counted as an order (pass duplicates='drop' to keep one)",
        ),
    ]
    if "order_id" in cols:
        repeated = run_log_sql(
            con,
            f"SELECT count(order_id) - count(DISTINCT order_id) FROM {usable}",
            None,
            info,
            func,
        ).fetchone()[0]
        rows.append(("repeated order id", repeated, "", "kept: an order may have several lines"))
    if end is not None:
        rows.append(
            (
                "date after as_of",
                future,
                f"as_of {end.date()}",
                "kept; a summary at an earlier date refuses them (choose its date)",
            )
        )
    span = "" if first is None else f"{pd.Timestamp(first).date()} to {pd.Timestamp(last).date()}"
    rows += [
        ("usable rows", used, span, "the rows every analysis uses"),
        ("customers", customers, "", "distinct customer ids among the usable rows"),
    ]
    out = pd.DataFrame(rows, columns=["check", "rows", "detail", "rule"])
    return out.astype({"check": "str", "rows": "Int64", "detail": "str", "rule": "str"})


def write_parquet(frame: pd.DataFrame, path: Any) -> Path:
    """Write a DataFrame to one Parquet file with DuckDB (no pyarrow needed).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, e.g. a world's ``transactions``.
    path : str or path-like
        The file to write (its folder must exist); overwritten if it exists.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    import duckdb

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"The 'frame' parameter of write_parquet must be a pandas DataFrame. "
            f"Got {type(frame).__name__} instead."
        )
    target = Path(os.fspath(path))
    if not target.parent.is_dir():
        raise ValueError(
            f"The 'path' parameter of write_parquet must be in an existing folder. "
            f"Got {str(target)!r}; create {str(target.parent)!r} first."
        )
    out = for_duckdb(frame, "write_parquet", naive_dates=False)  # Parquet keeps zones
    with duckdb.connect() as con:
        con.register("_crmkit_frame", out)
        con.execute(f"COPY _crmkit_frame TO {_ql(str(target))} (FORMAT parquet)")
    return target
