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
# Every later chapter of this course measures something: how satisfied customers are, how
# loyal, how likely to leave, how much they are worth. This chapter supplies the ideas
# behind those measurements. It explains what **customer relationship management
# (客户关系管理)** is, where it came from, what a firm that practises it actually does, and
# which numbers tell it whether it is succeeding.
#
# Most of the chapter is reading. But whenever an idea can be turned into a number, we do
# it at once, on the records of *Lanting Trading Co.* (兰亭商贸), the simulated firm you met
# in chapter 0. Because the firm is simulated, we also know the truth behind its records,
# so for several measures you will see the estimate and the truth side by side.
#
# ## Objectives
#
# By the end of this chapter you will be able to:
#
# 1. explain CRM as a strategy, a management philosophy and a technology, and say where
#    it came from;
# 2. describe the move from **product-centred** to **customer-centred** firms, using
#    Kotler's **marketing concepts** and the eras table;
# 3. list the **four CRM tasks**, the four **CRM principles**, the three dimensions of
#    service and the seven kinds of enterprise knowledge;
# 4. walk through the **CRM process**, from identifying customers to evaluating the
#    firm's **CRM capability**, and explain **customer care**, **care tiers** and
#    **key accounts**;
# 5. define the four customer measures (satisfaction, loyalty, retention, contribution)
#    and compute each of them from a firm's data with pandas;
# 6. treat the striking statistics that CRM articles quote as claims with sources, not
#    as facts.
#
# *Sources.* The chapter draws on five Chinese texts, cited by author and year: 韦亚洲
# and 葛红梅 (2009), a ZTE management digest (中兴通讯 2003), a sales-management textbook
# chapter (第八章 客户关系管理), an article on CRM in Chinese firms (2011) and 高山 (2023).
# Full references are under *Further reading* at the end.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display
from matplotlib.patches import Patch

import crmkit
from crmkit.quiz import Question, quiz

rng = crmkit.setup_notebook()

# %% [markdown]
# ### A word on the glossary
#
# Terms printed in bold are defined in the course glossary, with their Chinese names.
# You can search it from any notebook with `crmkit.lookup`, in English or in Chinese, and
# read it whole in `docs/glossary.md`. At heart the lookup is a pandas filter; here is
# the same search done by hand and by the function, to show they agree.

# %%
terms = crmkit.glossary.glossary()  # the whole glossary as a DataFrame
# .str.contains: True where the Chinese name includes 忠诚; terms[...] keeps those rows
by_hand = terms[terms["chinese"].str.contains("忠诚")]
by_lookup = crmkit.lookup("忠诚")
print(sorted(by_hand["term"]) == sorted(by_lookup["term"]))  # sorted(): ignore the order
by_lookup[["term", "chinese", "chapters"]]  # a list inside [] picks several columns

# %% [markdown]
# Seven terms contain 忠诚 (loyalty); chapter 4 uses all of them. `lookup` also accepts
# part of a word, an abbreviation (`crmkit.lookup("CLV")`) or traditional characters, which
# helps when you read a source printed in traditional script.

# %% [markdown]
# ## 1. What CRM is
#
# ### Three ways to look at it
#
# Ask three people what CRM is and you may get three answers. All three are right; they
# describe the same thing from different sides.
#
# - *As a strategy.* CRM is a plan for competing. The firm decides which customers are
#   worth its effort, then spends that effort on making those relationships last and grow,
#   because in the end every yuan of profit is paid by a customer. The textbook chapter
#   (第八章 客户关系管理, a sales-management textbook; author and year not given) puts CRM
#   on this side: for its authors CRM belongs to marketing strategy, and it succeeds when
#   customers become more loyal and worth more over their whole time with the firm (their
#   **customer lifetime value (客户终生价值)**), so that the firm earns more and becomes
#   harder for rivals to beat.
# - *As a management philosophy.* CRM is a way of thinking in which the customer, not
#   the product, is the centre of the firm. Every department, not only sales, is judged by
#   what it does for customers.
# - *As a technology.* CRM is also software: a **customer database (客户数据库)** that
#   every department shares, with tools for sales, service and analysis. This is what most
#   people in business mean when they say "our CRM".
#
# The technology is the easiest part to buy and the least useful on its own. A firm that
# installs CRM software without changing how it thinks and chooses will own an expensive
# address book.
#
# ### Where it came from
#
# The idea grew in steps. The table below is built in pandas so you can see the sequence
# at a glance.

# %%
history = pd.DataFrame(  # a DataFrame from a dict: each key is a column, each list its values
    {
        "when": ["1980s", "1990 (高山 2023)", "around 1990", "mid-to-late 1990s", "2000s on"],
        "what appeared": [
            "contact management",
            "the CRM concept, credited to Gartner Group",
            "sales force automation (SFA), then customer service systems (CSS)",
            "the term CRM in wide use, popularised by Gartner Group",
            "web, call centres, data mining, later big data and AI",
        ],
        "what it did": [
            "recorded every contact with a customer",
            "joined marketing, sales and service into one idea",
            "automated the work of sales teams and service desks",
            "gave managers and software sellers one name for the idea",
            "put all customer data in one place and analysed it",
        ],
    }
)
# option_context changes a display setting only for the indented lines: here it lifts the
# limit on text width so that no cell is cut short; display() shows the table from inside
with pd.option_context("display.max_colwidth", None):
    display(history)

# %% [markdown]
# In the 1980s, firms began **contact management (接触管理)**: writing down each call,
# visit and letter so that anyone could see a customer's history (textbook chapter;
# 高山 2023). The two sources then date the CRM idea slightly differently, and a third
# date is common in English-language histories, so here are all three with their origin:
#
# - 高山 (2023) gives a precise year: the consultancy Gartner Group first put the CRM
#   concept forward in 1990.
# - The textbook chapter also credits Gartner Group but says only "around the 1990s".
# - Most English-language histories of the field say that the *term* CRM became common in
#   the mid-to-late 1990s, when Gartner Group's reports and a growing market for CRM
#   software popularised it.
#
# These dates do not contradict each other: they mark two stages, the idea being proposed
# around 1990 and the name catching on later in the same decade. In the same years, says
# the textbook chapter, large American firms such as AT&T, Citibank and Dell redesigned
# their processes and built **sales force automation (销售自动化系统)** systems for their
# sales teams and then **customer service systems (客户服务系统)** for their service desks.
# Today the same ideas run on websites, call centres and data platforms.
#
# ### Why it arose
#
# The textbook names four forces, two new ways of thinking and two practical pressures:
#
# 1. *a new management idea*: firms stopped seeing themselves as machines for making
#    products and began to see themselves as servants of customers;
# 2. *customers seen as a resource*: a firm's customers, and what it knows about them,
#    came to be valued like capital, a **customer resource (客户资源)** to be built up;
# 3. *demand pull*: managers wanted one complete view of each customer instead of
#    scraps of information scattered across departments;
# 4. *technology push*: cheap computers, databases and later the internet made that
#    complete view possible.

# %% [markdown]
# ## 2. From product-centred to customer-centred firms
#
# ### Kotler's marketing concepts
#
# Philip Kotler, the best-known author of marketing textbooks, describes five ideas that
# firms have held, one after another, about what makes customers buy. The ZTE digest
# (中兴通讯 2003) uses them to show how firms moved towards the customer. Read the
# table from top to bottom: the focus shifts from the factory to the customer and then to
# society.

# %%
concepts = pd.DataFrame(
    {
        "concept": [
            "production concept",
            "product concept",
            "selling concept",
            "marketing concept",
            "societal marketing concept",
        ],
        "中文": ["生产观念", "产品观念", "推销观念", "市场营销观念", "社会营销观念"],
        "the firm believes": [
            "customers want goods that are cheap and easy to find",
            "customers choose the best product",
            "customers buy only when pushed",
            "customers buy what meets their needs best",
            "needs must be met without harming society",
        ],
        "so it works on": [
            "efficient production and wide distribution",
            "better quality and features",
            "advertising and hard selling",
            "finding and serving target customers' needs",
            "customer needs and long-run social welfare",
        ],
    }
).set_index("concept")  # use the concept names as row labels instead of 0, 1, 2, ...
with pd.option_context("display.max_colwidth", None):
    display(concepts)

# %% [markdown]
# The first three concepts share a blind spot: they think about the *transaction* (how to
# make or push one sale) and not about the *relationship* that could follow it. The ZTE
# digest calls this a **transaction orientation (交易导向)**. Two later ideas filled the
# gap. Kotler's **megamarketing (大市场营销)** (1986) asked firms to manage governments and
# public opinion as well as customers. **Relationship marketing (关系营销)**, a term
# usually credited to Leonard Berry (1983), made the long-term relationship with each
# customer, and with suppliers and partners, the core of marketing. CRM took this idea
# and added the data and software needed to practise it customer by customer.
#
# ### The eras table
#
# The ZTE digest also places the customer-centred firm in a history of management. Firms
# first learned to think about the *market*, then about *strategy*, and most recently
# about the *customer*. Its table, in our own words:

# %%
eras = pd.DataFrame(
    {
        "period": ["early 1950s to mid-1960s", "mid-1960s onwards", "1980s onwards"],
        "main concern": [
            "produce what the market demands, for profit",
            "long-term survival and steady growth",
            "relationships with individual customers",
        ],
        "typical leader": [
            "marketing expert",
            "strategist, modern entrepreneur",
            "strategist, knowledge-discovery expert",
        ],
        "marketing idea": [
            "marketing concept",
            "societal marketing concept",
            "relationship marketing",
        ],
        "kind of management": ["operational", "strategic", "customer-oriented"],
        "orientation": ["market", "market", "customer"],
    },
    # the row labels, with a name ("era") shown above them
    index=pd.Index(["market-centred", "strategy-centred", "customer-centred"], name="era"),
)
with pd.option_context("display.max_colwidth", None):
    display(eras)

# %% [markdown]
# Read across the last row: in the customer-centred era the goal is a relationship, the
# marketing idea is relationship marketing, and the typical leader is someone who can find
# knowledge in data. That last point is why a CRM course is also a data course.
#
# The digest makes one more distinction that is easy to miss. A firm with a **market
# orientation (市场导向)** studies the market *on average*, through surveys and samples,
# and makes what the average customer wants. A firm with a **customer orientation
# (客户导向)** looks at customers *one by one*. So the full journey has three stages:
# product-centred, then market-oriented, then customer-oriented. In a
# **customer-centred (以客户为中心)** firm, the digest adds, four things change: attention
# moves from products to customers; from internal operations to the relationship outside;
# from winning new customers to managing the whole **customer lifecycle (客户生命周期)**;
# and customer value becomes the yardstick for judging performance.

# %% [markdown]
# ## 3. What CRM work consists of
#
# ### The four CRM tasks
#
# The textbook lists four **CRM tasks**. They are the same four steps that Don Peppers
# and Martha Rogers call *identify, differentiate, interact, customize* (IDIC). The last
# column says where this course does each step with data.

# %%
tasks = pd.DataFrame(
    {
        "task": [
            "collect information on each customer",
            "analyse how customers differ",
            "keep in good contact",
            "tailor products and services to each customer",
        ],
        "IDIC": ["identify", "differentiate", "interact", "customize"],
        "at Lanting Trading": [
            "the customer file and the purchase log",
            "value tiers, RFM cells, lifetime value",
            "service contacts, complaints, mailings",
            "care tiers, targeted offers",
        ],
        "chapter": ["2, 7", "2, 3, 6", "3, 5", "3, 6"],
    }
)
with pd.option_context("display.max_colwidth", None):
    display(tasks)

# %% [markdown]
# ### Four principles
#
# The textbook adds four working rules, the **CRM principles**:
#
# - **dynamic management principle**: customers change, so files and classifications must
#   be updated all the time (chapter 2 shows customers moving between value tiers from one
#   year to the next);
# - **focus principle**: attention is scarce, so it goes first to the customers who matter
#   most;
# - **flexibility principle**: information is collected to be *used*, analysed and
#   applied to decisions, not stored and forgotten;
# - **named-person principle**: every customer file has a named person responsible
#   for it; what is everybody's job is nobody's job.

# %% [markdown]
# ## 4. Why customers are worth managing
#
# 韦亚洲 and 葛红梅 (2009) make a memorable point: customers are not "gods" to be
# worshipped, because gods do not pay; they are the firm's "food-and-clothing parents"
# (衣食父母), the people whose purchases keep it alive. The two sides want different
# things (the firm wants profit, the customer wants a need met), yet neither can do without
# the other. Combining that article with the 2011 one, a firm's customers are valuable to
# it in six ways:
#
# 1. *Profit.* Products are what the firm sells, but customers are who pays; every yuan
#    of profit comes from a customer.
# 2. *First buyers of new products.* A customer who knows the firm is the easiest person
#    to sell a new product to.
# 3. *Scale.* Many loyal customers lower unit costs and attract others who follow the
#    crowd, a **scale effect (规模效应)**.
# 4. *Brand.* A large, satisfied customer base is itself a signal of quality; this is
#    part of a firm's **brand value (品牌价值)**.
# 5. *Information.* Customers reveal what they need and how they buy; this
#    **information value (信息价值)** guides new products and service.
# 6. *Network.* A business customer's own customers and partners may adopt the same
#    supplier to trade with it more easily, and every customer talks to others. This
#    **network value (网络价值)** travels by **word of mouth (口碑)**, good or bad.
#
# Only the first of these is easy to measure, and we measure it in section 11. The others
# are real but indirect, which is one reason firms under-invest in them.

# %% [markdown]
# ## 5. Service in three dimensions
#
# The ZTE digest summarises a service model built like a 3D film: each interaction
# between a customer and a service provider has width, height and depth. These are the
# **three dimensions of service**:
#
# | dimension | what it is about | an example at Lanting Trading |
# |---|---|---|
# | **human dimension** (人的维度) | respect, attention, courtesy, for both sides | greeting a business buyer by name; staying calm with an angry caller |
# | **business dimension** (业务维度) | solving the customer's actual problem while protecting the firm's efficiency | replacing a damaged delivery quickly without giving away margin |
# | **hidden dimension** (隐藏维度) | policies, resources, authority, relations between departments, all unseen by the customer | whether the service desk may approve a refund, whether the warehouse is open when the desk is |
#
# Customers judge a firm at **defining moments (定义时刻)**: a greeting, a question, the
# repair of a mistake. A moment goes well only when all three dimensions do. Chapter 2
# reads Lanting's complaints by reason, and you will find reasons that belong to each
# dimension: staff attitude (human), quality and price (business), delivery (often hidden).

# %% [markdown]
# ## 6. What a firm needs to know
#
# ### Seven kinds of enterprise knowledge
#
# The ZTE digest sorts the knowledge a firm can manage into seven kinds of **enterprise
# knowledge (企业知识)**, with **customer knowledge (客户知识)** first. The examples
# below are ours.

# %%
knowledge = pd.DataFrame(
    {
        "kind": [
            "customer knowledge",
            "partner knowledge",
            "business-environment knowledge",
            "organisational memory",
            "business-process knowledge",
            "knowledge in products and services",
            "people's knowledge",
        ],
        "中文": [
            "客户知识",
            "合作关系知识",
            "商业环境知识",
            "组织记忆",
            "业务过程知识",
            "产品和服务中的知识",
            "人的知识",
        ],
        "example at Lanting Trading": [
            "who buys what, how often, through which channel",
            "which dealers serve which regions, and how well",
            "a new rival in the South region; a change in tax rules",
            "what was tried in last year's mailing and how it went",
            "the steps from an order to a delivery",
            "advice printed with a product on how to use it",
            "which employee knows the large business accounts",
        ],
    }
).set_index("kind")
with pd.option_context("display.max_colwidth", None):
    display(knowledge)

# %% [markdown]
# ### What customer knowledge is used for
#
# The digest lists five uses of customer knowledge. Each is a chapter of this course:
#
# | use | where in this course |
# |---|---|
# | a **customer file (客户档案)** for each customer, so effort goes in the right direction | chapters 2 and 7 |
# | lifetime value as the basis for classifying customers | chapter 6 |
# | forecasting what customers will need | chapters 3 and 6 |
# | predicting who will leave, to act in time | chapter 6 |
# | measuring loyalty and finding loyal customers | chapter 4 |

# %% [markdown]
# ## 7. The CRM process
#
# 高山 (2023) describes CRM as a process of five steps. The first one, sorting customers,
# can be done on Lanting's records straight away.
#
# ### Step 1: identify and classify customers
#
# **Customer identification (客户识别)** begins by splitting everyone the firm knows of
# into two groups. **Existing customers (现有客户)** already do business with it.
# **Potential customers (潜在客户)** have never placed an order, yet have a real use for
# what the firm sells; 高山 (2023, 企业市场营销中客户关系管理分析) stresses that their need
# should be strong, which is what makes them worth the firm's attention.
#
# 高山 then divides existing customers in two. **Direct customers (直接客户)** pay the firm
# for its products and services themselves. **Indirect customers (间接客户)**, in 高山's
# sense, buy nothing from the firm; they are people or organisations who shape what the
# direct customers buy. Think of an engineer who names a brand in a tender, a consultant
# who recommends a supplier, or a head office that tells its branches where to order.
#
# Lanting's customer file has a `status` column with the values `direct`, `indirect` and
# `potential`, but its `indirect` is a stand-in for 高山's group, not a copy of it: in the
# CRM world an indirect customer is one who buys Lanting's goods *through a dealer*. The
# stand-in is only an approximation, for two reasons. First, these customers do buy the
# goods, and their orders are in the purchase log, whereas 高山's indirect customers need
# not buy anything at all. Second, the people who truly steer purchases from the outside
# (advisers, specifiers, the dealers themselves) place no orders, so a file built from
# sales records has no rows for them. The kit uses the stand-in because it keeps the
# feature that matters most for analysis: the firm does not deal with these customers
# itself; someone else stands between them. Let us count the three groups and add up what
# each has spent.

# %%
customers = crmkit.load_dataset("customers")
transactions = crmkit.load_dataset("transactions")

revenue_per_customer = transactions.groupby("customer_id")["revenue"].sum()  # one total per id
with_revenue = customers.assign(  # .assign returns a copy of the table with a new column
    # .map looks each id up in the totals; ids without orders get NaN, which fillna makes 0
    revenue=customers["customer_id"].map(revenue_per_customer).fillna(0.0)
)
# observed=True: one group per status that occurs (status is a category column)
by_status = with_revenue.groupby("status", observed=True).agg(
    # each new column is (source column, summary): "size" counts rows, "sum" adds them up
    customers=("customer_id", "size"),
    revenue=("revenue", "sum"),
)
by_status["share_of_customers"] = by_status["customers"] / by_status["customers"].sum()
by_status["share_of_revenue"] = by_status["revenue"] / by_status["revenue"].sum()
by_status["revenue"] = by_status["revenue"].round().astype("int64")  # whole yuan
by_status.round(3)  # show the shares with 3 decimals

# %% [markdown]
# About two customers in three buy directly from Lanting, and they bring three quarters
# of its revenue; the indirect customers, who buy through dealers, are a fifth of the file
# and bring a quarter. Roughly one record in ten is a potential customer who has not bought
# anything yet: part of the customer file, but not yet of the revenue.
#
# Does a customer who buys through a dealer spend less than one who buys directly? Divide
# each group's revenue by its number of customers, leaving out the potential customers, who
# have spent nothing. The median (the middle customer) sits beside the mean, because a few
# very large customers can pull a mean up.

# %%
bought = with_revenue[with_revenue["status"] != "potential"]  # customers with at least one order
per_head = (
    bought.groupby("status", observed=True)["revenue"]
    .agg(["mean", "median"])  # a list of summaries gives one column each
    .round()  # whole yuan
    .astype("int64")
)
per_head.columns = ["mean revenue per customer", "median revenue per customer"]
per_head

# %% [markdown]
# Over the three years, the average indirect customer spent about 2,260 yuan and the
# average direct customer about 2,200; the medians, about 980 yuan in both groups, are even
# closer. So buying through a dealer does not make a customer smaller: the indirect group
# brings a smaller share of revenue because it has fewer members, not because each spends
# less. (In both groups the mean is more than twice the median, the mark of a few large
# customers, whom section 9 looks at.) Chapter 2
# ([02_customer_analysis](02_customer_analysis.ipynb)) breaks the file down further by
# region, type and channel.
#
# ### Step 2: choose target customers
#
# A firm cannot court everyone, so it picks the customers its marketing is aimed at, its
# **target customers (目标客户)**. 高山 (2023) puts two questions to each candidate: would
# they have a use for what the firm sells, and could they afford it? The firm then settles
# on its targets by looking at how much more each one could buy, how much business they
# bring now, how much profit that business leaves and how reliably they pay.
#
# The article goes on to name three kinds of target customer, **important customers
# (重要客户)**, **core customers (核心客户)** and **problem customers (问题客户)**, but it
# gives no rule for telling them apart. The descriptions below are therefore this kit's
# own interpretation, not definitions taken from the source:
#
# - *important*: customers whose business matters a great deal to the firm right now, for
#   example because they spend a lot, even if the relationship is new or shaky;
# - *core*: large, profitable customers who keep coming back and pay reliably, the heart
#   of the business;
# - *problem*: customers who need special handling because they pay late, complain again
#   and again, or cost more to serve than they bring.
#
# The three need different handling, and the firm needs data to tell them apart. Chapter 2
# turns this interpretation into explicit rules built on value tiers, recency and
# complaints, which you can inspect and change.
#
# ### Steps 3 and 4: manage needs, maintain relationships
#
# **Needs management (客户需求管理)** means finding out what customers need, including
# needs they have not said aloud, and noticing when those needs change. **Relationship
# maintenance (客户关系维护)** keeps the relationship alive: regular visits, listening,
# inviting customers to see the firm, building a community around the brand.
#
# ### Step 5: evaluate the firm's CRM capability
#
# Finally, the firm should check how good it is at all this. 高山 (2023) splits **CRM
# capability (客户关系管理能力)** into three parts. The right-hand column suggests a number
# Lanting could track for each; all of them can be computed from its records.

# %%
capability = pd.DataFrame(
    {
        "capability": [
            "customer insight",
            "value creation and delivery",
            "customer lifecycle management",
        ],
        "中文": ["客户洞察力", "创造和传递客户价值", "客户生命周期管理"],
        "includes": [
            "reacting to market information; analysing and recognising customers",
            "customised design, communication, service attitude, brand",
            "return on what is spent per customer; solving problems; sensing change",
        ],
        "a number Lanting could track": [
            "how well last year's tiers predicted this year's spending",
            "share of complaints resolved",
            "lifetime margin minus acquisition cost, per customer",
        ],
    }
).set_index("capability")
with pd.option_context("display.max_colwidth", None):
    display(capability)

# %% [markdown]
# ## 8. Customer care and its tiers
#
# **Customer care (客户关怀)** is the attention a firm pays to customers so that they feel
# valued. 韦亚洲 and 葛红梅 (2009) describe it along two axes.
#
# - *Content:* help and information (service), products that meet their standard
#   (product quality), a pleasant experience of dealing with the firm (service quality),
#   and answers to questions and complaints after the sale (after-sales service).
# - *Timing:* before, during and after the purchase. Care that stops when the money has
#   been paid is not care.
#
# Care costs money, so firms ration it in **care tiers (关怀等级)**. The article's example:
# a yearly trip for **gold customers (金牌客户)**, a holiday gift for **silver customers
# (银牌客户)**, a greeting card for **ordinary customers (普通客户)**. Lanting works the same
# way. It assigns each customer a tier from their size and early spending, *not* from how
# loyal they are. Below we compare the three tiers on what the records show (2025 revenue)
# and on two columns of the `truth` table, which only the simulation has: `care`, how much
# care each customer truly feels, and `loyalty_behavioural`, how loyal each truly is in
# what they do.
#
# Be clear about what kind of number these truth columns hold. `loyalty_behavioural` is
# not a count of orders or of anything else the firm could observe. It is a hidden
# tendency that the simulation gave each customer when it created them, on a standardised
# scale: 0 is the average customer, +1 is one standard deviation more loyal than average,
# -1 one standard deviation less. In the simulation the tendency works like a setting: the
# higher it is, the more often the customer tends to buy and the less likely they are to
# leave after each purchase. What the firm observes, orders in the purchase log, is what
# that tendency produced once chance, the customer's needs and the customer's size had
# also played their part. A real firm never sees the tendency, only the behaviour; the
# kit shows it so that you can judge how well the behaviour reveals it. `care` is a hidden
# score of the same kind.

# %%
truth = crmkit.load_dataset("truth")  # the simulation's hidden values, one row per customer
buyers = customers[customers["status"] != "potential"]  # customers who have bought
orders_2025 = transactions[transactions["order_date"].dt.year == 2025]
revenue_2025 = orders_2025.groupby("customer_id")["revenue"].sum()

tier_table = (  # the outer brackets let one chain of steps run over several lines
    buyers.assign(
        revenue_2025=buyers["customer_id"].map(revenue_2025).fillna(0.0),  # 0 if no 2025 order
        business=buyers["customer_type"] == "business",  # True or False for each customer
    )
    # .merge adds the truth columns, matching rows on customer_id
    .merge(truth[["customer_id", "care", "loyalty_behavioural"]], on="customer_id")
    .groupby("care_tier", observed=True)
    .agg(
        customers=("customer_id", "size"),
        business_share=("business", "mean"),  # the mean of True/False is the share of True
        mean_revenue_2025=("revenue_2025", "mean"),
        true_care=("care", "mean"),
        true_loyalty=("loyalty_behavioural", "mean"),
    )
)
tier_table.round(2)

# %% [markdown]
# The tiers follow size, as Lanting intended: almost every gold customer is a business,
# and the average gold customer spent about seven times as much in 2025 as the average
# ordinary one. The truth columns add something the records cannot show. Gold customers
# really do feel more cared for, so the tier policy reaches the people it is meant for, and
# their hidden loyalty tendency is higher too: about 0.23 standard deviations above the
# average customer, against about 0.11 below it for ordinary customers. Those are
# averages of a tendency, not numbers of orders.
#
# Does the extra care *cause* the extra loyalty? This table cannot say. Gold customers
# differ from ordinary ones in many ways at once (they are businesses, they buy more, they
# would lose more by switching supplier), and any of these could explain their loyalty.
# Separating causes is the subject of chapter 5; chapter 6 asks whether tiers would be
# better assigned from predicted lifetime value.
#
# Two other tools from the same article tie customers to the firm. A **customer alliance
# (客户联盟)** is a partnership in which the firm helps a business customer find and use
# opportunities, so both gain. And a firm can raise the **switching cost (转移成本)** of
# leaving, through training, shared systems or accumulated benefits, so that a rival must
# offer much more to lure the customer away. Switching cost keeps customers, but it is a
# fence rather than a bond: chapter 4 shows it is one of the six factors behind loyalty.

# %% [markdown]
# ## 9. Key accounts and the 80/20 rule
#
# The **80/20 rule (二八法则)** says that a small share of causes produces most of the
# effect; applied to customers, about 20% of them bring about 80% of sales. These few large
# customers are the firm's **key accounts (重点客户)**, and 韦亚洲 and 葛红梅 (2009) advise
# treating them specially: guarantee their supply, try new products with them first,
# support their promotions, have senior managers visit them, reward them for growth.
#
# Is the rule true at Lanting? The check takes four lines of pandas: sort buyers by
# revenue, biggest first, and add up the share that the top 1%, 5%, 10%, 20% and 50% bring.

# %%
revenue_sorted = revenue_per_customer.sort_values(ascending=False)  # biggest buyer first
# .cumsum() is a running total: the first buyer, the first two, the first three, ...
cumulative_share = revenue_sorted.cumsum() / revenue_sorted.sum()
top_shares = pd.DataFrame({"top share of buyers": [0.01, 0.05, 0.10, 0.20, 0.50]})
# number of buyers in each top group, rounded to a whole number (astype(int) drops the ".0")
top_shares["buyers"] = (top_shares["top share of buyers"] * len(revenue_sorted)).round().astype(int)
# .iloc picks rows by position, counting from 0, so buyers - 1 is the last buyer of each top
# group; .to_numpy() drops the customer ids so the values line up with top_shares' rows
top_shares["share of revenue"] = cumulative_share.iloc[top_shares["buyers"] - 1].to_numpy()
top_shares.round(3)

# %% [markdown]
# At Lanting the top 20% of buyers bring about two thirds of revenue, not 80%. Sales are
# clearly concentrated (the top 1%, a few dozen customers, bring about an eighth of all
# revenue), but less than the rule of thumb says. That is the right way to treat the 80/20
# rule: as a question to ask of your own data, not as a fact to assume.
#
# Who are the key accounts? Looking up the top 1% in the customer file shows what kind of
# customer they are.

# %%
# the index of revenue_sorted holds the customer ids; [: n] keeps the first n (the top 1%)
key_ids = revenue_sorted.index[: top_shares.loc[0, "buyers"]]
key_accounts = customers[customers["customer_id"].isin(key_ids)]  # .isin: is the id in the list?
# .rename names the counts, .to_frame turns them into a one-column table
key_accounts["customer_type"].value_counts().rename("key accounts").to_frame()

# %% [markdown]
# Almost all of the top 1% are business customers, although businesses are only about a
# quarter of Lanting's customers. Key-account management at Lanting therefore means
# managing a few dozen business relationships, each worth many consumers.
#
# Chapter 2 draws this curve as a **Lorenz curve (洛伦兹曲线)** and sums it up in one
# number, the **Gini coefficient (基尼系数)**.

# %% [markdown]
# ## 10. A case: Haier
#
# The 2011 article describes how the appliance maker Haier built its CRM. In the early
# 1990s it set up service centres, but they could handle few calls, worked to no common
# standard and could not share what they learned. Around 2000 Haier built a nationwide
# network with **call centres (呼叫中心)** at headquarters and in major cities, and linked
# them to every department. Haier describes the result as **one net in front, one chain
# behind (前台一张网，后台一条链)**: a single customer-facing network in front (its CRM
# website and call centres) joined to a single **market chain (市场链)** behind, the
# internal system in which each department treats the next as its customer, so that what
# a customer says on the phone reaches the factory.
#
# Notice that the case contains all three views of CRM from section 1: a strategy (put the
# customer's voice at the start of the chain), a philosophy (every department has a
# customer), and a technology (the network and call centres). It also shows the
# **hidden dimension** of service at work: the call centres were useful only once the
# departments behind them were connected.

# %% [markdown]
# ## 11. Four customer measures, from words to numbers
#
# The ZTE digest defines four measures that a customer-centred firm should watch. Each
# is stated below in words, then computed on Lanting's data. The definitions are simple;
# the surprises come when we compute them.
#
# ### 11.1 Satisfaction
#
# **Customer satisfaction (客户满意度)** is how well the firm's products and service
# have met what the customer expected: a feeling, so it must be asked about. Lanting
# surveyed 1,200 customers in January 2025. Three questions on a 7-point **Likert scale
# (李克特量表)** (1 = strongly disagree, 7 = strongly agree) asked about satisfaction, for
# example "I am satisfied with Lanting". A customer's satisfaction
# score is the mean of the three answers.

# %%
survey = crmkit.load_dataset("survey")
satisfaction_items = ["satisfaction_1", "satisfaction_2", "satisfaction_3"]
# .mean(axis=1) averages across the three columns, giving one score per row (respondent)
scores = survey[["customer_id"]].assign(satisfaction=survey[satisfaction_items].mean(axis=1))

summary = pd.Series(  # a Series from a dict: the keys become the row labels
    {
        "mean score (1-7)": scores["satisfaction"].mean(),
        # a comparison gives True/False per respondent; the mean of that is the share of True
        "share satisfied (score >= 5)": (scores["satisfaction"] >= 5).mean(),
        "share dissatisfied (score <= 3)": (scores["satisfaction"] <= 3).mean(),
    },
    name="Lanting, January 2025",
)
summary.round(3)

# %% [markdown]
# The average respondent sits at the middle of the scale, and about as many are
# dissatisfied (mean score 3 or less) as satisfied (5 or more). Note that "satisfied" needed
# a cut-off, and a different cut-off gives a different share: always say which one you used.
#
# How good is the survey as a measuring instrument? With real customers we could never
# know. Here the simulation knows every customer's true satisfaction, so we can put the
# estimate (the survey score) next to the truth. As with loyalty in section 8, the true
# satisfaction is a hidden score on a standardised scale (0 = the average customer), and
# the simulation generated each respondent's answers from it, with random noise added.

# %%
compared = scores.merge(  # both tables have a "satisfaction" column; suffixes tell them apart
    truth[["customer_id", "satisfaction"]], on="customer_id", suffixes=("_survey", "_true")
)
compared["survey score"] = compared["satisfaction_survey"].round().astype(int)
print(
    "correlation of survey score with true satisfaction:",
    round(compared["satisfaction_survey"].corr(compared["satisfaction_true"]), 3),
)

fig, ax = plt.subplots()
# one box of true satisfaction for each rounded survey score
compared.boxplot(column="satisfaction_true", by="survey score", ax=ax, grid=False)
ax.set_title("Survey score against the truth")
fig.suptitle("")  # remove the extra title that boxplot(by=...) adds above the figure
ax.set_xlabel("satisfaction score from the survey (rounded, 1-7)")
ax.set_ylabel("true satisfaction (standardised)")
plt.show()
# %% [markdown]
# The boxes climb steadily: customers with higher survey scores really are more satisfied,
# and the correlation with the truth is about 0.9. But the boxes overlap. Two customers who
# both answered 4 can differ by two standard deviations in how satisfied they truly are.
# A survey score is a good thermometer for a group and a rough one for an individual.
#
# Chapter 4 ([04_loyalty_factors](04_loyalty_factors.ipynb)) measures how reliable such
# scores are, and chapter 5 ([05_satisfaction_profit](05_satisfaction_profit.ipynb)) asks
# whether satisfaction really pays.
#
# ### 11.2 Loyalty: intention and behaviour
#
# **Customer loyalty (客户忠诚度)** is a customer's lasting preference for the firm. The ZTE
# digest insists that it comes in two forms which firms often confuse:
#
# - **loyalty intention (忠诚意愿)**: what the customer *says*: "I will keep buying here",
#   "I would recommend you";
# - **behavioural loyalty (行为忠诚)**: what the customer *does*: buy again, and again.
#
# Only the second pays the bills. The survey asked three questions about intention
# (for example "I will keep buying from Lanting in the coming year"; the file calls these
# columns `behavioural_1` to `behavioural_3` because they ask *about* behaviour, but what
# they record is a statement, an intention), and one more: "How likely are you
# to recommend Lanting to a friend?" on a 0-10 scale. The **net promoter score (净推荐值)**
# turns that last question into one number: the share of promoters (9 or 10) minus the
# share of detractors (0 to 6).

# %%
intention_items = ["behavioural_1", "behavioural_2", "behavioural_3"]
loyalty = survey[["customer_id", "survey_date"]].assign(
    intention=survey[intention_items].mean(axis=1)  # one intention score per respondent
)
promoters = (survey["recommend"] >= 9).mean()  # share answering 9 or 10
detractors = (survey["recommend"] <= 6).mean()
print(
    f"promoters {promoters:.1%}, detractors {detractors:.1%}, NPS {100 * (promoters - detractors):.0f}"
)

# %% [markdown]
# Only about one respondent in seven is a promoter, while about half are detractors, so
# Lanting's score is strongly negative. That sounds alarming but partly reflects the strict
# definition: a customer who answers 6 out of 10 counts *against* the firm. Compare a net
# promoter score across groups or over time, not with zero.
#
# Now behaviour. The survey was taken on 15 January 2025 and the purchase log runs to the
# end of 2025, so we can count what each respondent actually bought *after* answering. We
# group respondents by stated intention and compare.

# %%
survey_day = survey["survey_date"].iloc[0]  # .iloc[0]: the first value (all days are the same)
after = transactions[transactions["order_date"] > survey_day]
orders_after = after.groupby("customer_id").size()  # .size(): number of rows (orders) per id
loyalty["orders_after_survey"] = loyalty["customer_id"].map(orders_after).fillna(0).astype(int)
loyalty["stated intention"] = pd.cut(  # pd.cut sorts numbers into labelled ranges
    loyalty["intention"],
    bins=[0, 3, 5, 7],  # ranges (0, 3], (3, 5] and (5, 7]
    labels=["low (up to 3)", "middle (3 to 5)", "high (above 5)"],
)
intention_vs_behaviour = loyalty.groupby("stated intention", observed=True).agg(
    respondents=("customer_id", "size"),
    # a lambda is a small unnamed function: here, the share of the group with any order
    bought_again=("orders_after_survey", lambda s: (s > 0).mean()),
    mean_orders=("orders_after_survey", "mean"),
)
intention_vs_behaviour.round(3)

# %% [markdown]
# Stated intention does predict behaviour on average: respondents with high intention
# placed about five times as many orders after the survey as those with low intention, and
# far more of them bought again at all. But the link is loose. About one in five of the
# high-intention group bought nothing for the rest of the year, while more than a third of
# the low-intention group did buy again. This is the ZTE digest's point in numbers: an
# intention is worth nothing to the firm until it becomes a purchase.
#
# The simulation also knows each customer's true behavioural loyalty, the
# `loyalty_behavioural` column met in section 8: a hidden tendency on a standardised
# scale, not a count of purchases. The orders after the survey are the observed
# behaviour, a count the firm can see. The correlations below put the stated intention,
# the observed orders and the hidden tendency side by side.

# %%
loyal = loyalty.merge(truth[["customer_id", "loyalty_behavioural"]], on="customer_id")
# .corr() gives the correlation of every pair of columns, as a square table
loyal[["intention", "orders_after_survey", "loyalty_behavioural"]].corr().round(3)

# %% [markdown]
# Two things stand out. First, the survey measures the hidden tendency well (correlation
# 0.90). Second, even the *true* tendency is only moderately correlated with the number of
# orders (about 0.37). That is the difference between a tendency and a count: the
# tendency says how inclined a customer is to buy again, while the count also depends on
# how much the customer needs (businesses use more supplies than households), on chance,
# and on whether the customer quietly leaves. So even a perfect loyalty survey would not
# tell us exactly who will buy.
#
# Chapter 4 ([04_loyalty_factors](04_loyalty_factors.ipynb)) studies loyalty at three
# levels, its six factors, and this **intention-behaviour gap (意愿与行为的差距)** in
# detail.
#
# ### 11.3 Retention
#
# The ZTE digest (中兴通讯, 综合管理文摘 第四期, 2003) frames **customer retention
# (客户保留度)** around the first sale. In our words: winning a first order is only the
# start, and retention describes what happens next, whether the customer keeps coming
# back for more and how strongly. The usual way to put a number on it is a **retention
# rate (客户保留率)**: take everyone who bought in one year and find the share of them who
# bought again in the next.

# %%
transactions["year"] = transactions["order_date"].dt.year
# a dict comprehension: for each year's group of orders, the set of ids that ordered
active = {year: set(group["customer_id"]) for year, group in transactions.groupby("year")}
retention = pd.Series(
    {
        "2023 -> 2024": len(active[2023] & active[2024]) / len(active[2023]),
        "2024 -> 2025": len(active[2024] & active[2025]) / len(active[2024]),
    },
    name="retention rate",
)
retention.round(3)

# %% [markdown]
# About five customers in eight who bought in one year bought again the next, in both
# pairs of years. Read naively, that says Lanting loses more than a third of its customers
# every year (1 - 0.629 = 0.371 from 2024 to 2025).
#
# Did the customers who bought in 2024 *really* stay? The truth table's `alive_at_end`
# column records whether each customer was still a customer at the end of 2025, that is,
# had not yet left for good. A real firm cannot see this: customers who leave rarely say
# so, they simply stop buying. Compare the estimate with the truth:

# %%
# .copy() makes a separate table, so adding a column below cannot touch `truth`
active_2024 = truth[truth["customer_id"].isin(active[2024])].copy()
active_2024["bought in 2025"] = active_2024["customer_id"].isin(active[2025])
estimate_vs_truth = pd.Series(
    {
        "estimate: bought again in 2025": active_2024["bought in 2025"].mean(),
        "truth: still a customer at end of 2025": active_2024["alive_at_end"].mean(),
    },
    name="share of 2024 buyers",
)
estimate_vs_truth.round(3)

# %% [markdown]
# The two shares are close, 0.629 and 0.632. But they do not measure the same thing, and
# the closeness hides two gaps that pull in opposite directions. A cross-table of the same
# 2,102 customers shows them.

# %%
pd.crosstab(  # counts the customers in each combination of the two columns
    active_2024["bought in 2025"],
    active_2024["alive_at_end"].rename("still a customer at end of 2025"),
    margins=True,  # add the row and column totals ("All")
)

# %% [markdown]
# Read the four inner cells. 1,001 customers bought in 2025 and were still customers at
# the end of it, and 452 did neither: on these two groups the estimate and the truth
# agree. The other two cells are where they part. Here are their sizes, counted directly:

# %%
bought_2025 = active_2024["bought in 2025"]
still_there = active_2024["alive_at_end"]
# & means "and", ~ means "not"; .sum() counts the True values
left_after_buying = int((bought_2025 & ~still_there).sum())
slow_buyers = int((~bought_2025 & still_there).sum())
print(f"bought in 2025, then left before the end of 2025: {left_after_buying:,}")
print(f"no order in 2025, but still a customer at its end: {slow_buyers:,}")
print(f"difference: {slow_buyers - left_after_buying:,} customers out of {len(active_2024):,}")

# %% [markdown]
# The two gaps have different causes.
#
# - *The 321 are a mismatch of definitions.* They did buy again in 2025, so the retention
#   rate is right to count them as retained. But each of them later left for good before
#   the year was out (in the simulation a customer leaves straight after a purchase), so
#   the truth column counts them as gone. Nothing was measured wrongly: the two numbers
#   answer different questions, "did they buy again during 2025?" and "were they still
#   customers on 31 December 2025?". A retention rate counted from purchases says nothing
#   about whether a customer who came back has stayed.
# - *The 328 are slow buyers.* They had not left, yet they had not bought again during
#   2025 either: some customers buy so rarely that a whole year passes between two
#   orders. The retention rate counts them as lost although they are still customers.
#   If the question is "who is still with us?", this is a real error of the rate.
#
# The two counts differ by only 7 customers, and that is why 0.629 and 0.632 nearly agree.
# It is luck, not proof that the method works. A firm whose customers buy rarely would
# have many more slow buyers, and its retention rate would look worse than the truth; a
# firm whose customers often leave soon after a purchase would have more of the first
# group, and its rate would look better.
#
# Chapter 6 ([06_clv_churn](06_clv_churn.ipynb)) estimates each customer's probability of
# still being a customer from the purchase log alone, which deals with both gaps.
#
# ### 11.4 Contribution, now and over the lifetime
#
# **Customer contribution (客户贡献度)** is the profit a customer brings the firm. The ZTE
# digest distinguishes the contribution a customer makes *now* from the contribution they
# may still make over the rest of the relationship; together they make up the customer's
# lifetime contribution, which chapter 6 calls **customer lifetime value (客户终生价值)**.
# We compute three versions.
#
# *(a) Current contribution*: each buyer's margin (revenue minus the cost of the goods)
# in 2025.

# %%
margin_2025 = (
    orders_2025.groupby("customer_id")["margin"]
    .sum()
    # .reindex: one row per buyer, in this order; buyers without a 2025 order get 0
    .reindex(buyers["customer_id"], fill_value=0.0)
)
# sort biggest first, then .iloc[: n] keeps the first n rows: the top tenth of buyers
top_tenth = margin_2025.sort_values(ascending=False).iloc[: round(0.1 * len(margin_2025))]
current = pd.DataFrame(
    {
        "buyers": [len(margin_2025)],
        "with 2025 margin": [int((margin_2025 > 0).sum())],
        "mean margin": [round(margin_2025.mean(), 1)],
        "median margin": [round(margin_2025.median(), 1)],
        "share from top 10%": [round(top_tenth.sum() / margin_2025.sum(), 3)],
    },
    index=pd.Index(["2025 (yuan)"], name="year"),
)
current

# %% [markdown]
# Contribution is very uneven. The mean margin is about three times the median, the sign
# of a few large customers pulling the average up, and the top tenth of buyers earned more
# than half of Lanting's 2025 margin. About three buyers in ten brought no margin at all in
# 2025: some have left, some are slow buyers, and their *current* contribution alone cannot
# tell which.
#
# *(b) Contribution so far, net of acquisition.* Winning a customer cost Lanting money:
# advertising, a sales visit, a discount. The **customer acquisition cost (获客成本)** is in
# the customer file. Subtracting it from the margin a customer has brought in three years
# shows who has paid back what they cost.

# %%
margin_total = transactions.groupby("customer_id")["margin"].sum()
net = buyers[["customer_id", "customer_type", "acquisition_cost"]].assign(
    margin_to_date=buyers["customer_id"].map(margin_total).fillna(0.0)
)
net["net_contribution"] = net["margin_to_date"] - net["acquisition_cost"]
net.groupby("customer_type", observed=True).agg(
    buyers=("customer_id", "size"),
    mean_acquisition_cost=("acquisition_cost", "mean"),
    mean_margin_to_date=("margin_to_date", "mean"),
    share_not_paid_back=("net_contribution", lambda s: (s < 0).mean()),  # share below 0
).round(2)

# %% [markdown]
# Business customers cost about four times as much to win as consumers and have brought
# about four times as much margin. In both groups some customers have not yet earned back
# what they cost; a firm that looks only at revenue would never notice them.
#
# Why are business customers so much dearer to win? The customer file also records the
# channel through which each customer came. Averaging the acquisition cost by channel, and
# noting how many of each channel's buyers are businesses, shows where the difference
# comes from.

# %%
by_channel = buyers.groupby("channel", observed=True).agg(
    buyers=("customer_id", "size"),
    mean_acquisition_cost=("acquisition_cost", "mean"),
    business_share=("customer_type", lambda s: (s == "business").mean()),  # share of businesses
)
by_channel.round(2)

# %% [markdown]
# One channel is far dearer than the others: a customer won by the sales team cost about
# 540 yuan on average, while online, in-store and referred customers cost between about
# 30 and 85 yuan. And about seven in ten of the customers the sales team wins are
# businesses, while the other channels bring mostly consumers. So business customers are
# expensive to win mainly because they tend to be won by sales visits, not because every
# way of winning a business costs a lot.
#
# *(c) Potential contribution.* What will each customer bring in the *next* three
# years? A tempting rule of thumb is "the same as last year, three times over". The
# simulation lets us test the rule, because it knows, for every customer, whether they are
# still a customer, how often they buy while they stay (their purchase rate, per year) and
# the probability that they leave after each purchase. From these, a customer who is still
# active, buys $\lambda$ times a year and leaves after each purchase with probability $p$
# is expected to make $(1 - e^{-\lambda p T}) / p$ purchases in the next $T$ years (chapter 6
# works with models of this kind). Multiplying by the margin the customer has earned Lanting
# per order so far gives the expected margin.
#
# Where does the formula come from? While the customer stays, purchases arrive at a rate
# of $\lambda$ a year, and each purchase ends the relationship with probability $p$, so
# departures arrive at a rate of $\lambda p$ a year. With departures at that rate, the
# expected time the customer is still around during the next $T$ years works out to
# $(1 - e^{-\lambda p T}) / (\lambda p)$ years; multiplying by $\lambda$ purchases a year
# gives the formula. Two limits help you read it. If $p$ is tiny, the customer almost
# surely stays the whole time, and the formula comes close to $\lambda T$, simply the rate
# times the years. If $\lambda p T$ is large, the customer will almost surely leave within
# the $T$ years, and the formula comes close to $1/p$: the number of purchases a customer
# makes, on average, before the one after which they leave.

# %%
horizon = 3.0  # years
per_order = transactions.groupby("customer_id")["margin"].mean()  # mean margin per order
# keep the buyers' rows and use customer_id as the row labels, to look customers up by id
future = truth[truth["customer_id"].isin(buyers["customer_id"])].set_index("customer_id")
rate, drop = future["purchase_rate"], future["dropout_prob"]
# the formula for every customer at once; True/False counts as 1/0, so leavers get 0
expected_orders = future["alive_at_end"] * (1 - np.exp(-rate * drop * horizon)) / drop
future_truth = expected_orders * per_order.reindex(future.index)
rule_of_thumb = 3 * margin_2025.reindex(future.index)

# a worked example: customer 5, a consumer who is still a customer at the end of 2025
lam, p = rate[5], drop[5]  # look the values up by customer id
print(f"customer 5: lambda = {lam:.2f} purchases a year, p = {p:.3f}, T = {horizon:.0f} years")
print(f"lambda x p x T = {lam * p * horizon:.3f}, so 1 - e^(-lambda p T) = {1 - np.exp(-lam * p * horizon):.3f}")
print(f"expected purchases = {1 - np.exp(-lam * p * horizon):.3f} / {p:.3f} = {expected_orders[5]:.2f}")
print(f"if the customer could never leave: lambda x T = {lam * horizon:.2f}")
print(f"margin per order so far: {per_order[5]:.2f} yuan")
print(f"expected margin = {expected_orders[5]:.2f} x {per_order[5]:.2f} = {future_truth[5]:.1f} yuan")

# %% [markdown]
# Customer 5 buys almost three times a year while still a customer, and leaves after any
# one purchase with a chance of about one in six. Had this customer been certain to stay,
# three years would bring about 8.6 purchases. Because each purchase carries a risk of
# leaving, the expected number is only about 4.7. At about 190 yuan of margin per order,
# that is an expected margin of about 894 yuan over the next three years. The same
# arithmetic, done for every buyer at once (and giving zero to those who have already
# left), is the truth-based column in the next table.

# %%
potential = pd.DataFrame(
    {
        "rule of thumb: 3 x 2025 margin": rule_of_thumb,
        "truth-based expectation, next 3 years": future_truth,
    }
)
# .sum() adds up each column, giving one total per column; the rest rounds and names it
comparison = potential.sum().round().astype("int64").rename("total (yuan)").to_frame()
comparison["share of buyers with value > 0"] = (potential > 0).mean().round(3)
comparison

# %% [markdown]
# The rule of thumb overstates the next three years by more than half. Its two faults
# mirror the two gaps in the retention rate: it credits three more years to everyone who
# bought in 2025, including the customers who left after buying, and it gives nothing to
# slow buyers who are still there but did not buy in 2025.

# %%
print(
    "correlation between rule of thumb and truth, customer by customer:",
    round(potential.corr().iloc[0, 1], 3),  # .iloc[0, 1]: row 0, column 1 of the 2 x 2 table
)

# %% [markdown]
# Customer by customer, the rule of thumb and the truth are fairly well correlated (about
# 0.8): last year's best customers are mostly still the best. So the rule is a fair first
# guess at *who* is valuable, and a poor guess at *how* valuable.
#
# Chapter 2 ([02_customer_analysis](02_customer_analysis.ipynb)) analyses contribution
# customer by customer and product by product, and chapter 6
# ([06_clv_churn](06_clv_churn.ipynb)) estimates the future part from the purchase log
# alone, without peeking at the truth.

# %% [markdown]
# ## 12. Figures that the sources quote as facts
#
# CRM articles like to open with striking statistics. Our seed texts quote several,
# usually without saying where they come from. A statistic without a source is a claim,
# not a fact. The table gathers them with the source they are usually traced to, and says
# honestly where no original can be found.
#
# | claim as quoted | quoted in | usual original source | status |
# |---|---|---|---|
# | a 5% rise in satisfaction doubles profit | 韦亚洲 & 葛红梅 2009; 2011 article | the 2011 article credits "Harvard Business School and Xerox" | no original study found; possibly a garbled form of the retention claim below |
# | a very satisfied customer is six times as willing to buy again as a merely satisfied one | 2009; 2011 | Xerox data reported by Jones & Sasser, "Why Satisfied Customers Defect", *Harvard Business Review* 1995 | traceable: completely satisfied customers were about six times as likely to repurchase within 18 months |
# | a satisfied customer is six times as willing to buy again as a dissatisfied one | 中兴通讯 2003 | none given | probably a variant of the Xerox figure; original unknown |
# | two thirds of customers leave a supplier for lack of care | 2009 | often given as "68% leave because of perceived indifference", credited to various US surveys | source disputed; no original study found |
# | 20% more satisfaction: selling and service cost −21%, sales cycle −1/3, profit +2% | 2009 | none given | original unknown |
# | keeping 5% more customers raises profit by 25% or more; returning customers bring 25–85% of profit | 2011 article | Reichheld & Sasser, "Zero Defections: Quality Comes to Services", *Harvard Business Review* 1990 | traceable, but restated: the original says cutting the defection rate by 5 points raised profits by 25% to 85% in the industries studied; "bring 25–85% of profit" is a misreading |
# | winning a new customer costs 5–6 times as much as keeping one (the 2003 digest: keeping costs one fifth) | 2003; 2011 | usually credited to studies by TARP (Technical Assistance Research Programs) in the 1980s | widely repeated; the multiple varies between retellings (5 to 25) |
# | one satisfied customer brings 8 prospects; one dissatisfied customer reaches 25 people | 2011 | word-of-mouth figures also usually credited to TARP | exact numbers differ between retellings; original unknown |
# | 80% of sales come from 20% of customers | 2009 | Pareto, *Cours d'économie politique* 1896 (on incomes); named the Pareto principle by Juran 1951 | a rule of thumb, not a law: section 9 measured it at Lanting |
# | higher satisfaction does not raise profit at once; focus on high-value customers | 2003 | consistent with Heskett et al., "Putting the Service-Profit Chain to Work", *Harvard Business Review* 1994 | a reasoned argument rather than a statistic |
#
# Chapter 5 ([05_satisfaction_profit](05_satisfaction_profit.ipynb)) turns these claims
# into hypotheses and tests them on Lanting's data. Here is a first taste: Lanting asked
# customers who left why they left. If two thirds left for lack of care, "indifference"
# should be the reason in about two thirds of the answers.

# %%
exits = crmkit.load_dataset("exits")
# normalize=True gives each reason's share of the answers instead of its count
exits["exit_reason"].value_counts(normalize=True).rename("share of exit interviews").round(3)

# %% [markdown]
# Indifference is the most common reason Lanting's lost customers give, but at about 40%
# it is well short of two thirds. One simulated firm cannot settle a general claim, and exit
# interviews have their own bias: only some of the customers who leave answer one. How
# many? Lanting itself could not say exactly, since it does not know for sure who has
# left, but the truth table does.

# %%
# .loc[rows, column]: the ids of the rows where alive_at_end is False (~ means "not")
left = buyers["customer_id"].isin(truth.loc[~truth["alive_at_end"], "customer_id"])
leavers = buyers.loc[left, "customer_id"]  # buyers who left for good before the end of 2025
print(f"customers who left before the end of 2025: {len(leavers):,}")
print(f"exit interviews: {len(exits):,} ({len(exits) / len(leavers):.1%} of those who left)")
print("every interviewee is among those who left:", bool(exits["customer_id"].isin(leavers).all()))

# %% [markdown]
# About two leavers in three answered the exit interview, and one in three did not. If
# customers who drifted away out of indifference were less willing to answer than those
# who left over a specific problem, the true share of indifference would be higher than
# the interviews suggest; if they were more willing, lower. The interviews alone cannot
# tell which. Chapter 5 discusses what evidence would settle the claim.

# %% [markdown]
# ## 13. A concept map
#
# The figure gathers the chapter into one picture. Read it from the top: a customer-centred
# philosophy and CRM technology serve the CRM strategy; the strategy works through the
# four tasks; what the firm does for customers shapes the four measures along the bottom
# row, which chapters 2 to 7 study; that row runs from right to left, so that the dashed
# arrow can close the loop: what customers contribute decides where the firm spends its
# effort next.

# %%
fig, ax = plt.subplots(figsize=(11, 6.5))
ax.set_xlim(0, 11)
ax.set_ylim(-0.3, 6.6)
ax.axis("off")

colours = {"idea": "#dbe9f6", "action": "#fde9c9", "measure": "#d9f0d3"}


def node(x, y, text, kind):
    """Draw a rounded box with centred text; return it so arrows can attach to it."""
    box = {"boxstyle": "round,pad=0.5", "facecolor": colours[kind], "edgecolor": "0.35"}
    return ax.text(x, y, text, ha="center", va="center", fontsize=9, bbox=box)


def link(source, target, start=(0.5, 0.0), end=(0.5, 1.0), style="-"):
    """Draw an arrow from a point on one box's edge (fractions of its size) to another's."""
    arrow = {"arrowstyle": "-|>", "color": "0.3", "linestyle": style, "shrinkA": 3, "shrinkB": 3}
    ax.annotate("", xy=end, xycoords=target, xytext=start, textcoords=source, arrowprops=arrow)


# top row: the ideas; middle row: the four tasks; bottom row: the four measures
philosophy = node(1.6, 5.9, "Customer-centred philosophy\nKotler's concepts ->\nrelationship marketing", "idea")
crm = node(5.5, 5.9, "CRM\nstrategy · philosophy · technology", "idea")
technology = node(9.3, 5.9, "Technology\ncustomer database, SFA,\ncall centres (ch. 7)", "idea")
identify = node(1.6, 3.7, "Identify\ncustomer file,\nknowledge (ch. 2, 7)", "action")
differentiate = node(4.1, 3.7, "Differentiate\nvalue tiers, RFM,\nkey accounts (ch. 2, 3)", "action")
interact = node(6.7, 3.7, "Interact\nservice in three\ndimensions, care", "action")
customize = node(9.3, 3.7, "Customize\ncare tiers,\ntargeted offers (ch. 3, 6)", "action")
satisfaction = node(9.3, 1.4, "Satisfaction\n(ch. 4, 5)", "measure")
loyalty_box = node(6.7, 1.4, "Loyalty\nintention -> behaviour\n(ch. 4)", "measure")
retention_box = node(4.1, 1.4, "Retention\n(ch. 6)", "measure")
contribution = node(1.6, 1.4, "Contribution\nnow and over\nthe lifetime (ch. 2, 6)", "measure")

link(philosophy, crm, (1.0, 0.5), (0.0, 0.5))
link(technology, crm, (0.0, 0.5), (1.0, 0.5))
link(crm, identify, (0.2, 0.0), (0.7, 1.0))
link(crm, differentiate, (0.4, 0.0), (0.6, 1.0))
link(crm, interact, (0.6, 0.0), (0.4, 1.0))
link(crm, customize, (0.8, 0.0), (0.3, 1.0))
for left, right in [(identify, differentiate), (differentiate, interact), (interact, customize)]:
    link(left, right, (1.0, 0.5), (0.0, 0.5))
link(interact, satisfaction, (0.7, 0.0), (0.2, 1.0))
link(customize, satisfaction)
for right, left in [(satisfaction, loyalty_box), (loyalty_box, retention_box), (retention_box, contribution)]:
    link(right, left, (0.0, 0.5), (1.0, 0.5))
link(contribution, differentiate, (0.8, 1.0), (0.3, 0.0), style="--")
ax.text(3.35, 2.3, "value decides\nwhere effort goes", fontsize=8, style="italic", color="0.3")
legend = [Patch(facecolor=colours[k], edgecolor="0.35", label=label) for k, label in
          [("idea", "ideas"), ("action", "what the firm does"), ("measure", "what it measures")]]
ax.legend(handles=legend, loc="lower center", ncol=3, frameon=False, fontsize=9)
ax.set_title("Chapter 1 in one picture")
plt.show()
# %% [markdown]
# ## Pitfalls
#
# - *Confusing the software with the idea.* Buying a CRM system is not the same as
#   managing customers. The Haier case worked because departments changed how they
#   worked, not only because call centres were built.
# - *Confusing intention with behaviour.* Survey answers about loyalty are cheap to
#   collect and easy to over-read. Section 11.2 showed that stated intention predicts
#   purchases only roughly; always check against what customers then did.
# - *Trusting a retention rate that looks right.* A retention rate counted from
#   purchases calls customers retained if they bought again, even if they left afterwards,
#   and calls slow buyers lost although they are still customers. Section 11.3 found 321
#   customers in the first gap and 328 in the second, cancelling by luck.
# - *Projecting the past forward.* "Next three years = three times last year" forgets
#   that customers leave. Section 11.4 showed how much that overstates future contribution.
# - *Reading care-tier tables as causal.* Gold customers are more loyal, but Lanting
#   chose its gold customers by size. Whether care *causes* loyalty needs the methods of
#   chapter 5.
# - *Quoting statistics without sources.* "5% more satisfaction doubles profit" sounds
#   precise and has no traceable origin. Ask for the source of every number.
#
# ## Summary
#
# - CRM is at once a *strategy* (win, keep and grow profitable customers), a
#   *philosophy* (the customer at the centre) and a *technology* (a shared customer
#   database and tools). It grew from contact management in the 1980s and from sales and
#   service systems around 1990; 高山 (2023) dates the CRM concept to 1990, and Gartner
#   Group popularised the term in the mid-to-late 1990s.
# - Firms moved from a product-centred to a market-oriented to a customer-oriented view;
#   Kotler's five marketing concepts and relationship marketing trace the same shift.
# - CRM work is four tasks (identify, differentiate, interact, customize), guided by four
#   principles (dynamic, focused, flexible, with a named person responsible), organised
#   as a process from identifying customers to evaluating the firm's capability.
# - Customers are worth managing for profit, new-product sales, scale, brand, information
#   and network effects. Care is rationed in tiers; key accounts get the most.
# - The four measures, satisfaction, loyalty, retention and contribution, can all be
#   computed from a firm's records, and each computation hides a trap that later chapters
#   handle properly.
# - The famous CRM statistics are claims with uneven sources; chapter 5 tests them.
#
# ## Further reading
#
# The five texts this chapter draws on (in Chinese):
#
# - 韦亚洲、葛红梅 (2009). 论客户资源与企业的市场营销. *商场现代化*, 2009(32).
# - 中兴通讯 (2003). 综合管理文摘, 第四期: 客户服务的三个维度; 客户满意度、忠诚度、保留度和
#   贡献度的界定; "以客户为中心"经营理念的深层次诠释.
# - 第八章 客户关系管理 (a sales-management textbook chapter; author and year not given).
# - 浅谈我国企业客户关系管理现状及发展策略分析 (2011).
# - 高山 (2023). 企业市场营销中客户关系管理分析.
#
# Original sources mentioned in the chapter:
#
# - Berry, L. L. (1983). Relationship marketing. In *Emerging Perspectives on Services
#   Marketing*, American Marketing Association.
# - Heskett, J. L., Jones, T. O., Loveman, G. W., Sasser, W. E. & Schlesinger, L. A. (1994).
#   Putting the service-profit chain to work. *Harvard Business Review*, 72(2).
# - Jones, T. O. & Sasser, W. E. (1995). Why satisfied customers defect. *Harvard Business
#   Review*, 73(6).
# - Kotler, P. (1986). Megamarketing. *Harvard Business Review*, 64(2).
# - Kotler, P. & Keller, K. L. *Marketing Management* (any recent edition), the chapter on
#   marketing concepts.
# - Peppers, D., Rogers, M. & Dorf, B. (1999). Is your company ready for one-to-one
#   marketing? *Harvard Business Review*, 77(1). (The IDIC steps.)
# - Reichheld, F. F. & Sasser, W. E. (1990). Zero defections: quality comes to services.
#   *Harvard Business Review*, 68(5).
# - Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*,
#   81(12). (The net promoter score.)

# %% [markdown]
# ## Self-check
#
# Choose an answer for each question and press *Check*. The feedback explains why your
# choice is right or wrong, so a wrong answer is worth trying: read the explanation, then
# try another option. (If you see only a line of text below, run the notebook in Jupyter.)

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
            "A customer answers the survey: 'I will certainly keep buying from Lanting', "
            "then places no order for the rest of the year. What did the survey measure?"
        ),
        options=["Loyalty intention", "Behavioural loyalty", "Retention", "Contribution"],
        answer="Loyalty intention",
        explanations=[
            "Yes: the survey recorded what she said she would do, her intention, not what she did.",
            "Behavioural loyalty is what customers do; she did not buy again, so her behaviour was not loyal.",
            "Retention is measured from purchases over time, not from a survey answer.",
            "Contribution is the profit a customer brings; a survey answer brings none.",
        ],
    ),
    Question(
        prompt="In Kotler's list, which marketing concept says customers buy only when pushed by hard selling?",
        options=["Production concept", "Product concept", "Selling concept", "Marketing concept"],
        answer="Selling concept",
        explanations=[
            "The production concept is about cheap, widely available goods, not about pushing sales.",
            "The product concept trusts that the best product sells itself.",
            "Correct: the selling concept relies on advertising and aggressive selling.",
            "The marketing concept starts from customers' needs instead of pushing what the firm makes.",
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
            "Of Lanting's 2024 buyers, the share who bought again in 2025 is close to the share "
            "truly still customers at the end of 2025. Why is it still risky to trust the first number?"
        ),
        options=[
            "It is not risky: two close numbers prove the method works",
            "Two gaps cancel: some buyers left after buying in 2025, and some customers who had not left simply did not buy",
            "Because the survey was taken in January 2025",
        ],
        answer="Two gaps cancel: some buyers left after buying in 2025, and some customers who had not left simply did not buy",
        explanations=[
            "Agreement in one year can be luck; the cross-table in section 11.3 shows two gaps that pull in opposite directions.",
            "Correct: the gaps happened to offset here, and in another year or firm they need not.",
            "The retention rate uses only the purchase log, not the survey.",
        ],
    ),
    Question(
        prompt=(
            "Which source is usually given for the claim that cutting customer defections by "
            "5 percentage points raises profit by 25% to 85%?"
        ),
        options=[
            "Reichheld and Sasser (1990), 'Zero Defections'",
            "Pareto (1896)",
            "Gartner Group (1990s)",
            "No source has ever been suggested",
        ],
        answer="Reichheld and Sasser (1990), 'Zero Defections'",
        explanations=[
            "Yes: their Harvard Business Review article reported this range across several industries.",
            "Pareto wrote about the distribution of incomes, the origin of the 80/20 rule.",
            "Gartner Group proposed and popularised the name CRM; it is not the source of this statistic.",
            "This is one of the few quoted figures with a traceable original.",
        ],
    ),
    Question(
        prompt=(
            "Lanting's gold customers are more loyal than its ordinary customers. "
            "What can you conclude from that table alone?"
        ),
        options=[
            "Gold-tier care makes customers loyal",
            "Nothing causal: tiers were assigned by size, and size may go with loyalty for other reasons",
            "Loyal customers are promoted to gold",
        ],
        answer="Nothing causal: tiers were assigned by size, and size may go with loyalty for other reasons",
        explanations=[
            "The table shows a difference between groups, not its cause; chapter 5 shows how to tell them apart.",
            "Correct: a comparison of groups that were chosen by size cannot separate the effect of care from the effect of size.",
            "Lanting assigns tiers from size and early spending, not from loyalty.",
        ],
    ),
    Question(
        prompt="Which of these is a potential customer (潜在客户) in Lanting's customer file?",
        options=[
            "A shop that buys Lanting's paper through a dealer",
            "A registered business that has never placed an order",
            "A consumer who bought once in 2023 and never again",
        ],
        answer="A registered business that has never placed an order",
        explanations=[
            "In Lanting's file a shop buying through a dealer counts as an existing, indirect customer.",
            "Right: a potential customer has a use for the products but has placed no order yet.",
            "Someone who has bought is an existing customer, even if they may since have left.",
        ],
    ),
]
quiz(questions, title="Chapter 1 self-check")

# %% [markdown]
# ## Practise
#
# The self-check above tests your reading. To practise the calculations on data of your
# own, open [`exercises/01_crm_concepts.ipynb`](../exercises/01_crm_concepts.ipynb) (10
# questions): with your student id left empty, it tells you at once whether each answer
# is right. Then go on to chapter 2, customer analysis and screening.
