"""Tests for crmkit.sem: CFA against semopy and lavaan's published values, SRMR and the
RMSEA interval by hand, and the loyalty chain recovered from a large world."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import semopy
from scipy import stats
from semopy.examples import holzinger39

import crmkit
from crmkit import sem

HS_FACTORS = {
    "visual": ["x1", "x2", "x3"],
    "textual": ["x4", "x5", "x6"],
    "speed": ["x7", "x8", "x9"],
}


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return crmkit.load_dataset("survey")


@pytest.fixture(scope="module")
def survey_cfa(survey) -> sem.SEMFit:
    return sem.cfa(survey)


@pytest.fixture(scope="module")
def holzinger() -> sem.SEMFit:
    return sem.cfa(holzinger39.get_data(), HS_FACTORS)


def test_cfa_loadings_equal_semopy_directly(survey, survey_cfa):
    items = crmkit.scales.construct_items(survey)
    syntax = "\n".join(f"{c} =~ {' + '.join(cols)}" for c, cols in items.items())
    model = semopy.Model(syntax)
    data = survey[[c for v in items.values() for c in v]].astype(float)
    model.fit(data, solver="SLSQP", options={"maxiter": sem.MAX_ITERATIONS, "ftol": sem.FTOL})
    est = model.inspect(std_est=True)
    est = est[(est["op"] == "~") & est["rval"].isin(list(items))]
    direct = est.set_index(["rval", "lval"])["Est. Std"]
    ours = survey_cfa.loadings["standardised"]
    assert len(ours) == 27
    assert ours.to_numpy() == pytest.approx(direct.loc[ours.index].to_numpy(), abs=1e-6)
    # the first item of each construct sets its scale
    first = ours.index.get_level_values("item").str.endswith("_1")
    assert (survey_cfa.loadings.loc[first, "estimate"] == 1).all()
    assert survey_cfa.loadings.loc[first, "std_error"].isna().all()
    assert survey_cfa.paths.empty
    assert survey_cfa.n == len(survey)


def test_cfa_recovers_the_world_loadings(survey_cfa):
    # items are written with standardised loadings 0.85, 0.80, 0.75, then rounded to 1..7
    mean_by_item = (
        survey_cfa.loadings["standardised"]
        .groupby(survey_cfa.loadings.index.get_level_values("item").str[-1])
        .mean()
    )
    assert mean_by_item.to_numpy() == pytest.approx([0.83, 0.78, 0.73], abs=0.03)


def test_holzinger_swineford_cfa_matches_lavaan_published_values(holzinger):
    # lavaan's tutorial, the three-factor CFA of HolzingerSwineford1939 (N = 301)
    v = holzinger.fit_indices["value"]
    assert v["chi_square"] == pytest.approx(85.306, abs=0.001)
    assert v["df"] == 24
    assert v["cfi"] == pytest.approx(0.931, abs=0.0005)
    assert v["tli"] == pytest.approx(0.896, abs=0.0005)
    assert v["rmsea"] == pytest.approx(0.092, abs=0.0005)
    assert v["rmsea_low"] == pytest.approx(0.071, abs=0.001)
    assert v["rmsea_high"] == pytest.approx(0.114, abs=0.001)
    assert v["srmr"] == pytest.approx(0.065, abs=0.0005)
    std = holzinger.loadings["standardised"]
    assert std[("visual", "x1")] == pytest.approx(0.772, abs=0.002)
    assert std[("visual", "x2")] == pytest.approx(0.424, abs=0.002)
    assert std[("speed", "x8")] == pytest.approx(0.723, abs=0.002)
    assert holzinger.factor_correlations.loc["visual", "textual"] == pytest.approx(0.459, abs=0.002)
    assert not holzinger.fit_indices.loc["cfi", "meets"]
    assert holzinger.fit_indices.loc["srmr", "meets"]


def test_fit_indices_agree_with_semopy_stats(holzinger):
    ref = semopy.calc_stats(holzinger.model).T["Value"]
    v = holzinger.fit_indices["value"]
    assert v["chi_square"] == pytest.approx(ref["chi2"], rel=1e-9)
    assert v["p_value"] == pytest.approx(ref["chi2 p-value"], abs=1e-12)
    assert v["cfi"] == pytest.approx(ref["CFI"], rel=1e-6)
    assert v["tli"] == pytest.approx(ref["TLI"], rel=1e-6)
    assert v["rmsea"] == pytest.approx(ref["RMSEA"], rel=1e-9)
    assert v["rmsea_low"] <= v["rmsea"] <= v["rmsea_high"]


def test_srmr_by_hand():
    observed = np.array([[4.0, 3.0], [3.0, 9.0]])
    implied = np.array([[4.0, 1.8], [1.8, 9.0]])
    # residual correlation (3 - 1.8) / (2 * 3) = 0.2; two diagonal residuals 0
    assert sem.srmr(observed, implied) == pytest.approx(np.sqrt(0.2**2 / 3), abs=1e-12)
    assert sem.srmr(observed, observed) == 0.0
    assert sem.srmr(pd.DataFrame(observed), pd.DataFrame(implied)) == pytest.approx(
        0.11547, abs=1e-5
    )


def test_rmsea_interval_by_its_definition():
    chi2, df, n = 85.306, 24, 301
    low, high = sem.rmsea_interval(chi2, df, n)
    lam_low, lam_high = low**2 * df * (n - 1), high**2 * df * (n - 1)
    assert stats.ncx2.cdf(chi2, df, lam_low) == pytest.approx(0.95, abs=1e-6)
    assert stats.ncx2.cdf(chi2, df, lam_high) == pytest.approx(0.05, abs=1e-6)
    # a chi-square below its df: the lower end is 0
    assert sem.rmsea_interval(20.0, 24, 301)[0] == 0.0
    wider = sem.rmsea_interval(chi2, df, n, conf_level=0.99)
    assert wider[0] < low and wider[1] > high


def test_true_paths_match_the_world_parameters(survey):
    truth, params = crmkit.load_dataset("truth"), crmkit.datasets.load_params()
    out = sem.true_paths(truth, params, survey["customer_id"])
    assert out.loc[("cognitive", "value"), "true_effect"] == params["cognitive_effects"]["value"]
    assert out.loc[("behavioural", "affective"), "true_effect"] == 0.0
    assert out.loc[("satisfaction", "switching_cost"), "true_effect"] == 0.0
    latent = truth.set_index("customer_id").loc[survey["customer_id"]]
    expected = 0.30 * latent["satisfaction"].std(ddof=0) / latent["loyalty_cognitive"].std(ddof=0)
    assert out.loc[("cognitive", "satisfaction"), "true_standardised"] == pytest.approx(expected)
    assert list(out.index) == [(y, x) for y, xs in sem.LOYALTY_CHAIN.items() for x in xs]


def test_structural_model_is_deterministic_and_tidy(survey):
    a = sem.structural_model(survey)
    b = sem.structural_model(survey)
    pd.testing.assert_frame_equal(a.paths, b.paths)
    assert a.paths.index.names == ["outcome", "predictor"]
    assert list(a.paths.columns) == [
        "estimate",
        "std_error",
        "p_value",
        "standardised",
        "std_error_standardised",
        "ci_low",
        "ci_high",
    ]
    assert len(a.paths) == sum(len(v) for v in sem.LOYALTY_CHAIN.values())
    assert (a.paths["ci_low"] < a.paths["standardised"]).all()
    assert np.isfinite(a.paths.to_numpy()).all()
    assert "SEMFit(n=1200" in repr(a)


def test_structural_paths_of_a_large_world_cover_the_truth():
    world = crmkit.make_world(20_000, seed=2026, survey_size=20_000)
    paths = sem.LOYALTY_CHAIN
    k = sum(len(v) for v in paths.values())
    # a familywise (Bonferroni) level, so that 18 intervals all cover with 95% chance
    fit = sem.structural_model(world.survey, paths, conf_level=1 - 0.05 / k)
    truth = sem.true_paths(world.truth, world.params, world.survey["customer_id"], paths)
    table = fit.paths.join(truth)
    assert fit.n > 10_000
    outside = table[
        (table["true_standardised"] < table["ci_low"])
        | (table["true_standardised"] > table["ci_high"])
    ]
    assert outside.empty, outside
    # and the intervals are narrow enough to mean something
    assert (table["ci_high"] - table["ci_low"]).max() < 0.12
    # no systematic bias: the average |z| of an unbiased estimate is about 0.8
    z = (table["standardised"] - table["true_standardised"]) / table["std_error_standardised"]
    assert np.abs(z).mean() < 1.5
    # the chain's claim fails in this world: attitudes carry (almost) nothing to behaviour
    assert table.loc[("behavioural", "cognitive"), "ci_low"] < 0.05
    assert abs(table.loc[("behavioural", "affective"), "standardised"]) < 0.05


@pytest.mark.parametrize(
    ("paths", "match"),
    [
        ({}, "must map each outcome"),
        ({"behavioural": ["loyalty"]}, "loyalty"),
        ({"behavioural": ["behavioural"]}, "predict itself"),
        ("behavioural ~ trust", "must map each outcome"),
    ],
)
def test_structural_model_bad_paths(survey, paths, match):
    with pytest.raises(ValueError, match=match):
        sem.structural_model(survey, paths)


def test_bad_input(survey):
    with pytest.raises(ValueError, match="'conf_level' parameter of structural_model"):
        sem.structural_model(survey, conf_level=95)
    with pytest.raises(TypeError, match="'survey' parameter of cfa must be a pandas"):
        sem.cfa(survey.to_numpy())
    with pytest.raises(ValueError, match="at least 2 constructs"):
        sem.cfa(survey, ["trust"])
    with pytest.raises(TypeError, match=r"fitted semopy\.Model"):
        sem.fit_indices("model")
    with pytest.raises(ValueError, match="same shape"):
        sem.srmr(np.eye(2), np.eye(3))
    with pytest.raises(ValueError, match="square"):
        sem.srmr(np.ones((2, 3)), np.ones((2, 3)))
    with pytest.raises(ValueError, match="positive variances"):
        sem.srmr(np.zeros((2, 2)), np.zeros((2, 2)))
    with pytest.raises(TypeError, match="'df' parameter of rmsea_interval"):
        sem.rmsea_interval(10.0, 2.5, 100)
    truth = crmkit.load_dataset("truth")
    with pytest.raises(ValueError, match="'customer_ids' parameter of true_paths"):
        sem.true_paths(truth, crmkit.datasets.load_params(), [-1, -2])
    with pytest.raises(ValueError, match="'params' parameter of true_paths"):
        sem.true_paths(truth, {}, survey["customer_id"])


def test_missing_answers_are_counted_and_the_survey_not_mutated(survey):
    holed = survey.copy()
    holed["trust_2"] = holed["trust_2"].astype("float64")
    holed.loc[holed.index[:5], "trust_2"] = np.nan
    before = holed.copy()
    with pytest.warns(UserWarning, match="5 of 1200 respondent"):
        fit = sem.cfa(holed, ["trust", "care", "value"])
    assert fit.n == 1195
    pd.testing.assert_frame_equal(holed, before)


def test_observed_purchases_join_the_chain(survey):
    # behaviour after the survey, from crmkit.repurchase (not re-implemented here)
    actual = crmkit.repurchase.stated_vs_actual(
        survey, crmkit.load_dataset("transactions"), days=180
    )
    data = survey.merge(
        actual[["purchases", "bought_again"]], left_on="customer_id", right_index=True
    )
    chain = {**sem.LOYALTY_CHAIN, "purchases": ("behavioural", "cognitive", "affective")}
    fit = sem.structural_model(data, chain, observed=["purchases"])
    assert fit.loadings.shape[0] == 27  # purchases is not an item
    row = fit.paths.loc[("purchases", "behavioural")]
    assert row["ci_low"] > 0  # the world's behavioural loyalty raises the purchase rate
    # a yes/no column enters as 0/1 and equals the same column given as numbers
    as_bool = sem.structural_model(
        data, {"bought_again": ("behavioural",)}, observed="bought_again"
    )
    as_num = sem.structural_model(
        data.assign(bought_again=data["bought_again"].astype(int)),
        {"bought_again": ("behavioural",)},
        observed="bought_again",
    )
    pd.testing.assert_frame_equal(as_bool.paths, as_num.paths)


def test_observed_bad_input(survey):
    data = survey.assign(purchases=np.arange(len(survey)) % 4)
    chain = {"purchases": ("behavioural",)}
    with pytest.raises(ValueError, match="neither constructs nor items"):
        sem.structural_model(data, chain, observed="trust_1")
    with pytest.raises(ValueError, match="'spend'"):
        sem.structural_model(data, chain, observed="spend")
    with pytest.raises(ValueError, match="one value for every respondent"):
        sem.structural_model(data.assign(purchases=0), chain, observed="purchases")
    with pytest.raises(ValueError, match="infinite"):
        sem.structural_model(data.assign(purchases=np.inf), chain, observed="purchases")
    with pytest.raises(ValueError, match="must use measured constructs"):
        sem.structural_model(data, chain)  # purchases not declared observed
    holed = data.assign(purchases=data["purchases"].astype(float))
    holed.loc[holed.index[:3], "purchases"] = np.nan
    with pytest.warns(UserWarning, match="3 of 1200 respondent"):
        fit = sem.structural_model(holed, chain, observed="purchases")
    assert fit.n == 1197
