"""Grade a folder of submissions: a short pipeline of named steps.

1. :func:`collect` - the notebooks in the folder and the id each one sets;
2. :func:`run_all` - run each one and its tests (a child process each, time-limited);
3. :func:`score` - final points and status per submission (every rule applied here);
4. :func:`shared_ids` and :func:`notes_for` - what the student and the instructor are told;
5. :func:`~tools.exercises.feedback.render_feedback` and
   :mod:`~tools.exercises.gradebook` - the files written.

Each step is a function of plain data, tested on its own in ``tests/course``.
"""

from __future__ import annotations

import re
import sys
import tempfile
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from tools.exercises.feedback import Graded, render_feedback
from tools.exercises.gradebook import (
    gradebook_rows,
    merge_gradebook,
    read_gradebook,
    write_gradebook,
)
from tools.exercises.ids import read_student_id
from tools.exercises.otter_run import grade_with_otter, read_autograder_tests
from tools.exercises.release import release
from tools.exercises.sets import ID_VARIABLE, exercises_root, get_set

#: A runner grades one notebook: (submission, autograder, notebook name, timeout) -> result.
Runner = Callable[[str, str, str, float], dict[str, Any]]


@dataclass(frozen=True)
class Submission:
    """One submitted notebook: the student (file stem), its path, the id it sets."""

    student: str
    path: Path
    student_id: str
    id_status: str


def collect(folder: Path) -> list[Submission]:
    """Step 1: the ``.ipynb`` files of ``folder`` (not subfolders), sorted, with their ids."""
    if not folder.is_dir():
        raise ValueError(
            f"The 'submissions' parameter of grade must be a folder of .ipynb files. "
            f"Got {str(folder)!r}, which is not a folder."
        )
    paths = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
    if not paths:
        raise ValueError(f"The 'submissions' folder {str(folder)!r} holds no .ipynb file to grade.")
    out = []
    for p in paths:
        sid, status = read_student_id(p)
        out.append(Submission(p.stem, p, sid or "", status))
    return out


def run_all(
    subs: list[Submission],
    autograder: Path,
    notebook_name: str,
    *,
    runner: Runner,
    jobs: int,
    timeout: float,
) -> list[dict[str, Any]]:
    """Step 2: run every submission with ``runner``, ``jobs`` at a time."""

    def one(sub: Submission) -> dict[str, Any]:
        return runner(str(sub.path.resolve()), str(autograder.resolve()), notebook_name, timeout)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, subs))


def score(
    sub: Submission, result: dict[str, Any], questions: dict[str, Any], *, require_id: bool
) -> tuple[dict[str, float], str]:
    """Step 3: final points per question and the status of one submission.

    An ungradable notebook scores 0 (``error: <kind>``); under ``require_id`` one
    without an id scores 0 (``no id``); one whose run raised a flag (see
    :mod:`tools.exercises.sandbox`) keeps the points of its honest answers only
    (``flagged``); otherwise the points the tests gave (``graded``).
    """
    earned = {q: float(result["questions"].get(q, {}).get("score", 0.0)) for q in questions}
    if result["error"]:
        return dict.fromkeys(questions, 0.0), f"error: {result['error'].split(':')[0]}"
    if require_id and not sub.student_id:
        return dict.fromkeys(questions, 0.0), "no id"
    if result.get("flags"):
        return earned, "flagged"
    return earned, "graded"


def _id_key(sid: str) -> str:
    from crmkit.exercises import normalise_student_id

    return normalise_student_id(sid)


def shared_ids(subs: list[Submission]) -> dict[str, list[str]]:
    """Step 4a: ids (normalised as ``load`` does) used by more than one submission."""
    by_id: dict[str, list[str]] = {}
    for sub in subs:
        if sub.student_id:
            by_id.setdefault(_id_key(sub.student_id), []).append(sub.student)
    return {k: v for k, v in by_id.items() if len(v) > 1}


def notes_for(
    sub: Submission, shared: dict[str, list[str]], *, require_id: bool
) -> tuple[str, ...]:
    """Step 4b: sentences for the student about the id rules that touched them."""
    notes = []
    if require_id and not sub.student_id:
        notes.append(
            f"Your instructor asked for answers on your own data, so without a "
            f"`{ID_VARIABLE}` every question scores 0 (the checks below are for your "
            "information)."
        )
    if sub.student_id and _id_key(sub.student_id) in shared:
        notes.append(
            "Note: another submission used the same id; your instructor will look at this."
        )
    return tuple(notes)


def _warn(message: str) -> None:
    warnings.warn(message, UserWarning, stacklevel=3)


def warn_about(subs: list[Submission], graded: list[Graded], *, require_id: bool) -> None:
    """Step 4c: the instructor's warnings (shared ids, ungradable, no id, unquoted)."""
    shared = shared_ids(subs)
    if shared:
        _warn(
            "Some submissions used the same STUDENT_ID: "
            + "; ".join(f"{k!r}: {', '.join(v)}" for k, v in sorted(shared.items()))
        )
    failed = [g.student for g in graded if g.result["error"]]
    if failed:
        _warn(
            f"{len(failed)} submission(s) could not be graded and score 0 (their feedback "
            f"says why): {', '.join(failed)}"
        )
    no_id = [g.student for g in graded if g.id_status == "empty" and not g.result["error"]]
    if no_id:
        what = "score 0 (--require-id)" if require_id else "were graded on the shared practice data"
        _warn(f"{len(no_id)} submission(s) set no STUDENT_ID and {what}: {', '.join(no_id)}")
    unquoted = [s.student for s in subs if s.id_status == "unquoted"]
    if unquoted:
        _warn(
            f"{len(unquoted)} submission(s) typed STUDENT_ID without quotes: {', '.join(unquoted)}"
        )
    flagged = [f"{g.student} ({'; '.join(g.flags)})" for g in graded if g.flags]
    if flagged:
        _warn(f"{len(flagged)} submission(s) were flagged; look at them: {', '.join(flagged)}")


def safe_filename(name: str) -> str:
    """A file name made of letters, digits, ``.``, ``-`` and ``_`` only."""
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "submission"


def _check_options(jobs: Any, timeout: Any) -> None:
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(
            f"The 'jobs' parameter of grade must be a positive integer. Got {jobs!r} instead."
        )
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise ValueError(
            f"The 'timeout' parameter of grade must be a positive number of seconds. "
            f"Got {timeout!r} instead."
        )


def _autograder_for(root: Path, name: str, autograder: str | Path | None) -> Path:
    if autograder is None:
        autograder = root / "dist" / name / f"{name}-autograder.zip"
        if not Path(autograder).is_file():
            with tempfile.TemporaryDirectory() as tmp:
                release([name], exercises_dir=root, student_dir=tmp, wheel=False)
    autograder = Path(autograder)
    if not autograder.is_file():
        raise ValueError(f"The 'autograder' zip {str(autograder)!r} does not exist.")
    return autograder


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
    runner: Runner | None = None,
) -> pd.DataFrame:
    """Grade every ``.ipynb`` in a folder locally; write gradebook and feedback.

    Parameters
    ----------
    submissions : str or Path
        Folder of submitted notebooks (not searched recursively); the student's name
        is the file name without ``.ipynb``.
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
        Notebooks graded in parallel (one process each).
    timeout : float, default 300
        Seconds one notebook may take; a notebook still running then is stopped and
        scores 0 with a note saying so.
    require_id : bool, default False
        Score 0 for a submission that sets no ``STUDENT_ID``.
    progress : bool, default False
        Print one line per graded notebook to standard error.
    runner : callable, optional
        How one notebook is run and tested (default: the isolated runner of
        :mod:`tools.exercises.sandbox`).

    Returns
    -------
    pandas.DataFrame
        The gradebook (:data:`tools.exercises.gradebook.COLUMNS`), this run's students
        and the earlier rows of the others.

    Raises
    ------
    ValueError
        If the folder does not exist or holds no notebook, the set is unknown, or
        ``jobs`` or ``timeout`` is not positive.

    Warns
    -----
    UserWarning
        Shared ids, ungradable submissions, no id, ids without quotes, flagged runs.
    """
    root = exercises_root(exercises_dir)
    ex = get_set(set_name, root)
    _check_options(jobs, timeout)
    subs = collect(Path(submissions))
    autograder = _autograder_for(root, ex.name, autograder)
    out = Path(out_dir) if out_dir is not None else root / "_graded" / ex.name
    questions = read_autograder_tests(autograder)
    if runner is None:
        runner = default_runner()
    results = run_all(
        subs, autograder, f"{ex.name}.ipynb", runner=runner, jobs=jobs, timeout=timeout
    )
    shared = shared_ids(subs)
    graded = []
    for sub, res in zip(subs, results, strict=True):
        points, status = score(sub, res, questions, require_id=require_id)
        g = Graded(
            student=sub.student,
            student_id=sub.student_id,
            id_status=sub.id_status,
            result=res,
            points=points,
            status=status,
            notes=notes_for(sub, shared, require_id=require_id),
            flags=tuple(res.get("flags", ())),
        )
        graded.append(g)
        if progress:
            note = f" ({status})" if status != "graded" else ""
            print(f"graded {sub.student}: {g.total:g} points{note}", file=sys.stderr)
    warn_about(subs, graded, require_id=require_id)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    for g in graded:
        text = render_feedback(ex.name, questions, g)
        (out / "feedback" / f"{safe_filename(g.student)}.md").write_text(text, encoding="utf-8")
    path = out / "gradebook.csv"
    book = merge_gradebook(gradebook_rows(graded, questions), read_gradebook(path), questions)
    write_gradebook(book, path)
    return book


def default_runner() -> Runner:
    """The runner grading uses unless told otherwise."""
    return grade_with_otter
