"""Tests for crmkit.clv: cohorts, the retention formula, BG/NBD, Gamma-Gamma, churn, tiers.

Expected numbers are computed by hand in a comment next to them, come from the papers
(Fader, Hardie & Lee 2005a/b, as reproduced by the *lifetimes* package from its copy
of CDNOW) or from *lifetimes* itself, or are the known truth of a simulated world.
"""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmkit
from crmkit import clv
from crmkit.datasets import _lifetimes_cdnow

CDNOW = _lifetimes_cdnow()
needs_cdnow = pytest.mark.skipif(
    CDNOW is None, reason="lifetimes (which ships the CDNOW files) is not installed"
)


# ------------------------------------------------------------------------------------
# fixtures
# ------------------------------------------------------------------------------------
@pytest.fixture
def tiny_log() -> pd.DataFrame:
    """Three customers over three quarters of 2025.

    1: Q1, Q2 (twice), Q3; 2: Q1 only; 3: first in Q2, again in Q3.
    Cohort 2025Q1 (customers 1, 2): period 0 2/2, period 1 1/2, period 2 1/2.
    Cohort 2025Q2 (customer 3): period 0 1/1, period 1 1/1.
    """
    return pd.DataFrame(
        {
            "customer_id": [1, 1, 1, 1, 2, 3, 3],
            "order_date": pd.to_datetime(
                [
                    "2025-01-05",
                    "2025-04-02",
                    "2025-05-20",
                    "2025-08-01",
                    "2025-02-10",
                    "2025-06-30",
                    "2025-07-01",
                ]
            ),
            "revenue": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0],
        }
    )


@pytest.fixture(scope="module")
def cdnow_summary() -> pd.DataFrame:
    if CDNOW is None:
        pytest.skip("lifetimes (which ships the CDNOW files) is not installed")
    return pd.read_csv(CDNOW.parent / "cdnow_customers_summary.csv", index_col=0)


@pytest.fixture(scope="module")
def fitted_cdnow(cdnow_summary) -> clv.BGNBD:
    return clv.BGNBD().fit(cdnow_summary)


@pytest.fixture(scope="module")
def world():
    return crmkit.make_world(2000, seed=7)


@pytest.fixture(scope="module")
def calhold(world) -> pd.DataFrame:
    tx = world.transactions
    return clv.calibration_holdout(
        tx[tx["revenue"] > 0], calibration_end="2025-06-30", holdout_end="2025-12-31"
    )


# ------------------------------------------------------------------------------------
# cohorts
# ------------------------------------------------------------------------------------
def test_cohort_retention_by_hand(tiny_log):
    out = clv.cohort_retention(tiny_log)
    assert list(out.columns) == ["cohort", "period", "cohort_size", "active", "share"]
    assert out["cohort"].tolist() == ["2025Q1"] * 3 + ["2025Q2"] * 2
    assert out["period"].tolist() == [0, 1, 2, 0, 1]
    assert out["active"].tolist() == [2, 1, 1, 1, 1]  # see the fixture's docstring
    assert out["share"].tolist() == [1.0, 0.5, 0.5, 1.0, 1.0]


def test_cohort_table_and_curve_by_hand(tiny_log):
    cohorts = clv.cohort_retention(tiny_log)
    table = clv.cohort_table(cohorts)
    assert table.index.tolist() == ["2025Q1", "2025Q2"]
    assert table.loc["2025Q1"].tolist() == [1.0, 0.5, 0.5]
    assert table.loc["2025Q2", 1] == 1.0 and np.isnan(table.loc["2025Q2", 2])
    curve = clv.retention_curve(cohorts)
    # period 1 pools both cohorts: (1 + 1) / (2 + 1); period 2 only the first: 1 / 2
    assert curve["share"].tolist() == pytest.approx([1.0, 2 / 3, 0.5])
    assert curve["cohorts"].tolist() == [2, 2, 1]


def test_cohort_months_and_end(tiny_log):
    out = clv.cohort_retention(tiny_log, freq="M", end="2025-09-30")
    first = out[out["cohort"] == "2025-01"]
    assert first["period"].max() == 8  # January to September
    # the January cohort is customer 1 alone (2 first bought in February); customer 1
    # buys in months 0, 3, 4 and 7 after January
    assert first.set_index("period")["active"].to_dict() == {
        0: 1,
        1: 0,
        2: 0,
        3: 1,
        4: 1,
        5: 0,
        6: 0,
        7: 1,
        8: 0,
    }


def test_cohort_bad_inputs(tiny_log):
    with pytest.raises(ValueError, match="'freq'"):
        clv.cohort_retention(tiny_log, freq="W")
    with pytest.raises(TypeError, match="DataFrame"):
        clv.cohort_retention([1, 2])
    with pytest.raises(ValueError, match="no column 'day'"):
        clv.cohort_retention(tiny_log, date_col="day")
    with pytest.raises(TypeError, match="datetime64"):
        clv.cohort_retention(tiny_log.assign(order_date="2025-01-01"))
    with pytest.raises(ValueError, match="missing"):
        clv.cohort_retention(tiny_log.assign(customer_id=[1, None, 1, 1, 2, 3, 3]))
    with pytest.raises(ValueError, match="'end'"):
        clv.cohort_retention(tiny_log, end="2025-01-01")
    with pytest.raises(ValueError, match="'end'"):
        clv.cohort_retention(tiny_log, end="not a date")
    with pytest.raises(ValueError, match="cohorts"):
        clv.cohort_table(tiny_log)


# ------------------------------------------------------------------------------------
# retention formula
# ------------------------------------------------------------------------------------
def test_retention_clv_by_hand():
    # 100 * 0.8 / (1 + 0.1 - 0.8) = 80 / 0.3
    assert clv.retention_clv(100.0, 0.8, 0.1) == pytest.approx(266.6666667)
    # two periods: 100 * (0.8 / 1.1 + 0.8**2 / 1.1**2) = 72.7273 + 52.8926
    assert clv.retention_clv(100.0, 0.8, 0.1, periods=2) == pytest.approx(125.6198347)
    # no discounting, full retention, 3 periods: 3 * 50
    assert clv.retention_clv(50.0, 1.0, 0.0, periods=3) == pytest.approx(150.0)
    series = pd.Series([100.0, 200.0], index=["a", "b"])
    out = clv.retention_clv(series, 0.5, 0.0)  # m * 0.5 / 0.5 = m
    assert out.tolist() == pytest.approx([100.0, 200.0]) and out.index.tolist() == ["a", "b"]


@settings(max_examples=60, deadline=None)
@given(
    m=st.floats(0.0, 1e4),
    r=st.floats(0.0, 0.99),
    d=st.floats(0.0, 1.0),
    n=st.integers(1, 400),
)
def test_retention_clv_finite_horizon_approaches_infinite(m, r, d, n):
    finite = clv.retention_clv(m, r, d, periods=n)
    infinite = clv.retention_clv(m, r, d)
    assert 0.0 <= finite <= infinite + 1e-6 * max(1.0, infinite)
    longer = clv.retention_clv(m, r, d, periods=n + 1)
    assert longer >= finite - 1e-9 * max(1.0, finite)


def test_retention_clv_bad_inputs():
    with pytest.raises(ValueError, match="'retention'"):
        clv.retention_clv(100, 1.2, 0.1)
    with pytest.raises(ValueError, match="'discount_rate'"):
        clv.retention_clv(100, 0.8, -0.1)
    with pytest.raises(ValueError, match="infinite"):
        clv.retention_clv(100, 1.0, 0.0)
    with pytest.raises(ValueError, match="'periods'"):
        clv.retention_clv(100, 0.8, 0.1, periods=0)
    with pytest.raises(TypeError, match="'margin'"):
        clv.retention_clv("a lot", 0.8, 0.1)
    with pytest.raises(TypeError, match="'margin'"):
        clv.retention_clv(True, 0.8, 0.1)
    with pytest.raises(ValueError, match="finite"):
        clv.retention_clv(np.nan, 0.8, 0.1)


# ------------------------------------------------------------------------------------
# calibration and hold-out
# ------------------------------------------------------------------------------------
def test_calibration_holdout_by_hand(tiny_log):
    out = clv.calibration_holdout(
        tiny_log, calibration_end="2025-06-30", holdout_end="2025-08-31", unit_days=1
    )
    # customer 1: first 01-05, repeats 04-02 and 05-20 -> x = 2, t_x = 135, T = 176 days
    assert out.loc[1, ["frequency", "recency", "T"]].tolist() == [2.0, 135.0, 176.0]
    assert out.loc[1, "monetary_value"] == 25.0  # (20 + 30) / 2
    # hold-out: customer 1 on 08-01, customer 3 on 07-01; 62 days from 07-01 to 08-31
    assert out["frequency_holdout"].tolist() == [1.0, 0.0, 1.0]
    assert out["revenue_holdout"].tolist() == [40.0, 0.0, 70.0]
    assert (out["duration_holdout"] == 62.0).all()
    assert out.loc[3, "T"] == 0.0  # first purchase on the last calibration day


def test_calibration_holdout_matches_published_cdnow_summary(cdnow_summary):
    log = crmkit.load_cdnow()
    sample = pd.read_csv(CDNOW.parent / "CDNOW_sample.txt", sep=r"\s+", header=None)
    log = log[log["customer_id"].isin(sample[0].unique()) & (log["revenue"] > 0)]
    out = clv.calibration_holdout(log, calibration_end="1997-09-30", holdout_end="1998-06-30")
    # 2357 customers in the published sample; 8 have only zero-value orders here
    assert len(out) == 2349
    # the published summary rounds times to 2 decimals: same distribution
    assert out["frequency"].mean() == pytest.approx(cdnow_summary["frequency"].mean(), abs=0.01)
    assert out["T"].mean() == pytest.approx(cdnow_summary["T"].mean(), abs=0.02)
    assert out["duration_holdout"].iloc[0] == pytest.approx(39.0)  # 273 days


def test_calibration_holdout_bad_inputs(tiny_log):
    kw = {"calibration_end": "2025-06-30", "holdout_end": "2025-08-31"}
    with pytest.raises(ValueError, match="'holdout_end'"):
        clv.calibration_holdout(tiny_log, calibration_end="2025-06-30", holdout_end="2025-06-01")
    with pytest.raises(ValueError, match="'unit_days'"):
        clv.calibration_holdout(tiny_log, unit_days=0, **kw)
    with pytest.raises(ValueError, match="no order"):
        clv.calibration_holdout(tiny_log, calibration_end="2024-01-01", holdout_end="2025-01-01")
    with pytest.raises(ValueError, match="'calibration_end'"):
        clv.calibration_holdout(tiny_log, calibration_end="soon", holdout_end="2025-01-01")
    with pytest.raises(ValueError, match="no column 'amount'"):
        clv.calibration_holdout(tiny_log, value_col="amount", **kw)


# ------------------------------------------------------------------------------------
# BG/NBD
# ------------------------------------------------------------------------------------
@needs_cdnow
def test_bgnbd_recovers_published_cdnow_estimates(fitted_cdnow):
    # Fader, Hardie & Lee (2005a), table on the 2357-customer CDNOW sample (weeks):
    # r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, log-likelihood -9582.4
    est = fitted_cdnow.params_
    assert est["r"] == pytest.approx(0.243, abs=0.001)
    assert est["alpha"] == pytest.approx(4.414, abs=0.002)
    assert est["a"] == pytest.approx(0.793, abs=0.001)
    assert est["b"] == pytest.approx(2.426, abs=0.002)
    assert fitted_cdnow.log_likelihood_ == pytest.approx(-9582.4, abs=0.1)


@needs_cdnow
def test_bgnbd_predictions_match_lifetimes(fitted_cdnow, cdnow_summary):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lifetimes' import warns under pandas 3
        from lifetimes import BetaGeoFitter
    reference = BetaGeoFitter()
    reference.params_ = pd.Series(fitted_cdnow.params_.to_dict())
    f, r, t = cdnow_summary["frequency"], cdnow_summary["recency"], cdnow_summary["T"]
    expected = reference.conditional_expected_number_of_purchases_up_to_time(39, f, r, t)
    alive = reference.conditional_probability_alive(f, r, t)
    np.testing.assert_allclose(
        fitted_cdnow.expected_purchases(39, cdnow_summary).to_numpy(), expected, rtol=1e-8
    )
    np.testing.assert_allclose(
        fitted_cdnow.probability_alive(cdnow_summary).to_numpy(), alive, rtol=1e-8
    )
    new = reference.expected_number_of_purchases_up_to_time(39)
    assert fitted_cdnow.expected_purchases_new(39) == pytest.approx(float(new), rel=1e-8)


def test_bgnbd_recovers_a_worlds_true_parameters():
    # With no loyalty effects and one base rate for both customer types, the world's
    # purchase rates are exactly gamma(shape 1.5, mean 3 per year) and its drop-out
    # probabilities beta(0.15 * 8, 0.85 * 8): r = 1.5, alpha = 1.5 / 3 per year
    # = 26.09 per week, a / (a + b) = 0.15.
    w = crmkit.make_world(
        3000,
        seed=1,
        rate_loyalty_effect=0.0,
        base_purchase_rate={"consumer": 3.0, "business": 3.0},
        base_dropout_prob={"consumer": 0.15, "business": 0.15},
        dropout_loyalty_effect=0.0,
        satisfaction_slope=0.0,
    )
    tx = w.transactions
    summary = clv.calibration_holdout(
        tx[tx["revenue"] > 0], calibration_end="2025-06-30", holdout_end="2025-12-31"
    )
    fit = clv.BGNBD().fit(summary)
    table = fit.parameters()["estimate"]
    assert table["r"] == pytest.approx(1.5, rel=0.2)
    assert table["alpha"] == pytest.approx(1.5 / 3 * 365.25 / 7, rel=0.2)
    assert table["mean_rate"] == pytest.approx(3 * 7 / 365.25, rel=0.05)
    assert table["mean_dropout"] == pytest.approx(0.15, abs=0.04)


def test_bgnbd_on_the_default_world(world, calhold):
    fit = clv.BGNBD().fit(calhold)
    true_state = clv.world_truth(
        world.truth,
        calibration_end="2025-06-30",
        holdout_end="2025-12-31",
        customer_ids=calhold.index,
    )
    cmp = clv.compare_with_truth(fit, true_state)
    assert list(cmp.columns) == ["model", "ci_low", "ci_high", "truth"]
    assert cmp.loc["mean purchase rate", "model"] == pytest.approx(
        cmp.loc["mean purchase rate", "truth"], rel=0.15
    )
    assert ((cmp["ci_low"] < cmp["model"]) & (cmp["model"] < cmp["ci_high"])).all()
    # the moments by hand from the parameters
    r, alpha, a, b = fit.params_
    assert cmp.loc["sd purchase rate", "model"] == pytest.approx(np.sqrt(r) / alpha)
    assert cmp.loc["mean drop-out prob", "model"] == pytest.approx(a / (a + b))
    alive = fit.probability_alive(calhold)
    assert alive.between(0, 1).all()
    assert alive[calhold["frequency"] == 0].eq(1.0).all()  # cannot have dropped out
    assert clv.auc(true_state["alive"], alive) > 0.75
    pred = fit.expected_purchases(calhold["duration_holdout"].iloc[0], calhold)
    # total predicted hold-out purchases within 15 per cent of the actual total
    assert pred.sum() == pytest.approx(calhold["frequency_holdout"].sum(), rel=0.15)


@settings(max_examples=50, deadline=None)
@given(
    x=st.integers(0, 40),
    tx=st.floats(0.0, 1.0),
    big_t=st.floats(0.5, 200.0),
    t=st.floats(0.1, 100.0),
)
def test_bgnbd_properties(fitted_cdnow, x, tx, big_t, t):
    recency = 0.0 if x == 0 else tx * big_t
    one = pd.DataFrame({"frequency": [float(x)], "recency": [recency], "T": [big_t]})
    p = fitted_cdnow.probability_alive(one).iloc[0]
    assert 0.0 <= p <= 1.0
    e1 = fitted_cdnow.expected_purchases(t, one).iloc[0]
    e2 = fitted_cdnow.expected_purchases(2 * t, one).iloc[0]
    assert 0.0 <= e1 <= e2 + 1e-12  # more time, at least as many purchases


def test_bgnbd_more_recent_is_more_alive(fitted_cdnow):
    one = pd.DataFrame({"frequency": [3.0, 3.0], "recency": [10.0, 30.0], "T": [39.0, 39.0]})
    alive = fitted_cdnow.probability_alive(one)
    assert alive.iloc[1] > alive.iloc[0]


def test_bgnbd_bad_inputs(cdnow_summary):
    model = clv.BGNBD()
    assert "not fitted" in repr(model)
    with pytest.raises(ValueError, match="fit"):
        model.probability_alive(cdnow_summary)
    bad = cdnow_summary.head(5).copy()
    with pytest.raises(ValueError, match="recency larger than T"):
        model.fit(bad.assign(recency=bad["T"] + 1))
    with pytest.raises(ValueError, match="whole numbers"):
        model.fit(bad.assign(frequency=0.5))
    with pytest.raises(ValueError, match="recency must be 0"):
        model.fit(bad.assign(frequency=0.0, recency=1.0))
    with pytest.raises(ValueError, match="0 or more"):
        model.fit(bad.assign(T=-1.0))
    with pytest.raises(ValueError, match="missing"):
        model.fit(bad.assign(T=np.nan))
    with pytest.raises(TypeError, match="numeric"):
        model.fit(bad.assign(T="long"))
    with pytest.raises(ValueError, match="no column"):
        model.fit(bad.rename(columns={"T": "age"}))
    with pytest.raises(ValueError, match="at least one customer with a repeat purchase"):
        model.fit(bad.assign(frequency=0.0, recency=0.0))
    fitted = clv.BGNBD().fit(cdnow_summary)
    with pytest.raises(ValueError, match="'t'"):
        fitted.expected_purchases(-1, bad)


# ------------------------------------------------------------------------------------
# Standard errors and intervals
# ------------------------------------------------------------------------------------
def _lifetimes():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lifetimes' import warns under pandas 3
        import lifetimes
    return lifetimes


@needs_cdnow
def test_bgnbd_standard_errors_match_lifetimes(fitted_cdnow, cdnow_summary):
    # lifetimes takes the Hessian by automatic differentiation, crmkit numerically
    ref = (
        _lifetimes()
        .BetaGeoFitter()
        .fit(cdnow_summary["frequency"], cdnow_summary["recency"], cdnow_summary["T"])
    )
    table = fitted_cdnow.parameters()
    for name in ["r", "alpha", "a", "b"]:
        assert table.loc[name, "std_error"] == pytest.approx(ref.standard_errors_[name], rel=2e-3)
    # CDNOW, as lifetimes prints it: se(r) 0.0126, se(alpha) 0.378, se(a) 0.186, se(b) 0.705
    assert table["std_error"].round(3).loc[["r", "alpha", "a", "b"]].tolist() == [
        0.013,
        0.378,
        0.186,
        0.705,
    ]
    cov = fitted_cdnow.covariance_
    assert np.sqrt(np.diag(cov)) == pytest.approx(table["std_error"].iloc[:4].to_numpy())
    assert (cov.to_numpy() == cov.to_numpy().T).all()


@needs_cdnow
def test_gamma_gamma_standard_errors_match_lifetimes():
    data = pd.read_csv(CDNOW.parent / "cdnow_customers_summary_with_transactions.csv")
    data = data.rename(columns={"x": "frequency", "zbar": "monetary_value"})
    fit = clv.GammaGamma().fit(data)
    repeat = data[data["frequency"] > 0]
    ref = _lifetimes().GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    table = fit.parameters()
    for ours, theirs in [("p", "p"), ("q", "q"), ("gamma", "v")]:
        assert table.loc[ours, "std_error"] == pytest.approx(ref.standard_errors_[theirs], rel=2e-3)
    # the mean spend p * gamma / (q - 1) is known far better than p or gamma alone
    assert table.loc["mean_spend", "std_error"] < 0.05 * table.loc["mean_spend", "estimate"]


def test_intervals_are_on_the_right_side_and_in_range(fitted_cdnow):
    table = fitted_cdnow.parameters()
    assert list(table.columns) == ["estimate", "std_error", "ci_low", "ci_high", "meaning"]
    assert (table["ci_low"] > 0).all()
    assert (table["ci_low"] < table["estimate"]).all()
    assert (table["estimate"] < table["ci_high"]).all()
    assert table.loc["mean_dropout", "ci_high"] < 1
    # symmetric on the log scale: the estimate is the geometric mean of the two ends
    r = table.loc["r"]
    assert np.sqrt(r["ci_low"] * r["ci_high"]) == pytest.approx(r["estimate"])
    # and the log-scale half-width is 1.96 standard errors of log r (= se / r)
    half = np.log(r["ci_high"] / r["estimate"])
    assert half == pytest.approx(1.959964 * r["std_error"] / r["estimate"], rel=1e-6)


@needs_cdnow
def test_standard_errors_halve_when_every_customer_counts_four_times(fitted_cdnow, cdnow_summary):
    four = clv.BGNBD().fit(pd.concat([cdnow_summary] * 4, ignore_index=True))
    assert four.params_.to_numpy() == pytest.approx(fitted_cdnow.params_.to_numpy(), rel=1e-4)
    ratio = four.parameters()["std_error"] / fitted_cdnow.parameters()["std_error"]
    assert ratio.to_numpy() == pytest.approx(0.5, rel=2e-3)


def _simulate_bgnbd(n, r, alpha, a, b, seed):
    """Customers of a true BG/NBD world: repeat purchases as a Poisson process with a
    gamma rate, drop-out after each repeat purchase with a beta probability."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(r, 1 / alpha, n)
    drop = rng.beta(a, b, n)
    big_t = rng.uniform(26, 78, n)
    x, tx = np.zeros(n), np.zeros(n)
    for i in range(n):
        t = rng.exponential(1 / rate[i])
        while t <= big_t[i]:
            x[i] += 1
            tx[i] = t
            if rng.random() < drop[i]:
                break
            t += rng.exponential(1 / rate[i])
    return pd.DataFrame({"frequency": x, "recency": tx, "T": big_t})


def test_standard_errors_are_the_spread_of_repeated_estimates():
    # 12 worlds drawn from one known BG/NBD: the standard errors should match how much
    # the estimates vary between them, and the intervals should hold the truth ~95% of
    # the time (here: at least 10 times in 12 for every parameter).
    truth = pd.Series({"r": 0.5, "alpha": 5.0, "a": 0.8, "b": 2.5})
    tables = [
        clv.BGNBD().fit(_simulate_bgnbd(1500, seed=k, **truth)).parameters().loc[truth.index]
        for k in range(12)
    ]
    estimates = pd.DataFrame([t["estimate"] for t in tables])
    mean_se = pd.DataFrame([t["std_error"] for t in tables]).mean()
    ratio = mean_se / estimates.std()
    assert ratio.between(0.7, 1.4).all(), ratio
    covered = sum(((t["ci_low"] <= truth) & (truth <= t["ci_high"])).astype(int) for t in tables)
    assert (covered >= 10).all(), covered
    # and the estimates are centred on the truth (within 2 standard errors of the mean)
    assert ((estimates.mean() - truth).abs() < 2 * mean_se / np.sqrt(12)).all()


def test_a_flat_likelihood_gives_nan_errors_and_a_warning():
    from crmkit.clv import _log_covariance, _uncertainty

    def flat_in_the_second(z):
        return (z[0] - 1.0) ** 2  # says nothing about z[1]

    with pytest.warns(RuntimeWarning, match="flat in some direction"):
        cov = _log_covariance(flat_in_the_second, np.array([1.0, 0.0]), "Test")
    assert np.isnan(cov).all()
    table = _uncertainty({"x": (lambda z: np.exp(z[0]), "log")}, np.array([1.0, 0.0]), cov)
    assert table.loc["x", "estimate"] == pytest.approx(np.e)
    assert table.loc["x", ["std_error", "ci_low", "ci_high"]].isna().all()


# ------------------------------------------------------------------------------------
# Gamma-Gamma and CLV
# ------------------------------------------------------------------------------------
@needs_cdnow
def test_gamma_gamma_recovers_published_cdnow_estimates():
    # Fader, Hardie & Lee (2005b) on the 946 repeat buyers of the CDNOW sample, as
    # reproduced by lifetimes: p = 6.25, q = 3.74, gamma (lifetimes' v) = 15.44
    data = pd.read_csv(CDNOW.parent / "cdnow_customers_summary_with_transactions.csv")
    data = data.rename(columns={"x": "frequency", "zbar": "monetary_value"})
    fit = clv.GammaGamma().fit(data)
    assert fit.n_customers_ == 946
    assert fit.n_left_out_ == len(data) - 946
    assert fit.params_["p"] == pytest.approx(6.25, abs=0.01)
    assert fit.params_["q"] == pytest.approx(3.74, abs=0.01)
    assert fit.params_["gamma"] == pytest.approx(15.44, abs=0.02)
    spend = fit.expected_spend(data)
    p, q, v = fit.params_
    # a customer without repeat purchases gets the population mean p * gamma / (q - 1)
    assert spend[data["frequency"] == 0].iloc[0] == pytest.approx(p * v / (q - 1))
    # the weighted average lies between the population mean and the own mean
    row = data[data["frequency"] > 0].iloc[0]
    own, pop = row["monetary_value"], p * v / (q - 1)
    assert min(own, pop) <= spend[row.name] <= max(own, pop)


def test_gamma_gamma_bad_inputs(calhold):
    with pytest.raises(ValueError, match="above 0"):
        clv.GammaGamma().fit(calhold.assign(monetary_value=-1.0))
    with pytest.raises(ValueError, match="at least 3"):
        clv.GammaGamma().fit(calhold.head(3).assign(frequency=0.0))
    with pytest.raises(ValueError, match="fit"):
        clv.GammaGamma().expected_spend(calhold)


def test_customer_lifetime_value_by_hand(calhold):
    bg = clv.BGNBD().fit(calhold)
    gg = clv.GammaGamma().fit(calhold)
    one = clv.customer_lifetime_value(
        bg, gg, calhold, periods=1, period_length=26.0, discount_rate=0.1, margin_rate=0.5
    )
    # one period: E[purchases in 26 units] * expected spend * 0.5 / 1.1
    by_hand = bg.expected_purchases(26.0, calhold) * gg.expected_spend(calhold) * 0.5 / 1.1
    np.testing.assert_allclose(one["clv"], by_hand)
    two = clv.customer_lifetime_value(bg, gg, calhold, periods=2, period_length=13.0)
    assert (two["clv"] >= 0).all() and two["prob_alive"].between(0, 1).all()
    with pytest.raises(TypeError, match="BGNBD"):
        clv.customer_lifetime_value(gg, bg, calhold)
    with pytest.raises(ValueError, match="'periods'"):
        clv.customer_lifetime_value(bg, gg, calhold, periods=0)
    with pytest.raises(ValueError, match="'margin_rate'"):
        clv.customer_lifetime_value(bg, gg, calhold, margin_rate=2.0)
    with pytest.raises(ValueError, match="'discount_rate'"):
        clv.customer_lifetime_value(bg, gg, calhold, discount_rate=-0.1)


# ------------------------------------------------------------------------------------
# truth
# ------------------------------------------------------------------------------------
def test_world_truth_by_hand():
    truth = pd.DataFrame(
        {
            "customer_id": [1, 2, 3],
            "purchase_rate": [365.25, 365.25, 365.25],  # one purchase a day
            "dropout_prob": [0.5, 0.5, 0.0],
            "dropout_date": pd.to_datetime([None, "2025-01-10", None]),
        }
    )
    out = clv.world_truth(
        truth, calibration_end="2025-01-31", holdout_end="2025-02-02", unit_days=1
    )
    # alive, rate 1, p 0.5, t 2: (1 - exp(-1)) / 0.5
    assert out.loc[1, "expected_holdout_purchases"] == pytest.approx(2 * (1 - np.exp(-1)))
    assert not out.loc[2, "alive"] and out.loc[2, "expected_holdout_purchases"] == 0.0
    assert out.loc[3, "expected_holdout_purchases"] == pytest.approx(2.0)  # p = 0: rate * t
    with pytest.raises(ValueError, match="not in the truth"):
        clv.world_truth(
            truth, calibration_end="2025-01-31", holdout_end="2025-02-02", customer_ids=[9]
        )
    with pytest.raises(ValueError, match="'holdout_end'"):
        clv.world_truth(truth, calibration_end="2025-01-31", holdout_end="2025-01-01")


def test_world_truth_matches_simulated_holdout(world, calhold):
    # the true expectation and the world's own hold-out purchases agree on average
    true_state = clv.world_truth(
        world.truth,
        calibration_end="2025-06-30",
        holdout_end="2025-12-31",
        customer_ids=calhold.index,
    )
    assert true_state["expected_holdout_purchases"].sum() == pytest.approx(
        calhold["frequency_holdout"].sum(), rel=0.1
    )


# ------------------------------------------------------------------------------------
# churn
# ------------------------------------------------------------------------------------
def test_auc_by_hand():
    # pairs (pos, neg): 0.35 > 0.1, 0.35 < 0.4, 0.8 > both: 3 of 4
    assert clv.auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    assert clv.auc([False, True], [0.5, 0.5]) == 0.5  # a tie counts one half
    assert clv.auc([0, 1], [0.9, 0.1]) == 0.0
    with pytest.raises(ValueError, match="both outcomes"):
        clv.auc([1, 1], [0.1, 0.2])
    with pytest.raises(ValueError, match="yes/no"):
        clv.auc([0, 2], [0.1, 0.2])
    with pytest.raises(ValueError, match="one value per"):
        clv.auc([0, 1], [0.1])
    with pytest.raises(TypeError, match="numeric"):
        clv.auc([0, 1], ["a", "b"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.floats(0, 1)), min_size=2, max_size=40))
def test_auc_flips_with_the_score(pairs):
    y = [p[0] for p in pairs]
    s = np.array([p[1] for p in pairs])
    if len(set(y)) < 2:
        return
    assert clv.auc(y, s) + clv.auc(y, -s) == pytest.approx(1.0)


def test_calibration_table_by_hand():
    out = clv.calibration_table([0, 0, 1, 0, 1, 1], [0.1, 0.2, 0.3, 0.6, 0.7, 0.9], groups=2)
    # lowest three: mean 0.2, one of three churned; highest three: mean 0.7333, two of three
    assert out["customers"].tolist() == [3, 3]
    assert out["mean_predicted"].tolist() == pytest.approx([0.2, 2.2 / 3])
    assert out["observed_rate"].tolist() == pytest.approx([1 / 3, 2 / 3])
    with pytest.raises(ValueError, match="'groups'"):
        clv.calibration_table([0, 1], [0.1, 0.2], groups=1)
    with pytest.raises(ValueError, match="'groups'"):
        clv.calibration_table([0, 1], [0.1, 0.2], groups=3)
    with pytest.raises(ValueError, match="probabilities"):
        clv.calibration_table([0, 1], [0.1, 1.2], groups=2)


def test_churn_logit(world, calhold):
    feats = clv.churn_features(calhold)
    assert feats["churned"].dtype == bool
    model = clv.ChurnLogit().fit(feats)
    coef = model.coefficients_
    assert coef.index.tolist() == ["const", "recency_gap", "frequency", "T", "log_monetary"]
    # a longer gap since the last purchase makes churn more likely; more purchases less
    assert coef.loc["recency_gap", "estimate"] > 0
    assert coef.loc["frequency", "estimate"] < 0
    # Wald intervals by hand: estimate -/+ 1.96 standard errors, then exp for odds
    half = 1.959964 * coef["std_error"]
    assert coef["ci_low"].to_numpy() == pytest.approx((coef["estimate"] - half).to_numpy())
    assert coef["ci_high"].to_numpy() == pytest.approx((coef["estimate"] + half).to_numpy())
    assert coef["odds_ratio_low"].to_numpy() == pytest.approx(np.exp(coef["ci_low"]).to_numpy())
    assert coef["odds_ratio_high"].to_numpy() == pytest.approx(np.exp(coef["ci_high"]).to_numpy())
    prob = model.predict(feats)
    assert prob.between(0, 1).all()
    assert clv.auc(feats["churned"], prob) > 0.7
    # maximum likelihood of a logit with a constant: mean prediction = observed rate
    assert prob.mean() == pytest.approx(feats["churned"].mean(), abs=1e-6)
    with pytest.raises(ValueError, match="fit"):
        clv.ChurnLogit().predict(feats)
    with pytest.raises(ValueError, match="only one value"):
        clv.ChurnLogit().fit(feats.assign(churned=True))
    with pytest.raises(ValueError, match="also a predictor"):
        clv.ChurnLogit(predictors=["churned"])
    with pytest.raises(ValueError, match="list of column names"):
        clv.ChurnLogit(predictors="frequency")
    with pytest.raises(ValueError, match="no column"):
        clv.ChurnLogit(predictors=["age"]).fit(feats)


# ------------------------------------------------------------------------------------
# care tiers
# ------------------------------------------------------------------------------------
def test_care_tiers_by_hand():
    value = pd.Series([5.0, 1.0, 9.0, 3.0, 7.0, 2.0, 8.0, 4.0, 6.0, 10.0])
    tiers = clv.care_tiers(value, shares={"ordinary": 0.5, "silver": 0.3, "gold": 0.2})
    assert tiers.cat.ordered and tiers.cat.categories.tolist() == ["ordinary", "silver", "gold"]
    # the lowest five values (1..5) ordinary, 6..8 silver, 9 and 10 gold
    expected = ["ordinary" if v <= 5 else "silver" if v <= 8 else "gold" for v in value]
    assert tiers.astype(str).tolist() == expected
    ref = pd.Series(["gold"] * 5 + ["ordinary"] * 5)
    copied = clv.care_tiers(value, reference=ref)
    assert copied.value_counts().to_dict() == {"ordinary": 5, "gold": 5, "silver": 0}
    with pytest.raises(ValueError, match="summing to 1"):
        clv.care_tiers(value, shares={"ordinary": 0.5, "silver": 0.3, "gold": 0.3})
    with pytest.raises(ValueError, match="'shares'"):
        clv.care_tiers(value, shares={"bronze": 1.0})
    with pytest.raises(TypeError, match="Series"):
        clv.care_tiers([1.0, 2.0])


def test_compare_tiers_by_hand():
    future = pd.Series([0.0, 10.0, 30.0, 60.0])
    a = pd.Series(pd.Categorical(["ordinary", "ordinary", "silver", "gold"]))
    out = clv.compare_tiers({"rule": a}, future)
    assert out["tier"].tolist() == ["ordinary", "silver", "gold"]
    assert out["mean_value"].tolist() == [5.0, 30.0, 60.0]
    assert out["share_of_value"].tolist() == pytest.approx([0.1, 0.3, 0.6])
    with pytest.raises(ValueError, match="same index"):
        clv.compare_tiers({"rule": a.iloc[:2]}, future)
    with pytest.raises(ValueError, match="missing"):
        clv.compare_tiers({"rule": a.where(future > 0)}, future)
    with pytest.raises(ValueError, match="missing"):
        clv.compare_tiers({"rule": a}, future.where(future > 0))
    with pytest.raises(TypeError, match="dict"):
        clv.compare_tiers({}, future)


# ------------------------------------------------------------------------------------
# plots
# ------------------------------------------------------------------------------------
def test_plots_take_and_return_ax(tiny_log, world, calhold):
    _, axes = plt.subplots(1, 3)
    table = clv.cohort_table(clv.cohort_retention(tiny_log))
    assert clv.plot_cohort_heatmap(table, ax=axes[0]) is axes[0]
    fit = clv.BGNBD().fit(calhold)
    pred = fit.expected_purchases(calhold["duration_holdout"].iloc[0], calhold)
    assert clv.plot_holdout(calhold, pred, ax=axes[1]) is axes[1]
    true_state = clv.world_truth(
        world.truth,
        calibration_end="2025-06-30",
        holdout_end="2025-12-31",
        customer_ids=calhold.index,
    )
    ax = clv.plot_alive_vs_truth(fit.probability_alive(calhold), true_state["alive"], ax=axes[2])
    assert ax is axes[2]
    assert clv.plot_cohort_heatmap(table).figure is not axes[0].figure
    with pytest.raises(ValueError, match="'predicted'"):
        clv.plot_holdout(calhold, pred.iloc[:5])
