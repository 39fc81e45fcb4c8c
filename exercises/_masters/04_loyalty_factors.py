# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercises 04: Loyalty and its factors (客户忠诚)
#
# These exercises go with chapter 4. On your own copy of the Lanting Trading Co.
# (兰亭商贸) customer survey and purchase log you will compute **scale scores (量表得分)**,
# check their reliability with **Cronbach's alpha (克朗巴哈α系数)**, **composite
# reliability (组合信度)** and **average variance extracted (平均方差萃取量)**, correct a
# correlation for **attenuation (衰减)**, estimate the **standardised coefficients
# (标准化系数)** of the six **loyalty factors (客户忠诚影响因素)**, and compare what
# customers said with what they did after the survey (the **intention-behaviour gap
# (意愿与行为的差距)**), then read a **CFA (验证性因子分析)** fit index and check
# **discriminant validity (区分效度)** with HTMT: twelve questions, from easy to hard.
#
# Do the mechanics in pandas, as the chapter does first. The chapter's module
# `crmkit.loyalty` (`from crmkit import loyalty as ly`) computes most of these in one
# call; you may use it afterwards to check your work, and each question says where its
# conventions and the question's are the same.
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
# 4. Keep the file name `04_loyalty_factors.ipynb` (the checks are stored in it), save,
#    and hand in the notebook as your instructor asks.
#
# ## Conventions (as in the chapter)
#
# * The `survey` table has one row per respondent (`customer_id` appears once), all
#   surveyed on the same `survey_date`. Each **construct (构念)** is measured by three
#   7-point Likert items (1 = strongly disagree, 7 = strongly agree) in the columns
#   `{construct}_1`, `{construct}_2` and `{construct}_3`. The nine constructs are the six
#   factors `satisfaction`, `value`, `trust`, `care`, `purchase_cost`, `switching_cost`
#   and the three loyalty levels `cognitive`, `affective`, `behavioural`. The columns
#   `overall_satisfaction` (1-10) and `recommend` (0-10) are single questions, not items
#   of a construct: leave them out everywhere below.
# * A construct's *scale score* for a respondent is the mean of its three items.
# * Variances and standard deviations are *sample* ones, divided by n - 1 (`ddof=1`,
#   what pandas' `.var()` and `.std()` do; NumPy's `np.var` and `np.std` divide by n
#   unless you pass `ddof=1`). Correlations are Pearson correlations (pandas' `.corr()`).
# * A share is a fraction between 0 and 1 (0.25, not 25).

# %%
STUDENT_ID = ""

# %% [markdown]
# The next cell loads the two tables of the world generated from your id (the first run
# takes a second or two). `crmkit.describe_dataset("survey")` explains every column of a
# table.

# %%
import numpy as np
import pandas as pd

import crmkit
from crmkit.exercises import load

rng = crmkit.setup_notebook()
survey = load("survey", STUDENT_ID)
transactions = load("transactions", STUDENT_ID)
FACTORS = ["satisfaction", "value", "trust", "care", "purchase_cost", "switching_cost"]
CONSTRUCTS = [*FACTORS, "cognitive", "affective", "behavioural"]
survey.head()

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 1
# all_or_nothing: true

# %% [markdown]
# ### Question 1 · The trust scale score (量表得分)
#
# Compute every respondent's scale score of **customer trust (客户信任)**: the mean of
# their three answers `trust_1`, `trust_2` and `trust_3`. Store it in `trust_score`: a
# pandas Series with one value per respondent on the 1-7 scale, indexed by
# `customer_id` (so `trust_score.loc[some_customer_id]` gives that customer's score).
#
# *Hint:* `survey.set_index("customer_id")` makes the customer ids the index.

# %% [raw]
# # BEGIN SOLUTION

# %%
trust_items = survey.set_index("customer_id")[["trust_1", "trust_2", "trust_3"]]  # SOLUTION NO PROMPT
trust_score = trust_items.mean(axis=1)  # SOLUTION
trust_score

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q1_form(trust_score, STUDENT_ID):
    import pandas as pd

    from crmkit.exercises import check_defined, load

    check_defined(trust_score, "trust_score")
    if isinstance(trust_score, pd.DataFrame):
        raise AssertionError(
            f"`trust_score` should be a pandas Series (one score per respondent), but it is "
            f"a DataFrame with {trust_score.shape[1]} columns. Take the mean across the "
            "three item columns with .mean(axis=1)."
        )
    if not isinstance(trust_score, pd.Series):
        raise AssertionError(
            f"`trust_score` should be a pandas Series with one score per respondent, but it "
            f"is a {type(trust_score).__name__}. Take the mean of the three trust items "
            "per row with .mean(axis=1)."
        )
    ids = load("survey", STUDENT_ID)["customer_id"]
    if len(trust_score) != len(ids):
        raise AssertionError(
            f"`trust_score` should have one value per respondent ({len(ids):,} rows of "
            f"`survey`), but it has {len(trust_score):,}. Did you take the mean of each "
            "column (axis=0) instead of each row (axis=1)?"
        )
    if set(trust_score.index) != set(ids):
        raise AssertionError(
            "The index of `trust_score` should be the respondents' `customer_id`, but it "
            "is not (the default index 0, 1, 2, ... is not a customer id). Set it with "
            'survey.set_index("customer_id") before you take the mean.'
        )
    if not pd.api.types.is_numeric_dtype(trust_score.dtype) or trust_score.isna().any():
        raise AssertionError(
            "`trust_score` should hold numbers for every respondent, without missing "
            "values (NaN)."
        )
    if trust_score.max() > 7 or trust_score.min() < 1:
        raise AssertionError(
            "`trust_score` should lie on the items' 1-7 scale, but some values are outside "
            f"it (from {trust_score.min():.2f} to {trust_score.max():.2f}). A scale score "
            "is the *mean* of the three items, not their sum."
        )


# %%
# HIDDEN
def test_q1_value(trust_score, STUDENT_ID):
    from crmkit import loyalty as ly
    from crmkit.exercises import check_series_close, load

    survey = load("survey", STUDENT_ID)
    items = survey.set_index("customer_id")
    expected = ly.scale_scores(survey)["trust"]
    if set(trust_score.index) != set(expected.index):
        raise AssertionError(
            "The index of `trust_score` should be the respondents' `customer_id`, one "
            "label per row of `survey`."
        )
    hints = [
        (items[["trust_1", "trust_2"]].mean(axis=1), "you averaged only two trust items; "
         "use all three: trust_1, trust_2 and trust_3."),
        (items[["trust_2", "trust_3"]].mean(axis=1), "you averaged only two trust items; "
         "use all three: trust_1, trust_2 and trust_3."),
        (items[["trust_1", "trust_2", "trust_3"]].median(axis=1), "you took the median of "
         "the three items; the scale score is their mean."),
    ]
    for other in ["satisfaction", "value", "care", "cognitive", "affective", "behavioural"]:
        hints.append(
            (
                items[[f"{other}_{k}" for k in (1, 2, 3)]].mean(axis=1),
                f"that is the scale score of `{other}`; the question asks for trust "
                "(trust_1, trust_2, trust_3).",
            )
        )
    check_series_close(
        trust_score,
        expected,
        "trust_score",
        label_kind="customer_id",
        what="each respondent's trust scale score",
        hints=hints,
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
# ### Question 2 · The mean scale score of every construct
#
# For each of the nine constructs (the list `CONSTRUCTS` of the setup cell), compute
# every respondent's scale score (the mean of the construct's three items) and then the
# mean of that score over all respondents. Store the result in `scale_means`: a pandas
# Series on the 1-7 scale with the nine construct names (`"satisfaction"`, `"value"`,
# ..., `"behavioural"`, spelt as in `CONSTRUCTS`) as its index. (This is the `mean` row
# of the chapter's `ly.scale_scores(survey).describe()`.)

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: a table of scale scores, one column per construct
scores = pd.DataFrame({c: survey[[f"{c}_{k}" for k in (1, 2, 3)]].mean(axis=1) for c in CONSTRUCTS})  # SOLUTION NO PROMPT
# Step 2: the mean of each column
scale_means = scores.mean()  # SOLUTION
scale_means

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q2_form(scale_means):
    from crmkit.exercises import check_series

    constructs = [
        "satisfaction", "value", "trust", "care", "purchase_cost", "switching_cost",
        "cognitive", "affective", "behavioural",
    ]
    check_series(
        scale_means,
        "scale_means",
        labels=constructs,
        label_kind="construct",
        values="nonnegative",
        what="the mean scale score of each construct",
    )
    if (scale_means > 7).any() or (scale_means < 1).any():
        raise AssertionError(
            "`scale_means` should lie on the items' 1-7 scale, but some values are outside "
            "it. A scale score is the *mean* of a construct's three items, not their sum."
        )


# %%
# HIDDEN
def test_q2_value(scale_means, STUDENT_ID):
    from crmkit import loyalty as ly
    from crmkit.exercises import check_series_close, load

    survey = load("survey", STUDENT_ID)
    scores = ly.scale_scores(survey)
    first = scores.copy()
    for c in scores.columns:
        first[c] = survey.set_index("customer_id")[f"{c}_1"]
    check_series_close(
        scale_means,
        scores.mean(),
        "scale_means",
        label_kind="construct",
        what="the mean scale score of each construct",
        hints=[
            (
                first.mean(),
                "you used only the first item of each construct; a scale score is the "
                "mean of all three items.",
            ),
            (
                scores.median(),
                "you took the median over respondents; the question asks for the mean.",
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
# ### Question 3 · Cronbach's alpha by hand (克朗巴哈α系数)
#
# Compute Cronbach's alpha of the **customer satisfaction (客户满意)** scale, from its
# items `satisfaction_1`, `satisfaction_2` and `satisfaction_3`, with the chapter's
# formula: with k = 3 items,
#
# alpha = k / (k - 1) × (1 - (sum of the three item variances) / (variance of each
# respondent's *sum* of the three items)),
#
# all variances sample variances (`ddof=1`, pandas' `.var()`). Store it in
# `alpha_satisfaction`, a number (do not round it). (`ly.cronbach_alpha(items)` uses the
# same formula; do it by hand first.)

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: the three item columns and k
sat_items = survey[["satisfaction_1", "satisfaction_2", "satisfaction_3"]]  # SOLUTION NO PROMPT
k = sat_items.shape[1]  # SOLUTION NO PROMPT
# Step 2: the item variances and the variance of the sum
item_variances = sat_items.var()  # SOLUTION NO PROMPT
total_variance = sat_items.sum(axis=1).var()  # SOLUTION NO PROMPT
# Step 3: the formula
alpha_satisfaction = float(k / (k - 1) * (1 - item_variances.sum() / total_variance))  # SOLUTION
alpha_satisfaction

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q3_form(alpha_satisfaction):
    from crmkit.exercises import check_number

    check_number(
        alpha_satisfaction,
        "alpha_satisfaction",
        maximum=1,
        what="Cronbach's alpha of the satisfaction scale",
    )


# %%
# HIDDEN
def test_q3_value(alpha_satisfaction, STUDENT_ID):
    import numpy as np

    from crmkit import loyalty as ly
    from crmkit.exercises import check_close, load

    survey = load("survey", STUDENT_ID)
    items = survey[["satisfaction_1", "satisfaction_2", "satisfaction_3"]].astype(float)
    item_var = items.var(ddof=1).sum()
    total = items.sum(axis=1)
    hints = [
        (
            1 - item_var / total.var(ddof=1),
            "you left out the factor k / (k - 1) = 3 / 2 in front of the bracket.",
        ),
        (
            1.5 * (1 - item_var / items.mean(axis=1).var(ddof=1)),
            "you divided by the variance of each respondent's *mean* of the items; the "
            "formula needs the variance of their *sum*.",
        ),
        (
            1.5 * (1 - item_var / np.var(total.to_numpy())),
            "you mixed two kinds of variance: the item variances with ddof=1 but the "
            "variance of the sum with ddof=0 (np.var's default). Use ddof=1 for both.",
        ),
        (
            1.5 * (1 - items.var(ddof=0).sum() / total.var(ddof=1)),
            "you mixed two kinds of variance: the item variances with ddof=0 (np.var's "
            "default) but the variance of the sum with ddof=1. Use ddof=1 for both.",
        ),
        (
            1.5 * (1 - items.std(ddof=1).sum() / total.std(ddof=1)),
            "you used standard deviations; the formula needs variances (.var()).",
        ),
    ]
    for other in ["value", "trust", "care", "behavioural"]:
        hints.append(
            (
                ly.cronbach_alpha(survey[[f"{other}_{j}" for j in (1, 2, 3)]]),
                f"that is alpha of the `{other}` items; the question asks for satisfaction.",
            )
        )
    check_close(
        alpha_satisfaction,
        ly.cronbach_alpha(items),
        "alpha_satisfaction",
        what="Cronbach's alpha of the satisfaction scale",
        hints=hints,
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
# ### Question 4 · A correlation and its correction for attenuation (衰减)
#
# 1. Compute the correlation between the satisfaction scale score and the
#    behavioural-loyalty scale score of the respondents (each the mean of its three
#    items, `satisfaction_1..3` and `behavioural_1..3`). Store it in `r_observed`.
# 2. Correct it for attenuation as in section 6.3 of the chapter (Spearman's
#    correction): divide it by the square root of the product of the two scales'
#    Cronbach's alphas,
#    r_corrected = r_observed / sqrt(alpha_satisfaction × alpha_behavioural),
#    with each alpha computed as in question 3 (`ddof=1`). Store it in `r_corrected`.
#
# Both are numbers between -1 and 1 (do not round them).

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: the two scale scores and their correlation
sat = survey[["satisfaction_1", "satisfaction_2", "satisfaction_3"]].mean(axis=1)  # SOLUTION NO PROMPT
beh = survey[["behavioural_1", "behavioural_2", "behavioural_3"]].mean(axis=1)  # SOLUTION NO PROMPT
r_observed = float(sat.corr(beh))  # SOLUTION
# Step 2: alpha of the behavioural items (as in question 3), then the correction
beh_items = survey[["behavioural_1", "behavioural_2", "behavioural_3"]]  # SOLUTION NO PROMPT
alpha_behavioural = 3 / 2 * (1 - beh_items.var().sum() / beh_items.sum(axis=1).var())  # SOLUTION NO PROMPT
r_corrected = float(r_observed / np.sqrt(alpha_satisfaction * alpha_behavioural))  # SOLUTION
r_observed, r_corrected

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q4_form(r_observed, r_corrected):
    from crmkit.exercises import check_number

    for value, name in [(r_observed, "r_observed"), (r_corrected, "r_corrected")]:
        check_number(value, name, minimum=-1, maximum=1, what="a correlation")


# %%
# HIDDEN
def test_q4_value(r_observed, r_corrected, alpha_satisfaction, STUDENT_ID):
    import numpy as np

    from crmkit import loyalty as ly
    from crmkit.exercises import builds_on, check_close, load

    survey = load("survey", STUDENT_ID)
    scores = ly.scale_scores(survey)
    alpha = ly.reliability(survey, ["satisfaction", "behavioural"])["alpha"]
    r = float(scores["satisfaction"].corr(scores["behavioural"]))
    check_close(
        r_observed,
        r,
        "r_observed",
        what="the correlation of the satisfaction and behavioural-loyalty scale scores",
        hints=[
            (
                float(scores["satisfaction"].corr(scores["cognitive"])),
                "that is the correlation with *cognitive* loyalty; the question asks for "
                "behavioural loyalty (behavioural_1..3).",
            ),
            (
                float(scores["satisfaction"].corr(scores["affective"])),
                "that is the correlation with *affective* loyalty; the question asks for "
                "behavioural loyalty (behavioural_1..3).",
            ),
            (
                r**2,
                "that is the squared correlation (r²); the question asks for r itself.",
            ),
            (
                float(np.corrcoef(survey["overall_satisfaction"], scores["behavioural"])[0, 1]),
                "you used `overall_satisfaction` (the 1-10 question); the satisfaction "
                "scale score is the mean of satisfaction_1..3.",
            ),
        ],
    )
    with builds_on(
        alpha_satisfaction=(alpha_satisfaction, alpha["satisfaction"], "question 3")
    ):
        product = alpha["satisfaction"] * alpha["behavioural"]
        check_close(
            r_corrected,
            r / np.sqrt(product),
            "r_corrected",
            what="the correlation corrected for attenuation",
            hints=[
                (
                    r / product,
                    "you divided by the product of the two alphas; divide by its *square root*.",
                ),
                (
                    r * np.sqrt(product),
                    "you multiplied by the square root of the alphas; the correction *divides* "
                    "(unreliable scales make the observed correlation too small, so the "
                    "corrected one is larger).",
                ),
                (
                    r / alpha["satisfaction"],
                    "you divided by the satisfaction alpha only; divide by the square root of "
                    "the product of both alphas.",
                ),
                (
                    r / np.sqrt(alpha["satisfaction"]),
                    "you divided by the square root of the satisfaction alpha only; take the "
                    "product of both alphas first.",
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
# ### Question 5 · Composite reliability (组合信度) and AVE (平均方差萃取量)
#
# Section 4.2 of the chapter computes CR and AVE from the standardised **factor loadings
# (因子载荷)** of a one-factor model of a construct's items. With three items the
# loadings follow from the three correlations between the items. For **customer value
# (客户价值)**, let r12 be the correlation of `value_1` with `value_2`, r13 of `value_1`
# with `value_3` and r23 of `value_2` with `value_3`. Then
#
# - l1 = sqrt(r12 × r13 / r23), l2 = sqrt(r12 × r23 / r13), l3 = sqrt(r13 × r23 / r12);
# - CR = (l1 + l2 + l3)² / ((l1 + l2 + l3)² + (1 - l1²) + (1 - l2²) + (1 - l3²));
# - AVE = (l1² + l2² + l3²) / 3.
#
# Store the composite reliability of the value scale in `cr_value` and its average
# variance extracted in `ave_value`, both numbers between 0 and 1 (do not round them).
# (`ly.reliability(survey)` uses the same method: its `composite_reliability` and `ave`
# columns.)
#
# *Hint:* `survey[["value_1", "value_2", "value_3"]].corr()` is the correlation matrix;
# `.loc["value_1", "value_2"]` picks r12 out of it.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: the three correlations between the items
r = survey.filter(like="value_").corr()  # SOLUTION NO PROMPT
r12, r13, r23 = r.loc["value_1", "value_2"], r.loc["value_1", "value_3"], r.loc["value_2", "value_3"]  # SOLUTION NO PROMPT
# Step 2: the standardised loadings
loadings = np.sqrt([r12 * r13 / r23, r12 * r23 / r13, r13 * r23 / r12])  # SOLUTION NO PROMPT
# Step 3: CR and AVE
cr_value = float(loadings.sum() ** 2 / (loadings.sum() ** 2 + (1 - loadings**2).sum()))  # SOLUTION
ave_value = float((loadings**2).mean())  # SOLUTION
cr_value, ave_value

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q5_form(cr_value, ave_value):
    from crmkit.exercises import check_number

    check_number(cr_value, "cr_value", kind="share", what="composite reliability of value")
    check_number(ave_value, "ave_value", kind="share", what="average variance extracted of value")


# %%
# HIDDEN
def test_q5_value(cr_value, ave_value, STUDENT_ID):
    import numpy as np

    from crmkit import loyalty as ly
    from crmkit.exercises import check_close, load

    survey = load("survey", STUDENT_ID)
    rel = ly.reliability(survey)
    r = survey[["value_1", "value_2", "value_3"]].corr()
    r12, r13, r23 = r.loc["value_1", "value_2"], r.loc["value_1", "value_3"], r.loc["value_2", "value_3"]
    lam = np.sqrt([r12 * r13 / r23, r12 * r23 / r13, r13 * r23 / r12])
    other = {
        c: rel.loc[c, "composite_reliability"] for c in rel.index if c != "value"
    }
    cr_hints = [
        (
            float((lam**2).sum() / ((lam**2).sum() + (1 - lam**2).sum())),
            "that is the AVE (the mean of the squared loadings), which is also what the CR "
            "formula gives when you square each loading before adding them up; CR squares "
            "the *sum* of the loadings: (l1 + l2 + l3)².",
        ),
        (
            float(lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam).sum())),
            "the error part of the denominator is the sum of 1 - l² (one minus the "
            "*squared* loading) over the items.",
        ),
        (
            float(rel.loc["value", "alpha"]),
            "that is Cronbach's alpha of the value scale; the question asks for the "
            "composite reliability from the loadings.",
        ),
    ]
    cr_hints += [
        (float(v), f"that is the composite reliability of `{c}`; the question asks for value.")
        for c, v in other.items()
    ]
    check_close(
        cr_value,
        rel.loc["value", "composite_reliability"],
        "cr_value",
        what="composite reliability of the value scale",
        hints=cr_hints,
    )
    check_close(
        ave_value,
        rel.loc["value", "ave"],
        "ave_value",
        what="average variance extracted of the value scale",
        hints=[
            (
                float(lam.mean()),
                "you averaged the loadings themselves; AVE is the mean of the *squared* "
                "loadings.",
            ),
            (
                float((lam**2).sum()),
                "you added up the squared loadings; AVE is their mean (divide by 3).",
            ),
            (
                float(lam.mean() ** 2),
                "you squared the mean loading; AVE is the mean of the squared loadings "
                "(square each loading first).",
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
# ### Question 6 · Which factors drive loyalty? Standardised coefficients (标准化系数)
#
# As in section 6.1 of the chapter, regress behavioural loyalty on the six loyalty
# factors:
#
# 1. compute the scale scores (mean of the three items) of the seven constructs
#    `behavioural` and the six `FACTORS` (`satisfaction`, `value`, `trust`, `care`,
#    `purchase_cost`, `switching_cost`) for every respondent;
# 2. turn each of these seven scales into z-scores: subtract its mean over the
#    respondents and divide by its standard deviation with `ddof=1` (pandas' `.std()`);
# 3. fit an **ordinary least squares (普通最小二乘法)** regression of the z-scored
#    behavioural scale on the six z-scored factor scales, *with* an intercept (a column
#    of ones, as the chapter builds with `np.column_stack`, solved with
#    `np.linalg.lstsq`; or statsmodels' `sm.OLS` with `sm.add_constant`).
#
# Store the six slopes (not the intercept) in `std_coefs`: a pandas Series with the six
# factor names as its index. (`ly.loyalty_model(scores, outcome="behavioural")` fits the
# same model: its `coefficients["estimate"]`.)

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: the seven scale scores
model_scores = pd.DataFrame({c: survey[[f"{c}_{k}" for k in (1, 2, 3)]].mean(axis=1) for c in [*FACTORS, "behavioural"]})  # SOLUTION NO PROMPT
# Step 2: z-scores
z = (model_scores - model_scores.mean()) / model_scores.std()  # SOLUTION NO PROMPT
# Step 3: least squares with an intercept; keep the six slopes
x = np.column_stack([np.ones(len(z)), z[FACTORS]])  # SOLUTION NO PROMPT
solution, *_ = np.linalg.lstsq(x, z["behavioural"], rcond=None)  # SOLUTION NO PROMPT
std_coefs = pd.Series(solution[1:], index=FACTORS)  # SOLUTION
std_coefs

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q6_form(std_coefs):
    from crmkit.exercises import check_series

    check_series(
        std_coefs,
        "std_coefs",
        labels=["satisfaction", "value", "trust", "care", "purchase_cost", "switching_cost"],
        label_kind="factor",
        what="the standardised coefficient of each factor (no intercept)",
    )
    if (std_coefs.abs() > 1.5).any():
        raise AssertionError(
            "Some values of `std_coefs` are far from 0 for standardised coefficients (above "
            "1.5 in size). Did you z-score every scale, the behavioural outcome included?"
        )


# %%
# HIDDEN
def test_q6_value(std_coefs, STUDENT_ID):
    import numpy as np
    import pandas as pd

    from crmkit import loyalty as ly
    from crmkit.exercises import check_series_close, load

    survey = load("survey", STUDENT_ID)
    scores = ly.scale_scores(survey)
    factors = list(ly.FACTORS)

    def ols(y, xs):
        x = np.column_stack([np.ones(len(xs)), xs.to_numpy()])
        b, *_ = np.linalg.lstsq(x, y.to_numpy(), rcond=None)
        return pd.Series(b[1:], index=list(xs.columns))

    z = (scores - scores.mean()) / scores.std()
    hints = [
        (
            ly.loyalty_model(scores, outcome="behavioural", standardise=False)
            .coefficients["estimate"],
            "those are the raw (unstandardised) coefficients; z-score all seven scales "
            "before the regression.",
        ),
        (
            ols(scores["behavioural"], z[factors]),
            "you z-scored the six factors but not the behavioural outcome; z-score it too.",
        ),
        (
            ols(z["behavioural"], scores[factors]),
            "you z-scored the behavioural outcome but not the six factors; z-score them too.",
        ),
        (
            z[factors].corrwith(z["behavioural"]),
            "those are the simple correlations of each factor with loyalty, one at a "
            "time; the question asks for the coefficients of one regression on all six "
            "factors together (each holding the other five fixed).",
        ),
    ]
    for outcome in ["cognitive", "affective"]:
        hints.append(
            (
                ly.loyalty_model(scores, outcome=outcome).coefficients["estimate"],
                f"you regressed *{outcome}* loyalty; the question asks for behavioural "
                "loyalty (behavioural_1..3).",
            )
        )
    check_series_close(
        std_coefs,
        ly.loyalty_model(scores, outcome="behavioural").coefficients["estimate"],
        "std_coefs",
        label_kind="factor",
        what="the standardised coefficient of each factor",
        hints=hints,
    )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # CHOICE QUESTION
# name: q7
# points: 1
# title: What attenuation does
# reread: section 6.3
# prompt: |
#   Two constructs have a true correlation of 0.50. Each is measured by a survey scale
#   with reliability 0.81 (Cronbach's alpha): 19% of each scale's variance is random
#   measurement error (测量误差). On a large sample, what correlation between the two
#   *scales* do you expect to observe?
# choices:
#   a: >-
#     about 0.50: random errors cancel out on a large sample
#   b: >-
#     about 0.41
#   c: >-
#     about 0.62
#   d: >-
#     about 0.33
# answer: b
# why:
#   a: >-
#     random errors do cancel out in a *mean*, but not in a correlation: each scale's
#     error adds variance that is unrelated to the other scale, so the shared part
#     becomes a smaller share of the total and the correlation shrinks towards 0,
#     however many respondents there are. This is attenuation.
#   b: >-
#     random error shrinks the observed correlation by the square root of the two
#     reliabilities: 0.50 × √(0.81 × 0.81) = 0.50 × 0.81 ≈ 0.41.
#   c: >-
#     0.50 / 0.81 = 0.62 is the correction for attenuation run the other way: dividing
#     by sqrt(alpha × alpha) takes an *observed* correlation back to the true one.
#     Going from the true correlation to the observed one, you multiply, and the
#     observed correlation is smaller, not larger.
#   d: >-
#     0.50 × 0.81 × 0.81 = 0.33 multiplies by the product of the two reliabilities;
#     attenuation multiplies by its *square root*, sqrt(0.81 × 0.81) = 0.81, which
#     gives 0.50 × 0.81 = 0.41.

# %% [raw]
# # BEGIN QUESTION
# name: q8
# points: 2
# all_or_nothing: true

# %% [markdown]
# ### Question 8 · Did they buy again? (重复购买)
#
# What share of the respondents bought again within 120 days after the survey? Rules
# (those of the chapter's `ly.stated_vs_actual(survey, transactions, days=120)`):
#
# * a *purchase* is an order (a row of `transactions`) of the respondent with `revenue`
#   above 0 (a fully returned order, revenue 0, is not a purchase, as in chapter 3);
# * the window is *after* the survey: `order_date` strictly later than the respondent's
#   `survey_date` and at most 120 days later, `order_date <= survey_date + 120 days`
#   (`pd.Timedelta(days=120)`). An order on the survey day itself does not count; an
#   order on the 120th day does;
# * a respondent *bought again* if they made at least one purchase in the window;
# * the share is over *all* respondents in `survey`, including those who bought
#   nothing.
#
# Store it in `bought_again_share`, a fraction between 0 and 1 (do not round it).
#
# *Hint:* merge each order with its customer's `survey_date` (an inner merge with
# `survey[["customer_id", "survey_date"]]` keeps only the respondents' orders), keep the
# purchases in the window, and count the distinct customers left.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: the respondents' orders, each with its customer's survey date
orders = transactions.merge(survey[["customer_id", "survey_date"]], on="customer_id")  # SOLUTION NO PROMPT
# Step 2: purchases in the window
after = orders["order_date"] > orders["survey_date"]  # SOLUTION NO PROMPT
within = orders["order_date"] <= orders["survey_date"] + pd.Timedelta(days=120)  # SOLUTION NO PROMPT
buyers = orders.loc[after & within & (orders["revenue"] > 0), "customer_id"].unique()  # SOLUTION NO PROMPT
# Step 3: the share of all respondents
bought_again_share = float(survey["customer_id"].isin(buyers).mean())  # SOLUTION
bought_again_share

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q8_form(bought_again_share):
    from crmkit.exercises import check_number

    check_number(
        bought_again_share,
        "bought_again_share",
        kind="share",
        what="the share of respondents who bought again within 120 days",
    )


# %%
# HIDDEN
def test_q8_value(bought_again_share, STUDENT_ID):
    import pandas as pd

    from crmkit import loyalty as ly
    from crmkit.exercises import check_close, data_slip, load

    survey = load("survey", STUDENT_ID)
    tx = load("transactions", STUDENT_ID)
    orders = tx.merge(survey[["customer_id", "survey_date"]], on="customer_id")
    when = orders["survey_date"]

    def share(start_ok, days=120, positive=True, end_inclusive=True):
        end = when + pd.Timedelta(days=days)
        inside = orders["order_date"] <= end if end_inclusive else orders["order_date"] < end
        ok = start_ok & inside
        if positive:
            ok = ok & (orders["revenue"] > 0)
        return orders.loc[ok, "customer_id"].nunique() / len(survey)

    after = orders["order_date"] > when
    within = orders["order_date"] <= when + pd.Timedelta(days=120)
    check_close(
        bought_again_share,
        ly.stated_vs_actual(survey, tx, days=120)["bought_again"].mean(),
        "bought_again_share",
        what="the share of respondents who bought again within 120 days",
        hints=[
            data_slip(
                share(orders["order_date"] >= when),
                "you counted orders on the survey day itself; the window starts the day "
                "*after* the survey (order_date > survey_date).",
            ),
            data_slip(
                share(after, end_inclusive=False),
                "you left out orders on the 120th day; the window ends with it "
                "(order_date <= survey_date + 120 days).",
            ),
            (
                share(after, days=180),
                "you used a 180-day window (the chapter's); the question asks for 120 days.",
            ),
            data_slip(
                share(after, positive=False),
                "you counted fully returned orders (revenue 0) as purchases; a purchase "
                "needs revenue above 0.",
            ),
            (
                int((after & within & (orders["revenue"] > 0)).sum()) / len(survey),
                "you counted purchases (orders), not customers; a customer with three "
                "purchases in the window counts once.",
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
# ### Question 9 · Stated against actual loyalty: the intention-behaviour gap
#
# The behavioural-loyalty items ask about intentions ("I will keep buying from
# Lanting"). Take the respondents whose behavioural-loyalty scale score (mean of
# `behavioural_1..3`) is **5 or more** (on average they agreed that they will keep
# buying). What share of *them* made **no** purchase within 120 days after the survey
# (purchases and window exactly as in question 8)? Store it in `gap_share`, a fraction
# between 0 and 1 (do not round it). (Section 7 of the chapter computes the same share
# for 180 days.)

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: each respondent's behavioural scale score, and who bought again (question 8)
stated = survey[["behavioural_1", "behavioural_2", "behavioural_3"]].mean(axis=1)  # SOLUTION NO PROMPT
bought = survey["customer_id"].isin(buyers)  # SOLUTION NO PROMPT
# Step 2: among those with a score of 5 or more, the share who did not buy
gap_share = float(1 - bought[stated >= 5].mean())  # SOLUTION
gap_share

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q9_form(gap_share):
    from crmkit.exercises import check_number

    check_number(
        gap_share,
        "gap_share",
        kind="share",
        what="the share of respondents with stated loyalty 5 or more who did not buy",
    )


# %%
# HIDDEN
def test_q9_value(gap_share, bought_again_share, STUDENT_ID):
    from crmkit import loyalty as ly
    from crmkit.exercises import builds_on, check_close, load

    survey = load("survey", STUDENT_ID)
    tx = load("transactions", STUDENT_ID)
    follow = ly.stated_vs_actual(survey, tx, days=120)
    long = ly.stated_vs_actual(survey, tx, days=180)
    said = follow["behavioural"] >= 5
    not_bought = ~follow["bought_again"]
    first_item = survey.set_index("customer_id")["behavioural_1"].reindex(follow.index)
    right_share = float(follow["bought_again"].mean())
    with builds_on(bought_again_share=(bought_again_share, right_share, "question 8")):
        check_close(
            gap_share,
            not_bought[said].mean(),
            "gap_share",
            what="the share of respondents with stated loyalty 5 or more who did not buy",
            hints=[
                (
                    follow["bought_again"][said].mean(),
                    "that is the share who *did* buy; the question asks for those who did not.",
                ),
                (
                    not_bought[follow["behavioural"] > 5].mean(),
                    "you kept scores *above* 5; the question keeps 5 or more (>= 5).",
                ),
                (
                    (not_bought & said).mean(),
                    "you divided by all respondents; the share is over the respondents with a "
                    "behavioural scale score of 5 or more.",
                ),
                (
                    (not_bought & said).sum() / not_bought.sum(),
                    "you divided by the respondents who did not buy; the share is over the "
                    "respondents with a behavioural scale score of 5 or more.",
                ),
                (
                    (~long["bought_again"])[said].mean(),
                    "you used a 180-day window (the chapter's); the question asks for 120 days.",
                ),
                (
                    not_bought[first_item >= 5].mean(),
                    "you used the first item only; the scale score is the mean of "
                    "behavioural_1..3.",
                ),
                (
                    not_bought[follow["cognitive"] >= 5].mean(),
                    "you selected by *cognitive* loyalty; the question selects by the "
                    "behavioural-loyalty scale.",
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
# ### Question 10 · A CFA fit index: is attitudinal loyalty one construct? (验证性因子分析)
#
# Suppose someone claims that cognitive and affective loyalty are one construct,
# "attitude". The answer cell fits that claim as a **confirmatory factor analysis
# (验证性因子分析, CFA)** with `crmkit.sem.cfa`: one factor `attitude` measured by the six
# items `cognitive_1..3` and `affective_1..3`, one factor `behavioural` by
# `behavioural_1..3` (it takes a second). Its `fit_indices` table has the model's
# chi-square (`chi_square`), its degrees of freedom (`df`), and `fit.n` is the number of
# respondents used.
#
# * `rmsea_merged`: compute the model's RMSEA (近似误差均方根) from these three numbers,
#   RMSEA = sqrt(max(χ² − df, 0) / (df × (n − 1))) (do not round it);
# * `merged_verdict`: `"fits"` if the model meets the usual cut-offs for *both* RMSEA
#   (0.06 or less) and CFI (0.95 or more; row `cfi` of `fit_indices`), else
#   `"does not fit"`.
#
# (The table's `rmsea` row gives the same number; compute it first, then compare.)

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1 (given): the CFA with cognitive and affective loyalty merged
from crmkit import sem

merged_items = {
    "attitude": ["cognitive_1", "cognitive_2", "cognitive_3", "affective_1", "affective_2", "affective_3"],
    "behavioural": ["behavioural_1", "behavioural_2", "behavioural_3"],
}
fit = sem.cfa(survey, merged_items)
fit.fit_indices[["value", "good_if"]]

# %%
# Step 2: RMSEA from chi-square, df and n, and the verdict
chi2, df_model = fit.fit_indices.loc["chi_square", "value"], fit.fit_indices.loc["df", "value"]  # SOLUTION NO PROMPT
rmsea_merged = float(np.sqrt(max(chi2 - df_model, 0) / (df_model * (fit.n - 1))))  # SOLUTION
cfi_merged = fit.fit_indices.loc["cfi", "value"]  # SOLUTION NO PROMPT
merged_verdict = "fits" if rmsea_merged <= 0.06 and cfi_merged >= 0.95 else "does not fit"  # SOLUTION
rmsea_merged, merged_verdict

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q10_form(rmsea_merged, merged_verdict):
    from crmkit.exercises import check_label, check_number

    check_number(rmsea_merged, "rmsea_merged", minimum=0, what="the RMSEA of the merged CFA")
    check_label(
        merged_verdict,
        "merged_verdict",
        choices=["fits", "does not fit"],
        what="the verdict on the merged CFA",
    )


# %%
# HIDDEN
def test_q10_value(rmsea_merged, merged_verdict, STUDENT_ID):
    import numpy as np

    from crmkit import sem
    from crmkit.exercises import check_close, check_label, load

    survey = load("survey", STUDENT_ID)
    items = {
        "attitude": [f"{c}_{k}" for c in ("cognitive", "affective") for k in (1, 2, 3)],
        "behavioural": [f"behavioural_{k}" for k in (1, 2, 3)],
    }
    fit = sem.cfa(survey, items)
    ind = fit.fit_indices["value"]
    chi2, df, n = ind["chi_square"], ind["df"], fit.n
    rmsea = np.sqrt(max(chi2 - df, 0) / (df * (n - 1)))
    three = sem.cfa(survey, ["cognitive", "affective", "behavioural"]).fit_indices["value"]
    check_close(
        rmsea_merged,
        rmsea,
        "rmsea_merged",
        what="the RMSEA of the merged CFA",
        hints=[
            (np.sqrt(max(chi2 - df, 0) / (df * n)), "you divided by df × n; the formula "
             "has df × (n − 1)."),
            (max(chi2 - df, 0) / (df * (n - 1)), "you left out the square root."),
            (np.sqrt(chi2 / (df * (n - 1))), "you left out the − df in the numerator: "
             "sqrt(max(χ² − df, 0) / (df × (n − 1)))."),
            (chi2 / df, "that is χ² / df; RMSEA is sqrt(max(χ² − df, 0) / (df × (n − 1)))."),
            (ind["rmsea_high"], "that is the upper end of RMSEA's 90% interval "
             "(`rmsea_high`); the question asks for RMSEA itself."),
            (ind["srmr"], "that is the SRMR; the question asks for RMSEA."),
            (three["rmsea"], "that is the RMSEA of the three-factor model (cognitive, "
             "affective and behavioural apart); fit the merged model of the answer cell."),
        ],
    )
    right = "fits" if rmsea <= 0.06 and ind["cfi"] >= 0.95 else "does not fit"
    other = "does not fit" if right == "fits" else "fits"
    check_label(
        merged_verdict,
        "merged_verdict",
        choices=["fits", "does not fit"],
        expected=right,
        hints={other: "compare RMSEA with 0.06 (a good fit is 0.06 or *less*) and CFI with "
               "0.95 (a good fit is 0.95 or *more*); the model fits only if both do."},
        what="the verdict on the merged CFA",
    )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # CHOICE QUESTION
# name: q11
# points: 1
# title: Reading the fit indices of a CFA
# reread: section 5 (factor analysis)
# prompt: |
#   The three-factor CFA of cognitive, affective and behavioural loyalty (each construct
#   with its own three items) on 1,200 respondents gives χ² = 40.9 with df = 24
#   (p = 0.017), CFI = 0.996, RMSEA = 0.024 (90% interval 0.010 to 0.037) and
#   SRMR = 0.019. What follows?
# choices:
#   a: >-
#     The model is rejected: the chi-square test is significant (p < 0.05), so the data
#     contradict the three-factor structure.
#   b: >-
#     The model fits well by the usual cut-offs (RMSEA 0.06 or less, CFI 0.95 or more,
#     SRMR 0.08 or less); with 1,200 respondents the chi-square test flags even tiny
#     misfit, so its p-value alone does not reject the model.
#   c: >-
#     The model fits badly: RMSEA should be 0.95 or more, like CFI.
#   d: >-
#     CFI = 0.996 means the three factors explain 99.6% of the variance of the items,
#     so the items are almost free of measurement error.
# answer: b
# why:
#   a: >-
#     the chi-square test asks whether the model is *exactly* right; with 1,200
#     respondents it detects misfit far too small to matter, so almost every model
#     fails it. That is why approximate-fit indices with cut-offs (Hu & Bentler 1999)
#     are read beside it; here all of them show a good fit.
#   b: >-
#     RMSEA 0.024 is below 0.06 (even its interval's upper end, 0.037, is), CFI 0.996 is
#     above 0.95, SRMR 0.019 is below 0.08; the significant chi-square reflects the large
#     sample. The cut-offs are conventions, not tests, but all of them agree here.
#   c: >-
#     RMSEA measures misfit per degree of freedom: *small* is good, and the usual cut-off
#     is 0.06 or less. CFI compares the model with a model of unrelated items: *large* is
#     good, 0.95 or more. The two run in opposite directions.
#   d: >-
#     CFI compares the model's misfit with that of a baseline model in which the items
#     are unrelated; it is not a share of variance explained. Measurement error shows in
#     the loadings (and in AVE and composite reliability), not in CFI.

# %% [raw]
# # BEGIN QUESTION
# name: q12
# points: 2
# all_or_nothing: true

# %% [markdown]
# ### Question 12 · Discriminant validity (区分效度): HTMT of affective and behavioural loyalty
#
# The **heterotrait-monotrait ratio (HTMT)** compares how strongly the items of two
# constructs correlate *with each other* with how strongly each construct's items
# correlate *among themselves*. For affective (A) and behavioural (B) loyalty, with the
# Pearson correlations of the six items `affective_1..3`, `behavioural_1..3`:
#
# HTMT = mean(r between an item of A and an item of B) /
# sqrt(mean(r between two different items of A) × mean(r between two different items of B))
#
# The numerator averages the 3 × 3 = 9 correlations across the constructs; each mean
# in the denominator averages the 3 correlations between two *different* items of one
# construct (not an item with itself, whose correlation is 1). Store it in
# `htmt_aff_beh`, a number (do not round it). An HTMT below 0.85 (0.90 for constructs as
# close as two loyalty levels) says the two constructs are distinct.
# (`crmkit.validity.htmt(survey, ["affective", "behavioural"])` gives the same.)
#
# *Hint:* `c.loc[a_items, b_items]` picks a block of a correlation matrix `c`;
# `np.triu_indices(3, 1)` gives the positions above the diagonal of a 3 × 3 block.

# %% [raw]
# # BEGIN SOLUTION

# %%
# Step 1: the item correlations
aff_items = [f"affective_{k}" for k in (1, 2, 3)]  # SOLUTION NO PROMPT
beh_items = [f"behavioural_{k}" for k in (1, 2, 3)]  # SOLUTION NO PROMPT
item_corr = survey[aff_items + beh_items].corr()  # SOLUTION NO PROMPT
# Step 2: the mean correlation across and within the constructs
above = np.triu_indices(3, k=1)  # SOLUTION NO PROMPT
hetero = item_corr.loc[aff_items, beh_items].to_numpy().mean()  # SOLUTION NO PROMPT
mono_aff = item_corr.loc[aff_items, aff_items].to_numpy()[above].mean()  # SOLUTION NO PROMPT
mono_beh = item_corr.loc[beh_items, beh_items].to_numpy()[above].mean()  # SOLUTION NO PROMPT
htmt_aff_beh = float(hetero / np.sqrt(mono_aff * mono_beh))  # SOLUTION
htmt_aff_beh

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q12_form(htmt_aff_beh):
    from crmkit.exercises import check_number

    check_number(htmt_aff_beh, "htmt_aff_beh", what="the HTMT of affective and behavioural loyalty")


# %%
# HIDDEN
def test_q12_value(htmt_aff_beh, STUDENT_ID):
    import numpy as np

    from crmkit import validity
    from crmkit.exercises import check_close, data_slip, load

    survey = load("survey", STUDENT_ID)
    a = [f"affective_{k}" for k in (1, 2, 3)]
    b = [f"behavioural_{k}" for k in (1, 2, 3)]
    c = survey[a + b].corr()
    het = c.loc[a, b].to_numpy().mean()
    above = np.triu_indices(3, 1)
    ma = c.loc[a, a].to_numpy()[above].mean()
    mb = c.loc[b, b].to_numpy()[above].mean()
    whole_a, whole_b = c.loc[a, a].to_numpy().mean(), c.loc[b, b].to_numpy().mean()
    scale = survey[a].mean(axis=1).corr(survey[b].mean(axis=1))
    table = validity.htmt(survey).set_index(["construct_1", "construct_2"])["htmt"]
    others = [
        (float(v), f"that is the HTMT of {p} and {q}; the question asks for affective and "
         "behavioural loyalty.")
        for (p, q), v in table.items()
        if {p, q} != {"affective", "behavioural"} and "affective" in (p, q)
    ]
    check_close(
        htmt_aff_beh,
        validity.htmt(survey, ["affective", "behavioural"])["htmt"].iloc[0],
        "htmt_aff_beh",
        what="the HTMT of affective and behavioural loyalty",
        hints=[
            (het / np.sqrt(whole_a * whole_b), "your within-construct means include each "
             "item's correlation with itself (the 1s on the diagonal); average only the "
             "correlations between two *different* items."),
            data_slip(het / ((ma + mb) / 2), "you divided by the arithmetic mean of the two "
             "within-construct means; HTMT divides by their geometric mean, "
             "sqrt(mean A × mean B)."),
            (het, "that is only the numerator (the mean correlation across the "
             "constructs); divide by sqrt(mean within A × mean within B)."),
            (het / (ma * mb), "you left out the square root in the denominator."),
            (scale, "that is the correlation of the two scale scores; HTMT is computed from "
             "the item correlations."),
            *others,
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
