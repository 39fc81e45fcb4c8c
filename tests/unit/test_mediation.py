"""Tests for crmkit.mediation: bootstrap mediation by hand, its seed, the true effects."""

from __future__ import annotations

import pandas as pd
import pytest

import crmkit
from crmkit import mediation, scales


@pytest.fixture(scope="module")
def world_scores(world):
    return scales.scale_scores(world.survey)


@pytest.fixture(scope="module")
def world():
    return crmkit.make_world()


def test_mediation_matches_the_product_of_coefficients(rng):
    # x -> m with a = 0.5, m -> y with b = 0.6, x -> y directly 0.2 (raw units)
    n = 4000
    x = rng.standard_normal(n)
    m = 0.5 * x + rng.standard_normal(n)
    y = 0.2 * x + 0.6 * m + rng.standard_normal(n)
    scores = pd.DataFrame({"x": x, "m": m, "y": y})
    out = mediation.mediation_analysis(scores, "x", "m", "y", n_rep=200, seed=1, standardise=False)
    assert list(out.index) == ["indirect", "direct", "total", "proportion_mediated"]
    assert out.loc["indirect", "estimate"] == pytest.approx(0.30, abs=0.04)
    assert out.loc["direct", "estimate"] == pytest.approx(0.20, abs=0.05)
    assert out.loc["total", "estimate"] == pytest.approx(0.50, abs=0.05)
    again = mediation.mediation_analysis(
        scores, "x", "m", "y", n_rep=200, seed=1, standardise=False
    )
    pd.testing.assert_frame_equal(out, again)


def test_mediation_bad_input(world_scores):
    with pytest.raises(ValueError, match="must be different"):
        mediation.mediation_analysis(world_scores, "trust", "trust", "behavioural")
    with pytest.raises(ValueError, match="'n_rep' parameter"):
        mediation.mediation_analysis(world_scores, n_rep=5)
