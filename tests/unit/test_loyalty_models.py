"""Tests for crmkit.loyalty_models: OLS by hand, the true effects, estimates beside truth, plots."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

import crmkit
from crmkit import factors, loyalty_models, scales


@pytest.fixture(scope="module")
def world():
    return crmkit.make_world()


@pytest.fixture(scope="module")
def world_scores(world):
    return scales.scale_scores(world.survey)


def test_ols_by_hand():
    # y = 1 + 2 a - b exactly: raw OLS recovers 2 and -1 with zero standard errors
    a = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
    b = np.array([1.0, 0.0, 2.0, 1.0, 3.0, 2.0])
    scores = pd.DataFrame({"a": a, "b": b, "y": 1 + 2 * a - b})
    fit = loyalty_models.loyalty_model(scores, "y", ["a", "b"], standardise=False)
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
    std = loyalty_models.loyalty_model(scores, "y", ["a", "b"])
    assert std.coefficients.loc["a", "estimate"] == pytest.approx(
        2 * a.std(ddof=1) / scores["y"].std(ddof=1)
    )
    assert "r_squared=1.000" in repr(std)


def test_true_effects_of_the_world(world):
    te = loyalty_models.true_effects(world.truth, world.params)
    assert te["true_effect"].to_dict() == world.params["loyalty_effects"]
    # standardised effect = b * sd(x) / sd(y), over all customers
    sd = world.truth.std(ddof=0, numeric_only=True)
    assert te.loc["value", "true_standardised"] == pytest.approx(
        0.25 * sd["perceived_value"] / sd["loyalty_behavioural"]
    )
    cog = loyalty_models.true_effects(world.truth, world.params, outcome="cognitive")
    assert cog.loc["trust", "true_effect"] == 0.0
    assert cog.loc["value", "true_effect"] == world.params["cognitive_effects"]["value"]


def test_latent_truth_is_recovered_by_the_model(world, world_scores):
    truth = loyalty_models.true_effects(world.truth, world.params)
    latent = loyalty_models.latent_scores(world.truth, customer_ids=world_scores.index)
    assert latent.index.equals(world_scores.index)
    comparison = loyalty_models.compare_effects(loyalty_models.loyalty_model(latent), truth)
    assert comparison["covered"].all()
    assert comparison["bias"].abs().max() < 0.05


def test_survey_estimates_have_the_right_signs_and_order(world, world_scores):
    truth = loyalty_models.true_effects(world.truth, world.params)
    fit = loyalty_models.loyalty_model(world_scores)
    comparison = loyalty_models.compare_effects(fit, truth)
    assert comparison["same_sign"].all()
    # satisfaction is the strongest factor in truth and in the survey estimate
    assert comparison["estimate"].abs().idxmax() == "satisfaction"
    assert comparison["truth"].abs().idxmax() == "satisfaction"
    # measurement error: satisfaction's effect is attenuated, and the survey explains
    # less of loyalty than the error-free latent values do
    assert comparison.loc["satisfaction", "estimate"] < comparison.loc["satisfaction", "truth"]
    latent = loyalty_models.loyalty_model(
        loyalty_models.latent_scores(world.truth, customer_ids=world_scores.index)
    )
    assert fit.r_squared < latent.r_squared


def test_loyalty_model_agrees_with_statsmodels(world_scores):

    z = (world_scores - world_scores.mean()) / world_scores.std()
    expected = smf.ols(
        "behavioural ~ satisfaction + value + trust + care + purchase_cost + switching_cost", z
    ).fit()
    fit = loyalty_models.loyalty_model(world_scores)
    np.testing.assert_allclose(
        fit.coefficients["estimate"].to_numpy(), expected.params.iloc[1:].to_numpy()
    )
    np.testing.assert_allclose(
        fit.coefficients["ci_low"].to_numpy(), expected.conf_int()[0].iloc[1:].to_numpy()
    )


def test_loyalty_model_bad_input(world_scores):
    with pytest.raises(ValueError, match="no column 'loyalty'"):
        loyalty_models.loyalty_model(world_scores, outcome="loyalty")
    with pytest.raises(ValueError, match="cannot explain itself"):
        loyalty_models.loyalty_model(world_scores, outcome="trust")
    with pytest.raises(TypeError, match="must be numeric"):
        loyalty_models.loyalty_model(world_scores.assign(care=world_scores["care"].astype(str)))
    with pytest.raises(ValueError, match="do not vary"):
        loyalty_models.loyalty_model(world_scores.assign(care=1.0))
    with pytest.raises(ValueError, match="'conf_level' parameter"):
        loyalty_models.loyalty_model(world_scores, conf_level=95)
    with pytest.raises(ValueError, match="more rows than variables"):
        loyalty_models.loyalty_model(world_scores.head(5))
    gap = world_scores.copy()
    gap.iloc[0, 0] = np.nan
    with pytest.warns(UserWarning, match="1 of 1200 row"):
        assert loyalty_models.loyalty_model(gap).n == 1199


def test_true_effects_and_compare_bad_input(world, world_scores):
    with pytest.raises(ValueError, match="'outcome' parameter of true_effects"):
        loyalty_models.true_effects(world.truth, world.params, outcome="overall")
    with pytest.raises(ValueError, match="'params' parameter"):
        loyalty_models.true_effects(world.truth, {})
    with pytest.raises(ValueError, match="must name loyalty factors"):
        loyalty_models.true_effects(world.truth, world.params, factors=["price"])
    with pytest.raises(ValueError, match="no column 'perceived_value'"):
        loyalty_models.latent_scores(world.truth.drop(columns="perceived_value"))
    with pytest.raises(ValueError, match="not in the truth table"):
        loyalty_models.latent_scores(world.truth, customer_ids=[10**9])
    fit = loyalty_models.loyalty_model(world_scores)
    with pytest.raises(ValueError, match=r"no value for \['switching_cost'\]"):
        loyalty_models.compare_effects(fit, pd.Series({f: 0.1 for f in loyalty_models.FACTORS[:5]}))
    with pytest.raises(TypeError, match="'truth' parameter of compare_effects"):
        loyalty_models.compare_effects(fit, [0.1] * 6)


def test_plots_return_the_axes(world, world_scores):
    loadings = factors.factor_analysis(world.survey, constructs=["trust", "care"])
    ax = factors.plot_loadings(loadings)
    assert ax.get_title() == "factor loadings"
    truth = loyalty_models.true_effects(world.truth, world.params)["true_standardised"]
    fit = loyalty_models.loyalty_model(world_scores)
    latent = loyalty_models.loyalty_model(
        loyalty_models.latent_scores(world.truth, customer_ids=world_scores.index)
    )
    _, ax2 = plt.subplots()
    out = loyalty_models.plot_effects({"survey": fit, "latent": latent}, truth, ax=ax2)
    assert out is ax2
    labels = [t.get_text() for t in out.get_yticklabels()]
    assert labels == list(loyalty_models.FACTORS)
    assert loyalty_models.plot_effects(fit.coefficients).get_legend() is not None


def test_plots_bad_input(world_scores):
    with pytest.raises(TypeError, match="must be numeric"):
        factors.plot_loadings(pd.DataFrame({"F1": ["x"]}))
    with pytest.raises(ValueError, match="no column 'ci_low'"):
        loyalty_models.plot_effects(pd.DataFrame({"estimate": [0.1]}, index=["a"]))
    with pytest.raises(TypeError, match="'truth' parameter of plot_effects"):
        loyalty_models.plot_effects(loyalty_models.loyalty_model(world_scores), truth=[0.1])
    with pytest.raises(ValueError, match="at least one model"):
        loyalty_models.plot_effects({})


# --------------------------------------------------------------------------------------
# true effects on satisfaction; effects compared between two groups
# --------------------------------------------------------------------------------------
def test_true_effects_on_satisfaction_are_the_worlds_drivers():
    truth, params = crmkit.load_dataset("truth"), crmkit.datasets.load_params()
    te = loyalty_models.true_effects(truth, params, outcome="satisfaction")
    # the default factors leave the outcome out
    assert list(te.index) == ["value", "trust", "care", "purchase_cost", "switching_cost"]
    raw = params["satisfaction_effects"]
    assert te["true_effect"].to_dict() == {**raw, "switching_cost": 0.0}
    sd = truth["satisfaction"].std(ddof=0)
    assert te.loc["value", "true_standardised"] == pytest.approx(
        raw["value"] * truth["perceived_value"].std(ddof=0) / sd
    )
    # an OLS of true satisfaction on the true drivers (4,000 customers) recovers them
    ols = smf.ols(
        "satisfaction ~ perceived_value + trust + care + purchase_cost + switching_cost", truth
    ).fit()
    assert ols.params["perceived_value"] == pytest.approx(raw["value"], abs=0.05)
    assert ols.params["switching_cost"] == pytest.approx(0.0, abs=0.05)
    with pytest.raises(ValueError, match="must not contain the outcome 'satisfaction'"):
        loyalty_models.true_effects(truth, params, outcome="satisfaction", factors=["satisfaction"])


def _group_fits(rng, slope_b=0.5):
    def fit(n, slope):
        x = rng.standard_normal((n, 2))
        y = slope * x[:, 0] + 0.2 * x[:, 1] + rng.standard_normal(n)
        scores = pd.DataFrame({"a": x[:, 0], "b": x[:, 1], "y": y})
        return loyalty_models.loyalty_model(scores, "y", ["a", "b"], standardise=False)

    return fit(300, 0.5), fit(900, slope_b)


def test_effect_difference_by_hand(rng):
    fit_a, fit_b = _group_fits(rng, slope_b=0.1)
    out = loyalty_models.effect_difference(fit_a, fit_b)
    a, b = fit_a.coefficients, fit_b.coefficients
    assert list(out.index) == ["a", "b"]
    assert out["difference"].tolist() == pytest.approx((a["estimate"] - b["estimate"]).tolist())
    se = np.sqrt(a.loc["a", "std_error"] ** 2 + b.loc["a", "std_error"] ** 2)
    assert out.loc["a", "std_error"] == pytest.approx(se)
    assert out.loc["a", "ci_high"] - out.loc["a", "difference"] == pytest.approx(1.959964 * se)
    # slopes 0.5 and 0.1 differ by 0.4, about six standard errors: clearly distinguished
    assert out.loc["a", "ci_low"] > 0.2 and out.loc["a", "p_value"] < 1e-4
    # the second factor has the same true slope in both groups: an interval around 0
    assert out.loc["b", "ci_low"] < 0 < out.loc["b", "ci_high"]
    same = loyalty_models.effect_difference(fit_a, fit_a)
    assert same["difference"].tolist() == [0.0, 0.0] and same["p_value"].tolist() == [1.0, 1.0]


def test_effect_difference_bad_input(rng):
    fit_a, fit_b = _group_fits(rng)
    f = loyalty_models.effect_difference
    with pytest.raises(TypeError, match="'fit_b' parameter of effect_difference"):
        f(fit_a, fit_b.coefficients)
    scores = pd.DataFrame(rng.standard_normal((50, 3)), columns=["a", "b", "y"])
    other = loyalty_models.loyalty_model(scores, "y", ["a"], standardise=False)
    with pytest.raises(ValueError, match="same outcome by the same factors"):
        f(fit_a, other)
    std = loyalty_models.loyalty_model(scores, "y", ["a", "b"])
    with pytest.raises(ValueError, match="must be on the same scale"):
        f(fit_a, std)
    with pytest.raises(ValueError, match="'conf_level'"):
        f(fit_a, fit_b, conf_level=1.5)
