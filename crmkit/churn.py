"""Churn (流失): a churn logit on RFM features, and care tiers from predicted value.

=====================================  ================================================
:class:`ChurnLogit`                    a churn logit on RFM features (statsmodels)
:func:`churn_features`                 RFM features and the churn outcome, per customer
:func:`care_tiers`                     care tiers (关怀等级) from predicted value
:func:`compare_tiers`                  later value per tier, under several tier rules
=====================================  ================================================

A churn model is judged with :func:`crmkit.metrics.auc` and
:func:`crmkit.metrics.calibration_table`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import align_series, check_columns, check_finite, check_frame
from crmkit.metrics import binary

__all__ = ["TIERS", "ChurnLogit", "care_tiers", "churn_features", "compare_tiers"]

#: The care tiers, lowest first.
TIERS = ("ordinary", "silver", "gold")


class ChurnLogit:
    """A churn model (流失预测模型): logistic regression on RFM features (statsmodels).

    Parameters
    ----------
    predictors : sequence of str, default ("recency_gap", "frequency", "T", "log_monetary")
        Numeric columns of the table passed to :meth:`fit` and :meth:`predict`.
    outcome : str, default "churned"
        A yes/no column: True = the customer did not buy in the following period.

    Attributes
    ----------
    coefficients_ : pandas.DataFrame
        One row per term (``const`` first): ``estimate`` (log-odds), ``std_error``,
        its 95 per cent interval ``ci_low``, ``ci_high``, ``p_value``, ``odds_ratio``
        and the odds ratio's interval ``odds_ratio_low``, ``odds_ratio_high``.
    result_ : statsmodels result
    """

    def __init__(
        self,
        predictors: Sequence[str] = ("recency_gap", "frequency", "T", "log_monetary"),
        outcome: str = "churned",
    ) -> None:
        if isinstance(predictors, str) or not all(isinstance(p, str) for p in predictors):
            raise ValueError(
                "The 'predictors' parameter of ChurnLogit must be a list of column names. "
                f"Got {predictors!r} instead."
            )
        if len(predictors) == 0:
            raise ValueError("The 'predictors' parameter of ChurnLogit must name a column.")
        if outcome in predictors:
            raise ValueError(f"The outcome {outcome!r} of ChurnLogit is also a predictor.")
        self.predictors = list(predictors)
        self.outcome = outcome
        self.result_: Any = None

    def __repr__(self) -> str:
        state = "fitted" if self.result_ is not None else "not fitted"
        return f"ChurnLogit(predictors={self.predictors}, outcome={self.outcome!r}, {state})"

    def _x(self, table: Any, func: str) -> np.ndarray:
        table = check_frame(table, "table", func)
        check_columns(table, self.predictors, "table", func)
        cols = [check_finite(table[c], "table", func, column=c) for c in self.predictors]
        return np.column_stack([np.ones(len(table)), *cols])

    def fit(self, table: pd.DataFrame) -> ChurnLogit:
        """Fit the logit by maximum likelihood; returns ``self``."""
        import statsmodels.api as sm

        func = "ChurnLogit.fit"
        x = self._x(table, func)
        check_columns(table, [self.outcome], "table", func)
        y = binary(table[self.outcome], self.outcome, func)
        if len(np.unique(y)) < 2:
            raise ValueError(
                f"The {self.outcome!r} column passed to {func} has only one value, so there "
                "is nothing to predict."
            )
        result = sm.Logit(y, x).fit(disp=0, method="newton", maxiter=100)
        self.result_ = result
        names = ["const", *self.predictors]
        ci = np.asarray(result.conf_int(alpha=0.05))
        self.coefficients_ = pd.DataFrame(
            {
                "estimate": np.asarray(result.params),
                "std_error": np.asarray(result.bse),
                "ci_low": ci[:, 0],
                "ci_high": ci[:, 1],
                "p_value": np.asarray(result.pvalues),
                "odds_ratio": np.exp(np.asarray(result.params)),
                "odds_ratio_low": np.exp(ci[:, 0]),
                "odds_ratio_high": np.exp(ci[:, 1]),
            },
            index=pd.Index(names, name="term"),
        )
        return self

    def predict(self, table: pd.DataFrame) -> pd.Series:
        """Predicted churn probability per row of ``table`` (Series ``churn_prob``)."""
        func = "ChurnLogit.predict"
        if self.result_ is None:
            raise ValueError(f"{func} needs a fitted model: call .fit(table) first.")
        x = self._x(table, func)
        eta = x @ np.asarray(self.result_.params)
        return pd.Series(1.0 / (1.0 + np.exp(-eta)), index=table.index, name="churn_prob")


def churn_features(calhold: pd.DataFrame) -> pd.DataFrame:
    """RFM features and the churn outcome from :func:`calibration_holdout`.

    Returns
    -------
    pandas.DataFrame
        Index of ``calhold``: ``recency_gap`` (T - recency: time since the last
        purchase), ``frequency``, ``T``, ``log_monetary`` (log of 1 + the mean order
        value of repeat purchases) and ``churned`` (bool: no purchase in the hold-out
        period).
    """
    func = "churn_features"
    calhold = check_frame(calhold, "calhold", func)
    check_columns(
        calhold,
        ["frequency", "recency", "T", "monetary_value", "frequency_holdout"],
        "calhold",
        func,
    )
    return pd.DataFrame(
        {
            "recency_gap": calhold["T"] - calhold["recency"],
            "frequency": calhold["frequency"],
            "T": calhold["T"],
            "log_monetary": np.log1p(calhold["monetary_value"].clip(lower=0)),
            "churned": calhold["frequency_holdout"] == 0,
        },
        index=calhold.index,
    )


def care_tiers(
    value: pd.Series,
    *,
    shares: Mapping[str, float] | None = None,
    reference: pd.Series | None = None,
) -> pd.Series:
    """Care tiers (关怀等级) drawn from predicted value: the top customers get gold.

    Parameters
    ----------
    value : pandas.Series
        Predicted value per customer (e.g. the ``clv`` column).
    shares : dict, optional
        Share of customers per tier, keys ``ordinary``, ``silver``, ``gold``, summing
        to 1. Default: the shares of ``reference`` if given, else 0.7, 0.2, 0.1.
    reference : pandas.Series, optional
        The firm's own tiers, to copy their shares (so the two rules give out the same
        number of gold and silver places).

    Returns
    -------
    pandas.Series
        Ordered categorical ordinary < silver < gold, index of ``value``, named
        ``care_tier``. Ties are broken by the order of ``value``.
    """
    func = "care_tiers"
    if not isinstance(value, pd.Series):
        raise TypeError(
            f"The 'value' parameter of {func} must be a pandas Series. Got "
            f"{type(value).__name__} instead."
        )
    if len(value) == 0:
        raise ValueError(f"The 'value' parameter of {func} must not be empty.")
    v = check_finite(value, "value", func)
    if shares is None:
        if reference is not None:
            if not isinstance(reference, pd.Series):
                raise TypeError(f"The 'reference' parameter of {func} must be a pandas Series.")
            counts = reference.astype("str").value_counts(normalize=True)
            shares = {t: float(counts.get(t, 0.0)) for t in TIERS}
        else:
            shares = {"ordinary": 0.7, "silver": 0.2, "gold": 0.1}
    if not isinstance(shares, Mapping) or sorted(shares) != sorted(TIERS):
        raise ValueError(
            f"The 'shares' parameter of {func} must map each of {list(TIERS)} to a share. "
            f"Got {shares!r} instead."
        )
    s = np.array([shares[t] for t in TIERS], dtype="float64")
    if (s < 0).any() or not np.isclose(s.sum(), 1.0):
        raise ValueError(
            f"The 'shares' parameter of {func} must hold shares of 0 or more summing to 1. "
            f"Got {shares!r} instead."
        )
    n = len(v)
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(v, kind="stable")] = np.arange(n)  # 0 = lowest value
    cuts = np.round(np.cumsum(s)[:-1] * n).astype(np.int64)
    codes = np.searchsorted(cuts, rank, side="right")
    tiers = pd.Categorical.from_codes(codes, categories=list(TIERS), ordered=True)
    return pd.Series(tiers, index=value.index, name="care_tier")


def compare_tiers(tiers: Mapping[str, pd.Series], future_value: pd.Series) -> pd.DataFrame:
    """Customers and later value per tier, under several tier rules.

    Parameters
    ----------
    tiers : dict
        Rule name -> Series of tiers, with the index labels of ``future_value`` (matched
        by label, in any order).
    future_value : pandas.Series
        What each customer was later worth (e.g. hold-out revenue).

    Returns
    -------
    pandas.DataFrame
        One row per rule and tier: ``rule``, ``tier``, ``customers``, ``mean_value``
        (mean future value) and ``share_of_value`` (the tier's share of all future value).
    """
    func = "compare_tiers"
    if not isinstance(tiers, Mapping) or not tiers:
        raise TypeError(f"The 'tiers' parameter of {func} must be a non-empty dict of Series.")
    if not isinstance(future_value, pd.Series):
        raise TypeError(f"The 'future_value' parameter of {func} must be a pandas Series.")
    if future_value.isna().any():
        raise ValueError(
            f"The 'future_value' parameter of {func} has {int(future_value.isna().sum())} "
            "missing value(s); fill them (e.g. with 0 for no purchase) first."
        )
    check_finite(future_value, "future_value", func)
    total = float(future_value.sum())
    rows = []
    for rule, tier in tiers.items():
        if not isinstance(tier, pd.Series) or set(tier.index) != set(future_value.index):
            raise ValueError(
                f"The tiers of rule {rule!r} passed to {func} must be a Series with the same "
                "index as future_value; align them first, e.g. tier.reindex(future_value.index)."
            )
        _, tier = align_series(future_value, tier, ("future_value", f"tiers[{rule!r}]"), func)
        if tier.isna().any():
            raise ValueError(
                f"The tiers of rule {rule!r} passed to {func} have {int(tier.isna().sum())} "
                "missing value(s); give every customer a tier."
            )
        grouped = future_value.groupby(tier.astype("str"))
        for t in TIERS:
            if t not in grouped.groups:
                continue
            g = grouped.get_group(t)
            rows.append(
                {
                    "rule": str(rule),
                    "tier": t,
                    "customers": len(g),
                    "mean_value": float(g.mean()),
                    "share_of_value": float(g.sum()) / total if total else np.nan,
                }
            )
    return pd.DataFrame(rows)
