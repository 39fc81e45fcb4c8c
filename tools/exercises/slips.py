"""Per-student checks of the checks: does a known slip ever equal the right answer?

A hidden test recognises a slip by its value on the student's own data. On some
student's data a slip's value can coincide with the right answer; a student who made
that slip is then marked right. :func:`slip_collisions` runs every hidden test of a
set for every id of a roster, inside :func:`crmkit.exercises.record_hints`, and
compares each known slip with the right value the check was given (as the checks
compare: numbers to a relative 1e-5, Series label by label, labels as text).

How a test is run without a submission: first with every answer missing; each check
that records its right value then gets it as the answer, and the test runs again, until
it passes (at most :data:`MAX_RUNS` runs). So the checks after the first one of a
test (``m_year`` after ``r_year``) are reached too. A test whose first failing check
records no right value (a form check before the value check, as in set 03) starts again
from the answers of the master's solution, run for that id. A test that still fails is
listed with ``kind`` ``not reached`` instead of being skipped in silence.

Each collision gets a ``kind``:

* ``would pass``: the slip computes another quantity (another quarter, another
  denominator) whose value happens to equal the right one; a student who made the slip
  scores the point. The question must be changed so that this cannot happen (set 06
  question 2 asks for a whole retention curve for this reason), or read by hand.
* ``harmless``: the hint was written with :func:`crmkit.exercises.data_slip`, the right
  rule on rows it should have left out or kept (fully returned orders, the mail date's
  own orders). Equal values mean those rows change nothing on this student's data: the
  answer is genuinely the same and no point is at stake.

Run it with ``python3 kit.py release SET --roster ROSTER.csv`` (``dist/<set>/slips.csv``).
"""

from __future__ import annotations

import contextlib
import copy
import re
import warnings
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from tools.exercises.practice import cell_params, cell_test_function, question_parts, run_cells
from tools.exercises.sets import ExerciseSet, read_master

COLUMNS = ["set", "question", "student_id", "variable", "kind", "slip"]

#: Runs of one hidden test for one id, each filling in the right values found so far.
MAX_RUNS = 8

#: The kinds of :func:`slip_collisions`; ``would pass`` and ``not reached`` are unhandled.
KINDS = ("would pass", "harmless", "not reached")
UNHANDLED = ("would pass", "not reached")


#: The checks that record their right value and slips (:func:`crmkit.exercises.record_hints`).
_HINTED = re.compile(r"\bcheck_(?:close|series_close|label)\(")


def hidden_tests(ex: ExerciseSet) -> dict[str, list]:
    """Per question of a set, its hidden tests: (function, parameter names, how many
    hinted checks its source calls)."""
    out = {}
    for q in question_parts(read_master(ex)):
        tests = []
        for cell in q["tests"]:
            hidden, params = cell_params(cell)
            if hidden:
                func = cell_test_function(cell.source, f"<{q['name']}>")
                tests.append((func, params, len(_HINTED.findall(cell.source))))
        out[q["name"]] = tests
    return out


def _run_filled(
    func, params: list[str], checks: int, student_id: str, answers: dict | None = None
) -> tuple[list, bool]:
    """Run a hidden test with the right values filled in; (records, reached): reached
    when it passed or recorded as many checks as its source calls. ``answers`` (the
    solution's namespace) gives the starting values, else every answer is missing."""
    from crmkit.exercises import record_hints

    answers = answers or {}
    args = {p: answers.get(p) for p in params} | {"STUDENT_ID": student_id}
    for _ in range(MAX_RUNS):
        with record_hints() as seen, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                func(**args)
            except Exception:  # a missing answer fails its check
                pass
            else:
                return seen, True
        if len(seen) >= checks:  # every check recorded: no need to run it again
            return seen, True
        filled = {
            r.name: r.expected
            for r in seen
            if r.name in args and args[r.name] is None and r.expected is not None
        }
        if not filled:
            return seen, False
        args |= filled
    return seen, False


def _solution_answers(ex: ExerciseSet, student_id: str) -> dict:
    """The namespace of the master's solution run for one id (the right answers)."""
    nb = copy.deepcopy(read_master(ex))
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith("STUDENT_ID ="):
            cell.source = f"STUDENT_ID = {student_id!r}"
    return run_cells(nb.cells, stop_on_error=False)


def _collisions(records: list) -> list[tuple[str, str, str]]:
    """(variable, kind, hint) of every recorded slip equal to its right value."""
    from crmkit.exercises import DataSlip
    from crmkit.exercises.chains import _same

    out = []
    for record in records:
        if record.expected is None:
            continue
        for pair in record.hints:
            wrong, hint = pair
            if _same(wrong, record.expected):
                kind = "harmless" if isinstance(pair, DataSlip) else "would pass"
                out.append((record.name, kind, hint))
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
        ``set``, ``question``, ``student_id``, ``variable``, ``kind`` (``would pass``,
        ``harmless`` or ``not reached``, see the module docstring) and ``slip`` (the
        hint of the slip): one row per collision, and one row per (question, id) whose
        checks could not all be reached; empty when there is none.
    """
    tests = hidden_tests(ex)
    chosen = list(questions) if questions is not None else list(tests)
    unknown = sorted(set(chosen) - set(tests))
    if unknown:
        raise ValueError(
            f"The 'questions' parameter of slip_collisions must name questions of "
            f"{ex.name} ({', '.join(tests)}). Got {', '.join(unknown)} instead."
        )
    rows, solutions = [], {}
    for sid in ids:
        for q in chosen:
            for func, params, checks in tests[q]:
                if "STUDENT_ID" not in params:
                    continue
                with contextlib.redirect_stdout(None):
                    records, reached = _run_filled(func, params, checks, sid)
                    if not reached:  # a form check first: start from the solution's answers
                        if sid not in solutions:
                            solutions = {sid: _solution_answers(ex, sid)}
                        records, reached = _run_filled(func, params, checks, sid, solutions[sid])
                if not reached:
                    rows.append(
                        (ex.name, q, sid, "", "not reached", "a check records no right value")
                    )
                rows += [(ex.name, q, sid, *hit) for hit in _collisions(records)]
    return pd.DataFrame(rows, columns=COLUMNS).drop_duplicates(ignore_index=True)


def summary(table: pd.DataFrame, n_ids: int) -> pd.DataFrame:
    """Ids per (question, kind) of a :func:`slip_collisions` table, out of ``n_ids``.

    Returns
    -------
    pandas.DataFrame
        ``question``, ``kind``, ``ids`` (distinct ids), ``share`` (of ``n_ids``).
    """
    counts = table.groupby(["question", "kind"])["student_id"].nunique().rename("ids").reset_index()
    counts["share"] = counts["ids"] / n_ids if n_ids else 0.0
    return counts


def write_report(table: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, lineterminator="\n")
