"""Satisfaction and profit statistics (满意度与利润): quoted figures tested as hypotheses.

Chapter 5 takes the figures that CRM articles quote as facts ("a very satisfied customer
is six times as willing to buy again", "two thirds of customers leave for lack of care",
"keeping 5% more customers raises profit by 25-85%"...) and tests each one on the
simulated Lanting world, whose truth is known and can be changed.

===================================  =================================================
:func:`rate_by_group`                share with a yes outcome per satisfaction group
:func:`rate_ratio`                   "x times as likely": risk and odds ratio, bootstrap
:func:`zone_slopes`                  piecewise logit: slope in each satisfaction zone
:func:`zone_curve`                   fitted piecewise curve with a confidence band
:func:`share_claim`                  a share (e.g. of exit reasons) against a claim
:func:`branch_panel`                 the branch panel with margin and one-year lags
:func:`panel_fit`                    pooled OLS or fixed effects, clustered errors
:func:`true_branch_effects`          the world's true service-profit-chain effects
:func:`compare_panel_models`         standard panel models beside the truth
:func:`profit_change`                "x more satisfaction -> y% more profit"
:func:`vary_world`                   a statistic in worlds with one knob changed
:func:`panel_power`                  simulated power of the fixed-effects test
:func:`plot_zone_curve`              the fitted zone curve with observed shares
===================================  =================================================

Profit in the branch panel is read through the profit margin (profit / revenue): with
revenue held fixed, a margin that rises from 0.10 to 0.11 means 10 per cent more profit.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_columns as _check_columns
from crmkit._checks import check_frame as _check_frame
from crmkit._checks import check_one_of as _check_choice

__all__ = [
    "branch_panel",
    "compare_panel_models",
    "panel_fit",
    "panel_power",
    "plot_zone_curve",
    "profit_change",
    "rate_by_group",
    "rate_ratio",
    "share_claim",
    "true_branch_effects",
    "vary_world",
    "zone_curve",
    "zone_slopes",
]

ZONES = ("defection", "indifference", "affection")


# --------------------------------------------------------------------------------------
# small checks
# --------------------------------------------------------------------------------------
def _check_level(value: Any, name: str, func: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < float(value) < 1:
        raise ValueError(
            f"The {name!r} parameter of {func} must be a number between 0 and 1 "
            f"(e.g. 0.95). Got {value!r} instead."
        )
    return float(value)


def _check_int(value: Any, name: str, func: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise ValueError(
            f"The {name!r} parameter of {func} must be a whole number, {low} or more. "
            f"Got {value!r} instead."
        )
    return int(value)


def _check_seed(seed: Any, func: str) -> None:
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0
    ):
        raise ValueError(
            f"The 'seed' parameter of {func} must be a non-negative integer or None. "
            f"Got {seed!r} instead."
        )


def _yes_no(frame: pd.DataFrame, column: str, func: str, *, fraction: bool = False) -> pd.Series:
    """Return ``column`` as float 0/1 (or a share in [0, 1] when ``fraction``)."""
    y = frame[column]
    if pd.api.types.is_bool_dtype(y.dtype):
        return y.astype("float64")
    if not pd.api.types.is_numeric_dtype(y.dtype):
        raise TypeError(
            f"The {column!r} column passed to {func} must be yes/no (bool or 0/1). "
            f"Got dtype {y.dtype} instead."
        )
    values = y.dropna()
    ok = values.between(0, 1).all() if fraction else values.isin([0, 1]).all()
    if not ok:
        what = "a share between 0 and 1" if fraction else "yes/no (bool or 0/1)"
        raise ValueError(
            f"The {column!r} column passed to {func} must be {what}. "
            f"Got values from {values.min()} to {values.max()} instead."
        )
    return y.astype("float64")


def _numeric(frame: pd.DataFrame, column: str, func: str) -> pd.Series:
    x = frame[column]
    if pd.api.types.is_bool_dtype(x.dtype) or not pd.api.types.is_numeric_dtype(x.dtype):
        raise TypeError(
            f"The {column!r} column passed to {func} must be numeric. Got dtype {x.dtype} instead."
        )
    return x.astype("float64")


def _complete(frame: pd.DataFrame, func: str) -> pd.DataFrame:
    incomplete = frame.isna().any(axis=1)
    if incomplete.any():
        warnings.warn(
            f"{func}: {int(incomplete.sum())} of {len(frame)} row(s) with a missing value "
            "were left out.",
            UserWarning,
            stacklevel=3,
        )
        frame = frame[~incomplete]
    if len(frame) == 0:
        raise ValueError(f"No row passed to {func} has all the values it needs.")
    return frame


def _groups(groups: Any, func: str) -> dict[str, tuple[float, float]]:
    if not isinstance(groups, Mapping) or len(groups) == 0:
        raise ValueError(
            f"The 'groups' parameter of {func} must be a dict mapping a group name to a "
            f"(low, high) range, e.g. {{'satisfied': (7, 8)}}. Got {groups!r} instead."
        )
    out = {}
    for name, bounds in groups.items():
        ok = (
            isinstance(bounds, (tuple, list))
            and len(bounds) == 2
            and all(isinstance(b, numbers.Real) and not isinstance(b, bool) for b in bounds)
            and bounds[0] <= bounds[1]
        )
        if not ok:
            raise ValueError(
                f"The 'groups' parameter of {func} must give each group a (low, high) "
                f"range with low <= high. Got {name!r}: {bounds!r} instead."
            )
        out[str(name)] = (float(bounds[0]), float(bounds[1]))
    return out


# --------------------------------------------------------------------------------------
# customer-level claims
# --------------------------------------------------------------------------------------
def rate_by_group(
    table: pd.DataFrame,
    satisfaction: str,
    outcome: str,
    groups: Mapping[str, tuple[float, float]],
    *,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Share of customers with a yes outcome in each satisfaction group, with intervals.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per customer.
    satisfaction : str
        Numeric satisfaction column (e.g. ``overall_satisfaction``, 1..10).
    outcome : str
        Yes/no column (bool or 0/1), e.g. ``bought_again``.
    groups : dict of str -> (low, high)
        Group name -> closed range of satisfaction values, e.g.
        ``{"dissatisfied": (1, 4), "satisfied": (7, 8), "very satisfied": (9, 10)}``.
        Ranges may leave values out (customers outside every range are not counted)
        but must not overlap.
    conf_level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per group in the order given (index ``group``): ``low``, ``high``,
        ``customers``, ``yes`` (customers with outcome yes), ``rate``, ``ci_low`` and
        ``ci_high`` (Wilson interval, :func:`statsmodels.stats.proportion.proportion_confint`).

    Warns
    -----
    UserWarning
        If rows with a missing satisfaction or outcome are left out.

    Examples
    --------
    >>> t = pd.DataFrame({"s": [1, 2, 9, 10], "y": [0, 1, 1, 1]})
    >>> rate_by_group(t, "s", "y", {"low": (1, 2), "high": (9, 10)})["rate"].tolist()
    [0.5, 1.0]
    """
    from statsmodels.stats.proportion import proportion_confint

    func = "rate_by_group"
    table = _check_frame(table, "table", func)
    _check_columns(table, {"satisfaction": satisfaction, "outcome": outcome}, "table", func)
    level = _check_level(conf_level, "conf_level", func)
    spans = _groups(groups, func)
    names = list(spans)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if spans[a][0] <= spans[b][1] and spans[b][0] <= spans[a][1]:
                raise ValueError(
                    f"The 'groups' of {func} must not overlap. Got {a!r} {spans[a]} and "
                    f"{b!r} {spans[b]} instead."
                )
    frame = pd.DataFrame(
        {"x": _numeric(table, satisfaction, func), "y": _yes_no(table, outcome, func)}
    )
    frame = _complete(frame, func)
    rows = []
    for name, (low, high) in spans.items():
        y = frame.loc[frame["x"].between(low, high), "y"]
        n, k = len(y), int(y.sum())
        if n:
            ci = proportion_confint(k, n, alpha=1 - level, method="wilson")
        else:
            ci = (np.nan, np.nan)
        rows.append(
            {
                "group": name,
                "low": low,
                "high": high,
                "customers": n,
                "yes": k,
                "rate": k / n if n else np.nan,
                "ci_low": float(ci[0]),
                "ci_high": float(ci[1]),
            }
        )
    return pd.DataFrame(rows).set_index("group")


def rate_ratio(
    table: pd.DataFrame,
    satisfaction: str,
    outcome: str,
    high: tuple[float, float],
    low: tuple[float, float],
    *,
    n_boot: int = 2000,
    conf_level: float = 0.95,
    seed: int | None = 2026,
) -> pd.DataFrame:
    """How many times as likely is a yes in the ``high`` group as in the ``low`` group?

    "Six times as willing to buy again" can mean two different numbers. The *risk
    ratio* (相对风险) divides the two shares; it can never exceed 1 / (share in the low
    group), so with a low-group share above one sixth it cannot reach 6. The *odds
    ratio* divides the two odds (share / (1 - share)) and has no such ceiling. Both get
    a percentile bootstrap interval: customers are resampled with replacement within
    each group ``n_boot`` times.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per customer.
    satisfaction : str
        Numeric satisfaction column.
    outcome : str
        Yes/no column (bool or 0/1).
    high, low : (float, float)
        Closed ranges of satisfaction that define the two groups, e.g. ``(9, 10)`` and
        ``(7, 8)``. They must not overlap.
    n_boot : int, default 2000
        Bootstrap resamples, at least 100.
    conf_level : float, default 0.95
    seed : int or None, default 2026
        Seed of the one ``numpy.random.default_rng`` that draws the resamples.

    Returns
    -------
    pandas.DataFrame
        Rows ``rate_high``, ``rate_low``, ``risk_ratio``, ``odds_ratio`` (index
        ``measure``), columns ``estimate``, ``ci_low``, ``ci_high``. The rates'
        intervals are bootstrap intervals too. A resample with no yes (or no no) in
        the low group gives an infinite ratio; such resamples count at the top end.

    Raises
    ------
    ValueError
        If a group is empty, or if the low group has no yes at all (the ratio is then
        infinite).

    Examples
    --------
    >>> t = pd.DataFrame({"s": [9] * 4 + [7] * 4, "y": [1, 1, 1, 0, 1, 0, 0, 0]})
    >>> rate_ratio(t, "s", "y", (9, 10), (7, 8), n_boot=100)["estimate"].round(2).tolist()
    [0.75, 0.25, 3.0, 9.0]
    """
    func = "rate_ratio"
    rates = rate_by_group(
        table, satisfaction, outcome, {"high": high, "low": low}, conf_level=conf_level
    )
    n_boot = _check_int(n_boot, "n_boot", func, 100)
    level = _check_level(conf_level, "conf_level", func)
    _check_seed(seed, func)
    for name in ("high", "low"):
        if rates.loc[name, "customers"] == 0:
            raise ValueError(
                f"No customer of the table passed to {func} falls in the {name!r} range "
                f"{tuple(rates.loc[name, ['low', 'high']])}. Widen the range."
            )
    n_hi, k_hi = int(rates.loc["high", "customers"]), int(rates.loc["high", "yes"])
    n_lo, k_lo = int(rates.loc["low", "customers"]), int(rates.loc["low", "yes"])
    if k_lo == 0:
        raise ValueError(
            f"No customer in the 'low' range of {func} has outcome yes, so the ratio is "
            "infinite. Use a wider range or a longer outcome window."
        )
    rng = np.random.default_rng(seed)
    # resampling n customers with replacement from a group with k yes = binomial draw
    p_hi = rng.binomial(n_hi, k_hi / n_hi, n_boot) / n_hi
    p_lo = rng.binomial(n_lo, k_lo / n_lo, n_boot) / n_lo

    def ratios(a, b):
        with np.errstate(divide="ignore", invalid="ignore"):
            rr = np.where(b > 0, a / np.where(b > 0, b, 1), np.inf)
            odds_a = np.where(a < 1, a / np.where(a < 1, 1 - a, 1), np.inf)
            odds_b = np.where(b < 1, b / np.where(b < 1, 1 - b, 1), np.inf)
            orr = np.where(odds_b > 0, odds_a / np.where(odds_b > 0, odds_b, 1), np.inf)
            orr = np.where(np.isinf(odds_a) & np.isinf(odds_b), 1.0, orr)
        return rr, orr

    rr, orr = ratios(p_hi, p_lo)
    est_rr, est_or = ratios(np.array([k_hi / n_hi]), np.array([k_lo / n_lo]))
    q = [(1 - level) / 2, 1 - (1 - level) / 2]
    rows = {
        "rate_high": (k_hi / n_hi, *np.quantile(p_hi, q, method="inverted_cdf")),
        "rate_low": (k_lo / n_lo, *np.quantile(p_lo, q, method="inverted_cdf")),
        "risk_ratio": (float(est_rr[0]), *np.quantile(rr, q, method="inverted_cdf")),
        "odds_ratio": (float(est_or[0]), *np.quantile(orr, q, method="inverted_cdf")),
    }
    out = pd.DataFrame(rows, index=["estimate", "ci_low", "ci_high"]).T.astype("float64")
    out.index.name = "measure"
    return out


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
            "x": _numeric(table, satisfaction, func),
            "y": _yes_no(table, outcome, func, fraction=True),
        }
    )
    frame = _complete(frame, func)
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
    level = _check_level(conf_level, "conf_level", func)
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
        Grid points from the smallest to the largest satisfaction value (at least 2).
    conf_level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Columns ``satisfaction`` (the grid), ``probability`` (fitted share with a yes
        outcome), ``ci_low`` and ``ci_high`` (pointwise interval), ``zone``.
    """
    func = "zone_curve"
    points = _check_int(points, "points", func, 2)
    level = _check_level(conf_level, "conf_level", func)
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


def share_claim(
    table: pd.DataFrame,
    column: str,
    values: str | Sequence[str],
    claim: float,
    *,
    conf_level: float = 0.95,
) -> pd.Series:
    """Compare the share of rows whose ``column`` is one of ``values`` with a claimed share.

    Used for "two thirds of customers leave for lack of care": the share of exit
    interviews that give ``indifference`` against 2/3.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per answer (e.g. the ``exits`` table).
    column : str
        The column holding the answer (e.g. ``exit_reason``).
    values : str or list of str
        The answers that count for the claim.
    claim : float
        The claimed share, between 0 and 1.
    conf_level : float, default 0.95

    Returns
    -------
    pandas.Series
        ``answers`` (rows with an answer), ``count`` (rows with one of ``values``),
        ``share``, ``ci_low``, ``ci_high`` (Wilson), ``claim`` and ``p_value`` (exact
        two-sided binomial test of share = claim, :func:`scipy.stats.binomtest`).

    Warns
    -----
    UserWarning
        If rows without an answer are left out.

    Examples
    --------
    >>> t = pd.DataFrame({"reason": ["care", "care", "price", "care"]})
    >>> float(share_claim(t, "reason", "care", 2 / 3)["share"])
    0.75
    """
    from scipy import stats
    from statsmodels.stats.proportion import proportion_confint

    func = "share_claim"
    table = _check_frame(table, "table", func)
    _check_columns(table, {"column": column}, "table", func)
    level = _check_level(conf_level, "conf_level", func)
    if isinstance(claim, bool) or not isinstance(claim, numbers.Real) or not 0 < claim < 1:
        raise ValueError(
            f"The 'claim' parameter of {func} must be a share strictly between 0 and 1 "
            f"(two thirds is 2 / 3). Got {claim!r} instead."
        )
    wanted = [values] if isinstance(values, str) else list(values)
    answers = table[column]
    known = set(answers.dropna().astype(str))
    unknown = sorted(set(map(str, wanted)) - known)
    if not wanted or unknown:
        raise ValueError(
            f"The 'values' parameter of {func} must name answers that occur in "
            f"{column!r}: {sorted(known)}. Got {wanted!r} instead."
        )
    missing = int(answers.isna().sum())
    if missing:
        warnings.warn(
            f"{func}: {missing} of {len(answers)} row(s) without an answer were left out.",
            UserWarning,
            stacklevel=2,
        )
    answers = answers.dropna().astype(str)
    n = len(answers)
    k = int(answers.isin([str(v) for v in wanted]).sum())
    low, high = proportion_confint(k, n, alpha=1 - level, method="wilson")
    return pd.Series(
        {
            "answers": float(n),
            "count": float(k),
            "share": k / n,
            "ci_low": float(low),
            "ci_high": float(high),
            "claim": float(claim),
            "p_value": float(stats.binomtest(k, n, float(claim)).pvalue),
        },
        name="+".join(map(str, wanted)),
    )


# --------------------------------------------------------------------------------------
# the branch panel
# --------------------------------------------------------------------------------------
_BRANCH_COLUMNS = ["branch_id", "year", "satisfaction_index", "retention_rate", "revenue", "profit"]


def branch_panel(branches: pd.DataFrame) -> pd.DataFrame:
    """Prepare the branch panel: profit margin and last year's values, per branch.

    Parameters
    ----------
    branches : pandas.DataFrame
        The ``branches`` table: ``branch_id``, ``year``, ``satisfaction_index``,
        ``retention_rate``, ``revenue``, ``profit`` (other columns are kept).

    Returns
    -------
    pandas.DataFrame
        The rows sorted by branch and year, plus ``margin`` (profit / revenue),
        ``satisfaction_lag`` and ``retention_lag`` (the same branch's value in the
        previous year; missing in a branch's first year, or when the previous year is
        absent from the table). Nothing is dropped; :func:`panel_fit` reports how many
        rows it could use.

    Examples
    --------
    >>> b = pd.DataFrame({"branch_id": [1, 1], "year": [2024, 2025],
    ...     "satisfaction_index": [70.0, 72.0], "retention_rate": [0.8, 0.82],
    ...     "revenue": [100.0, 100.0], "profit": [10.0, 12.0]})
    >>> branch_panel(b)[["margin", "satisfaction_lag"]].to_numpy().tolist()
    [[0.1, nan], [0.12, 70.0]]
    """
    func = "branch_panel"
    branches = _check_frame(branches, "branches", func)
    _check_columns(branches, _BRANCH_COLUMNS, "branches", func)
    for col in _BRANCH_COLUMNS:
        _numeric(branches, col, func)
    if branches.duplicated(["branch_id", "year"]).any():
        n = int(branches.duplicated(["branch_id", "year"]).sum())
        raise ValueError(
            f"The 'branches' DataFrame passed to {func} has {n} repeated (branch_id, year) "
            "pair(s); a panel needs one row per branch and year. Remove the duplicates."
        )
    if (branches["revenue"] <= 0).any():
        raise ValueError(
            f"The 'revenue' column passed to {func} must be positive to compute a margin. "
            f"Got {int((branches['revenue'] <= 0).sum())} value(s) of 0 or less instead."
        )
    out = branches.sort_values(["branch_id", "year"], ignore_index=True)
    out = out.assign(margin=out["profit"] / out["revenue"])
    previous = out[["branch_id", "year", "satisfaction_index", "retention_rate"]].assign(
        year=out["year"] + 1
    )
    previous = previous.rename(
        columns={"satisfaction_index": "satisfaction_lag", "retention_rate": "retention_lag"}
    )
    return out.merge(previous, on=["branch_id", "year"], how="left", validate="one_to_one")


_EFFECTS = ("branch", "none", "branch_year")


def panel_fit(
    panel: pd.DataFrame,
    outcome: str,
    regressors: str | Sequence[str],
    *,
    effects: str = "branch",
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """OLS on the branch panel: pooled, or with **fixed effects** for branches (and years).

    ``effects="none"`` is pooled OLS: every branch-year is one more observation, so
    differences *between* branches (some are always more profitable) count as
    evidence. ``"branch"`` adds one dummy per branch (least-squares dummy variables),
    so only changes *within* a branch over time count; ``"branch_year"`` also adds one
    dummy per year. Standard errors are clustered by branch, since a branch's years
    are not independent observations.

    Parameters
    ----------
    panel : pandas.DataFrame
        Output of :func:`branch_panel` (needs ``branch_id`` and ``year``).
    outcome : str
        Column to explain, e.g. ``margin``.
    regressors : str or list of str
        Explaining columns, e.g. ``["retention_rate", "satisfaction_lag"]``.
    effects : {"branch", "none", "branch_year"}, default "branch"
    conf_level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per regressor (index ``term``): ``estimate``, ``std_error``,
        ``ci_low``, ``ci_high``, ``p_value``, ``n_obs`` (rows used) and ``n_dropped``
        (rows left out because a value, usually a lag, is missing).

    Notes
    -----
    In the Lanting world each branch's lasting levels of satisfaction, retention and
    margin are drawn independently, so with correctly timed regressors pooled OLS is
    unbiased *on average over worlds*, but in one panel of 40 branches a chance
    pattern among the branches can move it far from the truth; fixed effects remove
    that pattern. Wrong timing biases both: retention depends on last year's
    satisfaction, so a slope on this year's satisfaction is too small (towards zero),
    and smaller still with fixed effects, which keep only the year-to-year noise of
    satisfaction (tested in ``tests/unit/test_satisfaction.py``).
    """
    import statsmodels.formula.api as smf

    func = "panel_fit"
    panel = _check_frame(panel, "panel", func)
    regressors = [regressors] if isinstance(regressors, str) else list(regressors)
    if not regressors or not all(isinstance(r, str) for r in regressors):
        raise ValueError(
            f"The 'regressors' parameter of {func} must be a column name or a list of "
            f"them. Got {regressors!r} instead."
        )
    if outcome in regressors:
        raise ValueError(
            f"The 'outcome' {outcome!r} of {func} is also among the 'regressors'. "
            "Remove it from one of them."
        )
    _check_choice(effects, "effects", func, _EFFECTS)
    level = _check_level(conf_level, "conf_level", func)
    _check_columns(panel, ["branch_id", "year", outcome, *regressors], "panel", func)
    columns = [outcome, *regressors]
    data = pd.DataFrame({c: _numeric(panel, c, func) for c in columns})
    data = data.assign(branch_id=panel["branch_id"].to_numpy(), year=panel["year"].to_numpy())
    keep = data[columns].notna().all(axis=1)
    data = data[keep]
    if len(data) <= len(regressors) + 1:
        raise ValueError(
            f"Only {len(data)} row(s) passed to {func} have every value of {columns}; "
            "too few to fit. Check the lags (a branch's first year has none)."
        )
    names = {c: f"v{i}" for i, c in enumerate(columns)}
    data = data.rename(columns=names)
    formula = f"{names[outcome]} ~ " + " + ".join(names[r] for r in regressors)
    if effects in ("branch", "branch_year"):
        formula += " + C(branch_id)"
    if effects == "branch_year":
        formula += " + C(year)"
    result = smf.ols(formula, data).fit(
        cov_type="cluster", cov_kwds={"groups": data["branch_id"].to_numpy()}
    )
    terms = [names[r] for r in regressors]
    ci = result.conf_int(alpha=1 - level).loc[terms]
    return pd.DataFrame(
        {
            "estimate": result.params[terms].to_numpy(),
            "std_error": result.bse[terms].to_numpy(),
            "ci_low": ci[0].to_numpy(),
            "ci_high": ci[1].to_numpy(),
            "p_value": result.pvalues[terms].to_numpy(),
            "n_obs": int(result.nobs),
            "n_dropped": int((~keep).sum()),
        },
        index=pd.Index(regressors, name="term"),
    )


_EFFECT_KEYS = ("satisfaction_to_retention", "retention_to_margin", "satisfaction_to_margin")


def true_branch_effects(params: Mapping[str, Any]) -> pd.Series:
    """The true effects of the world's service-profit chain, direct and total.

    Parameters
    ----------
    params : dict
        The world's parameters (``World.params`` or ``crmkit.datasets.load_params()``),
        or just the ``branch_effects`` dict.

    Returns
    -------
    pandas.Series
        ``satisfaction_to_retention`` (retention per index point of last year's
        satisfaction), ``retention_to_margin`` (margin per unit of retention),
        ``satisfaction_to_margin`` (direct: margin per index point of last year's
        satisfaction, retention held fixed), ``satisfaction_total`` (direct plus the
        path through retention), ``satisfaction_same_year`` (0: this year's
        satisfaction does not move this year's margin in the world).
    """
    func = "true_branch_effects"
    if not isinstance(params, Mapping):
        raise TypeError(
            f"The 'params' parameter of {func} must be a dict (World.params). "
            f"Got {type(params).__name__} instead."
        )
    effects = params.get("branch_effects", params)
    if not isinstance(effects, Mapping) or not set(_EFFECT_KEYS) <= set(effects):
        raise ValueError(
            f"The 'params' parameter of {func} must hold 'branch_effects' with the keys "
            f"{list(_EFFECT_KEYS)}. Got keys {sorted(map(str, effects))} instead."
        )
    e = {k: float(effects[k]) for k in _EFFECT_KEYS}
    total = e["satisfaction_to_margin"] + e["retention_to_margin"] * e["satisfaction_to_retention"]
    return pd.Series({**e, "satisfaction_total": total, "satisfaction_same_year": 0.0})


#: The models of :func:`compare_panel_models`: (outcome, regressors, term, truth key).
PANEL_MODELS = (
    ("retention_rate", ("satisfaction_index",), "satisfaction_index", "satisfaction_to_retention"),
    ("retention_rate", ("satisfaction_lag",), "satisfaction_lag", "satisfaction_to_retention"),
    (
        "margin",
        ("retention_rate", "satisfaction_lag"),
        "retention_rate",
        "retention_to_margin",
    ),
    (
        "margin",
        ("retention_rate", "satisfaction_lag"),
        "satisfaction_lag",
        "satisfaction_to_margin",
    ),
    ("margin", ("satisfaction_lag",), "satisfaction_lag", "satisfaction_total"),
    (
        "margin",
        ("satisfaction_index", "satisfaction_lag"),
        "satisfaction_index",
        "satisfaction_same_year",
    ),
)


def compare_panel_models(
    panel: pd.DataFrame, params: Mapping[str, Any], *, conf_level: float = 0.95
) -> pd.DataFrame:
    """Fit the chapter's panel models pooled and with branch fixed effects, beside the truth.

    Six estimates, each by pooled OLS and by fixed effects: retention on this year's
    and on last year's satisfaction; margin on retention and on last year's
    satisfaction together (two estimates); margin on last year's satisfaction alone
    (its total effect); and this year's satisfaction in a model that also has last
    year's (the "not at once" test). See :data:`PANEL_MODELS`.

    Parameters
    ----------
    panel : pandas.DataFrame
        Output of :func:`branch_panel`.
    params : dict
        The world's parameters, for the truth (:func:`true_branch_effects`).
    conf_level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per model and estimator: ``outcome``, ``model`` (the regressors joined
        by " + "), ``term``, ``effects`` ("none" = pooled OLS, "branch" = fixed
        effects), ``estimate``, ``ci_low``, ``ci_high``, ``p_value``, ``n_obs``,
        ``truth``, ``error`` (estimate - truth).
    """
    truth = true_branch_effects(params)
    rows = []
    for outcome, regressors, term, key in PANEL_MODELS:
        for effects in ("none", "branch"):
            fit = panel_fit(
                panel, outcome, list(regressors), effects=effects, conf_level=conf_level
            )
            row = fit.loc[term]
            rows.append(
                {
                    "outcome": outcome,
                    "model": " + ".join(regressors),
                    "term": term,
                    "effects": effects,
                    "estimate": row["estimate"],
                    "ci_low": row["ci_low"],
                    "ci_high": row["ci_high"],
                    "p_value": row["p_value"],
                    "n_obs": int(row["n_obs"]),
                    "truth": truth[key],
                }
            )
    out = pd.DataFrame(rows)
    return out.assign(error=out["estimate"] - out["truth"])


_DRIVERS = {
    "satisfaction": ("margin", ["satisfaction_lag"], "satisfaction_lag", "satisfaction_total"),
    "retention": (
        "margin",
        ["retention_rate", "satisfaction_lag"],
        "retention_rate",
        "retention_to_margin",
    ),
}


def profit_change(
    panel: pd.DataFrame,
    driver: str,
    change: float,
    *,
    effects: str = "branch",
    params: Mapping[str, Any] | None = None,
    conf_level: float = 0.95,
) -> pd.Series:
    """Translate a panel estimate into "this much more X gives y per cent more profit".

    The margin's fixed-effects slope on the driver, times ``change``, is the change in
    margin; divided by the panel's mean margin it is the relative change in profit
    with revenue held fixed. For ``"satisfaction"`` the slope is the *total* effect of
    last year's satisfaction (margin on ``satisfaction_lag`` alone), so the profit
    arrives one year later; for ``"retention"`` it is the effect of this year's
    retention with last year's satisfaction held fixed.

    Parameters
    ----------
    panel : pandas.DataFrame
        Output of :func:`branch_panel`.
    driver : {"satisfaction", "retention"}
    change : float
        The change in the driver's own units: index points for satisfaction (5 per
        cent more satisfaction at an index of 72 is 3.6 points), a share for retention
        (5 percentage points is 0.05).
    effects : {"branch", "none", "branch_year"}, default "branch"
    params : dict, optional
        The world's parameters; adds the true values.
    conf_level : float, default 0.95

    Returns
    -------
    pandas.Series
        ``change``, ``slope`` with ``slope_ci_low``/``slope_ci_high``,
        ``mean_margin``, ``margin_change``, ``profit_change`` (relative, 0.10 = 10
        per cent more profit) with ``profit_ci_low``/``profit_ci_high`` (the slope's
        interval carried through; the mean margin is treated as known), and, with
        ``params``, ``true_slope`` and ``true_profit_change``.
    """
    func = "profit_change"
    _check_choice(driver, "driver", func, list(_DRIVERS))
    if isinstance(change, bool) or not isinstance(change, numbers.Real) or not np.isfinite(change):
        raise ValueError(
            f"The 'change' parameter of {func} must be a finite number in the driver's "
            f"units (index points or a retention share). Got {change!r} instead."
        )
    outcome, regressors, term, key = _DRIVERS[driver]
    fit = panel_fit(panel, outcome, regressors, effects=effects, conf_level=conf_level)
    used = panel[[outcome, *regressors]].dropna()
    mean_margin = float(used[outcome].mean())
    if mean_margin <= 0:
        raise ValueError(
            f"The mean margin of the panel passed to {func} is {mean_margin:.4g}; a "
            "relative profit change needs a positive mean margin."
        )
    row = fit.loc[term]
    change = float(change)
    bounds = sorted([row["ci_low"] * change, row["ci_high"] * change])
    out = {
        "change": change,
        "slope": row["estimate"],
        "slope_ci_low": row["ci_low"],
        "slope_ci_high": row["ci_high"],
        "mean_margin": mean_margin,
        "margin_change": row["estimate"] * change,
        "profit_change": row["estimate"] * change / mean_margin,
        "profit_ci_low": bounds[0] / mean_margin,
        "profit_ci_high": bounds[1] / mean_margin,
    }
    if params is not None:
        true_slope = float(true_branch_effects(params)[key])
        out["true_slope"] = true_slope
        out["true_profit_change"] = true_slope * change / mean_margin
    return pd.Series(out, name=driver, dtype="float64")


# --------------------------------------------------------------------------------------
# simulation: change the world, power
# --------------------------------------------------------------------------------------
def vary_world(
    param: str,
    values: Sequence[Any] | Mapping[str, Any],
    statistic: Callable[[Any], Any],
    *,
    n_customers: int = 4000,
    seed: int = 2026,
    **fixed: Any,
) -> pd.DataFrame:
    """Re-generate the world with one knob set to each of ``values`` and compute a statistic.

    Parameters
    ----------
    param : str
        A :func:`crmkit.world.make_world` parameter, e.g. ``"satisfaction_slope"``.
    values : list, or dict of label -> value
        The settings to try. With a dict (handy for dict-valued knobs such as
        ``branch_effects``) the labels name the rows.
    statistic : callable
        Takes a :class:`crmkit.world.World` and returns a number, or a dict / Series
        of numbers (one column each).
    n_customers : int, default 4000
    seed : int, default 2026
        The same seed for every world, so only the knob differs.
    **fixed
        Other ``make_world`` parameters, the same in every world.

    Returns
    -------
    pandas.DataFrame
        One row per value (index ``value``: the label, or the value as text), one
        column per statistic (``statistic`` when it returns a single number).
    """
    from crmkit.world import PARAMS, make_world

    func = "vary_world"
    if param not in PARAMS:
        raise ValueError(
            f"The 'param' parameter of {func} must be a make_world parameter, e.g. "
            f"'satisfaction_slope'. Got {param!r} instead."
        )
    if param in fixed:
        raise ValueError(
            f"{func} got {param!r} both as 'param' and as a fixed parameter. Pass it once."
        )
    if not callable(statistic):
        raise TypeError(
            f"The 'statistic' parameter of {func} must be a function of a World. "
            f"Got {type(statistic).__name__} instead."
        )
    if isinstance(values, Mapping):
        items = [(str(k), v) for k, v in values.items()]
    elif isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise ValueError(
            f"The 'values' parameter of {func} must be a list of settings or a dict of "
            f"label -> setting. Got {values!r} instead."
        )
    else:
        items = [(str(v), v) for v in values]
    if not items:
        raise ValueError(f"The 'values' parameter of {func} must hold at least one setting.")
    rows, labels = [], []
    for label, value in items:
        world = make_world(n_customers, seed=seed, **{param: value}, **fixed)
        result = statistic(world)
        if isinstance(result, (Mapping, pd.Series)):
            rows.append({str(k): float(v) for k, v in dict(result).items()})
        elif isinstance(result, numbers.Real):
            rows.append({"statistic": float(result)})
        else:
            raise TypeError(
                f"The 'statistic' of {func} must return a number or a dict of numbers. "
                f"Got {type(result).__name__} instead."
            )
        labels.append(label)
    return pd.DataFrame(rows, index=pd.Index(labels, name="value"))


def _within_t(y: np.ndarray, x: np.ndarray, groups: np.ndarray, n_groups: int) -> tuple:
    """Fixed-effects slope of y on the columns of x, cluster-robust, as statsmodels does."""
    counts = np.bincount(groups, minlength=n_groups).astype(float)

    def demean(a):
        means = np.stack([np.bincount(groups, a[:, j], n_groups) for j in range(a.shape[1])], 1)
        return a - means[groups] / counts[groups][:, None]

    yd = demean(y[:, None])[:, 0]
    xd = demean(x)
    xtx_inv = np.linalg.inv(xd.T @ xd)
    beta = xtx_inv @ xd.T @ yd
    u = yd - xd @ beta
    scores = np.stack([np.bincount(groups, xd[:, j] * u, n_groups) for j in range(x.shape[1])], 1)
    n, k = len(y), x.shape[1] + n_groups  # the branch dummies count as parameters
    factor = n_groups / (n_groups - 1) * (n - 1) / (n - k)
    cov = factor * xtx_inv @ (scores.T @ scores) @ xtx_inv
    return beta, np.sqrt(np.diag(cov))


def panel_power(
    n_branches: Sequence[int],
    branch_years: Sequence[int],
    *,
    driver: str = "satisfaction_direct",
    branch_effects: Mapping[str, float] | None = None,
    n_sims: int = 200,
    alpha: float = 0.05,
    seed: int = 2026,
) -> pd.DataFrame:
    """Simulated **statistical power** of the fixed-effects test, by panel size.

    For every combination of ``n_branches`` and ``branch_years``, ``n_sims`` branch
    panels are generated by :func:`crmkit.world.make_world` (seeds drawn from one
    ``numpy.random.default_rng(seed)``) and the fixed-effects model is fitted; the
    power is the share of panels in which the effect is significant at ``alpha``
    (two-sided t test with branch-clustered errors, as :func:`panel_fit`).

    Parameters
    ----------
    n_branches, branch_years : list of int
        Panel sizes to try (at least 3 branches; at least 3 years, the world's minimum).
    driver : {"satisfaction_direct", "satisfaction_total", "retention"}
        Which effect to detect: last year's satisfaction on margin with retention held
        fixed (the small direct effect), alone (its total effect), or retention on
        margin.
    branch_effects : dict, optional
        The world's ``branch_effects`` (default: the world's default).
    n_sims : int, default 200
        Panels per size, at least 10.
    alpha : float, default 0.05
    seed : int, default 2026

    Returns
    -------
    pandas.DataFrame
        One row per size: ``n_branches``, ``branch_years``, ``branch_years_used``
        (one year fewer: the first has no lag), ``power``, ``mean_estimate``,
        ``sd_estimate``, ``truth``.
    """
    from scipy import stats

    from crmkit.world import make_world

    func = "panel_power"
    drivers = {
        "satisfaction_direct": (["retention", "sat_lag"], 1, "satisfaction_to_margin"),
        "satisfaction_total": (["sat_lag"], 0, "satisfaction_total"),
        "retention": (["retention", "sat_lag"], 0, "retention_to_margin"),
    }
    _check_choice(driver, "driver", func, list(drivers))
    sizes = {}
    for name, value, low in (("n_branches", n_branches, 3), ("branch_years", branch_years, 3)):
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or not value:
            raise ValueError(
                f"The {name!r} parameter of {func} must be a non-empty list of whole "
                f"numbers. Got {value!r} instead."
            )
        sizes[name] = [_check_int(v, name, func, low) for v in value]
    n_sims = _check_int(n_sims, "n_sims", func, 10)
    alpha = _check_level(alpha, "alpha", func)
    _check_seed(seed, func)
    extra = {} if branch_effects is None else {"branch_effects": dict(branch_effects)}
    columns, position, key = drivers[driver]
    rng = np.random.default_rng(seed)
    rows = []
    for nb in sizes["n_branches"]:
        for ny in sizes["branch_years"]:
            estimates, significant = [], 0
            for world_seed in rng.integers(0, 2**31 - 1, n_sims):
                world = make_world(1, seed=int(world_seed), n_branches=nb, branch_years=ny, **extra)
                # the world's panel is sorted by branch, then year: reshape, no pandas
                b = world.branches
                shape = (nb, ny)
                sat = b["satisfaction_index"].to_numpy().reshape(shape)
                ret = b["retention_rate"].to_numpy().reshape(shape)[:, 1:]
                margin = (b["profit"].to_numpy() / b["revenue"].to_numpy()).reshape(shape)
                y = margin[:, 1:].ravel()
                x = np.column_stack([ret.ravel(), sat[:, :-1].ravel()])
                if columns == ["sat_lag"]:
                    x = x[:, 1:]
                groups = np.repeat(np.arange(nb), ny - 1)
                beta, se = _within_t(y, x, groups, nb)
                t = beta[position] / se[position]
                p = 2 * stats.t.sf(abs(t), nb - 1)
                significant += p < alpha
                estimates.append(beta[position])
            truth = true_branch_effects(world.params)[key]
            rows.append(
                {
                    "n_branches": nb,
                    "branch_years": ny,
                    "branch_years_used": ny - 1,
                    "power": significant / n_sims,
                    "mean_estimate": float(np.mean(estimates)),
                    "sd_estimate": float(np.std(estimates, ddof=1)),
                    "truth": float(truth),
                }
            )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------
# plots
# --------------------------------------------------------------------------------------
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
        :func:`crmkit.loyalty.satisfaction_curve`).
    thresholds : (float, float), optional
        Zone edges to mark with dashed vertical lines.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    func = "plot_zone_curve"
    curve = _check_frame(curve, "curve", func)
    _check_columns(curve, ["satisfaction", "probability", "ci_low", "ci_high"], "curve", func)
    if observed is not None:
        observed = _check_frame(observed, "observed", func)
        _check_columns(observed, ["rate", "ci_low", "ci_high"], "observed", func)
    if ax is None:
        ax = plt.gca()
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
