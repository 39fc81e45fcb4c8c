"""Tests for crmkit.repurchase: survey scores joined to later purchases, the repurchase logit."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from hypothesis import given, settings
from hypothesis import strategies as st

import crmkit
from crmkit import repurchase


@pytest.fixture(scope="module")
def world():
    return crmkit.make_world()


@pytest.fixture
def follow_up():
    survey = pd.DataFrame(
        {
            "customer_id": [1, 2, 3],
            "survey_date": pd.to_datetime(["2025-01-15"] * 3),
            "behavioural_1": [7, 2, 5],
            "behavioural_2": [6, 1, 5],
        }
    )
    log = pd.DataFrame(
        {
            "customer_id": [1, 1, 1, 1, 2, 3, 4],
            "order_date": pd.to_datetime(
                [
                    "2025-01-10",  # before the survey: not counted
                    "2025-02-01",  # counted
                    "2025-03-01",  # counted
                    "2025-08-01",  # after the 30-day... counted only with 200 days
                    "2025-01-20",  # revenue 0: fully returned, not a purchase
                    "2025-12-31",  # the last order of the log
                    "2025-02-01",  # not a respondent
                ]
            ),
            "revenue": [10.0, 20.0, 30.0, 40.0, 0.0, 50.0, 60.0],
        }
    )
    return survey, log


def test_stated_vs_actual_by_hand(follow_up):
    survey, log = follow_up
    out = repurchase.stated_vs_actual(survey, log, days=60)
    # customer 1: 02-01 and 03-01 lie within 60 days after 01-15 (up to 03-16): 2, 50 yuan
    # customer 2: only a zero-revenue order -> 0; customer 3: 12-31 is outside -> 0
    assert out["purchases"].tolist() == [2, 0, 0]
    assert out["revenue"].tolist() == [50.0, 0.0, 0.0]
    assert out["bought_again"].tolist() == [True, False, False]
    assert out["behavioural"].tolist() == [6.5, 1.5, 5.0]
    longer = repurchase.stated_vs_actual(survey, log, days=200)
    assert longer["purchases"].tolist() == [3, 0, 0]


def test_stated_vs_actual_warns_past_the_log(follow_up):
    survey, log = follow_up
    with pytest.warns(UserWarning, match=r"3 respondent\(s\) ends after the last order"):
        repurchase.stated_vs_actual(survey, log, days=400)


def test_stated_vs_actual_bad_input(follow_up):
    survey, log = follow_up
    with pytest.raises(ValueError, match="'days' parameter"):
        repurchase.stated_vs_actual(survey, log, days=0)
    with pytest.raises(ValueError, match="no column 'revenue'"):
        repurchase.stated_vs_actual(survey, log.drop(columns="revenue"))
    with pytest.raises(ValueError, match="no column 'survey_date'"):
        repurchase.stated_vs_actual(survey.drop(columns="survey_date"), log)
    with pytest.raises(TypeError, match="must hold dates"):
        repurchase.stated_vs_actual(survey, log.assign(order_date="2025-02-01"))
    with pytest.raises(TypeError, match="must be numeric"):
        repurchase.stated_vs_actual(survey, log.assign(revenue="10"))
    with pytest.raises(ValueError, match="at least one row"):
        repurchase.stated_vs_actual(survey, log.iloc[:0])
    gap = log.copy()
    gap.loc[2, "order_date"] = pd.NaT
    with pytest.raises(ValueError, match=r"'order_date' column .* 1 missing value"):
        repurchase.stated_vs_actual(survey, gap)
    late = survey.copy()
    late.loc[0, "survey_date"] = pd.NaT
    with pytest.raises(ValueError, match=r"'survey_date' column .* 1 missing value"):
        repurchase.stated_vs_actual(late, log)
    with pytest.raises(ValueError, match="identify each respondent once"):
        repurchase.stated_vs_actual(survey.assign(customer_id=[1, 1, 2]), log)


def test_stated_loyalty_predicts_later_purchases(world):
    table = repurchase.stated_vs_actual(world.survey, world.transactions, days=180)
    assert len(table) == len(world.survey)
    logit = repurchase.repurchase_logit(table)
    assert list(logit.index) == ["const", "behavioural"]
    assert logit.loc["behavioural", "odds_ratio"] > 1.3
    assert logit.loc["behavioural", "p_value"] < 0.001
    assert table["behavioural"].corr(table["purchases"]) > 0.1


def test_repurchase_logit_agrees_with_statsmodels(rng):

    x = rng.standard_normal(500)
    table = pd.DataFrame({"x": x, "bought_again": rng.random(500) < 1 / (1 + np.exp(-x))})
    out = repurchase.repurchase_logit(table, "x", standardise=False)
    expected = smf.logit("y ~ x", table.assign(y=table["bought_again"].astype(float))).fit(disp=0)
    np.testing.assert_allclose(out["estimate"].to_numpy(), expected.params.to_numpy())
    assert out.loc["x", "odds_ratio"] == pytest.approx(np.exp(expected.params["x"]))
    # the odds-ratio interval is the log-odds interval put through exp
    low, high = np.exp(expected.conf_int().loc["x"])
    assert out.loc["x", "odds_ratio_low"] == pytest.approx(low)
    assert out.loc["x", "odds_ratio_high"] == pytest.approx(high)
    assert (
        out.loc["x", "odds_ratio_low"]
        < out.loc["x", "odds_ratio"]
        < out.loc["x", "odds_ratio_high"]
    )


def test_repurchase_logit_bad_input():
    table = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "bought_again": [1, 2, 0, 1]})
    with pytest.raises(ValueError, match="must be yes/no"):
        repurchase.repurchase_logit(table, "x")
    with pytest.raises(ValueError, match="only one value"):
        repurchase.repurchase_logit(table.assign(bought_again=True), "x")
    good = table.assign(bought_again=[1, 0, 0, 1])
    with pytest.raises(ValueError, match="no column 'y'"):
        repurchase.repurchase_logit(good, "y")
    with pytest.raises(ValueError, match="also among the 'predictors'"):
        repurchase.repurchase_logit(good, ["x", "bought_again"])
    with pytest.raises(ValueError, match="more rows than variables"):
        repurchase.repurchase_logit(good.head(2), "x")


def test_repurchase_logit_reports_missing_outcomes(rng):
    x = rng.standard_normal(200)
    table = pd.DataFrame({"x": x, "bought_again": (x + rng.standard_normal(200)) > 0})
    table["bought_again"] = table["bought_again"].astype("float64")
    table.loc[0, "bought_again"] = np.nan
    with pytest.warns(UserWarning, match=r"1 of 200 row\(s\) with a missing value"):
        out = repurchase.repurchase_logit(table, "x")
    assert out.loc["x", "odds_ratio"] > 1


# ------------------------------------------------------------------------------------
# issue 14: time-zone-aware dates, bounded window, infinite revenue
# ------------------------------------------------------------------------------------


def test_stated_vs_actual_takes_time_zone_aware_dates(follow_up):
    # aware dates used to crash with pandas' "Invalid comparison between dtype=datetime64
    # [ns, UTC] and Timestamp"; the kit keeps each date's local wall-clock value
    survey, log = follow_up
    naive = repurchase.stated_vs_actual(survey, log, days=60)
    shanghai = repurchase.stated_vs_actual(
        survey.assign(survey_date=survey["survey_date"].dt.tz_localize("Asia/Shanghai")),
        log.assign(order_date=log["order_date"].dt.tz_localize("Asia/Shanghai")),
        days=60,
    )
    pd.testing.assert_frame_equal(shanghai, naive)
    # only one side aware: the same answer, no comparison error
    mixed = repurchase.stated_vs_actual(
        survey, log.assign(order_date=log["order_date"].dt.tz_localize("UTC")), days=60
    )
    pd.testing.assert_frame_equal(mixed, naive)


def test_stated_vs_actual_keeps_local_wall_clock_dates():
    # a naive survey date against a log kept in Shanghai time: the window ends at
    # 2025-03-16 00:00 local time. 2025-03-16 07:30 in Shanghai is 2025-03-15 23:30 UTC,
    # so converting the log to UTC would pull that order into the window
    survey = pd.DataFrame(
        {"customer_id": [1], "survey_date": pd.to_datetime(["2025-01-15"]), "behavioural_1": [5]}
    )
    log = pd.DataFrame(
        {
            "customer_id": [1, 1],
            "order_date": pd.to_datetime(["2025-03-15 20:00", "2025-03-16 07:30"]).tz_localize(
                "Asia/Shanghai"
            ),
            "revenue": [10.0, 20.0],
        }
    )
    out = repurchase.stated_vs_actual(survey, log, days=60)
    assert out["purchases"].tolist() == [1]
    assert out["revenue"].tolist() == [10.0]
    assert log["order_date"].dt.tz is not None  # the caller's frame is not modified


def test_stated_vs_actual_window_and_revenue_are_checked(follow_up):
    survey, log = follow_up
    with pytest.raises(ValueError, match="'days' parameter of stated_vs_actual must be from 1"):
        repurchase.stated_vs_actual(survey, log, days=10**12)
    with pytest.raises(ValueError, match="'days' parameter"):
        repurchase.stated_vs_actual(survey, log, days=60.0)
    bad = log.copy()
    bad.loc[1, "revenue"] = np.inf
    with pytest.raises(ValueError, match=r"'revenue' column .* infinite"):
        repurchase.stated_vs_actual(survey, bad)


def test_stated_vs_actual_leaves_its_inputs_alone(follow_up):
    survey, log = follow_up
    survey = survey.assign(survey_date=survey["survey_date"].dt.tz_localize("Asia/Shanghai"))
    before = (survey.copy(deep=True), log.copy(deep=True))
    repurchase.stated_vs_actual(survey, log, days=60)
    pd.testing.assert_frame_equal(survey, before[0])
    pd.testing.assert_frame_equal(log, before[1])


# --------------------------------------------------------------------------------------
# purchase_behaviour: behavioural loyalty from the log after the survey
# --------------------------------------------------------------------------------------
@pytest.fixture
def tiny_log():
    """Five respondents surveyed on two dates, and a hand-made log around them."""
    survey = pd.DataFrame(
        {
            "customer_id": [10, 20, 30, 40, 50],
            "survey_date": pd.to_datetime(
                ["2025-01-15", "2025-01-15", "2025-01-15", "2025-03-01", "2025-01-15"]
            ),
        }
    )
    log = pd.DataFrame(
        {
            "customer_id": [10, 10, 10, 10, 10, 20, 20, 30, 30, 40, 40, 99, 99],
            "order_date": pd.to_datetime(
                [
                    "2025-01-14",  # 10: before the survey, not counted
                    "2025-01-15",  # 10: on the survey day, not counted (strictly after)
                    "2025-01-25",  # 10: day 10, in both windows
                    "2025-02-14",  # 10: day 30, the last day of the 30-day window
                    "2025-02-15",  # 10: day 31, only in the 60-day window
                    "2025-01-20",  # 20: fully returned (revenue 0): not a purchase
                    "2025-02-01",  # 20: a return booked as negative revenue
                    "2024-06-01",  # 30: bought only before the survey
                    "2025-01-10",  # 30: bought only before the survey
                    "2025-02-01",  # 40: before *its* survey date (2025-03-01)
                    "2025-03-31",  # 40: day 30 after its own survey date
                    "2025-02-01",  # 99: not a respondent
                    "2025-12-31",  # 99: the last date of the log
                ]
            ),
            "revenue": [5.0, 7.0, 10.0, 20.0, 40.0, 0.0, -15.0, 3.0, 4.0, 8.0, 9.0, 60.0, 1.0],
        }
    )
    return survey, log


def test_purchase_behaviour_by_hand(tiny_log):
    survey, log = tiny_log
    out = repurchase.purchase_behaviour(survey, log, days=(60, 30))
    assert out.index.tolist() == [10, 20, 30, 40, 50]  # every respondent, survey order
    assert list(out.columns) == [
        "survey_date",
        "in_log",
        "orders_30d",
        "repeat_30d",
        "revenue_30d",
        "orders_60d",
        "repeat_60d",
        "revenue_60d",
    ]
    assert out["orders_30d"].tolist() == [2, 0, 0, 1, 0]
    assert out["orders_60d"].tolist() == [3, 0, 0, 1, 0]
    assert out["repeat_30d"].tolist() == [1, 0, 0, 1, 0]
    assert out["repeat_30d"].dtype == "int64"
    # net revenue: returns lower it (customer 20: 0 - 15), purchases add up
    assert out["revenue_30d"].tolist() == [30.0, -15.0, 0.0, 9.0, 0.0]
    assert out["revenue_60d"].tolist() == [70.0, -15.0, 0.0, 9.0, 0.0]
    # customer 50 never bought: kept with zeros and counted as not in the log
    assert out["in_log"].tolist() == [True, True, True, True, False]


def test_purchase_behaviour_agrees_with_stated_vs_actual():
    survey, log = crmkit.load_dataset("survey"), crmkit.load_dataset("transactions")
    out = repurchase.purchase_behaviour(survey, log, days=180)
    old = repurchase.stated_vs_actual(survey, log, days=180)
    assert (out["orders_180d"] == old["purchases"]).all()
    assert (out["repeat_180d"].astype(bool) == old["bought_again"]).all()
    assert out["in_log"].all()  # the survey samples customers who had bought before


def test_purchase_behaviour_warns_past_the_log(tiny_log):
    survey, log = tiny_log
    with pytest.warns(UserWarning, match=r"365-day window of 5 respondent\(s\) ends after"):
        out = repurchase.purchase_behaviour(survey, log, days=(30, 365))
    assert out["orders_365d"].tolist() == [3, 0, 0, 1, 0]


def test_purchase_behaviour_bad_input(tiny_log):
    survey, log = tiny_log
    f = repurchase.purchase_behaviour
    for bad in (0, -3, 2.5, True, "180", (), [30, None], 40_000):
        with pytest.raises(ValueError, match="'days'"):
            f(survey, log, days=bad)
    with pytest.raises(ValueError, match=r"'customer_id' of the 'survey' parameter .* unique"):
        f(pd.concat([survey, survey.head(1)]), log, days=30)
    with pytest.raises(ValueError, match="has no column 'revenue'"):
        f(survey, log.drop(columns="revenue"), days=30)
    with pytest.raises(TypeError, match="'survey_date' of the 'survey' parameter"):
        f(survey.assign(survey_date="2025-01-15"), log, days=30)
    with pytest.raises(ValueError, match=r"'order_date' of the 'transactions' .* no missing"):
        f(survey, log.assign(order_date=log["order_date"].where(log.index != 3)), days=30)
    with pytest.raises(ValueError, match="'customer_id' column of the 'survey'"):
        f(survey.assign(customer_id=[10, None, 30, 40, 50]), log, days=30)
    with pytest.raises(ValueError, match="'revenue'"):
        f(survey, log.assign(revenue=np.inf), days=30)
    with pytest.raises(TypeError, match="DataFrame"):
        f(survey["customer_id"], log, days=30)


def test_purchase_behaviour_aware_dates_and_untouched_inputs(tiny_log):
    survey, log = tiny_log
    before = (survey.copy(), log.copy())
    plain = repurchase.purchase_behaviour(survey, log, days=30)
    aware = repurchase.purchase_behaviour(
        survey.assign(survey_date=survey["survey_date"].dt.tz_localize("Asia/Shanghai")),
        log.assign(order_date=log["order_date"].dt.tz_localize("Asia/Shanghai")),
        days=30,
    )
    pd.testing.assert_frame_equal(plain, aware)
    pd.testing.assert_frame_equal(survey, before[0])
    pd.testing.assert_frame_equal(log, before[1])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 4),  # customer
            st.integers(-20, 80),  # day of the order, 0 = 2025-01-01
            st.sampled_from([-5.0, 0.0, 2.5, 10.0]),  # net revenue (a return, a full return)
        ),
        min_size=1,
        max_size=30,
    ),
    st.lists(st.integers(0, 30), min_size=3, max_size=3),  # survey days of customers 1-3
    st.lists(st.integers(1, 60), min_size=1, max_size=3),  # window lengths
)
def test_purchase_behaviour_agrees_with_a_loop(rows, survey_days, windows):
    """Every count and sum equals a brute-force loop over the log, for any log."""
    start = pd.Timestamp("2025-01-01")
    survey = pd.DataFrame(
        {
            "customer_id": [1, 2, 3],  # customer 4 buys but was not surveyed
            "survey_date": [start + pd.Timedelta(days=d) for d in survey_days],
        }
    )
    log = pd.DataFrame(rows, columns=["customer_id", "day", "revenue"])
    log["order_date"] = start + pd.to_timedelta(log["day"], unit="D")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # windows past the end of the log
        out = repurchase.purchase_behaviour(survey, log, days=windows)
    assert out.index.tolist() == [1, 2, 3]
    for cid, day in zip([1, 2, 3], survey_days, strict=True):
        mine = [(d, r) for c, d, r in rows if c == cid]
        assert out.loc[cid, "in_log"] == bool(mine)
        for w in set(windows):
            inside = [r for d, r in mine if day < d <= day + w]
            assert out.loc[cid, f"orders_{w}d"] == sum(r > 0 for r in inside)
            assert out.loc[cid, f"repeat_{w}d"] == int(any(r > 0 for r in inside))
            assert out.loc[cid, f"revenue_{w}d"] == pytest.approx(sum(inside))
    ordered = sorted(set(windows))  # a longer window never holds fewer purchases
    for short, long in itertools.pairwise(ordered):
        assert (out[f"orders_{short}d"] <= out[f"orders_{long}d"]).all()
