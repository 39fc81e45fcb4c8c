"""The branch panel (面板数据): the service-profit chain with fixed effects.

===================================  =================================================
:func:`branch_panel`                 the branch panel with margin and one-year lags
:func:`panel_fit`                    pooled OLS or fixed effects, clustered errors
:func:`true_branch_effects`          the world's true service-profit-chain effects
:data:`PANEL_MODELS`                 the chapter's six panel models
:func:`compare_panel_models`         those models, pooled and fixed, beside the truth
:func:`profit_change`                "x more satisfaction -> y% more profit"
===================================  =================================================

Profit in the branch panel is read through the profit margin (profit / revenue): with
revenue held fixed, a margin that rises from 0.10 to 0.11 means 10 per cent more profit.

Layer: technique (uses :mod:`crmkit._checks`, :mod:`crmkit._columns`).
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_columns as _check_columns
from crmkit._checks import check_frame as _check_frame
from crmkit._checks import check_no_missing
from crmkit._checks import check_one_of as _check_choice
from crmkit._columns import check_level, numeric_column

__all__ = [
    "PANEL_MODELS",
    "branch_panel",
    "compare_panel_models",
    "panel_fit",
    "profit_change",
    "true_branch_effects",
]

_BRANCH_COLUMNS = ["branch_id", "year", "satisfaction_index", "retention_rate", "revenue", "profit"]


def branch_panel(branches: pd.DataFrame) -> pd.DataFrame:
    """Prepare the branch panel: profit margin and last year's values, per branch.

    Parameters
    ----------
    branches : pandas.DataFrame
        The ``branches`` table: ``branch_id``, ``year``, ``satisfaction_index``,
        ``retention_rate``, ``revenue``, ``profit`` (other columns are kept). All six
        must be numeric and finite; ``branch_id`` and ``year`` must not be missing and
        years must be whole numbers (ValueError naming the column otherwise).

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
        numeric_column(branches, col, func)  # numeric and finite
    check_no_missing(branches, ["branch_id", "year"], "branches", func)
    years = branches["year"].to_numpy(dtype="float64")
    if (years != np.round(years)).any():
        bad = years[years != np.round(years)]
        raise ValueError(
            f"The column 'year' of the 'branches' DataFrame passed to {func} must hold "
            f"whole years such as 2024. Got {len(bad)} fractional value(s) (e.g. "
            f"{bad[0]:g}) instead; round or fix them first."
        )
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
    satisfaction (tested in ``tests/unit/test_panel.py``).
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
    level = check_level(conf_level, "conf_level", func)
    _check_columns(panel, ["branch_id", "year", outcome, *regressors], "panel", func)
    columns = [outcome, *regressors]
    check_no_missing(panel, ["branch_id"], "panel", func)
    data = pd.DataFrame({c: numeric_column(panel, c, func) for c in columns})
    data = data.assign(branch_id=panel["branch_id"].to_numpy(), year=panel["year"].to_numpy())
    keep = data[columns].notna().all(axis=1)
    data = data[keep]
    if len(data) <= len(regressors) + 1:
        raise ValueError(
            f"Only {len(data)} row(s) passed to {func} have every value of {columns}; "
            "too few to fit. Check the lags (a branch's first year has none)."
        )
    n_branches = data["branch_id"].nunique()
    if n_branches < 2:
        raise ValueError(
            f"The rows passed to {func} that have every value of {columns} come from "
            f"{n_branches} branch; branch-clustered standard errors need at least 2. "
            "Pass a panel of several branches."
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
