"""Tests for crmkit.rfm: summaries, Hughes scoring, segments, test mailings, plots, explorer.

Every expected number is computed by hand in a comment next to it, or comes from
lifetimes' ``summary_data_from_transaction_data`` run on the same log.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit import rfm
from crmkit.rfm import (
    DEFAULT_RULES,
    RFMScores,
    gains_table,
    mailing_analysis,
    plot_gains,
    plot_rfm_heatmap,
    plot_segments,
    rfm_explorer,
    rfm_score,
    rfm_summary,
    segment,
)

# ------------------------------------------------------------------------------------
# fixtures
# ------------------------------------------------------------------------------------


@pytest.fixture
def small_log() -> pd.DataFrame:
    """Three customers; customer 2 has a zero-value order and a return, 3 only a zero."""
    return pd.DataFrame(
        {
            "order_id": [1, 2, 3, 4, 5, 6, 7],
            "customer_id": [1, 1, 1, 2, 2, 2, 3],
            "order_date": pd.to_datetime(
                [
                    "2025-01-01 00:00",
                    "2025-01-11 09:00",
                    "2025-01-11 17:30",  # same day as the previous order
                    "2025-01-21 00:00",
                    "2025-01-25 00:00",
                    "2025-01-26 00:00",
                    "2025-01-05 00:00",
                ]
            ),
            "revenue": [100.0, 50.0, 30.0, 80.0, 0.0, -20.0, 0.0],
        }
    )


def random_log(rng: np.random.Generator, n: int = 3000, customers: int = 250) -> pd.DataFrame:
    minutes = rng.integers(0, 700 * 24 * 60, n)
    return pd.DataFrame(
        {
            "order_id": np.arange(n),
            "customer_id": rng.integers(1, customers + 1, n),
            "order_date": pd.Timestamp("2023-01-01") + pd.to_timedelta(minutes, unit="min"),
            "revenue": rng.gamma(2.0, 30.0, n).round(2),
        }
    )


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


# ------------------------------------------------------------------------------------
# rfm_score: hand examples
# ------------------------------------------------------------------------------------


def test_quintiles_with_distinct_values():
    # 10 customers with distinct values: each quintile holds exactly 2 customers.
    # recency 1..10 -> the 2 most recent (1, 2) score R = 5, ..., (9, 10) score R = 1
    # frequency 1..10 -> F = 1, 1, 2, 2, 3, 3, 4, 4, 5, 5
    # monetary 100, 90, ..., 10 -> M = 5, 5, 4, 4, ..., 1, 1
    summary = make_summary(
        recency=np.arange(1, 11), frequency=np.arange(1, 11), monetary=np.arange(100, 0, -10)
    )
    res = rfm_score(summary)
    assert isinstance(res, RFMScores)
    assert res.scores["R"].tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
    assert res.scores["F"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert res.scores["M"].tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
    assert res.scores["cell"].astype(str).tolist()[:3] == ["515", "515", "424"]
    # thresholds: the j-th cut is the ceil(j * 10 / 5) = 2j-th smallest value
    f = res.thresholds[res.thresholds["axis"] == "F"].sort_values("score")
    assert f["upper"].tolist() == [2.0, 4.0, 6.0, 8.0, np.inf]
    assert f["lower"].tolist() == [-np.inf, 2.0, 4.0, 6.0, 8.0]
    assert f["n_customers"].tolist() == [2, 2, 2, 2, 2]
    r = res.thresholds[res.thresholds["axis"] == "R"].sort_values("score")
    # R = 5 is recency <= 2 days, R = 1 is recency > 8 days
    assert r["upper"].tolist() == [np.inf, 8.0, 6.0, 4.0, 2.0]
    assert r["min_value"].tolist() == [9.0, 7.0, 5.0, 3.0, 1.0]
    assert res.bins == {"R": 5, "F": 5, "M": 5}
    assert "10 customers" in repr(res)


def test_ties_keep_gives_equal_customers_equal_scores():
    # frequency of 10 customers: six bought once, two twice, one 3 times, one 5 times.
    # sorted: 1 1 1 1 1 1 2 2 3 5; cuts = 2nd, 4th, 6th, 8th smallest = 1, 1, 1, 2
    # F = 1 + number of cuts strictly below the value:
    #   1 -> 1,  2 -> 1 + 3 = 4,  3 -> 5,  5 -> 5    (scores 2 and 3 stay empty)
    freq = [1, 1, 1, 1, 1, 1, 2, 2, 3, 5]
    summary = make_summary(np.arange(1, 11), freq, np.arange(1, 11))
    res = rfm_score(summary)
    assert res.scores["F"].tolist() == [1, 1, 1, 1, 1, 1, 4, 4, 5, 5]
    f = res.thresholds[res.thresholds["axis"] == "F"].set_index("score")
    assert f.loc[[1, 2, 3, 4, 5], "n_customers"].tolist() == [6, 0, 0, 2, 2]
    assert np.isnan(f.loc[2, "min_value"])


def test_ties_first_cuts_equal_groups_by_customer_id():
    # same frequencies, ties="first": sort by value then customer id, count off fifths
    # positions 0..9 -> F = pos * 5 // 10 + 1 = 1 1 2 2 3 3 4 4 5 5
    freq = [1, 1, 1, 1, 1, 1, 2, 2, 3, 5]
    summary = make_summary(np.arange(1, 11), freq, np.arange(1, 11))
    res = rfm_score(summary, ties="first")
    assert res.scores["F"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    # reversing the ids reverses who wins the ties: the lower id gets the lower score
    reversed_ids = make_summary(np.arange(1, 11), freq, np.arange(1, 11), index=range(10, 0, -1))
    res2 = rfm_score(reversed_ids, ties="first")
    assert res2.scores["F"].tolist() == [3, 3, 2, 2, 1, 1, 4, 4, 5, 5]


def test_ties_first_on_recency_lower_id_gets_lower_score():
    # all four customers bought on the same day: R ties everywhere.
    # sorted by id: 1, 2, 3, 4 -> R = 1, 1, 2, 2 (bins=2)
    summary = make_summary([5, 5, 5, 5], [1, 2, 3, 4], [1, 2, 3, 4])
    assert rfm_score(summary, bins=2, ties="first").scores["R"].tolist() == [1, 1, 2, 2]
    # with ties kept, identical recency means identical R: cut = 2nd smallest = 5, and
    # recency 5 <= 5 lands in the most recent bin, R = 2
    assert rfm_score(summary, bins=2).scores["R"].tolist() == [2, 2, 2, 2]


def test_nested_differs_from_independent_as_computed_by_hand():
    # customer  recency  frequency  monetary
    #    A=1       1         6         400
    #    B=2       2         8         300
    #    C=3      10         1         200
    #    D=4      20         3         100
    # bins = 2. R (both methods): cut = 2nd smallest recency = 2 -> A, B: R=2; C, D: R=1
    # independent F: cut = 2nd smallest of (1, 3, 6, 8) = 3 -> A 2, B 2, C 1, D 1
    # nested F within R=2 {6, 8}: cut 6 -> A 1, B 2; within R=1 {1, 3}: cut 1 -> C 1, D 2
    #   (D is "frequent for a lapsed customer"; A "infrequent for a recent one")
    # independent M: cut = 2nd smallest of (100..400) = 200 -> A 2, B 2, C 1, D 1
    # nested M: every R-F cell holds one customer, whose single value is its own cut -> 1
    summary = make_summary([1, 2, 10, 20], [6, 8, 1, 3], [400, 300, 200, 100])
    ind = rfm_score(summary, bins=2).scores
    nes = rfm_score(summary, bins=2, method="nested").scores
    assert ind["R"].tolist() == nes["R"].tolist() == [2, 2, 1, 1]
    assert ind["F"].tolist() == [2, 2, 1, 1]
    assert nes["F"].tolist() == [1, 2, 1, 2]
    assert ind["M"].tolist() == [2, 2, 1, 1]
    assert nes["M"].tolist() == [1, 1, 1, 1]
    assert nes["cell"].astype(str).tolist() == ["211", "221", "111", "121"]
    th = rfm_score(summary, bins=2, method="nested").thresholds
    f = th[th["axis"] == "F"]
    assert sorted(f["parent"].unique()) == ["1", "2"]
    assert f.set_index(["parent", "score"]).loc[("2", 1), "upper"] == 6.0
    m = th[th["axis"] == "M"]
    assert sorted(m["parent"].unique()) == ["11", "12", "21", "22"]


def test_nested_cells_are_balanced():
    # 8 distinct customers, bins=2, nested: every one of the 8 cells gets one customer
    rng = np.random.default_rng(3)
    summary = make_summary(rng.permutation(8), rng.permutation(8) + 1, rng.permutation(8) + 1.0)
    cells = rfm_score(summary, bins=2, method="nested").scores["cell"]
    assert cells.value_counts().tolist() == [1] * 8


def test_explicit_cuts():
    # F cuts [1, 3]: bins (-inf, 1], (1, 3], (3, inf) -> 1 -> 1, 2 -> 2, 3 -> 2, 4 -> 3
    # R cuts [30, 90] (days): 10 -> 3, 30 -> 3, 31 -> 2, 100 -> 1
    summary = make_summary([10, 30, 31, 100], [1, 2, 3, 4], [5, 6, 7, 8])
    res = rfm_score(summary, cuts={"F": [1, 3], "R": [30, 90]}, bins=2)
    assert res.scores["F"].tolist() == [1, 2, 2, 3]
    assert res.scores["R"].tolist() == [3, 3, 2, 1]
    assert res.bins == {"R": 3, "F": 3, "M": 2}
    f = res.thresholds[res.thresholds["axis"] == "F"].sort_values("score")
    assert f["lower"].tolist() == [-np.inf, 1.0, 3.0]
    assert f["upper"].tolist() == [1.0, 3.0, np.inf]
    # R cuts are allowed with nested sorting (R is sorted first anyway)
    nested = rfm_score(summary, cuts={"R": [30, 90]}, bins=2, method="nested")
    assert nested.scores["R"].tolist() == [3, 3, 2, 1]


def test_more_than_nine_bins_use_dashed_cell_codes():
    summary = make_summary(np.arange(20), np.arange(20) + 1, np.arange(20) + 1.0)
    res = rfm_score(summary, bins=10)
    assert res.scores["cell"].astype(str).iloc[0] == "10-1-1"
    assert res.scores["R"].max() == 10


def test_per_axis_bins_and_monetary_choice():
    summary = make_summary(np.arange(6), np.arange(6) + 1, np.arange(6) + 1.0)
    summary["monetary_mean"] = [6.0, 5, 4, 3, 2, 1]
    res = rfm_score(summary, bins={"F": 3}, monetary="monetary_mean")
    assert res.bins == {"R": 5, "F": 3, "M": 5}
    assert res.monetary == "monetary_mean"
    assert res.scores["M"].iloc[0] == 5  # largest mean


def test_btyd_summary_scores_recency_as_time_since_last_purchase():
    # btyd recency = first-to-last span; R must use T - recency (periods since last)
    # customer 1: T 100, recency 95 -> last purchase 5 days ago   -> R = 2
    # customer 2: T 100, recency 10 -> last purchase 90 days ago  -> R = 1
    summary = pd.DataFrame(
        {
            "frequency": [3.0, 1.0],
            "recency": [95.0, 10.0],
            "T": [100.0, 100.0],
            "monetary_value": [10.0, 20.0],
        },
        index=pd.Index([1, 2], name="customer_id"),
    )
    res = rfm_score(summary, bins=2)
    assert res.scores["R"].tolist() == [2, 1]
    assert res.scores["recency"].tolist() == [5.0, 90.0]
    assert res.monetary == "monetary_value"


def test_cell_counts_sorted_best_first():
    summary = make_summary([1, 2, 10, 20], [6, 8, 1, 3], [400, 300, 200, 100])
    counts = rfm_score(summary, bins=2).cell_counts()
    assert counts["cell"].astype(str).tolist() == ["222", "111"]
    assert counts["customers"].tolist() == [2, 2]


# ------------------------------------------------------------------------------------
# rfm_score: properties
# ------------------------------------------------------------------------------------

summaries = st.integers(1, 60).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 30), min_size=n, max_size=n),
        st.lists(st.integers(1, 12), min_size=n, max_size=n),
        st.lists(st.floats(0.5, 1000, allow_nan=False), min_size=n, max_size=n),
    )
)


@settings(max_examples=80, deadline=None)
@given(
    data=summaries,
    k=st.integers(2, 7),
    method=st.sampled_from(["independent", "nested"]),
    ties=st.sampled_from(["keep", "first"]),
)
def test_scores_are_within_one_to_k(data, k, method, ties):
    summary = make_summary(*data)
    s = rfm_score(summary, bins=k, method=method, ties=ties).scores
    for axis in ("R", "F", "M"):
        assert s[axis].between(1, k).all()
    assert s["cell"].notna().all()


@settings(max_examples=60, deadline=None)
@given(
    data=summaries,
    k=st.integers(2, 6),
    method=st.sampled_from(["independent", "nested"]),
    ties=st.sampled_from(["keep", "first"]),
    seed=st.integers(0, 1000),
)
def test_scores_do_not_depend_on_row_order(data, k, method, ties, seed):
    summary = make_summary(*data)
    shuffled = summary.sample(frac=1.0, random_state=np.random.default_rng(seed))
    a = rfm_score(summary, bins=k, method=method, ties=ties)
    b = rfm_score(shuffled, bins=k, method=method, ties=ties)
    pd.testing.assert_frame_equal(a.scores, b.scores.loc[a.scores.index])
    pd.testing.assert_frame_equal(a.thresholds, b.thresholds)


@settings(max_examples=80, deadline=None)
@given(data=summaries, k=st.integers(2, 6), ties=st.sampled_from(["keep", "first"]))
def test_more_purchases_never_score_lower_on_f(data, k, ties):
    # (independent sorting; nested F is relative to the R group by design)
    summary = make_summary(*data)
    s = rfm_score(summary, bins=k, ties=ties).scores
    # across customers: higher frequency -> F at least as high
    order = np.argsort(s["frequency"].to_numpy(), kind="stable")
    f_sorted = s["F"].to_numpy()[order]
    freq_sorted = s["frequency"].to_numpy()[order]
    strictly_more = freq_sorted[1:] > freq_sorted[:-1]
    assert (f_sorted[1:][strictly_more] >= f_sorted[:-1][strictly_more]).all()
    # and the same customer buying once more never loses F
    for who in summary.index[:5]:
        more = summary.copy()
        more.loc[who, "frequency"] += 1
        assert rfm_score(more, bins=k, ties=ties).scores.loc[who, "F"] >= s.loc[who, "F"]


@settings(max_examples=40, deadline=None)
@given(n=st.integers(5, 80), k=st.integers(2, 6), seed=st.integers(0, 10_000))
def test_distinct_values_give_balanced_bins(n, k, seed):
    rng = np.random.default_rng(seed)
    summary = make_summary(rng.permutation(n), rng.permutation(n) + 1, rng.random(n))
    for ties in ("keep", "first"):
        s = rfm_score(summary, bins=k, ties=ties).scores
        sizes = s["F"].value_counts().reindex(range(1, k + 1), fill_value=0)
        assert sizes.max() - sizes.min() <= 1


# ------------------------------------------------------------------------------------
# rfm_score: bad input
# ------------------------------------------------------------------------------------


@pytest.fixture
def summary4() -> pd.DataFrame:
    return make_summary([1, 2, 10, 20], [6, 8, 1, 3], [400, 300, 200, 100])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bins": 1}, r"'bins' parameter .* at least 2.*Got 1"),
        ({"bins": 2.5}, "'bins' parameter"),
        ({"bins": True}, "'bins' parameter"),
        ({"bins": {"X": 3}}, "may only have keys"),
        ({"cuts": {"F": [3, 1]}}, r"cut-points for F .* strictly increasing"),
        ({"cuts": {"F": [1, 1, 2]}}, r"strictly increasing \(sorted, no duplicates\)"),
        ({"cuts": {"F": []}}, "at least one finite cut-point"),
        ({"cuts": {"F": [1, np.inf]}}, "finite"),
        ({"cuts": {"Q": [1]}}, "may only have keys"),
        ({"cuts": [1, 2]}, "must be a dict"),
        ({"cuts": {"F": ["a", "b"]}}, "must give numbers"),
        ({"cuts": {"M": [100]}, "method": "nested"}, "make nested sorting the same"),
        ({"method": "sequential"}, r"'method' parameter .* \['independent', 'nested'\]"),
        ({"ties": "average"}, "'ties' parameter"),
        ({"monetary": "spend"}, r"no column 'spend' \(the 'monetary' parameter\)"),
    ],
)
def test_score_bad_parameters(summary4, kwargs, message):
    with pytest.raises(ValueError, match=message):
        rfm_score(summary4, **kwargs)


def test_score_bad_summaries(summary4):
    with pytest.raises(ValueError, match="at least one row"):
        rfm_score(summary4.iloc[0:0])
    with pytest.raises(ValueError, match=r"no column 'frequency'"):
        rfm_score(summary4.drop(columns="frequency"))
    bad = summary4.copy()
    bad.loc[1, "recency"] = np.nan
    with pytest.raises(ValueError, match=r"'recency' column .* 1 missing values"):
        rfm_score(bad)
    with pytest.raises(ValueError, match=r"'frequency' column .* must be numeric"):
        rfm_score(summary4.assign(frequency="many"))
    dup = summary4.set_axis(pd.Index([1, 1, 2, 3], name="customer_id"))
    with pytest.raises(ValueError, match="1 duplicated id"):
        rfm_score(dup)


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


# ------------------------------------------------------------------------------------
# test mailing
# ------------------------------------------------------------------------------------


@pytest.fixture
def mail_scores() -> pd.DataFrame:
    # ten customers in cell 555 (ids 1-10) and six in cell 111 (ids 11-16)
    cells = ["555"] * 10 + ["111"] * 6
    score = [5] * 10 + [1] * 6
    return pd.DataFrame(
        {"cell": cells, "R": score, "F": score, "M": score},
        index=pd.Index(range(1, 17), name="customer_id"),
    )


@pytest.fixture
def mailing() -> pd.DataFrame:
    # mailed: 1-4 (cell 555; 1 and 2 respond with 100 each) and 11-14 (cell 111; none)
    return pd.DataFrame(
        {
            "customer_id": [1, 2, 3, 4, 11, 12, 13, 14],
            "mail_date": pd.Timestamp("2025-06-02"),
            "responded": [True, True, False, False, False, False, False, False],
            "response_revenue": [100.0, 100.0, 0, 0, 0, 0, 0, 0],
        }
    )


def test_mailing_break_even_by_hand(mail_scores, mailing):
    out = mailing_analysis(mail_scores, mailing, cost_per_piece=5, margin_per_response=40)
    row = out.set_index("cell").loc["555"]
    # break-even rate = 5 / 40 = 0.125; response rate = 2 / 4 = 0.5
    # index = (0.5 - 0.125) / 0.125 * 100 = 300; profit = 2 * 40 - 4 * 5 = 60
    # 6 customers of 555 were not mailed: expected roll-out profit = 6 * 60 / 4 = 90
    assert row["mailed"] == 4 and row["responses"] == 2
    assert row["response_rate"] == pytest.approx(0.5)
    assert row["breakeven_rate"] == pytest.approx(0.125)
    assert row["breakeven_index"] == pytest.approx(300.0)
    assert row["profit"] == pytest.approx(60.0)
    assert row["revenue"] == pytest.approx(200.0)
    assert bool(row["rollout"]) is True
    assert row["rollout_customers"] == 6
    assert row["rollout_profit"] == pytest.approx(90.0)
    low = out.set_index("cell").loc["111"]
    # nobody responded: index -100, profit = -4 * 5 = -20; 2 unmailed -> -10 expected
    assert low["breakeven_index"] == pytest.approx(-100.0)
    assert low["profit"] == pytest.approx(-20.0)
    assert bool(low["rollout"]) is False
    assert low["rollout_profit"] == pytest.approx(-10.0)
    assert out["cell"].astype(str).tolist() == ["111", "555"]


def test_mailing_with_margin_rate_by_hand(mail_scores, mailing):
    out = mailing_analysis(mail_scores, mailing, cost_per_piece=5, margin_rate=0.3)
    row = out.set_index("cell").loc["555"]
    # margin = 0.3 * 200 = 60 -> 30 per response; break-even = 5 / 30 = 1/6
    # index = (0.5 - 1/6) / (1/6) * 100 = 200; profit = 60 - 20 = 40
    assert row["margin_per_response"] == pytest.approx(30.0)
    assert row["breakeven_rate"] == pytest.approx(1 / 6)
    assert row["breakeven_index"] == pytest.approx(200.0)
    assert row["profit"] == pytest.approx(40.0)
    # one margin per response for the whole test: 0.3 * 200 / 2 responses = 30
    assert out.set_index("cell").loc["111", "margin_per_response"] == pytest.approx(30.0)
    assert out.set_index("cell").loc["111", "breakeven_rate"] == pytest.approx(1 / 6)


def test_mailing_rollout_iff_profitable(rng):
    # roll out exactly the groups expected to make a profit; with a fixed margin per
    # response that is also the groups whose test made a profit
    n = 400
    scores = pd.DataFrame(
        {"R": rng.integers(1, 4, n), "F": 1, "M": 1}, index=pd.Index(range(n), name="customer_id")
    )
    scores["cell"] = scores["R"].astype(str) + "11"
    responded = rng.random(n) < scores["R"].to_numpy() * 0.05
    mailing = pd.DataFrame(
        {
            "customer_id": range(n),
            "responded": responded,
            "response_revenue": np.where(responded, rng.gamma(2, 50, n), 0.0),
        }
    )
    for kw in ({"margin_per_response": 30.0}, {"margin_rate": 0.25}):
        out = mailing_analysis(scores, mailing, cost_per_piece=2.0, by="R", **kw)
        per_piece = out["response_rate"] * out["margin_per_response"] - 2.0
        assert (out["rollout"] == (per_piece > 0)).all()
        assert (out["breakeven_rate"] == out["breakeven_rate"].iloc[0]).all()  # one for all
        assert out["R"].tolist() == [1, 2, 3]
    fixed = mailing_analysis(scores, mailing, cost_per_piece=2.0, by="R", margin_per_response=30.0)
    assert (fixed["rollout"] == (fixed["profit"] > 0)).all()
    # margin_rate: margin per response = 0.25 x mean revenue of all responses
    rated = mailing_analysis(scores, mailing, cost_per_piece=2.0, by="R", margin_rate=0.25)
    mean_revenue = mailing.loc[mailing["responded"], "response_revenue"].mean()
    assert rated["margin_per_response"].iloc[0] == pytest.approx(0.25 * mean_revenue)


def test_mailing_by_segment(mail_scores, mailing):
    seg = segment(mail_scores)
    out = mailing_analysis(seg, mailing, cost_per_piece=5, margin_per_response=40, by="segment")
    assert out["segment"].astype(str).tolist() == ["Champions", "Lost"]


@pytest.mark.parametrize(
    ("change", "kwargs", "message"),
    [
        (None, {"cost_per_piece": 0, "margin_per_response": 40}, "'cost_per_piece' .* positive"),
        (None, {"cost_per_piece": "5", "margin_per_response": 40}, "'cost_per_piece'"),
        (None, {"cost_per_piece": 5}, "exactly one of 'margin_per_response'"),
        (None, {"cost_per_piece": 5, "margin_per_response": 40, "margin_rate": 0.3}, "exactly one"),
        (None, {"cost_per_piece": 5, "margin_rate": 1.5}, "'margin_rate' .* between 0 and 1"),
        (
            None,
            {"cost_per_piece": 5, "margin_per_response": 40, "by": "decile"},
            "no column 'decile'",
        ),
    ],
)
def test_mailing_bad_money(mail_scores, mailing, change, kwargs, message):
    with pytest.raises(ValueError, match=message):
        mailing_analysis(mail_scores, mailing, **kwargs)


def test_mailing_bad_responses(mail_scores, mailing):
    kw = {"cost_per_piece": 5, "margin_per_response": 40}
    with pytest.raises(ValueError, match=r"no column 'responded' \(the 'response_col'"):
        mailing_analysis(mail_scores, mailing.drop(columns="responded"), **kw)
    extra = pd.concat([mailing, mailing.iloc[[0]].assign(customer_id=99)])
    with pytest.raises(ValueError, match=r"1 mailed customer\(s\) .* have no RFM score: 99"):
        mailing_analysis(mail_scores, extra, **kw)
    with pytest.raises(ValueError, match="more than once"):
        mailing_analysis(mail_scores, pd.concat([mailing, mailing.iloc[[0]]]), **kw)
    with pytest.raises(ValueError, match="True/False"):
        mailing_analysis(mail_scores, mailing.assign(responded="yes"), **kw)
    bad = mailing.copy()
    bad.loc[2, "response_revenue"] = 50.0
    with pytest.raises(ValueError, match=r"non-responder.* non-zero"):
        mailing_analysis(mail_scores, bad, **kw)
    with pytest.raises(ValueError, match="nobody in the test responded"):
        mailing_analysis(
            mail_scores,
            mailing.assign(responded=False, response_revenue=0.0),
            cost_per_piece=5,
            margin_rate=0.3,
        )
    with pytest.raises(ValueError, match="at least one row"):
        mailing_analysis(mail_scores, mailing.iloc[0:0], **kw)


def test_gains_table_by_hand():
    # cells A: 10 mailed, 5 responses; B: 10 mailed, 1; C: 20 mailed, 4 -> overall 10 / 40
    cells = ["A"] * 10 + ["B"] * 10 + ["C"] * 20
    scores = pd.DataFrame(
        {"cell": cells, "R": 1, "F": 1, "M": 1}, index=pd.Index(range(40), name="customer_id")
    )
    responded = np.zeros(40, dtype=bool)
    responded[[0, 1, 2, 3, 4, 10, 20, 21, 22, 23]] = True
    mailing = pd.DataFrame(
        {
            "customer_id": range(40),
            "responded": responded,
            "response_revenue": np.where(responded, 10.0, 0.0),
        }
    )
    g = gains_table(scores, mailing)
    # sorted by response rate: A 0.5, C 0.2, B 0.1; lift = rate / 0.25
    assert g["group"].tolist() == ["A", "C", "B"]
    np.testing.assert_allclose(g["lift"], [2.0, 0.8, 0.4])
    np.testing.assert_allclose(g["cum_share_mailed"], [0.25, 0.75, 1.0])
    np.testing.assert_allclose(g["cum_share_responses"], [0.5, 0.9, 1.0])
    # cumulative rates: 5/10, 9/30, 10/40 -> cum lift 2.0, 1.2, 1.0
    np.testing.assert_allclose(g["cum_lift"], [2.0, 1.2, 1.0])


def test_gains_table_deciles():
    # 20 mailed customers with R = 1..20 scores (one per customer); responders are the
    # top 4 by R, so the first decile (2 customers) holds 2 of 4 responses
    scores = pd.DataFrame(
        {"R": np.arange(1, 21), "F": 1, "M": 1, "cell": "x"},
        index=pd.Index(range(20), name="customer_id"),
    )
    responded = scores["R"].to_numpy() > 16
    mailing = pd.DataFrame(
        {
            "customer_id": range(20),
            "responded": responded,
            "response_revenue": np.where(responded, 1.0, 0.0),
        }
    )
    g = gains_table(scores, mailing, by="decile")
    assert len(g) == 10 and g["group"].iloc[0] == "decile 1"
    assert g["mailed"].tolist() == [2] * 10
    assert g["responses"].tolist()[:3] == [2, 2, 0]
    assert g["cum_share_responses"].iloc[1] == 1.0
    five = gains_table(scores, mailing, by="decile", n_groups=5)
    assert five["group"].iloc[0] == "group 1"
    with pytest.raises(ValueError, match=r"'n_groups' parameter .* at least 2"):
        gains_table(scores, mailing, by="decile", n_groups=1)
    with pytest.raises(ValueError, match="must not exceed the 20 mailed"):
        gains_table(scores, mailing, by="decile", n_groups=30)
    with pytest.raises(ValueError, match="no response"):
        gains_table(scores, mailing.assign(responded=False, response_revenue=0.0))


# ------------------------------------------------------------------------------------
# plots
# ------------------------------------------------------------------------------------


@pytest.fixture
def scored(rng):
    log = random_log(rng, n=2000, customers=300)
    summary = rfm_summary(log, analysis_date="2025-01-01")
    res = rfm_score(summary)
    mailed = res.scores.sample(120, random_state=np.random.default_rng(1)).index
    responded = np.random.default_rng(2).random(120) < 0.2
    mailing = pd.DataFrame(
        {
            "customer_id": mailed,
            "responded": responded,
            "response_revenue": np.where(responded, 80.0, 0.0),
        }
    )
    return log, summary, res, mailing


@pytest.mark.parametrize("value", ["monetary", "customers", "response_rate", "frequency"])
def test_heatmap_returns_ax(scored, value):
    _, _, res, mailing = scored
    _fig, ax = plt.subplots()
    out = plot_rfm_heatmap(res, value=value, responses=mailing, ax=ax)
    assert out is ax
    assert ax.get_ylabel() == "R" and ax.get_xlabel() == "F"
    # highest R at the top row
    assert ax.get_yticklabels()[0].get_text() == "5"


def test_heatmap_bad_input(scored):
    _, _, res, _ = scored
    with pytest.raises(ValueError, match=r"'responses' parameter .* value='response_rate'"):
        plot_rfm_heatmap(res, value="response_rate")
    with pytest.raises(ValueError, match="no column 'spend'"):
        plot_rfm_heatmap(res, value="spend")
    with pytest.raises(ValueError, match="numeric column"):
        plot_rfm_heatmap(res, value="cell")


def test_segment_and_gains_plots_return_ax(scored):
    _, _, res, mailing = scored
    seg = segment(res)
    ax = plot_segments(seg)
    assert len(ax.patches) == len(seg["segment"].cat.categories)
    assert plot_segments(seg, value="monetary", ax=ax) is ax
    g = gains_table(res, mailing, by="R")
    _fig, ax2 = plt.subplots()
    assert plot_gains(g, ax=ax2) is ax2
    assert ax2.get_xlabel() == "share of customers mailed"
    with pytest.raises(ValueError, match="no column 'cum_share_mailed'"):
        plot_gains(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="no column 'segment'"):
        plot_segments(res.scores)


# ------------------------------------------------------------------------------------
# explorer
# ------------------------------------------------------------------------------------


def test_explorer_driven_programmatically(scored):
    import ipywidgets as widgets

    log, summary, _, mailing = scored
    ex = rfm_explorer(
        log, mailing, analysis_date="2025-01-01", cost_per_piece=5.0, margin_per_response=40.0
    )
    assert isinstance(ex, widgets.VBox)
    assert isinstance(ex, rfm.RFMExplorer)
    expected = mailing_analysis(
        rfm_score(summary), mailing, cost_per_piece=5.0, margin_per_response=40.0
    )
    pd.testing.assert_frame_equal(
        ex.result.sort_values("cell", ignore_index=True),
        expected.sort_values("cell", ignore_index=True),
    )
    # best cells first
    assert ex.result["breakeven_index"].is_monotonic_decreasing
    assert "cells beat break-even" in ex.message.value
    assert "<table" in ex.table.value

    ex.bins.value = 2
    assert set(ex.result["cell"].astype(str)) <= {
        f"{r}{f}{m}" for r in "12" for f in "12" for m in "12"
    }
    assert ex.scores.bins == {"R": 2, "F": 2, "M": 2}
    ex.method.value = "nested"
    assert ex.scores.method == "nested"

    # a mailing that costs more than any response earns: nothing rolls out
    ex.cost_per_piece.value = 1000.0
    assert not ex.result["rollout"].any()
    assert ex.headline["cells_to_mail"] == 0
    assert ex.headline["rollout_profit"] == 0.0
    # free mailing (almost): every cell with a response rolls out
    ex.cost_per_piece.value = 0.01
    assert (ex.result["rollout"] == (ex.result["responses"] > 0)).all()
    chosen = ex.result[ex.result["rollout"]]
    assert ex.headline["rollout_profit"] == pytest.approx(chosen["rollout_profit"].sum())
    assert repr(ex).startswith("RFMExplorer(bins=2, method='nested'")


def test_explorer_with_margin_rate_and_bad_input(scored):
    log, _, _, mailing = scored
    ex = rfm_explorer(log, mailing, analysis_date="2025-01-01", cost_per_piece=2.0, margin_rate=0.3)
    assert ex.margin.description == "margin rate"
    ex.margin.value = 0.9
    assert ex.result["margin_per_response"].max() == pytest.approx(0.9 * 80.0)
    with pytest.raises(ValueError, match="'bins' parameter of rfm_explorer"):
        rfm_explorer(
            log, mailing, analysis_date="2025-01-01", cost_per_piece=2.0, margin_rate=0.3, bins=11
        )
    with pytest.raises(ValueError, match="'method' parameter of rfm_explorer"):
        rfm_explorer(
            log,
            mailing,
            analysis_date="2025-01-01",
            cost_per_piece=2.0,
            margin_rate=0.3,
            method="both",
        )
    with pytest.raises(ValueError, match="exactly one"):
        rfm_explorer(log, mailing, analysis_date="2025-01-01", cost_per_piece=2.0)


def test_module_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = rfm.nope
