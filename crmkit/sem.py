"""Confirmatory factor analysis and the structural model of the loyalty chain.

Exploratory factor analysis (:mod:`crmkit.factors`) lets the data say which items go
together; **confirmatory factor analysis** (验证性因子分析, CFA) states which items
measure which construct and tests whether the data agree. A **structural equation
model** (结构方程模型, SEM) adds regressions between the constructs: here the loyalty
chain of the textbook, the drivers -> satisfaction -> cognitive and affective loyalty
-> behavioural loyalty (:data:`LOYALTY_CHAIN`). Both are fitted by maximum likelihood
with `semopy <https://semopy.com>`_.

===================================  =================================================
:data:`LOYALTY_CHAIN`                the structural paths fitted by default
:class:`SEMFit`                      fit indices, loadings, paths, factor correlations
:func:`cfa`                          confirmatory factor analysis of the constructs
:func:`structural_model`             the loyalty chain (or any paths) with its CFA
:func:`fit_indices`                  chi-square, CFI, TLI, RMSEA with interval, SRMR
:func:`srmr`                         standardised root mean square residual
:func:`rmsea_interval`               confidence interval of the RMSEA
:func:`true_paths`                   the world's true paths, standardised
===================================  =================================================

Determinism: the optimiser is fixed (SLSQP from semopy's default start values, at most
:data:`MAX_ITERATIONS` iterations, tolerance :data:`FTOL`, fitted from a clean slate);
nothing is random, and results differ between BLAS kernels only in digits far below
the 3 decimals printed.

Layer: technique (uses :mod:`crmkit._checks`, :mod:`crmkit._columns`,
:mod:`crmkit.validity` and :mod:`crmkit.loyalty_models`).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, stats

from crmkit._checks import check_columns, check_count, check_finite, check_frame, check_number
from crmkit._columns import check_level, name_list
from crmkit.loyalty_models import TRUTH_COLUMNS
from crmkit.validity import Constructs, item_block

__all__ = [
    "FTOL",
    "LOYALTY_CHAIN",
    "MAX_ITERATIONS",
    "SEMFit",
    "cfa",
    "fit_indices",
    "rmsea_interval",
    "srmr",
    "structural_model",
    "true_paths",
]

#: Structural paths fitted by :func:`structural_model`: outcome -> its predictors. The
#: chain of the textbook (drivers -> satisfaction -> cognitive / affective loyalty ->
#: behavioural loyalty) with the drivers' direct paths the world also has, so that the
#: chain's own claim (attitudes carry the effect to behaviour) can be tested.
LOYALTY_CHAIN: dict[str, tuple[str, ...]] = {
    "satisfaction": ("value", "trust", "care", "purchase_cost", "switching_cost"),
    "cognitive": ("satisfaction", "value"),
    "affective": ("satisfaction", "trust", "care"),
    "behavioural": (
        "cognitive",
        "affective",
        "satisfaction",
        "value",
        "trust",
        "care",
        "purchase_cost",
        "switching_cost",
    ),
}
#: Parameter of the world holding the true effects on each endogenous construct.
_EFFECT_PARAMS = {
    "satisfaction": "satisfaction_effects",
    "cognitive": "cognitive_effects",
    "affective": "affective_effects",
    "behavioural": "loyalty_effects",
}
#: Largest number of optimiser iterations.
MAX_ITERATIONS = 10_000
#: Optimiser tolerance on the fit function. semopy's default (SLSQP's 1e-6) stops
#: up to 4e-4 away from the optimum in a standardised path, enough to change a printed
#: third decimal from one CPU to another; 1e-12 costs a few more iterations.
FTOL = 1e-12
#: Usual cut-offs (Hu & Bentler 1999; Browne & Cudeck 1993).
_RULES = {
    "chi_square": ("", "exact fit; with many respondents almost always rejected"),
    "df": ("", "degrees of freedom"),
    "p_value": (">= 0.05", "exact fit not rejected"),
    "cfi": (">= 0.95", "comparative fit index (vs. uncorrelated items)"),
    "tli": (">= 0.95", "Tucker-Lewis index, penalises complexity"),
    "rmsea": ("<= 0.06", "error of approximation per degree of freedom"),
    "rmsea_low": ("", "lower end of RMSEA's 90% interval"),
    "rmsea_high": ("<= 0.08", "upper end of RMSEA's 90% interval"),
    "srmr": ("<= 0.08", "average standardised residual correlation"),
}


@dataclass(frozen=True)
class SEMFit:
    """A fitted CFA or structural model (from :func:`cfa` or :func:`structural_model`).

    Attributes
    ----------
    fit_indices : pandas.DataFrame
        See :func:`fit_indices`.
    loadings : pandas.DataFrame
        Indexed by (``construct``, ``item``): ``estimate`` (unstandardised; the first
        item of each construct is fixed at 1 and has NaN ``std_error``),
        ``std_error``, ``standardised``.
    paths : pandas.DataFrame
        Indexed by (``outcome``, ``predictor``): ``estimate``, ``std_error``,
        ``p_value``, ``standardised``, ``std_error_standardised``, ``ci_low``,
        ``ci_high`` (interval of the standardised path). Empty for a CFA.
    factor_correlations : pandas.DataFrame
        Model-implied correlations of the constructs (square, construct names).
    n : int
        Respondents used.
    model : semopy.Model
        The fitted semopy model, for anything else (``model.inspect()``).
    """

    fit_indices: pd.DataFrame
    loadings: pd.DataFrame
    paths: pd.DataFrame
    factor_correlations: pd.DataFrame
    n: int
    model: Any

    def __repr__(self) -> str:
        v = self.fit_indices["value"]
        return (
            f"SEMFit(n={self.n}, chi_square={v['chi_square']:.1f}, df={int(v['df'])}, "
            f"cfi={v['cfi']:.3f}, rmsea={v['rmsea']:.3f}, srmr={v['srmr']:.3f}, "
            f"paths={len(self.paths)})"
        )


def srmr(observed: pd.DataFrame | np.ndarray, implied: pd.DataFrame | np.ndarray) -> float:
    """Standardised root mean square residual (SRMR), Bentler's definition.

    ``SRMR = sqrt(sum_{i <= j} ((s_ij - sigma_ij) / sqrt(s_ii * s_jj))**2 / (p(p+1)/2))``
    with ``S`` the observed and ``Sigma`` the model-implied covariance matrix of the
    ``p`` items: the root mean square of the residual covariances, each scaled to a
    correlation, over the lower triangle with the diagonal (as lavaan's
    ``srmr_bentler``; Hu & Bentler 1999).

    Parameters
    ----------
    observed, implied : array-like
        Square covariance matrices of the same shape.

    Returns
    -------
    float
        0 when the model reproduces every covariance; 0.08 or less counts as good.
    """
    func = "srmr"
    s = np.asarray(observed, dtype="float64")
    sigma = np.asarray(implied, dtype="float64")
    for arr, name in ((s, "observed"), (sigma, "implied")):
        if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.shape[0] == 0:
            raise ValueError(
                f"The '{name}' parameter of {func} must be a square covariance matrix. "
                f"Got shape {arr.shape} instead."
            )
        if not np.isfinite(arr).all():
            raise ValueError(f"The '{name}' parameter of {func} must be finite. Got NaN/inf.")
    if s.shape != sigma.shape:
        raise ValueError(
            f"The 'observed' and 'implied' parameters of {func} must have the same shape. "
            f"Got {s.shape} and {sigma.shape} instead."
        )
    sd = np.sqrt(np.diag(s))
    if not (sd > 0).all():
        raise ValueError(
            f"The 'observed' parameter of {func} must have positive variances on its "
            "diagonal. Got a variance of 0 or less instead."
        )
    resid = (s - sigma) / np.outer(sd, sd)
    low = resid[np.tril_indices(s.shape[0])]
    return float(np.sqrt(np.mean(low**2)))


def rmsea_interval(
    chi_square: float, df: int, n: int, *, conf_level: float = 0.90
) -> tuple[float, float]:
    """Confidence interval of the RMSEA from the noncentral chi-square distribution.

    The lower (upper) end is ``sqrt(lambda / (df * (n - 1)))`` where ``lambda`` is the
    noncentrality at which the observed ``chi_square`` is the upper (lower)
    ``(1 - conf_level) / 2`` quantile (Browne & Cudeck 1993; as lavaan, with semopy's
    ``n - 1``). An end is 0 when even ``lambda = 0`` cannot reach it.

    Parameters
    ----------
    chi_square : float
        The model's chi-square statistic (0 or more).
    df : int
        Its degrees of freedom (1 or more).
    n : int
        Respondents (2 or more).
    conf_level : float, default 0.90
        The usual level for RMSEA is 90%.

    Returns
    -------
    (float, float)
    """
    func = "rmsea_interval"
    chi_square = check_number(chi_square, "chi_square", func, low=0.0)
    df = check_count(df, "df", func, low=1, high=10**7)
    n = check_count(n, "n", func, low=2, high=10**9)
    level = check_level(conf_level, "conf_level", func)
    tail = (1.0 - level) / 2.0

    def noncentrality(prob: float) -> float:
        # cdf(chi_square; df, lam) falls as lam grows: find lam with cdf == prob
        def gap(lam: float) -> float:
            return stats.ncx2.cdf(chi_square, df, lam) - prob

        if stats.chi2.cdf(chi_square, df) <= prob:
            return 0.0
        upper = max(chi_square, 1.0)
        while gap(upper) > 0:
            upper *= 2.0
        return float(optimize.brentq(gap, 0.0, upper, xtol=1e-10, rtol=1e-12))

    scale = df * (n - 1)
    return (
        float(np.sqrt(noncentrality(1.0 - tail) / scale)),
        float(np.sqrt(noncentrality(tail) / scale)),
    )


def _baseline(cov: np.ndarray, n: int) -> tuple[float, int]:
    """Chi-square and df of the independence model (uncorrelated items).

    Its ML fit is ``Sigma = diag(S)``, so ``F = sum(log s_ii) - log|S|``.
    """
    p = cov.shape[0]
    _, logdet = np.linalg.slogdet(cov)
    return float(n * (np.log(np.diag(cov)).sum() - logdet)), p * (p - 1) // 2


def fit_indices(model: Any) -> pd.DataFrame:
    """The standard fit indices of a fitted semopy model, with their usual cut-offs.

    Chi-square (``n * F_ML``) with its df and p-value, CFI (capped to [0, 1], as
    lavaan), TLI, RMSEA (``sqrt(max(chi2 - df, 0) / (df * (n - 1)))``) with its 90%
    interval (:func:`rmsea_interval`), and SRMR (:func:`srmr`, computed here: semopy
    does not report it). The cut-offs are conventions (Hu & Bentler 1999), not tests.

    Parameters
    ----------
    model : semopy.Model
        A fitted model (e.g. ``SEMFit.model``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``index`` (``chi_square``, ``df``, ``p_value``, ``cfi``, ``tli``,
        ``rmsea``, ``rmsea_low``, ``rmsea_high``, ``srmr``), with ``value``,
        ``good_if`` (the cut-off, empty when there is none), ``meets`` (True/False,
        or missing without a cut-off) and ``meaning``.
    """
    import semopy

    if not isinstance(model, semopy.Model) or getattr(model, "last_result", None) is None:
        raise TypeError(
            "The 'model' parameter of fit_indices must be a fitted semopy.Model. "
            f"Got {type(model).__name__} instead; use cfa(...).model."
        )
    dof = int(semopy.stats.calc_dof(model))
    if dof < 1:
        raise ValueError(
            f"The model passed to fit_indices has {dof} degrees of freedom: it fits any "
            "data, so fit indices say nothing. Use more items per construct."
        )
    n = int(model.n_samples)
    chi_sq, p_value = semopy.stats.calc_chi2(model, dof)
    base_chi, base_dof = _baseline(model.mx_cov, n)
    d_model, d_base = max(chi_sq - dof, 0.0), max(base_chi - base_dof, 0.0)
    denom = max(d_model, d_base)
    cfi = 1.0 - d_model / denom if denom > 0 else 1.0
    tli = (base_chi / base_dof - chi_sq / dof) / (base_chi / base_dof - 1.0)
    low, high = rmsea_interval(float(chi_sq), dof, n)
    values = {
        "chi_square": float(chi_sq),
        "df": float(dof),
        "p_value": float(p_value),
        "cfi": float(cfi),
        "tli": float(tli),
        "rmsea": float(np.sqrt(d_model / (dof * (n - 1)))),
        "rmsea_low": low,
        "rmsea_high": high,
        "srmr": srmr(model.mx_cov, model.calc_sigma()[0]),
    }
    out = pd.DataFrame(
        {
            "value": values,
            "good_if": {k: _RULES[k][0] for k in values},
            "meaning": {k: _RULES[k][1] for k in values},
        }
    )
    out.index.name = "index"
    meets = pd.Series(pd.NA, index=out.index, dtype="boolean")
    for key, rule in out["good_if"].items():
        if rule:
            op, limit = rule.split()
            value = out.loc[key, "value"]
            meets[key] = value >= float(limit) if op == ">=" else value <= float(limit)
    out.insert(2, "meets", meets)
    return out


def _syntax(items: Mapping[str, Sequence[str]], paths: Mapping[str, Sequence[str]]) -> str:
    lines = [f"{c} =~ {' + '.join(cols)}" for c, cols in items.items()]
    lines += [f"{y} ~ {' + '.join(xs)}" for y, xs in paths.items()]
    return "\n".join(lines)


def _fit(frame: pd.DataFrame, items: dict, paths: dict) -> Any:
    import semopy

    model = semopy.Model(_syntax(items, paths))
    result = model.fit(
        frame,
        obj="MLW",
        solver="SLSQP",
        clean_slate=True,
        options={"maxiter": MAX_ITERATIONS, "ftol": FTOL},
    )
    if not result.success:
        raise RuntimeError(
            f"The SEM did not converge ({result.message}). Check that every construct has "
            "items that vary together, or leave a construct out."
        )
    return model


def _estimates(
    model: Any, items: Mapping[str, Sequence[str]], conf_level: float
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Loadings (item on its construct) and structural paths from semopy's table."""
    est = model.inspect(std_est=True)
    est = est[est["op"] == "~"].copy()
    for col in ("Std. Err", "p-value"):
        est[col] = pd.to_numeric(est[col], errors="coerce")
    item_names = {c for cols in items.values() for c in cols}
    load = est[est["lval"].isin(item_names)]
    loadings = pd.DataFrame(
        {
            "estimate": load["Estimate"].to_numpy(dtype="float64"),
            "std_error": load["Std. Err"].to_numpy(dtype="float64"),
            "standardised": load["Est. Std"].to_numpy(dtype="float64"),
        },
        index=pd.MultiIndex.from_arrays([load["rval"], load["lval"]], names=["construct", "item"]),
    )
    path = est[~est["lval"].isin(item_names)]
    raw = path["Estimate"].to_numpy(dtype="float64")
    std = path["Est. Std"].to_numpy(dtype="float64")
    se = path["Std. Err"].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        se_std = np.abs(se * std / raw)
    z = stats.norm.ppf(0.5 + conf_level / 2.0)
    paths = pd.DataFrame(
        {
            "estimate": raw,
            "std_error": se,
            "p_value": path["p-value"].to_numpy(dtype="float64"),
            "standardised": std,
            "std_error_standardised": se_std,
            "ci_low": std - z * se_std,
            "ci_high": std + z * se_std,
        },
        index=pd.MultiIndex.from_arrays(
            [path["lval"], path["rval"]], names=["outcome", "predictor"]
        ),
    )
    return loadings, paths


def _factor_correlations(model: Any, names: list[str]) -> pd.DataFrame:
    """Model-implied correlations of the constructs, from (I-B)^-1 Psi (I-B)^-T."""
    inv = np.linalg.inv(np.eye(model.mx_beta.shape[0]) - model.mx_beta)
    inner = list(model.vars["inner"])
    pick = [inner.index(c) for c in names]
    cov = (inv @ model.mx_psi @ inv.T)[np.ix_(pick, pick)]
    sd = np.sqrt(np.diag(cov))
    return pd.DataFrame(cov / np.outer(sd, sd), index=names, columns=names)


def _fit_result(frame: pd.DataFrame, items: dict, paths: dict, conf_level: float) -> SEMFit:
    model = _fit(frame, items, paths)
    loadings, path_table = _estimates(model, items, conf_level)
    return SEMFit(
        fit_indices=fit_indices(model),
        loadings=loadings,
        paths=path_table,
        factor_correlations=_factor_correlations(model, list(items)),
        n=len(frame),
        model=model,
    )


def cfa(survey: pd.DataFrame, constructs: Constructs = None) -> SEMFit:
    """Confirmatory factor analysis: each construct measured by its own items only.

    Every item loads on its construct alone, the constructs correlate freely, each
    construct's scale is set by its first item (loading 1), and the model is fitted by
    maximum likelihood on the items' covariances (semopy's ``MLW`` objective).

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent with item columns (``{construct}_{k}``). Respondents
        with a missing answer are left out and counted in a warning.
    constructs : str, list of str or mapping, optional
        Constructs to include (names, or construct -> item columns); default every
        construct found; at least 2, each with at least 2 items.

    Returns
    -------
    SEMFit
        With an empty ``paths`` table.
    """
    frame, items = item_block(survey, constructs, "cfa")
    return _fit_result(frame, items, {}, 0.95)


def _check_paths(paths: Any, items: Mapping, func: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(paths, Mapping) or not paths:
        raise ValueError(
            f"The 'paths' parameter of {func} must map each outcome construct to its "
            f"predictors, like LOYALTY_CHAIN. Got {paths!r} instead."
        )
    out = {}
    for outcome, predictors in paths.items():
        predictors = (predictors,) if isinstance(predictors, str) else tuple(predictors)
        unknown = [c for c in (outcome, *predictors) if c not in items]
        if unknown or not predictors or outcome in predictors:
            raise ValueError(
                f"The 'paths' parameter of {func} must use measured constructs "
                f"{list(items)}, and no construct may predict itself. Got "
                f"{outcome!r} ~ {list(predictors)} instead."
            )
        out[str(outcome)] = predictors
    return out


def structural_model(
    survey: pd.DataFrame,
    paths: Mapping[str, Sequence[str]] = LOYALTY_CHAIN,
    *,
    constructs: Constructs = None,
    observed: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
) -> SEMFit:
    """The structural model of the loyalty chain, with its measurement model.

    The measurement part is :func:`cfa`'s; the structural part regresses each outcome
    construct on its predictors (``paths``), constructs appearing only as predictors
    correlate freely, and every construct is latent (its measurement error modelled,
    unlike a regression on scale scores, whose error attenuates the effects).

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent with item columns.
    paths : mapping, default :data:`LOYALTY_CHAIN`
        Outcome construct -> its predictor constructs.
    constructs : str, list of str or mapping, optional
        The measured constructs (default: every construct found).
    observed : str or list of str, optional
        Columns of ``survey`` measured without items that may appear in ``paths``,
        such as purchases after the survey joined by customer
        (:func:`crmkit.repurchase.stated_vs_actual`: ``purchases``, ``revenue``,
        ``bought_again``). Numeric or yes/no (as 0/1, a linear probability path).
        Respondents missing one are left out and counted in a warning.
    conf_level : float, default 0.95
        Level of the intervals of the standardised paths.

    Returns
    -------
    SEMFit
        ``paths`` holds each path with its standard error and interval. The
        standardised path's standard error is the unstandardised one scaled by
        ``standardised / estimate``, which treats the standard deviations used to
        standardise as known (their own sampling error is left out).
    """
    func = "structural_model"
    level = check_level(conf_level, "conf_level", func)
    frame, items = item_block(survey, constructs, func)
    extra = _observed_block(survey, observed, items, func)
    if extra is not None:
        frame = frame.join(extra, how="inner")
    known = {**items, **{c: [c] for c in ([] if extra is None else extra.columns)}}
    return _fit_result(frame, items, _check_paths(paths, known, func), level)


def _observed_block(
    survey: pd.DataFrame, observed: Any, items: Mapping[str, Sequence[str]], func: str
) -> pd.DataFrame | None:
    """The observed (item-free) columns as floats, complete rows only (counted)."""
    if observed is None:
        return None
    names = name_list(observed, "observed", func)
    check_columns(survey, names, "survey", func)
    clash = [c for c in names if c in items or any(c in cols for cols in items.values())]
    if clash or len(set(names)) != len(names):
        raise ValueError(
            f"The 'observed' parameter of {func} must name columns that are neither "
            f"constructs nor items, each once. Got {names} (clashing: {clash}) instead."
        )
    block = pd.DataFrame(index=survey.index)
    for col in names:
        values = survey[col]
        if pd.api.types.is_bool_dtype(values):
            values = values.astype("float64")
        block[col] = check_finite(values, "survey", func, column=col, allow_missing=True)
    incomplete = block.isna().any(axis=1)
    if incomplete.any():
        warnings.warn(
            f"{func}: {int(incomplete.sum())} of {len(block)} respondent(s) missing an "
            f"observed column {names} were left out (listwise deletion).",
            UserWarning,
            stacklevel=3,
        )
    block = block[~incomplete]
    constant = [c for c in names if block[c].nunique() < 2]
    if constant:
        raise ValueError(
            f"The observed column(s) {constant} passed to {func} have one value for every "
            "respondent, so nothing can explain them. Use a longer window or leave them out."
        )
    return block


def true_paths(
    truth: pd.DataFrame,
    params: Mapping[str, Any],
    customer_ids: Any,
    paths: Mapping[str, Sequence[str]] = LOYALTY_CHAIN,
) -> pd.DataFrame:
    """The world's true structural paths, raw and standardised over the respondents.

    In :mod:`crmkit.world` satisfaction, cognitive, affective and behavioural loyalty
    are linear in other constructs plus independent noise (``satisfaction_effects``,
    ``cognitive_effects``, ``affective_effects``, ``loyalty_effects``); a path not in
    the world's equation is 0 (the world has no path from cognitive or affective to
    behavioural loyalty). The standardised path is ``b * sd(x) / sd(y)`` with standard
    deviations over the respondents, which is what an SEM's standardised estimate
    measures.

    Parameters
    ----------
    truth : pandas.DataFrame
        ``World.truth`` (``customer_id`` and the latent columns).
    params : mapping
        ``World.params`` or :func:`crmkit.datasets.load_params`.
    customer_ids : array-like
        The respondents (e.g. ``survey["customer_id"]``).
    paths : mapping, default :data:`LOYALTY_CHAIN`

    Returns
    -------
    pandas.DataFrame
        Indexed by (``outcome``, ``predictor``) like ``SEMFit.paths``, with
        ``true_effect`` and ``true_standardised``.
    """
    func = "true_paths"
    truth = check_frame(truth, "truth", func)
    check_columns(truth, ["customer_id", *TRUTH_COLUMNS.values()], "truth", func)
    paths = _check_paths(paths, TRUTH_COLUMNS, func)
    unknown = [y for y in paths if y not in _EFFECT_PARAMS]
    if unknown:
        raise ValueError(
            f"The 'paths' parameter of {func} has outcomes {unknown} whose true equation "
            f"the world does not have. Outcomes known: {list(_EFFECT_PARAMS)}."
        )
    missing = [_EFFECT_PARAMS[y] for y in paths if _EFFECT_PARAMS[y] not in params]
    if not isinstance(params, Mapping) or missing:
        raise ValueError(
            f"The 'params' parameter of {func} must be the world's parameters with "
            f"{missing}. Pass World.params or crmkit.datasets.load_params()."
        )
    table = truth.set_index("customer_id")
    ids = pd.Index(np.asarray(customer_ids))
    absent = ids.difference(table.index)
    if len(absent) or len(ids) < 2:
        raise ValueError(
            f"The 'customer_ids' parameter of {func} must name at least 2 customers of "
            f"the truth table. Got {len(absent)} unknown id(s), e.g. {absent[:5].tolist()}."
        )
    latent = table.loc[ids]
    sd = {c: float(latent[col].std(ddof=0)) for c, col in TRUTH_COLUMNS.items()}
    rows = []
    for y, xs in paths.items():
        for x in xs:
            b = float(params[_EFFECT_PARAMS[y]].get(x, 0.0))
            rows.append((y, x, b, b * sd[x] / sd[y]))
    out = pd.DataFrame(rows, columns=["outcome", "predictor", "true_effect", "true_standardised"])
    return out.set_index(["outcome", "predictor"])
