"""Hughes' RFM scoring (RFM 评分): recency, frequency and monetary value coded 1..k.

Each axis is cut into quantiles, quintiles by default (五分位数), coded 1 (worst) to k
(best); the three codes form the **RFM cell** (RFM 单元) such as ``"543"``.
:func:`rfm_score` returns an :class:`RFMScores` with the codes and the cut-points used.

One rule for every axis
-----------------------
Every axis is scored on a scale where *more is better*: frequency and monetary value as
they are, recency as "how recent" (minus the periods since the last purchase). On that
scale the j-th cut-point is the value in position ⌈j·n/k⌉ of the n sorted values, and a
customer's score is 1 plus the number of cut-points strictly below its value. So a value
equal to a cut-point gets the **lower** score on R, F and M alike, and with
``ties="keep"`` (the default) customers with equal values always share a score. When
every customer is identical all score 1 on every axis (cell ``"111"``), and a single
customer scores ``"111"``. When an axis has fewer distinct values than scores, some
scores cannot occur: :func:`rfm_score` then warns (a code *collapses*).

``ties="first"`` (Hughes' "sort the file and count off fifths") sorts on the same scale,
equal values ordered by customer id, and cuts equal groups: among equal values the lower
id gets the lower score, on every axis.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_columns, check_count, check_finite, check_frame, check_one_of

__all__ = ["MAX_BINS", "RFMScores", "rfm_score"]

#: The most scores per axis :func:`rfm_score` (and :func:`crmkit.rfm_sql.rfm_sql`) allow:
#: 10 x 10 x 10 = 1,000 cells already leave most cells nearly empty for any customer
#: file, and the cell labels grow as k cubed.
MAX_BINS = 10
AXES = ("R", "F", "M")
METHODS = ("independent", "nested")
TIES = ("keep", "first")


@dataclass(frozen=True, repr=False)
class RFMScores:
    """The result of :func:`rfm_score`.

    Attributes
    ----------
    scores : pandas.DataFrame
        One row per customer (index = customer id, as in the summary) with columns
        ``recency`` (periods since the last purchase, whatever the convention),
        ``frequency``, ``monetary`` (the summary column named by :attr:`monetary`),
        the scores ``R``, ``F``, ``M`` (int64, 1 = worst, k = best) and ``cell``, the
        RFM cell code (RFM 单元) such as ``"543"`` (``"10-3-5"`` when a score can exceed 9),
        a categorical whose categories are all k_R x k_F x k_M codes in order.
    thresholds : pandas.DataFrame
        One row per axis, parent group and score: ``axis`` ("R", "F", "M"), ``parent``
        (the cell prefix the axis was sorted within: "" for independent sorting and for R,
        e.g. "5" for F and "54" for M under nested sorting), ``score``, ``lower`` and
        ``upper``, ``n_customers``, ``min_value`` and ``max_value`` (observed, NaN for an
        empty bin). Values are on the axis' own scale: purchases for F, money for M,
        periods since the last purchase for R. The bin is ``lower < value <= upper`` for
        F and M and ``lower <= recency < upper`` for R: the same rule on the "more is
        better" scale (a value equal to a cut-point gets the lower score).
    bins : dict
        Number of scores per axis, e.g. ``{"R": 5, "F": 5, "M": 5}``.
    method : str
        "independent" or "nested".
    ties : str
        "keep" or "first".
    monetary : str
        The summary column used for M.
    """

    scores: pd.DataFrame
    thresholds: pd.DataFrame
    bins: dict[str, int] = field(default_factory=dict)
    method: str = "independent"
    ties: str = "keep"
    monetary: str = "monetary_total"

    def __repr__(self) -> str:
        bins = "x".join(str(self.bins[a]) for a in AXES)
        return (
            f"RFMScores({len(self.scores)} customers, bins {bins}, method={self.method!r}, "
            f"ties={self.ties!r}, monetary={self.monetary!r})"
        )

    def cell_counts(self) -> pd.DataFrame:
        """Customers per cell: columns ``cell``, ``R``, ``F``, ``M``, ``customers``."""
        return (
            self.scores.groupby(["cell", "R", "F", "M"], observed=True)
            .size()
            .rename("customers")
            .reset_index()
            .sort_values(["R", "F", "M"], ascending=False, ignore_index=True)
        )


def scores_frame(scores: Any, name: str, func: str) -> pd.DataFrame:
    """The score table of an :class:`RFMScores`, or a frame with columns R, F, M."""
    if isinstance(scores, RFMScores):
        return scores.scores
    frame = check_frame(scores, name, func)
    check_columns(frame, ["R", "F", "M"], name, func)
    return frame


# --------------------------------------------------------------------------------------
# parameters
# --------------------------------------------------------------------------------------
def _check_bins(bins: Any, func: str) -> dict[str, int]:
    if isinstance(bins, Mapping):
        unknown = sorted(map(str, set(bins) - set(AXES)))
        if unknown:
            raise ValueError(
                f"The 'bins' parameter of {func} may only have keys 'R', 'F', 'M'. "
                f"Got {unknown} instead."
            )
        out = {a: bins.get(a, 5) for a in AXES}
    else:
        out = dict.fromkeys(AXES, bins)
    return {a: check_count(k, "bins", func, low=2, high=MAX_BINS) for a, k in out.items()}


def _check_cuts(cuts: Any, func: str) -> dict[str, np.ndarray]:
    if cuts is None:
        return {}
    if not isinstance(cuts, Mapping):
        raise ValueError(
            f"The 'cuts' parameter of {func} must be a dict mapping 'R', 'F' and/or 'M' to "
            "increasing cut-points, e.g. {'F': [1, 2, 4, 8]}. "
            f"Got {type(cuts).__name__} instead."
        )
    out = {}
    for axis, c in cuts.items():
        if axis not in AXES:
            raise ValueError(
                f"The 'cuts' parameter of {func} may only have keys 'R', 'F', 'M'. "
                f"Got {axis!r} instead."
            )
        try:
            arr = np.asarray(c, dtype=float)
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"The 'cuts' parameter of {func} must give numbers for {axis}. Got {c!r} instead."
            ) from exc
        if arr.ndim != 1 or not 1 <= len(arr) < MAX_BINS or not np.isfinite(arr).all():
            raise ValueError(
                f"The 'cuts' parameter of {func} must give 1 to {MAX_BINS - 1} finite "
                f"cut-points for {axis} (k - 1 cut-points make k scores). Got {c!r} instead."
            )
        if np.any(np.diff(arr) <= 0):
            raise ValueError(
                f"The cut-points for {axis} passed to {func} must be strictly increasing "
                f"(sorted, no duplicates). Got {list(arr)} instead; use "
                f"sorted(set(...)) on them."
            )
        out[axis] = arr
    return out


def _read_summary(
    summary: Any, monetary: str | None, func: str
) -> tuple[pd.DataFrame, str, dict[str, np.ndarray], np.ndarray]:
    """The checked summary, the monetary column, each axis on its "more is better"
    scale, and the periods since the last purchase."""
    summary = check_frame(summary, "summary", func)
    btyd = "T" in summary.columns and "monetary_value" in summary.columns
    if monetary is None:
        monetary = "monetary_value" if btyd else "monetary_total"
    needed = {"recency": "recency", "frequency": "frequency", "monetary": monetary}
    if btyd:
        needed["T"] = "T"
    check_columns(summary, needed, "summary", func)
    arrays = {}
    for col in needed.values():
        s = summary[col]
        if pd.api.types.is_bool_dtype(s.dtype) or not pd.api.types.is_numeric_dtype(s.dtype):
            raise ValueError(
                f"The {col!r} column passed to {func} must be numeric. Got dtype {s.dtype} "
                "instead; pass the output of segmentation_summary or btyd_summary."
            )
        arrays[col] = check_finite(s, "summary", func, column=col, nonnegative=col != monetary)
    if summary.index.hasnans:
        raise ValueError(
            f"The index of the 'summary' passed to {func} must hold a customer id on every "
            f"row. Got {int(summary.index.isna().sum())} missing id(s) instead; drop those "
            "rows or fill their ids."
        )
    if not summary.index.is_unique:
        raise ValueError(
            f"The index of the 'summary' passed to {func} must hold each customer id once. "
            f"Got {int(summary.index.duplicated().sum())} duplicated id(s) instead; pass the "
            "output of segmentation_summary or btyd_summary."
        )
    since_last = arrays["T"] - arrays["recency"] if btyd else arrays["recency"]
    if btyd and (since_last < 0).any():
        raise ValueError(
            f"The summary passed to {func} has recency larger than T for "
            f"{int((since_last < 0).sum())} customer(s): in the buy-till-you-die "
            "convention the last purchase cannot come after the end of the period."
        )
    # 0.0 - x, not -x: no negative zeros in the thresholds table
    values = {"R": 0.0 - since_last, "F": arrays["frequency"], "M": arrays[monetary]}
    return summary, monetary, values, since_last


# --------------------------------------------------------------------------------------
# binning, on the "more is better" scale of each axis
# --------------------------------------------------------------------------------------
@dataclass
class _Binned:
    """Scores 1..k of one axis, and per (group, score): cut-points and observed range."""

    score: np.ndarray  # int64, 1..k per customer
    thr: np.ndarray  # (groups, k - 1) cut-points
    counts: np.ndarray  # (groups * k,) customers per bin
    mins: np.ndarray  # (groups * k,) smallest value per bin, NaN if empty
    maxs: np.ndarray  # (groups * k,) largest value per bin, NaN if empty
    distinct: int  # distinct values on the axis


def _count_below(cuts: np.ndarray, values: np.ndarray) -> np.ndarray:
    """1 + number of (sorted) cuts strictly below each value: the right-closed bin."""
    if len(cuts) > 16:  # pragma: no cover - MAX_BINS keeps k small
        return np.searchsorted(cuts, values, side="left").astype(np.int64) + 1
    bins = np.ones(len(values), dtype=np.int64)
    for cut in cuts:  # a few vectorised comparisons beat a binary search
        np.add(bins, values > cut, out=bins)
    return bins


def _positions(sizes: np.ndarray, k: int) -> np.ndarray:
    """0-based position of the j-th cut-point (j = 1..k-1) in groups of these sizes:
    the ceil(j n / k)-th smallest value."""
    j = np.arange(1, k)
    return (j[None, :] * sizes[:, None] + k - 1) // k - 1


def _from_sorted(sorted_vals: np.ndarray, score: np.ndarray, thr: np.ndarray, k: int) -> _Binned:
    """Counts and ranges of one group whose scores rise with the value."""
    counts = np.bincount(score, minlength=k + 1)[1:]
    ends = np.cumsum(counts)
    last = len(sorted_vals) - 1
    mins = np.where(counts > 0, sorted_vals[np.minimum(ends - counts, last)], np.nan)
    maxs = np.where(counts > 0, sorted_vals[np.maximum(ends - 1, 0)], np.nan)
    distinct = 1 + int(np.count_nonzero(sorted_vals[1:] != sorted_vals[:-1]))
    return _Binned(score, thr[None, :], counts, mins, maxs, distinct)


def _bin_one_group(
    vals: np.ndarray, k: int, ties: str, tiebreak: np.ndarray | None, cuts: np.ndarray | None
) -> _Binned:
    """Score every customer against all the others: one sort, nothing more."""
    n = len(vals)
    if cuts is not None or ties == "keep":
        sorted_vals = np.sort(vals)
        thr = cuts if cuts is not None else sorted_vals[_positions(np.array([n]), k)[0]]
        return _from_sorted(sorted_vals, _count_below(thr, vals), thr, k)
    # ties="first": equal values in customer-id order (tiebreak None: rows are in id order)
    order = np.argsort(vals, kind="stable") if tiebreak is None else np.lexsort((tiebreak, vals))
    score = np.empty(n, dtype=np.int64)
    score[order] = np.arange(n, dtype=np.int64) * k // n + 1
    sorted_vals = vals[order]
    return _from_sorted(sorted_vals, score, sorted_vals[_positions(np.array([n]), k)[0]], k)


def _bin_groups(
    vals: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    k: int,
    ties: str,
    tiebreak: np.ndarray | None,
) -> _Binned:
    """Score each customer within its group (nested sorting), by the same rule."""
    n = len(vals)
    sizes = np.bincount(group, minlength=n_groups)
    # one integer key per row (group, value rank[, tie-break]) sorts several times faster
    # than np.lexsort on floats
    uniq, inv = np.unique(vals, return_inverse=True)
    key = group.astype(np.int64) * len(uniq) + inv.reshape(-1)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    idx = np.clip(starts[:, None] + _positions(sizes, k), 0, max(n - 1, 0))
    if ties == "first":
        tb = np.arange(n, dtype=np.int64) if tiebreak is None else tiebreak
        order = np.argsort(key * n + tb, kind="stable")
        thr = vals[order][idx]
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n) - starts[group[order]]  # 0-based within group
        score = rank * k // sizes[group] + 1
    else:
        thr = uniq[np.sort(key) % len(uniq)][idx]
        score = 1 + (vals[:, None] > thr[group]).sum(axis=1)
    thr = thr.astype(float)
    thr[sizes == 0] = np.nan
    cell = group * k + (score - 1)
    counts = np.bincount(cell, minlength=n_groups * k)
    mins = np.full(n_groups * k, np.inf)
    np.minimum.at(mins, cell, vals)
    maxs = np.full(n_groups * k, -np.inf)
    np.maximum.at(maxs, cell, vals)
    mins[counts == 0] = np.nan
    maxs[counts == 0] = np.nan
    return _Binned(score.astype(np.int64), thr, counts, mins, maxs, len(uniq))


def _threshold_rows(
    axis: str, binned: _Binned, group: np.ndarray, k: int, parent_labels: np.ndarray
) -> dict[str, np.ndarray]:
    """Columns of the thresholds table for one axis, best score first within each parent,
    on the axis' own scale (R back from "how recent" to periods since the last purchase)."""
    n_groups = binned.thr.shape[0]
    lower = np.concatenate([np.full((n_groups, 1), -np.inf), binned.thr], axis=1).ravel()
    upper = np.concatenate([binned.thr, np.full((n_groups, 1), np.inf)], axis=1).ravel()
    mins, maxs = binned.mins, binned.maxs
    if axis == "R":  # lower < -recency <= upper  <=>  -upper <= recency < -lower
        lower, upper, mins, maxs = 0.0 - upper, 0.0 - lower, 0.0 - maxs, 0.0 - mins
    score = np.tile(np.arange(1, k + 1), n_groups)
    # rows in order: parent groups in turn, best score first; parents nobody is in dropped
    order = np.lexsort((-score, np.repeat(np.arange(n_groups), k)))
    occupied = np.repeat(np.bincount(group, minlength=n_groups) > 0, k)[order]
    order = order[occupied]
    return {
        "axis": np.full(len(order), axis, dtype=object),
        "parent": np.repeat(parent_labels, k)[order],
        "score": score[order].astype(np.int64),
        "lower": lower[order],
        "upper": upper[order],
        "n_customers": binned.counts[order].astype(np.int64),
        "min_value": mins[order],
        "max_value": maxs[order],
    }


def _warn_collapsed(axis: str, binned: _Binned, k: int, ties: str) -> None:
    """Warn when an axis has fewer distinct values than scores (a code collapses)."""
    if binned.distinct >= k:
        return
    what = (
        "customers with equal values share the lower score, so some scores are empty"
        if ties == "keep"
        else "equal customers are told apart by customer id alone"
    )
    warnings.warn(
        f"rfm_score: the {axis} axis has {binned.distinct} distinct value(s) for {k} scores; "
        f"{what}. Use fewer bins, or explicit cuts, for this axis.",
        UserWarning,
        stacklevel=4,  # _warn_collapsed <- _score_axes <- rfm_score <- caller
    )


def _cell_labels(k: Mapping[str, int]) -> pd.Index:
    """All cell codes in R, F, M order: "111", "112", ... ("1-1-1" when a score > 9)."""
    sep = "-" if max(k.values()) > 9 else ""
    labels = [
        f"{r}{sep}{f}{sep}{m}"
        for r in range(1, k["R"] + 1)
        for f in range(1, k["F"] + 1)
        for m in range(1, k["M"] + 1)
    ]
    return pd.Index(labels, dtype="str")


def _nested_labels(parent_labels: np.ndarray, k: int, wide: bool) -> np.ndarray:
    """Cell prefixes after one more axis: each parent label followed by 1..k."""
    sep = "-" if wide else ""
    return np.array(
        [f"{p}{sep if p else ''}{s}" for p in parent_labels for s in range(1, k + 1)],
        dtype=object,
    )


# --------------------------------------------------------------------------------------
# rfm_score
# --------------------------------------------------------------------------------------
def rfm_score(
    summary: pd.DataFrame,
    *,
    bins: int | Mapping[str, int] = 5,
    cuts: Mapping[str, Sequence[float]] | None = None,
    method: str = "independent",
    ties: str = "keep",
    monetary: str | None = None,
) -> RFMScores:
    """Hughes scoring: code recency, frequency and monetary value 1..k and form the cell.

    By default each axis is cut into quintiles (五分位数): the most recent, most frequent
    and biggest-spending fifth of customers score 5, the least 1, and the three digits form
    the RFM cell (RFM 单元), e.g. ``"543"``; 5 x 5 x 5 = 125 cells.

    Parameters
    ----------
    summary : pandas.DataFrame
        Output of :func:`crmkit.summaries.segmentation_summary` or
        :func:`crmkit.summaries.btyd_summary` (index = customer id, unique, no missing
        id). For the first R uses ``recency``; for the second (recognised by its ``T``
        and ``monetary_value`` columns) R uses ``T - recency``, the periods since the
        last purchase. Recency, frequency and ``T`` must be finite and not negative,
        the monetary column finite.
    bins : int or dict, default 5
        Number of scores k per axis, from 2 to :data:`MAX_BINS` (10), or a dict such as
        ``{"R": 5, "F": 3, "M": 5}`` (missing axes get 5).
    cuts : dict, optional
        Explicit cut-points per axis instead of quantiles, e.g. ``{"F": [1, 2, 4, 8]}``:
        1 to 9 strictly increasing numbers on the axis' own scale (periods since the last
        purchase for R, purchases for F, money for M); k - 1 of them make k scores. A
        value equal to a cut-point gets the lower score, on every axis: F = 1 is
        frequency <= 1 with the cuts above, and with R cuts ``[30, 90]`` R = 3 is recency
        < 30, R = 2 is 30 <= recency < 90. Axes not given use quantiles with ``bins``.
    method : {"independent", "nested"}, default "independent"
        **Independent** sorting (独立排序) codes each axis over all customers. **Nested**
        (sequential) sorting (嵌套排序) codes R over all customers, then F within each R
        group, then M within each R-F group, so that every cell has about n / k^3
        customers but an F score means "frequent *for its recency group*". Explicit F or
        M cut-points are absolute and make nesting meaningless, so they are refused.
    ties : {"keep", "first"}, default "keep"
        How equal values are coded, the same way on R, F and M (see the module notes).
        "keep" (default): the j-th cut-point is the value in position ⌈j·n/k⌉ of the
        values sorted from worst to best, and a customer scores 1 + the number of
        cut-points strictly below its value, so customers with equal values always get
        equal scores (the lower one at a cut-point); when many customers share a value
        (very common for frequency) some bins are larger and some scores may not occur.
        "first": customers are sorted from worst to best, ties broken by customer id,
        and cut into exactly equal groups (Hughes' "sort the file and count off
        fifths"); among equal values the lower customer id gets the lower score. Every
        score occurs, but two identical customers can get different scores. Both are
        deterministic and do not depend on row order.
    monetary : str, optional
        The summary column used for M. Default: ``monetary_total`` (segmentation) or
        ``monetary_value`` (btyd); ``"monetary_mean"`` scores average order value instead.

    Returns
    -------
    RFMScores
        ``.scores`` (recency, frequency, monetary, R, F, M, cell per customer) and
        ``.thresholds`` (the cut-points used, per axis and parent group, with the number
        of customers per score); see :class:`RFMScores`.

    Raises
    ------
    TypeError
        If ``summary`` is not a DataFrame or ``bins`` is not a whole number.
    ValueError
        On a missing or non-numeric column, missing, infinite or negative values, a
        missing or duplicated customer id, an empty summary, ``bins`` outside 2-10,
        cut-points that are not strictly increasing, F or M cut-points with nested
        sorting, or an unknown ``method`` or ``ties``.

    Warns
    -----
    UserWarning
        When an axis scored by quantiles has fewer distinct values than scores (for
        example every customer identical, or a single customer): some scores cannot
        occur (``ties="keep"``) or equal customers are split by id (``ties="first"``).

    Notes
    -----
    One sort per axis (independent sorting); see ``benchmarks/bench_rfm.py``.

    Examples
    --------
    >>> summary = pd.DataFrame(
    ...     {"recency": [1, 5, 9, 30], "frequency": [6, 3, 2, 1],
    ...      "monetary_total": [600.0, 90.0, 300.0, 20.0]},
    ...     index=pd.Index([11, 12, 13, 14], name="customer_id"))
    >>> rfm_score(summary, bins=2).scores[["R", "F", "M", "cell"]]  # doctest: +NORMALIZE_WHITESPACE
                 R  F  M cell
    customer_id
    11           2  2  2  222
    12           2  2  1  221
    13           1  1  2  112
    14           1  1  1  111
    """
    func = "rfm_score"
    check_one_of(method, "method", func, METHODS)
    check_one_of(ties, "ties", func, TIES)
    k = _check_bins(bins, func)
    cut = _check_cuts(cuts, func)
    for axis, c in cut.items():
        k[axis] = len(c) + 1
    if method == "nested" and ({"F", "M"} & set(cut)):
        raise ValueError(
            f"The 'cuts' parameter of {func} gives absolute cut-points for "
            f"{sorted({'F', 'M'} & set(cut))}, which make nested sorting the same as "
            "independent sorting. Use method='independent' with cuts, or drop the F/M cuts."
        )
    if "R" in cut:  # on the "how recent" scale: minus the periods, in increasing order
        cut["R"] = 0.0 - cut["R"][::-1]
    summary, monetary, values, since_last = _read_summary(summary, monetary, func)

    n = len(summary)
    tiebreak = None  # rows in customer-id order already
    if ties == "first" and not summary.index.is_monotonic_increasing:
        tiebreak = np.empty(n, dtype=np.int64)
        tiebreak[summary.index.argsort()] = np.arange(n)
    scores, rows = _score_axes(values, k, cut, method, ties, tiebreak)
    r, f, m = scores["R"], scores["F"], scores["M"]

    def own(column: pd.Series) -> np.ndarray:
        return column.to_numpy(copy=True)  # the result never shares the caller's memory

    cell = pd.Categorical.from_codes(
        ((r - 1) * k["F"] + (f - 1)) * k["M"] + (m - 1),
        categories=_cell_labels(k),
        validate=False,  # codes are in range by construction
    )
    out = pd.DataFrame(
        {
            "recency": since_last if "T" in summary.columns else own(summary["recency"]),
            "frequency": own(summary["frequency"]),
            "monetary": own(summary[monetary]),
            "R": r,
            "F": f,
            "M": m,
            "cell": cell,
        },
        index=summary.index.copy(),
        copy=False,  # every column is already a new array: no second copy into one block
    )
    columns = {col: np.concatenate([part[col] for part in rows]) for col in rows[0]}
    for col in ("axis", "parent"):
        columns[col] = pd.array(columns[col], dtype="str")
    return RFMScores(
        scores=out,
        thresholds=pd.DataFrame(columns),
        bins=k,
        method=method,
        ties=ties,
        monetary=monetary,
    )


def _score_axes(
    values: dict[str, np.ndarray],
    k: dict[str, int],
    cut: dict[str, np.ndarray],
    method: str,
    ties: str,
    tiebreak: np.ndarray | None,
) -> tuple[dict[str, np.ndarray], list[dict[str, np.ndarray]]]:
    """Scores of R, F, M in turn, and their threshold rows; nested sorting scores each
    axis within the cells formed by the axes before it."""
    n = len(values["R"])
    wide = max(k.values()) > 9
    group = np.zeros(n, dtype=np.int64)
    n_groups = 1
    parent_labels = np.array([""], dtype=object)
    scores: dict[str, np.ndarray] = {}
    rows = []
    for axis in AXES:
        ka = k[axis]
        if n_groups == 1:
            binned = _bin_one_group(values[axis], ka, ties, tiebreak, cut.get(axis))
        else:
            binned = _bin_groups(values[axis], group, n_groups, ka, ties, tiebreak)
        if axis not in cut:
            _warn_collapsed(axis, binned, ka, ties)
        scores[axis] = binned.score
        rows.append(_threshold_rows(axis, binned, group, ka, parent_labels))
        if method == "nested":
            group = group * ka + (binned.score - 1)
            parent_labels = _nested_labels(parent_labels, ka, wide)
            n_groups *= ka
    return scores, rows
