"""Discriminant validity (区别效度): Fornell-Larcker and HTMT.

Reliability (:mod:`crmkit.scales`) asks whether a construct's items agree with each
other; **discriminant validity** asks whether two constructs the survey treats as
different really are different, i.e. whether their items agree *less* with the other
construct's items than with their own.

===================================  =================================================
:func:`fornell_larcker`              AVE against squared construct correlations
:func:`htmt`                         heterotrait-monotrait ratio of every pair
:func:`htmt_from_correlations`       the same from an item correlation matrix
===================================  =================================================

Constructs are found as in :func:`crmkit.scales.construct_items` (columns named
``{construct}_{k}``), or given as a mapping ``construct -> list of item columns``. A
respondent with a missing answer on an item used is left out (listwise deletion) and
counted in a :class:`UserWarning`.

Layer: technique (uses :mod:`crmkit._checks`, :mod:`crmkit._columns` and
:mod:`crmkit.scales`).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from crmkit._checks import check_columns, check_frame, check_number
from crmkit._columns import is_numeric
from crmkit.scales import construct_items, reliability

__all__ = ["fornell_larcker", "htmt", "htmt_from_correlations"]

Constructs = str | Sequence[str] | Mapping[str, Sequence[str]] | None


def _item_map(survey: pd.DataFrame, constructs: Constructs, func: str) -> dict[str, list[str]]:
    """Construct -> item columns, from names (``{construct}_{k}``) or a mapping.

    Every construct needs at least 2 items, no item may serve two constructs, and at
    least two constructs are needed to compare.
    """
    if isinstance(constructs, Mapping):
        items = {}
        for name, cols in constructs.items():
            cols = [cols] if isinstance(cols, str) else list(cols)
            if len(cols) < 2:
                raise ValueError(
                    f"The 'constructs' mapping passed to {func} must give every construct "
                    f"at least 2 items. Got {cols} for {name!r} instead."
                )
            check_columns(survey, cols, "survey", func)
            bad = [c for c in cols if not is_numeric(survey[c].dtype)]
            if bad:
                raise TypeError(
                    f"The item column(s) {bad} passed to {func} must be numeric (answers "
                    f"such as 1..7). Got dtype {survey[bad[0]].dtype} instead; convert "
                    "them with pd.to_numeric first."
                )
            items[str(name)] = cols
        every = [c for cols in items.values() for c in cols]
        shared = sorted({c for c in every if every.count(c) > 1})
        if shared:
            raise ValueError(
                f"The 'constructs' mapping passed to {func} gives the item(s) {shared} to "
                "more than one construct. Each item must measure one construct."
            )
    else:
        items = construct_items(survey, constructs, min_items=2)
    if len(items) < 2:
        raise ValueError(
            f"The 'constructs' parameter of {func} must name at least 2 constructs to "
            f"compare. Got {list(items)} instead."
        )
    return items


def item_block(
    survey: pd.DataFrame, constructs: Constructs, func: str
) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Float item table (complete rows only, counted in a warning) and the construct map.

    Shared with :mod:`crmkit.sem`. Raises when an item does not vary or fewer than 3
    respondents remain.
    """
    survey = check_frame(survey, "survey", func)
    items = _item_map(survey, constructs, func)
    columns = [c for cols in items.values() for c in cols]
    frame = survey[columns].astype("float64")
    n_inf = int(np.isinf(frame.to_numpy()).sum())
    if n_inf:
        raise ValueError(
            f"The item columns of the 'survey' passed to {func} must hold finite answers. "
            f"Got {n_inf} infinite value(s) instead; fix or drop those rows."
        )
    incomplete = frame.isna().any(axis=1)
    if incomplete.any():
        warnings.warn(
            f"{func}: {int(incomplete.sum())} of {len(frame)} respondent(s) with a missing "
            "answer on the items used were left out (listwise deletion).",
            UserWarning,
            stacklevel=3,
        )
        frame = frame[~incomplete]
    if len(frame) < 3:
        raise ValueError(
            f"{func} needs at least 3 respondents with complete answers. Got {len(frame)}."
        )
    constant = [c for c in frame.columns if frame[c].nunique() < 2]
    if constant:
        raise ValueError(
            f"The item column(s) {constant} passed to {func} have the same answer for "
            "every respondent, so their correlations are undefined. Leave them out."
        )
    return frame, items


def htmt_from_correlations(
    correlations: pd.DataFrame,
    constructs: Mapping[str, Sequence[str]],
    *,
    threshold: float = 0.85,
) -> pd.DataFrame:
    """Heterotrait-monotrait ratio (HTMT) of every pair of constructs.

    For constructs ``i`` and ``j`` (Henseler, Ringle & Sarstedt 2015, eq. 6)::

        HTMT_ij = mean(r between an item of i and an item of j)
                  / sqrt(mean(r between two items of i) * mean(r between two items of j))

    The numerator is the average *heterotrait-heteromethod* correlation, the
    denominator the geometric mean of the two average *monotrait-heteromethod*
    correlations (off-diagonal only). For reliable items HTMT estimates the correlation
    of the two constructs; values near 1 say the two are one construct.

    Parameters
    ----------
    correlations : pandas.DataFrame
        Item correlation matrix, with the item names as index and columns.
    constructs : mapping
        Construct -> list of its items (at least 2 each), all in ``correlations``.
    threshold : float, default 0.85
        Largest HTMT accepted as distinct: 0.85 (Kline's strict rule, for conceptually
        distinct constructs) or 0.90 (for conceptually close ones, such as the loyalty
        levels); between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        One row per pair, in the order of ``constructs``, with columns ``construct_1``,
        ``construct_2``, ``htmt`` and ``distinct`` (``htmt < threshold``; NaN HTMT,
        from a non-positive monotrait mean, gives False).
    """
    func = "htmt_from_correlations"
    corr = check_frame(correlations, "correlations", func)
    threshold = check_number(threshold, "threshold", func, low=0.0, high=1.0, low_open=True)
    if not isinstance(constructs, Mapping) or len(constructs) < 2:
        raise ValueError(
            f"The 'constructs' parameter of {func} must map at least 2 constructs to "
            f"their items. Got {constructs!r} instead."
        )
    items = {str(k): list(v) for k, v in constructs.items()}
    every = [c for cols in items.values() for c in cols]
    missing = [c for c in every if c not in corr.index or c not in corr.columns]
    if missing:
        raise ValueError(
            f"The 'correlations' matrix passed to {func} lacks the item(s) {missing}. "
            "Pass the correlation matrix of every item, e.g. survey[items].corr()."
        )
    short = {k: v for k, v in items.items() if len(v) < 2}
    if short:
        raise ValueError(
            f"The 'constructs' parameter of {func} must give every construct at least 2 "
            f"items (HTMT needs a monotrait correlation). Got {short} instead."
        )
    r = corr.loc[every, every].to_numpy(dtype="float64")
    if not np.isfinite(r).all() or not np.allclose(r, r.T):
        raise ValueError(
            f"The 'correlations' parameter of {func} must be a symmetric matrix of finite "
            "correlations. Got a matrix with NaN/inf or asymmetric entries instead."
        )
    r = pd.DataFrame(r, index=every, columns=every)

    def monotrait(cols: list[str]) -> float:
        block = r.loc[cols, cols].to_numpy()
        return float(block[np.triu_indices(len(cols), k=1)].mean())

    mono = {k: monotrait(v) for k, v in items.items()}
    rows = []
    for a, b in combinations(items, 2):
        hetero = float(r.loc[items[a], items[b]].to_numpy().mean())
        denom = mono[a] * mono[b]
        value = hetero / np.sqrt(denom) if denom > 0 else np.nan
        rows.append({"construct_1": a, "construct_2": b, "htmt": value})
    out = pd.DataFrame(rows)
    out["distinct"] = out["htmt"].lt(threshold)
    return out


def htmt(
    survey: pd.DataFrame, constructs: Constructs = None, *, threshold: float = 0.85
) -> pd.DataFrame:
    """HTMT of every pair of constructs, from the survey's items.

    Pearson correlations of the items (complete respondents only), then
    :func:`htmt_from_correlations`, whose docstring gives the formula and the columns.

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent with item columns.
    constructs : str, list of str or mapping, optional
        Constructs to compare: names (items found as ``{construct}_{k}``), or a mapping
        construct -> item columns. Default: every construct found. At least 2.
    threshold : float, default 0.85
        See :func:`htmt_from_correlations`.
    """
    frame, items = item_block(survey, constructs, "htmt")
    return htmt_from_correlations(frame.corr(), items, threshold=threshold)


def _correlation_matrix(correlations: pd.DataFrame, names: list[str], func: str) -> pd.DataFrame:
    corr = check_frame(correlations, "correlations", func)
    missing = [c for c in names if c not in corr.index or c not in corr.columns]
    if missing:
        raise ValueError(
            f"The 'correlations' parameter of {func} must have a row and a column for "
            f"every construct. Got none for {missing} instead."
        )
    out = corr.loc[names, names].astype("float64")
    values = out.to_numpy()
    if not np.isfinite(values).all() or (np.abs(values) > 1 + 1e-9).any():
        raise ValueError(
            f"The 'correlations' parameter of {func} must hold finite correlations "
            "between -1 and 1. Got NaN, inf or a value outside [-1, 1] instead."
        )
    return out


def fornell_larcker(
    survey: pd.DataFrame,
    constructs: Constructs = None,
    *,
    correlations: pd.DataFrame | None = None,
    ave: pd.Series | None = None,
) -> pd.DataFrame:
    """Fornell-Larcker criterion: each construct's AVE against its squared correlations.

    Fornell & Larcker (1981): a construct is distinct from the others when it shares
    more variance with its own items (its AVE) than with any other construct (the
    squared construct correlation ``r**2``). Equivalently ``sqrt(AVE) > |r|``.

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent with item columns.
    constructs : str, list of str or mapping, optional
        Constructs to compare (names or construct -> items); default all, at least 2.
    correlations : pandas.DataFrame, optional
        Construct correlation matrix (construct names as index and columns). Default:
        the correlations of the scale scores (the mean of each construct's items),
        which measurement error pulls towards 0, so the check is lenient. Pass the
        latent correlations of a CFA (``crmkit.sem.cfa(...).factor_correlations``)
        for the stricter, usual version.
    ave : pandas.Series, optional
        AVE per construct. Default: from one-factor loadings per construct, as in
        :func:`crmkit.scales.reliability` (pass a CFA's standardised loadings through
        :func:`crmkit.scales.average_variance_extracted` to use those instead).

    Returns
    -------
    pandas.DataFrame
        One row per construct (index ``construct``) with ``ave``, ``sqrt_ave``,
        ``max_r_squared`` (the largest squared correlation with another construct),
        ``closest`` (that construct) and ``distinct`` (``ave > max_r_squared``).
    """
    func = "fornell_larcker"
    frame, items = item_block(survey, constructs, func)
    names = list(items)
    if correlations is None:
        scores = pd.DataFrame({c: frame[cols].mean(axis=1) for c, cols in items.items()})
        corr = scores.corr()
    else:
        corr = _correlation_matrix(correlations, names, func)
    if ave is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # rows are complete already
            ave_s = reliability(frame.rename(columns=_renamer(items)), names)["ave"]
    else:
        if not isinstance(ave, pd.Series) or any(c not in ave.index for c in names):
            raise ValueError(
                f"The 'ave' parameter of {func} must be a Series indexed by construct with "
                f"a value for each of {names}. Got {ave!r} instead."
            )
        ave_s = ave.loc[names].astype("float64")
        if not np.isfinite(ave_s).all() or ((ave_s < 0) | (ave_s > 1)).any():
            raise ValueError(
                f"The 'ave' parameter of {func} must hold AVEs between 0 and 1. "
                f"Got {ave_s.tolist()} instead."
            )
    squared = (corr**2).to_numpy(copy=True)
    np.fill_diagonal(squared, np.nan)
    r2 = pd.DataFrame(squared, index=names, columns=names)
    out = pd.DataFrame(
        {
            "ave": ave_s.to_numpy(),
            "sqrt_ave": np.sqrt(ave_s.to_numpy()),
            "max_r_squared": r2.max(axis=1).to_numpy(),
            "closest": r2.idxmax(axis=1).to_numpy(),
        },
        index=pd.Index(names, name="construct"),
    )
    out["distinct"] = out["ave"] > out["max_r_squared"]
    return out


def _renamer(items: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Rename mapped items to ``{construct}_{k}`` so :func:`reliability` finds them."""
    return {col: f"{c}_{k + 1}" for c, cols in items.items() for k, col in enumerate(cols)}
