"""Shared fixtures: a seeded generator, and figures closed after every test."""

from __future__ import annotations

import matplotlib

# Select Agg in this process only. Do not export MPLBACKEND: nbval's kernels inherit
# the environment, and a notebook run with Agg stores no figures, so its outputs differ.
matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest


@pytest.fixture
def rng() -> np.random.Generator:
    """A fresh generator with a fixed seed, so a test's random data never changes."""
    return np.random.default_rng(20261123)


@pytest.fixture(autouse=True)
def close_figures():
    """Close every figure a test opened, so memory does not grow across the suite."""
    yield
    plt.close("all")
