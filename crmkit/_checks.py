"""Input checks shared by the chapter modules (``crmkit.rfm``, ``crmkit.loyalty``, ...).

Each raises an error that names the parameter or column, says what was found and how
to fix it, in the kit's one wording: "The 'x' parameter of f must be .... Got ...
instead."
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd


def check_frame(obj: Any, name: str, func: str) -> pd.DataFrame:
    """Return ``obj`` if it is a non-empty DataFrame; raise TypeError/ValueError if not."""
    if not isinstance(obj, pd.DataFrame):
        raise TypeError(
            f"The '{name}' parameter of {func} must be a pandas DataFrame. "
            f"Got {type(obj).__name__} instead."
        )
    if len(obj) == 0:
        raise ValueError(
            f"The '{name}' parameter of {func} must have at least one row. Got an empty "
            "DataFrame instead; check the filter that produced it."
        )
    return obj


def check_columns(
    df: pd.DataFrame, columns: Mapping[str, str] | Sequence[str], name: str, func: str
) -> None:
    """Raise ValueError naming every column of ``columns`` that ``df`` lacks.

    ``columns`` maps parameter name -> column name (the message then names the
    parameter that chose the column), or lists fixed column names.
    """
    if isinstance(columns, Mapping):
        pairs = list(columns.items())
    else:
        pairs = [(None, col) for col in columns]
    missing = [(param, col) for param, col in pairs if col not in df.columns]
    if missing:
        which = ", ".join(
            f"{col!r}" + (f" (the {param!r} parameter)" if param else "") for param, col in missing
        )
        raise ValueError(
            f"The '{name}' DataFrame passed to {func} has no column {which}. "
            f"Its columns are {sorted(map(str, df.columns))}. Rename the column or pass "
            "its name through the matching parameter."
        )


def check_choice(value: Any, name: str, func: str, choices: Sequence[Any]) -> Any:
    """Return ``value`` if it is one of ``choices``; raise ValueError listing them if not."""
    if isinstance(value, bool) or value not in choices:
        raise ValueError(
            f"The '{name}' parameter of {func} must be one of {list(choices)}. "
            f"Got {value!r} instead."
        )
    return value


def to_timestamp(value: Any, name: str, func: str) -> pd.Timestamp:
    """``value`` as a time-zone-naive Timestamp (a zone is dropped, keeping the wall
    time, since the kit's tables are naive); ValueError naming the parameter if it is
    not a date."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = None
    if stamp is None or pd.isna(stamp):
        raise ValueError(
            f"The '{name}' parameter of {func} must be a date, such as '2025-06-30' or "
            f"pd.Timestamp('2025-06-30'). Got {value!r} instead."
        )
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp
