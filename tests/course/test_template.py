"""The own-data template (templates/own_data.ipynb) runs end to end on real files.

The template is not a chapter: its outputs depend on the user's file, so it is kept
without outputs and run here fresh, on CDNOW's master file (as delivered) and on a
Parquet export of the synthetic world (its parameters cell changed as a user would).
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

import crmkit
from crmkit.log_import import write_parquet

ROOT = Path(__file__).resolve().parents[2]

TEMPLATE = ROOT / "templates" / "own_data.ipynb"


def _run(nb: nbformat.NotebookNode, folder) -> str:
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"{out.get('ename')}: {out.get('evalue')}"
            texts.append(out.get("text", "") or out.get("data", {}).get("text/plain", ""))
    return "\n".join(texts)


def _with_parameters(nb: nbformat.NotebookNode, source: str) -> nbformat.NotebookNode:
    (cell,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    cell.source = source
    return nb


def test_the_template_is_stored_without_outputs_and_paired():
    nb = nbformat.read(TEMPLATE, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    twin = TEMPLATE.with_suffix(".py")
    assert jupytext.writes(nb, fmt="py:percent") == twin.read_text(encoding="utf-8"), (
        "templates/own_data.py and .ipynb differ: edit the .py, then "
        "`jupytext --to ipynb templates/own_data.py`"
    )


@pytest.mark.slow
def test_runs_on_cdnow_master_file(tmp_path):
    pytest.importorskip("lifetimes")
    text = _run(nbformat.read(TEMPLATE, as_version=4), tmp_path)
    assert "0 of 69659 rows cannot be used" in text
    assert "23570 customers in 125 RFM cells" in text
    assert "hold-out purchases: predicted" in text


@pytest.mark.slow
def test_runs_on_a_parquet_export_of_the_world(tmp_path):
    tx = crmkit.load_dataset("transactions")
    (tmp_path / "export").mkdir()
    write_parquet(tx, tmp_path / "export" / "transactions.parquet")
    params = f"""
SOURCE = {str(tmp_path / "export")!r}
COLUMNS = {{"customer_id": "customer_id", "date": "order_date", "amount": "revenue",
           "order_id": "order_id"}}
OPTIONS = {{}}
AS_OF = "2025-12-31"
CALIBRATION_END = "2024-12-31"
HOLDOUT_END = "2025-12-31"
UNIT_DAYS = 7
NONPOSITIVE = "exclude"
"""
    nb = _with_parameters(nbformat.read(TEMPLATE, as_version=4), params)
    text = _run(nb, tmp_path)
    assert f"0 of {len(tx)} rows cannot be used" in text
    assert "hold-out purchases: predicted" in text
