# ---
# jupyter:
#   jupytext:
#     formats: ipynb,_sources//py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Chapter 2 · Customer analysis and screening (客户分析与筛选)
#
# Chapter 1 said that the second task of CRM is to analyse how customers differ. This
# chapter does it. The sales-management textbook chapter (第八章 客户关系管理, section 2)
# gives a sales manager a work list: build a file on every customer, analyse it from
# several sides, screen customers by value, and keep the good ones. We follow that list on
# the records of *Lanting Trading Co.* (兰亭商贸), add the 80/20 rule that 韦亚洲 and 葛红梅
# (2009) apply to key accounts, the target customers of 高山 (2023), and the customer
# share that ZTE's management digest (2003) puts at the centre of customer-centred
# management.
#
# Every analysis is done twice: first in plain pandas, so that you see the mechanics, then
# with one call to crmkit, which does the same with checks on the input. Each idea has
# its own crmkit module: `customer_file` (the file, composition, trading performance),
# `products`, `concentration` (the 80/20 rule), `tiers`, `rules` (customer classes),
# `complaints` and `wallet` (customer share); `crmkit.customers`, the chapter's module,
# gathers the functions of all but the last.
# Where the simulation knows the truth we put it beside the estimate.
#
# ## Objectives
#
# By the end of this chapter you will be able to:
#
# 1. build a **customer file (客户档案)** from the raw order records, and check it;
# 2. run a **composition analysis (构成分析)** by customer type, channel or region, say
#    with an interval and a test whether a difference between regions is more than
#    chance, and measure each customer's **trading performance (交易业绩)** from one
#    year to the next;
# 3. compute a product table with **sales composition (销售构成)**, **gross-margin rate
#    (毛利率)**, **turnover (周转率)**, **cross ratio (交叉比率)** and **contribution ratio
#    (贡献比率)**, and say what a manager does with them;
# 4. test the **80/20 rule (二八法则)** with a Pareto table, a **Lorenz curve (洛伦兹曲线)**,
#    the **Gini coefficient (基尼系数)** and a **bootstrap (自助法)** interval;
# 5. sort customers into **value tiers (客户价值等级)** by **ABC analysis (ABC分类法)** and
#    follow them from 2024 to 2025 in a **migration matrix (迁移矩阵)**;
# 6. classify customers as direct, indirect or potential, pick **target customers
#    (目标客户)** by rules you can change, and read complaints and exit reasons;
# 7. compute each customer's **customer share (客户占有率)** from a survey of their
#    category spending, put it beside value in a customer value analysis (客户价值分析),
#    and find the customers worth developing.

# %%
import crmkit

rng = crmkit.setup_notebook()

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

import crmkit.products  # imported by its full name: `products` is a table below
from crmkit import complaints, concentration, customer_file, rules, tiers, wallet
from crmkit.quiz import Question, quiz

customers = crmkit.load_dataset("customers")
transactions = crmkit.load_dataset("transactions")
print(f"{len(customers):,} customers, {len(transactions):,} orders")
print(
    "orders from",
    transactions["order_date"].min().date(),
    "to",
    transactions["order_date"].max().date(),
)

# %% [markdown]
# Two tables are enough to start. `customers` has one row per registered customer with
# their attributes (region, type, channel, status, care tier); `transactions` has one row
# per order with its revenue and its gross margin (the revenue minus what the goods cost
# Lanting to buy), both *net of returns*: goods sent back are already subtracted (see
# `crmkit.describe_dataset("transactions")`). The three years of orders run from the
# first to the last day of the observation window.
#
# Money columns in the tables below are rounded to whole yuan for display with this small
# helper; it changes nothing but the printout.


# %%
def whole_yuan(frame, columns):
    """Round the money columns of a table to whole yuan, for display only."""
    return frame.round({c: 0 for c in columns}).astype({c: "int64" for c in columns})


# %% [markdown]
# ## 1. The customer file (客户档案)
#
# The textbook's first step is a file on every customer: who they are and how they have
# traded with the firm. Why bother? With such a file a firm can aim a promotion at the
# customers it suits, ask customers what they think of its goods, practise
# **cross-selling (交叉销售)** (offering a customer goods from lines they do not buy yet)
# and get to know its buyers better. Each of these needs the same thing: one row per
# customer that brings their whole history together.
#
# ### In pandas
#
# We summarise the orders of each customer with `groupby`, then attach the summary to
# the customer table with a left `merge`, so that customers who never ordered keep their
# row. The file is drawn up on the day of the last order, 31 December 2025.

# %%
as_of = transactions["order_date"].max()

# one row per customer: each new column is (column to summarise, function to apply)
summary = transactions.groupby("customer_id").agg(
    first_purchase=("order_date", "min"),
    last_purchase=("order_date", "max"),
    orders=("order_id", "nunique"),
    revenue=("revenue", "sum"),
    margin=("margin", "sum"),
)
# summary is indexed by customer_id, hence right_index=True; how="left" keeps every
# customer, and customers without orders get NaN (missing) in the new columns
by_hand = customers.merge(summary, how="left", left_on="customer_id", right_index=True)
by_hand["orders"] = by_hand["orders"].fillna(0).astype("int64")  # no order = 0 orders
by_hand["revenue"] = by_hand["revenue"].fillna(0.0)
by_hand["margin"] = by_hand["margin"].fillna(0.0)
# subtracting two dates gives a time span; .dt.days turns it into a number of days
by_hand["tenure_days"] = (as_of - by_hand["signup_date"]).dt.days
by_hand["days_since_last"] = (as_of - by_hand["last_purchase"]).dt.days
by_hand[
    ["customer_id", "signup_date", "status", "orders", "revenue", "tenure_days", "days_since_last"]
].head()

# %% [markdown]
# Read the first row: customer 1 signed up on 16 August 2025 (137 days of tenure, the
# time since signing up), has already ordered three times for about 6,000 yuan, and last
# ordered 18 days before the end of the year. `days_since_last` is the customer's
# *recency*, a measure chapter 3 builds on. A customer who never ordered would show 0
# orders, 0 revenue and *NaN* (not a number) days since the last purchase: "never bought"
# is not a number of days, and writing 0 there would make them look like the most recent
# buyers.
#
# ### With crmkit
#
# `customer_file.customer_file` does the same, with checks: it refuses transactions of
# unknown customers, duplicate customer ids, missing ids or dates, text where dates should
# be, and says which column is wrong. We also pass the `contacts` table, which adds each
# customer's number of complaints; we need it in section 7.

# %%
file = customer_file.customer_file(customers, transactions)
pd.testing.assert_frame_equal(file, by_hand, check_dtype=False)
print("the pandas file and crmkit's file agree")

contacts = crmkit.load_dataset("contacts")
file = customer_file.customer_file(customers, transactions, contacts=contacts)
print(f"{len(file):,} rows, {(file['orders'] == 0).sum()} customers without any order")
file.columns.tolist()

# %% [markdown]
# `assert_frame_equal` would have stopped the notebook with an error if a single value
# differed. The file has one row for each of the 4,000 customers; 380 of them have never
# ordered. They are the firm's **potential customers (潜在客户)**, registered leads, and
# they stay in the file with zeros so that every share below is a share of all customers.

# %% [markdown]
# ## 2. Composition analysis (构成分析)
#
# Who are Lanting's customers, and where does its revenue come from? Composition
# analysis splits the customers by one attribute and compares the share of customers in
# each group with the share of revenue. In pandas that is a count and a sum per group:

# %%
# normalize=True gives shares instead of counts; sort=False keeps the category order
share_of_customers = file["customer_type"].value_counts(normalize=True, sort=False)
# observed=True: one group per category that actually occurs in the data
share_of_revenue = (
    file.groupby("customer_type", observed=True)["revenue"].sum() / file["revenue"].sum()
)
pd.DataFrame({"customers": share_of_customers, "revenue": share_of_revenue}).round(3)

# %% [markdown]
# `customer_file.composition` gives both, with counts, totals and the value per customer,
# for any attribute or list of attributes:

# %%
by_type = customer_file.composition(file, "customer_type", value=["revenue", "margin"])
whole_yuan(by_type, ["revenue", "margin", "revenue_per_customer", "margin_per_customer"])

# %% [markdown]
# The crmkit table repeats the pandas shares (0.759 and 0.241 of customers, 0.437 and
# 0.563 of revenue) and adds the totals. A quarter of the customers are businesses, and
# they bring more than half of the revenue (56%) and of the gross margin (55%): a business
# customer brings about four times the revenue of a consumer (4,678 against 1,155 yuan).
# That is the first sign of the concentration that section 5 measures.
#
# The same table by sales channel:

# %%
by_channel = customer_file.composition(file, "channel", value="revenue")
whole_yuan(by_channel, ["revenue", "revenue_per_customer"])

# %% [markdown]
# A picture makes the comparison quicker. Each channel has two bars: its share of
# customers and its share of revenue. `melt` turns the two columns into rows, the long
# format seaborn expects.

# %%
long = by_channel.melt(
    id_vars="channel",
    value_vars=["share_of_customers", "revenue_share"],
    var_name="share of",
    value_name="share",
)
ax = sns.barplot(data=long, x="channel", y="share", hue="share of")
ax.set_title("Composition by channel: customers vs revenue")
plt.show()

# %% [markdown]
# The sales team recruited one customer in six (16.5%) but brings almost a third of the
# revenue (31.1%). Online customers are the largest group (36.8%) and bring less than
# their share (28.0%). Why is the sales team's revenue so high? A cross-table of channel
# against customer type, in shares of each row, suggests an answer:

# %%
pd.crosstab(file["channel"], file["customer_type"], normalize="index").round(3)

# %% [markdown]
# Seven in ten of the sales team's customers are businesses, against about one in ten of
# the online ones: the sales team goes after businesses, and businesses buy more. Neither
# fact says which channel is *better*: the sales team also costs more per customer won
# (the `acquisition_cost` column, compared across channels in chapter 5, section 10).

# %% [markdown]
# ### Composition by region (按地区的客户构成)
#
# The textbook puts customer composition analysis (客户构成分析) first among the
# analyses of the customer file but names no attribute to split by. Lanting sells in
# five regions, and region (地区) is a split with a decision behind it: where do the
# customers live, and is a customer in one region worth more than in another? A manager
# who finds a region of unusually valuable customers may put more effort there. The
# same call, by region; beside the observed share of customers we put the share the
# simulation drew them from (`region_shares` in `params.json`), which no real firm
# knows:

# %%
params = crmkit.datasets.load_params()  # the settings the world was built with
by_region = customer_file.composition(file, "region", value=["revenue", "margin"])
by_region["share_of_customers_truth"] = by_region["region"].map(params["region_shares"])
whole_yuan(
    by_region, ["revenue", "margin", "revenue_per_customer", "margin_per_customer"]
).round(3)

# %% [markdown]
# East is the largest region (29.5% of the customers, 30.0% of the revenue) and West
# the smallest (9.9% and 10.7%); each region's share of customers is within about half
# a point of the share the simulation used (Central, 0.6 points off, is furthest). The
# revenue per customer runs from 1,783 yuan in the North to 2,182 in the South. Is the
# South really a better region, or is a gap of 400 yuan what chance gives with a few
# hundred customers a region, whose revenues are as unequal as section 5 will show? An
# interval for each region's revenue per customer shows how far each figure could move.
# We get it by resampling: draw as many customers as the region has from its own list,
# *with replacement* (some twice, some not at all), compute their mean revenue, repeat
# 2,000 times, and keep the middle 95% of those means. This is the bootstrap, which
# section 5 uses again for the top 20%'s share:

# %%
from scipy import stats

boot_rng = np.random.default_rng(2026)  # a generator of its own for the bootstrap
rows = []
for region, group in file.groupby("region", observed=True):
    # percentile bootstrap of the mean revenue per customer, 2,000 resamples
    result = stats.bootstrap(
        (group["revenue"].to_numpy(),),
        np.mean,
        n_resamples=2000,
        method="percentile",
        rng=boot_rng,
    )
    rows.append(
        {
            "region": region,
            "customers": len(group),
            "revenue_per_customer": group["revenue"].mean(),
            "lower": result.confidence_interval.low,
            "upper": result.confidence_interval.high,
        }
    )
region_value = pd.DataFrame(rows)
whole_yuan(region_value, ["revenue_per_customer", "lower", "upper"])

# %% [markdown]
# The intervals are wide, about ±250 yuan (wider for the small West, -335 to +374), and
# they overlap: North's runs up to 2,044, South's down to 1,947. Overlapping intervals
# do not prove that two regions are alike, so we also test the question directly. The
# *Kruskal-Wallis test* asks whether customers of some regions tend to buy more than
# those of others; it compares ranks, not means, so the few very large customers do not
# dominate it. A small *p* says that differences this large would be rare if region made
# no difference. Then, because the simulation knows the truth, the same test in five
# replica firms built like Lanting:

# %%
revenue_by_region = [group["revenue"] for _, group in file.groupby("region", observed=True)]
kruskal = stats.kruskal(*revenue_by_region)
print(f"Kruskal-Wallis test of revenue per customer across regions: p = {kruskal.pvalue:.3f}")

replicas = {}
for seed in [1, 2, 3, 4, 5]:
    world = crmkit.make_world(seed=seed)
    other_file = customer_file.customer_file(world.customers, world.transactions)
    groups = [group["revenue"] for _, group in other_file.groupby("region", observed=True)]
    replicas[seed] = round(float(stats.kruskal(*groups).pvalue), 3)
print("the same test in five replica firms, p =", list(replicas.values()))

# %% [markdown]
# At Lanting p = 0.022: taken at face value, the regions differ "significantly" at the
# 5% level. Yet the data card says that region changes nothing about what a customer
# buys (it only makes delivery complaints likelier in the West), so this is a false
# alarm: a world without any regional difference produced it. The replicas show how
# often that happens: four of five give large p-values, and one (seed 5) gives 0.003.
# When there is no difference, p falls below 0.05 in one analysis in twenty, and a
# composition analysis tests many splits (region, type, channel, tier...).
#
# So the composition by region supports one conclusion: the East and the South hold
# about half of the customers (52%) and of the revenue (54%), so on volume alone they
# would take about half of any effort planned by region. It does not support the claim
# that a Southern customer is worth more. Before acting on such a gap, check it in data
# that did not suggest it, such as the next year's customers.

# %% [markdown]
# ## 3. Trading performance (交易业绩)
#
# The customer file adds up three years. A manager also wants each customer's recent
# record and its direction: who is growing, who is fading.
# `customer_file.trading_performance` measures each customer in one period and compares it
# with another. Here 2025 against 2024:

# %%
performance = customer_file.trading_performance(transactions, period=2025, previous=2024)
top = performance.sort_values("revenue_rank").head(8)
whole_yuan(
    top[
        [
            "customer_id",
            "orders",
            "revenue",
            "margin_rate",
            "revenue_rank",
            "previous_revenue",
            "revenue_growth",
        ]
    ],
    ["revenue", "previous_revenue"],
)

# %% [markdown]
# `revenue_rank` 1 is the largest customer of 2025. `revenue_growth` is the *relative*
# change, (2025 revenue - 2024 revenue) / 2024 revenue: the best customer (number 3758)
# went from 14,473 to 33,810 yuan, a growth of 1.336, that is +134%, or 2.3 times its
# 2024 revenue. Customer 1117 did not buy at all in 2024, so its growth is undefined (*NaN*)
# rather than infinite. `margin_rate` is the **gross-margin rate (毛利率)**, margin divided
# by revenue: these large customers keep only 24 to 35 fen of every yuan as margin. The
# full table has a few more columns, such as the average order value
# (`performance.columns` lists them).
#
# How do the customers split between growing, shrinking, new and stopped? `np.select`
# checks a list of conditions in order and gives each row the label of the first one that
# is true (or the `default` when none is). A customer who bought nothing in 2024 but had
# bought in 2023 is not new: we look up the year of the first purchase in the customer
# file to tell the two apart.

# %%
# year of each customer's first purchase, looked up by customer_id
first_year = performance["customer_id"].map(
    file.set_index("customer_id")["first_purchase"].dt.year
)
no_2024 = performance["previous_revenue"] == 0
no_2025 = performance["revenue"] == 0
direction = np.select(
    [
        no_2024 & no_2025,  # ordered, but sent everything back
        no_2024 & (first_year == 2025),
        no_2024,
        no_2025,
        performance["revenue_change"] > 0,
    ],
    ["nothing kept in either year", "new in 2025", "back after a gap", "no order in 2025", "grew"],
    default="shrank",
)
print(pd.Series(direction).value_counts())

both_years = performance[~no_2024 & ~no_2025]
print(
    f"customers who bought in both years: {len(both_years)}; median size of their change: "
    f"{both_years['revenue_growth'].abs().median():.0%}"
)

# %% [markdown]
# Of the 3,278 customers who ordered in 2024 or 2025, 1,049 are new in 2025 and 126 came
# back after buying nothing in 2024; 778 buyers of 2024 did not order at all in 2025, and
# 7 customers ordered but sent everything back.
# Among the 1,318 who bought in both years, growers and shrinkers are close in number
# (720 and 598), and the change is large: half of them changed their revenue by 63% or
# more, up or down. A single year's figures are a noisy picture of a customer, which
# matters when we sort customers into tiers in section 6.

# %% [markdown]
# ## 4. Products: sales composition, margin, turnover, cross and contribution ratios
#
# The textbook lists product analyses beside the customer analyses: **sales composition
# (销售构成)** (each product's share of sales), the **gross-margin rate (毛利率)**,
# **turnover (周转率)**, the **cross ratio (交叉比率)** and the **contribution ratio
# (贡献比率)**. They answer one question: which goods earn their shelf space?
#
# - Gross-margin rate = (sales - cost of goods sold) / sales.
# - Turnover = how many times a year the average stock is sold: cost of goods sold divided
#   by the average inventory valued at cost. (Retailers often use sales divided by
#   inventory at retail prices; `inventory="retail"` gives that convention.)
# - Cross ratio = gross-margin rate x turnover. A product with a thin margin can still
#   earn well if it sells fast, and the cross ratio puts the two together: it is the gross
#   margin earned per yuan of stock in a year.
# - Contribution ratio = cross ratio x share of sales: the cross ratio weighted by how much
#   of the business the product is.
#
# ### One product by hand
#
# Take product 1, A4 copy paper. Sales and costs come from the order lines, counting only
# the units customers kept; the average stock comes from the product table. The records
# cover 2023-2025, 1,096 days, so we scale the turnover to a year of 365.25 days (the
# average length of a year, leap years included, as everywhere in crmkit). *Cost of
# goods sold* (`cogs` below) is what the units customers kept had cost Lanting to buy.

# %%
order_lines = crmkit.load_dataset("order_lines")
products = crmkit.load_dataset("products")
period_days = (as_of - transactions["order_date"].min()).days + 1

kept = order_lines["quantity"] - order_lines["returned_quantity"]  # units not sent back
# assign returns a copy of the table with the new columns added
lines = order_lines.assign(
    sales=kept * order_lines["unit_price"], cogs=kept * order_lines["unit_cost"]
)
paper = lines[lines["product_id"] == 1]
product = products.set_index("product_id").loc[1]  # the product table's row for product 1

sales, cogs = paper["sales"].sum(), paper["cogs"].sum()
margin_rate = (sales - cogs) / sales
stock_at_cost = product["avg_inventory_units"] * product["unit_cost"]
turnover = cogs / stock_at_cost * 365.25 / period_days  # 365.25 days: leap years count
share = sales / lines["sales"].sum()
print(f"period: {period_days} days")
print(f"sales {sales:,.0f} yuan, gross-margin rate {margin_rate:.3f}, share of sales {share:.3f}")
print(f"average stock at cost {stock_at_cost:,.0f} yuan, turnover {turnover:.2f} times a year")
print(
    f"cross ratio {margin_rate * turnover:.3f}, contribution ratio {margin_rate * turnover * share:.4f}"
)

# %% [markdown]
# Copy paper keeps only about 25 fen (0.25 yuan) of margin per yuan of sales, but its
# stock turns over more than ten times a year, so each yuan of stock earns about 2.65 yuan
# of gross margin a year. It is 5.6% of all sales, so its contribution ratio is
# 2.65 x 0.056, about 0.149. On its own that number means little; it is made for comparing
# products, as the category table below does. The crmkit table gives the same figures for
# every product:

# %%
product_table = crmkit.products.product_table(order_lines, products, period_days=period_days)
product_table[product_table["product_id"] == 1][
    ["product_name", "margin_rate", "sales_share", "turnover", "cross_ratio", "contribution_ratio"]
].round(4)

# %% [markdown]
# ### By category, with the truth beside it
#
# With `by="category"` the table adds up sales, costs and stock per category before
# computing the rates. The simulation set a list-price margin and a turnover for each
# category (in `params.json`), so we can put them beside what the records show.

# %%
params = crmkit.datasets.load_params()
by_category = crmkit.products.product_table(
    order_lines, products, period_days=period_days, by="category"
)
by_category["list_margin_truth"] = by_category["category"].map(params["category_margin"])
by_category["turnover_truth"] = by_category["category"].map(params["category_turnover"])
by_category[
    [
        "category",
        "sales_share",
        "margin_rate",
        "list_margin_truth",
        "turnover",
        "turnover_truth",
        "cross_ratio",
        "contribution_ratio",
    ]
].round(3)

# %% [markdown]
# Turnover comes out close to the truth (the largest gap is writing, 7.2 against 8).
# Every observed margin rate is *below* the margin at list price, by up to five points
# (writing: 0.400 against 0.45): that is the cost of discounts. Who gets them? We compare
# the price paid with the list price on every order line, by customer type:

# %%
orders = crmkit.load_dataset("orders")
# attach the list price, then the customer, then the customer's type, to every order line
priced = (
    order_lines.merge(products[["product_id", "list_price"]], on="product_id")
    .merge(orders[["order_id", "customer_id"]], on="order_id")
    .merge(customers[["customer_id", "customer_type"]], on="customer_id")
)
discounted = priced["unit_price"] < priced["list_price"]  # True for a discounted line
# the mean of True/False values is the share of True: the share of lines discounted
discounted.groupby(priced["customer_type"], observed=True).mean().round(3)

# %% [markdown]
# A quarter of consumers' order lines are discounted, but almost half (45%) of
# businesses'. The margin a manager reads off a price list is not the margin the firm
# earns, and discounts are most frequent where the biggest customers buy.
#
# The ranking is instructive. Equipment has the largest share of sales (23%), but after
# discounts its margin is thin (0.236) and its stock turns over only about three times a
# year, so its cross ratio is by far the lowest (0.69) and its contribution ratio the
# smallest (0.16). Paper and cleaning goods have the thinnest or
# middling margins yet contribute most, because they sell fast. Writing supplies have the
# best margin and a good turnover, but they are a small share of sales.
#
# Products, plotted with margin on one axis and turnover on the other, show the same
# trade-off. Points on the same curved band have similar cross ratios; bubble size is the
# share of sales.

# %%
ax = sns.scatterplot(
    data=product_table,
    x="turnover",
    y="margin_rate",
    hue="category",
    size="sales_share",
    sizes=(20, 300),
)
turns = np.linspace(1.5, 15, 100)
for level in (1, 2, 3):
    ax.plot(turns, level / turns, color="grey", lw=0.8, ls=":")
    ax.annotate(f"cross ratio {level}", (15, level / 15), fontsize=8, ha="right", va="bottom")
ax.set_ylim(0, 0.6)
ax.set_xlabel("turnover (times a year, at cost)")
ax.set_ylabel("gross-margin rate")
ax.set_title("Products: margin vs turnover")
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7)
plt.show()

# %% [markdown]
# *What a manager does with the table.* The cross ratio tells where stock is well
# invested; the contribution ratio tells where it matters for the whole firm.
#
# - Slow turnover (equipment, storage): hold less stock, order more often or only to
#   order, and raise turnover before cutting the price. Equipment is a large share of sales
#   with a thin margin after discounts, so it also deserves a look at how much discount its
#   buyers really need.
# - Thin margin, fast turnover (paper, cleaning): protect the volume; a small price rise
#   or a better purchase price moves the firm's profit a lot, because these are large
#   shares of sales.
# - Low cross ratio *and* small share: candidates to drop or replace. No whole category is
#   in this corner; look for such products in `product_table`.
# - Cross-selling: customers who come for fast-moving paper can be offered high-margin
#   writing supplies.
#
# One caution: the cross ratio is a ratio to stock, so a product that is rarely stocked
# looks excellent. Check the inventory figures before acting on an extreme value.

# %% [markdown]
# ## 5. Is it really 80/20?
#
# 韦亚洲 and 葛红梅 (2009) repeat the **80/20 rule (二八法则)**: most of a firm's sales
# come from a small share of its customers, its **key accounts (重点客户)**. Let us measure
# how true that is for Lanting, using the 3,620 customers who have bought.
#
# ### The Pareto table
#
# Sort customers from the largest to the smallest and add up their revenue as you go
# down the list. The running total, divided by the grand total, is the share of revenue
# held by the customers so far.

# %%
buyers = file[file["orders"] > 0].set_index("customer_id")["revenue"]
ordered = buyers.sort_values(ascending=False)
running_share = ordered.cumsum() / ordered.sum()
top_fifth = int(len(ordered) * 0.2)  # number of customers in the top 20%
print(
    f"{len(ordered):,} buyers; the top {top_fifth} (20%) bring "
    # iloc counts positions from 0, so the 724th customer is at position 723
    f"{running_share.iloc[top_fifth - 1]:.1%} of revenue"
)

pareto = concentration.pareto_table(buyers)
print(f"crmkit: {concentration.top_share(buyers, q=0.2):.1%}")
# show only the rows at the top 1%, 10%, 20%, 50% and 100% of customers
marks = [int(len(pareto) * q) for q in (0.01, 0.1, 0.2, 0.5, 1.0)]
pareto[pareto["rank"].isin(marks)].round(3)

# %% [markdown]
# The pandas running total and crmkit agree: the top 20% of buyers bring 66.1% of
# revenue. The rows of the Pareto table at the top 1%, 10%, 20%, 50% and all of the
# customers (`cum_share_of_customers`) show the share of revenue they hold
# (`cum_value_share`): the top 1% (36 customers) bring 12%, the top 10% bring 49%, and the
# larger half of the buyers bring 89%. So it is about 66/20 rather than 80/20:
# concentrated, but less than the rule says. (The last customer in the list has 0 yuan:
# they ordered but sent everything back.) The Pareto chart shows each customer's revenue
# (the shaded area, largest on the left) and the running share (the line, right-hand
# axis).

# %%
concentration.plot_pareto(buyers, q=0.2)
plt.show()

# %% [markdown]
# ### The Lorenz curve and the Gini coefficient
#
# The **Lorenz curve (洛伦兹曲线)** sorts customers the other way, from the smallest, and
# plots the share of customers against the share of revenue they hold. If every customer
# bought the same, the curve would be the diagonal. The **Gini coefficient (基尼系数)** is
# twice the area between the diagonal and the curve: 0 when all customers are equal,
# close to 1 when one customer buys almost everything.
#
# With the customers sorted from smallest, x(1) <= ... <= x(n), the Gini coefficient is
# G = 2 * sum(i * x(i)) / (n * sum(x)) - (n + 1) / n. In numpy:

# %%
x = np.sort(buyers.to_numpy())
n = len(x)
i = np.arange(1, n + 1)
g_by_hand = 2 * np.sum(i * x) / (n * x.sum()) - (n + 1) / n
print(
    f"Gini by hand {g_by_hand:.4f}, crmkit {concentration.gini(buyers):.4f}, "
    f"with the small-sample correction {concentration.gini(buyers, small_sample=True):.4f}"
)

# %% [markdown]
# The formula and crmkit agree to four decimals: 0.6208. The small-sample correction
# multiplies by n / (n - 1) so that a single customer holding everything scores exactly
# 1; with 3,620 customers it only moves the fourth decimal (0.6209). It matters for a
# handful of customers, say the ten accounts of one salesperson.
#
# Businesses and consumers on the same axes:

# %%
fig, ax = plt.subplots(figsize=(5, 5))
for kind in ["consumer", "business"]:
    revenue = file.loc[(file["orders"] > 0) & (file["customer_type"] == kind), "revenue"]
    concentration.plot_lorenz(revenue, ax=ax, label=kind)
concentration.plot_lorenz(buyers, ax=ax, label="all buyers")
plt.show()

# %%
# the Gini coefficient of each type's buyers (agg applies concentration.gini to each group)
buyers_by_type = file[file["orders"] > 0].groupby("customer_type", observed=True)["revenue"]
buyers_by_type.agg(concentration.gini).round(3)

# %% [markdown]
# Within each type revenue is less concentrated (Gini 0.536 for consumers, 0.535 for
# businesses) than over all buyers together (0.621): the curves of the two types lie
# closer to the diagonal. Part of the concentration is simply that businesses are bigger. For
# comparison, the Gini coefficient of household incomes within a country is usually
# between about 0.25 and 0.5.
#
# ### How sure are we? A bootstrap interval
#
# The 66% describes these 3,620 customers. Had Lanting recruited a different set of
# similar customers, the figure would differ a little. The **bootstrap (自助法)**
# estimates by how much: draw 3,620 customers from the list *with replacement* (some
# twice, some not at all), compute the top-20% share, repeat 2,000 times, and look at the
# spread.

# %%
interval = concentration.top_share_interval(buyers, q=0.2, n_boot=2000, seed=2026)
# the Series also echoes the settings we passed (q, ci, n_boot); show the results only
interval[["estimate", "lower", "upper", "std_error"]].round(3)

# %% [markdown]
# The 95% **confidence interval (置信区间)** runs from about 64.7% to 67.5%. In plain
# words: a range computed this way catches the true value in about 95 of 100 samples, so
# values outside it are hard to square with the data. `std_error` (0.007) is the typical
# distance between the estimate and the truth. Even the top of the interval is far from
# 80%.
#
# Here the simulation lets us do what a real firm cannot: build other firms exactly like
# Lanting, with other random customers, and look at their top-20% share. If the bootstrap
# is right, how many of them should fall inside the interval? Not 95 per cent. The
# interval is centred on *Lanting's* estimate, which is itself off the truth by a chance
# error; a replica's estimate has a chance error of its own. The gap between the two is
# the difference of two independent errors of about one standard error each, so its
# spread is √2 standard errors, and an interval of ±1.96 standard errors around
# Lanting's figure catches a replica with probability P(|Z| < 1.96 / √2), about 83 per
# cent.

# %%
from scipy.stats import norm

z = norm.ppf(0.975)  # 1.96
expected_inside = 2 * norm.cdf(z / np.sqrt(2)) - 1
print(f"expected share of replicas inside Lanting's 95% interval: {expected_inside:.1%}")
# all five inside: average, over Lanting's own chance error e (in standard errors), of
# the chance that five independent replicas each land within 1.96 of it
e = np.linspace(-8, 8, 4001)
weight = norm.pdf(e) * (e[1] - e[0])
p_inside = norm.cdf(z - e) - norm.cdf(-z - e)
print(f"chance that all five replicas fall inside: {(weight * p_inside**5).sum():.0%}")

# %%
other_firms = []
for seed in [1, 2, 3, 4, 5]:
    world = crmkit.make_world(seed=seed)
    other_file = customer_file.customer_file(world.customers, world.transactions)
    other_buyers = other_file.loc[other_file["orders"] > 0, "revenue"]
    top_20_share = concentration.top_share(other_buyers, q=0.2)
    other_firms.append({"seed": seed, "top_20_share": top_20_share})
other = pd.DataFrame(other_firms)
# between(a, b) is True when a <= value <= b
other["inside_interval"] = other["top_20_share"].between(interval["lower"], interval["upper"])
print(
    f"spread of the five replicas (standard deviation): {other['top_20_share'].std():.3f}; "
    f"bootstrap standard error: {interval['std_error']:.3f}"
)
other.round(3)

# %% [markdown]
# All five replicas fall inside the interval, an outcome that happens about half the
# time (each replica has an 83 per cent chance), and their spread (standard deviation
# 0.009) is close to the bootstrap's standard error (0.007); five replicas cannot measure
# a spread more precisely than that. The bootstrap, computed from Lanting's data alone,
# guessed well how much the figure varies from firm to firm. The **ground truth (真实值)**
# of this simulated world is "about two thirds from the top fifth", not four fifths. The
# 80/20 rule is a reminder that customers differ, not a law of nature; measure it in your
# own data before you plan around it.

# %% [markdown]
# ## 6. Value tiers and how customers move between them
#
# Among the uses of a customer database, the textbook counts judging what each customer
# is worth: telling **high-value customers (高价值客户)** from **ordinary customers
# (普通客户)** and **small customers (小客户)**, and giving each group its own marketing
# and selling. **ABC analysis (ABC分类法)** is one way to draw the lines: rank the
# customers from the largest, and cut the ranking where the running share of revenue
# passes 70% (end of tier A, the high-value customers) and 90% (end of tier B, the
# ordinary ones); the rest are tier C, the small customers.
#
# ### ABC tiers
#
# In pandas, the running share *before* each customer decides the tier: a customer whose
# predecessors hold less than 70% is in A, so the customer who crosses the 70% line still
# belongs to A.

# %%
# running share of revenue held by the customers ranked above each customer
before_each = (ordered.cumsum() - ordered) / ordered.sum()
# pd.cut puts each value into a bin; right=False makes the bins [-inf, 0.7), [0.7, 0.9)
# and [0.9, inf), so a customer whose predecessors hold exactly 70% is in B
tier_by_hand = pd.cut(
    before_each, bins=[-np.inf, 0.7, 0.9, np.inf], right=False, labels=["A", "B", "C"]
)
buyer_tiers = tiers.abc_tiers(buyers)
# compare customer by customer (same order of rows); the mean of True/False is a share
agree = (tier_by_hand.astype(str) == buyer_tiers.loc[tier_by_hand.index].astype(str)).mean()
print(f"pandas and crmkit agree for {agree:.1%} of customers")

file_with_tier = file.merge(buyer_tiers, how="left", left_on="customer_id", right_index=True)
by_tier = customer_file.composition(
    file_with_tier[file_with_tier["orders"] > 0], "tier", value="revenue"
)
whole_yuan(by_tier, ["revenue", "revenue_per_customer"])

# %% [markdown]
# The two agree here because no two customers have exactly the same revenue at a cut.
# When customers *tie*, crmkit gives all of them the same, upper tier (pandas alone would
# split them by their arbitrary order); `help(tiers.abc_tiers)` explains the rule and the
# other edge cases.
#
# Categories are ordered, C < B < A, so the table lists C first. Tier A is 23% of the
# buyers and brings 70% of revenue; tier C, almost half of the buyers, brings 10%.
# `abc_tiers(buyers, by="customers")` cuts by the *number* of customers instead (default:
# top 20% = A, next 30% = B, the rest = C), which is the 80/20 question again.
#
# ### Screening is dynamic
#
# The textbook's **dynamic management principle (动态管理原则)** warns that a customer
# list goes stale: today's big buyer may be worth little next year, and a small account
# may grow into one the firm lives on. Section 3 already showed how much customers change.
# We rank the customers of 2024 and of 2025 separately and count how many moved from each
# tier to each other tier: the **migration matrix (迁移矩阵)**. Customers who bought in
# 2025 but not in 2024 form the row *new* (it includes the 126 who came back after a gap,
# so "new to the 2025 ranking" is the exact meaning); those who bought in 2024 but not in
# 2025 form the column *lost*.

# %%
per_customer = performance.set_index("customer_id")
revenue_2024 = per_customer.loc[per_customer["previous_revenue"] > 0, "previous_revenue"]
revenue_2025 = per_customer.loc[per_customer["revenue"] > 0, "revenue"]
tiers_2024 = tiers.abc_tiers(revenue_2024)
tiers_2025 = tiers.abc_tiers(revenue_2025)
migration = tiers.tier_migration(tiers_2024, tiers_2025)
migration

# %% [markdown]
# Read a row from left to right: of the 546 customers in tier A in 2024, 255 stayed in
# A, 101 fell to B, 61 to C and 129 bought nothing in 2025. Each row adds up to the number
# of customers in that 2024 tier. In shares of each row, as a **heat map (热力图)** (a
# grid whose colours show the size of each number):

# %%
shares = tiers.tier_migration(tiers_2024, tiers_2025, normalize=True)
tiers.plot_migration(shares)
plt.show()

# %% [markdown]
# Fewer than half of the 2024 A customers are still A in 2025 (255 of 546, 47%); about a
# quarter (129, 24%) bought nothing in 2025. Meanwhile 17% of the new buyers of 2025 (203
# of 1,175) went straight into tier A. A tier list drawn up once and never revised would
# be wrong within a year.
#
# ### Is "lost" really lost?
#
# A customer in the *lost* column did not buy in 2025. Has it left for good, or did it
# just have a quiet year? The firm cannot know; the simulation can. The `truth` table
# says whether each customer was still active at the end of 2025.

# %%
truth = crmkit.load_dataset("truth").set_index("customer_id")
# customers with a 2024 tier but none in 2025 (~ means "not")
lost = tiers_2024[~tiers_2024.index.isin(tiers_2025.index)]
check = pd.DataFrame({"tier_2024": lost, "truly_gone": ~truth.loc[lost.index, "alive_at_end"]})
check.groupby("tier_2024", observed=True)["truly_gone"].agg(["size", "mean"]).round(3)

# %% [markdown]
# `size` counts the lost customers of each 2024 tier and `mean` is the share of them
# who had truly gone (the mean of True/False values is the share of True). Among lost A
# customers nearly nine in ten (0.876) have really gone: a big buyer who stops for a
# whole year has usually left. Among lost C customers fewer than half (0.448) have: a small
# customer who buys once every two years looks lost in any single year. The migration
# matrix counts silence, not departures; chapter 6 estimates the chance that a silent
# customer is still a customer.

# %% [markdown]
# ## 7. Customer identification and target customers
#
# In 高山 (2023) the CRM process opens with **customer identification (客户识别)**:
# sorting everyone the firm deals with into **existing customers (现有客户)**, who trade
# with it already, and **potential customers (潜在客户)**, who need its goods but have not
# traded yet. Existing customers are either **direct customers (直接客户)** or **indirect
# customers (间接客户)**. The article's indirect customers are those who do not buy
# themselves but steer other buyers; Lanting's records cannot see influence, so here
# "indirect" means what the `status` column records: a customer who buys through a
# dealer. The firm then chooses its **target customers (目标客户)** in three groups:
# **important customers (重要客户)**, **core customers (核心客户)** and **problem
# customers (问题客户)**.
#
# The article names the groups but gives no formula for them. crmkit writes each class
# as a *rule*, a pandas condition on the customer file, in a small table you can read and
# replace. The first matching rule wins, and every match is recorded, so overlaps stay
# visible.
#
# ### Direct, indirect, potential

# %%
rules.default_customer_rules()[["label", "rule"]]

# %%
classes = rules.classify_customers(file)
whole_yuan(
    customer_file.composition(classes, "customer_class", value="revenue"),
    ["revenue", "revenue_per_customer"],
)

# %% [markdown]
# No customer is *unclassified*: every buyer is marked direct or indirect and every
# customer without orders is marked potential, so the records are consistent. Indirect
# customers are 22% of the customers and bring 25% of the revenue, about as much per
# head as direct ones (2,262 against 2,199 yuan); the dealers who serve them are worth
# looking after too. The 380 potential customers (9.5%) bring nothing yet: they are the
# pool that acquisition campaigns work on.
#
# ### Important, core and problem customers
#
# The default target rules read the article this way (change them to suit your firm):

# %%
target_rules = rules.default_target_rules()
target_rules[["label", "rule"]]

# %% [markdown]
# `tier` is the ABC tier of three-year revenue, `days_since_last` comes from the customer
# file and `complaints` from the contacts. In words: a *problem* customer has bought but
# either earned Lanting no margin at all or complained at least twice, whatever their
# size; a *core* customer is in tier A and bought in the last 180 days; an *important*
# customer is any other A or B customer. Problem comes first, so a tier-A customer who
# keeps complaining is flagged as a problem before being counted as core. Customers who
# match no rule are *other*.

# %%
targets = rules.classify_targets(file)
by_target = customer_file.composition(targets, "target", value=["revenue", "margin"])
whole_yuan(by_target, ["revenue", "margin", "revenue_per_customer", "margin_per_customer"])

# %% [markdown]
# One customer in seven is core (13%), and they bring almost half of the revenue (48%).
# Half of the customers are *other* (50%): small, or potential, and together under a
# tenth of revenue (9%).
#
# The rules only look at purchases and complaints. Do they pick out customers who differ
# in what the firm cannot see, their true satisfaction and loyalty? The truth table
# answers. Its satisfaction and loyalty are *latent* scores: hidden qualities the
# simulation gave each customer, which no record shows. They are measured in standard
# deviations, so 0 is the average customer and +0.7 is well above average.

# %%
with_truth = targets.merge(truth, left_on="customer_id", right_index=True)
with_truth.groupby("target", observed=True).agg(
    customers=("customer_id", "size"),
    true_satisfaction=("satisfaction", "mean"),
    true_loyalty=("loyalty_behavioural", "mean"),
    still_active=("alive_at_end", "mean"),
).round(3)

# %% [markdown]
# The rules work: core customers are the most satisfied (0.68) and loyal (0.67), and
# nearly nine in ten (0.884) are still active; problem customers are the least satisfied
# (-0.47). The *important* group
# includes many lapsed A and B customers (only about half still active), a group the
# retention team should call before they are gone for good.
#
# Rules are easy to change. A stricter core rule, say also "no complaints at all", moves
# some customers to *important*. `stricter.loc[row condition, "rule"] = ...` replaces the
# rule text in the row whose label is core:

# %%
stricter = target_rules.copy()
stricter.loc[stricter["label"] == "core", "rule"] = (
    "tier == 'A' and days_since_last <= 180 and complaints == 0"
)
rules.classify_targets(file, stricter)["target"].value_counts(sort=False)

# %% [markdown]
# Core shrinks from 533 to 393 customers and important grows from 1,167 to 1,307: 140 of
# the core customers had complained at least once. Which rule is right is a business
# choice, not a statistical one; the point is that the choice is written down and can be
# checked.

# %% [markdown]
# ## 8. Why customers leave
#
# **Retention management (保持客户管理)** closes the textbook's section on screening.
# Its tools are a customer database, care that keeps customers satisfied, and **customer
# complaints (客户投诉)** read as clues to why customers leave. Lanting records every
# complaint with a reason, and interviews customers who stopped buying (an **exit
# interview (流失客户访谈)**). `complaints.retention_view` puts the two side by side, for
# the customers who have bought:

# %%
exits = crmkit.load_dataset("exits")
view = complaints.retention_view(file[file["orders"] > 0], contacts, exits)
print(
    f"lost customers interviewed: {view['exits'].sum()}; had complained before leaving: "
    f"{view['exits_after_complaint'].sum()}; about their exit reason: "
    f"{view['exits_after_same_complaint'].sum()}"
)
view.round(3)

# %% [markdown]
# How to read it: `complaint_share` is each reason's share of all complaints and
# `resolved_rate` the share of those complaints the firm resolved. `exit_share` is the
# share of lost customers who named each reason, the share of **customer churn
# (客户流失)** attributable to it, as the customers tell it; `lost_share_of_customers`
# divides the same exits by all 3,620 buyers. Indifference, the feeling that the firm
# does not care, is the largest exit reason by far (41%), although quality is complained
# about slightly more often (23% of complaints against 22%), and indifference complaints
# are the least often resolved (55%). Quality, price and staff attitude are complained
# about often but cause fewer exits. Only 151 of the 766 interviewed customers had
# complained about anything before leaving, and just 44 about the reason they gave at
# the exit: four in five leave without a word, which is why complaints alone are a poor
# early warning.

# %%
compare = view.melt(
    id_vars="reason",
    value_vars=["complaint_share", "exit_share"],
    var_name="share of",
    value_name="share",
)
ax = sns.barplot(data=compare, y="reason", x="share", hue="share of")
ax.set_title("Complaints vs exits, by reason")
plt.show()

# %% [markdown]
# ### Against the truth
#
# Two things the firm cannot see. First, not every customer who left answered the
# interview. Second, the simulation drew the exit reasons from known shares.

# %%
truly_left = (~truth["alive_at_end"]).sum()
print(
    f"customers who truly left: {truly_left}, interviewed: {len(exits)} "
    f"({len(exits) / truly_left:.0%}; the simulation's rate is {params['exit_interview_rate']:.0%})"
)
told = view.set_index("reason")["exit_share"]
pd.DataFrame(
    {"observed_share": told, "base_share_truth": pd.Series(params["exit_reason_shares"])}
).round(3)

# %% [markdown]
# The observed shares are close to the shares the simulation started from; they differ a
# little because each customer's reason also depends on their own experience (a customer
# with little care is more likely to cite indifference). Indifference is about 40% of
# exits here. 韦亚洲 and 葛红梅 (2009) quote a much larger figure, two thirds of customers
# lost for lack of care; chapter 5 traces that claim.
#
# About a third of the customers who left were never interviewed. The simulation gives
# each leaver the same 60% chance of answering, yet 64% answered. Is that ordinary
# chance? The exact binomial test asks how often a share at least this far from 60%
# would occur if each of the leavers answered with probability 0.6:

# %%
from scipy.stats import binomtest

rate = params["exit_interview_rate"]
answered = binomtest(len(exits), int(truly_left), rate)
print(
    f"answered: {len(exits)} of {truly_left}; expected at {rate:.0%}: {rate * truly_left:.0f}; "
    f"two-sided binomial p = {answered.pvalue:.4f}"
)

# %% [markdown]
# 766 answered where about 719 were expected, and a gap that large turns up in only
# about 6 of 1,000 worlds (p ≈ 0.006). Here we know it is chance, because the data
# card says every leaver answers with the same 60%; but it is an unusual draw, not
# the everyday noise the phrase "what chance produced" suggests. With real data you
# would not know the rate, and a p of 0.006 would be good grounds to doubt a claimed
# 60%. If those who answer differ from those who do not, the reasons above are biased,
# and the firm has no way to check that from its own records.

# %% [markdown]
# ## 9. Customer share (客户占有率) and customer development
#
# The management digest of ZTE (中兴通讯 总裁办综合管理部, 2003, 综合管理文摘 第四期,
# “以客户为中心”经营理念的深层次诠释) puts one number at the centre of customer-centred
# management: the firm should raise its **customer share (客户占有率)** and hold it high.
# Market share is a firm's part of all the sales in a market; customer share is its part
# of *one customer's* spending on the goods it sells. The digest gives no formula. The
# usual one, known in English as **share of wallet**, is
#
# > customer share = the firm's revenue from the customer in a year / the customer's
# > spending on the category in that year, at all suppliers together
#
# and the denominator is the customer's *wallet* (钱包) for the category. (Do not mix it
# up with the `share_of_customers` column of the composition tables above, a group's
# part of the *customers*; in crmkit's tables customer share is the column
# `share_of_wallet`.)
#
# Lanting knows the numerator from its own records. The denominator is in none of its
# tables: what a customer spends at competitors has to be asked. In January 2026 Lanting
# asked 999 customers, drawn at random from those who had ordered in 2025, one question:
# how much did you spend on office and household supplies in 2025, at all suppliers
# together? The answers are the `wallet` table (`crmkit.describe_dataset("wallet")`;
# the data card says how the world draws them).
#
# ### Customer share by hand and with crmkit

# %%
wallet_survey = crmkit.load_dataset("wallet")
# Lanting's net revenue from each customer in 2025
in_2025 = transactions[transactions["order_date"].dt.year == 2025]
revenue_2025 = in_2025.groupby("customer_id")["revenue"].sum()
by_hand_share = wallet_survey.assign(
    revenue=wallet_survey["customer_id"].map(revenue_2025).fillna(0.0)
)
by_hand_share["share_of_wallet"] = by_hand_share["revenue"] / by_hand_share["category_spending"]
print(
    f"{len(by_hand_share)} answers; shares above 1: "
    f"{(by_hand_share['share_of_wallet'] > 1).sum()}"
)
by_hand_share[["customer_id", "category_spending", "revenue", "share_of_wallet"]].head().round(3)

# %% [markdown]
# Read the first row: customer 3 says they spent 230 yuan on office and household
# supplies in 2025, and Lanting sold them 66.80 yuan of it, a share of 0.290. For 42 of
# the 999 customers the share comes out above 1, which is impossible: they stated *less*
# than Lanting alone sold them. Their answers are guesses (asked in January, people round
# and forget), and for a customer who buys nearly everything at Lanting even a small
# guess on the low side pushes the share above 1. Dropping them would remove the most
# loyal customers and pull the average down. `wallet.customer_share` keeps them, sets
# their share to 1 and flags them in the column `above_stated`, so they are counted, not
# hidden:

# %%
shares = wallet.customer_share(transactions, wallet_survey)
# crmkit caps the share at 1 and flags the answer instead of dropping it
assert np.allclose(shares["share_of_wallet"], by_hand_share["share_of_wallet"].clip(upper=1))
print(f"answers below Lanting's own revenue (above_stated): {shares['above_stated'].sum()}")
shares["share_of_wallet"].describe().round(3)

# %%
ax = sns.histplot(shares["share_of_wallet"], bins=20)
ax.set_xlabel("customer share in 2025 (share_of_wallet)")
ax.set_title("Customer share of the 999 surveyed customers")
plt.show()

# %% [markdown]
# The shares spread over the whole range. The median surveyed customer buys 41% of their
# office and household supplies at Lanting; a quarter buy less than 25% there, a quarter
# more than 61%. The tall bar at 1 holds the 42 capped answers. Two customers have a
# share of 0: they ordered in 2025 and sent everything back.
#
# ### Against the truth
#
# The survey is a sample: 999 of the 2,498 customers who ordered in 2025. What does it
# say about all of them, and how sure is it? `wallet.share_intervals` gives three
# summaries with bootstrap intervals: the average customer's share (`mean_share`), the
# share of all these customers' category spending that Lanting gets (`pooled_share`,
# total revenue / total spending, in which big wallets weigh more), and the spending
# that went to competitors per customer (`elsewhere_per_customer`, yuan). The truth
# table holds every customer's true 2025 spending, so we can compute the same three
# numbers for all 2,498 customers who ordered in 2025:

# %%
estimate = wallet.share_intervals(shares, n_boot=2000, seed=2026)
true_spending = truth.loc[revenue_2025.index, "category_spending_2025"]
estimate["truth_all_2025_buyers"] = [
    (revenue_2025 / true_spending).mean(),
    revenue_2025.sum() / true_spending.sum(),
    (true_spending - revenue_2025).mean(),
]
estimate.round(3)

# %% [markdown]
# The average surveyed customer gives Lanting 44.6% of their spending (95% interval
# 43.0% to 46.2%); over all 2,498 customers who ordered in 2025 the truth is 45.1%,
# inside the interval. The pooled share is lower, 37.5% (35.1% to 40.2%; truth 38.7%):
# customers with big wallets give Lanting a smaller part of them, so Lanting's share of
# the money is below its share of the average customer. And each customer spends about
# 2,375 yuan a year at competitors (2,121 to 2,652; truth 2,446), more than the 1,415
# yuan the surveyed customers spent at Lanting on average. All three intervals catch the
# truth. They measure one error only, that of asking 999 customers instead of all of
# them. Because the survey reached 40% of these customers, each at most once, the
# intervals are somewhat wider than they need be: the bootstrap has no finite-population
# correction, which would narrow them by about a fifth. The answers carry an error of
# their own (the data card: a typical answer is off by about a quarter, as often up as
# down), which largely averages out over many customers.
#
# ### Share and value
#
# Revenue is share times wallet. A customer can be small for Lanting for two different
# reasons: a small wallet, or a big wallet of which Lanting gets little. Rank
# correlations between the three columns show how the two mix:

# %%
shares[["revenue", "category_spending", "share_of_wallet"]].corr(method="spearman").round(2)

# %% [markdown]
# Revenue goes with the wallet (rank correlation 0.76) much more than with the share
# (0.35), and share and wallet go in opposite directions (-0.28): the more a customer
# spends on the category, the smaller the part Lanting tends to get. In this world that
# follows partly from how the wallet is built (see the data card), and partly from the
# calculation: the same noisy answer is the wallet and the share's denominator, so an
# answer that is too high makes the wallet bigger and the share smaller. In real data
# the sign is a question for the data. So two customers with the same revenue can be
# very different prospects. The digest wants the results of decisions about customers
# judged by a customer value analysis (客户价值分析); one that looks at both share and
# wallet is one way to apply it. `wallet.development_matrix` cuts the stated wallet at
# its median and the share at 50%:
#
# - *develop*: a big wallet with a low share, most of it spent elsewhere;
# - *keep*: a big wallet, mostly spent at Lanting, to be defended;
# - *maintain*: a small wallet, mostly spent at Lanting, little more to win;
# - *low priority*: a small wallet, mostly spent elsewhere.

# %%
grouped = wallet.development_matrix(shares, share_cut=0.5)
print(f"big wallet: stated 2025 spending of at least {grouped.attrs['wallet_cut']:,.0f} yuan")
by_group = customer_file.composition(
    grouped, "development", value=["revenue", "spending_elsewhere"]
)
whole_yuan(
    by_group,
    ["revenue", "revenue_per_customer", "spending_elsewhere", "spending_elsewhere_per_customer"],
).round(3)

# %%
wallet.plot_share_wallet(shares, share_cut=0.5)
plt.show()

# %%
smaller_half = grouped["revenue"] < grouped["revenue"].median()
pd.crosstab(
    smaller_half.map({True: "smaller half", False: "larger half"}),
    grouped["development"],
    rownames=["2025 revenue"],
)

# %% [markdown]
# The *develop* group is a third of the surveyed customers (345). It brings 41% of their
# 2025 revenue, about as much as *keep*, and it holds 77% of all the money they spend at
# competitors, 5,305 yuan a customer: that is Lanting's room to grow. The cross-table
# shows why revenue alone misses it: 111 develop customers are in the *smaller* half by
# 2025 revenue. An ABC list by revenue (section 6) would file many of them with the small
# customers, although their wallets are above the median.
#
# ### Customer development: whom to call
#
# Chapter 1 introduced the digest's **customer development strategy (客户发展战略)**:
# the guiding idea that the firm's long-term decisions about customers follow. The
# digest wants those decisions drawn from knowledge of customers, and the *develop*
# group is where this knowledge points. Suppose Lanting's sales team plans to call
# them. The case for the programme rests on how much these customers spend elsewhere,
# so that figure needs an interval, and the simulation can put the truth beside it:

# %%
develop = grouped[grouped["development"] == "develop"]
develop_estimate = wallet.share_intervals(develop, n_boot=2000, seed=2026)
develop_spending = truth.loc[develop["customer_id"], "category_spending_2025"].to_numpy()
develop_estimate["truth_same_customers"] = [
    (develop["revenue"] / develop_spending).mean(),
    develop["revenue"].sum() / develop_spending.sum(),
    (develop_spending - develop["revenue"]).mean(),
]
develop_estimate.round(3)

# %%
# the same cuts applied to the true 2025 spending and the true share
true_table = pd.DataFrame(
    {
        "category_spending": truth.loc[shares["customer_id"], "category_spending_2025"].to_numpy(),
        "share_of_wallet": shares["revenue"].to_numpy()
        / truth.loc[shares["customer_id"], "category_spending_2025"].to_numpy(),
    }
)
true_groups = wallet.development_matrix(
    true_table, share_cut=0.5, wallet_cut=grouped.attrs["wallet_cut"]
)
pd.crosstab(
    grouped["development"],
    true_groups["development"],
    rownames=["from the answers"],
    colnames=["from the truth"],
)

# %% [markdown]
# The survey says each develop customer spends 5,305 yuan a year elsewhere (95% interval
# 4,705 to 5,974). The truth for the same 345 customers is 4,726 yuan, inside the
# interval but near its lower end, and their true shares (0.287 mean, 0.262 pooled) lie
# above their intervals (0.239 to 0.268 and 0.221 to 0.260). The intervals are not
# wrong; they answer another question. They cover the luck of drawing these 999
# customers, not the way the group was chosen: a customer entered *develop* because the
# stated wallet was big, and an answer that was too high passes that cut more easily
# than one that was too low. Choosing customers by a noisy figure chooses its errors
# too, the regression to the mean that also thinned tier A between 2024 and 2025
# (section 6). The grouping itself holds up: 288 of the 345 customers (83%) the answers
# put in *develop* belong there by the truth as well.
#
# For the decision: expect a prize smaller than the survey suggests (here by about a
# tenth; a real firm cannot see by how much), and measure it on the customers called,
# against a random half of the group left uncalled (a test like chapter 3's mailing),
# before rolling it out. In this simulated firm, share and wallet together pick out
# customers that revenue alone misses; whether a real firm's survey does the same is a
# question for its own data. The digest supplies the aim (raise customer share), not
# this method.

# %% [markdown]
# ## Pitfalls
#
# - *Dropping customers without orders.* An inner join of customers and orders loses
#   the potential customers, and every share becomes a share of buyers only. Say which
#   you mean.
# - *Gross vs net revenue.* Use revenue net of returns for value; a customer who returns
#   half of what they buy is not a large customer.
# - *Margin at list price.* The margin on the price list overstates what discounts leave;
#   compute the margin rate from prices actually paid.
# - *Turnover without a period.* A turnover over three years is three times a turnover
#   over one year. State the period, annualise, and say whether stock is valued at cost
#   or at retail.
# - *Taking 80/20 on trust.* Measure the concentration, with an interval. Here it is
#   about 66/20.
# - *Tiers from one year.* One year's revenue is noisy; a customer in C this year may be
#   in A next year. Revise tiers regularly, and prefer longer windows or predicted value
#   (chapter 6) for decisions that last.
# - *Reading "lost" as "churned".* A customer with no order this year may simply be
#   slow. Big customers who go silent have usually left; small ones often have not.
# - *Trusting stated exit reasons.* Only some lost customers answer, and what they say
#   is not always why they left.
# - *Reading growth rates on small bases.* A customer who went from 50 to 500 yuan "grew
#   900%"; one who went from 20,000 to 25,000 grew 25% but added far more. Look at the
#   change in yuan (`revenue_change`) beside the growth rate, and remember that growth
#   from zero is undefined.
# - *Labels that hide a mix.* "Not in last year's list" is not the same as "new": at
#   Lanting 126 of the 1,175 customers who bought in 2025 but not in 2024 had already
#   bought in 2023. Check what a label really counts.
# - *Customer share vs share of customers.* Customer share (客户占有率) is the firm's part
#   of one customer's spending on the category; the `share_of_customers` column of a
#   composition table is a group's part of the customers. Name your columns so that
#   nobody mixes them up.
# - *Choosing by a noisy figure.* Customers picked because their stated wallet is big
#   stated, on average, too much; here the develop group's spending elsewhere was
#   overstated by about a tenth, and their true shares lay above the bootstrap intervals.
#   Check the prize on new data or a test before budgeting on it.
# - *Taking p < 0.05 as a real difference.* Revenue per customer by region passed a
#   test at the 5% level in a world where region changes nothing. Test the splits you
#   planned, and confirm a surprise on data that did not suggest it.
# - *Ratios to a small base.* The cross ratio divides by stock, so a rarely stocked
#   product looks excellent; a category's margin rate hides the products that lose money.
#   Look at the sizes behind a ratio before acting on it.
#
# ## Summary
#
# - The **customer file (客户档案)** joins the customer table to the orders: one row per
#   customer, with first and last purchase, orders, revenue, margin, tenure and recency.
#   Keep customers without orders.
# - **Composition analysis (构成分析)** compares each group's share of customers with its
#   share of revenue: at Lanting, businesses are a quarter of customers and over half of
#   revenue, and the sales team, which recruits mostly businesses, brings a third of it.
#   By region, East is the largest (30% of customers and of revenue); revenue per
#   customer ranges from 1,783 to 2,182 yuan with intervals of about ±250 yuan (wider
#   for the small West), and a Kruskal-Wallis p of 0.022 is a false alarm in a world
#   where region changes nothing (one replica firm in five also gives p < 0.05).
# - **Trading performance (交易业绩)** compares each customer's year with the previous
#   one: among customers who bought in both 2024 and 2025, half changed their revenue by
#   63% or more, so one year is a noisy picture of a customer.
# - The **cross ratio (交叉比率)** = gross-margin rate x turnover rewards goods that earn a
#   margin *and* sell fast; the **contribution ratio (贡献比率)** weights it by share of
#   sales. Equipment sells most but contributes least. Margins computed from prices
#   actually paid are up to five points below list-price margins, because of discounts
#   (given on 45% of business order lines).
# - Lanting's top 20% of buyers bring about 66% of revenue (95% bootstrap interval 64.7%
#   to 67.5%), Gini about 0.62: concentrated, but not 80/20. Five replica firms built by
#   the simulation all fall inside the interval; about 83 per cent of replicas are
#   expected inside, not 95, because the interval is centred on Lanting's own estimate.
# - **ABC analysis (ABC分类法)** cuts the ranking at 70% and 90% of revenue; the
#   **migration matrix (迁移矩阵)** shows customers moving between tiers (fewer than half
#   of 2024's A customers were still A in 2025), and the truth shows that *lost* mixes
#   departures with quiet years.
# - Customer classes and target customers can be written as rules, checked against data,
#   and changed; at Lanting core customers are truly the most loyal.
# - Indifference is the most common exit reason (about 40%, as in the simulation's
#   truth), and four in five lost customers leave without complaining first. A third of
#   those who left were never interviewed, so stated reasons are a sample, not a census.
# - **Customer share (客户占有率)** = revenue from a customer / the customer's spending on
#   the category at all suppliers, which has to be asked. The average surveyed customer
#   gives Lanting 44.6% of it (95% interval 43.0% to 46.2%; truth 45.1%). Revenue is
#   share times wallet: the *develop* group (big wallet, share below 50%) is a third of
#   the customers and holds 77% of the spending elsewhere, and a third of them look
#   small by revenue. Their spending elsewhere, 5,305 yuan a customer by the survey, is
#   4,726 by the truth: a group chosen by noisy answers inherits their errors.
#
# ## Further reading
#
# The texts this chapter draws on (in Chinese):
#
# - 第八章 客户关系管理 (a sales-management textbook chapter; author and year not given),
#   section 2: customer analysis and screening, and retention management.
# - 韦亚洲、葛红梅 (2009). 论客户资源与企业的市场营销. *商场现代化*, 2009(32). The 20/80
#   rule and key accounts.
# - 高山 (2023). 企业市场营销中客户关系管理分析. Customer identification and target
#   customers.
# - 中兴通讯 总裁办综合管理部 (2003). 综合管理文摘 第四期: “以客户为中心”经营理念的深层次
#   诠释. Customer share as the aim of customer-centred management, customer value
#   analysis, the customer development strategy.
#
# On the methods:
#
# - Lorenz, M. O. (1905). Methods of measuring the concentration of wealth. *Publications
#   of the American Statistical Association*, 9(70), 209-219.
# - Gini, C. (1912). *Variabilità e mutabilità*. Bologna: Tipografia di Paolo Cuppini.
# - Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. New York:
#   Chapman & Hall.
# - Du, R. Y., Kamakura, W. A. & Mela, C. F. (2007). Size and share of customer wallet.
#   *Journal of Marketing*, 71(2), 94-113.
# - Kruskal, W. H. & Wallis, W. A. (1952). Use of ranks in one-criterion variance
#   analysis. *Journal of the American Statistical Association*, 47(260), 583-621.
# - Koch, R. (1998). *The 80/20 Principle*. London: Nicholas Brealey.
# - Levy, M. & Weitz, B. A. *Retailing Management* (any recent edition), the chapters on
#   merchandise planning: gross margin return on inventory, the retail form of the cross
#   ratio.

# %% [markdown]
# ## Self-check
#
# Choose an answer for each question and press *Check*. The feedback explains why each
# option is right or wrong. (If you see only a line of text below, run the notebook in
# Jupyter.)

# %%
questions = [
    Question(
        prompt="Why does the customer file keep customers who never ordered?",
        options=[
            "So that shares of customers are shares of all customers, potential ones included",
            "Because pandas cannot drop rows",
            "Because their revenue is unknown",
        ],
        answer="So that shares of customers are shares of all customers, potential ones included",
        explanations=[
            "Right: dropping them would quietly turn every share into a share of buyers only.",
            "pandas drops rows easily, for example with an inner join; that is the danger.",
            "Their revenue is known: it is zero.",
        ],
    ),
    Question(
        prompt=(
            "Product X: gross-margin rate 0.40, turnover 2 a year. Product Y: margin rate "
            "0.20, turnover 6 a year. Which has the higher cross ratio?"
        ),
        options=["X", "Y", "They are equal"],
        answer="Y",
        explanations=[
            "X: 0.40 x 2 = 0.8. Its better margin does not make up for slow sales.",
            "Correct: 0.20 x 6 = 1.2 against 0.40 x 2 = 0.8.",
            "Multiply margin rate by turnover for each: 0.8 and 1.2.",
        ],
    ),
    Question(
        prompt="Lanting's Gini coefficient of buyer revenue is about 0.62. What does it mean?",
        options=[
            "62% of revenue comes from the top 20% of customers",
            "Revenue is fairly concentrated; 0 would mean every customer buys the same",
            "62% of customers are in tier A",
        ],
        answer="Revenue is fairly concentrated; 0 would mean every customer buys the same",
        explanations=[
            "That is the top-20% share (about 66% here), a different measure.",
            "Right: the Gini coefficient runs from 0 (equal) towards 1 (one customer has it all).",
            "Tier A is about a quarter of buyers; the Gini coefficient is not a share of customers.",
        ],
    ),
    Question(
        prompt=(
            "In the 2024 to 2025 migration matrix, a 2024 tier-C customer is in the 'lost' "
            "column. What do we know?"
        ),
        options=[
            "It has left the firm for good",
            "It did not buy in 2025; it may have left or may just be slow",
            "It complained in 2024",
        ],
        answer="It did not buy in 2025; it may have left or may just be slow",
        explanations=[
            "The truth table shows that fewer than half of lost C customers had really left.",
            "Correct: the matrix records silence, not departure.",
            "The migration matrix uses revenue only.",
        ],
    ),
    Question(
        prompt=("Two customers tie exactly at the 70% cut of an ABC ranking. What does crmkit do?"),
        options=[
            "Puts both in the upper tier",
            "Puts one in A and one in B at random",
            "Drops both",
        ],
        answer="Puts both in the upper tier",
        explanations=[
            "Right: equal customers get equal tiers, the tier of the first of them.",
            "Splitting equal customers by an arbitrary order would treat identical customers differently.",
            "Nothing is dropped silently in crmkit.",
        ],
    ),
    Question(
        prompt="Which exit reason accounts for the largest share of Lanting's lost customers?",
        options=["Quality", "Price", "Indifference (lack of care)", "Moved away"],
        answer="Indifference (lack of care)",
        explanations=[
            "Quality is a frequent complaint but a smaller share of exits.",
            "Price is second among exit reasons.",
            "Correct: about 40% of interviewed customers who left cite indifference.",
            "Moving away is the rarest reason.",
        ],
    ),
    Question(
        prompt=(
            "Customer share (客户占有率): customer P buys 2,000 yuan a year from Lanting and "
            "spends 10,000 on the category in all; customer Q buys 3,000 and spends 3,500. "
            "Which one is the development opportunity?"
        ),
        options=[
            "P: a share of 20%, with 8,000 yuan spent at competitors",
            "Q: the larger customer, with a share of 86%",
            "Neither: revenue decides which customer matters",
        ],
        answer="P: a share of 20%, with 8,000 yuan spent at competitors",
        explanations=[
            "Right: revenue = share x wallet. P is smaller today but has the bigger wallet, "
            "most of it spent elsewhere.",
            "Q is the larger customer, but only 500 yuan of its spending goes elsewhere: "
            "keep it, there is little more to win.",
            "Revenue alone cannot tell a small wallet from a big wallet with a small share.",
        ],
    ),
]
quiz(questions, title="Chapter 2 self-check")

# %% [markdown]
# ## Practise
#
# The self-check above tests your reading. To practise the calculations on data of your
# own, open
# [`exercises/02_customer_analysis.ipynb`](../exercises/02_customer_analysis.ipynb) (9
# questions): with your student id left empty, it tells you at once whether each answer
# is right. Then go on to chapter 3, RFM analysis.
