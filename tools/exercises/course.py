"""The course workflow around grading: roster, deadline, manual adjustments, LMS export,
similarity of code.

* :func:`read_roster` - the class list (CSV: ``student_id``, ``name``, ``email``);
  :func:`match_roster` matches submissions to it by ``STUDENT_ID`` (as ``load`` compares
  ids) or, failing that, by file name, and lists the unmatched and the missing.
* :func:`submission_times` and :func:`is_late` - when each notebook was handed in (a
  CSV from the LMS, or the file's modification time) against a deadline.
* :func:`read_adjustments` - ``adjustments.csv`` in the output folder: one row per
  student (``student``, ``adjustment``, ``comment``), written once with empty values
  and never overwritten, so what you type there survives every re-grading.
* :func:`lms_exports` - ``canvas.csv`` and ``moodle.csv`` for the LMS's grade import.
* :func:`similarity` - pairs of submissions whose code is alike (see its docstring for
  what it does and does not catch).
"""

from __future__ import annotations

import io
import itertools
import json
import keyword
import tokenize
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

ROSTER_COLUMNS = ["student_id", "name", "email"]
ADJUSTMENT_COLUMNS = ["student", "adjustment", "comment"]


def _key(sid: Any) -> str:
    from crmkit.exercises import normalise_student_id

    return normalise_student_id(sid) if isinstance(sid, str) else ""


def read_roster(path: str | Path) -> pd.DataFrame:
    """The class list: ``student_id``, ``name``, ``email`` (all text), one row per student.

    Raises
    ------
    ValueError
        If a column is missing or an id is empty or repeated.
    """
    roster = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in ROSTER_COLUMNS if c not in roster.columns]
    if missing:
        raise ValueError(
            f"The roster {str(path)!r} must have the columns {ROSTER_COLUMNS}; "
            f"{missing} missing. Got {list(roster.columns)} instead."
        )
    roster = roster[ROSTER_COLUMNS].copy()
    keys = roster["student_id"].map(_key)
    if (keys == "").any() or keys.duplicated().any():
        bad = sorted(set(roster.loc[(keys == "") | keys.duplicated(keep=False), "student_id"]))
        raise ValueError(f"The roster {str(path)!r} has empty or repeated student ids: {bad}.")
    return roster.reset_index(drop=True)


def match_roster(
    submissions: list[tuple[str, str]], roster: pd.DataFrame
) -> tuple[dict[str, str], list[str], list[str]]:
    """Match submissions ``(student, STUDENT_ID)`` to the roster.

    A submission matches the roster row whose id equals its ``STUDENT_ID`` (normalised as
    :func:`crmkit.exercises.normalise_student_id` does) or, if it set none that matches,
    whose id equals its file name.

    Returns
    -------
    (dict, list, list)
        Student -> roster id; the students matched to no one (unmatched); the roster
        ids no submission matched (missing).
    """
    by_key = {_key(sid): sid for sid in roster["student_id"]}
    matched, unmatched = {}, []
    for student, sid in submissions:
        hit = by_key.get(_key(sid)) or by_key.get(_key(student))
        if hit is None:
            unmatched.append(student)
        else:
            matched[student] = hit
    missing = [sid for sid in roster["student_id"] if sid not in set(matched.values())]
    return matched, unmatched, missing


def submission_times(
    paths: dict[str, Path], times: str | Path | None = None
) -> dict[str, datetime]:
    """When each submission was handed in (UTC).

    Parameters
    ----------
    paths : dict
        Student (file stem) -> notebook path.
    times : str or Path, optional
        A CSV with columns ``file`` (the notebook's file name) and ``submitted_at``
        (ISO 8601; without a time zone it is read as UTC), as exported from the LMS.
        Without it, or for a file it does not list, the file's modification time.
    """
    given: dict[str, datetime] = {}
    if times is not None:
        table = pd.read_csv(times, dtype=str, keep_default_na=False)
        for _, row in table.iterrows():
            stamp = pd.Timestamp(row["submitted_at"])
            stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
            given[Path(row["file"]).stem] = stamp.to_pydatetime()
    return {
        s: given.get(s) or datetime.fromtimestamp(p.stat().st_mtime, tz=UTC)
        for s, p in paths.items()
    }


def parse_deadline(deadline: str | None) -> datetime | None:
    """A deadline in ISO 8601 (UTC when no time zone is given), or None."""
    if deadline is None:
        return None
    stamp = pd.Timestamp(deadline)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return stamp.to_pydatetime()


def is_late(submitted: datetime | None, deadline: datetime | None) -> bool:
    return submitted is not None and deadline is not None and submitted > deadline


def read_adjustments(path: Path, students: list[str]) -> dict[str, tuple[float, str]]:
    """Manual adjustments (points added, may be negative) and comments, by student.

    ``path`` is created with a row per student (empty adjustment and comment) when it is
    missing, and students not yet in it are appended; rows are never changed, so what
    the instructor typed survives re-grading.

    Raises
    ------
    ValueError
        If an adjustment is not a number.
    """
    if path.is_file():
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    else:
        table = pd.DataFrame(columns=ADJUSTMENT_COLUMNS)
    new = [s for s in students if s not in set(table["student"])]
    if new or not path.is_file():
        rows = pd.DataFrame({"student": new, "adjustment": "", "comment": ""})
        table = pd.concat([table, rows], ignore_index=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(path, index=False, lineterminator="\n")
    out = {}
    for _, row in table.iterrows():
        text = str(row["adjustment"]).strip()
        try:
            points = float(text) if text else 0.0
        except ValueError:
            raise ValueError(
                f"The 'adjustment' of {row['student']!r} in {str(path)!r} must be a number "
                f"of points (e.g. 1 or -0.5). Got {text!r} instead."
            ) from None
        out[row["student"]] = (points, str(row["comment"]).strip())
    return out


def lms_exports(
    totals: pd.DataFrame, roster: pd.DataFrame, set_name: str, out: Path
) -> tuple[Path, Path]:
    """Write ``canvas.csv`` and ``moodle.csv`` for the LMS's grade import.

    ``totals`` has one row per roster student matched (``student_id``, ``points``,
    ``comment``). Canvas: columns ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``,
    ``Section`` and the assignment (Canvas matches a row by ``ID`` or ``SIS User ID``:
    ``ID`` is left empty, ``SIS User ID`` holds the roster id). Moodle (Grades > Import >
    CSV file): ``Email address`` (map it to "Email address"), the assignment's grade and
    ``Feedback``. Roster students without a submission get an empty grade.
    """
    merged = roster.merge(totals, on="student_id", how="left")
    grade = merged["points"].map(lambda x: "" if pd.isna(x) else f"{x:g}")
    canvas = pd.DataFrame(
        {
            "Student": merged["name"],
            "ID": "",
            "SIS User ID": merged["student_id"],
            "SIS Login ID": "",
            "Section": "",
            set_name: grade,
        }
    )
    moodle = pd.DataFrame(
        {
            "Email address": merged["email"],
            set_name: grade,
            "Feedback": merged["comment"].fillna(""),
        }
    )
    paths = out / "canvas.csv", out / "moodle.csv"
    canvas.to_csv(paths[0], index=False, lineterminator="\n")
    moodle.to_csv(paths[1], index=False, lineterminator="\n")
    return paths


def _tokens(source: str) -> list[str]:
    """Python tokens with every name made ``v`` and literals kept (comments dropped)."""
    out = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.NAME:
                out.append(tok.string if keyword.iskeyword(tok.string) else "v")
            elif tok.type in (tokenize.OP, tokenize.NUMBER, tokenize.STRING):
                out.append(tok.string)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return out


def code_of(notebook: Path, given: set[str]) -> str:
    """The student's own code: code cells, minus the lines of the released notebook."""
    try:
        nb = json.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    lines = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.strip() and line.strip() not in given:
                    lines.append(line)
    return "\n".join(lines)


def similarity(
    notebooks: dict[str, Path], released: Path | None = None, *, n: int = 5, min_tokens: int = 40
) -> pd.DataFrame:
    """Pairs of submissions ranked by how alike their own code is.

    Measure: the Jaccard index of the two submissions' sets of ``n``-token shingles, over
    the code cells' tokens with every name replaced by ``v`` and comments dropped, after
    removing the lines of the released notebook (the code every student was given).
    Renaming variables, changing comments or white space does not hide a copy; reordering
    whole statements partly does. It does not catch a copy rewritten by hand, code from
    outside the class (the web, a chatbot) or answers typed as numbers, and short answers
    written the obvious way are alike by nature: a pair below ``min_tokens`` tokens on
    either side is not scored. A high value is a reason to look, not a finding.

    Returns
    -------
    pandas.DataFrame
        ``student_a``, ``student_b``, ``similarity`` (0-1), sorted high to low.
    """
    given: set[str] = set()
    if released is not None:
        nb = json.loads(Path(released).read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            given |= {ln.strip() for ln in "".join(cell.get("source", "")).splitlines()}
    shingles = {}
    for student, path in notebooks.items():
        toks = _tokens(code_of(path, given))
        if len(toks) >= min_tokens:
            shingles[student] = {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}
    rows = [
        (a, b, len(shingles[a] & shingles[b]) / len(shingles[a] | shingles[b]))
        for a, b in itertools.combinations(sorted(shingles), 2)
    ]
    table = pd.DataFrame(rows, columns=["student_a", "student_b", "similarity"])
    return table.sort_values("similarity", ascending=False, kind="stable").reset_index(drop=True)
