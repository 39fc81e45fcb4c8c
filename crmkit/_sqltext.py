"""Quoting for the few places where crmkit writes a caller's name into SQL text.

Values are always bound as parameters (``$name``). Identifiers (table and column names)
and, where DuckDB accepts no parameter (a file path inside a view definition), string
literals are quoted here, in the one way the SQL standard and DuckDB define.
"""

from __future__ import annotations

from typing import Any


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
