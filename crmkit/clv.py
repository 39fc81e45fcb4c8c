"""Customer lifetime value and churn (客户终生价值与流失): chapter 6's names, in one place.

This module holds no logic. Chapter 6 and exercise set 06 call these names through
``from crmkit import clv``; each idea lives in its own technique module:

=====================================  ================================================
:mod:`crmkit.cohorts`                  :func:`cohort_retention`, :func:`cohort_table`,
                                       :func:`retention_curve`,
                                       :func:`plot_cohort_heatmap`
:mod:`crmkit.btyd`                     :class:`BGNBD` (:mod:`crmkit.btyd.bgnbd`),
                                       :class:`GammaGamma`
                                       (:mod:`crmkit.btyd.gamma_gamma`), their shared
                                       base fitter (:mod:`crmkit.btyd.base`),
                                       :func:`calibration_holdout` and
                                       :func:`plot_holdout` (:mod:`crmkit.btyd.holdout`)
:mod:`crmkit.value`                    :func:`retention_clv`,
                                       :func:`customer_lifetime_value`,
                                       :func:`world_truth`, :func:`compare_with_truth`,
                                       :func:`plot_alive_vs_truth`
:mod:`crmkit.churn`                    :class:`ChurnLogit`, :func:`churn_features`,
                                       :func:`care_tiers`, :func:`compare_tiers`
:mod:`crmkit.metrics`                  :func:`auc`, :func:`calibration_table`
=====================================  ================================================

Time units: the models work on the buy-till-you-die summary of
:func:`crmkit.summaries.btyd_summary` (purchases counted by day), with recency and
``T`` divided by ``unit_days`` (default 7: weeks, the unit of the CDNOW papers).
"""

from __future__ import annotations

from crmkit.btyd.bgnbd import BGNBD
from crmkit.btyd.gamma_gamma import GammaGamma
from crmkit.btyd.holdout import calibration_holdout, plot_holdout
from crmkit.churn import ChurnLogit, care_tiers, churn_features, compare_tiers
from crmkit.cohorts import cohort_retention, cohort_table, plot_cohort_heatmap, retention_curve
from crmkit.metrics import auc, calibration_table
from crmkit.value import (
    compare_with_truth,
    customer_lifetime_value,
    plot_alive_vs_truth,
    retention_clv,
    world_truth,
)

__all__ = [
    "BGNBD",
    "ChurnLogit",
    "GammaGamma",
    "auc",
    "calibration_holdout",
    "calibration_table",
    "care_tiers",
    "churn_features",
    "cohort_retention",
    "cohort_table",
    "compare_tiers",
    "compare_with_truth",
    "customer_lifetime_value",
    "plot_alive_vs_truth",
    "plot_cohort_heatmap",
    "plot_holdout",
    "retention_clv",
    "retention_curve",
    "world_truth",
]
