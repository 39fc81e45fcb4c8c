"""Tests of crmkit.complaints: complaints and exit reasons (retention_view).

Known answers are worked out by hand in the comments next to them. Moved from
tests/unit/test_customers.py when crmkit.customers was split by technique (issue 13).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmkit.complaints import retention_view

# --------------------------------------------------------------------------------------
# Retention view
# --------------------------------------------------------------------------------------


def _retention_tables():
    customers = pd.DataFrame({"customer_id": range(1, 11)})
    contacts = pd.DataFrame(
        {
            "customer_id": [1, 1, 2, 3, 4, 5],
            "contact_date": pd.to_datetime(
                ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2025-05-01", "2024-01-01"]
            ),
            "kind": ["complaint", "complaint", "complaint", "inquiry", "complaint", "complaint"],
            "reason": ["price", "quality", "price", None, "quality", None],
            "resolved": [True, False, False, True, True, True],
        }
    )
    exits = pd.DataFrame(
        {
            "customer_id": [1, 4, 6, 7],
            "exit_date": pd.to_datetime(["2024-06-01", "2025-01-01", "2024-06-01", "2024-07-01"]),
            "exit_reason": ["price", "quality", "price", "moved"],
        }
    )
    return customers, contacts, exits


def test_retention_view_hand_example():
    view = retention_view(*_retention_tables()).set_index("reason")
    # complaints (kind == complaint): price x2 (customers 1, 2), quality x2 (1, 4),
    # unknown x1 (customer 5, no reason); the inquiry of customer 3 does not count
    assert view.loc["price", "complaints"] == 2
    assert view.loc["quality", "complaints"] == 2
    assert view.loc["unknown", "complaints"] == 1
    assert view["complaints"].sum() == 5
    assert view.loc["price", "resolved_rate"] == pytest.approx(0.5)
    # exits: price 2 (customers 1, 6), quality 1 (4), moved 1 (7) of 4 lost customers
    assert view.loc["price", "exits"] == 2
    assert view.loc["price", "exit_share"] == pytest.approx(0.5)
    assert view["exit_share"].sum() == pytest.approx(1.0)
    assert view.loc["price", "lost_share_of_customers"] == pytest.approx(0.2)
    # customer 1 complained (price) before leaving for price; customer 4 complained only
    # after its exit date, so it does not count
    assert view.loc["price", "exits_after_complaint"] == 1
    assert view.loc["price", "exits_after_same_complaint"] == 1
    assert view.loc["quality", "exits_after_complaint"] == 0
    assert view.loc["moved", "complaints"] == 0
    assert np.isnan(view.loc["moved", "resolved_rate"])


@pytest.mark.parametrize(
    ("which", "change", "error", "match"),
    [
        (1, lambda d: d.drop(columns="reason"), ValueError, "'reason'"),
        (2, lambda d: d.drop(columns="exit_reason"), ValueError, "'exit_reason'"),
        (2, lambda d: d.assign(customer_id=[1, 1, 6, 7]), ValueError, "unique"),
        (2, lambda d: d.assign(customer_id=[1, 4, 6, 70]), ValueError, r"\[70\]"),
        (1, lambda d: d.assign(kind="call"), ValueError, "'inquiry' or 'complaint'"),
        (0, lambda d: d.iloc[:0], ValueError, "empty"),
    ],
)
def test_retention_view_bad_input(which, change, error, match):
    tables = list(_retention_tables())
    tables[which] = change(tables[which])
    with pytest.raises(error, match=match):
        retention_view(*tables)


# --------------------------------------------------------------------------------------
# Issue 14: zone-aware dates, missing keys and dates (each of these failed before)
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", [1, 2])
def test_retention_view_zone_aware_dates_are_read_as_wall_dates(which):
    # one table zone-aware, the other naive: before, pandas raised "Invalid comparison";
    # now the zone is dropped keeping the wall time, so the view equals the naive one
    tables = list(_retention_tables())
    column = "contact_date" if which == 1 else "exit_date"
    original = tables[which].copy()
    tables[which] = original.assign(**{column: original[column].dt.tz_localize("Asia/Shanghai")})
    aware = tables[which].copy()
    pd.testing.assert_frame_equal(retention_view(*tables), retention_view(*_retention_tables()))
    pd.testing.assert_frame_equal(tables[which], aware)  # input untouched


@pytest.mark.parametrize(
    ("which", "change", "match"),
    [
        # a complaint with no customer id was reported as an unknown customer [nan]
        (
            1,
            lambda d: d.assign(customer_id=[1, 1, 2, 3, 4, None]),
            r"'customer_id' of the 'contacts'.*1 missing",
        ),
        (
            2,
            lambda d: d.assign(customer_id=[1, 4, 6, None]),
            r"'customer_id' of the 'exits'.*1 missing",
        ),
        # a complaint or an exit with no date silently did not count as "before leaving"
        (
            1,
            lambda d: d.assign(contact_date=d["contact_date"].where(d.index != 0)),
            r"'contact_date'.*1 missing",
        ),
        (
            2,
            lambda d: d.assign(exit_date=d["exit_date"].where(d.index != 0)),
            r"'exit_date'.*1 missing",
        ),
        (2, lambda d: d.assign(exit_date=d["exit_date"].astype(str)), r"'exit_date'.*datetime64"),
    ],
)
def test_retention_view_missing_keys_and_dates_are_counted_errors(which, change, match):
    tables = list(_retention_tables())
    tables[which] = change(tables[which])
    with pytest.raises((ValueError, TypeError), match=match):
        retention_view(*tables)


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        # a contact of unknown kind silently did not count as a complaint
        (lambda d: d.assign(kind=d["kind"].where(d.index != 0)), ValueError, r"'kind'.*1 missing"),
        # a complaint with an unknown resolution was left out of resolved_rate
        (
            lambda d: d.assign(resolved=[True, None, False, True, True, True]),
            ValueError,
            r"'resolved'.*1 missing",
        ),
        # text flags gave numpy's "could not convert string to float"
        (lambda d: d.assign(resolved="yes"), TypeError, r"'resolved'.*numeric"),
        (lambda d: d.assign(resolved=2), ValueError, r"'resolved'.*True/False"),
    ],
)
def test_retention_view_bad_kind_or_resolved(change, error, match):
    customers, contacts, exits = _retention_tables()
    with pytest.raises(error, match=match):
        retention_view(customers, change(contacts), exits)


def test_retention_view_resolved_as_ones_and_zeros():
    customers, contacts, exits = _retention_tables()
    as_ints = contacts.assign(resolved=contacts["resolved"].astype(int))
    pd.testing.assert_frame_equal(
        retention_view(customers, as_ints, exits), retention_view(customers, contacts, exits)
    )
