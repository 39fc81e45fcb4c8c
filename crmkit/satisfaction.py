"""Chapter 5, satisfaction and profit (满意度与利润): where each idea now lives.

This module is a facade: it holds no logic and re-exports the names chapter 5 and its
exercises use, so ``from crmkit import satisfaction`` and
``satisfaction.rate_ratio(...)`` keep working. Each idea lives in one technique module:

==============================  =========================================================
:mod:`crmkit.rates`             ``rate_by_group``, ``rate_ratio``, ``share_claim``
:mod:`crmkit.zones`             ``ZONES``, ``zone_slopes``, ``zone_curve``,
                                ``plot_zone_curve`` (and the observed
                                ``satisfaction_curve`` of chapter 4)
:mod:`crmkit.panel`             ``branch_panel``, ``panel_fit``, ``true_branch_effects``,
                                ``PANEL_MODELS``, ``compare_panel_models``,
                                ``profit_change``
:mod:`crmkit.experiments`       ``vary_world``, ``panel_power``
==============================  =========================================================
"""

from __future__ import annotations

from crmkit.experiments import panel_power, vary_world
from crmkit.panel import (
    PANEL_MODELS,
    branch_panel,
    compare_panel_models,
    panel_fit,
    profit_change,
    true_branch_effects,
)
from crmkit.rates import rate_by_group, rate_ratio, share_claim
from crmkit.zones import ZONES, plot_zone_curve, zone_curve, zone_slopes

__all__ = [
    "PANEL_MODELS",
    "ZONES",
    "branch_panel",
    "compare_panel_models",
    "panel_fit",
    "panel_power",
    "plot_zone_curve",
    "profit_change",
    "rate_by_group",
    "rate_ratio",
    "share_claim",
    "true_branch_effects",
    "vary_world",
    "zone_curve",
    "zone_slopes",
]
