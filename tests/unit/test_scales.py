"""Tests for crmkit.scales: items, scale scores, alpha (against pingouin), CR, AVE, reliability."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmkit
from crmkit import factors, loyalty_models, scales


@pytest.fixture
def tiny() -> pd.DataFrame:
    """Four respondents, one construct 'trust' with three items (alpha = 14/15)."""
    return pd.DataFrame(
        {
            "customer_id": [11, 12, 13, 14],
            "trust_1": [1, 2, 3, 4],
            "trust_2": [2, 2, 4, 4],
            "trust_3": [1, 3, 3, 5],
        }
    )


def simulated_survey(
    rng: np.random.Generator, n: int = 3000, loadings=(0.8, 0.8, 0.8), constructs=("a", "b")
) -> pd.DataFrame:
    """Continuous items ``l * z + sqrt(1 - l**2) * e`` for independent constructs."""
    data = {"customer_id": np.arange(1, n + 1)}
    lam = np.asarray(loadings)
    for c in constructs:
        z = rng.standard_normal(n)
        items = z[:, None] * lam + np.sqrt(1 - lam**2) * rng.standard_normal((n, len(lam)))
        for k in range(len(lam)):
            data[f"{c}_{k + 1}"] = items[:, k]
    return pd.DataFrame(data)


@pytest.fixture(scope="module")
def world():
    return crmkit.make_world()


SURVEY_FUNCTIONS = [
    scales.scale_scores,
    scales.reliability,
    scales.item_statistics,
    factors.factor_analysis,
    factors.correlation_eigenvalues,
]


def test_construct_items_reads_the_names(world):
    items = scales.construct_items(world.survey)
    # nine constructs of the world, in survey order, three items each, not customer_id
    assert list(items) == [*loyalty_models.FACTORS, "cognitive", "affective", "behavioural"]
    assert items["trust"] == ["trust_1", "trust_2", "trust_3"]
    assert "overall_satisfaction" not in {c for cols in items.values() for c in cols}


def test_construct_items_orders_by_number_and_selects():
    s = pd.DataFrame({"x_10": [1, 2], "x_2": [3, 4], "y_1": [1, 1], "y_2": [2, 2]})
    assert scales.construct_items(s) == {"x": ["x_2", "x_10"], "y": ["y_1", "y_2"]}
    assert scales.construct_items(s, "y") == {"y": ["y_1", "y_2"]}


def test_scale_scores_by_hand(tiny):
    out = scales.scale_scores(tiny)
    # respondent 11: (1 + 2 + 1) / 3 = 4/3; 12: 7/3; 13: 10/3; 14: 13/3
    expected = pd.DataFrame(
        {"trust": [4 / 3, 7 / 3, 10 / 3, 13 / 3]},
        index=pd.Index([11, 12, 13, 14], name="customer_id"),
    )
    pd.testing.assert_frame_equal(out, expected)


def test_scale_scores_without_id_keeps_the_index(tiny):
    out = scales.scale_scores(tiny.drop(columns="customer_id"), id_column=None)
    assert list(out.index) == [0, 1, 2, 3]


def test_scale_scores_missing_answers_are_reported(tiny):
    s = tiny.astype({"trust_2": "float64"})
    s.loc[1, "trust_2"] = np.nan
    with pytest.warns(UserWarning, match=r"1 of 4 respondent\(s\) with a missing answer"):
        out = scales.scale_scores(s)
    assert list(out.index) == [11, 13, 14]


@given(seed=st.integers(0, 10_000))
@settings(max_examples=25, deadline=None)
def test_scale_scores_follow_their_respondents(seed):
    rng = np.random.default_rng(seed)
    s = simulated_survey(rng, n=30)
    shuffled = s.sample(frac=1.0, random_state=rng)
    pd.testing.assert_frame_equal(
        scales.scale_scores(shuffled).sort_index(), scales.scale_scores(s), check_exact=False
    )


def test_alpha_by_hand(tiny):
    # item variances (ddof=1): 5/3, 4/3, 8/3 -> sum 17/3
    # totals 4, 7, 10, 13 -> variance 45/3 = 15
    # alpha = 3/2 * (1 - (17/3) / 15) = 3/2 * 28/45 = 14/15
    items = tiny[["trust_1", "trust_2", "trust_3"]]
    assert scales.cronbach_alpha(items) == pytest.approx(14 / 15)
    assert scales.cronbach_alpha(items) == pytest.approx(pg.cronbach_alpha(items)[0])


def test_parallel_items_give_alpha_one():
    x = np.array([1.0, 3.0, 2.0, 5.0, 4.0])
    # the same answers three times: item variances 3v, total variance 9v -> alpha = 1
    items = pd.DataFrame({"a_1": x, "a_2": x, "a_3": x})
    assert scales.cronbach_alpha(items) == pytest.approx(1.0)


def test_uncorrelated_items_give_alpha_near_zero(rng):
    items = pd.DataFrame(rng.standard_normal((20_000, 4)), columns=list("wxyz"))
    assert abs(scales.cronbach_alpha(items)) < 0.05


def test_reversed_item_gives_negative_alpha():
    x = np.array([1.0, 2.0, 3.0, 4.0])
    # items x, x and 5 - x (a reversed item not recoded): each has variance v, the
    # totals x + 5 have variance v, so alpha = 3/2 * (1 - 3v / v) = -3
    items = pd.DataFrame({"a_1": x, "a_2": x, "a_3": 5 - x})
    assert scales.cronbach_alpha(items) == pytest.approx(-3.0)


@pytest.mark.parametrize("k", [2, 3, 5])
def test_alpha_agrees_with_pingouin(rng, k):
    z = rng.standard_normal(200)
    items = pd.DataFrame(
        {f"i_{j}": np.round(4 + z + rng.standard_normal(200)).clip(1, 7) for j in range(k)}
    )
    assert scales.cronbach_alpha(items) == pytest.approx(pg.cronbach_alpha(items)[0], abs=1e-12)


def test_alpha_agrees_with_pingouin_on_the_world(world):
    rel = scales.reliability(world.survey)
    for construct in rel.index:
        cols = [f"{construct}_{k}" for k in (1, 2, 3)]
        expected = pg.cronbach_alpha(world.survey[cols])[0]
        assert rel.loc[construct, "alpha"] == pytest.approx(expected, abs=1e-12)


@given(
    seed=st.integers(0, 10_000),
    shift=st.floats(-50, 50, allow_nan=False),
    column=st.integers(0, 2),
)
@settings(max_examples=40, deadline=None)
def test_alpha_is_invariant_to_shifts_and_row_order(seed, shift, column):
    rng = np.random.default_rng(seed)
    items = simulated_survey(rng, n=40, constructs=("a",)).drop(columns="customer_id")
    base = scales.cronbach_alpha(items)
    shifted = items.copy()
    shifted.iloc[:, column] = shifted.iloc[:, column] + shift
    assert scales.cronbach_alpha(shifted) == pytest.approx(base, abs=1e-9)
    permuted = items.iloc[rng.permutation(len(items))]
    assert scales.cronbach_alpha(permuted) == pytest.approx(base, abs=1e-12)


def test_alpha_bad_input(tiny):
    with pytest.raises(TypeError, match="'items' parameter of cronbach_alpha"):
        scales.cronbach_alpha(tiny["trust_1"])
    with pytest.raises(ValueError, match="at least 2 item columns"):
        scales.cronbach_alpha(tiny[["trust_1"]])
    with pytest.raises(ValueError, match="at least one row"):
        scales.cronbach_alpha(tiny.iloc[:0])
    with pytest.raises(TypeError, match="must be numeric"):
        scales.cronbach_alpha(tiny.assign(trust_2=tiny["trust_2"].astype(str)))
    x = pd.Series([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="same total for every respondent"):
        scales.cronbach_alpha(pd.DataFrame({"a": x, "b": 4 - x}))


def test_alpha_reports_missing_answers(tiny):
    items = tiny[["trust_1", "trust_2", "trust_3"]].astype("float64")
    items.loc[0, "trust_1"] = np.nan
    with pytest.warns(UserWarning, match=r"1 of 4 respondent\(s\)"):
        value = scales.cronbach_alpha(items)
    assert value == pytest.approx(scales.cronbach_alpha(items.iloc[1:]))


def test_cr_and_ave_on_known_loadings():
    # equal loadings 0.8: (2.4)**2 = 5.76, errors 3 * 0.36 = 1.08 -> 5.76 / 6.84
    assert scales.composite_reliability([0.8, 0.8, 0.8]) == pytest.approx(5.76 / 6.84)
    assert scales.average_variance_extracted([0.8, 0.8, 0.8]) == pytest.approx(0.64)
    # 0.9, 0.7, 0.5: sum 2.1 -> 4.41; errors 0.19 + 0.51 + 0.75 = 1.45
    assert scales.composite_reliability(pd.Series([0.9, 0.7, 0.5])) == pytest.approx(4.41 / 5.86)
    assert scales.average_variance_extracted((0.9, 0.7, 0.5)) == pytest.approx(1.55 / 3)
    # perfect items: CR = AVE = 1
    assert scales.composite_reliability([1.0, 1.0]) == pytest.approx(1.0)


@pytest.mark.parametrize("bad", [[], [1.2, 0.5], [np.nan, 0.5], "0.5", [[0.5, 0.6]]])
def test_cr_and_ave_bad_loadings(bad):
    with pytest.raises(ValueError, match="'loadings' parameter of composite_reliability"):
        scales.composite_reliability(bad)
    with pytest.raises(ValueError, match="'loadings' parameter of average_variance_extracted"):
        scales.average_variance_extracted(bad)


def test_one_factor_loadings_agree_with_statsmodels_ml(world):
    from statsmodels.multivariate.factor import Factor

    # three items: the closed form l1 = sqrt(r12 r13 / r23) ... is the ML solution
    cols = ["value_1", "value_2", "value_3"]
    stats = scales.item_statistics(world.survey, "value")
    r = world.survey[cols].corr().to_numpy()
    r12, r13, r23 = r[0, 1], r[0, 2], r[1, 2]
    expected = np.sqrt([r12 * r13 / r23, r12 * r23 / r13, r13 * r23 / r12])
    np.testing.assert_allclose(stats["loading"].to_numpy(), expected)
    ml = Factor(world.survey[cols].to_numpy(float), n_factor=1, method="ml").fit()
    np.testing.assert_allclose(stats["loading"].to_numpy(), np.abs(ml.loadings[:, 0]), atol=1e-4)


def test_four_items_are_fitted_by_ml(rng):
    s = simulated_survey(rng, n=5000, loadings=(0.9, 0.8, 0.7, 0.6), constructs=("a",))
    stats = scales.item_statistics(s)
    np.testing.assert_allclose(stats["loading"].to_numpy(), [0.9, 0.8, 0.7, 0.6], atol=0.03)


def test_heywood_case_is_clipped_with_a_warning(tiny):
    # r12 = r13 = 0.894, r23 = 0.6 -> l1 = sqrt(0.8 / 0.6) = 1.15 > 1
    with pytest.warns(UserWarning, match=r"trust.*\['trust_1'\].*Heywood"):
        stats = scales.item_statistics(tiny)
    assert stats.loc["trust_1", "loading"] == 1.0


def test_items_that_do_not_fit_one_factor_give_nan(rng):
    x, y = rng.standard_normal((2, 300))
    # r12 > 0, r13 > 0 but r23 < 0: the products change sign, no one-factor solution
    s = pd.DataFrame({"a_1": x + y, "a_2": x + 0.1 * rng.standard_normal(300), "a_3": y})
    s["a_3"] = y - 0.3 * x
    rel = scales.reliability(s)
    assert np.isnan(rel.loc["a", "composite_reliability"])
    assert np.isnan(rel.loc["a", "ave"])


def test_reliability_recovers_known_loadings(rng):
    # continuous items with true loadings 0.8: CR = 0.842, AVE = 0.64, and alpha = CR
    # because the items are parallel (Spearman-Brown: 3 * 0.64 / (1 + 2 * 0.64) = 0.842)
    rel = scales.reliability(simulated_survey(rng, n=20_000))
    assert rel["composite_reliability"].to_numpy() == pytest.approx([0.842, 0.842], abs=0.01)
    assert rel["ave"].to_numpy() == pytest.approx([0.64, 0.64], abs=0.015)
    assert rel["alpha"].to_numpy() == pytest.approx([0.842, 0.842], abs=0.01)
    assert rel["items"].tolist() == [3, 3]
    assert rel["respondents"].tolist() == [20_000, 20_000]


def test_unequal_loadings_alpha_below_cr(rng):
    # with unequal loadings alpha underestimates reliability; CR does not
    rel = scales.reliability(simulated_survey(rng, n=20_000, loadings=(0.9, 0.6, 0.3)))
    true_cr = scales.composite_reliability([0.9, 0.6, 0.3])
    assert rel["composite_reliability"].to_numpy() == pytest.approx([true_cr] * 2, abs=0.02)
    assert (rel["alpha"] < rel["composite_reliability"]).all()


def test_two_item_constructs_use_equal_loadings():
    s = pd.DataFrame({"a_1": [1, 2, 3, 4, 5], "a_2": [1, 3, 2, 5, 4]})
    r = np.corrcoef(s["a_1"], s["a_2"])[0, 1]  # 0.8
    stats = scales.item_statistics(s)
    assert stats["loading"].tolist() == pytest.approx([np.sqrt(r)] * 2)
    assert stats["alpha_if_deleted"].isna().all()
    rel = scales.reliability(s)
    assert rel.loc["a", "ave"] == pytest.approx(r)


def test_item_statistics_by_hand(tiny):
    with pytest.warns(UserWarning, match="Heywood"):
        stats = scales.item_statistics(tiny)
    # trust_1 vs trust_2 + trust_3 = [3, 5, 7, 9]: a straight line of trust_1 -> r = 1
    assert stats.loc["trust_1", "item_total_r"] == pytest.approx(1.0)
    # alpha without trust_3: items [1,2,3,4] and [2,2,4,4]: variances 5/3 and 4/3,
    # totals [3,4,7,8] variance 17/3 -> 2 * (1 - 3 / (17/3)) = 2 * 8/17 = 16/17
    assert stats.loc["trust_3", "alpha_if_deleted"] == pytest.approx(16 / 17)
    assert stats.loc["trust_2", "mean"] == pytest.approx(3.0)
    assert stats.loc["trust_2", "sd"] == pytest.approx(np.sqrt(4 / 3))
    assert list(stats.columns) == [
        "construct",
        "mean",
        "sd",
        "loading",
        "item_total_r",
        "alpha_if_deleted",
    ]


def test_world_scales_are_reliable(world):
    rel = scales.reliability(world.survey)
    assert len(rel) == 9
    # true loadings 0.85, 0.80, 0.75 on a continuous scale give CR 0.843; rounding to
    # seven points loses a little, so every scale lands between 0.75 and 0.88
    assert rel["alpha"].between(0.75, 0.88).all()
    assert rel["composite_reliability"].between(0.75, 0.88).all()
    assert (rel["ave"] > 0.5).all()
    # true loadings fall from item 1 to item 3, and so do the estimates on average
    stats = scales.item_statistics(world.survey)
    by_number = stats.groupby(stats.index.str[-1])["loading"].mean()
    assert by_number.is_monotonic_decreasing


@pytest.mark.parametrize("func", SURVEY_FUNCTIONS)
def test_empty_survey(func, tiny):
    with pytest.raises(ValueError, match="at least one row"):
        func(tiny.iloc[:0])


@pytest.mark.parametrize("func", SURVEY_FUNCTIONS)
def test_survey_not_a_frame(func, tiny):
    with pytest.raises(TypeError, match="'survey' parameter"):
        func(tiny.to_numpy())


@pytest.mark.parametrize("func", SURVEY_FUNCTIONS)
def test_survey_without_items(func):
    with pytest.raises(ValueError, match="no item columns"):
        func(pd.DataFrame({"customer_id": [1, 2], "score": [3, 4]}))


@pytest.mark.parametrize("func", SURVEY_FUNCTIONS)
def test_non_numeric_items(func, tiny):
    with pytest.raises(TypeError, match=r"\['trust_2'\].*must be numeric"):
        func(tiny.assign(trust_2=tiny["trust_2"].astype(str)))


@pytest.mark.parametrize("func", SURVEY_FUNCTIONS)
def test_unknown_construct(func, tiny):
    with pytest.raises(ValueError, match=r"names \['loyalty'\].*Constructs found: \['trust'\]"):
        func(tiny, constructs=["loyalty"])


def test_one_item_construct_is_refused_for_reliability(tiny):
    s = tiny.assign(care_1=[1, 2, 3, 3])
    for func in (scales.reliability, scales.item_statistics):
        with pytest.raises(ValueError, match="'care' has 1 item"):
            func(s)
    # a single item can still be scored, and reliability of the others still works
    assert scales.scale_scores(s)["care"].tolist() == [1.0, 2.0, 3.0, 3.0]
    with pytest.warns(UserWarning, match="Heywood"):
        assert list(scales.reliability(s, "trust").index) == ["trust"]


def test_constant_item_is_refused(tiny):
    with pytest.raises(ValueError, match=r"\['trust_3'\].*same answer"):
        scales.reliability(tiny.assign(trust_3=4))


def test_repeated_constructs_and_bad_ids(tiny):
    with pytest.raises(ValueError, match="must not repeat"):
        scales.reliability(tiny, ["trust", "trust"])
    with pytest.raises(ValueError, match="at least one construct"):
        scales.scale_scores(tiny, [])
    with pytest.raises(ValueError, match="identify each respondent once"):
        scales.scale_scores(tiny.assign(customer_id=[1, 1, 2, 3]))
    with pytest.raises(ValueError, match="no column 'respondent'"):
        scales.scale_scores(tiny, id_column="respondent")


def test_all_missing_is_an_error(tiny):
    s = tiny.astype({"trust_1": "float64"}).assign(trust_1=np.nan)
    with pytest.warns(UserWarning, match="4 of 4"):
        with pytest.raises(ValueError, match="nothing is left"):
            scales.reliability(s)
