"""Value tiers (客户价值等级): ABC analysis and the migration between tiers.

=====================================  =====================================================
:func:`abc_tiers`                      value tiers A/B/C (ABC分类法: 高价值客户, 普通客户,
                                       小客户) cut from the ranking of customers
:func:`tier_migration`                 migration matrix (迁移矩阵) between two periods
:func:`plot_migration`                 its heat map; takes ``ax=`` and returns it
=====================================  =====================================================

Tiers are ordered categoricals indexed by customer id, so two periods are matched by
customer id (index label), never by position. The rules that turn tiers into target
customers are in :mod:`crmkit.rules`.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from crmkit._plotting import get_ax
from crmkit.concentration import check_amounts, check_positive_total

__all__ = ["abc_tiers", "plot_migration", "tier_migration"]


def abc_tiers(
    values: Any,
    *,
    thresholds: Sequence[float] | None = None,
    by: str = "value",
    labels: Sequence[str] = ("A", "B", "C"),
) -> pd.Series:
    """Value tiers (客户价值等级) by ABC analysis (ABC分类法).

    Seed 002 asks the firm to tell high-value customers (高价值客户), ordinary customers
    (普通客户) and small customers (小客户) apart. ABC analysis does it by ranking
    customers from the largest value down and cutting the ranking at thresholds.

    Parameters
    ----------
    values : Series, array or list of non-negative numbers
        One amount per customer, e.g. revenue. A Series' index (customer ids) is kept.
    thresholds : sequence of floats, strictly increasing, each in (0, 1), optional
        Where the tiers end, as cumulative shares. Default ``(0.7, 0.9)`` for
        ``by="value"`` (A: the customers bringing the first 70% of the total, B: the
        next 20%, C: the last 10%) and ``(0.2, 0.5)`` for ``by="customers"`` (A: the top
        20% of customers, B: the next 30%, C: the other half).
    by : {"value", "customers"}, default "value"
        Cut the ranking by cumulative share of the *value* or of the *number of
        customers*.
    labels : sequence of str, default ("A", "B", "C")
        Tier names from the top tier down, one more than there are thresholds, e.g.
        ``("high-value", "ordinary", "small")``.

    Returns
    -------
    Series
        Ordered categorical named ``tier``, same index as ``values``, with the top tier
        the *largest* category (``"A" > "B" > "C"``), so ``tiers >= "B"`` selects A and B.

    Notes
    -----
    *The rule.* Rank customers from the largest value. A customer's position is the
    share (of value, or of customers) held by the customers ranked *strictly above* it.
    A customer whose position is below the first threshold is in the first tier, below
    the second in the second tier, and so on. So the customer who crosses the 70% line
    belongs to A: tier A holds at least 70% of the value.

    *Ties.* Customers with equal values are indistinguishable, so they get the same
    tier: the tier of the first of them in the ranking (the better one). A tie that
    straddles a threshold therefore puts the whole group in the upper tier, and the
    upper tier can hold more than its threshold share.

    *Edge cases.* A single customer is in the top tier. All customers equal: all are
    tied, so all are in the top tier (ABC has nothing to separate). Customers with a
    value of 0 are in the last tier with ``by="value"`` (everything has been counted
    before them) unless every value is 0, which raises an error (shares of a zero total
    are undefined); with ``by="customers"`` zeros are ranked like any other value.

    Examples
    --------
    >>> abc_tiers(pd.Series([50.0, 25.0, 15.0, 10.0], index=[1, 2, 3, 4])).tolist()
    ['A', 'A', 'B', 'C']
    """
    func = "abc_tiers"
    if by not in ("value", "customers"):
        raise ValueError(
            f"The 'by' parameter of {func} must be 'value' (cumulative share of the value) "
            f"or 'customers' (share of customers). Got {by!r} instead."
        )
    if thresholds is None:
        thresholds = (0.7, 0.9) if by == "value" else (0.2, 0.5)
    if isinstance(thresholds, (str, bytes)) or not isinstance(thresholds, Iterable):
        raise TypeError(
            f"The 'thresholds' parameter of {func} must be a sequence of numbers such as "
            f"(0.7, 0.9). Got {thresholds!r} instead."
        )
    cuts = list(thresholds)
    if not cuts or not all(
        isinstance(t, numbers.Real) and not isinstance(t, bool) and math.isfinite(t) for t in cuts
    ):
        raise TypeError(
            f"The 'thresholds' parameter of {func} must be a non-empty sequence of numbers "
            f"such as (0.7, 0.9). Got {thresholds!r} instead."
        )
    if not all(0 < t < 1 for t in cuts):
        raise ValueError(
            f"The 'thresholds' parameter of {func} must hold cumulative shares strictly "
            f"between 0 and 1, e.g. (0.7, 0.9). Got {tuple(cuts)} instead."
        )
    if any(b <= a for a, b in itertools.pairwise(cuts)):
        raise ValueError(
            f"The 'thresholds' parameter of {func} must be strictly increasing, e.g. "
            f"(0.7, 0.9). Got {tuple(cuts)} instead."
        )
    if isinstance(labels, (str, bytes)) or not isinstance(labels, Sequence):
        raise TypeError(
            f"The 'labels' parameter of {func} must be a sequence of tier names such as "
            f"('A', 'B', 'C'). Got {labels!r} instead."
        )
    names = [str(lab) for lab in labels]
    if len(names) != len(cuts) + 1 or len(set(names)) != len(names):
        raise ValueError(
            f"The 'labels' parameter of {func} must hold {len(cuts) + 1} distinct names "
            f"(one more than the {len(cuts)} thresholds). Got {tuple(labels)} instead."
        )
    v = check_amounts(values, func)
    x = v.to_numpy()
    n = len(x)
    order = np.argsort(-x, kind="stable")
    xs = x[order]
    if by == "value":
        total = check_positive_total(v, func)
        before = (np.cumsum(xs) - xs) / total
    else:
        before = np.arange(n) / n
    # ties: every member of a run of equal values takes the position of the first one
    first_of_run = np.r_[True, xs[1:] != xs[:-1]]
    run_id = np.cumsum(first_of_run) - 1
    position = before[first_of_run][run_id]
    tier_sorted = np.searchsorted(np.asarray(cuts), position + 1e-12, side="right")
    # 1e-12: a position equal to a threshold (up to rounding) belongs to the next tier
    tier_index = np.empty(n, dtype=int)
    tier_index[order] = tier_sorted
    out = pd.Categorical.from_codes(
        (len(names) - 1 - tier_index), categories=names[::-1], ordered=True
    )
    return pd.Series(out, index=v.index, name="tier")


def _tier_order(s: pd.Series) -> list:
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = list(s.cat.categories)
        return cats[::-1] if s.cat.ordered else cats
    return sorted(pd.unique(s).tolist())


def tier_migration(
    before: pd.Series,
    after: pd.Series,
    *,
    normalize: bool = False,
    absent: tuple[str, str] = ("new", "lost"),
) -> pd.DataFrame:
    """Migration matrix (迁移矩阵) of customers between the tiers of two periods.

    Seed 002 stresses that screening is dynamic (动态管理): a valuable customer can lose
    its value quickly and the reverse. The matrix counts how many customers of each
    tier in the first period are in each tier in the second.

    Parameters
    ----------
    before, after : Series
        Tier of each customer in the first and the second period, indexed by customer id
        (e.g. two results of :func:`abc_tiers`). A customer missing from one of them had
        no tier in that period (for example, did not buy).
    normalize : bool, default False
        If True, divide each row by its total, giving the share of each first-period tier
        that moved to each second-period tier (rows sum to 1; an empty row is NaN).
    absent : (str, str), default ("new", "lost")
        Names of the extra row (customers only in ``after``: new, or returning after a
        pause) and the extra column (customers only in ``before``: lost, i.e. no tier in
        the second period).

    Returns
    -------
    DataFrame
        Rows: the tiers of ``before`` (top tier first for ordered categoricals) then the
        ``absent[0]`` row; columns: the tiers of ``after`` then the ``absent[1]``
        column. Index named ``before``, columns named ``after``. Counts (int) unless
        ``normalize``: each row sums to the number of customers in that tier of
        ``before`` (the ``new`` row to the number of new customers); the ``new``/``lost``
        cell is 0 by construction.
    """
    func = "tier_migration"
    if not isinstance(normalize, (bool, np.bool_)):
        raise TypeError(
            f"The 'normalize' parameter of {func} must be True or False. Got {normalize!r} instead."
        )
    for name, s in (("before", before), ("after", after)):
        if not isinstance(s, pd.Series):
            raise TypeError(
                f"The '{name}' parameter of {func} must be a pandas Series of tiers indexed "
                f"by customer id (e.g. from abc_tiers). Got {type(s).__name__} instead."
            )
        if s.isna().any():
            raise ValueError(
                f"The '{name}' parameter of {func} must have no missing tiers. Got "
                f"{int(s.isna().sum())} instead; leave customers without a tier out of "
                f"the Series (they are then counted as '{absent[0]}' or '{absent[1]}')."
            )
        if s.index.has_duplicates:
            raise ValueError(
                f"The '{name}' parameter of {func} must have one row per customer. Got "
                f"{int(s.index.duplicated().sum())} duplicated customer id(s) instead."
            )
    if (
        not isinstance(absent, (tuple, list))
        or len(absent) != 2
        or not all(isinstance(a, str) for a in absent)
        or absent[0] == absent[1]
    ):
        raise ValueError(
            f"The 'absent' parameter of {func} must be two different names, e.g. "
            f"('new', 'lost'). Got {absent!r} instead."
        )
    rows = _tier_order(before)
    cols = _tier_order(after)
    clash = sorted({str(a) for a in absent} & {str(t) for t in [*rows, *cols]})
    if clash:
        raise ValueError(
            f"The 'absent' parameter of {func} must not reuse a tier name. Got {clash} "
            f"used as both instead; pass absent=(...) with other names."
        )
    new_label, lost_label = absent
    ids = before.index.union(after.index)
    b = pd.Series(before.astype(object).reindex(ids).to_numpy(), index=ids)
    a = pd.Series(after.astype(object).reindex(ids).to_numpy(), index=ids)
    b = b.where(b.notna(), new_label)
    a = a.where(a.notna(), lost_label)
    row_order = [*rows, new_label]
    col_order = [*cols, lost_label]
    counts = (
        pd.crosstab(
            pd.Categorical(b, categories=row_order),
            pd.Categorical(a, categories=col_order),
            dropna=False,
        )
        .reindex(index=row_order, columns=col_order, fill_value=0)
        .astype("int64")
    )
    counts.index = pd.Index(row_order, name="before", dtype=object)
    counts.columns = pd.Index(col_order, name="after", dtype=object)
    if normalize:
        sums = counts.sum(axis=1)
        return counts.div(sums.where(sums > 0), axis=0)
    return counts


def plot_migration(
    matrix: pd.DataFrame,
    *,
    ax: plt.Axes | None = None,
    annot: bool = True,
    cmap: str = "Blues",
) -> plt.Axes:
    """Heat map (热力图) of a migration matrix from :func:`tier_migration`.

    Parameters
    ----------
    matrix : DataFrame
        Counts or row shares; rows are the first period's tiers, columns the second's.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted.
    annot : bool, default True
        Write each cell's value (counts as integers, shares as percentages).
    cmap : str, default "Blues"
        Colour map.

    Returns
    -------
    matplotlib Axes
    """
    func = "plot_migration"
    if not isinstance(matrix, pd.DataFrame) or matrix.empty:
        raise TypeError(
            f"The 'matrix' parameter of {func} must be a non-empty DataFrame from "
            f"tier_migration. Got {type(matrix).__name__} instead."
        )
    if not all(pd.api.types.is_numeric_dtype(t) for t in matrix.dtypes):
        raise TypeError(
            f"The 'matrix' parameter of {func} must hold numbers (counts or shares). "
            f"Got dtypes {sorted({str(t) for t in matrix.dtypes})} instead."
        )
    ax = get_ax(ax, func)
    is_count = all(pd.api.types.is_integer_dtype(t) for t in matrix.dtypes)
    fmt = "d" if is_count else ".0%"
    sns.heatmap(matrix, annot=annot, fmt=fmt, cmap=cmap, cbar=True, ax=ax, linewidths=0.5)
    ax.tick_params(axis="y", rotation=0)
    ax.set_xlabel(f"tier in the second period ({matrix.columns.name or 'after'})")
    ax.set_ylabel(f"tier in the first period ({matrix.index.name or 'before'})")
    ax.set_title("Tier migration" + (" (customers)" if is_count else " (share of row)"))
    return ax
