"""The ``places_needed`` curve: share placed in time against added places."""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.axes import Axes

from placement.plotting._axes import counts_on

if TYPE_CHECKING:
    from placement.simulate import PlacesNeeded

__all__ = ["plot_places_needed"]


def plot_places_needed(answer: PlacesNeeded, ax: Axes | None = None) -> Axes:
    """Plot the share placed within the target days for every count simulated, with intervals.

    Parameters
    ----------
    answer : PlacesNeeded
        From :func:`placement.simulate.places_needed`.
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(7, 4))
    c = answer.curve
    ax.errorbar(
        c["added"],
        c["mean"],
        yerr=[c["mean"] - c["ci_low"], c["ci_high"] - c["mean"]],
        marker="o",
        capsize=3,
        label="share (95 % CI)",
    )
    ax.axhline(answer.share, color="grey", linestyle=":", label=f"target {answer.share:.0%}")
    if answer.added is not None:
        ax.axvline(answer.added, color="tab:red", linestyle="--", label=f"answer {answer.added}")
    ax.set_xlabel(f"places of {answer.service_class} added in {answer.municipality}")
    counts_on(ax.xaxis)
    ax.set_ylabel(f"share placed within {answer.within_days:g} days")
    ax.set_ylim(-0.02, 1.02)
    ax.set_title("Places needed")
    ax.legend(loc="lower right", fontsize=8)
    return ax
