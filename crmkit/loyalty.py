"""Chapter 4, loyalty and its factors (客户忠诚): where each idea now lives.

This module is a facade: it holds no logic and re-exports the names chapter 4 and its
exercises use, so ``from crmkit import loyalty`` and ``loyalty.scale_scores(...)`` keep
working. Each idea lives in one technique module:

==============================  =========================================================
:mod:`crmkit.scales`            ``construct_items``, ``scale_scores``, ``cronbach_alpha``,
                                ``composite_reliability``, ``average_variance_extracted``,
                                ``reliability``, ``item_statistics``
:mod:`crmkit.factors`           ``correlation_eigenvalues``, ``factor_analysis``,
                                ``factor_structure``, ``plot_loadings``
:mod:`crmkit.loyalty_models`    ``FACTORS``, ``latent_scores``, ``true_effects``,
                                ``LoyaltyFit``, ``loyalty_model``, ``compare_effects``,
                                ``effect_difference``, ``plot_effects``
:mod:`crmkit.repurchase`        ``stated_vs_actual``, ``purchase_behaviour`` (behavioural
                                loyalty from the log after the survey),
                                ``repurchase_logit``
:mod:`crmkit.mediation`         ``mediation_analysis`` (seeded bootstrap intervals),
                                ``true_mediation``
:mod:`crmkit.zones`             ``satisfaction_curve``, ``plot_satisfaction_curve`` (the
                                curve belongs with the zones of satisfaction)
==============================  =========================================================
"""

from __future__ import annotations

from crmkit.factors import (
    correlation_eigenvalues,
    factor_analysis,
    factor_structure,
    plot_loadings,
)
from crmkit.loyalty_models import (
    FACTORS,
    LoyaltyFit,
    compare_effects,
    effect_difference,
    latent_scores,
    loyalty_model,
    plot_effects,
    true_effects,
)
from crmkit.mediation import mediation_analysis, true_mediation
from crmkit.repurchase import purchase_behaviour, repurchase_logit, stated_vs_actual
from crmkit.scales import (
    average_variance_extracted,
    composite_reliability,
    construct_items,
    cronbach_alpha,
    item_statistics,
    reliability,
    scale_scores,
)
from crmkit.zones import plot_satisfaction_curve, satisfaction_curve

__all__ = [
    "FACTORS",
    "LoyaltyFit",
    "average_variance_extracted",
    "compare_effects",
    "composite_reliability",
    "construct_items",
    "correlation_eigenvalues",
    "cronbach_alpha",
    "effect_difference",
    "factor_analysis",
    "factor_structure",
    "item_statistics",
    "latent_scores",
    "loyalty_model",
    "mediation_analysis",
    "plot_effects",
    "plot_loadings",
    "plot_satisfaction_curve",
    "purchase_behaviour",
    "reliability",
    "repurchase_logit",
    "satisfaction_curve",
    "scale_scores",
    "stated_vs_actual",
    "true_effects",
    "true_mediation",
]
