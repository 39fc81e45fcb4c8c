"""Tests for crmkit.mailing_inference: intervals, roll-out rule, incremental response,
RFM cells against a logit.

Expected numbers are computed by hand (the formula in a comment next to them).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from crmkit.mailing import mailing_analysis
from crmkit.mailing_inference import (
    incremental_response,
    response_interval,
    rfm_vs_logit,
    rollout_decision,
)

Z = 1.959963984540054  # the 97.5% normal quantile


def wilson(k: int, n: int, z: float = Z) -> tuple[float, float]:
    """Wilson's score interval, written out: (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


# ------------------------------------------------------------------------------------
# response_interval
# ------------------------------------------------------------------------------------


def test_wilson_interval_by_hand():
    # 2 of 10: z² = 3.8415; centre = (0.2 + 0.19207) / 1.38415 = 0.28326;
    # half = 1.95996 / 1.38415 * sqrt(0.016 + 0.0096037) = 0.22658 -> (0.0567, 0.5098)
    out = response_interval([2], [10])
    assert out["response_rate"].iloc[0] == pytest.approx(0.2)
    assert out["rate_low"].iloc[0] == pytest.approx(0.05668, abs=1e-5)
    assert out["rate_high"].iloc[0] == pytest.approx(0.50984, abs=1e-5)
    # the R = 4 group of chapter 3: 19 of 307 -> about 4.0% to 9.5%
    low, high = wilson(19, 307)
    row = response_interval(19, 307).iloc[0]
    assert (row["rate_low"], row["rate_high"]) == pytest.approx((low, high))
    assert row["rate_low"] == pytest.approx(0.0400, abs=1e-4)


def test_wilson_interval_at_zero_and_all():
    # 0 of n: the lower bound is 0 and the upper z²/(n + z²) (not 0, as Wald's would be)
    out = response_interval([0, 5], [5, 5])
    assert out["rate_low"].iloc[0] == pytest.approx(0.0, abs=1e-12)
    assert out["rate_high"].iloc[0] == pytest.approx(Z**2 / (5 + Z**2))
    assert out["rate_high"].iloc[1] == pytest.approx(1.0)
    assert out["rate_low"].iloc[1] == pytest.approx(5 / (5 + Z**2))


def test_exact_interval_is_wider_and_level_matters():
    # Clopper-Pearson for 0 of 10: upper bound 1 - 0.025^(1/10) = 0.30850
    exact = response_interval([0], [10], method="exact").iloc[0]
    assert exact["rate_high"] == pytest.approx(1 - 0.025 ** (1 / 10))
    w95 = response_interval([3], [20]).iloc[0]
    w80 = response_interval([3], [20], level=0.8).iloc[0]
    assert w80["rate_low"] > w95["rate_low"] and w80["rate_high"] < w95["rate_high"]


def test_interval_keeps_series_index():
    k = pd.Series([1, 2], index=["a", "b"])
    n = pd.Series([4, 8], index=["a", "b"])
    assert response_interval(k, n).index.tolist() == ["a", "b"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"responses": [3], "mailed": [2]}, "'mailed' parameter"),
        ({"responses": [0], "mailed": [0]}, "'mailed' parameter"),
        ({"responses": [-1], "mailed": [2]}, "'responses' parameter"),
        ({"responses": [1.5], "mailed": [2]}, "'responses' parameter"),
        ({"responses": [True], "mailed": [2]}, "'responses' parameter"),
        ({"responses": [1, 2], "mailed": [2]}, "one count per group"),
        ({"responses": [1], "mailed": [np.nan]}, "'mailed' parameter"),
        ({"responses": [1], "mailed": [2], "level": 1.0}, "'level' parameter"),
        ({"responses": [1], "mailed": [2], "method": "wald"}, "'method' parameter"),
    ],
)
def test_interval_bad_input(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        response_interval(**kwargs)


# ------------------------------------------------------------------------------------
# rollout_decision
# ------------------------------------------------------------------------------------


def test_rollout_rule_three_outcomes():
    # break-even 5 / 40 = 0.125
    analysis = pd.DataFrame(
        {
            "cell": ["555", "111", "333"],
            "mailed": [100, 100, 4],
            "responses": [50, 0, 1],
            "breakeven_rate": 0.125,
        }
    )
    out = rollout_decision(analysis)
    # 50/100: Wilson lower bound 0.404 > 0.125 -> roll out
    # 0/100: upper bound 3.8415 / 103.8415 = 0.037 < 0.125 -> do not
    # 1/4: (0.046, 0.699) straddles 0.125 -> test more
    assert out["decision"].astype(str).tolist() == ["roll out", "do not roll out", "test more"]
    assert out["rate_high"].iloc[1] == pytest.approx(Z**2 / (100 + Z**2))
    assert list(out["decision"].cat.categories) == ["roll out", "test more", "do not roll out"]
    assert "decision" not in analysis.columns  # input not mutated


def test_rollout_rule_on_mailing_analysis():
    scores = pd.DataFrame(
        {"cell": ["555"] * 4 + ["111"] * 4, "R": [5] * 4 + [1] * 4, "F": 1, "M": 1},
        index=pd.Index(range(1, 9), name="customer_id"),
    )
    mailing = pd.DataFrame(
        {
            "customer_id": range(1, 9),
            "responded": [True, True, False, False] + [False] * 4,
            "response_revenue": [100.0, 100.0] + [0.0] * 6,
        }
    )
    out = rollout_decision(
        mailing_analysis(scores, mailing, cost_per_piece=5, margin_per_response=40)
    )
    # 2 of 4 is above break-even (the old hard flag says roll out), but 4 customers
    # cannot show it: Wilson (0.150, 0.850) ... lower bound above 0.125 -> roll out;
    # 0 of 4: upper bound 3.8415 / 7.8415 = 0.49 -> test more
    low, _ = wilson(2, 4)
    assert out.set_index("cell").loc["555", "rate_low"] == pytest.approx(low)
    assert out.set_index("cell")["decision"].astype(str).to_dict() == {
        "111": "test more",
        "555": "roll out",
    }


def test_rollout_bad_input():
    with pytest.raises(ValueError, match="breakeven_rate"):
        rollout_decision(pd.DataFrame({"mailed": [2], "responses": [1]}))
    with pytest.raises(TypeError, match="'analysis' parameter"):
        rollout_decision([1, 2])


# ------------------------------------------------------------------------------------
# incremental_response
# ------------------------------------------------------------------------------------


def test_incremental_response_by_hand():
    # mailed 10 (4 bought), control 10 (1 bought): incremental 0.4 - 0.1 = 0.3;
    # Newcombe: 0.3 - sqrt((0.4 - l1)² + (u0 - 0.1)²), 0.3 + sqrt((u1 - 0.4)² + (0.1 - l0)²)
    mailed = pd.Series([True] * 10 + [False] * 10, index=range(20))
    bought = pd.Series([True] * 4 + [False] * 6 + [True] + [False] * 9, index=range(20))
    out = incremental_response(bought, mailed).iloc[0]
    l1, u1 = wilson(4, 10)
    l0, u0 = wilson(1, 10)
    assert out["mailed"] == 10 and out["mailed_buyers"] == 4
    assert out["control"] == 10 and out["control_buyers"] == 1
    assert out["incremental"] == pytest.approx(0.3)
    assert out["mailed_low"] == pytest.approx(l1) and out["control_high"] == pytest.approx(u0)
    assert out["incremental_low"] == pytest.approx(0.3 - math.hypot(0.4 - l1, u0 - 0.1))
    assert out["incremental_high"] == pytest.approx(0.3 + math.hypot(u1 - 0.4, 0.1 - l0))


def test_incremental_response_matches_by_label():
    mailed = pd.Series([True, True, False, False], index=[1, 2, 3, 4])
    bought = pd.Series([True, False, False, True], index=[4, 1, 2, 3])  # shuffled labels
    out = incremental_response(bought, mailed).iloc[0]
    # by label: 1 False, 2 False (mailed); 3 True, 4 True (control); by position it
    # would be 1 True, 2 False, 3 False, 4 True
    assert out["mailed_buyers"] == 0 and out["control_buyers"] == 2
    assert out["incremental"] == pytest.approx(-1.0)


def test_incremental_response_bad_input():
    mailed = pd.Series([True, True], index=[1, 2])
    with pytest.raises(ValueError, match="both mailed"):
        incremental_response(pd.Series([True, False], index=[1, 2]), mailed)
    with pytest.raises(ValueError, match="'bought'"):
        incremental_response(pd.Series([True, False], index=[1, 3]), mailed)
    with pytest.raises(ValueError, match="'bought' parameter"):
        incremental_response(
            pd.Series([2, 0], index=[1, 2]), pd.Series([True, False], index=[1, 2])
        )
    with pytest.raises(TypeError, match="'mailed' parameter"):
        incremental_response(pd.Series([True, False], index=[1, 2]), [True, False])


# ------------------------------------------------------------------------------------
# rfm_vs_logit
# ------------------------------------------------------------------------------------


def _test_data(n: int = 600, seed: int = 1):
    rng = np.random.default_rng(seed)
    R = rng.integers(1, 6, n)
    F = rng.integers(1, 6, n)
    M = rng.integers(1, 6, n)
    scores = pd.DataFrame(
        {"R": R, "F": F, "M": M, "cell": [f"{r}{f}{m}" for r, f, m in zip(R, F, M, strict=True)]},
        index=pd.Index(range(n), name="customer_id"),
    )
    responded = rng.random(n) < 1 / (1 + np.exp(-(-5 + 0.9 * R)))  # only R matters
    mailing = pd.DataFrame(
        {
            "customer_id": range(n),
            "responded": responded,
            "response_revenue": np.where(responded, 50.0, 0.0),
        }
    )
    return scores, mailing


def test_rfm_vs_logit_ranks_and_counts():
    scores, mailing = _test_data()
    out = rfm_vs_logit(scores, mailing, seed=3)
    assert out["method"].tolist() == ["RFM cells", "logit on R, F, M"]
    assert (out["train_customers"] == 300).all() and (out["test_customers"] == 300).all()
    # the logit knows that R drives response; 125 cells of about 2 training customers
    # each do not: the logit ranks the held-out customers better
    assert out["auc"].iloc[1] > 0.75
    assert out["auc"].iloc[1] > out["auc"].iloc[0]
    assert out["test_in_unseen_cells"].iloc[0] > 0
    again = rfm_vs_logit(scores, mailing, seed=3)
    pd.testing.assert_frame_equal(out, again)  # seeded: the same split


def test_rfm_vs_logit_bad_input():
    scores, mailing = _test_data()
    with pytest.raises(ValueError, match="'test_share' parameter"):
        rfm_vs_logit(scores, mailing, test_share=1.0)
    with pytest.raises(ValueError, match="'seed' parameter"):
        rfm_vs_logit(scores, mailing, seed=-1)
    with pytest.raises(ValueError, match="responder"):
        rfm_vs_logit(scores, mailing.assign(responded=False, response_revenue=0.0))
    with pytest.raises(ValueError, match=r"'features'|recency"):
        rfm_vs_logit(scores, mailing, features=["recency"])
