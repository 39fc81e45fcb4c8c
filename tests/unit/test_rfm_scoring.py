"""Tests for crmkit.rfm_scoring: Hughes quintile codes, one tie rule for R, F and M.

Every expected number is computed by hand in a comment next to it.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit.rfm_scoring import MAX_BINS, RFMScores, rfm_score


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
    # R is scored on "how recent", -recency: -10 .. -1; its cuts are the 2j-th smallest,
    # -9, -7, -5, -3, so R = 5 is -recency > -3, i.e. recency < 3 days (the bin is
    # lower <= recency < upper), and R = 1 is recency >= 9 days
    assert r["upper"].tolist() == [np.inf, 9.0, 7.0, 5.0, 3.0]
    assert r["lower"].tolist() == [9.0, 7.0, 5.0, 3.0, -np.inf]
    assert r["min_value"].tolist() == [9.0, 7.0, 5.0, 3.0, 1.0]
    assert r["max_value"].tolist() == [10.0, 8.0, 6.0, 4.0, 2.0]
    assert res.bins == {"R": 5, "F": 5, "M": 5}
    assert "10 customers" in repr(res)


def test_ties_keep_gives_equal_customers_equal_scores():
    # frequency of 10 customers: six bought once, two twice, one 3 times, one 5 times.
    # sorted: 1 1 1 1 1 1 2 2 3 5; cuts = 2nd, 4th, 6th, 8th smallest = 1, 1, 1, 2
    # F = 1 + number of cuts strictly below the value:
    #   1 -> 1,  2 -> 1 + 3 = 4,  3 -> 5,  5 -> 5    (scores 2 and 3 stay empty)
    freq = [1, 1, 1, 1, 1, 1, 2, 2, 3, 5]
    summary = make_summary(np.arange(1, 11), freq, np.arange(1, 11))
    # 4 distinct values for 5 scores: a code collapses, with a warning
    with pytest.warns(UserWarning, match="F axis has 4 distinct value.* share the lower"):
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
    with pytest.warns(UserWarning, match="F axis has 4 distinct value.* customer id alone"):
        res = rfm_score(summary, ties="first")
    assert res.scores["F"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    # reversing the ids reverses who wins the ties: the lower id gets the lower score
    reversed_ids = make_summary(np.arange(1, 11), freq, np.arange(1, 11), index=range(10, 0, -1))
    with pytest.warns(UserWarning, match="F axis"):
        res2 = rfm_score(reversed_ids, ties="first")
    assert res2.scores["F"].tolist() == [3, 3, 2, 2, 1, 1, 4, 4, 5, 5]


def test_ties_first_on_recency_lower_id_gets_lower_score():
    # all four customers bought on the same day: R ties everywhere.
    # sorted by id: 1, 2, 3, 4 -> R = 1, 1, 2, 2 (bins=2)
    summary = make_summary([5, 5, 5, 5], [1, 2, 3, 4], [1, 2, 3, 4])
    with pytest.warns(UserWarning, match="R axis has 1 distinct value"):
        assert rfm_score(summary, bins=2, ties="first").scores["R"].tolist() == [1, 1, 2, 2]
    # with ties kept, identical recency means identical R: on "how recent" (-5 for all)
    # the cut is the 2nd smallest, -5, and -5 is not above it: the lower score, R = 1,
    # the same rule as for F and M (before the fix of issue 14, R was 2 here)
    with pytest.warns(UserWarning, match="the R axis has 1 distinct value"):
        assert rfm_score(summary, bins=2).scores["R"].tolist() == [1, 1, 1, 1]


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
    # R cuts [30, 90] (days): a recency equal to a cut gets the lower score, as on F:
    # R = 3 is recency < 30, R = 2 is 30 <= recency < 90 -> 10 -> 3, 30 -> 2, 31 -> 2,
    # 100 -> 1
    summary = make_summary([10, 30, 31, 100], [1, 2, 3, 4], [5, 6, 7, 8])
    res = rfm_score(summary, cuts={"F": [1, 3], "R": [30, 90]}, bins=2)
    assert res.scores["F"].tolist() == [1, 2, 2, 3]
    assert res.scores["R"].tolist() == [3, 2, 2, 1]
    r = res.thresholds[res.thresholds["axis"] == "R"].sort_values("score")
    assert r["lower"].tolist() == [90.0, 30.0, -np.inf]
    assert r["upper"].tolist() == [np.inf, 90.0, 30.0]
    assert res.bins == {"R": 3, "F": 3, "M": 2}
    f = res.thresholds[res.thresholds["axis"] == "F"].sort_values("score")
    assert f["lower"].tolist() == [-np.inf, 1.0, 3.0]
    assert f["upper"].tolist() == [1.0, 3.0, np.inf]
    # R cuts are allowed with nested sorting (R is sorted first anyway)
    nested = rfm_score(summary, cuts={"R": [30, 90]}, bins=2, method="nested")
    assert nested.scores["R"].tolist() == [3, 2, 2, 1]


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


@pytest.mark.filterwarnings("ignore:rfm_score. the . axis has")
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


@pytest.mark.filterwarnings("ignore:rfm_score. the . axis has")
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


@pytest.mark.filterwarnings("ignore:rfm_score. the . axis has")
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


@pytest.mark.filterwarnings("ignore:rfm_score. the . axis has")
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
        ({"bins": 1}, r"'bins' parameter of rfm_score must be from 2 to 10. Got 1"),
        ({"bins": {"X": 3}}, "may only have keys"),
        ({"cuts": {"F": [3, 1]}}, r"cut-points for F .* strictly increasing"),
        ({"cuts": {"F": [1, 1, 2]}}, r"strictly increasing \(sorted, no duplicates\)"),
        ({"cuts": {"F": []}}, "1 to 9 finite cut-points for F"),
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
    with pytest.raises(ValueError, match=r"column 'recency' .* no missing values. Got 1 NaN"):
        rfm_score(bad)
    with pytest.raises(ValueError, match=r"'frequency' column .* must be numeric"):
        rfm_score(summary4.assign(frequency="many"))
    dup = summary4.set_axis(pd.Index([1, 1, 2, 3], name="customer_id"))
    with pytest.raises(ValueError, match="1 duplicated id"):
        rfm_score(dup)


@pytest.mark.parametrize("bins", [2.5, True, "5"])
def test_bins_must_be_whole_numbers(summary4, bins):
    with pytest.raises(TypeError, match="'bins' parameter of rfm_score must be a whole number"):
        rfm_score(summary4, bins=bins)


# ------------------------------------------------------------------------------------
# issue 14: unbounded sizes, impossible values, ties
# ------------------------------------------------------------------------------------


@pytest.mark.parametrize("bins", [11, 150, 1000, {"F": 1000}])
def test_bins_have_a_documented_upper_bound(summary4, bins):
    # old code: bins=1000 built 10**9 cell labels (MemoryError), bins=150 took 7 s
    with pytest.raises(
        ValueError, match=f"'bins' parameter of rfm_score must be from 2 to {MAX_BINS}"
    ):
        rfm_score(summary4, bins=bins)


def test_too_many_cut_points_are_refused(summary4):
    # 999 cut-points would make 1,000 scores and 10**6 cells the same way
    with pytest.raises(ValueError, match="1 to 9 finite cut-points for F"):
        rfm_score(summary4, cuts={"F": list(range(1, 1000))})


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("recency", -1, r"column 'recency' .* must not be negative"),
        ("frequency", -2, r"column 'frequency' .* must not be negative"),
        ("recency", np.inf, r"column 'recency' .* must be finite"),
        ("monetary_total", np.inf, r"column 'monetary_total' .* must be finite"),
    ],
)
def test_impossible_values_are_refused(summary4, column, value, message):
    # old code scored them (a negative recency as the most recent customer)
    bad = summary4.astype({column: "float64"})
    bad.loc[2, column] = value
    with pytest.raises(ValueError, match=message):
        rfm_score(bad)


def test_a_missing_customer_id_is_refused(summary4):
    bad = summary4.set_axis(pd.Index([1.0, np.nan, 3.0, 4.0], name="customer_id"))
    with pytest.raises(ValueError, match=r"must hold a customer id on every row\. Got 1 missing"):
        rfm_score(bad)


def test_btyd_recency_above_t_is_refused():
    summary = pd.DataFrame(
        {"frequency": [1.0, 2.0], "recency": [12.0, 3.0], "T": [10.0, 10.0],
         "monetary_value": [5.0, 6.0]},
        index=pd.Index([1, 2], name="customer_id"),
    )  # fmt: skip
    with pytest.raises(ValueError, match="recency larger than T for 1 customer"):
        rfm_score(summary, bins=2)


@pytest.mark.parametrize("ties", ["keep", "first"])
def test_identical_customers_score_the_same_on_every_axis(ties):
    # old code: R = 5, F = 1, M = 1 ("511"), and segment() called them all "New"
    summary = make_summary([7] * 6, [2] * 6, [50.0] * 6)
    with pytest.warns(UserWarning) as caught:
        res = rfm_score(summary, ties=ties)
    assert sorted(str(w.message)[:26] for w in caught) == [
        "rfm_score: the F axis has ",
        "rfm_score: the M axis has ",
        "rfm_score: the R axis has ",
    ]
    if ties == "keep":  # all equal: all share the lowest score on every axis
        assert set(res.scores["cell"].astype(str)) == {"111"}
    else:  # split by id alone, the same way on R, F and M: position p -> p * 5 // 6 + 1
        assert res.scores["cell"].astype(str).tolist() == ["111", "111", "222", "333", "444", "555"]


def test_a_single_customer_scores_111_with_a_warning():
    # old code: "511"
    with pytest.warns(UserWarning, match="1 distinct value"):
        res = rfm_score(make_summary([3], [4], [99.0]))
    assert res.scores["cell"].astype(str).tolist() == ["111"]


def test_mirror_image_axes_get_mirror_image_scores(rng):
    # the same numbers as recency (lower is better) and as frequency (higher is better):
    # the rule is symmetric, so R computed from x equals F computed from -x, ties and all
    x = rng.integers(0, 6, 200)
    summary = make_summary(x, x.max() - x, np.ones(200))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for ties in ("keep", "first"):
            s = rfm_score(summary, ties=ties).scores
            assert (s["R"] == s["F"]).all()


def test_no_warning_when_every_axis_has_enough_values():
    summary = make_summary(np.arange(10), np.arange(10) + 1, np.arange(10) * 1.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rfm_score(summary)
        rfm_score(summary, cuts={"F": [1, 2]})  # explicit cuts: no quantiles to collapse
