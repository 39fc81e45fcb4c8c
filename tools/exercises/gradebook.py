"""The gradebook: one row per student and question, then a total row per student.

``flags`` (on the total row) lists what the instructor should look at in a submission:
what the grading guard refused, answers of a type of the student's own, library
functions the submission replaced (see :mod:`tools.exercises.sandbox`).

Re-grading some students replaces their rows and keeps everyone else's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from tools.exercises.feedback import Graded

#: Columns of ``gradebook.csv``, in order.
COLUMNS = ["student", "student_id", "question", "points", "possible", "status", "flags"]


def gradebook_rows(graded: list[Graded], questions: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """The long gradebook of this run (one row per student and question, then ``total``)."""
    possible_total = sum(q["possible"] for q in questions.values())
    rows = []
    for g in graded:
        for q, info in questions.items():
            rows.append(
                (g.student, g.student_id, q, g.points.get(q, 0.0), info["possible"], g.status, "")
            )
        if g.adjustment:
            rows.append((g.student, g.student_id, "adjustment", g.adjustment, 0.0, g.status, ""))
        flags = "; ".join(g.flags)
        rows.append((g.student, g.student_id, "total", g.total, possible_total, g.status, flags))
    return pd.DataFrame(rows, columns=COLUMNS).astype({"points": "float64", "possible": "float64"})


def read_gradebook(path: Path) -> pd.DataFrame | None:
    """An earlier ``gradebook.csv`` (ids read as text), or None if there is none."""
    if not path.is_file():
        return None
    book = pd.read_csv(
        path, dtype={"student": str, "student_id": str, "flags": str}, keep_default_na=False
    )
    return book if list(book.columns) == COLUMNS else None


def merge_gradebook(
    new: pd.DataFrame, earlier: pd.DataFrame | None, questions: dict[str, dict[str, Any]]
) -> pd.DataFrame:
    """``new`` plus the rows of ``earlier`` for students not graded now, sorted."""
    book = new
    if earlier is not None:
        kept = earlier[~earlier["student"].isin(set(new["student"]))]
        book = pd.concat([kept, new], ignore_index=True)
    book = book.astype({"points": "float64", "possible": "float64"})
    order = {q: i for i, q in enumerate([*questions, "adjustment", "total"])}
    return book.sort_values(
        ["student", "question"], key=lambda c: c.map(order) if c.name == "question" else c
    ).reset_index(drop=True)


def write_gradebook(book: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    book.to_csv(path, index=False, lineterminator="\n")
