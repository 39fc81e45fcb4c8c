"""Tests for crmkit.experiments: worlds with one knob changed, simulated power."""

from __future__ import annotations

import pytest

from crmkit import experiments
from crmkit.world import make_world


def test_vary_world_changes_only_the_knob():
    def share(world):
        return {
            "rows": len(world.branches),
            "mean_sat": world.branches["satisfaction_index"].mean(),
        }

    out = experiments.vary_world("n_branches", [5, 10], share, n_customers=1)
    assert out.index.tolist() == ["5", "10"]
    assert out["rows"].tolist() == [40.0, 80.0]
    one = experiments.vary_world(
        "exit_reason_shares",
        {"default": make_world(1).params["exit_reason_shares"]},
        lambda w: 1.0,
        n_customers=1,
    )
    assert one.loc["default", "statistic"] == 1.0


def test_vary_world_bad_input():
    with pytest.raises(ValueError, match="'param'"):
        experiments.vary_world("speed", [1], lambda w: 1.0)
    with pytest.raises(ValueError, match="both"):
        experiments.vary_world("n_branches", [5], lambda w: 1.0, n_branches=5)
    with pytest.raises(TypeError, match="'statistic'"):
        experiments.vary_world("n_branches", [5], 3)
    with pytest.raises(ValueError, match="'values'"):
        experiments.vary_world("n_branches", 5, lambda w: 1.0)
    with pytest.raises(TypeError, match="must return"):
        experiments.vary_world("n_branches", [5], lambda w: "x", n_customers=1)


def test_panel_power_grows_with_the_panel():
    out = experiments.panel_power([5, 40], [8], n_sims=40, seed=1)
    assert out["branch_years_used"].tolist() == [7, 7]
    assert out["power"].iloc[0] < out["power"].iloc[1]
    assert out["truth"].tolist() == [0.001, 0.001]
    none = experiments.panel_power(
        [10],
        [4],
        n_sims=60,
        seed=2,
        branch_effects={
            "satisfaction_to_retention": 0.005,
            "retention_to_margin": 0.5,
            "satisfaction_to_margin": 0.0,
        },
    )
    # no effect: rejections are false alarms, about alpha = 5%
    assert none["power"].iloc[0] <= 0.2


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_branches": []}, "'n_branches'"),
        ({"n_branches": [2]}, "'n_branches'"),
        ({"branch_years": [2]}, "'branch_years'"),
        ({"n_sims": 3}, "'n_sims'"),
        ({"alpha": 0}, "'alpha'"),
        ({"driver": "price"}, "'driver'"),
        ({"seed": -3}, "'seed'"),
    ],
)
def test_panel_power_bad_input(kwargs, match):
    args = {"n_branches": [5], "branch_years": [4], "n_sims": 10} | kwargs
    with pytest.raises(ValueError, match=match):
        experiments.panel_power(args.pop("n_branches"), args.pop("branch_years"), **args)
