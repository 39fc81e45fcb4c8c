"""Test mailings (测试邮寄) by RFM cell: response, break-even, roll-out, gains and lift.

Hughes' test: mail a sample of every RFM cell, then roll out only to the cells whose
response rate beats the **break-even response rate** (盈亏平衡响应率).

======================  ===============================================================
:func:`mailing_analysis` response, profit, break-even rate and index, roll-out by cell
:func:`gains_table`      cumulative gains and lift (提升度)
:func:`plot_gains`       the cumulative gains chart
:func:`plot_rfm_heatmap` R x F heat map of customers, a score column, or response rates
======================  ===============================================================

Intervals on these rates, the roll-out decision that uses them, the incremental response
against an unmailed control group and a hold-out check of the cells against a logit live
in :mod:`crmkit.mailing_inference`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_columns, check_finite, check_frame, check_no_missing
from crmkit._plotting import get_ax
from crmkit.rfm_scoring import RFMScores, scores_frame

__all__ = ["gains_table", "mailing_analysis", "plot_gains", "plot_rfm_heatmap"]


def _mailing_frame(
    scores: Any,
    responses: pd.DataFrame,
    func: str,
    by: str | Sequence[str] | None,
    customer_col: str,
    response_col: str,
    revenue_col: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validated (scored frame, mailed frame joined with scores)."""
    frame = scores_frame(scores, "scores", func)
    responses = check_frame(responses, "responses", func)
    check_columns(
        responses,
        {"customer_col": customer_col, "response_col": response_col, "revenue_col": revenue_col},
        "responses",
        func,
    )
    if by is not None:
        by_cols = [by] if isinstance(by, str) else list(by)
        check_columns(frame, by_cols, "scores", func)
    check_no_missing(responses, [customer_col], "responses", func)
    ids = responses[customer_col]
    if ids.duplicated().any():
        raise ValueError(
            f"The {customer_col!r} column of the 'responses' passed to {func} lists "
            f"{int(ids.duplicated().sum())} customer(s) more than once. A test mailing has "
            "one row per mailed customer: drop the duplicates."
        )
    resp = responses[response_col]
    if not pd.api.types.is_bool_dtype(resp.dtype):
        uniq = set(pd.unique(resp.dropna()))
        if resp.isna().any() or not uniq <= {0, 1}:
            raise ValueError(
                f"The {response_col!r} column of the 'responses' passed to {func} must be "
                f"True/False (or 1/0) on every row. Got dtype {resp.dtype} instead."
            )
    rev = responses[revenue_col]
    if pd.api.types.is_bool_dtype(rev.dtype) or not pd.api.types.is_numeric_dtype(rev.dtype):
        raise ValueError(
            f"The {revenue_col!r} column of the 'responses' passed to {func} must be "
            f"numeric. Got dtype {rev.dtype} instead."
        )
    if rev.isna().any():
        raise ValueError(
            f"The column {revenue_col!r} of the 'responses' passed to {func} must have no "
            f"missing values. Got {int(rev.isna().sum())} missing instead; use 0 for "
            "non-responders."
        )
    # a response's revenue is money received: finite and not negative
    revenue = check_finite(rev, "responses", func, column=revenue_col, nonnegative=True)
    responded = resp.to_numpy(dtype=bool)
    if np.any(~responded & (revenue != 0)):
        raise ValueError(
            f"The 'responses' passed to {func} have {int(np.sum(~responded & (revenue != 0)))} "
            f"non-responder(s) with a non-zero {revenue_col!r}. Non-responders must have 0 "
            "revenue: check the join that built the table."
        )
    unscored = ~ids.isin(frame.index)
    if unscored.any():
        shown = ", ".join(map(str, ids[unscored].head(5)))
        raise ValueError(
            f"{int(unscored.sum())} mailed customer(s) in the 'responses' passed to {func} "
            f"have no RFM score: {shown}. Score every mailed customer (at the mail date, "
            "from purchases before it) or drop them from the responses."
        )
    mailed = pd.DataFrame(
        {"responded": responded.astype(np.int64), "revenue": revenue},
        index=pd.Index(ids.to_numpy(), name=frame.index.name),
    )
    mailed = mailed.join(frame, how="left")
    return frame, mailed


def check_money(value: Any, name: str, func: str, *, upper: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(
            f"The '{name}' parameter of {func} must be a positive number. Got {value!r} instead."
        )
    value = float(value)
    if not np.isfinite(value) or value <= 0 or (upper is not None and value > upper):
        rng = "between 0 and 1" if upper is not None else "positive"
        raise ValueError(f"The '{name}' parameter of {func} must be {rng}. Got {value!r} instead.")
    return value


def mailing_analysis(
    scores: RFMScores | pd.DataFrame,
    responses: pd.DataFrame,
    *,
    cost_per_piece: float,
    margin_per_response: float | None = None,
    margin_rate: float | None = None,
    by: str | Sequence[str] = "cell",
    customer_col: str = "customer_id",
    response_col: str = "responded",
    revenue_col: str = "response_revenue",
) -> pd.DataFrame:
    """Analyse a test mailing by RFM cell: response, profit, break-even and roll-out.

    Hughes' test: mail a sample of every cell, then roll out only to the cells whose
    response rate beats the **break-even response rate** (盈亏平衡响应率),

        break-even rate = cost per piece / margin per response,

    and rank cells by the break-even index ``(response rate - break-even) / break-even x
    100`` (0 = just pays, -100 = nobody responded).

    Parameters
    ----------
    scores : RFMScores or pandas.DataFrame
        Scores of (at least) every mailed customer, from
        :func:`~crmkit.rfm_scoring.rfm_score` (or :func:`~crmkit.segments.segment`, to
        analyse by segment), indexed by customer id. Customers who were scored but not
        mailed form the roll-out population.
    responses : pandas.DataFrame
        One row per mailed customer, e.g. the world's ``mailing`` table.
    cost_per_piece : float
        Cost of mailing one customer (yuan), positive.
    margin_per_response, margin_rate : float
        Give exactly one. ``margin_per_response``: the margin (yuan) each response earns.
        ``margin_rate``: the share of response revenue that is margin (0-1); the margin
        per response is then ``margin_rate`` x the mean revenue of all responses in the
        test (Hughes' "average order"). Either way one break-even rate serves every cell:
        a single big order in a small cell should not move its break-even point.
    by : str or list of str, default "cell"
        Column(s) of the scores to group by: "cell", "R", ["R", "F"], "segment", ...
    customer_col, response_col, revenue_col : str
        Columns of ``responses``: customer id, responded (bool or 0/1), and response
        revenue (0 for non-responders).

    Returns
    -------
    pandas.DataFrame
        One row per group (sorted by the group key), columns:

        ===================== ========================================================
        (by columns)          the group key
        mailed                customers mailed in the test
        responses             customers who responded
        response_rate         responses / mailed
        revenue               response revenue (yuan)
        margin                margin the test earned (responses x margin_per_response,
                              or margin_rate x revenue: the cell's actual orders)
        cost                  mailed x cost_per_piece
        profit                margin - cost: what the test mailing earned in the cell
        margin_per_response   the margin per response used for break-even (the same
                              in every row)
        breakeven_rate        cost_per_piece / margin_per_response (same in every row)
        breakeven_index       (response_rate - breakeven_rate) / breakeven_rate x 100
        rollout               True when breakeven_index > 0 (the cell pays to mail)
        rollout_customers     scored customers in the group not mailed in the test
        rollout_profit        expected profit of mailing them, if they respond at the
                              test's rate: rollout_customers x (response_rate x
                              margin_per_response - cost_per_piece); positive exactly
                              when ``rollout`` is True
        ===================== ========================================================

        Scored groups with nobody mailed are left out (nothing to learn from).

    Raises
    ------
    ValueError
        On missing columns, missing or duplicated customer ids, mailed customers without
        a score, non-boolean responses, non-responders with revenue, a non-positive cost,
        or not exactly one of ``margin_per_response`` / ``margin_rate``.

    Examples
    --------
    >>> scores = pd.DataFrame({"cell": ["555", "555", "111", "111"], "R": [5, 5, 1, 1],
    ...                        "F": [5, 5, 1, 1], "M": [5, 5, 1, 1]},
    ...                       index=pd.Index([1, 2, 3, 4], name="customer_id"))
    >>> mailing = pd.DataFrame({"customer_id": [1, 2, 3], "responded": [True, False, False],
    ...                         "response_revenue": [100.0, 0.0, 0.0]})
    >>> out = mailing_analysis(scores, mailing, cost_per_piece=5, margin_per_response=40)
    >>> out[["cell", "mailed", "response_rate", "breakeven_rate", "breakeven_index", "rollout"]]
      cell  mailed  response_rate  breakeven_rate  breakeven_index  rollout
    0  111       1            0.0           0.125           -100.0    False
    1  555       2            0.5           0.125            300.0     True
    """
    func = "mailing_analysis"
    cost = check_money(cost_per_piece, "cost_per_piece", func)
    if (margin_per_response is None) == (margin_rate is None):
        raise ValueError(
            f"{func} needs exactly one of 'margin_per_response' (yuan per response) and "
            f"'margin_rate' (share of revenue). Got margin_per_response={margin_per_response!r}"
            f" and margin_rate={margin_rate!r} instead."
        )
    if margin_per_response is not None:
        mpr = check_money(margin_per_response, "margin_per_response", func)
    else:
        rate = check_money(margin_rate, "margin_rate", func, upper=1.0)
    by_cols = [by] if isinstance(by, str) else list(by)
    frame, mailed = _mailing_frame(
        scores, responses, func, by_cols, customer_col, response_col, revenue_col
    )

    grouped = mailed.groupby(by_cols, observed=True, sort=True)
    out = grouped.agg(
        mailed=("responded", "size"),
        responses=("responded", "sum"),
        revenue=("revenue", "sum"),
    )
    out["mailed"] = out["mailed"].astype(np.int64)
    out["responses"] = out["responses"].astype(np.int64)
    out["response_rate"] = out["responses"] / out["mailed"]
    if margin_per_response is not None:
        out["margin"] = out["responses"] * mpr
    else:
        total_resp = int(mailed["responded"].sum())
        if not total_resp:
            raise ValueError(
                f"{func} cannot infer a margin per response from margin_rate: nobody in the "
                "test responded. Pass margin_per_response instead."
            )
        mpr = rate * float(mailed["revenue"].sum()) / total_resp
        out["margin"] = rate * out["revenue"]
    out["cost"] = out["mailed"] * cost
    out["profit"] = out["margin"] - out["cost"]
    out["margin_per_response"] = mpr
    breakeven = cost / mpr
    out["breakeven_rate"] = breakeven
    out["breakeven_index"] = (out["response_rate"] - breakeven) / breakeven * 100
    out["rollout"] = out["breakeven_index"] > 0

    not_mailed = frame[~frame.index.isin(mailed.index)]
    pool = not_mailed.groupby(by_cols, observed=True, sort=True).size()
    out["rollout_customers"] = pool.reindex(out.index, fill_value=0).astype(np.int64)
    out["rollout_profit"] = out["rollout_customers"] * (out["response_rate"] * mpr - cost)
    columns = [
        "mailed",
        "responses",
        "response_rate",
        "revenue",
        "margin",
        "cost",
        "profit",
        "margin_per_response",
        "breakeven_rate",
        "breakeven_index",
        "rollout",
        "rollout_customers",
        "rollout_profit",
    ]
    return out[columns].reset_index()


def gains_table(
    scores: RFMScores | pd.DataFrame,
    responses: pd.DataFrame,
    *,
    by: str = "cell",
    n_groups: int = 10,
    customer_col: str = "customer_id",
    response_col: str = "responded",
    revenue_col: str = "response_revenue",
) -> pd.DataFrame:
    """Cumulative gains and **lift** (提升度) of a test mailing.

    Parameters
    ----------
    scores : RFMScores or pandas.DataFrame
        Scores of every mailed customer (see :func:`mailing_analysis`).
    responses : pandas.DataFrame
        One row per mailed customer (see :func:`mailing_analysis`).
    by : str, default "cell"
        A column of the scores ("cell", "R", "segment", ...): its groups are sorted from
        the highest response rate to the lowest (ties by group key). This ordering uses
        the very responses it is judged on, so it flatters the scores; or ``"decile"``:
        mailed customers are ranked by their RFM code (R, then F, then M, best first; ties
        by customer id) and cut into ``n_groups`` equal groups, kept in score order, an
        honest test of how well the code alone ranks responders.
    n_groups : int, default 10
        Number of groups for ``by="decile"`` (at least 2).
    customer_col, response_col, revenue_col : str
        Columns of ``responses``.

    Returns
    -------
    pandas.DataFrame
        One row per group in mailing order: ``group`` (the key, as text), ``mailed``,
        ``responses``, ``response_rate``, ``lift`` (response_rate / overall rate),
        ``cum_mailed``, ``cum_responses``, ``cum_share_mailed`` and
        ``cum_share_responses`` (0-1), ``cum_response_rate`` and ``cum_lift``.

    Raises
    ------
    ValueError
        On the bad inputs of :func:`mailing_analysis`, an unknown ``by``, ``n_groups`` < 2,
        or a test without any response.
    """
    func = "gains_table"
    if isinstance(n_groups, bool) or not isinstance(n_groups, (int, np.integer)) or n_groups < 2:
        raise ValueError(
            f"The 'n_groups' parameter of {func} must be an integer of at least 2. "
            f"Got {n_groups!r} instead."
        )
    decile = by == "decile"
    _, mailed = _mailing_frame(
        scores,
        responses,
        func,
        None if decile else by,
        customer_col,
        response_col,
        revenue_col,
    )
    if mailed["responded"].sum() == 0:
        raise ValueError(
            f"The 'responses' passed to {func} contain no response, so gains and lift are "
            "undefined."
        )
    if decile:
        n = len(mailed)
        if n < n_groups:
            raise ValueError(
                f"The 'n_groups' parameter of {func} must not exceed the {n} mailed "
                f"customers. Got {n_groups} instead."
            )
        tiebreak = np.empty(n, dtype=np.int64)
        tiebreak[mailed.index.argsort()] = np.arange(n)
        order = np.lexsort(
            (tiebreak, -mailed["M"].to_numpy(), -mailed["F"].to_numpy(), -mailed["R"].to_numpy())
        )
        position = np.empty(n, dtype=np.int64)
        position[order] = np.arange(n)
        group_no = position * n_groups // n + 1
        grouped = mailed.assign(_g=group_no).groupby("_g", sort=True)
        table = grouped.agg(mailed=("responded", "size"), responses=("responded", "sum"))
        table.index = [f"decile {g}" if n_groups == 10 else f"group {g}" for g in table.index]
    else:
        table = mailed.groupby(by, observed=True, sort=True).agg(
            mailed=("responded", "size"), responses=("responded", "sum")
        )
        table.index = table.index.astype(str)
        rate = table["responses"] / table["mailed"]
        order = np.lexsort((np.arange(len(table)), -rate.to_numpy()))
        table = table.iloc[order]
    table = table.rename_axis("group").reset_index()
    table["group"] = table["group"].astype("str")
    table["mailed"] = table["mailed"].astype(np.int64)
    table["responses"] = table["responses"].astype(np.int64)
    overall = table["responses"].sum() / table["mailed"].sum()
    table["response_rate"] = table["responses"] / table["mailed"]
    table["lift"] = table["response_rate"] / overall
    table["cum_mailed"] = table["mailed"].cumsum()
    table["cum_responses"] = table["responses"].cumsum()
    table["cum_share_mailed"] = table["cum_mailed"] / table["mailed"].sum()
    table["cum_share_responses"] = table["cum_responses"] / table["responses"].sum()
    table["cum_response_rate"] = table["cum_responses"] / table["cum_mailed"]
    table["cum_lift"] = table["cum_response_rate"] / overall
    return table


def plot_rfm_heatmap(
    scores: RFMScores | pd.DataFrame,
    *,
    value: str = "monetary",
    responses: pd.DataFrame | None = None,
    rows: str = "R",
    cols: str = "F",
    annot: bool = True,
    fmt: str | None = None,
    cmap: str = "viridis",
    ax: Any = None,
    customer_col: str = "customer_id",
    response_col: str = "responded",
    revenue_col: str = "response_revenue",
) -> Any:
    """RFM **heat map** (热力图): a grid of R x F (by default) cells coloured by a value.

    Parameters
    ----------
    scores : RFMScores or pandas.DataFrame
        The result of :func:`~crmkit.rfm_scoring.rfm_score` (or :func:`~crmkit.segments.segment`).
    value : str, default "monetary"
        "customers" (count per cell), "response_rate" (needs ``responses``), or any
        numeric column of the scores (its mean per cell), e.g. "monetary", "frequency".
    responses : pandas.DataFrame, optional
        Test-mailing responses, needed for ``value="response_rate"`` (then only mailed
        customers are counted).
    rows, cols : str, default "R", "F"
        The score columns on the two axes; the highest row score is drawn at the top and
        the highest column score at the right.
    annot, fmt, cmap
        Passed to :func:`seaborn.heatmap` (``fmt`` defaults to ".0f" for counts, ".1%" for
        response rates and ".0f" otherwise).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    func = "plot_rfm_heatmap"
    frame = scores_frame(scores, "scores", func)
    check_columns(frame, {"rows": rows, "cols": cols}, "scores", func)
    if value == "response_rate":
        if responses is None:
            raise ValueError(
                f"The 'responses' parameter of {func} is needed for value='response_rate'. "
                "Pass the test-mailing table."
            )
        _, data = _mailing_frame(
            scores, responses, func, [rows, cols], customer_col, response_col, revenue_col
        )
        data = data.assign(response_rate=data["responded"].astype(float))
        agg, default_fmt, label = "mean", ".1%", "response rate"
    elif value == "customers":
        data = frame.assign(customers=1)
        agg, default_fmt, label = "sum", ".0f", "customers"
    else:
        check_columns(frame, {"value": value}, "scores", func)
        if not pd.api.types.is_numeric_dtype(frame[value].dtype):
            raise ValueError(
                f"The 'value' parameter of {func} must name a numeric column. "
                f"Got {value!r} (dtype {frame[value].dtype}) instead."
            )
        data, agg, default_fmt, label = frame, "mean", ".0f", f"mean {value}"
    grid = data.pivot_table(index=rows, columns=cols, values=value, aggfunc=agg, observed=True)
    grid = grid.sort_index(ascending=False).sort_index(axis=1)
    ax = get_ax(ax, func)
    sns.heatmap(
        grid,
        annot=annot,
        fmt=fmt or default_fmt,
        cmap=cmap,
        ax=ax,
        cbar_kws={"label": label},
    )
    ax.set_title(f"{label} by {rows} and {cols} score")
    return ax


def plot_gains(gains: pd.DataFrame, *, ax: Any = None, label: str | None = None) -> Any:
    """Cumulative gains chart from :func:`gains_table`.

    Draws the share of responses captured against the share of customers mailed, with
    the diagonal a random mailing would follow.

    Parameters
    ----------
    gains : pandas.DataFrame
        Output of :func:`gains_table`.
    ax : matplotlib.axes.Axes, optional
    label : str, optional
        Legend label of the curve (default "RFM").

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    func = "plot_gains"
    frame = check_frame(gains, "gains", func)
    check_columns(frame, ["cum_share_mailed", "cum_share_responses"], "gains", func)
    x = np.r_[0.0, frame["cum_share_mailed"].to_numpy(dtype=float)]
    y = np.r_[0.0, frame["cum_share_responses"].to_numpy(dtype=float)]
    ax = get_ax(ax, func)
    sns.lineplot(x=x, y=y, marker="o", ax=ax, label=label or "RFM", sort=False)
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="random")
    ax.set_xlabel("share of customers mailed")
    ax.set_ylabel("share of responses")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.legend(loc="lower right")
    ax.set_title("cumulative gains")
    return ax
