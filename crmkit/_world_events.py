"""Contacts, exit interviews, the survey, the test mailing and the branch panel.

Private to :mod:`crmkit.world`, which calls these steps after the orders, in a fixed
order on one random generator (steps 7 to 11 of the causal story in
``help(crmkit.world)``). Changing the order or the number of draws changes every
shipped table.
"""

from __future__ import annotations

import math

import numpy as np

from crmkit._constants import DAYS_PER_YEAR as _DAYS_PER_YEAR
from crmkit._world_draws import (
    _MAIL_DAY,
    _SURVEY_DAY,
    _WINDOW_DAYS,
    _cat,
    _choice_codes,
    _dates,
    _expit,
    _gumbel_choice,
    _logit,
    _standardise,
)
from crmkit.schema import (
    CONSTRUCTS,
    DATE_UNIT,
    EXIT_REASONS,
    MAIL_DATE,
    REGIONS,
    SURVEY_DATE,
    build_table,
)


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


def draw_contacts(rng, cust, orders, par):
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
    return build_table(
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


def draw_exits(rng, cust, orders, par):
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
    return build_table(
        "exits",
        {
            "customer_id": answered[sort] + 1,
            "exit_date": _dates(day[sort]),
            "exit_reason": _cat(reason[sort], "exit_reason"),
        },
    )


def draw_survey(rng, cust, par):
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
        "survey_date": np.full(size, np.datetime64(SURVEY_DATE, "D")).astype(DATE_UNIT),
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
    return build_table("survey", data)


def draw_mailing(rng, cust, orders, par):
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
    return build_table(
        "mailing",
        {
            "customer_id": who + 1,
            "mail_date": np.full(len(who), np.datetime64(MAIL_DATE, "D")).astype(DATE_UNIT),
            "responded": responded,
            "response_revenue": np.where(responded, spend, 0.0),
        },
    )


def draw_branches(rng, par):
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
    return build_table(
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
