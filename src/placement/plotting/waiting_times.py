"""Histogram of days queued, placed clients against those still waiting."""

from __future__ import annotations

from matplotlib.axes import Axes

from placement.model import Problem
from placement.plotting._axes import counts_on, legend_beside, new_axes
from placement.result import Result

__all__ = ["plot_waiting_times"]


def plot_waiting_times(problem: Problem, result: Result, ax: Axes | None = None) -> Axes:
    """Plot days queued (to the reference date) of placed and still-waiting clients.

    A stacked histogram: the y axis counts clients (whole-number ticks); the legend sits beside
    the axes, clear of the bars.

    Returns
    -------
    Axes
    """
    if ax is None:
        ax = new_axes()
    ref = problem.reference_date
    placed = {a.client_id for a in result.assignments}
    days = {c.id: (ref - c.queued_since).days for c in problem.clients}
    ax.hist(
        [
            [d for cid, d in days.items() if cid in placed],
            [d for cid, d in days.items() if cid not in placed],
        ],
        bins=12,
        stacked=True,
        label=["placed", "still waiting"],
        color=["#2b8cbe", "#cccccc"],
        edgecolor="#555555",
    )
    ax.set_xlabel("days in the queue")
    ax.set_ylabel("clients")
    counts_on(ax.yaxis)
    ax.set_title("Days queued")
    legend_beside(ax)
    return ax
