"""Named customer segments (客户细分) from R, F, M scores, with a replaceable rule table.

:func:`segment` names each customer's segment from :data:`DEFAULT_RULES` (or your own
table of inclusive R/F/M score ranges, checked for gaps and overlaps);
:func:`plot_segments` draws the result.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_columns, check_frame
from crmkit._plotting import get_ax
from crmkit.rfm_scoring import RFMScores, scores_frame

__all__ = ["DEFAULT_RULES", "plot_segments", "segment"]

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


def _rule_bounds(rules: Any, func: str) -> tuple[list[str], dict[str, np.ndarray]]:
    """Rule names and integer bounds, after checking that no two rules overlap."""
    rules = check_frame(rules, "rules", func)
    check_columns(rules, ["segment", *_RULE_BOUNDS], "rules", func)
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

    return names, bounds


def segment(scores: RFMScores | pd.DataFrame, rules: pd.DataFrame | None = None) -> pd.DataFrame:
    """Name customer segments (客户细分) from R, F, M score ranges.

    Parameters
    ----------
    scores : RFMScores or pandas.DataFrame
        The result of :func:`~crmkit.rfm_scoring.rfm_score` (or its ``.scores``, or any
        frame with integer columns ``R``, ``F``, ``M``).
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
    frame = scores_frame(scores, "scores", func)
    rules = DEFAULT_RULES if rules is None else rules
    names, bounds = _rule_bounds(rules, func)
    n_rules = len(names)
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
    frame = check_frame(segmented, "segmented", func)
    check_columns(frame, ["segment"], "segmented", func)
    seg = frame["segment"]
    if value == "customers":
        heights = seg.value_counts(sort=False)
        label = "customers"
    else:
        check_columns(frame, {"value": value}, "segmented", func)
        heights = frame.groupby("segment", observed=False)[value].mean()
        label = f"mean {value}"
    if isinstance(seg.dtype, pd.CategoricalDtype):
        heights = heights.reindex(seg.cat.categories)
    plot = pd.DataFrame({"segment": heights.index.astype(str), label: heights.to_numpy()})
    ax = get_ax(ax, func)
    sns.barplot(data=plot, y="segment", x=label, ax=ax, color=sns.color_palette()[0])
    ax.set_ylabel("")
    ax.set_title(f"{label} by segment")
    return ax
