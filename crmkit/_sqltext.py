"""Quoting for the few places where crmkit writes a caller's name into SQL text.

Values are always bound as parameters (``$name``). Identifiers (table and column names)
and, where DuckDB accepts no parameter (a file path inside a view definition), string
literals are quoted here, in the one way the SQL standard and DuckDB define. A DataFrame
handed to DuckDB is prepared here too (:func:`for_duckdb`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from crmkit._checks import to_naive_dates


def quote_identifier(name: Any) -> str:
    """``name`` as a quoted SQL identifier, safe to paste into DuckDB SQL text.

    The name is wrapped in double quotes and every double quote inside it doubled, so
    ``a"; DROP TABLE x; --`` stays one (odd) column name and never becomes SQL.

    Examples
    --------
    >>> quote_identifier('customer_id')
    '"customer_id"'
    >>> quote_identifier('odd"name')
    '"odd""name"'
    """
    if not isinstance(name, str) or not name or "\x00" in name:
        raise ValueError(
            "A SQL identifier must be a non-empty string without NUL characters. "
            f"Got {name!r} instead."
        )
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: Any) -> str:
    """``text`` as a quoted SQL string literal (single quotes doubled).

    Only for places where DuckDB takes no bound parameter, such as the file name in a
    ``CREATE VIEW ... AS SELECT * FROM read_csv('...')``.

    Examples
    --------
    >>> quote_literal("it's.csv")
    "'it''s.csv'"
    """
    if not isinstance(text, str) or "\x00" in text:
        raise ValueError(f"A SQL string must be text without NUL characters. Got {text!r}.")
    return "'" + text.replace("'", "''") + "'"


def for_duckdb(frame: pd.DataFrame, func: str, *, naive_dates: bool = True) -> pd.DataFrame:
    """A copy of ``frame`` that DuckDB reads as the kit means it.

    Categorical columns become text (missing stays missing); with ``naive_dates``,
    time-zone-aware dates lose their zone and keep their wall time (the kit's one rule,
    so no date moves a day). The caller's frame is not modified.
    """
    out = frame.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype("str").where(out[col].notna())
        elif naive_dates and isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = to_naive_dates(out[col], str(col), func)
    return out
