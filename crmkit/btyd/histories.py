"""A customer summary as arrays for the BTYD fitters: checks, unique histories, sums.

:func:`summary_arrays` validates the (frequency, recency, T, monetary) columns a model
reads and returns them as float arrays; :func:`compress` turns them into the distinct
histories and how many customers share each (so a fit costs what the distinct histories
cost, not the customers); :func:`wsum` and :func:`by_value` are the weighted sums the
likelihoods are made of, computed without BLAS so that no result depends on the CPU's
kernel; :func:`check_horizon` checks a prediction horizon.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np

from crmkit._checks import check_columns, check_finite, check_frame

__all__ = [
    "ROLES",
    "HistoryGroups",
    "by_value",
    "check_horizon",
    "compress",
    "customer_counts",
    "summary_arrays",
    "wsum",
]

#: The summary columns a BTYD model can read, by role.
ROLES = ("frequency", "recency", "T", "monetary")


# --------------------------------------------------------------------------------------
# validation and compression
# --------------------------------------------------------------------------------------
def summary_arrays(summary: Any, func: str, columns: Mapping[str, str]) -> dict[str, np.ndarray]:
    """Validate a customer summary and return its columns as float arrays, by role.

    Parameters
    ----------
    summary : pandas.DataFrame
        One row per customer.
    func : str
        The public name calling (for messages), e.g. ``"BGNBD.fit"``.
    columns : dict
        Role (one of :data:`ROLES`) -> column name, e.g. ``{"frequency": "frequency",
        "recency": "recency", "T": "T"}``.

    Returns
    -------
    dict of str to numpy.ndarray
        The validated columns (float64), keyed by role.

    Raises
    ------
    TypeError
        If ``summary`` is not a DataFrame or a column is not numeric.
    ValueError
        If a column is missing, holds NaN or inf, a negative or fractional frequency,
        a negative recency or T, a recency above T, a recency above 0 without a repeat
        purchase, or a monetary value of 0 or less for a repeat buyer.
    """
    summary = check_frame(summary, "summary", func)
    unknown = set(columns) - set(ROLES)
    if unknown:  # a programming error in a subclass, not a user's
        raise KeyError(f"unknown summary role(s) {sorted(unknown)}; use {list(ROLES)}")
    check_columns(summary, {f"{role}_col": col for role, col in columns.items()}, "summary", func)
    data = {
        role: check_finite(summary[col], "summary", func, column=col)
        for role, col in columns.items()
    }
    x = data.get("frequency")
    if x is not None and ((x < 0).any() or (x != np.round(x)).any()):
        col = columns["frequency"]
        raise ValueError(
            f"The column '{col}' of the 'summary' parameter of {func} must hold whole numbers "
            "of repeat purchases, 0 or more. Got "
            f"{int(((x < 0) | (x != np.round(x))).sum())} other value(s) instead."
        )
    for role in ("recency", "T"):
        if role in data and (data[role] < 0).any():
            raise ValueError(
                f"The column '{columns[role]}' of the 'summary' parameter of {func} must be "
                f"0 or more (a time since the first purchase). Got "
                f"{int((data[role] < 0).sum())} negative value(s) instead."
            )
    if "recency" in data and "T" in data:
        n_late = int((data["recency"] > data["T"] + 1e-9).sum())
        if n_late:
            raise ValueError(
                f"The summary passed to {func} has recency larger than T for {n_late} "
                "customer(s): the last purchase cannot come after the end of the period. "
                "Compute recency and T at the same analysis date."
            )
    if "recency" in data and x is not None:
        n_bad = int(((x == 0) & (data["recency"] > 0)).sum())
        if n_bad:
            raise ValueError(
                f"The summary passed to {func} has {n_bad} customer(s) with no repeat "
                "purchase but recency above 0; recency must be 0 when frequency is 0 (the "
                "btyd convention of crmkit.summaries.btyd_summary)."
            )
    if "monetary" in data and x is not None:
        n_bad = int(((x > 0) & (data["monetary"] <= 0)).sum())
        if n_bad:
            raise ValueError(
                f"The column '{columns['monetary']}' of the 'summary' parameter of {func} "
                f"must be above 0 for customers with repeat purchases; {n_bad} are not. "
                "Remove returns and zero-value orders first."
            )
    return data


def compress(
    data: Mapping[str, np.ndarray], counts: np.ndarray | None = None
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The unique histories of ``data`` and how many customers share each.

    ``counts`` (optional) says how many customers each row already stands for, as when
    the rows are histories counted in SQL; the weights are then their sums.

    Returns
    -------
    (dict, numpy.ndarray)
        The unique rows (same roles, sorted) and their counts (float64 weights); the
        weighted sum of any per-history quantity equals its sum over customers.
    """
    roles = list(data)
    cols = [np.asarray(data[r], dtype=float) for r in roles]
    order = np.lexsort(cols[::-1])  # by the first role, then the second, ...
    cols = [c[order] for c in cols]
    new = np.ones(len(order), dtype=bool)
    if len(order) > 1:
        change = np.zeros(len(order) - 1, dtype=bool)
        for c in cols:
            change |= c[1:] != c[:-1]
        new[1:] = change
    starts = np.flatnonzero(new)
    if counts is None:
        weights = np.diff(np.append(starts, len(order))).astype("float64")
    else:
        weights = np.add.reduceat(np.asarray(counts, dtype="float64")[order], starts)
    return {r: c[starts] for r, c in zip(roles, cols, strict=True)}, weights


def customer_counts(summary: Any, count_col: str, func: str) -> np.ndarray:
    """The whole, non-negative customer counts of a table of distinct histories."""
    check_columns(summary, {"count_col": count_col}, "summary", func)
    counts = check_finite(summary[count_col], "summary", func, column=count_col, nonnegative=True)
    if (counts != np.round(counts)).any() or not counts.any():
        raise ValueError(
            f"The column '{count_col}' of the 'summary' parameter of {func} must hold whole "
            "numbers of customers, not all 0. Got other values instead."
        )
    return counts


def wsum(weights: np.ndarray, values: np.ndarray) -> float:
    """``sum(weights * values)`` without BLAS.

    Likelihoods here are sums of products; ``numpy.dot`` and ``@`` hand them to BLAS,
    whose threads on a busy machine made one dot product of 30,000 numbers take 18 ms
    instead of 0.02, and whose summation order depends on the CPU kernel. numpy's
    pairwise sum is fast, single-threaded and the same on every machine.
    """
    return float(np.multiply(weights, values).sum())


def by_value(values: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct values of a column, each row's position among them, and their total weight.

    A term of the likelihood that depends on one column only (say ``gammaln(r + x)``)
    is then evaluated once per distinct value and summed with the total weights, which
    turns hundreds of thousands of special-function calls into a few dozen.
    """
    distinct, index = np.unique(values, return_inverse=True)
    return distinct, index, np.bincount(index, weights=weights, minlength=len(distinct))


def check_horizon(t: Any, name: str, func: str) -> float:
    """A prediction horizon: a finite number, 0 or more (ValueError naming ``name``)."""
    if isinstance(t, bool) or not isinstance(t, numbers.Real) or not np.isfinite(t) or t < 0:
        raise ValueError(
            f"The '{name}' parameter of {func} must be a time of 0 or more (finite, in the "
            f"model's time unit). Got {t!r} instead."
        )
    return float(t)


class HistoryGroups:
    """The distinct histories of one fit, arranged for fast weighted sums.

    Terms that depend on x alone (or on T alone) are evaluated once per distinct value
    (:func:`by_value`) and spread back with the ``*_index`` arrays; ``pos`` marks the
    histories with repeat purchases. Built once per fit by the models' cached
    ``_weighted_loglik_grad``.
    """

    def __init__(self, data: Mapping[str, np.ndarray], weights: np.ndarray) -> None:
        self.x, self.tx, self.t, self.w = data["frequency"], data["recency"], data["T"], weights
        self.n = float(weights.sum())
        self.x_values, self.x_index, self.x_weights = by_value(self.x, weights)
        self.t_values, self.t_index, _ = by_value(self.t, weights)
        self.pos = np.flatnonzero(self.x > 0)
