"""The feedback file a student gets: score, points per question, each check's sentence.

Rendered from the final points (after every grading rule), never edited afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tools.exercises.sets import ID_VARIABLE


def fmt_points(x: float) -> str:
    return f"{x:g}"


@dataclass(frozen=True)
class Graded:
    """One submission after grading: what the feedback and the gradebook are made of.

    Attributes
    ----------
    student : str
        The file stem.
    student_id : str
        The ``STUDENT_ID`` the notebook set ("" if none).
    id_status : str
        ``ok``, ``empty``, ``unquoted`` or ``unreadable``.
    result : dict
        The run's plain result (``questions``, ``error``, ``cell_errors``, ``flags``).
    points : dict of str to float
        Final points per question, every rule applied.
    status : str
        ``graded``, ``no id``, ``flagged`` or ``error: <kind>``.
    notes : tuple of str
        Sentences for the student's feedback (shared id, id required, ...).
    flags : tuple of str
        Reasons for the instructor to look at this submission (gradebook only).
    """

    student: str
    student_id: str
    id_status: str
    result: dict[str, Any]
    points: dict[str, float]
    status: str
    notes: tuple[str, ...] = ()
    flags: tuple[str, ...] = field(default=())
    adjustment: float = 0.0
    comment: str = ""

    @property
    def total(self) -> float:
        """Points of the questions plus the instructor's manual adjustment."""
        return float(sum(self.points.values())) + self.adjustment


def _id_lines(g: Graded) -> list[str]:
    if g.student_id:
        return [f"Your data came from student id `{g.student_id}`."]
    if g.id_status == "unquoted":
        return [
            f"Your `{ID_VARIABLE}` is a number, not text: type it between quotes, like "
            f'`{ID_VARIABLE} = "2025123456"`. Without quotes the notebook stops at the '
            "first cell that loads data."
        ]
    if g.id_status == "empty" and not g.result["error"]:
        return [
            f"You did not enter a `{ID_VARIABLE}`, so your notebook used the shared practice "
            f'data. Next time, type your id between the quotes of the `{ID_VARIABLE} = ""` '
            "cell near the top."
        ]
    return []


def _error_lines(error: str) -> list[str]:
    return [
        "Your notebook could not be graded, so every question scores 0. The grader said:",
        "",
        f"    {error}",
        "",
        "Check that you submitted the notebook of this exercise set, that it opens in "
        "Jupyter, and that it runs from top to bottom (Kernel > Restart & Run All).",
        "",
    ]


def _case_lines(res: dict[str, Any], practice: set[str], student_id: str) -> list[str]:
    lines, said = [], set()
    for case in res["cases"]:
        is_practice = case.get("name") in practice
        if is_practice and student_id:
            continue  # on the student's own data the hidden check decides
        if case["hidden"]:
            kind = "hidden check (is the value right for your data?)"
        elif is_practice:
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
    return lines


def render_feedback(set_name: str, questions: dict[str, dict[str, Any]], g: Graded) -> str:
    """The student's feedback file (markdown) for one graded submission."""
    possible = sum(q["possible"] for q in questions.values())
    lines = [f"# Feedback on {set_name}: {g.student}", ""]
    lines += _id_lines(g)
    lines += list(g.notes)
    lines += ["", f"**Score: {fmt_points(g.total)} / {fmt_points(possible)}**", ""]
    if g.adjustment or g.comment:
        said = f"{g.adjustment:+g} point(s)" if g.adjustment else "no change to the points"
        lines += [f"Your instructor's adjustment: {said}. {g.comment}".rstrip(), ""]
    if g.result["error"]:
        lines += _error_lines(g.result["error"])
    lines += ["| question | points | possible |", "|---|---|---|"]
    for q, info in questions.items():
        lines.append(
            f"| {q} | {fmt_points(g.points.get(q, 0.0))} | {fmt_points(info['possible'])} |"
        )
    lines.append("")
    for q, info in questions.items():
        res = g.result["questions"].get(q)
        lines += [
            f"## {q}: {fmt_points(g.points.get(q, 0.0))} / {fmt_points(info['possible'])}",
            "",
        ]
        if res is None:
            lines += ["Not graded (see above).", ""]
            continue
        practice = {c["name"] for c in info.get("cases", []) if c.get("practice")}
        lines += _case_lines(res, practice, g.student_id)
        lines.append("")
    if g.result["cell_errors"]:
        lines += [
            "## Errors while running your notebook",
            "",
            "These cells raised an error when the grader ran your notebook from top to "
            "bottom; answers set in or after them may be missing:",
            "",
        ]
        lines += [f"- `{e['cell']}`: {e['error']}" for e in g.result["cell_errors"][:10]]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
