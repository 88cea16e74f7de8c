"""Bars: mean days queued and mean days to move in of placed clients, per policy."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from placement.plotting._axes import legend_beside, mark_zero_bars, new_axes

__all__ = ["plot_policy_waits"]


def plot_policy_waits(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Plot waiting times per policy from :func:`placement.compare` output (days).

    Every bar carries its value; a zero (no wait until move-in) shows as a mark on the
    baseline. The legend sits beside the axes, clear of the bars.

    Returns
    -------
    Axes
    """
    if ax is None:
        ax = new_axes()
    means = table.groupby("policy", sort=False)[["mean_days_waited", "mean_days_to_move_in"]].mean()
    x = np.arange(len(means))
    queued = ax.bar(
        x - 0.2,
        means["mean_days_waited"],
        0.4,
        label="queued before placement",
        color="#2b8cbe",
        edgecolor="#555555",
    )
    to_move_in = ax.bar(
        x + 0.2,
        means["mean_days_to_move_in"],
        0.4,
        label="until move-in",
        color="#fdae61",
        edgecolor="#555555",
    )
    for bars in (queued, to_move_in):
        mark_zero_bars(ax, bars)
        ax.bar_label(bars, fmt="%.0f", padding=2, fontsize="x-small")
    ax.margins(y=0.12)  # room above the tallest bar for its label
    ax.set_xticks(x, means.index, rotation=20)
    ax.set_ylabel("days (mean of placed clients)")
    ax.set_title("Waiting time")
    legend_beside(ax)
    return ax
