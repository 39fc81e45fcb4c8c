# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercises 05: Satisfaction and profit statistics (满意度与利润)
#
# These exercises go with chapter 5. On your own copy of the Lanting Trading Co.
# (兰亭商贸) survey, purchase log, **exit interviews (流失客户访谈)** and branch panel
# you will test quoted figures as **hypotheses (研究假设)**: the share who buy again by
# satisfaction group, the **risk ratio (相对风险)** and the **odds ratio (优势比)** behind
# "six times as willing to buy again", the share of exits that name indifference
# against "two thirds", the **lag (滞后)** of satisfaction in the **panel data
# (面板数据)** of the branches, a **fixed effects (固定效应)** regression, and "x per
# cent more satisfaction gives y per cent more profit": eight questions, from easy to
# hard.
#
# Do the mechanics in pandas (and statsmodels for the regressions), as the chapter
# does first. The chapter's module `crmkit.satisfaction` (`from crmkit import
# satisfaction as sp`) computes most of these in one call; you may use it afterwards to
# check your work, and each question says where its conventions and the question's are
# the same.
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
# 4. Keep the file name `05_satisfaction_profit.ipynb` (the checks are stored in it),
#    save, and hand in the notebook as your instructor asks.
#
# ## Conventions (as in the chapter)
#
# * The `survey` table has one row per respondent (`customer_id` appears once), all
#   surveyed on the same `survey_date`. `overall_satisfaction` is a whole number from 1
#   to 10. The chapter's **satisfaction groups** are: *dissatisfied* 1 to 4, *neutral*
#   5 or 6, *satisfied* 7 or 8, *very satisfied* 9 or 10 (both ends included).
# * A *purchase* is an order (a row of `transactions`) with `revenue` above 0. A
#   respondent *bought again* if they made at least one purchase strictly after their
#   `survey_date` and at most 180 days after it: `order_date > survey_date` and
#   `order_date <= survey_date + pd.Timedelta(days=180)` (the rule of
#   `ly.stated_vs_actual(survey, transactions, days=180)` of chapter 4, used in section 3,
#   with `from crmkit import loyalty as ly`).
# * The `exits` table has one row per exit interview; `exit_reason` is the reason the
#   leaver gave (every row has one).
# * The `branches` table has one row per branch (`branch_id`) and `year`, 40 branches
#   over 8 years. `satisfaction_index` is on a 0-100 scale, `retention_rate` is a share
#   (0.78 = 78 per cent of last year's customers kept), `revenue`, `cost` and `profit`
#   are in yuan. `crmkit.describe_dataset("branches")` explains every column.
# * A share or a relative change is a fraction (0.25, not 25).

# %%
STUDENT_ID = ""

# %% [markdown]
# The next cell loads the four tables of the world generated from your id (the first
# run takes a second or two).

# %%
import pandas as pd
import statsmodels.formula.api as smf

import crmkit
from crmkit.exercises import load

rng = crmkit.setup_notebook()
survey = load("survey", STUDENT_ID)
transactions = load("transactions", STUDENT_ID)
exits = load("exits", STUDENT_ID)
branches = load("branches", STUDENT_ID)
GROUPS = ["dissatisfied", "neutral", "satisfied", "very satisfied"]
survey.head()

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 2
# all_or_nothing: true

# %% [markdown]
# ### Question 1 · Who bought again, by satisfaction group (重复购买)
#
# For each of the four satisfaction groups (see the conventions: 1-4, 5-6, 7-8, 9-10 on
# `overall_satisfaction`), compute the share of the group's respondents who bought
# again within 180 days after the survey (purchases and window exactly as in the
# conventions). The share is over *all* respondents of the group, including those who
# bought nothing. Store it in `repurchase_rate`: a pandas Series of fractions between 0
# and 1 whose index is the four group names `"dissatisfied"`, `"neutral"`,
# `"satisfied"`, `"very satisfied"` (spelt as in `GROUPS`).
#
# *Hint:* merge each order with its customer's `survey_date` (an inner merge with
# `survey[["customer_id", "survey_date"]]`), keep the purchases in the window, and mark
# the respondents whose `customer_id` is among the buyers (`.isin`). `pd.cut(...,
# bins=[0, 4, 6, 8, 10], labels=GROUPS)` puts the answers into the groups (right edges
# included), and the mean of a True/False column is a share. (This is the chapter's
# `rate` column of `sp.rate_by_group` in section 3.)

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: the respondents' orders, each with its customer's survey date
orders = transactions.merge(survey[["customer_id", "survey_date"]], on="customer_id")  # SOLUTION NO PROMPT
# Step 2: the purchases in the window, and who bought again
after = orders["order_date"] > orders["survey_date"]  # SOLUTION NO PROMPT
within = orders["order_date"] <= orders["survey_date"] + pd.Timedelta(days=180)  # SOLUTION NO PROMPT
buyers = orders.loc[after & within & (orders["revenue"] > 0), "customer_id"].unique()  # SOLUTION NO PROMPT
bought_again = survey["customer_id"].isin(buyers)  # SOLUTION NO PROMPT
# Step 3: the groups and the share per group
group = pd.cut(survey["overall_satisfaction"], bins=[0, 4, 6, 8, 10], labels=GROUPS)  # SOLUTION NO PROMPT
repurchase_rate = bought_again.groupby(group, observed=True).mean()  # SOLUTION
repurchase_rate

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q1_form(repurchase_rate):
    from crmkit.exercises import check_series

    check_series(
        repurchase_rate,
        "repurchase_rate",
        labels=["dissatisfied", "neutral", "satisfied", "very satisfied"],
        label_kind="satisfaction group",
        values="nonnegative",
        what="the share who bought again in each satisfaction group",
    )
    if (repurchase_rate > 1).any():
        raise AssertionError(
            "`repurchase_rate` should hold shares between 0 and 1, but some values are "
            "above 1. Count each respondent once (bought again or not) and take the mean "
            "per group, not the number of orders; a share is a fraction, not a percent."
        )


# %%
# HIDDEN
def test_q1_value(repurchase_rate, STUDENT_ID):
    import pandas as pd

    from crmkit import loyalty as ly
    from crmkit import satisfaction as sp
    from crmkit.exercises import DataSlip, check_series_close, data_slip, load

    survey = load("survey", STUDENT_ID)
    tx = load("transactions", STUDENT_ID)
    groups = {
        "dissatisfied": (1, 4),
        "neutral": (5, 6),
        "satisfied": (7, 8),
        "very satisfied": (9, 10),
    }
    follow = ly.stated_vs_actual(survey, tx, days=180).join(
        survey.set_index("customer_id")["overall_satisfaction"]
    )
    expected = sp.rate_by_group(follow, "overall_satisfaction", "bought_again", groups)["rate"]
    orders = tx.merge(survey[["customer_id", "survey_date"]], on="customer_id")
    when = orders["survey_date"]
    sat = survey["overall_satisfaction"]
    names = list(groups)

    def rates(
        start_ok, days=180, positive=True, end_inclusive=True, bins=(0, 4, 6, 8, 10), right=True
    ):
        end = when + (pd.Timedelta(days=days) if days else pd.DateOffset(months=6))
        inside = orders["order_date"] <= end if end_inclusive else orders["order_date"] < end
        ok = start_ok & inside
        if positive:
            ok = ok & (orders["revenue"] > 0)
        bought = survey["customer_id"].isin(orders.loc[ok, "customer_id"])
        group = pd.cut(sat, bins=list(bins), labels=names, right=right)
        return bought.groupby(group, observed=False).mean()

    after = orders["order_date"] > when
    hints = [
        data_slip(
            rates(orders["order_date"] >= when),
            "you counted orders on the survey day itself; the window starts the day "
            "*after* the survey (order_date > survey_date).",
        ),
        data_slip(
            rates(after, days=None),
            "you used a window of 6 months (pd.DateOffset(months=6)), which ends a day "
            "or more after the 180th day; use pd.Timedelta(days=180).",
        ),
        data_slip(
            rates(after, end_inclusive=False),
            "you left out orders on the 180th day; the window ends with it "
            "(order_date <= survey_date + 180 days).",
        ),
        (
            rates(after, days=120),
            "you used a 120-day window (chapter 4's exercise); this question asks "
            "for 180 days.",
        ),
        (
            rates(after, days=365),
            "you used a 365-day window; this question asks for 180 days.",
        ),
        data_slip(
            rates(after, positive=False),
            "you counted fully returned orders (revenue 0) as purchases; a purchase "
            "needs revenue above 0.",
        ),
        data_slip(
            rates(after, right=False),
            "your groups are off by one point: with right=False, pd.cut puts 4 among "
            "the neutral and leaves 10 out. The groups are 1-4, 5-6, 7-8 and 9-10 "
            "(bins [0, 4, 6, 8, 10] with the default right=True).",
        ),
        data_slip(
            rates(after, bins=(1, 4, 6, 8, 10)),
            "your first bin starts at 1, and pd.cut leaves out its left edge, so the "
            "respondents who answered 1 are missing from the dissatisfied. Start the "
            "bins at 0: [0, 4, 6, 8, 10].",
        ),
    ]
    # two slips can give the same shares on some data: name every slip that fits (a
    # data slip stays one when every slip of the same value is one)
    merged = []
    for wrong, _ in hints:
        same = [pair for pair in hints if wrong.round(12).equals(pair[0].round(12))]
        text = " Or: ".join(t for _, t in same)
        data = all(isinstance(pair, DataSlip) for pair in same)
        merged.append(data_slip(wrong, text) if data else (wrong, text))
    check_series_close(
        repurchase_rate,
        expected,
        "repurchase_rate",
        label_kind="satisfaction group",
        what="the share who bought again in each satisfaction group",
        hints=merged,
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
# ### Question 2 · The risk ratio (相对风险)
#
# "A very satisfied customer is six times as willing to buy again as a satisfied one."
# Read as a ratio of shares: divide the share who bought again among the *very
# satisfied* (9 or 10) by the share among the *satisfied* (7 or 8), both from question
# 1. Store it in `risk_ratio`, a number (how many times as likely; do not round it).
# (This is the `risk_ratio` estimate of `sp.rate_ratio(..., (9, 10), (7, 8))`.)

# %% [raw]
# # BEGIN SOLUTION

# %%
risk_ratio = float(repurchase_rate["very satisfied"] / repurchase_rate["satisfied"])  # SOLUTION
risk_ratio

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q2_form(risk_ratio):
    from crmkit.exercises import check_number

    check_number(
        risk_ratio,
        "risk_ratio",
        minimum=0,
        what="the risk ratio, very satisfied against satisfied",
    )


# %%
# HIDDEN
def test_q2_value(risk_ratio, repurchase_rate, STUDENT_ID):
    import pandas as pd

    from crmkit import loyalty as ly
    from crmkit import satisfaction as sp
    from crmkit.exercises import builds_on, check_close, load

    survey = load("survey", STUDENT_ID)
    tx = load("transactions", STUDENT_ID)
    follow = ly.stated_vs_actual(survey, tx, days=180).join(
        survey.set_index("customer_id")["overall_satisfaction"]
    )
    est = sp.rate_ratio(
        follow, "overall_satisfaction", "bought_again", (9, 10), (7, 8), n_boot=100
    )["estimate"]
    low = sp.rate_ratio(
        follow, "overall_satisfaction", "bought_again", (7, 8), (1, 4), n_boot=100
    )["estimate"]
    p_hi, p_lo = est["rate_high"], est["rate_low"]
    used = pd.Series({"very satisfied": p_hi, "satisfied": p_lo})  # the rates it divides
    with builds_on(repurchase_rate=(repurchase_rate, used, "question 1")):
        check_close(
            risk_ratio,
            est["risk_ratio"],
            "risk_ratio",
            what="the risk ratio, very satisfied against satisfied",
            hints=[
                (
                    p_lo / p_hi,
                    "you divided the other way round; the question asks for very satisfied "
                    "divided by satisfied (a ratio above 1 if the very satisfied buy more).",
                ),
                (
                    est["odds_ratio"],
                    "that is the odds ratio (question 3); the risk ratio divides the two "
                    "shares themselves.",
                ),
                (p_hi - p_lo, "you took the difference of the two shares; divide them."),
                (
                    low["risk_ratio"],
                    "that is satisfied against dissatisfied; the question compares very "
                    "satisfied (9-10) with satisfied (7-8).",
                ),
                (
                    p_hi / low["rate_low"],
                    "that is very satisfied against dissatisfied; the question compares very "
                    "satisfied (9-10) with satisfied (7-8).",
                ),
                (
                    100 * est["risk_ratio"],
                    "that is 100 times the ratio; a risk ratio is a plain number of times "
                    "(1.5 means one and a half times as likely), not a percent.",
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
# ### Question 3 · The odds ratio (优势比)
#
# Perhaps "six times" means odds. The odds of buying again in a group are share / (1 -
# share). Divide the odds of the *very satisfied* by the odds of the *satisfied* (the
# same groups and shares as in question 2). Store it in `odds_ratio`, a number (do not
# round it). (This is the `odds_ratio` estimate of `sp.rate_ratio(..., (9, 10), (7,
# 8))`.)

# %% [raw]
# # BEGIN SOLUTION

# %%
p_very, p_sat = repurchase_rate["very satisfied"], repurchase_rate["satisfied"]  # SOLUTION NO PROMPT
odds_ratio = float((p_very / (1 - p_very)) / (p_sat / (1 - p_sat)))  # SOLUTION
odds_ratio

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q3_form(odds_ratio):
    from crmkit.exercises import check_number

    check_number(
        odds_ratio,
        "odds_ratio",
        minimum=0,
        what="the odds ratio, very satisfied against satisfied",
    )


# %%
# HIDDEN
def test_q3_value(odds_ratio, repurchase_rate, STUDENT_ID):
    import pandas as pd

    from crmkit import loyalty as ly
    from crmkit import satisfaction as sp
    from crmkit.exercises import builds_on, check_close, load

    survey = load("survey", STUDENT_ID)
    tx = load("transactions", STUDENT_ID)
    follow = ly.stated_vs_actual(survey, tx, days=180).join(
        survey.set_index("customer_id")["overall_satisfaction"]
    )
    est = sp.rate_ratio(
        follow, "overall_satisfaction", "bought_again", (9, 10), (7, 8), n_boot=100
    )["estimate"]
    low = sp.rate_ratio(
        follow, "overall_satisfaction", "bought_again", (7, 8), (1, 4), n_boot=100
    )["estimate"]
    p_hi, p_lo = est["rate_high"], est["rate_low"]
    used = pd.Series({"very satisfied": p_hi, "satisfied": p_lo})  # the rates it divides
    with builds_on(repurchase_rate=(repurchase_rate, used, "question 1")):
        check_close(
            odds_ratio,
            est["odds_ratio"],
            "odds_ratio",
            what="the odds ratio, very satisfied against satisfied",
            hints=[
                (
                    1 / est["odds_ratio"],
                    "you divided the other way round (or took the odds as (1 - share) / "
                    "share); the odds are share / (1 - share), very satisfied divided by "
                    "satisfied.",
                ),
                (
                    est["risk_ratio"],
                    "that is the risk ratio (question 2); the odds ratio divides the odds, "
                    "share / (1 - share), of the two groups.",
                ),
                (
                    p_hi / (1 - p_lo),
                    "you mixed the groups inside the odds; the odds of a group are its "
                    "share / (1 - its share), then divide the two odds.",
                ),
                (
                    low["odds_ratio"],
                    "that is satisfied against dissatisfied; the question compares very "
                    "satisfied (9-10) with satisfied (7-8).",
                ),
                (
                    p_hi / (1 - p_hi),
                    "that is the odds of the very satisfied alone; divide them by the odds of "
                    "the satisfied, share / (1 - share) of the 7-8 group.",
                ),
                (
                    p_hi / (1 - p_hi) - p_lo / (1 - p_lo),
                    "you took the difference of the two odds; divide them.",
                ),
            ],
        )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # CHOICE QUESTION
# name: q4
# points: 1
# title: Why "six times" can be impossible
# reread: section 3
# prompt: |
#   At a firm, 40 per cent of the *satisfied* customers bought again within 180 days. An
#   article claims that the very satisfied are "six times as likely" to buy again. Which
#   statement is right?
# choices:
#   a: >-
#     The claim is impossible under every reading: no share can be above 100 per cent.
#   b: >-
#     As a risk ratio the claim is impossible, since 6 × 0.40 = 2.4 is above 1 (a risk
#     ratio can be at most 1 / 0.40 = 2.5 here); as an odds ratio it is possible.
#   c: >-
#     As a risk ratio the claim becomes possible if the very satisfied group is small
#     enough, because a small group's share is uncertain.
#   d: >-
#     It makes no difference: a risk ratio and an odds ratio are always about equal.
# answer: b
# why:
#   a: >-
#     odds have no ceiling. The satisfied have odds 0.40 / 0.60 = 0.67; six times that
#     is 4, which is a share of 4 / 5 = 0.80 for the very satisfied, quite possible.
#     Only the ratio of the shares themselves (the risk ratio) is capped.
#   b: >-
#     a risk ratio of 6 would need a share of 6 × 0.40 = 2.4, above 1, so as a risk
#     ratio the claim is impossible; the odds 0.40 / 0.60 = 0.67 times 6 give odds of
#     4, a share of 0.80, so as an odds ratio it is possible.
#   c: >-
#     the ceiling of a risk ratio is arithmetic, not sampling error: the very
#     satisfied share can be at most 1, so the ratio can be at most 1 / 0.40 = 2.5
#     whatever the size of the group. A small group only widens the interval around an
#     estimate that is still at most 2.5.
#   d: >-
#     the two are close only when both shares are small (rare outcomes). With shares
#     like 0.40 and above they differ a lot: in the chapter the risk ratio was 1.5 and
#     the odds ratio 3.4 for the same two groups.

# %% [raw]
# # BEGIN QUESTION
# name: q5
# points: 1
# all_or_nothing: true

# %% [markdown]
# ### Question 5 · "Two thirds leave for lack of care"
#
# What share of the exit interviews (rows of `exits`) give `"indifference"` as the
# `exit_reason`? Count only that answer (not `"staff_attitude"`), over all rows of
# `exits`. Store it in `indifference_share`, a fraction between 0 and 1 (do not round
# it), to compare with the claimed 2/3. (This is the `share` of
# `sp.share_claim(exits, "exit_reason", "indifference", 2 / 3)` in section 5.)

# %% [raw]
# # BEGIN SOLUTION

# %%
indifference_share = float((exits["exit_reason"] == "indifference").mean())  # SOLUTION
indifference_share

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q5_form(indifference_share):
    from crmkit.exercises import check_number

    check_number(
        indifference_share,
        "indifference_share",
        kind="share",
        what="the share of exit interviews that give indifference",
    )


# %%
# HIDDEN
def test_q5_value(indifference_share, STUDENT_ID):
    from crmkit import satisfaction as sp
    from crmkit.exercises import check_close, load

    exits = load("exits", STUDENT_ID)
    reason = exits["exit_reason"]
    expected = sp.share_claim(exits, "exit_reason", "indifference", 2 / 3)["share"]
    check_close(
        indifference_share,
        expected,
        "indifference_share",
        what="the share of exit interviews that give indifference",
        hints=[
            (
                reason.isin(["indifference", "staff_attitude"]).mean(),
                "you counted staff_attitude as well; the question counts only the "
                "answer indifference.",
            ),
            (
                1 - (reason == "indifference").mean(),
                "that is the share of the *other* reasons; the question asks for the "
                "share that give indifference.",
            ),
            (
                expected - 2 / 3,
                "you subtracted the claimed 2/3; the question asks for the share itself.",
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
# ### Question 6 · The branch panel: margin and last year's satisfaction (滞后)
#
# Build the panel as in section 6 of the chapter, in a DataFrame called `panel`:
#
# 1. sort `branches` by `branch_id`, then `year` (so each branch's years are in order);
# 2. add a column `margin` = `profit` / `revenue` (a fraction, 0.10 = 10 per cent);
# 3. add a column `sat_lag`, last year's `satisfaction_index` *of the same branch*:
#    `groupby("branch_id")["satisfaction_index"].shift(1)` on the sorted table. A
#    branch's first year (2018) has no previous year, so its `sat_lag` is missing
#    (NaN);
# 4. drop the rows whose `sat_lag` is missing (each branch's first year), keeping the
#    other 280 branch-years.
#
# Then store two numbers computed on the rows of `panel` (after step 4):
# `mean_margin`, the mean of `margin`, and `mean_sat_lag`, the mean of `sat_lag`
# (do not round them). Questions 7 and 8 use `panel`.

# %% [raw]
# # BEGIN SOLUTION

# %%
panel = branches.sort_values(["branch_id", "year"])  # SOLUTION NO PROMPT
panel = panel.assign(margin=panel["profit"] / panel["revenue"], sat_lag=panel.groupby("branch_id")["satisfaction_index"].shift(1))  # SOLUTION NO PROMPT
panel = panel.dropna(subset=["sat_lag"]).reset_index(drop=True)  # SOLUTION NO PROMPT
mean_margin = float(panel["margin"].mean())  # SOLUTION
mean_sat_lag = float(panel["sat_lag"].mean())  # SOLUTION
print(len(panel), mean_margin, mean_sat_lag)

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q6_form(mean_margin, mean_sat_lag):
    from crmkit.exercises import check_number

    check_number(
        mean_margin,
        "mean_margin",
        minimum=-1,
        maximum=1,
        what="the mean profit margin (profit / revenue, a fraction) of the panel",
    )
    check_number(
        mean_sat_lag,
        "mean_sat_lag",
        minimum=0,
        maximum=100,
        what="the mean of last year's satisfaction index (0-100) in the panel",
    )


# %%
# HIDDEN
def test_q6_value(mean_margin, mean_sat_lag, STUDENT_ID):
    from crmkit import satisfaction as sp
    from crmkit.exercises import check_close, load

    branches = load("branches", STUDENT_ID)
    full = sp.branch_panel(branches)
    used = full.dropna(subset=["satisfaction_lag"])
    s = branches.sort_values(["branch_id", "year"])
    no_group = s["satisfaction_index"].shift(1)
    lead = s.groupby("branch_id")["satisfaction_index"].shift(-1)
    m = s["profit"] / s["revenue"]
    check_close(
        mean_margin,
        used["margin"].mean(),
        "mean_margin",
        what="the mean profit margin of the panel's 280 branch-years",
        hints=[
            (
                full["margin"].mean(),
                "you took the mean over all 320 branch-years; drop each branch's first "
                "year (missing sat_lag) first.",
            ),
            (
                100 * used["margin"].mean(),
                "that looks like a percent; give the margin as a fraction (0.10, not 10).",
            ),
            (
                (s["profit"] / s["cost"])[s.groupby("branch_id").cumcount() > 0].mean(),
                "you divided profit by cost; the margin is profit / revenue.",
            ),
            (
                used["profit"].sum() / used["revenue"].sum(),
                "you divided total profit by total revenue; the question asks for the "
                "mean of each branch-year's margin.",
            ),
            (
                m[no_group.notna()].mean(),
                "you dropped only the very first row; shift within each branch "
                "(groupby('branch_id')) so every branch's first year is missing and "
                "dropped.",
            ),
            (
                m[lead.notna()].mean(),
                "you dropped each branch's *last* year; shift(1) (not shift(-1)) "
                "makes the first year missing.",
            ),
        ],
    )
    check_close(
        mean_sat_lag,
        used["satisfaction_lag"].mean(),
        "mean_sat_lag",
        what="the mean of last year's satisfaction index in the panel",
        hints=[
            (
                no_group[no_group.notna()].mean(),
                "you shifted the whole table, not within each branch: the first year of "
                "a branch then gets the previous branch's last year. Use "
                "groupby('branch_id')['satisfaction_index'].shift(1).",
            ),
            (
                # equal to lead.mean(): both average the same branch-years' values
                used["satisfaction_index"].mean(),
                "that is the mean of this year's satisfaction_index on the kept rows, "
                "which is also what next year's satisfaction (shift(-1)) gives; "
                "sat_lag is last year's value of the same branch, shift(1).",
            ),
            (
                branches["satisfaction_index"].mean(),
                "that is the mean of satisfaction_index over all 320 rows; sat_lag is "
                "last year's value of the same branch.",
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
# ### Question 7 · Fixed effects (固定效应): margin on retention and last year's satisfaction
#
# Fit the chapter's fixed-effects model (section 6.1) by ordinary least squares with
# one dummy per branch (a 0/1 column that is 1 on that branch's rows), on `panel` from
# question 6 (its 280 rows), with exactly this formula:
#
# `"margin ~ retention_rate + sat_lag + C(branch_id)"`
#
# given as the first argument of `smf.ols(formula, data=panel)`, then `.fit()` (`smf`
# is `statsmodels.formula.api`, imported in the setup cell; `C(branch_id)` adds the
# branch dummies). Store the two slopes in `fe_slopes`: a pandas Series with index
# `"retention_rate"` and `"sat_lag"` (the fit's `.params` of those two terms, without
# the intercept and the dummies). The chapter's `sp.panel_fit(panel, "margin",
# ["retention_rate", "satisfaction_lag"], effects="branch")` gives the same slopes
# (with standard errors clustered by branch, which do not change the slopes).

# %% [raw]
# # BEGIN SOLUTION

# %%
fe_fit = smf.ols("margin ~ retention_rate + sat_lag + C(branch_id)", data=panel).fit()  # SOLUTION NO PROMPT
fe_slopes = fe_fit.params[["retention_rate", "sat_lag"]]  # SOLUTION
fe_slopes

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q7_form(fe_slopes):
    from crmkit.exercises import check_series

    check_series(
        fe_slopes,
        "fe_slopes",
        labels=["retention_rate", "sat_lag"],
        label_kind="term",
        what="the fixed-effects slopes of margin on retention_rate and sat_lag",
    )


# %%
# HIDDEN
def test_q7_value(fe_slopes, mean_margin, mean_sat_lag, STUDENT_ID):
    import pandas as pd

    from crmkit import satisfaction as sp
    from crmkit.exercises import builds_on, check_series_close, load

    panel = sp.branch_panel(load("branches", STUDENT_ID))
    names = {"retention_rate": "retention_rate", "satisfaction_lag": "sat_lag"}

    def slopes(regressors, effects):
        fit = sp.panel_fit(panel, "margin", regressors, effects=effects)["estimate"]
        return fit.rename(index=names)

    now = sp.panel_fit(
        panel.dropna(subset=["satisfaction_lag"]),
        "margin",
        ["retention_rate", "satisfaction_index"],
        effects="branch",
    )["estimate"]
    now = pd.Series(now.to_numpy(), index=["retention_rate", "sat_lag"])
    import statsmodels.formula.api as smf

    data = panel.rename(columns={"satisfaction_lag": "sat_lag"}).dropna(subset=["sat_lag"])
    terms = ["retention_rate", "sat_lag"]

    def ols(formula, frame=data):
        return smf.ols(formula, data=frame).fit().params[terms]

    s = load("branches", STUDENT_ID).sort_values(["branch_id", "year"])
    whole = s.assign(
        margin=s["profit"] / s["revenue"], sat_lag=s["satisfaction_index"].shift(1)
    ).dropna(subset=["sat_lag"])
    used = panel.dropna(subset=["satisfaction_lag"])
    with builds_on(
        mean_margin=(mean_margin, used["margin"].mean(), "question 6"),
        mean_sat_lag=(mean_sat_lag, used["satisfaction_lag"].mean(), "question 6"),
    ):
        check_series_close(
            fe_slopes,
            slopes(["retention_rate", "satisfaction_lag"], "branch"),
            "fe_slopes",
            label_kind="term",
            what="the fixed-effects slopes of margin on retention_rate and sat_lag",
            hints=[
                (
                    slopes(["retention_rate", "satisfaction_lag"], "none"),
                    "those are the pooled OLS slopes; add the branch dummies, + C(branch_id), "
                    "to the formula.",
                ),
                (
                    slopes(["retention_rate", "satisfaction_lag"], "branch_year"),
                    "you added year dummies as well; the formula has branch dummies only.",
                ),
                (
                    now,
                    "you used this year's satisfaction_index; the model uses last year's, "
                    "sat_lag.",
                ),
                (
                    ols("margin ~ retention_rate + sat_lag + branch_id"),
                    "you added branch_id as a number (one slope for the id); write "
                    "C(branch_id) so that each branch gets its own dummy.",
                ),
                (
                    ols("margin ~ retention_rate + sat_lag + C(region)"),
                    "you added region dummies; fixed effects need one dummy per branch, "
                    "C(branch_id).",
                ),
                (
                    ols("margin ~ retention_rate + sat_lag + C(branch_id)", whole),
                    "your sat_lag was shifted over the whole table, not within each branch, "
                    "so each branch's first year got the previous branch's last year; use "
                    "groupby('branch_id')['satisfaction_index'].shift(1) (question 6).",
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
# ### Question 8 · "5 per cent more satisfaction gives y per cent more profit"
#
# Section 7 of the chapter turns a slope into a profit claim. Do it for "5 per cent
# more satisfaction":
#
# 1. the *total* effect of last year's satisfaction on the margin (its direct effect
#    plus the effect through retention, section 6.2) is the slope of `sat_lag` in the
#    fixed-effects model *without* retention:
#    `smf.ols("margin ~ sat_lag + C(branch_id)", data=panel).fit()` (on `panel` of
#    question 6);
# 2. 5 per cent more satisfaction is `0.05 ×` the mean of `satisfaction_index` over
#    *all* 320 rows of `branches` (about 3.5 to 3.8 index points);
# 3. the change in margin is slope × that change, and the relative change in profit
#    (revenue held fixed) is the change in margin divided by `mean_margin` of question
#    6 (the mean margin of the 280 rows of `panel`).
#
# Store the relative change in profit in `profit_change_5pct`, a fraction (0.10 = 10
# per cent more profit; do not round it). (This is the `profit_change` of
# `sp.profit_change(sp.branch_panel(branches), "satisfaction", change)`.)

# %% [raw]
# # BEGIN SOLUTION

# %%
total_slope = smf.ols("margin ~ sat_lag + C(branch_id)", data=panel).fit().params["sat_lag"]  # SOLUTION NO PROMPT
change = 0.05 * branches["satisfaction_index"].mean()  # SOLUTION NO PROMPT
profit_change_5pct = float(total_slope * change / mean_margin)  # SOLUTION
profit_change_5pct

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q8_form(profit_change_5pct):
    from crmkit.exercises import check_number

    check_number(
        profit_change_5pct,
        "profit_change_5pct",
        minimum=-1,
        maximum=10,
        what="the relative change in profit from 5 per cent more satisfaction "
        "(a fraction, 0.10 = 10 per cent)",
    )


# %%
# HIDDEN
def test_q8_value(profit_change_5pct, mean_margin, STUDENT_ID):
    from crmkit import satisfaction as sp
    from crmkit.exercises import builds_on, check_close, load

    branches = load("branches", STUDENT_ID)
    panel = sp.branch_panel(branches)
    used = panel.dropna(subset=["satisfaction_lag"])
    change = 0.05 * branches["satisfaction_index"].mean()
    result = sp.profit_change(panel, "satisfaction", change)
    expected = result["profit_change"]
    m = result["mean_margin"]
    direct = sp.panel_fit(panel, "margin", ["retention_rate", "satisfaction_lag"])
    pooled = sp.panel_fit(panel, "margin", ["satisfaction_lag"], effects="none")
    slope = result["slope"]
    now = sp.panel_fit(used, "margin", ["satisfaction_index"], effects="branch")
    years = sp.panel_fit(panel, "margin", ["satisfaction_lag"], effects="branch_year")
    with builds_on(mean_margin=(mean_margin, m, "question 6")):
        check_close(
            profit_change_5pct,
            expected,
            "profit_change_5pct",
            what="the relative change in profit from 5 per cent more satisfaction",
            hints=[
                (
                    100 * expected,
                    "that looks like a percent; give a fraction (0.10 = 10 per cent).",
                ),
                (
                    slope * change,
                    "that is the change in margin; divide it by mean_margin to get the "
                    "relative change in profit.",
                ),
                (
                    direct.loc["satisfaction_lag", "estimate"] * change / m,
                    "you used the sat_lag slope of question 7, with retention held fixed "
                    "(the direct effect only); the total effect comes from the model "
                    "without retention_rate.",
                ),
                (
                    pooled.loc["satisfaction_lag", "estimate"] * change / m,
                    "you used the pooled OLS slope; keep the branch dummies, + C(branch_id).",
                ),
                (
                    slope * 5 / m,
                    "you took 5 index points; 5 per cent more satisfaction is 0.05 × the "
                    f"mean satisfaction_index ({change:.2f} points on your data).",
                ),
                (
                    slope * 0.05 / m,
                    "you took a change of 0.05 index points; 5 per cent more satisfaction "
                    f"is 0.05 × the mean satisfaction_index ({change:.2f} points on your "
                    "data).",
                ),
                (
                    slope * change / panel["margin"].mean(),
                    "you divided by the mean margin of all 320 rows; use mean_margin of "
                    "question 6 (the 280 rows of panel).",
                ),
                (
                    slope * 0.05 * used["satisfaction_index"].mean() / m,
                    "you took the mean satisfaction_index of the 280 rows of panel; the "
                    "question takes it over all 320 rows of branches.",
                ),
                (
                    slope * 0.05 * used["satisfaction_lag"].mean() / m,
                    "you took 5 per cent of mean_sat_lag; the question takes 0.05 × the mean "
                    "of satisfaction_index over all 320 rows of branches.",
                ),
                (
                    1 + expected,
                    "that is the new profit as a multiple of the old (1.10 = 10 per cent "
                    "more); the question asks for the change, so subtract 1.",
                ),
                (
                    now.loc["satisfaction_index", "estimate"] * change / m,
                    "you used this year's satisfaction_index in the model; the total effect "
                    "is the slope of last year's, sat_lag.",
                ),
                (
                    years.loc["satisfaction_lag", "estimate"] * change / m,
                    "you added year dummies as well; the model has branch dummies only, "
                    "margin ~ sat_lag + C(branch_id).",
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
