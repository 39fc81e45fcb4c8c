"""Tests for crmkit.btyd.gamma_gamma: the Gamma-Gamma spend model.

Expected numbers come from Fader, Hardie & Lee (2005b) as reproduced by *lifetimes* on
its copy of CDNOW, and from *lifetimes* itself.
"""

from __future__ import annotations

import clv_data
import numpy as np
import pandas as pd
import pytest
from clv_data import CDNOW, lifetimes, needs_cdnow

from crmkit import btyd


@pytest.fixture
def calhold() -> pd.DataFrame:
    return clv_data.calhold()


@needs_cdnow
def test_gamma_gamma_recovers_published_cdnow_estimates():
    # Fader, Hardie & Lee (2005b) on the 946 repeat buyers of the CDNOW sample, as
    # reproduced by lifetimes: p = 6.25, q = 3.74, gamma (lifetimes' v) = 15.44
    data = pd.read_csv(CDNOW.parent / "cdnow_customers_summary_with_transactions.csv")
    data = data.rename(columns={"x": "frequency", "zbar": "monetary_value"})
    fit = btyd.GammaGamma().fit(data)
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
        btyd.GammaGamma().fit(calhold.assign(monetary_value=-1.0))
    with pytest.raises(ValueError, match="at least 3"):
        btyd.GammaGamma().fit(calhold.head(3).assign(frequency=0.0))
    with pytest.raises(ValueError, match="fit"):
        btyd.GammaGamma().expected_spend(calhold)


@needs_cdnow
def test_gamma_gamma_standard_errors_matchlifetimes():
    data = pd.read_csv(CDNOW.parent / "cdnow_customers_summary_with_transactions.csv")
    data = data.rename(columns={"x": "frequency", "zbar": "monetary_value"})
    fit = btyd.GammaGamma().fit(data)
    repeat = data[data["frequency"] > 0]
    ref = lifetimes().GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    table = fit.parameters()
    for ours, theirs in [("p", "p"), ("q", "q"), ("gamma", "v")]:
        assert table.loc[ours, "std_error"] == pytest.approx(ref.standard_errors_[theirs], rel=2e-3)
    # the mean spend p * gamma / (q - 1) is known far better than p or gamma alone
    assert table.loc["mean_spend", "std_error"] < 0.05 * table.loc["mean_spend", "estimate"]


@needs_cdnow
def test_gamma_gamma_matches_lifetimes_to_1e4():
    data = clv_data.cdnow_spend()
    repeat = data[data["frequency"] > 0]
    ref = lifetimes().GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    fit = btyd.GammaGamma().fit(data)
    for ours, theirs in [("p", "p"), ("q", "q"), ("gamma", "v")]:
        assert fit.params_[ours] == pytest.approx(ref.params_[theirs], rel=1e-4)
    assert fit.aic == pytest.approx(6 - 2 * fit.log_likelihood_)
    assert fit.bic == pytest.approx(3 * np.log(946) - 2 * fit.log_likelihood_)


def test_infinite_spend_is_refused(calhold):
    # issue 15: an infinite monetary value used to give gamma = inf with only a warning
    bad = calhold.copy()
    bad.loc[bad.index[bad["frequency"] > 0][0], "monetary_value"] = np.inf
    with pytest.raises(ValueError, match=r"'monetary_value'.*finite"):
        btyd.GammaGamma().fit(bad)
    with pytest.raises(ValueError, match=r"'frequency'.*whole numbers"):
        btyd.GammaGamma().fit(calhold.assign(frequency=0.5))


def test_a_customer_without_repeat_purchases_gets_the_population_mean(calhold):
    fit = btyd.GammaGamma().fit(calhold)
    p, q, v = fit.params_
    spend = fit.expected_spend(calhold)
    assert np.allclose(spend[calhold["frequency"] == 0], p * v / (q - 1))
    assert fit.n_customers_ + fit.n_left_out_ == len(calhold)
    assert np.isfinite(spend).all()
    table = fit.parameters()
    assert table.index.tolist() == ["p", "q", "gamma", "mean_spend"]
    assert pd.api.types.is_numeric_dtype(table["estimate"])
