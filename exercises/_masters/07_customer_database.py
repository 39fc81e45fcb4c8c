# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercises 07: The customer database (客户数据库)
#
# These exercises go with chapter 7. On your own copy of the Lanting Trading Co.
# (兰亭商贸) world you will count messy **raw customer records (原始客户资料)**, tidy their
# phone numbers in pandas, load the firm's tables into an in-memory **DuckDB** database
# with a **primary key (主键)** and *foreign keys* (外键), compare SQL (结构化查询语言) with
# pandas, watch a join multiply rows, run **RFM analysis (RFM分析法)** in SQL under two
# quintile rules, and answer two questions about NULL (空值) and keys: eight questions,
# from easy to hard.
#
# Do the mechanics in pandas or in SQL, as each question says. The chapter's module
# `crmkit.database` (imported below as `db`) has a function for most steps
# (`db.clean_phones`, `db.query`, `db.rfm_sql`, ...); each question says when you may use
# it, and when you may only use it afterwards to check your work.
#
# ## How this notebook works
#
# 1. **Practise first.** Leave `STUDENT_ID = ""` empty: the notebook then works on
#    the shared practice data. Run the cells from top to bottom; in every answer
#    cell, replace each `...` with your code (or, in the multiple-choice questions, with
#    one letter in quotes, such as `"a"`) and run it. Do not round your answers: the
#    checks compare them with the exact value.
# 2. Run the `grader.check("q1")` cell under each question. For a computation on the
#    practice data it tells you at once whether your answer is right, and when it is
#    not, what is wrong in words (type, labels, range, or what the slip probably was).
#    For the multiple-choice questions it checks only that you gave one of the letters:
#    the choice itself is graded by your instructor's hidden test, whose feedback
#    explains why each wrong option is wrong (the chapter's self-check lets you
#    practise such questions with immediate feedback).
# 3. **Then your own data.** When your answers pass, type your student id between the
#    quotes, e.g. `STUDENT_ID = "2025123456"`, and run all cells again (Kernel >
#    Restart Kernel and Run All Cells). Your code now computes your answers on tables
#    and raw records generated from your id, different from your classmates', so
#    copying an answer does not help. On your own data `grader.check` checks the form
#    of each answer; your instructor's hidden tests recompute the values from your data
#    when they grade.
# 4. Keep the file name `07_customer_database.ipynb` (the checks are stored in it),
#    save, and hand in the notebook as your instructor asks.
#
# ## Conventions (as in the chapter)
#
# * `raw` is the stack of raw records made by `db.make_raw_records` from your customers,
#   one row per record (`record_id` 1..n); `truth` is the **ground truth (真实值)**: the
#   clean value of every record and the `customer_id` it belongs to. A real firm has no
#   `truth`: we use it only to count and to score.
# * Money is in yuan. `revenue` is an order's net revenue (after returns), the column
#   used everywhere in the chapter; `gross_revenue` is before returns.
# * `con` is an in-memory DuckDB database (an embedded database, 嵌入式数据库) made by
#   `db.connect` with the tables `customers`, `orders`, `transactions` and `contacts`,
#   declared with their keys and checks (`print(db.SCHEMA["transactions"])` shows one
#   declaration).
#   `db.query(con, sql)` runs a SQL statement and returns a pandas DataFrame.

# %%
STUDENT_ID = ""

# %% [markdown]
# The next cell loads the tables of the world generated from your id (the first run
# takes a second or two), makes your raw records, and opens the database.
# `crmkit.describe_dataset("contacts")` explains every column of a table.

# %%
import pandas as pd

import crmkit
from crmkit import database as db
from crmkit.exercises import load, student_seed

rng = crmkit.setup_notebook()
customers = load("customers", STUDENT_ID)
orders = load("orders", STUDENT_ID)
transactions = load("transactions", STUDENT_ID)
contacts = load("contacts", STUDENT_ID)
# your own raw records: the seed comes from your id (2026, the chapter's, when it is empty)
RAW_SEED = student_seed(STUDENT_ID) if STUDENT_ID.strip() else 2026
raw, truth = db.make_raw_records(customers, seed=RAW_SEED)
con = db.connect(
    {"customers": customers, "orders": orders, "transactions": transactions, "contacts": contacts}
)
raw.head(10)

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 1
# all_or_nothing: true

# %% [markdown]
# ### Question 1 · Records and customers
#
# How many raw records are there, and how many different customers do they describe?
# Store the number of rows of `raw` in `n_records`, and the number of distinct
# `customer_id` values in `truth` in `n_customers` (both whole numbers). Their
# difference is the number of second records that de-duplication (去重) has to remove,
# and that a mailing "to every record" would send twice.

# %% [raw]
# # BEGIN SOLUTION

# %%
n_records = len(raw)  # SOLUTION
n_customers = truth["customer_id"].nunique()  # SOLUTION
n_records, n_customers

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q1_form(n_records, n_customers, STUDENT_ID):
    from crmkit.exercises import check_number

    check_number(n_records, "n_records", kind="count", what="the number of raw records")
    check_number(
        n_customers, "n_customers", kind="count", what="the number of customers described"
    )
    if n_customers > n_records:
        raise AssertionError(
            f"`n_customers` ({n_customers}) is larger than `n_records` ({n_records}); every "
            "customer has at least one record, so there cannot be more customers than "
            "records. Did you swap the two?"
        )


# %%
# HIDDEN
def test_q1_value(n_records, n_customers, STUDENT_ID):
    from crmkit import database as db
    from crmkit.exercises import check_close, load, student_seed

    seed = student_seed(STUDENT_ID) if STUDENT_ID.strip() else 2026
    raw, truth = db.make_raw_records(load("customers", STUDENT_ID), seed=seed)
    default_raw, _ = db.make_raw_records(load("customers", STUDENT_ID), seed=2026)
    check_close(
        n_records,
        len(raw),
        "n_records",
        what="the number of rows of `raw`",
        hints=[
            (
                len(default_raw),
                "that is the number of records made with the chapter's seed 2026; with "
                "your student id the setup cell uses your own seed (RAW_SEED). Run all "
                "cells again after you type your id.",
            ),
            (
                int(truth["duplicate"].sum()),
                "that is the number of *second* records; the question asks for all rows "
                "of `raw`.",
            ),
            (
                truth["customer_id"].nunique(),
                "that is the number of customers (second records left out); `n_records` "
                "counts every row of `raw`, second records included.",
            ),
        ],
    )
    check_close(
        n_customers,
        truth["customer_id"].nunique(),
        "n_customers",
        what="the number of distinct customer_id values in `truth`",
        hints=[
            (
                int(truth["duplicate"].sum()),
                "that is the number of second records (duplicates); the question asks "
                "for the number of distinct customers.",
            ),
            (
                raw["name"].nunique(),
                "you counted distinct raw names; names are written in many ways and "
                "different customers share names. Count distinct `customer_id` in "
                "`truth`.",
            ),
            (
                len(db.clean_records(raw)[0]),
                "that is the number of rows left by `db.clean_records`; its de-duplication "
                "rule cannot match every pair of records (chapter section 3.6), so some "
                "customers keep two rows. Count distinct `customer_id` in `truth`.",
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
# ### Question 2 · Tidy the phones in pandas (全角数字, spaces and dashes)
#
# A first step of **data cleaning (数据清洗)**: normalise the `phone` column of `raw` in
# pandas, in two steps for each value:
#
# 1. turn full-width characters (全角, such as `"１３８"`) into ordinary ones with
#    Unicode NFKC normalisation (`unicodedata.normalize("NFKC", text)` for one text,
#    `.str.normalize("NFKC")` for a whole Series);
# 2. remove every space `" "` and every dash `"-"`.
#
# Change nothing else (keep a `+` and a country code `86` for now), and leave a missing
# phone missing. Store the result in `phones_normalised`: a pandas Series of text with
# the same index as `raw` (one value per record). Then count the records whose phone
# *changed*: a non-missing raw phone whose normalised text differs from the raw text.
# Store that count in `n_phones_changed`, a whole number. Missing phones are not
# changes.
#
# *Hint:* pandas' text methods leave missing values missing:
# `raw["phone"].str.normalize("NFKC")` applies NFKC to every value, and
# `.str.replace(" ", "")` removes the spaces. Careful with the count: a missing value is
# not equal to itself (`NaN != NaN` is True), exactly the NULL trap of section 8.

# %% [raw]
# # BEGIN SOLUTION

# %%
phones_normalised = raw["phone"].str.normalize("NFKC").str.replace(" ", "").str.replace("-", "")  # SOLUTION
has_phone = raw["phone"].notna()  # SOLUTION NO PROMPT
n_phones_changed = int((phones_normalised != raw["phone"])[has_phone].sum())  # SOLUTION
print(n_phones_changed)
phones_normalised

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q2_form(phones_normalised, n_phones_changed, STUDENT_ID):
    import pandas as pd

    from crmkit.exercises import check_defined, check_number

    check_defined(phones_normalised, "phones_normalised")
    if not isinstance(phones_normalised, pd.Series):
        raise AssertionError(
            "`phones_normalised` should be a pandas Series (one phone per record), but it "
            f"is a {type(phones_normalised).__name__}. Start from raw['phone'] and use its "
            "`.str` methods (or `.map`), which return a Series with the index of `raw`."
        )
    check_number(
        n_phones_changed,
        "n_phones_changed",
        kind="count",
        what="the number of raw phones changed by the normalisation",
    )


# %%
# HIDDEN
def test_q2_value(phones_normalised, n_phones_changed, STUDENT_ID):
    import unicodedata

    import pandas as pd

    from crmkit import database as db
    from crmkit.exercises import check_close, load, student_seed

    seed = student_seed(STUDENT_ID) if STUDENT_ID.strip() else 2026
    raw, _ = db.make_raw_records(load("customers", STUDENT_ID), seed=seed)
    phone = raw["phone"]

    def norm(v, nfkc=True, dash=True, space=True):
        if not isinstance(v, str):
            return v
        if nfkc:
            v = unicodedata.normalize("NFKC", v)
        if space:
            v = v.replace(" ", "")
        return v.replace("-", "") if dash else v

    expected = phone.map(norm)
    if not isinstance(phones_normalised, pd.Series):
        raise AssertionError(
            "`phones_normalised` should be a pandas Series (one phone per record), but it "
            f"is a {type(phones_normalised).__name__}."
        )
    if len(phones_normalised) != len(raw):
        raise AssertionError(
            f"`phones_normalised` should have one value per record of `raw` ({len(raw):,} "
            f"rows), but it has {len(phones_normalised):,}. Do not drop the missing phones "
            "or the duplicate records."
        )
    if not phones_normalised.index.equals(raw.index):
        raise AssertionError(
            "`phones_normalised` has one value per record but not the index of `raw` "
            f"(0 to {len(raw) - 1:,}, in the order of `raw`): do not sort it or set another "
            "index (such as `record_id`); start from raw['phone'] itself."
        )
    got = phones_normalised.astype("object").where(phones_normalised.notna(), None)
    want = expected.astype("object").where(expected.notna(), None)
    if got.isna().ne(want.isna()).any():
        raise AssertionError(
            "`phones_normalised` should be missing exactly where the raw phone is "
            "missing, but it is not: leave a missing phone missing (do not turn it into "
            "the text 'nan' or an empty string), and do not blank out any other phone."
        )
    bad = (got != want) & want.notna()
    if bad.any():
        i = bad.idxmax()
        raise AssertionError(
            f"`phones_normalised` differs from the normalised phone in {int(bad.sum())} "
            f"record(s), e.g. raw {phone[i]!r} should become {want[i]!r}, but yours is "
            f"{got[i]!r}. Apply NFKC (full-width digits to ordinary ones) and remove every "
            "space and dash, nothing else."
        )
    has = phone.notna()

    def count(**kw):
        return int((phone.map(lambda v: norm(v, **kw)) != phone)[has].sum())

    check_close(
        n_phones_changed,
        count(),
        "n_phones_changed",
        what="the number of non-missing raw phones whose text changed",
        hints=[
            (
                int((expected != phone).sum()),
                "you counted the missing phones as changed: a missing value is not equal "
                "to itself (NaN != NaN is True). Count only records with a raw phone, "
                "e.g. with [raw['phone'].notna()].",
            ),
            (count(dash=False), "you did not remove the dashes."),
            (count(space=False), "you did not remove the spaces."),
            (
                count(dash=False, space=False),
                "you counted only the phones that NFKC changed; count every phone that any "
                "of the two steps changed (compare `phones_normalised` with the raw phone).",
            ),
            (
                int((expected == phone).sum()),
                "that is the number of phones that did *not* change.",
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
# ### Question 3 · How many valid phone numbers?
#
# Continue from `phones_normalised` with the chapter's phone rule (section 3.3):
#
# 1. if a value starts with `"+86"` and has 14 characters, or with `"86"` and has 13
#    characters, drop that country code (drop at most one code; `"+86"` first);
# 2. what is left is *valid* if it is exactly 11 digits and starts with `1` (a Chinese
#    mobile number); anything else (too short, too long, letters) is not valid.
#
# How many **distinct** valid phone numbers are there among all records? (A customer
# with two records and the same phone counts once; missing phones are not valid.) Store
# it in `n_valid_phones`, a whole number. You may check your work afterwards with
# `db.clean_phones(raw)`, which applies the same rule.
#
# *Hint:* a regular expression (正则表达式, chapter section 3.2) does step 1 in one go:
# `.str.replace(r"^\+?86(?=.{11}$)", "", regex=True)` removes `+86` or `86` only when
# exactly 11 characters follow it; `.str.fullmatch(r"1\d{10}", na=False)` is True for a
# valid number. Or write a small function and use `.map`.

# %% [raw]
# # BEGIN SOLUTION

# %%
phones_no_code = phones_normalised.str.replace(r"^\+?86(?=.{11}$)", "", regex=True)  # SOLUTION NO PROMPT
phones_valid = phones_no_code[phones_no_code.str.fullmatch(r"1\d{10}", na=False)]  # SOLUTION NO PROMPT
n_valid_phones = phones_valid.nunique()  # SOLUTION
n_valid_phones

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q3_form(n_valid_phones, STUDENT_ID):
    from crmkit.exercises import check_number

    check_number(
        n_valid_phones,
        "n_valid_phones",
        kind="count",
        what="the number of distinct valid phone numbers",
    )


# %%
# HIDDEN
def test_q3_value(n_valid_phones, phones_normalised, STUDENT_ID):
    import re
    import unicodedata

    import pandas as pd

    from crmkit import database as db
    from crmkit.exercises import builds_on, check_close, load, student_seed

    seed = student_seed(STUDENT_ID) if STUDENT_ID.strip() else 2026
    raw, _ = db.make_raw_records(load("customers", STUDENT_ID), seed=seed)
    norm = raw["phone"].map(
        lambda v: unicodedata.normalize("NFKC", v).replace(" ", "").replace("-", "")
        if isinstance(v, str)
        else v
    )

    def valid(v, drop_code=True, codes=("+86", "86")):
        if not isinstance(v, str):
            return None
        if drop_code:
            for code in codes:
                if v.startswith(code) and len(v) == 11 + len(code):
                    v = v[len(code) :]
                    break
        return v if re.fullmatch(r"1\d{10}", v) else None

    ok = norm.map(valid)
    # missing written alike on both sides, so that a right answer compares equal
    right = norm.astype("object").where(norm.notna(), "<missing>")
    yours = phones_normalised
    if isinstance(yours, pd.Series):
        yours = yours.astype("object").where(yours.notna(), "<missing>")
    with builds_on(phones_normalised=(yours, right, "question 2")):
        check_close(
            n_valid_phones,
            ok.nunique(),
            "n_valid_phones",
            what="the number of distinct valid phone numbers",
            hints=[
                (
                    int(ok.notna().sum()),
                    "you counted valid phones record by record; a number on two records "
                    "counts once (distinct numbers, e.g. .nunique()).",
                ),
                (
                    ok.nunique(dropna=False),
                    "you counted 'missing' as one more distinct number; missing phones are "
                    "not valid (.nunique() leaves them out).",
                ),
                (
                    norm.map(lambda v: valid(v, drop_code=False)).nunique(),
                    "you did not drop the country code: '+86 138 ...' and '86-138...' are "
                    "valid numbers once '+86' or '86' is removed.",
                ),
                (
                    norm.map(lambda v: valid(v, codes=("86",))).nunique(),
                    "you dropped a leading '86' but not '+86': '+8613812345678' (14 characters) "
                    "is valid once '+86' is removed.",
                ),
                (
                    raw["phone"]
                    .str.replace(r"^\+?86(?=.{11}$)", "", regex=True)
                    .map(valid)
                    .nunique(),
                    "you started from the raw phones, which still have full-width digits, "
                    "spaces and dashes; continue from `phones_normalised` (question 2).",
                ),
                (
                    norm.nunique(),
                    "you counted every distinct normalised text, valid or not, and with the "
                    "country code still in front.",
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
# ### Question 4 · Revenue by region in SQL (GROUP BY)
#
# Write a SQL query, run it on the database `con` with `db.query(con, sql)`, that gives
# each region's total net revenue: join (连接) `transactions` to `customers` on
# `customer_id` (every order has a customer, so an inner JOIN keeps every order) and sum
# `transactions.revenue` by `customers.region`. Store the result in `region_revenue`:
# a pandas Series in yuan, with the five region names (`"North"`, `"East"`, `"South"`,
# `"West"`, `"Central"`) as its index, in any order. Do not round it.
#
# Then check it against pandas: `transactions.merge(customers[["customer_id",
# "region"]], on="customer_id").groupby("region")["revenue"].sum()` must give the same
# numbers (the database keeps money as exact decimals, pandas as floats, so they agree
# to the fen, not to the last digit).
#
# *Hint:* `db.query(...)` returns a DataFrame; `.set_index("region")["revenue"]` makes
# it a Series, if you name the sum `revenue` with `AS revenue`.

# %% [raw]
# # BEGIN SOLUTION

# %%
sql = "SELECT c.region, sum(t.revenue) AS revenue FROM transactions AS t JOIN customers AS c USING (customer_id) GROUP BY c.region"  # SOLUTION NO PROMPT
region_revenue = db.query(con, sql).set_index("region")["revenue"]  # SOLUTION
region_revenue

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q4_form(region_revenue):
    from crmkit.exercises import check_series

    check_series(
        region_revenue,
        "region_revenue",
        labels=["North", "East", "South", "West", "Central"],
        label_kind="region",
        values="nonnegative",
        what="each region's total net revenue in yuan",
    )


# %%
# HIDDEN
def test_q4_value(region_revenue, STUDENT_ID):
    from crmkit.exercises import check_series_close, load

    tx = load("transactions", STUDENT_ID)
    cu = load("customers", STUDENT_ID)
    merged = tx.merge(cu[["customer_id", "region"]], on="customer_id")
    by = merged.groupby("region", observed=True)

    def relabel(s):
        s = s.copy()
        s.index = s.index.astype(str)
        return s

    check_series_close(
        region_revenue,
        relabel(by["revenue"].sum()),
        "region_revenue",
        label_kind="region",
        what="each region's total net revenue in yuan",
        hints=[
            (
                relabel(by["gross_revenue"].sum()),
                "you summed `gross_revenue` (before returns); the question asks for the "
                "net `revenue`.",
            ),
            (
                relabel(by["margin"].sum()),
                "you summed `margin`; the question asks for `revenue`.",
            ),
            (
                relabel(by["revenue"].mean()),
                "you took the mean revenue per order (avg); the question asks for the "
                "total (sum).",
            ),
            (
                relabel(by["revenue"].size().astype(float)),
                "you counted orders (count(*)); the question asks for the sum of revenue.",
            ),
            (
                relabel(by["revenue"].sum() / tx["revenue"].sum()),
                "that is each region's share of the total; give the revenue in yuan.",
            ),
            (
                relabel(by["revenue"].sum() / 10_000),
                "that is in 万元 (ten thousand yuan); give the revenue in yuan.",
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
# ### Question 5 · A join (连接) that multiplies rows
#
# A careless analyst wants "the revenue of customers who contacted us" and writes
#
# ```sql
# SELECT count(*) AS n_rows, sum(t.revenue) AS revenue
# FROM transactions AS t
# JOIN contacts AS c ON c.customer_id = t.customer_id
# ```
#
# `customer_id` is unique in neither table, so the (inner) join pairs *every* order of a
# customer with *every* contact of the same customer. Run this query on `con` and store
# the number of rows of the join in `join_rows` (a whole number). Then store in
# `revenue_inflation` the join's `revenue` divided by the true total net revenue of all
# orders, `transactions["revenue"].sum()` (a ratio, not a percent; do not round it).
#
# Before you trust the count, predict it in pandas and store it in `predicted_rows` (not
# graded, but it must equal `join_rows`): for each customer, the number of their orders
# times the number of their contacts, summed over the customers who have both.

# %% [raw]
# # BEGIN SOLUTION

# %%
bad_join_sql = """
SELECT count(*) AS n_rows, sum(t.revenue) AS revenue
FROM transactions AS t
JOIN contacts AS c ON c.customer_id = t.customer_id"""
bad = db.query(con, bad_join_sql)  # SOLUTION NO PROMPT
join_rows = int(bad["n_rows"].iloc[0])  # SOLUTION
revenue_inflation = float(bad["revenue"].iloc[0] / transactions["revenue"].sum())  # SOLUTION
# the prediction in pandas: orders times contacts, per customer, summed
predicted_rows = int(pd.concat([transactions.groupby("customer_id").size(), contacts.groupby("customer_id").size()], axis=1, join="inner").prod(axis=1).sum())  # SOLUTION
print(join_rows, predicted_rows, revenue_inflation)

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q5_form(join_rows, revenue_inflation):
    from crmkit.exercises import check_number

    check_number(join_rows, "join_rows", kind="count", what="the number of rows of the join")
    check_number(
        revenue_inflation,
        "revenue_inflation",
        minimum=0,
        what="the join's revenue divided by the true total revenue",
    )


# %%
# HIDDEN
def test_q5_value(join_rows, revenue_inflation, STUDENT_ID):
    from crmkit.exercises import check_close, load

    tx = load("transactions", STUDENT_ID)
    ct = load("contacts", STUDENT_ID)
    n_contacts = ct.groupby("customer_id").size().rename("n_contacts")
    joined = tx.merge(n_contacts, left_on="customer_id", right_index=True, how="left")
    inner = joined["n_contacts"].notna()
    rows = int(joined.loc[inner, "n_contacts"].sum())
    left_rows = int(joined["n_contacts"].fillna(1).sum())
    join_revenue = float((joined["revenue"] * joined["n_contacts"]).sum())
    total = float(tx["revenue"].sum())
    check_close(
        join_rows,
        rows,
        "join_rows",
        what="the number of rows of the join of transactions and contacts",
        hints=[
            (
                left_rows,
                "that is the row count of a LEFT JOIN (orders of customers without a "
                "contact kept once); the query uses an inner JOIN.",
            ),
            (
                int(inner.sum()),
                "you counted the orders of customers who made a contact, each once; the "
                "join repeats each order once per contact of its customer.",
            ),
            (len(tx), "that is the number of orders, before the join."),
            (len(ct), "that is the number of contacts, before the join."),
            (
                len(tx) * len(ct),
                "that is every order paired with every contact (a CROSS JOIN); the join "
                "pairs an order only with contacts of the same customer.",
            ),
        ],
    )
    check_close(
        revenue_inflation,
        join_revenue / total,
        "revenue_inflation",
        what="the join's revenue divided by the true total revenue",
        hints=[
            (
                total / join_revenue,
                "you divided the other way round: the join's revenue over the true total.",
            ),
            (
                100 * join_revenue / total,
                "that is a percent; give the ratio (e.g. 3.2, not 320).",
            ),
            (
                float(joined.loc[inner, "revenue"].sum()) / total,
                "that is the share of revenue from customers with a contact, each order "
                "counted once; the question asks for the revenue the bad join reports.",
            ),
            (
                join_revenue / float(tx["gross_revenue"].sum()),
                "you divided by the gross revenue; divide by the net `revenue` total.",
            ),
            (
                join_revenue / float(joined.loc[inner, "revenue"].sum()),
                "you divided by the true revenue of the customers who contacted us; divide "
                "by the true total net revenue of all orders, transactions['revenue'].sum().",
            ),
            (
                join_revenue / total - 1,
                "that is the ratio minus 1 (the excess); give the join's revenue divided by "
                "the true total.",
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
# ### Question 6 · RFM cell 555 in SQL: crmkit's rule against NTILE
#
# Section 6 of the chapter scores RFM in the database, with **quintiles (五分位数)**
# computed by window functions (窗口函数). Score your customers at the
# analysis date `"2025-12-31"` with two rules, both written by `db.rfm_sql`:
#
# * **crmkit's quintile rule** (`ties="keep"`, equal values get equal codes, the same
#   as chapter 3's `rfm.rfm_score`): the query `db.rfm_sql()`;
# * **SQL's `NTILE(5)`** (equal-size groups, ties broken by `customer_id`, extra
#   customers in the first groups): the query `db.rfm_sql(ties="ntile")`.
#
# Run each with `db.query(con, the_sql, analysis_date="2025-12-31")`; each returns one
# row per customer with the codes `R`, `F` and `M` (1-5, 5 best). Count the customers in
# **cell 555** (R = 5 and F = 5 and M = 5, the best customers) under each rule. Store
# the count under crmkit's rule in `cell555_keep` and the count under NTILE in
# `cell555_ntile` (whole numbers). (Print `db.rfm_sql()` to read the query.)

# %% [raw]
# # BEGIN SOLUTION

# %%
date = "2025-12-31"
keep_codes = db.query(con, db.rfm_sql(), analysis_date=date)  # SOLUTION NO PROMPT
ntile_codes = db.query(con, db.rfm_sql(ties="ntile"), analysis_date=date)  # SOLUTION NO PROMPT
best_keep = (keep_codes["R"] == 5) & (keep_codes["F"] == 5) & (keep_codes["M"] == 5)  # SOLUTION NO PROMPT
best_ntile = (ntile_codes["R"] == 5) & (ntile_codes["F"] == 5) & (ntile_codes["M"] == 5)  # SOLUTION NO PROMPT
cell555_keep = int(best_keep.sum())  # SOLUTION
cell555_ntile = int(best_ntile.sum())  # SOLUTION
print(cell555_keep, cell555_ntile)

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS


# %%
def test_q6_form(cell555_keep, cell555_ntile):
    from crmkit.exercises import check_number

    check_number(
        cell555_keep, "cell555_keep", kind="count", what="customers in cell 555, crmkit's rule"
    )
    check_number(
        cell555_ntile, "cell555_ntile", kind="count", what="customers in cell 555, NTILE(5)"
    )


# %%
# HIDDEN
def test_q6_value(cell555_keep, cell555_ntile, STUDENT_ID):
    from crmkit import database as db
    from crmkit.exercises import check_close, data_slip, load

    tables = {t: load(t, STUDENT_ID) for t in ("customers", "orders", "transactions")}
    con = db.connect(tables)
    try:
        codes = {
            ties: db.query(con, db.rfm_sql(ties=ties), analysis_date="2025-12-31")
            for ties in ("keep", "ntile", "first")
        }
        old = db.query(con, db.rfm_sql(), analysis_date="2025-06-30")
    finally:
        con.close()

    def n555(c):
        return int(((c["R"] == 5) & (c["F"] == 5) & (c["M"] == 5)).sum())

    def common(own, c, other, mine):
        return [
            (
                n555(c),
                f"that is the count under {other}; this variable is for {mine}. Did you "
                "swap the two?",
            ),
            data_slip(
                n555(codes["first"]),
                "that is the count under crmkit's ties='first' rule (db.rfm_sql("
                "ties='first')); use ties='keep' (the default) and ties='ntile'.",
            ),
            (
                int((own["R"] == 5).sum()),
                "you counted customers with R = 5 only; cell 555 needs R, F and M all 5.",
            ),
            (
                int(((own["R"] == 1) & (own["F"] == 5) & (own["M"] == 5)).sum()),
                "you counted R = 1; in these queries the most recent buyers get R = 5.",
            ),
            (n555(old), "use the analysis date 2025-12-31."),
            (
                int(((own["R"] == 5) | (own["F"] == 5) | (own["M"] == 5)).sum()),
                "you counted customers with R, F *or* M equal to 5; cell 555 needs all "
                "three (combine the conditions with &, not |).",
            ),
            (
                int(((own["R"] == 1) & (own["F"] == 1) & (own["M"] == 1)).sum()),
                "that is cell 111, the weakest customers; in these queries 5 is best.",
            ),
            (len(own), "that is every scored customer; keep only R = F = M = 5."),
        ]

    check_close(
        cell555_keep,
        n555(codes["keep"]),
        "cell555_keep",
        what="customers in cell 555 under crmkit's rule, db.rfm_sql()",
        hints=common(codes["keep"], codes["ntile"], "NTILE (db.rfm_sql(ties='ntile'))", "crmkit's rule"),
    )
    check_close(
        cell555_ntile,
        n555(codes["ntile"]),
        "cell555_ntile",
        what="customers in cell 555 under NTILE(5), db.rfm_sql(ties='ntile')",
        hints=common(codes["ntile"], codes["keep"], "crmkit's rule (db.rfm_sql())", "NTILE"),
    )


# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # CHOICE QUESTION
# name: q7
# points: 1
# title: NULL is not a value (空值)
# reread: section 8
# prompt: |
#   Inquiries (the contacts with `kind = 'inquiry'`) have no `reason`: the column is NULL
#   for them. Yet the query
#
#   ```sql
#   SELECT count(*) FROM contacts WHERE reason = NULL
#   ```
#
#   returns 0. Why?
# choices:
#   a: >-
#     DuckDB stores a missing reason as the empty text `''`, not as NULL, so no row is
#     NULL.
#   b: >-
#     A comparison with NULL is neither true nor false but unknown (itself NULL), and
#     WHERE keeps only the rows where the condition is true; `reason IS NULL` is the
#     test that finds them.
#   c: >-
#     `count(*)` skips the rows in which some column is NULL, so the inquiries are not
#     counted.
#   d: >-
#     The CHECK constraint on `reason` refused the inquiries when the table was
#     loaded, so they are not in the table.
# answer: b
# why:
#   a: >-
#     the missing reasons are NULL, not empty text: `count(reason)` is smaller than
#     `count(*)` (count(column) skips NULLs), and `WHERE reason IS NULL` finds the
#     inquiries. The zero comes from the `= NULL` comparison itself.
#   b: >-
#     in SQL a comparison with NULL is unknown (itself NULL), never true, and WHERE
#     keeps only the rows where the condition is true; `reason IS NULL` is the test
#     that finds the inquiries.
#   c: >-
#     `count(*)` counts every row, NULLs or not; it is `count(reason)` that skips the
#     NULLs. The rows were never kept: WHERE dropped them, because `reason = NULL` is
#     unknown, not true.
#   d: >-
#     a CHECK constraint lets a NULL through (only a NOT NULL forbids it), and every
#     row of the world loaded: `count(*) FROM contacts` counts the inquiries. The zero
#     comes from `reason = NULL`, which is unknown for every row, so WHERE keeps none.

# %% [raw]
# # CHOICE QUESTION
# name: q8
# points: 1
# title: Why did the database refuse the row? (外键)
# reread: section 4
# note: >-
#   You may run the statement in a `try:` block on `con` to read DuckDB's message;
#   the row is refused, so `con` is unchanged.
# prompt: |
#   The table `orders` is declared with `order_id INTEGER PRIMARY KEY` and
#   `customer_id INTEGER NOT NULL REFERENCES customers (customer_id)`. There is no
#   customer 99999 in `customers`, and no order 900001 in `orders`. A clerk runs
#
#   ```sql
#   INSERT INTO orders VALUES (900001, 99999, DATE '2025-06-01')
#   ```
#
#   and DuckDB refuses the row with a `ConstraintException`. Why?
# choices:
#   a: >-
#     A primary key must continue the numbering of the existing orders, and 900001
#     leaves a gap.
#   b: >-
#     `customer_id` is a foreign key: every order must belong to an existing row of
#     `customers`, and customer 99999 does not exist (referential integrity, 参照完整性).
#   c: >-
#     The date must be given as text, `'2025-06-01'`; a `DATE '...'` literal is not
#     accepted in an INSERT.
#   d: >-
#     A foreign key column must be unique, like a primary key, and the clerk's row
#     would repeat a value of it.
# answer: b
# why:
#   a: >-
#     a primary key only has to be unique and not blank; gaps in the numbering are
#     allowed (order 900001 does not exist, so it is unique). The refusal names the
#     foreign key: customer 99999 does not exist.
#   b: >-
#     `customer_id` is a foreign key to `customers`: every order must belong to an
#     existing customer, and customer 99999 does not exist, so referential integrity
#     (参照完整性) refuses the row.
#   c: >-
#     `DATE '2025-06-01'` is exactly the right type for a DATE column (the chapter
#     inserts it the same way). The row is refused because its `customer_id` refers to
#     a customer that does not exist.
#   d: >-
#     a foreign key column may repeat its values: one customer has many orders, so the
#     same `customer_id` appears on many rows of `orders`. Uniqueness is the rule of a
#     primary key. Here the value 99999 is not in `customers` at all.

# %% [markdown]
# ## Before you hand in
#
# Restart the kernel and run all cells (Kernel > Restart Kernel and Run All Cells),
# check that every `grader.check` passes, and save. Your instructor's hidden tests will
# run your notebook from top to bottom in the same way. (The database `con` lives in
# memory only and disappears when the kernel stops.)
