"""How well a score ranks or predicts a yes/no outcome: the AUC and a calibration table.

=====================================  ================================================
:func:`auc`                            area under the ROC curve (Mann-Whitney)
:func:`calibration_table`              predicted against observed rates, by group
=====================================  ================================================

Both take the outcome and the score either as two pandas Series, matched by index
label (never by position: a Series sorted differently from the other is realigned, and
labels found in only one raise a ValueError), or as plain sequences of equal length,
matched by position.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import align_series, check_count

__all__ = ["auc", "binary", "calibration_table", "paired"]

#: The most groups :func:`calibration_table` makes (deciles are the usual choice).
MAX_GROUPS = 1000


def binary(values: Any, name: str, func: str) -> np.ndarray:
    """A yes/no outcome (bool or 0/1, no missing value) as a float array of 0 and 1."""
    s = values if isinstance(values, pd.Series) else pd.Series(values)
    if s.isna().any():
        raise ValueError(f"The '{name}' parameter of {func} has missing values; drop them first.")
    if not (pd.api.types.is_bool_dtype(s.dtype) or set(pd.unique(s)) <= {0, 1}):
        raise ValueError(
            f"The '{name}' parameter of {func} must be yes/no (bool or 0/1). "
            f"Got values {sorted(map(str, pd.unique(s)))[:5]} instead."
        )
    return s.to_numpy(dtype="float64")


def paired(y_true: Any, score: Any, names: tuple[str, str], func: str) -> tuple[Any, Any]:
    """The outcome and score paired up: by index label if both are Series, else by position.

    Raises ValueError naming both parameters when two Series have different labels, or
    when sequences differ in length.
    """
    if isinstance(y_true, pd.Series) and isinstance(score, pd.Series):
        return align_series(y_true, score, names, func)
    n_y, n_s = len(y_true), len(score)
    if n_y != n_s:
        raise ValueError(
            f"The '{names[1]}' parameter of {func} must have one value per {names[0]} "
            f"({n_y}). Got {n_s} instead."
        )
    return y_true, score


def _scores(values: Any, name: str, func: str) -> np.ndarray:
    s = values if isinstance(values, pd.Series) else pd.Series(values)
    if not pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        raise TypeError(f"The '{name}' parameter of {func} must be numeric. Got {s.dtype} instead.")
    array = s.to_numpy(dtype="float64", na_value=np.nan)
    if np.isnan(array).any():
        raise ValueError(f"The '{name}' parameter of {func} has missing values; drop them first.")
    if np.isinf(array).any():
        raise ValueError(
            f"The '{name}' parameter of {func} must be finite. Got "
            f"{int(np.isinf(array).sum())} infinite value(s) instead."
        )
    return array


def auc(y_true: Any, score: Any) -> float:
    """Area under the ROC curve: the chance a random positive outscores a random negative.

    Computed from ranks (the Mann-Whitney statistic); ties count one half.

    Parameters
    ----------
    y_true : pandas.Series or array-like of bool or 0/1
    score : pandas.Series or array-like of float (higher = more likely positive)
        Two Series are matched by index label; otherwise the two are matched by
        position and must have the same length.

    Returns
    -------
    float
        Between 0 and 1; 0.5 is no better than chance.

    Examples
    --------
    >>> auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    >>> auc(pd.Series([0, 1]), pd.Series([0.2, 0.9], index=[1, 0]))  # by label: 0.9 is 0's
    0.0
    """
    from scipy.stats import rankdata

    func = "auc"
    y_true, score = paired(y_true, score, ("y_true", "score"), func)
    y = binary(y_true, "y_true", func)
    values = _scores(score, "score", func)
    n_pos = int(y.sum())
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError(
            f"The 'y_true' parameter of {func} must contain both outcomes; it has "
            f"{n_pos} positive(s) and {n_neg} negative(s)."
        )
    ranks = rankdata(values)
    return float((ranks[y == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def calibration_table(y_true: Any, prob: Any, *, groups: int = 10) -> pd.DataFrame:
    """Predicted against observed: customers sorted by prediction, in equal groups.

    Parameters
    ----------
    y_true : pandas.Series or array-like of bool or 0/1
    prob : pandas.Series or array-like of float in [0, 1]
        Two Series are matched by index label, otherwise by position.
    groups : int, default 10
        Number of groups (deciles by default), from 2 to the number of customers (and
        at most 1,000).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``group`` (1 = lowest predictions): ``customers``,
        ``mean_predicted`` and ``observed_rate``. A well calibrated model has the two
        close in every group.
    """
    func = "calibration_table"
    y_true, prob = paired(y_true, prob, ("y_true", "prob"), func)
    y = binary(y_true, "y_true", func)
    p = _scores(prob, "prob", func)
    if (p < 0).any() or (p > 1).any():
        raise ValueError(f"The 'prob' parameter of {func} must be probabilities in [0, 1].")
    groups = check_count(groups, "groups", func, low=2, high=min(MAX_GROUPS, max(len(p), 2)))
    order = np.argsort(p, kind="stable")
    group = np.empty(len(p), dtype=np.int64)
    for k, chunk in enumerate(np.array_split(order, groups), start=1):
        group[chunk] = k
    frame = pd.DataFrame({"group": group, "p": p, "y": y})
    return frame.groupby("group").agg(
        customers=("y", "size"), mean_predicted=("p", "mean"), observed_rate=("y", "mean")
    )
