"""Tests of step 12 of the world: customer share (客户占有率), the wallet and its survey."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from crmkit._world_wallet import WALLET_STREAM, wallet_rng
from crmkit.datasets import load_dataset
from crmkit.schema import SCHEMA, TABLES, WALLET_SURVEY_DATE, WALLET_YEAR
from crmkit.world import make_world

OLD_TRUTH = [
    c.name
    for c in SCHEMA["truth"]
    if c.name not in ("share_of_wallet", "wallet", f"category_spending_{WALLET_YEAR}")
]


@pytest.fixture(scope="module")
def world():
    return make_world()


def _revenue_in_year(w) -> pd.Series:
    tx = w.transactions
    inside = tx["order_date"].dt.year == WALLET_YEAR
    return tx[inside].groupby("customer_id")["revenue"].sum()


# ---------------------------------------------------------------------------
# the stream of its own: nothing else moves
# ---------------------------------------------------------------------------
def test_the_wallet_is_the_last_table_and_truth_gains_three_columns_at_the_end():
    assert TABLES[-1] == "wallet"
    assert [c.name for c in SCHEMA["truth"]][-3:] == [
        "share_of_wallet",
        "wallet",
        "category_spending_2025",
    ]


@pytest.mark.parametrize(
    "knobs",
    [
        {"share_base": 0.9, "share_loyalty_effect": -1.0, "share_noise": 0.0},
        {"wallet_survey_share": 1.0, "wallet_report_noise": 0.0, "wallet_year_noise": 1.5},
    ],
)
def test_wallet_parameters_change_no_other_value(knobs):
    base, other = make_world(500, seed=11), make_world(500, seed=11, **knobs)
    for name in TABLES[:-1]:
        pd.testing.assert_frame_equal(getattr(base, name), getattr(other, name), check_exact=True)
    pd.testing.assert_frame_equal(base.truth[OLD_TRUTH], other.truth[OLD_TRUTH], check_exact=True)
    assert not base.wallet.equals(other.wallet) or not base.truth.equals(other.truth)


def test_the_stream_is_seeded_by_seed_and_stream_id():
    a = wallet_rng(2026).standard_normal(3)
    b = np.random.default_rng([2026, WALLET_STREAM]).standard_normal(3)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, np.random.default_rng(2026).standard_normal(3))
    make_world(50, seed=None)  # fresh randomness works too


def test_the_shipped_files_are_the_default_world(world):
    pd.testing.assert_frame_equal(load_dataset("wallet"), world.wallet, check_exact=True)
    shipped = load_dataset("truth")
    for col in ("share_of_wallet", "wallet", "category_spending_2025"):
        assert np.allclose(shipped[col], world.truth[col], rtol=0, atol=0.006), col


# ---------------------------------------------------------------------------
# the generative model, as the data card tells it
# ---------------------------------------------------------------------------
def test_true_share_is_a_logistic_of_behavioural_loyalty(world):
    buyers = world.customers["status"] != "potential"
    t = world.truth[buyers.to_numpy()]
    logit = np.log(t["share_of_wallet"] / (1 - t["share_of_wallet"]))
    fit = sm.OLS(logit, sm.add_constant(t["loyalty_behavioural"])).fit()
    p = world.params
    assert fit.params["loyalty_behavioural"] == pytest.approx(p["share_loyalty_effect"], abs=0.05)
    assert fit.params["const"] == pytest.approx(np.log(0.4 / 0.6), abs=0.05)
    assert np.std(fit.resid) == pytest.approx(p["share_noise"], abs=0.03)


def test_potential_customers_give_lanting_nothing(world):
    potential = (world.customers["status"] == "potential").to_numpy()
    assert potential.any()
    assert (world.truth.loc[potential, "share_of_wallet"] == 0).all()
    assert (world.truth.loc[potential, "wallet"] > 0).all()


def test_the_wallet_is_lanting_spending_over_the_share(world):
    t = world.truth
    buyers = (world.customers["status"] != "potential").to_numpy()
    implied = t["purchase_rate"] * t["mean_spend"] / t["share_of_wallet"]
    # wallet rounded to 0.01 yuan; latent values to 6 decimals
    assert np.allclose(t.loc[buyers, "wallet"], implied[buyers], rtol=1e-4, atol=0.02)


def test_true_spending_covers_lanting_revenue(world):
    revenue = _revenue_in_year(world).reindex(world.truth["customer_id"]).fillna(0).to_numpy()
    spending = world.truth["category_spending_2025"].to_numpy()
    assert (spending >= revenue - 0.01).all()
    assert (spending > 0).all()
    # customers live all year: some order nothing (realised share 0); those who order
    # sit above their true share on average, and follow it
    full = (
        (world.customers["signup_date"] < "2025-01-01").to_numpy()
        & world.truth["alive_at_end"].to_numpy()
        & (world.customers["status"] != "potential").to_numpy()
    )
    realised = revenue / spending
    true = world.truth["share_of_wallet"].to_numpy()
    ordered = full & (revenue > 0)
    assert 0.15 < np.mean(revenue[full] == 0) < 0.45
    assert 0 < np.mean(realised[ordered]) - np.mean(true[ordered]) < 0.15
    assert np.corrcoef(realised[ordered], true[ordered])[0, 1] > 0.5


def test_the_survey_asks_a_sample_of_the_year_s_buyers(world):
    w = world.wallet
    bought = _revenue_in_year(world).index
    assert w["customer_id"].is_unique and w["customer_id"].is_monotonic_increasing
    assert w["customer_id"].isin(bought).all()
    assert len(w) == round(0.4 * len(bought))
    assert (w["year"] == WALLET_YEAR).all()
    assert (w["survey_date"] == pd.Timestamp(WALLET_SURVEY_DATE)).all()
    assert (w["category_spending"] >= 10).all()
    assert (w["category_spending"] % 10 == 0).all()


def test_stated_spending_is_the_truth_with_median_unbiased_noise(world):
    w = world.wallet.merge(world.truth, on="customer_id")
    error = np.log(w["category_spending"] / w["category_spending_2025"])
    big = w["category_spending_2025"] > 500  # rounding to 10 yuan is negligible here
    assert abs(np.median(error[big])) < 0.04
    assert np.std(error[big]) == pytest.approx(0.25, abs=0.03)
    exact = make_world(800, seed=3, wallet_report_noise=0.0)
    e = exact.wallet.merge(exact.truth, on="customer_id")
    assert (e["category_spending"] - e["category_spending_2025"]).abs().max() <= 5.0 + 1e-9


def test_no_survey_gives_an_empty_table_with_its_columns():
    w = make_world(300, seed=1, wallet_survey_share=0.0)
    assert len(w.wallet) == 0
    assert w.wallet.columns.tolist() == [c.name for c in SCHEMA["wallet"]]
    assert str(w.wallet["survey_date"].dtype) == "datetime64[us]"


def test_tiny_worlds_have_a_wallet():
    w = make_world(1, seed=0, potential_share=0.0, wallet_survey_share=1.0)
    assert len(w.truth) == 1 and len(w.wallet) <= 1
    w = make_world(1, seed=0, potential_share=0.9, business_share=0.0)
    assert np.isfinite(w.truth["wallet"]).all()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("share_base", 0.0),
        ("share_base", 1.0),
        ("share_loyalty_effect", 9.0),
        ("share_noise", -0.1),
        ("wallet_year_noise", np.nan),
        ("wallet_survey_share", 1.5),
        ("wallet_report_noise", "high"),
    ],
)
def test_bad_wallet_parameters_are_named(name, value):
    with pytest.raises(ValueError, match=f"'{name}' parameter of make_world"):
        make_world(50, seed=1, **{name: value})
