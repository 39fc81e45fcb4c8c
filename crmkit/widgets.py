"""Notebook widgets (交互组件) of crmkit: one module, so ipywidgets is imported in one place.

:func:`rfm_explorer` builds an :class:`RFMExplorer`, an ipywidgets explorer of the RFM
roll-out decision (which cells pay to mail, and what mailing them earns). The chapter
module re-exports both lazily (``crmkit.rfm.rfm_explorer``), so ``import crmkit.rfm``
does not import ipywidgets.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd

from crmkit._checks import check_count, check_one_of
from crmkit.mailing import check_money, mailing_analysis
from crmkit.rfm_scoring import MAX_BINS, METHODS, rfm_score
from crmkit.summaries import segmentation_summary

__all__ = ["RFMExplorer", "rfm_explorer"]


class RFMExplorer(widgets.VBox):
    """Interactive roll-out explorer (an ``ipywidgets.VBox``) built by :func:`rfm_explorer`.

    Attributes
    ----------
    bins, method, cost_per_piece, margin : ipywidgets widgets
        The controls: number of scores per axis, sorting method, cost per piece
        (yuan), margin (per response in yuan, or as a rate, as chosen at
        construction).
    summary : pandas.DataFrame
        The customer summary (computed once).
    scores : RFMScores
        The scores for the current controls.
    result : pandas.DataFrame
        :func:`mailing_analysis` for the current controls, best cells first
        (highest break-even index).
    headline : dict
        ``cells_to_mail``, ``test_profit`` (what those cells earned in the test),
        ``rollout_customers`` and ``rollout_profit`` (expected, mailing only the
        cells that beat break-even), ``rollout_profit_all`` (expected, mailing
        every cell).
    table, message : ipywidgets.HTML
        What is shown: the result table and a one-line verdict.

    Tests and lessons drive it by setting a control, e.g. ``explorer.bins.value = 4``,
    and reading ``explorer.result``.
    """

    def __init__(
        self,
        summary: pd.DataFrame,
        responses: pd.DataFrame,
        *,
        cost_per_piece: float,
        margin_per_response: float | None,
        margin_rate: float | None,
        bins: int,
        method: str,
        mailing_kwargs: dict[str, str],
    ) -> None:
        self.summary = summary
        self.responses = responses
        self._kind = "margin_per_response" if margin_per_response is not None else "margin_rate"
        self._mailing_kwargs = mailing_kwargs
        self.bins = widgets.IntSlider(value=bins, min=2, max=MAX_BINS, description="bins")
        self.method = widgets.ToggleButtons(
            options=list(METHODS), value=method, description="sorting"
        )
        self.cost_per_piece = widgets.BoundedFloatText(
            value=cost_per_piece, min=0.01, max=1e6, step=0.5, description="cost/piece"
        )
        if self._kind == "margin_per_response":
            self.margin = widgets.BoundedFloatText(
                value=margin_per_response,
                min=0.01,
                max=1e7,
                step=1.0,
                description="margin/resp",
            )
        else:
            self.margin = widgets.BoundedFloatText(
                value=margin_rate, min=0.01, max=1.0, step=0.01, description="margin rate"
            )
        self.table = widgets.HTML()
        self.message = widgets.HTML()
        super().__init__(
            [
                widgets.HBox([self.bins, self.method]),
                widgets.HBox([self.cost_per_piece, self.margin]),
                self.message,
                self.table,
            ]
        )
        for control in (self.bins, self.method, self.cost_per_piece, self.margin):
            control.observe(self._on_change, names="value")
        self.update()

    def _on_change(self, change: Any) -> None:
        self.update()

    def update(self) -> pd.DataFrame:
        """Recompute scores and the mailing analysis from the controls; return it."""
        self.scores = rfm_score(self.summary, bins=self.bins.value, method=self.method.value)
        result = mailing_analysis(
            self.scores,
            self.responses,
            cost_per_piece=self.cost_per_piece.value,
            **{self._kind: self.margin.value},
            **self._mailing_kwargs,
        )
        self.result = result.sort_values(
            ["breakeven_index", "cell"], ascending=[False, True], ignore_index=True
        )
        chosen = self.result[self.result["rollout"]]
        self.headline = {
            "cells_to_mail": len(chosen),
            "test_profit": float(chosen["profit"].sum()),
            "rollout_customers": int(chosen["rollout_customers"].sum()),
            "rollout_profit": float(chosen["rollout_profit"].sum()),
            "rollout_profit_all": float(self.result["rollout_profit"].sum()),
        }
        h = self.headline
        self.message.value = (
            f"<b>{h['cells_to_mail']}</b> of {len(self.result)} cells beat break-even. "
            f"Mailing only them to their {h['rollout_customers']:,} customers not in "
            f"the test is expected to earn <b>{h['rollout_profit']:,.0f}</b> yuan "
            f"(mailing every cell: {h['rollout_profit_all']:,.0f} yuan)."
        )
        shown = self.result[
            [
                "cell",
                "mailed",
                "responses",
                "response_rate",
                "breakeven_rate",
                "breakeven_index",
                "profit",
                "rollout",
                "rollout_customers",
                "rollout_profit",
            ]
        ]
        self.table.value = shown.to_html(
            index=False, float_format=lambda x: f"{x:,.3f}", classes="rfm-explorer"
        )
        return self.result

    def __repr__(self) -> str:
        return (
            f"RFMExplorer(bins={self.bins.value}, method={self.method.value!r}, "
            f"cost_per_piece={self.cost_per_piece.value}, "
            f"{self._kind}={self.margin.value})"
        )


def rfm_explorer(
    log: pd.DataFrame,
    responses: pd.DataFrame,
    *,
    analysis_date: Any,
    cost_per_piece: float,
    margin_per_response: float | None = None,
    margin_rate: float | None = None,
    bins: int = 5,
    method: str = "independent",
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    value_col: str = "revenue",
    response_col: str = "responded",
    revenue_col: str = "response_revenue",
) -> Any:
    """An ipywidgets explorer: which RFM cells pay to mail, and what mailing them earns.

    Scores the customers of ``log`` at ``analysis_date`` (segmentation convention), joins
    the test mailing and shows :func:`mailing_analysis` by cell, best first, with the
    expected roll-out profit. Controls: number of scores per axis, independent or nested
    sorting, cost per piece, margin.

    Parameters
    ----------
    log : pandas.DataFrame
        Purchase log with purchases up to ``analysis_date`` only (see :func:`crmkit.summaries.segmentation_summary`).
    responses : pandas.DataFrame
        The test mailing, one row per mailed customer (see :func:`mailing_analysis`).
    analysis_date : str or datetime-like
        Usually the mail date.
    cost_per_piece, margin_per_response, margin_rate : float
        Starting values of the money controls; give exactly one margin.
    bins : int, default 5
        Starting number of scores per axis (2-10).
    method : {"independent", "nested"}, default "independent"
        Starting sorting method.
    customer_col, date_col, value_col, response_col, revenue_col : str
        Column names, as in :func:`crmkit.summaries.segmentation_summary` and
        :func:`crmkit.mailing.mailing_analysis`.

    Returns
    -------
    RFMExplorer
        An ``ipywidgets.VBox``; display it in a notebook. Its ``result`` attribute
        always holds the table for the current controls.

    Examples
    --------
    >>> ex = rfm_explorer(log, mailing, analysis_date="2025-06-02",
    ...                   cost_per_piece=3.0, margin_rate=0.3)   # doctest: +SKIP
    >>> ex.bins.value = 3                                           # doctest: +SKIP
    >>> ex.result.head()                                            # doctest: +SKIP
    """
    func = "rfm_explorer"
    check_one_of(method, "method", func, METHODS)
    bins = check_count(bins, "bins", func, low=2, high=MAX_BINS)
    summary = segmentation_summary(
        log,
        analysis_date=analysis_date,
        customer_col=customer_col,
        date_col=date_col,
        value_col=value_col,
    )
    # validate the money once with the same messages mailing_analysis would give
    check_money(cost_per_piece, "cost_per_piece", func)
    if (margin_per_response is None) == (margin_rate is None):
        raise ValueError(
            f"{func} needs exactly one of 'margin_per_response' (yuan per response) and "
            f"'margin_rate' (share of revenue). Got margin_per_response={margin_per_response!r}"
            f" and margin_rate={margin_rate!r} instead."
        )
    return RFMExplorer(
        summary,
        responses,
        cost_per_piece=cost_per_piece,
        margin_per_response=margin_per_response,
        margin_rate=margin_rate,
        bins=bins,
        method=method,
        mailing_kwargs={
            "customer_col": customer_col,
            "response_col": response_col,
            "revenue_col": revenue_col,
        },
    )
