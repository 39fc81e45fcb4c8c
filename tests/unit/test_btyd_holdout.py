"""Tests for crmkit.btyd.holdout: the calibration summary and the hold-out purchases.

The CDNOW tests use the copy of the CDNOW files that *lifetimes* ships and the
published estimates of Fader, Hardie & Lee (2005a).
"""

from __future__ import annotations

import warnings

import clv_data
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from clv_data import CDNOW, needs_cdnow

import crmkit
from crmkit import btyd


@pytest.fixture
def tiny_log() -> pd.DataFrame:
    return clv_data.tiny_log()


@pytest.fixture(scope="module")
def cdnow_summary() -> pd.DataFrame:
    return clv_data.cdnow_summary()


@pytest.fixture
def calhold() -> pd.DataFrame:
    return clv_data.calhold()


def test_calibration_holdout_by_hand(tiny_log):
    out = btyd.calibration_holdout(
        tiny_log, calibration_end="2025-06-30", holdout_end="2025-08-31", unit_days=1
    )
    # customer 1: first 01-05, repeats 04-02 and 05-20 -> x = 2, t_x = 135, T = 176 days
    assert out.loc[1, ["frequency", "recency", "T"]].tolist() == [2.0, 135.0, 176.0]
    assert out.loc[1, "monetary_value"] == 25.0  # (20 + 30) / 2
    # hold-out: customer 1 on 08-01, customer 3 on 07-01; 62 days from 07-01 to 08-31
    assert out["frequency_holdout"].tolist() == [1.0, 0.0, 1.0]
    assert out["revenue_holdout"].tolist() == [40.0, 0.0, 70.0]
    assert (out["duration_holdout"] == 62.0).all()
    assert out.loc[3, "T"] == 0.0  # first purchase on the last calibration day


def test_calibration_holdout_matches_published_cdnow_summary(cdnow_summary):
    log = crmkit.load_cdnow()
    sample = pd.read_csv(CDNOW.parent / "CDNOW_sample.txt", sep=r"\s+", header=None)
    log = log[log["customer_id"].isin(sample[0].unique()) & (log["revenue"] > 0)]
    out = btyd.calibration_holdout(log, calibration_end="1997-09-30", holdout_end="1998-06-30")
    # 2357 customers in the published sample; 8 have only zero-value orders here
    assert len(out) == 2349
    # the published summary rounds times to 2 decimals: same distribution
    assert out["frequency"].mean() == pytest.approx(cdnow_summary["frequency"].mean(), abs=0.01)
    assert out["T"].mean() == pytest.approx(cdnow_summary["T"].mean(), abs=0.02)
    assert out["duration_holdout"].iloc[0] == pytest.approx(39.0)  # 273 days


def test_calibration_holdout_bad_inputs(tiny_log):
    kw = {"calibration_end": "2025-06-30", "holdout_end": "2025-08-31"}
    with pytest.raises(ValueError, match="'holdout_end'"):
        btyd.calibration_holdout(tiny_log, calibration_end="2025-06-30", holdout_end="2025-06-01")
    with pytest.raises(ValueError, match="'unit_days'"):
        btyd.calibration_holdout(tiny_log, unit_days=0, **kw)
    with pytest.raises(ValueError, match="no order"):
        btyd.calibration_holdout(tiny_log, calibration_end="2024-01-01", holdout_end="2025-01-01")
    with pytest.raises(ValueError, match="'calibration_end'"):
        btyd.calibration_holdout(tiny_log, calibration_end="soon", holdout_end="2025-01-01")
    with pytest.raises(ValueError, match="no column 'amount'"):
        btyd.calibration_holdout(tiny_log, value_col="amount", **kw)


def _cdnow_sample_log() -> pd.DataFrame:
    """load_cdnow, restricted to the 2,357 customers of the published 1/10 sample."""
    log = crmkit.load_cdnow()
    sample = pd.read_csv(CDNOW.parent / "CDNOW_sample.txt", sep=r"\s+", header=None)
    return log[log["customer_id"].isin(sample[0].unique())]


@needs_cdnow
def test_the_kits_own_pipeline_reproduces_the_published_bgnbd_fit():
    # Fader, Hardie & Lee (2005a): r = 0.243, alpha = 4.414, a = 0.793, b = 2.426 on
    # the 2,357-customer sample, 39 weeks of calibration ending 1997-09-30. The sample
    # includes 8 customers whose every order is $0, so zero-value orders must count.
    out = btyd.calibration_holdout(
        _cdnow_sample_log(),
        calibration_end="1997-09-30",
        holdout_end="1998-06-30",
        nonpositive="keep",
    )
    assert len(out) == 2357
    assert (out["excluded_orders"] == 0).all()
    fit = btyd.BGNBD().fit(out)
    assert fit.params_.round(3).tolist() == [0.243, 4.414, 0.793, 2.426]
    assert fit.log_likelihood_ == pytest.approx(-9582.4, abs=0.1)


@needs_cdnow
def test_zero_value_orders_are_excluded_by_default_and_counted():
    with pytest.warns(UserWarning, match="8 customer"):
        out = btyd.calibration_holdout(
            _cdnow_sample_log(), calibration_end="1997-09-30", holdout_end="1998-06-30"
        )
    assert len(out) == 2349


def _holdout_log(tiny_log, **row):
    """tiny_log plus one hold-out order (2025-08-15 by customer 2 for 5.0 unless changed)."""
    extra = {"customer_id": 2, "order_date": pd.Timestamp("2025-08-15"), "revenue": 5.0, **row}
    return pd.concat([tiny_log, pd.DataFrame([extra])], ignore_index=True)


KW = {"calibration_end": "2025-06-30", "holdout_end": "2025-08-31"}


def test_a_hold_out_order_counts(tiny_log):
    out = btyd.calibration_holdout(_holdout_log(tiny_log), **KW)
    assert out.loc[2, "frequency_holdout"] == 1.0 and out.loc[2, "revenue_holdout"] == 5.0


@pytest.mark.parametrize(
    ("row", "match"),
    [
        ({"order_date": pd.NaT}, "'order_date'.*1 missing"),
        ({"customer_id": np.nan}, "'customer_id'.*1 missing"),
        ({"revenue": np.nan}, "'revenue'.*missing"),
        ({"revenue": np.inf}, "'revenue'.*finite"),
    ],
)
def test_bad_hold_out_rows_are_refused_not_dropped(tiny_log, row, match):
    # issue 14: these hold-out rows used to vanish (NaT, NaN id, NaN revenue) or pass
    # through as an infinite hold-out revenue
    with pytest.raises(ValueError, match=match):
        btyd.calibration_holdout(_holdout_log(tiny_log, **row), **KW)


def test_time_zone_aware_dates_keep_their_wall_clock_date(tiny_log):
    # issue 14: a time-zone-aware order_date used to crash ("Invalid comparison")
    aware = tiny_log.assign(order_date=tiny_log["order_date"].dt.tz_localize("Asia/Shanghai"))
    out = btyd.calibration_holdout(aware, **KW)
    pd.testing.assert_frame_equal(out, btyd.calibration_holdout(tiny_log, **KW))
    # 07:00 on 1 July in Shanghai is 30 June in UTC; it stays a hold-out order
    late = _holdout_log(tiny_log, order_date=pd.Timestamp("2025-07-01 07:00"))
    late = late.assign(order_date=late["order_date"].dt.tz_localize("Asia/Shanghai"))
    assert btyd.calibration_holdout(late, **KW).loc[2, "frequency_holdout"] == 1.0


def test_nonpositive_option(tiny_log):
    log = _holdout_log(tiny_log, revenue=0.0)
    assert btyd.calibration_holdout(log, **KW).loc[2, "frequency_holdout"] == 0.0
    kept = btyd.calibration_holdout(log, nonpositive="keep", **KW)
    assert kept.loc[2, "frequency_holdout"] == 1.0
    with pytest.raises(ValueError, match="'nonpositive'"):
        btyd.calibration_holdout(log, nonpositive="drop", **KW)


def test_the_input_is_not_modified(tiny_log):
    before = tiny_log.copy()
    btyd.calibration_holdout(tiny_log, **KW)
    pd.testing.assert_frame_equal(tiny_log, before)


def test_plot_holdout_takes_and_returns_ax(calhold):
    _, ax = plt.subplots()
    fit = btyd.BGNBD().fit(calhold)
    pred = fit.expected_purchases(calhold["duration_holdout"].iloc[0], calhold)
    assert btyd.plot_holdout(calhold, pred, ax=ax) is ax
    with pytest.raises(ValueError, match="'predicted'"):
        btyd.plot_holdout(calhold, pred.iloc[:5])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        btyd.plot_holdout(calhold, pred, truth=pred * 0.9)
