# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercises 00: Getting started with the Lanting Trading Co. data (入门练习)
#
# These exercises go with chapter 0. You will load the tables of the CRM world of
# Lanting Trading Co. (兰亭商贸), count, filter, group and merge them, and answer
# seven questions, from easy to hard.
#
# ## How this notebook works
#
# 1. **Practise first.** Leave `STUDENT_ID = ""` empty: the notebook then works on
#    the shared practice data. Run the cells from top to bottom; in every answer
#    cell, replace each `...` with your code and run it. Do not round your answers:
#    the checks compare them with the exact value.
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
# 4. Keep the file name `00_getting_started.ipynb` (the checks are stored in it), save,
#    and hand in the notebook as your instructor asks.

# %%
STUDENT_ID = ""

# %% [markdown]
# The next cell loads four tables of the world generated from your id (the first run
# takes a second or two). `crmkit.describe_dataset("orders")` explains every column of
# a table.

# %%
import numpy as np
import pandas as pd  # noqa: F401 (for your answers)

import crmkit
from crmkit.exercises import load

rng = crmkit.setup_notebook()
customers = load("customers", STUDENT_ID)
orders = load("orders", STUDENT_ID)
order_lines = load("order_lines", STUDENT_ID)
transactions = load("transactions", STUDENT_ID)
customers.head()

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 1
# all_or_nothing: true

# %% [markdown]
# ### Question 1
#
# How many orders are there in the `orders` table? Store the number
# in `n_orders` (a whole number).

# %% [raw]
# # BEGIN SOLUTION

# %%
n_orders = len(orders)  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q1_form(n_orders):
    from crmkit.exercises import check_number

    check_number(n_orders, "n_orders", kind="count", minimum=1, what="the number of orders")


# %%
# HIDDEN
def test_q1_value(n_orders, STUDENT_ID):
    from crmkit.exercises import check_close, load

    orders = load("orders", STUDENT_ID)
    lines = load("order_lines", STUDENT_ID)
    check_close(
        n_orders,
        len(orders),
        "n_orders",
        what="the number of orders",
        hints=[
            (len(lines), "that is the number of order *lines*; one order can have several."),
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
# ### Question 2
#
# How many orders were placed in the calendar year 2024 (1 January to
# 31 December 2024)? Store the number in `n_orders_2024`. *Hint:* the `.dt.year`
# accessor of the `order_date` column.

# %% [raw]
# # BEGIN SOLUTION

# %%
n_orders_2024 = int((orders["order_date"].dt.year == 2024).sum())  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q2_form(n_orders_2024):
    from crmkit.exercises import check_number

    check_number(
        n_orders_2024, "n_orders_2024", kind="count", minimum=1, what="the orders placed in 2024"
    )


# %%
# HIDDEN
def test_q2_value(n_orders_2024, STUDENT_ID):
    from crmkit.exercises import check_close, load

    orders = load("orders", STUDENT_ID)
    year = orders["order_date"].dt.year
    check_close(
        n_orders_2024,
        int((year == 2024).sum()),
        "n_orders_2024",
        what="the orders placed in 2024",
        hints=[
            (len(year), "that is every order of the three years 2023-2025; keep only 2024."),
            (int((year == 2023).sum()), "that is the number for 2023, not 2024."),
            (int((year == 2025).sum()), "that is the number for 2025, not 2024."),
            (int((year <= 2024).sum()), "that counts 2023 as well; keep only 2024."),
            (
                orders.loc[year == 2024, "customer_id"].nunique(),
                "that is the number of *customers* who ordered in 2024; count the orders.",
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
# points: 1
# all_or_nothing: true

# %% [markdown]
# ### Question 3
#
# What share of the customers in the customer file (all of them,
# including potential customers who have not bought yet) are business customers
# (`customer_type == "business"`)? Store it in `share_business` as a fraction between
# 0 and 1 (for example 0.25, not 25%), without rounding it. *Hint:* the mean of a
# column of True/False values is the share of True.

# %% [raw]
# # BEGIN SOLUTION

# %%
share_business = float((customers["customer_type"] == "business").mean())  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q3_form(share_business):
    from crmkit.exercises import check_number

    check_number(
        share_business, "share_business", kind="share", what="the share of business customers"
    )


# %%
# HIDDEN
def test_q3_value(share_business, STUDENT_ID):
    from crmkit.exercises import check_close, data_slip, load

    customers = load("customers", STUDENT_ID)
    is_business = customers["customer_type"] == "business"
    buyers = customers["status"] != "potential"
    check_close(
        share_business,
        float(is_business.mean()),
        "share_business",
        what="the share of business customers",
        hints=[
            (
                float(is_business[buyers].mean()),
                "that is the share among customers who have bought; the question asks about "
                "the whole customer file, potential customers included.",
            ),
            (float((~is_business).mean()), "that is the share of consumers, the other group."),
            (
                100 * float(is_business.mean()),
                "that is a percent; give the share as a fraction between 0 and 1.",
            ),
            *[
                data_slip(
                    round(float(is_business.mean()), digits),
                    "you rounded the share; store it unrounded (the check compares many "
                    "digits).",
                )
                for digits in (1, 2, 3, 4)
            ],
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
# ### Question 4
#
# Compute the total net revenue (column `revenue` of `transactions`,
# in yuan, net of returns) of each region over the whole window. The region of an
# order is its customer's region, so first merge `transactions` with the `customer_id`
# and `region` columns of `customers`. Store the result in `revenue_by_region`: a
# pandas Series with one number per region and the region names as its index (what
# `groupby("region")[...].sum()` returns). *Hint:* `left.merge(right, on="customer_id")`
# returns the rows of `left`, each with the columns of the row of `right` that has the
# same `customer_id`; a list of column names in double brackets, `table[["a", "b"]]`,
# picks those columns of a table.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: give every order its customer's region
regions = customers[["customer_id", "region"]]  # SOLUTION NO PROMPT
with_region = transactions.merge(regions, on="customer_id")  # SOLUTION NO PROMPT
# Step 2: add up the revenue of each region
revenue_by_region = with_region.groupby("region", observed=True)["revenue"].sum()  # SOLUTION
revenue_by_region

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q4_form(revenue_by_region):
    from crmkit.exercises import check_series

    check_series(
        revenue_by_region,
        "revenue_by_region",
        labels=["North", "East", "South", "West", "Central"],
        label_kind="region",
        values="nonnegative",
        what="total net revenue per region",
    )


# %%
# HIDDEN
def test_q4_value(revenue_by_region, STUDENT_ID):
    from crmkit.exercises import check_series_close, load

    customers = load("customers", STUDENT_ID)
    merged = load("transactions", STUDENT_ID).merge(
        customers[["customer_id", "region"]], on="customer_id"
    )
    by_region = merged.groupby("region", observed=True)
    check_series_close(
        revenue_by_region,
        by_region["revenue"].sum(),
        "revenue_by_region",
        label_kind="region",
        what="total net revenue per region",
        hints=[
            (
                by_region["gross_revenue"].sum(),
                "you added up `gross_revenue` (before returns); the question asks for the "
                "net `revenue`.",
            ),
            (by_region["margin"].sum(), "you added up `margin`; the question asks for `revenue`."),
            (
                by_region["revenue"].mean(),
                "that is the mean revenue per order; the question asks for the total (sum).",
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
# points: 1
# all_or_nothing: true

# %% [markdown]
# ### Question 5
#
# The *mean order value* of a region is the mean `revenue` of its
# orders. Which region has the highest mean order value? Store its name in
# `best_aov_region` as a string, e.g. `"North"`. *Hint:* start from the merged table of
# Question 4; `.idxmax()` returns the label of the largest value of a Series.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: the mean revenue per order of each region (a Series indexed by region)
regions = customers[["customer_id", "region"]]  # SOLUTION NO PROMPT
with_region = transactions.merge(regions, on="customer_id")  # SOLUTION NO PROMPT
by_region = with_region.groupby("region", observed=True)  # SOLUTION NO PROMPT
mean_by_region = by_region["revenue"].mean()  # SOLUTION NO PROMPT
# Step 2: the label of its largest value, as a string
best_aov_region = str(mean_by_region.idxmax())  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q5_form(best_aov_region):
    from crmkit.exercises import check_label

    check_label(
        best_aov_region,
        "best_aov_region",
        choices=["North", "East", "South", "West", "Central"],
        what="the region with the highest mean order value",
    )


# %%
# HIDDEN
def test_q5_value(best_aov_region, STUDENT_ID):
    from crmkit.exercises import check_label, load

    customers = load("customers", STUDENT_ID)
    merged = load("transactions", STUDENT_ID).merge(
        customers[["customer_id", "region"]], on="customer_id"
    )
    revenue = merged.groupby("region", observed=True)["revenue"]
    expected = str(revenue.mean().idxmax())
    hints = {
        str(revenue.mean().idxmin()): "that region has the *lowest* mean order value.",
        str(revenue.sum().idxmax()): "that region has the highest *total* revenue; the "
        "question asks for the highest *mean* revenue per order.",
    }
    hints.pop(expected, None)
    check_label(
        best_aov_region,
        "best_aov_region",
        choices=["North", "East", "South", "West", "Central"],
        expected=expected,
        hints=hints,
        what="the region with the highest mean order value",
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
# ### Question 6
#
# Over the three years, a *one-time buyer* placed exactly one order and
# a *repeat buyer* placed two or more (count each customer's orders in
# `transactions`). Do repeat buyers spend more per order? Compute the mean `revenue`
# per order of all the orders placed by one-time buyers, and of all the orders placed
# by repeat buyers (every order counts once, so a customer with ten orders weighs ten
# times as much as a customer with one). Store the two numbers, unrounded, in
# `mean_order_value`: a pandas Series with the index labels `"one-time"` and `"repeat"`.
# *Hint:* `column.value_counts()` counts how often each value occurs (a Series indexed by
# the values); `column.map(series)` looks each value of a column up in the index of a
# Series and returns what it finds there; `np.where(condition, "x", "y")` gives `"x"`
# where the condition is True and `"y"` elsewhere; and `groupby` accepts such an array
# of labels, one per row, in place of a column name.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: how many orders did the customer of each order place?
n_orders_of = transactions["customer_id"].value_counts()  # SOLUTION NO PROMPT
orders_of_customer = transactions["customer_id"].map(n_orders_of)  # SOLUTION NO PROMPT
# Step 2: label each order "one-time" or "repeat"
buyer_kind = np.where(orders_of_customer > 1, "repeat", "one-time")  # SOLUTION NO PROMPT
# Step 3: mean revenue per order in each group
mean_order_value = transactions.groupby(buyer_kind)["revenue"].mean()  # SOLUTION
mean_order_value

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q6_form(mean_order_value):
    from crmkit.exercises import check_series

    check_series(
        mean_order_value,
        "mean_order_value",
        labels=["one-time", "repeat"],
        label_kind="buyer group",
        values="nonnegative",
        what="mean revenue per order of one-time and repeat buyers",
    )


# %%
# HIDDEN
def test_q6_value(mean_order_value, STUDENT_ID):
    import numpy as np

    from crmkit.exercises import check_series_close, data_slip, load

    tx = load("transactions", STUDENT_ID)
    counts = tx["customer_id"].value_counts()
    kind = np.where(tx["customer_id"].map(counts) > 1, "repeat", "one-time")
    per_customer = tx.groupby("customer_id")["revenue"].mean()
    customer_kind = np.where(per_customer.index.map(counts) > 1, "repeat", "one-time")
    check_series_close(
        mean_order_value,
        tx.groupby(kind)["revenue"].mean(),
        "mean_order_value",
        label_kind="buyer group",
        what="mean revenue per order of one-time and repeat buyers",
        hints=[
            (
                per_customer.groupby(customer_kind).mean(),
                "you averaged each customer's mean first, so every customer weighs the "
                "same; the question asks for the mean over all orders of the group.",
            ),
            (
                tx.groupby(kind)["gross_revenue"].mean(),
                "you used `gross_revenue`; the question asks for the net `revenue`.",
            ),
            (
                tx.groupby(
                    np.where(tx["customer_id"].map(counts) > 2, "repeat", "one-time")
                )["revenue"].mean(),
                "you counted a customer with exactly two orders as a one-time buyer; a "
                "repeat buyer placed two or more orders.",
            ),
            *[
                data_slip(
                    tx.groupby(kind)["revenue"].mean().round(digits),
                    "you rounded the means; store them unrounded (the check compares many "
                    "digits).",
                )
                for digits in (0, 1, 2, 3)
            ],
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
# ### Question 7
#
# What is the average revenue per customer of consumers and of
# businesses? For each `customer_type`, divide the total `revenue` of its customers by
# the number of its customers in the customer file (客户档案), including the customers who
# never placed an order, who count with revenue 0. *Hint:* add up the revenue of each
# customer (`groupby("customer_id")`), merge it into `customers` with `how="left"`
# (a left merge keeps every row of `customers`, with NaN where a customer has no
# orders), and fill the missing revenue with 0 (`.fillna(0)`). Store the result,
# unrounded, in `revenue_per_customer`: a pandas Series with the index labels
# `"consumer"` and `"business"`.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: total revenue of each customer who ordered (one row per customer_id)
by_customer = transactions.groupby("customer_id", as_index=False)  # SOLUTION NO PROMPT
revenue_of_customer = by_customer["revenue"].sum()  # SOLUTION NO PROMPT
# Step 2: a left merge keeps every customer of the file; no orders -> revenue 0
# BEGIN SOLUTION NO PROMPT
with_revenue = customers.merge(revenue_of_customer, on="customer_id", how="left")
with_revenue["revenue"] = with_revenue["revenue"].fillna(0.0)
# END SOLUTION
# Step 3: the mean per customer type
by_type = with_revenue.groupby("customer_type", observed=True)  # SOLUTION NO PROMPT
revenue_per_customer = by_type["revenue"].mean()  # SOLUTION
revenue_per_customer

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q7_form(revenue_per_customer):
    from crmkit.exercises import check_series

    check_series(
        revenue_per_customer,
        "revenue_per_customer",
        labels=["consumer", "business"],
        label_kind="customer type",
        values="nonnegative",
        what="average revenue per customer",
    )


# %%
# HIDDEN
def test_q7_value(revenue_per_customer, STUDENT_ID):
    from crmkit.exercises import check_series_close, data_slip, load

    customers = load("customers", STUDENT_ID)
    tx = load("transactions", STUDENT_ID)
    per_customer = customers["customer_id"].map(tx.groupby("customer_id")["revenue"].sum())
    kind = customers["customer_type"]
    check_series_close(
        revenue_per_customer,
        per_customer.fillna(0.0).groupby(kind, observed=True).mean(),
        "revenue_per_customer",
        label_kind="customer type",
        what="average revenue per customer",
        hints=[
            (
                per_customer.groupby(kind, observed=True).mean(),
                "you divided by the customers who bought (an inner merge, or NaN left in); "
                "customers without orders count too, with revenue 0.",
            ),
            (
                tx.merge(customers[["customer_id", "customer_type"]], on="customer_id")
                .groupby("customer_type", observed=True)["revenue"]
                .mean(),
                "that is the mean revenue per *order*; the question asks per *customer*.",
            ),
            (
                customers[["customer_id", "customer_type"]]
                .merge(tx[["customer_id", "revenue"]], on="customer_id", how="left")
                .fillna({"revenue": 0.0})
                .groupby("customer_type", observed=True)["revenue"]
                .mean(),
                "you merged the orders themselves into `customers`, so a customer with ten "
                "orders has ten rows and each row counts once in the mean. Add up the "
                "revenue of each customer first (one row per customer), then merge.",
            ),
            *[
                data_slip(
                    per_customer.fillna(0.0).groupby(kind, observed=True).mean().round(digits),
                    "you rounded the averages; store them unrounded (the check compares many "
                    "digits).",
                )
                for digits in (0, 1, 2, 3)
            ],
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
