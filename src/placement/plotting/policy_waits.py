"""Bars: mean days queued and mean days to move in of placed clients, per policy."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

__all__ = ["plot_policy_waits"]


def plot_policy_waits(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Plot waiting times per policy from :func:`placement.compare` output (days).

    Returns
    -------
    Axes
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    means = table.groupby("policy", sort=False)[["mean_days_waited", "mean_days_to_move_in"]].mean()
    x = np.arange(len(means))
    ax.bar(
        x - 0.2,
        means["mean_days_waited"],
        0.4,
        label="queued before placement",
        color="#2b8cbe",
        edgecolor="#555555",
    )
    ax.bar(
        x + 0.2,
        means["mean_days_to_move_in"],
        0.4,
        label="until move-in",
        color="#fdae61",
        edgecolor="#555555",
    )
    ax.set_xticks(x, means.index, rotation=20)
    ax.set_ylabel("days (mean of placed clients)")
    ax.set_title("Waiting time")
    ax.legend(fontsize="small")
    return ax
