"""Tests for crmkit.widgets: the RFM roll-out explorer, driven as a lesson would drive it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmkit.mailing import mailing_analysis
from crmkit.rfm_scoring import rfm_score
from crmkit.summaries import segmentation_summary
from crmkit.widgets import RFMExplorer, rfm_explorer


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


# ------------------------------------------------------------------------------------
# explorer
# ------------------------------------------------------------------------------------


def test_explorer_driven_programmatically(scored):
    import ipywidgets as widgets

    log, summary, _, mailing = scored
    ex = rfm_explorer(
        log, mailing, analysis_date="2025-01-01", cost_per_piece=5.0, margin_per_response=40.0
    )
    assert isinstance(ex, widgets.VBox)
    assert isinstance(ex, RFMExplorer)
    expected = mailing_analysis(
        rfm_score(summary), mailing, cost_per_piece=5.0, margin_per_response=40.0
    )
    pd.testing.assert_frame_equal(
        ex.result.sort_values("cell", ignore_index=True),
        expected.sort_values("cell", ignore_index=True),
    )
    # best cells first
    assert ex.result["breakeven_index"].is_monotonic_decreasing
    assert "cells beat break-even" in ex.message.value
    assert "<table" in ex.table.value

    ex.bins.value = 2
    assert set(ex.result["cell"].astype(str)) <= {
        f"{r}{f}{m}" for r in "12" for f in "12" for m in "12"
    }
    assert ex.scores.bins == {"R": 2, "F": 2, "M": 2}
    ex.method.value = "nested"
    assert ex.scores.method == "nested"

    # a mailing that costs more than any response earns: nothing rolls out
    ex.cost_per_piece.value = 1000.0
    assert not ex.result["rollout"].any()
    assert ex.headline["cells_to_mail"] == 0
    assert ex.headline["rollout_profit"] == 0.0
    # free mailing (almost): every cell with a response rolls out
    ex.cost_per_piece.value = 0.01
    assert (ex.result["rollout"] == (ex.result["responses"] > 0)).all()
    chosen = ex.result[ex.result["rollout"]]
    assert ex.headline["rollout_profit"] == pytest.approx(chosen["rollout_profit"].sum())
    assert repr(ex).startswith("RFMExplorer(bins=2, method='nested'")


def test_explorer_with_margin_rate_and_bad_input(scored):
    log, _, _, mailing = scored
    ex = rfm_explorer(log, mailing, analysis_date="2025-01-01", cost_per_piece=2.0, margin_rate=0.3)
    assert ex.margin.description == "margin rate"
    ex.margin.value = 0.9
    assert ex.result["margin_per_response"].max() == pytest.approx(0.9 * 80.0)
    with pytest.raises(ValueError, match="'bins' parameter of rfm_explorer"):
        rfm_explorer(
            log, mailing, analysis_date="2025-01-01", cost_per_piece=2.0, margin_rate=0.3, bins=11
        )
    with pytest.raises(ValueError, match="'method' parameter of rfm_explorer"):
        rfm_explorer(
            log,
            mailing,
            analysis_date="2025-01-01",
            cost_per_piece=2.0,
            margin_rate=0.3,
            method="both",
        )
    with pytest.raises(ValueError, match="exactly one"):
        rfm_explorer(log, mailing, analysis_date="2025-01-01", cost_per_piece=2.0)
