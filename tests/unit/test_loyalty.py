"""Tests for crmkit.loyalty: scales, reliability, factor analysis, loyalty models, plots.

Expected numbers are computed by hand in a comment next to them, or come from another
package (pingouin's cronbach_alpha, statsmodels' OLS) or from the closed form of a
three-item one-factor model. The world tests check recovery of the default world's truth.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmkit
from crmkit import loyalty as ly

# ------------------------------------------------------------------------------------
# fixtures
# ------------------------------------------------------------------------------------


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


@pytest.fixture(scope="module")
def world_scores(world):
    return ly.scale_scores(world.survey)


# ------------------------------------------------------------------------------------
# construct_items and scale_scores
# ------------------------------------------------------------------------------------


def test_construct_items_reads_the_names(world):
    items = ly.construct_items(world.survey)
    # nine constructs of the world, in survey order, three items each, not customer_id
    assert list(items) == [*ly.FACTORS, "cognitive", "affective", "behavioural"]
    assert items["trust"] == ["trust_1", "trust_2", "trust_3"]
    assert "overall_satisfaction" not in {c for cols in items.values() for c in cols}


def test_construct_items_orders_by_number_and_selects():
    s = pd.DataFrame({"x_10": [1, 2], "x_2": [3, 4], "y_1": [1, 1], "y_2": [2, 2]})
    assert ly.construct_items(s) == {"x": ["x_2", "x_10"], "y": ["y_1", "y_2"]}
    assert ly.construct_items(s, "y") == {"y": ["y_1", "y_2"]}


def test_scale_scores_by_hand(tiny):
    out = ly.scale_scores(tiny)
    # respondent 11: (1 + 2 + 1) / 3 = 4/3; 12: 7/3; 13: 10/3; 14: 13/3
    expected = pd.DataFrame(
        {"trust": [4 / 3, 7 / 3, 10 / 3, 13 / 3]},
        index=pd.Index([11, 12, 13, 14], name="customer_id"),
    )
    pd.testing.assert_frame_equal(out, expected)


def test_scale_scores_without_id_keeps_the_index(tiny):
    out = ly.scale_scores(tiny.drop(columns="customer_id"), id_column=None)
    assert list(out.index) == [0, 1, 2, 3]


def test_scale_scores_missing_answers_are_reported(tiny):
    s = tiny.astype({"trust_2": "float64"})
    s.loc[1, "trust_2"] = np.nan
    with pytest.warns(UserWarning, match=r"1 of 4 respondent\(s\) with a missing answer"):
        out = ly.scale_scores(s)
    assert list(out.index) == [11, 13, 14]


@given(seed=st.integers(0, 10_000))
@settings(max_examples=25, deadline=None)
def test_scale_scores_follow_their_respondents(seed):
    rng = np.random.default_rng(seed)
    s = simulated_survey(rng, n=30)
    shuffled = s.sample(frac=1.0, random_state=rng)
    pd.testing.assert_frame_equal(
        ly.scale_scores(shuffled).sort_index(), ly.scale_scores(s), check_exact=False
    )


# ------------------------------------------------------------------------------------
# Cronbach's alpha
# ------------------------------------------------------------------------------------


def test_alpha_by_hand(tiny):
    # item variances (ddof=1): 5/3, 4/3, 8/3 -> sum 17/3
    # totals 4, 7, 10, 13 -> variance 45/3 = 15
    # alpha = 3/2 * (1 - (17/3) / 15) = 3/2 * 28/45 = 14/15
    items = tiny[["trust_1", "trust_2", "trust_3"]]
    assert ly.cronbach_alpha(items) == pytest.approx(14 / 15)
    assert ly.cronbach_alpha(items) == pytest.approx(pg.cronbach_alpha(items)[0])


def test_parallel_items_give_alpha_one():
    x = np.array([1.0, 3.0, 2.0, 5.0, 4.0])
    # the same answers three times: item variances 3v, total variance 9v -> alpha = 1
    items = pd.DataFrame({"a_1": x, "a_2": x, "a_3": x})
    assert ly.cronbach_alpha(items) == pytest.approx(1.0)


def test_uncorrelated_items_give_alpha_near_zero(rng):
    items = pd.DataFrame(rng.standard_normal((20_000, 4)), columns=list("wxyz"))
    assert abs(ly.cronbach_alpha(items)) < 0.05


def test_reversed_item_gives_negative_alpha():
    x = np.array([1.0, 2.0, 3.0, 4.0])
    # items x, x and 5 - x (a reversed item not recoded): each has variance v, the
    # totals x + 5 have variance v, so alpha = 3/2 * (1 - 3v / v) = -3
    items = pd.DataFrame({"a_1": x, "a_2": x, "a_3": 5 - x})
    assert ly.cronbach_alpha(items) == pytest.approx(-3.0)


@pytest.mark.parametrize("k", [2, 3, 5])
def test_alpha_agrees_with_pingouin(rng, k):
    z = rng.standard_normal(200)
    items = pd.DataFrame(
        {f"i_{j}": np.round(4 + z + rng.standard_normal(200)).clip(1, 7) for j in range(k)}
    )
    assert ly.cronbach_alpha(items) == pytest.approx(pg.cronbach_alpha(items)[0], abs=1e-12)


def test_alpha_agrees_with_pingouin_on_the_world(world):
    rel = ly.reliability(world.survey)
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
    base = ly.cronbach_alpha(items)
    shifted = items.copy()
    shifted.iloc[:, column] = shifted.iloc[:, column] + shift
    assert ly.cronbach_alpha(shifted) == pytest.approx(base, abs=1e-9)
    permuted = items.iloc[rng.permutation(len(items))]
    assert ly.cronbach_alpha(permuted) == pytest.approx(base, abs=1e-12)


def test_alpha_bad_input(tiny):
    with pytest.raises(TypeError, match="'items' parameter of cronbach_alpha"):
        ly.cronbach_alpha(tiny["trust_1"])
    with pytest.raises(ValueError, match="at least 2 item columns"):
        ly.cronbach_alpha(tiny[["trust_1"]])
    with pytest.raises(ValueError, match="at least one row"):
        ly.cronbach_alpha(tiny.iloc[:0])
    with pytest.raises(TypeError, match="must be numeric"):
        ly.cronbach_alpha(tiny.assign(trust_2=tiny["trust_2"].astype(str)))
    x = pd.Series([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="same total for every respondent"):
        ly.cronbach_alpha(pd.DataFrame({"a": x, "b": 4 - x}))


def test_alpha_reports_missing_answers(tiny):
    items = tiny[["trust_1", "trust_2", "trust_3"]].astype("float64")
    items.loc[0, "trust_1"] = np.nan
    with pytest.warns(UserWarning, match=r"1 of 4 respondent\(s\)"):
        value = ly.cronbach_alpha(items)
    assert value == pytest.approx(ly.cronbach_alpha(items.iloc[1:]))


# ------------------------------------------------------------------------------------
# CR, AVE and the one-factor loadings
# ------------------------------------------------------------------------------------


def test_cr_and_ave_on_known_loadings():
    # equal loadings 0.8: (2.4)**2 = 5.76, errors 3 * 0.36 = 1.08 -> 5.76 / 6.84
    assert ly.composite_reliability([0.8, 0.8, 0.8]) == pytest.approx(5.76 / 6.84)
    assert ly.average_variance_extracted([0.8, 0.8, 0.8]) == pytest.approx(0.64)
    # 0.9, 0.7, 0.5: sum 2.1 -> 4.41; errors 0.19 + 0.51 + 0.75 = 1.45
    assert ly.composite_reliability(pd.Series([0.9, 0.7, 0.5])) == pytest.approx(4.41 / 5.86)
    assert ly.average_variance_extracted((0.9, 0.7, 0.5)) == pytest.approx(1.55 / 3)
    # perfect items: CR = AVE = 1
    assert ly.composite_reliability([1.0, 1.0]) == pytest.approx(1.0)


@pytest.mark.parametrize("bad", [[], [1.2, 0.5], [np.nan, 0.5], "0.5", [[0.5, 0.6]]])
def test_cr_and_ave_bad_loadings(bad):
    with pytest.raises(ValueError, match="'loadings' parameter of composite_reliability"):
        ly.composite_reliability(bad)
    with pytest.raises(ValueError, match="'loadings' parameter of average_variance_extracted"):
        ly.average_variance_extracted(bad)


def test_one_factor_loadings_agree_with_statsmodels_ml(world):
    from statsmodels.multivariate.factor import Factor

    # three items: the closed form l1 = sqrt(r12 r13 / r23) ... is the ML solution
    cols = ["value_1", "value_2", "value_3"]
    stats = ly.item_statistics(world.survey, "value")
    r = world.survey[cols].corr().to_numpy()
    r12, r13, r23 = r[0, 1], r[0, 2], r[1, 2]
    expected = np.sqrt([r12 * r13 / r23, r12 * r23 / r13, r13 * r23 / r12])
    np.testing.assert_allclose(stats["loading"].to_numpy(), expected)
    ml = Factor(world.survey[cols].to_numpy(float), n_factor=1, method="ml").fit()
    np.testing.assert_allclose(stats["loading"].to_numpy(), np.abs(ml.loadings[:, 0]), atol=1e-4)


def test_four_items_are_fitted_by_ml(rng):
    s = simulated_survey(rng, n=5000, loadings=(0.9, 0.8, 0.7, 0.6), constructs=("a",))
    stats = ly.item_statistics(s)
    np.testing.assert_allclose(stats["loading"].to_numpy(), [0.9, 0.8, 0.7, 0.6], atol=0.03)


def test_heywood_case_is_clipped_with_a_warning(tiny):
    # r12 = r13 = 0.894, r23 = 0.6 -> l1 = sqrt(0.8 / 0.6) = 1.15 > 1
    with pytest.warns(UserWarning, match=r"trust.*\['trust_1'\].*Heywood"):
        stats = ly.item_statistics(tiny)
    assert stats.loc["trust_1", "loading"] == 1.0


def test_items_that_do_not_fit_one_factor_give_nan(rng):
    x, y = rng.standard_normal((2, 300))
    # r12 > 0, r13 > 0 but r23 < 0: the products change sign, no one-factor solution
    s = pd.DataFrame({"a_1": x + y, "a_2": x + 0.1 * rng.standard_normal(300), "a_3": y})
    s["a_3"] = y - 0.3 * x
    rel = ly.reliability(s)
    assert np.isnan(rel.loc["a", "composite_reliability"])
    assert np.isnan(rel.loc["a", "ave"])


def test_reliability_recovers_known_loadings(rng):
    # continuous items with true loadings 0.8: CR = 0.842, AVE = 0.64, and alpha = CR
    # because the items are parallel (Spearman-Brown: 3 * 0.64 / (1 + 2 * 0.64) = 0.842)
    rel = ly.reliability(simulated_survey(rng, n=20_000))
    assert rel["composite_reliability"].to_numpy() == pytest.approx([0.842, 0.842], abs=0.01)
    assert rel["ave"].to_numpy() == pytest.approx([0.64, 0.64], abs=0.015)
    assert rel["alpha"].to_numpy() == pytest.approx([0.842, 0.842], abs=0.01)
    assert rel["items"].tolist() == [3, 3]
    assert rel["respondents"].tolist() == [20_000, 20_000]


def test_unequal_loadings_alpha_below_cr(rng):
    # with unequal loadings alpha underestimates reliability; CR does not
    rel = ly.reliability(simulated_survey(rng, n=20_000, loadings=(0.9, 0.6, 0.3)))
    true_cr = ly.composite_reliability([0.9, 0.6, 0.3])
    assert rel["composite_reliability"].to_numpy() == pytest.approx([true_cr] * 2, abs=0.02)
    assert (rel["alpha"] < rel["composite_reliability"]).all()


def test_two_item_constructs_use_equal_loadings():
    s = pd.DataFrame({"a_1": [1, 2, 3, 4, 5], "a_2": [1, 3, 2, 5, 4]})
    r = np.corrcoef(s["a_1"], s["a_2"])[0, 1]  # 0.8
    stats = ly.item_statistics(s)
    assert stats["loading"].tolist() == pytest.approx([np.sqrt(r)] * 2)
    assert stats["alpha_if_deleted"].isna().all()
    rel = ly.reliability(s)
    assert rel.loc["a", "ave"] == pytest.approx(r)


def test_item_statistics_by_hand(tiny):
    with pytest.warns(UserWarning, match="Heywood"):
        stats = ly.item_statistics(tiny)
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
    rel = ly.reliability(world.survey)
    assert len(rel) == 9
    # true loadings 0.85, 0.80, 0.75 on a continuous scale give CR 0.843; rounding to
    # seven points loses a little, so every scale lands between 0.75 and 0.88
    assert rel["alpha"].between(0.75, 0.88).all()
    assert rel["composite_reliability"].between(0.75, 0.88).all()
    assert (rel["ave"] > 0.5).all()
    # true loadings fall from item 1 to item 3, and so do the estimates on average
    stats = ly.item_statistics(world.survey)
    by_number = stats.groupby(stats.index.str[-1])["loading"].mean()
    assert by_number.is_monotonic_decreasing


# ------------------------------------------------------------------------------------
# factor analysis
# ------------------------------------------------------------------------------------


def test_factor_analysis_recovers_the_world_structure(world):
    loadings = ly.factor_analysis(world.survey)
    assert loadings.shape == (27, 9)
    assert list(loadings.columns) == [f"F{j}" for j in range(1, 10)]
    structure = ly.factor_structure(loadings)
    # the three items of each construct share one factor, and no two constructs share
    per_construct = structure.groupby("construct", sort=False)["factor"].agg(set)
    assert (per_construct.map(len) == 1).all()
    assert per_construct.map(min).nunique() == 9
    # numbered in survey order and turned positive
    assert per_construct.map(min).tolist() == [f"F{j}" for j in range(1, 10)]
    assert (structure["loading"] > 0.5).all()
    assert (structure["cross_loading"] < structure["loading"]).all()


@pytest.mark.parametrize("rotation", ["promax", "oblimin", None])
def test_factor_analysis_other_rotations(rotation, rng):
    s = simulated_survey(rng, n=2000, constructs=("a", "b", "c"))
    structure = ly.factor_structure(ly.factor_analysis(s, rotation=rotation))
    if rotation is not None:
        assert structure.groupby("construct")["factor"].nunique().eq(1).all()
        assert structure["factor"].nunique() == 3
    assert structure["loading"].abs().gt(0.3).all()


def test_factor_analysis_ml_and_one_factor(rng):
    s = simulated_survey(rng, n=2000, constructs=("a",))
    one = ly.factor_analysis(s, 1, method="ml")
    assert list(one.columns) == ["F1"]
    np.testing.assert_allclose(one["F1"].to_numpy(), [0.8, 0.8, 0.8], atol=0.05)
    assert ly.factor_structure(one)["cross_loading"].eq(0).all()


def test_eigenvalues_add_up_to_the_number_of_items(world):
    ev = ly.correlation_eigenvalues(world.survey)
    assert len(ev) == 27
    assert ev.sum() == pytest.approx(27)
    assert ev.is_monotonic_decreasing
    assert ev.index[0] == 1


def test_factor_analysis_bad_input(world):
    with pytest.raises(ValueError, match="'rotation' parameter of factor_analysis"):
        ly.factor_analysis(world.survey, rotation="spin")
    with pytest.raises(ValueError, match="'method' parameter of factor_analysis"):
        ly.factor_analysis(world.survey, method="minres")
    for bad in [0, 27, 2.5, True]:
        with pytest.raises(ValueError, match="'n_factors' parameter of factor_analysis"):
            ly.factor_analysis(world.survey, bad)
    with pytest.raises(TypeError, match="must be numeric"):
        ly.factor_structure(pd.DataFrame({"F1": ["a"]}, index=["x_1"]))


# ------------------------------------------------------------------------------------
# bad surveys (shared by every survey function)
# ------------------------------------------------------------------------------------

SURVEY_FUNCTIONS = [
    ly.scale_scores,
    ly.reliability,
    ly.item_statistics,
    ly.factor_analysis,
    ly.correlation_eigenvalues,
]


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
    for func in (ly.reliability, ly.item_statistics):
        with pytest.raises(ValueError, match="'care' has 1 item"):
            func(s)
    # a single item can still be scored, and reliability of the others still works
    assert ly.scale_scores(s)["care"].tolist() == [1.0, 2.0, 3.0, 3.0]
    with pytest.warns(UserWarning, match="Heywood"):
        assert list(ly.reliability(s, "trust").index) == ["trust"]


def test_constant_item_is_refused(tiny):
    with pytest.raises(ValueError, match=r"\['trust_3'\].*same answer"):
        ly.reliability(tiny.assign(trust_3=4))


def test_repeated_constructs_and_bad_ids(tiny):
    with pytest.raises(ValueError, match="must not repeat"):
        ly.reliability(tiny, ["trust", "trust"])
    with pytest.raises(ValueError, match="at least one construct"):
        ly.scale_scores(tiny, [])
    with pytest.raises(ValueError, match="identify each respondent once"):
        ly.scale_scores(tiny.assign(customer_id=[1, 1, 2, 3]))
    with pytest.raises(ValueError, match="no column 'respondent'"):
        ly.scale_scores(tiny, id_column="respondent")


def test_all_missing_is_an_error(tiny):
    s = tiny.astype({"trust_1": "float64"}).assign(trust_1=np.nan)
    with pytest.warns(UserWarning, match="4 of 4"):
        with pytest.raises(ValueError, match="nothing is left"):
            ly.reliability(s)


# ------------------------------------------------------------------------------------
# truth and the loyalty model
# ------------------------------------------------------------------------------------


def test_ols_by_hand():
    # y = 1 + 2 a - b exactly: raw OLS recovers 2 and -1 with zero standard errors
    a = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
    b = np.array([1.0, 0.0, 2.0, 1.0, 3.0, 2.0])
    scores = pd.DataFrame({"a": a, "b": b, "y": 1 + 2 * a - b})
    fit = ly.loyalty_model(scores, "y", ["a", "b"], standardise=False)
    assert fit.coefficients["estimate"].tolist() == pytest.approx([2.0, -1.0])
    assert fit.r_squared == pytest.approx(1.0)
    assert fit.n == 6
    assert list(fit.coefficients.columns) == [
        "estimate",
        "std_error",
        "ci_low",
        "ci_high",
        "p_value",
    ]
    # standardised: beta_a = 2 * sd(a) / sd(y)
    std = ly.loyalty_model(scores, "y", ["a", "b"])
    assert std.coefficients.loc["a", "estimate"] == pytest.approx(
        2 * a.std(ddof=1) / scores["y"].std(ddof=1)
    )
    assert "r_squared=1.000" in repr(std)


def test_true_effects_of_the_world(world):
    te = ly.true_effects(world.truth, world.params)
    assert te["true_effect"].to_dict() == world.params["loyalty_effects"]
    # standardised effect = b * sd(x) / sd(y), over all customers
    sd = world.truth.std(ddof=0, numeric_only=True)
    assert te.loc["value", "true_standardised"] == pytest.approx(
        0.25 * sd["perceived_value"] / sd["loyalty_behavioural"]
    )
    cog = ly.true_effects(world.truth, world.params, outcome="cognitive")
    assert cog.loc["trust", "true_effect"] == 0.0
    assert cog.loc["value", "true_effect"] == world.params["cognitive_effects"]["value"]


def test_latent_truth_is_recovered_by_the_model(world, world_scores):
    truth = ly.true_effects(world.truth, world.params)
    latent = ly.latent_scores(world.truth, customer_ids=world_scores.index)
    assert latent.index.equals(world_scores.index)
    comparison = ly.compare_effects(ly.loyalty_model(latent), truth)
    assert comparison["covered"].all()
    assert comparison["bias"].abs().max() < 0.05


def test_survey_estimates_have_the_right_signs_and_order(world, world_scores):
    truth = ly.true_effects(world.truth, world.params)
    fit = ly.loyalty_model(world_scores)
    comparison = ly.compare_effects(fit, truth)
    assert comparison["same_sign"].all()
    # satisfaction is the strongest factor in truth and in the survey estimate
    assert comparison["estimate"].abs().idxmax() == "satisfaction"
    assert comparison["truth"].abs().idxmax() == "satisfaction"
    # measurement error: satisfaction's effect is attenuated, and the survey explains
    # less of loyalty than the error-free latent values do
    assert comparison.loc["satisfaction", "estimate"] < comparison.loc["satisfaction", "truth"]
    latent = ly.loyalty_model(ly.latent_scores(world.truth, customer_ids=world_scores.index))
    assert fit.r_squared < latent.r_squared


def test_loyalty_model_agrees_with_statsmodels(world_scores):
    import statsmodels.formula.api as smf

    z = (world_scores - world_scores.mean()) / world_scores.std()
    expected = smf.ols(
        "behavioural ~ satisfaction + value + trust + care + purchase_cost + switching_cost", z
    ).fit()
    fit = ly.loyalty_model(world_scores)
    np.testing.assert_allclose(
        fit.coefficients["estimate"].to_numpy(), expected.params.iloc[1:].to_numpy()
    )
    np.testing.assert_allclose(
        fit.coefficients["ci_low"].to_numpy(), expected.conf_int()[0].iloc[1:].to_numpy()
    )


def test_loyalty_model_bad_input(world_scores):
    with pytest.raises(ValueError, match="no column 'loyalty'"):
        ly.loyalty_model(world_scores, outcome="loyalty")
    with pytest.raises(ValueError, match="cannot explain itself"):
        ly.loyalty_model(world_scores, outcome="trust")
    with pytest.raises(TypeError, match="must be numeric"):
        ly.loyalty_model(world_scores.assign(care=world_scores["care"].astype(str)))
    with pytest.raises(ValueError, match="do not vary"):
        ly.loyalty_model(world_scores.assign(care=1.0))
    with pytest.raises(ValueError, match="'conf_level' parameter"):
        ly.loyalty_model(world_scores, conf_level=95)
    with pytest.raises(ValueError, match="more rows than variables"):
        ly.loyalty_model(world_scores.head(5))
    gap = world_scores.copy()
    gap.iloc[0, 0] = np.nan
    with pytest.warns(UserWarning, match="1 of 1200 row"):
        assert ly.loyalty_model(gap).n == 1199


def test_true_effects_and_compare_bad_input(world, world_scores):
    with pytest.raises(ValueError, match="'outcome' parameter of true_effects"):
        ly.true_effects(world.truth, world.params, outcome="overall")
    with pytest.raises(ValueError, match="'params' parameter"):
        ly.true_effects(world.truth, {})
    with pytest.raises(ValueError, match="must name loyalty factors"):
        ly.true_effects(world.truth, world.params, factors=["price"])
    with pytest.raises(ValueError, match="no column 'perceived_value'"):
        ly.latent_scores(world.truth.drop(columns="perceived_value"))
    with pytest.raises(ValueError, match="not in the truth table"):
        ly.latent_scores(world.truth, customer_ids=[10**9])
    fit = ly.loyalty_model(world_scores)
    with pytest.raises(ValueError, match=r"no value for \['switching_cost'\]"):
        ly.compare_effects(fit, pd.Series({f: 0.1 for f in ly.FACTORS[:5]}))
    with pytest.raises(TypeError, match="'truth' parameter of compare_effects"):
        ly.compare_effects(fit, [0.1] * 6)


# ------------------------------------------------------------------------------------
# stated versus actual loyalty
# ------------------------------------------------------------------------------------


@pytest.fixture
def follow_up():
    survey = pd.DataFrame(
        {
            "customer_id": [1, 2, 3],
            "survey_date": pd.to_datetime(["2025-01-15"] * 3),
            "behavioural_1": [7, 2, 5],
            "behavioural_2": [6, 1, 5],
        }
    )
    log = pd.DataFrame(
        {
            "customer_id": [1, 1, 1, 1, 2, 3, 4],
            "order_date": pd.to_datetime(
                [
                    "2025-01-10",  # before the survey: not counted
                    "2025-02-01",  # counted
                    "2025-03-01",  # counted
                    "2025-08-01",  # after the 30-day... counted only with 200 days
                    "2025-01-20",  # revenue 0: fully returned, not a purchase
                    "2025-12-31",  # the last order of the log
                    "2025-02-01",  # not a respondent
                ]
            ),
            "revenue": [10.0, 20.0, 30.0, 40.0, 0.0, 50.0, 60.0],
        }
    )
    return survey, log


def test_stated_vs_actual_by_hand(follow_up):
    survey, log = follow_up
    out = ly.stated_vs_actual(survey, log, days=60)
    # customer 1: 02-01 and 03-01 lie within 60 days after 01-15 (up to 03-16): 2, 50 yuan
    # customer 2: only a zero-revenue order -> 0; customer 3: 12-31 is outside -> 0
    assert out["purchases"].tolist() == [2, 0, 0]
    assert out["revenue"].tolist() == [50.0, 0.0, 0.0]
    assert out["bought_again"].tolist() == [True, False, False]
    assert out["behavioural"].tolist() == [6.5, 1.5, 5.0]
    longer = ly.stated_vs_actual(survey, log, days=200)
    assert longer["purchases"].tolist() == [3, 0, 0]


def test_stated_vs_actual_warns_past_the_log(follow_up):
    survey, log = follow_up
    with pytest.warns(UserWarning, match=r"3 respondent\(s\) ends after the last order"):
        ly.stated_vs_actual(survey, log, days=400)


def test_stated_vs_actual_bad_input(follow_up):
    survey, log = follow_up
    with pytest.raises(ValueError, match="'days' parameter"):
        ly.stated_vs_actual(survey, log, days=0)
    with pytest.raises(ValueError, match="no column 'revenue'"):
        ly.stated_vs_actual(survey, log.drop(columns="revenue"))
    with pytest.raises(ValueError, match="no column 'survey_date'"):
        ly.stated_vs_actual(survey.drop(columns="survey_date"), log)
    with pytest.raises(TypeError, match="must hold dates"):
        ly.stated_vs_actual(survey, log.assign(order_date="2025-02-01"))
    with pytest.raises(TypeError, match="must be numeric"):
        ly.stated_vs_actual(survey, log.assign(revenue="10"))
    with pytest.raises(ValueError, match="at least one row"):
        ly.stated_vs_actual(survey, log.iloc[:0])
    gap = log.copy()
    gap.loc[2, "order_date"] = pd.NaT
    with pytest.raises(ValueError, match=r"'order_date' column .* 1 missing value"):
        ly.stated_vs_actual(survey, gap)
    late = survey.copy()
    late.loc[0, "survey_date"] = pd.NaT
    with pytest.raises(ValueError, match=r"'survey_date' column .* 1 missing value"):
        ly.stated_vs_actual(late, log)
    with pytest.raises(ValueError, match="identify each respondent once"):
        ly.stated_vs_actual(survey.assign(customer_id=[1, 1, 2]), log)


def test_stated_loyalty_predicts_later_purchases(world):
    table = ly.stated_vs_actual(world.survey, world.transactions, days=180)
    assert len(table) == len(world.survey)
    logit = ly.repurchase_logit(table)
    assert list(logit.index) == ["const", "behavioural"]
    assert logit.loc["behavioural", "odds_ratio"] > 1.3
    assert logit.loc["behavioural", "p_value"] < 0.001
    assert table["behavioural"].corr(table["purchases"]) > 0.1


def test_repurchase_logit_agrees_with_statsmodels(rng):
    import statsmodels.formula.api as smf

    x = rng.standard_normal(500)
    table = pd.DataFrame({"x": x, "bought_again": rng.random(500) < 1 / (1 + np.exp(-x))})
    out = ly.repurchase_logit(table, "x", standardise=False)
    expected = smf.logit("y ~ x", table.assign(y=table["bought_again"].astype(float))).fit(disp=0)
    np.testing.assert_allclose(out["estimate"].to_numpy(), expected.params.to_numpy())
    assert out.loc["x", "odds_ratio"] == pytest.approx(np.exp(expected.params["x"]))
    # the odds-ratio interval is the log-odds interval put through exp
    low, high = np.exp(expected.conf_int().loc["x"])
    assert out.loc["x", "odds_ratio_low"] == pytest.approx(low)
    assert out.loc["x", "odds_ratio_high"] == pytest.approx(high)
    assert (
        out.loc["x", "odds_ratio_low"]
        < out.loc["x", "odds_ratio"]
        < out.loc["x", "odds_ratio_high"]
    )


def test_repurchase_logit_bad_input():
    table = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "bought_again": [1, 2, 0, 1]})
    with pytest.raises(ValueError, match="must be yes/no"):
        ly.repurchase_logit(table, "x")
    with pytest.raises(ValueError, match="only one value"):
        ly.repurchase_logit(table.assign(bought_again=True), "x")
    good = table.assign(bought_again=[1, 0, 0, 1])
    with pytest.raises(ValueError, match="no column 'y'"):
        ly.repurchase_logit(good, "y")
    with pytest.raises(ValueError, match="also among the 'predictors'"):
        ly.repurchase_logit(good, ["x", "bought_again"])
    with pytest.raises(ValueError, match="more rows than variables"):
        ly.repurchase_logit(good.head(2), "x")


def test_repurchase_logit_reports_missing_outcomes(rng):
    x = rng.standard_normal(200)
    table = pd.DataFrame({"x": x, "bought_again": (x + rng.standard_normal(200)) > 0})
    table["bought_again"] = table["bought_again"].astype("float64")
    table.loc[0, "bought_again"] = np.nan
    with pytest.warns(UserWarning, match=r"1 of 200 row\(s\) with a missing value"):
        out = ly.repurchase_logit(table, "x")
    assert out.loc["x", "odds_ratio"] > 1


# ------------------------------------------------------------------------------------
# mediation
# ------------------------------------------------------------------------------------


def test_mediation_matches_the_product_of_coefficients(rng):
    # x -> m with a = 0.5, m -> y with b = 0.6, x -> y directly 0.2 (raw units)
    n = 4000
    x = rng.standard_normal(n)
    m = 0.5 * x + rng.standard_normal(n)
    y = 0.2 * x + 0.6 * m + rng.standard_normal(n)
    scores = pd.DataFrame({"x": x, "m": m, "y": y})
    out = ly.mediation_analysis(scores, "x", "m", "y", n_rep=200, seed=1, standardise=False)
    assert list(out.index) == ["indirect", "direct", "total", "proportion_mediated"]
    assert out.loc["indirect", "estimate"] == pytest.approx(0.30, abs=0.04)
    assert out.loc["direct", "estimate"] == pytest.approx(0.20, abs=0.05)
    assert out.loc["total", "estimate"] == pytest.approx(0.50, abs=0.05)
    again = ly.mediation_analysis(scores, "x", "m", "y", n_rep=200, seed=1, standardise=False)
    pd.testing.assert_frame_equal(out, again)


def test_mediation_bad_input(world_scores):
    with pytest.raises(ValueError, match="must be different"):
        ly.mediation_analysis(world_scores, "trust", "trust", "behavioural")
    with pytest.raises(ValueError, match="'n_rep' parameter"):
        ly.mediation_analysis(world_scores, n_rep=5)


# ------------------------------------------------------------------------------------
# plots
# ------------------------------------------------------------------------------------


def test_plots_return_the_axes(world, world_scores):
    loadings = ly.factor_analysis(world.survey, constructs=["trust", "care"])
    ax = ly.plot_loadings(loadings)
    assert ax.get_title() == "factor loadings"
    truth = ly.true_effects(world.truth, world.params)["true_standardised"]
    fit = ly.loyalty_model(world_scores)
    latent = ly.loyalty_model(ly.latent_scores(world.truth, customer_ids=world_scores.index))
    _, ax2 = plt.subplots()
    out = ly.plot_effects({"survey": fit, "latent": latent}, truth, ax=ax2)
    assert out is ax2
    labels = [t.get_text() for t in out.get_yticklabels()]
    assert labels == list(ly.FACTORS)
    assert ly.plot_effects(fit.coefficients).get_legend() is not None


def test_plots_bad_input(world_scores):
    with pytest.raises(TypeError, match="must be numeric"):
        ly.plot_loadings(pd.DataFrame({"F1": ["x"]}))
    with pytest.raises(ValueError, match="no column 'ci_low'"):
        ly.plot_effects(pd.DataFrame({"estimate": [0.1]}, index=["a"]))
    with pytest.raises(TypeError, match="'truth' parameter of plot_effects"):
        ly.plot_effects(ly.loyalty_model(world_scores), truth=[0.1])
    with pytest.raises(ValueError, match="at least one model"):
        ly.plot_effects({})


# ------------------------------------------------------------------------------------
# the satisfaction-loyalty curve
# ------------------------------------------------------------------------------------


@pytest.fixture
def curve_table() -> pd.DataFrame:
    return pd.DataFrame(
        {"overall_satisfaction": [1, 1, 2, 2, 2, 3], "bought_again": [0, 1, 1, 1, 0, 1]}
    )


def test_satisfaction_curve_by_hand(curve_table):
    from statsmodels.stats.proportion import proportion_confint

    out = ly.satisfaction_curve(curve_table)
    # level 1: 1 of 2 bought again; level 2: 2 of 3; level 3: 1 of 1
    assert out.index.tolist() == [1, 2, 3]
    assert out["customers"].tolist() == [2, 3, 1]
    assert out["rate"].tolist() == pytest.approx([0.5, 2 / 3, 1.0])
    low, high = proportion_confint(2, 3, alpha=0.05, method="wilson")
    assert out.loc[2, "ci_low"] == pytest.approx(low)
    assert out.loc[2, "ci_high"] == pytest.approx(high)


def test_satisfaction_curve_bins(curve_table):
    out = ly.satisfaction_curve(curve_table, bins=[0, 1.5, 2.5, 2.8, 3])
    # (0, 1.5]: 1 of 2; (1.5, 2.5]: 2 of 3; (2.5, 2.8]: empty; (2.8, 3]: 1 of 1
    assert out.index.tolist() == ["(0.0, 1.5]", "(1.5, 2.5]", "(2.5, 2.8]", "(2.8, 3.0]"]
    assert out["customers"].tolist() == [2, 3, 0, 1]
    assert np.isnan(out.loc["(2.5, 2.8]", "rate"])
    assert np.isnan(out.loc["(2.5, 2.8]", "ci_low"])
    assert len(ly.satisfaction_curve(curve_table, bins=2)) == 2


def test_satisfaction_curve_bad_input(curve_table):
    with pytest.raises(ValueError, match="fall outside the 'bins'"):
        ly.satisfaction_curve(curve_table, bins=[1.5, 3])
    for bad in [True, 0, [1]]:
        with pytest.raises(ValueError, match="'bins' parameter"):
            ly.satisfaction_curve(curve_table, bins=bad)
    with pytest.raises(ValueError, match="must be yes/no"):
        ly.satisfaction_curve(curve_table.assign(bought_again=[0, 1, 2, 1, 0, 1]))
    with pytest.raises(TypeError, match="must be numeric"):
        ly.satisfaction_curve(curve_table.assign(overall_satisfaction=list("abcdef")))
    with pytest.raises(ValueError, match="no column 'satisfaction'"):
        ly.satisfaction_curve(curve_table, "satisfaction")
    gap = curve_table.astype("float64")
    gap.loc[0, "overall_satisfaction"] = np.nan
    with pytest.warns(UserWarning, match=r"1 of 6 row\(s\)"):
        assert ly.satisfaction_curve(gap)["customers"].sum() == 5


def test_satisfaction_curve_on_the_world(world):
    table = ly.stated_vs_actual(world.survey, world.transactions, days=180)
    table = table.join(world.survey.set_index("customer_id")["overall_satisfaction"])
    curve = ly.satisfaction_curve(table)
    assert curve["customers"].sum() == len(table)
    # more satisfied customers buy again more often: top levels beat bottom levels
    assert curve.loc[[8, 9, 10], "rate"].min() > curve.loc[[2, 3, 4], "rate"].max()
    ax = ly.plot_satisfaction_curve(curve)
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(v) for v in curve.index]
    with pytest.raises(ValueError, match="no column 'rate'"):
        ly.plot_satisfaction_curve(curve.drop(columns="rate"))
