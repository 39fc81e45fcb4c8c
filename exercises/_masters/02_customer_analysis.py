# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercises 02: Customer analysis and screening (客户分析与筛选)
#
# These exercises go with chapter 2. On your own copy of the Lanting Trading Co.
# (兰亭商贸) records you will count buying customers, read the exit interviews, build the
# revenue column of the **customer file (客户档案)**, compute the **gross-margin rate
# (毛利率)** and the **cross ratio (交叉比率)** of each product category, measure how
# concentrated revenue is (the top-20% share and the **Gini coefficient (基尼系数)**),
# sort customers into value tiers by **ABC analysis (ABC分类法)**, and measure the
# **customer share (客户占有率)** of the customers who told the firm their spending: nine
# questions, from easy to hard.
#
# Do the mechanics in pandas, as the chapter does first. The chapter's module
# `crmkit.customers` (`from crmkit import customers as cu`) does most of these analyses
# in one call; you may use it afterwards to check your work, and each question says
# where its conventions and the question's are the same.
#
# ## How this notebook works
#
# 1. **Practise first.** Leave `STUDENT_ID = ""` empty: the notebook then works on
#    the shared practice data. Run the cells from top to bottom; in every answer
#    cell, replace each `...` with your code and run it.
# 2. Run the `grader.check("q1")` cell under each question. On the practice data it
#    tells you at once whether your answer is right, and when it is not, what is
#    wrong in words (type, labels, range, or what the slip probably was).
# 3. **Then your own data.** When your answers pass, type your student id between the
#    quotes, e.g. `STUDENT_ID = "2025123456"`, and run all cells again (Kernel >
#    Restart Kernel and Run All Cells). Your code now computes your answers on tables
#    generated from your id, different from your classmates' tables, so copying an
#    answer does not help. On your own data `grader.check` checks the form of each
#    answer; your instructor's hidden tests recompute the values from your data when
#    they grade.
# 4. Keep the file name `02_customer_analysis.ipynb` (the checks are stored in it), save,
#    and hand in the notebook as your instructor asks.
#
# ## Conventions (as in the chapter)
#
# * Money is in yuan and *net of returns*: the `revenue` column of `transactions` already
#   subtracts the goods customers sent back (`gross_revenue` does not).
# * A *buying customer* is a customer with at least one order in `transactions`, even
#   if they returned everything and their net revenue is 0. The other customers in
#   `customers` are **potential customers (潜在客户)**: registered, no order yet.
# * The records cover the three years 2023-01-01 to 2025-12-31, both days included:
#   1,096 days (2024 is a leap year).
# * A share is a fraction between 0 and 1 (0.25, not 25).

# %%
STUDENT_ID = ""

# %% [markdown]
# The next cell loads six tables of the world generated from your id (the first run
# takes a second or two). `crmkit.describe_dataset("order_lines")` explains every column
# of a table.

# %%
import numpy as np
import pandas as pd

import crmkit
from crmkit.exercises import load

rng = crmkit.setup_notebook()
customers = load("customers", STUDENT_ID)
transactions = load("transactions", STUDENT_ID)
order_lines = load("order_lines", STUDENT_ID)
products = load("products", STUDENT_ID)
exits = load("exits", STUDENT_ID)
wallet = load("wallet", STUDENT_ID)
customers.head()

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 1
# all_or_nothing: true

# %% [markdown]
# ### Question 1 · Buying customers per region (构成分析)
#
# How many buying customers (customers with at least one order in `transactions`) does
# each region have? The region of a customer is the `region` column of `customers`;
# count every buying customer once, however many orders they placed. Store the result in
# `buyers_by_region`: a pandas Series of whole numbers with the five region names as its
# index (what `groupby("region")` gives).

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: which customers appear in the purchase log?
is_buyer = customers["customer_id"].isin(transactions["customer_id"])  # SOLUTION NO PROMPT
# Step 2: count those customers per region
buyers_by_region = customers[is_buyer].groupby("region", observed=True).size()  # SOLUTION
buyers_by_region

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q1_form(buyers_by_region):
    from crmkit.exercises import check_series

    check_series(
        buyers_by_region,
        "buyers_by_region",
        labels=["North", "East", "South", "West", "Central"],
        label_kind="region",
        values="nonnegative",
        what="the number of buying customers per region",
    )
    if not (buyers_by_region % 1 == 0).all():
        raise AssertionError(
            "`buyers_by_region` should hold whole numbers (counts of customers), but some "
            "of its values have decimals. Count customers (e.g. with .size() or "
            ".nunique()) instead of adding up or averaging an amount."
        )


# %%
# HIDDEN
def test_q1_value(buyers_by_region, STUDENT_ID):
    from crmkit.exercises import check_series_close, load

    customers = load("customers", STUDENT_ID)
    tx = load("transactions", STUDENT_ID)
    region = customers.set_index("customer_id")["region"]
    bought = customers["customer_id"].isin(tx["customer_id"])
    check_series_close(
        buyers_by_region,
        customers[bought].groupby("region", observed=True).size(),
        "buyers_by_region",
        label_kind="region",
        what="the number of buying customers per region",
        hints=[
            (
                tx["customer_id"].map(region).value_counts(),
                "you counted orders (rows of `transactions`); a customer with five orders "
                "counts once. Count distinct customers.",
            ),
            (
                customers.groupby("region", observed=True).size(),
                "you counted every customer of the file, potential customers included; "
                "the question asks for the customers with at least one order.",
            ),
            (
                customers[~bought].groupby("region", observed=True).size(),
                "those are the customers *without* orders (potential customers); the "
                "question asks for the buying customers.",
            ),
            (
                customers[customers["status"] == "direct"].groupby("region", observed=True).size(),
                "you counted only the direct customers; indirect customers (who buy through "
                "a dealer) have orders too. Count every customer who appears in `transactions`.",
            ),
        ],
    )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 1
# all_or_nothing: true

# %% [markdown]
# ### Question 2 · Why customers leave (流失原因)
#
# The `exits` table has one row per lost customer who answered the firm's exit
# interview (流失客户访谈), with the reason they gave in `exit_reason`. What share of
# these lost customers named each reason? Store the result in `exit_share`: a pandas
# Series indexed by the six reasons (`quality`, `price`, `delivery`, `staff_attitude`,
# `indifference`, `moved`), each a fraction between 0 and 1, together summing to 1. (This
# is the `exit_share` column of the chapter's retention view, `cu.retention_view`.)

# %% [raw]
# # BEGIN SOLUTION

# %%
exit_share = exits["exit_reason"].value_counts(normalize=True)  # SOLUTION
exit_share

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q2_form(exit_share):
    from crmkit.exercises import check_series

    check_series(
        exit_share,
        "exit_share",
        labels=["quality", "price", "delivery", "staff_attitude", "indifference", "moved"],
        label_kind="exit reason",
        values="nonnegative",
        what="the share of lost customers giving each exit reason",
    )
    if (exit_share > 1).any():
        raise AssertionError(
            "`exit_share` should hold fractions between 0 and 1, but some values are "
            "above 1: they look like counts or percents. Divide the counts by the number "
            "of lost customers (or use value_counts(normalize=True))."
        )
    if abs(float(exit_share.sum()) - 1) > 1e-6:
        raise AssertionError(
            f"The values of `exit_share` should add up to 1 (every interviewed lost "
            f"customer gave exactly one reason), but they add up to "
            f"{float(exit_share.sum()):.4f}. Divide by the number of rows of `exits`."
        )


# %%
# HIDDEN
def test_q2_value(exit_share, STUDENT_ID):
    from crmkit.exercises import check_series_close, load

    exits = load("exits", STUDENT_ID)
    customers = load("customers", STUDENT_ID)
    contacts = load("contacts", STUDENT_ID)
    n_buyers = customers["customer_id"].isin(load("transactions", STUDENT_ID)["customer_id"]).sum()
    counts = exits["exit_reason"].value_counts()
    complaints = contacts.loc[contacts["kind"] == "complaint", "reason"].astype(str)
    complaint_share = complaints.value_counts(normalize=True).reindex(
        [str(r) for r in counts.index], fill_value=0.0
    )
    check_series_close(
        exit_share,
        counts / counts.sum(),
        "exit_share",
        label_kind="exit reason",
        what="the share of lost customers giving each exit reason",
        hints=[
            (
                counts / len(customers),
                "you divided by all the customers of the file; the question asks for "
                "shares of the lost customers who answered the interview (rows of `exits`).",
            ),
            (
                counts / n_buyers,
                "you divided by the buying customers; the question asks for shares of the "
                "lost customers who answered the interview (rows of `exits`).",
            ),
            (
                complaint_share,
                "those are the shares of *complaints* by reason (the `contacts` table); "
                "the question asks about the exit reasons in `exits`.",
            ),
        ],
    )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 2
# all_or_nothing: true

# %% [markdown]
# ### Question 3 · The customer file and revenue per customer by channel
#
# Build the revenue column of the customer file (客户档案): the total net `revenue` of
# each customer over the three years, for *every* customer in `customers`. Customers who
# never ordered (potential customers) stay in the file with revenue 0. Then, for each
# sales `channel`, compute the *revenue per customer*: the channel's total revenue
# divided by its number of customers in the file, potential customers included (the
# `revenue_per_customer` column of the chapter's composition table,
# `cu.composition(file, "channel", value="revenue")`). Store it in
# `revenue_per_customer`: a pandas Series in yuan with the four channels as its index.
#
# *Hint:* add up the revenue of each customer in `transactions`, merge it into
# `customers` with `how="left"`, and fill the missing revenue with 0.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: total net revenue of each customer who ordered
revenue_of_customer = transactions.groupby("customer_id", as_index=False)["revenue"].sum()  # SOLUTION NO PROMPT
# Step 2: the customer file: a left merge keeps every customer; no orders -> revenue 0
# BEGIN SOLUTION NO PROMPT
file = customers.merge(revenue_of_customer, on="customer_id", how="left")
file["revenue"] = file["revenue"].fillna(0.0)
# END SOLUTION
# Step 3: revenue per customer of each channel
revenue_per_customer = file.groupby("channel", observed=True)["revenue"].mean()  # SOLUTION
revenue_per_customer

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q3_form(revenue_per_customer):
    from crmkit.exercises import check_series

    check_series(
        revenue_per_customer,
        "revenue_per_customer",
        labels=["online", "store", "referral", "sales_team"],
        label_kind="channel",
        values="nonnegative",
        what="revenue per customer of each channel, yuan",
    )


# %%
# HIDDEN
def test_q3_value(revenue_per_customer, STUDENT_ID):
    from crmkit.exercises import check_series_close, load

    customers = load("customers", STUDENT_ID)
    tx = load("transactions", STUDENT_ID)
    channel = customers["channel"]

    def per_customer(column):
        return customers["customer_id"].map(tx.groupby("customer_id")[column].sum())

    revenue = per_customer("revenue")
    per_order = tx.merge(customers[["customer_id", "channel"]], on="customer_id")
    check_series_close(
        revenue_per_customer,
        revenue.fillna(0.0).groupby(channel, observed=True).mean(),
        "revenue_per_customer",
        label_kind="channel",
        what="revenue per customer of each channel, yuan",
        hints=[
            (
                revenue.groupby(channel, observed=True).mean(),
                "you divided by the buying customers only (an inner merge, or NaN left "
                "in the revenue column); potential customers count too, with revenue 0. "
                "Merge with how='left' and fill the missing revenue with 0.",
            ),
            (
                per_customer("gross_revenue").fillna(0.0).groupby(channel, observed=True).mean(),
                "you used `gross_revenue` (before returns); the question asks for the net "
                "`revenue`.",
            ),
            (
                per_customer("margin").fillna(0.0).groupby(channel, observed=True).mean(),
                "you used `margin`; the question asks for `revenue`.",
            ),
            (
                per_order.groupby("channel", observed=True)["revenue"].mean(),
                "that is the mean revenue per *order*; the question asks per *customer* "
                "(add up each customer's orders first).",
            ),
            (
                revenue.fillna(0.0).groupby(channel, observed=True).sum(),
                "that is the channel's total revenue; divide it by the channel's number "
                "of customers (or take the mean per customer).",
            ),
        ],
    )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 2
# all_or_nothing: true

# %% [markdown]
# ### Question 4 · Gross-margin rate (毛利率) by product category
#
# Work from `order_lines` and count only the units customers kept:
# kept units = `quantity` - `returned_quantity`. A line's sales are kept units x
# `unit_price` (the price actually paid, after discounts) and its cost of goods sold is
# kept units x `unit_cost`. Give every line its product's `category` (merge with
# `products[["product_id", "category"]]` on `product_id`: both tables have a `unit_cost`
# column, and merging the whole of `products` would rename them `unit_cost_x` and
# `unit_cost_y`), add up sales and cost of goods sold per category, and from
# these totals compute each category's gross-margin rate = (sales - cost of goods sold) /
# sales. Store it in `margin_rate_by_category`: a pandas Series of fractions (0.25 means
# 25%) with the six categories as its index. (`cu.product_table(order_lines, products,
# by="category")` has the same numbers in its `margin_rate` column.)

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: each line's category, kept units, sales and cost of goods sold
lines = order_lines.merge(products[["product_id", "category"]], on="product_id")  # SOLUTION NO PROMPT
kept = lines["quantity"] - lines["returned_quantity"]  # SOLUTION NO PROMPT
lines = lines.assign(sales=kept * lines["unit_price"], cogs=kept * lines["unit_cost"])  # SOLUTION NO PROMPT
# Step 2: totals per category
by_category = lines.groupby("category", observed=True)[["sales", "cogs"]].sum()  # SOLUTION NO PROMPT
# Step 3: gross-margin rate from the totals
margin_rate_by_category = (by_category["sales"] - by_category["cogs"]) / by_category["sales"]  # SOLUTION
margin_rate_by_category

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q4_form(margin_rate_by_category):
    from crmkit.exercises import check_series

    check_series(
        margin_rate_by_category,
        "margin_rate_by_category",
        labels=["paper", "writing", "equipment", "cleaning", "kitchen", "storage"],
        label_kind="category",
        what="the gross-margin rate of each product category",
    )
    if (margin_rate_by_category.abs() > 1).any():
        raise AssertionError(
            "`margin_rate_by_category` should hold fractions (0.25 for 25%), but some "
            "values are beyond 1: they look like percents or amounts in yuan. Divide the "
            "gross margin by the sales."
        )


# %%
# HIDDEN
def test_q4_value(margin_rate_by_category, STUDENT_ID):
    from crmkit import customers as cu
    from crmkit.exercises import check_series_close, load

    order_lines = load("order_lines", STUDENT_ID)
    products = load("products", STUDENT_ID)
    lines = order_lines.merge(products[["product_id", "category", "list_price"]], on="product_id")
    kept = lines["quantity"] - lines["returned_quantity"]

    def rate(units, price):
        sales = (units * price).groupby(lines["category"], observed=True).sum()
        cogs = (units * lines["unit_cost"]).groupby(lines["category"], observed=True).sum()
        return (sales - cogs) / sales

    expected = cu.product_table(order_lines, products, by="category")
    per_product = cu.product_table(order_lines, products)
    line_rate = (lines["unit_price"] - lines["unit_cost"]) / lines["unit_price"]
    sales = (kept * lines["unit_price"]).groupby(lines["category"], observed=True).sum()
    cogs = (kept * lines["unit_cost"]).groupby(lines["category"], observed=True).sum()
    check_series_close(
        margin_rate_by_category,
        expected.set_index("category")["margin_rate"],
        "margin_rate_by_category",
        label_kind="category",
        what="the gross-margin rate of each product category",
        hints=[
            (
                rate(lines["quantity"], lines["unit_price"]),
                "you used `quantity`, the units ordered; count only the units kept "
                "(`quantity` - `returned_quantity`), as the money is net of returns.",
            ),
            (
                rate(kept, lines["list_price"]),
                "you valued sales at `list_price`; use `unit_price`, the price actually "
                "paid after discounts (the margin on the price list overstates what the "
                "firm earns).",
            ),
            (
                line_rate.groupby(lines["category"], observed=True).mean(),
                "you averaged the margin rates of the lines; add up sales and cost of "
                "goods sold per category first, then divide.",
            ),
            (
                per_product.groupby("category", observed=True)["margin_rate"].mean(),
                "you averaged the margin rates of the products; add up sales and cost of "
                "goods sold per category first, then divide.",
            ),
            (
                (sales - cogs) / cogs,
                "you divided the gross margin by the cost of goods sold (a markup); the "
                "gross-margin rate divides by the sales.",
            ),
            (
                cogs / sales,
                "that is cost of goods sold / sales, i.e. 1 minus the gross-margin rate.",
            ),
        ],
    )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5
# points: 2
# all_or_nothing: true

# %% [markdown]
# ### Question 5 · Cross ratio (交叉比率) by category
#
# The cross ratio puts margin and speed together: cross ratio = gross-margin rate x
# turnover (周转率). Use the chapter's conventions exactly:
#
# * gross-margin rate and cost of goods sold of each category as in question 4 (kept
#   units only, prices actually paid);
# * average inventory *at cost* of a category = the sum over its products of
#   `avg_inventory_units` x `unit_cost`, both columns of `products`;
# * turnover over the period = cost of goods sold / average inventory at cost, and
#   turnover per year = that x 365.25 / 1096, because a year has 365.25 days on average
#   (leap years included) and the order lines cover the 1,096 days from 2023-01-01 to
#   2025-12-31;
# * cross ratio = gross-margin rate x turnover per year.
#
# Store the cross ratio of each category in `cross_ratio_by_category`: a pandas Series
# with the six categories as its index. (These are the conventions of
# `cu.product_table(order_lines, products, period_days=1096, by="category")`.)

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: gross-margin rate and cost of goods sold per category (as in question 4)
lines = order_lines.merge(products[["product_id", "category"]], on="product_id")  # SOLUTION NO PROMPT
kept = lines["quantity"] - lines["returned_quantity"]  # SOLUTION NO PROMPT
lines = lines.assign(sales=kept * lines["unit_price"], cogs=kept * lines["unit_cost"])  # SOLUTION NO PROMPT
by_category = lines.groupby("category", observed=True)[["sales", "cogs"]].sum()  # SOLUTION NO PROMPT
margin_rate = (by_category["sales"] - by_category["cogs"]) / by_category["sales"]  # SOLUTION NO PROMPT
# Step 2: average inventory at cost per category
stock = products.assign(at_cost=products["avg_inventory_units"] * products["unit_cost"])  # SOLUTION NO PROMPT
stock_at_cost = stock.groupby("category", observed=True)["at_cost"].sum()  # SOLUTION NO PROMPT
# Step 3: turnover per year, then the cross ratio
turnover = by_category["cogs"] / stock_at_cost * 365.25 / 1096  # SOLUTION NO PROMPT
cross_ratio_by_category = margin_rate * turnover  # SOLUTION
cross_ratio_by_category

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q5_form(cross_ratio_by_category):
    from crmkit.exercises import check_series

    check_series(
        cross_ratio_by_category,
        "cross_ratio_by_category",
        labels=["paper", "writing", "equipment", "cleaning", "kitchen", "storage"],
        label_kind="category",
        values="nonnegative",
        what="the cross ratio of each product category",
    )


# %%
# HIDDEN
def test_q5_value(cross_ratio_by_category, STUDENT_ID):
    from crmkit import customers as cu
    from crmkit.exercises import check_series_close, load

    order_lines = load("order_lines", STUDENT_ID)
    products = load("products", STUDENT_ID)

    def table(lines=order_lines, column="cross_ratio", **kwargs):
        out = cu.product_table(lines, products, by="category", **kwargs)
        return out.set_index("category")[column]

    per_product = cu.product_table(order_lines, products, period_days=1096)
    sales_over_cogs = table(column="sales") / table(column="cogs")
    check_series_close(
        cross_ratio_by_category,
        table(period_days=1096),
        "cross_ratio_by_category",
        label_kind="category",
        what="the cross ratio of each product category",
        hints=[
            (
                table(),
                "your turnover is over the whole three years, not per year; multiply it "
                "by 365.25 / 1096.",
            ),
            (
                table(period_days=1095),
                "you used 1,095 days (or divided by 3); 2023-01-01 to 2025-12-31 with both "
                "days included is 1,096 days, because 2024 is a leap year.",
            ),
            (
                table(period_days=1096, inventory="retail"),
                "you used the retail convention (sales / inventory at list price); the "
                "question values the inventory at cost: cost of goods sold / "
                "(avg_inventory_units x unit_cost).",
            ),
            (
                table(period_days=1096) * sales_over_cogs,
                "you divided the *sales* by the inventory at cost; at cost, turnover is cost "
                "of goods sold / (avg_inventory_units x unit_cost), both valued at cost.",
            ),
            (
                table(column="turnover", period_days=1096),
                "that is the turnover per year; the cross ratio multiplies it by the "
                "gross-margin rate.",
            ),
            (
                table(column="contribution_ratio", period_days=1096),
                "that is the contribution ratio (贡献比率), the cross ratio weighted by the "
                "share of sales; the question asks for the cross ratio itself.",
            ),
            (
                table(order_lines.assign(returned_quantity=0), period_days=1096),
                "you used `quantity`, the units ordered; count only the units kept "
                "(`quantity` - `returned_quantity`).",
            ),
            (
                per_product.groupby("category", observed=True)["cross_ratio"].mean(),
                "you averaged the cross ratios of the products; add up sales, costs and "
                "inventories per category first, then compute the rates.",
            ),
        ],
    )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q6
# points: 2
# all_or_nothing: true

# %% [markdown]
# ### Question 6 · Is it 80/20? (二八法则)
#
# Take every buying customer (at least one order in `transactions`, including any whose
# net revenue is 0) and their total net `revenue` over the three years. Sort them from
# the largest revenue to the smallest. With n buying customers, the *top 20%* are the
# k = n // 5 largest (20% of n, rounded down to a whole number of customers, as the
# chapter does by hand). What share of the total revenue of all buying customers do these
# k customers hold? Store it in `top20_share`, a fraction between 0 and 1.
#
# (`cu.top_share(revenue, q=0.2)` counts a *fraction* of the customer at the boundary
# when 0.2 x n is not a whole number, so it can differ from yours in the fourth decimal
# place; the question asks for the rounded-down version. On the practice data n happens
# to be a multiple of 5, so there `n // 5`, `round(n / 5)`, `math.ceil(n / 5)` and
# `cu.top_share` all give the same answer and the practice check cannot tell them apart;
# on your own data they may differ, so use k = n // 5.)

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: total net revenue of each buying customer, largest first
revenue_of_buyer = transactions.groupby("customer_id")["revenue"].sum()  # SOLUTION NO PROMPT
ordered = revenue_of_buyer.sort_values(ascending=False)  # SOLUTION NO PROMPT
# Step 2: the k = n // 5 largest, and their share of the total
k = len(ordered) // 5  # SOLUTION NO PROMPT
top20_share = float(ordered.iloc[:k].sum() / ordered.sum())  # SOLUTION
top20_share

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q6_form(top20_share):
    from crmkit.exercises import check_number

    check_number(
        top20_share,
        "top20_share",
        kind="share",
        what="the share of revenue held by the top 20% of buying customers",
    )


# %%
# HIDDEN
def test_q6_value(top20_share, STUDENT_ID):
    import numpy as np

    from crmkit import customers as cu
    from crmkit.exercises import check_close, data_slip, load

    customers = load("customers", STUDENT_ID)
    tx = load("transactions", STUDENT_ID)
    revenue = tx.groupby("customer_id")["revenue"].sum()

    def top(values, k):
        x = np.sort(np.asarray(values, dtype=float))[::-1]
        return float(x[:k].sum() / x.sum())

    n = len(revenue)
    everyone = customers["customer_id"].map(revenue).fillna(0.0)
    gross = tx.groupby("customer_id")["gross_revenue"].sum()
    positive = revenue[revenue > 0]
    check_close(
        top20_share,
        top(revenue, n // 5),
        "top20_share",
        what="the share of revenue held by the top 20% of buying customers",
        hints=[
            (
                top(everyone, len(everyone) // 5),
                "you took 20% of *all* customers, potential customers included; the "
                "question takes 20% of the buying customers.",
            ),
            (
                float(np.sort(revenue.to_numpy())[: n // 5].sum() / revenue.sum()),
                "that is the share of the *smallest* 20% of customers; sort from the "
                "largest revenue (ascending=False).",
            ),
            (
                1 - top(revenue, n // 5),
                "that is the share of the other 80% of customers; the question asks for "
                "the top 20%.",
            ),
            data_slip(
                cu.top_share(revenue, q=0.2),
                "that is crmkit's top_share, which counts a fraction of the customer at the "
                "boundary; the question takes k = n // 5 whole customers.",
            ),
            data_slip(
                top(positive, len(positive) // 5),
                "you left out the buying customers whose net revenue is 0 (they returned "
                "everything), so your n, and with it k = n // 5, is too small; they are "
                "buying customers too (an order in `transactions`, not revenue above 0, "
                "makes a buyer). If you kept them, check that you took k = n // 5 customers.",
            ),
            (
                top(revenue, n // 5 + 1),
                "you took one customer too many (k + 1); the top 20% are the first "
                "k = n // 5 customers (iloc[:k]).",
            ),
            (
                top(revenue, n // 5 - 1),
                "you took one customer too few; the top 20% are the first k = n // 5 "
                "customers (iloc[:k]).",
            ),
            (
                top(gross, n // 5),
                "you used `gross_revenue` (before returns); the question asks for the net "
                "`revenue`.",
            ),
            (
                top(tx["revenue"], len(tx) // 5),
                "that is the share of the largest 20% of *orders*; add up each customer's "
                "orders first.",
            ),
        ],
    )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q7
# points: 2
# all_or_nothing: true

# %% [markdown]
# ### Question 7 · The Gini coefficient (基尼系数)
#
# Compute the Gini coefficient of the total net revenue of the buying customers (the
# same n customers and amounts as in question 6). Use the chapter's formula: with the
# amounts sorted from the *smallest*, x(1) <= x(2) <= ... <= x(n), and i = 1, ..., n,
#
# G = 2 * sum(i * x(i)) / (n * sum(x)) - (n + 1) / n,
#
# *without* the small-sample correction (do not multiply by n / (n - 1)). Store it in
# `gini_revenue`, a number between 0 and 1. (`cu.gini(revenue)` uses the same formula.)

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: the amounts sorted from the smallest, and their ranks 1..n
x = np.sort(transactions.groupby("customer_id")["revenue"].sum().to_numpy())  # SOLUTION NO PROMPT
n = len(x)  # SOLUTION NO PROMPT
i = np.arange(1, n + 1)  # SOLUTION NO PROMPT
# Step 2: the formula
gini_revenue = float(2 * np.sum(i * x) / (n * x.sum()) - (n + 1) / n)  # SOLUTION
gini_revenue

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q7_form(gini_revenue):
    from crmkit.exercises import check_number

    check_number(
        gini_revenue,
        "gini_revenue",
        kind="share",
        what="the Gini coefficient of revenue per buying customer",
    )


# %%
# HIDDEN
def test_q7_value(gini_revenue, STUDENT_ID):
    import numpy as np

    from crmkit import customers as cu
    from crmkit.exercises import check_close, data_slip, load

    customers = load("customers", STUDENT_ID)
    tx = load("transactions", STUDENT_ID)
    revenue = tx.groupby("customer_id")["revenue"].sum()
    desc = np.sort(revenue.to_numpy())[::-1]
    n = len(desc)
    i = np.arange(1, n + 1)
    check_close(
        gini_revenue,
        cu.gini(revenue),
        "gini_revenue",
        what="the Gini coefficient of revenue per buying customer",
        hints=[
            (
                cu.gini(revenue, small_sample=True),
                "you applied the small-sample correction (x n / (n - 1)); the question "
                "asks for the coefficient without it.",
            ),
            (
                cu.gini(customers["customer_id"].map(revenue).fillna(0.0)),
                "you included the potential customers with revenue 0; the question takes "
                "the buying customers only.",
            ),
            (
                float(2 * np.sum(i * desc) / (n * desc.sum()) - (n + 1) / n),
                "you sorted from the largest; the formula needs the amounts sorted from the "
                "smallest (np.sort sorts ascending).",
            ),
            (
                cu.gini(tx.groupby("customer_id")["gross_revenue"].sum()),
                "you used `gross_revenue` (before returns); the question asks for the net "
                "`revenue`.",
            ),
            (
                cu.gini(tx["revenue"]),
                "that is the Gini coefficient of the *orders*; add up each customer's "
                "orders first.",
            ),
            data_slip(
                cu.gini(revenue[revenue > 0]),
                "you left out the buying customers whose net revenue is 0 (they returned "
                "everything); they are buying customers too.",
            ),
        ],
    )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q8
# points: 2
# all_or_nothing: true

# %% [markdown]
# ### Question 8 · Value tiers by ABC analysis (ABC分类法)
#
# Sort the buying customers into tiers A (high-value customers, 高价值客户), B (ordinary
# customers, 普通客户) and C (small customers, 小客户) by their total net revenue over the
# three years, with the chapter's default thresholds 70% and 90%:
#
# 1. rank the buying customers from the largest revenue to the smallest;
# 2. a customer's *position* is the share of the total revenue held by the customers
#    ranked *before* it (the running share not yet counting the customer itself);
# 3. position below 0.7: tier A; from 0.7 to below 0.9: tier B; 0.9 or more: tier C.
#    So the customer who crosses the 70% line still belongs to A.
#
# (Customers with exactly the same revenue would get the same, upper tier; this hardly
# ever happens at a cut, and you need not handle it. `cu.abc_tiers(revenue)` follows
# these rules.) How many customers are in each tier? Store the counts in `tier_counts`:
# a pandas Series of whole numbers with the index labels `"A"`, `"B"` and `"C"`.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: revenue of each buying customer, largest first
ranked = transactions.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)  # SOLUTION NO PROMPT
# Step 2: each customer's position: the share held by the customers before it
position = (ranked.cumsum() - ranked) / ranked.sum()  # SOLUTION NO PROMPT
# Step 3: cut at 0.7 and 0.9 (right=False: 0.7 itself belongs to B), then count
tier = pd.cut(position, bins=[-np.inf, 0.7, 0.9, np.inf], right=False, labels=["A", "B", "C"])  # SOLUTION NO PROMPT
tier_counts = tier.value_counts()  # SOLUTION
tier_counts

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q8_form(tier_counts):
    from crmkit.exercises import check_series

    check_series(
        tier_counts,
        "tier_counts",
        labels=["A", "B", "C"],
        label_kind="tier",
        values="nonnegative",
        what="the number of buying customers in each ABC tier",
    )
    if not (tier_counts % 1 == 0).all():
        raise AssertionError(
            "`tier_counts` should hold whole numbers (counts of customers), but some of "
            "its values have decimals. Count the customers of each tier, e.g. with "
            ".value_counts()."
        )


# %%
# HIDDEN
def test_q8_value(tier_counts, STUDENT_ID):
    import numpy as np
    import pandas as pd

    from crmkit import customers as cu
    from crmkit.exercises import check_series_close, data_slip, load

    customers = load("customers", STUDENT_ID)
    tx = load("transactions", STUDENT_ID)
    revenue = tx.groupby("customer_id")["revenue"].sum()

    def counts(tiers):
        return pd.Series(tiers).astype(str).value_counts().reindex(["A", "B", "C"], fill_value=0)

    def cut(share):
        return np.select([share < 0.7, share < 0.9], ["A", "B"], "C")

    ranked = revenue.sort_values(ascending=False)
    after = ranked.cumsum() / ranked.sum()
    ascending = revenue.sort_values()
    before_asc = (ascending.cumsum() - ascending) / ascending.sum()
    check_series_close(
        tier_counts,
        counts(cu.abc_tiers(revenue)),
        "tier_counts",
        label_kind="tier",
        what="the number of buying customers in each ABC tier",
        hints=[
            (
                counts(cut(after)),
                "you cut the running share *including* each customer, so the customer who "
                "crosses the 70% (or 90%) line went to the lower tier; use the share held "
                "by the customers before it (cumsum minus the customer's own revenue).",
            ),
            (
                counts(np.select([after <= 0.7, after <= 0.9], ["A", "B"], "C")),
                "you cut the running share *including* each customer, so the customer who "
                "crosses the 70% (or 90%) line went to the lower tier; use the share held "
                "by the customers before it (cumsum minus the customer's own revenue).",
            ),
            (
                counts(cu.abc_tiers(revenue, by="customers")),
                "you cut by the *number* of customers (20% / 30% / 50%); the question cuts "
                "by the running share of *revenue* at 70% and 90%.",
            ),
            (
                counts(cu.abc_tiers(customers["customer_id"].map(revenue).fillna(0.0))),
                "you included the potential customers (revenue 0), who all land in C; the "
                "question tiers the buying customers only.",
            ),
            data_slip(
                counts(cu.abc_tiers(revenue[revenue > 0])),
                "you left out the buying customers whose net revenue is 0 (they returned "
                "everything); they are buying customers too, and land in tier C.",
            ),
            (
                counts(cut(before_asc)),
                "you ranked from the smallest revenue; rank from the largest "
                "(sort_values(ascending=False)).",
            ),
            (
                counts(cu.abc_tiers(tx.groupby("customer_id")["gross_revenue"].sum())),
                "you used `gross_revenue` (before returns); the question asks for the net "
                "`revenue`.",
            ),
        ],
    )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q9
# points: 2
# all_or_nothing: true

# %% [markdown]
# ### Question 9 · Customer share (客户占有率)
#
# In January 2026 the firm asked a random sample of the customers who ordered in 2025
# how much they spent on office and household supplies in 2025, at all suppliers
# together. The `wallet` table holds one row per customer who answered, with the answer
# in `category_spending` (yuan). A customer's **customer share** is the firm's net
# `revenue` from them in 2025 (their orders in `transactions` dated in 2025) divided by
# their `category_spending`.
#
# Some customers stated less than the firm alone sold them, so their share comes out
# above 1, which is impossible: count such a share as 1, and keep those customers (do
# not drop them). Compute the customer share of every customer in `wallet` and store
# the average of these shares in `mean_customer_share`, a fraction between 0 and 1.
# (`crmkit.wallet.customer_share(transactions, wallet)` computes each customer's share,
# in its `share_of_wallet` column, by the same rules.)

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: each customer's net revenue in 2025
in_2025 = transactions[transactions["order_date"].dt.year == 2025]  # SOLUTION NO PROMPT
revenue_2025 = in_2025.groupby("customer_id")["revenue"].sum()  # SOLUTION NO PROMPT
# Step 2: the revenue of each surveyed customer (0 if none), divided by their answer
revenue_of_surveyed = wallet["customer_id"].map(revenue_2025).fillna(0.0)  # SOLUTION NO PROMPT
share = (revenue_of_surveyed / wallet["category_spending"]).clip(upper=1.0)  # SOLUTION NO PROMPT
# Step 3: the average customer share
mean_customer_share = float(share.mean())  # SOLUTION
mean_customer_share

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q9_form(mean_customer_share):
    from crmkit.exercises import check_number

    check_number(
        mean_customer_share,
        "mean_customer_share",
        kind="share",
        what="the average customer share of the surveyed customers",
    )


# %%
# HIDDEN
def test_q9_value(mean_customer_share, STUDENT_ID):
    from crmkit import wallet as wl
    from crmkit.exercises import check_close, load

    tx = load("transactions", STUDENT_ID)
    answers = load("wallet", STUDENT_ID)
    shares = wl.customer_share(tx, answers)
    stated = answers["category_spending"]

    def mean_share(revenue, cap=True):
        raw = revenue / stated
        return float((raw.clip(upper=1.0) if cap else raw).mean())

    in_2025 = tx[tx["order_date"].dt.year == 2025]
    all_years = answers["customer_id"].map(tx.groupby("customer_id")["revenue"].sum()).fillna(0)
    gross = answers["customer_id"].map(in_2025.groupby("customer_id")["gross_revenue"].sum())
    expected = float(shares["share_of_wallet"].mean())
    check_close(
        mean_customer_share,
        expected,
        "mean_customer_share",
        what="the average customer share of the surveyed customers",
        hints=[
            (
                mean_share(shares["revenue"], cap=False),
                "some customers stated less than the firm sold them, so their share came "
                "out above 1; count each such share as 1 (e.g. .clip(upper=1)).",
            ),
            (
                float(shares.loc[~shares["above_stated"], "share_of_wallet"].mean()),
                "you dropped the customers whose share came out above 1; keep them, with "
                "a share of 1 (dropping them removes the most loyal customers).",
            ),
            (
                float(shares["revenue"].sum() / stated.sum()),
                "that is the pooled share (total revenue / total stated spending), which "
                "weights big wallets more; average each customer's own share instead.",
            ),
            (
                mean_share(all_years),
                "you used each customer's revenue over all three years; the answers are "
                "about 2025, so take only the orders dated in 2025.",
            ),
            (
                mean_share(all_years / 3),
                "you used each customer's average yearly revenue over three years; the "
                "answers are about 2025, so take only the orders dated in 2025.",
            ),
            (
                mean_share(gross.fillna(0.0)),
                "you used `gross_revenue` (before returns); the question asks for the net "
                "`revenue`.",
            ),
            (
                1 - expected,
                "that is the average share spent at *other* suppliers; the customer share "
                "is the firm's revenue divided by the stated spending.",
            ),
            (
                float(shares["share_of_wallet"].median()),
                "that is the median share; the question asks for the average (mean).",
            ),
        ],
    )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [markdown]
# ## Before you hand in
#
# Restart the kernel and run all cells (Kernel > Restart Kernel and Run All Cells),
# check that every `grader.check` passes, and save. Your instructor's hidden tests will
# run your notebook from top to bottom in the same way.
