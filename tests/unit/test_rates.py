"""Tests for crmkit.rates: shares by group, rate ratios with a bootstrap, a share against a claim."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit import rates
from crmkit.world import make_world

GROUPS = {"low": (1, 2), "high": (9, 10)}


@pytest.fixture(scope="module")
def default_world():
    return make_world(4000, seed=2026)


def _small_table():
    # 4 customers at 9, 3 of whom bought again; 4 at 7, 1 of whom did
    return pd.DataFrame({"s": [9] * 4 + [7] * 4, "y": [1, 1, 1, 0, 1, 0, 0, 0]})


def test_rate_by_group_hand_computed():
    table = pd.DataFrame({"s": [1, 2, 2, 9, 10, 5], "y": [0, 1, 1, 1, 1, 0]})
    out = rates.rate_by_group(table, "s", "y", GROUPS)
    # low: 2 of 3; high: 2 of 2; the 5 is in no group
    assert out["customers"].tolist() == [3, 2]
    assert out["yes"].tolist() == [2, 2]
    assert out["rate"].tolist() == pytest.approx([2 / 3, 1.0])
    # Wilson interval for 2 of 3, z = 1.959964: centre (2 + z²/2) / (3 + z²)
    z = 1.959963984540054
    centre = (2 + z**2 / 2) / (3 + z**2)
    half = z / (3 + z**2) * np.sqrt(2 * 1 / 3 + z**2 / 4)
    assert out.loc["low", "ci_low"] == pytest.approx(centre - half)
    assert out.loc["low", "ci_high"] == pytest.approx(centre + half)


def test_rate_by_group_accepts_bool_and_warns_on_missing():
    table = pd.DataFrame({"s": [1.0, np.nan, 9.0], "y": [True, False, True]})
    with pytest.warns(UserWarning, match="1 of 3 row"):
        out = rates.rate_by_group(table, "s", "y", GROUPS)
    assert out["customers"].tolist() == [1, 1]


def test_rate_by_group_empty_group_is_nan():
    out = rates.rate_by_group(pd.DataFrame({"s": [1], "y": [1]}), "s", "y", GROUPS)
    assert out.loc["high", "customers"] == 0
    assert np.isnan(out.loc["high", "rate"])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"table": [1, 2]}, TypeError, "'table' parameter"),
        ({"table": pd.DataFrame({"s": [], "y": []})}, ValueError, "at least one row"),
        ({"satisfaction": "nope"}, ValueError, "no column 'nope'"),
        ({"groups": {}}, ValueError, "'groups' parameter"),
        ({"groups": {"a": (3, 1)}}, ValueError, "low <= high"),
        ({"groups": {"a": (1, 5), "b": (5, 9)}}, ValueError, "must not overlap"),
        ({"conf_level": 1.5}, ValueError, "'conf_level'"),
        ({"table": pd.DataFrame({"s": [1], "y": [3]})}, ValueError, "yes/no"),
        ({"table": pd.DataFrame({"s": ["a"], "y": [1]})}, TypeError, "must be numeric"),
        ({"table": pd.DataFrame({"s": [1], "y": ["yes"]})}, TypeError, "yes/no"),
    ],
)
def test_rate_by_group_bad_input(kwargs, error, match):
    args = {"table": pd.DataFrame({"s": [1], "y": [1]}), "satisfaction": "s", "groups": GROUPS}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        rates.rate_by_group(
            args["table"],
            args["satisfaction"],
            "y",
            args["groups"],
            **{k: v for k, v in args.items() if k == "conf_level"},
        )


def test_rate_ratio_hand_computed():
    out = rates.rate_ratio(_small_table(), "s", "y", (9, 10), (7, 8), n_boot=500)
    # rates 3/4 and 1/4; risk ratio 3; odds (3/1) / (1/3) = 9
    assert out["estimate"].tolist() == pytest.approx([0.75, 0.25, 3.0, 9.0])
    assert (out["ci_low"] <= out["estimate"]).all()
    assert (out["estimate"] <= out["ci_high"]).all()


def test_rate_ratio_is_reproducible_and_seeded():
    a = rates.rate_ratio(_small_table(), "s", "y", (9, 10), (7, 8), n_boot=200, seed=1)
    b = rates.rate_ratio(_small_table(), "s", "y", (9, 10), (7, 8), n_boot=200, seed=1)
    pd.testing.assert_frame_equal(a, b)


@settings(max_examples=30, deadline=None)
@given(
    n_hi=st.integers(5, 60),
    n_lo=st.integers(5, 60),
    data=st.data(),
)
def test_rate_ratio_property_risk_ratio_below_its_ceiling(n_hi, n_lo, data):
    # Property: the risk ratio never exceeds 1 / (rate of the low group), and the odds
    # ratio is at least as far from 1 as the risk ratio.
    k_hi = data.draw(st.integers(1, n_hi - 1))
    k_lo = data.draw(st.integers(1, n_lo - 1))
    table = pd.DataFrame(
        {
            "s": [9] * n_hi + [7] * n_lo,
            "y": [1] * k_hi + [0] * (n_hi - k_hi) + [1] * k_lo + [0] * (n_lo - k_lo),
        }
    )
    out = rates.rate_ratio(table, "s", "y", (9, 9), (7, 7), n_boot=100)
    rr, orr = out.loc["risk_ratio", "estimate"], out.loc["odds_ratio", "estimate"]
    assert rr <= n_lo / k_lo + 1e-12
    assert abs(np.log(orr)) >= abs(np.log(rr)) - 1e-12


def test_rate_ratio_bad_input():
    table = _small_table()
    with pytest.raises(ValueError, match="'n_boot'"):
        rates.rate_ratio(table, "s", "y", (9, 10), (7, 8), n_boot=5)
    with pytest.raises(ValueError, match="'seed'"):
        rates.rate_ratio(table, "s", "y", (9, 10), (7, 8), seed=-1)
    with pytest.raises(ValueError, match=r"No customer .* 'low' range"):
        rates.rate_ratio(table, "s", "y", (9, 10), (1, 2))
    with pytest.raises(ValueError, match="infinite"):
        rates.rate_ratio(table.assign(y=[1, 1, 1, 0, 0, 0, 0, 0]), "s", "y", (9, 10), (7, 8))
    with pytest.raises(ValueError, match="must not overlap"):
        rates.rate_ratio(table, "s", "y", (7, 10), (7, 8))


def test_share_claim_hand_computed():
    table = pd.DataFrame({"reason": ["care", "care", "price", "care", None]})
    with pytest.warns(UserWarning, match="1 of 5"):
        out = rates.share_claim(table, "reason", ["care"], 0.5)
    assert out["answers"] == 4
    assert out["count"] == 3
    assert out["share"] == 0.75
    # exact binomial: P(X >= 3) + P(X <= 1) for n = 4, p = 0.5 = 5/16 + 5/16
    assert out["p_value"] == pytest.approx(10 / 16)


def test_share_claim_two_thirds_rejected_in_the_default_world(default_world):
    out = rates.share_claim(default_world.exits, "exit_reason", "indifference", 2 / 3)
    truth = default_world.params["exit_reason_shares"]["indifference"]  # 0.40
    assert out["ci_low"] < truth + 0.05
    assert out["ci_high"] < 2 / 3
    assert out["p_value"] < 1e-10


@pytest.mark.parametrize(
    ("values", "claim", "match"),
    [("boredom", 0.5, "'values'"), ([], 0.5, "'values'"), ("care", 1.0, "'claim'")],
)
def test_share_claim_bad_input(values, claim, match):
    with pytest.raises(ValueError, match=match):
        rates.share_claim(pd.DataFrame({"reason": ["care"]}), "reason", values, claim)


# ---------------------------------------------------------------- issue 14


def test_rate_ratio_n_boot_is_bounded():
    # n_boot=10**10 used to ask numpy for 74.5 GiB of binomial draws
    with pytest.raises(ValueError, match="'n_boot' parameter of rate_ratio must be from 100 to"):
        rates.rate_ratio(_small_table(), "s", "y", (9, 10), (7, 8), n_boot=10**10)
    with pytest.raises(ValueError, match="'n_boot' parameter"):
        rates.rate_ratio(_small_table(), "s", "y", (9, 10), (7, 8), n_boot=2000.0)
    out = rates.rate_ratio(_small_table(), "s", "y", (9, 10), (7, 8), n_boot=100)
    assert out.loc["risk_ratio", "estimate"] == pytest.approx(3.0)


def test_rate_by_group_refuses_infinite_satisfaction():
    table = _small_table().astype({"s": "float64"})
    table.loc[0, "s"] = np.inf
    with pytest.raises(ValueError, match=r"'s' column .* infinite"):
        rates.rate_by_group(table, "s", "y", {"a": (9, 10)})
