"""Step 12 of the causal story: each customer's category spending at all suppliers.

Private to :mod:`crmkit.world`. Customer share (客户占有率, share of wallet) is the part
of a customer's spending on the category that goes to Lanting. Lanting sees its own
revenue, never what the customer spends at its competitors; this step gives every
customer a true share and a true yearly category spending (the *wallet*), and the
firm a survey in which a sample of its 2025 buyers state their 2025 spending.

Everything here is drawn from a random stream of its own,
``numpy.random.default_rng([seed, WALLET_STREAM])``, after all the other tables are
built and without touching their generator, so adding this step changed no value of
any other table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit._world_draws import _START, _WINDOW_DAYS, _expit, _logit
from crmkit.schema import DATE_UNIT, WALLET_SURVEY_DATE, WALLET_YEAR, build_table

#: Second word of the wallet stream's seed: ``default_rng([seed, WALLET_STREAM])``.
WALLET_STREAM = 18

_YEAR_FIRST = int((np.datetime64(f"{WALLET_YEAR}-01-01", "D") - _START).astype(int))
_YEAR_LAST = int((np.datetime64(f"{WALLET_YEAR}-12-31", "D") - _START).astype(int))
_YEAR_DAYS = _YEAR_LAST - _YEAR_FIRST + 1


def wallet_rng(seed: int | None) -> np.random.Generator:
    """The wallet's own generator: ``default_rng([seed, 18])``, or fresh when seed is None."""
    if seed is None:
        return np.random.default_rng()
    return np.random.default_rng([int(seed), WALLET_STREAM])


def draw_wallet(rng, cust, orders, par) -> tuple[dict, pd.DataFrame]:
    """True share, wallet and 2025 category spending of everyone; the wallet survey.

    Returns ``(truth_columns, wallet_table)``: three truth arrays (one value per
    customer) and the observable ``wallet`` table.
    """
    n = cust["n"]
    buyer = cust["buyer"]
    # the true share: a logistic of behavioural loyalty, with noise of its own
    logit_share = (
        _logit(par["share_base"])
        + par["share_loyalty_effect"] * cust["behavioural"]
        + par["share_noise"] * rng.standard_normal(n)
    )
    latent_share = _expit(logit_share)
    share = np.where(buyer, latent_share, 0.0)
    # the wallet: what the customer would spend at Lanting in a year while active,
    # divided by the share of their category spending Lanting gets
    wallet = cust["rate"] * cust["mean_spend"] / latent_share

    revenue, bought = _revenue_in_year(orders["transactions"], n)
    active = _active_fraction(cust, orders["dropout_day"])
    wobble = par["wallet_year_noise"]
    elsewhere = (
        wallet * (1.0 - share * active) * np.exp(wobble * rng.standard_normal(n) - 0.5 * wobble**2)
    )
    spending = revenue + elsewhere

    eligible = np.flatnonzero(bought)
    size = round(par["wallet_survey_share"] * len(eligible))
    who = np.sort(rng.choice(eligible, size=size, replace=False)) if size else eligible[:0]
    stated = spending[who] * np.exp(par["wallet_report_noise"] * rng.standard_normal(size))
    stated = np.maximum(np.round(stated / 10.0) * 10.0, 10.0)
    table = build_table(
        "wallet",
        {
            "customer_id": who + 1,
            "survey_date": np.full(size, np.datetime64(WALLET_SURVEY_DATE, "D")).astype(DATE_UNIT),
            "year": np.full(size, WALLET_YEAR, dtype=np.int64),
            "category_spending": stated,
        },
    )
    truth = {
        "share_of_wallet": share,
        "wallet": wallet,
        f"category_spending_{WALLET_YEAR}": spending,
    }
    return truth, table


def _revenue_in_year(transactions, n) -> tuple[np.ndarray, np.ndarray]:
    """Each customer's net revenue in the wallet year (as the log records it), and
    whether they ordered in it."""
    days = (transactions["order_date"].to_numpy().astype("datetime64[D]") - _START).astype(np.int64)
    inside = (days >= _YEAR_FIRST) & (days <= _YEAR_LAST)
    index = transactions["customer_id"].to_numpy()[inside] - 1
    revenue = np.bincount(index, weights=transactions["revenue"].to_numpy()[inside], minlength=n)
    return revenue, np.bincount(index, minlength=n) > 0


def _active_fraction(cust, dropout_day) -> np.ndarray:
    """Share of the wallet year in which each customer was a live Lanting customer:
    from signup (or 1 January) to the drop-out day (or 31 December); 0 for leads."""
    start = np.maximum(cust["signup"], _YEAR_FIRST)
    last = np.where(np.isnan(dropout_day), _WINDOW_DAYS - 1, dropout_day)
    end = np.minimum(last, _YEAR_LAST)
    fraction = np.clip((end - start + 1) / _YEAR_DAYS, 0.0, 1.0)
    return np.where(cust["buyer"], fraction, 0.0)
