"""Bar chart of how placed clients ranked their unit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matplotlib.axes import Axes

from placement.plotting._axes import counts_on, mark_zero_bars, new_axes

__all__ = ["plot_rank_distribution"]

_BARS = (
    ("rank_1", "1st"),
    ("rank_2", "2nd"),
    ("rank_3plus", "3rd+"),
    ("unranked", "unranked"),
)


def plot_rank_distribution(
    metrics: Mapping[str, Any], ax: Axes | None = None, label: str | None = None
) -> Axes:
    """Plot the rank distribution of :func:`placement.metrics` output.

    One bar per rank among the placed clients (the waiting ones are counted in the title, not
    drawn: they have no rank). Each bar carries its count, a zero one as a mark on the baseline;
    the y ticks are whole clients.

    Parameters
    ----------
    metrics : mapping
        The output of :func:`placement.metrics` (its ``overall`` part is used).
    ax : Axes, optional
        Where to draw; a new figure's axes by default.
    label : str, optional
        Title.

    Returns
    -------
    Axes
    """
    if ax is None:
        ax = new_axes()
    overall = metrics["overall"]
    names = [name for _, name in _BARS]
    values = [overall[key] for key, _ in _BARS]
    bars = ax.bar(
        names,
        values,
        color=["#2b8cbe", "#7bccc4", "#bae4bc", "#f0f9e8"],
        edgecolor="#555555",
    )
    mark_zero_bars(ax, bars)
    ax.bar_label(bars, padding=2)
    ax.margins(y=0.1)  # room above the tallest bar for its label
    ax.set_ylabel("clients")
    counts_on(ax.yaxis)
    waiting = overall.get("unplaced")
    title = label or "Placed clients by preference rank"
    ax.set_title(title if waiting is None else f"{title} ({waiting} waiting, not shown)")
    return ax
