"""Column checks shared by the survey and outcome techniques (chapters 4 and 5).

The general checks live in :mod:`crmkit._checks`; these add the few rules that the
loyalty, mediation, rate, zone and panel modules share, written once:

- :func:`is_numeric`: a numeric, non-boolean dtype;
- :func:`name_list`: a name or a list of names, as a non-empty list;
- :func:`check_level`: a confidence level (or test size) strictly between 0 and 1;
- :func:`numeric_column`: one column as floats, refused if not numeric or infinite;
- :func:`yes_no`: a yes/no column (bool or 0/1), or a share in [0, 1], as floats;
- :func:`complete_rows`: rows with a missing value left out, counted in a warning;
- :func:`numeric_block`: several numeric columns for a regression, complete rows only,
  every column varying and more rows than variables.

Every message names the column or parameter and the fix, in the kit's wording.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_columns


def is_numeric(dtype: Any) -> bool:
    """True for a numeric dtype that is not boolean."""
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


def name_list(value: Any, name: str, func: str) -> list[str]:
    """A list of column/construct names from a string or a sequence of strings."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Sequence) or not all(isinstance(v, str) for v in value):
        raise ValueError(
            f"The '{name}' parameter of {func} must be a name or a list of names. "
            f"Got {value!r} instead."
        )
    if len(value) == 0:
        raise ValueError(
            f"The '{name}' parameter of {func} must name at least one construct. Got an "
            "empty list instead."
        )
    return list(value)


def check_level(value: Any, name: str, func: str) -> float:
    """Return ``value`` as a float if it lies strictly between 0 and 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < float(value) < 1:
        raise ValueError(
            f"The {name!r} parameter of {func} must be a number between 0 and 1 "
            f"(e.g. 0.95). Got {value!r} instead."
        )
    return float(value)


def _refuse_infinite(values: pd.Series, column: str, func: str) -> None:
    n_inf = int(np.isinf(values.to_numpy(dtype="float64", na_value=np.nan)).sum())
    if n_inf:
        raise ValueError(
            f"The {column!r} column passed to {func} must hold finite numbers. Got "
            f"{n_inf} infinite value(s) instead; fix or drop those rows."
        )


def numeric_column(frame: pd.DataFrame, column: str, func: str) -> pd.Series:
    """``frame[column]`` as floats; TypeError if not numeric, ValueError if infinite.

    Missing values stay NaN (see :func:`complete_rows`).
    """
    x = frame[column]
    if not is_numeric(x.dtype):
        raise TypeError(
            f"The {column!r} column passed to {func} must be numeric. Got dtype {x.dtype} instead."
        )
    x = x.astype("float64")
    _refuse_infinite(x, column, func)
    return x


def yes_no(frame: pd.DataFrame, column: str, func: str, *, fraction: bool = False) -> pd.Series:
    """``frame[column]`` as float 0/1 (or a share in [0, 1] when ``fraction``).

    Missing values stay NaN. TypeError for a non-numeric column, ValueError for other
    values.
    """
    y = frame[column]
    if pd.api.types.is_bool_dtype(y.dtype):
        return y.astype("float64")
    if not pd.api.types.is_numeric_dtype(y.dtype):
        raise TypeError(
            f"The {column!r} column passed to {func} must be yes/no (bool or 0/1). "
            f"Got dtype {y.dtype} instead."
        )
    values = y.dropna()
    ok = values.between(0, 1).all() if fraction else values.isin([0, 1]).all()
    if not ok:
        what = "a share between 0 and 1" if fraction else "yes/no (bool or 0/1)"
        raise ValueError(
            f"The {column!r} column passed to {func} must be {what}. "
            f"Got values from {values.min()} to {values.max()} instead."
        )
    return y.astype("float64")


def complete_rows(frame: pd.DataFrame, func: str, *, stacklevel: int = 3) -> pd.DataFrame:
    """``frame`` without rows that have a missing value, counted in a UserWarning.

    Raises ValueError when no row is left.
    """
    incomplete = frame.isna().any(axis=1)
    if incomplete.any():
        warnings.warn(
            f"{func}: {int(incomplete.sum())} of {len(frame)} row(s) with a missing value "
            "were left out.",
            UserWarning,
            stacklevel=stacklevel,
        )
        frame = frame[~incomplete]
    if len(frame) == 0:
        raise ValueError(f"No row passed to {func} has all the values it needs.")
    return frame


def numeric_block(
    frame: pd.DataFrame, columns: Sequence[str], name: str, func: str
) -> pd.DataFrame:
    """The ``columns`` of ``frame`` as floats, ready for a regression.

    Rows with a missing value are left out (listwise deletion) with a UserWarning that
    counts them. Raises TypeError for a non-numeric column and ValueError for an
    infinite value, a column that does not vary, or no more rows than variables.
    """
    columns = list(columns)
    check_columns(frame, columns, name, func)
    bad = [c for c in columns if not is_numeric(frame[c].dtype)]
    if bad:
        raise TypeError(
            f"The column(s) {bad} of the '{name}' DataFrame passed to {func} must be "
            f"numeric. Got dtype {frame[bad[0]].dtype} instead."
        )
    block = frame[columns].astype("float64")
    for col in columns:
        _refuse_infinite(block[col], col, func)
    incomplete = block.isna().any(axis=1)
    if incomplete.any():
        warnings.warn(
            f"{func}: {int(incomplete.sum())} of {len(block)} row(s) with a missing value "
            "were left out (listwise deletion).",
            UserWarning,
            stacklevel=3,
        )
        block = block[~incomplete]
    constant = [c for c in columns if block[c].nunique() < 2]
    if constant:
        raise ValueError(
            f"The column(s) {constant} passed to {func} do not vary, so their effect "
            "cannot be estimated. Leave them out."
        )
    if len(block) <= len(columns) + 1:
        raise ValueError(
            f"{func} needs more rows than variables; got {len(block)} complete row(s) "
            f"for {len(columns)} variables."
        )
    return block
