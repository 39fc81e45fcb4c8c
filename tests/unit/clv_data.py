"""Data shared by the tests of chapter 6's modules: btyd, cohorts, value, churn (not a test file).

CDNOW comes from the copy the *lifetimes* package ships (the published summaries of
Fader, Hardie & Lee); the simulated world is the kit's own.
"""

from __future__ import annotations

import functools
import warnings

import numpy as np
import pandas as pd
import pytest

import crmkit
from crmkit.datasets import _lifetimes_cdnow

CDNOW = _lifetimes_cdnow()
needs_cdnow = pytest.mark.skipif(
    CDNOW is None, reason="lifetimes (which ships the CDNOW files) is not installed"
)


def cdnow_summary() -> pd.DataFrame:
    """The published 2,357-customer CDNOW calibration summary (weeks)."""
    if CDNOW is None:
        pytest.skip("lifetimes (which ships the CDNOW files) is not installed")
    return pd.read_csv(CDNOW.parent / "cdnow_customers_summary.csv", index_col=0)


def cdnow_spend() -> pd.DataFrame:
    """The CDNOW summary with mean spend per repeat purchase (``monetary_value``)."""
    if CDNOW is None:
        pytest.skip("lifetimes (which ships the CDNOW files) is not installed")
    data = pd.read_csv(CDNOW.parent / "cdnow_customers_summary_with_transactions.csv")
    return data.rename(columns={"x": "frequency", "zbar": "monetary_value"})


def lifetimes():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lifetimes' import warns under pandas 3
        import lifetimes as module
    return module


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


@functools.cache
def world():
    return crmkit.make_world(2000, seed=7)


@functools.cache
def _calhold() -> pd.DataFrame:
    from crmkit.btyd.holdout import calibration_holdout

    tx = world().transactions
    return calibration_holdout(
        tx[tx["revenue"] > 0], calibration_end="2025-06-30", holdout_end="2025-12-31"
    )


def calhold() -> pd.DataFrame:
    """The default world's calibration summary to mid-2025, hold-out to the year's end."""
    return _calhold().copy()


def simulate_bgnbd(n, r, alpha, a, b, seed):
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
