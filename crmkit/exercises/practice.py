"""Practice checks: right or wrong at once, on the shared default data, from fingerprints."""

from __future__ import annotations

import hashlib
import math
import numbers
from typing import Any

import numpy as np
import pandas as pd

from crmkit.exercises.checks import check_defined
from crmkit.exercises.data import normalise_student_id
from crmkit.exercises.messages import _fail, _plain

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
