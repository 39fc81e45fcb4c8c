"""The customers, their latent drivers, the products and the orders of the world.

Private to :mod:`crmkit.world`, which calls these steps in a fixed order on one
random generator (steps 1, 2, 5 and 6 of the causal story in ``help(crmkit.world)``).
Changing the order or the number of draws changes every shipped table.
"""

from __future__ import annotations

import math

import numpy as np

from crmkit._constants import DAYS_PER_YEAR as _DAYS_PER_YEAR
from crmkit._world_draws import (
    _DISCOUNTS,
    _MAIL_DAY,
    _MAX_LINES,
    _PRODUCT_WEIGHTS,
    _PRODUCTS_PER_CATEGORY,
    _SIGNUP_LAST_DAY,
    _WINDOW_DAYS,
    _cat,
    _choice_codes,
    _dates,
    _expit,
    _logit,
)
from crmkit.schema import (
    CARE_TIERS,
    CHANNELS,
    CUSTOMER_TYPES,
    FACTORS,
    PRODUCT_CATEGORIES,
    PRODUCT_NAMES,
    REGIONS,
    build_table,
)


def draw_customers(rng, n, par) -> dict:
    """Every customer's observable facts and latent values (steps 1 to 5 of the story).

    The draws run in a fixed order: arrival, spend and care tier, latent drivers,
    buying rates. Returns a dict of per-customer arrays plus the ``customers`` table.
    """
    c = {"n": n}
    c.update(_arrivals(rng, n, par))
    c.update(_spend_and_tier(rng, n, par, c["business"], c["buyer"]))
    c.update(_drivers(rng, n, par, c["business"], c["tier"]))
    c.update(_buying_rates(rng, n, par, c))
    c["customers"] = build_table(
        "customers",
        {
            "customer_id": np.arange(1, n + 1),
            "signup_date": _dates(c["signup"]),
            "region": _cat(c["region"], "region"),
            "customer_type": _cat(c["btype"], "customer_type"),
            "channel": _cat(c["channel"], "channel"),
            "status": _cat(c["status"], "status"),
            "acquisition_cost": c["acquisition_cost"],
            "care_tier": _cat(c["tier"], "care_tier"),
        },
    )
    return c


def _arrivals(rng, n, par) -> dict:
    """Step 1: type, region, channel, status, signup day and acquisition cost."""
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
    return {
        "business": business,
        "btype": btype,
        "region": region,
        "channel": channel,
        "status": status,
        "buyer": ~potential,
        "signup": signup,
        "acquisition_cost": acq,
    }


def _spend_and_tier(rng, n, par, business, buyer) -> dict:
    """Step 6's mean order value (Gamma-Gamma) and step 2's care tier, set from it."""
    # Gamma-Gamma spend: nu ~ Gamma(q, rate gamma); mean order value p / nu
    nu = rng.gamma(par["spend_q"], 1.0 / par["spend_gamma"], size=n)
    mean_spend = par["spend_p"] / nu * np.where(business, par["business_spend_multiplier"], 1.0)

    # care tier from size and spending level (never from loyalty)
    score = np.log(mean_spend) + 0.7 * business + rng.normal(0.0, 0.3, n)
    tier = np.zeros(n, dtype=np.int64)
    if buyer.any():
        shares = par["care_tier_shares"]
        q_gold = np.quantile(score[buyer], 1.0 - shares["gold"])
        q_silver = np.quantile(score[buyer], 1.0 - shares["gold"] - shares["silver"])
        tier = np.where(score >= q_gold, 2, np.where(score >= q_silver, 1, 0))
        tier = np.where(buyer, tier, 0)
    return {"mean_spend": mean_spend, "tier": tier}


def _drivers(rng, n, par, business, tier) -> dict:
    """Steps 2 to 4: the five latent drivers, satisfaction and the three loyalty levels."""
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
    return {
        **factors,
        "cognitive": cog,
        "affective": aff,
        "behavioural": beh,
    }


def _buying_rates(rng, n, par, cust) -> dict:
    """Step 5's purchase rate and drop-out probability, return rate, favourite category."""
    btype, beh, sat = cust["btype"], cust["behavioural"], cust["satisfaction"]
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
    return {"rate": rate, "dropout": dropout, "return_rate": return_rate, "favourite": fav}


def draw_products(rng, par):
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
    names = [name for c in PRODUCT_CATEGORIES for name in PRODUCT_NAMES[c]]
    return {
        "product_id": np.arange(1, k * m + 1),
        "product_name": names,
        "category": _cat(cat, "category"),
        "list_price": list_price,
        "unit_cost": unit_cost,
    }, {"list_price": list_price, "unit_cost": unit_cost, "turnover": turnover}


def finish_products(products, orders, par):
    net = orders["order_lines_net_units_by_product"]
    years = _WINDOW_DAYS / _DAYS_PER_YEAR
    turnover = orders["product_turnover"]
    avg_units = np.maximum(net / years / turnover, 5.0)
    return build_table("products", {**products, "avg_inventory_units": avg_units})


def _segment_positions(counts):
    """For groups of the given sizes: start offsets and each element's position."""
    total = int(counts.sum())
    starts = np.cumsum(counts) - counts
    pos = np.arange(total, dtype=np.int64) - np.repeat(starts, counts)
    return starts, pos


def draw_orders(rng, n, cust, prod, par) -> dict:
    """Steps 5 and 6: every buyer's orders, their lines and the per-order log.

    Returns the ``orders``, ``order_lines`` and ``transactions`` tables and what the
    later steps need (drop-out days, buyers, last order before the mailing, units
    sold per product).
    """
    days = _order_days(rng, n, cust)
    lines = _order_lines(rng, cust, prod, par, days["order_cust"])
    tables = _order_tables(days, lines, prod)
    del lines
    later = ("dropout_day", "buyers", "last_before_mail")
    return {**tables, **{key: days[key] for key in later}}


def _order_days(rng, n, cust) -> dict:
    """Each buyer's order days under BG/NBD, sorted by day then customer."""
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
    return {
        "order_cust": order_cust,
        "order_day": order_day,
        "dropout_day": dropout_day,
        "buyers": buyers,
        "last_before_mail": last_before_mail,
    }


def _order_lines(rng, cust, prod, par, order_cust) -> dict:
    """Each order's value and lines: products, prices, quantities and returns."""
    n_orders = len(order_cust)
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
    return {
        "line_order": line_order,
        "n_lines": n_lines,
        "product_idx": product_idx,
        "quantity": quantity,
        "unit_price": unit_price,
        "unit_cost": unit_cost,
        "returned": returned,
        "net": net,
    }


def _order_tables(days, lines, prod) -> dict:
    """The three order tables, and the net units sold of every product."""
    order_cust, order_day = days["order_cust"], days["order_day"]
    n_orders = len(order_day)
    line_order, n_lines, product_idx = lines["line_order"], lines["n_lines"], lines["product_idx"]
    quantity, unit_price, unit_cost = lines["quantity"], lines["unit_price"], lines["unit_cost"]
    returned, net = lines["returned"], lines.pop("net")
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
    orders = build_table(
        "orders", {"order_id": order_id, "customer_id": cust_id, "order_date": dates}
    )
    transactions = build_table(
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
    lines = build_table(
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
    }
