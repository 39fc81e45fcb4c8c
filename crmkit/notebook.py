"""The preamble every chapter notebook starts with.

One call, :func:`setup_notebook`, gives every chapter the same plot theme, the
same table display and a seeded random generator, so that notebooks look alike
and their stored outputs are reproduced exactly when nbval re-runs them.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import seaborn as sns

#: The seed chapter notebooks use unless they say otherwise.
DEFAULT_SEED = 2026

_DISPLAY_OPTIONS = {
    "display.precision": 3,
    "display.max_columns": 20,
    "display.max_rows": 30,
    "display.width": 100,
    "display.max_colwidth": 60,
}


def setup_notebook(seed: int = DEFAULT_SEED) -> np.random.Generator:
    """Set the plot theme and display options, and return a seeded generator.

    Parameters
    ----------
    seed : int, default 2026
        Seed for the returned generator. Any non-negative integer.

    Returns
    -------
    numpy.random.Generator
        ``numpy.random.default_rng(seed)``. Pass it (or a seed drawn from it) to
        anything random in the notebook; nothing here touches numpy's global state.

    Notes
    -----
    * seaborn theme ``whitegrid`` with the colour-blind palette, figures 7 x 4 inches
      at 100 dpi, so every chapter's figures share a look.
    * pandas shows floats with three decimals and at most 30 rows, which keeps
      stored outputs short and stable.
    * Nothing is printed, and warnings are not silenced: a warning in a chapter
      is a bug to fix, not to hide.

    Examples
    --------
    >>> rng = setup_notebook(seed=7)
    >>> float(rng.random()) == float(np.random.default_rng(7).random())
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(
            f"The 'seed' parameter of setup_notebook must be a non-negative integer. "
            f"Got {seed!r} instead."
        )
    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind")
    matplotlib.rcParams.update(
        {
            "figure.figsize": (7.0, 4.0),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.titleweight": "bold",
        }
    )
    for option, value in _DISPLAY_OPTIONS.items():
        pd.set_option(option, value)
    return np.random.default_rng(seed)
