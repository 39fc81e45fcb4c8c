"""Tests of crmkit.world: the synthetic CRM world and its ground truth."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmkit import world as W
from crmkit.params import PARAMS
from crmkit.schema import CONSTRUCTS, FACTORS, SCHEMA, TABLES, pandas_dtype
from crmkit.world import make_world

WINDOW = (pd.Timestamp(W.WINDOW_START), pd.Timestamp(W.WINDOW_END))


@pytest.fixture(scope="module")
def world():
    """The default world (4000 customers, seed 2026), built once for this module."""
    return make_world()


@pytest.fixture(scope="module")
def scales(world):
    """Survey scale scores: mean of the three items of every construct."""
    s = world.survey
    return pd.DataFrame({c: s[[f"{c}_{k}" for k in (1, 2, 3)]].mean(axis=1) for c in CONSTRUCTS})


def _frames(w):
    return {**w.tables(), "truth": w.truth}


# ---------------------------------------------------------------------------
# determinism and shape
# ---------------------------------------------------------------------------
def test_same_seed_gives_identical_frames():
    a, b = make_world(600, seed=7), make_world(600, seed=7)
    for name, frame in _frames(a).items():
        pd.testing.assert_frame_equal(frame, _frames(b)[name], check_exact=True)
    assert a.params == b.params


def test_other_seed_gives_other_frames():
    a, b = make_world(600, seed=7), make_world(600, seed=8)
    for name in ("customers", "orders", "order_lines", "survey", "truth", "branches"):
        assert not _frames(a)[name].equals(_frames(b)[name]), name


def test_tables_are_every_table_in_order(world):
    assert tuple(world.tables()) == TABLES
    assert set(SCHEMA) == {*TABLES, "truth"}
    assert "rows: customers=4,000" in repr(world)


@pytest.mark.parametrize("name", [*TABLES, "truth"])
def test_columns_and_dtypes_follow_the_data_card(world, name):
    frame = _frames(world)[name]
    card = SCHEMA[name]
    assert list(frame.columns) == [c.name for c in card]
    for col in card:
        assert frame[col.name].dtype == pandas_dtype(col), (name, col.name)
        assert not pd.api.types.is_object_dtype(frame[col.name].dtype), (name, col.name)
    assert isinstance(frame.index, pd.RangeIndex)


def test_care_tier_is_ordered(world):
    tier = world.customers["care_tier"]
    assert tier.cat.ordered
    assert list(tier.cat.categories) == ["ordinary", "silver", "gold"]


def test_row_counts_of_the_default_world(world):
    # counts of the shipped default world (datasets/manifest.csv records the same)
    assert len(world.customers) == 4000
    assert len(world.truth) == 4000
    assert len(world.products) == 60
    assert len(world.survey) == 1200
    assert len(world.branches) == 40 * 8
    assert len(world.orders) == len(world.transactions)


def test_params_are_json_and_complete(world):
    params = json.loads(json.dumps(world.params))
    assert params == world.params
    assert set(PARAMS) <= set(params)
    assert params["n_customers"] == 4000 and params["seed"] == 2026
    assert params["loyalty_effects"] == PARAMS["loyalty_effects"].default


# ---------------------------------------------------------------------------
# referential integrity
# ---------------------------------------------------------------------------
def _check_integrity(w):
    cust, orders, lines, tx = w.customers, w.orders, w.order_lines, w.transactions
    ids = set(cust["customer_id"])
    assert cust["customer_id"].tolist() == list(range(1, len(cust) + 1))
    # every order's customer exists, every line's order and product exist
    assert set(orders["customer_id"]) <= ids
    assert set(lines["order_id"]) <= set(orders["order_id"])
    assert set(lines["product_id"]) <= set(w.products["product_id"])
    assert orders["order_id"].is_unique
    assert not lines.duplicated(["order_id", "line_no"]).any()
    # potential customers have no orders; every buyer's first order is on signup day
    potential = set(cust.loc[cust["status"] == "potential", "customer_id"])
    assert potential.isdisjoint(orders["customer_id"])
    first = orders.groupby("customer_id")["order_date"].min()
    signup = cust.set_index("customer_id")["signup_date"]
    assert (first == signup.loc[first.index]).all()
    assert set(first.index) == ids - potential
    # dates within the window
    for frame, col in [
        (cust, "signup_date"),
        (orders, "order_date"),
        (w.contacts, "contact_date"),
        (w.exits, "exit_date"),
    ]:
        assert frame[col].between(*WINDOW).all(), col
    # prices, returns, derived transactions
    price = lines.merge(w.products, on="product_id", suffixes=("", "_product"))
    assert (price["unit_price"] <= price["list_price"]).all()
    assert (price["unit_price"] > 0).all()
    assert (price["unit_cost"] == price["unit_cost_product"]).all()
    assert lines["returned_quantity"].between(0, lines["quantity"]).all()
    assert (lines["quantity"] >= 1).all()
    net = lines["quantity"] - lines["returned_quantity"]
    recomputed = (net * lines["unit_price"]).groupby(lines["order_id"]).sum()
    assert np.allclose(tx.set_index("order_id")["revenue"], recomputed, atol=0.006)
    assert np.allclose(tx["margin"], tx["revenue"] - tx["cost"], atol=0.011)
    assert tx[["order_id", "customer_id", "order_date"]].equals(orders)
    assert (tx["revenue"] <= tx["gross_revenue"]).all()
    # contacts, exits, mailing, survey refer to real buyers
    buyers = ids - potential
    for frame in (w.contacts, w.exits, w.mailing, w.survey):
        assert set(frame["customer_id"]) <= buyers
    assert w.contacts.loc[w.contacts["kind"] == "inquiry", "reason"].isna().all()
    assert w.contacts.loc[w.contacts["kind"] == "complaint", "reason"].notna().all()
    assert (signup.loc[w.survey["customer_id"]] < pd.Timestamp(W.SURVEY_DATE)).all()
    assert (signup.loc[w.mailing["customer_id"]] < pd.Timestamp(W.MAIL_DATE)).all()
    for construct in CONSTRUCTS:
        for k in (1, 2, 3):
            assert w.survey[f"{construct}_{k}"].between(1, 7).all()
    assert w.survey["overall_satisfaction"].between(1, 10).all()
    assert w.survey["recommend"].between(0, 10).all()
    # exits are true drop-outs, dated at their last purchase
    truth = w.truth.set_index("customer_id")
    assert (
        truth.loc[w.exits["customer_id"], "dropout_date"].to_numpy()
        == w.exits["exit_date"].to_numpy()
    ).all()
    last = orders.groupby("customer_id")["order_date"].max()
    dropped = truth["dropout_date"].dropna()
    assert (last.loc[dropped.index] == dropped).all()
    assert (truth["alive_at_end"] == truth["dropout_date"].isna()).all()
    # branches: profit = revenue - cost, rates in range
    b = w.branches
    assert np.allclose(b["profit"], b["revenue"] - b["cost"], atol=0.011)
    assert b["retention_rate"].between(0, 1).all()
    assert b["satisfaction_index"].between(0, 100).all()


def test_referential_integrity_default_world(world):
    _check_integrity(world)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(1, 300), seed=st.integers(0, 2**32 - 1))
def test_referential_integrity_any_small_world(n, seed):
    _check_integrity(make_world(n, seed=seed))


def test_mailing_and_response_revenue(world):
    m = world.mailing
    assert (m["mail_date"] == pd.Timestamp(W.MAIL_DATE)).all()
    assert ((m["response_revenue"] > 0) == m["responded"]).all()
    # customers who had truly dropped out before the mailing never respond
    dd = world.truth.set_index("customer_id").loc[m["customer_id"], "dropout_date"]
    dead = (dd < pd.Timestamp(W.MAIL_DATE)).to_numpy()
    assert dead.any()
    assert not m.loc[dead, "responded"].any()


# ---------------------------------------------------------------------------
# realism
# ---------------------------------------------------------------------------
def test_revenue_concentration_top_20_percent(world):
    revenue = world.transactions.groupby("customer_id")["revenue"].sum()
    revenue = revenue.sort_values(ascending=False)
    top = revenue.iloc[: round(0.2 * len(revenue))].sum() / revenue.sum()
    assert 0.55 <= top <= 0.85


def _alpha(items: pd.DataFrame) -> float:
    # Cronbach (1951): k / (k - 1) * (1 - sum of item variances / variance of the total)
    k = items.shape[1]
    return k / (k - 1) * (1 - items.var(ddof=1).sum() / items.sum(axis=1).var(ddof=1))


def test_own_alpha_formula_matches_pingouin():
    # hand example: items (1,2,3), (2,3,4), (2,2,4), (4,5,5) -> pingouin gives the same
    items = pd.DataFrame({"a": [1, 2, 2, 4], "b": [2, 3, 2, 5], "c": [3, 4, 4, 5]})
    assert _alpha(items) == pytest.approx(pg.cronbach_alpha(items)[0], abs=1e-12)


@pytest.mark.parametrize("construct", CONSTRUCTS)
def test_survey_reliability(world, construct):
    items = world.survey[[f"{construct}_{k}" for k in (1, 2, 3)]]
    alpha = pg.cronbach_alpha(items)[0]
    assert 0.70 <= alpha <= 0.95
    assert _alpha(items) == pytest.approx(alpha, abs=1e-10)


def test_loyalty_effects_recovered_from_true_latents(world):
    t = world.truth.rename(columns={"perceived_value": "value"})
    fit = sm.OLS(t["loyalty_behavioural"], sm.add_constant(t[list(FACTORS)])).fit()
    for factor, effect in world.params["loyalty_effects"].items():
        assert fit.params[factor] == pytest.approx(effect, abs=0.05), factor


def test_survey_regression_gets_signs_and_order(world, scales):
    fit = sm.OLS(scales["behavioural"], sm.add_constant(scales[list(FACTORS)])).fit()
    truth = world.params["loyalty_effects"]
    for factor, effect in truth.items():
        assert np.sign(fit.params[factor]) == np.sign(effect), factor
    # every pair of effects whose true sizes differ by 0.1 or more is ordered correctly
    for a in FACTORS:
        for b in FACTORS:
            if abs(truth[a]) - abs(truth[b]) >= 0.1:
                assert abs(fit.params[a]) > abs(fit.params[b]), (a, b)
    assert fit.params.drop("const").abs().idxmax() == "satisfaction"


def test_stated_loyalty_predicts_later_purchases(world, scales):
    after = world.orders[world.orders["order_date"] > pd.Timestamp(W.SURVEY_DATE)]
    n_after = after.groupby("customer_id").size()
    later = n_after.reindex(world.survey["customer_id"], fill_value=0).to_numpy()
    r = np.corrcoef(scales["behavioural"], later)[0, 1]
    assert r > 0.1


def test_business_customers_buy_more(world):
    rev = world.transactions.groupby("customer_id")["revenue"].sum()
    kind = world.customers.set_index("customer_id").loc[rev.index, "customer_type"]
    means = rev.groupby(kind, observed=True).mean()
    assert means["business"] > 2 * means["consumer"]


def test_complaint_reasons_follow_the_latent_state(world):
    c = world.contacts[world.contacts["kind"] == "complaint"]
    care = world.truth.set_index("customer_id").loc[c["customer_id"], "care"].to_numpy()
    indifference = (c["reason"] == "indifference").to_numpy()
    assert care[indifference].mean() < care[~indifference].mean() - 0.3


def test_exit_reason_shares_near_params(world):
    shares = world.exits["exit_reason"].value_counts(normalize=True)
    for reason, share in world.params["exit_reason_shares"].items():
        assert shares[reason] == pytest.approx(share, abs=0.06), reason


def test_exit_reason_shares_param_is_used():
    shares = dict.fromkeys(W.EXIT_REASONS, 0.0) | {"moved": 1.0}
    w = make_world(800, seed=3, exit_reason_shares=shares)
    assert len(w.exits) > 0
    assert (w.exits["exit_reason"] == "moved").all()


def test_rfm_cells_show_real_lift_and_break_even(world):
    tx = world.transactions[world.transactions["order_date"] < pd.Timestamp(W.MAIL_DATE)]
    last = tx.groupby("customer_id")["order_date"].max()
    m = world.mailing.join(last, on="customer_id")
    recency = (pd.Timestamp(W.MAIL_DATE) - m["order_date"]).dt.days
    m["r"] = pd.qcut(recency.rank(method="first", ascending=False), 5, labels=False)
    rate = m.groupby("r")["responded"].mean()
    p = world.params
    break_even = p["mail_cost_per_piece"] / (
        p["margin_rate"] * m.loc[m["responded"], "response_revenue"].mean()
    )
    assert rate[4] > break_even > rate[0]  # the most recent pay, the least recent do not
    assert rate.is_monotonic_increasing or rate[4] > 3 * rate[:2].mean()


def test_branch_panel_recovers_the_service_profit_chain(world):
    b = world.branches.sort_values(["branch_id", "year"]).copy()
    b["margin"] = b["profit"] / b["revenue"]
    b["sat_lag"] = b.groupby("branch_id")["satisfaction_index"].shift()
    b = b.dropna(subset=["sat_lag"])
    eff = world.params["branch_effects"]
    ret = smf.ols("retention_rate ~ sat_lag + C(branch_id) + C(year)", data=b).fit()
    assert ret.params["sat_lag"] == pytest.approx(eff["satisfaction_to_retention"], abs=0.003)
    mar = smf.ols("margin ~ retention_rate + sat_lag + C(branch_id) + C(year)", data=b).fit()
    assert mar.params["retention_rate"] == pytest.approx(eff["retention_to_margin"], abs=0.15)
    assert mar.params["sat_lag"] == pytest.approx(eff["satisfaction_to_margin"], abs=0.0008)


def test_care_tier_raises_care_but_is_not_drawn_from_loyalty(world):
    t = world.truth.join(world.customers.set_index("customer_id"), on="customer_id")
    buyers = t[t["status"] != "potential"]
    by_tier = buyers.groupby("care_tier", observed=True)["care"].mean()
    assert by_tier.is_monotonic_increasing
    shares = buyers["care_tier"].value_counts(normalize=True)
    for tier, share in world.params["care_tier_shares"].items():
        assert shares[tier] == pytest.approx(share, abs=0.01)
    assert (t.loc[t["status"] == "potential", "care_tier"] == "ordinary").all()


def test_satisfaction_curve_zones_flat_inside_steep_outside():
    # compare the mean drop-out probability in three satisfaction bands under both
    # curves; everything else is identical (same seed, same draws)
    def band_means(curve):
        t = make_world(
            20000,
            seed=11,
            satisfaction_curve=curve,
            dropout_loyalty_effect=0.0,
            dropout_concentration=1000.0,
        ).truth
        edges = [-np.inf, -1.5, -0.7, -0.2, 0.2, 0.7, 1.5, np.inf]
        bands = pd.cut(t["satisfaction"], edges)
        return t.groupby(bands, observed=True)["dropout_prob"].mean().to_numpy()

    zones, linear = band_means("zones"), band_means("linear")
    # zones: defection zone far above the middle, affection zone far below; flat inside
    # the zone of indifference (-0.75, 0.75), which holds bands 2, 3 and 4
    assert zones[0] > 2 * zones[3] and zones[6] < 0.5 * zones[3]
    assert abs(zones[2] - zones[4]) < 0.02 and abs(zones[2] - zones[3]) < 0.02
    # linear: steadily falling
    assert np.all(np.diff(linear) < 0)


# ---------------------------------------------------------------------------
# invalid sizes and seeds (the parameters' own checks are in test_params.py)
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("n", [0, -5, 2.5, "100", True, 10**9, W.MAX_CUSTOMERS + 1])
def test_invalid_n_customers(n):
    with pytest.raises(ValueError, match="'n_customers' parameter of make_world"):
        make_world(n)


@pytest.mark.parametrize("seed", [-1, 1.5, "1", True])
def test_invalid_seed(seed):
    with pytest.raises(ValueError, match="'seed' parameter of make_world"):
        make_world(50, seed=seed)


def test_numpy_integer_seed_is_the_same_seed():
    a, b = make_world(60, seed=np.int64(3)), make_world(60, seed=3)
    pd.testing.assert_frame_equal(a.transactions, b.transactions, check_exact=True)
    assert a.params["seed"] == 3 and type(a.params["seed"]) is int


# ---------------------------------------------------------------------------
# the split into schema, params and world (issue 13)
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    [
        "CATEGORIES",
        "PARAMS",
        "SCHEMA",
        "TABLES",
        "World",
        "default_params",
        "make_world",
        "REGIONS",
        "CUSTOMER_TYPES",
        "CHANNELS",
        "STATUSES",
        "CARE_TIERS",
        "PRODUCT_CATEGORIES",
        "CONTACT_KINDS",
        "COMPLAINT_REASONS",
        "EXIT_REASONS",
        "FACTORS",
        "CONSTRUCTS",
        "WINDOW_START",
        "WINDOW_END",
        "SURVEY_DATE",
        "MAIL_DATE",
        "Column",
        "Param",
    ],
)
def test_every_old_name_is_still_importable_from_world(name):
    from crmkit import params, schema

    value = getattr(W, name)
    home = schema if hasattr(schema, name) else params
    if name not in ("World", "make_world"):
        assert value is getattr(home, name), name


def test_valid_params_change_the_world():
    w = make_world(
        400,
        seed=5,
        potential_share=0.0,
        survey_size=10,
        n_branches=3,
        branch_years=4,
        satisfaction_curve="linear",
    )
    assert (w.customers["status"] != "potential").all()
    assert len(w.survey) == 10
    assert len(w.branches) == 12
    assert w.params["satisfaction_curve"] == "linear"


def test_tiny_worlds_work():
    w = make_world(1, seed=0, potential_share=0.0)
    assert len(w.customers) == 1 and len(w.orders) >= 1
    w = make_world(1, seed=0, potential_share=0.9, business_share=0.0)
    assert len(w.truth) == 1
