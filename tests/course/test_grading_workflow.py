"""The course workflow around grading (issue 19): roster matching, deadline and late
flags, manual adjustments that survive re-grading, the LMS exports, one feedback file per
student and the similarity report.

The notebooks are not run here (a stub runner returns fixed results, so the test takes
a second); running them is tested in test_grading_isolation.py and test_exercises.py.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from tools.exercises import course
from tools.exercises import grade as grading

SET = "99_demo"
TEST_FILE = """OK_FORMAT = False
from otter.test_files import test_case
name = "{q}"
points = {points}
@test_case(points=None, hidden=False)
def test_{q}(x):
    pass
"""
# what each submission "scored" per question (stub runner)
SCORES = {"alice": (2.0, 1.0), "bob": (2.0, 0.0), "carol": (0.0, 1.0), "xavier": (2.0, 1.0)}
SHARED_CODE = (
    "by_region = transactions.merge(customers, on='customer_id')"
    ".groupby('region')['revenue'].sum().sort_values(ascending=False)\n"
    "top = by_region.index[0]\nshare = by_region.iloc[0] / by_region.sum()\n"
    "result = {'top': top, 'share': round(share, 4), 'n': len(by_region)}"
)


def _stub_runner(submission, autograder, notebook_name, timeout):
    q1, q2 = SCORES[Path(submission).stem]
    case = {"hidden": True, "name": "h", "passed": True, "message": ""}
    return {
        "questions": {"q1": {"score": q1, "cases": [case]}, "q2": {"score": q2, "cases": [case]}},
        "error": None,
        "cell_errors": [],
        "flags": [],
    }


def _notebook(student_id: str, code: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(f"STUDENT_ID = {student_id!r}"),
            nbformat.v4.new_code_cell(code),
        ]
    )


@pytest.fixture
def course_folder(tmp_path):
    (tmp_path / "exercises" / "_masters").mkdir(parents=True)
    (tmp_path / "exercises" / "_masters" / f"{SET}.py").write_text("")
    ag = tmp_path / "ag.zip"
    with zipfile.ZipFile(ag, "w") as zf:
        zf.writestr("tests/q1.py", TEST_FILE.format(q="q1", points=2))
        zf.writestr("tests/q2.py", TEST_FILE.format(q="q2", points=1))
    subs = tmp_path / "subs"
    subs.mkdir()
    renamed = SHARED_CODE.replace("by_region", "totals").replace("top =", "best =")
    notebooks = {
        "alice": _notebook("2025001", SHARED_CODE),
        "bob": _notebook("", "x = 1\n" * 3),  # no id: matched by file name? no, by roster id
        "carol": _notebook("2025003", renamed),  # alice's code with names changed
        "xavier": _notebook("2099999", "y = 2"),  # on no roster
    }
    notebooks["bob"].cells[0].source = 'STUDENT_ID = ""'
    for name, nb in notebooks.items():
        nbformat.write(nb, subs / f"{name}.ipynb")
    # bob's file is named by his id instead: matched by file name
    (subs / "bob.ipynb").rename(subs / "2025002.ipynb")
    SCORES["2025002"] = SCORES["bob"]
    deadline = pd.Timestamp("2025-06-01T23:59:00+08:00").timestamp()
    for name in ["alice", "carol", "xavier"]:
        os.utime(subs / f"{name}.ipynb", (deadline - 3600, deadline - 3600))
    os.utime(subs / "2025002.ipynb", (deadline + 600, deadline + 600))  # ten minutes late
    roster = tmp_path / "roster.csv"
    pd.DataFrame(
        {
            "student_id": ["2025001", "2025002", "2025003", "2025004"],
            "name": ["Alice Li", "Bob Wang", "Carol Zhang", "Dan Chen"],
            "email": ["a@uni.edu", "b@uni.edu", "c@uni.edu", "d@uni.edu"],
        }
    ).to_csv(roster, index=False)
    return tmp_path, subs, ag, roster


def _grade(tmp_path, subs, ag, roster):
    return grading.grade(
        subs,
        SET,
        tmp_path / "out",
        exercises_dir=tmp_path / "exercises",
        autograder=ag,
        runner=_stub_runner,
        roster=roster,
        deadline="2025-06-01T23:59:00+08:00",
    )


@pytest.mark.filterwarnings("ignore:.*STUDENT_ID")
def test_a_small_class_from_a_roster(course_folder):
    tmp_path, subs, ag, roster = course_folder
    with pytest.warns(UserWarning) as caught:
        book = _grade(tmp_path, subs, ag, roster)
    said = " ".join(str(w.message) for w in caught)
    assert "1 submission(s) match no one on the roster: xavier" in said
    assert "1 student(s) on the roster handed in nothing: 2025004" in said
    out = tmp_path / "out"
    totals = book[book["question"] == "total"].set_index("student")
    assert totals["points"].to_dict() == {"2025002": 2.0, "alice": 3.0, "carol": 1.0, "xavier": 3.0}
    assert totals.loc["2025002", "flags"].startswith("late: handed in 2025-06-01 16:09 UTC")
    assert totals.loc["alice", "flags"] == ""

    report = pd.read_csv(out / "roster.csv", dtype=str, keep_default_na=False)
    assert report.set_index("student_id")["match"].to_dict() == {
        "2025001": "matched",
        "2025002": "matched",
        "2025003": "matched",
        "2025004": "missing",
        "": "unmatched",
    }
    canvas = pd.read_csv(out / "canvas.csv", dtype=str, keep_default_na=False)
    assert list(canvas.columns) == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", SET]
    assert canvas.set_index("SIS User ID")[SET].to_dict() == {
        "2025001": "3",
        "2025002": "2",
        "2025003": "1",
        "2025004": "",
    }
    moodle = pd.read_csv(out / "moodle.csv", dtype=str, keep_default_na=False)
    assert list(moodle.columns) == ["Email address", SET, "Feedback"]
    assert moodle.set_index("Email address")[SET].to_dict()["b@uni.edu"] == "2"

    feedback = sorted(p.name for p in (out / "feedback").glob("*.md"))
    assert feedback == ["2025002.md", "alice.md", "carol.md", "xavier.md"]
    late = (out / "feedback" / "2025002.md").read_text(encoding="utf-8")
    assert "Note: late: handed in" in late and "**Score: 2 / 3**" in late

    alike = pd.read_csv(out / "similarity.csv")
    top = alike.iloc[0]
    assert {top["student_a"], top["student_b"]} == {"alice", "carol"} and top["similarity"] > 0.9
    assert len(alike) == 1  # the others wrote too little code to be compared

    # the instructor adjusts carol's score in adjustments.csv; re-grading keeps it
    adjust = pd.read_csv(out / "adjustments.csv", dtype=str, keep_default_na=False)
    assert sorted(adjust["student"]) == ["2025002", "alice", "carol", "xavier"]
    adjust.loc[adjust["student"] == "carol", ["adjustment", "comment"]] = ["1.5", "Regraded q1."]
    adjust.to_csv(out / "adjustments.csv", index=False)
    with pytest.warns(UserWarning):
        book = _grade(tmp_path, subs, ag, roster)
    carol = book[book["student"] == "carol"].set_index("question")["points"]
    assert carol["adjustment"] == 1.5 and carol["total"] == 2.5
    text = (out / "feedback" / "carol.md").read_text(encoding="utf-8")
    assert "**Score: 2.5 / 3**" in text and "+1.5 point(s). Regraded q1." in text
    moodle = pd.read_csv(out / "moodle.csv", dtype=str, keep_default_na=False)
    assert moodle.set_index("Email address").loc["c@uni.edu", "Feedback"] == "Regraded q1."
    again = pd.read_csv(out / "adjustments.csv", dtype=str, keep_default_na=False)
    assert again.set_index("student").loc["carol", "adjustment"] == "1.5"


def test_roster_and_adjustments_refuse_bad_input(tmp_path):
    bad = tmp_path / "roster.csv"
    pd.DataFrame({"student_id": ["1", " 1 "], "name": ["a", "b"], "email": ["", ""]}).to_csv(
        bad, index=False
    )
    with pytest.raises(ValueError, match="repeated student ids"):
        course.read_roster(bad)
    pd.DataFrame({"id": ["1"]}).to_csv(bad, index=False)
    with pytest.raises(ValueError, match=r"\['student_id', 'name', 'email'\]"):
        course.read_roster(bad)
    adj = tmp_path / "adjustments.csv"
    pd.DataFrame({"student": ["a"], "adjustment": ["two"], "comment": [""]}).to_csv(
        adj, index=False
    )
    with pytest.raises(ValueError, match=r"'adjustment' of 'a'.*Got 'two'"):
        course.read_adjustments(adj, ["a"])


def test_submission_times_from_the_lms_and_the_deadline(tmp_path):
    nb = tmp_path / "a.ipynb"
    nb.write_text("{}")
    times = tmp_path / "times.csv"
    pd.DataFrame({"file": ["a.ipynb"], "submitted_at": ["2025-06-02T00:30:00+08:00"]}).to_csv(
        times, index=False
    )
    when = course.submission_times({"a": nb}, times)["a"]
    assert when.isoformat() == "2025-06-01T16:30:00+00:00"
    assert course.is_late(when, course.parse_deadline("2025-06-02T00:00+08:00"))
    assert not course.is_late(when, course.parse_deadline("2025-06-01T17:00"))  # UTC
    assert not course.is_late(when, None)
