"""Tests for crmkit.rfm, the chapter 3 facade: every name it had is still importable
from it, is the object of the module it now lives in, and it holds no logic."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from crmkit import mailing, rfm, rfm_scoring, segments, summaries

# every public name crmkit.rfm had before the split, and where it lives now
MOVED = {
    "rfm_summary": summaries,
    "RFMScores": rfm_scoring,
    "rfm_score": rfm_scoring,
    "DEFAULT_RULES": segments,
    "segment": segments,
    "plot_segments": segments,
    "mailing_analysis": mailing,
    "gains_table": mailing,
    "plot_gains": mailing,
    "plot_rfm_heatmap": mailing,
}


@pytest.mark.parametrize("name", sorted(MOVED))
def test_old_names_are_the_new_objects(name):
    assert getattr(rfm, name) is getattr(MOVED[name], name)
    assert name in rfm.__all__


def test_explorer_names_come_from_widgets_on_first_use():
    from crmkit import widgets

    assert rfm.rfm_explorer is widgets.rfm_explorer
    assert rfm.RFMExplorer is widgets.RFMExplorer
    from crmkit.rfm import RFMExplorer, rfm_explorer  # noqa: F401  (old import lines work)


def test_importing_the_facade_does_not_import_ipywidgets():
    code = "import sys, crmkit.rfm; print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_name_in_all_resolves():
    for name in rfm.__all__:
        assert getattr(rfm, name) is not None


def test_module_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = rfm.nope


def test_the_facade_defines_no_logic():
    tree = ast.parse(Path(rfm.__file__).read_text(encoding="utf-8"))
    functions = [n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)]
    assert functions == ["__getattr__"]
