"""Honest submissions score full marks through the grade command, on every set (issue 19).

Issue 19's done-when: "honest submissions still score exactly as today on sets 00-07".
Today's score of an honest submission is full marks: each set's solution notebook, with
two student ids, goes through ``grade`` (the isolated runner: a run process, then a
check process with the autograder zip's hidden tests) and must score every point, with
status ``graded`` and no flag. Slow: a release and two graded notebooks per set.
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest

from tools.exercises import grade as grading
from tools.exercises import sets
from tools.exercises.release import release

pytestmark = pytest.mark.filterwarnings(
    "ignore:Traits should be given as instances:DeprecationWarning"
)

ROOT = Path(__file__).resolve().parents[2]
SET_NAMES = [s.name for s in sets.find_sets(ROOT / "exercises")]
IDS = ["2025000417", "s-honest-2"]


def _solution_with_id(path: Path, student_id: str):
    nb = copy.deepcopy(nbformat.read(path, as_version=4))
    cells = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("STUDENT_ID =")]
    assert len(cells) == 1
    cells[0].source = f"STUDENT_ID = {student_id!r}"
    return nb


def test_every_set_is_graded_here():
    assert SET_NAMES == [
        "00_getting_started",
        "01_crm_concepts",
        "02_customer_analysis",
        "03_rfm",
        "04_loyalty_factors",
        "05_satisfaction_profit",
        "06_clv_churn",
        "07_customer_database",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("name", SET_NAMES)
def test_the_solution_scores_full_marks_for_two_ids(name, tmp_path):
    (item,) = release(
        [name], dist_dir=tmp_path / "dist", student_dir=tmp_path / "student", wheel=False
    )
    subs = tmp_path / "subs"
    subs.mkdir()
    for i, sid in enumerate(IDS):
        nbformat.write(_solution_with_id(Path(item["solution"]), sid), subs / f"honest_{i}.ipynb")
    book = grading.grade(subs, name, tmp_path / "out", autograder=item["autograder"], jobs=2)
    totals = book[book["question"] == "total"].set_index("student")
    assert list(totals.index) == ["honest_0", "honest_1"]
    assert list(totals["student_id"]) == IDS
    assert (totals["status"] == "graded").all(), totals[["status", "flags"]]
    assert (totals["flags"].fillna("") == "").all(), totals["flags"]
    assert (totals["points"] == totals["possible"]).all(), book.to_string()
    assert (totals["possible"] > 0).all()
