"""Tests of crmkit.params: the parameter table, its defaults and its validation."""

from __future__ import annotations

import copy

import pytest

from crmkit.params import PARAMS, default_params, validate_params
from crmkit.schema import REGIONS
from crmkit.world import make_world


def test_default_params_is_a_fresh_copy():
    a = default_params()
    a["loyalty_effects"]["care"] = 99.0
    a["survey_loadings"][0] = 0.1
    assert default_params()["loyalty_effects"]["care"] == 0.15
    assert default_params()["survey_loadings"][0] == 0.85
    assert list(a) == list(PARAMS)


def test_every_default_passes_its_own_check():
    assert validate_params(default_params()) == default_params()


def test_validate_params_fills_defaults_and_does_not_mutate_its_input():
    given = {
        "loyalty_effects": {**PARAMS["loyalty_effects"].default, "care": 0.5},
        "survey_size": 7,
    }
    before = copy.deepcopy(given)
    out = validate_params(given)
    assert given == before
    assert out["loyalty_effects"]["care"] == 0.5 and out["survey_size"] == 7
    assert out["business_share"] == PARAMS["business_share"].default
    assert set(out) == set(PARAMS)


def test_validate_params_names_the_caller():
    with pytest.raises(ValueError, match="'business_share' parameter of power_study"):
        validate_params({"business_share": 2.0}, where="power_study")


# ---------------------------------------------------------------------------
# invalid parameters, through make_world (moved from test_world.py)
# ---------------------------------------------------------------------------
def _bad_value(name, spec):
    if spec.kind in ("float", "int"):
        return spec.hi + 1
    if spec.kind == "choice":
        return "wiggly"
    if spec.kind in ("dict", "shares"):
        return {k: v for k, v in list(spec.default.items())[1:]}  # a key missing
    if spec.kind == "thresholds":
        return [1.0, -1.0]
    return [0.5, 0.5]  # loadings: wrong length


@pytest.mark.parametrize("name", list(PARAMS))
def test_every_invalid_param_raises_naming_it(name):
    spec = PARAMS[name]
    with pytest.raises(ValueError, match=f"'{name}' parameter of make_world"):
        make_world(50, seed=1, **{name: _bad_value(name, spec)})


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"business_share": -0.1}, r"'business_share'.*\[0.0, 1.0\]"),
        ({"business_share": "0.3"}, "'business_share'.*number"),
        ({"business_share": float("nan")}, "'business_share'"),
        ({"survey_size": 1.5}, "'survey_size'.*integer"),
        ({"survey_size": True}, "'survey_size'"),
        (
            {"loyalty_effects": {**PARAMS["loyalty_effects"].default, "care": 9.0}},
            r"loyalty_effects\['care'\]",
        ),
        ({"region_shares": dict.fromkeys(REGIONS, 0.5)}, "'region_shares'.*sum to 1"),
        ({"survey_loadings": [0.8, 0.8, 1.5]}, r"survey_loadings\[2\]"),
        ({"colour": "red"}, "unknown parameter.*'colour'"),
    ],
)
def test_invalid_param_messages(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_world(50, seed=1, **kwargs)
