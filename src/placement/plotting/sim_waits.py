"""Waiting-time distributions of several simulated scenarios side by side."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from matplotlib.axes import Axes

if TYPE_CHECKING:
    from placement.simulate import SimulationResult

__all__ = ["plot_sim_waits"]


def plot_sim_waits(
    results: Mapping[str, SimulationResult], within_days: float = 90.0, ax: Axes | None = None
) -> Axes:
    """Box plots of the days from decision to move-in of clients placed after the warm-up.

    Parameters
    ----------
    results : mapping of str to SimulationResult
        Scenario label to its result, drawn left to right.
    within_days : float
        Draws a reference line there (90: the three-month implementation deadline).
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 4))
    data = []
    for result in results.values():
        w = result.waits
        placed = w[(w["outcome"] == "placed") & (w["decided_day"] >= result.warmup_days)]
        data.append(placed["wait_days"].to_numpy())
    ax.boxplot(data, showfliers=False)
    ax.set_xticks(range(1, len(data) + 1), list(results))
    ax.axhline(within_days, color="grey", linestyle=":", label=f"{within_days:g} days")
    ax.set_ylabel("days from decision to move-in")
    ax.set_title("Waiting times of placed clients")
    ax.legend(loc="upper right", fontsize=8)
    return ax
