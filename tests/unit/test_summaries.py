"""Tests for crmkit.summaries: the Hughes R/F/M summary and the buy-till-you-die summary.

Every expected number is computed by hand in a comment next to it, or comes from
lifetimes' ``summary_data_from_transaction_data`` run on the same log. ``rfm_summary``
(the dispatcher kept for old code) is tested with both conventions, and the two
functions it dispatches to are checked to give the same frames.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmkit import rfm
from crmkit.summaries import btyd_summary, rfm_summary, segmentation_summary

# ------------------------------------------------------------------------------------
# fixtures
# ------------------------------------------------------------------------------------


@pytest.fixture
def small_log() -> pd.DataFrame:
    """Three customers; customer 2 has a zero-value order and a return, 3 only a zero."""
    return pd.DataFrame(
        {
            "order_id": [1, 2, 3, 4, 5, 6, 7],
            "customer_id": [1, 1, 1, 2, 2, 2, 3],
            "order_date": pd.to_datetime(
                [
                    "2025-01-01 00:00",
                    "2025-01-11 09:00",
                    "2025-01-11 17:30",  # same day as the previous order
                    "2025-01-21 00:00",
                    "2025-01-25 00:00",
                    "2025-01-26 00:00",
                    "2025-01-05 00:00",
                ]
            ),
            "revenue": [100.0, 50.0, 30.0, 80.0, 0.0, -20.0, 0.0],
        }
    )


def random_log(rng: np.random.Generator, n: int = 3000, customers: int = 250) -> pd.DataFrame:
    minutes = rng.integers(0, 700 * 24 * 60, n)
    return pd.DataFrame(
        {
            "order_id": np.arange(n),
            "customer_id": rng.integers(1, customers + 1, n),
            "order_date": pd.Timestamp("2023-01-01") + pd.to_timedelta(minutes, unit="min"),
            "revenue": rng.gamma(2.0, 30.0, n).round(2),
        }
    )


# ------------------------------------------------------------------------------------
# rfm_summary: segmentation convention
# ------------------------------------------------------------------------------------


def test_segmentation_summary_by_hand(small_log):
    with pytest.warns(UserWarning, match=r"1 customer\(s\) have no purchase.*: 3"):
        out = rfm_summary(small_log, analysis_date="2025-01-31")
    # customer 1: purchases 01-01 (100), 01-11 (50), 01-11 (30); analysis 01-31
    #   recency = 31 - 11 = 20 days, frequency = 3 orders, total = 180, mean = 60,
    #   tenure = 31 - 1 = 30 days, nothing excluded
    # customer 2: 01-21 (80) is the only purchase; 01-25 (0) and 01-26 (-20) excluded
    #   recency = 10, frequency = 1, total = 80, mean = 80, tenure = 10, excluded = 2
    # customer 3: only a zero-value order -> not in the summary (warned above)
    expected = pd.DataFrame(
        {
            "recency": [20, 10],
            "frequency": [3, 1],
            "monetary_total": [180.0, 80.0],
            "monetary_mean": [60.0, 80.0],
            "tenure": [30, 10],
            "first_purchase": pd.to_datetime(["2025-01-01", "2025-01-21"]),
            "last_purchase": pd.to_datetime(["2025-01-11 17:30", "2025-01-21 00:00"]),
            "excluded_orders": [0, 2],
        },
        index=pd.Index([1, 2], name="customer_id"),
    )
    expected["recency"] = expected["recency"].astype("int64")
    pd.testing.assert_frame_equal(out, expected, check_index_type=False)


def test_btyd_summary_by_hand(small_log):
    with pytest.warns(UserWarning, match="no purchase"):
        out = rfm_summary(small_log, analysis_date="2025-01-31", convention="btyd")
    # customer 1: purchase days {01-01, 01-11} -> 2 periods -> frequency 1 (repeat),
    #   recency = 11 - 1 = 10, T = 31 - 1 = 30, monetary = (50 + 30) / 1 = 80
    #   (the two orders of 01-11 form one period worth 80)
    # customer 2: one purchase day -> frequency 0, recency 0, T = 31 - 21 = 10, monetary 0
    assert out.loc[1, ["frequency", "recency", "T", "monetary_value"]].tolist() == [
        1.0,
        10.0,
        30.0,
        80.0,
    ]
    assert out.loc[2, ["frequency", "recency", "T", "monetary_value"]].tolist() == [
        0.0,
        0.0,
        10.0,
        0.0,
    ]
    assert out["excluded_orders"].tolist() == [0, 2]


def test_nonpositive_keep_counts_every_order(small_log):
    out = rfm_summary(small_log, analysis_date="2025-01-31", nonpositive="keep")
    # customer 2 now has purchases on 01-21, 01-25, 01-26: recency 5, frequency 3,
    # total 80 + 0 - 20 = 60; customer 3 (01-05, 0.0) is kept: recency 26, frequency 1
    assert out.loc[2, ["recency", "frequency", "monetary_total"]].tolist() == [5, 3, 60.0]
    assert out.loc[3, ["recency", "frequency"]].tolist() == [26, 1]
    assert out["excluded_orders"].sum() == 0


def test_no_warning_when_every_order_is_a_purchase(small_log):
    log = small_log[small_log["revenue"] > 0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = rfm_summary(log, analysis_date="2025-01-31")
    assert list(out.index) == [1, 2]


def test_weekly_and_monthly_units():
    log = pd.DataFrame(
        {
            "customer_id": [1, 1, 1],
            # Wed 2025-01-01 and Sun 2025-01-05 are in the week starting Mon 2024-12-30;
            # Mon 2025-01-06 starts the next week.
            "order_date": pd.to_datetime(["2025-01-01", "2025-01-05", "2025-01-06"]),
            "revenue": [10.0, 20.0, 40.0],
        }
    )
    weekly = rfm_summary(log, analysis_date="2025-01-31", freq="W")
    # Fri 2025-01-31 is in the week of Mon 2025-01-27: 4 weeks after 2024-12-30 and
    # 3 weeks after 2025-01-06
    assert weekly.loc[1, ["recency", "frequency", "tenure"]].tolist() == [3, 3, 4]
    btyd = rfm_summary(log, analysis_date="2025-01-31", freq="W", convention="btyd")
    # two purchase weeks -> frequency 1; the repeat week is worth 40
    assert btyd.loc[1, ["frequency", "recency", "T", "monetary_value"]].tolist() == [
        1.0,
        1.0,
        4.0,
        40.0,
    ]
    monthly = rfm_summary(log, analysis_date="2025-03-15", freq="M")
    # last purchase in January, analysis in March: 2 months
    assert monthly.loc[1, "recency"] == 2


def test_purchase_on_the_analysis_day_has_recency_zero():
    log = pd.DataFrame(
        {
            "customer_id": [7],
            "order_date": pd.to_datetime(["2025-06-02 15:00"]),
            "revenue": [5.0],
        }
    )
    # a purchase later on the analysis day is in the same period, so it is allowed
    out = rfm_summary(log, analysis_date="2025-06-02")
    assert out.loc[7, "recency"] == 0


def test_string_ids_and_custom_column_names():
    log = pd.DataFrame(
        {
            "who": ["b", "a", "b"],
            "when": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-03"]),
            "amount": [1.0, 2.0, 3.0],
        }
    )
    out = rfm_summary(
        log, analysis_date="2025-01-10", customer_col="who", date_col="when", value_col="amount"
    )
    assert out.index.name == "who"
    assert list(out.index) == ["a", "b"]
    assert out.loc["b", ["recency", "frequency", "monetary_total"]].tolist() == [7, 2, 4.0]


def test_timezone_aware_dates_use_wall_clock():
    log = pd.DataFrame(
        {
            "customer_id": [1],
            "order_date": pd.to_datetime(["2025-01-01 23:30"]).tz_localize("Asia/Shanghai"),
            "revenue": [1.0],
        }
    )
    out = rfm_summary(log, analysis_date="2025-01-02")
    assert out.loc[1, "recency"] == 1


def test_sparse_integer_ids_take_the_hashing_path():
    log = pd.DataFrame(
        {
            "customer_id": [10**12, 5, 10**12],
            "order_date": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-03"]),
            "revenue": [1.0, 2.0, 3.0],
        }
    )
    out = rfm_summary(log, analysis_date="2025-01-10")
    assert list(out.index) == [5, 10**12]
    assert out["frequency"].tolist() == [1, 2]


@pytest.mark.parametrize("freq", ["D", "W", "h"])
@pytest.mark.parametrize("nonpositive", ["exclude", "keep"])
def test_btyd_matches_lifetimes(rng, freq, nonpositive):
    lifetimes_utils = pytest.importorskip("lifetimes.utils")
    log = random_log(rng)
    # a few returns and zero-value orders, and several orders on one day
    log.loc[::97, "revenue"] = 0.0
    log.loc[::101, "revenue"] = -15.0
    log = pd.concat([log, log.iloc[::50].assign(revenue=7.5)], ignore_index=True)
    reference = log if nonpositive == "keep" else log[log["revenue"] > 0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lifetimes' own pandas deprecation warnings
        expected = lifetimes_utils.summary_data_from_transaction_data(
            reference,
            "customer_id",
            "order_date",
            monetary_value_col="revenue",
            observation_period_end="2024-12-31",
            freq=freq,
        )
        got = rfm_summary(
            log,
            analysis_date="2024-12-31",
            convention="btyd",
            freq=freq,
            nonpositive=nonpositive,
        )
    cols = ["frequency", "recency", "T", "monetary_value"]
    # identical up to the order of floating-point additions in monetary_value
    pd.testing.assert_frame_equal(got[cols], expected[cols], check_exact=False, rtol=1e-12)


def test_segmentation_agrees_with_plain_pandas(rng):
    log = random_log(rng)
    out = rfm_summary(log, analysis_date="2025-01-01")
    g = log.groupby("customer_id")
    last_day = g["order_date"].max().dt.normalize()
    assert (out["recency"] == (pd.Timestamp("2025-01-01") - last_day).dt.days).all()
    assert (out["frequency"] == g.size()).all()
    np.testing.assert_allclose(out["monetary_total"], g["revenue"].sum())
    np.testing.assert_allclose(out["monetary_mean"], g["revenue"].mean())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), convention=st.sampled_from(["segmentation", "btyd"]))
def test_summary_is_invariant_to_row_order(seed, convention):
    rng = np.random.default_rng(seed)
    log = random_log(rng, n=200, customers=30)
    shuffled = log.sample(frac=1.0, random_state=np.random.default_rng(seed + 1))
    a = rfm_summary(log, analysis_date="2025-01-01", convention=convention)
    b = rfm_summary(shuffled, analysis_date="2025-01-01", convention=convention)
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12)


# ------------------------------------------------------------------------------------
# rfm_summary: bad input
# ------------------------------------------------------------------------------------


def test_summary_missing_column(small_log):
    with pytest.raises(ValueError, match=r"no column 'revenue' \(the 'value_col' parameter\)"):
        rfm_summary(small_log.drop(columns="revenue"), analysis_date="2025-01-31")


def test_summary_dates_not_dates(small_log):
    log = small_log.assign(order_date=small_log["order_date"].dt.strftime("%Y-%m-%d"))
    with pytest.raises(ValueError, match=r"'order_date' column .* must hold dates.*pd.to_datetime"):
        rfm_summary(log, analysis_date="2025-01-31")


def test_summary_missing_dates(small_log):
    log = small_log.copy()
    log.loc[0, "order_date"] = pd.NaT
    with pytest.raises(
        ValueError, match=r"column 'order_date' of the 'log' .* Got 1 missing of 7 rows"
    ):
        rfm_summary(log, analysis_date="2025-01-31")


def test_summary_missing_customer_ids(small_log):
    log = small_log.astype({"customer_id": "float64"})
    log.loc[[0, 3], "customer_id"] = np.nan
    with pytest.raises(
        ValueError, match=r"column 'customer_id' of the 'log' .* Got 2 missing of 7 rows"
    ):
        rfm_summary(log, analysis_date="2025-01-31")


def test_summary_purchases_after_analysis_date(small_log):
    # 01-21, 01-25, 01-26 are after 01-20
    with pytest.raises(ValueError, match=r"3 purchase\(s\) after the analysis date 2025-01-20"):
        rfm_summary(small_log, analysis_date="2025-01-20")


def test_summary_empty_log(small_log):
    with pytest.raises(
        ValueError, match="'log' parameter of rfm_summary must have at least one row"
    ):
        rfm_summary(small_log.iloc[0:0], analysis_date="2025-01-31")


def test_summary_not_a_frame():
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        rfm_summary([1, 2, 3], analysis_date="2025-01-31")


def test_summary_non_numeric_and_missing_values(small_log):
    with pytest.raises(ValueError, match=r"'revenue' column .* must be numeric"):
        rfm_summary(small_log.assign(revenue="x"), analysis_date="2025-01-31")
    log = small_log.copy()
    log.loc[1, "revenue"] = np.nan
    with pytest.raises(ValueError, match=r"column 'revenue' .* Got 1 missing of 7 rows"):
        rfm_summary(log, analysis_date="2025-01-31")


def test_summary_only_nonpositive_values(small_log):
    log = small_log.assign(revenue=0.0)
    with pytest.raises(ValueError, match="no value above 0"):
        rfm_summary(log, analysis_date="2025-01-31")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"convention": "hughes"}, r"'convention' parameter .* \['segmentation', 'btyd'\]"),
        ({"freq": "Y"}, "'freq' parameter"),
        ({"nonpositive": "drop"}, "'nonpositive' parameter"),
        ({"analysis_date": "not a date"}, "'analysis_date' parameter .* must be a date"),
        ({"analysis_date": None}, "'analysis_date' parameter .* must be a date"),
    ],
)
def test_summary_bad_parameters(small_log, kwargs, message):
    kwargs = {"analysis_date": "2025-01-31", **kwargs}
    with pytest.raises(ValueError, match=message):
        rfm_summary(small_log, **kwargs)


# ------------------------------------------------------------------------------------
# the two functions and the dispatcher
# ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("convention", "function"), [("segmentation", segmentation_summary), ("btyd", btyd_summary)]
)
@pytest.mark.parametrize("freq", ["D", "W", "M"])
def test_dispatcher_equals_the_named_function(rng, convention, function, freq):
    log = random_log(rng)
    log.loc[::37, "revenue"] = -5.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = rfm_summary(log, analysis_date="2025-01-01", convention=convention, freq=freq)
        b = function(log, analysis_date="2025-01-01", freq=freq)
    pd.testing.assert_frame_equal(a, b)


def test_the_two_summaries_have_their_own_columns(small_log):
    log = small_log[small_log["revenue"] > 0]
    seg = segmentation_summary(log, analysis_date="2025-01-31")
    btyd = btyd_summary(log, analysis_date="2025-01-31")
    assert "T" not in seg.columns and "monetary_total" in seg.columns
    assert list(btyd.columns) == ["frequency", "recency", "T", "monetary_value", "excluded_orders"]


def test_facade_still_exports_rfm_summary():
    assert rfm.rfm_summary is rfm_summary


@pytest.mark.parametrize("function", [segmentation_summary, btyd_summary])
def test_errors_and_warnings_name_the_function_called(small_log, function):
    name = function.__name__
    with pytest.raises(ValueError, match=f"'log' parameter of {name} must have at least one row"):
        function(small_log.iloc[0:0], analysis_date="2025-01-31")
    with pytest.warns(UserWarning, match=f"^{name}: 1 customer"):
        function(small_log, analysis_date="2025-01-31")


# ------------------------------------------------------------------------------------
# issue 14: non-finite values and time zones
# ------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [np.inf, -np.inf])
@pytest.mark.parametrize("convention", ["segmentation", "btyd"])
def test_infinite_revenue_is_rejected(small_log, bad, convention):
    # old code: monetary_total = inf (or the order silently excluded as non-positive)
    log = small_log.copy()
    log.loc[1, "revenue"] = bad
    with pytest.raises(ValueError, match=r"column 'revenue' .* must be finite. Got 1 infinite"):
        rfm_summary(log, analysis_date="2025-01-31", convention=convention)


def test_timezone_aware_dates_keep_their_wall_clock_day_in_both_summaries():
    # 2025-01-01 23:30 in Shanghai is 15:30 UTC: the order stays on 2025-01-01 (the kit's
    # rule, crmkit._checks.to_naive_dates), as do an aware analysis date's wall time
    stamps = pd.to_datetime(["2025-01-01 23:30", "2025-01-03 00:10"]).tz_localize("Asia/Shanghai")
    log = pd.DataFrame({"customer_id": [1, 1], "order_date": stamps, "revenue": [1.0, 2.0]})
    naive = log.assign(order_date=stamps.tz_localize(None))
    end = pd.Timestamp("2025-01-05 08:00", tz="America/New_York")
    for function in (segmentation_summary, btyd_summary):
        got = function(log, analysis_date=end)
        pd.testing.assert_frame_equal(got, function(naive, analysis_date="2025-01-05"))
    seg = segmentation_summary(log, analysis_date=end)
    assert seg.loc[1, ["recency", "tenure"]].tolist() == [2, 4]  # 01-05 - 01-03, 01-05 - 01-01
    assert seg.loc[1, "first_purchase"] == pd.Timestamp("2025-01-01 23:30")


def test_the_log_is_not_modified(small_log):
    before = small_log.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        segmentation_summary(small_log, analysis_date="2025-01-31")
        btyd_summary(small_log, analysis_date="2025-01-31")
    pd.testing.assert_frame_equal(small_log, before)
