"""The parameters of the Lanting world: defaults, allowed ranges, meanings, validation.

Every keyword argument of :func:`crmkit.world.make_world` is one row of
:data:`PARAMS` (a :class:`Param`: default, kind, allowed range or keys, meaning).
The same table gives :func:`default_params`, the checks of :func:`validate_params`
and the parameter table of ``datasets/README.md``, so the three cannot drift apart.
To add a knob to the world, add its row here and use it in :mod:`crmkit.world`.

This module sits with :mod:`crmkit.schema` at the bottom of crmkit's layers; it
reads only the vocabularies of the schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np

from crmkit._checks import check_number
from crmkit.schema import (
    CARE_TIERS,
    CHANNELS,
    CUSTOMER_TYPES,
    EXIT_REASONS,
    FACTORS,
    PRODUCT_CATEGORIES,
    REGIONS,
)

__all__ = ["PARAMS", "Param", "default_params", "validate_params"]


class Param(NamedTuple):
    """Specification of one :func:`make_world` parameter."""

    default: Any
    kind: str  # float | int | choice | dict | shares | thresholds | loadings
    lo: float | None
    hi: float | None
    keys: tuple[str, ...] | None
    doc: str


def _p(default, kind, lo=None, hi=None, keys=None, doc=""):
    return Param(default, kind, lo, hi, keys, doc)


#: Every keyword parameter of :func:`make_world`: default, kind, allowed range, meaning.
PARAMS: dict[str, Param] = {
    # customers
    "business_share": _p(0.25, "float", 0.0, 1.0, doc="share of customers that are businesses"),
    "potential_share": _p(
        0.10, "float", 0.0, 0.9, doc="share of registered leads who never buy (status potential)"
    ),
    "indirect_share": _p(
        0.25, "float", 0.0, 1.0, doc="share of buyers who buy through a dealer (status indirect)"
    ),
    "region_shares": _p(
        {"North": 0.20, "East": 0.30, "South": 0.22, "West": 0.10, "Central": 0.18},
        "shares",
        0.0,
        1.0,
        REGIONS,
        doc="share of customers in each region",
    ),
    "acquisition_cost": _p(
        {"online": 80.0, "store": 50.0, "referral": 30.0, "sales_team": 400.0},
        "dict",
        0.0,
        1e6,
        CHANNELS,
        doc="mean acquisition cost by channel, yuan (businesses x1.5, lognormal noise sd 0.3)",
    ),
    # latent drivers
    "value_trust_corr": _p(0.3, "float", -0.9, 0.9, doc="correlation of perceived value and trust"),
    "business_switching_cost": _p(
        0.3, "float", -3.0, 3.0, doc="extra switching cost of businesses (sd units)"
    ),
    "care_tier_shares": _p(
        {"ordinary": 0.65, "silver": 0.25, "gold": 0.10},
        "shares",
        0.0,
        1.0,
        CARE_TIERS,
        doc="share of buyers in each care tier",
    ),
    "care_tier_effects": _p(
        {"ordinary": -0.3, "silver": 0.3, "gold": 0.9},
        "dict",
        -3.0,
        3.0,
        CARE_TIERS,
        doc="mean care received in each care tier (sd units)",
    ),
    "care_noise": _p(0.85, "float", 0.0, 3.0, doc="sd of care around its tier mean"),
    "satisfaction_effects": _p(
        {"value": 0.40, "trust": 0.25, "care": 0.30, "purchase_cost": -0.20},
        "dict",
        -2.0,
        2.0,
        ("value", "trust", "care", "purchase_cost"),
        doc="effects of the drivers on satisfaction",
    ),
    "satisfaction_noise": _p(0.75, "float", 0.0, 3.0, doc="sd of satisfaction's own noise"),
    "cognitive_effects": _p(
        {"satisfaction": 0.30, "value": 0.50},
        "dict",
        -2.0,
        2.0,
        ("satisfaction", "value"),
        doc="effects on cognitive loyalty",
    ),
    "cognitive_noise": _p(0.70, "float", 0.0, 3.0, doc="sd of cognitive loyalty's noise"),
    "affective_effects": _p(
        {"satisfaction": 0.55, "trust": 0.20, "care": 0.20},
        "dict",
        -2.0,
        2.0,
        ("satisfaction", "trust", "care"),
        doc="effects on affective loyalty",
    ),
    "affective_noise": _p(0.65, "float", 0.0, 3.0, doc="sd of affective loyalty's noise"),
    "loyalty_effects": _p(
        {
            "satisfaction": 0.40,
            "value": 0.25,
            "trust": 0.20,
            "care": 0.15,
            "purchase_cost": -0.15,
            "switching_cost": 0.10,
        },
        "dict",
        -2.0,
        2.0,
        FACTORS,
        doc="true effects of the six loyalty factors on behavioural loyalty",
    ),
    "loyalty_noise": _p(0.50, "float", 0.0, 3.0, doc="sd of behavioural loyalty's noise"),
    # buying
    "base_purchase_rate": _p(
        {"consumer": 2.5, "business": 5.0},
        "dict",
        0.01,
        100.0,
        CUSTOMER_TYPES,
        doc="mean repeat purchases per year at loyalty 0, by type",
    ),
    "purchase_rate_shape": _p(
        1.5, "float", 0.1, 100.0, doc="gamma shape of the purchase-rate heterogeneity"
    ),
    "rate_loyalty_effect": _p(
        0.30, "float", -3.0, 3.0, doc="log purchase rate per unit of behavioural loyalty"
    ),
    "base_dropout_prob": _p(
        {"consumer": 0.15, "business": 0.08},
        "dict",
        0.001,
        0.999,
        CUSTOMER_TYPES,
        doc="mean drop-out probability after a repeat purchase at loyalty 0, satisfaction "
        "in the zone of indifference, by type",
    ),
    "dropout_concentration": _p(
        8.0, "float", 0.1, 1000.0, doc="beta concentration (a + b) of drop-out probabilities"
    ),
    "dropout_loyalty_effect": _p(
        0.60, "float", -5.0, 5.0, doc="fall in drop-out log-odds per unit of behavioural loyalty"
    ),
    "satisfaction_curve": _p(
        "zones",
        "choice",
        keys=("zones", "linear"),
        doc="shape of the satisfaction-retention curve g(s)",
    ),
    "satisfaction_thresholds": _p(
        [-0.75, 0.75], "thresholds", -3.0, 3.0, doc="edges of the zone of indifference (sd units)"
    ),
    "satisfaction_slope": _p(
        1.5,
        "float",
        0.0,
        5.0,
        doc="drop-out log-odds per unit of satisfaction outside the "
        "zone of indifference (everywhere if linear)",
    ),
    "spend_p": _p(6.0, "float", 0.1, 100.0, doc="Gamma-Gamma shape p of order values"),
    "spend_q": _p(4.0, "float", 1.1, 100.0, doc="Gamma-Gamma shape q of the spend rate"),
    "spend_gamma": _p(120.0, "float", 0.1, 1e5, doc="Gamma-Gamma rate gamma of the spend rate"),
    "business_spend_multiplier": _p(
        2.5, "float", 0.1, 100.0, doc="how many times more a business spends per order"
    ),
    "lines_per_order": _p(
        {"consumer": 1.0, "business": 2.0},
        "dict",
        0.0,
        9.0,
        CUSTOMER_TYPES,
        doc="mean number of extra lines per order",
    ),
    "category_shares": _p(
        {
            "paper": 0.25,
            "writing": 0.15,
            "equipment": 0.10,
            "cleaning": 0.20,
            "kitchen": 0.15,
            "storage": 0.15,
        },
        "shares",
        0.0,
        1.0,
        PRODUCT_CATEGORIES,
        doc="popularity of the product categories",
    ),
    "favourite_category_weight": _p(
        0.5, "float", 0.0, 1.0, doc="probability a line comes from the favourite category"
    ),
    "category_price": _p(
        {
            "paper": 35.0,
            "writing": 15.0,
            "equipment": 480.0,
            "cleaning": 30.0,
            "kitchen": 70.0,
            "storage": 160.0,
        },
        "dict",
        0.5,
        1e5,
        PRODUCT_CATEGORIES,
        doc="median list price in each category, yuan (lognormal sd 0.5)",
    ),
    "category_margin": _p(
        {
            "paper": 0.22,
            "writing": 0.45,
            "equipment": 0.28,
            "cleaning": 0.35,
            "kitchen": 0.40,
            "storage": 0.38,
        },
        "dict",
        0.0,
        0.9,
        PRODUCT_CATEGORIES,
        doc="mean gross-margin rate at list price (sd 0.04 by product)",
    ),
    "category_turnover": _p(
        {
            "paper": 12.0,
            "writing": 8.0,
            "equipment": 3.0,
            "cleaning": 10.0,
            "kitchen": 5.0,
            "storage": 4.0,
        },
        "dict",
        0.1,
        365.0,
        PRODUCT_CATEGORIES,
        doc="median stock turnover per year (units sold / average units; products vary by "
        "a factor exp(N(0, 0.2)); average inventory is at least 5 units)",
    ),
    "discount_rate": _p(
        {"consumer": 0.25, "business": 0.45},
        "dict",
        0.0,
        1.0,
        CUSTOMER_TYPES,
        doc="probability a line is discounted",
    ),
    "return_rate": _p(
        0.03, "float", 0.0, 0.5, doc="probability a unit is returned at satisfaction 0"
    ),
    # service
    "contact_rate": _p(
        1.0, "float", 0.0, 50.0, doc="contacts per active consumer-year (businesses 1.5 times)"
    ),
    "complaint_share": _p(
        0.30, "float", 0.001, 0.999, doc="probability a contact is a complaint at satisfaction 0"
    ),
    "complaint_satisfaction_effect": _p(
        0.9, "float", -5.0, 5.0, doc="fall in complaint log-odds per unit satisfaction"
    ),
    "reason_tilt": _p(
        1.0, "float", 0.0, 5.0, doc="how strongly the latent state picks the complaint reason"
    ),
    "exit_interview_rate": _p(
        0.6, "float", 0.0, 1.0, doc="share of true drop-outs who answered the exit interview"
    ),
    "exit_reason_shares": _p(
        {
            "quality": 0.15,
            "price": 0.18,
            "delivery": 0.10,
            "staff_attitude": 0.10,
            "indifference": 0.40,
            "moved": 0.07,
        },
        "shares",
        0.0,
        1.0,
        EXIT_REASONS,
        doc="base shares of the exit reasons",
    ),
    "exit_reason_tilt": _p(
        0.5, "float", 0.0, 5.0, doc="how strongly the latent state picks the exit reason"
    ),
    # survey
    "survey_size": _p(
        1200,
        "int",
        0,
        10_000_000,
        doc="customers surveyed on 2025-01-15 (fewer if fewer had bought)",
    ),
    "survey_loadings": _p(
        [0.85, 0.80, 0.75],
        "loadings",
        0.05,
        0.99,
        doc="standardised loadings of items 1..3 of every construct",
    ),
    # mailing
    "mailing_share": _p(
        0.5, "float", 0.0, 1.0, doc="share of customers who had bought before 2025-06-02 mailed"
    ),
    "mail_cost_per_piece": _p(6.0, "float", 0.0, 1e4, doc="cost of one mailing piece, yuan"),
    "margin_rate": _p(
        0.30, "float", 0.001, 1.0, doc="gross margin earned on the revenue of a mailing response"
    ),
    "mail_base_response": _p(
        0.08,
        "float",
        0.0001,
        0.9999,
        doc="response probability of an alive customer at the median purchase rate and recency 0",
    ),
    "mail_rate_effect": _p(
        0.8, "float", -5.0, 5.0, doc="response log-odds per unit of log purchase rate"
    ),
    "mail_recency_effect": _p(
        1.5, "float", -10.0, 10.0, doc="fall in response log-odds per year since the last purchase"
    ),
    # branches
    "n_branches": _p(40, "int", 2, 100_000, doc="number of branch units"),
    "branch_years": _p(8, "int", 3, 50, doc="number of years in the branch panel (ending 2025)"),
    "branch_effects": _p(
        {
            "satisfaction_to_retention": 0.005,
            "retention_to_margin": 0.5,
            "satisfaction_to_margin": 0.001,
        },
        "dict",
        -10.0,
        10.0,
        ("satisfaction_to_retention", "retention_to_margin", "satisfaction_to_margin"),
        doc="true service-profit-chain effects: retention per index point "
        "of last year's satisfaction; margin per unit retention; margin "
        "per index point of last year's satisfaction",
    ),
    # customer share (客户占有率) and the wallet: drawn from a stream of their own
    "share_base": _p(
        0.40,
        "float",
        0.001,
        0.999,
        doc="true customer share (share of wallet) of a buyer with behavioural loyalty 0 "
        "and no share noise",
    ),
    "share_loyalty_effect": _p(
        0.8,
        "float",
        -5.0,
        5.0,
        doc="rise in the log-odds of the true customer share per unit of behavioural loyalty",
    ),
    "share_noise": _p(
        0.5, "float", 0.0, 3.0, doc="sd of the true customer share's own noise, in log-odds"
    ),
    "wallet_year_noise": _p(
        0.2,
        "float",
        0.0,
        2.0,
        doc="sd of the log of a year's spending at other suppliers around its expectation",
    ),
    "wallet_survey_share": _p(
        0.4,
        "float",
        0.0,
        1.0,
        doc="share of the customers who ordered in 2025 asked their 2025 category spending "
        "on 2026-01-15",
    ),
    "wallet_report_noise": _p(
        0.25,
        "float",
        0.0,
        2.0,
        doc="sd of the log of a stated category spending around the true one",
    ),
}


def default_params() -> dict[str, Any]:
    """Return a fresh copy of the default parameters of :func:`make_world`.

    Returns
    -------
    dict
        Parameter name -> default value (JSON-serialisable).
    """
    return {k: _copy(v.default) for k, v in PARAMS.items()}


def _copy(value):
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


def _range(spec: Param) -> str:
    return f"[{spec.lo}, {spec.hi}]"


def _number(name: str, value: Any, spec: Param, where: str) -> float:
    """A finite number inside the spec's range; ValueError for every bad value.

    make_world documents ValueError for every bad parameter, so the shared check's
    TypeError (not a number at all) is raised as a ValueError with the same message.
    """
    try:
        return check_number(value, name, where, low=spec.lo, high=spec.hi)
    except TypeError as err:
        raise ValueError(f"{err} Allowed: a number in {_range(spec)}.") from None


def validate_params(params: Mapping[str, Any], where: str = "make_world") -> dict[str, Any]:
    """Check keyword parameters against :data:`PARAMS` and fill in the defaults.

    Parameters
    ----------
    params : mapping
        Parameter name -> value, as passed to :func:`crmkit.world.make_world`.
        Dict-valued parameters must be given whole, with every key.
    where : str, default "make_world"
        The function named in error messages.

    Returns
    -------
    dict
        Every parameter of :data:`PARAMS`: the given values (floats as ``float``,
        integers as ``int``) and the defaults of the others. The input is not modified.

    Raises
    ------
    ValueError
        If a parameter is unknown, of the wrong kind or out of its allowed range; the
        message names the parameter (and the key, for dict-valued ones) and the range.
    """
    unknown = sorted(set(params) - set(PARAMS))
    if unknown:
        raise ValueError(
            f"{where} got unknown parameter(s) {', '.join(map(repr, unknown))}. "
            f"Allowed parameters: {', '.join(PARAMS)}."
        )
    out = default_params()
    for name, value in params.items():
        out[name] = _validate_one(name, value, PARAMS[name], where)
    return out


def _validate_one(name: str, value: Any, spec: Param, where: str) -> Any:
    """One parameter checked against its row of :data:`PARAMS`."""
    if spec.kind == "float":
        return _number(name, value, spec, where)
    if spec.kind == "int":
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, np.integer))
            or not (spec.lo <= value <= spec.hi)
        ):
            raise ValueError(
                f"The {name!r} parameter of {where} must be an integer in "
                f"{_range(spec)}. Got {value!r} instead."
            )
        return int(value)
    if spec.kind == "choice":
        if value not in spec.keys:
            raise ValueError(
                f"The {name!r} parameter of {where} must be one of "
                f"{', '.join(map(repr, spec.keys))}. Got {value!r} instead."
            )
        return value
    if spec.kind in ("dict", "shares"):
        if not isinstance(value, Mapping) or set(value) != set(spec.keys):
            raise ValueError(
                f"The {name!r} parameter of {where} must be a dict with exactly the "
                f"keys {', '.join(map(repr, spec.keys))}, each a number in "
                f"{_range(spec)}. Got {value!r} instead."
            )
        checked = {k: _number(f"{name}[{k!r}]", value[k], spec, where) for k in spec.keys}
        if spec.kind == "shares" and abs(sum(checked.values()) - 1.0) > 1e-6:
            raise ValueError(
                f"The {name!r} parameter of {where} must hold shares in [0, 1] that "
                f"sum to 1. Got {value!r} (sum {sum(checked.values()):.6g}) instead."
            )
        return checked
    # thresholds (two increasing numbers) or loadings (three numbers)
    size = 2 if spec.kind == "thresholds" else 3
    ok = isinstance(value, (list, tuple)) and len(value) == size
    if ok:
        checked = [_number(f"{name}[{i}]", v, spec, where) for i, v in enumerate(value)]
        ok = spec.kind == "loadings" or checked[0] < checked[1]
    if not ok:
        what = "two increasing numbers" if size == 2 else "three numbers"
        raise ValueError(
            f"The {name!r} parameter of {where} must be a list of {what} in "
            f"{_range(spec)}. Got {value!r} instead."
        )
    return checked
