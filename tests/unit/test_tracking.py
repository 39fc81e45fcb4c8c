"""Tests for crmkit.tracking: the tracking table by hand, and the ranking comparison."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import crmkit
from crmkit import btyd, metrics, tracking


class Linear:
    """A stand-in model: E[X(t)] = 0.5 t repeat purchases for a new customer."""

    def expected_purchases_new(self, t: float) -> float:
        return 0.5 * t


def tiny() -> pd.DataFrame:
    # offsets from 2025-01-28 in days: A born -21, again -14 (twice), +7; B born -7,
    # again 0; C born after calibration (left out); D born -18, again after the hold-out
    rows = [
        ("A", "2025-01-07"),
        ("A", "2025-01-14"),
        ("A", "2025-01-14"),
        ("A", "2025-02-04"),
        ("B", "2025-01-21"),
        ("B", "2025-01-28"),
        ("C", "2025-02-01"),
        ("C", "2025-02-05"),
        ("D", "2025-01-10"),
        ("D", "2025-03-01"),
    ]
    return pd.DataFrame(rows, columns=["customer_id", "order_date"]).assign(
        order_date=lambda t: pd.to_datetime(t["order_date"])
    )


def test_tracking_table_by_hand():
    out = tracking.tracking_table(
        tiny(), Linear(), calibration_end="2025-01-28", holdout_end="2025-02-11"
    )
    assert out["period"].tolist() == [-3, -2, -1, 0, 1, 2]
    assert out["phase"].tolist() == ["calibration"] * 4 + ["holdout"] * 2
    assert out["days"].tolist() == [7] * 6
    assert out["end_date"].iloc[0] == pd.Timestamp("2025-01-07")
    assert out["end_date"].iloc[-1] == pd.Timestamp("2025-02-11")
    # repeat purchase days: A at -14 (one day, two orders), B at 0, A at +7
    assert out["actual"].tolist() == [0, 1, 0, 1, 1, 0]
    assert out["actual_cumulative"].tolist() == [0, 1, 1, 2, 3, 3]
    # sum over the born customers of 0.5 * weeks since birth (A -21, D -18, B -7):
    # at -14: 0.5 * (7 + 4) / 7; at -7: 0.5 * (14 + 11 + 0) / 7; at 0: 0.5 * (21 + 18 + 7) / 7
    expected = [0.0, 11 / 14, 25 / 14, 46 / 14, 67 / 14, 88 / 14]
    assert out["expected_cumulative"].to_numpy() == pytest.approx(expected)
    assert out["expected"].to_numpy() == pytest.approx(np.diff(expected, prepend=0.0))


def test_tracking_table_short_last_period_and_days():
    out = tracking.tracking_table(
        tiny(), Linear(), calibration_end="2025-01-28", holdout_end="2025-02-05"
    )
    # the hold-out is 8 days: one full week, then a single day
    assert (
        out["end_date"].iloc[-2:].tolist() == pd.to_datetime(["2025-02-04", "2025-02-05"]).tolist()
    )
    assert out["expected_cumulative"].iloc[-1] == pytest.approx(0.5 * (29 + 26 + 15) / 7)
    assert out["days"].iloc[-2:].tolist() == [7, 1]
    days = tracking.tracking_table(
        tiny(), Linear(), calibration_end="2025-01-28", holdout_end="2025-02-11", unit_days=1
    )
    assert len(days) == 22 + 14 and days["actual"].sum() == 3
    # the same model in days: 0.5 per day, so 7 times the weekly total at the end
    assert days["expected_cumulative"].iloc[-1] == pytest.approx(0.5 * (35 + 32 + 21))


@pytest.fixture(scope="module")
def world_fit():
    log = crmkit.load_dataset("transactions")
    purchases = log[log["revenue"] > 0]
    calhold = btyd.calibration_holdout(
        purchases, calibration_end="2025-06-30", holdout_end="2025-12-31"
    )
    return purchases, calhold, btyd.BGNBD().fit(calhold)


def test_tracking_table_agrees_with_the_summary(world_fit):
    purchases, calhold, model = world_fit
    before = purchases.copy()
    out = tracking.tracking_table(
        purchases, model, calibration_end="2025-06-30", holdout_end="2025-12-31"
    )
    pd.testing.assert_frame_equal(purchases, before)
    at_end = out.loc[out["period"] == 0].iloc[0]
    assert at_end["actual_cumulative"] == calhold["frequency"].sum()
    new = sum(model.expected_purchases_new(t) for t in calhold["T"])
    assert at_end["expected_cumulative"] == pytest.approx(new, rel=1e-10)
    holdout = out[out["phase"] == "holdout"]
    assert holdout["actual"].sum() == calhold["frequency_holdout"].sum()


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"purchases": [1]}, TypeError, "'purchases' parameter"),
        ({"model": object()}, TypeError, "'model' parameter.*expected_purchases_new"),
        ({"holdout_end": "2025-01-01"}, ValueError, "'holdout_end' parameter"),
        ({"calibration_end": "2024-01-01"}, ValueError, "purchase on or before"),
        ({"unit_days": 0}, ValueError, "'unit_days' parameter"),
        ({"calibration_end": "soon"}, ValueError, "'calibration_end' parameter"),
        ({"date_col": "day"}, ValueError, "day"),
    ],
)
def test_tracking_table_bad_input(kwargs, error, match):
    args = {
        "purchases": tiny(),
        "model": Linear(),
        "calibration_end": "2025-01-28",
        "holdout_end": "2025-02-11",
    }
    args.update(kwargs)
    purchases, model = args.pop("purchases"), args.pop("model")
    with pytest.raises(error, match=match):
        tracking.tracking_table(purchases, model, **args)


def test_tracking_table_string_dates_are_refused():
    with pytest.raises(TypeError, match="order_date"):
        tracking.tracking_table(
            tiny().astype({"order_date": str}),
            Linear(),
            calibration_end="2025-01-28",
            holdout_end="2025-02-11",
        )


def test_plot_tracking_returns_the_axes():
    table = tracking.tracking_table(
        tiny(), Linear(), calibration_end="2025-01-28", holdout_end="2025-02-11"
    )
    fig, ax = plt.subplots()
    assert tracking.plot_tracking({"linear": table, "again": table}, ax=ax) is ax
    assert len(ax.get_lines()) == 4  # actual, two models, the calibration line
    assert tracking.plot_tracking({"linear": table}, cumulative=False, ax=ax) is ax
    plt.close(fig)
    short = tracking.tracking_table(
        tiny(), Linear(), calibration_end="2025-01-28", holdout_end="2025-02-05"
    )
    fig, ax = plt.subplots()
    tracking.plot_tracking({"linear": short}, cumulative=False, ax=ax)
    # the one-day last period is not drawn; the cumulative plot keeps it
    assert len(ax.get_lines()[0].get_xdata()) == len(short) - 1
    tracking.plot_tracking({"linear": short}, ax=ax)
    assert len(ax.get_lines()[-2].get_xdata()) == len(short)
    with pytest.raises(TypeError, match="'tables' parameter"):
        tracking.plot_tracking(table, ax=ax)
    with pytest.raises(ValueError, match="actual_cumulative"):
        tracking.plot_tracking({"x": table.drop(columns="actual_cumulative")}, ax=ax)
    plt.close(fig)


# ten customers, three of them positive
Y = pd.Series([1, 1, 0, 0, 1, 0, 0, 0, 0, 0], index=list("abcdefghij"), dtype=bool)


def test_compare_rankings_by_hand():
    perfect = pd.Series(Y.astype(float).to_numpy() + np.arange(10) / 100, index=Y.index)
    tied = pd.Series([3, 2, 2, 2, 1, 1, 1, 1, 1, 1], index=Y.index, dtype=float)
    out = tracking.compare_rankings(
        {"perfect": perfect, "tied": tied}, Y, top=0.2, n_boot=50, seed=1
    )
    assert out.loc["perfect", "auc"] == pytest.approx(1.0)
    # top 2 of 10: both positive, against a share of 0.3 overall
    assert out.loc["perfect", "lift"] == pytest.approx(1 / 0.3)
    # tied: a (positive) then half... one of the three tied b, c, d (one positive): 1 + 1/3
    assert out.loc["tied", "lift"] == pytest.approx((1 + 1 / 3) / 2 / 0.3)
    assert out.loc["tied", "auc"] == pytest.approx(metrics.auc(Y, tied))
    assert out.loc["perfect", ["auc_diff", "auc_diff_low", "auc_diff_high"]].tolist() == [0, 0, 0]
    assert out.loc["tied", "auc_diff"] == pytest.approx(metrics.auc(Y, tied) - 1)
    assert out.attrs["top_customers"] == 2 and out.attrs["replicates"] <= 50


def test_compare_rankings_is_seeded_and_aligned_by_label():
    rng = np.random.default_rng(0)
    y = pd.Series(rng.random(300) < 0.4)
    score = pd.Series(y.to_numpy() + rng.normal(size=300))
    a = tracking.compare_rankings({"s": score}, y, n_boot=100, seed=5)
    b = tracking.compare_rankings({"s": score.iloc[::-1]}, y, n_boot=100, seed=5)
    pd.testing.assert_frame_equal(a, b)
    c = tracking.compare_rankings({"s": score}, y, n_boot=100, seed=6)
    assert a.loc["s", "auc_low"] != c.loc["s", "auc_low"]
    assert a.loc["s", "auc_low"] < a.loc["s", "auc"] < a.loc["s", "auc_high"]
    assert a.loc["s", "lift_low"] < a.loc["s", "lift"] < a.loc["s", "lift_high"]


@pytest.mark.parametrize(
    ("scores", "outcome", "kwargs", "error", "match"),
    [
        ({}, Y, {}, TypeError, "'scores' parameter"),
        ({"s": [1, 2]}, Y, {}, TypeError, r"scores\['s'\]"),
        ({"s": Y.astype(float)}, list(Y), {}, TypeError, "'outcome' parameter"),
        ({"s": Y.astype(float)}, Y.astype(int) * 2, {}, ValueError, "'outcome' parameter"),
        ({"s": Y.astype(float)}, Y & False, {}, ValueError, "both"),
        ({"s": Y.astype(float).iloc[1:]}, Y, {}, ValueError, "same customers"),
        ({"s": Y.astype(float).where(Y, np.nan)}, Y, {}, ValueError, "finite"),
        ({"s": Y.astype(float)}, Y, {"n_boot": 0}, ValueError, "'n_boot' parameter"),
        ({"s": Y.astype(float)}, Y, {"n_boot": 10**6}, ValueError, "'n_boot' parameter"),
        ({"s": Y.astype(float)}, Y, {"top": 0}, ValueError, "'top' parameter"),
        ({"s": Y.astype(float)}, Y, {"seed": -1}, ValueError, "'seed' parameter"),
    ],
)
def test_compare_rankings_bad_input(scores, outcome, kwargs, error, match):
    with pytest.raises(error, match=match):
        tracking.compare_rankings(scores, outcome, **kwargs)
