"""Cases queueing in each stage over time."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from placement.plotting._axes import counts_on

__all__ = ["plot_queue_length"]


def plot_queue_length(
    queues: pd.DataFrame, stages: list[str] | None = None, ax: Axes | None = None
) -> Axes:
    """Plot the number of cases in each stage per day.

    Parameters
    ----------
    queues : DataFrame
        From :func:`placement.pathway.measures.queue_lengths` (days by stages).
    stages : list of str, optional
        Stages to draw; by default the five with the longest queue on average.
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(10, 4))
    chosen = stages or list(queues.mean().sort_values(ascending=False).index[:5])
    for stage in chosen:
        ax.plot(queues.index, queues[stage], label=stage.replace("_", " "))
    ax.set_xlabel("day")
    ax.set_ylabel("cases in stage")
    counts_on(ax.yaxis)
    ax.set_title("Queue per stage")
    ax.legend(loc="upper left", fontsize=8)
    return ax
