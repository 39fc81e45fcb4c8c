"""The percentile bootstrap's resampling, written once.

Techniques that put an interval on a statistic of customers (the top-20% share, the
customer-share summaries) resample the customers with replacement. Drawing
``n_boot x n`` indices at once can take gigabytes for a large file, so the draws are
made in chunks of at most :data:`MAX_VALUES` values; the chunks follow one another on
one generator, so the result depends only on the seed, not on the chunk size chosen
for a machine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

#: Most indices drawn at once (4 million int64 values: 32 MB).
MAX_VALUES = 4_000_000


def bootstrap_draws(
    rows: np.ndarray, statistic: Callable[[np.ndarray], np.ndarray], n_boot: int, seed: Any
) -> np.ndarray:
    """``statistic`` of ``n_boot`` resamples of ``rows`` (drawn with replacement).

    Parameters
    ----------
    rows : numpy.ndarray
        One row (or value) per unit resampled, e.g. per customer; shape ``(n, ...)``.
    statistic : callable
        Takes a stack of resamples, shape ``(m, n, ...)``, and returns one value (or
        one row of values) per resample, shape ``(m, ...)``.
    n_boot : int
        Number of resamples (checked by the caller).
    seed : int, numpy.random.Generator or None
        Passed to :func:`numpy.random.default_rng`.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_boot, ...)``: the statistic of each resample, in the order drawn.
    """
    n = len(rows)
    rng = np.random.default_rng(seed)
    chunk = max(1, min(int(n_boot), MAX_VALUES // max(n, 1)))
    parts = []
    for start in range(0, int(n_boot), chunk):
        m = min(chunk, int(n_boot) - start)
        parts.append(statistic(rows[rng.integers(0, n, size=(m, n))]))
    return np.concatenate(parts)
