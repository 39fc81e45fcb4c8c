"""Survey scales and their reliability (信度): items, scale scores, alpha, CR and AVE.

A survey measures each **construct** (构念), such as trust, with several Likert items.
Survey columns are read by name: every numeric column called ``{construct}_{k}`` (``k``
a whole number, e.g. ``trust_1``, ``trust_2``, ``trust_3``) is item ``k`` of
``construct``. Other columns (``customer_id``, ``survey_date``...) are ignored.

===================================  =================================================
:func:`construct_items`              which columns belong to which construct
:func:`scale_scores`                 mean of each construct's items, per respondent
:func:`cronbach_alpha`               Cronbach's alpha of one set of items
:func:`composite_reliability`        CR from standardised loadings
:func:`average_variance_extracted`   AVE from standardised loadings
:func:`reliability`                  alpha, CR and AVE for every construct
:func:`item_statistics`              loadings and item-total correlations per item
===================================  =================================================

A respondent with a missing answer on any item a function uses is left out of that
function's computation (listwise deletion), never silently: a :class:`UserWarning` says
how many respondents were left out and why.

Layer: technique (uses :mod:`crmkit._checks` and :mod:`crmkit._columns` only).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_columns as _check_columns
from crmkit._checks import check_frame as _check_frame
from crmkit._columns import is_numeric as _is_numeric
from crmkit._columns import name_list as _names

__all__ = [
    "average_variance_extracted",
    "composite_reliability",
    "construct_items",
    "cronbach_alpha",
    "item_statistics",
    "reliability",
    "scale_scores",
]

#: An item column: ``{construct}_{k}``.
ITEM_PATTERN = re.compile(r"^(?P<construct>.+)_(?P<k>\d+)$")


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
        match = ITEM_PATTERN.match(str(column))
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
