"""Tests for crmkit.survival: Kaplan-Meier and Cox against hand computations and R."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from crmkit import survival

# Six customers: durations in weeks, True = the drop-out was seen, False = censored.
SIX = pd.DataFrame(
    {"duration": [2.0, 3.0, 3.0, 5.0, 6.0, 8.0], "event": [True, True, False, True, False, True]}
)

# R's survival::aml (acute myelogenous leukaemia): weeks to relapse, by maintenance.
AML_MAINTAINED = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161]
AML_MAINTAINED_EVENT = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0]
AML_NOT = [5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
AML_NOT_EVENT = [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]


def aml() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "duration": AML_MAINTAINED + AML_NOT,
            "event": AML_MAINTAINED_EVENT + AML_NOT_EVENT,
            "not_maintained": [0] * 11 + [1] * 12,
        }
    )


def test_kaplan_meier_six_rows_by_hand():
    km = survival.kaplan_meier(SIX)
    # at 2: 6 at risk, 1 event -> 5/6; at 3: 5 at risk, 1 event (the other 3 is censored)
    # -> 5/6 * 4/5 = 2/3; at 5: 3 at risk -> 2/3 * 2/3 = 4/9; at 8: 1 at risk -> 0
    assert km["time"].tolist() == [2.0, 3.0, 5.0, 8.0]
    assert km["at_risk"].tolist() == [6, 5, 3, 1]
    assert km["events"].tolist() == [1, 1, 1, 1]
    assert km["survival"].to_numpy() == pytest.approx([5 / 6, 2 / 3, 4 / 9, 0.0])
    # Greenwood at 3: S^2 (1/(6*5) + 1/(5*4)) = (4/9)(1/30 + 1/20) = (4/9)(1/12)
    assert km["std_error"].iloc[1] == pytest.approx(np.sqrt(4 / 9 / 12))
    # log(-log) interval at 3, by hand
    s, se = 2 / 3, np.sqrt(4 / 9 / 12)
    half = 1.959963985 * se / (s * abs(np.log(s)))
    assert km["ci_low"].iloc[1] == pytest.approx(s ** np.exp(half))
    assert km["ci_high"].iloc[1] == pytest.approx(s ** np.exp(-half))
    # S = 0 at the end: the interval collapses to the estimate, no NaN
    assert km[["ci_low", "ci_high"]].iloc[-1].tolist() == [0.0, 0.0]
    assert km.notna().all().all()


def test_kaplan_meier_matches_r_on_aml():
    # R: summary(survfit(Surv(time, status) ~ 1, data = aml[aml$x == "Maintained", ]))
    table = aml().iloc[:11]
    km = survival.kaplan_meier(table)
    assert km["time"].tolist() == [9, 13, 18, 23, 31, 34, 48]
    assert km["survival"].round(3).tolist() == [0.909, 0.818, 0.716, 0.614, 0.491, 0.368, 0.184]
    assert km["std_error"].round(4).tolist()[:3] == [0.0867, 0.1163, 0.1397]


def test_kaplan_meier_no_event_gives_empty_table():
    km = survival.kaplan_meier(SIX.assign(event=False))
    assert km.empty and "survival" in km.columns


def test_kaplan_meier_does_not_mutate_and_accepts_names():
    frame = SIX.rename(columns={"duration": "weeks", "event": "left"})
    before = frame.copy()
    km = survival.kaplan_meier(frame, duration_col="weeks", event_col="left")
    pd.testing.assert_frame_equal(frame, before)
    assert len(km) == 4


@pytest.mark.parametrize(
    ("frame", "kwargs", "error", "match"),
    [
        ([1, 2], {}, TypeError, "'table' parameter of kaplan_meier must be a pandas DataFrame"),
        (SIX, {"duration_col": "weeks"}, ValueError, "weeks"),
        (SIX.assign(duration=[1, 2, np.nan, 3, 4, 5]), {}, ValueError, "'duration' column"),
        (SIX.assign(duration=[1, 2, -1, 3, 4, 5]), {}, ValueError, "negative"),
        (SIX.assign(duration=[1, 2, np.inf, 3, 4, 5]), {}, ValueError, "infinite"),
        (SIX.assign(event=[0, 1, 2, 0, 1, 0]), {}, ValueError, "'event' column"),
        (SIX, {"level": 1.5}, ValueError, "'level' parameter"),
    ],
)
def test_kaplan_meier_bad_input(frame, kwargs, error, match):
    with pytest.raises(error, match=match):
        survival.kaplan_meier(frame, **kwargs)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 20), st.booleans()), min_size=1, max_size=30).filter(
        lambda rows: any(e for _, e in rows)
    )
)
def test_kaplan_meier_properties(rows):
    table = pd.DataFrame(rows, columns=["duration", "event"])
    km = survival.kaplan_meier(table)
    s = km["survival"].to_numpy()
    assert ((s >= 0) & (s <= 1)).all() and (np.diff(s) <= 1e-12).all()
    assert km["events"].sum() == table["event"].sum()
    assert ((km["ci_low"] <= s + 1e-12) & (s <= km["ci_high"] + 1e-12)).all()
    # with no censoring, KM is one minus the empirical distribution function
    if table["event"].all():
        ecdf = [(table["duration"] <= t).mean() for t in km["time"]]
        assert s == pytest.approx(1 - np.array(ecdf))


def test_cox_matches_r_on_aml():
    # R: coxph(Surv(time, status) ~ x, data = aml) (Efron):
    # coef 0.9155, se 0.5119, exp(coef) 2.498, 95% 0.9159 to 6.813, p 0.0737
    out = survival.cox_model(aml(), ["not_maintained"])
    row = out.loc["not_maintained"]
    assert row["coef"] == pytest.approx(0.9155, abs=5e-5)
    assert row["std_error"] == pytest.approx(0.5119, abs=5e-5)
    assert row["hazard_ratio"] == pytest.approx(2.498, abs=5e-4)
    assert row["ci_low"] == pytest.approx(0.9159, abs=5e-4)
    assert row["ci_high"] == pytest.approx(6.813, abs=5e-3)
    assert row["p_value"] == pytest.approx(0.0737, abs=5e-4)
    assert out.attrs["customers"] == 23 and out.attrs["events"] == 18


def breslow_loglik(beta: np.ndarray, time, status, x) -> float:
    """The Breslow partial log-likelihood, written out loop by loop."""
    total = 0.0
    for t in np.unique(time[status == 1]):
        dying = (time == t) & (status == 1)
        at_risk = time >= t
        total += (x[dying] @ beta).sum() - dying.sum() * np.log(np.exp(x[at_risk] @ beta).sum())
    return total


def test_cox_breslow_matches_the_partial_likelihood_by_hand():
    rng = np.random.default_rng(3)
    n = 60
    x = np.column_stack([rng.normal(size=n), rng.integers(0, 2, n)])
    time = np.round(rng.exponential(np.exp(-x @ [0.7, -0.5])) * 10)
    status = (rng.random(n) < 0.8).astype(int)
    frame = pd.DataFrame({"duration": time, "event": status, "a": x[:, 0], "b": x[:, 1]})
    out = survival.cox_model(frame, ["a", "b"], ties="breslow")
    best = minimize(lambda b: -breslow_loglik(b, time, status, x), np.zeros(2), method="BFGS")
    assert out["coef"].to_numpy() == pytest.approx(best.x, abs=1e-4)
    assert out.attrs["log_likelihood"] == pytest.approx(-best.fun, abs=1e-6)


def test_cox_bool_covariate_and_no_mutation():
    frame = aml().assign(not_maintained=lambda t: t["not_maintained"].astype(bool))
    before = frame.copy()
    out = survival.cox_model(frame, ["not_maintained"])
    pd.testing.assert_frame_equal(frame, before)
    assert out.index.name == "covariate" and out["hazard_ratio"].iloc[0] > 1


@pytest.mark.parametrize(
    ("covariates", "frame", "kwargs", "error", "match"),
    [
        (["missing"], aml(), {}, ValueError, "missing"),
        ("not_maintained", aml(), {}, TypeError, "'covariates' parameter"),
        ([], aml(), {}, TypeError, "'covariates' parameter"),
        (["g"], aml().assign(g="x"), {}, ValueError, "covariate 'g'.*get_dummies"),
        (["c"], aml().assign(c=1.0), {}, ValueError, "must vary"),
        (["c"], aml().assign(c=[np.nan] + [1.0] * 22), {}, ValueError, "covariate 'c'.*finite"),
        (["not_maintained"], aml().assign(event=0), {}, ValueError, "at least one event"),
        (["not_maintained"], aml(), {"ties": "exact"}, ValueError, "'ties' parameter"),
    ],
)
def test_cox_bad_input(covariates, frame, kwargs, error, match):
    with pytest.raises(error, match=match):
        survival.cox_model(frame, covariates, **kwargs)


def test_durations_by_hand():
    start = pd.Series(pd.to_datetime(["2025-01-01", "2025-01-01", "2025-02-01"]), index=[1, 2, 3])
    event = pd.Series(pd.to_datetime(["2025-01-15", "2026-03-01"]), index=[1, 2])
    out = survival.durations(start, event, censor_date="2025-03-01")
    # 1: event after 14 days = 2 weeks; 2: event after censor_date -> censored at 59 days;
    # 3: no event -> censored at 28 days
    assert out["duration"].tolist() == pytest.approx([2.0, 59 / 7, 4.0])
    assert out["event"].tolist() == [True, False, False]
    days = survival.durations(start, event, censor_date="2025-03-01", unit_days=1)
    assert days["duration"].tolist() == [14.0, 59.0, 28.0]


@pytest.mark.parametrize(
    ("start", "event", "match"),
    [
        ([1, 2], pd.Series(dtype="datetime64[ns]"), "'start' parameter of durations"),
        (pd.Series(pd.to_datetime(["2025-01-01", None])), pd.Series(dtype=object), "missing"),
        (pd.Series(pd.to_datetime(["2025-05-01"])), pd.Series(dtype=object), "on or before"),
        (
            pd.Series(pd.to_datetime(["2025-01-10"])),
            pd.Series(pd.to_datetime(["2025-01-01"])),
            "before the customer's start",
        ),
        (
            pd.Series(pd.to_datetime(["2025-01-10"] * 2), index=[1, 1]),
            pd.Series(dtype=object),
            "one row per customer",
        ),
    ],
)
def test_durations_bad_input(start, event, match):
    with pytest.raises((TypeError, ValueError), match=match):
        survival.durations(start, event, censor_date="2025-03-01")


def test_plot_survival_returns_the_axes():
    fig, ax = plt.subplots()
    km = survival.kaplan_meier(SIX)
    assert survival.plot_survival({"six": km}, ax=ax) is ax
    assert len(ax.get_lines()) == 1 and ax.get_lines()[0].get_ydata()[0] == 1.0
    with pytest.raises(TypeError, match="'curves' parameter"):
        survival.plot_survival({}, ax=ax)
    with pytest.raises(TypeError, match="'ax' parameter"):
        survival.plot_survival({"six": km}, ax="left")
    plt.close(fig)
