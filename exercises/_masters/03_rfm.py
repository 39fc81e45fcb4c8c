# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercises 03: RFM analysis and the test mailing (RFM 分析法练习)
#
# These exercises go with chapter 3. Working on your own copy of the Lanting Trading Co.
# (兰亭商贸) purchase log, you will compute recency (最近一次消费), frequency (消费频率) and
# monetary value (消费金额) at the mail date, code them into Hughes' quintile scores and
# RFM cells (RFM 单元), and analyse the test mailing of 2 June 2025: the response rate, the
# break-even response rate (盈亏平衡响应率), the roll-out decision and the incremental
# response (增量响应) against the unmailed customers. Ten questions, from easy to hard. Do the mechanics in pandas, as in the chapter; you may compare your
# results with `crmkit.rfm`, which uses the same conventions.
#
# ## How this notebook works
#
# 1. **Practise first.** Leave `STUDENT_ID = ""` empty: the notebook then works on
#    the shared practice data. Run the cells from top to bottom; in every answer
#    cell, replace each `...` with your code and run it. Later questions use the
#    variables of earlier ones.
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
# 4. Keep the file name `03_rfm.ipynb` (the checks are stored in it), save, and hand in
#    the notebook as your instructor asks.

# %%
STUDENT_ID = ""

# %% [markdown]
# The next cell loads your tables (the first run takes a second or two) and sets the
# three numbers of the mailing, which are the same for every student: the mail date (the
# `mail_date` column of `mailing`), the cost of one mailing piece in yuan, and the
# gross-margin rate (毛利率) the firm earns on a response's revenue.
# `crmkit.describe_dataset("transactions")` explains every column of a table.

# %%
import numpy as np
import pandas as pd

import crmkit
from crmkit.exercises import load

rng = crmkit.setup_notebook()
customers = load("customers", STUDENT_ID)
transactions = load("transactions", STUDENT_ID)
mailing = load("mailing", STUDENT_ID)

MAIL_DATE = pd.Timestamp("2025-06-02")  # the day of the test mailing
COST_PER_PIECE = 6.0  # yuan per customer mailed
MARGIN_RATE = 0.30  # share of a response's revenue that is margin
transactions.head()

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 1
# all_or_nothing: true

# %% [markdown]
# ### Question 1: the purchase log at the mail date
#
# Scores used to choose whom to mail may only use what was known on the mail date, so,
# as in the chapter, the **analysis date** is the mail date `MAIL_DATE` (2 June 2025)
# and only orders placed *strictly before* it count (`order_date` before 2 June; orders
# placed on 2 June itself are left out). Second rule: an order whose net `revenue` is 0
# or less (all its goods were returned) is not a purchase.
#
# Make `purchases`, the rows of `transactions` that pass both rules, and store its
# number of rows in `n_purchases` (a whole number). You will use `purchases` in the
# next questions.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: keep the orders placed before the mail date whose revenue is above 0
purchases = transactions[(transactions["order_date"] < MAIL_DATE) & (transactions["revenue"] > 0)]  # SOLUTION
# Step 2: count them
n_purchases = len(purchases)  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q1_form(n_purchases):
    from crmkit.exercises import check_number

    check_number(
        n_purchases,
        "n_purchases",
        kind="count",
        minimum=1,
        what="the number of purchases before the mail date",
    )


# %%
# HIDDEN
def test_q1_value(n_purchases, STUDENT_ID):
    import pandas as pd

    from crmkit.exercises import check_close, load

    tx = load("transactions", STUDENT_ID)
    mail_date = pd.Timestamp("2025-06-02")
    before = tx["order_date"] < mail_date
    positive = tx["revenue"] > 0
    kept_returned = int(before.sum())
    kept_the_day = int(((tx["order_date"] <= mail_date) & positive).sum())
    both = []
    if kept_returned == kept_the_day:
        both = [
            (
                kept_returned,
                "on your data two slips give this number: keeping the orders with revenue "
                "0 or less (fully returned; they are not purchases), or keeping the orders "
                "placed on 2 June 2025 itself (only orders strictly before the mail date "
                "count). Check both rules.",
            )
        ]
    check_close(
        n_purchases,
        int((before & positive).sum()),
        "n_purchases",
        what="the number of purchases before the mail date",
        hints=[
            *both,
            (
                int(before.sum()),
                "you kept the orders with revenue 0 or less (fully returned); they are "
                "not purchases.",
            ),
            (
                int(((tx["order_date"] <= mail_date) & positive).sum()),
                "you kept the orders placed on 2 June 2025 itself; only orders strictly "
                "before the mail date count.",
            ),
            (
                int(positive.sum()),
                "you kept the orders placed on or after the mail date; the scores may only "
                "use orders placed before it.",
            ),
            (len(tx), "that is every order in the log; apply both rules."),
            (
                int(tx.loc[before & positive, "customer_id"].nunique()),
                "that is the number of customers with a purchase; the question asks for "
                "the number of purchases (the rows of `purchases`).",
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
# ### Question 2: recency
#
# In the segmentation convention of the chapter (Hughes'), the **recency** of a customer
# is the number of days from their last purchase to the analysis date: `MAIL_DATE` minus
# the latest `order_date` of the customer in `purchases`, in whole days (a last purchase
# on 1 June 2025 gives 1, one on 2 May 2025 gives 31).
#
# Store it in `recency`: a pandas Series of whole numbers with the `customer_id` as its
# index, one entry for every customer who has at least one row in `purchases` (what
# `groupby("customer_id")` returns). *Hint:* the `.dt.days` accessor turns a difference
# of dates into days.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: the date of each customer's last purchase
last_purchase = purchases.groupby("customer_id")["order_date"].max()  # SOLUTION NO PROMPT
# Step 2: days from it to the mail date
recency = (MAIL_DATE - last_purchase).dt.days  # SOLUTION
recency

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q2_form(recency):
    import pandas as pd

    from crmkit.exercises import check_customer_series

    check_customer_series(recency, "recency", index_only=True)
    if not pd.api.types.is_numeric_dtype(recency.dtype) or recency.isna().any():
        raise AssertionError(
            "`recency` should hold a number of days for every customer, with no missing "
            f"values; its values are of type {recency.dtype} with {int(recency.isna().sum())} "
            "missing. Use .dt.days on the difference of two dates."
        )
    if (recency < 0).any():
        raise AssertionError(
            f"`recency` is negative for {int((recency < 0).sum())} customer(s): a last "
            "purchase after the mail date. Use only the orders placed before MAIL_DATE, "
            "and compute MAIL_DATE minus the last purchase date, not the other way round."
        )


# %%
# HIDDEN
def test_q2_value(recency, n_purchases, STUDENT_ID):
    import pandas as pd

    from crmkit import rfm
    from crmkit.exercises import builds_on, check_customer_series, check_series_close, load

    tx = load("transactions", STUDENT_ID)
    mail_date = pd.Timestamp("2025-06-02")
    before = tx[tx["order_date"] < mail_date]
    purchases = before[before["revenue"] > 0]
    with builds_on(n_purchases=(n_purchases, len(purchases), "question 1")):
        check_customer_series(recency, "recency", index_only=True)
        summary = rfm.rfm_summary(purchases, analysis_date=mail_date)
        want = set(summary.index)
        got = set(recency.index)
        if got != want:
            message = (
                f"`recency` should have one entry for each of the {len(want):,} customers with "
                f"at least one purchase before 2 June 2025; yours has {len(got):,} entries, "
                f"{len(got - want):,} of them for other customers, and misses {len(want - got):,}."
            )
            positive = tx[tx["revenue"] > 0]
            if got == set(before["customer_id"]):
                message += (
                    " Hint: you kept customers whose only orders before the mail date have "
                    "revenue 0 or less; they have no purchase, so no recency."
                )
            elif got == set(positive.loc[positive["order_date"] <= mail_date, "customer_id"]):
                message += " Hint: you counted orders placed on 2 June 2025 itself; drop them."
            elif got == set(positive["customer_id"]) or got == set(tx["customer_id"]):
                message += " Hint: you used orders placed on or after the mail date."
            raise AssertionError(message)
        ids = summary.index
        last_order = before.groupby("customer_id")["order_date"].max().reindex(ids)
        first = purchases.groupby("customer_id")["order_date"].min().reindex(ids)
        expected = summary["recency"]
        check_series_close(
            recency,
            expected,
            "recency",
            label_kind="customer",
            what="days since the last purchase",
            hints=[
                (
                    (mail_date - last_order).dt.days,
                    "you took the last order including orders with revenue 0 or less; only "
                    "purchases (revenue above 0) count.",
                ),
                (
                    expected - 1,
                    "you counted the days to 1 June; the analysis date is the mail date, "
                    "2 June 2025.",
                ),
                (
                    expected + 1,
                    "yours is one day too many for everybody: count the days from the last "
                    "purchase to 2 June 2025 (a purchase on 1 June gives 1).",
                ),
                (
                    (mail_date - first).dt.days,
                    "you measured from the *first* purchase (that is the customer's tenure); "
                    "recency counts from the *last* purchase.",
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
# ### Question 3: frequency and monetary value
#
# For the same customers, compute from `purchases`:
#
# - `frequency`: the number of purchases of each customer (every row of `purchases`
#   counts, also two orders on the same day; the first purchase counts too);
# - `monetary`: the **total** net `revenue` of each customer's purchases, in yuan (the
#   chapter's `monetary_total`, the value the M score is based on; not the mean per
#   purchase and not `gross_revenue`).
#
# Both are pandas Series indexed by `customer_id`, with the same customers as `recency`.

# %% [raw]
# # BEGIN SOLUTION

# %%
by_customer = purchases.groupby("customer_id")  # SOLUTION NO PROMPT
frequency = by_customer["order_id"].count()  # SOLUTION
monetary = by_customer["revenue"].sum()  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q3_form(frequency, monetary):
    import pandas as pd

    from crmkit.exercises import check_customer_series

    check_customer_series(frequency, "frequency")
    check_customer_series(monetary, "monetary")
    if pd.api.types.is_bool_dtype(frequency.dtype):
        raise AssertionError(
            "`frequency` holds True/False; it should count the purchases of each customer, "
            "e.g. with .size() or .count() on the groups of `purchases`."
        )
    bad = (frequency % 1 != 0) | (frequency < 1)
    if bad.any():
        raise AssertionError(
            "`frequency` counts purchases, so every value should be a whole number of at "
            "least 1 (a customer in `purchases` bought at least once), but "
            f"{int(bad.sum())} value(s) are not, e.g. {frequency[bad].iloc[0]}."
        )
    if (monetary <= 0).any():
        raise AssertionError(
            f"`monetary` is 0 or less for {int((monetary <= 0).sum())} customer(s), but every "
            "purchase has revenue above 0. Add up `revenue` over the rows of `purchases`."
        )


# %%
# HIDDEN
def test_q3_value(frequency, monetary, n_purchases, STUDENT_ID):
    import pandas as pd

    from crmkit import rfm
    from crmkit.exercises import builds_on, check_customer_series, check_series_close, load

    tx = load("transactions", STUDENT_ID)
    mail_date = pd.Timestamp("2025-06-02")
    before = tx[tx["order_date"] < mail_date]
    purchases = before[before["revenue"] > 0]
    with builds_on(n_purchases=(n_purchases, len(purchases), "question 1")):
        check_customer_series(frequency, "frequency", index_only=True)
        check_customer_series(monetary, "monetary", index_only=True)
        summary = rfm.rfm_summary(purchases, analysis_date=mail_date)
        want = set(summary.index)
        for name, value in [("frequency", frequency), ("monetary", monetary)]:
            got = set(value.index)
            if got != want:
                message = (
                    f"`{name}` should have one entry for each of the {len(want):,} customers "
                    f"with at least one purchase before 2 June 2025 (the customers of "
                    f"`recency`); yours has {len(got):,} entries, {len(got - want):,} of them "
                    f"for other customers, and misses {len(want - got):,}."
                )
                if got == set(before["customer_id"]):
                    message += (
                        " Hint: you kept customers whose only orders before the mail date have "
                        "revenue 0 or less; group the rows of `purchases`."
                    )
                elif got == set(tx.loc[tx["revenue"] > 0, "customer_id"]):
                    message += " Hint: you used orders placed on or after the mail date."
                raise AssertionError(message)
        ids = summary.index
        f_expected = summary["frequency"]
        every_order = before.groupby("customer_id").size().reindex(ids)
        days = purchases.groupby("customer_id")["order_date"].nunique().reindex(ids)
        check_series_close(
            frequency,
            f_expected,
            "frequency",
            label_kind="customer",
            what="number of purchases",
            hints=[
                (
                    every_order,
                    "you counted orders with revenue 0 or less too; count the rows of `purchases`.",
                ),
                (
                    f_expected - 1,
                    "that is the number of *repeat* purchases (the buy-till-you-die convention); "
                    "the segmentation convention counts every purchase, the first one included.",
                ),
                (
                    days,
                    "you counted the days with a purchase; two orders on the same day are two "
                    "purchases.",
                ),
            ],
        )
        grouped = purchases.groupby("customer_id")
        whole_window = tx[tx["revenue"] > 0].groupby("customer_id")["revenue"].sum().reindex(ids)
        check_series_close(
            monetary,
            summary["monetary_total"],
            "monetary",
            label_kind="customer",
            what="total net revenue per customer, yuan",
            hints=[
                (
                    summary["monetary_mean"],
                    "that is the mean revenue per purchase; the question asks for the total (sum).",
                ),
                (
                    grouped["gross_revenue"].sum(),
                    "you added up `gross_revenue` (before returns); use the net `revenue`.",
                ),
                (grouped["margin"].sum(), "you added up `margin`; use `revenue`."),
                (
                    whole_window,
                    "you added up the revenue of the whole window; only purchases before "
                    "2 June 2025 count.",
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
# points: 1
# all_or_nothing: true

# %% [markdown]
# ### Question 4: one-time buyers
#
# What share of the customers with at least one purchase before the mail date (the
# customers of `frequency`) have bought exactly once? Store it in `share_one_time` as a
# fraction between 0 and 1 (for example 0.25, not 25%).

# %% [raw]
# # BEGIN SOLUTION

# %%
share_one_time = float((frequency == 1).mean())  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q4_form(share_one_time):
    from crmkit.exercises import check_number

    check_number(
        share_one_time,
        "share_one_time",
        kind="share",
        what="the share of customers who bought exactly once",
    )


# %%
# HIDDEN
def test_q4_value(share_one_time, frequency, STUDENT_ID):
    import pandas as pd

    from crmkit.exercises import builds_on, check_close, data_slip, load

    tx = load("transactions", STUDENT_ID)
    n_customers = len(load("customers", STUDENT_ID))
    mail_date = pd.Timestamp("2025-06-02")
    before = tx[tx["order_date"] < mail_date]
    purchases = before[before["revenue"] > 0]
    freq = purchases.groupby("customer_id").size()
    all_orders = before.groupby("customer_id").size()
    window = tx[tx["revenue"] > 0].groupby("customer_id").size()
    with builds_on(frequency=(frequency, freq, "question 3")):
        check_close(
            share_one_time,
            float((freq == 1).mean()),
            "share_one_time",
            what="the share of customers who bought exactly once",
            hints=[
                (
                    float((freq == 1).sum() / n_customers),
                    "you divided by every customer in the customer file; divide by the "
                    "customers with at least one purchase before the mail date.",
                ),
                (
                    float((freq > 1).mean()),
                    "that is the share who bought more than once, the other group.",
                ),
                data_slip(
                    float((all_orders == 1).mean()),
                    "you counted orders with revenue 0 or less as purchases; use `frequency` "
                    "from question 3.",
                ),
                (
                    float((window == 1).mean()),
                    "you counted the orders of the whole window; only purchases before "
                    "2 June 2025 count.",
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
# ### Question 5: the R score
#
# Code recency into Hughes' quintile score R, from 1 to 5 with **5 = most recent**, the
# way the chapter does it (independent sorting over all the customers of `recency`,
# ties kept together, crmkit's default `ties="keep"`):
#
# 1. sort the n values of `recency` from the worst to the best customer, that is from
#    the *largest* recency (least recent) to the smallest;
# 2. the j-th cut point c_j (j = 1, 2, 3, 4) is the value in position ⌈j·n/5⌉ of the
#    sorted list, counting positions from 1 (so with n = 3,000 the positions are 600,
#    1,200, 1,800 and 2,400);
# 3. R is 1 plus the number of cut points that are *strictly worse* than the customer,
#    that is strictly *larger* than their recency (so a customer on a cut point gets the
#    lower code, as on F and M in question 6, and customers with equal recency always get
#    the same code, even if the codes then do not hold exactly a fifth each).
#
# Store the scores in `r_score`: a pandas Series of whole numbers 1 to 5, indexed by
# `customer_id` like `recency`. *Hint:* `np.ceil`, `.sort_values(ascending=False)` and
# `.iloc[]` give the cut points; `(recency < c)` is True/False, and True counts as 1 when
# you add it up.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: the positions (counted from 1) and the cut points, least recent first
n = len(recency)  # SOLUTION NO PROMPT
positions = np.ceil(np.arange(1, 5) * n / 5).astype(int)  # SOLUTION NO PROMPT
r_cuts = recency.sort_values(ascending=False).iloc[positions - 1].to_numpy()  # SOLUTION NO PROMPT
# Step 2: 1 + the number of cut points strictly larger (worse) than the recency
r_score = 1 + sum((recency < c).astype(int) for c in r_cuts)  # SOLUTION
r_score

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q5_form(r_score):
    import pandas as pd

    from crmkit.exercises import check_customer_series

    check_customer_series(r_score, "r_score", index_only=True)
    if not pd.api.types.is_integer_dtype(r_score.dtype):
        raise AssertionError(
            "`r_score` should hold whole numbers from 1 to 5, but its values are of type "
            f"{r_score.dtype}. Convert with .astype(int) if they are decimals (question 6 "
            "turns the scores into text, and 5.0 would become '5.0'), or compute the bins "
            "by counting cut points (labels from pd.cut/qcut are categories)."
        )
    bad = ~r_score.isin([1, 2, 3, 4, 5])
    if bad.any():
        raise AssertionError(
            f"`r_score` should only hold the scores 1, 2, 3, 4 and 5, but "
            f"{int(bad.sum())} customer(s) have other values, e.g. {r_score[bad].iloc[0]}."
        )


# %%
# HIDDEN
def test_q5_value(r_score, recency, STUDENT_ID):
    import numpy as np
    import pandas as pd

    from crmkit import rfm
    from crmkit.exercises import (
        builds_on,
        check_customer_series,
        check_series_close,
        data_slip,
        load,
    )

    tx = load("transactions", STUDENT_ID)
    mail_date = pd.Timestamp("2025-06-02")
    before = tx[tx["order_date"] < mail_date]
    summary = rfm.rfm_summary(before[before["revenue"] > 0], analysis_date=mail_date)
    with builds_on(recency=(recency, summary["recency"], "question 2")):
        check_customer_series(r_score, "r_score", index_only=True)
        want, got = set(summary.index), set(r_score.index)
        if got != want:
            raise AssertionError(
                f"`r_score` should have one entry for each of the {len(want):,} customers of "
                f"`recency`; yours has {len(got):,} entries, {len(got - want):,} of them for "
                f"other customers, and misses {len(want - got):,}. Compute it from `recency`."
            )
        expected = rfm.rfm_score(summary).scores["R"]
        first = rfm.rfm_score(summary, ties="first").scores["R"]
        rec = summary["recency"]
        by_rank = 5 - pd.qcut(rec.rank(method="first"), 5, labels=False)

        def by_cuts(values):
            return 1 + sum((rec < c).astype(int) for c in values)

        n = len(rec)
        j = np.arange(1, 5)
        ordered = rec.sort_values(ascending=False)
        positions = np.ceil(j * n / 5).astype(int)
        cuts = ordered.iloc[positions - 1].to_numpy()
        left_closed = 1 + sum((rec <= c).astype(int) for c in cuts)
        # the rule before crmkit treated ties alike on R, F and M: sort from smallest to
        # largest and reverse the bins, which gave a customer on a cut point the higher R
        ascending_cuts = rec.sort_values().iloc[positions - 1].to_numpy()
        reversed_bins = 6 - (1 + sum((rec > c).astype(int) for c in ascending_cuts))
        one_too_far = by_cuts(ordered.iloc[np.minimum(positions, n - 1)].to_numpy())
        rounded_down = by_cuts(ordered.iloc[np.floor(j * n / 5).astype(int) - 1].to_numpy())
        interpolated = by_cuts(rec.quantile(1 - j / 5).to_numpy())
        try:
            check_series_close(
                r_score,
                expected,
                "r_score",
                label_kind="customer",
                what="R score",
                hints=[
                    (
                        6 - expected,
                        "your scores are upside down: the most recent customers (fewest days since "
                        "the last purchase) should score 5.",
                    ),
                    (
                        first,
                        "you broke ties (e.g. with rank(method='first')), so customers with the same "
                        "recency got different scores; the chapter keeps them together: code every "
                        "customer by the four cut points.",
                    ),
                    (
                        by_rank,
                        "you broke ties with rank(method='first'), so customers with the same "
                        "recency got different scores; the chapter keeps them together: code every "
                        "customer by the four cut points.",
                    ),
                    (
                        left_closed,
                        "a customer whose recency equals a cut point gets the lower code: sort "
                        "recency from largest to smallest and count only the cut points strictly "
                        "larger than the recency.",
                    ),
                    (
                        reversed_bins,
                        "you sorted recency from smallest to largest and reversed the bins, which "
                        "gives customers on a cut point the higher code; sort from the largest "
                        "recency to the smallest and count only the cut points strictly larger "
                        "than the recency.",
                    ),
                    data_slip(
                        one_too_far,
                        "your cut points are one position too far down the sorted list: the "
                        "position ⌈j·n/5⌉ counts from 1, and .iloc counts from 0, so the cut "
                        "point is .iloc[position - 1].",
                    ),
                    data_slip(
                        rounded_down,
                        "you rounded the positions j·n/5 down; round them up (np.ceil).",
                    ),
                    data_slip(
                        interpolated,
                        "you took the cut points from .quantile() (or pd.qcut), which interpolates "
                        "between two customers; take the value at position ⌈j·n/5⌉ of the sorted "
                        "list (np.ceil, then .iloc[position - 1]).",
                    ),
                ],
            )
        except AssertionError as error:
            message = str(error)
            n_wrong = int((r_score.reindex(expected.index) != expected).sum())
            if "Hint:" not in message and n_wrong <= 0.05 * len(expected):
                message += (
                    " Hint: only a few customers near the cut points differ. Check the cut "
                    "points (the values at positions ⌈j·n/5⌉ of recency sorted from largest to "
                    "smallest, counted from 1: .iloc[position - 1]) and count only the cut "
                    "points strictly larger than the customer's recency."
                )
            raise AssertionError(message) from None


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
# ### Question 6: F, M and the RFM cell
#
# Code `frequency` into F and `monetary` into M with the same rule as R in question 5
# (over all the customers, ties kept together), except that here a larger value is
# better: sort from the *smallest* value (worst) to the largest, and the code is 1 plus
# the number of cut points strictly *smaller* than the value (1 = fewest purchases,
# least spent).
# Because a quarter of the customers bought exactly once, the F codes will not hold a
# fifth of the customers each: that is expected.
#
# The customer's **RFM cell** (RFM 单元) is the three codes R, F and M written one after
# the other as text, e.g. `"543"` for R = 5, F = 4, M = 3. Store the cells in `cell`: a
# pandas Series of strings indexed by `customer_id`, like `recency`. *Hint:*
# `.astype(str)` turns numbers into text, and `+` joins two Series of text.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: F and M codes, with the rule of question 5 (larger = better)
f_cuts = frequency.sort_values().iloc[positions - 1].to_numpy()  # SOLUTION NO PROMPT
f_score = 1 + sum((frequency > c).astype(int) for c in f_cuts)  # SOLUTION NO PROMPT
m_cuts = monetary.sort_values().iloc[positions - 1].to_numpy()  # SOLUTION NO PROMPT
m_score = 1 + sum((monetary > c).astype(int) for c in m_cuts)  # SOLUTION NO PROMPT
# Step 2: the cell code, e.g. "543"
cell = r_score.astype(str) + f_score.astype(str) + m_score.astype(str)  # SOLUTION
cell

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q6_form(cell):
    import pandas as pd

    from crmkit.exercises import check_customer_series

    check_customer_series(cell, "cell", index_only=True)
    if pd.api.types.is_numeric_dtype(cell.dtype):
        raise AssertionError(
            "`cell` should hold text such as '543', but its values are numbers "
            f"({cell.dtype}). Join the three codes as text: r.astype(str) + f.astype(str) + ..."
        )
    text = cell.astype(str)
    bad = ~text.str.fullmatch(r"[1-5]{3}")
    if bad.any():
        raise AssertionError(
            f"`cell` should hold three digits from 1 to 5 such as '543' for every customer, "
            f"but {int(bad.sum())} value(s) look different, e.g. {text[bad].iloc[0]!r}."
        )


# %%
# HIDDEN
def test_q6_value(cell, frequency, monetary, r_score, STUDENT_ID):
    import pandas as pd

    from crmkit import rfm
    from crmkit.exercises import builds_on, check_customer_series, load

    tx = load("transactions", STUDENT_ID)
    mail_date = pd.Timestamp("2025-06-02")
    before = tx[tx["order_date"] < mail_date]
    summary = rfm.rfm_summary(before[before["revenue"] > 0], analysis_date=mail_date)
    r_right = rfm.rfm_score(summary).scores["R"]
    with builds_on(
        frequency=(frequency, summary["frequency"], "question 3"),
        monetary=(monetary, summary["monetary_total"], "question 3"),
        r_score=(r_score, r_right, "question 5"),
    ):
        check_customer_series(cell, "cell", index_only=True)
        want, got = set(summary.index), set(cell.index)
        if got != want:
            raise AssertionError(
                f"`cell` should have one entry for each of the {len(want):,} customers of "
                f"`recency`; yours has {len(got):,} entries, {len(got - want):,} of them for "
                f"other customers, and misses {len(want - got):,}."
            )

        def cells(scores):
            return scores["R"].astype(str) + scores["F"].astype(str) + scores["M"].astype(str)

        right = rfm.rfm_score(summary).scores
        expected = cells(right)
        yours = cell.astype(str).reindex(expected.index)
        wrong = yours != expected
        if not wrong.any():
            return
        examples = "; ".join(
            f"customer {k}: yours {yours[k]!r}, expected {expected[k]!r}"
            for k in expected.index[wrong][:3]
        )
        message = (
            f"`cell` does not match what your data gives for {int(wrong.sum()):,} of "
            f"{len(expected):,} customers ({examples})."
        )
        alternatives = [
            (
                cells(rfm.rfm_score(summary, ties="first").scores),
                "you broke ties between equal values, so equal customers got different codes; "
                "keep ties together and code everybody by the four cut points.",
            ),
            (
                cells(rfm.rfm_score(summary, monetary="monetary_mean").scores),
                "your M code is based on the mean revenue per purchase; use the total, "
                "`monetary` from question 3.",
            ),
            (
                cells(rfm.rfm_score(summary, method="nested").scores),
                "that is nested sorting (F within each R group, M within each R-F group); "
                "the question asks for independent sorting over all customers.",
            ),
            (
                cells(right.assign(F=6 - right["F"], M=6 - right["M"])),
                "your F and M codes are upside down: the most frequent customers and the "
                "biggest spenders should score 5.",
            ),
            (
                cells(right.assign(R=6 - right["R"])),
                "your R digit is upside down: the most recent customers should have R = 5.",
            ),
            (
                right["M"].astype(str) + right["F"].astype(str) + right["R"].astype(str),
                "your digits are in the wrong order: R first, then F, then M.",
            ),
        ]
        for alternative, hint in alternatives:
            if (yours == alternative.astype(str)).all():
                message += f" Hint: {hint}"
                break
        else:
            names = {"R": "recency", "F": "frequency", "M": "monetary"}
            columns = {"R": "recency", "F": "frequency", "M": "monetary_total"}
            for position, axis in enumerate("RFM"):
                digit = yours.str[position]
                n_wrong = int((digit != right[axis].astype(str)).sum())
                if not n_wrong:
                    continue
                message += f" The {axis} digit (digit {position + 1}) is wrong for {n_wrong:,} customers."
                split = digit.groupby(summary[columns[axis]]).nunique()
                if (split > 1).any():
                    message += (
                        f" Customers with the same {names[axis]} got different {axis} codes (e.g. "
                        f"{names[axis]} {split[split > 1].index[0]}): keep ties together and code "
                        "everybody by the four cut points."
                    )
                else:
                    message += (
                        f" Check the {axis} cut points: the values at positions ⌈j·n/5⌉ of the "
                        f"sorted {names[axis]}, counted from 1 (np.ceil, then .iloc[position - 1], "
                        "not .quantile()), and count only the cut points strictly smaller than "
                        "the customer's value."
                    )
        raise AssertionError(message)


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
# ### Question 7: the response rate of the test mailing
#
# The `mailing` table has one row per customer mailed on 2 June 2025, and `responded`
# says whether they ordered from the catalogue. Some mailed customers may have no purchase
# before the mail date (only fully returned orders), so they have no RFM score; as in the
# chapter, set them aside and keep only the mailed customers who appear in `recency`.
#
# What share of these scored, mailed customers responded? Store it in `response_rate`
# as a fraction between 0 and 1. Keep the scored rows of `mailing` in a DataFrame
# `scored_mail`: you need it in questions 8 and 9.

# %% [raw]
# # BEGIN SOLUTION

# %%
scored_mail = mailing[mailing["customer_id"].isin(recency.index)]  # SOLUTION
response_rate = float(scored_mail["responded"].mean())  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q7_form(response_rate):
    from crmkit.exercises import check_number

    check_number(
        response_rate,
        "response_rate",
        kind="share",
        what="the share of scored, mailed customers who responded",
    )


# %%
# HIDDEN
def test_q7_value(response_rate, recency, STUDENT_ID):
    import pandas as pd

    from crmkit import rfm
    from crmkit.exercises import builds_on, check_close, data_slip, load

    tx = load("transactions", STUDENT_ID)
    mail = load("mailing", STUDENT_ID)
    mail_date = pd.Timestamp("2025-06-02")
    scored = tx.loc[(tx["order_date"] < mail_date) & (tx["revenue"] > 0), "customer_id"]
    scored = scored.unique()
    in_scored = mail[mail["customer_id"].isin(scored)]
    summary = rfm.rfm_summary(
        tx[(tx["order_date"] < mail_date) & (tx["revenue"] > 0)], analysis_date=mail_date
    )
    with builds_on(recency=(recency, summary["recency"], "question 2")):
        check_close(
            response_rate,
            float(in_scored["responded"].mean()),
            "response_rate",
            what="the share of scored, mailed customers who responded",
            hints=[
                data_slip(
                    float(mail["responded"].mean()),
                    "you kept the mailed customers without a purchase before the mail date; "
                    "keep only those in `recency`.",
                ),
                (
                    float(in_scored["responded"].sum() / len(scored)),
                    "you divided by every scored customer; divide by the scored customers "
                    "who were mailed.",
                ),
                data_slip(
                    float((in_scored["response_revenue"] > 0).sum() / len(mail)),
                    "divide the responders by the scored, mailed customers only.",
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
# points: 1
# all_or_nothing: true

# %% [markdown]
# ### Question 8: the break-even response rate
#
# Mailing a customer pays when the chance of a response times the margin per response
# exceeds the cost of the piece. Following Hughes and the chapter, use one margin per
# response for every cell:
#
# - margin per response = `MARGIN_RATE` x the mean `response_revenue` of the customers in
#   `scored_mail` who **responded** (non-responders have revenue 0 and are not averaged);
# - **break-even response rate** (盈亏平衡响应率) = `COST_PER_PIECE` / margin per response.
#
# Store the margin per response (yuan) in `margin_per_response` (you need it in question
# 9) and the break-even response rate in `breakeven_rate`, as a fraction between 0 and 1.

# %% [raw]
# # BEGIN SOLUTION

# %%
responders = scored_mail[scored_mail["responded"]]  # SOLUTION NO PROMPT
margin_per_response = MARGIN_RATE * responders["response_revenue"].mean()  # SOLUTION
breakeven_rate = COST_PER_PIECE / margin_per_response  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q8_form(margin_per_response, breakeven_rate):
    from crmkit.exercises import check_number

    check_number(
        margin_per_response,
        "margin_per_response",
        minimum=0.01,
        what="the margin per response, yuan",
    )
    check_number(
        breakeven_rate,
        "breakeven_rate",
        kind="share",
        what="the break-even response rate",
    )


# %%
# HIDDEN
def test_q8_value(margin_per_response, breakeven_rate, response_rate, STUDENT_ID):
    import pandas as pd

    from crmkit.exercises import builds_on, check_close, load

    tx = load("transactions", STUDENT_ID)
    mail = load("mailing", STUDENT_ID)
    mail_date = pd.Timestamp("2025-06-02")
    scored = tx.loc[(tx["order_date"] < mail_date) & (tx["revenue"] > 0), "customer_id"]
    in_scored = mail[mail["customer_id"].isin(scored.unique())]
    revenue = in_scored["response_revenue"]
    mean_response = revenue[in_scored["responded"]].mean()
    rate = float(in_scored["responded"].mean())
    with builds_on(response_rate=(response_rate, rate, "question 7")):
        check_close(
            margin_per_response,
            float(0.30 * mean_response),
            "margin_per_response",
            what="the margin per response, yuan",
            hints=[
                (
                    float(mean_response),
                    "that is the mean revenue per response; the margin is MARGIN_RATE times it.",
                ),
                (
                    float(0.30 * revenue.mean()),
                    "you averaged `response_revenue` over every mailed customer, zeros "
                    "included; average it over the customers who responded.",
                ),
                (
                    float(0.30 * revenue.sum()),
                    "that is the margin of all responses together; divide by the number of "
                    "responses (take the mean).",
                ),
            ],
        )
        check_close(
            breakeven_rate,
            float(6.0 / (0.30 * mean_response)),
            "breakeven_rate",
            what="the break-even response rate",
            hints=[
                (
                    float(6.0 / mean_response),
                    "you divided the cost by the revenue per response; divide it by the "
                    "*margin* per response, MARGIN_RATE times that revenue.",
                ),
                (
                    float(6.0 / (0.30 * revenue.mean())),
                    "you averaged `response_revenue` over every mailed customer, zeros "
                    "included; average it over the customers who responded.",
                ),
                (
                    float(6.0 / (0.30 * revenue[in_scored["responded"]].median())),
                    "you used the median response order; use the mean.",
                ),
                (
                    float(0.30 * mean_response / 6.0),
                    "that is the margin per response divided by the cost; the break-even "
                    "rate is the cost divided by the margin per response.",
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
# points: 3
# all_or_nothing: true

# %% [markdown]
# ### Question 9: the roll-out decision
#
# Give every customer in `scored_mail` their `cell` from question 6. For each cell with
# at least one mailed customer, the cell's **response rate** is the number of responders
# divided by the number mailed in that cell. A cell is **rolled out** (mailed to the rest
# of its customers) when its response rate is *strictly above* `breakeven_rate` (its
# break-even index is above 0).
#
# - `n_rollout_cells`: the number of cells rolled out (a whole number);
# - `rollout_profit`: the profit in yuan the roll-out is expected to earn if the
#   customers not yet mailed respond at their cell's test rate. For each rolled-out cell,
#   take the customers of `cell` who are **not** in `scored_mail` and multiply their number
#   by (cell response rate x `margin_per_response` - `COST_PER_PIECE`); add up over the
#   rolled-out cells.
#
# *Hint:* `.map(cell)` on the `customer_id` column looks up each mailed customer's cell.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: response rate of each cell in the test
mailed_cell = scored_mail["customer_id"].map(cell)  # SOLUTION NO PROMPT
cell_rate = scored_mail.groupby(mailed_cell)["responded"].mean()  # SOLUTION NO PROMPT
# Step 2: the cells that beat break-even
chosen = cell_rate[cell_rate > breakeven_rate]  # SOLUTION NO PROMPT
n_rollout_cells = len(chosen)  # SOLUTION
# Step 3: customers of each cell who were not mailed, and the expected profit
not_mailed = cell[~cell.index.isin(scored_mail["customer_id"])]  # SOLUTION NO PROMPT
pool = not_mailed.value_counts().reindex(chosen.index, fill_value=0)  # SOLUTION NO PROMPT
rollout_profit = float((pool * (chosen * margin_per_response - COST_PER_PIECE)).sum())  # SOLUTION
n_rollout_cells, rollout_profit

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q9_form(n_rollout_cells, rollout_profit):
    from crmkit.exercises import check_number

    check_number(
        n_rollout_cells,
        "n_rollout_cells",
        kind="count",
        maximum=125,
        what="the number of cells rolled out",
    )
    check_number(rollout_profit, "rollout_profit", what="the expected roll-out profit, yuan")


# %%
# HIDDEN
def test_q9_value(
    n_rollout_cells,
    rollout_profit,
    cell,
    margin_per_response,
    breakeven_rate,
    response_rate,
    STUDENT_ID,
):
    import pandas as pd

    from crmkit import rfm
    from crmkit.exercises import builds_on, check_close, data_slip, load

    tx = load("transactions", STUDENT_ID)
    mail = load("mailing", STUDENT_ID)
    mail_date = pd.Timestamp("2025-06-02")
    before = tx[tx["order_date"] < mail_date]
    summary = rfm.rfm_summary(before[before["revenue"] > 0], analysis_date=mail_date)
    scores = rfm.rfm_score(summary)
    scored_mail = mail[mail["customer_id"].isin(summary.index)]
    table = rfm.mailing_analysis(scores, scored_mail, cost_per_piece=6.0, margin_rate=0.30)
    chosen = table[table["rollout"]]
    above_average = table["response_rate"] > scored_mail["responded"].mean()
    same_cells = bool((above_average == table["rollout"]).all())

    def _pair(wrong, hint):
        return (wrong, hint)

    right_cells = scores.scores["cell"].astype(str)
    rate = float(scored_mail["responded"].mean())
    with builds_on(
        response_rate=(response_rate, rate, "question 7"),
        cell=(cell, right_cells, "question 6"),
        margin_per_response=(
            margin_per_response, table["margin_per_response"].iloc[0], "question 8"
        ),
        breakeven_rate=(breakeven_rate, table["breakeven_rate"].iloc[0], "question 8"),
    ):
        check_close(
            n_rollout_cells,
            len(chosen),
            "n_rollout_cells",
            what="the number of cells rolled out",
            hints=[
                # the same cells either way: the slip changes nothing on these data
                (data_slip if same_cells else _pair)(
                    int(above_average.sum()),
                    "you compared each cell with the overall response rate; compare it with "
                    "the break-even response rate.",
                ),
                (
                    len(table),
                    "that is every cell with a mailed customer; keep those above break-even.",
                ),
                (
                    int((table["response_rate"] < table["breakeven_rate"]).sum()),
                    "those are the cells *below* break-even.",
                ),
                (
                    int(chosen["rollout_customers"].sum()),
                    "that is the number of customers to mail, not the number of cells.",
                ),
            ],
        )
        mpr = table["margin_per_response"].iloc[0]
        everyone = scores.scores.groupby("cell", observed=True).size()
        everyone = everyone.reindex(chosen["cell"]).to_numpy()
        revenue_per_response = mpr / 0.30
        check_close(
            rollout_profit,
            float(chosen["rollout_profit"].sum()),
            "rollout_profit",
            rtol=1e-6,
            what="the expected roll-out profit, yuan",
            hints=[
                (
                    float(chosen["profit"].sum()),
                    "that is what the test mailing earned in the chosen cells; the question "
                    "asks for the roll-out to their customers who were not mailed yet.",
                ),
                (
                    float(table["rollout_profit"].sum()),
                    "you added up every cell, also those below break-even; keep only the cells "
                    "rolled out.",
                ),
                (
                    float((chosen["response_rate"] * mpr - 6.0).sum()),
                    "you added up the expected profit *per customer* of the chosen cells; "
                    "multiply each by the number of the cell's customers not yet mailed.",
                ),
                (
                    float((chosen["mailed"] * (chosen["response_rate"] * mpr - 6.0)).sum()),
                    "you multiplied by the number of customers mailed in the test; the roll-out "
                    "mails the cell's *other* customers (those of `cell` not in `scored_mail`).",
                ),
                (
                    float((everyone * (chosen["response_rate"] * mpr - 6.0)).sum()),
                    "you counted every customer of the chosen cells; the customers already "
                    "mailed in the test are not mailed again.",
                ),
                (
                    float(
                        (
                            chosen["rollout_customers"]
                            * (chosen["response_rate"] * revenue_per_response - 6.0)
                        ).sum()
                    ),
                    "you used the revenue per response; a response earns only its margin, "
                    "`margin_per_response`.",
                ),
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
# ### Question 10: the incremental response (增量响应), with its interval
#
# The response rate of question 7 is *gross*: it counts everyone who ordered from the
# catalogue, including customers who would have bought in those weeks anyway. Lanting
# mailed a *random* share of its past buyers, so the past buyers it did not mail are a
# **control group (对照组)**, and the difference of the two groups' buying rates is what
# the mailing caused (section 8.7 of the chapter). Rules:
#
# * the *eligible* customers are those with at least one purchase (`revenue` above 0)
#   before `MAIL_DATE` (the customers of `recency`); the *mailed* are the eligible
#   customers in `mailing`, the *unmailed* (control) all other eligible customers;
# * an eligible customer *bought* if they have a catalogue order (`responded` in
#   `mailing`) or an order in `transactions` with `revenue` above 0 dated from
#   `MAIL_DATE` (included) to `MAIL_DATE + pd.Timedelta(days=30)` (excluded);
# * p1 = the share of the mailed who bought (k1 buyers of n1), p0 = the same share among
#   the unmailed (k0 of n0), and `incremental` = p1 − p0;
# * its 95% interval (Newcombe's method, 纽科姆区间) combines the **Wilson intervals
#   (威尔逊区间)** (l1, u1) of p1 and (l0, u0) of p0:
#   `incremental_low` = p1 − p0 − sqrt((p1 − l1)² + (u0 − p0)²) and
#   `incremental_high` = p1 − p0 + sqrt((u1 − p1)² + (p0 − l0)²).
#
# The Wilson interval of k buyers of n, with p = k / n and z = 1.959964
# (`scipy.stats.norm.ppf(0.975)`; not 1.96), is centre ± half with
# centre = (p + z²/(2n)) / (1 + z²/n) and half = z / (1 + z²/n) × sqrt(p(1 − p)/n + z²/(4n²));
# `crmkit.mailing_inference.response_interval([k1, k0], [n1, n0])` gives both. Store the
# three numbers (shares, not percent; do not round them). Afterwards,
# `mailing_inference.incremental_response(bought, mailed)` (two Series of True/False
# indexed by the eligible customers) gives the same row.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: the eligible customers, who was mailed, who bought in the 30 days
from crmkit import mailing_inference

past_buyers = pd.Index(transactions.loc[(transactions["order_date"] < MAIL_DATE) & (transactions["revenue"] > 0), "customer_id"].unique())  # SOLUTION NO PROMPT
in_window = (transactions["order_date"] >= MAIL_DATE) & (transactions["order_date"] < MAIL_DATE + pd.Timedelta(days=30)) & (transactions["revenue"] > 0)  # SOLUTION NO PROMPT
catalogue_buyers = mailing.loc[mailing["responded"], "customer_id"]  # SOLUTION NO PROMPT
was_mailed = pd.Series(past_buyers.isin(mailing["customer_id"]), index=past_buyers)  # SOLUTION NO PROMPT
bought = pd.Series(past_buyers.isin(transactions.loc[in_window, "customer_id"]) | past_buyers.isin(catalogue_buyers), index=past_buyers)  # SOLUTION NO PROMPT
# Step 2: the two rates, their Wilson intervals and the difference
k1, n1, k0, n0 = int(bought[was_mailed].sum()), int(was_mailed.sum()), int(bought[~was_mailed].sum()), int((~was_mailed).sum())  # SOLUTION NO PROMPT
wilson = mailing_inference.response_interval(responses=[k1, k0], mailed=[n1, n0])  # SOLUTION NO PROMPT
(p1, l1, u1), (p0, l0, u0) = wilson.to_numpy()  # SOLUTION NO PROMPT
incremental = float(p1 - p0)  # SOLUTION
incremental_low = float(p1 - p0 - np.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2))  # SOLUTION
incremental_high = float(p1 - p0 + np.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2))  # SOLUTION
incremental, incremental_low, incremental_high

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q10_form(incremental, incremental_low, incremental_high):
    from crmkit.exercises import check_number

    for value, name, what in (
        (incremental, "incremental", "the mailed minus the unmailed buying rate"),
        (incremental_low, "incremental_low", "the lower end of its 95% interval"),
        (incremental_high, "incremental_high", "the upper end of its 95% interval"),
    ):
        check_number(value, name, minimum=-1, maximum=1, what=what)
    if not incremental_low <= incremental <= incremental_high:
        raise AssertionError(
            "`incremental` should lie between `incremental_low` and `incremental_high`; "
            "did you swap them?"
        )


# %%
# HIDDEN
def test_q10_value(incremental, incremental_low, incremental_high, STUDENT_ID):
    import numpy as np
    import pandas as pd

    from crmkit import mailing_inference
    from crmkit.exercises import check_close, data_slip, load

    tx = load("transactions", STUDENT_ID)
    mail = load("mailing", STUDENT_ID)
    mail_date = pd.Timestamp("2025-06-02")
    eligible = pd.Index(
        tx.loc[(tx["order_date"] < mail_date) & (tx["revenue"] > 0), "customer_id"].unique()
    )
    mailed = pd.Series(eligible.isin(mail["customer_id"]), index=eligible)
    catalogue = eligible.isin(mail.loc[mail["responded"], "customer_id"])

    def bought(days=30, closed=False, orders=True, cat=True):
        end = mail_date + pd.Timedelta(days=days)
        late = tx["order_date"] <= end if closed else tx["order_date"] < end
        rows = (tx["order_date"] >= mail_date) & late & (tx["revenue"] > 0)
        hit = eligible.isin(tx.loc[rows, "customer_id"]) if orders else np.zeros(len(eligible), bool)
        return pd.Series(hit | (catalogue if cat else False), index=eligible)

    def diff(b):
        return b[mailed].mean() - b[~mailed].mean()

    b = bought()
    right = mailing_inference.incremental_response(b, mailed).iloc[0]
    scored = mail[mail["customer_id"].isin(eligible)]
    p1, p0 = b[mailed].mean(), b[~mailed].mean()
    n1, n0 = int(mailed.sum()), int((~mailed).sum())
    z = 1.959963984540054
    wald = z * np.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)

    def wilson(p, n, zz):
        centre = (p + zz**2 / (2 * n)) / (1 + zz**2 / n)
        half = zz / (1 + zz**2 / n) * np.sqrt(p * (1 - p) / n + zz**2 / (4 * n**2))
        return centre - half, centre + half

    def newcombe(zz):
        (l1, u1), (l0, u0) = wilson(p1, n1, zz), wilson(p0, n0, zz)
        d = p1 - p0
        return d - np.hypot(p1 - l1, u0 - p0), d + np.hypot(u1 - p1, p0 - l0)

    z196 = newcombe(1.96)
    check_close(
        incremental,
        right["incremental"],
        "incremental",
        what="the mailed minus the unmailed buying rate",
        hints=[
            (float(scored["responded"].mean()), "that is the gross response rate of the "
             "mailed (question 7); the incremental response subtracts the buying rate of "
             "the unmailed customers."),
            (p1, "that is the buying rate of the mailed alone; subtract the buying rate of "
             "the unmailed customers."),
            (p1 - b.mean(), "you computed the unmailed rate over all eligible customers; "
             "the control group is the eligible customers who were *not* mailed."),
            (diff(bought(cat=False)), "you counted only ordinary orders; a catalogue order "
             "(`responded`) is a purchase too."),
            (diff(bought(closed=True)), "your window includes MAIL_DATE + 30 days; it "
             "ends the day before (`order_date < MAIL_DATE + pd.Timedelta(days=30)`)."),
            (p0 - p1, "you subtracted the other way round: mailed minus unmailed."),
        ],
    )
    check_close(
        incremental_low,
        right["incremental_low"],
        "incremental_low",
        what="the lower end of the 95% interval",
        hints=[
            (p1 - p0 - wald, "that is the normal (Wald) interval p1 − p0 ± z × se; use "
             "Newcombe's interval from the two Wilson intervals."),
            data_slip(z196[0], "you used z = 1.96; use z = 1.959964 (`scipy.stats.norm.ppf(0.975)`)."),
            (right["mailed_low"] - p0, "you shifted the mailed rate's Wilson interval by "
             "p0; combine both Wilson intervals: p1 − p0 − sqrt((p1 − l1)² + (u0 − p0)²)."),
        ],
    )
    check_close(
        incremental_high,
        right["incremental_high"],
        "incremental_high",
        what="the upper end of the 95% interval",
        hints=[
            (p1 - p0 + wald, "that is the normal (Wald) interval p1 − p0 ± z × se; use "
             "Newcombe's interval from the two Wilson intervals."),
            data_slip(z196[1], "you used z = 1.96; use z = 1.959964 (`scipy.stats.norm.ppf(0.975)`)."),
            (right["mailed_high"] - p0, "you shifted the mailed rate's Wilson interval by "
             "p0; combine both Wilson intervals: p1 − p0 + sqrt((u1 − p1)² + (p0 − l0)²)."),
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
