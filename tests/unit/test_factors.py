"""Tests for crmkit.factors: eigenvalues, exploratory factor analysis, its structure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import crmkit
from crmkit import factors


def simulated_survey(
    rng: np.random.Generator, n: int = 3000, loadings=(0.8, 0.8, 0.8), constructs=("a", "b")
) -> pd.DataFrame:
    """Continuous items ``l * z + sqrt(1 - l**2) * e`` for independent constructs."""
    data = {"customer_id": np.arange(1, n + 1)}
    lam = np.asarray(loadings)
    for c in constructs:
        z = rng.standard_normal(n)
        items = z[:, None] * lam + np.sqrt(1 - lam**2) * rng.standard_normal((n, len(lam)))
        for k in range(len(lam)):
            data[f"{c}_{k + 1}"] = items[:, k]
    return pd.DataFrame(data)


@pytest.fixture(scope="module")
def world():
    return crmkit.make_world()


def test_factor_analysis_recovers_the_world_structure(world):
    loadings = factors.factor_analysis(world.survey)
    assert loadings.shape == (27, 9)
    assert list(loadings.columns) == [f"F{j}" for j in range(1, 10)]
    structure = factors.factor_structure(loadings)
    # the three items of each construct share one factor, and no two constructs share
    per_construct = structure.groupby("construct", sort=False)["factor"].agg(set)
    assert (per_construct.map(len) == 1).all()
    assert per_construct.map(min).nunique() == 9
    # numbered in survey order and turned positive
    assert per_construct.map(min).tolist() == [f"F{j}" for j in range(1, 10)]
    assert (structure["loading"] > 0.5).all()
    assert (structure["cross_loading"] < structure["loading"]).all()


@pytest.mark.parametrize("rotation", ["promax", "oblimin", None])
def test_factor_analysis_other_rotations(rotation, rng):
    s = simulated_survey(rng, n=2000, constructs=("a", "b", "c"))
    structure = factors.factor_structure(factors.factor_analysis(s, rotation=rotation))
    if rotation is not None:
        assert structure.groupby("construct")["factor"].nunique().eq(1).all()
        assert structure["factor"].nunique() == 3
    assert structure["loading"].abs().gt(0.3).all()


def test_factor_analysis_ml_and_one_factor(rng):
    s = simulated_survey(rng, n=2000, constructs=("a",))
    one = factors.factor_analysis(s, 1, method="ml")
    assert list(one.columns) == ["F1"]
    np.testing.assert_allclose(one["F1"].to_numpy(), [0.8, 0.8, 0.8], atol=0.05)
    assert factors.factor_structure(one)["cross_loading"].eq(0).all()


def test_eigenvalues_add_up_to_the_number_of_items(world):
    ev = factors.correlation_eigenvalues(world.survey)
    assert len(ev) == 27
    assert ev.sum() == pytest.approx(27)
    assert ev.is_monotonic_decreasing
    assert ev.index[0] == 1


def test_factor_analysis_bad_input(world):
    with pytest.raises(ValueError, match="'rotation' parameter of factor_analysis"):
        factors.factor_analysis(world.survey, rotation="spin")
    with pytest.raises(ValueError, match="'method' parameter of factor_analysis"):
        factors.factor_analysis(world.survey, method="minres")
    for bad in [0, 27, 2.5, True]:
        with pytest.raises(ValueError, match="'n_factors' parameter of factor_analysis"):
            factors.factor_analysis(world.survey, bad)
    with pytest.raises(TypeError, match="must be numeric"):
        factors.factor_structure(pd.DataFrame({"F1": ["a"]}, index=["x_1"]))
