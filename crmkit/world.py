"""The synthetic CRM world: Lanting Trading Co. (兰亭商贸), with known ground truth.

Every chapter of crmkit analyses the same fictional firm. Lanting Trading Co.
sells office and household supplies to consumers and businesses in five regions of
China, directly and through dealers. The observation window runs from 2023-01-01 to
2025-12-31; money is in yuan (CNY). :func:`make_world` builds the firm's customer
base from one seed and returns the observable tables together with the truth behind
them (every latent value and every parameter), so that each estimator taught in the
kit can be checked against the answer.

The module is the simulator only: the tables' columns and dtypes are in
:mod:`crmkit.schema` and the parameters' defaults and ranges in :mod:`crmkit.params`
(both re-exported here under their old names).

"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_seed
from crmkit._world_buyers import draw_customers, draw_orders, draw_products, finish_products
from crmkit._world_draws import _cat, _dates
from crmkit._world_events import draw_branches, draw_contacts, draw_exits, draw_mailing, draw_survey
from crmkit._world_wallet import draw_wallet, wallet_rng
from crmkit.params import PARAMS, Param, default_params, validate_params
from crmkit.schema import (
    CARE_TIERS,
    CATEGORIES,
    CHANNELS,
    COMPLAINT_REASONS,
    CONSTRUCTS,
    CONTACT_KINDS,
    CUSTOMER_TYPES,
    DATE_UNIT,
    EXIT_REASONS,
    FACTORS,
    MAIL_DATE,
    PRODUCT_CATEGORIES,
    REGIONS,
    SCHEMA,
    STATUSES,
    SURVEY_DATE,
    TABLES,
    WALLET_SURVEY_DATE,
    WINDOW_END,
    WINDOW_START,
    Column,
    build_table,
    pandas_dtype,
)

#: Largest ``n_customers`` of :func:`make_world`: about 3.8 GB at peak.
MAX_CUSTOMERS = 2_000_000

#: The causal story of the world, told once: the module docstring and
#: ``datasets/README.md`` both show it.
CAUSAL_STORY = """1. **Customers arrive.** Each customer signs up on a day drawn uniformly between
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
12. **Customer share and the wallet** (客户占有率, share of wallet). Every customer has
    a true customer share ``share_of_wallet``, the part of their yearly spending on
    office and household supplies that goes to Lanting while they are a live customer:
    ``logistic(logit(share_base) + share_loyalty_effect * loyalty_behavioural +
    share_noise * e)`` with ``e`` standard normal (0 for potential customers, who buy
    everything elsewhere). The wallet (``wallet``, yuan a year) is what the customer
    would spend at Lanting in a year while active, ``purchase_rate * mean_spend``,
    divided by that share, so a customer with a low share has a wallet much larger than
    their purchases at Lanting (for a potential customer, the latent share they would
    have). The true 2025 category spending is Lanting's net revenue from the customer
    in 2025 (from ``transactions``) plus spending elsewhere,
    ``wallet * (1 - share * f) * exp(wallet_year_noise * e2 - wallet_year_noise**2 / 2)``,
    where ``f`` is the part of 2025 in which the customer was a live Lanting customer
    (after signing up, before dropping out). One year's realised share, Lanting's 2025
    revenue over the 2025 spending, scatters widely around ``share_of_wallet``: a
    customer who orders a few times a year may, by chance, order nothing in 2025
    (realised share 0), and the customers who did order sit above their share on
    average (also because observed order revenue runs above ``mean_spend``, step 6).
    The firm sees
    none of this directly: on 2026-01-15 it asked a random share
    ``wallet_survey_share`` of the customers who ordered in 2025 how much they spent on
    the category in 2025 at all suppliers together (table ``wallet``). The answer is
    the true 2025 spending times ``exp(wallet_report_noise * e3)``, rounded to 10 yuan,
    so half of the answers are too high and half too low, and a customer who gives
    Lanting almost all their spending may state less than Lanting's own revenue. The
    mailing responses of step 10 are left out of both sides. This step draws from a
    generator of its own, ``default_rng([seed, 18])``, after everything else, so it
    changes no value of any other table.
"""

_STORY_END = (
    "\nEverything random in steps 1 to 11 comes from one ``numpy.random.default_rng(seed)``\n"
    "and step 12 from ``numpy.random.default_rng([seed, 18])``; the same ``n_customers``,\n"
    "seed and parameters always give identical frames.\n"
)
__doc__ = f"{__doc__}The causal story\n----------------\n{CAUSAL_STORY}{_STORY_END}"

__all__ = [  # noqa: RUF022 - the simulator's own names first
    "CAUSAL_STORY",
    "MAX_CUSTOMERS",
    "World",
    "make_world",
    # defined in crmkit.schema and crmkit.params; re-exported because they lived here
    # before the split, so that no caller breaks
    "CARE_TIERS",
    "CATEGORIES",
    "CHANNELS",
    "COMPLAINT_REASONS",
    "CONSTRUCTS",
    "CONTACT_KINDS",
    "CUSTOMER_TYPES",
    "DATE_UNIT",
    "EXIT_REASONS",
    "FACTORS",
    "MAIL_DATE",
    "PARAMS",
    "PRODUCT_CATEGORIES",
    "REGIONS",
    "SCHEMA",
    "STATUSES",
    "SURVEY_DATE",
    "TABLES",
    "WINDOW_END",
    "WINDOW_START",
    "Column",
    "Param",
    "default_params",
    "pandas_dtype",
]


# ---------------------------------------------------------------------------
# The World
# ---------------------------------------------------------------------------
@dataclasses.dataclass(repr=False)
class World:
    """One generated CRM world: observable tables, latent truth and parameters.

    Attributes
    ----------
    customers, products, orders, order_lines, transactions, survey, contacts, exits,
    mailing, branches, wallet : pandas.DataFrame
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
    wallet: pd.DataFrame
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
# The generator
# ---------------------------------------------------------------------------
def make_world(n_customers: int = 4000, *, seed: int | None = 2026, **params: Any) -> World:
    """Generate the Lanting Trading Co. CRM world with its ground truth.

    Parameters
    ----------
    n_customers : int, default 4000
        Number of customers (registered leads included), from 1 to
        :data:`MAX_CUSTOMERS` (2,000,000). A world takes about 1.9 GB of memory per
        million customers (``benchmarks/README.md``), so the bound keeps a slip of the
        keyboard under 4 GB.
    seed : int or None, default 2026
        Seed of the ``numpy.random.default_rng`` that draws everything (the wallet of
        step 12 from ``default_rng([seed, 18])``, a stream of its own). ``None`` gives
        a fresh, unreproducible world.
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
        ``exits``, ``mailing``, ``branches``, ``wallet``), ``truth`` (one row per
        customer, every
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
        or not (1 <= n_customers <= MAX_CUSTOMERS)
    ):
        raise ValueError(
            "The 'n_customers' parameter of make_world must be an integer in "
            f"[1, {MAX_CUSTOMERS}] (a world takes about 1.9 GB of memory per million "
            f"customers). Got {n_customers!r} instead."
        )
    seed = check_seed(seed, "seed", "make_world")
    par = validate_params(params)
    n = int(n_customers)
    rng = np.random.default_rng(seed)

    cust = draw_customers(rng, n, par)
    products, prod = draw_products(rng, par)
    orders = draw_orders(rng, n, cust, prod, par)
    products = finish_products(products, orders, par)
    contacts = draw_contacts(rng, cust, orders, par)
    exits = draw_exits(rng, cust, orders, par)
    survey = draw_survey(rng, cust, par)
    mailing = draw_mailing(rng, cust, orders, par)
    branches = draw_branches(rng, par)
    # step 12 from a stream of its own: the tables above stay exactly as they were
    wallet_truth, wallet = draw_wallet(wallet_rng(seed), cust, orders, par)

    all_params = {
        "n_customers": n,
        "seed": None if seed is None else int(seed),
        "window_start": WINDOW_START,
        "window_end": WINDOW_END,
        "survey_date": SURVEY_DATE,
        "mail_date": MAIL_DATE,
        "wallet_survey_date": WALLET_SURVEY_DATE,
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
        wallet=wallet,
        truth=_truth(cust, orders, wallet_truth),
        params=all_params,
    )


def _truth(cust, orders, wallet_truth):
    dd = orders["dropout_day"]
    return build_table(
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
            **wallet_truth,
        },
    )
