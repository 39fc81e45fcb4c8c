"""Per-student checks of the checks: does a known slip ever equal the right answer?

A hidden test recognises a slip by its value on the student's own data. On some
student's data a slip's value can coincide with the right answer (06 q2's "2023Q4
instead of 2024Q1" does for about 3.5% of ids): that student's slip is then marked
right, and nothing said so. :func:`slip_collisions` runs a question's hidden tests for
every id of a roster with no answer, inside :func:`crmkit.exercises.record_hints`, and
compares each known slip with the right value the check was given (as the checks
compare: numbers to a relative 1e-5, Series label by label). It lists every id where a
slip would pass, so the instructor knows whose grade to read by hand (or changes the
question). Run it with ``python3 kit.py release SET --roster ROSTER.csv``.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from tools.exercises.practice import cell_params, cell_test_function, question_parts
from tools.exercises.sets import ExerciseSet, read_master

COLUMNS = ["set", "question", "student_id", "variable", "slip"]


def hidden_tests(ex: ExerciseSet) -> dict[str, list]:
    """Per question of a set, its hidden test functions with their parameter names."""
    out = {}
    for q in question_parts(read_master(ex)):
        tests = []
        for cell in q["tests"]:
            hidden, params = cell_params(cell)
            if hidden:
                tests.append((cell_test_function(cell.source, f"<{q['name']}>"), params))
        out[q["name"]] = tests
    return out


def slip_collisions(
    ex: ExerciseSet, ids: Iterable[str], questions: Iterable[str] | None = None
) -> pd.DataFrame:
    """The ids for which a known slip of a question equals its right answer.

    Parameters
    ----------
    ex : ExerciseSet
        The set.
    ids : iterable of str
        Student ids (a roster's ``student_id`` column).
    questions : iterable of str, optional
        Questions to check (default all; a question whose hidden test does not read
        ``STUDENT_ID`` is the same for everyone and is skipped).

    Returns
    -------
    pandas.DataFrame
        ``set``, ``question``, ``student_id``, ``variable``, ``slip`` (the hint of the
        slip that would pass): one row per collision; empty when there is none.
    """
    from crmkit.exercises import record_hints
    from crmkit.exercises.chains import _same

    tests = hidden_tests(ex)
    chosen = list(questions) if questions is not None else list(tests)
    rows = []
    for sid in ids:
        for q in chosen:
            for func, params in tests[q]:
                if "STUDENT_ID" not in params:
                    continue
                args = {p: None for p in params} | {"STUDENT_ID": sid}
                with record_hints() as seen, warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    with contextlib.suppress(Exception):  # no answer: every check fails
                        func(**args)
                for record in seen:
                    for wrong, hint in record.hints:
                        if record.expected is not None and _same(wrong, record.expected):
                            rows.append((ex.name, q, sid, record.name, hint))
    return pd.DataFrame(rows, columns=COLUMNS).drop_duplicates(ignore_index=True)


def write_report(table: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, lineterminator="\n")
