"""The chapter facades crmkit.loyalty and crmkit.satisfaction: every name they exported
before the split is still importable from them, is the technique module's own object,
and the facades hold no logic. The technique modules never import a facade."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import crmkit

PACKAGE = Path(crmkit.__file__).parent

#: Every public name of the two modules before the split (issue 13), and its new home.
MOVED = {
    "loyalty": {
        "FACTORS": "loyalty_models",
        "LoyaltyFit": "loyalty_models",
        "average_variance_extracted": "scales",
        "compare_effects": "loyalty_models",
        "composite_reliability": "scales",
        "construct_items": "scales",
        "correlation_eigenvalues": "factors",
        "cronbach_alpha": "scales",
        "effect_difference": "loyalty_models",
        "factor_analysis": "factors",
        "factor_structure": "factors",
        "item_statistics": "scales",
        "latent_scores": "loyalty_models",
        "loyalty_model": "loyalty_models",
        "mediation_analysis": "mediation",
        "plot_effects": "loyalty_models",
        "plot_loadings": "factors",
        "plot_satisfaction_curve": "zones",
        "purchase_behaviour": "repurchase",
        "reliability": "scales",
        "repurchase_logit": "repurchase",
        "satisfaction_curve": "zones",
        "scale_scores": "scales",
        "stated_vs_actual": "repurchase",
        "true_effects": "loyalty_models",
        "true_mediation": "mediation",
    },
    "satisfaction": {
        "PANEL_MODELS": "panel",
        "ZONES": "zones",
        "branch_panel": "panel",
        "compare_panel_models": "panel",
        "panel_fit": "panel",
        "panel_power": "experiments",
        "plot_zone_curve": "zones",
        "profit_change": "panel",
        "rate_by_group": "rates",
        "rate_ratio": "rates",
        "share_claim": "rates",
        "true_branch_effects": "panel",
        "vary_world": "experiments",
        "zone_curve": "zones",
        "zone_slopes": "zones",
    },
}
TECHNIQUES = sorted({m for names in MOVED.values() for m in names.values()} | {"_columns"})
FACADES_AND_ABOVE = {
    "loyalty",
    "satisfaction",
    "customers",
    "rfm",
    "clv",
    "database",
    "exercises",
    "quiz",
    "widgets",
    "notebook",
}


@pytest.mark.parametrize("facade", sorted(MOVED))
def test_every_old_name_is_re_exported_from_its_new_home(facade):
    module = importlib.import_module(f"crmkit.{facade}")
    assert sorted(module.__all__) == sorted(MOVED[facade])
    for name, home in MOVED[facade].items():
        technique = importlib.import_module(f"crmkit.{home}")
        assert getattr(module, name) is getattr(technique, name), name
        assert name in technique.__all__, name


@pytest.mark.parametrize("facade", sorted(MOVED))
def test_facades_hold_no_logic(facade):
    tree = ast.parse((PACKAGE / f"{facade}.py").read_text(encoding="utf-8"))
    for node in tree.body:
        ok = isinstance(node, (ast.ImportFrom, ast.Import)) or (
            isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)  # docstring
        )
        ok = ok or (isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["__all__"])
        assert ok, f"{facade}.py line {node.lineno} is logic; move it to a technique module"


@pytest.mark.parametrize("name", TECHNIQUES)
def test_technique_modules_import_no_facade_and_stay_small(name):
    source = (PACKAGE / f"{name}.py").read_text(encoding="utf-8")
    assert source.count("\n") <= 600, f"{name}.py has grown past ~600 lines: split it"
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            targets = [parts[1]] if parts[0] == "crmkit" and len(parts) > 1 else []
            if node.module == "crmkit":
                targets = [alias.name for alias in node.names]
            bad = set(targets) & FACADES_AND_ABOVE
            assert not bad, f"crmkit.{name} imports {bad} (a facade or a higher layer)"
