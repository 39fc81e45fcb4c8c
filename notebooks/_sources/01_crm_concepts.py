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
# # Chapter 1 · CRM concepts (客户关系管理概念)
#
# Every later chapter measures something about customers. This chapter supplies the
# ideas behind those measurements: what **customer relationship management (客户关系管理)**
# is, what a firm that practises it does, and which numbers tell it whether it is
# succeeding. Where an idea can be measured on the records of *Lanting Trading Co.*
# (兰亭商贸), the simulated firm of chapter 0, we compute it once and point to the chapter
# that analyses it.
#
# ## Objectives
#
# By the end of this chapter you will be able to:
#
# 1. explain CRM as a strategy, a philosophy and a technology, its goals and guiding
#    ideas, and the move from product-centred to customer-centred firms;
# 2. list the **four CRM tasks**, the **CRM principles**, the steps of the **CRM
#    process** and the principles of maintaining relationships;
# 3. describe **customer care**, its means and tiers, and the steps of building a
#    **customer alliance**;
# 4. define the four customer measures (satisfaction, loyalty, retention, contribution)
#    as formulas you can compute;
# 5. discuss the Haier case and say which data would answer each question about it;
# 6. treat the statistics that CRM articles quote as claims, not facts.
#
# *Sources.* Five Chinese texts, listed under *Further reading*. Terms in bold are in
# the course glossary; `crmkit.lookup("关怀")` searches it in English or Chinese.

# %%
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

import crmkit
from crmkit import customer_file, scales
from crmkit.quiz import Question, quiz

rng = crmkit.setup_notebook()

# %% [markdown]
# ## 1. What CRM is
#
# CRM can be described in three ways, all correct.
#
# - *A strategy* (the textbook's view): the firm chooses which customers deserve its
#   effort and makes those relationships last, raising their **customer lifetime value
#   (客户终生价值)**.
# - *A management philosophy*: the customer, not the product, is the centre of the firm,
#   and every department is judged by what it does for customers.
# - *A technology*: a shared **customer database (客户数据库)** with tools for sales,
#   service and analysis. Bought without the other two, it is an expensive address book.
#
# | when | what appeared | source |
# |---|---|---|
# | early 1980s | **contact management (接触管理)**: every call, visit and letter recorded | 高山 2023 |
# | 1990 | the CRM concept, put forward by Gartner Group | 高山 2023 (the textbook: Gartner Group, no year) |
# | around the 1990s | **sales force automation (销售自动化系统)**, then **customer service systems (客户服务系统)** | textbook |
# | mid-1990s | the term CRM spreads among IT vendors and practitioners | Payne & Frow (2005) |
# | c. 2000 | call centres linked to every department | 2011 article (Haier, section 10) |
# | recent years | internet, big data, cloud platforms, AI | 高山 2023 |
#
# The textbook names four forces behind CRM (管理理念的更新、客户资源价值的重视、需求的拉动、
# 信息技术的推动). In our reading: a new management idea (the firm serves its customers),
# customers valued as a **customer resource (客户资源)**, managers' demand for one view of
# each customer, and cheap computing that made that view possible.

# %% [markdown]
# ### 1.1 Goals of CRM (客户关系管理目标)
#
# 高山 (2023, 企业市场营销中客户关系管理分析) gives CRM in marketing three goals. In our
# words, with the chapter that measures each at Lanting:
#
# | goal | measured in |
# |---|---|
# | read customers' needs and market openings early and accurately, so marketing takes fewer risks | ch. 3 (mailing response), 6 (churn) |
# | keep and develop customers so that they become more loyal | ch. 4 (loyalty), 6 (retention) |
# | analyse the firm's data to open and develop markets more efficiently | ch. 2 (customer analysis), 7 (database) |

# %% [markdown]
# ### 1.2 Guiding ideas (客户关系管理思路)
#
# The same article names three ideas to steer the work. *Marketing thinking at the
# core* (营销思想为内核): marketing is a continuing exchange, and CRM finds, builds and
# deepens relationships. *Information technology as the support* (信息技术为支撑):
# databases and analytics make the work efficient. *Initiative as the foundation*
# (积极主动为根基): relationships change all the time, so the firm reaches out, listens
# and answers before customers drift away. These are management
# ideas; no column of Lanting's data can test them.

# %% [markdown]
# ## 2. From product-centred to customer-centred firms
#
# Philip Kotler's five **marketing concepts**, which the ZTE digest (中兴通讯 2003) uses
# to show how firms moved towards the customer:
#
# | concept | 中文 | the firm believes | so it works on |
# |---|---|---|---|
# | **production concept** | 生产观念 | customers want cheap goods that are easy to find | efficient production, wide distribution |
# | **product concept** | 产品观念 | customers choose the best product | quality and features |
# | **selling concept** | 推销观念 | customers buy only when pushed | advertising, hard selling |
# | **marketing concept** | 市场营销观念 | customers buy what meets their needs best | finding and serving target customers' needs |
# | **societal marketing concept** | 社会营销观念 | needs must be met without harming society | needs and long-run welfare |
#
# The first three think about the single sale, a **transaction orientation (交易导向)**.
# **Relationship marketing (关系营销)** (the term is Berry's, 1983; the digest dates its
# rise to the 1990s) put the long-term relationship at the core, and CRM added the data
# to practise it customer by customer. The digest dates three eras of management:
# market-centred (1950s to mid-1960s), strategy-centred (from the mid-1960s) and
# customer-centred (from the 1980s), whose typical leader is a strategist who can find
# knowledge in data.
#
# A firm with a **market orientation (市场导向)** studies the average customer through
# samples; one with a **customer orientation (客户导向)** looks at customers one by one.
# In a **customer-centred (以客户为中心)** firm attention moves from products to
# customers, from internal operations to the relationship, from winning customers to the
# whole **customer lifecycle (客户生命周期)** (section 2.1 adds the yardstick).

# %% [markdown]
# ### 2.1 Customer development strategy (客户发展战略)
#
# What strategy does a customer-centred firm need? The ZTE digest (中兴通讯 2003,
# "以客户为中心"经营理念的深层次诠释) calls it a **customer development strategy
# (客户发展战略)**, the guiding idea behind every long-term decision about customers. It
# is no new era, in the digest's view, but strategic management carried further: it
# steers the firm's overall strategy without replacing it, and it needs every employee
# (section 2.2).
#
# The digest names raising and holding the firm's **customer share (客户占有率)** as its
# core task (the part of each customer's spending in a category that the firm wins) and
# customer value (客户价值) as the yardstick of performance. The firm's own records lack
# what customers spend elsewhere; chapter 2 (section 9) estimates it from a survey. The
# strategy itself is a management idea that data cannot test.

# %% [markdown]
# ### 2.2 Employees as advocates (客户拥护者)
#
# The digest's last feature deserves its own heading. Every employee should play two
# roles: an *advocate* (拥护者) who talks with customers and brings their needs into the
# firm, and an *integrator* (综合者) who works with other departments so that the firm
# answers each customer as one. A call-centre agent who passes a complaint to the
# warehouse and checks that it was fixed plays both. Lanting's simulated world has no
# employees, so this is a management idea the kit cannot measure.

# %% [markdown]
# ## 3. What CRM work consists of
#
# The textbook lists the **four CRM tasks**, the steps that Peppers and Rogers call
# identify, differentiate, interact, customize (IDIC):
#
# | task | IDIC | at Lanting | chapter |
# |---|---|---|---|
# | collect information on each customer | identify | the customer file, the purchase log | 2, 7 |
# | analyse how customers differ | differentiate | value tiers, RFM cells, lifetime value | 2, 3, 6 |
# | keep in good contact | interact | service contacts, complaints, mailings | 3, 5 |
# | tailor products and services to each customer | customize | care tiers, targeted offers | 3, 6 |
#
# It adds four **CRM principles**: the **dynamic management principle** (files and
# classes are updated as customers change), the **focus principle** (scarce attention
# goes first to the customers who matter most), the **flexibility principle**
# (information is collected to be used) and the **named-person principle** (every
# customer file has someone responsible for it).

# %% [markdown]
# ## 4. Why customers are worth managing
#
# 韦亚洲 and 葛红梅 (2009, 论客户资源与企业的市场营销) say customers are not gods to be
# worshipped, because gods pay nothing; they are the firm's "food-and-clothing parents"
# (衣食父母). With the 2011 article, customers are valuable to a firm in six ways: profit;
# first buyers of new products; a **scale effect (规模效应)**; **brand value
# (品牌价值)**, which **word of mouth (口碑)** spreads; **information value (信息价值)**;
# and **network value (网络价值)**: a business customer's own customers and partners adopt
# the product to deal with it. Only profit is easy to measure (section 11.4).
#
# The 2009 article also quotes a survey figure: 93% of chief executives (CEOs) consider
# customer resources the most important factor in a firm's success and competitiveness.
# It is a quoted opinion survey, none named, of what executives *believe*: not evidence
# that customers matter most, and nothing this kit can check (Lanting's world has no
# executives to ask).

# %% [markdown]
# ## 5. Service in three dimensions
#
# The ZTE digest describes a service model built like a 3D film, the **three dimensions
# of service**:
#
# | dimension | what it is about | at Lanting |
# |---|---|---|
# | **human dimension** (人的维度) | respect and attention, on both sides | calm with an angry caller |
# | **business dimension** (业务维度) | solving the problem while protecting the firm's efficiency | a damaged delivery replaced quickly |
# | **hidden dimension** (隐藏维度) | policies, resources, authority, unseen by the customer | whether the desk may approve a refund |
#
# Customers judge a firm at **defining moments (定义时刻)**: a greeting, a question, the
# repair of a mistake. Chapter 2 reads Lanting's complaints by reason.

# %% [markdown]
# ## 6. What a firm needs to know
#
# The digest sorts a firm's knowledge into seven kinds of **enterprise knowledge
# (企业知识)**: **customer knowledge (客户知识)** first, then knowledge of partners, of the
# business environment, organisational memory, business processes, the knowledge built
# into products and services, and people's knowledge. Customer knowledge has five uses,
# each a chapter here: a **customer file (客户档案)** (chapters 2, 7), lifetime value to
# classify customers (6), forecasts of demand (3, 6), churn prediction (6) and loyalty
# measurement (4).

# %% [markdown]
# ## 7. The CRM process
#
# 高山 (2023) describes the **CRM process (客户关系管理流程)** in five steps.
#
# 1. *Identify and classify customers.* **Existing customers (现有客户)** are **direct
#    customers (直接客户)**, who buy, and **indirect customers (间接客户)**, who steer what
#    direct customers buy; **potential customers (潜在客户)** have a strong need but no
#    order yet. Lanting's `status` column uses "indirect" differently, for customers who
#    buy through a dealer (chapter 2, section 7).
# 2. *Choose* **target customers (目标客户)**: **important customers (重要客户)**, **core
#    customers (核心客户)** and **problem customers (问题客户)**. The article names the
#    criteria (potential, volume, profitability, credit) but no rule; chapter 2 turns them
#    into explicit rules you can change.
# 3. **Needs management (客户需求管理)**: find stated and unstated needs as they change.
# 4. **Relationship maintenance (客户关系维护)**, below.
# 5. *Evaluate* the firm's **CRM capability (客户关系管理能力)**, in three parts:
#
# | capability | 中文 | a number Lanting could track | chapter |
# |---|---|---|---|
# | **customer insight** | 客户洞察力 | how well last year's tiers predict this year's spending | 2 |
# | **value creation and delivery** | 创造和传递客户价值 | share of complaints about staff attitude | 2 |
# | **customer lifecycle management** | 客户生命周期管理 | share of complaints resolved (8.1 below); lifetime margin minus acquisition cost | 6 |

# %% [markdown]
# ### 7.1 Principles of maintaining relationships (维护原则)
#
# 高山 (2023) gives four principles for step 4, to be applied one-to-one and differently
# for different customers:
#
# | principle | 中文 | our reading |
# |---|---|---|
# | reliance | 依赖依靠 | be a supplier the customer can count on, and rely on the customer in turn |
# | mutual benefit | 互惠互利 | both sides must gain, or the relationship will not last |
# | closeness | 拉近距离 | reduce the distance: know the people, their plans, their problems |
# | initiative and sincerity | 主动真诚 | reach out first and mean what you say |
#
# In practice: personal rapport, regular visits to listen, inviting customers to see the
# firm, a brand community. Lanting's records hold no visits, so these are management
# ideas the data cannot test; chapter 4 measures their hoped-for fruits (trust, care,
# loyalty) by survey.

# %% [markdown]
# ### 7.2 Recommendations (客户关系管理建议)
#
# 高山 ends with three recommendations. Of these, only the middle one, analysing
# customer data more deeply to find target customers and their needs, is work that
# chapters 2, 3 and 6 carry out. The other two are advice no dataset here can check:
# build the marketing system by training staff (sending them out, inviting experts in),
# and create more value for customers by seeing problems from their side and answering
# quickly.

# %% [markdown]
# ## 8. Customer care
#
# **Customer care (客户关怀)** is the attention a firm pays to customers so that they feel
# valued. 韦亚洲 and 葛红梅 (2009) describe its *content* (service and advice, product
# quality, service quality, after-sales help with questions and complaints) and its
# *timing* (before, during and after the purchase).

# %% [markdown]
# ### 8.1 Means of customer care (客户关怀手段)
#
# The same article lists the means by which a firm shows care, its channels of contact
# with customers: good products; care awareness in every employee (全员关怀意识); a quick
# response to customers (快速响应); open communication; and proactive follow-up visits
# (主动回访). Care should be planned (how often, what, how) and differ by customers'
# size, contribution and region.
#
# Which can Lanting's records measure? Care awareness leaves no trace in data. The
# `contacts` table holds the customers' inquiries and complaints, but no follow-up call
# and no time to answer. It does record whether each complaint was resolved, the outcome
# a quick response aims at. The share resolved in each **care tier (关怀等级)**:

# %%
customers = crmkit.load_dataset("customers")
contacts = crmkit.load_dataset("contacts")
truth = crmkit.load_dataset("truth").set_index("customer_id")  # the simulation's hidden values
complaints = contacts[contacts["kind"] == "complaint"].merge(
    customers[["customer_id", "care_tier"]], on="customer_id"
)
complaints["true_care"] = complaints["customer_id"].map(truth["care"])
by_tier = complaints.groupby("care_tier", observed=True).agg(
    complaints=("resolved", "size"),
    resolved=("resolved", "sum"),
    share_resolved=("resolved", "mean"),  # the mean of True/False is the share of True
    true_care=("true_care", "mean"),  # standardised: 0 is the average customer
)
# 95% Wilson interval of each share, and Newcombe's interval of gold minus ordinary
by_tier["ci_low"], by_tier["ci_high"] = proportion_confint(
    by_tier["resolved"], by_tier["complaints"], method="wilson"
)
print(by_tier.drop(columns="resolved").round(3))
gold, ordinary = by_tier.loc["gold"], by_tier.loc["ordinary"]
low, high = confint_proportions_2indep(
    gold["resolved"], gold["complaints"], ordinary["resolved"], ordinary["complaints"],
    method="newcomb",
)
gap = gold["share_resolved"] - ordinary["share_resolved"]
print(f"gold minus ordinary {gap:.3f} (95% interval {low:.3f} to {high:.3f})")

# %% [markdown]
# Gold customers' complaints were resolved about 69% of the time, ordinary customers'
# about 58%. The gap of 11 points has a 95% interval of about 3 to 18 points, so chance
# alone is an unlikely explanation. The truth column, which only the simulation knows,
# shows that gold complainants truly receive more care, and in the simulated world a
# complaint is resolved more often the higher that care (the data card, step 7).
#
# The tiers follow the article's example: a yearly trip for **gold customers
# (金牌客户)**, a holiday gift for **silver customers (银牌客户)**, a card for **ordinary
# customers (普通客户)**. Lanting assigns them from size and early spending, so this shows
# who gets better service, not that care causes loyalty (chapter 5). Chapter 6 asks
# whether tiers should follow predicted lifetime value.

# %% [markdown]
# ### 8.2 Building a customer alliance (客户联盟)
#
# A **customer alliance (客户联盟)**, or partnership (合作伙伴关系), is a relationship in
# which a supplier and a business customer look for opportunities and plan together.
# 韦亚洲 and 葛红梅 (2009) see it built in three stages, each resting on the one before:
#
# | stage | the firm's aim | how, in brief |
# |---|---|---|
# | 1. steady the business | a customer who stays long enough to become a partner | pick target partners; make leaving costly (**switching cost (转移成本)**) |
# | 2. tie the customer in | trust and commitment | excellent products, advice in the customer's interest, good personal ties; the customer adapts to the firm's products |
# | 3. make it mutual | gains for both, so it lasts | wider service; knowing the customer's business and industry |
#
# Stage 2 alone only holds the customer in place; stage 3 is what makes it a
# partnership. Lanting's data records no alliances, so this is a management idea;
# chapter 4 measures switching cost as one of the six loyalty factors.

# %% [markdown]
# ## 9. Key accounts and the 80/20 rule
#
# The **80/20 rule (二八法则)** says that about 20% of customers bring about 80% of sales;
# these few are the **key accounts (重点客户)**. 韦亚洲 and 葛红梅 (2009) give them priority, from
# secure supply and first trials of new products to visits by senior managers. Whether
# the rule holds is a question for the data, not an assumption: chapter 2 (section 5)
# finds that Lanting's top 20% of buyers bring about two thirds of revenue, not 80%, and
# adds a **Lorenz curve (洛伦兹曲线)** and the **Gini coefficient (基尼系数)**.

# %% [markdown]
# ## 10. Haier case study
#
# *The facts the source gives* (浅谈我国企业客户关系管理现状及发展策略分析, 2011; author
# not given). Haier's CRM grew in two stages. Its first service centres, of the early
# 1990s, could not share what they learned (nor carry the calls, nor keep one standard).
# By about 2000 its main source of customer information was a national network of
# **call centres (呼叫中心)**, linked to every department. Haier's name for the design is
# **one net in front, one chain behind (前台一张网，后台一条链)**: a customer-facing CRM
# website tied to its internal **market chain (市场链)**. The article's lesson:
# implementing CRM is a complex, firm-wide project.
#
# *Discussion questions for a class*, and what in the kit's data would answer each:
#
# | question | data in the kit | chapter |
# |---|---|---|
# | The service centres could not share information. What is lost when contacts are not tied to the customer file? | `contacts` (`customer_id`, `kind`, `reason`) joined to `customers` by `customer_id` | 2 §1, 7 §4 |
# | Can complaints received by a call centre warn of customers about to leave? | `contacts` (`reason`, `contact_date`, `resolved`) beside `exits` (`exit_reason`, `exit_date`) | 2 §8 |
# | Does resolving a complaint keep the customer buying, or do resolved complainants simply differ? | `contacts.resolved` with later orders in `transactions`; `truth.care` shows what the records cannot | 5 §2 (methods) |
# | What must one shared customer database get right before every department can use it? | the raw records and the database built from them (keys, dates, duplicates) | 7 §2–4 |
#
# None of these can show what the system did for Haier: a simulated firm teaches the
# method, not the facts about a real one.

# %% [markdown]
# ### 10.1 CRM in Chinese firms (我国企业客户关系管理现状)
#
# The same 2011 article surveys CRM in Chinese firms. Its picture: a CRM industry growing
# fast worldwide, a Chinese market for it still small, and Haier as the example of good
# practice. Its advice comes down to one point, that CRM belongs at the level of strategy:
# a customer-centred view should shape the organisation and the use of information
# technology, with lasting mechanisms that keep satisfaction and loyalty rising. It gives
# no figures on Chinese practice, so there is nothing here for data to test.

# %% [markdown]
# ## 11. Four customer measures, from words to numbers
#
# The ZTE digest (中兴通讯 2003, 客户满意度、忠诚度、保留度和贡献度的界定) defines four
# measures to watch. Each gets a formula, computed here unless another chapter owns it.

# %% [markdown]
# ### 11.1 Satisfaction
#
# **Customer satisfaction (客户满意度)** is how well the firm has met what the customer
# expected, a feeling that must be asked about. Lanting's survey of 1,200 customers in
# January 2025 has three satisfaction items on a 7-point **Likert scale (李克特量表)**.
# Respondent $i$'s score is the mean of the items, $s_i = (x_{i1} + x_{i2} + x_{i3}) / 3$,
# and we call a customer satisfied when $s_i \ge 5$. The simulation knows each customer's
# true satisfaction (a hidden standardised score), so we put the estimate beside it.

# %%
survey = crmkit.load_dataset("survey")
score = scales.scale_scores(survey, "satisfaction")["satisfaction"]  # one mean per respondent
print(f"mean score {score.mean():.2f}; share satisfied (s >= 5) {(score >= 5).mean():.3f}")
print(f"correlation with true satisfaction {score.corr(truth['satisfaction'].reindex(score.index)):.3f}")

# %% [markdown]
# The average respondent sits near the middle of the scale and one in five is
# satisfied; another cut-off would give another share, so state yours. The score tracks
# the truth closely. Chapter 4 measures how reliable such scores are; chapter 5 asks
# whether satisfaction pays.

# %% [markdown]
# ### 11.2 Loyalty: intention and behaviour
#
# **Customer loyalty (客户忠诚度)** is a lasting preference for the firm. The digest
# insists on two forms: **loyalty intention (忠诚意愿)**, what customers *say*, and
# **behavioural loyalty (行为忠诚)**, what they *do*; only the second pays. The survey's
# 0–10 question on recommending Lanting gives the **net promoter score (净推荐值)**,
# $\mathrm{NPS} = 100\,(P - D)$, where $P$ is the share answering 9 or 10 (promoters) and
# $D$ the share answering 0 to 6 (detractors). Stated intention to keep buying has its
# own three items (`behavioural_1` to `behavioural_3`), which chapter 4 uses.

# %%
promoters = (survey["recommend"] >= 9).mean()
detractors = (survey["recommend"] <= 6).mean()
print(f"promoters {promoters:.1%}, detractors {detractors:.1%}, NPS {100 * (promoters - detractors):.0f}")

# %% [markdown]
# One respondent in seven is a promoter and half are detractors. Since a 6 out of 10
# counts against the firm, compare the score across groups or over time, not with zero.
# It measures what customers say; chapter 4 sets stated loyalty beside later purchases, the
# **intention-behaviour gap (意愿与行为的差距)**.

# %% [markdown]
# ### 11.3 Retention
#
# **Customer retention (客户保留度)** describes whether customers keep buying after their
# first order. Its usual number is the **retention rate (客户保留率)**: with $B_t$ the set
# of customers who bought in year $t$, $r_t = |B_t \cap B_{t+1}| / |B_t|$. Chapter 6
# computes it (section 3) and uses it for lifetime value. A rate counted from purchases
# is not the share of customers truly still there: some buy again and then leave, others
# stay a whole year without buying. Chapter 6's models tell the two apart.

# %% [markdown]
# ### 11.4 Contribution, now and over the lifetime
#
# **Customer contribution (客户贡献度)** is the profit a customer brings. The digest
# separates what a customer contributes now (say, their margin in 2025) from what they
# may still contribute; the sum is their lifetime contribution, chapter 6's customer
# lifetime value. Winning a customer costs money too, the **customer acquisition cost
# (获客成本)**, so customer $i$'s contribution so far is $c_i = \sum_j m_{ij} - a_i$: the
# margins $m_{ij}$ of their orders minus what it cost to win them. The customer file of
# chapter 2 holds both.

# %%
transactions = crmkit.load_dataset("transactions")
file = customer_file.customer_file(customers, transactions)
buyers = file[file["orders"] > 0]
contribution = buyers["margin"] - buyers["acquisition_cost"]
print(f"{len(buyers):,} buyers; median contribution so far {contribution.median():.0f} yuan")
print(f"share who have not yet earned back their acquisition cost {(contribution < 0).mean():.3f}")

# %% [markdown]
# The median buyer has brought about 200 yuan more margin than they cost to win, but
# about one buyer in seven has not yet paid back that cost; a firm that looked only at
# revenue would never see them. Chapter 2 analyses contribution customer by customer and
# product by product, and chapter 6 estimates the part still to come.

# %% [markdown]
# ## 12. Figures that the sources quote as facts
#
# The seed texts quote statistics as facts. The 2009 article credits them only to
# "statistical analyses"; the 2011 article credits its whole list to one joint survey by
# Harvard Business School and Xerox "in several regions and industries". We could trace
# no such single survey, though two of its figures go back to Jones & Sasser (1995) and
# Reichheld & Sasser (1990). Chapter 5 tests those it can and says why the others cannot
# be tested.
#
# | claim as quoted | quoted in | usual original, status |
# |---|---|---|
# | 5% more satisfaction doubles profit | 2009; 2011 | the HBS–Xerox survey (2011); not traced |
# | a very satisfied customer is six times as willing to buy again as a satisfied one | 2009; 2011 | Xerox data in Jones & Sasser (1995), traceable |
# | a satisfied customer is six times as willing as a dissatisfied one | 2003 | "a common statistic"; none named |
# | two thirds of customers leave for lack of care | 2009 | repeated in US service books; no study found |
# | 20% more satisfaction: selling and service cost −21%, sales cycle −1/3, profit +2% | 2009 | none named |
# | keeping 5% more customers raises profit by 25% or more | 2011 | Reichheld & Sasser (1990), restated |
# | returning customers bring 25–85% of profit | 2011 | a garbled Reichheld & Sasser (1990): cutting defections by 5% raised profits by 25–85% |
# | a new customer costs 5–6 times as much as keeping one | 2003 (5); 2011 (6) | TARP studies (1980s); the multiple varies |
# | one satisfied customer brings 8 prospects; a dissatisfied one reaches 25 | 2011 | TARP; numbers vary |
# | 80% of sales come from 20% of customers | 2009 | Pareto (1896), named by Juran; measured in chapter 2 |
# | 93% of CEOs rank customer resources first | 2009 | an opinion survey, none named (section 4) |

# %% [markdown]
# ## Pitfalls
#
# - *Confusing the software with the idea*: Haier's call centres mattered because every
#   department was linked to them.
# - *Confusing intention with behaviour*: a survey records what customers say.
# - *Reading care-tier tables as causal*: tiers were assigned by size.
# - *Mistaking management ideas for findings*: goals, principles and recommendations are
#   advice; data can measure only some of them.
# - *Quoting statistics without sources.*

# %% [markdown]
# ## Summary
#
# - CRM is a strategy, a philosophy and a technology, with three goals and three guiding
#   ideas; a customer development strategy makes every employee an advocate.
# - CRM work is four tasks under four principles, organised as a process whose
#   relationship step follows four principles of its own.
# - Care is shown through its means and rationed in tiers; an alliance first ties a
#   customer in, then becomes a partnership.
# - The four measures have formulas; chapters 2 to 7 analyse each in depth.
#
# ## Further reading
#
# - 韦亚洲、葛红梅 (2009). 论客户资源与企业的市场营销. *商场现代化*, 2009(32).
# - 中兴通讯 (2003). 综合管理文摘, 第四期: 客户服务的三个维度; 客户满意度、忠诚度、保留度和
#   贡献度的界定; "以客户为中心"经营理念的深层次诠释.
# - 第八章 客户关系管理 (a sales-management textbook chapter; author and year not given).
# - 浅谈我国企业客户关系管理现状及发展策略分析 (2011).
# - 高山 (2023). 企业市场营销中客户关系管理分析.
# - Also cited: Berry (1983); Jones & Sasser (1995), *HBR* 73(6); Kotler & Keller,
#   *Marketing Management*; Payne & Frow (2005), *Journal of Marketing* 69(4); Peppers,
#   Rogers & Dorf (1999), *HBR* 77(1); Reichheld & Sasser (1990), *HBR* 68(5); Reichheld
#   (2003), *HBR* 81(12).

# %% [markdown]
# ## Self-check
#
# Choose an answer and press *Check*; the feedback explains every option, so wrong
# answers are worth trying. (If you see only a line of text, run the notebook in Jupyter.)

# %%
questions = [
    Question(
        prompt="Which of these is NOT one of the four CRM tasks?",
        options=[
            "Collect information on each customer",
            "Analyse how customers differ",
            "Treat every customer exactly the same, to be fair",
            "Tailor products and services to each customer",
        ],
        answer="Treat every customer exactly the same, to be fair",
        explanations=[
            "Collecting information is the first task (identify); without it nothing else is possible.",
            "Analysing differences is the second task (differentiate): customers differ in value and needs.",
            "Right: CRM is built on treating customers differently according to their value and needs.",
            "Tailoring is the fourth task (customize), the point of the other three.",
        ],
    ),
    Question(
        prompt=(
            "韦亚洲 and 葛红梅 (2009) list the means of customer care (客户关怀手段). "
            "Which of these can Lanting's contacts table measure?"
        ),
        options=[
            "Care awareness in every employee (全员关怀意识)",
            "Proactive follow-up visits (主动回访)",
            "Whether each complaint was resolved, the outcome a quick response (快速响应) aims at",
        ],
        answer="Whether each complaint was resolved, the outcome a quick response (快速响应) aims at",
        explanations=[
            "An attitude shared by all staff leaves no column in the data; it is a management idea.",
            "The contacts table records only contacts the customer starts, so follow-up calls are not in it.",
            "Right: the `resolved` column records the outcome, though not how fast it came.",
        ],
    ),
    Question(
        prompt=(
            "The ZTE digest (2003) asks every employee to act as an advocate (拥护者) within a "
            "customer development strategy (客户发展战略). What does an advocate do?"
        ),
        options=[
            "Talks with customers and brings their needs into the firm",
            "Sells as much as possible to each customer in every contact",
            "Leaves customers to the sales department, so that the others can focus",
        ],
        answer="Talks with customers and brings their needs into the firm",
        explanations=[
            "Right: the advocate carries the customer's voice inward; the integrator then gets the departments to answer as one.",
            "That is the selling concept, which thinks of the single sale; the strategy is about the long relationship.",
            "The strategy involves every employee, not one department.",
        ],
    ),
    Question(
        prompt=(
            "高山 (2023) names three guiding ideas of CRM (客户关系管理思路). Which one says "
            "the firm should reach out before customers drift away?"
        ),
        options=[
            "Marketing thinking at the core (营销思想为内核)",
            "Information technology as the support (信息技术为支撑)",
            "Initiative as the foundation (积极主动为根基)",
        ],
        answer="Initiative as the foundation (积极主动为根基)",
        explanations=[
            "This idea sees marketing as a continuing exchange; it says why relationships matter, not when to act.",
            "Technology makes the work efficient; it does not by itself make the firm act first.",
            "Right: relationships keep changing, so the firm listens and answers before it is asked.",
        ],
    ),
    Question(
        prompt=(
            "Of 高山's three recommendations (客户关系管理建议), which one do the kit's "
            "chapters 2, 3 and 6 carry out on Lanting's data?"
        ),
        options=[
            "Train staff in CRM by sending them out and inviting experts in",
            "Analyse customer data more deeply to find target customers and their needs",
            "See problems from the customer's side and answer quickly",
        ],
        answer="Analyse customer data more deeply to find target customers and their needs",
        explanations=[
            "Training is management advice that no dataset in the kit can check.",
            "Right: customer analysis, RFM and churn models are that analysis.",
            "This is advice on attitude and speed; the kit's data record neither directly.",
        ],
    ),
    Question(
        prompt=(
            "Haier's early service centres (海尔案例) could not share information. What does "
            "the 2011 article on CRM in Chinese firms take from Haier's case?"
        ),
        options=[
            "Buying CRM software is enough to fix customer service",
            "Implementing CRM is a complex, firm-wide project that links every department",
            "The kit's data show how much Haier's CRM system raised its profit",
        ],
        answer="Implementing CRM is a complex, firm-wide project that links every department",
        explanations=[
            "Haier's system worked because it tied call centres to every department, not because of software alone.",
            "Right: its 'one net in front, one chain behind' joined the customer-facing side to the market chain behind.",
            "A simulated firm teaches the method, not facts about a real one; the kit has no Haier data.",
        ],
    ),
    Question(
        prompt="In building a customer alliance (客户联盟), what must a firm do before anything else?",
        options=[
            "Persuade the customer to change its processes to fit the firm's products",
            "Choose target partners and make the business with them steady",
            "Learn about the customer's whole industry",
        ],
        answer="Choose target partners and make the business with them steady",
        explanations=[
            "This is part of the second stage, tying the customer in.",
            "Right: a customer who keeps changing supplier cannot become a partner, so the relationship is sorted out first.",
            "This belongs to the last stage, which turns a customer held in place into a real partner.",
        ],
    ),
    Question(
        prompt=(
            "A supplier makes sure each deal also pays off for its customer. Which of 高山's principles "
            "of maintaining relationships (依赖依靠、互惠互利、拉近距离、主动真诚) is it following?"
        ),
        options=["依赖依靠 (reliance)", "互惠互利 (mutual benefit)", "拉近距离 (closeness)", "主动真诚 (initiative and sincerity)"],
        answer="互惠互利 (mutual benefit)",
        explanations=[
            "Reliance is about being a supplier the customer can count on, not about sharing the gain.",
            "Right: a relationship in which only one side gains does not last.",
            "Closeness is about knowing the customer's people and plans, not about who gains from a deal.",
            "Initiative and sincerity is about reaching out first and meaning it.",
        ],
    ),
    Question(
        prompt="Which of these is one of the three goals of CRM (客户关系管理目标) in 高山 (2023)?",
        options=[
            "Replace the sales team with software",
            "Keep and develop customers so that they become more loyal",
            "Serve every customer at the same cost",
        ],
        answer="Keep and develop customers so that they become more loyal",
        explanations=[
            "Technology is a guiding idea (the support), not a goal.",
            "Right: the second goal; the others are reading needs early and developing markets efficiently.",
            "CRM differentiates customers; equal cost for all is the opposite of its idea.",
        ],
    ),
    Question(
        prompt=(
            "A customer answers the survey: 'I will certainly keep buying from Lanting', "
            "then places no order for the rest of the year. What did the survey measure?"
        ),
        options=["Loyalty intention", "Behavioural loyalty", "Retention", "Contribution"],
        answer="Loyalty intention",
        explanations=[
            "Yes: the survey recorded what she said she would do, not what she did.",
            "Behavioural loyalty is what customers do; she did not buy again.",
            "Retention is measured from purchases over time, not from a survey answer.",
            "Contribution is the profit a customer brings; a survey answer brings none.",
        ],
    ),
    Question(
        prompt="The 2009 article quotes: '93% of CEOs see customer resources as the most important factor'. What is it?",
        options=[
            "A finding this kit has checked on Lanting's data",
            "A quoted opinion survey, with no source named, of what executives believe",
            "Proof that customers matter more than anything else",
        ],
        answer="A quoted opinion survey, with no source named, of what executives believe",
        explanations=[
            "Lanting's world has no executives to ask, so the kit cannot check it.",
            "Right: it reports a belief, and the article does not say which survey.",
            "What executives believe is not evidence of what matters; it is an opinion.",
        ],
    ),
    Question(
        prompt=(
            "A service desk may not approve refunds, so customers wait a week for a manager. "
            "Which dimension of service is failing?"
        ),
        options=["The human dimension", "The business dimension", "The hidden dimension"],
        answer="The hidden dimension",
        explanations=[
            "The human dimension is about respect and attention; the staff may be perfectly polite here.",
            "The business dimension is the customer's actual problem; the refund rule behind it is the issue.",
            "Right: authority levels and policies are unseen by the customer but shape the service.",
        ],
    ),
    Question(
        prompt=(
            "Lanting's gold customers' complaints are resolved more often than ordinary customers'. "
            "What can you conclude from that table alone?"
        ),
        options=[
            "Gold-tier care makes customers loyal",
            "Gold customers get better service, but nothing about what causes loyalty",
            "Resolving complaints is what made them gold customers",
        ],
        answer="Gold customers get better service, but nothing about what causes loyalty",
        explanations=[
            "The table says nothing about loyalty, and tiers were assigned by size.",
            "Right: it describes who gets what; causes need the methods of chapter 5.",
            "Lanting assigns tiers from size and early spending, not from complaints.",
        ],
    ),
]
quiz(questions, title="Chapter 1 self-check")

# %% [markdown]
# ## Practise
#
# To practise the calculations on data of your own, open
# [`exercises/01_crm_concepts.ipynb`](../exercises/01_crm_concepts.ipynb); with your
# student id left empty it checks each answer at once. Then go on to chapter 2.
