"""Tests for crmkit.log_summaries: the SQL summaries equal crmkit.summaries on every log."""

from __future__ import annotations

import warnings

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crmkit
from crmkit import summaries
from crmkit.log_import import open_log, write_parquet
from crmkit.log_summaries import (
    btyd_summary_sql,
    calibration_holdout_sql,
    segmentation_summary_sql,
)

COLS = {"customer_id": "customer_id", "date": "order_date", "amount": "revenue"}
PAIRS = [
    (segmentation_summary_sql, summaries.segmentation_summary),
    (btyd_summary_sql, summaries.btyd_summary),
]


def _registered(log: pd.DataFrame):
    con = duckdb.connect()
    con.register("source", log)
    return open_log("source", columns=COLS, con=con, file_format="table")


def _both(sql_func, pandas_func, con, log, **kw):
    """Each side's result (or its error message), and the warnings each gave."""
    out = []
    for call in (lambda: sql_func(con, **kw), lambda: pandas_func(log, **kw)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = call()
            except ValueError as err:
                result = f"error: {'after the analysis date' in str(err)}"
        out.append((result, len(caught)))
    return out


@pytest.mark.parametrize("freq", ["D", "W", "M", "h"])
@pytest.mark.parametrize(("sql_func", "pandas_func"), PAIRS)
def test_equal_to_pandas_on_the_world(tmp_path, freq, sql_func, pandas_func):
    tx = crmkit.load_dataset("transactions")
    write_parquet(tx, tmp_path / "tx.parquet")
    con = open_log(tmp_path / "tx.parquet", columns=COLS)
    for nonpositive in ("exclude", "keep"):
        kw = {"analysis_date": "2025-12-31", "freq": freq, "nonpositive": nonpositive}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # 3 customers with only returns
            got, want = sql_func(con, **kw), pandas_func(tx, **kw)
        pd.testing.assert_frame_equal(got, want, check_index_type=False, rtol=1e-10)


logs = st.lists(
    st.tuples(
        st.integers(1, 6),  # customer
        st.integers(0, 400),  # day
        st.integers(0, 23),  # hour
        st.sampled_from([-20.0, 0.0, 5.0, 12.5, 100.0]),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=logs,
    end_day=st.integers(200, 420),
    freq=st.sampled_from(["D", "W", "M"]),
    nonpositive=st.sampled_from(["exclude", "keep"]),
)
def test_equal_to_pandas_on_any_small_log(rows, end_day, freq, nonpositive):
    start = pd.Timestamp("2024-01-01")
    log = pd.DataFrame(
        {
            "customer_id": np.array([r[0] for r in rows], dtype="int64"),
            "order_date": [start + pd.Timedelta(days=r[1], hours=r[2]) for r in rows],
            "revenue": [r[3] for r in rows],
        }
    )
    con = _registered(log)
    date = start + pd.Timedelta(days=end_day)
    kw = {"analysis_date": date, "freq": freq, "nonpositive": nonpositive}
    for sql_func, pandas_func in PAIRS:
        (got, warned_sql), (want, warned_pd) = _both(sql_func, pandas_func, con, log, **kw)
        assert warned_sql == warned_pd
        if isinstance(want, str) or isinstance(got, str):
            if "no value above 0" in str(want):
                continue
            assert got == want
            continue
        pd.testing.assert_frame_equal(got, want, check_index_type=False, rtol=1e-10)


def test_later_purchases_are_refused_with_the_fix():
    log = pd.DataFrame(
        {
            "customer_id": [1, 1],
            "order_date": pd.to_datetime(["2025-01-01", "2025-03-01"]),
            "revenue": [5.0, 6.0],
        }
    )
    with pytest.raises(ValueError, match=r"1 purchase\(s\) after the analysis date 2025-02-01"):
        btyd_summary_sql(_registered(log), analysis_date="2025-02-01")


def test_options_are_checked():
    con = _registered(
        pd.DataFrame(
            {"customer_id": [1], "order_date": [pd.Timestamp("2025-01-01")], "revenue": [1.0]}
        )
    )
    with pytest.raises(ValueError, match="'freq' parameter of segmentation_summary_sql"):
        segmentation_summary_sql(con, analysis_date="2025-02-01", freq="Y")
    with pytest.raises(ValueError, match="'analysis_date' parameter of btyd_summary_sql"):
        btyd_summary_sql(con, analysis_date="soon")
    with pytest.raises(ValueError, match="call open_log first"):
        btyd_summary_sql(con, analysis_date="2025-02-01", name="nope")


@pytest.mark.parametrize("nonpositive", ["exclude", "keep"])
def test_calibration_holdout_equal_to_pandas_on_cdnow(nonpositive):
    pytest.importorskip("lifetimes")
    from crmkit.btyd.holdout import calibration_holdout
    from crmkit.datasets import _lifetimes_cdnow

    cols = {"customer_id": "1", "date": "2", "amount": "4"}
    con = open_log(_lifetimes_cdnow(), columns=cols, file_format="whitespace")
    cdnow = crmkit.load_cdnow()
    kw = {"calibration_end": "1997-09-30", "holdout_end": "1998-06-30", "nonpositive": nonpositive}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # exclude: 8 customers with only $0
        got = calibration_holdout_sql(con, **kw)
        want = calibration_holdout(cdnow, **kw)
    got.index = got.index.astype("int64")
    pd.testing.assert_frame_equal(got, want, check_index_type=False, check_names=False, rtol=1e-10)
    # every CDNOW customer first bought in the calibration period; "exclude" leaves out
    # those whose calibration orders were all $0
    assert (len(got) == 23570) == (nonpositive == "keep")


def test_calibration_holdout_equal_to_pandas_on_the_world(tmp_path):
    from crmkit.btyd.holdout import calibration_holdout

    tx = crmkit.load_dataset("transactions")
    write_parquet(tx, tmp_path / "tx.parquet")
    con = open_log(tmp_path / "tx.parquet", columns=COLS)
    kw = {"calibration_end": "2024-12-31", "holdout_end": "2025-12-31"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        got, want = calibration_holdout_sql(con, **kw), calibration_holdout(tx, **kw)
    pd.testing.assert_frame_equal(got, want, check_index_type=False, rtol=1e-10)


def test_fitting_the_histories_equals_fitting_every_customer(tmp_path):
    from crmkit.btyd import BGNBD
    from crmkit.log_summaries import btyd_histories_sql

    tx = crmkit.load_dataset("transactions")
    write_parquet(tx, tmp_path / "tx.parquet")
    con = open_log(tmp_path / "tx.parquet", columns=COLS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        per_customer = btyd_summary_sql(con, analysis_date="2025-12-31", freq="W")
        histories = btyd_histories_sql(con, analysis_date="2025-12-31", freq="W")
    assert histories["customers"].sum() == len(per_customer)
    assert len(histories) < len(per_customer)  # (far fewer on a large log)
    a = BGNBD().fit(per_customer)
    b = BGNBD().fit(histories, count_col="customers")
    pd.testing.assert_series_equal(a.params_, b.params_, rtol=1e-7)
    assert a.log_likelihood_ == pytest.approx(b.log_likelihood_, rel=1e-10)
    assert b.n_customers_ == len(per_customer)
    with pytest.raises(ValueError, match="'customers' of the 'summary' parameter"):
        BGNBD().fit(histories.assign(customers=0.5), count_col="customers")
