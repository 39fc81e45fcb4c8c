"""Calendar offsets and random-draw helpers shared by the parts of the simulator.

Private to :mod:`crmkit.world`: days are counted from the window start, categories
are drawn as codes and turned into the schema's categoricals here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.schema import (
    CATEGORIES,
    DATE_UNIT,
    MAIL_DATE,
    SURVEY_DATE,
    WINDOW_END,
    WINDOW_START,
)

_START = np.datetime64(WINDOW_START, "D")
_END = np.datetime64(WINDOW_END, "D")
_WINDOW_DAYS = int((_END - _START).astype(int)) + 1
_SURVEY_DAY = int((np.datetime64(SURVEY_DATE, "D") - _START).astype(int))
_MAIL_DAY = int((np.datetime64(MAIL_DATE, "D") - _START).astype(int))
_SIGNUP_LAST_DAY = _WINDOW_DAYS - 60  # nobody signs up in the last 60 days
_DISCOUNTS = np.array([0.05, 0.10, 0.15, 0.20])
_PRODUCTS_PER_CATEGORY = 10
_PRODUCT_WEIGHTS = 1.0 / np.arange(1, _PRODUCTS_PER_CATEGORY + 1) ** 0.8
_MAX_LINES = 10


def _logit(p):
    return np.log(p) - np.log1p(-p)


def _expit(x):
    return 1.0 / (1.0 + np.exp(-x))


def _dates(days) -> np.ndarray:
    """Day offsets from the window start (int, or float with NaN) -> datetime64[us]."""
    days = np.asarray(days)
    if days.dtype.kind == "f":
        out = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[D]")
        ok = ~np.isnan(days)
        out[ok] = _START + days[ok].astype(np.int64)
    else:
        out = _START + days.astype(np.int64)
    return out.astype(DATE_UNIT)


def _cat(codes, name) -> pd.Categorical:
    levels, ordered = CATEGORIES[name]
    return pd.Categorical.from_codes(
        np.asarray(codes, dtype=np.int64), list(levels), ordered=ordered
    )


def _choice_codes(rng, probs, size) -> np.ndarray:
    """Draw category codes with the given probabilities (vectorised)."""
    cum = np.cumsum(np.asarray(probs, dtype=float))
    cum /= cum[-1]
    return np.minimum(np.searchsorted(cum, rng.random(size), side="right"), len(cum) - 1)


def _gumbel_choice(rng, logits) -> np.ndarray:
    """Row-wise categorical draws from unnormalised log-probabilities (n x k)."""
    return np.argmax(logits + rng.gumbel(size=logits.shape), axis=1)


def _standardise(x):
    sd = x.std()
    return (x - x.mean()) / (sd if sd > 0 else 1.0)
