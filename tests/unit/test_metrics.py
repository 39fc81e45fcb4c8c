"""Tests for crmkit.metrics: the AUC and the calibration table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit import metrics


def test_auc_by_hand():
    # pairs (pos, neg): 0.35 > 0.1, 0.35 < 0.4, 0.8 > both: 3 of 4
    assert metrics.auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    assert metrics.auc([False, True], [0.5, 0.5]) == 0.5  # a tie counts one half
    assert metrics.auc([0, 1], [0.9, 0.1]) == 0.0
    with pytest.raises(ValueError, match="both outcomes"):
        metrics.auc([1, 1], [0.1, 0.2])
    with pytest.raises(ValueError, match="yes/no"):
        metrics.auc([0, 2], [0.1, 0.2])
    with pytest.raises(ValueError, match="one value per"):
        metrics.auc([0, 1], [0.1])
    with pytest.raises(TypeError, match="numeric"):
        metrics.auc([0, 1], ["a", "b"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.floats(0, 1)), min_size=2, max_size=40))
def test_auc_flips_with_the_score(pairs):
    y = [p[0] for p in pairs]
    s = np.array([p[1] for p in pairs])
    if len(set(y)) < 2:
        return
    assert metrics.auc(y, s) + metrics.auc(y, -s) == pytest.approx(1.0)


def test_calibration_table_by_hand():
    out = metrics.calibration_table([0, 0, 1, 0, 1, 1], [0.1, 0.2, 0.3, 0.6, 0.7, 0.9], groups=2)
    # lowest three: mean 0.2, one of three churned; highest three: mean 0.7333, two of three
    assert out["customers"].tolist() == [3, 3]
    assert out["mean_predicted"].tolist() == pytest.approx([0.2, 2.2 / 3])
    assert out["observed_rate"].tolist() == pytest.approx([1 / 3, 2 / 3])
    with pytest.raises(ValueError, match="'groups'"):
        metrics.calibration_table([0, 1], [0.1, 0.2], groups=1)
    with pytest.raises(ValueError, match="'groups'"):
        metrics.calibration_table([0, 1], [0.1, 0.2], groups=3)
    with pytest.raises(ValueError, match="probabilities"):
        metrics.calibration_table([0, 1], [0.1, 1.2], groups=2)


def test_auc_matches_two_series_by_index():
    # issue 14: the score used to be paired by position, giving 0.0; by label it is 1.0
    y = pd.Series([0, 1, 0, 1])
    score = pd.Series([0.9, 0.1, 0.8, 0.2], index=[1, 0, 3, 2])
    assert metrics.auc(y, score) == 1.0
    assert metrics.auc(y, score.sort_index()) == 1.0
    with pytest.raises(ValueError, match=r"'y_true' and 'score'.*same index labels"):
        metrics.auc(y, score.set_axis([5, 6, 7, 8]))
    with pytest.raises(ValueError, match=r"'score'.*unique index"):
        metrics.auc(y, score.set_axis([0, 0, 1, 2]))
    # a plain list is matched by position, as before
    assert metrics.auc(y, [0.1, 0.9, 0.2, 0.8]) == 1.0


def test_calibration_table_matches_two_series_by_index():
    y = pd.Series([0, 0, 1, 1], index=["a", "b", "c", "d"])
    p = pd.Series([0.9, 0.8, 0.1, 0.2], index=["c", "d", "a", "b"])
    out = metrics.calibration_table(y, p, groups=2)
    assert out["observed_rate"].tolist() == [0.0, 1.0]  # the low predictions are a and b
    with pytest.raises(ValueError, match=r"'prob'.*finite"):
        metrics.calibration_table([0, 1], [0.1, np.inf], groups=2)
    with pytest.raises(ValueError, match="'groups'"):
        metrics.calibration_table([0, 1] * 600, [0.5] * 1200, groups=1001)
