"""Tests for crmkit.validity: HTMT by its formula, Fornell-Larcker by hand, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmkit
from crmkit import scales, validity


def correlated_survey(rng: np.random.Generator, n: int, rho: float, loadings=(0.8, 0.8, 0.8)):
    """Items of two constructs ``a`` and ``b`` whose latent correlation is ``rho``."""
    za = rng.standard_normal(n)
    zb = rho * za + np.sqrt(1 - rho**2) * rng.standard_normal(n)
    lam = np.asarray(loadings)
    data = {}
    for name, z in (("a", za), ("b", zb)):
        items = z[:, None] * lam + np.sqrt(1 - lam**2) * rng.standard_normal((n, len(lam)))
        for k in range(len(lam)):
            data[f"{name}_{k + 1}"] = items[:, k]
    return pd.DataFrame(data)


@pytest.fixture
def hand_matrix() -> pd.DataFrame:
    """Items a1..a3 and b1..b2 with correlations chosen for a hand computation."""
    names = ["a1", "a2", "a3", "b1", "b2"]
    r = np.eye(5)
    within = {("a1", "a2"): 0.6, ("a1", "a3"): 0.5, ("a2", "a3"): 0.4, ("b1", "b2"): 0.8}
    between = {
        ("a1", "b1"): 0.3,
        ("a1", "b2"): 0.2,
        ("a2", "b1"): 0.4,
        ("a2", "b2"): 0.1,
        ("a3", "b1"): 0.3,
        ("a3", "b2"): 0.5,
    }
    for (x, y), v in {**within, **between}.items():
        i, j = names.index(x), names.index(y)
        r[i, j] = r[j, i] = v
    return pd.DataFrame(r, index=names, columns=names)


def test_htmt_by_its_formula_on_a_hand_made_matrix(hand_matrix):
    out = validity.htmt_from_correlations(hand_matrix, {"a": ["a1", "a2", "a3"], "b": ["b1", "b2"]})
    # hetero mean (0.3+0.2+0.4+0.1+0.3+0.5)/6 = 0.3; mono means 0.5 and 0.8
    expected = 0.3 / np.sqrt(0.5 * 0.8)
    assert out.shape == (1, 4)
    assert out.loc[0, ["construct_1", "construct_2"]].tolist() == ["a", "b"]
    assert out.loc[0, "htmt"] == pytest.approx(expected, abs=1e-12)
    assert out.loc[0, "htmt"] == pytest.approx(0.4743416, abs=1e-7)
    assert bool(out.loc[0, "distinct"])
    # a threshold below the value flips the verdict
    strict = validity.htmt_from_correlations(
        hand_matrix, {"a": ["a1", "a2", "a3"], "b": ["b1", "b2"]}, threshold=0.4
    )
    assert not bool(strict.loc[0, "distinct"])


def test_htmt_does_not_depend_on_item_order(hand_matrix):
    order = ["b2", "a3", "b1", "a1", "a2"]
    shuffled = hand_matrix.loc[order, order]
    a = validity.htmt_from_correlations(hand_matrix, {"a": ["a1", "a2", "a3"], "b": ["b1", "b2"]})
    b = validity.htmt_from_correlations(shuffled, {"a": ["a3", "a1", "a2"], "b": ["b2", "b1"]})
    assert b.loc[0, "htmt"] == pytest.approx(a.loc[0, "htmt"], abs=1e-12)


def test_htmt_of_parallel_items_estimates_the_latent_correlation():
    rng = np.random.default_rng(17)
    survey = correlated_survey(rng, 100_000, rho=0.5)
    out = validity.htmt(survey)
    assert out.loc[0, "htmt"] == pytest.approx(0.5, abs=0.01)
    # the scale scores' correlation is attenuated by measurement error, HTMT is not
    scores = scales.scale_scores(survey, id_column=None)
    assert scores["a"].corr(scores["b"]) < 0.45


def test_htmt_from_survey_equals_the_formula_on_its_correlations():
    survey = crmkit.load_dataset("survey")
    out = validity.htmt(survey, ["trust", "care", "value"])
    items = scales.construct_items(survey, ["trust", "care", "value"])
    cols = [c for v in items.values() for c in v]
    again = validity.htmt_from_correlations(survey[cols].corr(), items)
    pd.testing.assert_frame_equal(out, again)
    assert list(zip(out["construct_1"], out["construct_2"], strict=True)) == [
        ("trust", "care"),
        ("trust", "value"),
        ("care", "value"),
    ]


def test_htmt_accepts_a_mapping_with_any_column_names():
    rng = np.random.default_rng(3)
    survey = correlated_survey(rng, 500, rho=0.3).rename(columns={"a_1": "q1", "b_3": "q9"})
    mapping = {"a": ["q1", "a_2", "a_3"], "b": ["b_1", "b_2", "q9"]}
    by_map = validity.htmt(survey, mapping)
    by_name = validity.htmt(survey.rename(columns={"q1": "a_1", "q9": "b_3"}))
    assert by_map.loc[0, "htmt"] == pytest.approx(by_name.loc[0, "htmt"], abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(
    scale=st.lists(st.floats(0.1, 10.0), min_size=6, max_size=6),
    shift=st.lists(st.floats(-5.0, 5.0), min_size=6, max_size=6),
)
def test_htmt_ignores_each_items_unit_and_origin(scale, shift):
    survey = correlated_survey(np.random.default_rng(11), 300, rho=0.4)
    moved = survey * np.asarray(scale) + np.asarray(shift)
    a, b = validity.htmt(survey), validity.htmt(moved)
    assert b.loc[0, "htmt"] == pytest.approx(a.loc[0, "htmt"], abs=1e-9)


def three_construct_survey() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    data = {f"{c}_{k}": rng.integers(1, 8, 50) for c in ("A", "B", "C") for k in (1, 2, 3)}
    return pd.DataFrame(data)


def test_fornell_larcker_on_a_hand_example():
    names = ["A", "B", "C"]
    corr = pd.DataFrame(
        [[1.0, 0.7, 0.3], [0.7, 1.0, 0.8], [0.3, 0.8, 1.0]], index=names, columns=names
    )
    ave = pd.Series({"A": 0.6, "B": 0.5, "C": 0.7})
    out = validity.fornell_larcker(three_construct_survey(), correlations=corr, ave=ave)
    assert list(out.index) == names
    assert out["max_r_squared"].tolist() == pytest.approx([0.49, 0.64, 0.64])
    assert out["closest"].tolist() == ["B", "C", "B"]
    # A: 0.6 > 0.49; B: 0.5 < 0.64 (not distinct from C); C: 0.7 > 0.64
    assert out["distinct"].tolist() == [True, False, True]
    assert out["sqrt_ave"].tolist() == pytest.approx(np.sqrt([0.6, 0.5, 0.7]).tolist())


def test_fornell_larcker_defaults_are_reliability_ave_and_scale_score_correlations():
    survey = crmkit.load_dataset("survey")
    names = ["satisfaction", "value", "cognitive"]
    out = validity.fornell_larcker(survey, names)
    rel = scales.reliability(survey, names)
    assert out["ave"].to_numpy() == pytest.approx(rel["ave"].to_numpy())
    scores = scales.scale_scores(survey, names)
    r2 = scores.corr() ** 2
    assert out.loc["value", "max_r_squared"] == pytest.approx(
        max(r2.loc["value", "satisfaction"], r2.loc["value", "cognitive"])
    )
    assert out.loc["value", "closest"] == "cognitive"
    assert out["distinct"].all()


def test_inputs_are_not_mutated():
    survey = three_construct_survey()
    before = survey.copy()
    validity.htmt(survey)
    validity.fornell_larcker(survey)
    pd.testing.assert_frame_equal(survey, before)


def test_missing_answers_are_counted_in_a_warning():
    survey = three_construct_survey().astype("float64")
    survey.loc[[0, 3], "A_2"] = np.nan
    with pytest.warns(UserWarning, match="2 of 50 respondent"):
        validity.htmt(survey)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"survey": "not a frame"}, TypeError, "'survey' parameter of htmt must be a pandas"),
        ({"constructs": ["A"]}, ValueError, "at least 2 constructs"),
        ({"constructs": ["A", "Z"]}, ValueError, r"names \['Z'\]"),
        ({"constructs": {"A": ["A_1"], "B": ["B_1", "B_2"]}}, ValueError, "at least 2 items"),
        ({"constructs": {"A": ["A_1", "A_2"], "B": ["A_2", "B_2"]}}, ValueError, "A_2"),
        ({"constructs": {"A": ["A_1", "nope"], "B": ["B_1", "B_2"]}}, ValueError, "nope"),
        ({"threshold": 1.5}, ValueError, "'threshold' parameter"),
        ({"threshold": 0}, ValueError, "'threshold' parameter"),
    ],
)
def test_htmt_bad_input(kwargs, error, match):
    args = {"survey": three_construct_survey(), **kwargs}
    with pytest.raises(error, match=match):
        validity.htmt(**args)


def test_bad_item_columns():
    survey = three_construct_survey()
    with pytest.raises(TypeError, match="must be numeric"):
        validity.htmt(survey.assign(A_1=survey["A_1"].astype(str)))
    with pytest.raises(ValueError, match="same answer for every respondent"):
        validity.htmt(survey.assign(B_2=3))
    with pytest.raises(ValueError, match="infinite"):
        validity.htmt(survey.astype(float).assign(C_1=np.inf))


def test_htmt_from_correlations_bad_input(hand_matrix):
    items = {"a": ["a1", "a2", "a3"], "b": ["b1", "b2"]}
    with pytest.raises(ValueError, match=r"lacks the item\(s\) \['b3'\]"):
        validity.htmt_from_correlations(hand_matrix, {**items, "c": ["b3", "a1"]})
    broken = hand_matrix.copy()
    broken.iloc[0, 1] = 0.9
    with pytest.raises(ValueError, match="symmetric"):
        validity.htmt_from_correlations(broken, items)
    with pytest.raises(ValueError, match="at least 2"):
        validity.htmt_from_correlations(hand_matrix, {"a": ["a1", "a2"]})


def test_fornell_larcker_bad_input():
    survey = three_construct_survey()
    names = ["A", "B", "C"]
    good = pd.DataFrame(np.eye(3), index=names, columns=names)
    with pytest.raises(ValueError, match=r"Got none for \['C'\]"):
        validity.fornell_larcker(survey, correlations=good.loc[["A", "B"], ["A", "B"]])
    with pytest.raises(ValueError, match="between -1 and 1"):
        validity.fornell_larcker(survey, correlations=good * 2)
    with pytest.raises(ValueError, match="'ave' parameter"):
        validity.fornell_larcker(survey, ave=pd.Series({"A": 0.5}))
    with pytest.raises(ValueError, match="between 0 and 1"):
        validity.fornell_larcker(survey, ave=pd.Series({"A": 0.5, "B": 1.5, "C": 0.5}))
