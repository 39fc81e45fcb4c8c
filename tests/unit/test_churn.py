"""Tests for crmkit.churn: the churn logit, churn features and care tiers."""

from __future__ import annotations

import clv_data
import numpy as np
import pandas as pd
import pytest

from crmkit import churn, metrics


@pytest.fixture(scope="module")
def world():
    return clv_data.world()


@pytest.fixture
def calhold() -> pd.DataFrame:
    return clv_data.calhold()


def test_churn_logit(world, calhold):
    feats = churn.churn_features(calhold)
    assert feats["churned"].dtype == bool
    model = churn.ChurnLogit().fit(feats)
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
    assert metrics.auc(feats["churned"], prob) > 0.7
    # maximum likelihood of a logit with a constant: mean prediction = observed rate
    assert prob.mean() == pytest.approx(feats["churned"].mean(), abs=1e-6)
    with pytest.raises(ValueError, match="fit"):
        churn.ChurnLogit().predict(feats)
    with pytest.raises(ValueError, match="only one value"):
        churn.ChurnLogit().fit(feats.assign(churned=True))
    with pytest.raises(ValueError, match="also a predictor"):
        churn.ChurnLogit(predictors=["churned"])
    with pytest.raises(ValueError, match="list of column names"):
        churn.ChurnLogit(predictors="frequency")
    with pytest.raises(ValueError, match="no column"):
        churn.ChurnLogit(predictors=["age"]).fit(feats)


def test_care_tiers_by_hand():
    value = pd.Series([5.0, 1.0, 9.0, 3.0, 7.0, 2.0, 8.0, 4.0, 6.0, 10.0])
    tiers = churn.care_tiers(value, shares={"ordinary": 0.5, "silver": 0.3, "gold": 0.2})
    assert tiers.cat.ordered and tiers.cat.categories.tolist() == ["ordinary", "silver", "gold"]
    # the lowest five values (1..5) ordinary, 6..8 silver, 9 and 10 gold
    expected = ["ordinary" if v <= 5 else "silver" if v <= 8 else "gold" for v in value]
    assert tiers.astype(str).tolist() == expected
    ref = pd.Series(["gold"] * 5 + ["ordinary"] * 5)
    copied = churn.care_tiers(value, reference=ref)
    assert copied.value_counts().to_dict() == {"ordinary": 5, "gold": 5, "silver": 0}
    with pytest.raises(ValueError, match="summing to 1"):
        churn.care_tiers(value, shares={"ordinary": 0.5, "silver": 0.3, "gold": 0.3})
    with pytest.raises(ValueError, match="'shares'"):
        churn.care_tiers(value, shares={"bronze": 1.0})
    with pytest.raises(TypeError, match="Series"):
        churn.care_tiers([1.0, 2.0])


def test_compare_tiers_by_hand():
    future = pd.Series([0.0, 10.0, 30.0, 60.0])
    a = pd.Series(pd.Categorical(["ordinary", "ordinary", "silver", "gold"]))
    out = churn.compare_tiers({"rule": a}, future)
    assert out["tier"].tolist() == ["ordinary", "silver", "gold"]
    assert out["mean_value"].tolist() == [5.0, 30.0, 60.0]
    assert out["share_of_value"].tolist() == pytest.approx([0.1, 0.3, 0.6])
    with pytest.raises(ValueError, match="same index"):
        churn.compare_tiers({"rule": a.iloc[:2]}, future)
    with pytest.raises(ValueError, match="missing"):
        churn.compare_tiers({"rule": a.where(future > 0)}, future)
    with pytest.raises(ValueError, match="missing"):
        churn.compare_tiers({"rule": a}, future.where(future > 0))
    with pytest.raises(TypeError, match="dict"):
        churn.compare_tiers({}, future)


def test_compare_tiers_matches_by_index_label():
    future = pd.Series([0.0, 10.0, 30.0, 60.0], index=["w", "x", "y", "z"])
    tiers = pd.Series(["gold", "silver", "ordinary", "ordinary"], index=["z", "y", "x", "w"])
    out = churn.compare_tiers({"rule": tiers}, future)
    assert out.set_index("tier")["mean_value"].to_dict() == {
        "ordinary": 5.0,
        "silver": 30.0,
        "gold": 60.0,
    }
    with pytest.raises(ValueError, match=r"'future_value'.*finite"):
        churn.compare_tiers({"rule": tiers}, future.replace(60.0, np.inf))


def test_care_tiers_refuses_infinite_values():
    with pytest.raises(ValueError, match=r"'value'.*finite"):
        churn.care_tiers(pd.Series([1.0, np.inf]))
