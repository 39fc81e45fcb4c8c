"""Tests of crmkit.wallet: customer share (客户占有率), its intervals and the development matrix."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit import wallet as WL


def _tx(rows):
    """rows: (customer_id, 'yyyy-mm-dd', revenue)."""
    return pd.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "order_date": pd.to_datetime([r[1] for r in rows]),
            "revenue": [float(r[2]) for r in rows],
        }
    )


def _wallet(rows):
    """rows: (customer_id, year, stated spending)."""
    return pd.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "year": [r[1] for r in rows],
            "category_spending": [float(r[2]) for r in rows],
        }
    )


TX = _tx(
    [
        (1, "2025-02-01", 100),
        (1, "2025-11-30", 50),
        (1, "2024-06-01", 999),  # another year: not counted for 2025
        (2, "2025-05-05", 300),
        (3, "2024-01-01", 80),
    ]
)
WALLET = _wallet([(2, 2025, 200), (1, 2025, 600), (3, 2025, 400), (1, 2024, 1998)])


# ---------------------------------------------------------------------------
# customer_share
# ---------------------------------------------------------------------------
def test_customer_share_by_hand():
    out = WL.customer_share(TX, WALLET)
    assert out.columns.tolist() == [
        "customer_id",
        "year",
        "revenue",
        "category_spending",
        "share_of_wallet",
        "spending_elsewhere",
        "above_stated",
    ]
    assert out["customer_id"].tolist() == [2, 1, 3, 1]  # the wallet's order
    assert out["revenue"].tolist() == [300.0, 150.0, 0.0, 999.0]
    assert out["share_of_wallet"].tolist() == pytest.approx([1.0, 0.25, 0.0, 0.5])
    assert out["spending_elsewhere"].tolist() == pytest.approx([0.0, 450.0, 400.0, 999.0])
    assert out["above_stated"].tolist() == [True, False, False, False]
    assert out["year"].dtype == "int64"


def test_customer_share_leaves_its_inputs_alone():
    tx, w = TX.copy(), WALLET.copy()
    WL.customer_share(tx, w)
    pd.testing.assert_frame_equal(tx, TX)
    pd.testing.assert_frame_equal(w, WALLET)


def test_customer_share_takes_zone_aware_dates_by_wall_time():
    tx = TX.assign(order_date=TX["order_date"].dt.tz_localize("Asia/Shanghai"))
    pd.testing.assert_frame_equal(WL.customer_share(tx, WALLET), WL.customer_share(TX, WALLET))


def test_customer_share_on_the_shipped_data():
    import crmkit

    tx, w = crmkit.load_dataset("transactions"), crmkit.load_dataset("wallet")
    out = WL.customer_share(tx, w)
    assert len(out) == len(w) == 999
    in_2025 = tx[tx["order_date"].dt.year == 2025].groupby("customer_id")["revenue"].sum()
    assert np.allclose(out["revenue"], in_2025.reindex(w["customer_id"]).fillna(0))
    assert out["share_of_wallet"].between(0, 1).all()
    assert int(out["above_stated"].sum()) == 42


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 6),
            st.floats(0, 1e5, allow_nan=False),
            st.floats(1, 1e5, allow_nan=False),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_share_and_elsewhere_add_up(rows):
    tx = _tx([(c, "2025-06-01", r) for c, r, _ in rows])
    first = {}
    for c, _, s in rows:
        first.setdefault(c, s)
    w = _wallet([(c, 2025, s) for c, s in first.items()])
    out = WL.customer_share(tx, w)
    assert out["share_of_wallet"].between(0, 1).all()
    assert (out["spending_elsewhere"] >= 0).all()
    ok = ~out["above_stated"]
    assert np.allclose(
        out.loc[ok, "share_of_wallet"] * out.loc[ok, "category_spending"],
        out.loc[ok, "revenue"],
    )
    assert np.allclose(
        out.loc[ok, "revenue"] + out.loc[ok, "spending_elsewhere"],
        out.loc[ok, "category_spending"],
    )


@pytest.mark.parametrize(
    ("tx", "w", "error", "match"),
    [
        ("list", WALLET, TypeError, "'transactions'"),
        (TX.drop(columns="revenue"), WALLET, ValueError, "revenue"),
        (TX, WALLET.drop(columns="year"), ValueError, "year"),
        (TX.assign(order_date=["2025-01-01"] * 5), WALLET, TypeError, "order_date"),
        (TX.assign(revenue=[1.0, np.inf, 1.0, 1.0, 1.0]), WALLET, ValueError, "finite"),
        (TX, WALLET.assign(category_spending=[200.0, 0.0, 1.0, 2.0]), ValueError, "positive"),
        (TX, WALLET.assign(category_spending=[200.0, -5.0, 1.0, 2.0]), ValueError, "positive"),
        (TX, WALLET.assign(category_spending=[200.0, np.nan, 1, 2]), ValueError, "missing"),
        (TX, WALLET.assign(year=[2025, 2025.5, 2025, 2024]), ValueError, "whole years"),
        (TX, WALLET.assign(customer_id=[2, 1, 1, 1]), ValueError, "one row per customer"),
        (TX, WALLET.assign(customer_id=[2, None, 3, 1]), ValueError, "missing"),
        (TX.assign(revenue=[-200.0, 0, 0, 1, 1]), WALLET, ValueError, "negative revenue"),
    ],
)
def test_customer_share_bad_input_is_named(tx, w, error, match):
    with pytest.raises(error, match=match):
        WL.customer_share(tx, w)


# ---------------------------------------------------------------------------
# share_intervals
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shipped_shares():
    import crmkit

    return WL.customer_share(crmkit.load_dataset("transactions"), crmkit.load_dataset("wallet"))


def test_share_intervals_estimates_by_hand():
    shares = WL.customer_share(TX, WALLET)
    out = WL.share_intervals(shares, n_boot=200, seed=1)
    assert out.index.tolist() == ["mean_share", "pooled_share", "elsewhere_per_customer"]
    assert out.columns.tolist() == ["estimate", "lower", "upper", "std_error", "customers"]
    assert out.loc["mean_share", "estimate"] == pytest.approx((1 + 0.25 + 0 + 0.5) / 4)
    assert out.loc["pooled_share", "estimate"] == pytest.approx(1449 / 3198)
    assert out.loc["elsewhere_per_customer", "estimate"] == pytest.approx(1849 / 4)
    assert (out["customers"] == 4).all()


def test_share_intervals_are_seeded_and_contain_the_estimate(shipped_shares):
    a = WL.share_intervals(shipped_shares, n_boot=500, seed=3)
    b = WL.share_intervals(shipped_shares, n_boot=500, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert ((a["lower"] <= a["estimate"]) & (a["estimate"] <= a["upper"])).all()
    # the standard error of a mean share is about sd / sqrt(n)
    sd = shipped_shares["share_of_wallet"].std() / np.sqrt(len(shipped_shares))
    assert a.loc["mean_share", "std_error"] == pytest.approx(sd, rel=0.15)
    c = WL.share_intervals(shipped_shares, n_boot=500, seed=np.random.default_rng(3))
    pd.testing.assert_frame_equal(a, c)


def test_share_intervals_of_identical_customers_have_no_width():
    shares = WL.customer_share(
        _tx([(1, "2025-01-01", 50), (2, "2025-01-01", 50)]),
        _wallet([(1, 2025, 100), (2, 2025, 100)]),
    )
    out = WL.share_intervals(shares, n_boot=100)
    assert np.allclose(out["lower"], out["upper"])
    assert np.allclose(out["std_error"], 0)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_boot": 10}, ValueError, "n_boot"),
        ({"n_boot": WL.MAX_BOOT + 1}, ValueError, "n_boot"),
        ({"ci": 1.0}, ValueError, "'ci'"),
        ({"seed": -1}, ValueError, "'seed'"),
    ],
)
def test_share_intervals_bad_settings_are_named(shipped_shares, kwargs, error, match):
    with pytest.raises(error, match=match):
        WL.share_intervals(shipped_shares, **kwargs)


def test_share_intervals_needs_two_customers_and_its_columns(shipped_shares):
    with pytest.raises(ValueError, match="at least 2"):
        WL.share_intervals(shipped_shares.head(1))
    with pytest.raises(ValueError, match="spending_elsewhere"):
        WL.share_intervals(shipped_shares.drop(columns="spending_elsewhere"))


# ---------------------------------------------------------------------------
# development_matrix and the plot
# ---------------------------------------------------------------------------
def test_development_groups_by_hand_with_ties_at_the_cuts():
    shares = pd.DataFrame(
        {
            "category_spending": [1000.0, 1000.0, 100.0, 100.0, 500.0],
            "share_of_wallet": [0.1, 0.5, 0.9, 0.2, 0.5],
        }
    )
    out = WL.development_matrix(shares, share_cut=0.5, wallet_cut=500)
    assert out["development"].astype(str).tolist() == [
        "develop",
        "keep",
        "maintain",
        "low priority",
        "keep",  # at both cuts: big and high
    ]
    assert list(out["development"].cat.categories) == list(WL.DEVELOPMENT_GROUPS)
    assert out.attrs == {"share_cut": 0.5, "wallet_cut": 500.0}
    assert "development" not in shares  # input untouched


def test_development_default_cut_is_the_median(shipped_shares):
    out = WL.development_matrix(shipped_shares)
    assert out.attrs["wallet_cut"] == shipped_shares["category_spending"].median()
    assert len(out) == len(shipped_shares)
    big = out["development"].isin(["develop", "keep"])
    assert big.sum() >= len(out) / 2


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"share_cut": 0.0}, "share_cut"),
        ({"share_cut": 1.2}, "share_cut"),
        ({"wallet_cut": -1}, "wallet_cut"),
    ],
)
def test_development_bad_cuts_are_named(shipped_shares, kwargs, match):
    with pytest.raises(ValueError, match=match):
        WL.development_matrix(shipped_shares, **kwargs)


def test_development_needs_rows_and_columns():
    with pytest.raises(ValueError, match="at least one row"):
        WL.development_matrix(pd.DataFrame({"category_spending": [], "share_of_wallet": []}))
    with pytest.raises(ValueError, match="share_of_wallet"):
        WL.development_matrix(pd.DataFrame({"category_spending": [1.0]}))


def test_plot_share_wallet_draws_on_the_given_axes(shipped_shares):
    fig, ax = plt.subplots()
    assert WL.plot_share_wallet(shipped_shares, ax=ax) is ax
    assert ax.get_xscale() == "log"
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(shipped_shares)
    with pytest.raises(TypeError, match="'ax'"):
        WL.plot_share_wallet(shipped_shares, ax="left")
    plt.close(fig)
