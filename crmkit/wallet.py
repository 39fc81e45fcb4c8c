"""Customer share (客户占有率, share of wallet): how much of each customer's category
spending the firm gets, and where the room to grow is.

=====================================  =====================================================
:func:`customer_share`                 each surveyed customer's revenue in the year, their
                                       stated category spending (the wallet), the share and
                                       the spending that went elsewhere
:func:`share_intervals`                mean share, pooled share and spending elsewhere per
                                       customer, with percentile-bootstrap intervals
:func:`development_matrix`             customer value analysis by wallet and share: develop,
                                       keep, maintain, low priority
:func:`plot_share_wallet`              share against wallet, with the cuts; takes ``ax=``
=====================================  =====================================================

A firm sees what a customer buys from it, never what they buy from its competitors.
The customer's spending on the category at all suppliers (the *wallet*) has to be asked
(a survey question, a key-account manager's estimate); customer share is then the
firm's revenue from the customer divided by that figure. Revenue is share times wallet,
so a small customer may be a small wallet or a big wallet with a small share; only the
second can grow (customer development, 客户发展). Du, Kamakura & Mela (2007), "Size and
share of customer wallet", *Journal of Marketing* 71(2), model both.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import (
    check_count,
    check_dates,
    check_finite,
    check_no_missing,
    check_number,
    check_seed,
    check_table,
)
from crmkit._plotting import get_ax
from crmkit._resample import bootstrap_draws

__all__ = [
    "DEVELOPMENT_GROUPS",
    "MAX_BOOT",
    "customer_share",
    "development_matrix",
    "plot_share_wallet",
    "share_intervals",
]

#: Upper bound of ``n_boot`` in :func:`share_intervals` (a few seconds for 10,000
#: customers).
MAX_BOOT = 100_000
#: The four groups of :func:`development_matrix`, in category order.
DEVELOPMENT_GROUPS = ("develop", "keep", "maintain", "low priority")

_TX_FIX = "Load it with crmkit.load_dataset('transactions')."
_WALLET_FIX = "Load it with crmkit.load_dataset('wallet')."
_SHARE_COLUMNS = ["revenue", "category_spending", "share_of_wallet", "spending_elsewhere"]


def customer_share(transactions: pd.DataFrame, wallet: pd.DataFrame) -> pd.DataFrame:
    """Customer share (客户占有率) of every customer who stated their category spending.

    Parameters
    ----------
    transactions : DataFrame
        The purchase log: ``customer_id``, ``order_date`` (datetime64) and ``revenue``
        (net, finite).
    wallet : DataFrame
        One row per customer and year: ``customer_id``, ``year`` (whole number) and
        ``category_spending`` (the customer's stated spending on the category in that
        year at all suppliers, the firm included; positive and finite), as in
        ``crmkit.load_dataset("wallet")``.

    Returns
    -------
    DataFrame
        One row per row of ``wallet``, in its order: ``customer_id``, ``year``,
        ``revenue`` (the firm's net revenue from the customer in that year; 0 when
        they bought nothing), ``category_spending``, ``share_of_wallet`` (revenue /
        category_spending, at most 1), ``spending_elsewhere`` (category_spending -
        revenue, at least 0) and ``above_stated`` (True when the firm's own revenue
        exceeds the stated spending: the answer was too low, and the share is set to
        1 rather than dropped; count these before trusting the figures).

    Raises
    ------
    TypeError
        If a table is not a DataFrame, or a column has the wrong type.
    ValueError
        If a column is missing, a key or date is missing, ``(customer_id, year)``
        repeats, a year is not a whole number, a spending is not positive and finite,
        or a customer-year's revenue is negative or not finite.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "revenue": [30.0, 20.0, 90.0],
    ...     "order_date": pd.to_datetime(["2025-03-01", "2025-07-01", "2025-05-01"])})
    >>> w = pd.DataFrame({"customer_id": [1, 2], "year": [2025, 2025],
    ...     "category_spending": [200.0, 80.0]})
    >>> customer_share(tx, w)[["customer_id", "share_of_wallet", "above_stated"]]
       customer_id  share_of_wallet  above_stated
    0            1             0.25         False
    1            2             1.00          True
    """
    func = "customer_share"
    check_table(
        transactions, "transactions", func, ["customer_id", "order_date", "revenue"], _TX_FIX
    )
    check_table(wallet, "wallet", func, ["customer_id", "year", "category_spending"], _WALLET_FIX)
    tx = check_dates(transactions, ["order_date"], "transactions", func)
    check_no_missing(tx, ["customer_id"], "transactions", func)
    check_finite(tx["revenue"], "transactions", func, column="revenue")
    check_no_missing(wallet, ["customer_id", "year"], "wallet", func)
    years = check_finite(wallet["year"], "wallet", func, column="year")
    if (years % 1 != 0).any():
        raise ValueError(
            f"The column 'year' of the 'wallet' parameter of {func} must hold whole years "
            f"such as 2025. Got {years[years % 1 != 0][0]!r} instead."
        )
    spending = check_finite(wallet["category_spending"], "wallet", func, column="category_spending")
    if (spending <= 0).any():
        raise ValueError(
            f"The column 'category_spending' of the 'wallet' parameter of {func} must be "
            f"positive (a share of nothing is undefined). Got {int((spending <= 0).sum())} "
            f"value(s) <= 0 instead; drop those answers and count them."
        )
    keys = pd.DataFrame({"customer_id": wallet["customer_id"].to_numpy(), "year": years})
    if keys.duplicated().any():
        raise ValueError(
            f"The 'wallet' parameter of {func} must have one row per customer and year. "
            f"Got {int(keys.duplicated(keep=False).sum())} rows sharing a "
            "(customer_id, year) instead; keep one answer each."
        )
    per_year = (
        pd.DataFrame(
            {
                "customer_id": tx["customer_id"].to_numpy(),
                "year": tx["order_date"].dt.year.to_numpy().astype("float64"),
                "revenue": tx["revenue"].to_numpy(dtype="float64"),
            }
        )
        .groupby(["customer_id", "year"], sort=False)["revenue"]
        .sum()
    )
    revenue = per_year.reindex(pd.MultiIndex.from_frame(keys)).fillna(0.0).to_numpy()
    if (revenue < 0).any():
        raise ValueError(
            f"The 'transactions' parameter of {func} gives {int((revenue < 0).sum())} "
            "surveyed customer-year(s) a negative revenue; a share needs revenue >= 0. "
            "Check the returns in those orders."
        )
    return pd.DataFrame(
        {
            "customer_id": wallet["customer_id"].to_numpy(),
            "year": years.astype("int64"),
            "revenue": revenue,
            "category_spending": spending,
            "share_of_wallet": np.minimum(revenue / spending, 1.0),
            "spending_elsewhere": np.maximum(spending - revenue, 0.0),
            "above_stated": revenue > spending,
        }
    )


def share_intervals(
    shares: pd.DataFrame,
    *,
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int | np.random.Generator | None = 2026,
) -> pd.DataFrame:
    """Three summaries of customer share, each with a percentile-bootstrap interval.

    Parameters
    ----------
    shares : DataFrame
        Output of :func:`customer_share` (or a subset of its rows, e.g. one group of
        :func:`development_matrix`), at least two rows.
    n_boot : int, default 2000
        Number of resamples of the customers, from 100 to :data:`MAX_BOOT`.
    ci : float in (0, 1), default 0.95
        Coverage of the intervals.
    seed : int or numpy.random.Generator, default 2026
        Turned into one ``numpy.random.default_rng(seed)``; a Generator is used as it
        is (and advanced).

    Returns
    -------
    DataFrame
        Indexed by ``measure``: ``mean_share`` (the average customer's share),
        ``pooled_share`` (total revenue / total stated spending: the firm's share of
        these customers' category spending, which weights big wallets more) and
        ``elsewhere_per_customer`` (mean yearly spending at other suppliers, yuan).
        Columns ``estimate``, ``lower``, ``upper``, ``std_error`` (standard deviation
        of the resampled values) and ``customers``.

    Notes
    -----
    Resampling customers treats the surveyed customers as a random sample of a larger
    group (here: all customers who bought in the year); the intervals say nothing
    about errors in the stated figures themselves.
    """
    func = "share_intervals"
    check_table(shares, "shares", func, _SHARE_COLUMNS, "Compute it with customer_share.")
    n_boot = check_count(n_boot, "n_boot", func, low=100, high=MAX_BOOT)
    ci = check_number(ci, "ci", func, low=0.0, high=1.0, low_open=True, high_open=True)
    if not isinstance(seed, np.random.Generator):
        seed = check_seed(seed, "seed", func)
    cols = {c: check_finite(shares[c], "shares", func, column=c) for c in _SHARE_COLUMNS}
    n = len(shares)
    if n < 2:
        raise ValueError(
            f"The 'shares' parameter of {func} must have at least 2 customers to resample. "
            f"Got {n} instead."
        )
    stats = np.column_stack([cols["share_of_wallet"], cols["revenue"], cols["category_spending"]])
    stats = np.column_stack([stats, cols["spending_elsewhere"]])

    def measures(sums: np.ndarray) -> np.ndarray:
        return np.stack([sums[..., 0] / n, sums[..., 1] / sums[..., 2], sums[..., 3] / n], -1)

    boot = bootstrap_draws(stats, lambda sample: measures(sample.sum(axis=1)), n_boot, seed)
    alpha = (1 - ci) / 2
    lower, upper = np.quantile(boot, [alpha, 1 - alpha], axis=0)
    out = pd.DataFrame(
        {
            "estimate": measures(stats.sum(axis=0)),
            "lower": lower,
            "upper": upper,
            "std_error": boot.std(axis=0, ddof=1),
            "customers": n,
        },
        index=pd.Index(["mean_share", "pooled_share", "elsewhere_per_customer"], name="measure"),
    )
    return out


def development_matrix(
    shares: pd.DataFrame, *, share_cut: float = 0.5, wallet_cut: float | None = None
) -> pd.DataFrame:
    """Customer value analysis (客户价值分析) by wallet and share: whom to develop.

    Each customer goes into one of four groups (:data:`DEVELOPMENT_GROUPS`):

    - ``develop``: big wallet, low share; most of a large spending goes to competitors,
      the room to grow that customer development (客户发展) aims at;
    - ``keep``: big wallet, high share; defend what the firm has;
    - ``maintain``: small wallet, high share; little more to win, serve at low cost;
    - ``low priority``: small wallet, low share.

    Parameters
    ----------
    shares : DataFrame
        Output of :func:`customer_share` (columns ``category_spending`` and
        ``share_of_wallet``). Not modified.
    share_cut : float in (0, 1), default 0.5
        A share at or above it is high.
    wallet_cut : float, optional
        A stated spending (yuan) at or above it is a big wallet. Default: the median of
        ``category_spending``.

    Returns
    -------
    DataFrame
        A copy of ``shares`` with ``development`` (categorical, the four groups in the
        order above). ``attrs["share_cut"]`` and ``attrs["wallet_cut"]`` hold the cuts.
    """
    func = "development_matrix"
    check_table(
        shares,
        "shares",
        func,
        ["category_spending", "share_of_wallet"],
        "Compute it with customer_share.",
    )
    share_cut = check_number(
        share_cut, "share_cut", func, low=0.0, high=1.0, low_open=True, high_open=True
    )
    spending = check_finite(shares["category_spending"], "shares", func, column="category_spending")
    share = check_finite(shares["share_of_wallet"], "shares", func, column="share_of_wallet")
    if wallet_cut is None:
        wallet_cut = float(np.median(spending))
    else:
        wallet_cut = check_number(wallet_cut, "wallet_cut", func, low=0.0, low_open=True)
    big, high = spending >= wallet_cut, share >= share_cut
    codes = np.where(big, np.where(high, 1, 0), np.where(high, 2, 3))
    out = shares.copy()
    out["development"] = pd.Categorical.from_codes(codes, list(DEVELOPMENT_GROUPS))
    out.attrs.update(share_cut=share_cut, wallet_cut=wallet_cut)
    return out


def plot_share_wallet(
    shares: pd.DataFrame,
    *,
    share_cut: float = 0.5,
    wallet_cut: float | None = None,
    ax: Any = None,
) -> Any:
    """Scatter each customer's share against their stated wallet (log scale), with the
    cuts of :func:`development_matrix` and its groups in colour.

    Parameters
    ----------
    shares : DataFrame
        Output of :func:`customer_share`.
    share_cut, wallet_cut : float
        As in :func:`development_matrix`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib Axes
    """
    ax = get_ax(ax, "plot_share_wallet")
    grouped = development_matrix(shares, share_cut=share_cut, wallet_cut=wallet_cut)
    for group in DEVELOPMENT_GROUPS:
        part = grouped[grouped["development"] == group]
        ax.scatter(part["category_spending"], part["share_of_wallet"], s=10, alpha=0.6, label=group)
    ax.set_xscale("log")
    ax.axvline(grouped.attrs["wallet_cut"], color="grey", linestyle="--", linewidth=1)
    ax.axhline(grouped.attrs["share_cut"], color="grey", linestyle="--", linewidth=1)
    ax.set_xlabel("stated category spending, yuan a year (log scale)")
    ax.set_ylabel("customer share (share of wallet)")  # plot fonts may lack Chinese glyphs
    ax.legend(title="group", fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax
