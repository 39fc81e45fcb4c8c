"""Exploratory factor analysis (因子分析) of survey items.

===================================  =================================================
:func:`correlation_eigenvalues`      eigenvalues of the items' correlation matrix
:func:`factor_analysis`              exploratory factor analysis with a rotation
:func:`factor_structure`             each item's main factor, to read the loadings
:func:`plot_loadings`                heat map of a loadings table
===================================  =================================================

Items are the ``{construct}_{k}`` columns of a survey (see :mod:`crmkit.scales`).

Layer: technique (uses :mod:`crmkit.scales` for the item table).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_frame as _check_frame
from crmkit._columns import is_numeric as _is_numeric
from crmkit._plotting import get_ax
from crmkit.scales import ITEM_PATTERN, _check_variance, _items_frame

__all__ = ["correlation_eigenvalues", "factor_analysis", "factor_structure", "plot_loadings"]

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
        match = ITEM_PATTERN.match(str(item))
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
    ax = get_ax(ax, func)
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
