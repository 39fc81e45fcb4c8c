"""RFM analysis (RFM 分析法): recency, frequency, monetary value and test mailings.

Arthur Hughes' RFM analysis scores each customer on three things read straight from the
purchase history:

* **recency** (最近一次消费): how long ago the customer last bought;
* **frequency** (消费频率): how often the customer has bought;
* **monetary value** (消费金额): how much the customer has spent.

Each axis is cut into quintiles (五分位数) coded 1 (worst) to 5 (best), giving the three-digit
**RFM cell** (RFM 单元) such as ``"543"``. A test mailing to a sample of every cell then shows
which cells respond above the **break-even response rate** (盈亏平衡响应率), and only those
cells are mailed in the roll-out.

The module follows the chapter:

========================  ==============================================================
:func:`rfm_summary`       purchase log -> one row per customer (two conventions)
:func:`rfm_score`         Hughes scoring, independent or nested, quantiles or cut-points
:func:`segment`           named segments from a replaceable rule table
:func:`mailing_analysis`  response, profit, break-even rate and index, roll-out by cell
:func:`gains_table`       cumulative gains and lift
plots                     :func:`plot_rfm_heatmap`, :func:`plot_segments`, :func:`plot_gains`
:func:`rfm_explorer`      an ipywidgets explorer of the roll-out decision
========================  ==============================================================

Two conventions
---------------
Users often confuse two different customer summaries that share the names recency and
frequency:

``convention="segmentation"`` (RFM segmentation, the Hughes way)
    recency = periods since the last purchase at the analysis date (0 = bought that day),
    frequency = number of purchases (orders), monetary = total and mean spend.
``convention="btyd"`` (buy-till-you-die models such as BG/NBD, as in *lifetimes*)
    frequency = number of *repeat* purchase periods (periods with a purchase after the
    first), recency = time from the first to the last purchase (so larger is better),
    T = the customer's age at the analysis date, monetary_value = mean spend per repeat
    period. This is exactly ``lifetimes.utils.summary_data_from_transaction_data``.

Returns and zero-value orders
-----------------------------
By default (``nonpositive="exclude"``) a row whose value is zero or negative (a fully
returned order, a refund, a free replacement) is **not a purchase**: it does not count in
frequency, recency or monetary value. Such rows are never dropped silently: every summary
has an ``excluded_orders`` column with the number excluded per customer, and customers
left with no purchase at all are removed with a :class:`UserWarning` naming how many.
``nonpositive="keep"`` counts every row as a purchase, as *lifetimes* does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_columns as _check_columns
from crmkit._checks import check_frame as _check_frame
from crmkit._checks import check_one_of as _check_choice
from crmkit.summaries import rfm_summary

__all__ = [
    "DEFAULT_RULES",
    "RFMScores",
    "gains_table",
    "mailing_analysis",
    "plot_gains",
    "plot_rfm_heatmap",
    "plot_segments",
    "rfm_explorer",
    "rfm_score",
    "rfm_summary",
    "segment",
]

_CONVENTIONS = ("segmentation", "btyd")
_METHODS = ("independent", "nested")
_TIES = ("keep", "first")
_NONPOSITIVE = ("exclude", "keep")
_FREQS = {"h": "hours", "D": "days", "W": "weeks (Monday to Sunday)", "M": "calendar months"}
_AXES = ("R", "F", "M")


# --------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------
def _check_no_missing(s: pd.Series, col: str, func: str, what: str) -> None:
    dtype = s.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return  # numpy integers and booleans cannot be missing
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        arr = s.to_numpy()
        if not np.isnan(arr.min(initial=0.0)):  # fast path: min is NaN iff any NaN
            return
        n_missing = int(np.isnan(arr).sum())
    elif isinstance(dtype, np.dtype) and dtype.kind == "M":
        ticks = s.to_numpy().view("i8")
        if ticks.min(initial=0) != np.iinfo(np.int64).min:  # NaT is the smallest int64
            return
        n_missing = int((ticks == np.iinfo(np.int64).min).sum())
    else:
        n_missing = int(s.isna().sum())
    if n_missing:
        raise ValueError(
            f"The {col!r} column passed to {func} has {n_missing} missing {what}. "
            f"Every row needs one: drop or fill those rows first, e.g. "
            f"log = log.dropna(subset=[{col!r}])."
        )



# --------------------------------------------------------------------------------------
# rfm_score
# --------------------------------------------------------------------------------------
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
        ``upper`` (the bin is ``lower < value <= upper`` on the axis' own scale: periods
        since the last purchase for R, purchases for F, money for M), ``n_customers``,
        ``min_value`` and ``max_value`` (observed, NaN for an empty bin).
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
        bins = "x".join(str(self.bins[a]) for a in _AXES)
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


def _bin_within(
    values: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    k: int,
    ties: str,
    tiebreak: np.ndarray,
    cuts: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Bins 1..k ascending in ``values`` within each group, thresholds (G, k-1), and the
    sorted values when there is a single group (else None), for the thresholds table.

    Quantile thresholds: the j-th cut of a group of n is its ceil(j n / k)-th smallest value,
    so that with distinct values the bins have sizes as equal as possible. Bins are right
    closed: bin = 1 + number of cuts strictly below the value ("keep": equal values share a
    bin). With ``ties="first"`` the bin comes from the position in the sort order (value,
    then ``tiebreak``) instead: bin = floor((pos - 1) k / n) + 1, exactly equal sizes.
    """
    if cuts is not None:
        thr = np.broadcast_to(cuts, (n_groups, k - 1))
        return _count_below(cuts, values), np.array(thr, dtype=float), None

    n = len(values)
    j = np.arange(1, k)
    if ties == "keep" and n_groups == 1:  # the common case, kept lean
        sorted_vals = np.sort(values)
        thr = sorted_vals[(j * n + k - 1) // k - 1].astype(float)[None, :]
        return _count_below(thr[0], values), thr, sorted_vals
    sizes = np.bincount(group, minlength=n_groups)
    # one integer key per row (group, value rank[, tie-break]) sorts several times faster
    # than np.lexsort on floats
    uniq, inv = np.unique(values, return_inverse=True)
    key = group.astype(np.int64) * len(uniq) + inv.reshape(-1)
    if ties == "first":
        order = np.argsort(key * n + tiebreak)
        sorted_vals = values[order]
    else:
        sorted_vals = uniq[np.sort(key) % len(uniq)]
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    pos = (j[None, :] * sizes[:, None] + k - 1) // k - 1  # ceil(j n / k) - 1
    idx = np.clip(starts[:, None] + pos, 0, max(len(values) - 1, 0))
    thr = sorted_vals[idx].astype(float)
    thr[sizes == 0] = np.nan
    if ties == "keep":
        bins = 1 + (values[:, None] > thr[group]).sum(axis=1)
    else:
        rank = np.empty(len(values), dtype=np.int64)
        rank[order] = np.arange(len(values)) - starts[group[order]]  # 0-based within group
        bins = rank * k // sizes[group] + 1
    return bins.astype(np.int64), thr, sorted_vals if n_groups == 1 else None


def _count_below(cuts: np.ndarray, values: np.ndarray) -> np.ndarray:
    """1 + number of (sorted) cuts strictly below each value: the right-closed bin."""
    if len(cuts) > 16:
        return np.searchsorted(cuts, values, side="left").astype(np.int64) + 1
    bins = np.ones(len(values), dtype=np.int64)
    for cut in cuts:  # a few vectorised comparisons beat a binary search
        bins += values > cut
    return bins


def _check_bins(bins: Any) -> dict[str, int]:
    func = "rfm_score"
    if isinstance(bins, Mapping):
        unknown = sorted(set(bins) - set(_AXES))
        if unknown:
            raise ValueError(
                f"The 'bins' parameter of {func} may only have keys 'R', 'F', 'M'. "
                f"Got {unknown} instead."
            )
        out = {a: bins.get(a, 5) for a in _AXES}
    else:
        out = dict.fromkeys(_AXES, bins)
    for axis, k in out.items():
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 2:
            raise ValueError(
                f"The 'bins' parameter of {func} must be an integer of at least 2 (for "
                f"{axis}): 5 gives Hughes' quintiles. Got {k!r} instead."
            )
        out[axis] = int(k)
    return out


def _check_cuts(cuts: Any) -> dict[str, np.ndarray]:
    func = "rfm_score"
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
        if axis not in _AXES:
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
        if arr.ndim != 1 or len(arr) < 1 or not np.isfinite(arr).all():
            raise ValueError(
                f"The 'cuts' parameter of {func} must give at least one finite cut-point "
                f"for {axis} (k - 1 cut-points make k scores). Got {c!r} instead."
            )
        if np.any(np.diff(arr) <= 0):
            raise ValueError(
                f"The cut-points for {axis} passed to {func} must be strictly increasing "
                f"(sorted, no duplicates). Got {list(arr)} instead; use "
                f"sorted(set(...)) on them."
            )
        out[axis] = arr
    return out


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
        Output of :func:`rfm_summary`, either convention (index = customer id, unique).
        For "segmentation" R uses ``recency``; for "btyd" (recognised by its ``T``
        column) R uses ``T - recency``, the periods since the last purchase.
    bins : int or dict, default 5
        Number of scores k per axis (at least 2), or a dict such as
        ``{"R": 5, "F": 3, "M": 5}`` (missing axes get 5).
    cuts : dict, optional
        Explicit cut-points per axis instead of quantiles, e.g. ``{"F": [1, 2, 4, 8]}``:
        k - 1 strictly increasing numbers on the axis' own scale (periods since the last
        purchase for R, purchases for F, money for M) make k right-closed bins
        ``(-inf, c1], (c1, c2], ..., (c_{k-1}, inf)``. For R the lowest recency bin scores
        k. Axes not given use quantiles with ``bins``.
    method : {"independent", "nested"}, default "independent"
        **Independent** sorting (独立排序) codes each axis over all customers. **Nested**
        (sequential) sorting (嵌套排序) codes R over all customers, then F within each R
        group, then M within each R-F group, so that every cell has about n / k^3
        customers but an F score means "frequent *for its recency group*". Explicit F or
        M cut-points are absolute and make nesting meaningless, so they are refused.
    ties : {"keep", "first"}, default "keep"
        How equal values are coded. "keep" (default): quantile cut-points are computed and
        every customer is coded by them, so customers with equal values always get equal
        scores; when many customers share a value (very common for frequency: most
        customers bought once or twice) some bins are larger and some scores may not occur
        at all. "first": customers are sorted by value, ties broken by customer id, and
        cut into exactly equal groups (Hughes' "sort the file and count off fifths");
        among equal values the lower customer id gets the lower score. Every score
        occurs, but two identical customers can get different scores. Both are
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
    ValueError
        On a missing or non-numeric column, missing values, an empty summary, a duplicated
        customer id, ``bins`` < 2, cut-points that are not strictly increasing, F or M
        cut-points with nested sorting, or an unknown ``method`` or ``ties``.

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
    _check_choice(method, "method", func, _METHODS)
    _check_choice(ties, "ties", func, _TIES)
    k = _check_bins(bins)
    cut = _check_cuts(cuts)
    for axis, c in cut.items():
        k[axis] = len(c) + 1
    if method == "nested" and ({"F", "M"} & set(cut)):
        raise ValueError(
            f"The 'cuts' parameter of {func} gives absolute cut-points for "
            f"{sorted({'F', 'M'} & set(cut))}, which make nested sorting the same as "
            "independent sorting. Use method='independent' with cuts, or drop the F/M cuts."
        )

    summary = _check_frame(summary, "summary", func)
    btyd = "T" in summary.columns and "monetary_value" in summary.columns
    if monetary is None:
        monetary = "monetary_value" if btyd else "monetary_total"
    needed = {"recency": "recency", "frequency": "frequency", "monetary": monetary}
    if btyd:
        needed["T"] = "T"
    _check_columns(summary, needed, "summary", func)
    for col in needed.values():
        s = summary[col]
        if pd.api.types.is_bool_dtype(s.dtype) or not pd.api.types.is_numeric_dtype(s.dtype):
            raise ValueError(
                f"The {col!r} column passed to {func} must be numeric. Got dtype {s.dtype} "
                "instead; pass the output of rfm_summary."
            )
        _check_no_missing(s, col, func, "values")
    if not summary.index.is_unique:
        raise ValueError(
            f"The index of the 'summary' passed to {func} must hold each customer id once. "
            f"Got {int(summary.index.duplicated().sum())} duplicated id(s) instead; pass the "
            "output of rfm_summary."
        )

    n = len(summary)
    rec = summary["recency"].to_numpy(dtype=float)
    if btyd:
        rec = summary["T"].to_numpy(dtype=float) - rec
    values = {
        "R": rec,
        "F": summary["frequency"].to_numpy(dtype=float),
        "M": summary[monetary].to_numpy(dtype=float),
    }
    # Tie-break by customer id order (for ties="first"), independent of row order: the
    # lower id gets the lower score on every axis. R is binned on "periods since the last
    # purchase" ascending and then reversed, so its tie-break is reversed too.
    if ties == "first" and not summary.index.is_monotonic_increasing:
        tiebreak = np.empty(n, dtype=np.int64)
        tiebreak[summary.index.argsort()] = np.arange(n)
    else:
        tiebreak = np.arange(n, dtype=np.int64)
    wide = max(k.values()) > 9

    scores: dict[str, np.ndarray] = {}
    rows: list[dict[str, np.ndarray]] = []
    group = np.zeros(n, dtype=np.int64)
    n_groups = 1
    parent_labels = np.array([""], dtype=object)
    for axis in _AXES:
        ka = k[axis]
        if method == "independent":
            group = np.zeros(n, dtype=np.int64)
            n_groups = 1
            parent_labels = np.array([""], dtype=object)
        vals = values[axis]
        tb = n - 1 - tiebreak if axis == "R" else tiebreak
        b, thr, sorted_vals = _bin_within(vals, group, n_groups, ka, ties, tb, cut.get(axis))
        score = ka + 1 - b if axis == "R" else b
        scores[axis] = score
        rows.append(_threshold_rows(axis, vals, group, b, thr, ka, parent_labels, sorted_vals))
        if method == "nested":
            # next axis is sorted within the cells formed so far
            new_group = group * ka + (score - 1)
            sep = "-" if wide else ""
            new_labels = np.empty(n_groups * ka, dtype=object)
            for g in range(n_groups):
                for s in range(ka):
                    prefix = parent_labels[g]
                    new_labels[g * ka + s] = f"{prefix}{sep if prefix else ''}{s + 1}"
            group, n_groups, parent_labels = new_group, n_groups * ka, new_labels

    r, f, m = scores["R"], scores["F"], scores["M"]
    cell = pd.Categorical.from_codes(
        ((r - 1) * k["F"] + (f - 1)) * k["M"] + (m - 1),
        categories=_cell_labels(k),
        validate=False,  # codes are in range by construction
    )
    out = pd.DataFrame(
        {
            "recency": (summary["T"] - summary["recency"]).to_numpy()
            if btyd
            else summary["recency"].to_numpy(),
            "frequency": summary["frequency"].to_numpy(),
            "monetary": summary[monetary].to_numpy(),
            "R": r.astype(np.int64),
            "F": f.astype(np.int64),
            "M": m.astype(np.int64),
            "cell": cell,
        },
        index=summary.index.copy(),
    )
    columns = {col: np.concatenate([part[col] for part in rows]) for col in rows[0]}
    for col in ("axis", "parent"):
        columns[col] = pd.array(columns[col], dtype="str")
    thresholds = pd.DataFrame(columns)
    return RFMScores(
        scores=out, thresholds=thresholds, bins=k, method=method, ties=ties, monetary=monetary
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


def _threshold_rows(
    axis: str,
    vals: np.ndarray,
    group: np.ndarray,
    b: np.ndarray,
    thr: np.ndarray,
    k: int,
    parent_labels: np.ndarray,
    sorted_vals: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Columns of the thresholds table for one axis, best score first within each parent."""
    n_groups = thr.shape[0]
    size = k * n_groups
    if n_groups == 1:
        # bins rise with the value, so the sorted values fall into them in order
        counts = np.bincount(b - 1, minlength=k)
        ends = np.cumsum(counts)
        if sorted_vals is None:
            sorted_vals = np.sort(vals)
        with np.errstate(invalid="ignore"):
            mins = np.where(
                counts > 0, sorted_vals[np.minimum(ends - counts, len(vals) - 1)], np.nan
            )
            maxs = np.where(counts > 0, sorted_vals[np.maximum(ends - 1, 0)], np.nan)
    else:
        key = group * k + (b - 1)
        counts = np.bincount(key, minlength=size)
        mins = np.full(size, np.inf)
        np.minimum.at(mins, key, vals)
        maxs = np.full(size, -np.inf)
        np.maximum.at(maxs, key, vals)
        mins[counts == 0] = np.nan
        maxs[counts == 0] = np.nan
    lower = np.concatenate([np.full((n_groups, 1), -np.inf), thr], axis=1).ravel()
    upper = np.concatenate([thr, np.full((n_groups, 1), np.inf)], axis=1).ravel()
    bin_no = np.tile(np.arange(1, k + 1), n_groups)
    score = k + 1 - bin_no if axis == "R" else bin_no
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
        "n_customers": counts[order].astype(np.int64),
        "min_value": mins[order],
        "max_value": maxs[order],
    }


# --------------------------------------------------------------------------------------
# segments
# --------------------------------------------------------------------------------------
#: The default segment rules, for quintile scores (k = 5). Ranges are inclusive and
#: cover every R x F x M cell exactly once, so "Other" only appears with other bins or
#: your own rules. Replace them with any table of the same columns.
DEFAULT_RULES = pd.DataFrame(
    [
        ("Champions", "明星客户", 4, 5, 4, 5, 1, 5),
        ("Loyal", "忠诚客户", 3, 3, 4, 5, 1, 5),
        ("Can't lose", "重要挽留客户", 1, 2, 4, 5, 4, 5),
        ("At risk", "流失风险客户", 1, 2, 4, 5, 1, 3),
        ("Potential loyalists", "潜力客户", 4, 5, 2, 3, 1, 5),
        ("New", "新客户", 4, 5, 1, 1, 1, 5),
        ("Needs attention", "需关注客户", 3, 3, 1, 3, 1, 5),
        ("Hibernating", "沉睡客户", 1, 2, 2, 3, 1, 5),
        ("Lost", "流失客户", 1, 2, 1, 1, 1, 5),
    ],
    columns=["segment", "segment_zh", "r_min", "r_max", "f_min", "f_max", "m_min", "m_max"],
).astype({"segment": "str", "segment_zh": "str"})

_RULE_BOUNDS = ("r_min", "r_max", "f_min", "f_max", "m_min", "m_max")


def _scores_frame(scores: Any, func: str) -> pd.DataFrame:
    if isinstance(scores, RFMScores):
        return scores.scores
    frame = _check_frame(scores, "scores", func)
    _check_columns(frame, ["R", "F", "M"], "scores", func)
    return frame


def segment(scores: RFMScores | pd.DataFrame, rules: pd.DataFrame | None = None) -> pd.DataFrame:
    """Name customer segments (客户细分) from R, F, M score ranges.

    Parameters
    ----------
    scores : RFMScores or pandas.DataFrame
        The result of :func:`rfm_score` (or its ``.scores``, or any frame with integer
        columns ``R``, ``F``, ``M``).
    rules : pandas.DataFrame, optional
        One row per rule with columns ``segment`` (the name) and inclusive integer bounds
        ``r_min``, ``r_max``, ``f_min``, ``f_max``, ``m_min``, ``m_max``; other columns
        (such as ``segment_zh``) are ignored. A name may appear on several rows (a
        segment made of several boxes). Default :data:`DEFAULT_RULES`, written for
        quintiles::

            Champions           R 4-5  F 4-5        Loyal            R 3    F 4-5
            Can't lose          R 1-2  F 4-5 M 4-5  At risk          R 1-2  F 4-5 M 1-3
            Potential loyalists R 4-5  F 2-3        New              R 4-5  F 1
            Needs attention     R 3    F 1-3        Hibernating      R 1-2  F 2-3
            Lost                R 1-2  F 1

    Returns
    -------
    pandas.DataFrame
        The score frame with a ``segment`` column added: an ordered categorical whose
        categories are the rule names in table order followed by ``"Other"``, the explicit
        home of customers that no rule matches.

    Raises
    ------
    ValueError
        If two rules overlap (the message names both rules and a cell they share), a
        bound is missing, not an integer, or a minimum exceeds its maximum, or a column is
        missing.

    Examples
    --------
    >>> s = pd.DataFrame({"R": [5, 1, 3], "F": [5, 1, 5], "M": [2, 1, 1]})
    >>> segment(s)["segment"].tolist()
    ['Champions', 'Lost', 'Loyal']
    """
    func = "segment"
    frame = _scores_frame(scores, func)
    rules = DEFAULT_RULES if rules is None else rules
    rules = _check_frame(rules, "rules", func)
    _check_columns(rules, ["segment", *_RULE_BOUNDS], "rules", func)
    bounds = {}
    for col in _RULE_BOUNDS:
        s = rules[col]
        if (
            s.isna().any()
            or not pd.api.types.is_numeric_dtype(s.dtype)
            or pd.api.types.is_bool_dtype(s.dtype)
        ):
            raise ValueError(
                f"The {col!r} column of the 'rules' passed to {func} must hold an integer "
                f"score bound on every row. Got {s.tolist()} instead."
            )
        arr = s.to_numpy(dtype=float)
        if np.any(arr != np.round(arr)):
            raise ValueError(
                f"The {col!r} column of the 'rules' passed to {func} must hold whole-number "
                f"score bounds. Got {s.tolist()} instead."
            )
        bounds[col] = arr.astype(np.int64)
    names = rules["segment"].astype(str).tolist()
    for axis in ("r", "f", "m"):
        lo, hi = bounds[f"{axis}_min"], bounds[f"{axis}_max"]
        bad = np.flatnonzero(lo > hi)
        if len(bad):
            i = int(bad[0])
            raise ValueError(
                f"Rule {names[i]!r} (row {i}) of the 'rules' passed to {func} has "
                f"{axis}_min = {lo[i]} above {axis}_max = {hi[i]}. Swap them."
            )
    n_rules = len(names)
    for i in range(n_rules):
        for j in range(i + 1, n_rules):
            lows = [max(bounds[f"{a}_min"][i], bounds[f"{a}_min"][j]) for a in "rfm"]
            highs = [min(bounds[f"{a}_max"][i], bounds[f"{a}_max"][j]) for a in "rfm"]
            if all(lo <= hi for lo, hi in zip(lows, highs, strict=True)):
                raise ValueError(
                    f"Rules {names[i]!r} (row {i}) and {names[j]!r} (row {j}) of the "
                    f"'rules' passed to {func} overlap: the cell R={lows[0]}, F={lows[1]}, "
                    f"M={lows[2]} matches both. Make their R/F/M ranges disjoint."
                )

    labels = np.full(len(frame), n_rules, dtype=np.int64)  # n_rules = "Other"
    r, f, m = (frame[c].to_numpy() for c in ("R", "F", "M"))
    for i in range(n_rules):
        hit = (
            (r >= bounds["r_min"][i])
            & (r <= bounds["r_max"][i])
            & (f >= bounds["f_min"][i])
            & (f <= bounds["f_max"][i])
            & (m >= bounds["m_min"][i])
            & (m <= bounds["m_max"][i])
        )
        labels[hit] = i
    categories = list(dict.fromkeys([*names, "Other"]))
    label_names = np.array([*names, "Other"], dtype=object)[labels]
    out = frame.copy()
    out["segment"] = pd.Categorical(label_names, categories=categories, ordered=True)
    return out


# --------------------------------------------------------------------------------------
# test mailing
# --------------------------------------------------------------------------------------
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
    frame = _scores_frame(scores, func)
    responses = _check_frame(responses, "responses", func)
    _check_columns(
        responses,
        {"customer_col": customer_col, "response_col": response_col, "revenue_col": revenue_col},
        "responses",
        func,
    )
    if by is not None:
        by_cols = [by] if isinstance(by, str) else list(by)
        _check_columns(frame, by_cols, "scores", func)
    ids = responses[customer_col]
    _check_no_missing(ids, customer_col, func, "customer ids")
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
    _check_no_missing(rev, revenue_col, func, "revenues (use 0 for non-responders)")
    responded = resp.to_numpy(dtype=bool)
    revenue = rev.to_numpy(dtype=float)
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


def _check_money(value: Any, name: str, func: str, *, upper: float | None = None) -> float:
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
        Scores of (at least) every mailed customer, from :func:`rfm_score` (or
        :func:`segment`, to analyse by segment), indexed by customer id. Customers who
        were scored but not mailed form the roll-out population.
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
    cost = _check_money(cost_per_piece, "cost_per_piece", func)
    if (margin_per_response is None) == (margin_rate is None):
        raise ValueError(
            f"{func} needs exactly one of 'margin_per_response' (yuan per response) and "
            f"'margin_rate' (share of revenue). Got margin_per_response={margin_per_response!r}"
            f" and margin_rate={margin_rate!r} instead."
        )
    if margin_per_response is not None:
        mpr = _check_money(margin_per_response, "margin_per_response", func)
    else:
        rate = _check_money(margin_rate, "margin_rate", func, upper=1.0)
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


# --------------------------------------------------------------------------------------
# plots
# --------------------------------------------------------------------------------------
def _get_ax(ax: Any) -> Any:
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    return ax


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
        The result of :func:`rfm_score` (or :func:`segment`).
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
    frame = _scores_frame(scores, func)
    _check_columns(frame, {"rows": rows, "cols": cols}, "scores", func)
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
        _check_columns(frame, {"value": value}, "scores", func)
        if not pd.api.types.is_numeric_dtype(frame[value].dtype):
            raise ValueError(
                f"The 'value' parameter of {func} must name a numeric column. "
                f"Got {value!r} (dtype {frame[value].dtype}) instead."
            )
        data, agg, default_fmt, label = frame, "mean", ".0f", f"mean {value}"
    grid = data.pivot_table(index=rows, columns=cols, values=value, aggfunc=agg, observed=True)
    grid = grid.sort_index(ascending=False).sort_index(axis=1)
    ax = _get_ax(ax)
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


def plot_segments(
    segmented: pd.DataFrame,
    *,
    value: str = "customers",
    ax: Any = None,
) -> Any:
    """Bar chart of the segments from :func:`segment`.

    Parameters
    ----------
    segmented : pandas.DataFrame
        Output of :func:`segment` (needs its ``segment`` column).
    value : str, default "customers"
        "customers" (count per segment) or a numeric column of the frame (its mean), e.g.
        "monetary" or "recency".
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    func = "plot_segments"
    frame = _check_frame(segmented, "segmented", func)
    _check_columns(frame, ["segment"], "segmented", func)
    seg = frame["segment"]
    if value == "customers":
        heights = seg.value_counts(sort=False)
        label = "customers"
    else:
        _check_columns(frame, {"value": value}, "segmented", func)
        heights = frame.groupby("segment", observed=False)[value].mean()
        label = f"mean {value}"
    if isinstance(seg.dtype, pd.CategoricalDtype):
        heights = heights.reindex(seg.cat.categories)
    plot = pd.DataFrame({"segment": heights.index.astype(str), label: heights.to_numpy()})
    ax = _get_ax(ax)
    sns.barplot(data=plot, y="segment", x=label, ax=ax, color=sns.color_palette()[0])
    ax.set_ylabel("")
    ax.set_title(f"{label} by segment")
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
    frame = _check_frame(gains, "gains", func)
    _check_columns(frame, ["cum_share_mailed", "cum_share_responses"], "gains", func)
    x = np.r_[0.0, frame["cum_share_mailed"].to_numpy(dtype=float)]
    y = np.r_[0.0, frame["cum_share_responses"].to_numpy(dtype=float)]
    ax = _get_ax(ax)
    sns.lineplot(x=x, y=y, marker="o", ax=ax, label=label or "RFM", sort=False)
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="random")
    ax.set_xlabel("share of customers mailed")
    ax.set_ylabel("share of responses")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.legend(loc="lower right")
    ax.set_title("cumulative gains")
    return ax


# --------------------------------------------------------------------------------------
# explorer
# --------------------------------------------------------------------------------------
_EXPLORER_CLASS: Any = None


def _explorer_class() -> type:
    """Build the explorer class on first use, so importing crmkit.rfm skips ipywidgets."""
    global _EXPLORER_CLASS
    if _EXPLORER_CLASS is not None:
        return _EXPLORER_CLASS
    import ipywidgets as widgets

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
            self.bins = widgets.IntSlider(value=bins, min=2, max=10, description="bins")
            self.method = widgets.ToggleButtons(
                options=list(_METHODS), value=method, description="sorting"
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

    RFMExplorer.__module__ = __name__
    _EXPLORER_CLASS = RFMExplorer
    return RFMExplorer


def __getattr__(name: str) -> Any:
    if name == "RFMExplorer":
        return _explorer_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
        Purchase log with purchases up to ``analysis_date`` only (see :func:`rfm_summary`).
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
        Column names, as in :func:`rfm_summary` and :func:`mailing_analysis`.

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
    _check_choice(method, "method", func, _METHODS)
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not 2 <= bins <= 10:
        raise ValueError(
            f"The 'bins' parameter of {func} must be an integer from 2 to 10. Got {bins!r} instead."
        )
    summary = rfm_summary(
        log,
        analysis_date=analysis_date,
        customer_col=customer_col,
        date_col=date_col,
        value_col=value_col,
    )
    # validate the money once with the same messages mailing_analysis would give
    _check_money(cost_per_piece, "cost_per_piece", func)
    if (margin_per_response is None) == (margin_rate is None):
        raise ValueError(
            f"{func} needs exactly one of 'margin_per_response' (yuan per response) and "
            f"'margin_rate' (share of revenue). Got margin_per_response={margin_per_response!r}"
            f" and margin_rate={margin_rate!r} instead."
        )
    return _explorer_class()(
        summary,
        responses,
        cost_per_piece=cost_per_piece,
        margin_per_response=margin_per_response,
        margin_rate=margin_rate,
        bins=int(bins),
        method=method,
        mailing_kwargs={
            "customer_col": customer_col,
            "response_col": response_col,
            "revenue_col": revenue_col,
        },
    )
