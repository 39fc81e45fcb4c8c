"""Tests of crmkit.products: the product table.

Known answers are worked out by hand in the comments next to them. Moved from
tests/unit/test_customers.py when crmkit.customers was split by technique (issue 13).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmkit.products import product_table


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
# product_table
# --------------------------------------------------------------------------------------


def test_product_table_hand_example(lines_and_products):
    lines, products = lines_and_products
    t = product_table(lines, products).set_index("product_id")
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
    t = product_table(lines, products, inventory="retail", period_days=730.5)
    # inventory at retail: 20 x 12 = 240 and 10 x 6 = 60; sales / inventory: 100/240, 150/60
    # over two average years (730.5 days), so per year: x 365.25 / 730.5 = x 0.5
    assert t["turnover"].iloc[:2].tolist() == pytest.approx([100 / 240 / 2, 2.5 / 2])
    assert t["cross_ratio"].iloc[:2].tolist() == pytest.approx([0.4 * 100 / 480, 0.2 * 1.25])
    assert t.attrs["annualised"] and t.attrs["period_days"] == 730.5


def test_product_table_year_is_the_kits_365_25_days(lines_and_products):
    # issue 14: a year was 365.0 days here and 365.25 everywhere else in the kit. Over
    # 2023-01-01..2025-12-31 (1,096 days) turnover per year is turnover x 365.25 / 1096.
    lines, products = lines_and_products
    whole = product_table(lines, products).set_index("product_id")["turnover"]
    yearly = product_table(lines, products, period_days=1096).set_index("product_id")
    assert yearly["turnover"].tolist() == pytest.approx((whole * 365.25 / 1096).tolist(), rel=1e-12)
    assert yearly.loc[2, "turnover"] == pytest.approx(3.0 * 365.25 / 1096, rel=1e-12)
    assert yearly.loc[2, "turnover"] != pytest.approx(3.0 * 365 / 1096, rel=1e-6)


def test_product_table_by_category(lines_and_products):
    lines, products = lines_and_products
    t = product_table(lines, products, by="category").set_index("category")
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
        (
            lambda ln, p: (ln.assign(quantity=[-1, 2, 3, 4]), p),
            {},
            ValueError,
            "'quantity'.*not be negative",
        ),
        (lambda ln, p: (ln.assign(returned_quantity=[11, 0, 0, 0]), p), {}, ValueError, "exceed"),
        (lambda ln, p: (ln.assign(product_id=[1, 2, 9, 2]), p), {}, ValueError, r"\[9\]"),
        (lambda ln, p: (ln, pd.concat([p, p.iloc[:1]])), {}, ValueError, "unique"),
        (lambda ln, p: (ln.assign(unit_price=0.0), p), {}, ValueError, "net sales"),
        (lambda ln, p: (ln, p), {"inventory": "market"}, ValueError, "'inventory'"),
        (lambda ln, p: (ln, p), {"period_days": 0}, ValueError, "'period_days'"),
        (lambda ln, p: (ln, p), {"period_days": "365"}, TypeError, "'period_days'"),
        (lambda ln, p: (ln, p), {"by": "colour"}, ValueError, "'colour'"),
        (lambda ln, p: (ln, p), {"by": 1}, TypeError, "'by'"),
        (lambda ln, p: (ln, p.assign(unit_cost=np.nan)), {}, ValueError, "missing"),
    ],
)
def test_product_table_bad_input(lines_and_products, change, kwargs, error, match):
    lines, products = change(*lines_and_products)
    with pytest.raises(error, match=match):
        product_table(lines, products, **kwargs)


def test_product_table_missing_product_id_is_a_counted_error(lines_and_products):
    # before, a line with no product id was reported as an unknown product [nan]
    lines, products = lines_and_products
    lines = lines.assign(product_id=[1.0, 2.0, np.nan, 2.0])
    with pytest.raises(ValueError, match=r"'product_id' of the 'order_lines'.*1 missing"):
        product_table(lines, products)
