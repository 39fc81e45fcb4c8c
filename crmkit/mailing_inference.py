"""Test mailings with their uncertainty: intervals, roll-out, incremental response.

A test mailing's response rates are estimates from samples, often small ones; this module
puts an interval on each and decides with it (:mod:`crmkit.mailing` computes the rates).

======================================  ==============================================
:func:`response_interval`               Wilson (or exact) interval of a response rate
:func:`rollout_decision`                roll out, do not, or test more, by interval
:func:`incremental_response`            mailed against unmailed (control) customers
:func:`rfm_vs_logit`                    RFM cells against a logit on R, F, M (hold-out)
======================================  ==============================================
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import (
    align_series,
    check_columns,
    check_finite,
    check_frame,
    check_number,
    check_one_of,
    check_seed,
)
from crmkit.mailing import _mailing_frame  # the one validation of a test-mailing table
from crmkit.metrics import auc, binary
from crmkit.rfm_scoring import RFMScores

__all__ = ["incremental_response", "response_interval", "rfm_vs_logit", "rollout_decision"]


_DECISIONS = ("roll out", "test more", "do not roll out")


def _check_level(level: Any, func: str) -> float:
    return check_number(level, "level", func, low=0.0, high=1.0, low_open=True, high_open=True)


def response_interval(
    responses: Any, mailed: Any, *, level: float = 0.95, method: str = "wilson"
) -> pd.DataFrame:
    """Response rates with a confidence interval (置信区间) for each.

    Parameters
    ----------
    responses, mailed : int, array-like or pandas.Series
        Responders and customers mailed per group (whole numbers, ``0 <= responses <=
        mailed``, ``mailed >= 1``); a Series' index is kept.
    level : float, default 0.95
        Confidence level, strictly between 0 and 1.
    method : {"wilson", "exact"}
        Wilson's score interval, or the exact Clopper-Pearson interval; both from
        :func:`statsmodels.stats.proportion.proportion_confint`.

    Returns
    -------
    pandas.DataFrame
        ``response_rate``, ``rate_low`` and ``rate_high`` (0-1), one row per group.

    Examples
    --------
    >>> response_interval([19], [307]).round(4)
       response_rate  rate_low  rate_high
    0         0.0619    0.0400     0.0946
    """
    from statsmodels.stats.proportion import proportion_confint

    func = "response_interval"
    level = _check_level(level, func)
    method = check_one_of(method, "method", func, ("wilson", "exact"))
    index = responses.index if isinstance(responses, pd.Series) else None
    counts = {}
    for name, values in (("responses", responses), ("mailed", mailed)):
        arr = np.atleast_1d(np.asarray(values))
        if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number):
            raise ValueError(
                f"The '{name}' parameter of {func} must hold whole numbers. "
                f"Got dtype {arr.dtype} instead."
            )
        if not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)) or np.any(arr < 0):
            raise ValueError(
                f"The '{name}' parameter of {func} must hold non-negative whole numbers. "
                f"Got {arr[:5].tolist()} instead."
            )
        counts[name] = arr.astype(np.int64)
    k, n = counts["responses"], counts["mailed"]
    if k.shape != n.shape:
        raise ValueError(
            f"The 'mailed' parameter of {func} must have one count per group of "
            f"'responses' ({k.size}). Got {n.size} instead."
        )
    if np.any(n < 1) or np.any(k > n):
        raise ValueError(
            f"The 'mailed' parameter of {func} must be at least 1 and at least 'responses' "
            f"in every group. Got mailed={n[:5].tolist()}, responses={k[:5].tolist()} instead."
        )
    low, high = proportion_confint(
        k, n, alpha=1 - level, method="beta" if method == "exact" else "wilson"
    )
    return pd.DataFrame(
        {"response_rate": k / n, "rate_low": np.asarray(low), "rate_high": np.asarray(high)},
        index=index,
    )


def rollout_decision(
    analysis: pd.DataFrame, *, level: float = 0.95, method: str = "wilson"
) -> pd.DataFrame:
    """The roll-out decision with the uncertainty of each group's test response rate.

    A group is rolled out when the *lower* bound of its response-rate interval lies above
    the break-even rate, not rolled out when the *upper* bound lies below it, and tested
    further (a larger test, or a larger group) when the interval straddles break-even.

    Parameters
    ----------
    analysis : pandas.DataFrame
        The result of :func:`mailing_analysis` (columns ``mailed``, ``responses``,
        ``breakeven_rate``).
    level, method
        As in :func:`response_interval`.

    Returns
    -------
    pandas.DataFrame
        A copy of ``analysis`` with ``rate_low``, ``rate_high`` and ``decision``
        (categorical: "roll out", "test more", "do not roll out").
    """
    func = "rollout_decision"
    frame = check_frame(analysis, "analysis", func)
    check_columns(frame, ["mailed", "responses", "breakeven_rate"], "analysis", func)
    breakeven = check_finite(frame["breakeven_rate"], "analysis", func, column="breakeven_rate")
    ci = response_interval(frame["responses"], frame["mailed"], level=level, method=method)
    out = frame.copy()
    out["rate_low"] = ci["rate_low"].to_numpy()
    out["rate_high"] = ci["rate_high"].to_numpy()
    code = np.where(out["rate_low"] > breakeven, 0, np.where(out["rate_high"] < breakeven, 2, 1))
    out["decision"] = pd.Categorical.from_codes(code, categories=list(_DECISIONS))
    return out


def incremental_response(
    bought: pd.Series, mailed: pd.Series, *, level: float = 0.95
) -> pd.DataFrame:
    """Incremental response (增量响应): buying among mailed minus unmailed customers.

    Valid when the mailing went to a *random* share of the customers, so that the
    unmailed are a control group (对照组): the difference of the two buying rates then
    estimates what the mailing itself caused, whereas the gross response rate also
    counts customers who would have bought anyway.

    Parameters
    ----------
    bought : pandas.Series of bool or 0/1
        Per customer (index): bought in the response window (a response to the mailing,
        or any ordinary purchase; define the window before looking at the result).
    mailed : pandas.Series of bool or 0/1
        Per customer, the same index: mailed (True) or in the control group (False).
    level : float, default 0.95
        Confidence level of the Wilson intervals of each rate and of Newcombe's hybrid
        score interval of the difference (``confint_proportions_2indep``).

    Returns
    -------
    pandas.DataFrame
        One row: ``mailed``, ``mailed_buyers``, ``mailed_rate``, ``control``,
        ``control_buyers``, ``control_rate`` (with ``*_low``/``*_high`` bounds), and
        ``incremental`` (mailed_rate - control_rate), ``incremental_low``,
        ``incremental_high``.

    Raises
    ------
    ValueError
        When the two Series do not list the same customers, are not yes/no, or either
        group is empty.
    """
    from statsmodels.stats.proportion import confint_proportions_2indep

    func = "incremental_response"
    level = _check_level(level, func)
    bought, mailed = align_series(bought, mailed, ("bought", "mailed"), func)
    y = binary(bought, "bought", func).astype(bool)
    group = binary(mailed, "mailed", func).astype(bool)
    n1, n0 = int(group.sum()), int((~group).sum())
    if not n1 or not n0:
        raise ValueError(
            f"The 'mailed' parameter of {func} must hold both mailed (True) and control "
            f"(False) customers. Got {n1} mailed and {n0} control instead."
        )
    k1, k0 = int(y[group].sum()), int(y[~group].sum())
    rates = response_interval([k1, k0], [n1, n0], level=level)
    low, high = confint_proportions_2indep(
        k1, n1, k0, n0, method="newcomb", compare="diff", alpha=1 - level
    )
    row = {"mailed": n1, "mailed_buyers": k1}
    for prefix, i in (("mailed", 0), ("control", 1)):
        if prefix == "control":
            row.update({"control": n0, "control_buyers": k0})
        row[f"{prefix}_rate"] = rates["response_rate"].iloc[i]
        row[f"{prefix}_low"] = rates["rate_low"].iloc[i]
        row[f"{prefix}_high"] = rates["rate_high"].iloc[i]
    row.update({"incremental": k1 / n1 - k0 / n0, "incremental_low": float(low)})
    row["incremental_high"] = float(high)
    return pd.DataFrame([row])


def rfm_vs_logit(
    scores: RFMScores | pd.DataFrame,
    responses: pd.DataFrame,
    *,
    features: Sequence[str] = ("R", "F", "M"),
    test_share: float = 0.5,
    seed: int = 0,
    customer_col: str = "customer_id",
    response_col: str = "responded",
    revenue_col: str = "response_revenue",
) -> pd.DataFrame:
    """Hold-out comparison of RFM cells with a logit on R, F and M, by AUC.

    The mailed customers are split at random (seeded) into a training and a test part.
    On the training part, each cell's score is its response rate (cells without a
    training customer get the overall training rate), and a logistic regression
    (statsmodels ``Logit``, with a constant) is fitted on ``features``. Both rank the
    *test* customers, and :func:`crmkit.metrics.auc` measures each ranking.

    Parameters
    ----------
    scores, responses, customer_col, response_col, revenue_col
        As in :func:`mailing_analysis`; the scores need a ``cell`` column and the
        ``features`` columns.
    features : sequence of str, default ("R", "F", "M")
        Numeric columns of the scores for the logit (the codes, or e.g. raw recency).
    test_share : float, default 0.5
        Share of mailed customers held out, strictly between 0 and 1.
    seed : int, default 0
        Seed of the split (``numpy.random.default_rng``).

    Returns
    -------
    pandas.DataFrame
        Two rows (``method``: "RFM cells", "logit on " + features) with ``auc``,
        ``train_customers``, ``test_customers``, ``test_responses`` and
        ``test_in_unseen_cells`` (test customers whose cell had no training customer).

    Raises
    ------
    ValueError
        On the bad inputs of :func:`mailing_analysis`, a bad ``test_share`` or ``seed``,
        or a split with no responder (or only responders) on either side.
    """
    import statsmodels.api as sm

    func = "rfm_vs_logit"
    share = check_number(
        test_share, "test_share", func, low=0, high=1, low_open=True, high_open=True
    )
    seed = check_seed(seed, "seed", func)
    features = [features] if isinstance(features, str) else list(features)
    _, mailed = _mailing_frame(
        scores, responses, func, ["cell", *features], customer_col, response_col, revenue_col
    )
    mailed = mailed.sort_index()
    test = np.zeros(len(mailed), dtype=bool)
    test[np.random.default_rng(seed).permutation(len(mailed))[: round(share * len(mailed))]] = True
    train, held = mailed[~test], mailed[test]
    for part, name in ((train, "training"), (held, "test")):
        hits = int(part["responded"].sum())
        if hits in (0, len(part)):
            raise ValueError(
                f"The {name} part made by {func} has {hits} responder(s) among {len(part)} "
                "customers, so the rankings cannot be fitted or judged. Change 'test_share' "
                "or 'seed', or use a larger test mailing."
            )
    cell_rate = train.groupby("cell", observed=True)["responded"].mean()
    cells = held["cell"].map(cell_rate)
    rfm_rank = cells.astype(float).fillna(train["responded"].mean())
    X = sm.add_constant(train[features].astype(float), has_constant="add")
    fit = sm.Logit(train["responded"].astype(float), X).fit(disp=0)
    X_test = sm.add_constant(held[features].astype(float), has_constant="add")
    logit_rank = pd.Series(np.asarray(fit.predict(X_test)), index=held.index)
    y = held["responded"]
    common = {
        "train_customers": len(train),
        "test_customers": len(held),
        "test_responses": int(y.sum()),
        "test_in_unseen_cells": int(cells.isna().sum()),
    }
    return pd.DataFrame(
        [
            {"method": "RFM cells", "auc": auc(y, rfm_rank), **common},
            {"method": "logit on " + ", ".join(features), "auc": auc(y, logit_rank), **common},
        ]
    )
