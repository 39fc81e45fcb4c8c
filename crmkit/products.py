"""The product table (销售构成, 毛利率, 周转率, 交叉比率, 贡献比率).

:func:`product_table` puts, for each product (or category), its share of sales, its
gross-margin rate, its turnover, and the cross and contribution ratios that combine them:
the product analyses that seed 002 lists beside the customer analyses. Money is net of
returns. Annual turnover uses a year of :data:`crmkit._constants.DAYS_PER_YEAR` (365.25)
days, as every annual rate in the kit does.
"""

from __future__ import annotations

import pandas as pd

from crmkit._checks import (
    check_finite,
    check_known_ids,
    check_no_missing,
    check_number,
    check_table,
    check_unique,
)
from crmkit._constants import DAYS_PER_YEAR

__all__ = ["product_table"]


def product_table(
    order_lines: pd.DataFrame,
    products: pd.DataFrame,
    *,
    period_days: float | None = None,
    inventory: str = "cost",
    by: str = "product_id",
) -> pd.DataFrame:
    """The product table: sales composition, gross-margin rate, turnover, cross and
    contribution ratios (销售构成, 毛利率, 周转率, 交叉比率, 贡献比率).

    Seed 002 lists these product analyses beside the customer analyses. They tell a
    manager which goods earn their shelf space: a product with a thin margin can still
    pay if it sells fast, and the cross ratio puts the two together.

    Parameters
    ----------
    order_lines : DataFrame
        One row per order line with ``product_id``, ``quantity``, ``unit_price`` (price
        paid), ``unit_cost`` and ``returned_quantity`` (0..quantity). If your data have
        no returns, add ``returned_quantity = 0`` so that the choice is visible.
        Every ``product_id`` must be in ``products``.
    products : DataFrame
        One row per product with ``product_id`` (unique), ``unit_cost``, ``list_price``
        and ``avg_inventory_units`` (average units on hand over the period the order
        lines cover), plus the ``by`` column when grouping by something else.
    period_days : float, optional
        Length in days of the period the order lines cover (e.g. 1096 for 2023-2025,
        365 for one year). If given, turnover is annualised (times per year:
        turnover over the period x 365.25 / period_days, a year being
        :data:`~crmkit._constants.DAYS_PER_YEAR` days). If omitted, turnover is over the
        whole period of the data and not comparable across periods of other lengths.
    inventory : {"cost", "retail"}, default "cost"
        How turnover (周转率) values goods:

        * ``"cost"``: cost of goods sold / average inventory at cost
          (``avg_inventory_units x unit_cost`` of ``products``), the accountant's
          convention;
        * ``"retail"``: net sales / average inventory at retail
          (``avg_inventory_units x list_price``), the retailer's convention.

        Sales are at prices actually paid (after discounts) while retail inventory is at
        list price, so the retail convention comes out slightly lower when discounts are
        given.
    by : str, default "product_id"
        ``"product_id"`` for one row per product, or a column of ``products`` such as
        ``"category"`` for one row per group (sales, costs and inventories are summed
        first, then the rates computed from the sums).

    Returns
    -------
    DataFrame
        One row per product (with ``product_name`` and ``category`` when ``products``
        has them) or per group, in the order of ``products`` (or of the groups):

        ======================  =====================================================
        ``units``               net units sold (quantity - returned_quantity)
        ``sales``               net sales, yuan: sum of net units x unit_price
        ``cogs``                cost of goods sold, yuan: sum of net units x unit_cost
        ``margin``              gross margin = sales - cogs
        ``margin_rate``         gross-margin rate (毛利率) = margin / sales (NaN when
                                nothing was sold)
        ``sales_share``         sales composition (销售构成): sales / total sales
        ``inventory_value``     average inventory at cost or at retail
        ``turnover``            周转率: cogs / inventory at cost, or sales / inventory
                                at retail; per year if ``period_days`` is given (NaN
                                with no inventory)
        ``cross_ratio``         交叉比率 = margin_rate x turnover
        ``contribution_ratio``  贡献比率 = cross_ratio x sales_share: the cross ratio
                                weighted by how much of the business the product is
        ======================  =====================================================

        All money figures are net of returns: returned units earn nothing and cost
        nothing (they go back to stock). ``frame.attrs`` records the conventions used.

    Notes
    -----
    Hand example (also a unit test): product 1 sells 10 units at 10 yuan bought at 6;
    product 2 sells 30 units at 5 yuan bought at 4; 20 and 10 units on hand at cost.
    Sales are 100 and 150 (shares 0.4 and 0.6); margin rates 0.4 and 0.2; turnover at
    cost 60 / 120 = 0.5 and 120 / 40 = 3.0; cross ratios 0.2 and 0.6; contribution
    ratios 0.08 and 0.36. The cheaper product 2 contributes more despite its thin
    margin, because it turns over six times as fast.
    """
    func = "product_table"
    if inventory not in ("cost", "retail"):
        raise ValueError(
            f"The 'inventory' parameter of {func} must be 'cost' (cost of goods sold / "
            f"inventory at cost) or 'retail' (sales / inventory at retail). "
            f"Got {inventory!r} instead."
        )
    if period_days is not None:
        period_days = check_number(period_days, "period_days", func, low=0.0, low_open=True)
    if by != "product_id" and not isinstance(by, str):
        raise TypeError(
            f"The 'by' parameter of {func} must be 'product_id' or the name of a "
            f"column of products such as 'category'. Got {by!r} instead."
        )
    _check_product_inputs(order_lines, products, by, func)

    net = order_lines["quantity"] - order_lines["returned_quantity"]
    lines = pd.DataFrame(
        {
            "product_id": order_lines["product_id"].to_numpy(),
            "units": net.to_numpy(),
            "sales": (net * order_lines["unit_price"]).to_numpy(dtype=float),
            "cogs": (net * order_lines["unit_cost"]).to_numpy(dtype=float),
        }
    )
    per_product = lines.groupby("product_id").sum()
    keep = [c for c in ("product_name", "category") if c in products.columns and c != by]
    base = products[["product_id", *keep, *([by] if by != "product_id" else [])]].copy()
    base = base.merge(per_product, how="left", left_on="product_id", right_index=True)
    base["units"] = base["units"].fillna(0).astype("int64")
    base[["sales", "cogs"]] = base[["sales", "cogs"]].fillna(0.0)
    unit_value = products["unit_cost"] if inventory == "cost" else products["list_price"]
    base["inventory_value"] = (products["avg_inventory_units"] * unit_value).to_numpy(dtype=float)

    if by == "product_id":
        table = base
    else:
        table = base.groupby(by, observed=True, dropna=False, sort=True)[
            ["units", "sales", "cogs", "inventory_value"]
        ].sum()
        table = table.reset_index()
    table["margin"] = table["sales"] - table["cogs"]
    table["margin_rate"] = table["margin"] / table["sales"].where(table["sales"] > 0)
    total_sales = float(table["sales"].sum())
    if total_sales <= 0:
        raise ValueError(
            f"The 'order_lines' parameter of {func} must contain some net sales. Got a "
            f"total of {total_sales} (everything returned, or all prices zero) instead."
        )
    table["sales_share"] = table["sales"] / total_sales
    flow = table["cogs"] if inventory == "cost" else table["sales"]
    turnover = flow / table["inventory_value"].where(table["inventory_value"] > 0)
    if period_days is not None:
        turnover = turnover * DAYS_PER_YEAR / period_days
    table["turnover"] = turnover
    table["cross_ratio"] = table["margin_rate"] * table["turnover"]
    table["contribution_ratio"] = table["cross_ratio"] * table["sales_share"]
    columns = [c for c in table.columns if c not in ("inventory_value",)]
    columns.insert(columns.index("turnover"), "inventory_value")
    table = table[columns].reset_index(drop=True)
    table.attrs = {
        "inventory": inventory,
        "turnover": (
            "cost of goods sold / average inventory at cost"
            if inventory == "cost"
            else "net sales / average inventory at retail"
        ),
        "annualised": period_days is not None,
        "period_days": period_days,
        "net_of_returns": True,
    }
    return table


def _check_product_inputs(
    order_lines: pd.DataFrame, products: pd.DataFrame, by: str, func: str
) -> None:
    """The checks of :func:`product_table`'s two tables (columns, numbers, keys)."""
    line_cols = ["product_id", "quantity", "unit_price", "unit_cost", "returned_quantity"]
    check_table(
        order_lines,
        "order_lines",
        func,
        line_cols,
        "Load it with crmkit.load_dataset('order_lines'); if there are no returns, "
        "add returned_quantity = 0.",
    )
    for col in line_cols[1:]:
        check_finite(order_lines[col], "order_lines", func, column=col, nonnegative=True)
    over = order_lines["returned_quantity"] > order_lines["quantity"]
    if over.any():
        raise ValueError(
            f"The column 'returned_quantity' of the 'order_lines' parameter of {func} must "
            f"not exceed 'quantity'. Got {int(over.sum())} line(s) returning more than was "
            f"bought instead."
        )
    prod_cols = ["product_id", "unit_cost", "list_price", "avg_inventory_units"]
    if by != "product_id":
        prod_cols.append(by)
    check_table(
        products, "products", func, prod_cols, "Load it with crmkit.load_dataset('products')."
    )
    check_no_missing(order_lines, ["product_id"], "order_lines", func)
    check_no_missing(products, ["product_id"], "products", func)
    check_unique(products, "product_id", "products", func)
    for col in prod_cols[1:4]:
        check_finite(products[col], "products", func, column=col, nonnegative=True)
    check_known_ids(
        order_lines["product_id"],
        products["product_id"],
        "order_lines",
        func,
        "products",
        "product_id",
    )
