"""Practice checks: fingerprints of the right answers (and of known slips) on the
shared default data, added to the student notebook at release.

See :func:`crmkit.exercises.check_practice`, which the added cells call.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import io
import re
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from tools.exercises.sets import ID_VARIABLE

_DISPLAY_OPTIONS = (
    "display.precision",
    "display.max_columns",
    "display.max_rows",
    "display.width",
    "display.max_colwidth",
)
_OTTER_CELL = re.compile(r"^\s*(# Initialize Otter|grader\.check)")


def is_otter_cell(source: str) -> bool:
    """Whether a code cell is otter's own (the init cell or a ``grader.check`` call)."""
    return bool(_OTTER_CELL.match(source))


def run_cells(cells: Iterable[Any], *, stop_on_error: bool = True) -> dict[str, Any]:
    """Execute code cells in one fresh namespace, in this process; return it.

    Cells of otter's own (the init cell, ``grader.check(...)``) are skipped; plots
    are drawn on a non-interactive backend and pandas display options are restored
    afterwards. With ``stop_on_error=False`` an error in a cell does not stop the
    next cells, as in a grading run. Only for the instructor's own masters: a
    student's submission is run by :mod:`tools.exercises.sandbox`, never here.
    """
    import matplotlib

    env: dict[str, Any] = {"__name__": "__main__"}
    saved = {k: pd.get_option(k) for k in _DISPLAY_OPTIONS}
    backend = matplotlib.get_backend()
    matplotlib.use("Agg")
    try:
        with matplotlib.rc_context(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for cell in cells:
                if cell.cell_type != "code" or is_otter_cell(cell.source):
                    continue
                try:
                    exec(compile(cell.source, "<cell>", "exec"), env)
                except Exception:
                    if stop_on_error:
                        raise
    finally:
        for k, v in saved.items():
            pd.set_option(k, v)
        matplotlib.use(backend)
    return env


def marker(cell: Any) -> str:
    """The first line of a cell, upper case (otter's ``# BEGIN ...`` markers)."""
    return cell.source.strip().splitlines()[0].strip().upper() if cell.source.strip() else ""


def question_parts(nb) -> list[dict[str, Any]]:
    """Per question of a master: its name, test cells, and the index of END TESTS."""
    import yaml

    questions, current, in_tests = [], None, False
    for i, cell in enumerate(nb.cells):
        mark = marker(cell) if cell.cell_type == "raw" else ""
        if mark == "# BEGIN QUESTION":
            meta = yaml.safe_load("\n".join(cell.source.splitlines()[1:])) or {}
            current = {"name": str(meta.get("name")), "tests": [], "end_tests": None}
            questions.append(current)
        elif mark == "# BEGIN TESTS":
            in_tests = True
        elif mark == "# END TESTS":
            in_tests = False
            if current is not None:
                current["end_tests"] = i
        elif in_tests and cell.cell_type == "code" and current is not None:
            current["tests"].append(cell)
    return questions


def cell_params(cell: Any) -> tuple[bool, list[str]]:
    """(hidden?, parameter names) of the test function in a test cell."""
    tree = ast.parse(cell.source)
    params = [
        a.arg for node in tree.body if isinstance(node, ast.FunctionDef) for a in node.args.args
    ]
    return marker(cell) == "# HIDDEN", params


def cell_test_function(source: str, where: str = "<test>"):
    """Define the ``test_*`` function of a test cell's source and return it."""
    space: dict[str, Any] = {}
    exec(compile(source, where, "exec"), space)
    return next(v for k, v in space.items() if k.startswith("test_") and callable(v))


def practice_hints(
    question: str, tests: Sequence[Any], env: dict[str, Any], right: dict[str, str]
) -> dict[str, dict[str, str]]:
    """The hints a question's hidden tests give on the practice data, by fingerprint.

    Each hidden test is run on the solved practice namespace inside
    :func:`crmkit.exercises.record_hints`, which collects every ``(wrong value, hint)``
    the hinted checks (``check_close``, ``check_series_close``, ``check_label``) are
    given. A wrong value is kept by its fingerprint under the variable it is a wrong
    answer for (the check's ``name``), unless it equals the right answer there. Hints
    a hidden test writes in its own code (an ``if`` and a message) are not seen.
    """
    from crmkit.exercises import fingerprint, record_hints

    with record_hints() as seen:
        for cell in tests:
            hidden, params = cell_params(cell)
            if not hidden:
                continue
            func = cell_test_function(cell.source, "<hidden test>")
            with contextlib.suppress(Exception), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the solution passes; a miss is harmless
                func(*[env.get(p) for p in params])
    out: dict[str, dict[str, str]] = {}
    for name, hints, _ in seen:
        if name not in right:
            continue
        for wrong, text in hints:
            fp = fingerprint(wrong, question)
            if fp is not None and fp != right[name]:
                out.setdefault(name, {}).setdefault(fp, text)
    return out


def solve_on_practice_data(nb) -> dict[str, Any]:
    """Run a master's code (not its tests) with an empty id; return the namespace.

    Raises
    ------
    RuntimeError
        If the master's solution does not run on the default data.
    """
    import nbformat

    code, in_tests = [], False
    for cell in nb.cells:
        mark = marker(cell) if cell.cell_type == "raw" else ""
        in_tests = {"# BEGIN TESTS": True, "# END TESTS": False}.get(mark, in_tests)
        if cell.cell_type == "code" and not in_tests:
            if cell.source.startswith(f"{ID_VARIABLE} ="):
                cell = nbformat.v4.new_code_cell(f'{ID_VARIABLE} = ""')
            code.append(cell)
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # the solution's own prints
            return run_cells(code)
    except Exception as exc:
        raise RuntimeError(
            f"The master's solution fails on the default data ({type(exc).__name__}: {exc}); "
            "fix the master before releasing."
        ) from exc


def practice_cell_source(
    question: str, prints: dict[str, str], hints: dict[str, dict[str, str]]
) -> str:
    """The public test cell that calls ``check_practice`` for one question.

    The fingerprints are named first, so that the line otter quotes when the check
    fails is the short call, not the tables.
    """
    args = ", ".join([*prints, ID_VARIABLE])
    answers = ", ".join(f"{n!r}: {n}" for n in prints)
    return (
        f"def test_{question}_practice({args}):\n"
        "    from crmkit.exercises import check_practice\n\n"
        f"    right = {prints!r}\n"
        f"    slips = {hints!r}\n"
        f"    check_practice({question!r}, {{{answers}}}, {ID_VARIABLE}, right, slips)"
    )


def add_practice_checks(nb):
    """Add a public practice check to every question on the student's own data.

    For each question whose hidden tests read ``STUDENT_ID``, the variables those
    tests and its public tests both take are fingerprinted on the solved practice
    data (:func:`crmkit.exercises.fingerprint`) and a public test cell calling
    :func:`crmkit.exercises.check_practice` is inserted before END TESTS. A question
    whose answer cannot be fingerprinted (a DataFrame, say), or whose tests take the
    whole namespace (``env``), gets none.

    Returns
    -------
    nbformat.NotebookNode
        A copy with the practice cells added.
    """
    import nbformat

    from crmkit.exercises import fingerprint

    nb = copy.deepcopy(nb)
    env = solve_on_practice_data(nb)
    inserts = []
    for q in question_parts(nb):
        params = list(map(cell_params, q["tests"]))
        hidden_params = [p for hidden, ps in params if hidden for p in ps]
        public_params = {p for hidden, ps in params if not hidden for p in ps}
        if ID_VARIABLE not in hidden_params or "env" in hidden_params:
            continue
        # the question's own answers: what its hidden tests grade and its form tests
        # check (a hidden test may also read an earlier answer, not this question's)
        names = sorted((set(hidden_params) & public_params) - {ID_VARIABLE})
        prints = {n: fingerprint(env.get(n), q["name"]) for n in names}
        prints = {n: fp for n, fp in prints.items() if fp is not None}
        if not prints or q["end_tests"] is None:
            continue
        hints = practice_hints(q["name"], q["tests"], env, prints)
        source = practice_cell_source(q["name"], prints, hints)
        inserts.append((q["end_tests"], nbformat.v4.new_code_cell(source)))
    for index, cell in sorted(inserts, key=lambda t: t[0], reverse=True):
        nb.cells.insert(index, cell)
    return nb
