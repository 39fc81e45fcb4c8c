"""Tests of crmkit.customers (chapter 2: customer analysis and screening).

Known answers are worked out by hand in the comments next to them.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit import customers as cu

ROOT = Path(__file__).resolve().parents[2]
WORLD = (ROOT / "datasets" / "customers.csv").exists()


# --------------------------------------------------------------------------------------
# Small hand-made tables
# --------------------------------------------------------------------------------------


@pytest.fixture
def small_customers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": [1, 2, 3, 4],
            "signup_date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-06-01", "2025-02-01"]),
            "region": pd.Categorical(["East", "East", "West", "North"]),
            "customer_type": pd.Categorical(["business", "consumer", "consumer", "consumer"]),
            "status": pd.Categorical(["direct", "indirect", "direct", "potential"]),
        }
    )


@pytest.fixture
def small_transactions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_id": [10, 11, 12, 13, 14],
            "customer_id": [1, 1, 2, 3, 1],
            "order_date": pd.to_datetime(
                ["2024-01-05", "2024-06-30", "2024-03-10", "2024-12-01", "2025-03-01"]
            ),
            "revenue": [100.0, 300.0, 50.0, 20.0, 80.0],
            "margin": [30.0, 90.0, 10.0, -5.0, 20.0],
        }
    )


@pytest.fixture
def lines_and_products() -> tuple[pd.DataFrame, pd.DataFrame]:
    # Product 1: 10 units kept at 10 yuan, cost 6 (a second line of 2 units was all returned)
    # Product 2: 30 units at 5 yuan, cost 4. Product 3 never sold.
    lines = pd.DataFrame(
        {
            "order_id": [1, 2, 3, 4],
            "product_id": [1, 2, 1, 2],
            "quantity": [10, 20, 2, 12],
            "unit_price": [10.0, 5.0, 10.0, 5.0],
            "unit_cost": [6.0, 4.0, 6.0, 4.0],
            "returned_quantity": [0, 0, 2, 2],
        }
    )
    products = pd.DataFrame(
        {
            "product_id": [1, 2, 3],
            "product_name": ["pen", "paper", "box"],
            "category": pd.Categorical(["writing", "paper", "paper"]),
            "list_price": [12.0, 6.0, 20.0],
            "unit_cost": [6.0, 4.0, 10.0],
            "avg_inventory_units": [20.0, 10.0, 5.0],
        }
    )
    return lines, products


# --------------------------------------------------------------------------------------
# customer_file
# --------------------------------------------------------------------------------------


def test_customer_file_hand_example(small_customers, small_transactions):
    f = cu.customer_file(small_customers, small_transactions, as_of="2025-03-31")
    assert f["customer_id"].tolist() == [1, 2, 3, 4]
    # customer 1: orders 10, 11, 14 -> 3 orders, revenue 100 + 300 + 80, margin 30 + 90 + 20
    row = f.iloc[0]
    assert row["orders"] == 3
    assert row["revenue"] == pytest.approx(480.0)
    assert row["margin"] == pytest.approx(140.0)
    assert row["first_purchase"] == pd.Timestamp("2024-01-05")
    assert row["last_purchase"] == pd.Timestamp("2025-03-01")
    # 2025-03-01 -> 2025-03-31 is 30 days; 2024-01-01 -> 2025-03-31 is 365 + 31 + 28 + 31 - 1
    assert row["days_since_last"] == 30
    assert row["tenure_days"] == (pd.Timestamp("2025-03-31") - pd.Timestamp("2024-01-01")).days
    # customer 3 has a negative margin, kept as it is
    assert f.loc[2, "margin"] == -5.0
    # customer 4 never bought: zeros, NaT and NaN
    last = f.iloc[3]
    assert last["orders"] == 0 and last["revenue"] == 0.0 and last["margin"] == 0.0
    assert pd.isna(last["first_purchase"]) and pd.isna(last["days_since_last"])
    # attributes carried over unchanged, computed columns after them
    assert list(f.columns[: len(small_customers.columns)]) == list(small_customers.columns)
    assert list(f.columns[len(small_customers.columns) :]) == cu.CUSTOMER_FILE_COLUMNS
    assert f["orders"].dtype == "int64"
    assert f["region"].dtype == small_customers["region"].dtype


def test_customer_file_default_as_of_is_last_order(small_customers, small_transactions):
    f = cu.customer_file(small_customers, small_transactions)
    assert f.loc[0, "days_since_last"] == 0  # customer 1 placed the last order
    # customer 2: 2024-03-10 -> 2025-03-01 = 356 days
    assert f.loc[1, "days_since_last"] == 356


def test_customer_file_as_of_cuts_orders_and_later_signups(small_customers, small_transactions):
    f = cu.customer_file(small_customers, small_transactions, as_of="2024-12-31")
    # customer 4 signed up in 2025, so is not in the file drawn up on 2024-12-31
    assert f["customer_id"].tolist() == [1, 2, 3]
    assert f.loc[0, "orders"] == 2  # order 14 (2025) is after as_of
    assert f.loc[0, "revenue"] == 400.0


def test_customer_file_counts_rows_without_order_id(small_customers, small_transactions):
    f = cu.customer_file(small_customers, small_transactions.drop(columns="order_id"))
    assert f["orders"].tolist() == [3, 1, 1, 0]


def test_customer_file_complaints(small_customers, small_transactions):
    contacts = pd.DataFrame(
        {
            "customer_id": [1, 1, 1, 2],
            "contact_date": pd.to_datetime(
                ["2024-02-01", "2024-03-01", "2025-06-01", "2024-04-01"]
            ),
            "kind": ["complaint", "inquiry", "complaint", "complaint"],
        }
    )
    f = cu.customer_file(small_customers, small_transactions, as_of="2025-03-31", contacts=contacts)
    # customer 1: one complaint before as_of (the 2025-06 one is after it), the inquiry is not one
    assert f["complaints"].tolist() == [1, 1, 0, 0]


def test_customer_file_does_not_modify_inputs(small_customers, small_transactions):
    before_c, before_t = small_customers.copy(), small_transactions.copy()
    cu.customer_file(small_customers, small_transactions)
    pd.testing.assert_frame_equal(small_customers, before_c)
    pd.testing.assert_frame_equal(small_transactions, before_t)


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        (lambda c, t: (c.drop(columns="signup_date"), t), ValueError, "'signup_date'"),
        (lambda c, t: (c, t.drop(columns="margin")), ValueError, "'margin'"),
        (lambda c, t: (c.iloc[:0], t), ValueError, "must not be empty"),
        (lambda c, t: (c, t.iloc[:0]), ValueError, "must not be empty"),
        (lambda c, t: (c.to_numpy(), t), TypeError, "DataFrame"),
        (lambda c, t: (pd.concat([c, c.iloc[:1]]), t), ValueError, "unique"),
        (lambda c, t: (c.assign(signup_date="2024-01-01"), t), TypeError, "pd.to_datetime"),
        (lambda c, t: (c, t.assign(order_date=t["order_date"].astype(str))), TypeError, "dates"),
        (lambda c, t: (c, t.assign(revenue=t["revenue"].astype(str))), TypeError, "numeric"),
        (lambda c, t: (c, t.assign(revenue=[1.0, np.nan, 2, 3, 4])), ValueError, "missing"),
        (lambda c, t: (c, t.assign(customer_id=[1, 1, 2, 99, 1])), ValueError, r"\[99\]"),
        (lambda c, t: (c.assign(orders=0), t), ValueError, "customer file"),
    ],
)
def test_customer_file_bad_input(small_customers, small_transactions, change, error, match):
    c, t = change(small_customers, small_transactions)
    with pytest.raises(error, match=match):
        cu.customer_file(c, t)


def test_customer_file_bad_as_of(small_customers, small_transactions):
    with pytest.raises(ValueError, match="'as_of'"):
        cu.customer_file(small_customers, small_transactions, as_of="not a date")


def test_customer_file_orders_before_signup_are_an_error(small_customers, small_transactions):
    # customer 4 signs up in February 2025; an order of theirs in 2024 contradicts that
    t = small_transactions.assign(customer_id=[1, 1, 2, 4, 1])
    with pytest.raises(ValueError, match="signup_date is after"):
        cu.customer_file(small_customers, t, as_of="2024-12-31")


def test_customer_file_bad_contacts(small_customers, small_transactions):
    with pytest.raises(ValueError, match="'kind'"):
        cu.customer_file(
            small_customers,
            small_transactions,
            contacts=pd.DataFrame(
                {"customer_id": [1], "contact_date": pd.to_datetime(["2024-01-01"])}
            ),
        )


# --------------------------------------------------------------------------------------
# composition and trading performance
# --------------------------------------------------------------------------------------


def test_composition_hand_example(small_customers, small_transactions):
    f = cu.customer_file(small_customers, small_transactions)
    table = cu.composition(f, "region", value="revenue")
    # categories are sorted: East (customers 1, 2), North (4), West (3)
    assert table["region"].tolist() == ["East", "North", "West"]
    assert table["customers"].tolist() == [2, 1, 1]
    assert table["customer_share"].tolist() == pytest.approx([0.5, 0.25, 0.25])
    # revenue: East 480 + 50 = 530, North 0, West 20; total 550
    assert table["revenue"].tolist() == pytest.approx([530.0, 0.0, 20.0])
    assert table["revenue_share"].tolist() == pytest.approx([530 / 550, 0.0, 20 / 550])
    assert table["revenue_per_customer"].tolist() == pytest.approx([265.0, 0.0, 20.0])


def test_composition_several_attributes_and_missing_group(small_customers, small_transactions):
    f = cu.customer_file(small_customers, small_transactions)
    f["segment"] = pd.Series(["x", None, "y", "x"], dtype="str")
    table = cu.composition(f, ["segment"], value=["revenue", "margin"])
    assert table["customers"].sum() == len(f)  # the missing segment is a group, not dropped
    assert table["segment"].isna().sum() == 1
    two = cu.composition(f, ["region", "customer_type"])
    assert two["customers"].sum() == 4
    assert two["customer_share"].sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"by": "nope"}, ValueError, "'nope'"),
        ({"by": 3}, TypeError, "'by'"),
        ({"by": []}, TypeError, "'by'"),
        ({"by": "region", "value": "region"}, ValueError, "repeat"),
        ({"by": "region", "value": "customer_type"}, TypeError, "numeric"),
        ({"by": "region", "value": 5}, TypeError, "'value'"),
    ],
)
def test_composition_bad_input(small_customers, small_transactions, kwargs, error, match):
    f = cu.customer_file(small_customers, small_transactions)
    with pytest.raises(error, match=match):
        cu.composition(f, **kwargs)


def test_trading_performance_hand_example(small_transactions):
    perf = cu.trading_performance(small_transactions, period=2024, previous=2025)
    # 2024: customer 1 orders 10, 11 (400, margin 120); 2: 50/10; 3: 20/-5. 2025: customer 1 80.
    assert perf["customer_id"].tolist() == [1, 2, 3]
    assert perf["orders"].tolist() == [2, 1, 1]
    assert perf["revenue"].tolist() == pytest.approx([400.0, 50.0, 20.0])
    assert perf["avg_order_value"].tolist() == pytest.approx([200.0, 50.0, 20.0])
    assert perf["margin_rate"].tolist() == pytest.approx([0.3, 0.2, -0.25])
    assert perf["revenue_share"].tolist() == pytest.approx([400 / 470, 50 / 470, 20 / 470])
    assert perf["revenue_rank"].tolist() == [1, 2, 3]
    assert perf["revenue_percentile"].tolist() == pytest.approx([1.0, 2 / 3, 1 / 3])
    assert perf["previous_revenue"].tolist() == pytest.approx([80.0, 0.0, 0.0])
    assert perf["revenue_change"].tolist() == pytest.approx([320.0, 50.0, 20.0])
    assert perf["revenue_growth"].iloc[0] == pytest.approx(4.0)
    assert perf["revenue_growth"].iloc[1:].isna().all()  # growth from zero is undefined


def test_trading_performance_with_all_customers_and_date_pair(small_customers, small_transactions):
    perf = cu.trading_performance(
        small_transactions, period=("2025-01-01", "2025-03-01"), customers=small_customers
    )
    assert perf["customer_id"].tolist() == [1, 2, 3, 4]
    assert perf["orders"].tolist() == [1, 0, 0, 0]  # the end day 2025-03-01 is included
    assert perf["avg_order_value"].isna().tolist() == [False, True, True, True]
    assert perf["revenue_rank"].tolist() == [1, 2, 2, 2]  # ties share the best rank


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"period": "2024"}, TypeError, "'period'"),
        ({"period": ("2025-01-01", "2024-01-01")}, ValueError, "forwards"),
        ({"period": ("x", "2024-01-01")}, ValueError, "'period'"),
        ({"period": 1999}, ValueError, "selects no orders"),
        ({"previous": True}, TypeError, "'previous'"),
    ],
)
def test_trading_performance_bad_input(small_transactions, kwargs, error, match):
    with pytest.raises(error, match=match):
        cu.trading_performance(small_transactions, **kwargs)


def test_trading_performance_missing_column(small_transactions):
    with pytest.raises(ValueError, match="'order_date'"):
        cu.trading_performance(small_transactions.drop(columns="order_date"))


# --------------------------------------------------------------------------------------
# product_table
# --------------------------------------------------------------------------------------


def test_product_table_hand_example(lines_and_products):
    lines, products = lines_and_products
    t = cu.product_table(lines, products).set_index("product_id")
    # Net of returns: product 1 keeps 10 + (2 - 2) = 10 units, product 2 keeps 20 + 10 = 30.
    # sales: 10 x 10 = 100 and 30 x 5 = 150 (total 250); cogs 10 x 6 = 60 and 30 x 4 = 120
    # margin rate: 40 / 100 = 0.4 and 30 / 150 = 0.2; shares 0.4 and 0.6
    # inventory at cost: 20 x 6 = 120 and 10 x 4 = 40 -> turnover 60/120 = 0.5, 120/40 = 3
    # cross ratio = margin rate x turnover: 0.4 x 0.5 = 0.2 and 0.2 x 3 = 0.6
    # contribution ratio = cross ratio x share: 0.2 x 0.4 = 0.08 and 0.6 x 0.6 = 0.36
    assert t.loc[[1, 2], "units"].tolist() == [10, 30]
    assert t.loc[[1, 2], "sales"].tolist() == pytest.approx([100.0, 150.0])
    assert t.loc[[1, 2], "cogs"].tolist() == pytest.approx([60.0, 120.0])
    assert t.loc[[1, 2], "margin_rate"].tolist() == pytest.approx([0.4, 0.2])
    assert t.loc[[1, 2], "sales_share"].tolist() == pytest.approx([0.4, 0.6])
    assert t.loc[[1, 2], "turnover"].tolist() == pytest.approx([0.5, 3.0])
    assert t.loc[[1, 2], "cross_ratio"].tolist() == pytest.approx([0.2, 0.6])
    assert t.loc[[1, 2], "contribution_ratio"].tolist() == pytest.approx([0.08, 0.36])
    # product 3 never sold: zero sales and turnover, margin rate undefined (NaN), kept
    assert t.loc[3, "sales"] == 0 and t.loc[3, "turnover"] == 0
    assert np.isnan(t.loc[3, "margin_rate"]) and np.isnan(t.loc[3, "cross_ratio"])
    assert t["product_name"].tolist() == ["pen", "paper", "box"]
    assert t.attrs["net_of_returns"] and t.attrs["inventory"] == "cost"


def test_product_table_retail_and_annualised(lines_and_products):
    lines, products = lines_and_products
    t = cu.product_table(lines, products, inventory="retail", period_days=730)
    # inventory at retail: 20 x 12 = 240 and 10 x 6 = 60; sales / inventory: 100/240, 150/60
    # over two years (730 days), so per year: x 365 / 730 = x 0.5
    assert t["turnover"].iloc[:2].tolist() == pytest.approx([100 / 240 / 2, 2.5 / 2])
    assert t["cross_ratio"].iloc[:2].tolist() == pytest.approx([0.4 * 100 / 480, 0.2 * 1.25])
    assert t.attrs["annualised"] and t.attrs["period_days"] == 730


def test_product_table_by_category(lines_and_products):
    lines, products = lines_and_products
    t = cu.product_table(lines, products, by="category").set_index("category")
    # paper = products 2 and 3: sales 150, cogs 120, inventory at cost 40 + 5 x 10 = 90
    # turnover 120 / 90; margin rate 0.2; share 0.6
    assert t.loc["paper", "sales"] == pytest.approx(150.0)
    assert t.loc["paper", "turnover"] == pytest.approx(120 / 90)
    assert t.loc["paper", "cross_ratio"] == pytest.approx(0.2 * 120 / 90)
    assert t.loc["paper", "contribution_ratio"] == pytest.approx(0.2 * 120 / 90 * 0.6)
    assert t.loc["writing", "contribution_ratio"] == pytest.approx(0.08)


@pytest.mark.parametrize(
    ("change", "kwargs", "error", "match"),
    [
        (lambda ln, p: (ln.drop(columns="returned_quantity"), p), {}, ValueError, "returned"),
        (lambda ln, p: (ln, p.drop(columns="avg_inventory_units")), {}, ValueError, "avg_inv"),
        (lambda ln, p: (ln.assign(quantity=[-1, 2, 3, 4]), p), {}, ValueError, "non-negative"),
        (lambda ln, p: (ln.assign(returned_quantity=[11, 0, 0, 0]), p), {}, ValueError, "exceed"),
        (lambda ln, p: (ln.assign(product_id=[1, 2, 9, 2]), p), {}, ValueError, r"\[9\]"),
        (lambda ln, p: (ln, pd.concat([p, p.iloc[:1]])), {}, ValueError, "unique"),
        (lambda ln, p: (ln.assign(unit_price=0.0), p), {}, ValueError, "net sales"),
        (lambda ln, p: (ln, p), {"inventory": "market"}, ValueError, "'inventory'"),
        (lambda ln, p: (ln, p), {"period_days": 0}, ValueError, "'period_days'"),
        (lambda ln, p: (ln, p), {"period_days": "365"}, ValueError, "'period_days'"),
        (lambda ln, p: (ln, p), {"by": "colour"}, ValueError, "'colour'"),
        (lambda ln, p: (ln, p), {"by": 1}, TypeError, "'by'"),
        (lambda ln, p: (ln, p.assign(unit_cost=np.nan)), {}, ValueError, "missing"),
    ],
)
def test_product_table_bad_input(lines_and_products, change, kwargs, error, match):
    lines, products = change(*lines_and_products)
    with pytest.raises(error, match=match):
        cu.product_table(lines, products, **kwargs)


# --------------------------------------------------------------------------------------
# Concentration
# --------------------------------------------------------------------------------------


def test_gini_of_equal_values_is_zero():
    assert cu.gini([5, 5, 5, 5]) == 0.0
    assert cu.gini([7.5]) == 0.0


@pytest.mark.parametrize("n", [2, 4, 10, 101])
def test_gini_of_one_holder(n):
    values = np.zeros(n)
    values[-1] = 42.0
    assert cu.gini(values) == pytest.approx((n - 1) / n)
    assert cu.gini(values, small_sample=True) == pytest.approx(1.0)


def test_gini_hand_example():
    # [1, 2, 3, 4]: sum over ordered pairs of |xi - xj| = 2 x (1+2+3+1+2+1) = 20;
    # G = 20 / (2 x 4^2 x 2.5) = 0.25; with the correction 0.25 x 4 / 3
    assert cu.gini(pd.Series([3, 1, 4, 2])) == pytest.approx(0.25)
    assert cu.gini([1, 2, 3, 4], small_sample=True) == pytest.approx(1 / 3)


def test_lorenz_curve_endpoints_and_shape():
    curve = cu.lorenz_curve(pd.Series([10.0, 0.0, 5.0, 5.0]))
    assert len(curve) == 5
    assert tuple(curve.iloc[0]) == (0.0, 0.0)
    assert tuple(curve.iloc[-1]) == (1.0, 1.0)
    # sorted ascending 0, 5, 5, 10 out of 20
    assert curve["value_share"].tolist() == pytest.approx([0, 0, 0.25, 0.5, 1.0])
    assert curve["customer_share"].tolist() == pytest.approx([0, 0.25, 0.5, 0.75, 1.0])


def test_gini_is_twice_the_area_under_the_diagonal_minus_lorenz(rng):
    values = rng.lognormal(size=200)
    curve = cu.lorenz_curve(values)
    x, y = curve["customer_share"].to_numpy(), curve["value_share"].to_numpy()
    area = float(np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]) / 2))  # trapezoids
    assert cu.gini(values) == pytest.approx(1 - 2 * area)


def test_top_share_hand_example():
    values = [1, 10, 3, 1, 5]  # sorted: 10, 5, 3, 1, 1; total 20
    assert cu.top_share(values, q=0.2) == pytest.approx(10 / 20)  # top 1 customer
    assert cu.top_share(values, q=0.4) == pytest.approx(15 / 20)  # top 2
    # q = 0.3 -> 1.5 customers: 10 + half of 5
    assert cu.top_share(values, q=0.3) == pytest.approx(12.5 / 20)
    assert cu.top_share(values, q=1.0) == pytest.approx(1.0)


def test_top_share_matches_the_lorenz_curve(rng):
    values = rng.gamma(0.5, size=50)
    curve = cu.lorenz_curve(values)
    # 20% of 50 = 10 customers: 1 - L(0.8)
    expected = 1 - curve.loc[np.isclose(curve["customer_share"], 0.8), "value_share"].item()
    assert cu.top_share(values, q=0.2) == pytest.approx(expected)


def test_pareto_table_hand_example():
    t = cu.pareto_table(pd.Series([1.0, 10.0, 4.0, 5.0], index=[101, 102, 103, 104]))
    assert t["customer"].tolist() == [102, 104, 103, 101]
    assert t["rank"].tolist() == [1, 2, 3, 4]
    assert t["cum_value_share"].tolist() == pytest.approx([0.5, 0.75, 0.95, 1.0])
    assert t["cum_customer_share"].tolist() == pytest.approx([0.25, 0.5, 0.75, 1.0])
    assert t["share"].sum() == pytest.approx(1.0)


def test_top_share_interval_deterministic_and_contains_estimate(rng):
    values = rng.lognormal(mean=5, sigma=1.2, size=400)
    a = cu.top_share_interval(values, q=0.2, n_boot=500, seed=11)
    b = cu.top_share_interval(values, q=0.2, n_boot=500, seed=11)
    c = cu.top_share_interval(values, q=0.2, n_boot=500, seed=12)
    pd.testing.assert_series_equal(a, b)
    assert a["lower"] != c["lower"] or a["upper"] != c["upper"]
    assert a["estimate"] == pytest.approx(cu.top_share(values, 0.2))
    assert a["lower"] <= a["estimate"] <= a["upper"]
    assert 0 < a["upper"] - a["lower"] < 0.2
    assert a["std_error"] > 0
    # a generator is used as given, and a wider ci gives a wider interval
    wide = cu.top_share_interval(values, n_boot=500, ci=0.99, seed=11)
    assert wide["upper"] - wide["lower"] >= a["upper"] - a["lower"]
    gen = cu.top_share_interval(values, n_boot=500, seed=np.random.default_rng(11))
    pd.testing.assert_series_equal(gen, a)


def test_top_share_interval_on_a_large_input(rng):
    # large inputs are resampled in chunks; still deterministic and around the estimate
    values = rng.lognormal(size=3000)
    res = cu.top_share_interval(values, n_boot=200, seed=3)
    pd.testing.assert_series_equal(res, cu.top_share_interval(values, n_boot=200, seed=3))
    assert res["lower"] < res["estimate"] < res["upper"]


@pytest.mark.parametrize(
    ("func", "values", "kwargs", "error", "match"),
    [
        (cu.gini, [], {}, ValueError, "empty"),
        (cu.gini, [1, -2, 3], {}, ValueError, "non-negative"),
        (cu.gini, [1, np.nan], {}, ValueError, "missing"),
        (cu.gini, [1, np.inf], {}, ValueError, "missing or infinite"),
        (cu.gini, [0, 0, 0], {}, ValueError, "positive total"),
        (cu.gini, ["a", "b"], {}, TypeError, "numbers"),
        (cu.gini, [True, False], {}, TypeError, "numbers"),
        (cu.gini, "123", {}, TypeError, "Series"),
        (cu.gini, 5, {}, TypeError, "Series"),
        (cu.gini, pd.DataFrame({"a": [1]}), {}, TypeError, "DataFrame"),
        (cu.gini, np.ones((2, 2)), {}, ValueError, "one-dimensional"),
        (cu.gini, [5], {"small_sample": True}, ValueError, "at least two"),
        (cu.gini, [1, 2], {"small_sample": "yes"}, TypeError, "small_sample"),
        (cu.lorenz_curve, [0.0], {}, ValueError, "positive total"),
        (cu.lorenz_curve, [-1.0, 2.0], {}, ValueError, "non-negative"),
        (cu.pareto_table, [], {}, ValueError, "empty"),
        (cu.top_share, [1, 2], {"q": 0}, ValueError, "'q'"),
        (cu.top_share, [1, 2], {"q": 1.5}, ValueError, "'q'"),
        (cu.top_share, [1, 2], {"q": -0.2}, ValueError, "'q'"),
        (cu.top_share, [1, 2], {"q": "0.2"}, TypeError, "'q'"),
        (cu.top_share, [1, 2], {"q": np.nan}, TypeError, "'q'"),
        (cu.top_share_interval, [1, 2], {"n_boot": 10}, ValueError, "'n_boot'"),
        (cu.top_share_interval, [1, 2], {"n_boot": 100.0}, ValueError, "'n_boot'"),
        (cu.top_share_interval, [1, 2], {"ci": 1.0}, ValueError, "'ci'"),
        (cu.top_share_interval, [1, 2], {"ci": 0}, ValueError, "'ci'"),
        (cu.top_share_interval, [1, 2], {"seed": -1}, ValueError, "'seed'"),
        (cu.top_share_interval, [1, 2], {"seed": 1.5}, ValueError, "'seed'"),
        (cu.top_share_interval, [1, 2], {"q": 2}, ValueError, "'q'"),
        (cu.top_share_interval, [0, 0], {}, ValueError, "positive total"),
    ],
)
def test_concentration_bad_input(func, values, kwargs, error, match):
    with pytest.raises(error, match=match):
        func(values, **kwargs)


amounts = st.lists(
    st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=60,
).filter(lambda xs: sum(xs) > 1e-6)


@settings(max_examples=200, deadline=None)
@given(amounts)
def test_gini_is_in_unit_interval(values):
    g = cu.gini(values)
    assert 0.0 <= g < 1.0
    assert g <= (len(values) - 1) / len(values) + 1e-9


@settings(max_examples=100, deadline=None)
@given(amounts, st.floats(min_value=1e-3, max_value=1e3))
def test_gini_is_scale_invariant(values, scale):
    assert cu.gini([v * scale for v in values]) == pytest.approx(cu.gini(values), abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(amounts, st.randoms(use_true_random=False))
def test_gini_and_top_share_are_permutation_invariant(values, random):
    shuffled = list(values)
    random.shuffle(shuffled)
    assert cu.gini(shuffled) == pytest.approx(cu.gini(values), abs=1e-12)
    assert cu.top_share(shuffled, 0.2) == pytest.approx(cu.top_share(values, 0.2), abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(amounts, st.floats(min_value=0.01, max_value=1.0))
def test_top_share_is_at_least_q(values, q):
    # the top q of customers can never hold less than a share q of the total
    assert cu.top_share(values, q) >= q - 1e-9


@settings(max_examples=100, deadline=None)
@given(amounts)
def test_lorenz_curve_is_monotone_convex_and_below_diagonal(values):
    curve = cu.lorenz_curve(values)
    x, y = curve["customer_share"].to_numpy(), curve["value_share"].to_numpy()
    assert (x[0], y[0], x[-1], y[-1]) == (0.0, 0.0, 1.0, 1.0)
    assert np.all(np.diff(y) >= -1e-12)
    assert np.all(y <= x + 1e-9)


# --------------------------------------------------------------------------------------
# ABC tiers
# --------------------------------------------------------------------------------------


def test_abc_hand_example():
    # shares 0.5, 0.25, 0.15, 0.10; cumulative share *before* each: 0, 0.5, 0.75, 0.9
    # -> A (0 < 0.7), A (0.5 < 0.7), B (0.75 < 0.9), C (0.9 is not below 0.9)
    tiers = cu.abc_tiers(pd.Series([25.0, 50.0, 10.0, 15.0], index=[2, 1, 4, 3]))
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
    tiers = cu.abc_tiers([50, 20, 20, 10])
    assert tiers.tolist() == ["A", "A", "A", "C"]


def test_abc_tie_starting_at_a_threshold():
    # 40, 30, 15, 15: positions 0, 0.4, 0.7, 0.85: both 15s start at 0.7 -> B
    assert cu.abc_tiers([40, 30, 15, 15]).tolist() == ["A", "A", "B", "B"]


def test_abc_single_customer_and_all_equal():
    assert cu.abc_tiers([12.0]).tolist() == ["A"]
    assert cu.abc_tiers([3, 3, 3, 3, 3]).tolist() == ["A"] * 5
    assert cu.abc_tiers([3, 3, 3], by="customers").tolist() == ["A"] * 3


def test_abc_zeros_go_to_the_last_tier():
    tiers = cu.abc_tiers([0, 100, 0, 1])
    # 100 of 101: positions 0 (A), 100/101 = 0.99 (C); zeros at 1.0 (C)
    assert tiers.tolist() == ["C", "A", "C", "C"]
    with pytest.raises(ValueError, match="positive total"):
        cu.abc_tiers([0, 0, 0])
    assert cu.abc_tiers([0, 0, 0], by="customers").tolist() == ["A"] * 3  # all tied


def test_abc_by_customers():
    values = pd.Series(range(10, 0, -1), index=list("abcdefghij"))
    tiers = cu.abc_tiers(values, by="customers")  # default (0.2, 0.5): 2, 3 and 5 customers
    assert tiers.value_counts().to_dict() == {"A": 2, "B": 3, "C": 5}
    assert tiers.loc[["a", "b"]].tolist() == ["A", "A"]
    # ties: [5, 4, 4, 3, 2, 1, ...]: the second 4 starts at 0.2 but is tied with the first
    tied = cu.abc_tiers([5, 4, 4, 3, 2, 1, 1, 1, 1, 1], by="customers")
    assert tied.tolist()[:4] == ["A", "A", "A", "B"]


def test_abc_custom_thresholds_and_labels():
    tiers = cu.abc_tiers(
        [50, 25, 15, 10], thresholds=[0.5, 0.7, 0.9], labels=("top", "high", "mid", "low")
    )
    # positions 0, 0.5, 0.75, 0.9 -> top, high, mid, low
    assert tiers.tolist() == ["top", "high", "mid", "low"]
    assert tiers.cat.categories.tolist() == ["low", "mid", "high", "top"]


@settings(max_examples=100, deadline=None)
@given(amounts)
def test_abc_tier_a_holds_at_least_its_threshold(values):
    tiers = cu.abc_tiers(values)
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
        cu.abc_tiers([5, 3, 1], **kwargs)


def test_abc_bad_values():
    with pytest.raises(ValueError, match="non-negative"):
        cu.abc_tiers([5, -3, 1])
    with pytest.raises(ValueError, match="empty"):
        cu.abc_tiers(pd.Series([], dtype=float))


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
    m = cu.tier_migration(before, after)
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


def test_tier_migration_rows_sum_to_tier_counts(rng):
    ids = np.arange(300)
    before = cu.abc_tiers(pd.Series(rng.lognormal(size=300), index=ids))
    keep = rng.random(300) < 0.8
    after_ids = np.r_[ids[keep], np.arange(300, 340)]
    after = cu.abc_tiers(pd.Series(rng.lognormal(size=len(after_ids)), index=after_ids))
    m = cu.tier_migration(before, after)
    counts = before.value_counts()
    for tier in ["A", "B", "C"]:
        assert m.loc[tier].sum() == counts[tier]
        assert m[tier].sum() == (after == tier).sum()
    assert m.loc["new"].sum() == 40
    assert m["lost"].sum() == (~keep).sum()
    shares = cu.tier_migration(before, after, normalize=True)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)


def test_tier_migration_plain_labels_and_empty_rows():
    before = pd.Series(["x", "y"], index=[1, 2])
    after = pd.Series(["y", "y"], index=[1, 2])
    m = cu.tier_migration(before, after, absent=("joined", "left"))
    assert m.index.tolist() == ["x", "y", "joined"]
    assert m.columns.tolist() == ["y", "left"]
    shares = cu.tier_migration(before, after, normalize=True)
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
        cu.tier_migration(before, after, **kwargs)


# --------------------------------------------------------------------------------------
# Rules: customer classes and target customers
# --------------------------------------------------------------------------------------


@pytest.fixture
def small_file(small_customers, small_transactions) -> pd.DataFrame:
    contacts = pd.DataFrame(
        {
            "customer_id": [2, 2],
            "contact_date": pd.to_datetime(["2024-04-01", "2024-05-01"]),
            "kind": ["complaint", "complaint"],
        }
    )
    return cu.customer_file(small_customers, small_transactions, contacts=contacts)


def test_classify_customers_default_rules(small_file):
    out = cu.classify_customers(small_file)
    assert out["customer_class"].tolist() == [
        "existing_direct",
        "existing_indirect",
        "existing_direct",
        "potential",
    ]
    assert out["customer_class"].cat.categories.tolist()[-1] == "unclassified"
    assert len(out) == len(small_file)


def test_classify_customers_inconsistent_rows_are_unclassified(small_file):
    odd = small_file.assign(status=pd.Categorical(["direct", "potential", "direct", "potential"]))
    out = cu.classify_customers(odd)
    # customer 2 has bought but its status says potential: visible, not hidden
    assert out.loc[1, "customer_class"] == "unclassified"
    assert out.loc[1, "matched_rules"] == ""


def test_classify_targets_default_rules(small_file):
    out = cu.classify_targets(small_file)
    # revenue 480, 50, 20, 0 of 550: positions 0, 0.873, 0.964, 1 -> tiers A, B, C, C
    assert out["tier"].tolist() == ["A", "B", "C", "C"]
    # days since last order (as_of 2025-03-01): 0, 356, 90, NaN
    # 1: tier A, bought 0 days ago -> core (and important)
    # 2: two complaints -> problem (and important, being tier B); problem comes first
    # 3: margin -5 <= 0 -> problem
    # 4: never bought -> no rule -> other
    assert out["target"].tolist() == ["core", "problem", "problem", "other"]
    assert out["matched_rules"].tolist() == ["core+important", "problem+important", "problem", ""]
    assert out["target"].cat.categories.tolist() == ["problem", "core", "important", "other"]


def test_classify_targets_replaceable_rules(small_file):
    rules = cu.default_target_rules()
    rules.loc[rules["label"] == "core", "rule"] = "tier == 'A' and orders >= 5"
    out = cu.classify_targets(small_file, rules)
    assert out.loc[0, "target"] == "important"  # 3 orders: no longer core
    as_dict = cu.classify_targets(small_file, {"big": "revenue > 100"}, default="rest")
    assert as_dict["target"].tolist() == ["big", "rest", "rest", "rest"]
    mine = small_file.assign(tier=["C", "C", "C", "A"])  # a tier column given is used
    assert cu.classify_targets(mine, {"a": "tier == 'A'"})["target"].tolist()[-1] == "a"


def test_apply_rules_overlap_error_and_nan_is_no_match(small_file):
    with pytest.raises(ValueError, match="mutually exclusive"):
        cu.apply_rules(small_file, {"a": "orders > 0", "b": "revenue > 0"}, overlap="error")
    out = cu.apply_rules(small_file, {"recent": "days_since_last <= 400"})
    assert out["segment"].tolist() == ["recent", "recent", "recent", "unclassified"]


@pytest.mark.parametrize(
    ("rules", "kwargs", "error", "match"),
    [
        ({"a": "no_such_column > 0"}, {}, ValueError, "could not be evaluated"),
        ({"a": "orders >"}, {}, ValueError, "could not be evaluated"),
        ({"a": "orders + 1"}, {}, ValueError, "condition"),
        ({"a": "region"}, {}, ValueError, "condition"),
        ({"a": ""}, {}, TypeError, "non-empty strings"),
        (pd.DataFrame({"label": ["a", "a"], "rule": ["orders > 0"] * 2}), {}, ValueError, "unique"),
        (pd.DataFrame({"name": ["a"]}), {}, ValueError, "'label'"),
        (["orders > 0"], {}, TypeError, "dict"),
        ({"a": "orders > 0"}, {"default": "a"}, ValueError, "'default'"),
        ({"a": "orders > 0"}, {"overlap": "last"}, ValueError, "'overlap'"),
        ({"a": "orders > 0"}, {"name": "region"}, ValueError, "already has"),
    ],
)
def test_apply_rules_bad_input(small_file, rules, kwargs, error, match):
    with pytest.raises(error, match=match):
        cu.apply_rules(small_file, rules, **kwargs)


def test_default_target_rules_need_complaints(small_customers, small_transactions):
    plain = cu.customer_file(small_customers, small_transactions)
    with pytest.raises(ValueError, match="contacts="):
        cu.classify_targets(plain)


def test_rule_tables_are_fresh_copies():
    a = cu.default_target_rules()
    a.loc[0, "rule"] = "orders > 100"
    assert cu.default_target_rules().loc[0, "rule"] != "orders > 100"
    assert cu.default_customer_rules()["label"].tolist() == [
        "existing_direct",
        "existing_indirect",
        "potential",
    ]


# --------------------------------------------------------------------------------------
# Retention view
# --------------------------------------------------------------------------------------


def _retention_tables():
    customers = pd.DataFrame({"customer_id": range(1, 11)})
    contacts = pd.DataFrame(
        {
            "customer_id": [1, 1, 2, 3, 4, 5],
            "contact_date": pd.to_datetime(
                ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2025-05-01", "2024-01-01"]
            ),
            "kind": ["complaint", "complaint", "complaint", "inquiry", "complaint", "complaint"],
            "reason": ["price", "quality", "price", None, "quality", None],
            "resolved": [True, False, False, True, True, True],
        }
    )
    exits = pd.DataFrame(
        {
            "customer_id": [1, 4, 6, 7],
            "exit_date": pd.to_datetime(["2024-06-01", "2025-01-01", "2024-06-01", "2024-07-01"]),
            "exit_reason": ["price", "quality", "price", "moved"],
        }
    )
    return customers, contacts, exits


def test_retention_view_hand_example():
    view = cu.retention_view(*_retention_tables()).set_index("reason")
    # complaints (kind == complaint): price x2 (customers 1, 2), quality x2 (1, 4),
    # unknown x1 (customer 5, no reason); the inquiry of customer 3 does not count
    assert view.loc["price", "complaints"] == 2
    assert view.loc["quality", "complaints"] == 2
    assert view.loc["unknown", "complaints"] == 1
    assert view["complaints"].sum() == 5
    assert view.loc["price", "resolved_rate"] == pytest.approx(0.5)
    # exits: price 2 (customers 1, 6), quality 1 (4), moved 1 (7) of 4 lost customers
    assert view.loc["price", "exits"] == 2
    assert view.loc["price", "exit_share"] == pytest.approx(0.5)
    assert view["exit_share"].sum() == pytest.approx(1.0)
    assert view.loc["price", "lost_share_of_customers"] == pytest.approx(0.2)
    # customer 1 complained (price) before leaving for price; customer 4 complained only
    # after its exit date, so it does not count
    assert view.loc["price", "exits_after_complaint"] == 1
    assert view.loc["price", "exits_after_same_complaint"] == 1
    assert view.loc["quality", "exits_after_complaint"] == 0
    assert view.loc["moved", "complaints"] == 0
    assert np.isnan(view.loc["moved", "resolved_rate"])


@pytest.mark.parametrize(
    ("which", "change", "error", "match"),
    [
        (1, lambda d: d.drop(columns="reason"), ValueError, "'reason'"),
        (2, lambda d: d.drop(columns="exit_reason"), ValueError, "'exit_reason'"),
        (2, lambda d: d.assign(customer_id=[1, 1, 6, 7]), ValueError, "unique"),
        (2, lambda d: d.assign(customer_id=[1, 4, 6, 70]), ValueError, r"\[70\]"),
        (1, lambda d: d.assign(kind="call"), ValueError, "'inquiry' or 'complaint'"),
        (0, lambda d: d.iloc[:0], ValueError, "empty"),
    ],
)
def test_retention_view_bad_input(which, change, error, match):
    tables = list(_retention_tables())
    tables[which] = change(tables[which])
    with pytest.raises(error, match=match):
        cu.retention_view(*tables)


# --------------------------------------------------------------------------------------
# Plots
# --------------------------------------------------------------------------------------


def test_plots_return_their_ax(rng):
    values = pd.Series(rng.lognormal(size=80))
    fig, axes = plt.subplots(1, 3)
    assert cu.plot_pareto(values, ax=axes[0]) is axes[0]
    assert cu.plot_lorenz(values, ax=axes[1], label="2025") is axes[1]
    cu.plot_lorenz(values * rng.random(80), ax=axes[1], label="2024")
    labels = [t.get_text() for t in axes[1].get_legend().get_texts()]
    assert labels.count("equality") == 1 and len(labels) == 3
    before = cu.abc_tiers(values)
    m = cu.tier_migration(before, before.iloc[:60])
    assert cu.plot_migration(m, ax=axes[2]) is axes[2]
    assert cu.plot_migration(cu.tier_migration(before, before, normalize=True)) is not None
    plt.close(fig)


def test_plots_make_their_own_ax():
    ax = cu.plot_pareto([5, 3, 1, 1])  # few customers: bars
    assert isinstance(ax, plt.Axes)
    assert len(ax.patches) == 4
    assert isinstance(cu.plot_lorenz([1, 2, 3]), plt.Axes)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: cu.plot_pareto([1, 2], ax="left"), TypeError, "'ax'"),
        (lambda: cu.plot_pareto([1, -2]), ValueError, "non-negative"),
        (lambda: cu.plot_pareto([1, 2], q=0), ValueError, "'q'"),
        (lambda: cu.plot_lorenz([]), ValueError, "empty"),
        (lambda: cu.plot_migration([[1, 2]]), TypeError, "'matrix'"),
        (lambda: cu.plot_migration(pd.DataFrame({"a": ["x"]})), TypeError, "numbers"),
    ],
)
def test_plots_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --------------------------------------------------------------------------------------
# Integration with the CRM world
# --------------------------------------------------------------------------------------

world = pytest.mark.skipif(not WORLD, reason="the shipped datasets are not built yet")


@pytest.fixture(scope="module")
def tables():
    import crmkit

    names = ["customers", "transactions", "order_lines", "products", "contacts", "exits"]
    return {name: crmkit.load_dataset(name) for name in names}


@world
def test_world_customer_file_agrees_with_raw_tables(tables):
    f = cu.customer_file(tables["customers"], tables["transactions"], contacts=tables["contacts"])
    tx = tables["transactions"]
    assert len(f) == len(tables["customers"])
    assert f["revenue"].sum() == pytest.approx(tx["revenue"].sum())
    assert f["margin"].sum() == pytest.approx(tx["margin"].sum())
    assert f["orders"].sum() == tx["order_id"].nunique()
    # potential customers (潜在客户) have no orders, and every non-buyer is potential here
    assert (f.loc[f["status"] == "potential", "orders"] == 0).all()
    classes = cu.classify_customers(f)
    assert (classes["customer_class"] == "unclassified").sum() == 0
    targets = cu.classify_targets(f)
    assert targets["target"].notna().all() and len(targets) == len(f)


@world
def test_world_product_table_and_concentration(tables):
    t = cu.product_table(tables["order_lines"], tables["products"], period_days=1096)
    assert t["sales_share"].sum() == pytest.approx(1.0)
    assert len(t) == len(tables["products"])
    lines = tables["order_lines"]
    net_sales = ((lines["quantity"] - lines["returned_quantity"]) * lines["unit_price"]).sum()
    assert t["sales"].sum() == pytest.approx(net_sales)
    # the transactions table is net of returns too, so both routes give the same total
    assert t["sales"].sum() == pytest.approx(tables["transactions"]["revenue"].sum())
    f = cu.customer_file(tables["customers"], tables["transactions"])
    buyers = f.loc[f["orders"] > 0, "revenue"]
    assert 0.3 < cu.gini(buyers) < 0.9
    interval = cu.top_share_interval(buyers, n_boot=200, seed=1)
    assert interval["lower"] <= interval["estimate"] <= interval["upper"]


@world
def test_world_migration_and_retention(tables):
    perf = cu.trading_performance(tables["transactions"], period=2025, previous=2024)
    perf = perf.set_index("customer_id")
    y24 = perf.loc[perf["previous_revenue"] > 0, "previous_revenue"]
    y25 = perf.loc[perf["revenue"] > 0, "revenue"]
    m = cu.tier_migration(cu.abc_tiers(y24), cu.abc_tiers(y25))
    assert m.drop(index="new").to_numpy().sum() == len(y24)
    assert m.drop(columns="lost").to_numpy().sum() == len(y25)
    view = cu.retention_view(tables["customers"], tables["contacts"], tables["exits"])
    assert view["exits"].sum() == len(tables["exits"])
    assert view["complaints"].sum() == (tables["contacts"]["kind"] == "complaint").sum()
