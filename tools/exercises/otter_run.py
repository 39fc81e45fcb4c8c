"""Run one submission with otter's non-containerised runner, in a child process.

The result is plain data (JSON): per question the score and, per test case, whether it
is hidden, whether it passed and the check's sentence for the student.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import warnings
import zipfile
from pathlib import Path
from typing import Any

from tools.exercises.release import quiet
from tools.exercises.sets import ROOT


def natural_key(name: str) -> list:
    """Sort key that puts q2 before q10."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def _case_function(test_case: Any) -> str:
    func = getattr(getattr(test_case, "body", None), "test_func", None)
    return getattr(func, "__name__", "")


def read_autograder_tests(autograder: str | Path) -> dict[str, dict[str, Any]]:
    """Read the questions of an autograder zip: name -> possible points and test cases.

    Returns
    -------
    dict
        Question name (natural order: q1, q2, ..., q10) -> ``{"possible": float,
        "cases": [{"name": str, "hidden": bool, "practice": bool}, ...]}``
        (``practice``: the release's practice check).
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
    return {k: questions[k] for k in sorted(questions, key=natural_key)}


def empty_result(error: str | None = None) -> dict[str, Any]:
    """A run's result with no question graded (and the reason, if any)."""
    return {"questions": {}, "error": error, "cell_errors": [], "flags": []}


def grade_one(submission: str, autograder: str, notebook_name: str) -> dict[str, Any]:
    """Grade one notebook with otter (no Docker); return plain results.

    The submission is graded under the released notebook's file name, because the
    notebook's first cell, ``otter.Notebook("<set>.ipynb")``, opens that file.
    """
    from otter.api import grade_submission

    from crmkit.exercises import student_message

    out = empty_result()
    try:
        with tempfile.TemporaryDirectory(prefix="crmkit-grade-") as tmp:
            renamed = Path(tmp) / notebook_name
            shutil.copyfile(submission, renamed)
            with quiet(), warnings.catch_warnings():
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
                    "message": student_message(None if r.passed else r.message),
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


def run_with_time_limit(cmd: list[str], timeout: float, result: Path, **kwargs) -> dict[str, Any]:
    """Run ``cmd`` in its own process group; read the JSON it writes to ``result``.

    After ``timeout`` seconds the whole group (a kernel included) is killed and the
    result says so.
    """
    posix = hasattr(os, "killpg")
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=posix,  # a kernel joins the group, so one kill stops both
        **kwargs,
    )
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        if posix:
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            proc.kill()
        proc.wait()
        return empty_result(f"TimeoutError: the notebook did not finish within {timeout:g} seconds")
    if not result.is_file():
        return empty_result(
            f"RuntimeError: the grading process stopped with status {proc.returncode}"
        )
    return json.loads(result.read_text(encoding="utf-8"))


def grade_with_otter(
    submission: str, autograder: str, notebook_name: str, timeout: float
) -> dict[str, Any]:
    """Grade one notebook with otter in a child process, stopped after ``timeout`` s."""
    with tempfile.TemporaryDirectory(prefix="crmkit-grade-") as tmp:
        out = Path(tmp) / "result.json"
        cmd = [
            sys.executable,
            "-m",
            "tools.exercises.otter_run",
            submission,
            autograder,
            notebook_name,
            str(out),
        ]
        return run_with_time_limit(cmd, timeout, out, cwd=ROOT)


if __name__ == "__main__":  # the child process of grade_with_otter
    _sub, _ag, _name, _out = sys.argv[1:5]
    Path(_out).write_text(json.dumps(grade_one(_sub, _ag, _name)), encoding="utf-8")
