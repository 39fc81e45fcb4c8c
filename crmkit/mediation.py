"""Mediation (中介效应): how much of an effect runs through a go-between.

===================================  =================================================
:func:`mediation_analysis`           indirect, direct and total effects, with a
                                     seeded percentile bootstrap interval each
:func:`true_mediation`               the same effects in the world's truth
===================================  =================================================

With linear models (Baron & Kenny 1986) the exposure's effect on the outcome splits
into an **indirect effect** ``a * b`` (exposure -> mediator with slope ``a``, mediator
-> outcome with slope ``b``, exposure held fixed) and a **direct effect** ``c'`` (the
exposure's own slope with the mediator held fixed); their sum is the total effect.

Intervals come from a nonparametric bootstrap: respondents are resampled with
replacement by ``numpy.random.default_rng(seed).integers`` and both regressions are
refitted on each resample (Preacher & Hayes 2008). No random draw goes through a
matrix factorisation (``multivariate_normal`` uses an SVD whose last bits, and so its
draws, depend on the CPU's BLAS kernel), so the printed intervals are the same on every
machine for a given seed.

Layer: technique (uses :mod:`crmkit.loyalty_models` for the world's truth).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_columns, check_count, check_seed
from crmkit._checks import check_frame as _check_frame
from crmkit._columns import check_level, numeric_block
from crmkit.loyalty_models import EFFECT_PARAMS, FACTORS, TRUTH_COLUMNS

__all__ = ["MAX_BOOTSTRAP_DRAWS", "mediation_analysis", "true_mediation"]

#: Largest number of bootstrap resamples :func:`mediation_analysis` accepts (each
#: refits two regressions; 20,000 take about 20 s on 2,000 respondents).
MAX_BOOTSTRAP_DRAWS = 20_000

_EFFECTS = ("indirect", "direct", "total", "proportion_mediated")


def _effects(exposure: np.ndarray, mediator: np.ndarray, outcome: np.ndarray, covs: np.ndarray):
    """(indirect, direct, total, proportion) from the two least-squares fits."""
    ones = np.ones((len(exposure), 1))
    x_m = np.hstack([ones, exposure[:, None], covs])
    x_y = np.hstack([ones, exposure[:, None], mediator[:, None], covs])
    a = np.linalg.lstsq(x_m, mediator, rcond=None)[0][1]
    direct, b = np.linalg.lstsq(x_y, outcome, rcond=None)[0][1:3]
    indirect = a * b
    total = indirect + direct
    proportion = indirect / total if total != 0 else np.nan
    return indirect, direct, total, proportion


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
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Mediation (中介效应): how much of an effect runs through a mediator.

    Fits two OLS models, ``mediator ~ exposure + covariates`` (slope ``a``) and
    ``outcome ~ exposure + mediator + covariates`` (slopes ``c'`` and ``b``). The
    indirect effect is ``a * b``, the direct effect ``c'`` and the total ``a * b +
    c'`` (with OLS, the exposure's slope in ``outcome ~ exposure + covariates``).
    Each gets a percentile bootstrap interval: ``n_rep`` resamples of the respondents,
    drawn with replacement by one ``numpy.random.default_rng(seed)``, each refitted.

    Parameters
    ----------
    scores : pandas.DataFrame
        One numeric column per construct (:func:`crmkit.scales.scale_scores`).
        Rows with a missing value are left out with a warning.
    exposure, mediator, outcome : str
        Columns for the cause, the go-between and the result.
    covariates : sequence of str, default ()
        Other columns to hold fixed in both models.
    n_rep : int, default 1000
        Bootstrap resamples, from 10 to :data:`MAX_BOOTSTRAP_DRAWS` (20,000).
    seed : int, default 0
        Seed of the generator that draws the resamples (a non-negative whole number).
    standardise : bool, default True
        Turn every column into z-scores (over all complete rows) first, so effects are
        in standard deviations; the resamples reuse these z-scores.
    conf_level : float, default 0.95
        Level of the percentile intervals.

    Returns
    -------
    pandas.DataFrame
        Rows ``indirect``, ``direct``, ``total`` and ``proportion_mediated``
        (indirect / total; index ``effect``), columns ``estimate`` (on all
        respondents), ``ci_low``, ``ci_high`` (bootstrap percentiles) and ``p_value``
        (two-sided bootstrap p-value: twice the smaller share of resamples on either
        side of 0, at most 1).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> x = rng.standard_normal(500)
    >>> m = 0.5 * x + rng.standard_normal(500)
    >>> y = 0.6 * m + rng.standard_normal(500)
    >>> t = mediation_analysis(pd.DataFrame({"x": x, "m": m, "y": y}), "x", "m", "y",
    ...                        n_rep=200, standardise=False)
    >>> bool(t.loc["indirect", "ci_low"] < 0.3 < t.loc["indirect", "ci_high"])
    True
    """
    func = "mediation_analysis"
    scores = _check_frame(scores, "scores", func)
    covariates = list(covariates) if not isinstance(covariates, str) else [covariates]
    names = [exposure, mediator, outcome, *covariates]
    if len(set(names)) != len(names):
        raise ValueError(
            f"The exposure, mediator, outcome and covariates of {func} must be different "
            f"columns. Got {names} instead."
        )
    if isinstance(n_rep, bool) or not isinstance(n_rep, (int, np.integer)):
        raise ValueError(
            f"The 'n_rep' parameter of {func} must be a whole number from 10 to "
            f"{MAX_BOOTSTRAP_DRAWS}. Got {n_rep!r} instead."
        )
    n_rep = check_count(n_rep, "n_rep", func, low=10, high=MAX_BOOTSTRAP_DRAWS)
    seed = check_seed(seed, "seed", func)
    level = check_level(conf_level, "conf_level", func)
    block = numeric_block(scores, names, "scores", func)
    if standardise:
        block = (block - block.mean()) / block.std(ddof=1)
    x, m, y = (block[c].to_numpy() for c in (exposure, mediator, outcome))
    covs = block[covariates].to_numpy().reshape(len(block), len(covariates))
    estimate = _effects(x, m, y, covs)
    rng = np.random.default_rng(seed)
    n = len(block)
    draws = np.empty((n_rep, len(_EFFECTS)))
    for r in range(n_rep):
        idx = rng.integers(0, n, size=n)  # resample respondents: no matrix factorisation
        draws[r] = _effects(x[idx], m[idx], y[idx], covs[idx])
    tail = (1.0 - level) / 2
    with np.errstate(invalid="ignore"):
        low, high = np.nanquantile(draws, [tail, 1.0 - tail], axis=0)
    below, above = (draws < 0).mean(axis=0), (draws > 0).mean(axis=0)
    return pd.DataFrame(
        {
            "estimate": np.asarray(estimate, dtype="float64"),
            "ci_low": low,
            "ci_high": high,
            "p_value": np.minimum(1.0, 2.0 * np.minimum(below, above)),
        },
        index=pd.Index(list(_EFFECTS), name="effect"),
    )


def true_mediation(
    truth: pd.DataFrame,
    params: Mapping[str, Any],
    exposure: str = "satisfaction",
    mediator: str = "affective",
    outcome: str = "behavioural",
) -> pd.Series:
    """The world's true indirect, direct and total effects, standardised.

    In :mod:`crmkit.world` each loyalty level is linear in some of the six factors plus
    its own noise. The true ``a`` is the exposure's coefficient in the mediator's
    equation, the true ``b`` the mediator's coefficient in the outcome's equation
    (0 when the outcome's equation does not contain the mediator: behavioural loyalty
    depends on the six factors only) and the true direct effect the exposure's
    coefficient in the outcome's equation. Standardised as the survey is (standard
    deviations over all customers of ``truth``), the indirect effect is ``a * b *
    sd(exposure) / sd(outcome)``. These are the effects :func:`mediation_analysis`
    estimates when the other five factors are its covariates.

    Parameters
    ----------
    truth : pandas.DataFrame
        ``World.truth``.
    params : mapping
        ``World.params`` (or :func:`crmkit.datasets.load_params`).
    exposure : str, default "satisfaction"
        One of the six factors (:data:`crmkit.loyalty_models.FACTORS`).
    mediator : {"affective", "cognitive"}, default "affective"
    outcome : {"behavioural", "cognitive", "affective"}, default "behavioural"

    Returns
    -------
    pandas.Series
        Named ``truth``, index ``effect``: ``indirect``, ``direct``, ``total`` and
        ``proportion_mediated`` (NaN when the total is 0).
    """
    func = "true_mediation"
    truth = _check_frame(truth, "truth", func)
    if exposure not in FACTORS:
        raise ValueError(
            f"The 'exposure' parameter of {func} must be one of {list(FACTORS)}. "
            f"Got {exposure!r} instead."
        )
    for name, value in (("mediator", mediator), ("outcome", outcome)):
        if value not in EFFECT_PARAMS:
            raise ValueError(
                f"The {name!r} parameter of {func} must be one of {sorted(EFFECT_PARAMS)}. "
                f"Got {value!r} instead."
            )
    if mediator == outcome:
        raise ValueError(
            f"The 'mediator' and 'outcome' parameters of {func} must differ. "
            f"Got {mediator!r} for both."
        )
    keys = (EFFECT_PARAMS[mediator], EFFECT_PARAMS[outcome])
    if not isinstance(params, Mapping) or not all(k in params for k in keys):
        raise ValueError(
            f"The 'params' parameter of {func} must be the world's parameters with the "
            f"keys {list(keys)}. Pass World.params or crmkit.datasets.load_params()."
        )
    columns = [TRUTH_COLUMNS[exposure], TRUTH_COLUMNS[outcome]]
    check_columns(truth, columns, "truth", func)
    scale = truth[columns[0]].std(ddof=0) / truth[columns[1]].std(ddof=0)
    a = float(params[keys[0]].get(exposure, 0.0))
    b = float(params[keys[1]].get(mediator, 0.0))
    direct = float(params[keys[1]].get(exposure, 0.0)) * scale
    indirect = a * b * scale
    total = indirect + direct
    values = [indirect, direct, total, indirect / total if total != 0 else np.nan]
    return pd.Series(values, index=pd.Index(list(_EFFECTS), name="effect"), name="truth")
