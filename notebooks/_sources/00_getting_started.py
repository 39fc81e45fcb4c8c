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
# # Chapter 0 · Getting started (入门)
#
# Welcome to crmkit, a course in customer relationship management (CRM, 客户关系管理)
# analytics. In every chapter you will study one company, read its customer records, and
# turn ideas from the CRM literature into numbers you can check.
#
# ## Objectives
#
# By the end of this notebook you will be able to:
#
# 1. find your way around the kit: chapters, data, exercises;
# 2. run a cell, and re-run a notebook from the top;
# 3. load one of the company's tables and read its data card;
# 4. look up a term in the bilingual glossary and get help on any function;
# 5. open an exercise notebook and check an answer.
#
# No programming experience beyond a first course in Python is assumed. If you have never
# used pandas, read each code cell slowly: the comments say what every line does.

# %% [markdown]
# ## 1. How a notebook works
#
# A notebook is a list of *cells*. Text cells, like this one, explain; code cells run
# Python. Click a code cell and press *Shift + Enter* to run it: its result appears below
# it, and the cursor moves to the next cell. The number in brackets on the left,
# `[1]`, `[2]`, …, records the order in which cells ran.
#
# Cells share one memory (the *kernel*): a name defined in one cell is available in every
# cell run after it. That is convenient and also the most common source of confusion, so
# when something looks wrong, use *Kernel → Restart Kernel and Run All Cells*. Every
# notebook in this kit is written to give exactly the same results when run from the top.
#
# Every chapter starts with the same two lines. The first imports the kit; the second sets
# the look of tables and figures and returns a random-number generator with a fixed seed,
# so anything random you do gives the same answer every time.

# %%
import pandas as pd  # pandas, the library for tables; `pd` is its usual short name
from IPython.display import display  # shows a table from inside an indented block

import crmkit  # the course's own package

rng = crmkit.setup_notebook()  # same look and same random numbers every run

# %% [markdown]
# ## 2. What is in the kit
#
# | folder | what you find there |
# |---|---|
# | `notebooks/` | the chapters, one notebook each (this is chapter 0) |
# | `exercises/` | one exercise notebook per chapter, which checks your answers as you go |
# | `datasets/` | the company's records as CSV files, with a data dictionary (`README.md`) |
# | `crmkit/` | the small Python package the chapters use; you rarely need to open it |
# | `docs/` | reference pages, such as the glossary |
#
# The chapters build on each other: chapter 1 gives the ideas, chapter 2 analyses
# customers one by one, chapter 3 ranks them with RFM, and later chapters study loyalty,
# the link between satisfaction and profit, lifetime value, and the customer database.

# %% [markdown]
# ## 3. The company you will study
#
# All chapters analyse one fictional firm, *Lanting Trading Co.* (兰亭商贸), which sells
# office and household supplies to consumers and businesses in five regions of China,
# directly and through dealers. Its records cover three years, 2023 to 2025.
#
# The simulated world starts on 1 January 2023. That is the day Lanting's records start,
# not the day the firm was founded: think of it as the day the firm began keeping the
# customer database you will read. Every customer in the file signed up on or after that
# day, so the first year holds fewer customers than a real firm's would.
#
# The firm is simulated. That sounds like a weakness but is the kit's main strength: since
# we built the customers ourselves, we know what each of them truly thinks and how likely
# each is to buy again. Whenever a chapter *estimates* something, it can show you the
# *true* value beside the estimate, so you learn how good each method really is.
#
# `list_datasets()` names the tables that come with the kit.

# %%
crmkit.list_datasets()  # the names of all tables shipped with the kit

# %% [markdown]
# Each name is one table. The ones you will use most are `customers` (one row per
# customer), `transactions` (one row per order) and `products`. The `truth` table holds
# the hidden values the simulation used; treat it as the answer key you would never have
# in a real firm.
#
# ## 4. Loading a table
#
# `load_dataset(name)` returns a pandas DataFrame with the right types already set: dates
# are dates, and columns with a few fixed values (such as `region`) are categories.

# %%
customers = crmkit.load_dataset("customers")  # read the customer table into a DataFrame
customers.head()  # show its first five rows

# %% [markdown]
# Each row is a customer. `status` says whether the customer buys from the firm directly,
# through a dealer (`indirect`), or has not bought yet (`potential`). `care_tier` is the
# level of service the firm decided to give the customer (ordinary, silver, gold).
#
# A first question every analyst asks: how many customers are there, and of which kinds?
# `value_counts()` counts the rows in each category.

# %%
print(f"{len(customers):,} customers")  # len() counts rows; {:,} adds thousands separators
customers["care_tier"].value_counts()  # number of rows for each care tier

# %% [markdown]
# Most customers get ordinary care, and fewer than one in ten is gold: the firm keeps
# its best service for a few. Chapter 2 counts the customers in the same way by type,
# status, channel and region (its *composition analysis*), and asks which groups bring
# the revenue.
#
# ## 5. Reading a data card
#
# Before you analyse a table, read what each column means and in which unit it is
# measured. `describe_dataset(name)` returns the table's data card. pandas normally cuts
# long text in a table short and ends it with `...`; `pd.option_context` lets us show
# the full text for the lines indented under it, and `display` prints the table there.

# %%
card = crmkit.describe_dataset("transactions")  # the data card, itself a DataFrame
with pd.option_context("display.max_colwidth", None):  # no limit on text width, here only
    display(card)  # show the whole card, every meaning in full

# %% [markdown]
# Note that `revenue` is measured *net of returns*: goods a customer sent back are
# already subtracted. Mixing gross and net figures is one of the most common mistakes in
# customer analysis, and the data card is where you find out which one you have.
#
# Here is the whole order history summed by year. `dt.year` takes the year out of a date,
# and `groupby(...).agg(...)` computes one summary per group.

# %%
transactions = crmkit.load_dataset("transactions")  # one row per order
year = transactions["order_date"].dt.year.rename("year")  # the year of each order, named "year"
by_year = transactions.groupby(year).agg(  # one group per year; one summary per line below
    orders=("order_id", "count"),  # new column `orders`: how many orders
    customers=("customer_id", "nunique"),  # how many different customers ordered
    revenue=("revenue", "sum"),  # total net revenue in yuan
)  # end of the list of summaries
by_year["revenue"] = (by_year["revenue"] / 1000).round(1)  # in thousands of yuan, 1 decimal
by_year = by_year.rename(columns={"revenue": "revenue (k yuan)"})  # say the unit in the header
by_year  # the last line of a cell is shown below it

# %% [markdown]
# Three years of orders, and the totals grow: more orders, more buying customers, more
# revenue each year. Part of that growth comes from the start of the records: the customer
# file begins empty in January 2023 and fills up as new customers sign up, so 2023 looks
# small. Growth in the totals can also hide movement underneath. How many of the
# customers who bought in 2024 came back in 2025? Sets of customer ids answer that: `&`
# keeps the ids in both sets.

# %%
# .loc[rows, column] picks the rows where the condition is True, then one column;
# set() keeps each customer id once, however many orders the customer placed
buyers_2024 = set(transactions.loc[year == 2024, "customer_id"])
buyers_2025 = set(transactions.loc[year == 2025, "customer_id"])  # the same for 2025
came_back = buyers_2024 & buyers_2025  # ids in both sets: bought in 2024 and in 2025
# len() of a set counts its ids; the f"..." string puts the numbers into the sentence
print(f"{len(buyers_2024):,} customers bought in 2024; {len(came_back):,} of them bought again in 2025")

# %% [markdown]
# Many of the customers who bought in 2024 did not buy at all in 2025, even though the
# totals grew. The share who came back is the *retention rate*, which chapter 6 measures
# properly (leaving out orders that were fully returned) and builds lifetime value on.
# Some of those who did not come back have left for good, others are only pausing;
# telling the two apart is one of the central problems of CRM analytics, and chapters 2,
# 3 and 6 return to it.
#
# ## 6. Getting help
#
# * *The glossary.* Every technical term in the kit is in a bilingual glossary. Look a
#   term up in English or in Chinese. As with the data card, we widen the text columns so
#   that each definition is shown in full:

# %%
with pd.option_context("display.max_colwidth", None):  # show long text in full, here only
    display(crmkit.lookup("recency"))  # search the glossary in English

# %%
with pd.option_context("display.max_colwidth", None):  # show long text in full, here only
    display(crmkit.lookup("客户忠诚"))  # ... or in Chinese

# %% [markdown]
# * *Function help.* Put a `?` after any function name (for example
#   `crmkit.load_dataset?`) and run the cell, or press *Shift + Tab* inside the
#   parentheses, to read its documentation. `help(crmkit.load_dataset)` prints the same.
# * *The data dictionary.* `datasets/README.md` describes every table and column, and
#   how the company was simulated.
# * *Errors.* When something goes wrong, read the last line of the error first. The kit's
#   own errors say which column or parameter is wrong and how to fix it:

# %%
try:  # run the indented line; if it fails, jump to `except` instead of stopping
    crmkit.load_dataset("customer")  # a typo: the table is called "customers"
except ValueError as error:  # catch the error the kit raises for a bad name
    print(error)  # print its message, which names the fix

# %% [markdown]
# ## 7. Exercises
#
# Each chapter has an exercise notebook in `exercises/`, named like the chapter. Open
# `exercises/00_getting_started.ipynb` now. At the top you type your
# student id once (your instructor tells you which); the notebook then gives you your own
# version of the company, so your answers differ from your classmates'. After each answer,
# run the cell with `grader.check("q1")` (and so on): it tells you at once whether the
# answer is right and, if not, what was expected. Without an id you work on the same
# company as this notebook.
#
# ## Pitfalls
#
# * Running cells out of order. If a result surprises you, restart and run all.
# * Editing a shipped CSV file. The kit checks each file's fingerprint (a SHA-256 checksum)
#   when loading it and refuses a damaged file; the message tells you how to restore it.
# * Mixing up gross and net revenue, or counts of orders and counts of customers. Read the
#   data card.
#
# ## Summary
#
# * A notebook is a sequence of cells that share one kernel; run from the top to be safe.
# * `crmkit.setup_notebook()` starts every chapter the same way.
# * `crmkit.list_datasets()`, `crmkit.load_dataset(name)` and
#   `crmkit.describe_dataset(name)` give you the company's records and their meaning.
# * `crmkit.lookup(term)` finds a term in English or Chinese; `?` shows a function's help.
# * Exercises live in `exercises/` and check each answer as you go.
#
# Next: chapter 1, where we ask what CRM is and define the four customer measures
# that the rest of the course computes.
