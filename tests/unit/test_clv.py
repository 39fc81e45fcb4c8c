"""Tests for crmkit.clv, chapter 6's facade: every name it has ever offered still works.

The behaviour of each name is tested beside its module (test_cohorts, test_btyd_*,
test_value, test_churn, test_metrics); here only that the facade re-exports the very
same objects and holds no logic of its own.
"""

from __future__ import annotations

import inspect

import pytest

from crmkit import btyd, churn, clv, cohorts, metrics, value

NAMES = {
    "BGNBD": btyd.BGNBD,
    "ChurnLogit": churn.ChurnLogit,
    "GammaGamma": btyd.GammaGamma,
    "auc": metrics.auc,
    "calibration_holdout": btyd.calibration_holdout,
    "calibration_table": metrics.calibration_table,
    "care_tiers": churn.care_tiers,
    "churn_features": churn.churn_features,
    "cohort_retention": cohorts.cohort_retention,
    "cohort_table": cohorts.cohort_table,
    "compare_tiers": churn.compare_tiers,
    "compare_with_truth": value.compare_with_truth,
    "customer_lifetime_value": value.customer_lifetime_value,
    "plot_alive_vs_truth": value.plot_alive_vs_truth,
    "plot_cohort_heatmap": cohorts.plot_cohort_heatmap,
    "plot_holdout": btyd.plot_holdout,
    "retention_clv": value.retention_clv,
    "retention_curve": cohorts.retention_curve,
    "world_truth": value.world_truth,
}


@pytest.mark.parametrize("name", sorted(NAMES))
def test_every_chapter_name_is_the_technique_modules_object(name):
    assert getattr(clv, name) is NAMES[name]


def test_the_facade_exports_exactly_the_chapter_names_and_defines_nothing():
    assert sorted(clv.__all__) == sorted(NAMES)
    own = [
        n
        for n, obj in vars(clv).items()
        if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == "crmkit.clv"
    ]
    assert own == []
