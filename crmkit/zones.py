"""Zones of satisfaction: the satisfaction-loyalty curve and its piecewise slopes.

===================================  =================================================
:func:`satisfaction_curve`           share buying again at each satisfaction level
:func:`plot_satisfaction_curve`      the satisfaction-loyalty curve
:func:`zone_slopes`                  piecewise logit: slope in each satisfaction zone
:func:`zone_curve`                   fitted piecewise curve with a confidence band
:func:`plot_zone_curve`              the fitted zone curve with observed shares
===================================  =================================================

A curve that is flat in the middle and steep at the ends shows the zones of
**defection**, **indifference** and **affection** (Jones & Sasser 1995) that a straight
line would miss. Chapter 4 draws the observed curve; chapter 5 fits the zones.

Layer: technique (uses :mod:`crmkit._checks`, :mod:`crmkit._columns`,
:mod:`crmkit._plotting`).
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_columns as _check_columns
from crmkit._checks import check_count
from crmkit._checks import check_frame as _check_frame
from crmkit._columns import check_level, complete_rows, numeric_column, yes_no
from crmkit._plotting import get_ax

__all__ = [
    "MAX_BINS",
    "MAX_POINTS",
    "ZONES",
    "plot_satisfaction_curve",
    "plot_zone_curve",
    "satisfaction_curve",
    "zone_curve",
    "zone_slopes",
]

#: The three zones of satisfaction, from low to high.
ZONES = ("defection", "indifference", "affection")
#: Most bins (or bin edges) :func:`satisfaction_curve` accepts.
MAX_BINS = 1_000
#: Most grid points :func:`zone_curve` accepts.
MAX_POINTS = 10_000


def _check_bins(bins: Any, func: str) -> int | list[Any]:
    """A number of bins (1 to MAX_BINS) or at least two increasing finite edges."""
    if isinstance(bins, numbers.Integral) and not isinstance(bins, bool):
        return check_count(bins, "bins", func, low=1, high=MAX_BINS)
    listlike = isinstance(bins, (Sequence, np.ndarray)) and not isinstance(bins, str)
    edges = list(bins) if listlike else []
    ok = (
        2 <= len(edges) <= MAX_BINS + 1
        and all(isinstance(e, numbers.Real) and not isinstance(e, (bool, np.bool_)) for e in edges)
        and np.isfinite(np.asarray(edges, dtype="float64")).all()
        and (np.diff(np.asarray(edges, dtype="float64")) > 0).all()
    )
    if not ok:
        raise ValueError(
            f"The 'bins' parameter of {func} must be None, a whole number of bins (1 to "
            f"{MAX_BINS}) or a list of 2 to {MAX_BINS + 1} increasing, finite bin edges. "
            f"Got {bins!r} instead."
        )
    return edges  # as given, so integer edges keep labels such as "(0, 5]"


def satisfaction_curve(
    table: pd.DataFrame,
    satisfaction: str = "overall_satisfaction",
    outcome: str = "bought_again",
    *,
    bins: int | Sequence[float] | None = None,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Share of customers who bought again at each level of satisfaction.

    The satisfaction-loyalty curve: customers are grouped by their satisfaction answer
    (or by bins of a satisfaction scale) and the share with a yes outcome is computed
    in each group, with a Wilson confidence interval
    (:func:`statsmodels.stats.proportion.proportion_confint`). A curve that is flat in
    the middle and steep at the ends shows zones of defection, indifference and
    affection (Jones & Sasser 1995) that a straight line would miss.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per customer, e.g. :func:`stated_vs_actual` joined to the survey's
        ``overall_satisfaction``.
    satisfaction : str, default "overall_satisfaction"
        Numeric column to group by.
    outcome : str, default "bought_again"
        Yes/no column (bool or 0/1).
    bins : int or sequence of float, optional
        None: one group per distinct value (for answers such as 1..10). An int: that
        many equal-width bins, at most :data:`MAX_BINS` (1,000). A sequence: the
        increasing bin edges (right edge included), at most ``MAX_BINS + 1``.
    conf_level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per group in increasing order (index ``level``: the value, or the bin
        as a string such as ``"(3.0, 4.0]"``), columns ``customers``, ``rate``,
        ``ci_low`` and ``ci_high``. Empty bins are kept with 0 customers and NaN rates.
        Rows with a missing value are left out with a warning.
    """
    from statsmodels.stats.proportion import proportion_confint

    func = "satisfaction_curve"
    table = _check_frame(table, "table", func)
    level = check_level(conf_level, "conf_level", func)
    _check_columns(table, [satisfaction, outcome], "table", func)
    y = yes_no(table, outcome, func)
    numeric_column(table, satisfaction, func)  # numeric and finite; grouped as given
    frame = pd.DataFrame({"x": table[satisfaction], "y": y})
    frame = complete_rows(frame, func, stacklevel=3)
    if bins is None:
        groups = frame["x"]
    else:
        bins = _check_bins(bins, func)
        groups = pd.cut(frame["x"], bins=bins)
        outside = groups.isna() & frame["x"].notna()
        if outside.any():
            raise ValueError(
                f"{int(outside.sum())} value(s) of {satisfaction!r} fall outside the 'bins' "
                f"edges of {func}. Widen the edges to cover "
                f"{frame['x'].min()} to {frame['x'].max()}."
            )
    grouped = frame.groupby(groups, observed=False)["y"]
    counts = grouped.size()
    hits = grouped.sum()
    rate = hits / counts.where(counts > 0)
    low, high = proportion_confint(
        hits.to_numpy(), counts.clip(lower=1).to_numpy(), alpha=1 - level, method="wilson"
    )
    empty = counts.to_numpy() == 0
    index = counts.index.astype(str) if bins is not None else counts.index
    return pd.DataFrame(
        {
            "customers": counts.to_numpy().astype("int64"),
            "rate": rate.to_numpy(dtype="float64"),
            "ci_low": np.where(empty, np.nan, low),
            "ci_high": np.where(empty, np.nan, high),
        },
        index=pd.Index(index, name="level"),
    )


def plot_satisfaction_curve(curve: pd.DataFrame, *, ax: Any = None) -> Any:
    """Draw a satisfaction-loyalty curve from :func:`satisfaction_curve`.

    Parameters
    ----------
    curve : pandas.DataFrame
        Output of :func:`satisfaction_curve`.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        The share buying again per level, with its confidence interval, levels in
        order from left to right.
    """
    func = "plot_satisfaction_curve"
    curve = _check_frame(curve, "curve", func)
    _check_columns(curve, ["rate", "ci_low", "ci_high"], "curve", func)
    x = np.arange(len(curve))
    rate = curve["rate"].to_numpy(dtype="float64")
    err = np.vstack(
        [rate - curve["ci_low"].to_numpy(dtype="float64"), curve["ci_high"].to_numpy() - rate]
    )
    ax = get_ax(ax, func)
    ax.errorbar(x, rate, yerr=err, fmt="o-", capsize=3)
    ax.set_xticks(x)
    ax.set_xticklabels([str(v) for v in curve.index])
    ax.set_ylim(0, 1)
    ax.set_xlabel(str(curve.index.name or "level"))
    ax.set_ylabel("share who bought again")
    ax.set_title("satisfaction-loyalty curve")
    return ax


def _hinge(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Design matrix of a continuous piecewise line with knots lo and hi."""
    return np.column_stack(
        [np.ones_like(x), np.minimum(x - lo, 0.0), np.clip(x, lo, hi) - lo, np.maximum(x - hi, 0.0)]
    )


def _check_thresholds(thresholds: Any, func: str) -> tuple[float, float]:
    ok = (
        isinstance(thresholds, (tuple, list))
        and len(thresholds) == 2
        and all(isinstance(t, numbers.Real) and not isinstance(t, bool) for t in thresholds)
        and thresholds[0] < thresholds[1]
    )
    if not ok:
        raise ValueError(
            f"The 'thresholds' parameter of {func} must be two increasing numbers, the "
            f"edges of the zone of indifference, e.g. (-0.75, 0.75). Got {thresholds!r} "
            "instead."
        )
    return float(thresholds[0]), float(thresholds[1])


def _zone_fit(table, satisfaction, outcome, thresholds, func):
    import statsmodels.api as sm

    table = _check_frame(table, "table", func)
    _check_columns(table, {"satisfaction": satisfaction, "outcome": outcome}, "table", func)
    lo, hi = _check_thresholds(thresholds, func)
    frame = pd.DataFrame(
        {
            "x": numeric_column(table, satisfaction, func),
            "y": yes_no(table, outcome, func, fraction=True),
        }
    )
    frame = complete_rows(frame, func, stacklevel=4)
    x = frame["x"].to_numpy()
    counts = [int((x < lo).sum()), int(((x >= lo) & (x <= hi)).sum()), int((x > hi).sum())]
    for zone, n in zip(ZONES, counts, strict=True):
        if n < 2:
            raise ValueError(
                f"The zone of {zone} of {func} holds {n} customer(s); a slope needs at "
                f"least 2. Move the 'thresholds' {thresholds!r} inside the range of "
                f"{satisfaction!r} ({x.min()} to {x.max()})."
            )
    model = sm.GLM(frame["y"].to_numpy(), _hinge(x, lo, hi), family=sm.families.Binomial())
    # HC1 errors: valid for yes/no outcomes and for shares (fractional logit)
    return model.fit(cov_type="HC1"), (lo, hi), counts, x


def zone_slopes(
    table: pd.DataFrame,
    satisfaction: str,
    outcome: str,
    thresholds: tuple[float, float],
    *,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Fit a piecewise logit and return its slope in each satisfaction zone.

    The log-odds of the outcome are modelled as a continuous line with two bends, at
    the ``thresholds``: one slope below the lower (the **zone of defection** when the
    outcome is leaving), one between them (the **zone of indifference**) and one above
    the upper (the **zone of affection**; Jones & Sasser 1995). A flat middle between
    two steep ends is the zone pattern; three equal slopes are a straight line.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per customer.
    satisfaction : str
        Numeric satisfaction column.
    outcome : str
        Yes/no column (bool or 0/1), or a probability between 0 and 1 (then the model
        is a fractional logit, Papke & Wooldridge 1996).
    thresholds : (float, float)
        Edges of the middle zone, in the units of ``satisfaction``.
    conf_level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Rows ``defection``, ``indifference``, ``affection`` (index ``zone``): ``low``
        and ``high`` (the zone's edges), ``customers``, ``slope`` (change in log-odds
        per unit of satisfaction), ``std_error`` (robust, HC1), ``ci_low``,
        ``ci_high``. The table's ``attrs["line_test"]`` holds the likelihood-ratio test
        of the zones against one straight line (``lr_stat``, ``df``, ``p_value``; for
        shares it is only indicative).

    Warns
    -----
    UserWarning
        If rows with a missing value are left out.
    """
    import statsmodels.api as sm
    from scipy import stats

    func = "zone_slopes"
    level = check_level(conf_level, "conf_level", func)
    result, (lo, hi), counts, x = _zone_fit(table, satisfaction, outcome, thresholds, func)
    ci = result.conf_int(alpha=1 - level)
    line = sm.GLM(result.model.endog, sm.add_constant(x), family=sm.families.Binomial()).fit()
    lr = max(0.0, 2 * (result.llf - line.llf))
    out = pd.DataFrame(
        {
            "low": [-np.inf, lo, hi],
            "high": [lo, hi, np.inf],
            "customers": counts,
            "slope": result.params[1:],
            "std_error": result.bse[1:],
            "ci_low": ci[1:, 0],
            "ci_high": ci[1:, 1],
        },
        index=pd.Index(list(ZONES), name="zone"),
    )
    out.attrs["line_test"] = {"lr_stat": float(lr), "df": 2, "p_value": float(stats.chi2.sf(lr, 2))}
    return out


def zone_curve(
    table: pd.DataFrame,
    satisfaction: str,
    outcome: str,
    thresholds: tuple[float, float],
    *,
    points: int = 101,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """The fitted piecewise-logit curve of :func:`zone_slopes` on a grid, with a band.

    Parameters
    ----------
    table, satisfaction, outcome, thresholds
        As in :func:`zone_slopes`.
    points : int, default 101
        Grid points from the smallest to the largest satisfaction value, from 2 to
        :data:`MAX_POINTS` (10,000).
    conf_level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Columns ``satisfaction`` (the grid), ``probability`` (fitted share with a yes
        outcome), ``ci_low`` and ``ci_high`` (pointwise interval), ``zone``.
    """
    func = "zone_curve"
    if isinstance(points, bool) or not isinstance(points, numbers.Integral):
        raise ValueError(
            f"The 'points' parameter of {func} must be a whole number from 2 to "
            f"{MAX_POINTS}. Got {points!r} instead."
        )
    points = check_count(points, "points", func, low=2, high=MAX_POINTS)
    level = check_level(conf_level, "conf_level", func)
    result, (lo, hi), _, x = _zone_fit(table, satisfaction, outcome, thresholds, func)
    grid = np.linspace(x.min(), x.max(), points)
    pred = result.get_prediction(_hinge(grid, lo, hi)).summary_frame(alpha=1 - level)
    zone = np.where(grid < lo, ZONES[0], np.where(grid > hi, ZONES[2], ZONES[1]))
    return pd.DataFrame(
        {
            "satisfaction": grid,
            "probability": pred["mean"].to_numpy(),
            "ci_low": pred["mean_ci_lower"].to_numpy(),
            "ci_high": pred["mean_ci_upper"].to_numpy(),
            "zone": zone,
        }
    )


def plot_zone_curve(
    curve: pd.DataFrame,
    *,
    observed: pd.DataFrame | None = None,
    thresholds: tuple[float, float] | None = None,
    ax: Any = None,
) -> Any:
    """Plot a :func:`zone_curve` with its band, optional observed shares and zone edges.

    Parameters
    ----------
    curve : pandas.DataFrame
        Output of :func:`zone_curve`.
    observed : pandas.DataFrame, optional
        Observed shares to show as points with error bars: a table with index = the
        satisfaction level and columns ``rate``, ``ci_low``, ``ci_high`` (e.g.
        :func:`satisfaction_curve`).
    thresholds : (float, float), optional
        Zone edges to mark with dashed vertical lines.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    func = "plot_zone_curve"
    curve = _check_frame(curve, "curve", func)
    _check_columns(curve, ["satisfaction", "probability", "ci_low", "ci_high"], "curve", func)
    if observed is not None:
        observed = _check_frame(observed, "observed", func)
        _check_columns(observed, ["rate", "ci_low", "ci_high"], "observed", func)
    ax = get_ax(ax, func)
    ax.fill_between(curve["satisfaction"], curve["ci_low"], curve["ci_high"], alpha=0.25)
    ax.plot(curve["satisfaction"], curve["probability"], label="piecewise logit")
    if observed is not None:
        x = np.asarray(observed.index, dtype=float)
        ax.errorbar(
            x,
            observed["rate"],
            yerr=[observed["rate"] - observed["ci_low"], observed["ci_high"] - observed["rate"]],
            fmt="o",
            color="black",
            capsize=3,
            label="observed share",
        )
    if thresholds is not None:
        for t in _check_thresholds(thresholds, func):
            ax.axvline(t, linestyle="--", color="grey")
    ax.set_ylabel("probability")
    ax.set_ylim(0, 1)
    ax.legend()
    return ax
