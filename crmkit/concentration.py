"""Concentration of customer value: the 80/20 rule (二八法则) and its measures.

=====================================  =====================================================
:func:`pareto_table`                   customers from largest to smallest, with the
                                       cumulative shares behind the 80/20 rule
:func:`lorenz_curve`, :func:`gini`     Lorenz curve (洛伦兹曲线) and Gini coefficient
                                       (基尼系数)
:func:`top_share`,                     share of the total held by the top customers, and
:func:`top_share_interval`             its bootstrap interval
:func:`plot_pareto`, :func:`plot_      the Pareto chart and the Lorenz curve; each takes
lorenz`                                ``ax=`` and returns it
=====================================  =====================================================

Every function takes one amount per customer (a Series keeps its index of customer ids;
an array or list gets 0..n-1). Amounts must be finite and non-negative: a share of a
total is only meaningful for amounts such as revenue. :func:`check_amounts` is that
check, shared with :mod:`crmkit.tiers`.
"""

from __future__ import annotations

import math
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from crmkit._checks import check_count, check_number, check_seed
from crmkit._plotting import get_ax
from crmkit._resample import bootstrap_draws

__all__ = [
    "MAX_BOOT",
    "gini",
    "lorenz_curve",
    "pareto_table",
    "plot_lorenz",
    "plot_pareto",
    "top_share",
    "top_share_interval",
]

#: Upper bound of ``n_boot`` in :func:`top_share_interval`: 100,000 resamples keep the
#: stored shares under 1 MB and the run under a minute for a few thousand customers.
MAX_BOOT = 100_000


def check_amounts(values: Any, func: str, *, param: str = "values") -> pd.Series:
    """Validate a one-dimensional collection of non-negative finite numbers.

    The input check of every concentration measure and of :func:`crmkit.tiers.abc_tiers`.

    Returns a float Series that keeps the index of a Series input (customer ids) and
    gets a 0..n-1 index otherwise.
    """
    if isinstance(values, pd.DataFrame):
        raise TypeError(
            f"The '{param}' parameter of {func} must be one column of numbers (a Series), "
            f"not a DataFrame. Pick the column, e.g. frame['revenue']. Got a DataFrame "
            f"with columns {[str(c) for c in values.columns]} instead."
        )
    if isinstance(values, (str, bytes)) or not isinstance(
        values, (pd.Series, np.ndarray, list, tuple, pd.Index)
    ):
        raise TypeError(
            f"The '{param}' parameter of {func} must be a pandas Series, numpy array or "
            f"list of numbers. Got {type(values).__name__} instead."
        )
    if not isinstance(values, pd.Series) and np.ndim(values) != 1:
        raise ValueError(
            f"The '{param}' parameter of {func} must be one-dimensional. "
            f"Got shape {np.shape(values)} instead."
        )
    series = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values))
    if len(series) == 0:
        raise ValueError(f"The '{param}' parameter of {func} must not be empty. Got 0 values.")
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        raise TypeError(
            f"The '{param}' parameter of {func} must hold numbers. Got dtype {series.dtype} "
            f"instead; convert it with pd.to_numeric."
        )
    arr = series.to_numpy(dtype=float, na_value=np.nan)
    n_bad = int((~np.isfinite(arr)).sum())
    if n_bad:
        raise ValueError(
            f"The '{param}' parameter of {func} must have no missing or infinite values. "
            f"Got {n_bad} of them instead; fill them (e.g. with 0 for customers who did "
            f"not buy) or remove them first."
        )
    n_neg = int((arr < 0).sum())
    if n_neg:
        raise ValueError(
            f"The '{param}' parameter of {func} must be non-negative (concentration is "
            f"measured on amounts such as revenue). Got {n_neg} negative value(s) instead; "
            f"a negative margin, for example, cannot be a share of a total."
        )
    return pd.Series(arr, index=series.index, name=series.name)


def check_positive_total(values: pd.Series, func: str, param: str = "values") -> float:
    """Return the total of ``values``; ValueError when it is 0 (shares are undefined) or
    overflows to infinity (every share would be 0 or NaN)."""
    with np.errstate(over="ignore"):  # an overflow is reported below, in the kit's words
        total = float(values.sum())
    if math.isinf(total):
        raise ValueError(
            f"The '{param}' parameter of {func} must have a finite total. Got values whose "
            f"sum overflows (largest {values.max():g}) instead; rescale them first, e.g. "
            "to thousands of yuan."
        )
    if total <= 0:
        raise ValueError(
            f"The '{param}' parameter of {func} must have a positive total; shares of a "
            f"total of zero are undefined. Got {len(values)} value(s) that are all zero."
        )
    return total


def _check_q(q: Any, func: str) -> float:
    """``q``, the fraction of customers counted from the largest, in (0, 1]."""
    return check_number(q, "q", func, low=0.0, high=1.0, low_open=True)


def pareto_table(values: Any) -> pd.DataFrame:
    """The Pareto table behind the 80/20 rule (二八法则): customers from largest to smallest.

    Parameters
    ----------
    values : Series, array or list of non-negative numbers
        One amount per customer (e.g. revenue). A Series' index (customer ids) is kept.

    Returns
    -------
    DataFrame
        One row per customer, largest value first (ties keep their input order), with
        ``rank`` (1..n), ``customer`` (the index label of ``values``), ``value``,
        ``share`` (of the total), ``cum_share_of_customers`` (rank / n) and
        ``cum_value_share`` (running total / total). Reading down the last two columns
        answers "what share of revenue do the top x% of customers bring?".

    Examples
    --------
    >>> pareto_table(pd.Series([1.0, 10.0, 4.0], index=[101, 102, 103])).round(3)
       rank  customer  value  share  cum_share_of_customers  cum_value_share
    0     1       102   10.0  0.667                   0.333            0.667
    1     2       103    4.0  0.267                   0.667            0.933
    2     3       101    1.0  0.067                   1.000            1.000
    """
    func = "pareto_table"
    v = check_amounts(values, func)
    total = check_positive_total(v, func)
    ordered = v.sort_values(ascending=False, kind="stable")
    n = len(ordered)
    out = pd.DataFrame(
        {
            "rank": np.arange(1, n + 1, dtype="int64"),
            "customer": ordered.index.to_numpy(),
            "value": ordered.to_numpy(),
        }
    )
    out["share"] = out["value"] / total
    out["cum_share_of_customers"] = out["rank"] / n
    out["cum_value_share"] = out["value"].cumsum() / total
    return out


def lorenz_curve(values: Any) -> pd.DataFrame:
    """The Lorenz curve (洛伦兹曲线) of a set of amounts.

    Customers are sorted from smallest to largest; the curve joins the points
    (share of customers, share of the total they hold).

    Parameters
    ----------
    values : Series, array or list of non-negative numbers with a positive total

    Returns
    -------
    DataFrame
        ``n + 1`` rows with columns ``share_of_customers`` and ``value_share``, starting at
        (0, 0) and ending at (1, 1). Equal values give the diagonal; the further the
        curve sags below it, the more concentrated the values.
    """
    func = "lorenz_curve"
    v = check_amounts(values, func)
    total = check_positive_total(v, func)
    x = np.sort(v.to_numpy())
    n = len(x)
    cum = np.concatenate([[0.0], np.cumsum(x) / total])
    cum[-1] = 1.0  # exact, whatever the rounding of the running sum
    return pd.DataFrame({"share_of_customers": np.arange(n + 1) / n, "value_share": cum})


def gini(values: Any, *, small_sample: bool = False) -> float:
    """The Gini coefficient (基尼系数) of a set of amounts.

    Parameters
    ----------
    values : Series, array or list of non-negative numbers with a positive total
    small_sample : bool, default False
        Multiply by n / (n - 1), so that one customer holding everything gives 1 for any
        n (the plain coefficient gives (n - 1) / n). Needs at least two values.

    Returns
    -------
    float
        ``G = sum_i sum_j |x_i - x_j| / (2 n^2 mean)``, computed from the sorted values as
        ``2 sum_i i x_(i) / (n sum x) - (n + 1) / n``. It is twice the area between the
        diagonal and the Lorenz curve: 0 when every customer holds the same, (n - 1) / n
        when one customer holds everything.
    """
    func = "gini"
    if not isinstance(small_sample, (bool, np.bool_)):
        raise TypeError(
            f"The 'small_sample' parameter of {func} must be True or False. "
            f"Got {small_sample!r} instead."
        )
    v = check_amounts(values, func)
    total = check_positive_total(v, func)
    x = np.sort(v.to_numpy())
    n = len(x)
    ranks = np.arange(1, n + 1)
    g = 2.0 * float(np.sum(ranks * x)) / (n * total) - (n + 1) / n
    g = min(max(g, 0.0), 1.0)  # guard against rounding just below 0
    if small_sample:
        if n < 2:
            raise ValueError(
                f"The 'small_sample' correction of {func} needs at least two values "
                f"(it multiplies by n / (n - 1)). Got {n} value instead."
            )
        g = g * n / (n - 1)
    return float(g)


def _top_share_sorted_desc(x_desc: np.ndarray, q: float) -> np.ndarray:
    """Top-q share for each row of an array sorted descending along the last axis.

    Linear interpolation on the Lorenz curve: k = q n customers, the last one fractional.
    """
    n = x_desc.shape[-1]
    k = q * n
    whole = math.floor(k + 1e-9)
    frac = k - whole
    cum = np.cumsum(x_desc, axis=-1)
    total = cum[..., -1]
    held = cum[..., whole - 1] if whole > 0 else np.zeros_like(total)
    if whole < n and frac > 1e-9:
        held = held + frac * x_desc[..., whole]
    with np.errstate(invalid="ignore", divide="ignore"):
        return held / total


def top_share(values: Any, q: float = 0.2) -> float:
    """Share of the total held by the top ``q`` of customers (the "80" of 80/20).

    Parameters
    ----------
    values : Series, array or list of non-negative numbers with a positive total
    q : float in (0, 1], default 0.2
        Fraction of customers, counted from the largest.

    Returns
    -------
    float
        ``1 - L(1 - q)`` where ``L`` is the Lorenz curve joined by straight lines. When
        ``q n`` is a whole number this is simply the sum of the ``q n`` largest values
        over the total; otherwise the customer at the boundary counts in proportion
        (e.g. with 12 customers and q = 0.2 the top 2.4 customers: the two largest plus
        0.4 of the third).

    Examples
    --------
    >>> top_share([10, 5, 3, 1, 1], q=0.2)  # 10 / 20
    0.5
    """
    func = "top_share"
    q = _check_q(q, func)
    v = check_amounts(values, func)
    check_positive_total(v, func)
    x = np.sort(v.to_numpy())[::-1]
    return float(_top_share_sorted_desc(x, q))


def top_share_interval(
    values: Any,
    q: float = 0.2,
    *,
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int | np.random.Generator | None = 2026,
) -> pd.Series:
    """Bootstrap interval for :func:`top_share`: how sure can we be about "80/20"?

    Customers are resampled with replacement ``n_boot`` times; the top-``q`` share is
    computed in each resample, and the interval is the central ``ci`` part of those
    values (the percentile bootstrap, Efron & Tibshirani 1993).

    Parameters
    ----------
    values : Series, array or list of non-negative numbers with a positive total
    q : float in (0, 1], default 0.2
    n_boot : int, default 2000
        Number of resamples, from 100 to ``MAX_BOOT`` (100,000). The bound keeps memory
        and time in check: resamples are drawn in chunks of at most 4 million values,
        and the shares kept take 8 bytes per resample.
    ci : float in (0, 1), default 0.95
        Coverage of the interval.
    seed : int or numpy.random.Generator, default 2026
        Turned into one ``numpy.random.default_rng(seed)``; the same seed gives the same
        interval. A Generator is used as it is (and advanced).

    Returns
    -------
    Series
        ``estimate`` (top share of the data), ``lower``, ``upper``, ``std_error``
        (standard deviation of the resampled shares), ``q``, ``ci``, ``n_boot``.

    Notes
    -----
    Resampling customers treats them as a sample from a larger population of possible
    customers; the interval answers "how much would the top-20% share vary with another
    set of customers like these?". With very few customers or extreme values the
    percentile interval can be too narrow.
    """
    func = "top_share_interval"
    q = _check_q(q, func)
    n_boot = check_count(n_boot, "n_boot", func, low=100, high=MAX_BOOT)
    ci = check_number(ci, "ci", func, low=0.0, high=1.0, low_open=True, high_open=True)
    if not isinstance(seed, np.random.Generator):
        seed = check_seed(seed, "seed", func)
    v = check_amounts(values, func)
    check_positive_total(v, func)
    x = v.to_numpy()
    estimate = float(_top_share_sorted_desc(np.sort(x)[::-1], q))
    shares = bootstrap_draws(
        x, lambda sample: _top_share_sorted_desc(-np.sort(-sample, axis=1), q), n_boot, seed
    )
    if np.isnan(shares).any():  # resamples made only of zeros
        shares = np.where(np.isnan(shares), 0.0, shares)
    alpha = (1 - ci) / 2
    lower, upper = np.quantile(shares, [alpha, 1 - alpha])
    return pd.Series(
        {
            "estimate": estimate,
            "lower": float(lower),
            "upper": float(upper),
            "std_error": float(shares.std(ddof=1)),
            "q": q,
            "ci": ci,
            "n_boot": float(n_boot),
        },
        name="top_share",
    )


def plot_pareto(
    values: Any,
    *,
    q: float = 0.2,
    ax: plt.Axes | None = None,
    label: str = "revenue",
) -> plt.Axes:
    """Pareto chart: customers from largest to smallest, with the cumulative share.

    Parameters
    ----------
    values : Series, array or list of non-negative numbers with a positive total
    q : float in (0, 1], default 0.2
        Marks the top ``q`` of customers and the share they hold.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted.
    label : str, default "revenue"
        What the values are, for the axis labels.

    Returns
    -------
    matplotlib Axes
        The axes with the customers' values (bars for up to 60 customers, a filled area
        beyond) against the cumulative share of customers; the cumulative share of the
        value is drawn on a twin axis (``ax.right_ax``) on the right.
    """
    func = "plot_pareto"
    q = _check_q(q, func)
    table = pareto_table(values)
    ax = get_ax(ax, func)
    n = len(table)
    x = table["cum_share_of_customers"].to_numpy()
    colour = sns.color_palette()[0]
    if n <= 60:
        ax.bar(x - 0.5 / n, table["value"], width=0.9 / n, color=colour, label=label)
    else:
        ax.fill_between(x, table["value"], step="pre", color=colour, alpha=0.6, label=label)
    ax.set_xlim(0, 1)
    ax.set_xlabel("cumulative share of customers (largest first)")
    ax.set_ylabel(f"{label} per customer")
    right = ax.twinx()
    xs = np.r_[0.0, x]
    ys = np.r_[0.0, table["cum_value_share"].to_numpy()]
    line_colour = sns.color_palette()[1]
    right.plot(xs, ys, color=line_colour, lw=2)
    share = top_share(table["value"], q)
    right.plot([q, q, 0], [0, share, share], ls="--", color="grey", lw=1)
    right.annotate(
        f"top {q:.0%} hold {share:.0%}",
        xy=(q, share),
        xytext=(q + 0.05, max(share - 0.25, 0.05)),
        arrowprops={"arrowstyle": "->", "color": "grey"},
    )
    right.set_ylim(0, 1.02)
    right.set_ylabel(f"cumulative share of {label}")
    right.grid(False)
    ax.set_title(f"Pareto chart of {label}")
    ax.right_ax = right
    return ax


def plot_lorenz(
    values: Any,
    *,
    ax: plt.Axes | None = None,
    label: str | None = None,
) -> plt.Axes:
    """Lorenz curve (洛伦兹曲线) with the line of equality and the Gini coefficient.

    Parameters
    ----------
    values : Series, array or list of non-negative numbers with a positive total
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted. Call again with the same ``ax`` to
        compare several curves (e.g. two years).
    label : str, optional
        Legend label; the Gini coefficient is appended to it.

    Returns
    -------
    matplotlib Axes
    """
    func = "plot_lorenz"
    curve = lorenz_curve(values)
    g = gini(values)
    ax = get_ax(ax, func)
    text = f"{label} (Gini {g:.2f})" if label else f"Lorenz curve (Gini {g:.2f})"
    ax.plot(curve["share_of_customers"], curve["value_share"], lw=2, label=text)
    if not any(line.get_label() == "equality" for line in ax.get_lines()):
        ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1, label="equality")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel("cumulative share of customers (smallest first)")
    ax.set_ylabel("cumulative share of value")
    ax.set_title("Lorenz curve")
    ax.legend(loc="upper left")
    return ax
