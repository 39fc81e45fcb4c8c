"""Hygiene of the committed chapter notebooks.

nbval (run by the README's test command) re-executes every notebook and compares
each stored output with the fresh one. That comparison only means something when the
stored notebook is itself a clean top-to-bottom run, which is what these tests check.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jupyter_client.kernelspec import KernelSpecManager

from tools.nbtools import out_of_sync

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHAPTERS = {
    "00_getting_started",
    "01_crm_concepts",
    "02_customer_analysis",
    "03_rfm",
    "04_loyalty_factors",
    "05_satisfaction_profit",
    "06_clv_churn",
    "07_customer_database",
}
# Paths of the machine that executed a notebook must never be stored in it.
MACHINE_PATHS = re.compile(
    r"/root/|/tmp/|/work/|/home/[a-z]|/Users/[A-Za-z]|[A-Z]:\\\\Users|site-packages"
)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _ids(paths):
    return [p.stem for p in paths]


def test_there_are_notebooks():
    assert (ROOT / "notebooks" / "00_getting_started.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_named_after_a_chapter(path):
    assert path.stem in CHAPTERS, f"{path.name} is not one of the curriculum's chapter names"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_executed_top_to_bottom(path):
    cells = [c for c in _load(path)["cells"] if c["cell_type"] == "code"]
    counts = [c["execution_count"] for c in cells if "".join(c["source"]).strip()]
    assert counts, f"{path.name} has no code cells"
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts {counts} are not 1..n; "
        f"run `python3 kit.py execute {path.relative_to(ROOT).as_posix()}`"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_no_errors_or_stderr(path):
    for i, cell in enumerate(_load(path)["cells"]):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"{path.name} cell {i} stores an error"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), (
                f"{path.name} cell {i} writes to stderr (a warning?): fix it rather than hide it"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_kernelspec_exists_here(path):
    name = _load(path)["metadata"]["kernelspec"]["name"]
    assert name in KernelSpecManager().find_kernel_specs(), (
        f"{path.name} asks for kernel {name!r}, which this environment does not have"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_no_machine_paths(path):
    text = path.read_text(encoding="utf-8")
    match = MACHINE_PATHS.search(text)
    assert match is None, f"{path.name} stores a path of the machine that ran it: {match.group()!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_paired_and_in_sync(path):
    assert out_of_sync(path) is None, out_of_sync(path)


def test_every_py_twin_has_a_notebook():
    for py in sorted((ROOT / "notebooks" / "_sources").glob("*.py")):
        ipynb = ROOT / "notebooks" / f"{py.stem}.ipynb"
        assert ipynb.exists(), f"{py.name} has no executed twin notebooks/{ipynb.name}"


def test_students_see_each_chapter_once():
    """Only notebooks sit in notebooks/; their py:percent twins live in notebooks/_sources/."""
    assert not sorted((ROOT / "notebooks").glob("*.py")), (
        "a .py file sits beside the notebooks, where JupyterLab lists it as a second copy of "
        "the chapter: move it to notebooks/_sources/"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_starts_with_the_preamble(path):
    code = [c for c in _load(path)["cells"] if c["cell_type"] == "code"]
    assert "setup_notebook(" in "".join(code[0]["source"]), (
        f"{path.name}: the first code cell should call crmkit.setup_notebook()"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_reads_as_a_lesson(path):
    """Every chapter states objectives and ends with a summary."""
    text = "\n".join(
        "".join(c["source"]) for c in _load(path)["cells"] if c["cell_type"] == "markdown"
    ).lower()
    assert "objectives" in text or "you will learn" in text, f"{path.name} states no objectives"
    assert "summary" in text, f"{path.name} has no summary"
