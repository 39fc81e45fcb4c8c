"""Chapter 1 stays a lean concepts chapter that teaches every idea issue 18 lists.

Issue 18: chapter 1 had grown to 78 cells and about 7,600 words of prose, repeated
analyses that other chapters own, and left several management ideas of the sources
untaught. These tests read the stored notebook (what students open) and fail when the
chapter grows past 45 cells or 4,000 words of Markdown prose, when one of the section
headings that the seed-coverage table points at disappears, or when an analysis that
another chapter owns creeps back in. On the chapter before issue 18 the size tests fail
(78 cells, 7,629 words) and so does the headings test (none of the new sections existed).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = ROOT / "notebooks" / "01_crm_concepts.ipynb"
SOURCE = ROOT / "notebooks" / "_sources" / "01_crm_concepts.py"

MAX_CELLS = 45
MAX_PROSE_WORDS = 4000
#: Headings the seed-coverage table (docs/) points at; each must be a heading of chapter 1.
HEADINGS = [
    "Means of customer care",
    "Building a customer alliance",
    "Goals of CRM",
    "Guiding ideas",
    "Principles of maintaining relationships",
    "Recommendations",
    "Customer development strategy",
    "Employees as advocates",
    "CRM in Chinese firms",
    "Haier case study",
]
#: Code that another chapter owns (issue 18): chapter 2 the top-20% table, the
#: direct/indirect table and the exit reasons; chapter 6 the 2024 -> 2025 retention.
OWNED_ELSEWHERE = {
    "top-20% revenue table (chapter 2)": r"cumulative_share|top_shares|pareto_table",
    "direct/indirect table (chapter 2)": r"groupby\(\s*\"status\"",
    "exit reasons (chapter 2)": r"load_dataset\(\s*\"exits\"\s*\)|exit_reason",
    "2024 -> 2025 retention (chapter 6)": r"active\[2024\]|buyers_2024",
}


def _cells() -> list[dict]:
    return json.loads(CHAPTER.read_text(encoding="utf-8"))["cells"]


def _markdown() -> list[str]:
    return ["".join(c["source"]) for c in _cells() if c["cell_type"] == "markdown"]


def prose_words(markdown_cells: list[str]) -> int:
    """Words of prose as issue 18 counts them: ``\\w+`` runs over the Markdown cells."""
    return sum(len(re.findall(r"\w+", text)) for text in markdown_cells)


def headings(markdown_cells: list[str]) -> list[str]:
    """The text of every Markdown heading (``#`` to ``######``) of the cells."""
    return [
        m.group(1).strip()
        for text in markdown_cells
        for m in re.finditer(r"^#{1,6}\s+(.+)$", text, flags=re.MULTILINE)
    ]


def test_word_counter_counts_as_the_issue_does():
    # hand count: "CRM" "is" "a" "strategy" "客户关系管理" "1980s" -> 6 runs of \w
    assert prose_words(["CRM is a strategy (客户关系管理), 1980s."]) == 6
    assert prose_words(["## Goals of CRM\n\n- one\n- two"]) == 5


def test_heading_finder_sees_headings_only():
    cells = ["# Chapter 1\n\ntext ## not a heading\n### 8.2 Means of customer care (客户关怀手段)"]
    assert headings(cells) == ["Chapter 1", "8.2 Means of customer care (客户关怀手段)"]


def test_at_most_45_cells():
    n = len(_cells())
    assert n <= MAX_CELLS, f"chapter 1 has {n} cells; issue 18 allows at most {MAX_CELLS}"


def test_at_most_4000_words_of_prose():
    n = prose_words(_markdown())
    assert n <= MAX_PROSE_WORDS, (
        f"chapter 1 has {n} words of Markdown prose; issue 18 allows at most {MAX_PROSE_WORDS}"
    )


@pytest.mark.parametrize("name", HEADINGS)
def test_section_heading_exists(name):
    found = headings(_markdown())
    assert any(name in h for h in found), (
        f"chapter 1 has no heading containing {name!r} (the seed-coverage table points at it)"
    )


@pytest.mark.parametrize("name", HEADINGS)
def test_section_heading_starts_a_cell(name):
    """The coverage test (tests/repo/test_seed_coverage.py) reads a cell's first line as
    its heading, and a section as the cells up to the next heading as high."""
    firsts = [text.lstrip().splitlines()[0] for text in _markdown() if text.strip()]
    assert any(line.startswith("#") and name in line for line in firsts), (
        f"the heading containing {name!r} is not the first line of a Markdown cell"
    )


def test_static_tables_are_markdown_not_dataframes():
    code = "\n".join("".join(c["source"]) for c in _cells() if c["cell_type"] == "code")
    assert "pd.DataFrame(" not in code, "build static tables in Markdown, not pandas"
    assert "option_context" not in code


@pytest.mark.parametrize("what", sorted(OWNED_ELSEWHERE))
def test_no_analysis_that_another_chapter_owns(what):
    code = "\n".join("".join(c["source"]) for c in _cells() if c["cell_type"] == "code")
    assert not re.search(OWNED_ELSEWHERE[what], code), f"chapter 1 recomputes the {what}"


def test_self_check_asks_about_the_new_ideas():
    text = SOURCE.read_text(encoding="utf-8")
    quiz_code = text[text.index("questions = [") :]
    for idea in ["全员关怀意识", "客户联盟", "依赖依靠", "客户关系管理目标"]:
        assert idea in quiz_code, f"the self-check asks nothing about {idea}"
    prompts = quiz_code.count("Question(")
    assert quiz_code.count("explanations=[") == prompts, "every question needs its whys"


def _section_outputs(name: str) -> str:
    """The stored text output of the code cells under the heading containing ``name``."""
    cells, out, inside = _cells(), [], False
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and re.match(r"#{1,6}\s", text.lstrip()):
            inside = name in text.lstrip().splitlines()[0]
        elif inside and cell["cell_type"] == "code":
            for o in cell.get("outputs", []):
                out.append(
                    "".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                )
    return "\n".join(out)


def test_care_tier_gap_is_printed_with_its_intervals():
    """Review r1, item 23: the gold vs ordinary share resolved (69% vs 58%) was stated
    without an interval. The section prints each share's Wilson interval and the gap's."""
    out = _section_outputs("Means of customer care")
    assert "share_resolved" in out
    assert "ci_low" in out and "ci_high" in out, "each tier's share needs its interval"
    gap = re.search(
        r"gold minus ordinary (-?\d\.\d+) \(95% interval (-?\d\.\d+) to (-?\d\.\d+)\)", out
    )
    assert gap, "the gold minus ordinary gap needs its 95% interval"
    point, low, high = map(float, gap.groups())
    assert low < point < high
