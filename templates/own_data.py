# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
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
# # Your own transaction log: from a file to RFM and lifetime value
#
# This template walks your own purchase log through the course's analyses: **import**
# (without loading the file into memory), a **validation report** before any analysis,
# **RFM** segmentation (RFM 分析法), and a **BG/NBD** model with **lifetime value**
# (客户终生价值). It is not a chapter: its outputs depend on your file, so it is not
# stored executed and the test suite runs it fresh.
#
# As delivered it runs on the CDNOW master file (Fader, Hardie & Lee 2005), which the
# `lifetimes` package ships: 69,659 purchases of 23,570 customers of an online CD store,
# January 1997 to June 1998. To use your own log, change only the next cell.

# %% tags=["parameters"]
# --- change these for your own log -------------------------------------------------
SOURCE = None  # a CSV or Parquet file, a glob ("exports/*.parquet") or a folder; None = CDNOW
COLUMNS = {"customer_id": "1", "date": "2", "quantity": "3", "amount": "4"}
OPTIONS = {"file_format": "whitespace"}  # e.g. {"delimiter": ";", "date_format": "%d/%m/%Y"}
AS_OF = "1998-06-30"  # the date of the export: later dates are reported as errors
CALIBRATION_END = "1997-09-30"  # the model learns from orders up to here ...
HOLDOUT_END = "1998-06-30"  # ... and is checked on the orders after it, up to here
UNIT_DAYS = 7  # the model's time unit in days (7 = weeks)
NONPOSITIVE = "keep"  # zero-value orders and returns: "keep" as purchases, or "exclude"
# ------------------------------------------------------------------------------------

# %%
import importlib.util
from pathlib import Path

import crmkit
from crmkit import btyd, log_import, log_summaries, rfm_scoring, value

rng = crmkit.setup_notebook()
if SOURCE is None:  # the copy of CDNOW's master file that the lifetimes package ships
    lifetimes_dir = Path(importlib.util.find_spec("lifetimes").origin).parent
    source = lifetimes_dir / "datasets" / "CDNOW_master.txt"
else:
    source = SOURCE

# %% [markdown]
# ## 1. Import
#
# `open_log` registers the file as a DuckDB view called `transactions`: nothing is read
# into Python yet, so a log larger than memory is fine. The mapping tells the kit which
# of your columns is the customer, the date and the amount.

# %%
con = log_import.open_log(source, columns=COLUMNS, **OPTIONS)
con.execute("SELECT * FROM transactions LIMIT 5").df()

# %% [markdown]
# ## 2. The validation report
#
# Every defect is counted, with the rule the kit applies to it. Read it before anything
# else: a large count of unreadable dates or missing ids means the mapping or the file
# is wrong, not that your customers are.

# %%
report = log_import.log_report(con, as_of=AS_OF)
report

# %%
unusable = report.set_index("check").loc[
    ["missing customer id", "missing date", "unreadable date", "missing amount",
     "unreadable amount", "infinite or NaN amount"], "rows"].sum()
print(f"{unusable} of {report.set_index('check').loc['rows read', 'rows']} rows cannot be used")

# %% [markdown]
# ## 3. RFM segmentation
#
# The R/F/M summary is computed by DuckDB; only one row per customer comes back.
# Scores are quintiles (5 = the most recent, most frequent, biggest-spending fifth).

# %%
summary = log_summaries.segmentation_summary_sql(
    con, analysis_date=AS_OF, nonpositive=NONPOSITIVE
)
scores = rfm_scoring.rfm_score(summary)
scores.scores.head()

# %%
cells = scores.scores["cell"].value_counts()
print(f"{len(summary)} customers in {len(cells)} RFM cells; the largest:")
cells.head(5)

# %% [markdown]
# ## 4. BG/NBD on a calibration period, checked on a hold-out
#
# The model learns the purchase rate and the drop-out of each customer from the orders
# up to `CALIBRATION_END` and predicts the orders after it. It fits on the distinct
# (frequency, recency, T) histories, so millions of customers cost no more than their
# distinct histories.

# %%
calhold = log_summaries.calibration_holdout_sql(
    con, calibration_end=CALIBRATION_END, holdout_end=HOLDOUT_END, unit_days=UNIT_DAYS,
    nonpositive=NONPOSITIVE,
)
model = btyd.BGNBD().fit(calhold)
model.parameters()

# %%
horizon = calhold["duration_holdout"].iloc[0]
predicted = model.expected_purchases(horizon, calhold)
print(f"hold-out purchases: predicted {predicted.sum():,.0f}, "
      f"actual {calhold['frequency_holdout'].sum():,.0f}")

# %% [markdown]
# ## 5. Lifetime value
#
# Gamma-Gamma models the spend per order of customers with repeat purchases; together
# with BG/NBD it gives a discounted value per customer over eight periods of 13 units.
# The value is an extrapolation: it assumes the next two years behave like the
# calibration period.

# %%
repeaters = calhold[calhold["frequency"] > 0]
repeat = repeaters[repeaters["monetary_value"] > 0]
print(f"Gamma-Gamma on {len(repeat)} customers with repeat purchases of positive value; "
      f"left out: {len(repeaters) - len(repeat)} whose repeat orders were all worth 0")
spend = btyd.GammaGamma().fit(repeat)
clv = value.customer_lifetime_value(model, spend, repeat)
clv.describe().loc[["count", "mean", "50%", "max"]]
