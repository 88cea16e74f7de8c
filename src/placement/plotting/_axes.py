"""Conventions the plots share: count axes, legends beside the data, zero bars that show."""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.container import BarContainer
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

__all__ = ["counts_on", "legend_beside", "mark_zero_bars", "new_axes"]


def new_axes(**figure: Any) -> Axes:
    """A new figure's axes with constrained layout, so a legend outside the axes stays in the
    figure."""
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(layout="constrained", **figure)
    assert isinstance(ax, Axes)
    return ax


def counts_on(axis: Axis) -> None:
    """Ticks at whole numbers only: an axis of clients or cases never shows 0.25 of one."""
    axis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))


def legend_beside(ax: Axes, **options: Any) -> None:
    """The legend outside the axes, to the right of the data, so it never covers a bar."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", **options)


def mark_zero_bars(ax: Axes, bars: BarContainer) -> list[Rectangle]:
    """Draw every zero-height bar of ``bars`` as a short thick line on its baseline.

    A bar of height 0 is a rectangle without area, so nothing of it shows and a reader cannot
    tell a zero from a missing value. The mark spans the bar's width at its baseline, in the
    bar's colour outlined in its edge colour, above the axis line. The callers write every
    bar's value with :meth:`Axes.bar_label`, so the zero is also said in figures.

    Returns
    -------
    list of Rectangle
        The zero-height bars marked.
    """
    import matplotlib.patheffects as effects

    zero = [bar for bar in bars.patches if bar.get_height() == 0]
    for bar in zero:
        x0, width, y = bar.get_x(), bar.get_width(), bar.get_y()
        ax.hlines(
            y,
            x0,
            x0 + width,
            colors=[bar.get_facecolor()],
            linewidth=3.0,
            zorder=3.5,
            clip_on=False,
            path_effects=[
                effects.Stroke(linewidth=4.5, foreground=bar.get_edgecolor()),
                effects.Normal(),
            ],
        )
    return zero
