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

from tools.exercises import course
from tools.exercises.feedback import Graded, render_feedback
from tools.exercises.gradebook import (
    gradebook_rows,
    merge_gradebook,
    read_gradebook,
    write_gradebook,
)
from tools.exercises.ids import read_student_id
from tools.exercises.otter_run import read_autograder_tests
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
    roster: str | Path | None = None,
    deadline: str | None = None,
    times: str | Path | None = None,
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
    roster : str or Path, optional
        The class list (CSV: ``student_id``, ``name``, ``email``): submissions are
        matched to it (:func:`tools.exercises.course.match_roster`), unmatched and
        missing ones are listed in ``roster.csv`` and a warning, and ``canvas.csv`` and
        ``moodle.csv`` are written for the LMS.
    deadline : str, optional
        ISO 8601 date and time (UTC unless a zone is given); a submission handed in
        later is flagged ``late``.
    times : str or Path, optional
        CSV of hand-in times (``file``, ``submitted_at``); default the files' times.

    Also written: ``adjustments.csv`` (created once, never overwritten: type points to
    add and a comment per student; re-grading applies them) and ``similarity.csv``
    (:func:`tools.exercises.course.similarity`).

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
    handed_in = course.submission_times({s.student: s.path for s in subs}, times)
    due = course.parse_deadline(deadline)
    adjust = course.read_adjustments(out / "adjustments.csv", [s.student for s in subs])
    graded = []
    for sub, res in zip(subs, results, strict=True):
        points, status = score(sub, res, questions, require_id=require_id)
        late = course.is_late(handed_in[sub.student], due)
        when = f"late: handed in {handed_in[sub.student]:%Y-%m-%d %H:%M} UTC, after the deadline"
        adjustment, comment = adjust.get(sub.student, (0.0, ""))
        g = Graded(
            student=sub.student,
            student_id=sub.student_id,
            id_status=sub.id_status,
            result=res,
            points=points,
            status=status,
            notes=notes_for(sub, shared, require_id=require_id)
            + ((f"Note: {when}.",) if late else ()),
            flags=tuple(res.get("flags", ())) + ((when,) if late else ()),
            adjustment=adjustment,
            comment=comment,
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
    released = root / f"{ex.name}.ipynb"
    alike = course.similarity(
        {s.student: s.path for s in subs}, released if released.is_file() else None
    )
    alike.to_csv(out / "similarity.csv", index=False, lineterminator="\n")
    if roster is not None:
        _roster_outputs(book, subs, graded, course.read_roster(roster), ex.name, out)
    return book


def _roster_outputs(
    book: pd.DataFrame, subs: list[Submission], graded: list[Graded], roster, set_name, out
) -> None:
    """Step 6 (with a roster): match, list unmatched and missing, write the LMS files."""
    matched, unmatched, missing = course.match_roster(
        [(s.student, s.student_id) for s in subs], roster
    )
    totals = book[book["question"] == "total"].set_index("student")
    comments = {g.student: g.comment for g in graded}
    rows = []
    for student, sid in matched.items():
        rows.append((sid, student, totals.loc[student, "points"], comments.get(student, "")))
    table = pd.DataFrame(rows, columns=["student_id", "student", "points", "comment"])
    report = roster.merge(table, on="student_id", how="left")
    report["match"] = report["student"].map(lambda s: "missing" if pd.isna(s) else "matched")
    extra = pd.DataFrame({"student": unmatched, "match": "unmatched"})
    report = pd.concat([report, extra], ignore_index=True)
    report["flags"] = report["student"].map(
        lambda s: totals["flags"].get(s, "") if isinstance(s, str) else ""
    )
    report.to_csv(out / "roster.csv", index=False, lineterminator="\n")
    course.lms_exports(table, roster, set_name, out)
    if unmatched:
        _warn(f"{len(unmatched)} submission(s) match no one on the roster: {', '.join(unmatched)}")
    if missing:
        _warn(f"{len(missing)} student(s) on the roster handed in nothing: {', '.join(missing)}")


def default_runner() -> Runner:
    """The runner grading uses unless told otherwise: the isolated one."""
    from tools.exercises.sandbox import grade_isolated

    return grade_isolated
