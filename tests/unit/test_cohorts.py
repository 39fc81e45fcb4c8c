"""Tests for crmkit.cohorts: cohort retention, the cohort table, the retention curve.

Expected numbers are computed by hand from the tiny log of ``clv_data.tiny_log``.
"""

from __future__ import annotations

import clv_data
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crmkit import cohorts


@pytest.fixture
def tiny_log() -> pd.DataFrame:
    return clv_data.tiny_log()


def test_cohort_retention_by_hand(tiny_log):
    out = cohorts.cohort_retention(tiny_log)
    assert list(out.columns) == ["cohort", "period", "cohort_size", "active", "share"]
    assert out["cohort"].tolist() == ["2025Q1"] * 3 + ["2025Q2"] * 2
    assert out["period"].tolist() == [0, 1, 2, 0, 1]
    assert out["active"].tolist() == [2, 1, 1, 1, 1]  # see the fixture's docstring
    assert out["share"].tolist() == [1.0, 0.5, 0.5, 1.0, 1.0]


def test_cohort_table_and_curve_by_hand(tiny_log):
    rows = cohorts.cohort_retention(tiny_log)
    table = cohorts.cohort_table(rows)
    assert table.index.tolist() == ["2025Q1", "2025Q2"]
    assert table.loc["2025Q1"].tolist() == [1.0, 0.5, 0.5]
    assert table.loc["2025Q2", 1] == 1.0 and np.isnan(table.loc["2025Q2", 2])
    curve = cohorts.retention_curve(rows)
    # period 1 pools both cohorts: (1 + 1) / (2 + 1); period 2 only the first: 1 / 2
    assert curve["share"].tolist() == pytest.approx([1.0, 2 / 3, 0.5])
    assert curve["cohorts"].tolist() == [2, 2, 1]


def test_cohort_months_and_end(tiny_log):
    out = cohorts.cohort_retention(tiny_log, freq="M", end="2025-09-30")
    first = out[out["cohort"] == "2025-01"]
    assert first["period"].max() == 8  # January to September
    # the January cohort is customer 1 alone (2 first bought in February); customer 1
    # buys in months 0, 3, 4 and 7 after January
    assert first.set_index("period")["active"].to_dict() == {
        0: 1,
        1: 0,
        2: 0,
        3: 1,
        4: 1,
        5: 0,
        6: 0,
        7: 1,
        8: 0,
    }


def test_cohort_bad_inputs(tiny_log):
    with pytest.raises(ValueError, match="'freq'"):
        cohorts.cohort_retention(tiny_log, freq="W")
    with pytest.raises(TypeError, match="DataFrame"):
        cohorts.cohort_retention([1, 2])
    with pytest.raises(ValueError, match="no column 'day'"):
        cohorts.cohort_retention(tiny_log, date_col="day")
    with pytest.raises(TypeError, match="datetime64"):
        cohorts.cohort_retention(tiny_log.assign(order_date="2025-01-01"))
    with pytest.raises(ValueError, match="missing"):
        cohorts.cohort_retention(tiny_log.assign(customer_id=[1, None, 1, 1, 2, 3, 3]))
    with pytest.raises(ValueError, match="'end'"):
        cohorts.cohort_retention(tiny_log, end="2025-01-01")
    with pytest.raises(ValueError, match="'end'"):
        cohorts.cohort_retention(tiny_log, end="not a date")
    with pytest.raises(ValueError, match="cohorts"):
        cohorts.cohort_table(tiny_log)


def test_time_zone_aware_dates_keep_their_wall_clock_date(tiny_log):
    # 05:00 on 1 April in Shanghai is 21:00 on 31 March in UTC: converted to UTC the
    # order would move to the first quarter; the kit keeps the local date (second)
    log = pd.DataFrame(
        {
            "customer_id": [1, 1],
            "order_date": pd.to_datetime(["2025-01-05 10:00", "2025-04-01 05:00"]).tz_localize(
                "Asia/Shanghai"
            ),
        }
    )
    out = cohorts.cohort_retention(log)
    assert out["period"].tolist() == [0, 1] and out["active"].tolist() == [1, 1]
    naive = tiny_log.assign(order_date=tiny_log["order_date"].dt.tz_localize("Asia/Shanghai"))
    pd.testing.assert_frame_equal(
        cohorts.cohort_retention(naive), cohorts.cohort_retention(tiny_log)
    )


def test_plot_cohort_heatmap_takes_and_returns_ax(tiny_log):
    _, ax = plt.subplots()
    table = cohorts.cohort_table(cohorts.cohort_retention(tiny_log))
    assert cohorts.plot_cohort_heatmap(table, ax=ax) is ax
    assert cohorts.plot_cohort_heatmap(table).figure is not ax.figure
    with pytest.raises(TypeError, match="'ax'"):
        cohorts.plot_cohort_heatmap(table, ax="left")
    assert np.isfinite(table.iloc[0]).all()
