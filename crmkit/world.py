"""The synthetic CRM world: Lanting Trading Co. (兰亭商贸), with known ground truth.

Every chapter of crmkit analyses the same fictional firm. Lanting Trading Co.
sells office and household supplies to consumers and businesses in five regions of
China, directly and through dealers. The observation window runs from 2023-01-01 to
2025-12-31; money is in yuan (CNY). :func:`make_world` builds the firm's customer
base from one seed and returns the observable tables together with the truth behind
them (every latent value and every parameter), so that each estimator taught in the
kit can be checked against the answer.

The causal story
----------------
1. **Customers arrive.** Each customer signs up on a day drawn uniformly between
   2023-01-01 and 60 days before the end of the window, is a consumer or a business
   (``business_share``), lives in one of five regions (``region_shares``) and came
   through a channel (online, store, referral, sales team; businesses mostly through
   the sales team) at an acquisition cost that depends on the channel
   (``acquisition_cost``). A share of them (``potential_share``) are registered leads
   who never buy (status ``potential``); of the buyers, ``indirect_share`` buy through
   a dealer (``indirect``), the rest directly (``direct``).
2. **Latent drivers.** Every customer has five latent drivers, standard normal
   before the customer-type and tier shifts (so their means and spreads over all
   customers are close to, not exactly, 0 and 1):
   perceived value (客户价值) and trust (客户信任), correlated ``value_trust_corr``;
   purchase cost (购买成本, the effort and money it takes to buy; higher is worse);
   switching cost (转移成本; businesses have ``business_switching_cost`` more); and
   care received (客户关怀), which is ``care_tier_effects[tier]`` plus noise
   (``care_noise``). The care tier (ordinary < silver < gold, shares
   ``care_tier_shares``) is assigned by the firm from each buyer's size and spending
   level (business or not, and mean order value), *not* from their loyalty, so the
   firm's care policy is a cause of loyalty, not a consequence of it. Potential
   customers are in the ordinary tier.
3. **Satisfaction** (客户满意) is linear in value, trust, care and purchase cost
   (``satisfaction_effects``) plus noise (``satisfaction_noise``).
4. **Loyalty at three levels.** Cognitive loyalty (认知忠诚) depends on satisfaction and
   value (``cognitive_effects``), affective loyalty (情感忠诚) on satisfaction, trust and
   care (``affective_effects``). Behavioural loyalty (行为忠诚) is *linear in the six
   loyalty factors*, satisfaction, value, trust, care, purchase cost and switching
   cost, with coefficients ``loyalty_effects`` and independent noise
   (``loyalty_noise``). An OLS regression of ``loyalty_behavioural`` on the six true
   factors in ``truth`` therefore recovers ``loyalty_effects``.
5. **Buying: buy till you die** (BG/NBD, Fader, Hardie & Lee 2005). A buyer makes a
   first purchase on the signup day. While alive, repeat purchases arrive as a
   Poisson process with rate ``purchase_rate`` (per year), drawn from a gamma
   distribution (shape ``purchase_rate_shape``) whose mean is
   ``base_purchase_rate[customer_type] * exp(rate_loyalty_effect * loyalty)``. After
   each repeat purchase the customer drops out for good with probability
   ``dropout_prob``, drawn from a beta distribution (concentration
   ``dropout_concentration``) whose mean is
   ``logistic(logit(base_dropout_prob[customer_type]) - dropout_loyalty_effect *
   loyalty + g(s))`` (businesses drop out less often per purchase, since they buy
   more often). ``base_dropout_prob`` is therefore the mean drop-out probability of
   a customer with loyalty 0 whose satisfaction lies in the zone of indifference
   (where ``g(s) = 0``).
   ``g`` is the **satisfaction-retention curve**. With ``satisfaction_curve="zones"``
   (the default) it is flat in a *zone of indifference* between the two
   ``satisfaction_thresholds`` (default -0.75 and 0.75 standard deviations) and
   slopes by ``satisfaction_slope`` logits per unit outside it: below the lower
   threshold lies the *zone of defection*, where drop-out climbs fast, above the
   upper one the *zone of affection*, where it falls fast. With ``"linear"``,
   ``g(s) = -satisfaction_slope * s`` everywhere.
6. **Order values and lines.** Each customer has a mean order value
   (``mean_spend``) from a Gamma-Gamma model (Fader, Hardie & Lee 2005b): order
   values are gamma with shape ``spend_p`` and a customer-level rate drawn from a
   gamma with shape ``spend_q`` and rate ``spend_gamma``; businesses spend
   ``business_spend_multiplier`` times as much. Spending is drawn independently of
   the purchase rate, as the Gamma-Gamma model assumes; the only link runs through
   the care tier, which mean order value helps to set and which raises satisfaction
   and loyalty (correlations of log spend with loyalty, log rate and drop-out
   probability within a customer type are below 0.1 in absolute value). An order has
   ``1 + Poisson(lines_per_order[type])`` lines (at most 10); each line's product
   comes from the customer's favourite category with probability
   ``favourite_category_weight``, otherwise from ``category_shares``; within a
   category, product k (k = 0..9) is chosen with weight ``1 / (k + 1) ** 0.8``. A line
   is discounted with probability ``discount_rate[type]`` by 5, 10, 15 or 20 per cent
   (equally likely), so ``unit_price <= list_price``. The quantity is
   ``1 + Poisson(max(value / unit_price - 1, 0))`` where ``value`` is the order value
   split evenly over its lines. Because every line buys at least one unit, a line
   whose share of the order value is below its product's price costs more than
   that share: the *observed* order revenue runs above the drawn order value (at the
   defaults, the mean gross revenue per order of a buyer is about 1.25 times the mean
   ``mean_spend`` for consumers and 1.1 times for businesses). ``mean_spend`` in ``truth`` is the value a customer sets out to spend;
   a Gamma-Gamma model fitted to ``transactions`` measures what customers actually
   pay, so it does not return ``spend_p``, ``spend_q`` and ``spend_gamma``. Units are
   returned with probability ``return_rate * exp(-0.5 * satisfaction)`` (at most
   0.5).
7. **Contacts and complaints.** While active, a buyer contacts the firm
   ``contact_rate`` times a year on average (businesses 1.5 times as often). A contact
   is a complaint with probability ``logistic(logit(complaint_share) -
   complaint_satisfaction_effect * satisfaction)``. A complaint's reason is drawn with
   log-odds ``reason_tilt`` times a signal from the latent state, starting from equal
   log-odds for the five reasons: quality from low value (signal ``-value``), price
   from high purchase cost (``purchase_cost``), delivery from living in the West
   region (``1.5 * west - 0.3``), staff attitude from low trust (``-trust``),
   indifference from low care (``-care``). Complaints are resolved
   with probability ``logistic(0.5 + 0.6 * care)``, inquiries with probability 0.95.
8. **Exits.** Of the customers who truly dropped out before the end of the window, a
   share ``exit_interview_rate`` answered the exit interview. Their reasons are drawn
   with probabilities proportional to ``exit_reason_shares`` times
   ``exp(exit_reason_tilt * signal)`` (the same signals as for complaints; "moved" has
   none), so the shares among interviews are close to, but not exactly,
   ``exit_reason_shares``. The default gives indifference (lack of care) 40 per cent,
   not the two thirds the seed texts claim; chapter 5 tests that claim.
9. **Survey** on 2025-01-15 of ``survey_size`` customers drawn at random from those
   who had bought before that day: three 7-point Likert items per construct (the six
   factors and the three loyalty levels). Item k of a construct is
   ``round(4 + 1.25 * (loading_k * z + sqrt(1 - loading_k**2) * e) + shift_k)`` clipped
   to 1..7, where ``z`` is the construct's latent value standardised over all
   customers, ``loading_k`` comes from ``survey_loadings`` and ``shift_k`` is
   +0.2, 0 and -0.2. Overall satisfaction (1..10) and willingness to recommend (0..10)
   are single items driven by satisfaction and affective loyalty. Purchases after the
   survey date let students compare stated with actual loyalty.
10. **Test mailing** on 2025-06-02 to a random share ``mailing_share`` of the
    customers who had bought before that day. A customer who has truly dropped out
    never responds; one who is alive responds with probability
    ``logistic(logit(mail_base_response) + mail_rate_effect * log(rate / median rate)
    - mail_recency_effect * recency_in_years)``, spending a gamma order value around
    their ``mean_spend``. Mailing costs ``mail_cost_per_piece`` yuan a piece and a
    response earns ``margin_rate`` of its revenue, so the break-even response rate is
    ``mail_cost_per_piece / (margin_rate * mean response revenue)``. The campaign's
    orders were booked by the campaign and are not in ``orders``.
11. **Branches.** A separate panel of ``n_branches`` branch units over
    ``branch_years`` years (ending 2025) follows a service-profit chain with unit
    effects: satisfaction index (0-100) is a branch level (mean 72, sd 5) plus a
    trend of 0.3 points a year plus AR(1) noise (coefficient 0.5, stationary sd 4);
    retention this year rises by ``branch_effects["satisfaction_to_retention"]`` per
    index point of *last year's* satisfaction, plus a shock common to all branches in
    each year (sd 0.01) and branch-year noise (sd 0.015); the profit margin (profit / revenue) rises by
    ``branch_effects["retention_to_margin"]`` per unit of this year's retention and by
    ``branch_effects["satisfaction_to_margin"]`` per index point of last year's
    satisfaction; each branch has its own size and margin level. A fixed-effects
    regression of margin on retention and lagged satisfaction recovers the effects.

Everything random comes from one ``numpy.random.default_rng(seed)``; the same
``n_customers``, seed and parameters always give identical frames.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

__all__ = [
    "CATEGORIES",
    "PARAMS",
    "SCHEMA",
    "TABLES",
    "World",
    "default_params",
    "make_world",
]

# ---------------------------------------------------------------------------
# Fixed facts of the world
# ---------------------------------------------------------------------------
WINDOW_START = "2023-01-01"
WINDOW_END = "2025-12-31"
SURVEY_DATE = "2025-01-15"
MAIL_DATE = "2025-06-02"

_START = np.datetime64(WINDOW_START, "D")
_END = np.datetime64(WINDOW_END, "D")
_WINDOW_DAYS = int((_END - _START).astype(int)) + 1
_SURVEY_DAY = int((np.datetime64(SURVEY_DATE, "D") - _START).astype(int))
_MAIL_DAY = int((np.datetime64(MAIL_DATE, "D") - _START).astype(int))
_SIGNUP_LAST_DAY = _WINDOW_DAYS - 60  # nobody signs up in the last 60 days
_DAYS_PER_YEAR = 365.25
_DATE_UNIT = "datetime64[us]"

REGIONS = ("North", "East", "South", "West", "Central")
CUSTOMER_TYPES = ("consumer", "business")
CHANNELS = ("online", "store", "referral", "sales_team")
STATUSES = ("direct", "indirect", "potential")
CARE_TIERS = ("ordinary", "silver", "gold")
PRODUCT_CATEGORIES = ("paper", "writing", "equipment", "cleaning", "kitchen", "storage")
CONTACT_KINDS = ("inquiry", "complaint")
COMPLAINT_REASONS = ("quality", "price", "delivery", "staff_attitude", "indifference")
EXIT_REASONS = (*COMPLAINT_REASONS, "moved")
FACTORS = ("satisfaction", "value", "trust", "care", "purchase_cost", "switching_cost")
CONSTRUCTS = (*FACTORS, "cognitive", "affective", "behavioural")
_DISCOUNTS = np.array([0.05, 0.10, 0.15, 0.20])
_PRODUCTS_PER_CATEGORY = 10
_PRODUCT_WEIGHTS = 1.0 / np.arange(1, _PRODUCTS_PER_CATEGORY + 1) ** 0.8
_MAX_LINES = 10

_PRODUCT_NAMES = {
    "paper": (
        "A4 copy paper, 500 sheets",
        "A3 copy paper, 500 sheets",
        "Spiral notebook A5",
        "Hardcover notebook B5",
        "Sticky notes 76x76",
        "Thermal receipt rolls",
        "Kraft envelopes, 100",
        "Coloured card A4, 100",
        "Index cards, 200",
        "Flip-chart pad",
    ),
    "writing": (
        "Gel pen 0.5 mm, 12",
        "Ballpoint pen, 50",
        "Highlighter set",
        "Whiteboard markers",
        "Mechanical pencil",
        "HB pencils, 24",
        "Fountain pen",
        "Correction tape",
        "Permanent markers, 10",
        "Calligraphy brush set",
    ),
    "equipment": (
        "Laser printer",
        "Paper shredder",
        "Laminator A3",
        "Desk calculator",
        "Label printer",
        "Heavy-duty stapler",
        "Hole punch, 40 sheets",
        "Binding machine",
        "Document scanner",
        "Projector screen",
    ),
    "cleaning": (
        "Dish soap, 1 L",
        "Floor cleaner, 2 L",
        "Paper towels, 12 rolls",
        "Toilet paper, 24 rolls",
        "Hand sanitiser, 500 ml",
        "Microfibre cloths, 10",
        "Rubbish bags, 100",
        "Glass cleaner",
        "Mop and bucket",
        "Laundry detergent, 3 kg",
    ),
    "kitchen": (
        "Thermos flask",
        "Porcelain tea set",
        "Stainless lunch box",
        "Glass storage jars",
        "Rice cooker",
        "Electric kettle",
        "Chopsticks, 20 pairs",
        "Mug set, 6",
        "Water dispenser",
        "Cutting board",
    ),
    "storage": (
        "Lever-arch files, 10",
        "Storage boxes, 5",
        "Filing cabinet, 4 drawers",
        "Desk organiser",
        "Bookshelf",
        "Magazine holders, 6",
        "Expanding file",
        "Plastic drawers",
        "Office chair",
        "Folding table",
    ),
}


# ---------------------------------------------------------------------------
# Parameters: defaults, allowed ranges and meaning, in one table
# ---------------------------------------------------------------------------
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


def _check_number(name, value, spec, where="make_world"):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(
            f"The {name!r} parameter of {where} must be a number in {_range(spec)}. "
            f"Got {value!r} instead."
        )
    value = float(value)
    if not (math.isfinite(value) and spec.lo <= value <= spec.hi):
        raise ValueError(
            f"The {name!r} parameter of {where} must be in the range {_range(spec)}. "
            f"Got {value!r} instead."
        )
    return value


def _validate(params: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(params) - set(PARAMS))
    if unknown:
        raise ValueError(
            f"make_world got unknown parameter(s) {', '.join(map(repr, unknown))}. "
            f"Allowed parameters: {', '.join(PARAMS)}."
        )
    out = default_params()
    for name, value in params.items():
        spec = PARAMS[name]
        if spec.kind == "float":
            out[name] = _check_number(name, value, spec)
        elif spec.kind == "int":
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, np.integer))
                or not (spec.lo <= value <= spec.hi)
            ):
                raise ValueError(
                    f"The {name!r} parameter of make_world must be an integer in "
                    f"{_range(spec)}. Got {value!r} instead."
                )
            out[name] = int(value)
        elif spec.kind == "choice":
            if value not in spec.keys:
                raise ValueError(
                    f"The {name!r} parameter of make_world must be one of "
                    f"{', '.join(map(repr, spec.keys))}. Got {value!r} instead."
                )
            out[name] = value
        elif spec.kind in ("dict", "shares"):
            if not isinstance(value, Mapping) or set(value) != set(spec.keys):
                raise ValueError(
                    f"The {name!r} parameter of make_world must be a dict with exactly the "
                    f"keys {', '.join(map(repr, spec.keys))}, each a number in "
                    f"{_range(spec)}. Got {value!r} instead."
                )
            checked = {k: _check_number(f"{name}[{k!r}]", value[k], spec) for k in spec.keys}
            if spec.kind == "shares" and abs(sum(checked.values()) - 1.0) > 1e-6:
                raise ValueError(
                    f"The {name!r} parameter of make_world must hold shares in [0, 1] that "
                    f"sum to 1. Got {value!r} (sum {sum(checked.values()):.6g}) instead."
                )
            out[name] = checked
        elif spec.kind in ("thresholds", "loadings"):
            size = 2 if spec.kind == "thresholds" else 3
            ok = isinstance(value, (list, tuple)) and len(value) == size
            if ok:
                checked = [_check_number(f"{name}[{i}]", v, spec) for i, v in enumerate(value)]
                ok = spec.kind == "loadings" or checked[0] < checked[1]
            if not ok:
                what = "two increasing numbers" if size == 2 else "three numbers"
                raise ValueError(
                    f"The {name!r} parameter of make_world must be a list of {what} in "
                    f"{_range(spec)}. Got {value!r} instead."
                )
            out[name] = checked
    return out


# ---------------------------------------------------------------------------
# Data cards: every table and column, in one place (the loader and the README use it)
# ---------------------------------------------------------------------------
class Column(NamedTuple):
    """One column of a data card."""

    name: str
    dtype: str  # int64 | float64 | bool | str | datetime64[us] | category
    unit: str
    meaning: str
    chinese: str = ""
    decimals: int | None = None  # fixed decimals written to CSV (floats)


#: Categorical columns, by column name: (levels, ordered). One table for all datasets.
CATEGORIES: dict[str, tuple[tuple[str, ...], bool]] = {
    "region": (REGIONS, False),
    "customer_type": (CUSTOMER_TYPES, False),
    "channel": (CHANNELS, False),
    "status": (STATUSES, False),
    "care_tier": (CARE_TIERS, True),
    "category": (PRODUCT_CATEGORIES, False),
    "favourite_category": (PRODUCT_CATEGORIES, False),
    "kind": (CONTACT_KINDS, False),
    "reason": (COMPLAINT_REASONS, False),
    "exit_reason": (EXIT_REASONS, False),
}

_C = Column
_CONSTRUCT_TEXT = {
    "satisfaction": ("satisfaction", "客户满意", "I am satisfied with Lanting"),
    "value": ("perceived value", "客户价值", "Lanting gives good value for money"),
    "trust": ("trust", "客户信任", "I can rely on what Lanting promises"),
    "care": ("care received", "客户关怀", "Lanting looks after me as a customer"),
    "purchase_cost": (
        "purchase cost",
        "购买成本",
        "buying from Lanting takes a lot of time, effort or money",
    ),
    "switching_cost": (
        "switching cost",
        "转移成本",
        "changing to another supplier would cost me a lot",
    ),
    "cognitive": ("cognitive loyalty", "认知忠诚", "Lanting is the best supplier for me"),
    "affective": ("affective loyalty", "情感忠诚", "I like doing business with Lanting"),
    "behavioural": (
        "behavioural loyalty",
        "行为忠诚",
        "I will keep buying from Lanting in the coming year",
    ),
}


def _survey_columns() -> list[Column]:
    cols = [
        _C("customer_id", "int64", "", "customer identifier (customers.customer_id)", "客户编号"),
        _C("survey_date", _DATE_UNIT, "date", "date of the survey (2025-01-15 for all)"),
    ]
    for construct in CONSTRUCTS:
        english, chinese, wording = _CONSTRUCT_TEXT[construct]
        for k in (1, 2, 3):
            cols.append(
                _C(
                    f"{construct}_{k}",
                    "int64",
                    "1..7",
                    f"{english}, item {k} of 3 (e.g. '{wording}'; 1 = strongly disagree, "
                    f"7 = strongly agree)",
                    chinese,
                )
            )
    cols += [
        _C(
            "overall_satisfaction",
            "int64",
            "1..10",
            "overall satisfaction with Lanting",
            "总体满意度",
        ),
        _C(
            "recommend",
            "int64",
            "0..10",
            "willingness to recommend Lanting to a friend",
            "推荐意愿",
        ),
    ]
    return cols


#: The data card of every dataset: table name -> columns in order.
SCHEMA: dict[str, list[Column]] = {
    "customers": [
        _C("customer_id", "int64", "", "customer identifier, 1..n", "客户编号"),
        _C(
            "signup_date",
            _DATE_UNIT,
            "date",
            "day the customer registered (and, for buyers, made the first purchase)",
        ),
        _C("region", "category", "", "region of China the customer is in", "地区"),
        _C("customer_type", "category", "", "consumer or business customer", "客户类型"),
        _C("channel", "category", "", "acquisition channel", "获客渠道"),
        _C(
            "status",
            "category",
            "",
            "direct (buys from the firm), indirect (buys through a "
            "dealer) or potential (registered lead, no orders)",
            "直接客户/间接客户/潜在客户",
        ),
        _C("acquisition_cost", "float64", "yuan", "cost of acquiring the customer", "获客成本", 2),
        _C(
            "care_tier",
            "category",
            "",
            "care tier assigned by the firm from size and "
            "spending level (ordinary < silver < gold)",
            "普通/银卡/金卡客户",
        ),
    ],
    "products": [
        _C("product_id", "int64", "", "product identifier", "产品编号"),
        _C("product_name", "str", "", "product name"),
        _C("category", "category", "", "product category", "产品类别"),
        _C("list_price", "float64", "yuan", "list price per unit", "标价", 2),
        _C("unit_cost", "float64", "yuan", "purchase cost per unit to the firm", "单位成本", 2),
        _C(
            "avg_inventory_units",
            "float64",
            "units",
            "average units on hand over the window "
            "(inventory at cost = units x unit_cost; at retail = units x list_price)",
            "平均库存",
            1,
        ),
    ],
    "orders": [
        _C("order_id", "int64", "", "order identifier, in date order", "订单编号"),
        _C("customer_id", "int64", "", "customer who placed the order", "客户编号"),
        _C("order_date", _DATE_UNIT, "date", "day of the order", "订购日期"),
    ],
    "order_lines": [
        _C("order_id", "int64", "", "order the line belongs to", "订单编号"),
        _C("line_no", "int64", "", "line number within the order, 1.."),
        _C("product_id", "int64", "", "product ordered", "产品编号"),
        _C("quantity", "int64", "units", "units ordered", "数量"),
        _C(
            "unit_price",
            "float64",
            "yuan",
            "price actually paid per unit, after discount (<= list_price)",
            "成交单价",
            2,
        ),
        _C("unit_cost", "float64", "yuan", "cost per unit to the firm", "单位成本", 2),
        _C("returned_quantity", "int64", "units", "units returned (0..quantity)", "退货数量"),
    ],
    "transactions": [
        _C("order_id", "int64", "", "order identifier", "订单编号"),
        _C("customer_id", "int64", "", "customer who placed the order", "客户编号"),
        _C("order_date", _DATE_UNIT, "date", "day of the order", "订购日期"),
        _C(
            "revenue",
            "float64",
            "yuan",
            "net revenue: sum of (quantity - returned_quantity) x unit_price",
            "销售额",
            2,
        ),
        _C(
            "gross_revenue",
            "float64",
            "yuan",
            "revenue before returns: sum of quantity x unit_price",
            "退货前销售额",
            2,
        ),
        _C(
            "cost",
            "float64",
            "yuan",
            "cost of the net units: sum of (quantity - returned_quantity) x unit_cost",
            "销售成本",
            2,
        ),
        _C("margin", "float64", "yuan", "gross margin: revenue - cost", "毛利", 2),
        _C("items", "int64", "units", "net units: sum of quantity - returned_quantity", "件数"),
    ],
    "survey": _survey_columns(),
    "contacts": [
        _C("contact_id", "int64", "", "contact identifier, in date order"),
        _C("customer_id", "int64", "", "customer who contacted the firm", "客户编号"),
        _C("contact_date", _DATE_UNIT, "date", "day of the contact"),
        _C("kind", "category", "", "inquiry or complaint", "咨询/投诉"),
        _C("reason", "category", "", "reason for a complaint (missing for inquiries)", "投诉原因"),
        _C("resolved", "bool", "", "whether the contact was resolved"),
    ],
    "exits": [
        _C("customer_id", "int64", "", "customer who stopped buying", "客户编号"),
        _C(
            "exit_date",
            _DATE_UNIT,
            "date",
            "day the customer stopped buying (their last "
            "purchase, after which they truly dropped out)",
        ),
        _C("exit_reason", "category", "", "main reason given in the exit interview", "流失原因"),
    ],
    "mailing": [
        _C("customer_id", "int64", "", "customer mailed", "客户编号"),
        _C("mail_date", _DATE_UNIT, "date", "day of the mailing (2025-06-02 for all)"),
        _C("responded", "bool", "", "whether the customer bought in response", "是否响应"),
        _C(
            "response_revenue",
            "float64",
            "yuan",
            "revenue of the response (0 when none)",
            "响应收入",
            2,
        ),
    ],
    "branches": [
        _C("branch_id", "int64", "", "branch identifier", "分支机构编号"),
        _C("region", "category", "", "region of the branch", "地区"),
        _C("year", "int64", "year", "calendar year"),
        _C(
            "satisfaction_index", "float64", "0-100", "customer satisfaction index", "满意度指数", 2
        ),
        _C(
            "retention_rate",
            "float64",
            "0-1",
            "share of last year's customers kept",
            "客户保留率",
            4,
        ),
        _C("revenue", "float64", "yuan", "revenue of the year", "销售额", 2),
        _C("cost", "float64", "yuan", "total cost of the year", "成本", 2),
        _C("profit", "float64", "yuan", "profit: revenue - cost", "利润", 2),
    ],
    "truth": [
        _C("customer_id", "int64", "", "customer identifier", "客户编号"),
        _C("perceived_value", "float64", "sd", "latent perceived value", "客户价值", 6),
        _C("trust", "float64", "sd", "latent trust", "客户信任", 6),
        _C(
            "care",
            "float64",
            "sd",
            "latent care received (depends on the care tier)",
            "客户关怀",
            6,
        ),
        _C(
            "purchase_cost",
            "float64",
            "sd",
            "latent purchase cost (higher = costlier)",
            "购买成本",
            6,
        ),
        _C("switching_cost", "float64", "sd", "latent switching cost", "转移成本", 6),
        _C("satisfaction", "float64", "sd", "latent satisfaction", "客户满意", 6),
        _C("loyalty_cognitive", "float64", "sd", "latent cognitive loyalty", "认知忠诚", 6),
        _C("loyalty_affective", "float64", "sd", "latent affective loyalty", "情感忠诚", 6),
        _C(
            "loyalty_behavioural",
            "float64",
            "sd",
            "latent behavioural loyalty (linear in "
            "the six factors, coefficients params['loyalty_effects'])",
            "行为忠诚",
            6,
        ),
        _C(
            "purchase_rate",
            "float64",
            "per year",
            "true repeat-purchase rate while alive (lambda)",
            "购买率",
            6,
        ),
        _C(
            "dropout_prob",
            "float64",
            "probability",
            "true probability of dropping out after each repeat purchase (p)",
            "流失概率",
            6,
        ),
        _C("mean_spend", "float64", "yuan", "true mean order value (Gamma-Gamma)", "", 6),
        _C("return_rate", "float64", "probability", "true probability a unit is returned", "", 6),
        _C("favourite_category", "category", "", "the customer's favourite product category"),
        _C(
            "dropout_date",
            _DATE_UNIT,
            "date",
            "day the customer truly dropped out (their "
            "last purchase); missing if alive at the end or never bought",
        ),
        _C(
            "alive_at_end",
            "bool",
            "",
            "True unless the customer dropped out before "
            "2025-12-31 (potential customers count as alive)",
        ),
    ],
}

#: Names of the observable tables, in order (``World.tables()``).
TABLES = (
    "customers",
    "products",
    "orders",
    "order_lines",
    "transactions",
    "survey",
    "contacts",
    "exits",
    "mailing",
    "branches",
)


def _dtype(col: Column):
    if col.dtype == "category":
        levels, ordered = CATEGORIES[col.name]
        return pd.CategoricalDtype(list(levels), ordered=ordered)
    return col.dtype


# ---------------------------------------------------------------------------
# The World
# ---------------------------------------------------------------------------
@dataclasses.dataclass(repr=False)
class World:
    """One generated CRM world: observable tables, latent truth and parameters.

    Attributes
    ----------
    customers, products, orders, order_lines, transactions, survey, contacts, exits,
    mailing, branches : pandas.DataFrame
        The observable tables; columns as in :data:`SCHEMA` (see ``datasets/README.md``).
    truth : pandas.DataFrame
        One row per customer with every latent value (see :data:`SCHEMA` ``["truth"]``).
    params : dict
        Every parameter used, JSON-serialisable, including ``n_customers``, ``seed``,
        the window and survey/mailing dates.
    """

    customers: pd.DataFrame
    products: pd.DataFrame
    orders: pd.DataFrame
    order_lines: pd.DataFrame
    transactions: pd.DataFrame
    survey: pd.DataFrame
    contacts: pd.DataFrame
    exits: pd.DataFrame
    mailing: pd.DataFrame
    branches: pd.DataFrame
    truth: pd.DataFrame
    params: dict[str, Any]

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the observable tables.

        Returns
        -------
        dict
            Table name -> DataFrame, in the order of :data:`TABLES` (``truth`` is not
            included; it is an attribute of its own).
        """
        return {name: getattr(self, name) for name in TABLES}

    def __repr__(self) -> str:
        rows = ", ".join(f"{name}={len(df):,}" for name, df in self.tables().items())
        return (
            f"World(n_customers={self.params['n_customers']}, seed={self.params['seed']}; "
            f"rows: {rows})"
        )


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
def _logit(p):
    return np.log(p) - np.log1p(-p)


def _expit(x):
    return 1.0 / (1.0 + np.exp(-x))


def _dates(days) -> np.ndarray:
    """Day offsets from the window start (int, or float with NaN) -> datetime64[us]."""
    days = np.asarray(days)
    if days.dtype.kind == "f":
        out = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[D]")
        ok = ~np.isnan(days)
        out[ok] = _START + days[ok].astype(np.int64)
    else:
        out = _START + days.astype(np.int64)
    return out.astype(_DATE_UNIT)


def _cat(codes, name) -> pd.Categorical:
    levels, ordered = CATEGORIES[name]
    return pd.Categorical.from_codes(
        np.asarray(codes, dtype=np.int64), list(levels), ordered=ordered
    )


def _choice_codes(rng, probs, size) -> np.ndarray:
    """Draw category codes with the given probabilities (vectorised)."""
    cum = np.cumsum(np.asarray(probs, dtype=float))
    cum /= cum[-1]
    return np.minimum(np.searchsorted(cum, rng.random(size), side="right"), len(cum) - 1)


def _gumbel_choice(rng, logits) -> np.ndarray:
    """Row-wise categorical draws from unnormalised log-probabilities (n x k)."""
    return np.argmax(logits + rng.gumbel(size=logits.shape), axis=1)


def _frame(table: str, data: dict) -> pd.DataFrame:
    """Build a table in data-card column order with data-card dtypes."""
    cols = SCHEMA[table]
    out = {}
    for col in cols:
        values = data[col.name]
        if col.dtype == "category":
            out[col.name] = (
                values
                if isinstance(values, pd.Categorical)
                else pd.Categorical(values, dtype=_dtype(col))
            )
        elif col.dtype == "str":
            out[col.name] = pd.array(values, dtype="str")
        else:
            arr = np.asarray(values)
            if col.decimals is not None:
                arr = np.round(arr.astype(np.float64), col.decimals)
            out[col.name] = arr.astype(col.dtype, copy=False)
    return pd.DataFrame(out, copy=False)


def _standardise(x):
    sd = x.std()
    return (x - x.mean()) / (sd if sd > 0 else 1.0)


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------
def make_world(n_customers: int = 4000, *, seed: int | None = 2026, **params: Any) -> World:
    """Generate the Lanting Trading Co. CRM world with its ground truth.

    Parameters
    ----------
    n_customers : int, default 4000
        Number of customers (registered leads included), at least 1.
    seed : int or None, default 2026
        Seed of the one ``numpy.random.default_rng`` that draws everything. ``None``
        gives a fresh, unreproducible world.
    **params
        Keyword-only knobs of the causal story; each has a documented default and an
        allowed range in :data:`PARAMS` (``default_params()`` lists them). Dict-valued
        parameters must be given whole, with every key. Main ones:

        loyalty_effects : dict, default {"satisfaction": 0.40, "value": 0.25,
            "trust": 0.20, "care": 0.15, "purchase_cost": -0.15, "switching_cost": 0.10}
            True effects of the six loyalty factors on behavioural loyalty.
        satisfaction_curve : {"zones", "linear"}, default "zones"
            Shape of the satisfaction-retention curve (zones of defection,
            indifference and affection, or a straight line).
        exit_reason_shares : dict, default indifference 0.40, price 0.18, quality 0.15,
            delivery 0.10, staff_attitude 0.10, moved 0.07
            Base shares of the exit-interview reasons.
        mail_cost_per_piece : float, default 6.0
            Cost of one mailing piece in yuan.
        margin_rate : float, default 0.30
            Margin earned on a mailing response's revenue.
        branch_effects : dict, default {"satisfaction_to_retention": 0.005,
            "retention_to_margin": 0.5, "satisfaction_to_margin": 0.001}
            True effects of the service-profit chain in the branch panel.

    Returns
    -------
    World
        Dataclass with one DataFrame per table (``customers``, ``products``,
        ``orders``, ``order_lines``, ``transactions``, ``survey``, ``contacts``,
        ``exits``, ``mailing``, ``branches``), ``truth`` (one row per customer, every
        latent value) and ``params`` (every parameter used, JSON-serialisable).

    Raises
    ------
    ValueError
        If ``n_customers`` or ``seed`` is invalid, or a parameter is unknown or out of
        its allowed range; the message names the parameter and the range.

    Notes
    -----
    The causal story is told in the module docstring (``help(crmkit.world)``) and in
    ``datasets/README.md``. Everything is vectorised: a world of a million customers
    takes well under a minute.

    Examples
    --------
    >>> from crmkit.world import make_world
    >>> world = make_world(500, seed=1)
    >>> sorted(world.tables())[:3]
    ['branches', 'contacts', 'customers']
    >>> world.params["loyalty_effects"]["satisfaction"]
    0.4
    """
    if (
        isinstance(n_customers, bool)
        or not isinstance(n_customers, (int, np.integer))
        or not (1 <= n_customers <= 50_000_000)
    ):
        raise ValueError(
            "The 'n_customers' parameter of make_world must be an integer in "
            f"[1, 50000000]. Got {n_customers!r} instead."
        )
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0
    ):
        raise ValueError(
            "The 'seed' parameter of make_world must be a non-negative integer or None. "
            f"Got {seed!r} instead."
        )
    par = _validate(params)
    n = int(n_customers)
    rng = np.random.default_rng(seed)

    cust = _customers_latent(rng, n, par)
    products, prod = _products(rng, par)
    orders = _orders(rng, n, cust, prod, par)
    products = _finish_products(products, orders, par)
    contacts = _contacts(rng, cust, orders, par)
    exits = _exits(rng, cust, orders, par)
    survey = _survey(rng, cust, par)
    mailing = _mailing(rng, cust, orders, par)
    branches = _branches(rng, par)

    all_params = {
        "n_customers": n,
        "seed": None if seed is None else int(seed),
        "window_start": WINDOW_START,
        "window_end": WINDOW_END,
        "survey_date": SURVEY_DATE,
        "mail_date": MAIL_DATE,
        **par,
    }
    return World(
        customers=cust["customers"],
        products=products,
        orders=orders["orders"],
        order_lines=orders["order_lines"],
        transactions=orders["transactions"],
        survey=survey,
        contacts=contacts,
        exits=exits,
        mailing=mailing,
        branches=branches,
        truth=_truth(cust, orders),
        params=all_params,
    )


def _customers_latent(rng, n, par) -> dict:
    business = rng.random(n) < par["business_share"]
    btype = business.astype(np.int64)
    region = _choice_codes(rng, [par["region_shares"][r] for r in REGIONS], n)
    chan_probs = np.array([[0.45, 0.30, 0.20, 0.05], [0.15, 0.15, 0.20, 0.50]])
    u = rng.random(n)
    cum = np.cumsum(chan_probs, axis=1)[btype]
    channel = np.minimum((u[:, None] >= cum).sum(axis=1), 3)
    potential = rng.random(n) < par["potential_share"]
    indirect = rng.random(n) < par["indirect_share"]
    status = np.where(potential, 2, np.where(indirect, 1, 0))
    signup = rng.integers(0, _SIGNUP_LAST_DAY, size=n)
    acq_mean = np.array([par["acquisition_cost"][c] for c in CHANNELS])[channel]
    acq = acq_mean * np.where(business, 1.5, 1.0) * np.exp(rng.normal(0.0, 0.3, n) - 0.045)

    # Gamma-Gamma spend: nu ~ Gamma(q, rate gamma); mean order value p / nu
    nu = rng.gamma(par["spend_q"], 1.0 / par["spend_gamma"], size=n)
    mean_spend = par["spend_p"] / nu * np.where(business, par["business_spend_multiplier"], 1.0)

    # care tier from size and spending level (never from loyalty)
    buyer = ~potential
    score = np.log(mean_spend) + 0.7 * business + rng.normal(0.0, 0.3, n)
    tier = np.zeros(n, dtype=np.int64)
    if buyer.any():
        shares = par["care_tier_shares"]
        q_gold = np.quantile(score[buyer], 1.0 - shares["gold"])
        q_silver = np.quantile(score[buyer], 1.0 - shares["gold"] - shares["silver"])
        tier = np.where(score >= q_gold, 2, np.where(score >= q_silver, 1, 0))
        tier = np.where(buyer, tier, 0)

    # latent drivers
    rho = par["value_trust_corr"]
    value = rng.standard_normal(n)
    trust = rho * value + math.sqrt(1.0 - rho**2) * rng.standard_normal(n)
    care = np.array([par["care_tier_effects"][t] for t in CARE_TIERS])[tier] + par[
        "care_noise"
    ] * rng.standard_normal(n)
    pcost = rng.standard_normal(n)
    scost = rng.standard_normal(n) + par["business_switching_cost"] * business
    se = par["satisfaction_effects"]
    sat = (
        se["value"] * value
        + se["trust"] * trust
        + se["care"] * care
        + se["purchase_cost"] * pcost
        + par["satisfaction_noise"] * rng.standard_normal(n)
    )
    ce, ae, le = par["cognitive_effects"], par["affective_effects"], par["loyalty_effects"]
    cog = (
        ce["satisfaction"] * sat
        + ce["value"] * value
        + par["cognitive_noise"] * (rng.standard_normal(n))
    )
    aff = (
        ae["satisfaction"] * sat
        + ae["trust"] * trust
        + ae["care"] * care
        + par["affective_noise"] * rng.standard_normal(n)
    )
    factors = {
        "satisfaction": sat,
        "value": value,
        "trust": trust,
        "care": care,
        "purchase_cost": pcost,
        "switching_cost": scost,
    }
    beh = sum(le[f] * factors[f] for f in FACTORS) + par["loyalty_noise"] * rng.standard_normal(n)

    # buy-till-you-die rates
    base_rate = np.array([par["base_purchase_rate"][t] for t in CUSTOMER_TYPES])[btype]
    mean_rate = base_rate * np.exp(par["rate_loyalty_effect"] * beh)
    shape = par["purchase_rate_shape"]
    rate = rng.gamma(shape, mean_rate / shape)
    lo, hi = par["satisfaction_thresholds"]
    slope = par["satisfaction_slope"]
    if par["satisfaction_curve"] == "zones":
        curve = -slope * (np.minimum(sat - lo, 0.0) + np.maximum(sat - hi, 0.0))
    else:
        curve = -slope * sat
    base_p = np.array([par["base_dropout_prob"][t] for t in CUSTOMER_TYPES])[btype]
    mu = _expit(_logit(base_p) - par["dropout_loyalty_effect"] * beh + curve)
    mu = np.clip(mu, 1e-4, 1 - 1e-4)
    kappa = par["dropout_concentration"]
    dropout = np.clip(rng.beta(mu * kappa, (1.0 - mu) * kappa), 1e-9, 1.0)
    return_rate = np.minimum(par["return_rate"] * np.exp(-0.5 * sat), 0.5)
    fav = _choice_codes(rng, [par["category_shares"][c] for c in PRODUCT_CATEGORIES], n)

    customers = _frame(
        "customers",
        {
            "customer_id": np.arange(1, n + 1),
            "signup_date": _dates(signup),
            "region": _cat(region, "region"),
            "customer_type": _cat(btype, "customer_type"),
            "channel": _cat(channel, "channel"),
            "status": _cat(status, "status"),
            "acquisition_cost": acq,
            "care_tier": _cat(tier, "care_tier"),
        },
    )
    return {
        "customers": customers,
        "n": n,
        "business": business,
        "btype": btype,
        "region": region,
        "buyer": buyer,
        "signup": signup,
        "tier": tier,
        "value": value,
        "trust": trust,
        "care": care,
        "purchase_cost": pcost,
        "switching_cost": scost,
        "satisfaction": sat,
        "cognitive": cog,
        "affective": aff,
        "behavioural": beh,
        "rate": rate,
        "dropout": dropout,
        "mean_spend": mean_spend,
        "return_rate": return_rate,
        "favourite": fav,
    }


def _products(rng, par):
    k = len(PRODUCT_CATEGORIES)
    m = _PRODUCTS_PER_CATEGORY
    cat = np.repeat(np.arange(k), m)
    median = np.array([par["category_price"][c] for c in PRODUCT_CATEGORIES])[cat]
    list_price = np.round(median * np.exp(rng.normal(0.0, 0.5, k * m)), 1)
    list_price = np.maximum(list_price, 0.5)
    margin = np.array([par["category_margin"][c] for c in PRODUCT_CATEGORIES])[cat]
    margin = np.clip(margin + rng.normal(0.0, 0.04, k * m), 0.02, 0.95)
    unit_cost = np.round(list_price * (1.0 - margin), 2)
    turnover = np.array([par["category_turnover"][c] for c in PRODUCT_CATEGORIES])[cat] * np.exp(
        rng.normal(0.0, 0.2, k * m)
    )
    names = [name for c in PRODUCT_CATEGORIES for name in _PRODUCT_NAMES[c]]
    return {
        "product_id": np.arange(1, k * m + 1),
        "product_name": names,
        "category": _cat(cat, "category"),
        "list_price": list_price,
        "unit_cost": unit_cost,
    }, {"list_price": list_price, "unit_cost": unit_cost, "turnover": turnover}


def _finish_products(products, orders, par):
    net = orders["order_lines_net_units_by_product"]
    years = _WINDOW_DAYS / _DAYS_PER_YEAR
    turnover = orders["product_turnover"]
    avg_units = np.maximum(net / years / turnover, 5.0)
    return _frame("products", {**products, "avg_inventory_units": avg_units})


def _segment_positions(counts):
    """For groups of the given sizes: start offsets and each element's position."""
    total = int(counts.sum())
    starts = np.cumsum(counts) - counts
    pos = np.arange(total, dtype=np.int64) - np.repeat(starts, counts)
    return starts, pos


def _orders(rng, n, cust, prod, par) -> dict:
    buyers = np.flatnonzero(cust["buyer"])
    signup = cust["signup"][buyers]
    horizon = (_WINDOW_DAYS - signup).astype(np.float64)  # days from signup to the end
    lam = cust["rate"][buyers] / _DAYS_PER_YEAR
    # BG/NBD: N Poisson events in the horizon while alive; drop out after the K-th
    n_events = rng.poisson(lam * horizon)
    k_death = rng.geometric(cust["dropout"][buyers])
    x = np.minimum(n_events, k_death)
    died = k_death <= n_events
    # first x order statistics of n_events uniforms on [0, horizon): cumulative
    # exponential gaps divided by the total of all n_events + 1 gaps
    owner_rep = np.repeat(np.arange(len(buyers)), x)
    starts, _ = _segment_positions(x)
    gaps = rng.standard_exponential(int(x.sum()))
    csum = np.cumsum(gaps)
    prev = np.concatenate([[0.0], csum])[starts]
    within = csum - np.repeat(prev, x)
    last = np.zeros(len(buyers))
    has = x > 0
    last[has] = within[starts[has] + x[has] - 1]
    rest = rng.gamma(np.maximum(n_events - x + 1, 1).astype(np.float64), 1.0)
    total = last + rest
    t_rep = within / total[owner_rep] * horizon[owner_rep]
    day_rep = signup[owner_rep] + np.floor(t_rep).astype(np.int64)
    # every buyer's first order is on the signup day
    order_buyer = np.concatenate([np.arange(len(buyers)), owner_rep])
    order_day = np.concatenate([signup, day_rep])
    dropout_day = np.full(n, np.nan)
    last_day = signup.copy()
    last_day[has] = day_rep[starts[has] + x[has] - 1]
    dropout_day[buyers[died]] = last_day[died]

    # mailing needs each buyer's last order before the mailing day (repeats are sorted)
    before = np.bincount(owner_rep[day_rep < _MAIL_DAY], minlength=len(buyers))
    last_before_mail = signup.copy()
    hb = before > 0
    last_before_mail[hb] = day_rep[starts[hb] + before[hb] - 1]

    # sort orders by day, then customer; order_id follows
    order_cust = buyers[order_buyer]
    sort = np.lexsort((order_cust, order_day))
    order_cust = order_cust[sort]
    order_day = order_day[sort]
    n_orders = len(order_day)

    # order value (Gamma-Gamma) and lines; temporaries are freed as soon as possible
    # so that a million-customer world stays well inside the memory budget
    btype = cust["btype"][order_cust]
    p_shape = par["spend_p"]
    value = rng.gamma(p_shape, cust["mean_spend"][order_cust] / p_shape)
    extra = np.array([par["lines_per_order"][t] for t in CUSTOMER_TYPES])[btype]
    n_lines = np.minimum(1 + rng.poisson(extra), _MAX_LINES)
    del extra
    line_order = np.repeat(np.arange(n_orders), n_lines)
    n_l = len(line_order)
    line_cust = order_cust[line_order]
    category = _choice_codes(rng, [par["category_shares"][c] for c in PRODUCT_CATEGORIES], n_l)
    use_fav = rng.random(n_l) < par["favourite_category_weight"]
    category[use_fav] = cust["favourite"][line_cust[use_fav]]
    del use_fav
    product_idx = category * _PRODUCTS_PER_CATEGORY + _choice_codes(rng, _PRODUCT_WEIGHTS, n_l)
    del category
    disc_p = np.array([par["discount_rate"][t] for t in CUSTOMER_TYPES])[btype[line_order]]
    discounted = rng.random(n_l) < disc_p
    del disc_p
    disc = np.where(discounted, _DISCOUNTS[rng.integers(0, len(_DISCOUNTS), n_l)], 0.0)
    del discounted
    unit_price = prod["list_price"][product_idx]
    unit_price *= 1.0 - disc
    del disc
    unit_price = np.round(unit_price, 2)
    unit_cost = prod["unit_cost"][product_idx]
    lam_q = value[line_order]
    lam_q /= n_lines[line_order]
    lam_q /= unit_price
    lam_q -= 1.0
    np.maximum(lam_q, 0.0, out=lam_q)
    quantity = rng.poisson(lam_q)
    del lam_q
    quantity += 1
    returned = rng.binomial(quantity, cust["return_rate"][line_cust])
    del line_cust
    net = quantity - returned

    # transactions (one row per order)
    rev = np.round(np.bincount(line_order, weights=net * unit_price, minlength=n_orders), 2)
    gross = np.round(np.bincount(line_order, weights=quantity * unit_price, minlength=n_orders), 2)
    cost = np.round(np.bincount(line_order, weights=net * unit_cost, minlength=n_orders), 2)
    items = np.bincount(line_order, weights=net, minlength=n_orders).astype(np.int64)
    n_prod = len(prod["list_price"])
    net_by_product = np.bincount(product_idx, weights=net, minlength=n_prod)
    del net

    order_id = np.arange(1, n_orders + 1)
    dates = _dates(order_day)
    cust_id = order_cust + 1
    orders = _frame("orders", {"order_id": order_id, "customer_id": cust_id, "order_date": dates})
    transactions = _frame(
        "transactions",
        {
            "order_id": order_id,
            "customer_id": cust_id,
            "order_date": dates,
            "revenue": rev,
            "gross_revenue": gross,
            "cost": cost,
            "margin": rev - cost,
            "items": items,
        },
    )
    del rev, gross, cost, items, dates, cust_id
    _, line_no = _segment_positions(n_lines)
    line_no += 1
    line_order += 1  # now the order_id of each line
    product_idx += 1  # now the product_id
    lines = _frame(
        "order_lines",
        {
            "order_id": line_order,
            "line_no": line_no,
            "product_id": product_idx,
            "quantity": quantity,
            "unit_price": unit_price,
            "unit_cost": unit_cost,
            "returned_quantity": returned,
        },
    )
    return {
        "orders": orders,
        "order_lines": lines,
        "transactions": transactions,
        "order_lines_net_units_by_product": net_by_product,
        "product_turnover": prod["turnover"],
        "dropout_day": dropout_day,
        "buyers": buyers,
        "last_before_mail": last_before_mail,
    }


def _active_end(cust, orders):
    """Last active day (exclusive) of every customer: drop-out day + 1 or window end."""
    dd = orders["dropout_day"]
    return np.where(np.isnan(dd), _WINDOW_DAYS, np.nan_to_num(dd) + 1).astype(np.int64)


def _reason_signals(cust, idx):
    """Latent signals (n x 5) that tilt complaint and exit reasons."""
    west = (cust["region"][idx] == REGIONS.index("West")).astype(float)
    return np.column_stack(
        [
            -cust["value"][idx],
            cust["purchase_cost"][idx],
            1.5 * west - 0.3,
            -cust["trust"][idx],
            -cust["care"][idx],
        ]
    )


def _contacts(rng, cust, orders, par):
    buyers = orders["buyers"]
    start = cust["signup"][buyers]
    end = _active_end(cust, orders)[buyers]
    span = np.maximum(end - start, 1)
    rate = par["contact_rate"] * np.where(cust["business"][buyers], 1.5, 1.0)
    count = rng.poisson(rate * span / _DAYS_PER_YEAR)
    who = np.repeat(buyers, count)
    m = len(who)
    day = np.repeat(start, count) + np.floor(rng.random(m) * np.repeat(span, count)).astype(
        np.int64
    )
    day = np.minimum(day, _WINDOW_DAYS - 1)
    sat = cust["satisfaction"][who]
    p_complaint = _expit(
        _logit(par["complaint_share"]) - par["complaint_satisfaction_effect"] * sat
    )
    complaint = rng.random(m) < p_complaint
    reason = np.full(m, -1, dtype=np.int64)
    ci = np.flatnonzero(complaint)
    if len(ci):
        reason[ci] = _gumbel_choice(rng, par["reason_tilt"] * _reason_signals(cust, who[ci]))
    p_resolved = np.where(complaint, _expit(0.5 + 0.6 * cust["care"][who]), 0.95)
    resolved = rng.random(m) < p_resolved
    sort = np.lexsort((who, day))
    return _frame(
        "contacts",
        {
            "contact_id": np.arange(1, m + 1),
            "customer_id": who[sort] + 1,
            "contact_date": _dates(day[sort]),
            "kind": _cat(complaint[sort].astype(np.int64), "kind"),
            "reason": _cat(reason[sort], "reason"),
            "resolved": resolved[sort],
        },
    )


def _exits(rng, cust, orders, par):
    dd = orders["dropout_day"]
    left = np.flatnonzero(~np.isnan(dd))
    answered = left[rng.random(len(left)) < par["exit_interview_rate"]]
    shares = np.array([par["exit_reason_shares"][r] for r in EXIT_REASONS])
    signals = np.column_stack([_reason_signals(cust, answered), np.zeros(len(answered))])
    with np.errstate(divide="ignore"):
        logits = np.log(shares)[None, :] + par["exit_reason_tilt"] * signals
    reason = _gumbel_choice(rng, logits) if len(answered) else np.zeros(0, dtype=np.int64)
    day = dd[answered].astype(np.int64)
    sort = np.lexsort((answered, day))
    return _frame(
        "exits",
        {
            "customer_id": answered[sort] + 1,
            "exit_date": _dates(day[sort]),
            "exit_reason": _cat(reason[sort], "exit_reason"),
        },
    )


def _survey(rng, cust, par):
    eligible = np.flatnonzero(cust["buyer"] & (cust["signup"] < _SURVEY_DAY))
    size = min(par["survey_size"], len(eligible))
    who = np.sort(rng.choice(eligible, size=size, replace=False)) if size else eligible[:0]
    latent = {
        "satisfaction": cust["satisfaction"],
        "value": cust["value"],
        "trust": cust["trust"],
        "care": cust["care"],
        "purchase_cost": cust["purchase_cost"],
        "switching_cost": cust["switching_cost"],
        "cognitive": cust["cognitive"],
        "affective": cust["affective"],
        "behavioural": cust["behavioural"],
    }
    loadings = np.array(par["survey_loadings"])
    shifts = np.array([0.2, 0.0, -0.2])
    data = {
        "customer_id": who + 1,
        "survey_date": np.full(size, np.datetime64(SURVEY_DATE, "D")).astype(_DATE_UNIT),
    }
    z_all = {c: _standardise(v)[who] for c, v in latent.items()}
    for construct in CONSTRUCTS:
        z = z_all[construct]
        noise = rng.standard_normal((size, 3))
        raw = 4.0 + 1.25 * (z[:, None] * loadings + np.sqrt(1 - loadings**2) * noise) + shifts
        items = np.clip(np.round(raw), 1, 7).astype(np.int64)
        for k in range(3):
            data[f"{construct}_{k + 1}"] = items[:, k]
    overall = 6.0 + 1.6 * (0.9 * z_all["satisfaction"] + 0.44 * rng.standard_normal(size))
    data["overall_satisfaction"] = np.clip(np.round(overall), 1, 10).astype(np.int64)
    rec = 6.5 + 2.0 * (
        0.6 * z_all["affective"] + 0.3 * z_all["satisfaction"] + 0.6 * rng.standard_normal(size)
    )
    data["recommend"] = np.clip(np.round(rec), 0, 10).astype(np.int64)
    return _frame("survey", data)


def _mailing(rng, cust, orders, par):
    buyers = orders["buyers"]
    bought = cust["signup"][buyers] < _MAIL_DAY
    eligible = buyers[bought]
    mailed_mask = rng.random(len(eligible)) < par["mailing_share"]
    who = eligible[mailed_mask]
    last = orders["last_before_mail"][bought][mailed_mask]
    dd = orders["dropout_day"][who]
    alive = np.isnan(dd) | (np.nan_to_num(dd, nan=np.inf) >= _MAIL_DAY)
    rate = cust["rate"][who]
    med = np.median(cust["rate"][buyers]) if len(buyers) else 1.0
    recency = (_MAIL_DAY - last) / _DAYS_PER_YEAR
    logit = (
        _logit(par["mail_base_response"])
        + par["mail_rate_effect"] * np.log(np.maximum(rate, 1e-9) / med)
        - par["mail_recency_effect"] * recency
    )
    responded = alive & (rng.random(len(who)) < _expit(logit))
    spend = rng.gamma(par["spend_p"], cust["mean_spend"][who] / par["spend_p"])
    return _frame(
        "mailing",
        {
            "customer_id": who + 1,
            "mail_date": np.full(len(who), np.datetime64(MAIL_DATE, "D")).astype(_DATE_UNIT),
            "responded": responded,
            "response_revenue": np.where(responded, spend, 0.0),
        },
    )


def _branches(rng, par):
    nb, ny = par["n_branches"], par["branch_years"]
    eff = par["branch_effects"]
    region = _choice_codes(rng, [par["region_shares"][r] for r in REGIONS], nb)
    sat_level = 72.0 + rng.normal(0.0, 5.0, nb)
    ret_level = 0.78 + rng.normal(0.0, 0.03, nb)
    margin_level = 0.10 + rng.normal(0.0, 0.02, nb)
    size = np.exp(rng.normal(np.log(40e6), 0.5, nb))
    growth = 0.04 + rng.normal(0.0, 0.01, nb)
    years = np.arange(2025 - ny + 1, 2026)
    # one burn-in year (index 0) provides the first lag
    sat = np.empty((ny + 1, nb))
    e = rng.normal(0.0, 4.0, nb)
    for t in range(ny + 1):
        e = 0.5 * e + rng.normal(0.0, 4.0 * math.sqrt(0.75), nb)
        sat[t] = np.clip(sat_level + 0.3 * t + e, 0.0, 100.0)
    year_shock = rng.normal(0.0, 0.01, ny)
    ret = np.clip(
        ret_level
        + eff["satisfaction_to_retention"] * (sat[:-1] - 72.0)
        + year_shock[:, None]
        + rng.normal(0.0, 0.015, (ny, nb)),
        0.0,
        1.0,
    )
    margin = (
        margin_level
        + eff["retention_to_margin"] * (ret - 0.78)
        + eff["satisfaction_to_margin"] * (sat[:-1] - 72.0)
        + rng.normal(0.0, 0.01, (ny, nb))
    )
    t_idx = np.arange(ny)[:, None]
    revenue = np.round(size * (1.0 + growth) ** t_idx * np.exp(rng.normal(0.0, 0.05, (ny, nb))), 2)
    profit = np.round(revenue * margin, 2)
    cost = np.round(revenue - profit, 2)
    return _frame(
        "branches",
        {
            "branch_id": np.tile(np.arange(1, nb + 1), ny),
            "region": _cat(np.tile(region, ny), "region"),
            "year": np.repeat(years, nb),
            "satisfaction_index": sat[1:].ravel(),
            "retention_rate": ret.ravel(),
            "revenue": revenue.ravel(),
            "cost": cost.ravel(),
            "profit": np.round(revenue - cost, 2).ravel(),
        },
    ).sort_values(["branch_id", "year"], ignore_index=True)


def _truth(cust, orders):
    dd = orders["dropout_day"]
    return _frame(
        "truth",
        {
            "customer_id": np.arange(1, cust["n"] + 1),
            "perceived_value": cust["value"],
            "trust": cust["trust"],
            "care": cust["care"],
            "purchase_cost": cust["purchase_cost"],
            "switching_cost": cust["switching_cost"],
            "satisfaction": cust["satisfaction"],
            "loyalty_cognitive": cust["cognitive"],
            "loyalty_affective": cust["affective"],
            "loyalty_behavioural": cust["behavioural"],
            "purchase_rate": cust["rate"],
            "dropout_prob": cust["dropout"],
            "mean_spend": cust["mean_spend"],
            "return_rate": cust["return_rate"],
            "favourite_category": _cat(cust["favourite"], "favourite_category"),
            "dropout_date": _dates(dd),
            "alive_at_end": np.isnan(dd),
        },
    )
