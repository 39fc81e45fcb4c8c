"""Tests for crmkit.zones: the satisfaction-loyalty curve and the piecewise zone logit."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import crmkit
from crmkit import repurchase, zones
from crmkit.world import make_world


@pytest.fixture(scope="module")
def world():
    return crmkit.make_world()


@pytest.fixture
def curve_table() -> pd.DataFrame:
    return pd.DataFrame(
        {"overall_satisfaction": [1, 1, 2, 2, 2, 3], "bought_again": [0, 1, 1, 1, 0, 1]}
    )


def _dropout_table(world):
    buyers = world.customers["status"].astype(str) != "potential"
    truth = world.truth[buyers.to_numpy()]
    z = (truth["satisfaction"] - world.truth["satisfaction"].mean()) / world.truth[
        "satisfaction"
    ].std()
    return pd.DataFrame({"satisfaction": z, "dropout": truth["dropout_prob"]})


def test_satisfaction_curve_by_hand(curve_table):
    from statsmodels.stats.proportion import proportion_confint

    out = zones.satisfaction_curve(curve_table)
    # level 1: 1 of 2 bought again; level 2: 2 of 3; level 3: 1 of 1
    assert out.index.tolist() == [1, 2, 3]
    assert out["customers"].tolist() == [2, 3, 1]
    assert out["rate"].tolist() == pytest.approx([0.5, 2 / 3, 1.0])
    low, high = proportion_confint(2, 3, alpha=0.05, method="wilson")
    assert out.loc[2, "ci_low"] == pytest.approx(low)
    assert out.loc[2, "ci_high"] == pytest.approx(high)


def test_satisfaction_curve_bins(curve_table):
    out = zones.satisfaction_curve(curve_table, bins=[0, 1.5, 2.5, 2.8, 3])
    # (0, 1.5]: 1 of 2; (1.5, 2.5]: 2 of 3; (2.5, 2.8]: empty; (2.8, 3]: 1 of 1
    assert out.index.tolist() == ["(0.0, 1.5]", "(1.5, 2.5]", "(2.5, 2.8]", "(2.8, 3.0]"]
    assert out["customers"].tolist() == [2, 3, 0, 1]
    assert np.isnan(out.loc["(2.5, 2.8]", "rate"])
    assert np.isnan(out.loc["(2.5, 2.8]", "ci_low"])
    assert len(zones.satisfaction_curve(curve_table, bins=2)) == 2


def test_satisfaction_curve_bad_input(curve_table):
    with pytest.raises(ValueError, match="fall outside the 'bins'"):
        zones.satisfaction_curve(curve_table, bins=[1.5, 3])
    for bad in [True, 0, [1]]:
        with pytest.raises(ValueError, match="'bins' parameter"):
            zones.satisfaction_curve(curve_table, bins=bad)
    with pytest.raises(ValueError, match="must be yes/no"):
        zones.satisfaction_curve(curve_table.assign(bought_again=[0, 1, 2, 1, 0, 1]))
    with pytest.raises(TypeError, match="must be numeric"):
        zones.satisfaction_curve(curve_table.assign(overall_satisfaction=list("abcdef")))
    with pytest.raises(ValueError, match="no column 'satisfaction'"):
        zones.satisfaction_curve(curve_table, "satisfaction")
    gap = curve_table.astype("float64")
    gap.loc[0, "overall_satisfaction"] = np.nan
    with pytest.warns(UserWarning, match=r"1 of 6 row\(s\)"):
        assert zones.satisfaction_curve(gap)["customers"].sum() == 5


def test_satisfaction_curve_on_the_world(world):
    table = repurchase.stated_vs_actual(world.survey, world.transactions, days=180)
    table = table.join(world.survey.set_index("customer_id")["overall_satisfaction"])
    curve = zones.satisfaction_curve(table)
    assert curve["customers"].sum() == len(table)
    # more satisfied customers buy again more often: top levels beat bottom levels
    assert curve.loc[[8, 9, 10], "rate"].min() > curve.loc[[2, 3, 4], "rate"].max()
    ax = zones.plot_satisfaction_curve(curve)
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(v) for v in curve.index]
    with pytest.raises(ValueError, match="no column 'rate'"):
        zones.plot_satisfaction_curve(curve.drop(columns="rate"))


@pytest.mark.parametrize("curve", ["zones", "linear"])
def test_zone_slopes_find_the_world_curve(curve):
    world = make_world(4000, seed=11, satisfaction_curve=curve)
    slopes = zones.zone_slopes(_dropout_table(world), "satisfaction", "dropout", (-0.75, 0.75))
    s = slopes["slope"]
    # true slope outside the middle zone: -satisfaction_slope (1.5) minus the path through
    # loyalty (0.40 x 0.60 = 0.24 per sd of loyalty); in the middle only the loyalty path
    assert s["affection"] < -1.3
    assert s["defection"] < -1.3
    if curve == "zones":
        assert -0.7 < s["indifference"] < 0.0
        assert slopes.loc["indifference", "ci_low"] > slopes.loc["affection", "ci_high"]
        assert slopes.attrs["line_test"]["p_value"] < 1e-6
    else:
        assert s["indifference"] < -1.3
        assert abs(s["indifference"] - s["affection"]) < 0.5


# the shares are exactly logistic, so statsmodels notes a "perfect prediction"
@pytest.mark.filterwarnings("ignore::statsmodels.tools.sm_exceptions.PerfectSeparationWarning")
def test_zone_slopes_hand_made_piecewise_truth():
    # probabilities exactly logistic in a piecewise line: slopes -2, 0, -2 are recovered
    x = np.linspace(-3, 3, 601)
    logit = -1 + np.where(x < -1, 2 * (x + 1), 0) * -1 + np.where(x > 1, -2 * (x - 1), 0)
    table = pd.DataFrame({"x": x, "p": 1 / (1 + np.exp(-logit))})
    slopes = zones.zone_slopes(table, "x", "p", (-1, 1))
    assert slopes["slope"].tolist() == pytest.approx([-2.0, 0.0, -2.0], abs=1e-6)
    assert slopes["customers"].tolist() == [200, 201, 200]


def test_zone_curve_and_plot():
    x = np.repeat(np.arange(1, 11), 20).astype(float)
    y = (np.arange(len(x)) % 10 < x).astype(int)
    table = pd.DataFrame({"x": x, "y": y})
    curve = zones.zone_curve(table, "x", "y", (4.5, 7.5), points=11)
    assert len(curve) == 11
    assert curve["satisfaction"].iloc[[0, -1]].tolist() == [1.0, 10.0]
    assert (curve["ci_low"] <= curve["probability"]).all()
    assert curve["zone"].tolist()[:4] == ["defection"] * 4
    observed = table.groupby("x")["y"].agg(rate="mean").assign(ci_low=0.0, ci_high=1.0)
    ax = zones.plot_zone_curve(curve, observed=observed, thresholds=(4.5, 7.5))
    assert ax is plt.gca()
    assert len(ax.lines) >= 3
    _fig, other = plt.subplots()
    assert zones.plot_zone_curve(curve, ax=other) is other


def test_zone_bad_input():
    table = pd.DataFrame({"x": np.arange(10.0), "y": [0, 1] * 5})
    with pytest.raises(ValueError, match="'thresholds'"):
        zones.zone_slopes(table, "x", "y", (5, 2))
    with pytest.raises(ValueError, match=r"zone of defection .* holds 0"):
        zones.zone_slopes(table, "x", "y", (-5, 2))
    with pytest.raises(ValueError, match="share between 0 and 1"):
        zones.zone_slopes(table.assign(y=2.0), "x", "y", (2, 6))
    with pytest.raises(ValueError, match="'points'"):
        zones.zone_curve(table, "x", "y", (2, 6), points=1)
    with pytest.raises(ValueError, match="no column"):
        zones.plot_zone_curve(pd.DataFrame({"a": [1]}))


# ------------------------------------------------------------------------------------
# issue 14: sizes are bounded, infinite values refused
# ------------------------------------------------------------------------------------


def test_satisfaction_curve_bins_are_bounded(curve_table):
    # bins=10**8 used to build 10**8 empty bins (gigabytes) before answering
    with pytest.raises(ValueError, match="'bins' parameter of satisfaction_curve must be from 1"):
        zones.satisfaction_curve(curve_table, bins=10**8)
    with pytest.raises(ValueError, match="'bins' parameter"):
        zones.satisfaction_curve(curve_table, bins=list(range(zones.MAX_BINS + 2)))
    for edges in ([0, np.inf], [0, np.nan, 3], [3, 1, 0], ["a", "b"]):
        with pytest.raises(ValueError, match="increasing, finite bin edges"):
            zones.satisfaction_curve(curve_table, bins=edges)
    assert len(zones.satisfaction_curve(curve_table, bins=zones.MAX_BINS)) == zones.MAX_BINS
    labels = zones.satisfaction_curve(curve_table, bins=np.array([0, 2, 3])).index.tolist()
    assert labels == ["(0, 2]", "(2, 3]"]  # integer edges keep integer labels


def test_satisfaction_curve_refuses_infinite_satisfaction(curve_table):
    bad = curve_table.astype("float64")
    bad.loc[0, "overall_satisfaction"] = np.inf
    with pytest.raises(ValueError, match=r"'overall_satisfaction' column .* infinite"):
        zones.satisfaction_curve(bad)


def test_zone_curve_points_are_bounded():
    # points=10**8 used to predict on a grid of 10**8 points (gigabytes)
    x = np.repeat(np.arange(1, 11), 20).astype(float)
    table = pd.DataFrame({"x": x, "y": (np.arange(len(x)) % 10 < x).astype(int)})
    with pytest.raises(ValueError, match="'points' parameter of zone_curve must be from 2 to"):
        zones.zone_curve(table, "x", "y", (4.5, 7.5), points=10**8)
    with pytest.raises(ValueError, match="'points' parameter"):
        zones.zone_curve(table, "x", "y", (4.5, 7.5), points=50.0)
    assert len(zones.zone_curve(table, "x", "y", (4.5, 7.5), points=zones.MAX_POINTS)) == (
        zones.MAX_POINTS
    )


def test_plot_zone_curve_without_ax_draws_on_a_new_axes():
    x = np.repeat(np.arange(1, 11), 20).astype(float)
    table = pd.DataFrame({"x": x, "y": (np.arange(len(x)) % 10 < x).astype(int)})
    curve = zones.zone_curve(table, "x", "y", (4.5, 7.5), points=11)
    _, busy = plt.subplots()
    busy.plot([0, 1], [0, 1])
    ax = zones.plot_zone_curve(curve)
    assert ax is not busy
    with pytest.raises(TypeError, match="'ax' parameter of plot_zone_curve"):
        zones.plot_zone_curve(curve, ax="left")
