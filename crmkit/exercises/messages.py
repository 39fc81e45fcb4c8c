"""What the checks share: the failure, numbers and values said in words, the tolerance,
and the hint log that :func:`record_hints` opens."""

from __future__ import annotations

import contextlib
import contextvars
import decimal
import math
import numbers
from collections.abc import Iterator
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

#: Relative tolerance of :func:`check_close` and :func:`check_series_close`. Two numbers
#: that agree to :data:`FINGERPRINT_DIGITS` (6) significant digits differ by less than
#: this, so an answer the practice check accepts is never rejected by a hidden test for
#: its last digits.
RTOL = 1e-5


def _fail(message: str) -> None:
    # An explicit raise, not `assert`, so the checks still work under `python -O`.
    raise AssertionError(message)


#: The hint log of the innermost :func:`record_hints` block (None outside one).
_HINT_LOG: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "crmkit_exercises_hint_log", default=None
)


class HintRecord(NamedTuple):
    """One hinted check's call, as :func:`record_hints` records it."""

    name: str
    hints: list[tuple[Any, str]]
    expected: Any


@contextlib.contextmanager
def record_hints() -> Iterator[list[HintRecord]]:
    """Collect the known slips that the hinted checks are given inside the block.

    The release command runs each hidden test on the practice data inside this block
    to learn which wrong values a test knows a hint for, so that the practice check
    can give that hint at once, and to check, per student, that no known slip equals
    the right answer. :func:`check_close`, :func:`check_series_close` and
    :func:`check_label` append a :class:`HintRecord` (``name``, ``hints`` as
    ``[(wrong value, hint), ...]``, ``expected``) to the list the block yields, before
    they check anything; outside a block they record nothing. Nothing is replaced.

    Yields
    ------
    list of HintRecord
        One per hinted check called, in call order.

    Examples
    --------
    >>> from crmkit.exercises import check_close
    >>> with record_hints() as seen:
    ...     check_close(2.0, 2.0, "x", hints=[(3.0, "you added one.")])
    >>> seen
    [HintRecord(name='x', hints=[(3.0, 'you added one.')], expected=2.0)]
    """
    log: list[HintRecord] = []
    token = _HINT_LOG.set(log)
    try:
        yield log
    finally:
        _HINT_LOG.reset(token)


class DataSlip(tuple):
    """A known slip that applies the right rule to other rows (see :func:`data_slip`)."""

    __slots__ = ()


def data_slip(wrong: Any, hint: str) -> DataSlip:
    """Mark a hint's slip as "the right rule on other rows", for the per-student check.

    Most slips compute another quantity (another quarter, another denominator): when
    such a slip's value equals the right answer on a student's data, it is a
    coincidence, and a student who made the slip would be marked right. A *data slip*
    computes the right quantity with a detail that some data do not exercise: rows it
    should have left out or kept (fully returned orders kept, the survey day's own
    orders, a window's last day), a tie rule where no tie decides, a score in weeks
    where rounding splits no tie, a rounded constant or mean whose difference stays
    within the checks' tolerance, a grouping that agrees customer by customer. When its
    value equals the right answer, the detail changes nothing on that student's data:
    the answer is genuinely the same and no point is at stake. The instructor's slip check
    (``tools/exercises/slips.py``) reports the first kind as *would pass* and the second
    as *harmless*. The checks use a data slip like any other hint.

    Parameters
    ----------
    wrong : Any
        The slip's value on the student's data (a number, a Series or a label).
    hint : str
        What probably went wrong, for the student.

    Returns
    -------
    DataSlip
        A ``(wrong, hint)`` pair, to put in a check's ``hints``.

    Examples
    --------
    >>> slip = data_slip(3.0, "you kept the fully returned orders.")
    >>> wrong, hint = slip
    >>> isinstance(slip, DataSlip), wrong
    (True, 3.0)
    """
    return DataSlip((wrong, hint))


def _record(name: str, hints: list[tuple[Any, str]], expected: Any) -> None:
    log = _HINT_LOG.get()
    if log is not None:
        log.append(HintRecord(name, hints, expected))


def _plain(value: Any) -> Any:
    """``value`` with SQL ``Decimal`` numbers made plain Python numbers.

    DuckDB returns a ``DECIMAL`` column's values as :class:`decimal.Decimal` from
    ``fetchone``/``fetchall``; a student who fetches a right answer that way must not
    be marked wrong for its type. A whole Decimal becomes an int, another a float; a
    Series of Decimals (object dtype) becomes a float Series. Anything else is
    returned unchanged.
    """
    if isinstance(value, decimal.Decimal):
        return (
            int(value) if value.is_finite() and value == value.to_integral_value() else float(value)
        )
    if isinstance(value, pd.Series) and value.dtype == object:
        present = value.dropna()
        if len(present) and all(isinstance(v, decimal.Decimal) for v in present):
            return value.astype(float)
    return value


def _fmt(x: Any) -> str:
    """Format a number for a message: thousands separators, a few significant digits."""
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, numbers.Integral):
        return f"{int(x):,}"
    if isinstance(x, numbers.Real):
        x = float(x)
        if not math.isfinite(x):
            return str(x)
        if x != 0 and abs(x) < 1:
            return f"{x:.4f}"
        return f"{x:,.2f}"
    return repr(x)


def _fmt_pair(a: Any, b: Any) -> tuple[str, str]:
    """Format two numbers so that, when they differ, their texts differ too."""
    x, y = _fmt(a), _fmt(b)
    if x == y and a != b:
        x, y = f"{float(a):.10g}", f"{float(b):.10g}"
    return x, y


def _describe(value: Any) -> str:
    """Say in words what a value is, for 'it is ... instead' messages."""
    if value is Ellipsis:
        return "still the placeholder `...`"
    if isinstance(value, pd.DataFrame):
        return f"a pandas DataFrame with {value.shape[0]} rows and {value.shape[1]} columns"
    if isinstance(value, pd.Series):
        return f"a pandas Series of length {len(value)}"
    if isinstance(value, (bool, np.bool_)):
        return f"True/False ({value})"
    if isinstance(value, numbers.Integral):
        return f"a whole number ({_fmt(value)})"
    if isinstance(value, numbers.Real):
        return f"a decimal number ({_fmt(value)})"
    if type(value) in (str, np.str_):
        return f"the text {str(value)!r}"
    if isinstance(value, dict):
        return f"a dict with {len(value)} entries"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    return f"a {type(value).__name__}"


def _is_close(a: float, b: float, rtol: float, atol: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=rtol, abs_tol=atol)
