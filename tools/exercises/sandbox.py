"""Grading that does not trust the student's kernel: two processes, plain data between.

:func:`grade_isolated` grades one submission in two steps:

1. **Run** (:mod:`tools.exercises._run_submission`): the notebook's code cells run in a
   child process, in a new temporary folder holding nothing but the run's own files
   (and a decoy ``tests/`` folder), with a clean environment (``PATH``, a ``HOME`` and
   ``TMPDIR`` inside that folder; none of the instructor's variables), ``python -I``
   (no user site, no ``PYTHONPATH``), in its own process group killed after the time
   limit, under the guard of :mod:`tools.exercises.guard`. The hidden tests are not in
   that process and not in any folder it may read. What comes back is each answer
   variable as plain data (:mod:`tools.exercises.plain`; never a pickle), taken at the
   question's ``grader.check`` cell as otter would (at the end if never checked), the cells
   that raised, what the guard refused and which library functions were replaced.
2. **Check** (:mod:`tools.exercises._run_tests`): a fresh interpreter, which never ran
   student code, builds the answers back from exact built-in/numpy/pandas types,
   imports crmkit from the installed package, and runs the tests from the autograder
   zip (public, practice and hidden). The ``STUDENT_ID`` it grades against is read from
   the notebook's source, not from the run.

Whatever the submission does to its own process (replace ``check_close``, patch numpy,
define a ``str`` whose ``__eq__`` always says yes) cannot reach step 2; the run's
attempts are recorded as *flags* for the gradebook. The threat model is written in
``exercises/README.md`` ("Grading that does not trust the student's kernel").
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Any

from tools.exercises.ids import parse_source, read_student_id
from tools.exercises.otter_run import empty_result

HERE = Path(__file__).resolve().parent
RUN_SUBMISSION = HERE / "_run_submission.py"
RUN_TESTS = HERE / "_run_tests.py"
#: The largest answers file read back from a run (bytes).
MAX_ANSWERS_BYTES = 200_000_000


def clean_env(home: Path) -> dict[str, str]:
    """The whole environment of a child process: nothing of the instructor's."""
    return {
        "PATH": os.defpath,
        "HOME": str(home),
        "TMPDIR": str(home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": str(home / ".matplotlib"),
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }


def read_tests(autograder: str | Path) -> dict[str, str]:
    """Each question's otter test file (source), by file stem, from the autograder zip."""
    with zipfile.ZipFile(autograder) as zf:
        return {
            Path(item).stem: zf.read(item).decode("utf-8")
            for item in zf.namelist()
            if item.startswith("tests/") and item.endswith(".py")
        }


def question_names(tests: dict[str, str]) -> dict[str, list[str]]:
    """Per question, the variables its tests take (their functions' parameters).

    ``env`` (the whole namespace) is not supported and left out; ``STUDENT_ID`` is
    kept (the run reports its value; the check uses the one the source sets).
    """
    import ast

    out = {}
    for q, source in tests.items():
        names: set[str] = set()
        for node in ast.walk(parse_source(source)):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                names |= {a.arg for a in node.args.args}
        out[q] = sorted(names - {"env"})
    return out


def read_cells(submission: str | Path, set_name: str) -> list[str]:
    """The code cells of a submitted notebook.

    Raises
    ------
    ValueError
        ``NotJSONError: ...`` if it is not a notebook, ``WrongSetError: ...`` if it is a
        notebook of another exercise set.
    """
    try:
        nb = json.loads(Path(submission).read_text(encoding="utf-8"))
        cells = nb["cells"]
        sources = ["".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise ValueError(f"NotJSONError: the file is not a readable notebook ({e})") from None
    name = (nb.get("metadata", {}).get("otter") or {}).get("assignment_name")
    if name is not None and name != set_name:
        raise ValueError(
            f"WrongSetError: Received submission for assignment '{name}' "
            f"(this is assignment '{set_name}')"
        )
    return sources


def _kill_group(proc: subprocess.Popen) -> None:
    if hasattr(os, "killpg"):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    else:  # pragma: no cover - Windows
        proc.kill()
    proc.wait()


def run_submission(
    cells: list[str], questions: dict[str, list[str]], timeout: float
) -> dict[str, Any]:
    """Step 1: run the cells in an isolated child process; return what it wrote.

    Returns
    -------
    dict
        ``answers`` (per question), ``runtime_id``, ``type_reasons``, ``cell_errors``,
        ``replaced`` (from the child),
        ``refused`` (the guard's refusals) and ``ended`` (whether the run reported its
        end on the guard's channel), or ``error`` when there is no result.
    """
    with tempfile.TemporaryDirectory(prefix="crmkit-run-") as tmp:
        work = Path(tmp)
        (work / "job.json").write_text(json.dumps({"cells": cells, "questions": questions}))
        (work / "tests").mkdir()
        (work / "tests" / "q1.py").write_text("# The tests are not here.\n")
        read_end, write_end = os.pipe()
        lines: list[str] = []

        def listen() -> None:
            with os.fdopen(read_end, encoding="utf-8", errors="replace") as f:
                for line in f:
                    if len(lines) < 200:
                        lines.append(line.rstrip("\n")[:300])

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        cmd = [sys.executable, "-I", "-B", str(RUN_SUBMISSION), str(work), str(write_end)]
        proc = subprocess.Popen(
            cmd,
            cwd=work,
            env=clean_env(work),
            pass_fds=(write_end,),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=hasattr(os, "killpg"),
        )
        os.close(write_end)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            return {
                "error": f"TimeoutError: the notebook did not finish within {timeout:g} seconds"
            }
        _kill_group(proc)  # anything the run left behind in its group
        listener.join(timeout=5)
        out = work / "answers.json"
        if not out.is_file() or out.stat().st_size > MAX_ANSWERS_BYTES:
            return {"error": f"RuntimeError: the run stopped with status {proc.returncode}"}
        try:
            result = json.loads(out.read_text(encoding="utf-8"))
            if not isinstance(result, dict) or not isinstance(result.get("answers"), dict):
                raise ValueError("not a result")
        except ValueError:
            return {"error": "RuntimeError: the run wrote no readable answers"}
    result["refused"] = [ln.removeprefix("REFUSED ") for ln in lines if ln.startswith("REFUSED ")]
    result["ended"] = "END" in lines
    return result


def check_answers(
    tests: dict[str, str], answers: dict[str, Any], student_id: str, timeout: float
) -> dict[str, Any]:
    """Step 2: run the tests on the plain answers in a fresh interpreter."""
    with tempfile.TemporaryDirectory(prefix="crmkit-check-") as tmp:
        work = Path(tmp)
        job = {"tests": tests, "answers": answers, "student_id": student_id}
        (work / "job.json").write_text(json.dumps(job))
        cmd = [sys.executable, "-I", "-B", str(RUN_TESTS), str(work)]
        try:
            subprocess.run(
                cmd,
                cwd=work,
                env=clean_env(work),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return {"error": f"TimeoutError: the tests did not finish within {timeout:g} seconds"}
        out = work / "result.json"
        if not out.is_file():
            return {"error": "RuntimeError: the tests stopped without a result"}
        return json.loads(out.read_text(encoding="utf-8"))


def flags_of(run: dict[str, Any], runtime_id: Any, student_id: str) -> list[str]:
    """What the instructor should look at, from a run's record."""
    flags = [f"refused: {what}" for what in run.get("refused", [])]
    flags += [f"answer {why}" for why in run.get("type_reasons", [])]
    flags += [f"replaced {name}" for name in run.get("replaced", [])]
    if not run.get("ended", True):
        flags.append("the run's channel to the grader was closed or forged")
    if isinstance(runtime_id, str) and runtime_id.strip() != student_id.strip():
        flags.append("STUDENT_ID was changed while the notebook ran")
    return flags


def grade_isolated(
    submission: str, autograder: str, notebook_name: str, timeout: float
) -> dict[str, Any]:
    """Grade one notebook in two isolated processes (a runner for :func:`grade`).

    Returns
    -------
    dict
        ``questions`` (per question ``score`` and ``cases``), ``error``,
        ``cell_errors`` and ``flags``, as :mod:`tools.exercises.grade` expects.
    """
    set_name = Path(notebook_name).stem
    try:
        cells = read_cells(submission, set_name)
    except ValueError as e:
        return empty_result(str(e))
    tests = read_tests(autograder)
    run = run_submission(cells, question_names(tests), timeout)
    if "error" in run:
        return empty_result(run["error"])
    student_id = read_student_id(submission)[0] or ""
    runtime_id = run.get("runtime_id")
    checked = check_answers(tests, run["answers"], student_id, max(60.0, timeout))
    if "error" in checked:
        return empty_result(checked["error"])
    return {
        "questions": checked["questions"],
        "error": None,
        "cell_errors": run.get("cell_errors", [])[:50],
        "flags": flags_of(run, runtime_id, student_id),
    }
