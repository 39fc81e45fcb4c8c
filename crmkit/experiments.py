"""Experiments on the simulated world: change one knob, or count how often a test finds
an effect.

===================================  =================================================
:func:`vary_world`                   a statistic in worlds with one knob changed
:func:`panel_power`                  simulated power of the fixed-effects panel test
===================================  =================================================

A simulated world knows its truth, so it can answer "what if the world were different?"
and "how often would a study of this size find the effect?". A simulation never
confirms a claim about real firms; it shows what a method can and cannot see.

Layer: technique (uses :mod:`crmkit.world` and :mod:`crmkit.panel`).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_count, check_seed
from crmkit._checks import check_one_of as _check_choice
from crmkit._columns import check_level
from crmkit.panel import true_branch_effects

__all__ = [
    "MAX_BRANCHES",
    "MAX_BRANCH_YEARS",
    "MAX_PANEL_SIMULATIONS",
    "panel_power",
    "vary_world",
]

#: Most simulated panels per size :func:`panel_power` accepts.
MAX_PANEL_SIMULATIONS = 10_000
#: Largest panel :func:`panel_power` simulates: branches, and years per branch.
MAX_BRANCHES = 1_000
MAX_BRANCH_YEARS = 100


def _whole(value: Any, name: str, func: str, low: int, high: int) -> int:
    """check_count with the ValueError this module has always raised for non-integers."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(
            f"The {name!r} parameter of {func} must be a whole number from {low} to {high}. "
            f"Got {value!r} instead."
        )
    return check_count(value, name, func, low=low, high=high)


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
    seed = check_seed(seed, "seed", func)
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
        Panel sizes to try: 3 to 1,000 branches (:data:`MAX_BRANCHES`) and 3 (the
        world's minimum) to 100 years (:data:`MAX_BRANCH_YEARS`).
    driver : {"satisfaction_direct", "satisfaction_total", "retention"}
        Which effect to detect: last year's satisfaction on margin with retention held
        fixed (the small direct effect), alone (its total effect), or retention on
        margin.
    branch_effects : dict, optional
        The world's ``branch_effects`` (default: the world's default).
    n_sims : int, default 200
        Panels per size, from 10 to :data:`MAX_PANEL_SIMULATIONS` (10,000).
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
    for name, value, low, high in (
        ("n_branches", n_branches, 3, MAX_BRANCHES),
        ("branch_years", branch_years, 3, MAX_BRANCH_YEARS),
    ):
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or not value:
            raise ValueError(
                f"The {name!r} parameter of {func} must be a non-empty list of whole "
                f"numbers. Got {value!r} instead."
            )
        sizes[name] = [_whole(v, name, func, low, high) for v in value]
    n_sims = _whole(n_sims, "n_sims", func, 10, MAX_PANEL_SIMULATIONS)
    alpha = check_level(alpha, "alpha", func)
    seed = check_seed(seed, "seed", func)
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
