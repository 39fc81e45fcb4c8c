"""Tests for crmkit.rfm_sql: the SQL RFM equals the pandas RFM."""

from __future__ import annotations

import pandas as pd
import pytest

import crmkit
from crmkit import database as db
from crmkit import rfm

# ---------------------------------------------------------------- RFM in SQL


@pytest.mark.parametrize("ties", ["keep", "first"])
@pytest.mark.parametrize("date", ["2025-12-31", "2025-06-02"])
def test_sql_rfm_equals_pandas_on_the_default_world(con, ties, date):
    cmp = db.compare_rfm(con, analysis_date=date, ties=ties)
    assert cmp["same"].all()
    log = crmkit.load_dataset("transactions")
    log = log[(log["order_date"] <= date) & (log["revenue"] > 0)]
    assert len(cmp) == log["customer_id"].nunique()


def hand_log() -> pd.DataFrame:
    # 7 customers, many ties: recency 0,0,5,5,5,9,20; frequency 1,1,1,2,2,3,1
    return pd.DataFrame(
        {
            "order_id": range(1, 13),
            "customer_id": [1, 2, 3, 4, 4, 5, 5, 6, 6, 6, 7, 3],
            "order_date": pd.to_datetime(
                [
                    "2025-01-31",
                    "2025-01-31",
                    "2025-01-26",
                    "2025-01-01",
                    "2025-01-26",
                    "2025-01-02",
                    "2025-01-26",
                    "2025-01-10",
                    "2025-01-15",
                    "2025-01-22",
                    "2025-01-11",
                    "2025-01-27",  # a full return: not a purchase
                ]
            ),
            "revenue": [10.0, 10.0, 30.0, 5.0, 5.0, 20.0, 0.5, 1.0, 1.0, 8.0, 10.0, 0.0],
        }
    )


def hand_con(log):
    customers = crmkit.load_dataset("customers").head(7)
    orders = log[["order_id", "customer_id", "order_date"]]
    trans = log.assign(gross_revenue=log["revenue"], cost=0.0, margin=log["revenue"], items=1)
    return db.connect({"customers": customers, "orders": orders, "transactions": trans})


def test_sql_rfm_on_a_hand_log_with_ties():
    c = hand_con(hand_log())
    try:
        cmp = db.compare_rfm(c, analysis_date="2025-01-31")
        assert cmp["same"].all()
        # by hand (ties="keep", k=5, n=7): cut positions ceil(7j/5) = 2, 3, 5, 6
        # R is scored on -recency (more is better): 0,0,-5,-5,-5,-9,-20 sorted
        # -20,-9,-5,-5,-5,0,0 -> cuts -9,-5,-5,0 -> 1 + cuts strictly below: 4,4,2,2,2,1,1
        assert cmp["R_sql"].tolist() == [4, 4, 2, 2, 2, 1, 1]
        # frequency sorted 1,1,1,1,2,2,3 -> cuts 1,1,2,2 -> bins 1,1,1,3,3,5,1
        assert cmp["F_sql"].tolist() == [1, 1, 1, 3, 3, 5, 1]
        # monetary 10,10,30,10,20.5,10,10 sorted 10x5,20.5,30 -> cuts 10,10,10,20.5
        assert cmp["M_sql"].tolist() == [1, 1, 5, 1, 4, 1, 1]
        first = db.compare_rfm(c, analysis_date="2025-01-31", ties="first")
        assert first["same"].all()
        # ntile(5) on 7 rows makes groups of 2,2,1,1,1; floor(p*5/7)+1 makes 2,1,2,1,1
        nt = db.compare_rfm(c, analysis_date="2025-01-31", ties="first", sql_ties="ntile")
        assert not nt["same"].all()
        assert sorted(nt["F_sql"].value_counts().tolist()) == [1, 1, 1, 2, 2]
    finally:
        c.close()


def test_rfm_sql_matches_rfm_module_bins_other_than_five():
    c = hand_con(hand_log())
    try:
        for k in (2, 3, 4):
            assert db.compare_rfm(c, analysis_date="2025-02-10", bins=k)["same"].all()
    finally:
        c.close()


def test_rfm_sql_text_and_bad_arguments(con):
    text = db.rfm_sql()
    assert "$analysis_date" in text and "revenue > 0" in text
    assert "ntile(5)" in db.rfm_sql(ties="ntile")
    with pytest.raises(ValueError, match="'ties' parameter of rfm_sql"):
        db.rfm_sql(ties="random")
    with pytest.raises(ValueError, match="'bins' parameter of rfm_sql"):
        db.rfm_sql(bins=1)
    with pytest.raises(ValueError, match="'table' parameter of rfm_sql"):
        db.rfm_sql(table="x; DROP TABLE customers")
    with pytest.raises(ValueError, match="'ties' parameter of compare_rfm"):
        db.compare_rfm(con, analysis_date="2025-12-31", ties="ntile")
    with pytest.raises(ValueError, match="'sql_ties' parameter of compare_rfm"):
        db.compare_rfm(con, analysis_date="2025-12-31", sql_ties="x")


def test_compare_rfm_rejects_a_bad_date(con):
    with pytest.raises(ValueError, match="'analysis_date' parameter of compare_rfm"):
        db.compare_rfm(con, analysis_date="not a date")
    with pytest.raises(ValueError, match="'analysis_date' parameter of compare_rfm"):
        db.compare_rfm(con, analysis_date=None)


def test_pandas_side_of_compare_is_crmkit_rfm(con):
    cmp = db.compare_rfm(con, analysis_date="2025-12-31").set_index("customer_id")
    log = crmkit.load_dataset("transactions")
    summary = rfm.rfm_summary(log[log["revenue"] > 0], analysis_date="2025-12-31")
    scores = rfm.rfm_score(summary).scores
    assert (cmp["R_pandas"].to_numpy() == scores["R"].to_numpy()).all()
    assert (cmp["M_pandas"].to_numpy() == scores["M"].to_numpy()).all()
