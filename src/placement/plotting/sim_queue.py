"""Simulated queue length over time, with a band across replications."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.dates import date2num

from placement.plotting._axes import counts_on

if TYPE_CHECKING:
    from placement.simulate import SimulationResult

__all__ = ["plot_sim_queue"]


def plot_sim_queue(
    result: SimulationResult,
    service_class: str | None = None,
    municipality: str | None = None,
    band: float = 0.9,
    ax: Axes | None = None,
) -> Axes:
    """Plot the median number waiting over time and the central ``band`` of replications.

    Parameters
    ----------
    result : SimulationResult
        From :func:`placement.simulate.run`.
    service_class, municipality : str, optional
        Count only clients requiring this class / from this municipality.
    band : float
        Share of replications inside the shaded band (0.9: the 5th to 95th percentile).
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(10, 4))
    q = result.queue
    if service_class is not None:
        q = q[q["service_class"] == service_class]
    if municipality is not None:
        q = q[q["municipality"] == municipality]
    table = q.groupby(["day", "replication"])["waiting"].sum().unstack("replication")
    table.index = pd.Timestamp(result.start) + pd.to_timedelta(table.index, unit="D")
    low, high = (1 - band) / 2, (1 + band) / 2
    ax.fill_between(
        table.index,
        table.quantile(low, axis=1),
        table.quantile(high, axis=1),
        alpha=0.3,
        label=f"{band:.0%} of {table.shape[1]} replications",
    )
    ax.plot(table.index, table.median(axis=1), label="median")
    if result.warmup_days > 0:
        warm = pd.Timestamp(result.start) + pd.Timedelta(days=result.warmup_days)
        at = float(date2num(warm))  # type: ignore[no-untyped-call]
        ax.axvline(at, color="grey", linestyle=":", label="end of warm-up")
    what = " ".join(x for x in (service_class, municipality) if x) or "all"
    ax.set_xlabel("date")
    ax.set_ylabel("clients waiting")
    counts_on(ax.yaxis)
    ax.set_title(f"Queue over time ({what})")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)  # beside, not over
    return ax
