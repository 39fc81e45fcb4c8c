"""The seed-coverage table in ``docs/sources.md`` points at things that exist.

Issue 18: every management idea of the source articles is taught where it belongs, and
the table that says where cannot drift from the notebooks. For each row this test checks
that

- the notebook exists and has a Markdown heading containing the section's name;
- where the row names a printed result, that text appears in the stored output of a code
  cell inside that section (between its heading and the next heading of the same or a
  higher level);
- every row names an exercise question or a self-check question: for a question, the
  set's master has its hidden test; for the self-check, a ``Question(`` cell of the
  notebook contains the phrase.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "docs" / "sources.md"
SEEDS = {"000", "001", "002", "003", "004"}
NONE = "—"


def _rows() -> list[dict[str, str]]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| idea |"))
    header = [c.strip() for c in lines[start].strip("|").split("|")]
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


ROWS = _rows()


def _notebook(stem: str) -> list[dict]:
    path = ROOT / "notebooks" / f"{stem}.ipynb"
    assert path.exists(), f"the coverage table names {path.name}, which does not exist"
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _headings(cell: dict) -> list[tuple[int, str]]:
    """Every Markdown heading of a cell, as (level, text)."""
    if cell["cell_type"] != "markdown":
        return []
    lines = "".join(cell["source"]).splitlines()
    return [
        (len(m.group(1)), m.group(2)) for m in map(re.compile(r"(#+)\s+(.*)").match, lines) if m
    ]


def _section(cells: list[dict], name: str) -> list[dict]:
    """The cells after the heading containing ``name``, up to the next heading as high."""
    for i, cell in enumerate(cells):
        found = [h for h in _headings(cell) if name.lower() in h[1].lower()]
        if found:
            level, out = found[0][0], []
            for later in cells[i + 1 :]:
                if any(other[0] <= level for other in _headings(later)):
                    break
                out.append(later)
            return out
    headings = [h[1] for cell in cells for h in _headings(cell)]
    raise AssertionError(f"no heading contains {name!r}; the headings are {headings}")


def _output_text(cell: dict) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if "text" in out:
            parts.append("".join(out["text"]))
        for kind in ("text/plain", "text/html", "text/markdown"):
            parts.append("".join(out.get("data", {}).get(kind, "")))
    return "\n".join(parts)


def _where(row: dict[str, str]) -> tuple[str, str]:
    match = re.fullmatch(r"`(\w+)` § (.+)", row["taught in"])
    assert match, f"'taught in' must read `notebook` § Section name, got {row['taught in']!r}"
    return match.group(1), match.group(2).strip()


def test_the_table_has_the_ideas_issue_18_lists():
    ideas = " ".join(row["idea"].lower() for row in ROWS)
    for idea in [
        "customer share",
        "customer value analysis",
        "return on satisfaction",
        "customer development strategy",
        "employees as advocates",
        "means of customer care",
        "customer alliance",
        "chief executives",
        "goals of crm",
        "guiding ideas",
        "principles of maintaining relationships",
        "recommendations",
        "standards for measuring loyalty",
        "two stages of building a customer database",
        "crm in chinese firms",
        "winning back lost customers",
        "haier",
        "composition by region",
    ]:
        assert idea in ideas, f"no row of docs/sources.md teaches {idea!r}"
    assert {row["source"] for row in ROWS} <= SEEDS | {NONE}


@pytest.mark.parametrize("row", ROWS, ids=[r["idea"][:40] for r in ROWS])
def test_each_row_points_at_an_existing_section(row):
    stem, name = _where(row)
    assert _section(_notebook(stem), name) is not None


MEASURED = [row for row in ROWS if row["printed"] != NONE]


def test_the_world_measures_the_computable_ideas():
    """The ideas the world can measure print a result: care, customer share, region."""
    measured = " ".join(row["idea"].lower() for row in MEASURED)
    for idea in ["customer share", "composition by region", "means of customer care"]:
        assert idea in measured, f"{idea!r} has no printed result in docs/sources.md"


@pytest.mark.parametrize("row", MEASURED, ids=[r["idea"][:40] for r in MEASURED])
def test_each_printed_result_is_in_its_section(row):
    stem, name = _where(row)
    text = "\n".join(_output_text(c) for c in _section(_notebook(stem), name))
    wanted = row["printed"].strip("`")
    assert wanted in text, f"{stem} § {name} prints no {wanted!r}"


@pytest.mark.parametrize("row", ROWS, ids=[r["idea"][:40] for r in ROWS])
def test_each_exercise_exists(row):
    for item in [p.strip() for p in row["exercised"].split(";") if p.strip()]:
        if (match := re.fullmatch(r"set (\d\d) (q\d+)", item)) is not None:
            number, question = match.groups()
            (master,) = (ROOT / "exercises" / "_masters").glob(f"{number}_*.py")
            source = master.read_text(encoding="utf-8")
            assert f"def test_{question}_" in source, f"set {number} has no {question}"
        elif (match := re.fullmatch(r'self-check "(.+)"', item)) is not None:
            stem, _ = _where(row)
            quiz = "\n".join(
                "".join(c["source"])
                for c in _notebook(stem)
                if c["cell_type"] == "code" and "Question(" in "".join(c["source"])
            )
            assert match.group(1).lower() in quiz.lower(), (
                f"{stem}'s self-check has no question on {match.group(1)!r}"
            )
        else:
            raise AssertionError(f"cannot read the exercise reference {item!r}")


def test_every_idea_is_asked_about():
    """Issue 18: each idea is asked about in the chapter's self-check or an exercise set."""
    unasked = [row["idea"] for row in ROWS if row["exercised"] in ("", NONE)]
    assert not unasked, f"no self-check or exercise question asks about {unasked}"
