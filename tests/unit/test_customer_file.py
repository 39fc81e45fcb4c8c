"""Tests of crmkit.customer_file: the customer file, composition, trading performance.

Known answers are worked out by hand in the comments next to them. Moved from
tests/unit/test_customers.py when crmkit.customers was split by technique (issue 13).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmkit.customer_file import (
    CUSTOMER_FILE_COLUMNS,
    composition,
    customer_file,
    trading_performance,
)
from tests.unit import chapter2_tables


@pytest.fixture
def small_customers() -> pd.DataFrame:
    return chapter2_tables.small_customers()


@pytest.fixture
def small_transactions() -> pd.DataFrame:
    return chapter2_tables.small_transactions()


# --------------------------------------------------------------------------------------
# customer_file
# --------------------------------------------------------------------------------------


def test_customer_file_hand_example(small_customers, small_transactions):
    f = customer_file(small_customers, small_transactions, as_of="2025-03-31")
    assert f["customer_id"].tolist() == [1, 2, 3, 4]
    # customer 1: orders 10, 11, 14 -> 3 orders, revenue 100 + 300 + 80, margin 30 + 90 + 20
    row = f.iloc[0]
    assert row["orders"] == 3
    assert row["revenue"] == pytest.approx(480.0)
    assert row["margin"] == pytest.approx(140.0)
    assert row["first_purchase"] == pd.Timestamp("2024-01-05")
    assert row["last_purchase"] == pd.Timestamp("2025-03-01")
    # 2025-03-01 -> 2025-03-31 is 30 days; 2024-01-01 -> 2025-03-31 is 365 + 31 + 28 + 31 - 1
    assert row["days_since_last"] == 30
    assert row["tenure_days"] == (pd.Timestamp("2025-03-31") - pd.Timestamp("2024-01-01")).days
    # customer 3 has a negative margin, kept as it is
    assert f.loc[2, "margin"] == -5.0
    # customer 4 never bought: zeros, NaT and NaN
    last = f.iloc[3]
    assert last["orders"] == 0 and last["revenue"] == 0.0 and last["margin"] == 0.0
    assert pd.isna(last["first_purchase"]) and pd.isna(last["days_since_last"])
    # attributes carried over unchanged, computed columns after them
    assert list(f.columns[: len(small_customers.columns)]) == list(small_customers.columns)
    assert list(f.columns[len(small_customers.columns) :]) == CUSTOMER_FILE_COLUMNS
    assert f["orders"].dtype == "int64"
    assert f["region"].dtype == small_customers["region"].dtype


def test_customer_file_default_as_of_is_last_order(small_customers, small_transactions):
    f = customer_file(small_customers, small_transactions)
    assert f.loc[0, "days_since_last"] == 0  # customer 1 placed the last order
    # customer 2: 2024-03-10 -> 2025-03-01 = 356 days
    assert f.loc[1, "days_since_last"] == 356


def test_customer_file_as_of_cuts_orders_and_later_signups(small_customers, small_transactions):
    f = customer_file(small_customers, small_transactions, as_of="2024-12-31")
    # customer 4 signed up in 2025, so is not in the file drawn up on 2024-12-31
    assert f["customer_id"].tolist() == [1, 2, 3]
    assert f.loc[0, "orders"] == 2  # order 14 (2025) is after as_of
    assert f.loc[0, "revenue"] == 400.0


def test_customer_file_counts_rows_without_order_id(small_customers, small_transactions):
    f = customer_file(small_customers, small_transactions.drop(columns="order_id"))
    assert f["orders"].tolist() == [3, 1, 1, 0]


def test_customer_file_complaints(small_customers, small_transactions):
    contacts = pd.DataFrame(
        {
            "customer_id": [1, 1, 1, 2],
            "contact_date": pd.to_datetime(
                ["2024-02-01", "2024-03-01", "2025-06-01", "2024-04-01"]
            ),
            "kind": ["complaint", "inquiry", "complaint", "complaint"],
        }
    )
    f = customer_file(small_customers, small_transactions, as_of="2025-03-31", contacts=contacts)
    # customer 1: one complaint before as_of (the 2025-06 one is after it), the inquiry is not one
    assert f["complaints"].tolist() == [1, 1, 0, 0]


def test_customer_file_does_not_modify_inputs(small_customers, small_transactions):
    before_c, before_t = small_customers.copy(), small_transactions.copy()
    customer_file(small_customers, small_transactions)
    pd.testing.assert_frame_equal(small_customers, before_c)
    pd.testing.assert_frame_equal(small_transactions, before_t)


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        (lambda c, t: (c.drop(columns="signup_date"), t), ValueError, "'signup_date'"),
        (lambda c, t: (c, t.drop(columns="margin")), ValueError, "'margin'"),
        (lambda c, t: (c.iloc[:0], t), ValueError, "'customers'.*at least one row"),
        (lambda c, t: (c, t.iloc[:0]), ValueError, "'transactions'.*at least one row"),
        (lambda c, t: (c.to_numpy(), t), TypeError, "DataFrame"),
        (lambda c, t: (pd.concat([c, c.iloc[:1]]), t), ValueError, "unique"),
        (lambda c, t: (c.assign(signup_date="2024-01-01"), t), TypeError, "pd.to_datetime"),
        (lambda c, t: (c, t.assign(order_date=t["order_date"].astype(str))), TypeError, "dates"),
        (lambda c, t: (c, t.assign(revenue=t["revenue"].astype(str))), TypeError, "numeric"),
        (lambda c, t: (c, t.assign(revenue=[1.0, np.nan, 2, 3, 4])), ValueError, "missing"),
        (lambda c, t: (c, t.assign(customer_id=[1, 1, 2, 99, 1])), ValueError, r"\[99\]"),
        (lambda c, t: (c.assign(orders=0), t), ValueError, "customer file"),
    ],
)
def test_customer_file_bad_input(small_customers, small_transactions, change, error, match):
    c, t = change(small_customers, small_transactions)
    with pytest.raises(error, match=match):
        customer_file(c, t)


def test_customer_file_bad_as_of(small_customers, small_transactions):
    with pytest.raises(ValueError, match="'as_of'"):
        customer_file(small_customers, small_transactions, as_of="not a date")


def test_customer_file_orders_before_signup_are_an_error(small_customers, small_transactions):
    # customer 4 signs up in February 2025; an order of theirs in 2024 contradicts that
    t = small_transactions.assign(customer_id=[1, 1, 2, 4, 1])
    with pytest.raises(ValueError, match="signup_date is after"):
        customer_file(small_customers, t, as_of="2024-12-31")


def test_customer_file_bad_contacts(small_customers, small_transactions):
    with pytest.raises(ValueError, match="'kind'"):
        customer_file(
            small_customers,
            small_transactions,
            contacts=pd.DataFrame(
                {"customer_id": [1], "contact_date": pd.to_datetime(["2024-01-01"])}
            ),
        )


# --------------------------------------------------------------------------------------
# composition and trading performance
# --------------------------------------------------------------------------------------


def test_composition_hand_example(small_customers, small_transactions):
    f = customer_file(small_customers, small_transactions)
    table = composition(f, "region", value="revenue")
    # categories are sorted: East (customers 1, 2), North (4), West (3)
    assert table["region"].tolist() == ["East", "North", "West"]
    assert table["customers"].tolist() == [2, 1, 1]
    assert table["share_of_customers"].tolist() == pytest.approx([0.5, 0.25, 0.25])
    # revenue: East 480 + 50 = 530, North 0, West 20; total 550
    assert table["revenue"].tolist() == pytest.approx([530.0, 0.0, 20.0])
    assert table["revenue_share"].tolist() == pytest.approx([530 / 550, 0.0, 20 / 550])
    assert table["revenue_per_customer"].tolist() == pytest.approx([265.0, 0.0, 20.0])


def test_composition_several_attributes_and_missing_group(small_customers, small_transactions):
    f = customer_file(small_customers, small_transactions)
    f["segment"] = pd.Series(["x", None, "y", "x"], dtype="str")
    table = composition(f, ["segment"], value=["revenue", "margin"])
    assert table["customers"].sum() == len(f)  # the missing segment is a group, not dropped
    assert table["segment"].isna().sum() == 1
    two = composition(f, ["region", "customer_type"])
    assert two["customers"].sum() == 4
    assert two["share_of_customers"].sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"by": "nope"}, ValueError, "'nope'"),
        ({"by": 3}, TypeError, "'by'"),
        ({"by": []}, TypeError, "'by'"),
        ({"by": "region", "value": "region"}, ValueError, "repeat"),
        ({"by": "region", "value": "customer_type"}, TypeError, "numeric"),
        ({"by": "region", "value": 5}, TypeError, "'value'"),
    ],
)
def test_composition_bad_input(small_customers, small_transactions, kwargs, error, match):
    f = customer_file(small_customers, small_transactions)
    with pytest.raises(error, match=match):
        composition(f, **kwargs)


def test_trading_performance_hand_example(small_transactions):
    perf = trading_performance(small_transactions, period=2024, previous=2025)
    # 2024: customer 1 orders 10, 11 (400, margin 120); 2: 50/10; 3: 20/-5. 2025: customer 1 80.
    assert perf["customer_id"].tolist() == [1, 2, 3]
    assert perf["orders"].tolist() == [2, 1, 1]
    assert perf["revenue"].tolist() == pytest.approx([400.0, 50.0, 20.0])
    assert perf["avg_order_value"].tolist() == pytest.approx([200.0, 50.0, 20.0])
    assert perf["margin_rate"].tolist() == pytest.approx([0.3, 0.2, -0.25])
    assert perf["revenue_share"].tolist() == pytest.approx([400 / 470, 50 / 470, 20 / 470])
    assert perf["revenue_rank"].tolist() == [1, 2, 3]
    assert perf["revenue_percentile"].tolist() == pytest.approx([1.0, 2 / 3, 1 / 3])
    assert perf["previous_revenue"].tolist() == pytest.approx([80.0, 0.0, 0.0])
    assert perf["revenue_change"].tolist() == pytest.approx([320.0, 50.0, 20.0])
    assert perf["revenue_growth"].iloc[0] == pytest.approx(4.0)
    assert perf["revenue_growth"].iloc[1:].isna().all()  # growth from zero is undefined


def test_trading_performance_with_all_customers_and_date_pair(small_customers, small_transactions):
    perf = trading_performance(
        small_transactions, period=("2025-01-01", "2025-03-01"), customers=small_customers
    )
    assert perf["customer_id"].tolist() == [1, 2, 3, 4]
    assert perf["orders"].tolist() == [1, 0, 0, 0]  # the end day 2025-03-01 is included
    assert perf["avg_order_value"].isna().tolist() == [False, True, True, True]
    assert perf["revenue_rank"].tolist() == [1, 2, 2, 2]  # ties share the best rank


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"period": "2024"}, TypeError, "'period'"),
        ({"period": ("2025-01-01", "2024-01-01")}, ValueError, "forwards"),
        ({"period": ("x", "2024-01-01")}, ValueError, "'period'"),
        ({"period": 1999}, ValueError, "selects no orders"),
        ({"previous": True}, TypeError, "'previous'"),
    ],
)
def test_trading_performance_bad_input(small_transactions, kwargs, error, match):
    with pytest.raises(error, match=match):
        trading_performance(small_transactions, **kwargs)


def test_trading_performance_missing_column(small_transactions):
    with pytest.raises(ValueError, match="'order_date'"):
        trading_performance(small_transactions.drop(columns="order_date"))


# --------------------------------------------------------------------------------------
# Issue 14: zone-aware dates, missing keys and dates (each of these failed before)
# --------------------------------------------------------------------------------------


def _in_shanghai(frame: pd.DataFrame, column: str, hour: int = 23) -> pd.DataFrame:
    """The same wall-clock dates, late in the evening, as zone-aware Asia/Shanghai times.

    In UTC 23:00 in Shanghai is 15:00 the same day; 07:00 would be the day before. Either
    way the kit keeps the wall date, so the result equals that of the naive table.
    """
    aware = (frame[column] + pd.Timedelta(hours=hour)).dt.tz_localize("Asia/Shanghai")
    return frame.assign(**{column: aware})


@pytest.mark.parametrize("hour", [7, 23])
def test_customer_file_zone_aware_dates_keep_their_wall_date(
    small_customers, small_transactions, hour
):
    # before: pandas' "Invalid comparison between dtype=datetime64[ns, ...] and Timestamp"
    cust = _in_shanghai(small_customers, "signup_date", hour)
    tx = _in_shanghai(small_transactions, "order_date", hour)
    before_c, before_t = cust.copy(), tx.copy()
    got = customer_file(cust, tx, as_of="2025-03-31")
    shift = pd.Timedelta(hours=hour)
    naive_c = small_customers.assign(signup_date=small_customers["signup_date"] + shift)
    naive_t = small_transactions.assign(order_date=small_transactions["order_date"] + shift)
    pd.testing.assert_frame_equal(got, customer_file(naive_c, naive_t, as_of="2025-03-31"))
    assert got["signup_date"].dt.tz is None
    assert (got["signup_date"].dt.normalize() == small_customers["signup_date"]).all()
    pd.testing.assert_frame_equal(cust, before_c)  # the caller's zone-aware table untouched
    pd.testing.assert_frame_equal(tx, before_t)


def test_customer_file_zone_aware_contacts(small_customers, small_transactions):
    contacts = pd.DataFrame(
        {
            "customer_id": [2, 2],
            "contact_date": pd.to_datetime(["2024-04-01 07:00", "2024-05-01 07:00"]),
            "kind": ["complaint", "complaint"],
        }
    )
    aware = contacts.assign(contact_date=contacts["contact_date"].dt.tz_localize("Asia/Shanghai"))
    got = customer_file(small_customers, small_transactions, contacts=aware)
    assert got["complaints"].tolist() == [0, 2, 0, 0]


@pytest.mark.parametrize(
    ("change", "column"),
    [
        # an order with no date was dropped without a word
        (
            lambda c, t: (c, t.assign(order_date=t["order_date"].where(t["order_id"] != 12))),
            "order_date",
        ),
        # a customer with no signup date and no order was dropped without a word
        (
            lambda c, t: (c.assign(signup_date=c["signup_date"].where(c["customer_id"] != 4)), t),
            "signup_date",
        ),
        # ... and one with orders was said to have signed up "after as_of"
        (
            lambda c, t: (c.assign(signup_date=c["signup_date"].where(c["customer_id"] != 2)), t),
            "signup_date",
        ),
        (lambda c, t: (c.assign(customer_id=[1.0, 2.0, np.nan, 4.0]), t), "customer_id"),
        (lambda c, t: (c, t.assign(customer_id=[1.0, 1.0, np.nan, 3.0, 1.0])), "customer_id"),
    ],
)
def test_customer_file_missing_keys_and_dates_are_counted_errors(
    small_customers, small_transactions, change, column
):
    c, t = change(small_customers, small_transactions)
    with pytest.raises(ValueError, match=rf"column '{column}'.*no missing values. Got 1 missing"):
        customer_file(c, t)


def test_customer_file_missing_contact_date_is_an_error(small_customers, small_transactions):
    contacts = pd.DataFrame(
        {
            "customer_id": [2, 2],
            "contact_date": pd.to_datetime(["2024-04-01", None]),
            "kind": ["complaint", "complaint"],
        }
    )
    with pytest.raises(ValueError, match=r"'contact_date'.*1 missing"):
        customer_file(small_customers, small_transactions, contacts=contacts)


@pytest.mark.parametrize("hour", [7, 23])
def test_trading_performance_zone_aware_dates(small_transactions, hour):
    tx = _in_shanghai(small_transactions, "order_date", hour)
    got = trading_performance(tx, period=2024, previous=("2025-01-01", "2025-03-01"))
    want = trading_performance(small_transactions, period=2024, previous=2025)
    pd.testing.assert_frame_equal(got, want)


@pytest.mark.parametrize(
    ("change", "column"),
    [
        # rows with a missing customer id were dropped by groupby without a word
        (lambda t: t.assign(customer_id=[1.0, 1.0, np.nan, 3.0, 1.0]), "customer_id"),
        # an order with no date fell outside every period without a word
        (lambda t: t.assign(order_date=t["order_date"].where(t["order_id"] != 12)), "order_date"),
    ],
)
def test_trading_performance_missing_keys_and_dates_are_counted_errors(
    small_transactions, change, column
):
    with pytest.raises(ValueError, match=rf"column '{column}'.*Got 1 missing"):
        trading_performance(change(small_transactions), period=2024)


def test_trading_performance_missing_id_in_customers(small_transactions):
    customers = pd.DataFrame({"customer_id": [1.0, np.nan]})
    with pytest.raises(ValueError, match=r"'customer_id' of the 'customers'.*1 missing"):
        trading_performance(small_transactions, customers=customers)


def test_missing_column_message_lists_the_columns_and_the_fix(small_customers, small_transactions):
    # one frame check for the kit (crmkit._checks.check_table): names the missing column,
    # lists the columns there are, and says where the table comes from
    with pytest.raises(ValueError) as info:
        customer_file(small_customers, small_transactions.drop(columns="margin"))
    message = str(info.value)
    assert "'transactions'" in message and "no column 'margin'" in message
    assert "'revenue'" in message  # the columns it does have
    assert "crmkit.load_dataset('transactions')" in message


@pytest.mark.parametrize(
    ("kind", "match"),
    [
        (["complaint", None], r"'kind'.*1 missing"),  # was silently not a complaint
        (["complaint", "Complaint"], "'inquiry' or 'complaint'"),  # a typo, likewise
    ],
)
def test_customer_file_contacts_of_unknown_kind(small_customers, small_transactions, kind, match):
    contacts = pd.DataFrame(
        {
            "customer_id": [2, 2],
            "contact_date": pd.to_datetime(["2024-04-01", "2024-05-01"]),
            "kind": kind,
        }
    )
    with pytest.raises(ValueError, match=match):
        customer_file(small_customers, small_transactions, contacts=contacts)


def test_missing_order_id_is_a_counted_error(small_customers, small_transactions):
    # orders are distinct order ids: a missing id was silently not counted
    t = small_transactions.assign(order_id=[10, np.nan, 12, 13, 14])
    with pytest.raises(ValueError, match=r"'order_id'.*1 missing"):
        customer_file(small_customers, t)
    with pytest.raises(ValueError, match=r"'order_id'.*1 missing"):
        trading_performance(t)
