"""Loyalty and its factors (客户忠诚): survey scales, reliability, factors and models.

Chapter 4 measures **customer loyalty** (客户忠诚) and the six **loyalty factors** of the
textbook (satisfaction 客户满意, customer value 客户价值, trust 客户信任, care 客户关怀,
purchase cost 购买成本 and switching cost 转移成本) with a survey of several Likert items
per **construct** (构念), and checks what the survey says against what customers later do.

Survey columns are read by name: every numeric column called ``{construct}_{k}`` (``k`` a
whole number, e.g. ``trust_1``, ``trust_2``, ``trust_3``) is item ``k`` of ``construct``.
Other columns (``customer_id``, ``survey_date``, ``overall_satisfaction``...) are ignored.

===================================  =================================================
:func:`construct_items`              which columns belong to which construct
:func:`scale_scores`                 mean of each construct's items, per respondent
:func:`cronbach_alpha`               Cronbach's alpha of one set of items
:func:`composite_reliability`        CR from standardised loadings
:func:`average_variance_extracted`   AVE from standardised loadings
:func:`reliability`                  alpha, CR and AVE for every construct
:func:`item_statistics`              loadings and item-total correlations per item
:func:`correlation_eigenvalues`      eigenvalues of the items' correlation matrix
:func:`factor_analysis`              exploratory factor analysis with a rotation
:func:`factor_structure`             each item's main factor, to read the loadings
:func:`latent_scores`                the world's true latent values, standardised
:func:`true_effects`                 the world's true effects on a loyalty level
:func:`loyalty_model`                OLS of a loyalty scale on the factor scales
:func:`compare_effects`              estimates beside the truth
:func:`stated_vs_actual`             survey scores joined to later purchases
:func:`repurchase_logit`             logit of buying again on survey scales
:func:`satisfaction_curve`           share buying again by satisfaction level
:func:`mediation_analysis`           indirect and direct effects (statsmodels)
:func:`plot_loadings`                heat map of a loadings table
:func:`plot_effects`                 estimates with intervals beside the truth
:func:`plot_satisfaction_curve`      the satisfaction-loyalty curve
===================================  =================================================

Missing answers
---------------
A respondent with a missing answer on any item a function uses is left out of that
function's computation (listwise deletion), never silently: a :class:`UserWarning` says
how many respondents were left out and why.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_columns as _check_columns
from crmkit._checks import check_frame as _check_frame

__all__ = [
    "FACTORS",
    "LoyaltyFit",
    "average_variance_extracted",
    "compare_effects",
    "composite_reliability",
    "construct_items",
    "correlation_eigenvalues",
    "cronbach_alpha",
    "factor_analysis",
    "factor_structure",
    "item_statistics",
    "latent_scores",
    "loyalty_model",
    "mediation_analysis",
    "plot_effects",
    "plot_loadings",
    "plot_satisfaction_curve",
    "reliability",
    "repurchase_logit",
    "satisfaction_curve",
    "scale_scores",
    "stated_vs_actual",
    "true_effects",
]

#: The six loyalty factors of the textbook, as construct names in the survey.
FACTORS = ("satisfaction", "value", "trust", "care", "purchase_cost", "switching_cost")
#: Latent column of ``World.truth`` behind every survey construct.
_TRUTH_COLUMNS = {
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
_EFFECT_PARAMS = {
    "behavioural": "loyalty_effects",
    "cognitive": "cognitive_effects",
    "affective": "affective_effects",
}
_ITEM = re.compile(r"^(?P<construct>.+)_(?P<k>\d+)$")
_ROTATIONS = (
    "varimax",
    "quartimax",
    "equamax",
    "oblimin",
    "quartimin",
    "promax",
    None,
)
_METHODS = ("pa", "ml")


# --------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------
def _is_numeric(dtype: Any) -> bool:
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


def _names(value: Any, name: str, func: str) -> list[str]:
    """A list of column/construct names from a string or a sequence of strings."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Sequence) or not all(isinstance(v, str) for v in value):
        raise ValueError(
            f"The '{name}' parameter of {func} must be a name or a list of names. "
            f"Got {value!r} instead."
        )
    if len(value) == 0:
        raise ValueError(
            f"The '{name}' parameter of {func} must name at least one construct. Got an "
            "empty list instead."
        )
    return list(value)


def construct_items(
    survey: pd.DataFrame,
    constructs: str | Sequence[str] | None = None,
    *,
    min_items: int = 1,
) -> dict[str, list[str]]:
    """Find each construct's item columns from the ``{construct}_{k}`` names.

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent. Columns named ``{construct}_{k}`` are items.
    constructs : str or list of str, optional
        The constructs to keep, in this order. By default every construct found, in the
        order of their first column.
    min_items : int, default 1
        Smallest number of items a construct must have (2 for reliability, where a
        single item cannot be checked against anything).

    Returns
    -------
    dict
        Construct name -> list of its item columns, ordered by ``k``.

    Raises
    ------
    ValueError
        If no column looks like an item, a requested construct has no items, or has
        fewer than ``min_items``.
    TypeError
        If an item column is not numeric (answers must be numbers, e.g. 1..7).
    """
    func = "construct_items"
    survey = _check_frame(survey, "survey", func)
    found: dict[str, list[tuple[int, str]]] = {}
    for column in survey.columns:
        match = _ITEM.match(str(column))
        if match is None:
            continue
        found.setdefault(match["construct"], []).append((int(match["k"]), column))
    if not found:
        raise ValueError(
            f"The 'survey' DataFrame passed to {func} has no item columns. Items must be "
            "named '{construct}_{k}', such as 'trust_1'. Its columns are "
            f"{sorted(map(str, survey.columns))}."
        )
    items = {c: [col for _, col in sorted(cols)] for c, cols in found.items()}
    if constructs is None:
        chosen = list(items)
    else:
        chosen = _names(constructs, "constructs", func)
        unknown = [c for c in chosen if c not in items]
        if unknown:
            raise ValueError(
                f"The 'constructs' parameter of {func} names {unknown}, which have no "
                f"'{{construct}}_{{k}}' columns in the survey. Constructs found: "
                f"{sorted(items)}."
            )
        if len(set(chosen)) != len(chosen):
            raise ValueError(
                f"The 'constructs' parameter of {func} must not repeat a name. "
                f"Got {chosen} instead."
            )
    for construct in chosen:
        cols = items[construct]
        if len(cols) < min_items:
            raise ValueError(
                f"The construct {construct!r} has {len(cols)} item ({cols}), but this "
                f"analysis needs at least {min_items} items per construct. Add items or "
                "leave the construct out with the 'constructs' parameter."
            )
        bad = [c for c in cols if not _is_numeric(survey[c].dtype)]
        if bad:
            raise TypeError(
                f"The item column(s) {bad} of the survey must be numeric (answers such as "
                f"1..7). Got dtype {survey[bad[0]].dtype} instead; convert them with "
                "pd.to_numeric first."
            )
    return {c: items[c] for c in chosen}


def _items_frame(
    survey: pd.DataFrame,
    constructs: str | Sequence[str] | None,
    func: str,
    *,
    min_items: int,
    id_column: str | None = None,
) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Float item table (complete rows only, with a warning) and the construct map."""
    survey = _check_frame(survey, "survey", func)
    items = construct_items(survey, constructs, min_items=min_items)
    columns = [c for cols in items.values() for c in cols]
    frame = survey[columns].astype("float64")
    if id_column is not None:
        _check_columns(survey, [id_column], "survey", func)
        ids = survey[id_column]
        if ids.isna().any() or ids.duplicated().any():
            raise ValueError(
                f"The {id_column!r} column passed to {func} must identify each respondent "
                "once, without missing values. Remove the duplicated or missing ids first."
            )
        frame.index = pd.Index(ids.to_numpy(), name=id_column)
    incomplete = frame.isna().any(axis=1)
    if incomplete.any():
        n = int(incomplete.sum())
        warnings.warn(
            f"{func}: {n} of {len(frame)} respondent(s) with a missing answer on the "
            "items used were left out (listwise deletion).",
            UserWarning,
            stacklevel=3,
        )
        frame = frame[~incomplete]
        if len(frame) == 0:
            raise ValueError(
                f"Every respondent passed to {func} has a missing answer; nothing is left "
                "to analyse."
            )
    return frame, items


def _check_variance(frame: pd.DataFrame, func: str) -> None:
    constant = [c for c in frame.columns if frame[c].nunique() < 2]
    if constant:
        raise ValueError(
            f"The item column(s) {constant} passed to {func} have the same answer for "
            "every respondent, so they measure nothing and their correlations are "
            "undefined. Leave them out."
        )
    if len(frame) < 3:
        raise ValueError(
            f"{func} needs at least 3 respondents with complete answers. Got {len(frame)}."
        )


# --------------------------------------------------------------------------------------
# scale scores and reliability
# --------------------------------------------------------------------------------------
def scale_scores(
    survey: pd.DataFrame,
    constructs: str | Sequence[str] | None = None,
    *,
    id_column: str | None = "customer_id",
) -> pd.DataFrame:
    """Scale score of each construct: the mean of its items, per respondent.

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent with ``{construct}_{k}`` item columns.
    constructs : str or list of str, optional
        Constructs to score (default: all found).
    id_column : str or None, default "customer_id"
        Column identifying respondents, used as the index of the result. ``None`` keeps
        the survey's index.

    Returns
    -------
    pandas.DataFrame
        Indexed by respondent, one float column per construct (on the items' scale,
        e.g. 1..7). Respondents with a missing answer are left out with a warning.

    Examples
    --------
    >>> s = pd.DataFrame({"customer_id": [1, 2], "trust_1": [7, 2], "trust_2": [5, 4]})
    >>> scale_scores(s)["trust"].to_dict()  # (7 + 5) / 2 and (2 + 4) / 2
    {1: 6.0, 2: 3.0}
    """
    frame, items = _items_frame(
        survey, constructs, "scale_scores", min_items=1, id_column=id_column
    )
    return pd.DataFrame({c: frame[cols].mean(axis=1) for c, cols in items.items()})


def cronbach_alpha(items: pd.DataFrame) -> float:
    """Cronbach's alpha (克朗巴哈α系数) of a set of items measuring one construct.

    ``alpha = k / (k - 1) * (1 - sum of item variances / variance of the sum)``, with
    ``k`` items and sample variances (``ddof=1``); Cronbach (1951). The same as
    :func:`pingouin.cronbach_alpha` on complete data.

    Parameters
    ----------
    items : pandas.DataFrame
        One column per item, one row per respondent, numeric, at least two columns.
        Rows with a missing answer are left out with a warning.

    Returns
    -------
    float
        1 for perfectly parallel items, near 0 for unrelated items; it can be negative
        when items are negatively correlated (a reversed item not recoded).
    """
    func = "cronbach_alpha"
    items = _check_frame(items, "items", func)
    if items.shape[1] < 2:
        raise ValueError(
            f"The 'items' parameter of {func} must have at least 2 item columns; a "
            f"single item has no alpha. Got {items.shape[1]} column(s) instead."
        )
    bad = [c for c in items.columns if not _is_numeric(items[c].dtype)]
    if bad:
        raise TypeError(
            f"The item column(s) {bad} passed to {func} must be numeric. Got dtype "
            f"{items[bad[0]].dtype} instead; convert them with pd.to_numeric first."
        )
    frame = items.astype("float64")
    incomplete = frame.isna().any(axis=1)
    if incomplete.any():
        warnings.warn(
            f"{func}: {int(incomplete.sum())} of {len(frame)} respondent(s) with a missing "
            "answer were left out (listwise deletion).",
            UserWarning,
            stacklevel=2,
        )
        frame = frame[~incomplete]
    if len(frame) < 2:
        raise ValueError(f"{func} needs at least 2 complete respondents. Got {len(frame)}.")
    k = frame.shape[1]
    total_var = frame.sum(axis=1).var(ddof=1)
    if total_var == 0:
        raise ValueError(
            f"The items passed to {func} add up to the same total for every respondent, "
            "so alpha is undefined (0 / 0). Check the items."
        )
    return float(k / (k - 1) * (1.0 - frame.var(ddof=1).sum() / total_var))


def _check_loadings(loadings: Any, func: str) -> np.ndarray:
    arr = np.asarray(loadings, dtype="float64") if not isinstance(loadings, str) else None
    if arr is None or arr.ndim != 1 or arr.size == 0 or not np.isfinite(arr).all():
        raise ValueError(
            f"The 'loadings' parameter of {func} must be a non-empty list of finite "
            f"standardised loadings. Got {loadings!r} instead."
        )
    if (np.abs(arr) > 1).any():
        raise ValueError(
            f"The 'loadings' parameter of {func} must hold standardised loadings between "
            f"-1 and 1. Got {arr.tolist()} instead."
        )
    return arr


def composite_reliability(loadings: Sequence[float] | pd.Series) -> float:
    """Composite reliability (组合信度, CR) from standardised loadings.

    ``CR = (sum l)**2 / ((sum l)**2 + sum(1 - l**2))``: the share of the variance of the
    sum of the items that comes from the construct, when item ``i`` has standardised
    loading ``l_i`` and error variance ``1 - l_i**2`` (Jöreskog 1971; Fornell & Larcker
    1981). Unlike alpha it lets items measure the construct with different strength.

    Parameters
    ----------
    loadings : sequence of float
        Standardised loadings, each between -1 and 1.

    Returns
    -------
    float

    Examples
    --------
    >>> round(composite_reliability([0.8, 0.8, 0.8]), 4)  # 2.4**2 / (5.76 + 1.08)
    0.8421
    """
    lam = _check_loadings(loadings, "composite_reliability")
    common = lam.sum() ** 2
    return float(common / (common + (1.0 - lam**2).sum()))


def average_variance_extracted(loadings: Sequence[float] | pd.Series) -> float:
    """Average variance extracted (AVE) from standardised loadings: the mean of ``l**2``.

    The average share of an item's variance explained by its construct (Fornell &
    Larcker 1981). 0.5 or more is the usual threshold: the items carry more construct
    than error.

    Parameters
    ----------
    loadings : sequence of float
        Standardised loadings, each between -1 and 1.

    Returns
    -------
    float

    Examples
    --------
    >>> round(average_variance_extracted([0.9, 0.7, 0.5]), 4)  # (0.81 + 0.49 + 0.25) / 3
    0.5167
    """
    lam = _check_loadings(loadings, "average_variance_extracted")
    return float((lam**2).mean())


def _one_factor_loadings(frame: pd.DataFrame, construct: str = "") -> np.ndarray:
    """Standardised loadings of a one-factor model of the columns of ``frame``.

    Two items: the model is not identified, so both loadings are set equal,
    ``sqrt(r12)``. Three items: the model is just identified and its (maximum
    likelihood) solution is ``l1 = sqrt(r12 * r13 / r23)``, ``l2 = sqrt(r12 * r23 /
    r13)``, ``l3 = sqrt(r13 * r23 / r12)``. Four or more: maximum likelihood with
    :class:`statsmodels.multivariate.factor.Factor`. Loadings are NaN when the
    correlations do not fit one factor (e.g. a negative product), and a loading above 1
    (a Heywood case, possible in small samples) is set to 1 with a warning.
    """
    k = frame.shape[1]
    r = np.corrcoef(frame.to_numpy().T)
    with np.errstate(invalid="ignore", divide="ignore"):
        if k == 2:
            lam = np.full(2, np.sqrt(r[0, 1]) if r[0, 1] > 0 else np.nan)
        elif k == 3:
            r12, r13, r23 = r[0, 1], r[0, 2], r[1, 2]
            sq = np.array([r12 * r13 / r23, r12 * r23 / r13, r13 * r23 / r12])
            lam = np.where(sq > 0, np.sqrt(np.abs(sq)), np.nan)
            # signs: item 1 positive, the others follow their correlation with it
            lam = lam * np.array([1.0, np.sign(r12), np.sign(r13)])
        else:
            from statsmodels.multivariate.factor import Factor

            fit = Factor(frame.to_numpy(), n_factor=1, method="ml").fit()
            lam = np.asarray(fit.loadings, dtype="float64")[:, 0]
    if np.nansum(lam) < 0:
        lam = -lam
    over = np.abs(lam) > 1
    if over.any():
        warnings.warn(
            f"The one-factor model of {construct or 'the items'} gives a loading above 1 "
            f"for {list(frame.columns[over])} (a Heywood case, common with few "
            "respondents); it was set to 1.",
            UserWarning,
            stacklevel=3,
        )
        lam = np.clip(lam, -1.0, 1.0)
    return lam


def item_statistics(
    survey: pd.DataFrame, constructs: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """Per-item statistics for checking a scale.

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent with ``{construct}_{k}`` item columns (at least 2 items
        per construct).
    constructs : str or list of str, optional
        Constructs to check (default: all found).

    Returns
    -------
    pandas.DataFrame
        One row per item, indexed by ``item``, with columns

        ``construct``
            the construct the item belongs to;
        ``mean``, ``sd``
            mean and standard deviation (ddof=1) of the answers;
        ``loading``
            standardised loading in a one-factor model of the construct's items (see
            :func:`reliability` for the method);
        ``item_total_r``
            corrected item-total correlation: the correlation of the item with the sum
            of the *other* items of its construct;
        ``alpha_if_deleted``
            Cronbach's alpha of the construct without this item (NaN with 2 items).
    """
    func = "item_statistics"
    frame, items = _items_frame(survey, constructs, func, min_items=2)
    _check_variance(frame, func)
    rows = []
    for construct, cols in items.items():
        lam = _one_factor_loadings(frame[cols], construct)
        for i, col in enumerate(cols):
            others = [c for c in cols if c != col]
            rest = frame[others].sum(axis=1)
            rows.append(
                {
                    "item": col,
                    "construct": construct,
                    "mean": frame[col].mean(),
                    "sd": frame[col].std(ddof=1),
                    "loading": lam[i],
                    "item_total_r": frame[col].corr(rest),
                    "alpha_if_deleted": (
                        cronbach_alpha(frame[others]) if len(others) >= 2 else np.nan
                    ),
                }
            )
    return pd.DataFrame(rows).set_index("item")


def reliability(
    survey: pd.DataFrame, constructs: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """Reliability (信度) of every construct: Cronbach's alpha, CR and AVE.

    Method: alpha from the items' variances (:func:`cronbach_alpha`). For CR and AVE a
    one-factor model is fitted to each construct's items separately, on the items'
    correlation matrix, which gives *standardised* loadings. With exactly three items
    the model is just identified and its maximum-likelihood loadings are ``l1 =
    sqrt(r12 * r13 / r23)`` and so on; with four or more items they are fitted by
    maximum likelihood (:class:`statsmodels.multivariate.factor.Factor`,
    ``method="ml"``); with two items the loadings are taken as equal, ``sqrt(r12)``.
    A loading above 1 (a Heywood case) is set to 1 with a warning; CR and AVE are NaN
    when the correlations do not fit one factor. Then :func:`composite_reliability` and
    :func:`average_variance_extracted`.

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent with ``{construct}_{k}`` item columns (at least 2 items
        per construct). Respondents with a missing answer are left out with a warning.
    constructs : str or list of str, optional
        Constructs to check (default: all found).

    Returns
    -------
    pandas.DataFrame
        One row per construct (index ``construct``) with columns ``items`` (number of
        items), ``respondents``, ``alpha``, ``composite_reliability``, ``ave``,
        ``mean_inter_item_r`` (mean correlation between two items of the construct) and
        ``min_item_total_r`` (the weakest corrected item-total correlation).
    """
    func = "reliability"
    frame, items = _items_frame(survey, constructs, func, min_items=2)
    _check_variance(frame, func)
    rows = []
    for construct, cols in items.items():
        block = frame[cols]
        lam = _one_factor_loadings(block, construct)
        corr = block.corr().to_numpy()
        upper = corr[np.triu_indices(len(cols), k=1)]
        item_total = [block[c].corr(block.drop(columns=c).sum(axis=1)) for c in cols]
        cr = composite_reliability(lam) if np.isfinite(lam).all() else np.nan
        ave = average_variance_extracted(lam) if np.isfinite(lam).all() else np.nan
        rows.append(
            {
                "construct": construct,
                "items": len(cols),
                "respondents": len(block),
                "alpha": cronbach_alpha(block),
                "composite_reliability": cr,
                "ave": ave,
                "mean_inter_item_r": float(upper.mean()),
                "min_item_total_r": float(min(item_total)),
            }
        )
    return pd.DataFrame(rows).set_index("construct")


# --------------------------------------------------------------------------------------
# factor analysis
# --------------------------------------------------------------------------------------
def correlation_eigenvalues(
    survey: pd.DataFrame, constructs: str | Sequence[str] | None = None
) -> pd.Series:
    """Eigenvalues of the items' correlation matrix, largest first.

    The Kaiser rule keeps as many factors as there are eigenvalues above 1; a scree
    plot draws them in order. Both are rough guides to the number of factors.

    Parameters
    ----------
    survey : pandas.DataFrame
        Survey with ``{construct}_{k}`` item columns.
    constructs : str or list of str, optional
        Constructs whose items to use (default: all).

    Returns
    -------
    pandas.Series
        Named ``eigenvalue``, indexed 1, 2, ... (``component``). They add up to the number
        of items.
    """
    func = "correlation_eigenvalues"
    frame, _ = _items_frame(survey, constructs, func, min_items=1)
    _check_variance(frame, func)
    values = np.linalg.eigvalsh(np.corrcoef(frame.to_numpy().T))[::-1]
    return pd.Series(
        values, index=pd.RangeIndex(1, len(values) + 1, name="component"), name="eigenvalue"
    )


def factor_analysis(
    survey: pd.DataFrame,
    n_factors: int | None = None,
    *,
    constructs: str | Sequence[str] | None = None,
    rotation: str | None = "varimax",
    method: str = "pa",
) -> pd.DataFrame:
    """Exploratory factor analysis (因子分析) of all items, with a rotation.

    Fits :class:`statsmodels.multivariate.factor.Factor` to the items' correlation
    matrix and rotates the loadings. The method never sees the item names: if the
    items of each construct load on a factor of their own, the survey's structure is
    confirmed by the data. Read the result with :func:`factor_structure`.

    Parameters
    ----------
    survey : pandas.DataFrame
        Survey with ``{construct}_{k}`` item columns.
    n_factors : int, optional
        Number of factors. Default: the number of constructs among the items (compare
        the Kaiser rule with :func:`correlation_eigenvalues`).
    constructs : str or list of str, optional
        Constructs whose items to analyse (default: all).
    rotation : str or None, default "varimax"
        "varimax", "quartimax" or "equamax" (orthogonal: factors stay uncorrelated),
        "oblimin", "quartimin" or "promax" (oblique: factors may correlate), or None.
    method : {"pa", "ml"}, default "pa"
        Principal axis factoring (fast) or maximum likelihood (slower).

    Returns
    -------
    pandas.DataFrame
        Loadings, one row per item (index ``item``), one column per factor named
        ``F1``, ``F2``, ...; factors are numbered in the order of the first item that
        loads most on them, and each factor's sign is turned so that its largest
        loading is positive. With an oblique rotation the values are pattern loadings.
    """
    from statsmodels.multivariate.factor import Factor

    func = "factor_analysis"
    if rotation not in _ROTATIONS:
        raise ValueError(
            f"The 'rotation' parameter of {func} must be one of {list(_ROTATIONS)}. "
            f"Got {rotation!r} instead."
        )
    if method not in _METHODS:
        raise ValueError(
            f"The 'method' parameter of {func} must be one of {list(_METHODS)}. "
            f"Got {method!r} instead."
        )
    frame, items = _items_frame(survey, constructs, func, min_items=1)
    _check_variance(frame, func)
    n_items = frame.shape[1]
    if n_factors is None:
        n_factors = len(items)
    if (
        isinstance(n_factors, bool)
        or not isinstance(n_factors, (int, np.integer))
        or not 1 <= n_factors < n_items
    ):
        raise ValueError(
            f"The 'n_factors' parameter of {func} must be a whole number from 1 to "
            f"{n_items - 1} (fewer than the {n_items} items). Got {n_factors!r} instead."
        )
    fit = Factor(frame.to_numpy(), n_factor=int(n_factors), method=method).fit()
    if rotation is not None and n_factors > 1:
        fit.rotate(rotation)
    lam = np.asarray(fit.loadings, dtype="float64")
    # number the factors by the first item that loads most on them; leftovers last
    main = np.abs(lam).argmax(axis=1)
    order = list(dict.fromkeys(main.tolist()))
    order += [j for j in range(lam.shape[1]) if j not in order]
    lam = lam[:, order]
    biggest = lam[np.abs(lam).argmax(axis=0), np.arange(lam.shape[1])]
    lam = lam * np.where(biggest < 0, -1.0, 1.0)
    return pd.DataFrame(
        lam,
        index=pd.Index(frame.columns, name="item"),
        columns=[f"F{j + 1}" for j in range(lam.shape[1])],
    )


def factor_structure(loadings: pd.DataFrame) -> pd.DataFrame:
    """Each item's main factor, read from a loadings table.

    Parameters
    ----------
    loadings : pandas.DataFrame
        Items x factors, as returned by :func:`factor_analysis`; items named
        ``{construct}_{k}``.

    Returns
    -------
    pandas.DataFrame
        One row per item (index ``item``) with columns ``construct``, ``factor`` (the
        factor with the largest absolute loading), ``loading`` (that loading) and
        ``cross_loading`` (the largest absolute loading on any other factor; 0 with one
        factor).
    """
    func = "factor_structure"
    loadings = _check_frame(loadings, "loadings", func)
    bad = [c for c in loadings.columns if not _is_numeric(loadings[c].dtype)]
    if bad:
        raise TypeError(
            f"The 'loadings' DataFrame passed to {func} must be numeric. Columns {bad} "
            "are not; pass the output of factor_analysis."
        )
    arr = loadings.to_numpy(dtype="float64")
    main = np.abs(arr).argmax(axis=1)
    rows = np.arange(len(arr))
    others = np.abs(arr).copy()
    others[rows, main] = -np.inf
    cross = others.max(axis=1) if arr.shape[1] > 1 else np.zeros(len(arr))
    constructs = []
    for item in loadings.index:
        match = _ITEM.match(str(item))
        constructs.append(match["construct"] if match else str(item))
    return pd.DataFrame(
        {
            "construct": constructs,
            "factor": loadings.columns[main],
            "loading": arr[rows, main],
            "cross_loading": cross,
        },
        index=pd.Index(loadings.index, name="item"),
    )


# --------------------------------------------------------------------------------------
# the world's truth
# --------------------------------------------------------------------------------------
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
    _check_columns(truth, ["customer_id", *_TRUTH_COLUMNS.values()], "truth", func)
    z = pd.DataFrame(
        {
            c: (truth[col] - truth[col].mean()) / truth[col].std(ddof=0)
            for c, col in _TRUTH_COLUMNS.items()
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
    factors: Sequence[str] = FACTORS,
) -> pd.DataFrame:
    """The world's true effects of the factors on one loyalty level.

    In :mod:`crmkit.world` each loyalty level is linear in some of the factors plus
    independent noise, with coefficients in ``params`` (``loyalty_effects`` for
    behavioural, ``cognitive_effects``, ``affective_effects``). A factor not in the
    equation has effect 0. The standardised effect (effect of one standard deviation of
    the factor, in standard deviations of the outcome) is ``b * sd(factor) /
    sd(outcome)``, computed over all customers of ``truth``, as the survey
    standardises.

    Parameters
    ----------
    truth : pandas.DataFrame
        ``World.truth``.
    params : mapping
        ``World.params`` (or :func:`crmkit.datasets.load_params`).
    outcome : {"behavioural", "cognitive", "affective"}, default "behavioural"
    factors : sequence of str, default :data:`FACTORS`

    Returns
    -------
    pandas.DataFrame
        Indexed by ``factor``, columns ``true_effect`` (raw coefficient) and
        ``true_standardised``.
    """
    func = "true_effects"
    truth = _check_frame(truth, "truth", func)
    if outcome not in _EFFECT_PARAMS:
        raise ValueError(
            f"The 'outcome' parameter of {func} must be one of {sorted(_EFFECT_PARAMS)}. "
            f"Got {outcome!r} instead."
        )
    key = _EFFECT_PARAMS[outcome]
    if not isinstance(params, Mapping) or key not in params:
        raise ValueError(
            f"The 'params' parameter of {func} must be the world's parameters with the "
            f"key {key!r}. Pass World.params or crmkit.datasets.load_params()."
        )
    factors = _names(list(factors), "factors", func)
    unknown = [f for f in factors if f not in FACTORS]
    if unknown:
        raise ValueError(
            f"The 'factors' parameter of {func} must name loyalty factors from "
            f"{list(FACTORS)}. Got {unknown} instead."
        )
    _check_columns(truth, [_TRUTH_COLUMNS[c] for c in (*factors, outcome)], "truth", func)
    sd_y = truth[_TRUTH_COLUMNS[outcome]].std(ddof=0)
    raw = {f: float(params[key].get(f, 0.0)) for f in factors}
    std = {f: raw[f] * truth[_TRUTH_COLUMNS[f]].std(ddof=0) / sd_y for f in factors}
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


def _numeric_block(scores: pd.DataFrame, columns: list[str], name: str, func: str) -> pd.DataFrame:
    _check_columns(scores, columns, name, func)
    bad = [c for c in columns if not _is_numeric(scores[c].dtype)]
    if bad:
        raise TypeError(
            f"The column(s) {bad} of the '{name}' DataFrame passed to {func} must be "
            f"numeric. Got dtype {scores[bad[0]].dtype} instead."
        )
    block = scores[columns].astype("float64")
    incomplete = block.isna().any(axis=1)
    if incomplete.any():
        warnings.warn(
            f"{func}: {int(incomplete.sum())} of {len(block)} row(s) with a missing value "
            "were left out (listwise deletion).",
            UserWarning,
            stacklevel=3,
        )
        block = block[~incomplete]
    constant = [c for c in columns if block[c].nunique() < 2]
    if constant:
        raise ValueError(
            f"The column(s) {constant} passed to {func} do not vary, so their effect "
            "cannot be estimated. Leave them out."
        )
    if len(block) <= len(columns) + 1:
        raise ValueError(
            f"{func} needs more rows than variables; got {len(block)} complete row(s) "
            f"for {len(columns)} variables."
        )
    return block


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


def _check_level(conf_level: Any, func: str) -> float:
    if isinstance(conf_level, bool) or not isinstance(conf_level, (int, float)):
        conf_level = None
    if conf_level is None or not 0 < conf_level < 1:
        raise ValueError(
            f"The 'conf_level' parameter of {func} must be a number between 0 and 1, such as 0.95."
        )
    return float(conf_level)


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
    level = _check_level(conf_level, func)
    block = _numeric_block(scores, [outcome, *factors], "scores", func)
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


# --------------------------------------------------------------------------------------
# stated versus actual loyalty
# --------------------------------------------------------------------------------------
def stated_vs_actual(
    survey: pd.DataFrame,
    transactions: pd.DataFrame,
    *,
    days: int = 180,
    constructs: str | Sequence[str] | None = None,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    revenue_col: str = "revenue",
    survey_date_col: str = "survey_date",
) -> pd.DataFrame:
    """Join each respondent's scale scores to their purchases after the survey.

    A purchase is an order with revenue above 0 (a fully returned order is not a
    purchase, as in chapter 3), placed after the respondent's survey date and at most
    ``days`` days later.

    Parameters
    ----------
    survey : pandas.DataFrame
        Survey with ``customer_id``, ``survey_date`` and item columns.
    transactions : pandas.DataFrame
        Purchase log with ``customer_id``, ``order_date`` and ``revenue``.
    days : int, default 180
        Length of the follow-up window in days.
    constructs : str or list of str, optional
        Constructs to score (default: all).
    customer_col, date_col, revenue_col, survey_date_col : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: one column per construct score, then ``purchases``
        (number of purchases in the window), ``revenue`` (their revenue) and
        ``bought_again`` (at least one purchase).

    Warns
    -----
    UserWarning
        If the window runs past the last order in the log (purchases there are unknown),
        or if respondents with missing answers are left out.
    """
    func = "stated_vs_actual"
    survey = _check_frame(survey, "survey", func)
    transactions = _check_frame(transactions, "transactions", func)
    _check_columns(survey, [customer_col, survey_date_col], "survey", func)
    _check_columns(transactions, [customer_col, date_col, revenue_col], "transactions", func)
    if isinstance(days, bool) or not isinstance(days, (int, np.integer)) or days < 1:
        raise ValueError(
            f"The 'days' parameter of {func} must be a whole number of days, 1 or more. "
            f"Got {days!r} instead."
        )
    for frame, col, name in (
        (survey, survey_date_col, "survey"),
        (transactions, date_col, "transactions"),
    ):
        if not pd.api.types.is_datetime64_any_dtype(frame[col].dtype):
            raise TypeError(
                f"The {col!r} column of the '{name}' DataFrame passed to {func} must hold "
                f"dates (datetime64). Got dtype {frame[col].dtype} instead; convert it with "
                "pd.to_datetime."
            )
    if not _is_numeric(transactions[revenue_col].dtype):
        raise TypeError(
            f"The {revenue_col!r} column passed to {func} must be numeric. "
            f"Got dtype {transactions[revenue_col].dtype} instead."
        )
    for frame, col, name in (
        (survey, customer_col, "survey"),
        (survey, survey_date_col, "survey"),
        (transactions, customer_col, "transactions"),
        (transactions, date_col, "transactions"),
        (transactions, revenue_col, "transactions"),
    ):
        n_missing = int(frame[col].isna().sum())
        if n_missing:
            raise ValueError(
                f"The {col!r} column of the '{name}' DataFrame passed to {func} has "
                f"{n_missing} missing value(s). Every row needs one: drop or fill those "
                f"rows first, e.g. {name} = {name}.dropna(subset=[{col!r}])."
            )
    scores = scale_scores(survey, constructs, id_column=customer_col)
    when = survey.set_index(customer_col)[survey_date_col].reindex(scores.index)
    window_end = when + pd.Timedelta(days=int(days))
    last_order = transactions[date_col].max()
    if (window_end > last_order).any():
        warnings.warn(
            f"{func}: the {days}-day window of {int((window_end > last_order).sum())} "
            f"respondent(s) ends after the last order in the log ({last_order.date()}); "
            "purchases after that date are unknown. Choose fewer days.",
            UserWarning,
            stacklevel=2,
        )
    log = transactions[[customer_col, date_col, revenue_col]]
    log = log[log[customer_col].isin(scores.index) & (log[revenue_col] > 0)]
    start = log[customer_col].map(when)
    end = log[customer_col].map(window_end)
    inside = log[(log[date_col] > start) & (log[date_col] <= end)]
    grouped = inside.groupby(customer_col)[revenue_col]
    out = scores.copy()
    out["purchases"] = grouped.size().reindex(out.index, fill_value=0).astype("int64")
    out["revenue"] = grouped.sum().reindex(out.index, fill_value=0.0).astype("float64")
    out["bought_again"] = out["purchases"] > 0
    return out


def repurchase_logit(
    table: pd.DataFrame,
    predictors: str | Sequence[str] = "behavioural",
    *,
    outcome: str = "bought_again",
    standardise: bool = True,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Logistic regression (逻辑回归) of buying again on survey scales.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`stated_vs_actual`.
    predictors : str or list of str, default "behavioural"
        Numeric columns explaining the outcome.
    outcome : str, default "bought_again"
        A yes/no column (bool, or 0/1).
    standardise : bool, default True
        Turn predictors into z-scores, so an odds ratio is per standard deviation.
    conf_level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per term (``const`` first, index ``term``): ``estimate`` (log-odds),
        ``std_error``, ``ci_low``, ``ci_high``, ``p_value``, ``odds_ratio``
        (``exp(estimate)``) and its interval ``odds_ratio_low``, ``odds_ratio_high``
        (``exp(ci_low)``, ``exp(ci_high)``).
    """
    import statsmodels.api as sm

    func = "repurchase_logit"
    table = _check_frame(table, "table", func)
    predictors = _names(predictors, "predictors", func)
    level = _check_level(conf_level, func)
    _check_columns(table, [outcome], "table", func)
    if outcome in predictors:
        raise ValueError(
            f"The 'outcome' {outcome!r} of {func} is also among the 'predictors'. "
            "Remove it from one of them."
        )
    y = table[outcome]
    values = y.dropna().unique()
    if not (pd.api.types.is_bool_dtype(y.dtype) or set(values) <= {0, 1}):
        raise ValueError(
            f"The {outcome!r} column passed to {func} must be yes/no (bool or 0/1). "
            f"Got values {sorted(map(str, values))[:5]} instead."
        )
    if len(values) < 2:
        raise ValueError(
            f"The {outcome!r} column passed to {func} has only one value, so there is "
            "nothing to explain. Use a longer window or more respondents."
        )
    frame = table.assign(**{outcome: y.astype("float64")})
    block = _numeric_block(frame, [outcome, *predictors], "table", func)
    y = block.pop(outcome)
    if standardise:
        block = (block - block.mean()) / block.std(ddof=1)
    x = sm.add_constant(block.to_numpy(), has_constant="add")
    result = sm.Logit(y.to_numpy(), x).fit(disp=0)
    out = _coef_table(result, ["const", *predictors], level)
    out.index.name = "term"
    out["odds_ratio"] = np.exp(out["estimate"])
    out["odds_ratio_low"] = np.exp(out["ci_low"])
    out["odds_ratio_high"] = np.exp(out["ci_high"])
    return out


def mediation_analysis(
    scores: pd.DataFrame,
    exposure: str = "satisfaction",
    mediator: str = "affective",
    outcome: str = "behavioural",
    covariates: Sequence[str] = (),
    *,
    n_rep: int = 1000,
    seed: int = 0,
    standardise: bool = True,
) -> pd.DataFrame:
    """Mediation (中介效应): how much of an effect runs through a mediator.

    Fits two OLS models, ``mediator ~ exposure + covariates`` and ``outcome ~ exposure +
    mediator + covariates``, and passes them to
    :class:`statsmodels.stats.mediation.Mediation` (Imai, Keele & Tingley 2010), which
    simulates the effects of raising the exposure from 0 to 1 (one standard deviation
    when ``standardise``). With linear models the indirect effect is close to the
    product ``a * b`` of the exposure's effect on the mediator and the mediator's
    effect on the outcome.

    Parameters
    ----------
    scores : pandas.DataFrame
        One numeric column per construct (:func:`scale_scores`).
    exposure, mediator, outcome : str
        Columns for the cause, the go-between and the result.
    covariates : sequence of str, default ()
        Other columns to hold fixed in both models.
    n_rep : int, default 1000
        Simulation draws.
    seed : int, default 0
        Seed for the simulation (one ``numpy.random.default_rng(seed)``).
    standardise : bool, default True
        Turn every column into z-scores first.

    Returns
    -------
    pandas.DataFrame
        Rows ``indirect`` (ACME), ``direct`` (ADE), ``total`` and
        ``proportion_mediated`` (index ``effect``), columns ``estimate``, ``ci_low``,
        ``ci_high`` and ``p_value``.
    """
    import statsmodels.api as sm
    from statsmodels.stats.mediation import Mediation

    func = "mediation_analysis"
    scores = _check_frame(scores, "scores", func)
    covariates = list(covariates) if not isinstance(covariates, str) else [covariates]
    names = [exposure, mediator, outcome, *covariates]
    if len(set(names)) != len(names):
        raise ValueError(
            f"The exposure, mediator, outcome and covariates of {func} must be different "
            f"columns. Got {names} instead."
        )
    if isinstance(n_rep, bool) or not isinstance(n_rep, (int, np.integer)) or n_rep < 10:
        raise ValueError(
            f"The 'n_rep' parameter of {func} must be a whole number, 10 or more. "
            f"Got {n_rep!r} instead."
        )
    block = _numeric_block(scores, names, "scores", func)
    if standardise:
        block = (block - block.mean()) / block.std(ddof=1)
    block = block.reset_index(drop=True)
    exog_m = sm.add_constant(block[[exposure, *covariates]], has_constant="add")
    exog_y = sm.add_constant(block[[exposure, mediator, *covariates]], has_constant="add")
    mediator_model = sm.OLS(block[mediator], exog_m)
    outcome_model = sm.OLS(block[outcome], exog_y)
    med = Mediation(
        outcome_model,
        mediator_model,
        exposure=(list(exog_y.columns).index(exposure), list(exog_m.columns).index(exposure)),
        mediator=list(exog_y.columns).index(mediator),
    )
    summary = med.fit(n_rep=int(n_rep), rng=np.random.default_rng(seed)).summary()
    rows = {
        "indirect": "ACME (average)",
        "direct": "ADE (average)",
        "total": "Total effect",
        "proportion_mediated": "Prop. mediated (average)",
    }
    out = summary.loc[list(rows.values())].copy()
    out.index = pd.Index(list(rows), name="effect")
    out.columns = ["estimate", "ci_low", "ci_high", "p_value"]
    return out.astype("float64")


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
        many equal-width bins. A sequence: the bin edges (right edge included).
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
    level = _check_level(conf_level, func)
    _check_columns(table, [satisfaction, outcome], "table", func)
    y = table[outcome]
    values = y.dropna().unique()
    if not (pd.api.types.is_bool_dtype(y.dtype) or set(values) <= {0, 1}):
        raise ValueError(
            f"The {outcome!r} column passed to {func} must be yes/no (bool or 0/1). "
            f"Got values {sorted(map(str, values))[:5]} instead."
        )
    if not _is_numeric(table[satisfaction].dtype):
        raise TypeError(
            f"The {satisfaction!r} column passed to {func} must be numeric. "
            f"Got dtype {table[satisfaction].dtype} instead."
        )
    frame = pd.DataFrame({"x": table[satisfaction], "y": y.astype("float64")})
    incomplete = frame.isna().any(axis=1)
    if incomplete.any():
        warnings.warn(
            f"{func}: {int(incomplete.sum())} of {len(frame)} row(s) with a missing value "
            "were left out.",
            UserWarning,
            stacklevel=2,
        )
        frame = frame[~incomplete]
    if len(frame) == 0:
        raise ValueError(f"No row passed to {func} has both values; nothing to plot.")
    if bins is None:
        groups = frame["x"]
    else:
        if isinstance(bins, bool) or not (
            (isinstance(bins, (int, np.integer)) and bins >= 1)
            or (isinstance(bins, Sequence) and len(bins) >= 2)
        ):
            raise ValueError(
                f"The 'bins' parameter of {func} must be None, a whole number of bins (1 "
                f"or more) or a list of at least two bin edges. Got {bins!r} instead."
            )
        groups = pd.cut(frame["x"], bins=bins if not isinstance(bins, Sequence) else list(bins))
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


# --------------------------------------------------------------------------------------
# plots
# --------------------------------------------------------------------------------------
def _get_ax(ax: Any) -> Any:
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    return ax


def plot_loadings(
    loadings: pd.DataFrame,
    *,
    ax: Any = None,
    annot: bool = True,
    fmt: str = ".2f",
    cmap: str = "vlag",
) -> Any:
    """Heat map (热力图) of a loadings table, items down, factors across.

    Parameters
    ----------
    loadings : pandas.DataFrame
        Items x factors (:func:`factor_analysis`, or one column of true loadings).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if None.
    annot, fmt, cmap
        Passed to :func:`seaborn.heatmap`; colours run from -1 (blue) to 1 (red).

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    func = "plot_loadings"
    loadings = _check_frame(loadings, "loadings", func)
    bad = [c for c in loadings.columns if not _is_numeric(loadings[c].dtype)]
    if bad:
        raise TypeError(
            f"The 'loadings' DataFrame passed to {func} must be numeric; columns {bad} are not."
        )
    ax = _get_ax(ax)
    sns.heatmap(
        loadings.astype("float64"),
        vmin=-1,
        vmax=1,
        center=0,
        cmap=cmap,
        annot=annot,
        fmt=fmt,
        annot_kws={"fontsize": 7},
        cbar_kws={"label": "loading"},
        ax=ax,
    )
    ax.set_xlabel("factor")
    ax.set_ylabel("item")
    ax.set_title("factor loadings")
    return ax


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
    ax = _get_ax(ax)
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
    ax = _get_ax(ax)
    ax.errorbar(x, rate, yerr=err, fmt="o-", capsize=3)
    ax.set_xticks(x)
    ax.set_xticklabels([str(v) for v in curve.index])
    ax.set_ylim(0, 1)
    ax.set_xlabel(str(curve.index.name or "level"))
    ax.set_ylabel("share who bought again")
    ax.set_title("satisfaction-loyalty curve")
    return ax
