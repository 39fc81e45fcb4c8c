"""Tests for crmkit.mailing: test-mailing analysis, gains and lift, heat map, gains chart.

Every expected number is computed by hand in a comment next to it.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crmkit.mailing import gains_table, mailing_analysis, plot_gains, plot_rfm_heatmap
from crmkit.rfm_scoring import rfm_score
from crmkit.segments import plot_segments, segment
from crmkit.summaries import segmentation_summary


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
# test mailing
# ------------------------------------------------------------------------------------


@pytest.fixture
def mail_scores() -> pd.DataFrame:
    # ten customers in cell 555 (ids 1-10) and six in cell 111 (ids 11-16)
    cells = ["555"] * 10 + ["111"] * 6
    score = [5] * 10 + [1] * 6
    return pd.DataFrame(
        {"cell": cells, "R": score, "F": score, "M": score},
        index=pd.Index(range(1, 17), name="customer_id"),
    )


@pytest.fixture
def mailing() -> pd.DataFrame:
    # mailed: 1-4 (cell 555; 1 and 2 respond with 100 each) and 11-14 (cell 111; none)
    return pd.DataFrame(
        {
            "customer_id": [1, 2, 3, 4, 11, 12, 13, 14],
            "mail_date": pd.Timestamp("2025-06-02"),
            "responded": [True, True, False, False, False, False, False, False],
            "response_revenue": [100.0, 100.0, 0, 0, 0, 0, 0, 0],
        }
    )


def test_mailing_break_even_by_hand(mail_scores, mailing):
    out = mailing_analysis(mail_scores, mailing, cost_per_piece=5, margin_per_response=40)
    row = out.set_index("cell").loc["555"]
    # break-even rate = 5 / 40 = 0.125; response rate = 2 / 4 = 0.5
    # index = (0.5 - 0.125) / 0.125 * 100 = 300; profit = 2 * 40 - 4 * 5 = 60
    # 6 customers of 555 were not mailed: expected roll-out profit = 6 * 60 / 4 = 90
    assert row["mailed"] == 4 and row["responses"] == 2
    assert row["response_rate"] == pytest.approx(0.5)
    assert row["breakeven_rate"] == pytest.approx(0.125)
    assert row["breakeven_index"] == pytest.approx(300.0)
    assert row["profit"] == pytest.approx(60.0)
    assert row["revenue"] == pytest.approx(200.0)
    assert bool(row["rollout"]) is True
    assert row["rollout_customers"] == 6
    assert row["rollout_profit"] == pytest.approx(90.0)
    low = out.set_index("cell").loc["111"]
    # nobody responded: index -100, profit = -4 * 5 = -20; 2 unmailed -> -10 expected
    assert low["breakeven_index"] == pytest.approx(-100.0)
    assert low["profit"] == pytest.approx(-20.0)
    assert bool(low["rollout"]) is False
    assert low["rollout_profit"] == pytest.approx(-10.0)
    assert out["cell"].astype(str).tolist() == ["111", "555"]


def test_mailing_with_margin_rate_by_hand(mail_scores, mailing):
    out = mailing_analysis(mail_scores, mailing, cost_per_piece=5, margin_rate=0.3)
    row = out.set_index("cell").loc["555"]
    # margin = 0.3 * 200 = 60 -> 30 per response; break-even = 5 / 30 = 1/6
    # index = (0.5 - 1/6) / (1/6) * 100 = 200; profit = 60 - 20 = 40
    assert row["margin_per_response"] == pytest.approx(30.0)
    assert row["breakeven_rate"] == pytest.approx(1 / 6)
    assert row["breakeven_index"] == pytest.approx(200.0)
    assert row["profit"] == pytest.approx(40.0)
    # one margin per response for the whole test: 0.3 * 200 / 2 responses = 30
    assert out.set_index("cell").loc["111", "margin_per_response"] == pytest.approx(30.0)
    assert out.set_index("cell").loc["111", "breakeven_rate"] == pytest.approx(1 / 6)


def test_mailing_rollout_iff_profitable(rng):
    # roll out exactly the groups expected to make a profit; with a fixed margin per
    # response that is also the groups whose test made a profit
    n = 400
    scores = pd.DataFrame(
        {"R": rng.integers(1, 4, n), "F": 1, "M": 1}, index=pd.Index(range(n), name="customer_id")
    )
    scores["cell"] = scores["R"].astype(str) + "11"
    responded = rng.random(n) < scores["R"].to_numpy() * 0.05
    mailing = pd.DataFrame(
        {
            "customer_id": range(n),
            "responded": responded,
            "response_revenue": np.where(responded, rng.gamma(2, 50, n), 0.0),
        }
    )
    for kw in ({"margin_per_response": 30.0}, {"margin_rate": 0.25}):
        out = mailing_analysis(scores, mailing, cost_per_piece=2.0, by="R", **kw)
        per_piece = out["response_rate"] * out["margin_per_response"] - 2.0
        assert (out["rollout"] == (per_piece > 0)).all()
        assert (out["breakeven_rate"] == out["breakeven_rate"].iloc[0]).all()  # one for all
        assert out["R"].tolist() == [1, 2, 3]
    fixed = mailing_analysis(scores, mailing, cost_per_piece=2.0, by="R", margin_per_response=30.0)
    assert (fixed["rollout"] == (fixed["profit"] > 0)).all()
    # margin_rate: margin per response = 0.25 x mean revenue of all responses
    rated = mailing_analysis(scores, mailing, cost_per_piece=2.0, by="R", margin_rate=0.25)
    mean_revenue = mailing.loc[mailing["responded"], "response_revenue"].mean()
    assert rated["margin_per_response"].iloc[0] == pytest.approx(0.25 * mean_revenue)


def test_mailing_by_segment(mail_scores, mailing):
    seg = segment(mail_scores)
    out = mailing_analysis(seg, mailing, cost_per_piece=5, margin_per_response=40, by="segment")
    assert out["segment"].astype(str).tolist() == ["Champions", "Lost"]


@pytest.mark.parametrize(
    ("change", "kwargs", "message"),
    [
        (None, {"cost_per_piece": 0, "margin_per_response": 40}, "'cost_per_piece' .* positive"),
        (None, {"cost_per_piece": "5", "margin_per_response": 40}, "'cost_per_piece'"),
        (None, {"cost_per_piece": 5}, "exactly one of 'margin_per_response'"),
        (None, {"cost_per_piece": 5, "margin_per_response": 40, "margin_rate": 0.3}, "exactly one"),
        (None, {"cost_per_piece": 5, "margin_rate": 1.5}, "'margin_rate' .* between 0 and 1"),
        (
            None,
            {"cost_per_piece": 5, "margin_per_response": 40, "by": "decile"},
            "no column 'decile'",
        ),
    ],
)
def test_mailing_bad_money(mail_scores, mailing, change, kwargs, message):
    with pytest.raises(ValueError, match=message):
        mailing_analysis(mail_scores, mailing, **kwargs)


def test_mailing_bad_responses(mail_scores, mailing):
    kw = {"cost_per_piece": 5, "margin_per_response": 40}
    with pytest.raises(ValueError, match=r"no column 'responded' \(the 'response_col'"):
        mailing_analysis(mail_scores, mailing.drop(columns="responded"), **kw)
    extra = pd.concat([mailing, mailing.iloc[[0]].assign(customer_id=99)])
    with pytest.raises(ValueError, match=r"1 mailed customer\(s\) .* have no RFM score: 99"):
        mailing_analysis(mail_scores, extra, **kw)
    with pytest.raises(ValueError, match="more than once"):
        mailing_analysis(mail_scores, pd.concat([mailing, mailing.iloc[[0]]]), **kw)
    with pytest.raises(ValueError, match="True/False"):
        mailing_analysis(mail_scores, mailing.assign(responded="yes"), **kw)
    bad = mailing.copy()
    bad.loc[2, "response_revenue"] = 50.0
    with pytest.raises(ValueError, match=r"non-responder.* non-zero"):
        mailing_analysis(mail_scores, bad, **kw)
    with pytest.raises(ValueError, match="nobody in the test responded"):
        mailing_analysis(
            mail_scores,
            mailing.assign(responded=False, response_revenue=0.0),
            cost_per_piece=5,
            margin_rate=0.3,
        )
    with pytest.raises(ValueError, match="at least one row"):
        mailing_analysis(mail_scores, mailing.iloc[0:0], **kw)


def test_gains_table_by_hand():
    # cells A: 10 mailed, 5 responses; B: 10 mailed, 1; C: 20 mailed, 4 -> overall 10 / 40
    cells = ["A"] * 10 + ["B"] * 10 + ["C"] * 20
    scores = pd.DataFrame(
        {"cell": cells, "R": 1, "F": 1, "M": 1}, index=pd.Index(range(40), name="customer_id")
    )
    responded = np.zeros(40, dtype=bool)
    responded[[0, 1, 2, 3, 4, 10, 20, 21, 22, 23]] = True
    mailing = pd.DataFrame(
        {
            "customer_id": range(40),
            "responded": responded,
            "response_revenue": np.where(responded, 10.0, 0.0),
        }
    )
    g = gains_table(scores, mailing)
    # sorted by response rate: A 0.5, C 0.2, B 0.1; lift = rate / 0.25
    assert g["group"].tolist() == ["A", "C", "B"]
    np.testing.assert_allclose(g["lift"], [2.0, 0.8, 0.4])
    np.testing.assert_allclose(g["cum_share_mailed"], [0.25, 0.75, 1.0])
    np.testing.assert_allclose(g["cum_share_responses"], [0.5, 0.9, 1.0])
    # cumulative rates: 5/10, 9/30, 10/40 -> cum lift 2.0, 1.2, 1.0
    np.testing.assert_allclose(g["cum_lift"], [2.0, 1.2, 1.0])


def test_gains_table_deciles():
    # 20 mailed customers with R = 1..20 scores (one per customer); responders are the
    # top 4 by R, so the first decile (2 customers) holds 2 of 4 responses
    scores = pd.DataFrame(
        {"R": np.arange(1, 21), "F": 1, "M": 1, "cell": "x"},
        index=pd.Index(range(20), name="customer_id"),
    )
    responded = scores["R"].to_numpy() > 16
    mailing = pd.DataFrame(
        {
            "customer_id": range(20),
            "responded": responded,
            "response_revenue": np.where(responded, 1.0, 0.0),
        }
    )
    g = gains_table(scores, mailing, by="decile")
    assert len(g) == 10 and g["group"].iloc[0] == "decile 1"
    assert g["mailed"].tolist() == [2] * 10
    assert g["responses"].tolist()[:3] == [2, 2, 0]
    assert g["cum_share_responses"].iloc[1] == 1.0
    five = gains_table(scores, mailing, by="decile", n_groups=5)
    assert five["group"].iloc[0] == "group 1"
    with pytest.raises(ValueError, match=r"'n_groups' parameter .* at least 2"):
        gains_table(scores, mailing, by="decile", n_groups=1)
    with pytest.raises(ValueError, match="must not exceed the 20 mailed"):
        gains_table(scores, mailing, by="decile", n_groups=30)
    with pytest.raises(ValueError, match="no response"):
        gains_table(scores, mailing.assign(responded=False, response_revenue=0.0))


# ------------------------------------------------------------------------------------
# plots
# ------------------------------------------------------------------------------------


@pytest.fixture
def scored(rng):
    log = random_log(rng, n=2000, customers=300)
    summary = segmentation_summary(log, analysis_date="2025-01-01")
    res = rfm_score(summary)
    mailed = res.scores.sample(120, random_state=np.random.default_rng(1)).index
    responded = np.random.default_rng(2).random(120) < 0.2
    mailing = pd.DataFrame(
        {
            "customer_id": mailed,
            "responded": responded,
            "response_revenue": np.where(responded, 80.0, 0.0),
        }
    )
    return log, summary, res, mailing


@pytest.mark.parametrize("value", ["monetary", "customers", "response_rate", "frequency"])
def test_heatmap_returns_ax(scored, value):
    _, _, res, mailing = scored
    _fig, ax = plt.subplots()
    out = plot_rfm_heatmap(res, value=value, responses=mailing, ax=ax)
    assert out is ax
    assert ax.get_ylabel() == "R" and ax.get_xlabel() == "F"
    # highest R at the top row
    assert ax.get_yticklabels()[0].get_text() == "5"


def test_heatmap_bad_input(scored):
    _, _, res, _ = scored
    with pytest.raises(ValueError, match=r"'responses' parameter .* value='response_rate'"):
        plot_rfm_heatmap(res, value="response_rate")
    with pytest.raises(ValueError, match="no column 'spend'"):
        plot_rfm_heatmap(res, value="spend")
    with pytest.raises(ValueError, match="numeric column"):
        plot_rfm_heatmap(res, value="cell")


def test_segment_and_gains_plots_return_ax(scored):
    _, _, res, mailing = scored
    seg = segment(res)
    ax = plot_segments(seg)
    assert len(ax.patches) == len(seg["segment"].cat.categories)
    assert plot_segments(seg, value="monetary", ax=ax) is ax
    g = gains_table(res, mailing, by="R")
    _fig, ax2 = plt.subplots()
    assert plot_gains(g, ax=ax2) is ax2
    assert ax2.get_xlabel() == "share of customers mailed"
    with pytest.raises(ValueError, match="no column 'cum_share_mailed'"):
        plot_gains(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="no column 'segment'"):
        plot_segments(res.scores)


# ------------------------------------------------------------------------------------
# issue 14: impossible response revenue
# ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-30.0, r"column 'response_revenue' .* must not be negative. Got 1 negative"),
        (np.inf, r"column 'response_revenue' .* must be finite. Got 1 infinite"),
        (np.nan, r"column 'response_revenue' .* no missing values. Got 1 missing .* use 0"),
    ],
)
def test_response_revenue_must_be_money_received(mail_scores, mailing, value, message):
    # old code: a negative or infinite revenue went into revenue, margin and profit
    bad = mailing.copy()
    bad.loc[0, "response_revenue"] = value  # customer 1 responded
    kw = {"cost_per_piece": 5, "margin_rate": 0.3}
    with pytest.raises(ValueError, match=message):
        mailing_analysis(mail_scores, bad, **kw)
    with pytest.raises(ValueError, match=message):
        gains_table(mail_scores, bad)


def test_a_missing_mailed_customer_id_is_refused(mail_scores, mailing):
    bad = mailing.astype({"customer_id": "float64"})
    bad.loc[1, "customer_id"] = np.nan
    with pytest.raises(ValueError, match=r"column 'customer_id' of the 'responses' .* Got 1 miss"):
        mailing_analysis(mail_scores, bad, cost_per_piece=5, margin_per_response=40)


def test_inputs_are_not_modified(mail_scores, mailing):
    before_scores, before_mailing = mail_scores.copy(), mailing.copy()
    mailing_analysis(mail_scores, mailing, cost_per_piece=5, margin_per_response=40)
    gains_table(mail_scores, mailing, by="decile", n_groups=2)
    pd.testing.assert_frame_equal(mail_scores, before_scores)
    pd.testing.assert_frame_equal(mailing, before_mailing)
