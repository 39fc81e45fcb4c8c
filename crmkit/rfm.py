"""RFM analysis (RFM 分析法), chapter 3: recency, frequency, monetary value and test mailings.

Arthur Hughes' RFM analysis scores each customer on three things read straight from the
purchase history: **recency** (最近一次消费), **frequency** (消费频率) and **monetary
value** (消费金额), each coded 1 (worst) to 5 (best) into the three-digit **RFM cell**
(RFM 单元) such as ``"543"``. A test mailing to a sample of every cell then shows which
cells respond above the **break-even response rate** (盈亏平衡响应率).

This module is the chapter's facade: it holds no logic and re-exports, under the names
the chapter, its exercises and older code use, what now lives in one module per idea:

=====================================  ===============================================
:mod:`crmkit.summaries`                ``rfm_summary`` (dispatcher), and the two
                                       summaries it dispatches to,
                                       ``segmentation_summary`` (Hughes' R/F/M) and
                                       ``btyd_summary`` (frequency/recency/T)
:mod:`crmkit.rfm_scoring`              ``rfm_score``, ``RFMScores``, ``MAX_BINS``: the
                                       quantile codes, one tie rule for R, F and M
:mod:`crmkit.segments`                 ``segment``, ``DEFAULT_RULES``,
                                       ``plot_segments``
:mod:`crmkit.mailing`                  ``mailing_analysis``, ``gains_table``,
                                       ``plot_gains``, ``plot_rfm_heatmap``
:mod:`crmkit.widgets`                  ``rfm_explorer``, ``RFMExplorer`` (imported on
                                       first use, so this module does not import
                                       ipywidgets)
=====================================  ===============================================
"""

from __future__ import annotations

from typing import Any

from crmkit.mailing import gains_table, mailing_analysis, plot_gains, plot_rfm_heatmap
from crmkit.rfm_scoring import MAX_BINS, RFMScores, rfm_score
from crmkit.segments import DEFAULT_RULES, plot_segments, segment
from crmkit.summaries import btyd_summary, rfm_summary, segmentation_summary

__all__ = [
    "DEFAULT_RULES",
    "MAX_BINS",
    "RFMExplorer",  # noqa: F822 - from crmkit.widgets, on first use (see __getattr__)
    "RFMScores",
    "btyd_summary",
    "gains_table",
    "mailing_analysis",
    "plot_gains",
    "plot_rfm_heatmap",
    "plot_segments",
    "rfm_explorer",  # noqa: F822 - from crmkit.widgets, on first use
    "rfm_score",
    "rfm_summary",
    "segment",
    "segmentation_summary",
]

_WIDGETS = ("RFMExplorer", "rfm_explorer")


def __getattr__(name: str) -> Any:
    """``RFMExplorer`` and ``rfm_explorer`` from :mod:`crmkit.widgets`, on first use."""
    if name in _WIDGETS:
        from crmkit import widgets

        return getattr(widgets, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
