"""Stacked bars: how each policy's placed clients ranked their unit, and who still waits."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from placement.plotting._axes import counts_on, legend_beside, new_axes

__all__ = ["plot_policy_ranks"]

_PARTS = (
    ("rank_1", "1st", "#2b8cbe"),
    ("rank_2", "2nd", "#7bccc4"),
    ("rank_3plus", "3rd+", "#bae4bc"),
    ("unranked", "unranked", "#f0f9e8"),
    ("unplaced", "waiting", "#cccccc"),
)


def plot_policy_ranks(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Plot the rank distribution per policy from :func:`placement.compare` output.

    Rows of one policy (several seeds) are averaged. The y axis counts clients, so its ticks
    are whole numbers; a rank no client got has no segment (the legend still names it).

    Returns
    -------
    Axes
    """
    if ax is None:
        ax = new_axes()
    means = table.groupby("policy", sort=False)[[p[0] for p in _PARTS]].mean()
    bottom = pd.Series(0.0, index=means.index)
    for column, label, colour in _PARTS:
        ax.bar(
            means.index,
            means[column],
            bottom=bottom,
            label=label,
            color=colour,
            edgecolor="#555555",
        )
        bottom += means[column]
    ax.set_ylabel("clients")
    counts_on(ax.yaxis)
    ax.set_title("Outcome by preference rank")
    ax.tick_params(axis="x", labelrotation=20)
    legend_beside(ax)
    return ax
