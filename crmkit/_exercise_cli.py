"""The instructor's exercise commands: release and grade (otter-grader, no Docker).

Run as ``python -m crmkit.exercises release`` and ``python -m crmkit.exercises grade``;
``exercises/README.md`` is the guide. Layout (discovered, nothing to register)::

    exercises/
        README.md                     instructor guide (and a word to students)
        00_getting_started.ipynb      released student notebook (committed)
        _masters/00_getting_started.py  master: questions, solutions, public and
                                        hidden tests (jupytext py:percent, or .ipynb)
        dist/00_getting_started/      release output, git-ignored: autograder zip,
                                        solution notebook
        _graded/00_getting_started/   default grading output, git-ignored

A set is one master file in ``exercises/_masters/``; its stem is the set's name.
Release prepends the standard otter assignment configuration (:data:`BASE_CONFIG`;
a master may override keys in its own ``# ASSIGNMENT CONFIG`` raw cell), runs
``otter assign`` and normalises the student notebook (cell ids, metadata) so that
the committed file is byte-identical to a fresh release.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

#: Repository root (the folder holding ``crmkit/`` and ``exercises/``).
ROOT = Path(__file__).resolve().parents[1]
#: Where masters live inside the exercises folder.
MASTERS = "_masters"
#: The variable a student sets at the top of every set.
ID_VARIABLE = "STUDENT_ID"

#: otter-assign configuration every set starts from. Tests are exception-based
#: Python functions stored in the notebook metadata (one file for the student);
#: hidden test results are shown on Gradescope once grades are published.
BASE_CONFIG: dict[str, Any] = {
    "init_cell": True,
    "check_all_cell": False,
    "export_cell": False,
    "solutions_pdf": False,
    "template_pdf": False,
    "show_question_points": True,
    "tests": {"files": False, "ok_format": False},
    "generate": {"pdf": False, "show_hidden": True, "show_stdout": False},
}

_CONFIG_CELL = re.compile(r"#\s+assignment\s+config\s*", re.IGNORECASE)
# Cell metadata kept in the student notebook; everything else (jupytext's
# lines_to_next_cell and the like) is dropped so releases are reproducible.
_KEEP_CELL_METADATA = ("deletable", "editable", "tags", "otter")


def _exercises_root(root: Path | None) -> Path:
    path = Path(root) if root is not None else ROOT / "exercises"
    if not path.is_dir():
        raise ValueError(
            f"The 'exercises_dir' parameter must be an existing folder holding "
            f"{MASTERS}/. Got {str(path)!r}, which does not exist."
        )
    return path


@dataclass(frozen=True)
class ExerciseSet:
    """One exercise set: its name and where its files are.

    Attributes
    ----------
    name : str
        The master's file stem, e.g. ``"00_getting_started"``.
    master : pathlib.Path
        The master notebook (``.py`` percent or ``.ipynb``).
    student : pathlib.Path
        The released student notebook, ``exercises/<name>.ipynb``.
    """

    name: str
    master: Path
    student: Path


def find_sets(exercises_dir: str | Path | None = None) -> list[ExerciseSet]:
    """List the exercise sets: one per master file in ``exercises/_masters/``.

    Parameters
    ----------
    exercises_dir : str or Path, optional
        The exercises folder; default the repository's ``exercises/``.

    Returns
    -------
    list of ExerciseSet
        Sorted by name.

    Raises
    ------
    ValueError
        If the folder does not exist, or one set has both a ``.py`` and an ``.ipynb``
        master.
    """
    root = _exercises_root(exercises_dir and Path(exercises_dir))
    masters = sorted(
        p
        for p in (root / MASTERS).glob("*")
        if p.suffix in {".py", ".ipynb"} and not p.name.startswith((".", "_"))
    )
    sets: dict[str, ExerciseSet] = {}
    for path in masters:
        if path.stem in sets:
            raise ValueError(
                f"Exercise set {path.stem!r} has two masters ({sets[path.stem].master.name} "
                f"and {path.name}); keep one."
            )
        sets[path.stem] = ExerciseSet(path.stem, path, root / f"{path.stem}.ipynb")
    return [sets[k] for k in sorted(sets)]


def get_set(name: str, exercises_dir: str | Path | None = None) -> ExerciseSet:
    """Return the set called ``name``, or raise ValueError naming the sets there are."""
    sets = {s.name: s for s in find_sets(exercises_dir)}
    if name not in sets:
        raise ValueError(
            f"The 'set' parameter must name an exercise set, one of {sorted(sets)}. "
            f"Got {name!r} instead."
        )
    return sets[name]


# ---------------------------------------------------------------------------
# Release
# ---------------------------------------------------------------------------
def _deep_merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def read_master(ex: ExerciseSet, extra_config: dict | None = None):
    """Read a master as an otter-assign notebook with the standard configuration.

    Parameters
    ----------
    ex : ExerciseSet
        The set.
    extra_config : dict, optional
        Keys merged over the configuration (release uses it for the bundled wheel).

    Returns
    -------
    nbformat.NotebookNode
        The master with its ``# ASSIGNMENT CONFIG`` raw cell first: :data:`BASE_CONFIG`,
        then the master's own keys, then ``extra_config``, and ``name`` = the set name.
    """
    import jupytext
    import nbformat
    import yaml

    if ex.master.suffix == ".py":
        nb = jupytext.read(ex.master, fmt="py:percent")
    else:
        nb = nbformat.read(ex.master, as_version=4)
    config = copy.deepcopy(BASE_CONFIG)
    cells = []
    for cell in nb.cells:
        lines = cell.source.splitlines()
        if cell.cell_type == "raw" and lines and _CONFIG_CELL.match(lines[0]):
            own = yaml.safe_load("\n".join(lines[1:])) or {}
            config = _deep_merge(config, own)
        else:
            cells.append(cell)
    config = _deep_merge(config, extra_config or {})
    config["name"] = ex.name
    text = "# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=True).rstrip()
    nb.cells = [nbformat.v4.new_raw_cell(text), *cells]
    nb.metadata.pop("jupytext", None)
    return nb


# ---------------------------------------------------------------------------
# Practice checks (see crmkit.exercises.check_practice)
# ---------------------------------------------------------------------------
_DISPLAY_OPTIONS = (
    "display.precision",
    "display.max_columns",
    "display.max_rows",
    "display.width",
    "display.max_colwidth",
)


def run_cells(cells: Iterable[Any], *, stop_on_error: bool = True) -> dict[str, Any]:
    """Execute code cells in one fresh namespace, in this process; return it.

    Cells of otter's own (the init cell, ``grader.check(...)``) are skipped; plots
    are drawn on a non-interactive backend and pandas display options are restored
    afterwards. With ``stop_on_error=False`` an error in a cell does not stop the
    next cells, as in otter's grading run.
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
                if cell.cell_type != "code" or _OTTER_CELL.match(cell.source):
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


_OTTER_CELL = re.compile(r"^\s*(# Initialize Otter|grader\.check)")


def _marker(cell: Any) -> str:
    return cell.source.strip().splitlines()[0].strip().upper() if cell.source.strip() else ""


def _question_parts(nb) -> list[dict[str, Any]]:
    """Per question of a master: its name, test cells, and the index of END TESTS."""
    import yaml

    questions, current, in_tests = [], None, False
    for i, cell in enumerate(nb.cells):
        mark = _marker(cell) if cell.cell_type == "raw" else ""
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


def _test_params(cell: Any) -> tuple[bool, list[str]]:
    """(hidden?, parameter names) of the test function in a test cell."""
    tree = ast.parse(cell.source)
    params = [
        a.arg for node in tree.body if isinstance(node, ast.FunctionDef) for a in node.args.args
    ]
    return _marker(cell) == "# HIDDEN", params


#: The checks whose ``hints`` (known wrong answers and what went wrong) are collected
#: for the practice checks. Hints a hidden test writes in its own code (an ``if`` and
#: a message) are not seen: those slips get the general practice message.
_HINTED_CHECKS = ("check_close", "check_series_close", "check_label")


def _practice_hints(
    question: str, tests: Sequence[Any], env: dict[str, Any], right: dict[str, str]
) -> dict[str, dict[str, str]]:
    """The hints a question's hidden tests give on the practice data, by fingerprint.

    Each hidden test is run on the solved practice namespace with the hinted checks
    of :mod:`crmkit.exercises` wrapped, so that every ``(wrong value, hint)`` they are
    given is seen. A wrong value is kept by its fingerprint under the variable it is a
    wrong answer for (the check's ``name``), unless it equals the right answer there.
    """
    import inspect

    import crmkit.exercises as ex

    seen: list[tuple[str, list[tuple[Any, str]]]] = []
    originals = {n: getattr(ex, n) for n in _HINTED_CHECKS}

    def recorder(original):
        signature = inspect.signature(original)

        def check(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            hints = bound.arguments.get("hints") or ()
            if isinstance(hints, dict):  # check_label: {wrong label: hint}
                seen.append((bound.arguments["name"], list(hints.items())))
            else:  # a list, or an iterator that can be read only once
                hints = list(hints)
                bound.arguments["hints"] = hints
                seen.append((bound.arguments["name"], hints))
            return original(*bound.args, **bound.kwargs)

        return check

    try:
        for n, original in originals.items():
            setattr(ex, n, recorder(original))
        for cell in tests:
            hidden, params = _test_params(cell)
            if not hidden:
                continue
            space: dict[str, Any] = {}
            exec(compile(cell.source, "<hidden test>", "exec"), space)
            func = next(v for k, v in space.items() if k.startswith("test_") and callable(v))
            with contextlib.suppress(Exception), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the solution passes; a miss is harmless
                func(*[env.get(p) for p in params])
    finally:
        for n, original in originals.items():
            setattr(ex, n, original)
    out: dict[str, dict[str, str]] = {}
    for name, hints in seen:
        if name not in right:
            continue
        for wrong, text in hints:
            fp = ex.fingerprint(wrong, question)
            if fp is not None and fp != right[name]:
                out.setdefault(name, {}).setdefault(fp, text)
    return out


def add_practice_checks(nb):
    """Add a public practice check to every question on the student's own data.

    The master's code (not its tests) is run in this process with an empty student
    id, on the shipped default data. For each question whose hidden tests read
    ``STUDENT_ID``, the variables those tests and its public tests both take are
    fingerprinted
    (:func:`crmkit.exercises.fingerprint`) and a public test cell is inserted that
    calls :func:`crmkit.exercises.check_practice` with the fingerprints. A question
    whose answer cannot be fingerprinted (a DataFrame, say), or whose tests take
    the whole namespace (``env``), gets no practice check.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An otter master (as :func:`read_master` returns it).

    Returns
    -------
    nbformat.NotebookNode
        A copy with the practice cells added.

    Raises
    ------
    RuntimeError
        If the master's solution does not run on the default data.
    """
    import nbformat

    from crmkit.exercises import fingerprint

    nb = copy.deepcopy(nb)
    code = []
    in_tests = False
    for cell in nb.cells:
        mark = _marker(cell) if cell.cell_type == "raw" else ""
        in_tests = {"# BEGIN TESTS": True, "# END TESTS": False}.get(mark, in_tests)
        if cell.cell_type == "code" and not in_tests:
            if cell.source.startswith(f"{ID_VARIABLE} ="):
                cell = nbformat.v4.new_code_cell(f'{ID_VARIABLE} = ""')
            code.append(cell)
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # the solution's own prints
            env = run_cells(code)
    except Exception as exc:
        raise RuntimeError(
            f"The master's solution fails on the default data ({type(exc).__name__}: {exc}); "
            "fix the master before releasing."
        ) from exc
    inserts = []
    for q in _question_parts(nb):
        params = list(map(_test_params, q["tests"]))
        hidden_params = [p for hidden, ps in params if hidden for p in ps]
        public_params = {p for hidden, ps in params if not hidden for p in ps}
        if ID_VARIABLE not in hidden_params or "env" in hidden_params:
            continue
        # the question's own answers: what its hidden tests grade and its form tests
        # check (a hidden test may also read an earlier answer, which is not this
        # question's to judge)
        names = sorted((set(hidden_params) & public_params) - {ID_VARIABLE})
        prints = {n: fingerprint(env.get(n), q["name"]) for n in names}
        prints = {n: fp for n, fp in prints.items() if fp is not None}
        if not prints or q["end_tests"] is None:
            continue
        args = ", ".join([*prints, ID_VARIABLE])
        answers = ", ".join(f"{n!r}: {n}" for n in prints)
        hints = _practice_hints(q["name"], q["tests"], env, prints)
        # the fingerprints are named first, so that the line otter quotes when the
        # check fails is the short call, not the tables
        source = (
            f"def test_{q['name']}_practice({args}):\n"
            "    from crmkit.exercises import check_practice\n\n"
            f"    right = {prints!r}\n"
            f"    slips = {hints!r}\n"
            f"    check_practice({q['name']!r}, {{{answers}}}, {ID_VARIABLE}, right, slips)"
        )
        inserts.append((q["end_tests"], nbformat.v4.new_code_cell(source)))
    for index, cell in sorted(inserts, key=lambda t: t[0], reverse=True):
        nb.cells.insert(index, cell)
    return nb


def normalise_notebook(nb):
    """Make a released notebook reproducible: fixed cell ids, no outputs, lean metadata.

    Cell ids become ``c000``, ``c001``, ...; cell metadata keeps only
    ``deletable``/``editable``/``tags``/``otter``; notebook metadata keeps the
    kernelspec and otter's block (assignment name, public tests).
    """
    import nbformat

    nb = copy.deepcopy(nb)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i:03d}"
        cell["metadata"] = {k: cell.metadata[k] for k in _KEEP_CELL_METADATA if k in cell.metadata}
        if cell.cell_type == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    nb.metadata = nbformat.from_dict(
        {
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            },
            "language_info": {"name": "python"},
            "otter": nb.metadata.get("otter", {}),
        }
    )
    nb.nbformat, nb.nbformat_minor = 4, 5
    nbformat.validate(nb)
    return nb


def _write_notebook(nb, path: Path) -> None:
    import nbformat

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8", newline="\n")


def build_wheel(dest: Path) -> Path:
    """Build the crmkit wheel (``pip wheel --no-deps``) into ``dest``; return its path."""
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    proc = subprocess.run([*cmd, "-w", str(dest), str(ROOT)], capture_output=True, text=True)
    wheels = sorted(dest.glob("crmkit-*.whl"))
    if proc.returncode != 0 or not wheels:
        raise RuntimeError(f"Building the crmkit wheel failed:\n{proc.stdout}\n{proc.stderr}")
    return wheels[-1]


def _quiet_otter():
    """Silence otter's and the kernel's chatter on stdout/stderr."""
    stack = contextlib.ExitStack()
    stack.enter_context(contextlib.redirect_stdout(io.StringIO()))
    stack.enter_context(contextlib.redirect_stderr(io.StringIO()))
    return stack


def release(
    sets: Iterable[str] | None = None,
    *,
    exercises_dir: str | Path | None = None,
    dist_dir: str | Path | None = None,
    student_dir: str | Path | None = None,
    check: bool = False,
    wheel: bool = True,
) -> list[dict[str, Path]]:
    """Run ``otter assign`` on masters; write student notebooks and autograder zips.

    Parameters
    ----------
    sets : iterable of str, optional
        Set names; default every set in ``exercises/_masters/``.
    exercises_dir : str or Path, optional
        The exercises folder; default the repository's ``exercises/``.
    dist_dir : str or Path, optional
        Where to put each set's ``<name>/<name>-autograder.zip`` and
        ``<name>-solution.ipynb``; default ``<exercises_dir>/dist`` (git-ignored).
    student_dir : str or Path, optional
        Where to write the student notebooks ``<name>.ipynb``; default
        ``exercises_dir`` itself (the committed location). Tests pass a temporary folder.
    check : bool, default False
        Also let otter grade the solution notebook with the autograder (one Jupyter
        kernel per set) and fail unless it scores full marks.
    wheel : bool, default True
        Build the crmkit wheel and bundle it in each autograder zip, listed in its
        requirements, so that Gradescope's image can install crmkit offline.

    Returns
    -------
    list of dict
        Per set: ``name``, ``student`` (notebook path), ``autograder`` (zip path),
        ``solution`` (solution notebook path).
    """
    import nbformat
    import otter.assign

    root = _exercises_root(exercises_dir and Path(exercises_dir))
    dist = Path(dist_dir) if dist_dir is not None else root / "dist"
    students = Path(student_dir) if student_dir is not None else root
    chosen = find_sets(root)
    if sets is not None:
        wanted = list(sets)
        chosen = [get_set(name, root) for name in wanted]
    out = []
    with tempfile.TemporaryDirectory(prefix="crmkit-release-") as tmp:
        tmp = Path(tmp)
        wheel_path = build_wheel(tmp / "wheel") if wheel else None
        for ex in chosen:
            work = tmp / ex.name
            work.mkdir()
            extra: dict[str, Any] = {}
            if wheel_path is not None:
                shutil.copy(wheel_path, work / wheel_path.name)
                extra = {
                    "autograder_files": [wheel_path.name],
                    # otter stores autograder_files under files/ in the zip, which
                    # Gradescope unpacks into /autograder/source before setup.sh runs.
                    "requirements": [f"/autograder/source/files/{wheel_path.name}"],
                }
            master = work / f"{ex.name}.ipynb"
            _write_notebook(add_practice_checks(read_master(ex, extra)), master)
            with _quiet_otter():
                otter.assign.main(
                    str(master), str(work / "out"), no_pdfs=True, no_run_tests=not check
                )
            student = nbformat.read(work / "out" / "student" / master.name, as_version=4)
            student_path = students / f"{ex.name}.ipynb"
            _write_notebook(normalise_notebook(student), student_path)
            target = dist / ex.name
            target.mkdir(parents=True, exist_ok=True)
            (zip_path,) = (work / "out" / "autograder").glob("*-autograder_*.zip")
            ag_zip = target / f"{ex.name}-autograder.zip"
            shutil.copy(zip_path, ag_zip)
            solution = target / f"{ex.name}-solution.ipynb"
            shutil.copy(work / "out" / "autograder" / master.name, solution)
            out.append(
                {
                    "name": ex.name,
                    "student": student_path,
                    "autograder": ag_zip,
                    "solution": solution,
                }
            )
    return out


# ---------------------------------------------------------------------------
# Grade
# ---------------------------------------------------------------------------
def _natural_key(name: str) -> list:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def read_autograder_tests(autograder: str | Path) -> dict[str, dict[str, Any]]:
    """Read the questions of an autograder zip: name -> possible points and test cases.

    Returns
    -------
    dict
        Question name (natural order: q1, q2, ..., q10) -> ``{"possible": float,
        "cases": [{"name": str, "hidden": bool, "practice": bool}, ...]}``
        (``practice``: the release's practice check, see :func:`add_practice_checks`).
    """
    from otter.test_files import ExceptionTestFile

    questions = {}
    with zipfile.ZipFile(autograder) as zf:
        for item in zf.namelist():
            if item.startswith("tests/") and item.endswith(".py"):
                tf = ExceptionTestFile.from_string(zf.read(item).decode("utf-8"), path=item)
                questions[tf.name] = {
                    "possible": float(tf.possible),
                    "cases": [
                        {
                            "name": tc.name,
                            "hidden": bool(tc.hidden),
                            "practice": _case_function(tc).endswith("_practice"),
                        }
                        for tc in tf.test_cases
                    ],
                }
    return {k: questions[k] for k in sorted(questions, key=_natural_key)}


def student_id_in(path: str | Path) -> str | None:
    """Return the ``STUDENT_ID = "..."`` a submitted notebook sets (last one wins).

    Returns None when the notebook cannot be read or never sets it to a string.
    """
    return read_student_id(path)[0]


def read_student_id(path: str | Path) -> tuple[str | None, str]:
    """The ``STUDENT_ID`` a submitted notebook sets, and what was found.

    Returns
    -------
    (str or None, str)
        The id (the last string assignment wins, None if there is none) and a status:
        ``"ok"`` (a non-empty id), ``"empty"`` (no id, or ``""``), ``"unquoted"`` (set to
        a number, e.g. typed without quotes) or ``"unreadable"`` (not a notebook).
    """
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        sources = [
            "".join(c.get("source", ""))
            for c in nb.get("cells", [])
            if c.get("cell_type") == "code"
        ]
    except (OSError, ValueError, AttributeError, TypeError):
        return None, "unreadable"
    found, status = None, "empty"
    for src in sources:
        try:
            tree = ast.parse(src)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == ID_VARIABLE for t in node.targets)
                and isinstance(node.value, ast.Constant)
            ):
                if isinstance(node.value.value, str):
                    found = node.value.value
                    status = "ok" if found.strip() else "empty"
                elif isinstance(node.value.value, (int, float)):
                    found, status = None, "unquoted"
    return found, status


_ERROR_TAIL = re.compile(
    r"Error at line \d+ in test [^\n]*:\n[^\n]*\n(?P<kind>[A-Za-z_][\w.]*): ?(?P<msg>.*)\Z", re.S
)


def _student_message(message: str | None) -> str:
    """Turn otter's failure text into the sentence the check wrote for the student."""
    if not message:
        return ""
    m = _ERROR_TAIL.search(message)
    if not m:
        return message.replace("❌ Test case failed", "").strip()
    if m["kind"] == "AssertionError":
        return m["msg"].strip()
    return f"The check could not run on your answer ({m['kind']}: {m['msg'].strip()})."


def _grade_one(submission: str, autograder: str, notebook_name: str) -> dict[str, Any]:
    """Grade one notebook with otter (no Docker); return plain, picklable results.

    The submission is graded under the released notebook's file name, because the
    notebook's first cell, ``otter.Notebook("<set>.ipynb")``, opens that file.
    """
    from otter.api import grade_submission

    out: dict[str, Any] = {"questions": {}, "error": None, "cell_errors": []}
    try:
        with tempfile.TemporaryDirectory(prefix="crmkit-grade-") as tmp:
            renamed = Path(tmp) / notebook_name
            shutil.copyfile(submission, renamed)
            with _quiet_otter(), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                results = grade_submission(str(renamed), autograder, quiet=True)
    except Exception as e:
        out["error"] = f"{type(e).__name__}: {e}"
        return out
    if results.catastrophic_error is not None:
        out["error"] = f"{type(results.catastrophic_error).__name__}: {results.catastrophic_error}"
    for name, tf in results.results.items():
        out["questions"][name] = {
            "score": float(tf.score),
            "cases": [
                {
                    "hidden": bool(r.test_case.hidden),
                    "name": str(r.test_case.name),
                    "passed": bool(r.passed),
                    "message": _student_message(None if r.passed else r.message),
                }
                for r in tf.test_case_results
            ],
        }
    nb = getattr(results, "notebook", None)
    for cell in (nb or {}).get("cells", []):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                first = next((ln for ln in cell.get("source", "").splitlines() if ln.strip()), "")
                out["cell_errors"].append(
                    {"cell": first[:80], "error": f"{o.get('ename')}: {o.get('evalue')}"}
                )
    return out


def _case_function(test_case: Any) -> str:
    func = getattr(getattr(test_case, "body", None), "test_func", None)
    return getattr(func, "__name__", "")


def _grade_one_to_file(submission: str, autograder: str, notebook_name: str, out: str) -> None:
    """Grade one notebook and write the results as JSON (run in a child process)."""
    result = _grade_one(submission, autograder, notebook_name)
    Path(out).write_text(json.dumps(result), encoding="utf-8")


def _grade_with_time_limit(
    submission: str, autograder: str, notebook_name: str, timeout: float
) -> dict[str, Any]:
    """Grade one notebook in a child process; stop it (and its kernel) after ``timeout`` s."""
    import signal

    with tempfile.TemporaryDirectory(prefix="crmkit-grade-") as tmp:
        out = Path(tmp) / "result.json"
        code = (
            "import sys; from crmkit._exercise_cli import _grade_one_to_file as g; g(*sys.argv[1:])"
        )
        cmd = [sys.executable, "-c", code, submission, autograder, notebook_name, str(out)]
        posix = hasattr(os, "killpg")
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=posix,  # the kernel joins the group, so one kill stops both
        )
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            if posix:
                os.killpg(proc.pid, signal.SIGKILL)
            else:  # pragma: no cover - Windows
                proc.kill()
            proc.wait()
            return {
                "questions": {},
                "error": f"TimeoutError: the notebook did not finish within {timeout:g} seconds",
                "cell_errors": [],
            }
        if not out.is_file():
            return {
                "questions": {},
                "error": f"RuntimeError: the grading process stopped with status {proc.returncode}",
                "cell_errors": [],
            }
        return json.loads(out.read_text(encoding="utf-8"))


def _fmt_points(x: float) -> str:
    return f"{x:g}"


def _feedback(
    set_name: str,
    student: str,
    student_id: str | None,
    questions: dict[str, dict[str, Any]],
    graded: dict[str, Any],
    shared: bool,
    id_status: str = "ok",
    id_required: bool = False,
) -> str:
    total = sum(graded["questions"].get(q, {}).get("score", 0.0) for q in questions)
    possible = sum(q["possible"] for q in questions.values())
    lines = [f"# Feedback on {set_name}: {student}", ""]
    if student_id:
        lines.append(f"Your data came from student id `{student_id}`.")
    elif id_status == "unquoted":
        lines.append(
            f"Your `{ID_VARIABLE}` is a number, not text: type it between quotes, like "
            f'`{ID_VARIABLE} = "2025123456"`. Without quotes the notebook stops at the '
            "first cell that loads data."
        )
    elif id_status == "empty" and not graded["error"]:
        lines.append(
            f"You did not enter a `{ID_VARIABLE}`, so your notebook used the shared practice "
            f'data. Next time, type your id between the quotes of the `{ID_VARIABLE} = ""` '
            "cell near the top."
        )
    if id_required and not student_id:
        lines.append(
            f"Your instructor asked for answers on your own data, so without a "
            f"`{ID_VARIABLE}` every question scores 0 (the checks below are for your "
            "information)."
        )
    if shared:
        lines.append(
            "Note: another submission used the same id; your instructor will look at this."
        )
    lines += ["", f"**Score: {_fmt_points(total)} / {_fmt_points(possible)}**", ""]
    if graded["error"]:
        lines += [
            "Your notebook could not be graded, so every question scores 0. The grader said:",
            "",
            f"    {graded['error']}",
            "",
            "Check that you submitted the notebook of this exercise set, that it opens in "
            "Jupyter, and that it runs from top to bottom (Kernel > Restart & Run All).",
            "",
        ]
    lines += ["| question | points | possible |", "|---|---|---|"]
    for q, info in questions.items():
        got = graded["questions"].get(q, {}).get("score", 0.0)
        lines.append(f"| {q} | {_fmt_points(got)} | {_fmt_points(info['possible'])} |")
    lines.append("")
    for q, info in questions.items():
        res = graded["questions"].get(q)
        got = res["score"] if res else 0.0
        lines += [f"## {q}: {_fmt_points(got)} / {_fmt_points(info['possible'])}", ""]
        if res is None:
            lines += ["Not graded (see above).", ""]
            continue
        said = set()
        practice = {c["name"] for c in info.get("cases", []) if c.get("practice")}
        for case in res["cases"]:
            case = {**case, "practice": case.get("name") in practice}
            if case["practice"] and student_id:
                continue  # on the student's own data the hidden check decides
            if case["hidden"]:
                kind = "hidden check (is the value right for your data?)"
            elif case.get("practice"):
                kind = "practice check (is the value right on the shared practice data?)"
            else:
                kind = "public check (the one `grader.check` runs: type and shape)"
            if case["passed"]:
                lines.append(f"- passed: {kind}")
            elif case["message"] in said:
                lines.append(f"- FAILED: {kind}, for the same reason.")
            else:
                lines.append(f"- FAILED: {kind}. {case['message']}")
                said.add(case["message"])
        lines.append("")
    if graded["cell_errors"]:
        lines += ["## Errors while running your notebook", ""]
        lines.append(
            "These cells raised an error when the grader ran your notebook from top to "
            "bottom; answers set in or after them may be missing:"
        )
        lines.append("")
        for err in graded["cell_errors"][:10]:
            lines.append(f"- `{err['cell']}`: {err['error']}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _safe_filename(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "submission"


def grade(
    submissions: str | Path,
    set_name: str,
    out_dir: str | Path | None = None,
    *,
    exercises_dir: str | Path | None = None,
    autograder: str | Path | None = None,
    jobs: int = 1,
    timeout: float = 300.0,
    require_id: bool = False,
    progress: bool = False,
) -> pd.DataFrame:
    """Grade every ``.ipynb`` in a folder locally, without Docker; write gradebook and feedback.

    Each notebook is run top to bottom in a fresh Jupyter kernel of the current
    environment by otter's non-containerised runner (``otter.api.grade_submission``)
    with the set's autograder zip (public and hidden tests). The student's name is the
    file name without ``.ipynb``.

    Parameters
    ----------
    submissions : str or Path
        Folder of submitted notebooks (not searched recursively).
    set_name : str
        The exercise set, e.g. ``"00_getting_started"``.
    out_dir : str or Path, optional
        Output folder; default ``<exercises_dir>/_graded/<set_name>`` (git-ignored).
        Receives ``gradebook.csv`` and ``feedback/<student>.md``.
    exercises_dir : str or Path, optional
        The exercises folder; default the repository's ``exercises/``.
    autograder : str or Path, optional
        The autograder zip; default ``<exercises_dir>/dist/<set>/<set>-autograder.zip``,
        built from the master (without touching the student notebook) if missing.
    jobs : int, default 1
        Notebooks graded in parallel (one process and kernel each).
    timeout : float, default 300
        Seconds one notebook may take; a notebook still running then (an endless
        loop, say) is stopped, with its kernel, and scores 0 with a note saying so.
    require_id : bool, default False
        Score 0 for a submission that sets no ``STUDENT_ID`` (it worked on the shared
        practice data, whose answers can be passed around).
    progress : bool, default False
        Print one line per graded notebook to standard error.

    Returns
    -------
    pandas.DataFrame
        The gradebook, long format: ``student`` (file stem), ``student_id`` (the
        ``STUDENT_ID`` the notebook set, "" if none), ``question`` (``q1``, ... and
        ``total``), ``points`` (float), ``possible`` (float), ``status`` (``graded``,
        ``no id``, ``error: ...`` when the notebook could not be graded). One row per
        student and question, then a ``total`` row per student. When ``out_dir``
        already holds a gradebook, the rows of students not graded in this run are
        kept, so regrading one student does not lose the class.

    Raises
    ------
    ValueError
        If the folder does not exist or holds no notebook, the set is unknown, or
        ``jobs`` is not a positive integer.

    Warns
    -----
    UserWarning
        If two submissions used the same non-empty student id, or some used none.
    """
    root = _exercises_root(exercises_dir and Path(exercises_dir))
    ex = get_set(set_name, root)
    folder = Path(submissions)
    if not folder.is_dir():
        raise ValueError(
            f"The 'submissions' parameter of grade must be a folder of .ipynb files. "
            f"Got {str(folder)!r}, which is not a folder."
        )
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(
            f"The 'jobs' parameter of grade must be a positive integer. Got {jobs!r} instead."
        )
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise ValueError(
            f"The 'timeout' parameter of grade must be a positive number of seconds. "
            f"Got {timeout!r} instead."
        )
    paths = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
    if not paths:
        raise ValueError(f"The 'submissions' folder {str(folder)!r} holds no .ipynb file to grade.")
    if autograder is None:
        autograder = root / "dist" / ex.name / f"{ex.name}-autograder.zip"
        if not Path(autograder).is_file():
            with tempfile.TemporaryDirectory() as tmp:
                release([ex.name], exercises_dir=root, student_dir=tmp, wheel=False)
    autograder = Path(autograder)
    if not autograder.is_file():
        raise ValueError(f"The 'autograder' zip {str(autograder)!r} does not exist.")
    out = Path(out_dir) if out_dir is not None else root / "_graded" / ex.name
    questions = read_autograder_tests(autograder)

    from crmkit.exercises import normalise_student_id

    def one(path: Path) -> dict[str, Any]:
        res = _grade_with_time_limit(
            str(path.resolve()), str(autograder.resolve()), f"{ex.name}.ipynb", timeout
        )
        if progress:
            score = sum(q["score"] for q in res["questions"].values())
            note = f" ({res['error'].split(':')[0]})" if res["error"] else ""
            if require_id and not res["error"] and not read_student_id(path)[0]:
                score, note = 0, " (no id: --require-id)"
            print(f"graded {path.stem}: {score:g} points{note}", file=sys.stderr)
        return res

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        graded = list(pool.map(one, paths))

    students = [p.stem for p in paths]
    found = [read_student_id(p) for p in paths]
    ids = [sid or "" for sid, _ in found]
    by_id: dict[str, list[str]] = {}
    for student, sid in zip(students, ids, strict=True):
        if sid:
            by_id.setdefault(normalise_student_id(sid), []).append(student)
    shared = {k: v for k, v in by_id.items() if len(v) > 1}
    if shared:
        warnings.warn(
            "Some submissions used the same STUDENT_ID: "
            + "; ".join(f"{k!r}: {', '.join(v)}" for k, v in sorted(shared.items())),
            UserWarning,
            stacklevel=2,
        )
    failed = [s for s, res in zip(students, graded, strict=True) if res["error"]]
    if failed:
        warnings.warn(
            f"{len(failed)} submission(s) could not be graded and score 0 (their feedback "
            f"says why): {', '.join(failed)}",
            UserWarning,
            stacklevel=2,
        )
    no_id = [
        s
        for s, (_, st), res in zip(students, found, graded, strict=True)
        if st == "empty" and not res["error"]
    ]
    if no_id:
        what = "score 0 (--require-id)" if require_id else "were graded on the shared practice data"
        warnings.warn(
            f"{len(no_id)} submission(s) set no STUDENT_ID and {what}: {', '.join(no_id)}",
            UserWarning,
            stacklevel=2,
        )
    unquoted = [s for s, (_, st) in zip(students, found, strict=True) if st == "unquoted"]
    if unquoted:
        warnings.warn(
            f"{len(unquoted)} submission(s) typed STUDENT_ID without quotes: {', '.join(unquoted)}",
            UserWarning,
            stacklevel=2,
        )

    rows = []
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    possible_total = sum(q["possible"] for q in questions.values())
    for student, sid, (_, id_status), res in zip(students, ids, found, graded, strict=True):
        zeroed = require_id and not sid
        if res["error"]:
            status = f"error: {res['error'].split(':')[0]}"
        elif zeroed:
            status = "no id"
        else:
            status = "graded"
        total = 0.0
        for q, info in questions.items():
            pts = 0.0 if zeroed else res["questions"].get(q, {}).get("score", 0.0)
            total += pts
            rows.append((student, sid, q, pts, info["possible"], status))
        rows.append((student, sid, "total", total, possible_total, status))
        key = normalise_student_id(sid) if sid else ""
        text = _feedback(
            ex.name,
            student,
            sid,
            questions,
            res,
            shared=key in shared,
            id_status=id_status,
            id_required=require_id,
        )
        if zeroed:
            text = text.replace(
                f"**Score: {_fmt_points(sum(q.get('score', 0.0) for q in res['questions'].values()))}",
                "**Score: 0",
                1,
            )
        (out / "feedback" / f"{_safe_filename(student)}.md").write_text(text, encoding="utf-8")
    columns = ["student", "student_id", "question", "points", "possible", "status"]
    book = pd.DataFrame(rows, columns=columns)
    earlier = out / "gradebook.csv"
    if earlier.is_file():
        old_book = pd.read_csv(earlier, dtype={"student": str, "student_id": str}).fillna(
            {"student_id": ""}
        )
        if list(old_book.columns) == columns:
            kept = old_book[~old_book["student"].isin(students)]
            book = pd.concat([kept, book], ignore_index=True)
    book = book.astype({"points": "float64", "possible": "float64"})
    order = {q: i for i, q in enumerate([*questions, "total"])}
    book = book.sort_values(
        ["student", "question"], key=lambda c: c.map(order) if c.name == "question" else c
    ).reset_index(drop=True)
    book.to_csv(earlier, index=False, lineterminator="\n")
    return book


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m crmkit.exercises",
        description="Release and grade crmkit's otter-grader exercise sets (no Docker needed).",
    )
    p.add_argument(
        "--exercises",
        default=None,
        help="the exercises folder (default: the repository's exercises/)",
    )
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser(
        "release",
        help="run otter assign on every master: student notebooks + autograder zips",
    )
    r.add_argument("sets", nargs="*", help="set names (default: every set in exercises/_masters/)")
    r.add_argument(
        "--dist",
        default=None,
        help="output folder for the autograder zips and solution notebooks "
        "(default: exercises/dist)",
    )
    r.add_argument(
        "--check",
        action="store_true",
        help="also grade each solution notebook with its autograder (needs a Jupyter kernel)",
    )
    r.add_argument(
        "--no-wheel",
        action="store_true",
        help="do not bundle the crmkit wheel in the autograder zips",
    )
    g = sub.add_parser("grade", help="grade a folder of submitted notebooks locally")
    g.add_argument("submissions", help="folder of submitted .ipynb files (one per student)")
    g.add_argument(
        "--set", required=True, dest="set_name", help="exercise set, e.g. 00_getting_started"
    )
    g.add_argument("--out", default=None, help="output folder (default: exercises/_graded/<set>)")
    g.add_argument(
        "--autograder", default=None, help="autograder zip (default: from exercises/dist)"
    )
    g.add_argument("--jobs", type=int, default=1, help="notebooks graded in parallel (default 1)")
    g.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        help="seconds one notebook may run before it is stopped and scores 0 (default 300)",
    )
    g.add_argument(
        "--require-id",
        action="store_true",
        help="score 0 for submissions that set no STUDENT_ID (worked on the shared data)",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m crmkit.exercises``; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)
            _run(args)
    except (ValueError, RuntimeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for w in caught:
        if issubclass(w.category, UserWarning):
            print(f"warning: {w.message}", file=sys.stderr)
    return 0


def _run(args: argparse.Namespace) -> None:
    if args.command == "release":
        done = release(
            args.sets or None,
            exercises_dir=args.exercises,
            dist_dir=args.dist,
            check=args.check,
            wheel=not args.no_wheel,
        )
        for item in done:
            pad = " " * len(item["name"])
            print(f"{item['name']}: student notebook {item['student']}")
            print(f"{pad}  autograder zip   {item['autograder']}")
            print(f"{pad}  solutions        {item['solution']}")
        return
    root = _exercises_root(args.exercises and Path(args.exercises))
    out = Path(args.out) if args.out else root / "_graded" / args.set_name
    book = grade(
        args.submissions,
        args.set_name,
        out,
        exercises_dir=root,
        autograder=args.autograder,
        jobs=args.jobs,
        timeout=args.timeout,
        require_id=args.require_id,
        progress=True,
    )
    totals = book[book["question"] == "total"].set_index("student")
    print(totals[["student_id", "points", "possible", "status"]].to_string())
    print(f"gradebook: {out / 'gradebook.csv'}; feedback: {out / 'feedback'}")


if __name__ == "__main__":
    sys.exit(main())
