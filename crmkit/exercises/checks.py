"""The checks the exercises' test cells call: each fails with a sentence for the student."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit.exercises.messages import (
    RTOL,
    _describe,
    _fail,
    _fmt,
    _fmt_pair,
    _is_close,
    _plain,
    _record,
)


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
