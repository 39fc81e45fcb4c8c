"""Tests of crmkit.tiers: ABC tiers and tier migration.

Known answers are worked out by hand in the comments next to them. Moved from
tests/unit/test_customers.py when crmkit.customers was split by technique (issue 13).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

from crmkit.tiers import abc_tiers, plot_migration, tier_migration
from tests.unit.chapter2_tables import AMOUNTS

# --------------------------------------------------------------------------------------
# ABC tiers
# --------------------------------------------------------------------------------------


def test_abc_hand_example():
    # shares 0.5, 0.25, 0.15, 0.10; cumulative share *before* each: 0, 0.5, 0.75, 0.9
    # -> A (0 < 0.7), A (0.5 < 0.7), B (0.75 < 0.9), C (0.9 is not below 0.9)
    tiers = abc_tiers(pd.Series([25.0, 50.0, 10.0, 15.0], index=[2, 1, 4, 3]))
    assert tiers.to_dict() == {2: "A", 1: "A", 4: "C", 3: "B"}
    assert tiers.name == "tier"
    assert tiers.cat.ordered
    assert tiers.cat.categories.tolist() == ["C", "B", "A"]
    # A > B > C: comparisons on the Series follow the tier order
    assert (tiers > "B").to_dict() == {2: True, 1: True, 4: False, 3: False}
    assert (tiers >= "B").to_dict() == {2: True, 1: True, 4: False, 3: True}
    assert tiers.max() == "A"


def test_abc_tie_straddling_a_threshold_goes_up():
    # 50, 20, 20, 10 of 100: positions 0, 0.5, 0.7, 0.9. The second 20 alone would start
    # at 0.7 (tier B), but it is tied with the first 20 (position 0.5, tier A): both are A,
    # so A holds 90% rather than about 70%.
    tiers = abc_tiers([50, 20, 20, 10])
    assert tiers.tolist() == ["A", "A", "A", "C"]


def test_abc_tie_starting_at_a_threshold():
    # 40, 30, 15, 15: positions 0, 0.4, 0.7, 0.85: both 15s start at 0.7 -> B
    assert abc_tiers([40, 30, 15, 15]).tolist() == ["A", "A", "B", "B"]


def test_abc_single_customer_and_all_equal():
    assert abc_tiers([12.0]).tolist() == ["A"]
    assert abc_tiers([3, 3, 3, 3, 3]).tolist() == ["A"] * 5
    assert abc_tiers([3, 3, 3], by="customers").tolist() == ["A"] * 3


def test_abc_zeros_go_to_the_last_tier():
    tiers = abc_tiers([0, 100, 0, 1])
    # 100 of 101: positions 0 (A), 100/101 = 0.99 (C); zeros at 1.0 (C)
    assert tiers.tolist() == ["C", "A", "C", "C"]
    with pytest.raises(ValueError, match="positive total"):
        abc_tiers([0, 0, 0])
    assert abc_tiers([0, 0, 0], by="customers").tolist() == ["A"] * 3  # all tied


def test_abc_by_customers():
    values = pd.Series(range(10, 0, -1), index=list("abcdefghij"))
    tiers = abc_tiers(values, by="customers")  # default (0.2, 0.5): 2, 3 and 5 customers
    assert tiers.value_counts().to_dict() == {"A": 2, "B": 3, "C": 5}
    assert tiers.loc[["a", "b"]].tolist() == ["A", "A"]
    # ties: [5, 4, 4, 3, 2, 1, ...]: the second 4 starts at 0.2 but is tied with the first
    tied = abc_tiers([5, 4, 4, 3, 2, 1, 1, 1, 1, 1], by="customers")
    assert tied.tolist()[:4] == ["A", "A", "A", "B"]


def test_abc_custom_thresholds_and_labels():
    tiers = abc_tiers(
        [50, 25, 15, 10], thresholds=[0.5, 0.7, 0.9], labels=("top", "high", "mid", "low")
    )
    # positions 0, 0.5, 0.75, 0.9 -> top, high, mid, low
    assert tiers.tolist() == ["top", "high", "mid", "low"]
    assert tiers.cat.categories.tolist() == ["low", "mid", "high", "top"]


@settings(max_examples=100, deadline=None)
@given(AMOUNTS)
def test_abc_tier_a_holds_at_least_its_threshold(values):
    tiers = abc_tiers(values)
    x = np.asarray(values)
    share_a = x[(tiers == "A").to_numpy()].sum() / x.sum()
    assert share_a >= 0.7 - 1e-9
    # a larger value never gets a lower tier
    order = np.argsort(-x, kind="stable")
    codes = tiers.cat.codes.to_numpy()[order]
    assert np.all(np.diff(codes) <= 0)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"thresholds": (0.9, 0.7)}, ValueError, "increasing"),
        ({"thresholds": (0.7, 0.7)}, ValueError, "increasing"),
        ({"thresholds": (0.7, 1.0)}, ValueError, "between 0 and 1"),
        ({"thresholds": (0.0, 0.5)}, ValueError, "between 0 and 1"),
        ({"thresholds": (70, 90)}, ValueError, "between 0 and 1"),
        ({"thresholds": ()}, TypeError, "non-empty"),
        ({"thresholds": 0.7}, TypeError, "sequence"),
        ({"thresholds": "0.7"}, TypeError, "sequence"),
        ({"thresholds": (0.7, "x")}, TypeError, "numbers"),
        ({"by": "revenue"}, ValueError, "'by'"),
        ({"labels": ("A", "B")}, ValueError, "3 distinct"),
        ({"labels": ("A", "A", "C")}, ValueError, "distinct"),
        ({"labels": "ABC"}, TypeError, "'labels'"),
    ],
)
def test_abc_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        abc_tiers([5, 3, 1], **kwargs)


def test_abc_bad_values():
    with pytest.raises(ValueError, match="non-negative"):
        abc_tiers([5, -3, 1])
    with pytest.raises(ValueError, match="empty"):
        abc_tiers(pd.Series([], dtype=float))


# --------------------------------------------------------------------------------------
# Tier migration
# --------------------------------------------------------------------------------------


def _tiers(mapping: dict) -> pd.Series:
    return pd.Series(
        pd.Categorical(list(mapping.values()), categories=["C", "B", "A"], ordered=True),
        index=list(mapping),
    )


def test_tier_migration_hand_example():
    before = _tiers({1: "A", 2: "B", 3: "C", 4: "C", 6: "A"})
    after = _tiers({1: "B", 2: "B", 3: "A", 5: "C", 6: "A"})
    m = tier_migration(before, after)
    assert m.index.tolist() == ["A", "B", "C", "new"]
    assert m.columns.tolist() == ["A", "B", "C", "lost"]
    assert m.index.name == "before" and m.columns.name == "after"
    expected = np.array(
        [
            [1, 1, 0, 0],  # A: customer 6 stayed, 1 fell to B
            [0, 1, 0, 0],  # B: customer 2 stayed
            [1, 0, 0, 1],  # C: customer 3 rose to A, 4 was lost
            [0, 0, 1, 0],  # new: customer 5
        ]
    )
    np.testing.assert_array_equal(m.to_numpy(), expected)
    assert m.loc["new", "lost"] == 0
    # the two periods are matched by customer id (index label), never by position
    shuffled = after.iloc[[4, 2, 0, 3, 1]]
    pd.testing.assert_frame_equal(tier_migration(before, shuffled), m)


def test_tier_migration_rows_sum_to_tier_counts(rng):
    ids = np.arange(300)
    before = abc_tiers(pd.Series(rng.lognormal(size=300), index=ids))
    keep = rng.random(300) < 0.8
    after_ids = np.r_[ids[keep], np.arange(300, 340)]
    after = abc_tiers(pd.Series(rng.lognormal(size=len(after_ids)), index=after_ids))
    m = tier_migration(before, after)
    counts = before.value_counts()
    for tier in ["A", "B", "C"]:
        assert m.loc[tier].sum() == counts[tier]
        assert m[tier].sum() == (after == tier).sum()
    assert m.loc["new"].sum() == 40
    assert m["lost"].sum() == (~keep).sum()
    shares = tier_migration(before, after, normalize=True)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)


def test_tier_migration_plain_labels_and_empty_rows():
    before = pd.Series(["x", "y"], index=[1, 2])
    after = pd.Series(["y", "y"], index=[1, 2])
    m = tier_migration(before, after, absent=("joined", "left"))
    assert m.index.tolist() == ["x", "y", "joined"]
    assert m.columns.tolist() == ["y", "left"]
    shares = tier_migration(before, after, normalize=True)
    assert shares.loc["new"].isna().all()  # nobody new: 0 / 0 shown as NaN, not hidden


@pytest.mark.parametrize(
    ("before", "after", "kwargs", "error", "match"),
    [
        (["A"], pd.Series(["A"]), {}, TypeError, "'before'"),
        (pd.Series(["A", None]), pd.Series(["A"]), {}, ValueError, "missing tiers"),
        (pd.Series(["A", "B"], index=[1, 1]), pd.Series(["A"]), {}, ValueError, "duplicated"),
        (pd.Series(["A"]), pd.Series(["new"]), {}, ValueError, "reuse a tier name"),
        (pd.Series(["A"]), pd.Series(["A"]), {"absent": ("x", "x")}, ValueError, "'absent'"),
        (pd.Series(["A"]), pd.Series(["A"]), {"absent": "new"}, ValueError, "'absent'"),
        (pd.Series(["A"]), pd.Series(["A"]), {"normalize": 1}, TypeError, "'normalize'"),
    ],
)
def test_tier_migration_bad_input(before, after, kwargs, error, match):
    with pytest.raises(error, match=match):
        tier_migration(before, after, **kwargs)


# --------------------------------------------------------------------------------------
# Plot
# --------------------------------------------------------------------------------------


def test_plot_migration_returns_its_ax(rng):
    values = pd.Series(rng.lognormal(size=80))
    _, ax = plt.subplots()
    before = abc_tiers(values)
    m = tier_migration(before, before.iloc[:60])
    assert plot_migration(m, ax=ax) is ax
    assert plot_migration(tier_migration(before, before, normalize=True)) is not None
    plt.close("all")


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: plot_migration([[1, 2]]), TypeError, "'matrix'"),
        (lambda: plot_migration(pd.DataFrame({"a": ["x"]})), TypeError, "numbers"),
        (lambda: plot_migration(pd.DataFrame({"a": [1]}), ax="left"), TypeError, "'ax'"),
    ],
)
def test_plot_migration_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
