"""No result is printed by two chapters (issue 18).

Each analysis is printed by the chapter that owns it (chapter 2: concentration, the
customer composition, exit reasons; chapter 6: retention and cohorts; ...); another
chapter that needs the result reuses the crmkit call and points to the owner in a
sentence, without printing the table again. ``tools.repeats`` compares the numbers of
every stored output of every chapter notebook with those of every other chapter; see its
docstring for the rules (formatting does not matter, trivial numbers do not count, and a
pair is listed only when chance cannot explain the shared numbers).

The second test proves the check finds the repeats issue 18 reported, in the notebooks
as they were before the issue was worked on (commit 0cc5bc6); it needs the git history,
which a fresh clone has.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tools.repeats import find_repeats, load_notebooks, output_texts, parse_numbers

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
BEFORE_ISSUE_18 = "0cc5bc6"

# Deliberate reminders: (chapter, chapter, a number both print, why it is printed twice).
# Keep it empty unless a chapter truly needs to show another chapter's table again.
DELIBERATE_REMINDERS: tuple[tuple[str, str, str, str], ...] = ()


def _first_line(notebook: dict, cell: int) -> str:
    lines = "".join(notebook["cells"][cell]["source"]).strip().splitlines()
    return lines[0][:70] if lines else ""


def _allowed(row) -> bool:
    pair = {row.chapter_a, row.chapter_b}
    return any(
        pair == {a, b} and number in row.numbers.split() for a, b, number, _ in DELIBERATE_REMINDERS
    )


def test_no_table_is_printed_by_two_chapters():
    notebooks = load_notebooks(NOTEBOOKS)
    names = {name.split("_")[0]: name for name in notebooks}
    found = find_repeats(notebooks)
    found = found[[not _allowed(row) for row in found.itertuples()]]
    lines = [
        f"chapter {r.chapter_a} cell {r.cell_a} ({_first_line(notebooks[names[r.chapter_a]], r.cell_a)!r})"
        f" and chapter {r.chapter_b} cell {r.cell_b}"
        f" ({_first_line(notebooks[names[r.chapter_b]], r.cell_b)!r}) both print"
        f" {r.numbers} ({r.shared} numbers; {r.expected:.3f} expected by chance)"
        for r in found.itertuples()
    ]
    assert not lines, (
        "these results are printed by two chapters; keep the table in the chapter that owns "
        "it and point to it from the other:\n" + "\n".join(lines)
    )


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    )


def _old_notebooks() -> dict[str, dict]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("no git history here: the proof reads the notebooks of commit 0cc5bc6")
    if _git("cat-file", "-e", f"{BEFORE_ISSUE_18}^{{commit}}").returncode != 0:
        pytest.skip(f"commit {BEFORE_ISSUE_18} is not in this clone's history (shallow clone?)")
    listed = _git("ls-tree", "--name-only", BEFORE_ISSUE_18, "notebooks/").stdout.split()
    return {
        Path(name).stem: json.loads(_git("show", f"{BEFORE_ISSUE_18}:{name}").stdout)
        for name in listed
        if name.endswith(".ipynb")
    }


def test_the_check_finds_the_repeats_issue_18_reported():
    found = find_repeats(_old_notebooks())
    pairs = {
        (r.chapter_a, r.chapter_b, number)
        for r in found.itertuples()
        for number in r.numbers.split()
    }
    reported = {
        "top-20% revenue share, chapters 1 and 2": ("01", "02", "0.661"),
        "top-20% revenue share with its interval, chapters 2 and 5": ("02", "05", "0.661"),
        "ABC tiers of revenue, chapters 2 and 7": ("02", "07", "841"),
        "direct / indirect customers, chapters 1 and 2": ("01", "02", "2737"),
        "exit reasons, chapters 1 and 2": ("01", "02", "0.407"),
        "2024 -> 2025 retention, chapters 0 and 1": ("00", "01", "1,322"),
    }
    missed = [what for what, key in reported.items() if key not in pairs]
    assert not missed, f"the check missed: {missed}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_the_check_reads_every_chapter(path):
    """The first test would pass vacuously if the outputs could not be read."""
    notebook = json.loads(path.read_text("utf-8"))
    compared = [t for _, _, t in output_texts(notebook) if len(parse_numbers(t)) >= 2]
    assert compared, f"{path.name}: no output with numbers was read"
