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
# # Chapter 5 · Satisfaction and profit statistics (满意度与利润)
#
# CRM articles love a striking number. "Raise satisfaction by 5 per cent and profit
# doubles." "Two thirds of lost customers leave because nobody cared." Our seed texts
# quote such figures as plain facts, usually without a source. Chapter 1 collected
# them in a table (section 12) and promised that this chapter would test them. Here
# each figure becomes a **hypothesis (研究假设)**: a precise statement that data could
# prove wrong. We trace each one to its usual source, say exactly what it claims, and
# test it on the data of *Lanting Trading Co.* (兰亭商贸). Because Lanting is simulated,
# we know the **ground truth (真实值)** and can even change it, to see what the world
# would have to look like for a claim to be true.
#
# ## Objectives
#
# By the end of this chapter you will be able to:
#
# 1. turn a quoted figure into a testable hypothesis, and say when data cannot test it;
# 2. tell **correlation (相关)** from **causation (因果关系)** and spot a
#    **confounder (混杂变量)**;
# 3. compare shares between groups of customers with a **risk ratio (相对风险)** and an
#    **odds ratio (优势比)**, with **Wilson interval (威尔逊区间)** and **bootstrap
#    (自助法)** intervals, and explain why "six times as likely" is often impossible;
# 4. fit a piecewise **logistic regression (逻辑回归)** that shows the **zone of
#    defection (背叛区)**, the **zone of indifference (冷漠区)** and the **zone of
#    affection (情感区)**;
# 5. analyse **panel data (面板数据)** of branches with **pooled OLS (混合最小二乘回归)**,
#    **fixed effects (固定效应)** and a **lag (滞后)**, and check the estimates against
#    the truth;
# 6. translate a regression slope into "x per cent more satisfaction gives y per cent
#    more profit", honestly, with an interval;
# 7. use **simulation (模拟)** to change the world and to compute **statistical power
#    (统计功效)**.
#
# *Sources.* The figures come from 韦亚洲 and 葛红梅, 论客户资源与企业的市场营销
# (商场现代化 2009), from the ZTE management digest 中兴通讯 综合管理文摘 第四期 (2003),
# and from 浅谈我国企业客户关系管理现状及发展策略分析 (2011). The usual originals and the
# statistics are listed under *Further reading*.

# %%
import crmkit

rng = crmkit.setup_notebook()

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from crmkit import loyalty, satisfaction
from crmkit.quiz import Question, quiz
from crmkit.world import make_world

survey = crmkit.load_dataset("survey")  # 1,200 answers of January 2025
transactions = crmkit.load_dataset("transactions")  # the purchase log
customers = crmkit.load_dataset("customers")
exits = crmkit.load_dataset("exits")  # exit interviews of customers who left
branches = crmkit.load_dataset("branches")  # the branch panel: one row per branch and year
params = crmkit.datasets.load_params()  # the settings the world was built with
print(
    f"{len(survey):,} survey answers, {len(exits):,} exit interviews, {len(branches)} branch-years"
)

# %% [markdown]
# ## 1. Why a quoted figure needs checking
#
# A number in an article has a history. Someone measured something, in some firms, in
# some year, and wrote it down with its conditions. Each retelling drops a condition,
# rounds the number, or changes the words, until "cutting defections by 5 points raised
# profits by 25 to 85 per cent in the industries studied" becomes "keeping 5 per cent
# more customers raises profit by 25 per cent or more". Before you use a figure, ask
# four questions:
#
# 1. *Where does it come from?* Find the original study. If nobody can, say so: the
#    figure is a rumour, however often it is repeated.
# 2. *What exactly does it claim?* Which customers, which measure, compared with what,
#    over what period? "Six times as willing" can mean a ratio of shares or of odds.
# 3. *What data would test it?* Some claims need data a firm simply does not have.
# 4. *Is it causal?* "Satisfied customers are more profitable" is a correlation;
#    "raising satisfaction raises profit" is a causal claim, and much harder to show.
#
# The table is the plan of this chapter (chapter 1, section 12, traces the sources in
# more detail):
#
# | claim as quoted | usual source | tested in |
# |---|---|---|
# | a very satisfied customer is six times as willing to buy again as a satisfied one; a satisfied one six times as willing as a dissatisfied one | Xerox data in Jones & Sasser (1995); the second form has no known source | section 3 |
# | satisfaction works in zones | Jones & Sasser (1995) | section 4 |
# | two thirds of customers leave for lack of care | "68% leave because of perceived indifference", repeated in US service books since the 1980s; no original study found | section 5 |
# | higher satisfaction does not raise profit at once | the ZTE digest's own argument; the service-profit chain of Heskett et al. (1994) | section 6 |
# | 5% more satisfaction doubles profit | no original found; probably a garbled form of the retention claim | section 7 |
# | 20% more satisfaction: selling cost −21%, sales cycle −1/3, profit +2% | none given | section 7 |
# | keeping 5% more customers raises profit by 25–85% | Reichheld & Sasser (1990) | section 7 |
# | a new customer costs 5–6 times as much as keeping one | usually credited to TARP studies of the 1980s | section 10 |
# | one satisfied customer brings 8 prospects, a dissatisfied one reaches 25 | also credited to TARP; numbers differ between retellings | section 10 |
# | 80% of sales come from 20% of customers | Pareto (1896), named by Juran | section 10 |

# %% [markdown]
# ## 2. Correlation is not causation
#
# Here is a pattern in Lanting's survey. Customers in the firm's gold care tier are the
# most satisfied and bought the most before the survey:

# %%
before = transactions[transactions["order_date"] < "2025-01-15"]
spend = before.groupby("customer_id")["revenue"].sum().rename("revenue_before_survey")
tiers = (
    survey.set_index("customer_id")[["overall_satisfaction"]]
    .join(spend)
    .join(customers.set_index("customer_id")["care_tier"])
)
# observed=True: group by the tiers that occur (care_tier is a categorical column)
tiers.groupby("care_tier", observed=True).agg(
    respondents=("overall_satisfaction", "size"),
    satisfaction=("overall_satisfaction", "mean"),
    revenue=("revenue_before_survey", "mean"),
).round(2)

# %% [markdown]
# Gold customers rate Lanting 6.4 out of 10 against 5.9 for ordinary ones, and spent
# more than five times as much. Does satisfaction make customers spend five times as
# much? No. In the world, a customer's size and type (a large business buys far more
# than a household) set how much they spend; Lanting puts its biggest spenders in the
# gold tier (chapter 1), and gold care then raises their satisfaction a little. The
# drawing shows the causal structure.

# %%
fig, ax = plt.subplots(figsize=(7, 2.8))
nodes = {
    "customer size / type\n(confounder)": (0.12, 0.5),
    "spending before\nthe survey": (0.5, 0.85),
    "care tier\n(mediator)": (0.5, 0.15),
    "satisfaction": (0.88, 0.5),
}
for label, (x, y) in nodes.items():
    ax.text(x, y, label, ha="center", va="center", bbox={"boxstyle": "round", "fc": "white"})
pos = list(nodes.values())
for start, end, style in [(0, 1, "-"), (0, 2, "-"), (2, 3, "-"), (3, 1, "--")]:
    ax.annotate(
        "",
        xy=pos[end],
        xytext=pos[start],
        arrowprops={"arrowstyle": "->", "linestyle": style, "shrinkA": 38, "shrinkB": 38},
    )
ax.text(0.74, 0.74, "the claimed effect?", ha="center", fontsize=8, color="grey")
ax.set_xlim(0, 1)
ax.set_ylim(0, 1)
ax.axis("off")
ax.set_title("Why gold customers spend more and are more satisfied")
plt.show()

# %% [markdown]
# Customer size and type cause both: big customers spend more, and (through the tier)
# are a little more satisfied. That common cause is the **confounder (混杂变量)**: it
# makes spending and satisfaction move together without one causing the other to
# anything like this extent. The care tier is not a confounder: it lies *on the path*
# from size to satisfaction, a mediator (中介变量) that passes the effect on (chapter 4
# measures such paths). Holding the tier fixed would hide part of the size effect;
# holding size and type fixed is what a fair comparison needs. Every claim in this
# chapter that says "raises" is causal, so it needs more than a correlation: a
# comparison in which the other causes are held fixed, or a timing that rules out the
# reverse direction. Section 6 shows both on the branch panel.

# %% [markdown]
# ## 3. "Six times as willing to buy again"
#
# *Source.* Jones and Sasser (1995) reported that Xerox's customers who gave the top
# mark, "totally satisfied", were six times as likely to buy again within 18 months as
# those who were merely "satisfied". The seeds repeat it (韦亚洲 & 葛红梅 2009; the 2011
# article); the ZTE digest (2003) gives a second version, satisfied against
# dissatisfied, for which we found no source.
#
# *Hypothesis.* Among Lanting's customers, the share who buy again within 180 days of
# the survey is six times as high for the very satisfied (overall satisfaction 9 or 10
# out of 10) as for the satisfied (7 or 8), and six times as high for the satisfied as
# for the dissatisfied (1 to 4).
#
# First the mechanics in pandas: `loyalty.stated_vs_actual` (chapter 4) joins each
# respondent to their purchases after the survey; a `pd.cut` puts the answers into
# groups; the mean of a True/False column is a share.

# %%
follow_up = loyalty.stated_vs_actual(survey, transactions, days=180, constructs="satisfaction")
follow_up = follow_up.join(survey.set_index("customer_id")["overall_satisfaction"])
# bins (0, 4], (4, 6], (6, 8], (8, 10]: right edges included, as the labels say
labels = ["dissatisfied", "neutral", "satisfied", "very satisfied"]
group = pd.cut(follow_up["overall_satisfaction"], bins=[0, 4, 6, 8, 10], labels=labels)
by_hand = follow_up.groupby(group, observed=True)["bought_again"].agg(["size", "mean"])
by_hand.round(3)

# %% [markdown]
# `satisfaction.rate_by_group` computes the same shares and adds a 95 per cent **Wilson interval
# (威尔逊区间)** for each: a **confidence interval (置信区间)** for a share that stays
# inside 0 to 1 even for small groups (chapter 4 used it too).

# %%
groups = {"dissatisfied": (1, 4), "neutral": (5, 6), "satisfied": (7, 8), "very satisfied": (9, 10)}
rates = satisfaction.rate_by_group(follow_up, "overall_satisfaction", "bought_again", groups)
print("same shares as by hand:", np.allclose(rates["rate"], by_hand["mean"]))
rates.round(3)

# %% [markdown]
# The share who bought again rises with satisfaction: 29 per cent of the dissatisfied,
# 52 per cent of the satisfied, 78 per cent of the very satisfied. But look at the
# sizes. The very satisfied bought again 1.5 times as often as the satisfied, not six
# times. And they *could not* have been six times as likely: 52 per cent of the
# satisfied already bought, and six times 52 per cent is 310 per cent. A ratio of two
# shares, the **risk ratio (相对风险)**, can never exceed 1 divided by the smaller share.
# "Six times as likely" can only be true where the smaller share is below one sixth.
#
# Perhaps the claim means odds. The odds are share / (1 − share), and an **odds ratio
# (优势比)** has no ceiling. `satisfaction.rate_ratio` computes both, with **bootstrap (自助法)**
# intervals: it redraws each group's customers with replacement 2,000 times and reads
# the middle 95 per cent of the recomputed ratios.

# %%
ratios = pd.concat(
    {
        "very satisfied / satisfied": satisfaction.rate_ratio(
            follow_up, "overall_satisfaction", "bought_again", (9, 10), (7, 8)
        ),
        "satisfied / dissatisfied": satisfaction.rate_ratio(
            follow_up, "overall_satisfaction", "bought_again", (7, 8), (1, 4)
        ),
    }
)
ratios.round(2)

# %% [markdown]
# Very satisfied against satisfied: risk ratio 1.52 (interval 1.28 to 1.77), odds
# ratio 3.4 (1.9 to 6.8). Satisfied against dissatisfied: risk ratio 1.80, odds ratio
# 2.7. The odds ratio of the first comparison has an interval that reaches 6, only
# because just 65 customers were very satisfied.
#
# What is the truth? The world has no single "true ratio" written in its parameters:
# the ratio follows from the whole causal story. We can still compute it, by building
# a much larger Lanting with the same settings and surveying everyone. With about
# 39,000 respondents the sampling error almost vanishes.

# %%
big = make_world(60000, seed=1, survey_size=10_000_000)  # survey every eligible customer
big_follow_up = loyalty.stated_vs_actual(
    big.survey, big.transactions, days=180, constructs="satisfaction"
).join(big.survey.set_index("customer_id")["overall_satisfaction"])
print(f"respondents in the large world: {len(big_follow_up):,}")
truth_ratios = pd.concat(
    {
        "very satisfied / satisfied": satisfaction.rate_ratio(
            big_follow_up, "overall_satisfaction", "bought_again", (9, 10), (7, 8)
        ),
        "satisfied / dissatisfied": satisfaction.rate_ratio(
            big_follow_up, "overall_satisfaction", "bought_again", (7, 8), (1, 4)
        ),
    }
)
truth_ratios.round(2)

# %% [markdown]
# In the world as a whole the very satisfied buy again 1.26 times as often as the
# satisfied (odds ratio 1.8), and the satisfied 1.85 times as often as the
# dissatisfied (odds ratio 2.8). Our sample's 1.52 was high by chance: its interval
# only just misses 1.26, a reminder that 65 customers are few. *In this world:* the
# method recovers the built-in ratio roughly, and neither the risk ratio nor the odds
# ratio comes near 6 at Lanting. That says nothing about Xerox: the
# Xerox figure may well have been true at Xerox, where customers buy copiers rarely
# and the base rate of buying again within 18 months is low; it does not transfer to
# a firm whose customers buy several times a year.

# %% [markdown]
# ## 4. Zones: does satisfaction matter everywhere?
#
# Jones and Sasser (1995) also argued that satisfaction works in zones. In the **zone
# of defection (背叛区)**, low satisfaction, customers leave quickly; in the broad
# middle, the **zone of indifference (冷漠区)**, a little more satisfaction changes
# little; at the top, the **zone of affection (情感区)**, customers become loyal fast.
# Chapter 4 saw this shape in a `groupby`. Here we fit it: a logistic regression whose
# log-odds are a line with two bends, so it has one slope per zone. If the three
# slopes are equal the curve is an ordinary logistic curve and there are no zones.
#
# On the survey, with bends at answers 4.5 and 7.5 of the 1 to 10 scale:

# %%
survey_zones = satisfaction.zone_slopes(
    follow_up, "overall_satisfaction", "bought_again", (4.5, 7.5)
)
print(
    "zones against one straight line: p =",
    round(survey_zones.attrs["line_test"]["p_value"], 3),
)
survey_zones.round(3)

# %% [markdown]
# Each slope is the change in the log-odds of buying again per point of satisfaction.
# (The log-odds is the logarithm of share / (1 − share); a logistic regression draws a
# straight line on that scale, so a positive slope means "more likely to buy again".)
# In the middle zone it is 0.14 per point, with an interval that includes 0; below and
# above it is 0.54 and 0.75. A likelihood-ratio test asks whether three separate slopes
# fit the answers clearly better than one straight line. Its p-value, 0.024, is the
# chance of a gain in fit at least this large if there were really only one line; a
# value below 0.05 is the usual sign of a real difference. So there is some evidence
# for zones, from 1,200 answers and six months of purchases, but not strong evidence.
#
# The world knows more. Every customer has a true satisfaction (in standard
# deviations) and a true probability of dropping out after each purchase. Fitting the
# same model to them (a *fractional* logit: the outcome is a probability instead of a
# yes/no) shows the curve the world was built with. We do it for the usual world,
# whose curve has zones, and for a world built with `satisfaction_curve="linear"`.


# %%
def dropout_table(world):
    """True satisfaction (sd units) and true drop-out probability of every buyer."""
    buyer = (world.customers["status"] != "potential").to_numpy()
    truth = world.truth[buyer]
    all_sat = world.truth["satisfaction"]
    z = (truth["satisfaction"] - all_sat.mean()) / all_sat.std()
    return pd.DataFrame({"satisfaction": z, "dropout": truth["dropout_prob"]})


edges = tuple(params["satisfaction_thresholds"])  # the world's zone edges: -0.75, 0.75
worlds = {
    "zones (Lanting)": make_world(4000, seed=2026),
    "linear": make_world(4000, seed=2026, satisfaction_curve="linear"),
}
zone_table = pd.concat(
    {
        name: satisfaction.zone_slopes(dropout_table(w), "satisfaction", "dropout", edges)
        for name, w in worlds.items()
    }
)
zone_table[["customers", "slope", "ci_low", "ci_high"]].round(2)

# %% [markdown]
# In Lanting's world the drop-out log-odds fall by about 1.9 per standard deviation of
# satisfaction in the outer zones, but only by 0.4 in the middle (the slopes are
# negative because more satisfaction means less drop-out). The world was built with
# 1.5 from the zone curve (`satisfaction_slope`), outside the middle zone only, plus
# about 0.24 in every zone that works through loyalty (0.40 × 0.60 in `params`), so
# roughly 1.7 outside and 0.24 inside. The fitted slopes are about 0.2 steeper than
# this in every zone, probably because the fit also picks up other things that move
# together with satisfaction; the difference between the outer and the middle zones,
# about 1.5 in the table, is exactly the zone effect the world was built with. In the
# linear world all three slopes are about 1.8 to 1.9: no zones. The fitted curves:

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
for ax, (name, world) in zip(axes, worlds.items(), strict=True):
    curve = satisfaction.zone_curve(dropout_table(world), "satisfaction", "dropout", edges)
    satisfaction.plot_zone_curve(curve, thresholds=edges, ax=ax)
    ax.set_title(name)
    ax.set_xlabel("true satisfaction (sd)")
axes[0].set_ylabel("drop-out probability per purchase")
plt.show()

# %% [markdown]
# On the left the curve is almost flat between the dashed lines and steep outside; on
# the right it bends smoothly, as any logistic curve does, with no flat stretch.
# *In this world:* the method finds the zones, because the world was built with them,
# and the survey shows weak evidence for them (p = 0.024). Whether real customers
# behave in zones is a question for real data (Jones and Sasser's curves, section 11);
# the simulation shows what a test of it needs and that the method can find zones
# that are there.

# %% [markdown]
# ## 5. "Two thirds leave for lack of care"
#
# *Source.* Usually quoted as "68 per cent of customers leave because of an attitude
# of indifference", at the end of a list (1 per cent die, 3 per cent move away, 5 per
# cent form other business friendships, 9 per cent leave for a competitor, 14 per cent
# for product dissatisfaction) that has circulated in American service books since the
# 1980s. We could not find the original study behind it.
#
# *Hypothesis.* In Lanting's **exit interview (流失客户访谈)**, two thirds of the
# answers give indifference (lack of care) as the reason. Chapter 2 (section *Why
# customers leave*) tabulated all six exit reasons against the world's base shares; here
# we test only this one claim about them. By hand first:

# %%
counts = exits["exit_reason"].value_counts()
print(f"indifference: {counts['indifference']} of {counts.sum()} answers")
print(f"share: {counts['indifference'] / counts.sum():.3f}")

# %%
claim = satisfaction.share_claim(exits, "exit_reason", "indifference", 2 / 3)
claim.round(4)

# %% [markdown]
# 41 per cent of the answers name indifference, with a Wilson interval from 37 to 44
# per cent. The exact binomial test asks how likely a share this far from two thirds
# would be if the true share were two thirds; that p-value rounds to 0, so the
# claim is rejected. The world's base share for indifference is
# `params["exit_reason_shares"]["indifference"]` = 0.40, and the estimate is close
# to it. *In this world:* the interviews recover the built-in share; lack of care is
# the most common reason but not two thirds, because the world's designer set it at
# 40 per cent. The real-world figure has no traceable study behind it (section 11).
#
# Chapter 2 raised a doubt: only about 60 per cent of leavers answer the interview
# (`params["exit_interview_rate"]`, printed below).
# If indifferent customers were less willing to answer, the interviews would
# understate them. In the world, answering is random (`exit_interview_rate` is the
# same for all), so there is no such bias here; in a real firm you would need the
# missing answers, for example by phoning a sample of the silent leavers. Also note
# what "lack of care" means: counting staff attitude as lack of care too gives:

# %%
print("share of leavers who answered:", params["exit_interview_rate"])
satisfaction.share_claim(exits, "exit_reason", ["indifference", "staff_attitude"], 2 / 3).round(3)

# %% [markdown]
# Even generously defined, lack of care explains about half of the exits, not two
# thirds.

# %% [markdown]
# ## 6. Satisfaction, retention and profit in the branch panel
#
# The remaining causal claims are about profit, and the customer data cannot test
# them: profit belongs to the firm, not to a customer. Lanting has 40 branches,
# observed for 8 years: a **panel data (面板数据)** set, one row per branch and year.
# In the world, the branches follow a **service-profit chain (服务利润链)** (Heskett et
# al. 1994): *last year's* satisfaction raises this year's **retention rate
# (客户保留率)**, and retention (plus a little satisfaction directly) raises the profit
# margin. Nothing happens within the same year.
#
# The mechanics in pandas: the margin is profit / revenue; the **lag (滞后)**, last
# year's value of the same branch, is a `shift(1)` within each branch.

# %%
by_branch = branches.sort_values(["branch_id", "year"])
by_hand = by_branch.assign(
    margin=by_branch["profit"] / by_branch["revenue"],
    # shift(1) within each branch: the previous row of the same branch, NaN in its first year
    satisfaction_lag=by_branch.groupby("branch_id")["satisfaction_index"].shift(1),
)
by_hand[
    ["branch_id", "year", "satisfaction_index", "satisfaction_lag", "retention_rate", "margin"]
].head(3).round(3)

# %%
panel = satisfaction.branch_panel(branches)  # the same columns, with checks, plus retention_lag
print(
    "same lags as by hand:",
    np.allclose(panel["satisfaction_lag"], by_hand["satisfaction_lag"], equal_nan=True),
)
panel[["satisfaction_index", "retention_rate", "margin"]].describe().loc[
    ["mean", "std", "min", "max"]
].round(3)

# %% [markdown]
# Satisfaction averages 73 out of 100, retention 78 per cent, and the margin 10 per
# cent of revenue.
#
# ### 6.1 Pooled OLS against fixed effects
#
# **Pooled OLS (混合最小二乘回归)** treats the 280 branch-years with a lag as 280
# separate observations. Branches differ in ways that last, such as location or
# management, and pooled OLS takes any such difference that happens to line up with
# retention as an effect of retention. **Fixed effects (固定效应)** give each branch
# its own intercept (one dummy per branch: a 0/1 column that is 1 on that branch's
# rows), so only changes *within* a branch over the years count. A standard error is
# the typical size of an estimate's chance error, and the intervals are built from it.
# Here the standard errors are "clustered by branch": they treat the years of one
# branch as related rather than as separate pieces of evidence, which makes the
# intervals wider and more honest.

# %%
regressors = ["retention_rate", "satisfaction_lag"]
fits = pd.concat(
    {
        "pooled OLS": satisfaction.panel_fit(panel, "margin", regressors, effects="none"),
        "fixed effects": satisfaction.panel_fit(panel, "margin", regressors, effects="branch"),
    }
)
truth = satisfaction.true_branch_effects(params)
fits["truth"] = [truth["retention_to_margin"], truth["satisfaction_to_margin"]] * 2
# print with 4 decimals: the effects differ in size by a factor of 500
print(
    fits[["estimate", "ci_low", "ci_high", "truth", "n_obs", "n_dropped"]].to_string(
        float_format="{:.4f}".format
    )
)

# %% [markdown]
# The fixed-effects model recovers both effects: 0.485 for retention (truth 0.5) and
# 0.0008 for last year's satisfaction (truth 0.001), each interval covering the truth.
# Pooled OLS puts retention at 0.67, a third too high. In this world the branches'
# lasting levels of retention and margin are drawn independently, so pooled OLS is
# right *on average over many worlds*; but with 40 branches, the few that happen to
# have both high retention and high margins pull it off, and its interval (0.56 to
# 0.78) misses the truth. Fixed effects throw that chance pattern away. The
# 40 rows without a lag (each branch's first year) were left out, and the table says
# so.
#
# ### 6.2 Timing, and "not at once"
#
# `satisfaction.compare_panel_models` fits six models both ways and puts the truth beside each.

# %%
models = satisfaction.compare_panel_models(panel, params)
shown = models[["outcome", "model", "term", "effects", "estimate", "ci_low", "ci_high", "truth"]]
print(shown.to_string(float_format="{:.4f}".format))
# the plain correlation, for comparison with the causal estimates above
same_year_r = panel["margin"].corr(panel["satisfaction_index"])
print(f"correlation of margin with this year's satisfaction: {same_year_r:.2f}")

# %% [markdown]
# Read it in pairs (pooled, then fixed effects):
#
# - Retention on *this year's* satisfaction gives 0.0046 pooled and 0.0014 with fixed
#   effects, against a true 0.005 per point. The timing is wrong: retention responds to
#   last year's satisfaction, and this year's is only correlated with it. Within a
#   branch the correlation is weaker, so the fixed-effects estimate is worse. With the
#   lag (second pair) both estimates are close to 0.005.
# - Margin on last year's satisfaction alone estimates the *total* effect, direct plus
#   through retention: 0.001 + 0.5 × 0.005 = 0.0035. Fixed effects give 0.0031.
# - The last pair is the test of the ZTE digest's claim that higher satisfaction does
#   not raise profit at once. With last year's satisfaction in the model, this year's
#   has an effect of 0.0003 (fixed effects), with an interval that includes 0, while
#   last year's is strongly positive. *In this world:* the method recovers the timing
#   the world was built with (nothing happens within the same year, by construction),
#   so this is a check of the method, not of the claim. Yet margin and this year's
#   satisfaction are strongly correlated (0.69, printed under the table), because
#   this year's satisfaction moves with last year's: the correlation is real, but the
#   causal effect in the same year is zero.

# %% [markdown]
# ## 7. Profit claims in numbers
#
# A slope becomes a claim about profit like this. A fixed-effects slope of 0.0031 means
# one more index point of satisfaction raises next year's margin by 0.0031. Lanting's
# mean satisfaction is 72.7, so 5 per cent more is 3.6 points, and the margin rises by
# 3.6 × 0.0031 = 0.011. On a mean margin of 0.099 (the mean over the 280 branch-years
# with a lag, so a little below the 0.100 of all 320), that is 11.5 per cent more
# profit, with revenue unchanged (0.011 / 0.099, before rounding). `satisfaction.profit_change` does this arithmetic and carries the
# slope's interval through.

# %%
mean_satisfaction = panel["satisfaction_index"].mean()
claims = pd.DataFrame(
    {
        "5% more satisfaction": satisfaction.profit_change(
            panel, "satisfaction", 0.05 * mean_satisfaction, params=params
        ),
        "20% more satisfaction": satisfaction.profit_change(
            panel, "satisfaction", 0.20 * mean_satisfaction, params=params
        ),
        "5 points more retention": satisfaction.profit_change(
            panel, "retention", 0.05, params=params
        ),
    }
).T
shown_columns = ["change", "mean_margin", "profit_change", "profit_ci_low", "profit_ci_high"]
claims[[*shown_columns, "true_profit_change"]].round(3)

# %% [markdown]
# - *"5 per cent more satisfaction doubles profit."* Doubling is +100 per cent. The
#   estimate is +11.5 per cent (interval 9 to 14), the truth +12.9 per cent.
#   *In this world:* the method recovers the built-in effect, far from doubling. We
#   found no original study; the figure is probably the retention claim below with
#   "retention" swapped for "satisfaction".
# - *"20 per cent more satisfaction: profit +2 per cent"* (with selling costs −21 per
#   cent and a sales cycle a third shorter). Here 20 per cent more satisfaction, 14.5
#   index points (two standard deviations of the panel), brings +46 per cent profit,
#   far more than +2 per cent. But that figure is an **extrapolation**: the
#   fixed-effects slope rests on changes *within* a branch, and those are small (the
#   next cell prints them). The +46 per cent holds only because the world is linear
#   by construction; nothing in the data says the line continues that far. The cost
#   and sales-cycle parts cannot be examined: Lanting's data have neither selling
#   costs nor sales cycles.
# - *"Keeping 5 per cent more customers raises profit by 25 to 85 per cent"*
#   (Reichheld & Sasser 1990). Five percentage points more retention gives +24.5 per
#   cent (interval 20 to 29), truth +25.3. *In this world:* the method recovers the
#   built-in effect, which sits at the bottom of the quoted range because the world was
#   built that way; it is no evidence for the claim. Note the honest reading:
#   Reichheld and Sasser measured the
#   value of a customer over the whole relationship in a handful of service
#   industries, not one year's profit of a supply firm; and Lanting's world was built
#   with a retention effect that lands on 25 per cent. The "returning customers bring
#   25 to 85 per cent of profit" of the 2011 article is a misreading of the same study.
#
# Relative numbers depend on the base. The same 0.011 of margin is 11 per cent of a
# 10 per cent margin but 110 per cent of a 1 per cent margin. A firm that barely
# breaks even can "double profit" with a small change, which is one way such figures
# are born.
#
# How far is 20 per cent more satisfaction from what the slope has seen? The
# fixed-effects slope uses only each branch's deviations from its own mean:

# %%
# last year's satisfaction, as a deviation from its branch's own mean (what fixed
# effects use)
lagged = panel.dropna(subset=["satisfaction_lag"])
within = lagged["satisfaction_lag"] - lagged.groupby("branch_id")["satisfaction_lag"].transform(
    "mean"
)
step = 0.20 * mean_satisfaction
print(f"within-branch standard deviation: {within.std():.1f} index points")
print(f"largest within-branch deviation: {within.abs().max():.1f} points")
print(f"20% more satisfaction: {step:.1f} points = {step / within.std():.1f} within-branch SDs")

# %% [markdown]
# Within a branch, satisfaction varies by about 3 points (standard deviation), and the
# largest deviation in 280 branch-years is 9.4 points. A rise of 14.5 points is about
# 4.8 within-branch standard deviations, well beyond anything the slope was estimated
# from. Read "+46 per cent" as "what the straight line says out there", not as an
# estimate: a real curve could flatten (the zones of section 4 are one reason it
# might).

# %% [markdown]
# ## 8. Change the world: what would make "doubles profit" true?
#
# Since the world is a **simulation (模拟)**, we can change a knob and rebuild it.
# `satisfaction.vary_world` re-generates the world with each setting (same seed, so only the
# knob differs) and computes a statistic. Here the knob is the direct effect of
# satisfaction on margin, and the statistic the estimated profit gain from 5 per cent
# more satisfaction.


# %%
def five_percent_gain(world):
    """Estimated and true profit change from 5% more satisfaction in a world."""
    p = satisfaction.branch_panel(world.branches)
    out = satisfaction.profit_change(
        p, "satisfaction", 0.05 * p["satisfaction_index"].mean(), params=world.params
    )
    margin = p["margin"]
    return {
        "profit_change": out["profit_change"],
        "true_profit_change": out["true_profit_change"],
        "mean_margin": out["mean_margin"],
        "share_of_loss_years": (margin < 0).mean(),
    }


base = dict(params["branch_effects"])
settings = {
    f"direct effect {d}": {**base, "satisfaction_to_margin": d}
    for d in (0.001, 0.01, 0.025, 0.05, 0.1)
}
changed = satisfaction.vary_world(
    "branch_effects", settings, five_percent_gain, n_customers=1, seed=2026
)
changed.round(3)

# %% [markdown]
# The estimate follows the truth in every world, so the method is not the problem.
# Profit doubles (+100 per cent) only somewhere between a direct effect of 0.05 and
# 0.1 of margin per index point: 50 to 100 times the world's 0.001. (The gain grows
# more slowly than the effect because the mean margin rises too: the average branch is
# a little above the world's reference satisfaction of 72.) Look at the price of such
# a world: about 30 per cent of all branch-years make a loss, because satisfaction
# varies by several points from branch to branch and year to year, and with it the
# margin swings by tens of percentage points. A real firm whose profits swung like that
# with a satisfaction score would be famous. "Five per cent more satisfaction doubles
# profit" describes a world very unlike a normal firm.

# %% [markdown]
# ## 9. Power: could Lanting have seen it?
#
# An effect that exists can still be missed. **Statistical power (统计功效)** is the
# chance that a study finds an effect (here, a fixed-effects slope significant at 5
# per cent) when it is really there. `satisfaction.panel_power` estimates it by simulation:
# build many panels of a given size from the world, fit the model in each, and count
# the share of significant results. The effect is the small direct one, 0.001 of
# margin per index point with retention held fixed.

# %%
power = satisfaction.panel_power([10, 20, 40, 80], [4, 8], n_sims=100, seed=2026)
power.round(3)

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
for years, rows in power.groupby("branch_years_used"):
    ax.plot(rows["n_branches"], rows["power"], marker="o", label=f"{years} years with a lag")
ax.axhline(0.8, linestyle="--", color="grey")
ax.set_xlabel("number of branches")
ax.set_ylabel("power")
ax.set_title("Chance of detecting the direct satisfaction effect")
ax.legend()
plt.show()

# %% [markdown]
# With 40 branches and 7 usable years Lanting finds the direct effect in 97 per cent
# of the panels. With only three usable years, 40 branches find it in 31 per cent, and
# even 80 branches in only 65 per cent; 10 branches find it only 37 per cent of the
# time even when watched for all 8 years. The usual target is a power of 0.8 (dashed
# line), which only 40 or more branches with 7 usable years reach. The mean estimate is
# close to the truth of 0.001 in every row: small panels do not give a biased answer,
# they give an uncertain one. A study that "finds no effect" in a small panel has
# learnt very little.

# %% [markdown]
# ## 10. Claims the data cannot test, and the 80/20 rule
#
# *"A new customer costs 5 to 6 times as much as keeping one."* Lanting records the
# **customer acquisition cost (获客成本)** of each customer:

# %%
customers.groupby("channel", observed=True)["acquisition_cost"].mean().round(1)

# %% [markdown]
# Winning a customer costs from about 33 yuan (referral) to 540 yuan (sales team). But
# the claim is a ratio, and the cost of *keeping* a customer (care, service, loyalty
# offers) is not in the data, so these data cannot examine it. The same is
# true of *"one satisfied customer brings 8 prospects, a dissatisfied one reaches
# 25"*: the survey asks whether customers would recommend Lanting, a stated
# **word of mouth (口碑)** intention, but nobody recorded who told whom.
#
# *"80 per cent of sales come from 20 per cent of customers"* is chapter 2's to test:
# its section *Is it really 80/20?* showed that the top 20 per cent of Lanting's buyers
# bring about two thirds of revenue, not 80 per cent, with a bootstrap interval. We
# repeat chapter 2's call, without printing its result again, because the verdict table
# of section 11 needs the estimate and its interval:

# %%
revenue = transactions.groupby("customer_id")["revenue"].sum()  # every buyer, as chapter 2
top = crmkit.concentration.top_share_interval(revenue, q=0.2, n_boot=2000, seed=2026)

# %% [markdown]
# *In this world:* sales are concentrated, but not 80/20: the world's designer did not
# build the **80/20 rule (二八法则)** in. Real firms differ; measure it in yours.

# %% [markdown]
# ## 11. The verdicts: what the world shows, and what the published evidence says
#
# A simulation can show whether a method recovers a truth that was built in, and what
# data a test would need. It cannot confirm or refute a claim about real firms: the
# world's answers are its designer's settings. So the verdicts come in two columns. The
# numbers first, built from the results above:

# %%
vs = ratios.loc[("very satisfied / satisfied", "risk_ratio")]
vs_true = truth_ratios.loc[("very satisfied / satisfied", "risk_ratio"), "estimate"]
same_year = models[(models["term"] == "satisfaction_index") & (models["outcome"] == "margin")]
same_year = same_year[same_year["effects"] == "branch"].iloc[0]


def interval(low, high, digits=2, percent=False):
    if percent:
        return f"{low:+.0%} to {high:+.0%}"
    return f"{low:.{digits}f} to {high:.{digits}f}"


def profit_row(i):
    row = claims.iloc[i]
    return (
        f"{row['profit_change']:+.1%}",
        interval(row["profit_ci_low"], row["profit_ci_high"], percent=True),
        f"{row['true_profit_change']:+.1%}",
    )


estimates = pd.DataFrame(
    [
        (
            "very satisfied 6x as likely to buy again",
            f"risk ratio {vs['estimate']:.2f}",
            interval(vs["ci_low"], vs["ci_high"]),
            f"{vs_true:.2f}",
        ),
        (
            "satisfaction works in zones",
            f"survey: zones vs line p = {survey_zones.attrs['line_test']['p_value']:.3f}",
            "-",
            "slopes {:.2f}, {:.2f}, {:.2f}".format(*zone_table.loc["zones (Lanting)", "slope"]),
        ),
        (
            "two thirds leave for lack of care",
            f"share {claim['share']:.2f}",
            interval(claim["ci_low"], claim["ci_high"]),
            "0.40 (base share)",
        ),
        (
            "satisfaction does not raise profit at once",
            f"same-year slope {same_year['estimate']:.4f}",
            interval(same_year["ci_low"], same_year["ci_high"], 4),
            "0",
        ),
        ("5% more satisfaction doubles profit", *profit_row(0)),
        ("20% more satisfaction: profit +2%", *profit_row(1)),
        ("5% more retention: profit +25-85%", *profit_row(2)),
        ("new customer costs 5-6x keeping one", "-", "-", "-"),
        ("8 prospects / 25 people by word of mouth", "-", "-", "-"),
        (
            "80% of sales from 20% of customers",
            f"top-20% share {top['estimate']:.2f} (chapter 2)",
            interval(top["lower"], top["upper"]),
            "-",
        ),
    ],
    columns=["claim", "estimate", "95% interval", "built into the world"],
)
estimates

# %% [markdown]
# | claim | what the world shows | what the published evidence says |
# |---|---|---|
# | very satisfied 6x as likely to buy again | The method recovers the built-in ratio (1.26) only roughly from 65 very satisfied respondents. A risk ratio of 6 is impossible when the lower group's share is above 1/6; a test needs the repurchase shares of both groups and their base rate. | Jones, T. O., & Sasser, W. E. (1995), "Why satisfied customers defect", *Harvard Business Review*: Xerox's own customer survey, totally satisfied customers six times as likely to repurchase within 18 months as satisfied ones; sample and design not published. The "satisfied 6x dissatisfied" form: no traceable study. |
# | satisfaction works in zones | The piecewise logit finds zones when they are built in and none in a world built linear; in a survey of 1,200 the evidence is weak (p = 0.024). | Jones & Sasser (1995): satisfaction-loyalty curves in five markets, from firms' survey data, cross-sectional and illustrative. Anderson, E. W., & Mittal, V. (2000), "Strengthening the satisfaction-profit chain", *Journal of Service Research*: reviews evidence that the links are nonlinear and asymmetric. |
# | two thirds leave for lack of care | The exit interviews recover the built-in share (0.40) within their interval; with 766 answers a share of two thirds would be clearly distinguishable. A real test also needs the reasons of leavers who do not answer. | A consultant's anecdote: "68% leave because of an attitude of indifference", repeated in US service books since the 1980s, with no traceable study, sample or design. |
# | satisfaction does not raise profit at once | Fixed effects with a one-year lag recover the built-in timing; the world has no same-year effect by construction, so it cannot test the claim. Detecting the small direct effect with power 0.8 needs about 40 branches watched for 7 usable years (section 9: 97%; 3 years: 31%). | Heskett, J. L., Jones, T. O., Loveman, G. W., Sasser, W. E., & Schlesinger, L. A. (1994), "Putting the service-profit chain to work", *Harvard Business Review*: a conceptual chain with case examples. Anderson, E. W., Fornell, C., & Lehmann, D. R. (1994), "Customer satisfaction, market share, and profitability: Findings from Sweden", *Journal of Marketing*: firm-level data, satisfaction associated with later return on investment; observational. |
# | 5% more satisfaction doubles profit | The method recovers the built-in effect (about +13%). Doubling needs a direct effect 50 to 100 times the world's, in a world where about 30% of branch-years make losses (section 8). | No original study found; probably a garbled form of Reichheld and Sasser's retention figure. |
# | 20% more satisfaction: profit +2% | An extrapolation: 14.5 points is about 4.8 within-branch standard deviations beyond the variation the slope rests on; the +46% holds only because the world is linear. Selling costs and sales cycles are not in the data. | No source given, and none found: the figures (selling cost −21%, sales cycle −1/3, profit +2%) cannot be traced to a study. |
# | 5% more retention: profit +25-85% | The method recovers the built-in effect (+25%), which the world's designer set at the low end of the quoted range: agreement by design, not evidence. | Reichheld, F. F., & Sasser, W. E. (1990), "Zero defections: Quality comes to services", *Harvard Business Review*: Bain & Company estimates of a customer's value over the relationship in a handful of service industries; data and method not published in detail, not peer-reviewed. |
# | new customer costs 5-6x keeping one | Not in the data: the cost of keeping a customer is not recorded. | Credited to studies by TARP (Technical Assistance Research Programs) for the US Office of Consumer Affairs, late 1970s and 1980s; we could not trace the figure to a published table, and retellings differ. |
# | 8 prospects / 25 people by word of mouth | Not in the data: nobody recorded who told whom. | Also credited to TARP; the numbers differ between retellings; no traceable study. |
# | 80% of sales from 20% of customers | The world's top fifth brings about two thirds of revenue; no 80/20 was built in, so this describes the world only. | Pareto, V. (1896), *Cours d'économie politique*: the distribution of income and land, not customers; named the "Pareto principle" by Juran. Customer concentration varies widely between firms. |
#
# Read the two columns separately. The left one is about methods: with the right design
# (a lag, fixed effects, enough branches and years, an interval on every share) the
# methods find what was built in, and section 9 says how much data that takes. The right
# one is about real firms, and there the evidence is thin: practitioner articles with
# unpublished data, and figures nobody can trace. With Lanting's data two claims cannot
# be examined at all, nor the cost and sales-cycle parts of a third; a firm that wants to
# know would have to start recording retention costs, selling costs and referrals. The
# point is not that the quoted figures are false everywhere, but that none of them is a
# law, and each could be checked with the right data.

# %% [markdown]
# ## 12. Pitfalls
#
# *Ratios of shares have a ceiling.* "Six times as likely" is impossible when the
# lower share is above one sixth. Ask whether a ratio is of shares or of odds, and
# what the base rate was.
#
# *Correlation in the same year.* Margin and this year's satisfaction are correlated
# across branch-years, but the same-year causal effect is zero (section 6.2).
# Regressing profit on current satisfaction finds last year's effect and the
# branches' lasting differences, not what a satisfaction programme would do this
# year.
#
# *Lasting differences between units.* With only 40 branches, pooled OLS put the
# retention effect a third too high because of a chance pattern among branches;
# **fixed effects (固定效应)** removed it. With real data the lasting differences are
# rarely chance, and pooled OLS can be biased in any direction.
#
# *Relative changes depend on the base.* A profit change in per cent divides by the
# margin. The thinner the margin, the bigger the per cent; always ask "per cent of
# what?".
#
# *Absence of evidence.* A small panel has little power (section 9): "no significant
# effect" there does not mean "no effect".
#
# *Surveys of leavers.* Exit interviews hear only from those who answer; if the
# reason for leaving changes the chance of answering, the shares are biased.
#
# *One world is one world.* Lanting's numbers are set by its designer. They show how
# to test a claim, not what the truth is in every firm.

# %% [markdown]
# ## Summary
#
# - A quoted figure is a hypothesis. Trace it, state it precisely (who, what measure,
#   compared with what, over what period), and test it, or say why it cannot be
#   tested.
# - Confounder and mediator: customer size and type cause both spending and (through
#   the care tier, a mediator) satisfaction.
# - Very satisfied customers bought again 1.5 times as often as satisfied ones (1.26 in
#   the large world), not six times; a risk ratio cannot exceed 1 / (the lower share).
# - A piecewise logit shows the zones of defection, indifference and affection: true
#   drop-out slopes of about −1.9 outside and −0.4 inside the zone of indifference;
#   none in a world built linear. The survey shows them only weakly (p = 0.024).
# - 41 per cent of exit interviews name indifference (interval 37 to 44), not two
#   thirds.
# - In the branch panel, fixed effects with a one-year lag recover the true effects
#   (retention → margin 0.485 against 0.5); pooled OLS was a third too high here;
#   current satisfaction has no same-year effect on margin.
# - 5 per cent more satisfaction gives about 12 per cent more profit a year later
#   (truth 13), not double; 5 points more retention gives about 25 per cent, where the
#   world's designer put it. Doubling would need a world where about 30 per cent of
#   branch-years make losses. "20 per cent more satisfaction" is an extrapolation,
#   about 4.8 within-branch standard deviations beyond the data.
# - Every one of these is about this simulated world: it shows that the methods
#   recover what was built in and how much data a test needs. What real firms do is a
#   question for the published studies (section 11), several of which cannot be
#   traced at all.
# - Simulated power: with 40 branches and 7 usable years the small direct effect is
#   found 97 times in 100; with 3 usable years, 31 times in 100.

# %% [markdown]
# ## Further reading
#
# - 韦亚洲, 葛红梅 (2009). 论客户资源与企业的市场营销. 商场现代化, 2009(32). Quotes the
#   satisfaction, care and 80/20 figures.
# - 中兴通讯 综合管理文摘 第四期 (2003): 客户满意度、客户忠诚度、客户保留度和客户贡献度的界定.
#   Satisfied against dissatisfied customers; satisfaction does not raise profit at once.
# - 浅谈我国企业客户关系管理现状及发展策略分析 (2011). Quotes the retention, acquisition-cost
#   and word-of-mouth figures.
# - Reichheld, F. F., & Sasser, W. E. (1990). Zero defections: Quality comes to
#   services. *Harvard Business Review*, 68(5), 105-111.
# - Jones, T. O., & Sasser, W. E. (1995). Why satisfied customers defect. *Harvard
#   Business Review*, 73(6), 88-99. The Xerox figure and the zones.
# - Heskett, J. L., Jones, T. O., Loveman, G. W., Sasser, W. E., & Schlesinger, L. A.
#   (1994). Putting the service-profit chain to work. *Harvard Business Review*,
#   72(2), 164-174.
# - Anderson, E. W., Fornell, C., & Lehmann, D. R. (1994). Customer satisfaction,
#   market share, and profitability: Findings from Sweden. *Journal of Marketing*,
#   58(3), 53-66. A careful estimate of what satisfaction is worth, with lags.
# - Wooldridge, J. M. (2010). *Econometric Analysis of Cross Section and Panel Data*
#   (2nd ed.). MIT Press. Fixed effects and clustered standard errors.
# - The crmkit reference: `help(crmkit.satisfaction)`.

# %% [markdown]
# ## Self-check

# %%
questions = [
    Question(
        prompt="Group A buys again at 50 per cent. Can group B be six times as likely to "
        "buy again (as a ratio of shares)?",
        options=[
            "Yes, if B is very satisfied",
            "No, B would need 300 per cent",
            "Only with more data",
        ],
        answer="No, B would need 300 per cent",
        explanations=[
            "No share can exceed 100 per cent, however satisfied the customers are.",
            "Right: a risk ratio cannot exceed 1 / 0.5 = 2 here.",
            "More data narrows the interval but cannot lift the ceiling.",
        ],
    ),
    Question(
        prompt="Why did the chapter add one dummy per branch (fixed effects)?",
        options=[
            "To use only changes within each branch over time",
            "To make the model fit better",
            "Because branches are in different regions",
        ],
        answer="To use only changes within each branch over time",
        explanations=[
            "Right: lasting differences between branches can no longer pose as effects.",
            "A better fit is a side effect; the aim is to remove lasting differences.",
            "Region is one lasting difference, but the dummies remove all of them.",
        ],
    ),
    Question(
        prompt="This year's satisfaction has no effect on this year's margin once last "
        "year's is in the model. Which claim does that support?",
        options=[
            "5% more satisfaction doubles profit",
            "Higher satisfaction does not raise profit at once",
            "Two thirds of customers leave for lack of care",
        ],
        answer="Higher satisfaction does not raise profit at once",
        explanations=[
            "That claim is about size, and the estimate is far from doubling.",
            "Right: the effect arrives a year later.",
            "That claim is about exit reasons, not timing.",
        ],
    ),
    Question(
        prompt="A study of 10 branches over 4 years finds no significant effect of "
        "satisfaction on margin. What should you conclude?",
        options=[
            "Satisfaction has no effect",
            "The study had little power; the effect may well exist",
            "The effect is negative",
        ],
        answer="The study had little power; the effect may well exist",
        explanations=[
            "Section 9: such a panel misses a real effect most of the time.",
            "Right: absence of evidence is not evidence of absence.",
            "Nothing in a non-significant result points to a negative effect.",
        ],
    ),
]
quiz(questions, title="Chapter 5 self-check")

# %% [markdown]
# ## Practise
#
# The self-check above tests your reading. To practise the calculations on data of your
# own, open
# [`exercises/05_satisfaction_profit.ipynb`](../exercises/05_satisfaction_profit.ipynb)
# (8 questions): with your student id left empty, it tells you at once whether each
# answer is right. Then go on to chapter 6, lifetime value and churn.
