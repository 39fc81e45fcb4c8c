"""Tests for crmkit.mediation: bootstrap mediation by hand, its seed, the true effects."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import numpy as np
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


def _ols(columns, y):
    """Least-squares coefficients with an intercept first, by the normal equations."""
    x = np.column_stack([np.ones(len(y)), *columns])
    return np.linalg.solve(x.T @ x, x.T @ y)


def test_mediation_bootstrap_by_hand(rng):
    # the estimate is a * b from the two regressions; the interval is the percentiles of
    # a * b over respondents resampled by default_rng(seed).integers, refitted each time
    n = 300
    x = rng.standard_normal(n)
    c = rng.standard_normal(n)
    m = 0.5 * x + 0.3 * c + rng.standard_normal(n)
    y = 0.2 * x + 0.6 * m - 0.2 * c + rng.standard_normal(n)
    table = pd.DataFrame({"x": x, "m": m, "y": y, "c": c})
    out = mediation.mediation_analysis(
        table, "x", "m", "y", ["c"], n_rep=50, seed=3, standardise=False
    )

    def effects(idx):
        a = _ols([x[idx], c[idx]], m[idx])[1]
        direct, b = _ols([x[idx], m[idx], c[idx]], y[idx])[1:3]
        return a * b, direct

    indirect, direct = effects(np.arange(n))
    assert out.loc["indirect", "estimate"] == pytest.approx(indirect, rel=1e-9)
    assert out.loc["direct", "estimate"] == pytest.approx(direct, rel=1e-9)
    assert out.loc["total", "estimate"] == pytest.approx(indirect + direct, rel=1e-9)
    assert out.loc["proportion_mediated", "estimate"] == pytest.approx(
        indirect / (indirect + direct), rel=1e-9
    )
    draw = np.random.default_rng(3)
    boot = np.array([effects(draw.integers(0, n, size=n))[0] for _ in range(50)])
    low, high = np.quantile(boot, [0.025, 0.975])
    assert out.loc["indirect", "ci_low"] == pytest.approx(low, rel=1e-9)
    assert out.loc["indirect", "ci_high"] == pytest.approx(high, rel=1e-9)
    p = min(1.0, 2 * min((boot < 0).mean(), (boot > 0).mean()))
    assert out.loc["indirect", "p_value"] == pytest.approx(p)


def test_mediation_interval_covers_the_truth_about_95_in_100_times(rng):
    # 60 simulated studies with a = 0.4, b = 0.5 (indirect 0.2) and no direct effect:
    # a 95% interval should miss the true indirect effect in about 3 of them
    covered_indirect, covered_direct = 0, 0
    for study in range(60):
        n = 400
        x = rng.standard_normal(n)
        m = 0.4 * x + rng.standard_normal(n)
        y = 0.5 * m + rng.standard_normal(n)
        table = pd.DataFrame({"x": x, "m": m, "y": y})
        out = mediation.mediation_analysis(
            table, "x", "m", "y", n_rep=200, seed=study, standardise=False
        )
        covered_indirect += out.loc["indirect", "ci_low"] < 0.2 < out.loc["indirect", "ci_high"]
        covered_direct += out.loc["direct", "ci_low"] < 0.0 < out.loc["direct", "ci_high"]
    assert 51 <= covered_indirect <= 60  # binomial(60, 0.95): 51 or more with 99.8%
    assert 51 <= covered_direct <= 60


def test_mediation_interval_narrows_with_the_level_and_follows_the_seed(rng):
    n = 500
    x = rng.standard_normal(n)
    m = 0.4 * x + rng.standard_normal(n)
    y = 0.5 * m + rng.standard_normal(n)
    table = pd.DataFrame({"x": x, "m": m, "y": y})
    wide = mediation.mediation_analysis(table, "x", "m", "y", n_rep=300)
    narrow = mediation.mediation_analysis(table, "x", "m", "y", n_rep=300, conf_level=0.5)
    assert wide.loc["indirect", "ci_low"] < narrow.loc["indirect", "ci_low"]
    assert narrow.loc["indirect", "ci_high"] < wide.loc["indirect", "ci_high"]
    pd.testing.assert_frame_equal(
        wide, mediation.mediation_analysis(table, "x", "m", "y", n_rep=300)
    )
    other_seed = mediation.mediation_analysis(table, "x", "m", "y", n_rep=300, seed=1)
    assert not other_seed["ci_low"].equals(wide["ci_low"])
    assert other_seed["estimate"].equals(wide["estimate"])  # the seed moves only intervals


@pytest.mark.parametrize("seed", [-1, 1.5, "2026", True])
def test_mediation_seed_is_checked(world_scores, seed):
    # issue 14: numpy's SeedSequence error used to reach the user
    with pytest.raises(ValueError, match="'seed' parameter of mediation_analysis"):
        mediation.mediation_analysis(world_scores, seed=seed)


def test_mediation_size_and_values_are_bounded(world_scores):
    with pytest.raises(ValueError, match="'n_rep' parameter of mediation_analysis must be"):
        mediation.mediation_analysis(world_scores, n_rep=10**9)
    with pytest.raises(ValueError, match="'n_rep' parameter"):
        mediation.mediation_analysis(world_scores, n_rep=100.0)
    with pytest.raises(ValueError, match="'conf_level' parameter"):
        mediation.mediation_analysis(world_scores, conf_level=95)
    bad = world_scores.copy()
    bad.iloc[0, bad.columns.get_loc("affective")] = np.inf
    with pytest.raises(ValueError, match=r"'affective' column .* infinite"):
        mediation.mediation_analysis(bad)


def test_true_mediation_by_hand():
    # a = 0.5 (x -> m), b = 0.4 (m -> y), c' = 0.2 (x -> y); sd(x) = 2, sd(y) = 4
    truth = pd.DataFrame(
        {
            "satisfaction": [-2.0, 2.0, -2.0, 2.0],
            "loyalty_behavioural": [-4.0, 4.0, 4.0, -4.0],
        }
    )
    params = {
        "affective_effects": {"satisfaction": 0.5},
        "loyalty_effects": {"satisfaction": 0.2, "affective": 0.4},
    }
    out = mediation.true_mediation(truth, params)
    assert out["indirect"] == pytest.approx(0.5 * 0.4 * 2 / 4)
    assert out["direct"] == pytest.approx(0.2 * 2 / 4)
    assert out["total"] == pytest.approx(0.1 + 0.1)
    assert out["proportion_mediated"] == pytest.approx(0.5)


def test_true_mediation_of_the_world_has_no_indirect_effect(world):
    from crmkit import loyalty_models

    out = mediation.true_mediation(world.truth, world.params)
    direct = loyalty_models.true_effects(world.truth, world.params)
    assert out["indirect"] == 0.0
    assert out["direct"] == pytest.approx(direct.loc["satisfaction", "true_standardised"])
    with pytest.raises(ValueError, match="'exposure' parameter of true_mediation"):
        mediation.true_mediation(world.truth, world.params, exposure="affective")
    with pytest.raises(ValueError, match="'mediator' parameter of true_mediation"):
        mediation.true_mediation(world.truth, world.params, mediator="trust")
    with pytest.raises(ValueError, match="must differ"):
        mediation.true_mediation(world.truth, world.params, mediator="behavioural")
    with pytest.raises(ValueError, match="'params' parameter"):
        mediation.true_mediation(world.truth, {})


_BLAS_SCRIPT = """
import crmkit
from crmkit import loyalty_models, mediation, scales
w = crmkit.make_world()
s = scales.scale_scores(w.survey)
others = ["value", "trust", "care", "purchase_cost", "switching_cost"]
for t in (s, loyalty_models.latent_scores(w.truth, customer_ids=s.index)):
    print(mediation.mediation_analysis(t, covariates=others, n_rep=200, seed=2026).round(9))
"""


def _cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    line = next((x for x in text.splitlines() if x.startswith("flags")), "")
    return set(line.split(":", 1)[-1].split())


@pytest.mark.slow
@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="OpenBLAS x86-64 kernels")
def test_mediation_prints_the_same_under_every_blas_kernel():
    # issue 12: statsmodels' simulation drew through multivariate_normal, whose SVD
    # depends on the OpenBLAS kernel; chapter 4's interval moved with the CPU
    flags = _cpu_flags()
    cores = ["Haswell"] if "avx2" in flags else []
    cores += ["Sandybridge"] if "avx" in flags else []
    cores += ["SkylakeX"] if "avx512f" in flags else []
    if len(cores) < 2:
        pytest.skip("this CPU runs fewer than two OpenBLAS x86-64 kernels")
    outputs = {}
    for core in cores:
        env = {**os.environ, "OPENBLAS_CORETYPE": core}
        done = subprocess.run(
            [sys.executable, "-c", _BLAS_SCRIPT],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        outputs[core] = done.stdout
    first = outputs[cores[0]]
    assert all(out == first for out in outputs.values()), outputs


def test_mediation_leaves_its_input_alone_and_counts_what_it_leaves_out(world_scores):
    scores = world_scores.copy()
    scores.iloc[0, scores.columns.get_loc("trust")] = np.nan
    before = scores.copy(deep=True)
    with pytest.warns(UserWarning, match=r"1 of 1200 row\(s\) with a missing value"):
        out = mediation.mediation_analysis(scores, covariates=["trust"], n_rep=20)
    pd.testing.assert_frame_equal(scores, before)
    assert np.isfinite(out.to_numpy()).all()


def test_no_mediation_of_buying_in_a_large_world():
    """On error-free factors of a large world, the indirect effect of satisfaction on repeat
    purchase through affective loyalty is near the true 0, the total clearly positive."""
    from crmkit import loyalty_models, repurchase

    w = crmkit.make_world(n_customers=20_000, seed=11)
    first = w.transactions.groupby("customer_id")["order_date"].min()
    buyers = first.index[first < "2025-01-15"]
    survey = pd.DataFrame({"customer_id": buyers, "survey_date": pd.Timestamp("2025-01-15")})
    latent = loyalty_models.latent_scores(w.truth, customer_ids=buyers)
    kind = w.customers.set_index("customer_id")["customer_type"]
    table = (
        ((latent - latent.mean()) / latent.std())
        .join(repurchase.purchase_behaviour(survey, w.transactions, days=350))
        .join((kind == "business").astype(int).rename("business"))
    )
    others = ["value", "trust", "care", "purchase_cost", "switching_cost", "business"]
    out = mediation.mediation_analysis(
        table, outcome="repeat_350d", covariates=others, n_rep=50, seed=3, standardise=False
    )
    truth = mediation.true_mediation(w.truth, w.params)["indirect"]
    assert truth == 0.0
    assert out.loc["indirect", "ci_low"] <= truth <= out.loc["indirect", "ci_high"]
    assert abs(out.loc["indirect", "estimate"]) < 0.01  # under one percentage point
    assert out.loc["total", "ci_low"] > 0.05  # satisfaction clearly raises buying
