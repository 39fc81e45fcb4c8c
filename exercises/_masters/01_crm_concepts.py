# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercises 01: CRM concepts and the four customer measures (客户关系管理概念)
#
# These exercises go with chapter 1. Four questions check the ideas of the chapter:
# Kotler's marketing concepts, what customers say and what they do, care tiers and the
# 80/20 rule. Six questions compute, on your own copy of the Lanting Trading Co.
# (兰亭商贸) data, the four measures of section 11 of the chapter (satisfaction, loyalty
# intention, retention, contribution by care tier) and two claims the sources quote that
# later chapters analyse in depth: exit reasons (chapter 5, section 5) and the revenue
# share of the top buyers (chapter 2, section 5). The questions go from easy to hard.
#
# ## How this notebook works
#
# 1. **Practise first.** Leave `STUDENT_ID = ""` empty: the notebook then works on
#    the shared practice data. Run the cells from top to bottom; in every answer
#    cell, replace each `...` with your code (or, in a multiple-choice question, with
#    one letter in quotes, such as `"a"`) and run it. Do not round your answers: the
#    checks compare them with the exact value.
# 2. Run the `grader.check("q1")` cell under each question. For a computation on the
#    practice data it tells you at once whether your answer is right, and when it is
#    not, what is wrong in words (type, labels, range, or what the slip probably was).
#    For a multiple-choice question it checks only that you gave one of the letters:
#    the choice itself is graded by your instructor's hidden test, whose feedback
#    explains why each wrong option is wrong (chapter 1's self-check quiz lets you
#    practise such questions with immediate feedback).
# 3. **Then your own data.** When your answers pass, type your student id between the
#    quotes, e.g. `STUDENT_ID = "2025123456"`, and run all cells again (Kernel >
#    Restart Kernel and Run All Cells). Your code now computes your answers on tables
#    generated from your id, different from your classmates' tables, so copying an
#    answer does not help. On your own data `grader.check` checks the form of each
#    answer; your instructor's hidden tests recompute the values from your data when
#    they grade.
# 4. Keep the file name `01_crm_concepts.ipynb` (the checks are stored in it), save,
#    and hand in the notebook as your instructor asks.

# %%
STUDENT_ID = ""

# %% [markdown]
# The next cell loads the four tables of the world generated from your id that the
# questions use (the first run takes a second or two). `crmkit.describe_dataset("survey")`
# explains every column of a table.

# %%
import numpy as np  # noqa: F401 (for your answers)
import pandas as pd  # noqa: F401 (for your answers)

import crmkit
from crmkit.exercises import load

rng = crmkit.setup_notebook()
customers = load("customers", STUDENT_ID)
transactions = load("transactions", STUDENT_ID)
survey = load("survey", STUDENT_ID)
exits = load("exits", STUDENT_ID)
survey.head()

# %% [raw]
# # CHOICE QUESTION
# name: q1
# points: 1
# reread: section 2
# prompt: |
#   Section 2 of the chapter lists Kotler's marketing concepts. Which of them puts the
#   customer's needs first: the firm starts by finding out what its target customers need,
#   and then serves those needs?
# choices:
#   a: >-
#     the production concept (生产观念)
#   b: >-
#     the product concept (产品观念)
#   c: >-
#     the selling concept (推销观念)
#   d: >-
#     the marketing concept (市场营销观念)
# answer: d
# why:
#   a: >-
#     the production concept believes customers want goods that are cheap and easy to
#     find, so the firm works on efficient production and wide distribution. It starts
#     from the factory, not from what customers need.
#   b: >-
#     the product concept trusts that the best product sells itself, so the firm
#     improves quality and features as it sees fit, without first asking what
#     customers need.
#   c: >-
#     the selling concept believes customers buy only when pushed, so the firm
#     advertises and sells hard what it has already made. It pushes products instead
#     of starting from needs.
#   d: >-
#     the marketing concept starts from the target customers' needs and organises the
#     firm to serve them better than its competitors do.

# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 1
# all_or_nothing: true

# %% [markdown]
# ### Question 2
#
# **Customer satisfaction (客户满意度).** As in section 11.1 of the chapter, a respondent's
# satisfaction score is the mean of their three answers `satisfaction_1`,
# `satisfaction_2` and `satisfaction_3` in the `survey` table (7-point Likert items,
# 1 = strongly disagree, 7 = strongly agree). What is the mean of this score over all the
# respondents in `survey`? Store it in `mean_satisfaction`, a number on the 1-7 scale
# (do not round it). Do not use `overall_satisfaction`, which is a different question on
# a 1-10 scale.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: each respondent's score, the mean of their three satisfaction items
satisfaction_items = ["satisfaction_1", "satisfaction_2", "satisfaction_3"]  # SOLUTION NO PROMPT
score = survey[satisfaction_items].mean(axis=1)  # SOLUTION NO PROMPT
# Step 2: the mean over all respondents
mean_satisfaction = float(score.mean())  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q2_form(mean_satisfaction):
    from crmkit.exercises import check_number

    check_number(
        mean_satisfaction,
        "mean_satisfaction",
        minimum=1,
        maximum=7,
        what="the mean satisfaction score on the 1-7 scale",
    )


# %%
# HIDDEN
def test_q2_value(mean_satisfaction, STUDENT_ID):
    from crmkit.exercises import check_close, data_slip, load

    survey = load("survey", STUDENT_ID)
    items = survey[["satisfaction_1", "satisfaction_2", "satisfaction_3"]]
    check_close(
        mean_satisfaction,
        float(items.mean(axis=1).mean()),
        "mean_satisfaction",
        what="the mean satisfaction score on the 1-7 scale",
        hints=[
            (
                float(survey["overall_satisfaction"].mean()),
                "that is the mean of `overall_satisfaction` (a 1-10 question); the score is "
                "the mean of the three items `satisfaction_1` to `satisfaction_3`.",
            ),
            (
                float(survey["satisfaction_1"].mean()),
                "that is the mean of `satisfaction_1` alone; a respondent's score is the "
                "mean of all three satisfaction items.",
            ),
            (
                float(items.sum(axis=1).mean()),
                "you added up the three items; a respondent's score is their mean.",
            ),
            (
                float(items.mean(axis=1).median()),
                "that is the median score; the question asks for the mean.",
            ),
            *[
                data_slip(
                    round(float(items.mean(axis=1).mean()), digits),
                    "you rounded your answer (or each respondent's score); do not round.",
                )
                for digits in (1, 2, 3, 4)
            ],
            (
                float(items.mean(axis=1).round().mean()),
                "you rounded each respondent's score before averaging; do not round.",
            ),
            (
                float(
                    survey[["satisfaction_1", "satisfaction_2", "satisfaction_3"]]
                    .join(survey["overall_satisfaction"])
                    .mean(axis=1)
                    .mean()
                ),
                "you included `overall_satisfaction` (for example with "
                "`filter(like=\"satisfaction\")`); use only `satisfaction_1` to "
                "`satisfaction_3`.",
            ),
        ],
    )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # CHOICE QUESTION
# name: q3
# points: 1
# reread: section 11
# prompt: |
#   The chapter insists that what customers *say* and what they *do* are different things.
#   Which of these numbers measures what Lanting's customers **do**?
# choices:
#   a: >-
#     the mean of the survey items `behavioural_1` to `behavioural_3`
#   b: >-
#     the net promoter score (净推荐值), computed from the survey question `recommend`
#   c: >-
#     the retention rate (客户保留率) from 2024 to 2025, computed from the purchase log
#   d: >-
#     the mean satisfaction score of Question 2
# answer: c
# why:
#   a: >-
#     despite their column names, the `behavioural_` items are survey statements such
#     as 'I will keep buying from Lanting': they record loyalty intention (忠诚意愿), what
#     the customer says, not behavioural loyalty (行为忠诚).
#   b: >-
#     the net promoter score comes from a survey answer (how likely are you to
#     recommend Lanting?), so it records what customers say, not what they do.
#   c: >-
#     the retention rate is computed from the purchase log: whether the customers who
#     bought in 2024 bought again in 2025 is something they did, not something they
#     said.
#   d: >-
#     satisfaction is a feeling, measured by asking; the satisfaction items are survey
#     answers, not actions.

# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 1
# all_or_nothing: true

# %% [markdown]
# ### Question 4
#
# **Loyalty intention (忠诚意愿).** As in section 11.2 of the chapter, a respondent's
# stated intention is the mean of their three answers `behavioural_1`, `behavioural_2`
# and `behavioural_3` in `survey` (1-7). The chapter calls an intention *high* when it is
# above 5. What share of all the respondents in `survey` have a high intention, that is,
# an intention score **strictly greater than 5** (a score of exactly 5 is not high)?
# Store it in `share_high_intention` as a fraction between 0 and 1 (for example 0.25,
# not 25%), without rounding it.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: each respondent's intention score
intention_items = ["behavioural_1", "behavioural_2", "behavioural_3"]  # SOLUTION NO PROMPT
intention = survey[intention_items].mean(axis=1)  # SOLUTION NO PROMPT
# Step 2: the share of respondents whose score is above 5
share_high_intention = float((intention > 5).mean())  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q4_form(share_high_intention):
    from crmkit.exercises import check_number

    check_number(
        share_high_intention,
        "share_high_intention",
        kind="share",
        what="the share of respondents with a high loyalty intention",
    )


# %%
# HIDDEN
def test_q4_value(share_high_intention, STUDENT_ID):
    from crmkit.exercises import check_close, data_slip, load

    survey = load("survey", STUDENT_ID)
    intention = survey[["behavioural_1", "behavioural_2", "behavioural_3"]].mean(axis=1)
    satisfaction = survey[["satisfaction_1", "satisfaction_2", "satisfaction_3"]].mean(axis=1)
    check_close(
        share_high_intention,
        float((intention > 5).mean()),
        "share_high_intention",
        what="the share of respondents with a high loyalty intention",
        hints=[
            (
                float((intention >= 5).mean()),
                "you counted a score of exactly 5 as high; only scores strictly greater "
                "than 5 are high.",
            ),
            (
                float((satisfaction > 5).mean()),
                "you used the satisfaction items; loyalty intention is the mean of "
                "`behavioural_1` to `behavioural_3`.",
            ),
            (
                float((survey["recommend"] >= 9).mean()),
                "that is the share of promoters (`recommend` 9 or 10); the question asks "
                "about the intention items `behavioural_1` to `behavioural_3`.",
            ),
            (
                float((survey["behavioural_1"] > 5).mean()),
                "you used `behavioural_1` alone; the intention score is the mean of all "
                "three items.",
            ),
            (
                float(
                    (survey[["behavioural_1", "behavioural_2", "behavioural_3"]] > 5)
                    .all(axis=1)
                    .mean()
                ),
                "you asked for every one of the three items to be above 5; the intention "
                "score is the mean of the three items, and that mean must be above 5.",
            ),
            *[
                data_slip(
                    round(float((intention > 5).mean()), digits),
                    "you rounded your answer; store it unrounded (the check compares many "
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
# name: q5
# points: 1
# all_or_nothing: true

# %% [markdown]
# ### Question 5
#
# Chapter 5 (section 5) tests a claim the sources quote (chapter 1, section 12, lists it):
# two thirds of customers leave a supplier for lack of care, so "indifference" should be
# about two thirds of the reasons lost customers give. The `exits` table holds one row per customer who left and answered
# Lanting's exit interview, with the reason in `exit_reason`. Compute the share of the
# exit interviews that gave each reason. Store the result in `exit_reason_share`: a pandas
# Series with one entry for **each of the six reasons** (`quality`, `price`, `delivery`,
# `staff_attitude`, `indifference`, `moved`) as its index, even a reason that nobody gave
# (share 0), holding fractions between 0 and 1 that add up to 1, unrounded.

# %% [raw]
# # BEGIN SOLUTION

# %%
exit_reason_share = exits["exit_reason"].value_counts(normalize=True)  # SOLUTION
exit_reason_share

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q5_form(exit_reason_share):
    from crmkit.exercises import check_series

    check_series(
        exit_reason_share,
        "exit_reason_share",
        labels=["quality", "price", "delivery", "staff_attitude", "indifference", "moved"],
        label_kind="exit reason",
        values="nonnegative",
        what="the share of exit interviews per reason",
    )
    if exit_reason_share.max() > 1:
        raise AssertionError(
            "`exit_reason_share` (the share of exit interviews per reason) holds values "
            "above 1. Give each reason's share as a fraction between 0 and 1, not a count "
            "or a percent."
        )


# %%
# HIDDEN
def test_q5_value(exit_reason_share, STUDENT_ID):
    from crmkit.exercises import check_series_close, data_slip, load

    reasons = load("exits", STUDENT_ID)["exit_reason"]
    counts = reasons.value_counts()
    check_series_close(
        exit_reason_share,
        counts / counts.sum(),
        "exit_reason_share",
        label_kind="exit reason",
        what="the share of exit interviews per reason",
        hints=[
            (counts, "those are counts; divide by the number of exit interviews."),
            (
                100 * counts / counts.sum(),
                "those are percents; give fractions between 0 and 1.",
            ),
            *[
                data_slip(
                    (counts / counts.sum()).round(digits),
                    "you rounded the shares; store them unrounded (the check compares many "
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
# # CHOICE QUESTION
# name: q6
# points: 1
# reread: section 8
# prompt: |
#   Lanting rations **customer care (客户关怀)** in care tiers (关怀等级): ordinary, silver and
#   gold (column `care_tier` of `customers`). According to the chapter (section 8), what
#   does Lanting assign a customer's care tier from?
# choices:
#   a: >-
#     the customer's true loyalty
#   b: >-
#     the customer's size and early spending
#   c: >-
#     the customer's answers to the January 2025 satisfaction survey
#   d: >-
#     a random draw, so that the tiers can be compared fairly
# answer: b
# why:
#   a: >-
#     a firm cannot see its customers' true loyalty (only the simulation knows it),
#     and the chapter says the tiers are assigned NOT from loyalty. That gold
#     customers' complaints are resolved more often (section 8.1) is a finding about
#     the tiers, not the rule that made them.
#   b: >-
#     the chapter says Lanting assigns the care tier from the customer's size and
#     early spending, which it can observe; true loyalty it cannot see.
#   c: >-
#     only 1,200 customers answered the survey, in January 2025, yet every customer
#     has a tier, so the survey cannot be what the tiers are set from.
#   d: >-
#     the tiers were not drawn at random. That is exactly why the chapter warns that
#     comparing the tiers cannot show whether care causes loyalty: gold customers were
#     chosen for their size.

# %% [raw]
# # BEGIN QUESTION
# name: q7
# points: 2
# all_or_nothing: true

# %% [markdown]
# ### Question 7
#
# **Retention rate (客户保留率).** As in section 11.3 of the chapter: of the customers who
# bought in 2024, what share also bought in 2025? A customer *bought in a year* if they
# have at least one row in `transactions` whose `order_date` falls in that calendar year
# (every row counts as a purchase, even an order whose goods were all returned). Divide
# the number of customers who bought in 2024 **and** in 2025 by the number of customers
# who bought in 2024 (count customers, not orders). Store the result in
# `retention_2024_2025` as a fraction between 0 and 1, without rounding it.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: the set of customers who bought in each year
year = transactions["order_date"].dt.year  # SOLUTION NO PROMPT
buyers_2024 = set(transactions.loc[year == 2024, "customer_id"])  # SOLUTION NO PROMPT
buyers_2025 = set(transactions.loc[year == 2025, "customer_id"])  # SOLUTION NO PROMPT
# Step 2: those who bought in both years, as a share of the 2024 buyers
retention_2024_2025 = len(buyers_2024 & buyers_2025) / len(buyers_2024)  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q7_form(retention_2024_2025):
    from crmkit.exercises import check_number

    check_number(
        retention_2024_2025,
        "retention_2024_2025",
        kind="share",
        what="the retention rate from 2024 to 2025",
    )


# %%
# HIDDEN
def test_q7_value(retention_2024_2025, STUDENT_ID):
    from crmkit.exercises import check_close, data_slip, load

    tx = load("transactions", STUDENT_ID)
    n_customers = len(load("customers", STUDENT_ID))
    year = tx["order_date"].dt.year
    active = {y: set(tx.loc[year == y, "customer_id"]) for y in (2023, 2024, 2025)}
    kept = active[2024] & active[2025]
    orders_2024 = tx.loc[year == 2024, "customer_id"]
    check_close(
        retention_2024_2025,
        len(kept) / len(active[2024]),
        "retention_2024_2025",
        what="the retention rate from 2024 to 2025",
        hints=[
            (
                len(active[2023] & active[2024]) / len(active[2023]),
                "that is the retention rate from 2023 to 2024; the question asks from 2024 "
                "to 2025.",
            ),
            (
                len(kept) / len(active[2025]),
                "you divided by the customers who bought in 2025; divide by those who "
                "bought in 2024.",
            ),
            (
                len(kept) / n_customers,
                "you divided by every customer in the customer file; divide by the "
                "customers who bought in 2024.",
            ),
            (
                len(active[2025]) / len(active[2024]),
                "you divided the number of 2025 buyers by the number of 2024 buyers; the "
                "numerator counts only the 2024 buyers who also bought in 2025 (the "
                "customers in both sets, `&`).",
            ),
            (
                1 - len(kept) / len(active[2024]),
                "that is the share of 2024 buyers who did NOT buy in 2025 (the share lost); "
                "the retention rate is the share who bought again.",
            ),
            (
                float(orders_2024.isin(active[2025]).mean()),
                "you counted 2024 orders, not customers: a customer with many orders "
                "counted many times. Count each customer once.",
            ),
            *[
                data_slip(
                    round(len(kept) / len(active[2024]), digits),
                    "you rounded your answer; store it unrounded (the check compares many "
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
# # CHOICE QUESTION
# name: q8
# points: 1
# reread: section 9
# prompt: |
#   What does the 80/20 rule (二八法则) claim about a firm's customers, and how does the
#   chapter (section 9) treat it?
# choices:
#   a: >-
#     About 20% of the customers bring about 80% of the sales; a rule of thumb to
#     check on the firm's own data.
#   b: >-
#     About 20% of the customers leave each year and 80% stay; a firm should aim for
#     that retention rate.
#   c: >-
#     About 20% of the customers bring about 80% of the sales, and Lanting's data show
#     exactly this, so a firm may simply assume it.
#   d: >-
#     Key accounts take 80% of the care budget, so their care should be cut to 20%.
# answer: a
# why:
#   a: >-
#     the rule is a claim about how concentrated sales are (about 20% of the customers
#     bring about 80% of the sales), and the chapter checks it on Lanting's own data
#     instead of assuming it.
#   b: >-
#     the 80/20 rule is about how concentrated sales are (a few customers bring most
#     of them), not about how many customers stay from year to year.
#   c: >-
#     the claim is stated right, but chapter 2 (section 5) finds that at Lanting the
#     top 20% of buyers bring about two thirds of revenue, not 80%. The point of
#     section 9 is to check the rule on your own data, not to assume it.
#   d: >-
#     the rule is about where sales come from, not about costs; and the chapter
#     advises giving key accounts (重点客户) special treatment, not less care.

# %% [raw]
# # BEGIN QUESTION
# name: q9
# points: 2
# all_or_nothing: true

# %% [markdown]
# ### Question 9
#
# **Key accounts (重点客户) and the 80/20 rule.** Check the rule on your data, as chapter 2
# (section 5) does. A *buyer* is a customer with at least one row in `transactions`.
# Add up each buyer's net `revenue` (yuan, net of returns) over the whole window
# 2023-2025, and let `n` be the number of buyers (a buyer whose revenue adds up to 0 still
# counts). The top 20% are the `k` buyers with the largest revenue, where `k` is `0.2 * n`
# rounded to the nearest whole number (`round(0.2 * n)`; it never ends in exactly .5). What
# share of the total revenue of all buyers do these `k` buyers bring? Store it in
# `top20_revenue_share` as a fraction between 0 and 1, without rounding it. Keep exactly
# `k` buyers: a cut-off on the revenue, such as `quantile(0.8)`, can keep one buyer more
# or fewer. (Buyers tied at the cut-off have equal revenue, so which of them you keep
# does not change the answer.)

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: total revenue of each buyer, largest first
revenue_per_buyer = transactions.groupby("customer_id")["revenue"].sum()  # SOLUTION NO PROMPT
revenue_sorted = revenue_per_buyer.sort_values(ascending=False)  # SOLUTION NO PROMPT
# Step 2: how many buyers make up the top 20%
k = round(0.2 * len(revenue_sorted))  # SOLUTION NO PROMPT
# Step 3: their share of the total revenue
top20_revenue_share = float(revenue_sorted.iloc[:k].sum() / revenue_sorted.sum())  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q9_form(top20_revenue_share):
    from crmkit.exercises import check_number

    check_number(
        top20_revenue_share,
        "top20_revenue_share",
        kind="share",
        what="the revenue share of the top 20% of buyers",
    )


# %%
# HIDDEN
def test_q9_value(top20_revenue_share, STUDENT_ID):
    from crmkit.exercises import check_close, data_slip, load

    tx = load("transactions", STUDENT_ID)
    n_customers = len(load("customers", STUDENT_ID))

    def top_share(column, n=None, ascending=False, extra=0):
        per_buyer = tx.groupby("customer_id")[column].sum().sort_values(ascending=ascending)
        k = round(0.2 * (len(per_buyer) if n is None else n)) + extra
        return float(per_buyer.iloc[:k].sum() / per_buyer.sum())

    revenue = tx.groupby("customer_id")["revenue"].sum()
    above_cut = revenue[revenue >= revenue.quantile(0.8)].sum() / revenue.sum()
    by_order = tx["revenue"].sort_values(ascending=False)
    top_orders = by_order.iloc[: round(0.2 * len(by_order))].sum() / by_order.sum()

    check_close(
        top20_revenue_share,
        top_share("revenue"),
        "top20_revenue_share",
        what="the revenue share of the top 20% of buyers",
        hints=[
            (
                top_share("revenue", ascending=True),
                "that is the share of the *bottom* 20%; sort the buyers from the largest "
                "revenue down (ascending=False).",
            ),
            (
                top_share("gross_revenue"),
                "you used `gross_revenue` (before returns); the question asks for the net "
                "`revenue`.",
            ),
            (
                top_share("margin"),
                "you used `margin`; the question asks for `revenue`.",
            ),
            (
                top_share("revenue", n=n_customers),
                "you took 20% of every customer in the customer file, potential customers "
                "included; `n` is the number of buyers (customers with at least one order).",
            ),
            (
                float(top_orders),
                "you took the top 20% of *orders*; the question asks about buyers: add up "
                "each buyer's revenue first (one number per customer), then take the top "
                "20% of buyers.",
            ),
            (
                top_share("revenue", extra=1),
                "you kept one buyer too many (`k + 1`): did you round `0.2 * n` up "
                "(`math.ceil`), slice one too far, or keep the buyers above a cut-off such "
                "as `quantile(0.8)`? Keep exactly `k = round(0.2 * n)` buyers.",
            ),
            (
                top_share("revenue", extra=-1),
                "you kept one buyer too few (`k - 1`): did you round `0.2 * n` down "
                "(`int(...)` or `math.floor`), or keep the buyers above a cut-off such as "
                "`quantile(0.8)`? Keep exactly `k = round(0.2 * n)` buyers (`.iloc[:k]` "
                "keeps k buyers).",
            ),
            data_slip(
                float(above_cut),
                "you kept the buyers at or above the 80th percentile (`quantile(0.8)`); "
                "that cut-off does not keep exactly `k = round(0.2 * n)` buyers. Sort the "
                "buyers and take the first `k`.",
            ),
            *[
                data_slip(
                    round(top_share("revenue"), digits),
                    "you rounded your answer; store it unrounded (the check compares many "
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
# name: q10
# points: 2
# all_or_nothing: true

# %% [markdown]
# ### Question 10
#
# **Customer contribution (客户贡献度) by care tier.** Section 11.4 of the chapter measures
# a buyer's current contribution as their `margin` (revenue minus the cost of the goods,
# in yuan) in 2025, and section 8 compares the care tiers. Combine the two: for each
# `care_tier`, compute the mean 2025 margin per buyer. Here, as in the chapter, the
# *buyers* are the customers in `customers` whose `status` is not `"potential"` (the same
# customers as the buyers of Question 9: each of them has at least one order); a buyer
# with no order in 2025 counts with a margin of 0 (keep them in the mean). A customer's 2025
# margin is the sum of `margin` over their rows of `transactions` whose `order_date` falls
# in 2025. Store the result, unrounded, in `margin_by_tier`: a pandas Series with the
# index labels `"ordinary"`, `"silver"` and `"gold"`, in yuan.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: each customer's total margin in 2025 (customers who ordered in 2025 only)
orders_2025 = transactions[transactions["order_date"].dt.year == 2025]  # SOLUTION NO PROMPT
margin_2025 = orders_2025.groupby("customer_id")["margin"].sum()  # SOLUTION NO PROMPT
# Step 2: every buyer (status not "potential") with their 2025 margin, 0 if none
buyers = customers[customers["status"] != "potential"]  # SOLUTION NO PROMPT
buyer_margin = buyers["customer_id"].map(margin_2025).fillna(0.0)  # SOLUTION NO PROMPT
# Step 3: the mean per care tier
margin_by_tier = buyer_margin.groupby(buyers["care_tier"], observed=True).mean()  # SOLUTION
margin_by_tier

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q10_form(margin_by_tier):
    from crmkit.exercises import check_series

    check_series(
        margin_by_tier,
        "margin_by_tier",
        labels=["ordinary", "silver", "gold"],
        label_kind="care tier",
        what="the mean 2025 margin per buyer of each care tier, in yuan",
    )


# %%
# HIDDEN
def test_q10_value(margin_by_tier, STUDENT_ID):
    from crmkit.exercises import check_series_close, data_slip, load

    customers = load("customers", STUDENT_ID)
    tx = load("transactions", STUDENT_ID)
    in_2025 = tx[tx["order_date"].dt.year == 2025].groupby("customer_id")
    buyers = customers[customers["status"] != "potential"]
    tier = buyers["care_tier"]

    def per_buyer(per_customer, fill=0.0):
        return buyers["customer_id"].map(per_customer).fillna(fill)

    margin_2025 = in_2025["margin"].sum()
    margin = per_buyer(margin_2025)
    all_tiers = customers["customer_id"].map(margin_2025).fillna(0.0)
    check_series_close(
        margin_by_tier,
        margin.groupby(tier, observed=True).mean(),
        "margin_by_tier",
        label_kind="care tier",
        what="the mean 2025 margin per buyer of each care tier, in yuan",
        hints=[
            (
                margin[buyers["customer_id"].isin(margin_2025.index)]
                .groupby(tier, observed=True)
                .mean(),
                "you averaged only over the buyers who ordered in 2025; buyers without a "
                "2025 order count too, with margin 0 (a left merge or .map, then fillna(0)).",
            ),
            (
                per_buyer(tx.groupby("customer_id")["margin"].sum())
                .groupby(tier, observed=True)
                .mean(),
                "you used the margin of all three years; keep only the orders of 2025.",
            ),
            (
                per_buyer(in_2025["revenue"].sum()).groupby(tier, observed=True).mean(),
                "you used `revenue`; contribution is the `margin` (revenue minus cost).",
            ),
            (
                margin.groupby(tier, observed=True).sum(),
                "those are the tier totals; the question asks for the mean per buyer.",
            ),
            (
                all_tiers.groupby(customers["care_tier"], observed=True).mean(),
                "you kept the potential customers, who have not bought; leave out the "
                "customers whose `status` is 'potential'.",
            ),
            (
                tx[tx["order_date"].dt.year == 2025]
                .merge(customers[["customer_id", "care_tier"]], on="customer_id")
                .groupby("care_tier", observed=True)["margin"]
                .mean(),
                "that is the mean margin per *order* of 2025; the question asks for the "
                "mean per *buyer*: add up each buyer's 2025 margin first.",
            ),
            (
                buyers[["customer_id", "care_tier"]]
                .merge(
                    tx.loc[tx["order_date"].dt.year == 2025, ["customer_id", "margin"]],
                    on="customer_id",
                    how="left",
                )
                .fillna({"margin": 0.0})
                .groupby("care_tier", observed=True)["margin"]
                .mean(),
                "you merged the 2025 orders themselves into the buyers, so a buyer with "
                "ten orders has ten rows and counts ten times in the mean. Add up each "
                "buyer's 2025 margin first (one row per buyer), then merge.",
            ),
            *[
                data_slip(
                    margin.groupby(tier, observed=True).mean().round(digits),
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

# %% [markdown]
# ## Before you hand in
#
# Restart the kernel and run all cells (Kernel > Restart Kernel and Run All Cells),
# check that every `grader.check` passes, and save. Your instructor's hidden tests will
# run your notebook from top to bottom in the same way.
