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
# # Chapter 7 · The customer database (客户数据库)
#
# Every chapter so far started from clean tables: one row per customer, dates that are
# dates, regions spelled one way. Real firms do not start there. Their first customer
# records are questionnaires, reply cards from a mailing and forms filled in by sales
# staff, each written its own way. In this chapter you do the work that comes before
# every analysis: you take *Lanting Trading Co.*'s (兰亭商贸) messy raw records, tidy
# them step by step, load the result into a real database, and ask it questions in
# **SQL (结构化查询语言)**. At the end you compute the RFM codes of chapter 3 a second
# time, in SQL, and check that the database and pandas give exactly the same answer.
#
# ## Objectives
#
# By the end of this chapter you will be able to:
#
# 1. say what a **customer database (客户数据库)** is for, using the six uses the
#    textbook lists;
# 2. explain why raw customer records are messy, and recognise the usual kinds of mess;
# 3. clean dates, phone numbers, region names and text in pandas, keeping a log of every
#    change, and measure the result against the truth;
# 4. remove duplicate customers by a stated rule, and say what the rule misses;
# 5. load tables into an **embedded database (嵌入式数据库)** with types, a
#    **primary key (主键)** and *foreign keys* (外键), and watch it refuse bad rows;
# 6. write SELECT, WHERE, GROUP BY, **join (连接)** and *window function* (窗口函数)
#    queries, each next to the pandas code that gives the same result;
# 7. compute Hughes' RFM quintiles in SQL and show they equal crmkit's, including how
#    ties are handled;
# 8. name the two stages of building a customer database (preparation; development and
#    design), say what belongs to each, and check each one;
# 9. avoid the classic pitfalls: dates stored as text, duplicates, joins that multiply
#    rows, and missing values (NULL, 空值).
#
# *Sources.* The uses of a customer database, the two stages of building one and the
# description of its raw material come from section 3 of a sales-management textbook
# chapter (第八章 客户关系管理, 第三节 客户数据库与客户挖掘). The database is DuckDB, which runs inside Python. Full
# references are under *Further reading*.

# %%
import crmkit

rng = crmkit.setup_notebook()

# %%
import re
import unicodedata

import duckdb
import pandas as pd

from crmkit import database, rfm
from crmkit.quiz import Question, quiz

customers = crmkit.load_dataset("customers")  # the clean customer table of chapters 1-6
transactions = crmkit.load_dataset("transactions")  # the purchase log, one row per order
print(f"{len(customers):,} customers, {len(transactions):,} orders")

# %% [markdown]
# ## 1. What a customer database is for
#
# For the textbook, a customer database earns its keep in two ways: it turns what the
# firm has learnt about its customers in the course of business into a basis for
# marketing decisions, and it helps the firm hold on to the customers it already has.
# The textbook then names six uses. In our words:
#
# 1. *understand needs*: see what each kind of customer actually buys;
# 2. *serve better*: know a customer's history when they call, which is the basis of
#    personal service;
# 3. *rank customers by value*: separate high-value, ordinary and small customers and
#    treat each group differently (the ABC tiers of chapter 2);
# 4. *know value over time*: follow what customers are worth over their lifetime
#    (chapter 6);
# 5. *analyse demand*: read trends and changes in buying from the history;
# 6. *market research and forecasting*: find where the potential customers are.
#
# crmkit keeps the six uses in a small table, each with the name of a query that
# answers it. We run all six in section 7, once the database exists.

# %%
database.SIX_USES

# %% [markdown]
# Each row is a question the firm wants answered, and none can be answered from a pile
# of reply cards. They all need the same thing first: one clean row per customer, with
# the same spelling for the same fact, linked to that customer's orders. That is what
# the rest of the chapter builds.
#
# ## 2. The raw material, and why it is messy
#
# The textbook warns that a firm's first customer records are never ready for a
# database: they are paper of several kinds, each laid out differently and holding
# different facts, and they have to be sorted and tidied before anything is typed in. crmkit imitates
# such a stack: `make_raw_records` gives every customer of the world a name and a mobile
# number and writes a record for them the way a hurried person might, and gives some
# customers a second record from another source, with a small typing slip. It also keeps
# the clean **ground truth (真实值)** of every record, so we can measure how well our
# cleaning works, which is never possible with real records.

# %%
raw, truth = database.make_raw_records(customers, seed=2026)
print(f"{len(raw):,} raw records for {truth['customer_id'].nunique():,} customers")
print(f"{int(truth['duplicate'].sum())} records are a customer's second record")
raw.head(10)

# %% [markdown]
# Ten records are enough to see the trouble. Dates come as `2025年10月30日`, `2023/8/17`
# and in full-width digits (全角数字) such as `２０２３０２２４`, which look like digits to
# a person but are different characters to a computer. Phones carry spaces, dashes and
# the country code `+86`. Regions are written `北区`, `西区`, `南`, `WEST CHINA`. Names
# come in three cases with extra spaces, and record 8's "Hu Sonng" is a typing slip.
# Some fields are blank (`NaN`).
#
# How bad is it? The score below compares every field with the truth, as written the
# standard way (dates `YYYY-MM-DD`, phones as 11 digits, regions by their English name).

# %%
before = database.cleaning_score(raw, truth)
before

# %% [markdown]
# Only 38 per cent of names, phones and dates (about a third), and 16 per cent of
# regions, are written the standard way. A query such as "customers in the East region" would find
# fewer than one in six of them. The last row counts customers: 239 customers appear
# twice, so counting records would overstate the customer base by 239. Cleaning
# has to fix all of this without inventing anything.
#
# ## 3. Cleaning, step by step
#
# **Data cleaning (数据清洗)** brings raw records into one consistent, correct form. We
# do it in four small steps and one rule for duplicates. Each step first shows the
# plain pandas idea, then the crmkit function, which returns the cleaned frame *and a
# log*: one row per value it changed, so nothing changes without a trace.
#
# ### 3.1 Text: full-width characters and stray spaces
#
# Unicode's NFKC normalisation turns full-width characters into ordinary ones; Python's
# `split` and `join` collapse runs of spaces.

# %%
messy = "  ＷＡＮＧ   Fang　"  # full-width letters and an ideographic space at the end
# NFKC turns full-width characters into ordinary ones; split() with no argument cuts
# at every run of spaces and drops the empty pieces; " ".join glues the words back with
# single spaces; title() writes each word with a capital first letter
tidy = " ".join(unicodedata.normalize("NFKC", messy).split()).title()
print(repr(messy), "->", repr(tidy))

# %%
step1, log1 = database.clean_text(raw)
print(log1.groupby("column").size().to_string())
log1.head(4)

# %% [markdown]
# The log says which record, which column, what the value was and what it became
# (record 8's name lost two leading spaces, which the table display does not show). Text
# cleaning touched every column that had full-width characters or stray spaces, and
# put names in title case. It did not yet read dates or phones: `2024/5/29` is tidy
# text but not yet a date.
#
# ### 3.2 Dates: five ways of writing a day
#
# Asking pandas for the standard format reads only the records already written that
# way; everything else becomes missing (NaT).

# %%
standard = pd.to_datetime(step1["signup_date"], format="%Y-%m-%d", errors="coerce")
print(f"read as YYYY-MM-DD: {int(standard.notna().sum()):,} of {len(step1):,}")

# %% [markdown]
# So we need one rule per format, each a *regular expression* (正则表达式) that pulls out year,
# month and day in a known order. A regular expression is a pattern for text, written
# in a small language of its own: `\d` means any digit, `{4}` exactly four of the thing
# before it, `{1,2}` one or two, `[-/.年]` any one of the characters in the brackets,
# `?` "optional", `^` and `$` the start and the end of the text, and each pair of round
# brackets captures the part it matches. Here is one rule, by hand:

# %%
match = re.match(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$", "2024年5月29日")
# groups() returns the three captured parts as text; map(int, ...) turns each into a number
year, month, day = map(int, match.groups())
print(pd.Timestamp(year=year, month=month, day=day).date())

# %% [markdown]
# `clean_dates` tries three such rules (year first with `-`, `/`, `.` or 年月日; day
# first with dots; eight digits). A value no rule reads, or a day that does not exist,
# becomes missing and is logged as `unreadable`: it is never guessed. That includes
# `05/06/2024`, which could be 5 June or 6 May.

# %%
step2, log2 = database.clean_dates(step1)
print(log2.groupby("action").size().to_string())
log2[log2["action"] == "unreadable"].head(3)

# %% [markdown]
# About 2,450 dates were rewritten and 53 could not be read; those 53 are now blank
# and listed in the log, so someone can go back to the paper form. A blank is honest; a
# wrong guess would silently move a customer to another month.
#
# ### 3.3 Phones: spaces, dashes and +86
#
# A phone number is a string of digits, not a number (a leading zero or `+` would be
# lost in an integer). The pandas idea: remove everything that is not a digit, then
# drop the country code 86 in front of an 11-digit mobile number.

# %%
examples = pd.Series(["138 1234 5678", "+86 138-1234-5678", "1381234567"])
digits = examples.str.replace(r"\D", "", regex=True)  # \D: any character that is not a digit
# remove a leading 86 only when exactly 11 digits follow it: (?=...) checks what comes
# next without removing it
print(digits.str.replace(r"^86(?=\d{11}$)", "", regex=True).tolist())

# %% [markdown]
# The third example has only ten digits: a digit was lost in typing, and no rule can
# bring it back. `clean_phones` does the same and blanks anything that is not 11
# digits starting with 1.

# %%
step3, log3 = database.clean_phones(step2)
print(log3.groupby("action").size().to_string())
# how many digits did the unreadable numbers have?
unreadable = log3.loc[log3["action"] == "unreadable", "before"]
print(unreadable.str.replace(r"\D", "", regex=True).str.len().value_counts().sort_index().to_string())

# %% [markdown]
# 44 phone numbers were unreadable, every one of them a number with a missing digit:
# 29 have 10 digits instead of 11, and the other 15 have 12 digits because the
# country code 86 is in front of a 10-digit number.
#
# ### 3.4 Regions: one name for each
#
# The same region arrives under many spellings. Counting the raw spellings shows the
# problem:

# %%
print(f"{raw['region'].nunique()} different spellings of 5 regions")
raw["region"].value_counts().head(8)

# %% [markdown]
# `East` and `East ` (with a space) count as different values, and so do `东` and
# `东区`. The fix is a lookup table from every known spelling to one name. Unknown
# spellings become missing, and the table, not a guess, is what you extend.

# %%
print(sorted(k for k, v in database.REGION_ALIASES.items() if v == "East"))
step4, log4 = database.clean_regions(step3)
print(f"{step4['region'].nunique()} spellings left:", sorted(step4["region"].dropna().unique()))

# %% [markdown]
# Five regions, as it should be. The remaining blanks are the fields left empty on the
# forms.
#
# ### 3.5 Duplicates: one row per customer
#
# 239 customers have two records. Which records belong together? crmkit's rule, which
# you should always state when you de-duplicate (*deduplication*, 去重):
#
# 1. two records with the same cleaned phone are one customer;
# 2. a record *without* a phone is the same customer as a record with the same name,
#    signup date and region;
# 3. matches chain (A matches B, B matches C: one customer).
#
# The record with the smallest `record_id` is kept, and its blank fields are filled from
# the others. Names alone are never matched: two customers can share a name. Here is one
# customer's pair, found through the truth:

# %%
pair_customer = truth.loc[truth["duplicate"], "customer_id"].iloc[0]
pair_ids = truth.loc[truth["customer_id"] == pair_customer, "record_id"]
step4[step4["record_id"].isin(pair_ids)]

# %%
step5, log5 = database.deduplicate(step4)
print(log5.groupby("action").size().to_string())
print(f"{len(step4):,} records -> {len(step5):,} rows")

# %% [markdown]
# 215 records were merged into another record, and each merge is a row in the log, so
# the row count falls by exactly 215. 22 blank fields were filled from a merged twin.
# Phone-less twins whose name has a typing slip cannot be matched by rule 2; they stay,
# and the score will count them.
#
# `clean_records` runs the same five steps in one call; check that it gives the same
# frame.

# %%
cleaned, log = database.clean_records(raw)
print("same as step by step:", cleaned.equals(step5))
log.groupby(["step", "action"]).size()

# %% [markdown]
# ### 3.6 The score against the truth
#
# Now the same score as before, for the cleaned records, side by side:

# %%
after = database.cleaning_score(cleaned, truth)
pd.DataFrame(
    {
        "check": before["check"],
        "raw": before["share_correct"].round(3),
        "cleaned": after["share_correct"].round(3),
        "wrong": after["wrong"],
        "blank": after["missing"],
    }
)

# %% [markdown]
# From about a third to 96 or 97 per cent on every field. What is left tells you what
# cleaning cannot do:
#
# - no phone, region or date is *wrong* after cleaning; the rules either read a value
#   right or leave it blank. The blanks (between 120 and 170 per field) were empty or
#   unreadable on the forms: only going back to the customer fills them.
# - 144 names are wrong. They are typing slips ("Hu Sonng"): where the kept record of a
#   pair carries the slip, the name is wrong, and no format rule can know the correct
#   spelling.
# - 24 customers still have two rows: neither rule could match their twins, typically
#   a record without a phone whose name, date or region differs from the other record
#   (a typing slip, or a field left blank).
#
# This is the honest state of most customer files, and why the textbook puts sorting and
# tidying *before* the database.

# %% [markdown]
# ## 4. Into the database: tables, keys and constraints
#
# A spreadsheet accepts anything you type. A database can be told the rules in
# advance. DuckDB is an **embedded database (嵌入式数据库)**: it runs inside this Python
# session, in memory, and leaves no file behind. `database.connect` creates each table from a
# declared schema and loads the world's tables into it. Here is the declaration of the
# `orders` table:

# %%
print(database.SCHEMA["orders"])

# %% [markdown]
# Three kinds of rule are in it. `order_id` is the **primary key (主键)**: no two orders
# may share it, and it may not be blank. `customer_id` is a *foreign key* (外键): it
# must be the primary key of an existing row of `customers`, so there can be no order
# from an unknown customer (*referential integrity*, 参照完整性). `order_date DATE`
# fixes the type: a date, not text. Load everything:

# %%
tables = {name: crmkit.load_dataset(name) for name in database.SCHEMA}
con = database.connect(tables)
counts = {name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in database.SCHEMA}
pd.Series(counts, name="rows")

# %% [markdown]
# Every table of the world loaded, so every one of its rows obeys its rules. Now try to
# break them. Each attempt below is refused with a message that names the problem, and
# the table is unchanged.

# %%
attempts = {
    "an order of customer 99999": "INSERT INTO orders VALUES (99999, 99999, DATE '2025-01-01')",
    "customer 1 a second time": "INSERT INTO customers VALUES "
    "(1, DATE '2025-01-01', 'East', 'consumer', 'online', 'direct', 10, 'ordinary')",
    "a customer in region 'Mars'": "INSERT INTO customers VALUES "
    "(9999, DATE '2025-01-01', 'Mars', 'consumer', 'online', 'direct', 10, 'ordinary')",
    "an order without a customer": "INSERT INTO orders VALUES (99999, NULL, DATE '2025-01-01')",
    "a date written 29.05.2025": "INSERT INTO orders VALUES (99999, 1, '29.05.2025')",
}
for what, sql in attempts.items():
    try:
        con.execute(sql)
        print(f"{what}: accepted")
    except duckdb.Error as err:
        print(f"{what}: REFUSED ({type(err).__name__})\n    {str(err).splitlines()[0]}")
print("orders:", con.execute("SELECT count(*) FROM orders").fetchone()[0])

# %% [markdown]
# Five bad rows, five refusals, and `orders` still has its 16,802 rows. The database
# now guards the rules that we had to enforce by hand in pandas. The same guard works on
# our cleaned records: declare `phone` UNIQUE, and the records before de-duplication
# are refused, the records after it accepted.

# %%
con.execute("""
CREATE TABLE people (
    record_id   INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    phone       VARCHAR UNIQUE CHECK (length(phone) = 11),
    region      VARCHAR CHECK (region IN ('North', 'East', 'South', 'West', 'Central')),
    signup_date DATE
)""")
columns = ["record_id", "name", "phone", "region", "signup_date"]
try:
    database.insert_frame(con, "people", step4[columns])
except duckdb.ConstraintException as err:
    print("before de-duplication: REFUSED\n   ", str(err).splitlines()[0][:60])
print("after de-duplication:", database.insert_frame(con, "people", step5[columns]), "rows accepted")

# %% [markdown]
# The refusal is all or nothing: one duplicated phone and none of the 4,239 rows went
# in. (The duplicate the message names depends on the order DuckDB checks rows in, so
# we print only its beginning.) After de-duplication every phone is unique and all
# 4,024 rows are accepted.
#
# ## 5. SQL basics, each next to pandas
#
# **SQL (结构化查询语言)** describes *what* you want, and the database works out how.
# Each query below has a pandas twin, and we check that both give the same numbers.
#
# ### SELECT and WHERE: pick columns and rows

# %%
sql = """
SELECT customer_id, signup_date, channel
FROM customers
WHERE region = 'East' AND customer_type = 'business' AND signup_date >= DATE '2025-10-01'
ORDER BY customer_id"""
in_sql = database.query(con, sql)
keep = (
    (customers["region"] == "East")
    & (customers["customer_type"] == "business")
    & (customers["signup_date"] >= "2025-10-01")
)
in_pandas = customers.loc[keep, ["customer_id", "signup_date", "channel"]]
print("same rows:", in_sql["customer_id"].tolist() == in_pandas["customer_id"].tolist())
in_sql

# %% [markdown]
# WHERE is the boolean mask of pandas. Eight East business customers signed up in the
# last quarter of the window, and both tools list the same eight.
#
# ### GROUP BY: one row per group

# %%
sql = """
SELECT c.region,
       count(*)                                 AS orders,
       count(*) / count(DISTINCT t.customer_id) AS orders_per_buyer,
       avg(t.revenue)                           AS mean_order
FROM transactions AS t
JOIN customers AS c USING (customer_id)
GROUP BY c.region
ORDER BY orders_per_buyer DESC"""
by_region_sql = database.query(con, sql)
by_region_sql.round(2)

# %%
merged = transactions.merge(customers[["customer_id", "region"]], on="customer_id")
by_region_pd = merged.groupby("region", observed=True).agg(
    orders=("order_id", "size"), buyers=("customer_id", "nunique"), mean_order=("revenue", "mean")
)
by_region_pd["orders_per_buyer"] = by_region_pd["orders"] / by_region_pd["buyers"]
by_region_pd = by_region_pd.sort_values("orders_per_buyer", ascending=False)
gap = (by_region_pd["mean_order"].to_numpy() - by_region_sql["mean_order"].to_numpy()).max()
print(
    "same:",
    by_region_pd.index.astype(str).tolist() == by_region_sql["region"].tolist(),
    (by_region_pd["orders"].to_numpy() == by_region_sql["orders"].to_numpy()).all(),
    abs(gap) < 1e-9,
)

# %% [markdown]
# Chapter 2's composition analysis asks how customers and revenue split by region;
# here we ask how *often* each region's buyers order and how large an order is. Buyers
# in the South order most often (4.9 orders each over the three years) and those in the
# North least (4.3), while an average order is worth much the same everywhere, between
# 448 and 493 yuan. `groupby().agg()` agrees with GROUP BY: the same order of regions, the
# same counts, and the same means up to the last bits of a floating-point sum (the
# database stores money as exact decimals, pandas as floating-point numbers).
#
# ### JOIN: combine tables on a key
#
# The customer file (客户档案) of chapter 2 joins each customer to their orders. A LEFT
# JOIN keeps customers with no order at all (the potential customers), just as
# `merge(how="left")` does.

# %%
customer_file = database.query(con, "customer_file")
per_customer = transactions.groupby("customer_id").agg(
    orders=("order_id", "size"), revenue=("revenue", "sum")
)
file_pd = customers[["customer_id"]].merge(per_customer, on="customer_id", how="left")
file_pd = file_pd.fillna({"orders": 0, "revenue": 0.0})
print("customers:", len(customer_file), len(file_pd))
print("orders equal:", (customer_file["orders"].to_numpy() == file_pd["orders"].to_numpy()).all())
customer_file[customer_file["orders"] == 0].head(3)  # rows only a LEFT JOIN keeps

# %% [markdown]
# 4,000 customers on both sides, each with the same order count. The rows shown are
# what the LEFT JOIN adds: customers without any order. They get `0` orders because
# `count(t.order_id)` counts only non-missing values, `coalesce(sum(...), 0)` turns the
# missing sum into 0, and their first and last order dates stay missing (NaT): "never
# ordered" is not a date. (Chapter 2 showed the first rows of this file, built in
# pandas.)
#
# ### Window functions: a calculation over related rows
#
# A *window function* (窗口函数) computes over a group of rows without collapsing them,
# like `groupby().rank()` or `groupby().cumsum()` in pandas. Here: the top buyer in each
# region.

# %%
sql = """
SELECT region, customer_id, revenue
FROM (
    SELECT region, customer_id, revenue,
           row_number() OVER (PARTITION BY region ORDER BY revenue DESC, customer_id) AS rank
    FROM (SELECT c.region, c.customer_id, sum(t.revenue) AS revenue
          FROM transactions AS t JOIN customers AS c USING (customer_id)
          GROUP BY ALL)  -- ALL: group by every column that is not summed
)
WHERE rank = 1
ORDER BY region"""
top_sql = database.query(con, sql)
spend = merged.groupby(["region", "customer_id"], observed=True)["revenue"].sum().reset_index()
spend = spend.sort_values(["region", "revenue", "customer_id"], ascending=[True, False, True])
top_pd = (
    spend.groupby("region", observed=True)
    .head(1)
    .sort_values("region", key=lambda s: s.astype(str))  # alphabetical, as SQL's ORDER BY
)
print("same:", top_sql["customer_id"].tolist() == top_pd["customer_id"].tolist())
top_sql

# %% [markdown]
# `PARTITION BY region` is the `groupby("region")`, `ORDER BY revenue DESC` the sort,
# and `row_number()` the position in the group. Both find the same five customers.
# Window functions are also how SQL computes quantiles, which is the next section.
#
# ## 6. RFM in SQL and in pandas
#
# Chapter 3 coded each customer's **recency (最近一次消费)**, **frequency
# (消费频率)** and **monetary value (消费金额)** into **quintiles (五分位数)** with
# `crmkit.rfm`. The textbook stresses that **RFM analysis (RFM分析法)** needs nothing
# but the purchase history kept in a customer database, so it should be possible in
# the database itself. `database.rfm_sql()` writes the query:

# %%
print(database.rfm_sql())

# %% [markdown]
# Read it from the top. `purchases` keeps orders with revenue above 0 (a fully returned
# order is not a purchase, as in chapter 3); `summary` is the GROUP BY of chapter 3's
# `rfm_summary`. Then, for each axis, `row_number()` sorts the customers, and the j-th
# cut is the value at position ceil(j n / 5), written `(j * n + 4) // 5` in integer
# arithmetic; a customer's code is 1 plus the number of cuts strictly below their
# value. That is crmkit's quintile rule exactly (`ties="keep"`): customers with equal
# values always get equal codes. R is scored on minus recency (more recent is better),
# so the most recent buyers score 5. Run both at the end of the window:

# %%
date = "2025-12-31"
compared = database.compare_rfm(con, analysis_date=date)
print(f"{len(compared):,} customers, identical in SQL and pandas: {bool(compared['same'].all())}")
compared.tail()  # the last five buyers by id; chapter 3 showed its first rows

# %% [markdown]
# Every customer has the same recency, frequency, monetary total and the same three
# codes. The pandas side is exactly chapter 3's call, which we can check directly:

# %%
log = transactions[(transactions["order_date"] <= date) & (transactions["revenue"] > 0)]
scores = rfm.rfm_score(rfm.rfm_summary(log, analysis_date=date)).scores
print(
    "R, F, M equal:",
    (scores[["R", "F", "M"]].to_numpy() == compared[["R_sql", "F_sql", "M_sql"]].to_numpy()).all(),
)
scores["cell"].value_counts().head(3)

# %% [markdown]
# ### Ties: crmkit's rule, "first" and NTILE
#
# SQL has a ready-made quintile function, `NTILE(5)`. Why not use it? Because it is a
# different rule. NTILE sorts the rows and deals them into 5 groups of equal size, so
# customers with the *same* frequency can land in different groups; and when 5 does not
# divide n, it gives the extra customers to the first groups. crmkit's `ties="first"`
# also deals equal-size groups (ties broken by customer id) but spreads the extra
# customers out: position p (counted from 0) goes to group floor(p × 5 / n) + 1. With 7
# customers:

# %%
n = 7
first_rule = [p * 5 // n + 1 for p in range(n)]
ntile_rule = database.query(con, "SELECT ntile(5) OVER (ORDER BY i) AS g FROM range(7) AS t(i)")[
    "g"
].tolist()
print("floor(p*5/n)+1:", first_rule)
print("NTILE(5):      ", ntile_rule)

# %% [markdown]
# Group sizes 2,1,2,1,1 against 2,2,1,1,1. On our data `ties="first"` in SQL again
# equals crmkit exactly, while NTILE differs for a handful of customers near the
# borders:

# %%
same_first = database.compare_rfm(con, analysis_date=date, ties="first")["same"].all()
ntile = database.compare_rfm(con, analysis_date=date, ties="first", sql_ties="ntile")
print("SQL 'first' == crmkit 'first':", bool(same_first))
print("customers coded differently by NTILE:", int((~ntile["same"]).sum()), "of", len(ntile))

# %% [markdown]
# With 3,617 customers and 5 groups, 3,617 = 5 × 723 + 2: NTILE makes groups of
# 724, 724, 723, 723, 723, while crmkit's rule makes 724, 723, 724, 723, 723. On each
# axis (R sorted from the least to the most recent, like F and M from low to high) that
# moves exactly one customer, the 1,448th in sort order: code 3 for crmkit, 2 for
# NTILE. 1 + 1 + 1 = 3 customers. Neither rule is wrong; they are different rules. The lesson: when two tools "compute
# quintiles", check that they use the same rule before comparing their results.
#
# ## 7. The six uses, as queries
#
# With clean tables and keys, each of the six uses from section 1 becomes a short
# query. We run them all and show the first rows of each, except the value tiers:
# chapter 2 printed those already, so for them we only check that SQL finds the same
# tiers as chapter 2's `tiers.abc_tiers`.

# %%
from crmkit import tiers

buyer_revenue = transactions.groupby("customer_id")["revenue"].sum()  # every buyer
abc = tiers.abc_tiers(buyer_revenue)  # chapter 2's call
abc_table = buyer_revenue.groupby(abc, observed=True).agg(["size", "sum"]).loc[["A", "B", "C"]]
for use in database.SIX_USES.itertuples():
    result = database.query(con, use.query)
    print(f"{use.use} ({use.chinese}) -- query '{use.query}'")
    if use.query == "value_tiers":  # printed in chapter 2: check it instead of printing it
        same = (result["customers"].to_numpy() == abc_table["size"].to_numpy()).all() and (
            (result["revenue"] - abc_table["sum"].to_numpy()).abs().max() < 0.01
        )
        print(f"same customers and revenue per tier as chapter 2's tiers.abc_tiers: {same}\n")
        continue
    print(result.head(3).to_string(index=False, float_format=lambda x: f"{x:,.1f}"), end="\n\n")

# %% [markdown]
# Read them in turn:
#
# 1. *needs*: business customers spend most on paper and equipment; the firm can stock
#    and advertise to match;
# 2. *service*: the customers with the most unresolved complaints, at the top of the
#    call list (customer 2711 has four);
# 3. *value*: the ABC tiers of chapter 2 (section *Value tiers and how customers move
#    between them*), with the ranking cut where the running share of revenue passes 70
#    and 90 per cent, crmkit's one definition of the tiers. Chapter 2 printed
#    and read the tiers; here the query puts the same number of customers and the same
#    revenue in each tier as `tiers.abc_tiers`, so a firm can keep its tiers in the
#    database and get chapter 2's answer;
# 4. *value over time*: customers who signed up in 2023 have brought more revenue each
#    than later cohorts, simply because they have been customers for longer, which is
#    why chapter 6 models lifetime value rather than comparing totals;
# 5. *demand*: revenue per quarter, the series a forecast would start from;
# 6. *market research*: where the potential customers (registered, never bought) are,
#    East and North online first.

# %% [markdown]
# ## 8. Two stages of building a customer database (客户数据库的建立)
#
# Look back at what this chapter did. The textbook chapter of section 1 says that
# building a customer database falls into two stages: *preliminary preparation* (前期准备)
# and *database development and design* (数据库开发设计). It names the stages and no
# more; here is what each one involves in practice, and where you did it.
#
# *Stage 1, preparation*, is everything that happens before the first table exists:
#
# - deciding what the database is for (the six uses of section 1) and which facts each
#   use needs;
# - finding where those facts come from (the order system, questionnaires, reply cards,
#   forms written by staff) and gathering them;
# - sorting and tidying the raw material before anything is entered, the work the
#   textbook describes right after naming the stages: first classifying the customers
#   by market segment (its first step; our `customer_type`, `channel` and `region`),
#   then tidying what was gathered: one standard form for each fact, one row for each
#   customer, and a log of every change (section 3).
#
# Its result is a clean file and a list of what the database must answer.
#
# *Stage 2, development and design*, turns that into a working database:
#
# - designing the tables, their columns and types (section 4);
# - declaring primary keys, foreign keys and checks, so that the database itself refuses
#   rows that break the rules (section 4);
# - loading the data and writing the queries that serve each use (sections 5 to 7).
#
# The order matters. Stage 2 cannot repair what stage 1 left undone: a UNIQUE phone
# refuses a second record with the same phone, but the 24 customers who still have two
# rows after cleaning (section 3.6) have twins with no phone or a different one, and
# every constraint accepts them.
#
# One check for each stage. *Stage 1: are the tables each use reads there?* Each use's
# query names the tables it reads (after FROM or JOIN); every one of them must have been
# prepared and loaded.

# %%
needs = database.SIX_USES[["use", "query"]].copy()
needs["tables"] = [
    # the names after FROM or JOIN that are tables of the schema (not the query's own steps)
    sorted(set(re.findall(r"\b(?:FROM|JOIN)\s+(\w+)", database.QUERIES[q])) & set(database.SCHEMA))
    for q in needs["query"]
]
needs["all loaded"] = [all(counts[t] > 0 for t in names) for names in needs["tables"]]
needs[["use", "tables", "all loaded"]]

# %% [markdown]
# This confirms that each use's tables exist and hold rows, and no more: the queries
# were written against this schema, and a table with one row would pass. Whether the
# tables hold the *right* columns and enough history is what stage 1 must decide before
# any query is written. Read the list the other way round and it is a preparation
# plan: the firm has to collect customers, orders and their lines, transactions,
# products and service contacts, and keep them linked by customer. A use whose tables
# were not all loaded would show `False`; in a real project that gap is found in
# stage 1, not after the database is built.
#
# *Stage 2: does the database hold the design?* DuckDB keeps a catalogue of every rule
# it enforces, `duckdb_constraints()`. Count the rules of each kind, table by table:

# %%
sql = """
SELECT table_name,
       count(*) FILTER (WHERE constraint_type = 'PRIMARY KEY') AS primary_key,
       count(*) FILTER (WHERE constraint_type = 'FOREIGN KEY') AS foreign_keys,
       count(*) FILTER (WHERE constraint_type = 'CHECK')       AS checks,
       count(*) FILTER (WHERE constraint_type = 'NOT NULL')    AS not_null
FROM duckdb_constraints()
WHERE table_name <> 'people'  -- the practice table of section 4
GROUP BY table_name
ORDER BY table_name"""
design = database.query(con, sql)
print("every table has a primary key:", bool((design["primary_key"] == 1).all()))
design

# %% [markdown]
# Every table has exactly one primary key, and every table whose rows belong to a
# customer, an order or a product refers to it by a foreign key. `branches` has none,
# correctly: a branch-year is not a customer's record. The checks are the value lists
# and ranges of the schema (five regions, Likert answers from 1 to 7, no negative
# prices). A design that only lives in a document is a wish; these rules are in the
# database, and section 4 showed them refusing bad rows.

# %% [markdown]
# ## 9. Real customer databases are files: your own transaction log
#
# So far every table came from a DataFrame in memory. A firm's real log is a file, or
# many: a nightly CSV export, a folder of Parquet files, often larger than memory.
# `database.connect` also takes a file path, a glob or a folder: it registers the log as
# a DuckDB *view* (a stored query; nothing is read into Python), maps its columns onto
# the kit's names, and `log_report` counts every defect *before* any analysis, each
# with the rule the kit applies. Here we export the world's purchase log to a Parquet
# folder, as a firm's system would, and open it again.

# %%
import tempfile
from pathlib import Path

from crmkit import log_import, log_summaries, summaries

export = Path(tempfile.mkdtemp()) / "transactions"  # a scratch folder, deleted below
export.mkdir()
half = transactions["order_date"] < "2025-01-01"  # two files, as two nightly exports
log_import.write_parquet(transactions[half], export / "part-2023-2024.parquet")
log_import.write_parquet(transactions[~half], export / "part-2025.parquet")

files = database.connect(export)  # the folder: every Parquet file in it, as one view
log_import.log_report(files, as_of="2025-12-31")[["check", "rows", "rule"]]

# %% [markdown]
# Nothing is wrong with this log except the 48 orders worth 0 (fully returned orders,
# the same the chapter 3 summary leaves out). A real export is rarely this clean: the
# report is where you find the missing ids, the dates written as `31/01/2025` and the
# duplicated lines, *counted*, before they quietly change a result.
#
# The R/F/M summary can now be computed by DuckDB over the files, out of core (only one
# row per customer comes back), and it equals the pandas summary of chapter 3 exactly:

# %%
import warnings

import numpy as np

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # the 3 customers with only returns
    in_sql = log_summaries.segmentation_summary_sql(files, analysis_date="2025-12-31")
    in_pandas = summaries.segmentation_summary(transactions, analysis_date="2025-12-31")
numbers = in_sql.select_dtypes("number").columns  # equal up to the last bits of a sum
same = (
    in_sql.index.equals(in_pandas.index)
    and np.allclose(in_sql[numbers], in_pandas[numbers], rtol=1e-12)
    and in_sql.select_dtypes("datetime").equals(in_pandas.select_dtypes("datetime"))
)
print(f"{len(in_sql):,} customers; SQL summary equal to the pandas one: {same}")
files.close()
for part in export.iterdir():
    part.unlink()
export.rmdir()

# %% [markdown]
# The same path works for a CSV export with other column names
# (`connect("sales.csv", columns={"customer_id": "cust", "date": "day", "amount":
# "net"})`), and for logs of many millions of rows: `benchmarks/README.md` records a
# 100-million-row log on a two-core laptop. The notebook `templates/own_data.ipynb`
# walks your own file through import, this report, RFM, BG/NBD and lifetime value.

# %% [markdown]
# ## 10. Pitfalls
#
# *Dates stored as text.* Text sorts character by character, so dates stored as text
# sort in the wrong order, and "the latest signup" is whatever text sorts last.

# %%
print(sorted(["2024/12/10", "2024/12/9", "2024/9/30"]))
print("latest as text:", raw["signup_date"].dropna().max())
print("latest as date:", cleaned["signup_date"].max().date())

# %% [markdown]
# September sorts after December, because the character `9` comes after `1`. And the
# "latest" raw text is a date written in full-width digits, which sort after every
# ordinary character; it is not the latest signup. Store dates as DATE (the schema
# does) and this cannot happen.
#
# *Duplicates inflate counts.* Counting records instead of customers:

# %%
print("raw records:", len(raw), " cleaned rows:", len(cleaned), " true customers:", len(customers))

# %% [markdown]
# Before cleaning, a mailing "to every customer" would send 239 second letters.
#
# *Joins that multiply rows.* Joining two tables on a key that is not unique in
# either repeats rows. Joining order lines to transactions on `customer_id` (instead of
# `order_id`) pairs every line with every order of that customer:

# %%
sql = """
SELECT (SELECT sum(revenue) FROM transactions) AS true_revenue,
       sum(t.revenue) AS revenue_after_bad_join,
       count(*) AS rows_after_bad_join
FROM order_lines AS l
JOIN orders AS o USING (order_id)
JOIN transactions AS t ON t.customer_id = o.customer_id"""
database.query(con, sql).astype("int64")

# %% [markdown]
# The bad join turns 8.0 million yuan of revenue into 254 million. Before
# summing after a join, check that the row count is what you expect: here the join key
# should have been `order_id`, unique in `transactions`.
#
# *NULL is not a value.* In SQL a missing value, NULL, is unknown: `NULL = NULL` is
# not true, `count(column)` skips NULLs while `count(*)` does not, and `avg` ignores
# them. Inquiries have no reason, so:

# %%
sql = """
SELECT count(*) AS contacts,
       count(reason) AS with_reason,
       count(*) FILTER (WHERE reason = NULL) AS equal_to_null,
       count(*) FILTER (WHERE reason IS NULL) AS is_null
FROM contacts"""
database.query(con, sql)

# %% [markdown]
# `reason = NULL` matches nothing; `IS NULL` is the test that works. pandas behaves the
# same way (`NaN == NaN` is False; use `isna()`).

# %%
con.close()

# %% [markdown]
# ## Summary
#
# - A **customer database (客户数据库)** serves six uses: understanding needs, better
#   service, ranking customers by value, value over time, demand analysis and market
#   research. Each is a query once the data are clean and linked.
# - Raw customer records come in many formats. **Data cleaning (数据清洗)** reads dates,
#   phones, regions and text by explicit rules, blanks what no rule can read, logs every
#   change, and removes duplicates by a stated rule. Measured against the truth, cleaning
#   raised correct values from about a third to about 96 per cent; it cannot fix typing
#   slips or fill blanks.
# - A database declares types, a **primary key (主键)**, *foreign keys* and checks, and
#   refuses rows that break them.
# - Building a customer database has two stages: *preparation* (前期准备: purposes, the
#   data each needs, gathering, classifying and tidying the raw records) and
#   *development and design* (数据库开发设计: tables, keys, checks, loading, queries).
#   Stage 2 cannot repair what stage 1 left undone.
# - SELECT, WHERE, GROUP BY, **join (连接)** and window functions each have a pandas
#   twin, and both give the same numbers.
# - RFM in SQL reproduces crmkit's quintile rule exactly; NTILE is a different rule that
#   differs at the borders.
# - A real log is a file or a folder of files: `database.connect` registers it as a view
#   without loading it, `log_report` counts every defect with its rule before any
#   analysis, and the summaries run in SQL, equal to the pandas ones.
# - Watch for dates stored as text, duplicates, joins that multiply rows, and NULLs.
#
# New words in this chapter, not yet in the glossary: *foreign key* (外键), *referential
# integrity* (参照完整性), *window function* (窗口函数), *deduplication* (去重), NULL
# (空值) and full-width digits (全角数字).
#
# ## Further reading
#
# - 第八章 客户关系管理 (a sales-management textbook chapter; author and year not
#   given), 第三节 客户数据库与客户挖掘: the uses of a customer database, the two
#   stages of building one, its raw material and its tidying.
# - Hughes, A. M. (2012). *Strategic Database Marketing* (4th ed.). McGraw-Hill. RFM
#   and the customer database as a marketing tool.
# - Wickham, H. (2014). Tidy data. *Journal of Statistical Software*, 59(10), 1-23. Why
#   one row per observation makes every later step easier.
# - Raasveldt, M., & Mühleisen, H. (2019). DuckDB: an embeddable analytical database.
#   *Proceedings of SIGMOD 2019*, 1981-1984.
# - The crmkit reference: `help(crmkit.database)`.
#
# ## Self-check

# %%
questions = [
    Question(
        prompt="A form says the customer signed up on 05/06/2024. What should cleaning do?",
        options=["Read it as 5 June", "Read it as 6 May", "Leave it blank and log it"],
        answer="Leave it blank and log it",
        explanations=[
            "It could equally be 6 May: a guess may be silently wrong.",
            "It could equally be 5 June: a guess may be silently wrong.",
            "Right: the log lets someone check the paper form.",
        ],
    ),
    Question(
        prompt="Why does the orders table refuse an order from customer 99999?",
        options=[
            "customer_id is a foreign key and there is no customer 99999",
            "99999 is too large for an INTEGER",
            "order_id must be smaller than customer_id",
        ],
        answer="customer_id is a foreign key and there is no customer 99999",
        explanations=[
            "Right: every order must refer to an existing customer.",
            "An INTEGER holds numbers up to about 2 billion.",
            "There is no such rule.",
        ],
    ),
    Question(
        prompt="Frequencies of 7 customers are 1, 1, 1, 1, 2, 2, 3. With crmkit's default "
        "rule, do the four customers with frequency 1 all get the same F code?",
        options=["Yes", "No, NTILE-style they are split"],
        answer="Yes",
        explanations=[
            "Right: equal values always get equal codes under ties='keep'.",
            "That is what NTILE and ties='first' do, not the default rule.",
        ],
    ),
    Question(
        prompt="A query joins order lines to transactions on customer_id and sums revenue. "
        "The total is about 30 times the true revenue. Why?",
        options=[
            "Revenue is stored in fen",
            "Each line was paired with every order of its customer",
            "The query counted NULLs",
        ],
        answer="Each line was paired with every order of its customer",
        explanations=[
            "Revenue is stored in yuan.",
            "Right: join on order_id, which is unique in transactions.",
            "NULLs are ignored by sum.",
        ],
    ),
    Question(
        prompt="The textbook divides building a customer database into two stages. Two "
        "reply cards of one customer, one without a phone number, are merged into one row. "
        "Which stage is that?",
        options=[
            "Preparation (前期准备)",
            "Development and design (数据库开发设计)",
            "Neither: the database's keys remove such duplicates by themselves",
        ],
        answer="Preparation (前期准备)",
        explanations=[
            "Right: sorting and tidying the raw records comes before anything is loaded.",
            "Stage 2 designs the tables and keys; it starts from the tidied records.",
            "A UNIQUE phone cannot see a twin without a phone: 24 such pairs got past "
            "every constraint in this chapter.",
        ],
    ),
]
quiz(questions, title="Chapter 7 self-check")

# %% [markdown]
# ## Practise
#
# The self-check above tests your reading. To practise the calculations on data of your
# own, open
# [`exercises/07_customer_database.ipynb`](../exercises/07_customer_database.ipynb) (8
# questions): with your student id left empty, it tells you at once whether each answer
# is right. This is the last chapter: the glossary (`docs/glossary.md`) collects every
# term of the course.
