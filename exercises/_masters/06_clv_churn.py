# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercises 06: Customer lifetime value and churn (客户终生价值与流失)
#
# These exercises go with chapter 6. On your own copy of the Lanting Trading Co.
# (兰亭商贸) purchase log you will sort customers by **cohort (同期群)** and read their
# retention, compute a **retention rate (客户保留率)** and the simple **customer lifetime
# value (客户终生价值)** formula, split the log into a calibration period and a
# **hold-out period (留出期)**, fit the **BG/NBD model (BG/NBD 模型)** and read its
# forecasts and each customer's **probability alive (存活概率)**, and judge a churn score
# by its AUC (ROC 曲线下面积), then choose between BG/NBD and MBG/NBD by BIC and by the
# hold-out period: eleven questions, from easy to hard.
#
# Do the mechanics in pandas, as the chapter does first. The chapter's module
# `crmkit.clv` (`from crmkit import clv`) computes most of these in one call; you may
# use it afterwards to check your work, and each question says where its conventions and
# the question's are the same. Questions 6 and 7 ask you to *use* `crmkit.clv`, questions 10 and 11
# `crmkit.btyd` (fitting the models by hand is not the lesson).
#
# ## How this notebook works
#
# 1. **Practise first.** Leave `STUDENT_ID = ""` empty: the notebook then works on
#    the shared practice data. Run the cells from top to bottom; in every answer
#    cell, replace each `...` with your code (or, in the multiple-choice question, with
#    one letter in quotes, such as `"a"`) and run it. Do not round your answers: the
#    checks compare them with the exact value.
# 2. Run the `grader.check("q1")` cell under each question. For a computation on the
#    practice data it tells you at once whether your answer is right, and when it is
#    not, what is wrong in words (type, labels, range, or what the slip probably was).
#    For the multiple-choice question it checks only that you gave one of the letters:
#    the choice itself is graded by your instructor's hidden test, whose feedback
#    explains why each wrong option is wrong (the chapter's self-check lets you
#    practise such questions with immediate feedback).
# 3. **Then your own data.** When your answers pass, type your student id between the
#    quotes, e.g. `STUDENT_ID = "2025123456"`, and run all cells again (Kernel >
#    Restart Kernel and Run All Cells). Your code now computes your answers on tables
#    generated from your id, different from your classmates' tables, so copying an
#    answer does not help. On your own data `grader.check` checks the form of each
#    answer; your instructor's hidden tests recompute the values from your data when
#    they grade.
# 4. Keep the file name `06_clv_churn.ipynb` (the checks are stored in it), save,
#    and hand in the notebook as your instructor asks.
#
# ## Conventions (as in the chapter)
#
# * A *purchase* is an order (a row of `transactions`) with `revenue` above 0: a fully
#   returned order (revenue 0) is not a purchase, as in chapters 3 and 6. The setup cell
#   keeps the purchases in the table `purchases`; use it (not `transactions`) everywhere
#   below.
# * Money is in yuan. `revenue` is net of returns; `margin` is `revenue - cost`.
# * The dates in `order_date` are whole days (no time of day). The records cover
#   2023-01-01 to 2025-12-31.
# * The *calibration period* (校准期) is every day up to and including 30 June 2025; the
#   *hold-out period* is 1 July 2025 to 31 December 2025, both days included (184 days).
#   The *calibration customers* are the customers with at least one purchase in the
#   calibration period.
# * A share is a fraction between 0 and 1 (0.25, not 25).

# %%
STUDENT_ID = ""

# %% [markdown]
# The next cell loads the purchase log of the world generated from your id (the first
# run takes a second or two) and keeps the purchases. `crmkit.describe_dataset("transactions")`
# explains every column.

# %%
import pandas as pd

import crmkit
from crmkit import clv
from crmkit.exercises import load

rng = crmkit.setup_notebook()
transactions = load("transactions", STUDENT_ID)
purchases = transactions[transactions["revenue"] > 0]
CALIBRATION_END = pd.Timestamp("2025-06-30")
HOLDOUT_END = pd.Timestamp("2025-12-31")
purchases.head()

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 1
# all_or_nothing: true

# %% [markdown]
# ### Question 1 · Cohort sizes (同期群)
#
# A customer's cohort is the calendar quarter of their *first purchase* (earliest row of
# `purchases`, not their `signup_date`). Count the customers in each cohort. Store the
# counts in `cohort_sizes`: a pandas Series of whole numbers indexed by the quarter
# written as text in pandas' style, `"2023Q1"`, `"2023Q2"`, ..., `"2025Q4"` (all
# twelve quarters; in these data someone first bought in every one of them).
#
# *Hint:* on a column of dates, `.dt.to_period("Q")` gives each date's quarter and
# `.astype(str)` writes it as such a text. A customer's first purchase is the minimum
# of their order dates (`groupby("customer_id")`), and `.value_counts()` counts
# customers per quarter.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: each customer's first-purchase quarter
first_quarter = purchases.groupby("customer_id")["order_date"].min().dt.to_period("Q").astype(str)  # SOLUTION NO PROMPT
# Step 2: customers per quarter
cohort_sizes = first_quarter.value_counts().sort_index()  # SOLUTION
cohort_sizes

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q1_form(cohort_sizes):
    from crmkit.exercises import check_series

    quarters = [f"{y}Q{q}" for y in (2023, 2024, 2025) for q in (1, 2, 3, 4)]
    check_series(
        cohort_sizes,
        "cohort_sizes",
        labels=quarters,
        label_kind="quarter",
        values="nonnegative",
        what="the number of customers in each first-purchase cohort",
    )
    if (cohort_sizes != cohort_sizes.round()).any():
        raise AssertionError(
            "`cohort_sizes` should hold whole numbers of customers, but some values are not "
            "whole numbers."
        )


# %%
# HIDDEN
def test_q1_value(cohort_sizes, STUDENT_ID):
    from crmkit import clv
    from crmkit.exercises import check_series_close, data_slip, load

    tx = load("transactions", STUDENT_ID)
    purchases = tx[tx["revenue"] > 0]
    cohorts = clv.cohort_retention(purchases)
    expected = cohorts[cohorts["period"] == 0].set_index("cohort")["cohort_size"]
    all_orders = clv.cohort_retention(tx)
    with_returns = all_orders[all_orders["period"] == 0].set_index("cohort")["cohort_size"]
    quarter = purchases["order_date"].dt.to_period("Q").astype(str)
    per_quarter = purchases.groupby(quarter)["customer_id"].nunique()
    orders_first = quarter.value_counts()
    customers = load("customers", STUDENT_ID)
    signup = customers.loc[customers["customer_id"].isin(purchases["customer_id"]), "signup_date"]
    by_signup = signup.dt.to_period("Q").astype(str).value_counts()
    check_series_close(
        cohort_sizes,
        expected,
        "cohort_sizes",
        label_kind="quarter",
        what="the number of customers in each first-purchase cohort",
        hints=[
            data_slip(
                with_returns,
                "you used every order of `transactions`; a fully returned order (revenue "
                "0) is not a purchase, so use the table `purchases`.",
            ),
            (
                per_quarter,
                "you counted the customers *buying* in each quarter; a cohort holds the "
                "customers whose *first* purchase was in that quarter.",
            ),
            (
                orders_first,
                "you counted orders per quarter; count customers by the quarter of their "
                "first purchase.",
            ),
            # on a world where every customer first buys in the quarter they signed up
            # (2 of 600 ids), this slip groups each customer alike: harmless there
            data_slip(
                by_signup,
                "you grouped customers by `signup_date`; the cohort is the quarter of the "
                "first purchase.",
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
# ### Question 2 · The retention curve of the first cohort
#
# Of the customers in the cohort `"2023Q1"` (first purchase in January-March 2023),
# what share made at least one purchase in each later quarter? Number the quarters as
# the chapter's cohort table does: the cohort's own quarter, 2023Q1, is period 0, so
# period 1 is 2023Q2, period 4 is 2024Q1 (four quarters after the start), ..., period 11
# is 2025Q4. Store the shares in `retention_2023q1`: a pandas Series indexed by the
# period, the whole numbers 1, 2, ..., 11, each a fraction between 0 and 1 (do not round
# them). (These are the `share` values of the rows `cohort == "2023Q1"`, `period` 1 to 11
# of `clv.cohort_retention(purchases)`.)
#
# *Hint:* an order's period is (year − 2023) × 4 + quarter − 1 of its `order_date`
# (`.dt.year`, `.dt.quarter`); count each cohort customer once per period (`nunique`).

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: the cohort's customers and their purchases
cohort_ids = first_quarter.index[first_quarter == "2023Q1"]  # SOLUTION NO PROMPT
in_cohort = purchases[purchases["customer_id"].isin(cohort_ids)]  # SOLUTION NO PROMPT
# Step 2: each purchase's period, and the customers buying in each period
period = (in_cohort["order_date"].dt.year - 2023) * 4 + in_cohort["order_date"].dt.quarter - 1  # SOLUTION NO PROMPT
active = in_cohort.groupby(period)["customer_id"].nunique()  # SOLUTION NO PROMPT
# Step 3: as shares of the cohort, periods 1 to 11
retention_2023q1 = (active / len(cohort_ids)).reindex(range(1, 12), fill_value=0.0)  # SOLUTION
retention_2023q1

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q2_form(retention_2023q1):
    from crmkit.exercises import check_series

    check_series(
        retention_2023q1,
        "retention_2023q1",
        labels=[str(k) for k in range(1, 12)],
        label_kind="period",
        values="nonnegative",
        what="the share of cohort 2023Q1 buying in each period 1 to 11",
    )
    if (retention_2023q1 > 1).any():
        raise AssertionError(
            "`retention_2023q1` should hold shares between 0 and 1, but some values are "
            "above 1: give fractions (0.25, not 25), and divide by the cohort's size."
        )


# %%
# HIDDEN
def test_q2_value(retention_2023q1, cohort_sizes, STUDENT_ID):
    import pandas as pd

    from crmkit import clv
    from crmkit.exercises import builds_on, check_series_close, data_slip, load

    tx = load("transactions", STUDENT_ID)
    purchases = tx[tx["revenue"] > 0]
    cohorts = clv.cohort_retention(purchases)
    sizes = cohorts[cohorts["period"] == 0].set_index("cohort")["cohort_size"]
    periods = range(1, 12)

    def shares(table, start=0):
        rows = table[table["cohort"] == "2023Q1"].set_index("period")["share"]
        return pd.Series(rows.reindex(range(start, start + 11), fill_value=0.0).to_numpy(), periods)

    def per_period(orders, ids, count="customers"):
        when = (orders["order_date"].dt.year - 2023) * 4 + orders["order_date"].dt.quarter - 1
        mine = orders[orders["customer_id"].isin(ids)]
        groups = mine.groupby(when[mine.index])["customer_id"]
        n = groups.nunique() if count == "customers" else groups.size()
        return n.reindex(periods, fill_value=0)

    first = purchases.groupby("customer_id")["order_date"].min().dt.to_period("Q").astype(str)
    ids = first.index[first == "2023Q1"]
    when = (purchases["order_date"].dt.year - 2023) * 4 + purchases["order_date"].dt.quarter - 1
    everyone = purchases.groupby(when)["customer_id"].nunique().reindex(periods, fill_value=1)
    active = per_period(purchases, ids)
    seen, ever = set(), []
    for k in periods:
        seen |= set(purchases.loc[(when == k) & purchases["customer_id"].isin(ids), "customer_id"])
        ever.append(len(seen) / len(ids))
    customers = load("customers", STUDENT_ID)
    signed = customers.loc[
        customers["signup_date"].dt.to_period("Q").astype(str) == "2023Q1", "customer_id"
    ]
    with builds_on(cohort_sizes=(cohort_sizes, sizes, "question 1")):
        check_series_close(
            retention_2023q1,
            shares(cohorts, start=1),
            "retention_2023q1",
            label_kind="period",
            what="the share of cohort 2023Q1 buying in each period",
            hints=[
                (shares(cohorts, start=0), "your periods are one too high: you numbered the "
                 "cohort's own quarter, 2023Q1, as period 1; it is period 0, so period 1 is "
                 "2023Q2 and period 4 is 2024Q1."),
                (shares(cohorts, start=2), "your periods are one too low: period 1 is 2023Q2, "
                 "the quarter right after the cohort's own (2023Q1 is period 0)."),
                (active / everyone, "you divided by all of each quarter's buyers; the share "
                 "is over the customers of cohort 2023Q1."),
                (per_period(purchases, ids, count="orders") / len(ids), "you counted the "
                 "cohort's *orders* in each period; count each customer once."),
                (pd.Series(ever, periods), "you counted the customers who had bought again "
                 "*by* each period (a running total); count those who bought *in* it."),
                (per_period(purchases, signed) / len(signed), "you took the cohort from "
                 "`signup_date`; the cohort is the quarter of the *first purchase*."),
                data_slip(shares(clv.cohort_retention(tx), start=1), "you used every order "
                          "of `transactions`; a fully returned order (revenue 0) is not a "
                          "purchase."),
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
# ### Question 3 · A yearly retention rate (客户保留率) and margin
#
# As in section 3 of the chapter, take a year as the period.
#
# * `r_year`: of the customers with at least one purchase in 2024, the share who also
#   made at least one purchase in 2025 (a fraction between 0 and 1);
# * `m_year`: for those returning customers (bought in 2024 *and* in 2025), the sum of
#   the `margin` of each customer's 2025 purchases, averaged over these customers
#   (yuan per customer per year; not per order, and margin, not revenue).
#
# Do not round them.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: the buyers of each year
year = purchases["order_date"].dt.year  # SOLUTION NO PROMPT
buyers_2024 = set(purchases.loc[year == 2024, "customer_id"])  # SOLUTION NO PROMPT
buyers_2025 = set(purchases.loc[year == 2025, "customer_id"])  # SOLUTION NO PROMPT
# Step 2: the retention rate
r_year = len(buyers_2024 & buyers_2025) / len(buyers_2024)  # SOLUTION
# Step 3: the mean 2025 margin of the returning customers
returning = purchases[(year == 2025) & purchases["customer_id"].isin(buyers_2024)]  # SOLUTION NO PROMPT
m_year = float(returning.groupby("customer_id")["margin"].sum().mean())  # SOLUTION
r_year, m_year

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q3_form(r_year, m_year):
    from crmkit.exercises import check_number

    check_number(r_year, "r_year", kind="share", what="the yearly retention rate 2024 to 2025")
    check_number(m_year, "m_year", minimum=0, what="the mean 2025 margin of a returning customer")


# %%
# HIDDEN
def test_q3_value(r_year, m_year, STUDENT_ID):
    from crmkit.exercises import check_close, data_slip, load

    tx = load("transactions", STUDENT_ID)
    p = tx[tx["revenue"] > 0]
    year = p["order_date"].dt.year
    b24 = set(p.loc[year == 2024, "customer_id"])
    b25 = set(p.loc[year == 2025, "customer_id"])
    y_all = tx["order_date"].dt.year
    a24 = set(tx.loc[y_all == 2024, "customer_id"])
    a25 = set(tx.loc[y_all == 2025, "customer_id"])
    back_all = tx[(y_all == 2025) & tx["customer_id"].isin(a24)]
    check_close(
        r_year,
        len(b24 & b25) / len(b24),
        "r_year",
        what="the yearly retention rate 2024 to 2025",
        hints=[
            (len(b24 & b25) / len(b25), "you divided by 2025's buyers; the rate is over "
             "the customers who bought in 2024."),
            (len(b25) / len(b24), "you divided all of 2025's buyers by 2024's buyers; count "
             "only the 2024 buyers who came back in 2025 (both years)."),
            (1 - len(b24 & b25) / len(b24), "that is the share who did *not* come back."),
            data_slip(len(a24 & a25) / len(a24), "you used every order of `transactions`; a fully "
             "returned order (revenue 0) is not a purchase."),
        ],
    )
    back = p[(year == 2025) & p["customer_id"].isin(b24)]
    per_customer = back.groupby("customer_id")
    both = p[p["customer_id"].isin(b24 & b25) & year.isin([2024, 2025])]
    check_close(
        m_year,
        per_customer["margin"].sum().mean(),
        "m_year",
        what="the mean 2025 margin of a returning customer",
        hints=[
            (per_customer["revenue"].sum().mean(), "you used `revenue`; the formula needs "
             "the margin (`margin` = revenue - cost)."),
            (back["margin"].mean(), "you averaged over orders; sum each customer's 2025 "
             "margin first, then average over the customers."),
            (both.groupby("customer_id")["margin"].sum().mean(), "you added the 2024 margin "
             "too; take only each returning customer's 2025 purchases."),
            (p[year == 2025].groupby("customer_id")["margin"].sum().mean(), "you averaged "
             "over all of 2025's buyers; keep only those who also bought in 2024."),
            (back["margin"].sum() / len(b24), "you divided by all of 2024's buyers (as if "
             "those who did not come back brought 0); average over the returning customers "
             "only."),
            data_slip(back_all.groupby("customer_id")["margin"].sum().mean(), "you used every order "
             "of `transactions`; a fully returned order (revenue 0) is not a purchase, so "
             "use `purchases`."),
        ],
    )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 1
# all_or_nothing: true

# %% [markdown]
# ### Question 4 · The simple lifetime value formula
#
# With your `m_year` and `r_year` of question 3 and a yearly discount rate (折现率)
# d = 0.10, compute the retention-based lifetime value of a customer who is with the firm
# today (section 3 of the chapter):
#
# CLV = m × r / (1 + d − r)
#
# (margins arrive at the end of each year, starting one year from now, forever; today's
# margin is not included). Store it in `clv_simple`, in yuan (do not round it).
# `clv.retention_clv(m, r, d)` uses the same formula; do it by hand first.

# %% [raw]
# # BEGIN SOLUTION

# %%
d = 0.10  # SOLUTION NO PROMPT
clv_simple = m_year * r_year / (1 + d - r_year)  # SOLUTION
clv_simple

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q4_form(clv_simple):
    from crmkit.exercises import check_number

    check_number(clv_simple, "clv_simple", minimum=0, what="the retention-based CLV in yuan")


# %%
# HIDDEN
def test_q4_value(clv_simple, m_year, r_year, STUDENT_ID):
    from crmkit import clv
    from crmkit.exercises import builds_on, check_close, load

    tx = load("transactions", STUDENT_ID)
    p = tx[tx["revenue"] > 0]
    year = p["order_date"].dt.year
    b24 = set(p.loc[year == 2024, "customer_id"])
    b25 = set(p.loc[year == 2025, "customer_id"])
    r = len(b24 & b25) / len(b24)
    m = float(p[(year == 2025) & p["customer_id"].isin(b24)].groupby("customer_id")["margin"].sum().mean())
    with builds_on(m_year=(m_year, m, "question 3"), r_year=(r_year, r, "question 3")):
        check_close(
            clv_simple,
            clv.retention_clv(m, r, 0.10),
            "clv_simple",
            what="the retention-based CLV in yuan",
            hints=[
                (m / (1 + 0.10 - r), "you left out r in the numerator: m × r / (1 + d − r)."),
                (m * (1 + 0.10) / (1 + 0.10 - r), "you included today's margin; the formula "
                 "starts one year from now: m × r / (1 + d − r)."),
                (m * r / (1 - 0.10 - r), "you subtracted d; the denominator is 1 + d − r."),
                (m * r / (1 + 10 - r), "you used d = 10 (a percent); d is 0.10."),
                (m * r / (1 - r), "you left out the discount rate d = 0.10."),
                (clv.retention_clv(m, r, 0.10, periods=5), "that is the value over five "
                 "years only; the formula sums over all future years."),
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
# ### Question 5 · Hold-out purchases (留出期)
#
# How many purchases did the calibration customers make in the hold-out period? Rules
# (those of the chapter's `clv.calibration_holdout`):
#
# * only the *calibration customers* count: customers with at least one purchase on or
#   before `CALIBRATION_END` (30 June 2025). Customers whose first purchase came later
#   are left out;
# * the hold-out period runs from 1 July 2025 to `HOLDOUT_END` (31 December 2025), both
#   days included: `order_date > CALIBRATION_END` and `order_date <= HOLDOUT_END`;
# * purchases are counted *by day*, as BG/NBD assumes: two purchases of one customer on
#   the same day count as one (count each customer's distinct purchase days);
# * only rows of `purchases` (revenue above 0) count.
#
# Store the total over all calibration customers in `holdout_purchases`, a whole number
# (an `int`: if you add up a column of decimals, such as `frequency_holdout` of
# `clv.calibration_holdout`, turn, say, 1234.0 into 1234 with `int(...)`).

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: the calibration customers
calibration_ids = purchases.loc[purchases["order_date"] <= CALIBRATION_END, "customer_id"].unique()  # SOLUTION NO PROMPT
# Step 2: their purchases in the hold-out period
in_holdout = (purchases["order_date"] > CALIBRATION_END) & (purchases["order_date"] <= HOLDOUT_END)  # SOLUTION NO PROMPT
holdout = purchases[in_holdout & purchases["customer_id"].isin(calibration_ids)]  # SOLUTION NO PROMPT
# Step 3: distinct (customer, day) pairs
holdout_purchases = len(holdout.drop_duplicates(["customer_id", "order_date"]))  # SOLUTION
holdout_purchases

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q5_form(holdout_purchases):
    from crmkit.exercises import check_number

    check_number(
        holdout_purchases,
        "holdout_purchases",
        kind="count",
        what="the calibration customers' purchase days in the hold-out period",
    )


# %%
# HIDDEN
def test_q5_value(holdout_purchases, STUDENT_ID):
    from crmkit import clv
    from crmkit.exercises import check_close, data_slip, load

    tx = load("transactions", STUDENT_ID)
    p = tx[tx["revenue"] > 0]
    cal_end, hold_end = "2025-06-30", "2025-12-31"
    calhold = clv.calibration_holdout(p, calibration_end=cal_end, holdout_end=hold_end)
    ids = calhold.index
    inside = (p["order_date"] > cal_end) & (p["order_date"] <= hold_end)
    hold = p[inside]
    hold_all = tx[(tx["order_date"] > cal_end) & (tx["order_date"] <= hold_end)]

    def days(start_ok, end_ok):
        rows = p[start_ok & end_ok & p["customer_id"].isin(ids)]
        return len(rows.drop_duplicates(["customer_id", "order_date"]))
    check_close(
        holdout_purchases,
        int(calhold["frequency_holdout"].sum()),
        "holdout_purchases",
        what="the calibration customers' purchase days in the hold-out period",
        hints=[
            (int(hold["customer_id"].isin(ids).sum()), "you counted orders; two purchases "
             "of one customer on the same day count as one purchase day."),
            (len(hold.drop_duplicates(["customer_id", "order_date"])), "you counted the "
             "customers whose first purchase was in the hold-out period too; only the "
             "calibration customers count."),
            (len(hold), "you counted every hold-out order; count only the calibration "
             "customers, and each customer's day once."),
            data_slip(len(hold_all[hold_all["customer_id"].isin(ids)].drop_duplicates(
                ["customer_id", "order_date"])), "you counted fully returned orders "
             "(revenue 0); use `purchases`."),
            (int(hold.loc[hold["customer_id"].isin(ids), "customer_id"].nunique()), "you "
             "counted customers who bought; count their purchase days."),
            data_slip(days(p["order_date"] >= cal_end, p["order_date"] <= hold_end), "you included "
             "30 June 2025, the last day of calibration; the hold-out period starts on 1 "
             "July (`order_date > CALIBRATION_END`)."),
            data_slip(days(p["order_date"] > cal_end, p["order_date"] < hold_end), "you left out 31 "
             "December 2025; the hold-out period includes it (`order_date <= HOLDOUT_END`)."),
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
# ### Question 6 · The BG/NBD forecast (BG/NBD 模型)
#
# Now use `crmkit.clv` as the chapter does in section 4. The answer cell builds the
# calibration summary `calhold` with `clv.calibration_holdout` (time in weeks, the
# default `unit_days=7`; one row per calibration customer; its column
# `frequency_holdout` adds up to your answer to question 5) and fits the model
# `bgnbd = clv.BGNBD().fit(calhold)` for you. Compute each customer's expected number
# of purchases in the hold-out period with `bgnbd.expected_purchases(t, calhold)`, where
# `t` is the length of the hold-out period *in weeks*, 184 / 7 (the column
# `duration_holdout` of `calhold` holds it). Store the sum over all calibration
# customers in `predicted_holdout`, a number of purchases (do not round it). (The fit
# takes a second; the same call on the same data always gives the same numbers.)

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1 (given): the calibration summary and the fitted model
calhold = clv.calibration_holdout(purchases, calibration_end=CALIBRATION_END, holdout_end=HOLDOUT_END)
bgnbd = clv.BGNBD().fit(calhold)
# Step 2: the expected hold-out purchases of every customer, summed
weeks = calhold["duration_holdout"].iloc[0]  # SOLUTION NO PROMPT
predicted_holdout = float(bgnbd.expected_purchases(weeks, calhold).sum())  # SOLUTION
predicted_holdout

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q6_form(predicted_holdout):
    from crmkit.exercises import check_number

    check_number(
        predicted_holdout,
        "predicted_holdout",
        minimum=0,
        what="the BG/NBD expected hold-out purchases, summed",
    )


# %%
# HIDDEN
def test_q6_value(predicted_holdout, STUDENT_ID):
    from crmkit import clv
    from crmkit.exercises import check_close, load

    tx = load("transactions", STUDENT_ID)
    p = tx[tx["revenue"] > 0]
    calhold = clv.calibration_holdout(p, calibration_end="2025-06-30", holdout_end="2025-12-31")
    model = clv.BGNBD().fit(calhold)
    weeks = calhold["duration_holdout"].iloc[0]

    def total(t):
        return float(model.expected_purchases(t, calhold).sum())

    check_close(
        predicted_holdout,
        total(weeks),
        "predicted_holdout",
        what="the BG/NBD expected hold-out purchases, summed",
        hints=[
            (total(26.0), "you used t = 26 weeks; the hold-out period is 184 days = "
             "184 / 7 weeks (calhold[\"duration_holdout\"])."),
            (total(184.0), "you gave t in days; the model's time unit is the week, so "
             "t = 184 / 7."),
            (total(6.0), "you gave t in months; the model's time unit is the week, so "
             "t = 184 / 7."),
            (total(183 / 7), "you used 183 days; 1 July to 31 December 2025 with both days "
             "included is 184 days, so t = 184 / 7."),
            (total(26.3), "you rounded t to 26.3 weeks; use 184 / 7 exactly (do not round)."),
            (float(calhold["frequency_holdout"].sum()), "that is the *actual* number of "
             "hold-out purchases (question 5); the question asks for the model's forecast."),
            (float(model.expected_purchases(weeks, calhold).mean()), "that is the mean "
             "per customer; the question asks for the sum over all calibration customers."),
        ],
    )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q7
# points: 1
# all_or_nothing: true

# %% [markdown]
# ### Question 7 · Probability alive (存活概率)
#
# With the model `bgnbd` of question 6 (do not fit it again), the method
# `bgnbd.probability_alive(...)`, given the calibration summary `calhold`, returns each
# calibration customer's probability of still being a customer on 30 June 2025. How many calibration customers does the model
# think are more likely gone than alive, that is, have P(alive) *below* 0.5 (strictly)?
# Store the count in `n_likely_gone`, a whole number.

# %% [raw]
# # BEGIN SOLUTION

# %%
p_alive = bgnbd.probability_alive(calhold)  # SOLUTION NO PROMPT
n_likely_gone = int((p_alive < 0.5).sum())  # SOLUTION
n_likely_gone

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q7_form(n_likely_gone):
    from crmkit.exercises import check_number

    check_number(
        n_likely_gone,
        "n_likely_gone",
        kind="count",
        what="the calibration customers with P(alive) below 0.5",
    )


# %%
# HIDDEN
def test_q7_value(n_likely_gone, predicted_holdout, STUDENT_ID):
    from crmkit import clv
    from crmkit.exercises import builds_on, check_close, load

    tx = load("transactions", STUDENT_ID)
    p = tx[tx["revenue"] > 0]
    calhold = clv.calibration_holdout(p, calibration_end="2025-06-30", holdout_end="2025-12-31")
    model = clv.BGNBD().fit(calhold)
    alive = model.probability_alive(calhold)
    weeks = calhold["duration_holdout"].iloc[0]
    predicted = float(model.expected_purchases(weeks, calhold).sum())
    with builds_on(predicted_holdout=(predicted_holdout, predicted, "question 6")):
        check_close(
            n_likely_gone,
            int((alive < 0.5).sum()),
            "n_likely_gone",
            what="the calibration customers with P(alive) below 0.5",
            hints=[
                (int((alive >= 0.5).sum()), "you counted the customers *likely alive*; the "
                 "question asks for P(alive) below 0.5."),
                (int((calhold["frequency_holdout"] == 0).sum()), "you counted the customers "
                 "who made no hold-out purchase; the question asks what the model says "
                 "(P(alive) below 0.5) on 30 June 2025."),
                (int((calhold["frequency"] == 0).sum()), "you counted the customers without "
                 "a repeat purchase; they have P(alive) = 1 in BG/NBD (drop-out follows a "
                 "repeat purchase)."),
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
# ### Question 8 · Time since the last purchase as a churn score: the AUC by hand
#
# Call a calibration customer *churned* (流失) if they made no purchase in the hold-out
# period (1 July to 31 December 2025, both included). As a churn score take
# `days_since_last`: the number of days from the customer's last purchase on or before
# 30 June 2025 to 30 June 2025 (0 for a purchase on 30 June itself), a whole number. A
# higher score should mean more likely churned. This is the recency of RFM (chapter 3),
# not the column `recency` of `calhold`, which runs from the first purchase to the last;
# and it uses only purchases up to 30 June 2025, as a score known on that day must. (If
# you take it from `calhold`, whose times are decimal weeks, use
# `((calhold["T"] - calhold["recency"]) * 7).round()`: without rounding, tiny decimal
# errors split some ties.)
#
# Compute the AUC (ROC 曲线下面积) of this score for churn by its definition (section 7
# of the chapter): over *all pairs* of one churned and one not-churned calibration
# customer, the share of pairs in which the churned customer has the higher score,
# where a pair with equal scores (a tie) counts one half. Store it in `auc_recency`, a
# number between 0 and 1 (do not round it). (`clv.auc(churned, score)` gives the same;
# do it by hand first.)
#
# *Hint:* with NumPy arrays `pos` (scores of the churned) and `neg` (the others),
# `pos[:, None] > neg[None, :]` compares every pair at once.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: each calibration customer's days since the last purchase
last_purchase = purchases[purchases["order_date"] <= CALIBRATION_END].groupby("customer_id")["order_date"].max()  # SOLUTION NO PROMPT
days_since_last = (CALIBRATION_END - last_purchase).dt.days  # SOLUTION NO PROMPT
# Step 2: who churned (no hold-out purchase)
churned = ~days_since_last.index.isin(holdout["customer_id"])  # SOLUTION NO PROMPT
# Step 3: compare every churned customer with every other one
pos = days_since_last[churned].to_numpy()  # SOLUTION NO PROMPT
neg = days_since_last[~churned].to_numpy()  # SOLUTION NO PROMPT
auc_recency = float((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean())  # SOLUTION
auc_recency

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q8_form(auc_recency):
    from crmkit.exercises import check_number

    check_number(auc_recency, "auc_recency", kind="share", what="the AUC of days since last purchase")


# %%
# HIDDEN
def test_q8_value(auc_recency, holdout_purchases, STUDENT_ID):
    import numpy as np

    from crmkit import clv
    from crmkit.exercises import builds_on, check_close, data_slip, load

    tx = load("transactions", STUDENT_ID)
    p = tx[tx["revenue"] > 0]
    cal_end = np.datetime64("2025-06-30")
    last = p[p["order_date"] <= cal_end].groupby("customer_id")["order_date"].max()
    score = (cal_end - last).dt.days
    inside = (p["order_date"] > cal_end) & (p["order_date"] <= np.datetime64("2025-12-31"))
    churned = ~score.index.isin(p.loc[inside, "customer_id"])
    pos = score[churned].to_numpy()
    neg = score[~churned].to_numpy()
    greater = (pos[:, None] > neg[None, :]).mean()
    ties = (pos[:, None] == neg[None, :]).mean()
    inside_all = (tx["order_date"] > cal_end) & (tx["order_date"] <= np.datetime64("2025-12-31"))
    churned_all = ~score.index.isin(tx.loc[inside_all, "customer_id"])
    calhold = clv.calibration_holdout(p, calibration_end="2025-06-30", holdout_end="2025-12-31")
    gone = calhold["frequency_holdout"] == 0
    leaked = (cal_end - p.groupby("customer_id")["order_date"].max()).dt.days
    right_q5 = int(calhold["frequency_holdout"].sum())
    with builds_on(holdout_purchases=(holdout_purchases, right_q5, "question 5")):
        check_close(
            auc_recency,
            clv.auc(churned, score),
            "auc_recency",
            what="the AUC of days since last purchase",
            hints=[
                (greater, "you counted ties as 0; a pair with equal scores counts one half."),
                (greater + ties, "you counted ties as 1 (>=); a pair with equal scores counts "
                 "one half."),
                (1 - clv.auc(churned, score), "you compared the wrong way round (the AUC of "
                 "the score for *not* churning); the churned customer should have the higher "
                 "score."),
                data_slip(clv.auc(churned_all, score), "you counted fully returned orders (revenue 0) "
                 "in the hold-out period as purchases; use `purchases`."),
                (clv.auc(gone, calhold["recency"]), "you used `calhold`'s `recency`, the time "
                 "from the first purchase to the last; the score is the time from the last "
                 "purchase to 30 June 2025."),
                data_slip(clv.auc(gone, calhold["T"] - calhold["recency"]), "your score is in decimal "
                 "weeks, whose tiny rounding errors split some ties; use whole days, e.g. "
                 "`((calhold['T'] - calhold['recency']) * 7).round()`."),
                (clv.auc(churned, leaked.reindex(score.index)), "your last purchase includes "
                 "the hold-out period; take the last purchase on or before 30 June 2025."),
                (clv.auc(~leaked.index.isin(calhold.index[~gone]), leaked), "your last "
                 "purchase includes the hold-out period (and so customers who first bought "
                 "after 30 June); take the last purchase on or before 30 June 2025, for the "
                 "calibration customers only."),
            ],
        )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # CHOICE QUESTION
# name: q9
# points: 1
# title: Alive, or about to buy?
# reread: sections 4.4 and 7
# prompt: |
#   For one customer on 30 June 2025, the BG/NBD model gives P(alive) = 0.95, while the
#   chapter's churn logit (the churn model, 流失预测模型, of section 7) gives a probability
#   of 0.70 that the customer makes no purchase in the next six months. What follows?
# choices:
#   a: >-
#     One of the two models must be wrong: a customer who is alive buys again, so the
#     two probabilities should add up to about 1.
#   b: >-
#     Both can be right: P(alive) is the chance the customer has not left for good,
#     while the churn model predicts no purchase in six months, which a living
#     customer who buys about once a year often makes.
#   c: >-
#     The churn logit is right and P(alive) should be ignored, because the logit was
#     fitted on the hold-out period itself.
#   d: >-
#     P(alive) is right, because in the chapter 1 − P(alive) ranks the churners better
#     than the logit does (a higher AUC).
# answer: b
# why:
#   a: >-
#     a customer can be alive and still not buy for six months: BG/NBD customers buy
#     at their own rate while alive, and at Lanting many buy only a few times a year.
#     Being alive and buying soon are different events, so the probabilities need not
#     add up to 1.
#   b: >-
#     P(alive) is the chance the customer has not left for good, while the churn logit
#     predicts no purchase in the next six months; a living customer who buys about
#     once a year often goes six months without buying, so both numbers can be right.
#   c: >-
#     the churn logit was trained on features at the end of 2024 with the outcome in
#     the first half of 2025; it never saw the hold-out period it predicts. And
#     P(alive) is a well-calibrated probability of a different event, not a wrong one.
#   d: >-
#     it is the other way round: in section 7, 1 − P(alive) ranks the six-month
#     churners *worse* (AUC about 0.65) than the logit (about 0.77), because it
#     answers a different question. Neither model is wrong about its own event.

# %% [raw]
# # BEGIN QUESTION
# name: q10
# points: 2
# all_or_nothing: true

# %% [markdown]
# ### Question 10 · Which model? BG/NBD against MBG/NBD by BIC (模型选择)
#
# MBG/NBD (`crmkit.btyd.MBGNBD`) is BG/NBD with one change: a customer may also leave
# right after the *first* purchase, so a customer without a repeat purchase is no longer
# sure to be alive. Both models have four parameters. The answer cell builds a fresh
# calibration summary `summary` (as in question 6: calibration to 30 June 2025, time in
# weeks) and fits BG/NBD on it as `bg`. Fit MBG/NBD on the *same* summary as `mbg`, then
#
# * `bic_gap`: the BIC (贝叶斯信息准则) of MBG/NBD minus the BIC of BG/NBD, a number (do
#   not round it; a fitted model's BIC is its attribute `.bic`, k ln(n) − 2 log L, where
#   k is the number of parameters, n the customers and log L the maximised
#   log-likelihood, attribute `.log_likelihood_`);
# * `bic_choice`: the model the BIC prefers, `"BG/NBD"` or `"MBG/NBD"` (the one with the
#   *smaller* BIC).
#
# Fit on the calibration period only: the hold-out period is what question 11 checks
# the models against. (Each fit takes a second or less.)

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1 (given): the calibration summary and BG/NBD
from crmkit import btyd

summary = btyd.calibration_holdout(purchases, calibration_end=CALIBRATION_END, holdout_end=HOLDOUT_END)
bg = btyd.BGNBD().fit(summary)
# Step 2: MBG/NBD on the same summary, and the two BICs
mbg = btyd.MBGNBD().fit(summary)  # SOLUTION
bic_gap = float(mbg.bic - bg.bic)  # SOLUTION
bic_choice = "BG/NBD" if bg.bic < mbg.bic else "MBG/NBD"  # SOLUTION
bic_gap, bic_choice

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q10_form(bic_gap, bic_choice):
    from crmkit.exercises import check_label, check_number

    check_number(bic_gap, "bic_gap", what="the BIC of MBG/NBD minus the BIC of BG/NBD")
    check_label(
        bic_choice,
        "bic_choice",
        choices=["BG/NBD", "MBG/NBD"],
        what="the model the BIC prefers",
    )


# %%
# HIDDEN
def test_q10_value(bic_gap, bic_choice, STUDENT_ID):
    from crmkit import btyd
    from crmkit.exercises import check_close, check_label, load

    tx = load("transactions", STUDENT_ID)
    p = tx[tx["revenue"] > 0]
    summary = btyd.calibration_holdout(p, calibration_end="2025-06-30", holdout_end="2025-12-31")
    bg = btyd.BGNBD().fit(summary)
    mbg = btyd.MBGNBD().fit(summary)
    gap = mbg.bic - bg.bic
    full = btyd.calibration_holdout(p, calibration_end="2025-12-31", holdout_end="2026-01-01")
    leaked = btyd.MBGNBD().fit(full).bic - btyd.BGNBD().fit(full).bic
    check_close(
        bic_gap,
        gap,
        "bic_gap",
        what="the BIC of MBG/NBD minus the BIC of BG/NBD",
        hints=[
            (mbg.log_likelihood_ - bg.log_likelihood_, "that is the difference of the "
             "log-likelihoods, not of the BICs; BIC = k ln(n) − 2 log L (use `.bic`)."),
            (bg.log_likelihood_ - mbg.log_likelihood_, "that is a difference of "
             "log-likelihoods, not of BICs; BIC = k ln(n) − 2 log L (use `.bic`)."),
            (-gap, "you subtracted the other way round: the BIC of MBG/NBD minus the BIC "
             "of BG/NBD."),
            (leaked, "you fitted on purchases up to 31 December 2025, the hold-out period "
             "included; fit on the calibration period only (to 30 June 2025)."),
        ],
    )
    right = "BG/NBD" if bg.bic < mbg.bic else "MBG/NBD"
    other = "MBG/NBD" if right == "BG/NBD" else "BG/NBD"
    check_label(
        bic_choice,
        "bic_choice",
        choices=["BG/NBD", "MBG/NBD"],
        expected=right,
        hints={other: "the BIC prefers the model with the *smaller* BIC (a smaller BIC "
               "is a better balance of fit and number of parameters)."},
        what="the model the BIC prefers",
    )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q11
# points: 2
# all_or_nothing: true

# %% [markdown]
# ### Question 11 · Which model? The hold-out test for customers without a repeat purchase
#
# The two models differ most for the calibration customers with *no repeat purchase*
# (`frequency` 0 in `summary`): BG/NBD thinks them all alive, MBG/NBD does not. Check
# the models against what happened. With `bg` and `mbg` of question 10, for the
# customers with `frequency == 0` only, compute for each model its expected number of
# hold-out purchases (`model.expected_purchases(t, summary)`, with `t` the hold-out
# period in weeks, `summary["duration_holdout"]`, as in question 6), summed over these
# customers, minus the number of hold-out purchases they actually made (the column
# `frequency_holdout`, summed over the same customers).
#
# Store the two errors in `zero_repeat_error`, a pandas Series of two numbers indexed by
# `"BG/NBD"` and `"MBG/NBD"` (predicted minus actual: positive means the model expected
# too many purchases; do not round). The model with the error nearer 0 describes these
# customers better.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: the customers without a repeat purchase, and the hold-out length in weeks
no_repeat = summary["frequency"] == 0  # SOLUTION NO PROMPT
t_holdout = summary["duration_holdout"].iloc[0]  # SOLUTION NO PROMPT
actual_zero = summary.loc[no_repeat, "frequency_holdout"].sum()  # SOLUTION NO PROMPT
# Step 2: predicted minus actual for each model
zero_repeat_error = pd.Series({"BG/NBD": bg.expected_purchases(t_holdout, summary)[no_repeat].sum() - actual_zero, "MBG/NBD": mbg.expected_purchases(t_holdout, summary)[no_repeat].sum() - actual_zero})  # SOLUTION
zero_repeat_error

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q11_form(zero_repeat_error):
    from crmkit.exercises import check_series

    check_series(
        zero_repeat_error,
        "zero_repeat_error",
        labels=["BG/NBD", "MBG/NBD"],
        label_kind="model",
        what="predicted minus actual hold-out purchases of the customers without a repeat "
        "purchase, per model",
    )


# %%
# HIDDEN
def test_q11_value(zero_repeat_error, bic_gap, STUDENT_ID):
    import pandas as pd

    from crmkit import btyd
    from crmkit.exercises import builds_on, check_series_close, load

    tx = load("transactions", STUDENT_ID)
    p = tx[tx["revenue"] > 0]
    summary = btyd.calibration_holdout(p, calibration_end="2025-06-30", holdout_end="2025-12-31")
    models = {"BG/NBD": btyd.BGNBD().fit(summary), "MBG/NBD": btyd.MBGNBD().fit(summary)}
    weeks = summary["duration_holdout"].iloc[0]
    zero = summary["frequency"] == 0
    none_after = summary["frequency_holdout"] == 0
    actual = summary.loc[zero, "frequency_holdout"].sum()

    def error(t, rows=zero, act=actual):
        return pd.Series(
            {k: m.expected_purchases(t, summary)[rows].sum() - act for k, m in models.items()}
        )

    right = error(weeks)
    total = summary["frequency_holdout"].sum()
    right_q10 = models["MBG/NBD"].bic - models["BG/NBD"].bic
    with builds_on(bic_gap=(bic_gap, right_q10, "question 10")):
        check_series_close(
            zero_repeat_error,
            right,
            "zero_repeat_error",
            label_kind="model",
            what="predicted minus actual hold-out purchases of the customers without a "
            "repeat purchase, per model",
            hints=[
                (error(184.0), "you gave t in days; the models' time unit is the week, so "
                 "t = 184 / 7 (`summary[\"duration_holdout\"]`)."),
                (error(26.0), "you used t = 26 weeks; the hold-out period is 184 / 7 weeks "
                 "(`summary[\"duration_holdout\"]`)."),
                (-right, "you computed actual minus predicted; the question asks for "
                 "predicted minus actual."),
                (error(weeks, zero == zero, total), "you summed over every calibration "
                 "customer; keep only those without a repeat purchase (`frequency == 0`)."),
                (error(weeks, zero, total), "you subtracted the hold-out purchases of every "
                 "calibration customer; subtract only those of the customers with "
                 "`frequency == 0`."),
                (error(weeks, none_after, summary.loc[none_after, "frequency_holdout"].sum()),
                 "you kept the customers without a *hold-out* purchase; keep those without a "
                 "repeat purchase in the calibration period (`frequency == 0`)."),
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
