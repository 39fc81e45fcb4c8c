"""Input checks shared by every public function of crmkit.

Each raises an error that names the parameter or column, says what was found and how
to fix it, in the kit's one wording: "The 'x' parameter of f must be .... Got ...
instead." Every technique module validates through these, so the same bad input gets
the same answer everywhere:

- frames and columns: :func:`check_frame`, :func:`check_columns`;
- options: :func:`check_one_of`;
- numbers: :func:`check_count` (integers with a documented upper bound, so no size
  parameter can allocate without limit), :func:`check_number`, :func:`check_finite`
  (a column or Series of finite numbers, optionally non-negative);
- keys: :func:`check_no_missing` (NaN, NaT or None in an id or date column is an error,
  counted and named);
- dates: :func:`to_timestamp` (one date) and :func:`to_naive_dates` (a column). The
  kit's dates are naive wall-clock dates: a time-zone-aware value has its zone dropped
  and keeps its local wall time (2024-06-12 09:00 in Asia/Shanghai stays 2024-06-12),
  never converted to UTC, so no date moves to another day;
- Series: :func:`align_series` (matched by index, never by position);
- seeds: :func:`check_seed`.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
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


def check_one_of(value: Any, name: str, func: str, choices: Sequence[Any]) -> Any:
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


def to_naive_dates(values: pd.Series, column: str, func: str) -> pd.Series:
    """A date column as naive ``datetime64`` values, by the kit's one convention.

    Strings and dates are parsed; a time-zone-aware column has its zone dropped,
    keeping each value's local wall time (never converted to UTC, which would move
    late-evening dates to another day). Missing values stay NaT (check them with
    :func:`check_no_missing` where a date is required). Raises ValueError naming the
    column when a value is not a date. The input is not modified.
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_localize(None)
    if pd.api.types.is_datetime64_dtype(values):
        return values
    if pd.api.types.is_numeric_dtype(values) and not values.isna().all():
        raise ValueError(
            f"The column '{column}' passed to {func} must hold dates. Got numbers "
            f"(dtype {values.dtype}) instead; convert them first, e.g. "
            "pd.to_datetime(df[col].astype(str), format='%Y%m%d') for 20240529."
        )
    try:
        parsed = pd.to_datetime(values, errors="raise")
    except (TypeError, ValueError) as err:
        raise ValueError(
            f"The column '{column}' passed to {func} must hold dates such as "
            f"'2025-06-30'. Got a value pandas cannot read as a date ({err}); fix or "
            "drop that row first."
        ) from None
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)
    elif parsed.dtype == object:  # mixed zones: drop each value's zone the same way
        parsed = pd.to_datetime(
            [v.tz_localize(None) if getattr(v, "tzinfo", None) else v for v in parsed],
            errors="raise",
        )
        parsed = pd.Series(parsed, index=values.index, name=values.name)
    return parsed


def check_no_missing(df: pd.DataFrame, columns: Sequence[str], name: str, func: str) -> None:
    """Raise ValueError when a key or date column holds NaN, NaT or None.

    The message counts the missing values per column and names the fix; nothing is
    dropped silently.
    """
    for col in columns:
        missing = int(df[col].isna().sum())
        if missing:
            raise ValueError(
                f"The column '{col}' of the '{name}' DataFrame passed to {func} must have "
                f"no missing values. Got {missing} missing of {len(df)} rows instead; "
                f"drop or fill them first (e.g. df.dropna(subset=['{col}']))."
            )


def check_finite(
    values: Any,
    name: str,
    func: str,
    *,
    column: str | None = None,
    nonnegative: bool = False,
    allow_missing: bool = False,
) -> np.ndarray:
    """Return ``values`` as a float array after checking each is a finite number.

    ``name`` is the parameter; ``column`` (if given) the column of it being checked.
    Booleans and non-numeric dtypes are refused; inf is always refused; NaN only when
    ``allow_missing`` is False; negatives when ``nonnegative`` is True.
    """
    what = (
        f"The column '{column}' of the '{name}' parameter" if column else f"The '{name}' parameter"
    )
    series = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values).ravel())
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        raise TypeError(
            f"{what} of {func} must be numeric. Got dtype {series.dtype} instead; "
            "convert it with pd.to_numeric."
        )
    array = series.to_numpy(dtype="float64", na_value=np.nan)
    nan = np.isnan(array)
    if nan.any() and not allow_missing:
        raise ValueError(
            f"{what} of {func} must have no missing values. Got {int(nan.sum())} NaN "
            "instead; drop or fill them first."
        )
    inf = np.isinf(array)
    if inf.any():
        raise ValueError(
            f"{what} of {func} must be finite. Got {int(inf.sum())} infinite value(s) "
            "instead; fix or drop those rows."
        )
    if nonnegative and (array[~nan] < 0).any():
        raise ValueError(
            f"{what} of {func} must not be negative. Got {int((array[~nan] < 0).sum())} "
            f"negative value(s) (smallest {array[~nan].min():g}) instead."
        )
    return array


def check_count(value: Any, name: str, func: str, *, low: int = 1, high: int) -> int:
    """Return ``value`` as an int if it is a whole number in ``[low, high]``.

    Every size parameter (bins, bootstrap draws, grid points, periods) has such an
    upper bound, documented in its function's docstring, so that no call allocates
    gigabytes by a slip of the keyboard.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"The '{name}' parameter of {func} must be a whole number from {low} to {high}. "
            f"Got {value!r} ({type(value).__name__}) instead."
        )
    if not low <= int(value) <= high:
        raise ValueError(
            f"The '{name}' parameter of {func} must be from {low} to {high}. Got {value!r} instead."
        )
    return int(value)


def check_number(
    value: Any,
    name: str,
    func: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a finite float inside the given bounds (open or closed)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise TypeError(
            f"The '{name}' parameter of {func} must be a finite number. Got {value!r} instead."
        )
    value = float(value)
    bad_low = low is not None and (value <= low if low_open else value < low)
    bad_high = high is not None and (value >= high if high_open else value > high)
    if bad_low or bad_high:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        span = f"{left}{'-inf' if low is None else low}, {'inf' if high is None else high}{right}"
        raise ValueError(
            f"The '{name}' parameter of {func} must lie in {span}. Got {value!r} instead."
        )
    return value


def align_series(
    left: pd.Series, right: pd.Series, names: tuple[str, str], func: str
) -> tuple[pd.Series, pd.Series]:
    """Return two Series matched by index label, never by position.

    Raises ValueError naming both parameters when their index labels differ (as sets)
    or repeat, since pairing such Series would silently pair the wrong customers.
    """
    for series, param in ((left, names[0]), (right, names[1])):
        if not isinstance(series, pd.Series):
            raise TypeError(
                f"The '{param}' parameter of {func} must be a pandas Series. "
                f"Got {type(series).__name__} instead."
            )
        if not series.index.is_unique:
            raise ValueError(
                f"The '{param}' parameter of {func} must have a unique index (one row per "
                "customer). Got repeated index labels instead."
            )
    if not left.index.equals(right.index):
        if set(left.index) != set(right.index):
            only = len(set(left.index) ^ set(right.index))
            raise ValueError(
                f"The '{names[0]}' and '{names[1]}' parameters of {func} must have the "
                f"same index labels (one value per customer in each). Got {only} label(s) "
                "found in only one of them; align them first, e.g. with "
                f"{names[0]}.align({names[1]}, join='inner')."
            )
        right = right.reindex(left.index)
    return left, right


def check_seed(seed: Any, name: str, func: str) -> int | None:
    """Return ``seed`` if it is None or a non-negative whole number (numpy's seeds)."""
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or int(seed) < 0:
        raise ValueError(
            f"The '{name}' parameter of {func} must be a non-negative whole number (or "
            f"None for fresh randomness). Got {seed!r} instead."
        )
    return int(seed)


# Appended by the engineer splitting crmkit.customers (issue 13): the table checks that
# customer_file, products, rules and retention share.


def check_table(
    obj: Any, name: str, func: str, columns: Sequence[str], fix: str = ""
) -> pd.DataFrame:
    """:func:`check_frame` then :func:`check_columns`, with ``fix`` (e.g. "Load it with
    crmkit.load_dataset('transactions').") appended to the missing-column message."""
    check_frame(obj, name, func)
    try:
        check_columns(obj, columns, name, func)
    except ValueError as err:
        raise ValueError(f"{err} {fix}".rstrip()) from None
    return obj


def check_unique(df: pd.DataFrame, column: str, name: str, func: str) -> None:
    """Raise ValueError when ``column`` (a key such as ``customer_id``) repeats a value."""
    dup = df[column].duplicated(keep=False)
    if dup.any():
        ids = sorted(pd.unique(df.loc[dup, column]).tolist())[:5]
        raise ValueError(
            f"The column '{column}' of the '{name}' parameter of {func} must be unique "
            f"(one row each). Got {int(dup.sum())} rows sharing a value, e.g. {ids}, instead."
        )


def check_known_ids(
    ids: pd.Series, known: pd.Series, name: str, func: str, known_name: str, column: str
) -> None:
    """Raise ValueError when a key of table ``name`` is missing from table ``known_name``
    (e.g. an order of a customer who is not in ``customers``), with up to five examples."""
    unknown = ~ids.isin(known)
    if unknown.any():
        examples = sorted(pd.unique(ids[unknown]).tolist())[:5]
        raise ValueError(
            f"The '{name}' parameter of {func} refers to {int(unknown.sum())} row(s) whose "
            f"'{column}' is not in '{known_name}', e.g. {examples}. Pass the matching "
            f"'{known_name}' table (or remove those rows)."
        )


def check_dates(df: pd.DataFrame, columns: Sequence[str], name: str, func: str) -> pd.DataFrame:
    """``df`` with its date ``columns`` checked and made naive, by the kit's one rule.

    A column that is not ``datetime64`` (naive or zone-aware) raises TypeError naming
    it and the fix (strings are not guessed at); a NaT raises ValueError through
    :func:`check_no_missing`; a zone-aware column has its zone dropped keeping the wall
    time (:func:`to_naive_dates`). Returns ``df`` itself when nothing changes, otherwise
    a copy with the converted columns: the input is never modified.
    """
    changed = {}
    for col in columns:
        values = df[col]
        if not pd.api.types.is_datetime64_any_dtype(values):
            raise TypeError(
                f"The column '{col}' of the '{name}' parameter of {func} must hold dates "
                f"(datetime64). Got dtype {values.dtype} instead; convert it with "
                "pd.to_datetime, or load the table with crmkit.load_dataset."
            )
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            changed[col] = to_naive_dates(values, col, func)
    check_no_missing(df, list(columns), name, func)
    return df.assign(**changed) if changed else df


def check_labelled_tables(value: Any, name: str, func: str, what: str) -> Mapping[str, Any]:
    """``value`` as a non-empty mapping of label -> table (a plot's several curves).

    ``what`` names the function that makes each table, for the message.
    """
    if not isinstance(value, Mapping) or not value:
        raise TypeError(
            f"The '{name}' parameter of {func} must be a non-empty dict of label -> "
            f"{what} table. Got {type(value).__name__} instead."
        )
    return value
