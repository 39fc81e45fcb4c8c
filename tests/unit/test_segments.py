"""Tests for crmkit.segments: named segments from a rule table, and their bar chart."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmkit.rfm_scoring import rfm_score
from crmkit.segments import DEFAULT_RULES, segment


def make_summary(recency, frequency, monetary, index=None) -> pd.DataFrame:
    n = len(recency)
    return pd.DataFrame(
        {
            "recency": recency,
            "frequency": frequency,
            "monetary_total": np.asarray(monetary, dtype=float),
        },
        index=pd.Index(index if index is not None else np.arange(1, n + 1), name="customer_id"),
    )


@pytest.fixture
def summary4() -> pd.DataFrame:
    return make_summary([1, 2, 10, 20], [6, 8, 1, 3], [400, 300, 200, 100])


# ------------------------------------------------------------------------------------
# segments
# ------------------------------------------------------------------------------------


def test_default_rules_cover_every_quintile_cell_once():
    grid = pd.MultiIndex.from_product([range(1, 6)] * 3, names=["R", "F", "M"]).to_frame(
        index=False
    )
    out = segment(grid)
    assert (out["segment"] != "Other").all()
    assert len(out) == 125
    # spot checks against the rule table
    lookup = out.set_index(["R", "F", "M"])["segment"]
    assert lookup[(5, 5, 1)] == "Champions"
    assert lookup[(1, 4, 5)] == "Can't lose"
    assert lookup[(1, 4, 3)] == "At risk"
    assert lookup[(5, 1, 5)] == "New"
    assert lookup[(2, 1, 1)] == "Lost"
    assert list(out["segment"].cat.categories) == [*DEFAULT_RULES["segment"], "Other"]


def test_segment_takes_rfmscores_and_keeps_columns(summary4):
    res = rfm_score(summary4, bins=2)
    out = segment(res)
    assert {"R", "F", "M", "cell", "segment"} <= set(out.columns)
    assert out.index.equals(res.scores.index)


def test_unmatched_customers_land_in_other():
    rules = pd.DataFrame(
        {
            "segment": ["Best"],
            "r_min": [5],
            "r_max": [5],
            "f_min": [5],
            "f_max": [5],
            "m_min": [1],
            "m_max": [5],
        }
    )
    out = segment(pd.DataFrame({"R": [5, 4], "F": [5, 5], "M": [3, 3]}), rules)
    assert out["segment"].astype(str).tolist() == ["Best", "Other"]
    assert list(out["segment"].cat.categories) == ["Best", "Other"]


def test_a_segment_may_span_several_boxes():
    rules = pd.DataFrame(
        {
            "segment": ["Edge", "Edge"],
            "r_min": [1, 5],
            "r_max": [1, 5],
            "f_min": [1, 1],
            "f_max": [5, 5],
            "m_min": [1, 1],
            "m_max": [5, 5],
        }
    )
    out = segment(pd.DataFrame({"R": [1, 3, 5], "F": [2, 2, 2], "M": [1, 1, 1]}), rules)
    assert out["segment"].astype(str).tolist() == ["Edge", "Other", "Edge"]


def test_overlapping_rules_are_an_error_naming_both():
    rules = DEFAULT_RULES.copy()
    rules.loc[1, "r_min"] = 2  # Loyal now R 2-3, F 4-5: overlaps "Can't lose" at R=2
    with pytest.raises(
        ValueError,
        match=r"Rules 'Loyal' \(row 1\) and \"Can't lose\" \(row 2\) .* overlap: the cell "
        r"R=2, F=4, M=4 matches both",
    ):
        segment(pd.DataFrame({"R": [1], "F": [1], "M": [1]}), rules)


def test_bad_rules():
    s = pd.DataFrame({"R": [1], "F": [1], "M": [1]})
    with pytest.raises(ValueError, match="no column 'm_max'"):
        segment(s, DEFAULT_RULES.drop(columns="m_max"))
    flipped = DEFAULT_RULES.copy()
    flipped.loc[0, ["r_min", "r_max"]] = [5, 4]
    with pytest.raises(ValueError, match=r"'Champions' .* r_min = 5 above r_max = 4"):
        segment(s, flipped)
    holes = DEFAULT_RULES.astype({"f_min": float})
    holes.loc[2, "f_min"] = np.nan
    with pytest.raises(ValueError, match=r"'f_min' column .* integer score bound"):
        segment(s, holes)
    halves = DEFAULT_RULES.astype({"f_min": float})
    halves.loc[2, "f_min"] = 3.5
    with pytest.raises(ValueError, match="whole-number"):
        segment(s, halves)
    with pytest.raises(ValueError, match=r"no column 'F'"):
        segment(pd.DataFrame({"R": [1], "M": [1]}))


def test_identical_customers_are_not_all_called_new():
    # issue 14: with ties going to the best R and the worst F, identical customers all
    # scored 511 and segment() called every one of them "New". With one tie rule they
    # score 111 on every axis (rfm_score warns that its codes collapsed), which the
    # default rules call "Lost": the lowest codes, as on F and M.
    with pytest.warns(UserWarning, match="distinct value"):
        scores = rfm_score(make_summary([30] * 8, [2] * 8, [100.0] * 8))
    assert set(segment(scores)["segment"].astype(str)) == {"Lost"}
