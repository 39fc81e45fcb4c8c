"""Shares and ratios of shares: quoted customer figures tested as hypotheses.

===================================  =================================================
:func:`rate_by_group`                share with a yes outcome per satisfaction group
:func:`rate_ratio`                   "x times as likely": risk and odds ratio, bootstrap
:func:`share_claim`                  a share (e.g. of exit reasons) against a claim
===================================  =================================================

Chapter 5 takes figures that CRM articles quote as facts ("a very satisfied customer is
six times as willing to buy again", "two thirds of customers leave for lack of care")
and tests each one on the simulated world, whose truth is known.

Layer: technique (uses :mod:`crmkit._checks`, :mod:`crmkit._columns`).
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_columns as _check_columns
from crmkit._checks import check_count, check_seed
from crmkit._checks import check_frame as _check_frame
from crmkit._columns import check_level, complete_rows, numeric_column, yes_no

__all__ = ["MAX_BOOTSTRAP_DRAWS", "rate_by_group", "rate_ratio", "share_claim"]

#: Most bootstrap resamples :func:`rate_ratio` accepts (a million take about 0.1 GB
#: and a second).
MAX_BOOTSTRAP_DRAWS = 1_000_000


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
    level = check_level(conf_level, "conf_level", func)
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
        {"x": numeric_column(table, satisfaction, func), "y": yes_no(table, outcome, func)}
    )
    frame = complete_rows(frame, func)
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
        Bootstrap resamples, from 100 to :data:`MAX_BOOTSTRAP_DRAWS` (a million).
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
    if isinstance(n_boot, bool) or not isinstance(n_boot, numbers.Integral):
        raise ValueError(
            f"The 'n_boot' parameter of {func} must be a whole number from 100 to "
            f"{MAX_BOOTSTRAP_DRAWS}. Got {n_boot!r} instead."
        )
    n_boot = check_count(n_boot, "n_boot", func, low=100, high=MAX_BOOTSTRAP_DRAWS)
    level = check_level(conf_level, "conf_level", func)
    seed = check_seed(seed, "seed", func)
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
    level = check_level(conf_level, "conf_level", func)
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
