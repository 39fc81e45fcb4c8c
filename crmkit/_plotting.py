"""The one place that hands plotting functions their matplotlib Axes."""

from __future__ import annotations

from typing import Any


def get_ax(ax: Any, func: str) -> Any:
    """Return ``ax``, or a new Axes on a new figure when ``ax`` is None.

    Raises TypeError naming ``func`` when ``ax`` is something other than an Axes.
    matplotlib is imported here, on first use, so ``import crmkit`` stays light.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
        return ax
    if not isinstance(ax, plt.Axes):
        raise TypeError(
            f"The 'ax' parameter of {func} must be a matplotlib Axes or None. "
            f"Got {type(ax).__name__} instead."
        )
    return ax
