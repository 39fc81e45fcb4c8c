"""Loyalty models (客户忠诚): the six factors' effects on loyalty, beside the truth.

Chapter 4 explains **customer loyalty** (客户忠诚) by the six **loyalty factors** of the
textbook (satisfaction 客户满意, customer value 客户价值, trust 客户信任, care 客户关怀,
purchase cost 购买成本 and switching cost 转移成本), measured as survey scales
(:func:`crmkit.scales.scale_scores`), and compares the estimates with the world's truth.

===================================  =================================================
:data:`FACTORS`                      the six factor names
:func:`latent_scores`                the world's true latent values, standardised
:func:`true_effects`                 the world's true effects on a loyalty level
:class:`LoyaltyFit`                  a fitted loyalty regression
:func:`loyalty_model`                OLS of a loyalty scale on the factor scales
:func:`compare_effects`              estimates beside the truth
:func:`effect_difference`            the same effects in two groups of respondents,
                                     and their difference with an interval
:func:`plot_effects`                 estimates with intervals beside the truth
===================================  =================================================

Layer: technique (uses :mod:`crmkit._checks`, :mod:`crmkit._columns`,
:mod:`crmkit._plotting`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_columns as _check_columns
from crmkit._checks import check_frame as _check_frame
from crmkit._columns import check_level, numeric_block
from crmkit._columns import name_list as _names
from crmkit._plotting import get_ax

__all__ = [
    "FACTORS",
    "LoyaltyFit",
    "compare_effects",
    "effect_difference",
    "latent_scores",
    "loyalty_model",
    "plot_effects",
    "true_effects",
]

#: The six loyalty factors of the textbook, as construct names in the survey.
FACTORS = ("satisfaction", "value", "trust", "care", "purchase_cost", "switching_cost")
#: Latent column of ``World.truth`` behind every survey construct.
TRUTH_COLUMNS = {
    "satisfaction": "satisfaction",
    "value": "perceived_value",
    "trust": "trust",
    "care": "care",
    "purchase_cost": "purchase_cost",
    "switching_cost": "switching_cost",
    "cognitive": "loyalty_cognitive",
    "affective": "loyalty_affective",
    "behavioural": "loyalty_behavioural",
}
#: Parameter of the world holding the true effects on each loyalty level.
EFFECT_PARAMS = {
    "behavioural": "loyalty_effects",
    "cognitive": "cognitive_effects",
    "affective": "affective_effects",
}
#: Outcomes :func:`true_effects` knows: the loyalty levels and satisfaction, which the
#: world builds from value, trust, care and purchase cost (``satisfaction_effects``).
_OUTCOME_PARAMS = {**EFFECT_PARAMS, "satisfaction": "satisfaction_effects"}


def latent_scores(truth: pd.DataFrame, *, customer_ids: Any = None) -> pd.DataFrame:
    """The world's true latent values, standardised as the survey items are.

    The world writes survey items from each construct's latent value standardised over
    *all* customers (mean 0, sd 1). This function does the same, so its columns are
    the error-free versions of the survey's constructs.

    Parameters
    ----------
    truth : pandas.DataFrame
        ``World.truth``: one row per customer with ``customer_id`` and the latent
        columns (``satisfaction``, ``perceived_value``, ..., ``loyalty_behavioural``).
    customer_ids : array-like, optional
        Customers to return (e.g. the survey's respondents), in this order. Default:
        all customers.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``, one column per construct named as in the survey
        (``satisfaction``, ``value``, ``trust``, ``care``, ``purchase_cost``,
        ``switching_cost``, ``cognitive``, ``affective``, ``behavioural``).
    """
    func = "latent_scores"
    truth = _check_frame(truth, "truth", func)
    _check_columns(truth, ["customer_id", *TRUTH_COLUMNS.values()], "truth", func)
    z = pd.DataFrame(
        {
            c: (truth[col] - truth[col].mean()) / truth[col].std(ddof=0)
            for c, col in TRUTH_COLUMNS.items()
        }
    )
    z.index = pd.Index(truth["customer_id"].to_numpy(), name="customer_id")
    if customer_ids is None:
        return z
    ids = pd.Index(np.asarray(customer_ids))
    unknown = ids.difference(z.index)
    if len(unknown):
        raise ValueError(
            f"The 'customer_ids' parameter of {func} has {len(unknown)} id(s) not in the "
            f"truth table, e.g. {unknown[:5].tolist()}. Pass ids from the same world."
        )
    return z.loc[ids]


def true_effects(
    truth: pd.DataFrame,
    params: Mapping[str, Any],
    *,
    outcome: str = "behavioural",
    factors: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The world's true effects of the factors on one loyalty level (or satisfaction).

    In :mod:`crmkit.world` each loyalty level is linear in some of the factors plus
    independent noise, with coefficients in ``params`` (``loyalty_effects`` for
    behavioural, ``cognitive_effects``, ``affective_effects``); satisfaction is linear
    in value, trust, care and purchase cost (``satisfaction_effects``). A factor not in
    the equation has effect 0. The standardised effect (effect of one standard deviation of
    the factor, in standard deviations of the outcome) is ``b * sd(factor) /
    sd(outcome)``, computed over all customers of ``truth``, as the survey
    standardises.

    Parameters
    ----------
    truth : pandas.DataFrame
        ``World.truth``.
    params : mapping
        ``World.params`` (or :func:`crmkit.datasets.load_params`).
    outcome : {"behavioural", "cognitive", "affective", "satisfaction"}, default "behavioural"
    factors : sequence of str, optional
        Factors from :data:`FACTORS`; default all six, or the other five when
        ``outcome`` is ``"satisfaction"``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``factor``, columns ``true_effect`` (raw coefficient) and
        ``true_standardised``.
    """
    func = "true_effects"
    truth = _check_frame(truth, "truth", func)
    if outcome not in _OUTCOME_PARAMS:
        raise ValueError(
            f"The 'outcome' parameter of {func} must be one of {sorted(_OUTCOME_PARAMS)}. "
            f"Got {outcome!r} instead."
        )
    key = _OUTCOME_PARAMS[outcome]
    if not isinstance(params, Mapping) or key not in params:
        raise ValueError(
            f"The 'params' parameter of {func} must be the world's parameters with the "
            f"key {key!r}. Pass World.params or crmkit.datasets.load_params()."
        )
    if factors is None:
        factors = [f for f in FACTORS if f != outcome]
    factors = _names(list(factors), "factors", func)
    unknown = [f for f in factors if f not in FACTORS]
    if unknown:
        raise ValueError(
            f"The 'factors' parameter of {func} must name loyalty factors from "
            f"{list(FACTORS)}. Got {unknown} instead."
        )
    if outcome in factors:
        raise ValueError(
            f"The 'factors' parameter of {func} must not contain the outcome {outcome!r}; "
            "a variable has no effect on itself. Remove it from 'factors'."
        )
    _check_columns(truth, [TRUTH_COLUMNS[c] for c in (*factors, outcome)], "truth", func)
    sd_y = truth[TRUTH_COLUMNS[outcome]].std(ddof=0)
    raw = {f: float(params[key].get(f, 0.0)) for f in factors}
    std = {f: raw[f] * truth[TRUTH_COLUMNS[f]].std(ddof=0) / sd_y for f in factors}
    return pd.DataFrame(
        {"true_effect": raw, "true_standardised": std},
        index=pd.Index(factors, name="factor"),
    )


# --------------------------------------------------------------------------------------
# the loyalty model
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LoyaltyFit:
    """A fitted loyalty regression (from :func:`loyalty_model`).

    Attributes
    ----------
    coefficients : pandas.DataFrame
        Indexed by ``factor``: ``estimate``, ``std_error``, ``ci_low``, ``ci_high``,
        ``p_value``.
    r_squared : float
        Share of the outcome's variance explained by the factors.
    n : int
        Respondents used.
    outcome : str
        The loyalty scale explained.
    standardised : bool
        Whether the variables were standardised before fitting.
    result : statsmodels.regression.linear_model.RegressionResultsWrapper
        The statsmodels result, for anything else (``result.summary()``).
    """

    coefficients: pd.DataFrame
    r_squared: float
    n: int
    outcome: str
    standardised: bool
    result: Any

    def __repr__(self) -> str:
        return (
            f"LoyaltyFit(outcome={self.outcome!r}, n={self.n}, "
            f"r_squared={self.r_squared:.3f}, standardised={self.standardised})"
        )


def _coef_table(result: Any, names: list[str], conf_level: float) -> pd.DataFrame:
    ci = np.asarray(result.conf_int(alpha=1.0 - conf_level))
    params = np.asarray(result.params)
    return pd.DataFrame(
        {
            "estimate": params,
            "std_error": np.asarray(result.bse),
            "ci_low": ci[:, 0],
            "ci_high": ci[:, 1],
            "p_value": np.asarray(result.pvalues),
        },
        index=pd.Index(names, name="factor"),
    )


def loyalty_model(
    scores: pd.DataFrame,
    outcome: str = "behavioural",
    factors: Sequence[str] = FACTORS,
    *,
    standardise: bool = True,
    conf_level: float = 0.95,
) -> LoyaltyFit:
    """OLS regression (普通最小二乘法) of a loyalty scale on the factor scales.

    Parameters
    ----------
    scores : pandas.DataFrame
        One row per respondent, one numeric column per construct: the output of
        :func:`scale_scores` (or of :func:`latent_scores`, to fit the error-free truth).
    outcome : str, default "behavioural"
        Column of the loyalty level to explain.
    factors : sequence of str, default :data:`FACTORS`
        Columns of the explaining factors.
    standardise : bool, default True
        Turn every column into z-scores (mean 0, sd 1) first, so the estimates are
        *standardised coefficients*: the change in the outcome, in standard deviations,
        when one factor rises by one standard deviation and the others stay fixed.
    conf_level : float, default 0.95
        Level of the confidence intervals.

    Returns
    -------
    LoyaltyFit
        ``coefficients`` (one row per factor; the intercept is left out), ``r_squared``,
        ``n`` and the statsmodels ``result``.
    """
    import statsmodels.api as sm

    func = "loyalty_model"
    scores = _check_frame(scores, "scores", func)
    if not isinstance(outcome, str):
        raise ValueError(f"The 'outcome' parameter of {func} must be a column name.")
    factors = _names(list(factors) if not isinstance(factors, str) else factors, "factors", func)
    if outcome in factors:
        raise ValueError(
            f"The 'outcome' {outcome!r} of {func} is also among the 'factors'; a variable "
            "cannot explain itself. Remove it from one of them."
        )
    level = check_level(conf_level, "conf_level", func)
    block = numeric_block(scores, [outcome, *factors], "scores", func)
    if standardise:
        block = (block - block.mean()) / block.std(ddof=1)
    x = sm.add_constant(block[factors].to_numpy(), has_constant="add")
    result = sm.OLS(block[outcome].to_numpy(), x).fit()
    table = _coef_table(result, ["const", *factors], level).drop(index="const")
    return LoyaltyFit(
        coefficients=table,
        r_squared=float(result.rsquared),
        n=int(result.nobs),
        outcome=outcome,
        standardised=bool(standardise),
        result=result,
    )


def compare_effects(
    fit: LoyaltyFit | pd.DataFrame, truth: pd.DataFrame | pd.Series
) -> pd.DataFrame:
    """Put estimated effects beside the true ones.

    Parameters
    ----------
    fit : LoyaltyFit or pandas.DataFrame
        A fit from :func:`loyalty_model`, or a table with ``estimate``, ``ci_low`` and
        ``ci_high`` indexed by factor (taken as standardised).
    truth : pandas.DataFrame or pandas.Series
        :func:`true_effects` (its ``true_standardised`` column is used when the fit is
        standardised, else ``true_effect``) or a Series of true effects by factor.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``factor``: ``estimate``, ``ci_low``, ``ci_high``, ``truth``,
        ``bias`` (estimate - truth), ``covered`` (the interval contains the truth) and
        ``same_sign``.
    """
    func = "compare_effects"
    standardised = True
    if isinstance(fit, LoyaltyFit):
        coefs, standardised = fit.coefficients, fit.standardised
    else:
        coefs = _check_frame(fit, "fit", func)
    _check_columns(coefs, ["estimate", "ci_low", "ci_high"], "fit", func)
    if isinstance(truth, pd.DataFrame):
        column = "true_standardised" if standardised else "true_effect"
        _check_columns(truth, [column], "truth", func)
        true = truth[column]
    elif isinstance(truth, pd.Series):
        true = truth
    else:
        raise TypeError(
            f"The 'truth' parameter of {func} must be the DataFrame of true_effects or a "
            f"Series of true effects by factor. Got {type(truth).__name__} instead."
        )
    missing = [f for f in coefs.index if f not in true.index]
    if missing:
        raise ValueError(
            f"The 'truth' passed to {func} has no value for {missing}. Give a true effect "
            "for every estimated factor (0 for a factor without effect)."
        )
    out = coefs[["estimate", "ci_low", "ci_high"]].copy()
    out["truth"] = true.reindex(out.index).astype("float64")
    out["bias"] = out["estimate"] - out["truth"]
    out["covered"] = (out["ci_low"] <= out["truth"]) & (out["truth"] <= out["ci_high"])
    out["same_sign"] = np.sign(out["estimate"]) == np.sign(out["truth"])
    return out


def effect_difference(
    fit_a: LoyaltyFit, fit_b: LoyaltyFit, *, conf_level: float = 0.95
) -> pd.DataFrame:
    """The same factors' effects in two groups of respondents, and their difference.

    The two fits must come from *different* respondents (say high-value customers and
    all others), so that their estimates are independent: the difference ``a - b``
    then has standard error ``sqrt(se_a**2 + se_b**2)`` and a normal (Wald) interval.
    Fit both on the same scale: either ``standardise=False`` on scores standardised
    once over all respondents, or on the raw scale points. Standardising within each
    group would measure each group in its own standard deviations, and a difference in
    spread would pass for a difference in effect.

    Parameters
    ----------
    fit_a, fit_b : LoyaltyFit
        Fits of :func:`loyalty_model` with the same outcome, factors and ``standardised``.
    conf_level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Indexed by ``factor``: ``estimate_a``, ``estimate_b``, ``difference`` (a - b),
        ``std_error``, ``ci_low``, ``ci_high`` and ``p_value`` (two-sided, of no
        difference).
    """
    from scipy import stats

    func = "effect_difference"
    for name, fit in (("fit_a", fit_a), ("fit_b", fit_b)):
        if not isinstance(fit, LoyaltyFit):
            raise TypeError(
                f"The {name!r} parameter of {func} must be a LoyaltyFit from "
                f"loyalty_model. Got {type(fit).__name__} instead."
            )
    a, b = fit_a.coefficients, fit_b.coefficients
    if fit_a.outcome != fit_b.outcome or list(a.index) != list(b.index):
        raise ValueError(
            f"The 'fit_a' and 'fit_b' parameters of {func} must explain the same outcome "
            f"by the same factors. Got {fit_a.outcome!r} on {list(a.index)} and "
            f"{fit_b.outcome!r} on {list(b.index)} instead."
        )
    if fit_a.standardised != fit_b.standardised:
        raise ValueError(
            f"The 'fit_a' and 'fit_b' parameters of {func} must be on the same scale. Got "
            f"standardise={fit_a.standardised} and {fit_b.standardised} instead; fit both "
            "with standardise=False on scores standardised once over all respondents."
        )
    level = check_level(conf_level, "conf_level", func)
    diff = a["estimate"] - b["estimate"]
    se = np.sqrt(a["std_error"] ** 2 + b["std_error"] ** 2)
    q = stats.norm.ppf(0.5 + level / 2)
    return pd.DataFrame(
        {
            "estimate_a": a["estimate"],
            "estimate_b": b["estimate"],
            "difference": diff,
            "std_error": se,
            "ci_low": diff - q * se,
            "ci_high": diff + q * se,
            "p_value": 2 * stats.norm.sf(np.abs(diff / se)),
        }
    )


def plot_effects(
    estimates: LoyaltyFit | pd.DataFrame | Mapping[str, LoyaltyFit | pd.DataFrame],
    truth: pd.Series | None = None,
    *,
    ax: Any = None,
) -> Any:
    """Coefficient plot: estimates with confidence intervals, and the truth.

    Parameters
    ----------
    estimates : LoyaltyFit, DataFrame or dict
        A fit from :func:`loyalty_model`, a table with ``estimate``, ``ci_low`` and
        ``ci_high`` indexed by factor, or a dict label -> either, to compare models.
    truth : pandas.Series, optional
        True effects by factor, drawn as black crosses.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    func = "plot_effects"
    if isinstance(estimates, Mapping):
        models = dict(estimates)
    else:
        models = {"estimate": estimates}
    if not models:
        raise ValueError(f"The 'estimates' parameter of {func} must hold at least one model.")
    tables = {}
    for label, est in models.items():
        table = est.coefficients if isinstance(est, LoyaltyFit) else est
        table = _check_frame(table, "estimates", func)
        _check_columns(table, ["estimate", "ci_low", "ci_high"], "estimates", func)
        tables[str(label)] = table
    factors = list(dict.fromkeys(f for t in tables.values() for f in t.index))
    position = {f: i for i, f in enumerate(factors)}
    ax = get_ax(ax, func)
    palette = sns.color_palette(n_colors=max(len(tables), 1))
    step = 0.6 / max(len(tables), 1)
    for j, (label, table) in enumerate(tables.items()):
        y = np.array([position[f] for f in table.index]) + (j - (len(tables) - 1) / 2) * step
        est = table["estimate"].to_numpy(dtype="float64")
        err = np.vstack([est - table["ci_low"].to_numpy(), table["ci_high"].to_numpy() - est])
        ax.errorbar(est, y, xerr=err, fmt="o", color=palette[j], capsize=3, label=label)
    if truth is not None:
        if not isinstance(truth, pd.Series):
            raise TypeError(
                f"The 'truth' parameter of {func} must be a pandas Series of true effects "
                f"by factor. Got {type(truth).__name__} instead."
            )
        shown = truth.reindex(factors)
        ax.scatter(
            shown.to_numpy(dtype="float64"),
            np.arange(len(factors)),
            marker="x",
            s=60,
            color="black",
            zorder=3,
            label="truth",
        )
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_yticks(np.arange(len(factors)))
    ax.set_yticklabels(factors)
    ax.invert_yaxis()
    ax.set_xlabel("effect (standard deviations)")
    ax.legend(loc="best")
    ax.set_title("effects on loyalty: estimate and truth")
    return ax
