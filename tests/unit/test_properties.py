"""Properties every public function that reads a purchase log keeps, on any valid log.

For finite, valid input (hypothesis draws small logs with several customers, repeat and
single purchases, returns and zero-value orders, orders on one day): no function
modifies its input, no numeric output is NaN or infinite unless the function documents
it, and no customer disappears without being counted (the summaries warn about the
customers they leave out, by number).
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmkit import cohorts, concentration, summaries, tiers
from crmkit.btyd import calibration_holdout
from crmkit.rfm_scoring import rfm_score

# scoring a handful of customers collapses codes, which rfm_score rightly warns about
pytestmark = pytest.mark.filterwarnings("ignore:rfm_score:UserWarning")

START = pd.Timestamp("2024-01-01")
END = pd.Timestamp("2025-12-31")

rows = st.lists(
    st.tuples(
        st.integers(1, 8),  # customer
        st.integers(0, 729),  # day in the two years
        st.sampled_from([-30.0, 0.0, 9.99, 25.0, 250.0]),  # returns, free orders, sales
    ),
    min_size=3,
    max_size=60,
)


def _log(drawn) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": np.array([r[0] for r in drawn], dtype="int64"),
            "order_date": [START + pd.Timedelta(days=r[1]) for r in drawn],
            "revenue": [r[2] for r in drawn],
        }
    )


def _left_out(caught) -> int:
    """Customers a summary's warning says it left out (0 when it warned of none)."""
    total = 0
    for w in caught:
        found = re.search(r"(\d+) customer\(s\) have no purchase", str(w.message))
        total += int(found.group(1)) if found else 0
    return total


def _finite(frame: pd.DataFrame, allow_nan: tuple[str, ...] = ()) -> None:
    numbers = frame.select_dtypes("number").drop(columns=list(allow_nan), errors="ignore")
    values = numbers.to_numpy(dtype="float64")
    assert np.isfinite(values).all(), numbers[~np.isfinite(values).all(axis=1)]


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(rows, st.sampled_from(["exclude", "keep"]))
def test_summaries_keep_input_count_everyone_and_stay_finite(drawn, nonpositive):
    log = _log(drawn)
    before = log.copy(deep=True)
    customers = log["customer_id"].nunique()
    if nonpositive == "exclude" and not (log["revenue"] > 0).any():
        with pytest.raises(ValueError, match="no value above 0"):
            summaries.segmentation_summary(log, analysis_date=END, nonpositive=nonpositive)
        return
    for summarise in (summaries.segmentation_summary, summaries.btyd_summary):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = summarise(log, analysis_date=END, nonpositive=nonpositive)
        pd.testing.assert_frame_equal(log, before)
        assert len(out) + _left_out(caught) == customers
        _finite(out)
        scores = rfm_score(out)  # any summary can be scored
        assert len(scores.scores) == len(out)


@SETTINGS
@given(rows)
def test_calibration_holdout_counts_everyone_it_describes(drawn):
    log = _log(drawn)
    before = log.copy(deep=True)
    cal_end = START + pd.Timedelta(days=365)
    in_cal = log[log["order_date"] <= cal_end]
    if not (in_cal["revenue"] > 0).any():
        return  # nothing to describe: the function says so (tested in test_btyd_holdout)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = calibration_holdout(log, calibration_end=cal_end, holdout_end=END)
    pd.testing.assert_frame_equal(log, before)
    assert len(out) + _left_out(caught) == in_cal["customer_id"].nunique()
    _finite(out)
    assert (out["frequency_holdout"] >= 0).all() and (out["recency"] <= out["T"]).all()


@SETTINGS
@given(rows)
def test_cohorts_keep_input_and_count_every_buyer(drawn):
    log = _log(drawn)
    before = log.copy(deep=True)
    table = cohorts.cohort_retention(log, end=END)
    pd.testing.assert_frame_equal(log, before)
    first = table[table["period"] == 0]
    assert first["cohort_size"].sum() == log["customer_id"].nunique()
    assert (first["active"] == first["cohort_size"]).all()
    assert ((table["share"] >= 0) & (table["share"] <= 1)).all()


@SETTINGS
@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=50))
def test_concentration_and_tiers_on_any_amounts(amounts):
    values = pd.Series(amounts, dtype="float64")
    before = values.copy()
    if values.sum() <= 0:
        return  # nothing to share out; refused with a clear error (test_concentration)
    for result in (concentration.pareto_table(values), concentration.lorenz_curve(values)):
        _finite(result)
    g = concentration.gini(values)
    assert 0 <= g <= 1
    labels = tiers.abc_tiers(values)
    assert len(labels) == len(values)
    pd.testing.assert_series_equal(values, before)
