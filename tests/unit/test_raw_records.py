"""Tests for crmkit.raw_records: messy records made from a world, with their truth."""

from __future__ import annotations

import pandas as pd
import pytest

import crmkit
from crmkit import database as db

# ---------------------------------------------------------------- raw records


def test_raw_records_shape_and_truth(raw_truth, customers):
    raw, truth = raw_truth
    assert list(raw.columns) == db.RAW_COLUMNS
    assert raw["record_id"].tolist() == list(range(1, len(raw) + 1))
    assert truth["record_id"].tolist() == raw["record_id"].tolist()
    # every customer once, plus the duplicates
    assert truth["customer_id"].nunique() == len(customers)
    assert len(truth) == len(customers) + int(truth["duplicate"].sum())
    assert truth["phone"].str.fullmatch(r"1\d{10}").all()
    # one phone per customer, distinct between customers
    assert truth.groupby("phone")["customer_id"].nunique().max() == 1
    for col in ["name", "phone", "region", "signup_date", "source"]:
        assert raw[col].dtype == "str"


def test_raw_records_are_messy(raw_truth):
    raw, _ = raw_truth
    assert raw["phone"].str.contains("+86", regex=False).any()
    assert raw["phone"].str.contains("１").any()  # full-width digits
    assert raw["signup_date"].str.contains("年").any()
    assert raw["region"].isin(["华东", "华北", "华南"]).any()
    assert raw["phone"].isna().any()


def test_raw_records_same_seed_same_data_other_seed_differs(customers):
    a = db.make_raw_records(customers.head(200), seed=1)
    b = db.make_raw_records(customers.head(200), seed=1)
    c = db.make_raw_records(customers.head(200), seed=2)
    pd.testing.assert_frame_equal(a[0], b[0])
    pd.testing.assert_frame_equal(a[1], b[1])
    assert not a[0].equals(c[0])


def test_raw_records_accept_a_world():
    world = crmkit.make_world(60, seed=3)
    raw, truth = db.make_raw_records(world, duplicate_rate=0.0)
    assert len(raw) == 60 and not truth["duplicate"].any()


def test_clean_rates_give_clean_records(customers):
    raw, truth = db.make_raw_records(
        customers.head(300), duplicate_rate=0, missing_rate=0, messy_rate=0, garbled_rate=0
    )
    score = db.cleaning_score(raw, truth)
    assert (score["share_correct"] == 1).all()


@pytest.mark.parametrize("param", ["duplicate_rate", "missing_rate", "messy_rate", "garbled_rate"])
@pytest.mark.parametrize("bad", [-0.1, 1.5, "0.1", True])
def test_raw_records_reject_bad_rates(customers, param, bad):
    with pytest.raises(ValueError, match=f"'{param}' parameter of make_raw_records"):
        db.make_raw_records(customers, **{param: bad})


def test_raw_records_reject_bad_customers(customers):
    with pytest.raises(TypeError, match="'customers' parameter"):
        db.make_raw_records([1, 2])
    with pytest.raises(ValueError, match="no column 'region'"):
        db.make_raw_records(customers.drop(columns="region"))


@pytest.mark.parametrize("seed", [-1, 1.5, "7"])
def test_raw_records_check_the_seed(customers, seed):
    """numpy's SeedSequence error used to be what the user saw."""
    with pytest.raises(ValueError, match="'seed' parameter of make_raw_records"):
        db.make_raw_records(customers, seed=seed)
