"""Plots of the core's results: one function per file; each takes ``ax=None`` and returns the Axes.

The adapters keep their own plots: :func:`placement.pathway.plot_stage_flow` and
:func:`placement.kipina.plot_timetable`. Their old names here still work until 0.3, with a
:class:`DeprecationWarning`.
"""

import importlib
import warnings
from typing import Any

from placement.plotting.policy_ranks import plot_policy_ranks
from placement.plotting.policy_waits import plot_policy_waits
from placement.plotting.queue_length import plot_queue_length
from placement.plotting.rank_distribution import plot_rank_distribution
from placement.plotting.sim_places_needed import plot_places_needed
from placement.plotting.sim_queue import plot_sim_queue
from placement.plotting.sim_wait_curve import plot_sim_wait_curve
from placement.plotting.sim_waits import plot_sim_waits
from placement.plotting.waiting_times import plot_waiting_times

__all__ = [
    "plot_places_needed",
    "plot_policy_ranks",
    "plot_policy_waits",
    "plot_queue_length",
    "plot_rank_distribution",
    "plot_sim_queue",
    "plot_sim_wait_curve",
    "plot_sim_waits",
    "plot_waiting_times",
]

_MOVED = {"plot_stage_flow": "placement.pathway", "plot_timetable": "placement.kipina"}
"""Plots that moved to their adapter in 0.2, by their new package (removed here in 0.3)."""


def __getattr__(name: str) -> Any:
    """The moved adapter plots under their old names, with a deprecation warning."""
    if name not in _MOVED:
        raise AttributeError(f"module 'placement.plotting' has no attribute '{name}'")
    warnings.warn(
        f"placement.plotting.{name} moved to {_MOVED[name]}.{name}; "
        "the old name goes in placement 0.3",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module(_MOVED[name]), name)
