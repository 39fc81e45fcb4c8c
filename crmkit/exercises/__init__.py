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

from crmkit.exercises.chains import builds_on
from crmkit.exercises.checks import (
    check_choice,
    check_close,
    check_customer_series,
    check_defined,
    check_label,
    check_number,
    check_series,
    check_series_close,
)
from crmkit.exercises.data import load, normalise_student_id, student_seed
from crmkit.exercises.messages import RTOL, DataSlip, HintRecord, data_slip, record_hints
from crmkit.exercises.practice import FINGERPRINT_DIGITS, check_practice, fingerprint
from crmkit.exercises.report import CheckReport, student_checks, student_message

__all__ = [
    "FINGERPRINT_DIGITS",
    "RTOL",
    "CheckReport",
    "DataSlip",
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
    "data_slip",
    "fingerprint",
    "load",
    "normalise_student_id",
    "record_hints",
    "student_checks",
    "student_message",
    "student_seed",
]
