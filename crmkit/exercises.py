"""Exercises: what a student's exercise notebook needs at run time.

The exercise sets in the repository's ``exercises/`` folder are otter-grader
notebooks (see ``exercises/README.md``). This module is what they import:

* :func:`student_seed` and :func:`load` give every student their own copy of the
  Lanting Trading Co. world, generated from a seed derived from the student's id,
  so answers differ between students while the questions stay the same. Without an
  id the shipped default world (``crmkit.load_dataset``) is used.
* ``check_*`` helpers are called by the exercises' test cells. Each one raises an
  ``AssertionError`` whose message speaks to the student: what was expected (which
  type, which column, which range, which sign) and, where a common slip is known,
  a hint. They never contain an answer: hidden tests compute the expected value
  from the student's data and pass it in. :func:`builds_on` points a later
  question's failure back to the earlier answer it reuses.
* :func:`check_practice` gives a student immediate right-or-wrong feedback while they
  practise on the shared default data (``STUDENT_ID`` left empty): the release
  command stores only a salted hash (:func:`fingerprint`) of each right answer, never
  the answer or the code that computes it.
* :func:`student_checks` wraps the notebook's otter grader so that ``grader.check``
  shows each failed check's sentence once, without otter's test-code lines.

The instructor's release and grade commands are not part of the package: they live
in the repository's ``tools/exercises/`` and run through ``python3 kit.py release``
and ``python3 kit.py grade``. They collect the hints the hidden tests give with
:func:`record_hints`, a context the checks consult (nothing is replaced).

Examples
--------
>>> student_seed("2025-0042") == student_seed("  2025-0042 ")
True
>>> student_seed("2025-0042") == student_seed("2025-0043")
False
"""

from __future__ import annotations

import contextlib
import contextvars
import decimal
import functools
import hashlib
import math
import numbers
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

__all__ = [
    "HintRecord",
    "builds_on",
    "check_choice",
    "check_close",
    "check_customer_series",
    "check_defined",
    "check_label",
    "check_number",
    "check_practice",
    "check_series",
    "check_series_close",
    "fingerprint",
    "load",
    "normalise_student_id",
    "record_hints",
    "student_checks",
    "student_message",
    "student_seed",
]

#: Relative tolerance of :func:`check_close` and :func:`check_series_close`. Two numbers
#: that agree to :data:`FINGERPRINT_DIGITS` (6) significant digits differ by less than
#: this, so an answer the practice check accepts is never rejected by a hidden test for
#: its last digits.
RTOL = 1e-5

#: How many per-student worlds :func:`load` keeps in memory at once.
_WORLD_CACHE_SIZE = 4


# ---------------------------------------------------------------------------
# Per-student data
# ---------------------------------------------------------------------------
def _id_type_error(func: str, student_id: Any) -> TypeError:
    return TypeError(
        f"The 'student_id' parameter of {func} must be a string, such as \"2025123456\" "
        f'(in quotes), or None / "" for the shipped default data. '
        f"Got {type(student_id).__name__} {student_id!r} instead."
    )


def normalise_student_id(student_id: str | None) -> str:
    """Return the canonical form of a student id.

    Unicode NFKC normalisation (so full-width digits typed with a Chinese input method
    equal ASCII digits), surrounding white space removed, case folded. ``None`` gives
    ``""``.

    Parameters
    ----------
    student_id : str or None
        The id as the student typed it.

    Returns
    -------
    str
        The normalised id; ``""`` means "no id".

    Raises
    ------
    TypeError
        If ``student_id`` is neither a string nor None.

    Examples
    --------
    >>> normalise_student_id(" AB１２３ ")
    'ab123'
    """
    if student_id is None:
        return ""
    if not isinstance(student_id, str):
        raise _id_type_error("normalise_student_id", student_id)
    return unicodedata.normalize("NFKC", student_id).strip().casefold()


def student_seed(student_id: str) -> int:
    """Derive the seed of a student's world from their id.

    The seed is the first four bytes of the SHA-256 digest of the normalised id
    (:func:`normalise_student_id`), read as a big-endian unsigned integer. It is the
    same on every machine and in every Python session (unlike the built-in
    ``hash()``, which is salted per process).

    Parameters
    ----------
    student_id : str
        The student's id, e.g. a student number. Must not be empty.

    Returns
    -------
    int
        A seed in ``[0, 2**32)``, passed to ``crmkit.make_world(seed=...)``.

    Raises
    ------
    TypeError
        If ``student_id`` is not a string.
    ValueError
        If ``student_id`` is empty or only white space.

    Examples
    --------
    >>> student_seed("2025123456")  # int.from_bytes(sha256(b"2025123456").digest()[:4], "big")
    785662486
    """
    if not isinstance(student_id, str):
        raise _id_type_error("student_seed", student_id)
    key = normalise_student_id(student_id)
    if not key:
        raise ValueError(
            "The 'student_id' parameter of student_seed must be a non-empty id such as "
            '"2025123456". Got an empty string instead (an empty id means the shipped '
            "default data: call load(name) without an id)."
        )
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big")


@functools.lru_cache(maxsize=_WORLD_CACHE_SIZE)
def _world_for_seed(seed: int):
    from crmkit.world import make_world

    return make_world(seed=seed)


def _table_names() -> tuple[str, ...]:
    from crmkit.world import TABLES

    return tuple(TABLES)


def load(name: str, student_id: str | None = None) -> pd.DataFrame:
    """Load one table of the CRM world, the student's own version if an id is given.

    Parameters
    ----------
    name : str
        A table of the world: ``customers``, ``products``, ``orders``, ``order_lines``,
        ``transactions``, ``survey``, ``contacts``, ``exits``, ``mailing``, ``branches``
        (columns as in ``crmkit.describe_dataset(name)``).
    student_id : str or None, default None
        The student's id. Non-empty: the table of ``crmkit.make_world(seed=
        student_seed(student_id))``, generated on first use and kept in memory for the
        session. None or ``""``: the shipped default table, ``crmkit.load_dataset(name)``.

    Returns
    -------
    pandas.DataFrame
        A fresh copy each call, so changing it never changes what the next call (or a
        test) sees.

    Raises
    ------
    TypeError
        If ``student_id`` is not a string or None (an id typed without quotes).
    ValueError
        If ``name`` is not a table of the world.

    Examples
    --------
    >>> customers = load("customers", "2025123456")  # doctest: +SKIP
    >>> customers.equals(load("customers", " 2025123456"))  # doctest: +SKIP
    True
    """
    if not isinstance(name, str) or name not in _table_names():
        raise ValueError(
            f"The 'name' parameter of load must be one of {', '.join(_table_names())}. "
            f"Got {name!r} instead."
        )
    if student_id is not None and not isinstance(student_id, str):
        raise _id_type_error("load", student_id)
    key = normalise_student_id(student_id)
    if not key:
        from crmkit.datasets import load_dataset

        return load_dataset(name)
    world = _world_for_seed(student_seed(key))
    return getattr(world, name).copy()


# ---------------------------------------------------------------------------
# Checks used by the exercises' test cells
# ---------------------------------------------------------------------------
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


def check_defined(value: Any, name: str) -> None:
    """Fail if the student has not yet given ``name`` a value.

    Parameters
    ----------
    value : object
        The value of the variable; otter passes None when it is not defined.
    name : str
        The variable's name, as the question spells it.

    Raises
    ------
    AssertionError
        If ``value`` is None (not defined) or the ``...`` placeholder.
    """
    if value is None:
        _fail(
            f"`{name}` has no value yet. Set `{name} = ...` to your answer in the answer "
            f"cell, run that cell (and the cells above it), then check again."
        )
    if value is Ellipsis:
        _fail(
            f"`{name}` still holds the placeholder `...`. Replace the `...` with your "
            f"answer and run the cell again."
        )


def check_number(
    value: Any,
    name: str,
    *,
    kind: str = "number",
    minimum: float | None = None,
    maximum: float | None = None,
    what: str = "",
) -> None:
    """Fail unless ``value`` is a single number of the right kind and range.

    Parameters
    ----------
    value : object
        The student's answer.
    name : str
        The variable's name.
    kind : {"number", "count", "share"}, default "number"
        ``"count"``: a whole number (Python or numpy integer) that is at least 0;
        ``"share"``: a number between 0 and 1 (a fraction, not a percent);
        ``"number"``: any finite number.
    minimum, maximum : float, optional
        Extra bounds, said in the message.
    what : str, optional
        What the number is, in words ("the number of customers"), used in messages.

    Raises
    ------
    AssertionError
        With a message that names the expected type and range.
    ValueError
        If ``kind`` is not one of the three kinds.
    """
    if kind not in {"number", "count", "share"}:
        raise ValueError(
            f"The 'kind' parameter of check_number must be 'number', 'count' or 'share'. "
            f"Got {kind!r} instead."
        )
    check_defined(value, name)
    value = _plain(value)
    about = f" ({what})" if what else ""
    if isinstance(value, (pd.Series, pd.DataFrame, np.ndarray, list, tuple, dict)):
        _fail(
            f"`{name}`{about} should be one single number, but it is {_describe(value)}. "
            f"Pick the one number out of it, for example with len(...), .sum(), .mean() "
            f"or .iloc[0]."
        )
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        _fail(f"`{name}`{about} should be a number, but it is {_describe(value)}.")
    if not math.isfinite(float(value)):
        _fail(
            f"`{name}`{about} is {value}, which is not a finite number: check for an "
            f"empty selection or a division by zero."
        )
    if kind == "count":
        if not isinstance(value, numbers.Integral):
            _fail(
                f"`{name}`{about} is a count, so it should be a whole number (an int), "
                f"but it is {_describe(value)}. Counting with len(...) or .sum() on "
                f"True/False values gives a whole number."
            )
        if value < 0:
            _fail(f"`{name}`{about} is a count, so it cannot be negative; it is {_fmt(value)}.")
    if kind == "share":
        if 1.5 <= value <= 100:
            _fail(
                f"`{name}`{about} is {_fmt(value)}, which looks like a percent. Give the "
                f"share as a fraction between 0 and 1 (for example 0.25, not 25)."
            )
        if not 0 <= value <= 1:
            _fail(
                f"`{name}`{about} is a share, so it must lie between 0 and 1; it is "
                f"{_fmt(value)}. Check the numerator (the part) and the denominator (the "
                f"whole it is a share of)."
            )
    if minimum is not None and value < minimum:
        _fail(f"`{name}`{about} should be at least {_fmt(minimum)}; it is {_fmt(value)}.")
    if maximum is not None and value > maximum:
        _fail(f"`{name}`{about} should be at most {_fmt(maximum)}; it is {_fmt(value)}.")


def _is_close(a: float, b: float, rtol: float, atol: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=rtol, abs_tol=atol)


def check_close(
    value: Any,
    expected: float,
    name: str,
    *,
    rtol: float = RTOL,
    atol: float = 1e-9,
    hints: Iterable[tuple[float, str]] = (),
    what: str = "",
) -> None:
    """Fail unless the number ``value`` equals ``expected`` (up to rounding).

    Parameters
    ----------
    value : number
        The student's answer (call :func:`check_number` first for type messages).
    expected : number
        The answer computed by the test from the student's own data.
    name : str
        The variable's name.
    rtol, atol : float
        Relative and absolute tolerance (:func:`math.isclose`); ``rtol`` defaults to
        :data:`RTOL`.
    hints : iterable of (number, str)
        Known wrong answers and what probably went wrong; when ``value`` matches one,
        its hint is added to the message.
    what : str, optional
        What the number is, in words.

    Raises
    ------
    AssertionError
        Saying the student's value, the expected one, whether the answer is too high
        or too low, and a hint when the slip is recognised.
    """
    hints = list(hints)
    _record(name, hints, expected)
    check_number(value, name, what=what)
    value = _plain(value)
    if _is_close(value, expected, rtol, atol):
        return
    about = f" ({what})" if what else ""
    direction = "higher" if value > expected else "lower"
    yours, right = _fmt_pair(value, expected)
    message = (
        f"`{name}`{about} is {yours}, but computed from your data it should be "
        f"{right}: yours is {direction}."
    )
    for wrong, hint in hints:
        if _is_close(value, wrong, rtol, atol):
            message += f" Hint: {hint}"
            break
    _fail(message)


def check_label(
    value: Any,
    name: str,
    *,
    choices: Sequence[str],
    expected: str | None = None,
    hints: dict[str, str] | None = None,
    what: str = "",
) -> None:
    """Fail unless ``value`` is one of ``choices`` (and equals ``expected`` if given).

    Parameters
    ----------
    value : object
        The student's answer, a string such as ``"North"``.
    name : str
        The variable's name.
    choices : sequence of str
        The allowed labels, listed in the message.
    expected : str, optional
        The right label (hidden tests); None checks only that the label is allowed.
    hints : dict, optional
        Wrong label -> what probably went wrong.
    what : str, optional
        What the label is, in words.

    Raises
    ------
    AssertionError
        Naming the allowed labels, or the student's label and the expected one.
    """
    _record(name, list((hints or {}).items()), expected)
    check_defined(value, name)
    about = f" ({what})" if what else ""
    allowed = ", ".join(repr(c) for c in choices)
    if isinstance(value, (pd.Series, pd.Index, list, tuple)):
        _fail(
            f"`{name}`{about} should be one label (a string) such as {choices[0]!r}, but it "
            f"is {_describe(value)}. Pick the one label out of it, e.g. with .idxmax()."
        )
    if type(value) not in (str, np.str_):  # a subclass of str may lie about equality
        _fail(f"`{name}`{about} should be a string, one of {allowed}; it is {_describe(value)}.")
    if value not in choices:
        _fail(f"`{name}`{about} is {value!r}, which is not one of {allowed}.")
    if expected is not None and value != expected:
        message = (
            f"`{name}`{about} is {value!r}, but computed from your data it should be {expected!r}."
        )
        if hints and value in hints:
            message += f" Hint: {hints[value]}"
        _fail(message)


def check_choice(
    value: Any,
    name: str,
    answer: str,
    why_wrong: dict[str, str],
    *,
    reread: str = "",
) -> None:
    """Fail unless a multiple-choice answer is the right letter; explain a wrong one.

    For concept questions, whose answer is the same for every student: the message
    says why the chosen option is wrong, never which option is right.

    Parameters
    ----------
    value : object
        The student's answer, one lower-case letter.
    name : str
        The variable's name.
    answer : str
        The right letter.
    why_wrong : dict
        Every other letter -> why that option is wrong, in a sentence or two.
    reread : str, optional
        Where in the chapter to read again, e.g. ``"section 2"``.

    Raises
    ------
    AssertionError
        If ``value`` is not one of the letters (via :func:`check_label`) or not
        ``answer``.
    ValueError
        If ``why_wrong`` does not explain every wrong letter (a defect of the test).
    """
    choices = sorted({answer, *why_wrong})
    if answer in why_wrong:
        raise ValueError(
            f"The 'why_wrong' parameter of check_choice explains the right answer "
            f"{answer!r}; give it only the wrong letters."
        )
    letters = f"one letter, {choices[0]} to {choices[-1]}"
    check_label(value, name, choices=choices, what=letters)
    if value != answer:
        again = f" Read {reread} of the chapter again." if reread else ""
        _fail(
            f"`{name}` is {value!r}, which is not the right answer. Why: {why_wrong[value]}{again}"
        )


def check_customer_series(
    value: Any, name: str, *, values: str = "number", index_only: bool = False
) -> None:
    """Fail unless ``value`` is a Series with one entry per customer, indexed by id.

    The form every per-customer answer shares (recency, frequency, a score, a cell
    code): a pandas Series (not a DataFrame), whose index holds whole-number customer
    ids, each once, as ``groupby("customer_id")`` gives.

    Parameters
    ----------
    value : object
        The student's answer.
    name : str
        The variable's name.
    values : {"number", "text"}, default "number"
        ``"number"``: numeric values with none missing; ``"text"``: not numbers.
    index_only : bool, default False
        Check only that it is a Series indexed by customer ids (for a hidden test, whose
        public test has already checked the values).

    Raises
    ------
    AssertionError
        Saying which part of the form is wrong and how to fix it.
    ValueError
        If ``values`` is not one of the two kinds.
    """
    if values not in {"number", "text"}:
        raise ValueError(
            f"The 'values' parameter of check_customer_series must be 'number' or 'text'. "
            f"Got {values!r} instead."
        )
    check_defined(value, name)
    if not isinstance(value, pd.Series):
        extra = (
            " If you built a DataFrame, select its one column, e.g. df['column']."
            if isinstance(value, pd.DataFrame)
            else ""
        )
        _fail(
            f"`{name}` should be a pandas Series (one value per customer, indexed by "
            f"customer_id), but it is {_describe(value)}.{extra}"
        )
    if not pd.api.types.is_integer_dtype(value.index.dtype):
        _fail(
            f"The index of `{name}` should hold the customer ids (whole numbers), as "
            f"groupby('customer_id') gives; it holds values of type {value.index.dtype} "
            f"instead. Did you reset the index?"
        )
    if not value.index.is_unique:
        _fail(f"`{name}` lists some customers more than once; each customer needs one entry.")
    if index_only:
        return
    value = _plain(value)
    if values == "number" and (
        not pd.api.types.is_numeric_dtype(value.dtype) or value.isna().any()
    ):
        _fail(
            f"`{name}` should hold a number for every customer, with no missing values; "
            f"its values are of type {value.dtype} with {int(value.isna().sum())} missing."
        )
    if values == "text" and pd.api.types.is_numeric_dtype(value.dtype):
        _fail(
            f"`{name}` should hold text, but its values are numbers ({value.dtype}); "
            f"turn them into text with .astype(str)."
        )


def check_series(
    value: Any,
    name: str,
    *,
    labels: Sequence[str],
    label_kind: str = "label",
    values: str = "number",
    what: str = "",
) -> None:
    """Fail unless ``value`` is a pandas Series with one number per expected label.

    Parameters
    ----------
    value : object
        The student's answer.
    name : str
        The variable's name.
    labels : sequence of str
        The index labels the Series must have (in any order; categorical labels are
        compared as text).
    label_kind : str, default "label"
        What a label is, in words ("region", "customer type").
    values : {"number", "nonnegative"}, default "number"
        What each value must be.
    what : str, optional
        What the Series holds, in words.

    Raises
    ------
    AssertionError
        Naming what is wrong: the type, missing or extra labels, missing or non-numeric
        values, negative values.
    """
    check_defined(value, name)
    about = f" ({what})" if what else ""
    if isinstance(value, pd.DataFrame):
        _fail(
            f"`{name}`{about} should be a pandas Series (one column of numbers indexed by "
            f"{label_kind}), but it is {_describe(value)}. Select the one column you need, "
            f"e.g. df['revenue'], or group a single column."
        )
    if isinstance(value, dict):
        _fail(
            f"`{name}`{about} should be a pandas Series indexed by {label_kind}, but it is "
            f"a dict. Build it with pandas (groupby) or wrap it: pd.Series(your_dict)."
        )
    if not isinstance(value, pd.Series):
        _fail(
            f"`{name}`{about} should be a pandas Series indexed by {label_kind}, but it is "
            f"{_describe(value)}."
        )
    value = _plain(value)
    got = [str(x) for x in value.index]
    missing = sorted(set(labels) - set(got))
    extra = sorted(set(got) - set(labels))
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing {label_kind} label(s) {missing}")
        if extra:
            more = f" and {len(extra) - 5} more" if len(extra) > 5 else ""
            parts.append(f"unexpected label(s) {extra[:5]}{more}")
        _fail(
            f"`{name}`{about} should have exactly one entry per {label_kind} "
            f"({', '.join(labels)}) as its index; it has {'; '.join(parts)}. Is the "
            f"{label_kind} the index (the result of a groupby on it)?"
        )
    if len(got) != len(set(got)):
        _fail(
            f"`{name}`{about} has some {label_kind} labels more than once; each must appear once."
        )
    if not pd.api.types.is_numeric_dtype(value.dtype) or pd.api.types.is_bool_dtype(value.dtype):
        _fail(f"`{name}`{about} should hold numbers, but its values are of type {value.dtype}.")
    if value.isna().any():
        bad = [str(k) for k in value.index[value.isna()]]
        _fail(
            f"`{name}`{about} has missing values (NaN) for {bad}; every {label_kind} needs a number."
        )
    if values == "nonnegative" and (value < 0).any():
        bad = [str(k) for k in value.index[value < 0]]
        _fail(f"`{name}`{about} should not be negative, but it is for {bad}.")


def check_series_close(
    value: pd.Series,
    expected: pd.Series,
    name: str,
    *,
    rtol: float = RTOL,
    atol: float = 1e-9,
    label_kind: str = "label",
    hints: Iterable[tuple[pd.Series, str]] = (),
    what: str = "",
) -> None:
    """Fail unless the Series ``value`` matches ``expected`` label by label.

    Parameters
    ----------
    value : pandas.Series
        The student's answer (call :func:`check_series` first for type messages).
    expected : pandas.Series
        The answer computed from the student's data; labels are compared as text and
        the order does not matter.
    name : str
        The variable's name.
    rtol, atol : float
        Tolerances, as in :func:`check_close`.
    label_kind : str
        What a label is, in words.
    hints : iterable of (pandas.Series, str)
        Known wrong answers and what probably went wrong.
    what : str, optional
        What the Series holds, in words.

    Raises
    ------
    AssertionError
        Listing, for each wrong label, the student's value and the expected one.
    """
    hints = list(hints)
    _record(name, hints, expected)
    labels = [str(x) for x in expected.index]
    check_series(value, name, labels=labels, label_kind=label_kind, what=what)
    value = _plain(value)

    def by_label(s: pd.Series) -> dict[str, float]:
        return {str(k): float(v) for k, v in s.items()}

    got, want = by_label(value), by_label(expected)
    wrong = [k for k in labels if not _is_close(got[k], want[k], rtol, atol)]
    if not wrong:
        return
    about = f" ({what})" if what else ""
    pairs = {k: _fmt_pair(got[k], want[k]) for k in wrong[:5]}
    details = "; ".join(f"{k}: yours {y}, expected {e}" for k, (y, e) in pairs.items())
    message = (
        f"`{name}`{about} does not match what your data gives for {len(wrong)} of "
        f"{len(labels)} {label_kind}(s): {details}"
        + (f" (the first 5 of {len(wrong)} shown)." if len(wrong) > 5 else ".")
    )
    for wrong_series, hint in hints:
        alt = by_label(wrong_series)
        if set(alt) == set(got) and all(_is_close(got[k], alt[k], rtol, atol) for k in alt):
            message += f" Hint: {hint}"
            break
    _fail(message)


def _same(got: Any, want: Any) -> bool:
    """Whether an earlier answer equals its right value (for :func:`builds_on`)."""
    try:
        got = _plain(got)
        if isinstance(want, pd.Series):
            if not isinstance(got, pd.Series):
                return False
            # labels compared as text (a groupby on a category gives a CategoricalIndex)
            got = got.set_axis(got.index.astype(str))
            want = want.set_axis(want.index.astype(str))
            if got.index.has_duplicates or not set(want.index) <= set(got.index):
                return False
            mine = got.reindex(want.index)
            if pd.api.types.is_numeric_dtype(want.dtype) and not pd.api.types.is_bool_dtype(
                want.dtype
            ):
                return all(_is_close(a, b, RTOL, 1e-9) for a, b in zip(mine, want, strict=True))
            return bool((mine.astype(str) == want.astype(str)).all())
        if isinstance(want, numbers.Real) and not isinstance(want, bool):
            return _is_close(got, want, RTOL, 1e-9)
        return bool(got == want)
    except Exception:
        return False


@contextlib.contextmanager
def builds_on(**earlier: tuple[Any, Any, str]) -> Iterator[None]:
    """Point a failed check to the earlier answers it builds on that are not right yet.

    A hidden test grades against the right inputs, so a slip in an earlier question
    also fails a later one that uses its answer. Wrap the later question's checks::

        with builds_on(m_year=(m_year, m, "question 3")):
            check_close(clv_simple, expected, "clv_simple")

    and when a check inside fails, each earlier answer ``name=(student's value, right
    value, question)`` is compared with its right value (numbers up to :data:`RTOL`; a
    Series label by label on the right value's labels; anything else with ``==``). The
    message of the failure then ends with "Note: this answer uses your `m_year`
    (question 3), which is not right yet; fix question 3 first (see its check)."

    Raises
    ------
    AssertionError
        The failure from inside the block, with the note when it applies.
    """
    try:
        yield
    except AssertionError as error:
        wrong = [(n, q) for n, (got, want, q) in earlier.items() if not _same(got, want)]
        if not wrong:
            raise
        names = " and ".join(f"`{n}`" for n, _ in wrong)
        where = " and ".join(dict.fromkeys(q for _, q in wrong))
        verb, see = ("is", "its check") if len(wrong) == 1 else ("are", "their checks")
        raise AssertionError(
            f"{error} Note: this answer uses your {names} ({where}), which {verb} not "
            f"right yet; fix {where} first (see {see})."
        ) from None


# ---------------------------------------------------------------------------
# Practice checks: right or wrong at once, on the shared default data
# ---------------------------------------------------------------------------
#: Significant digits a number is rounded to before it is hashed.
FINGERPRINT_DIGITS = 6


def _canonical(value: Any) -> str | None:
    """A text form of an answer that equal answers share, or None if not supported."""
    value = _plain(value)
    if isinstance(value, (bool, np.bool_)):
        return f"b:{bool(value)}"
    if isinstance(value, numbers.Real):
        x = float(value)
        if math.isnan(x):
            return "n:nan"
        return f"n:{x + 0.0:.{FINGERPRINT_DIGITS}g}"
    if isinstance(value, str):
        return f"s:{value.strip()}"
    if isinstance(value, pd.Series):
        items = []
        for label, v in value.items():
            item = _canonical(v.item() if isinstance(v, np.generic) else v)
            if item is None:
                return None
            items.append((str(label), item))
        return "S:" + "|".join(f"{k}={v}" for k, v in sorted(items))
    return None


def fingerprint(value: Any, question: str) -> str | None:
    """A salted hash of an answer, for :func:`check_practice`.

    Numbers are rounded to :data:`FINGERPRINT_DIGITS` significant digits (whole
    numbers and decimals alike), text is stripped of surrounding spaces, and a
    Series is compared label by label in any order (labels as text). The question
    name salts the hash, so the same number in two questions hashes differently.

    Parameters
    ----------
    value : object
        A number, a text, True/False or a Series of those.
    question : str
        The question's name (``"q3"``).

    Returns
    -------
    str or None
        16 hexadecimal digits, or None for a value of another kind (a DataFrame, a
        dict, ...), which a practice check cannot compare.

    Examples
    --------
    >>> fingerprint(0.25, "q3") == fingerprint(0.2500000001, "q3")
    True
    >>> fingerprint(0.25, "q3") == fingerprint(0.25, "q4")
    False
    """
    text = _canonical(value)
    if text is None:
        return None
    return hashlib.sha256(f"crmkit|{question}|{text}".encode()).hexdigest()[:16]


def check_practice(
    question: str,
    answers: dict[str, Any],
    student_id: str | None,
    expected: dict[str, str],
    hints: dict[str, dict[str, str]] | None = None,
) -> None:
    """Say at once whether practice answers on the shared default data are right.

    The release command adds one call per question to the public tests, with the
    fingerprints of the right answers on the default data and of the wrong answers
    the hidden tests know a hint for. With a student id the check passes without
    looking (the student's own data has other answers, which only the hidden tests
    compute); with no id it compares fingerprints, and a recognised slip gets its hint
    at once.

    Parameters
    ----------
    question : str
        The question's name (``"q3"``), the fingerprints' salt.
    answers : dict
        Variable name -> the student's value.
    student_id : str or None
        The notebook's ``STUDENT_ID``.
    expected : dict
        Variable name -> :func:`fingerprint` of the right value on the default data.
    hints : dict, optional
        Variable name -> {fingerprint of a known wrong value: what probably went wrong}.

    Raises
    ------
    AssertionError
        If, with no student id, an answer's fingerprint differs from the expected one;
        the message gives the hint when the wrong value is a known one.
    """
    if isinstance(student_id, str) and normalise_student_id(student_id):
        return
    for name, want in expected.items():
        value = answers.get(name)
        if value is None or value is Ellipsis:
            check_defined(value, name)
        got = fingerprint(value, question)
        if got is None:
            # not a number, text or Series: the question's form test says what is wrong
            continue
        if got != want:
            start = (
                f"`{name}` is not the right value for the shared practice data "
                f"(STUDENT_ID is empty)."
            )
            hint = (hints or {}).get(name, {}).get(got)
            if hint:
                _fail(f"{start} Hint: {hint}")
            _fail(
                f"{start} Re-read the question: which table and column, which customers "
                f"or period, net or gross, share or percent, rounded or not (do not "
                f"round); then check each step of your code on a few rows."
            )


# ---------------------------------------------------------------------------
# What grader.check shows the student
# ---------------------------------------------------------------------------
_ERROR_TAIL = re.compile(
    r"Error at line \d+ in test [^\n]*:\n[^\n]*\n(?P<kind>[A-Za-z_][\w.]*): ?(?P<msg>.*)\Z", re.S
)


def student_message(otter_message: str | None) -> str:
    """The sentence a check wrote for the student, out of otter's failure text.

    otter reports a failed test case as "❌ Test case failed", the test's line number
    and source line, then the exception. The student needs only the check's sentence;
    an error that is not an ``AssertionError`` (a check that could not run) is said so.

    Parameters
    ----------
    otter_message : str or None
        ``TestCaseResult.message`` of a failed case (None or "" for a passed one).

    Returns
    -------
    str
        The sentence, or "" for no message.

    Examples
    --------
    >>> student_message(
    ...     "❌ Test case failed\\nError at line 3 in test q1:\\n  check(x)\\n"
    ...     "AssertionError: `x` has no value yet."
    ... )
    '`x` has no value yet.'
    """
    if not otter_message:
        return ""
    m = _ERROR_TAIL.search(otter_message)
    if not m:
        return otter_message.replace("❌ Test case failed", "").strip()
    if m["kind"] == "AssertionError":
        return m["msg"].strip()
    return f"The check could not run on your answer ({m['kind']}: {m['msg'].strip()})."


class CheckReport:
    """What ``grader.check("qN")`` shows: the question and each failed check's sentence once.

    Attributes
    ----------
    question : str
        The question's name.
    messages : tuple of str
        The sentences of the failed public checks, each once, in order (two checks
        that catch one slip give one sentence). Empty when every check passed.
    """

    def __init__(self, question: str, messages: Iterable[str]) -> None:
        self.question = question
        self.messages = tuple(dict.fromkeys(m for m in messages if m))

    @classmethod
    def from_otter(cls, question: str, result: Any) -> CheckReport:
        """Build the report from otter's ``TestFile`` result (None in grading mode)."""
        results = getattr(result, "test_case_results", None) or []
        return cls(
            question,
            [
                student_message(r.message)
                for r in results
                if not r.passed and not r.test_case.hidden
            ],
        )

    @property
    def passed(self) -> bool:
        """Whether every public check passed."""
        return not self.messages

    def __repr__(self) -> str:
        if self.passed:
            return f"{self.question} results: All test cases passed!"
        lines = [f"{self.question} results: not yet."]
        lines += [f"- {m}" for m in self.messages]
        return "\n".join(lines)


class _StudentChecks:
    """An otter ``Notebook`` whose ``check`` returns a :class:`CheckReport`."""

    def __init__(self, notebook: Any) -> None:
        self._notebook = notebook

    def check(self, question: str, global_env: dict[str, Any] | None = None) -> CheckReport:
        if global_env is None:  # the calling cell's namespace, as otter does
            global_env = sys._getframe(1).f_globals
        return CheckReport.from_otter(question, self._notebook.check(question, global_env))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._notebook, name)


def student_checks(notebook: Any) -> Any:
    """Wrap an ``otter.Notebook`` so that ``check`` speaks in the checks' sentences.

    The released notebooks' first cell does
    ``grader = student_checks(otter.Notebook("NN_topic.ipynb"))``: ``grader.check("q1")``
    then runs otter's public tests as before but shows each failed check's sentence
    once (:class:`CheckReport`), without otter's "Error at line ... in test ..." and
    the test's source line. Every other method is otter's own.

    Parameters
    ----------
    notebook : otter.Notebook
        The notebook's grader.

    Returns
    -------
    object
        The wrapped grader.
    """
    return _StudentChecks(notebook)
