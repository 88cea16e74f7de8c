"""Waiting-time distributions of several simulated scenarios side by side."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

if TYPE_CHECKING:
    from placement.simulate import SimulationResult

__all__ = ["plot_sim_waits"]


def plot_sim_waits(
    results: Mapping[str, SimulationResult],
    within_days: float = 90.0,
    cohort: str = "arrivals",
    ax: Axes | None = None,
) -> Axes:
    """The share of a cohort placed by each day of waiting, one curve per scenario.

    Every client of the cohort counts: those still waiting at the horizon are censored and
    exits compete (:meth:`SimulationResult.placement_curve`), so a scenario that places more
    long waiters does not look worse.

    Parameters
    ----------
    results : mapping of str to SimulationResult
        Scenario label to its result.
    within_days : float
        Draws a reference line there (90: the three-month implementation deadline).
    cohort : str
        ``arrivals`` (days from the decision), ``start queue`` (days from the start) or
        ``arrivals year k``.
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 4))
    for label, result in results.items():
        curve = result.placement_curve(cohort)
        ax.step(curve["days"], curve["placed"], where="post", label=label)
    ax.axvline(within_days, color="grey", linestyle=":", label=f"{within_days:g} days")
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    origin = "the start" if cohort == "start queue" else "the decision"
    ax.set_xlabel(f"days from {origin}")
    ax.set_ylabel("share placed")
    ax.set_title(f"Placed by each day ({cohort})")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return ax
