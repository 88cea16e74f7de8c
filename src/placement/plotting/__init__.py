"""Plots: one function per file; each takes ``ax=None`` and returns the Axes."""

from placement.plotting.policy_ranks import plot_policy_ranks
from placement.plotting.policy_waits import plot_policy_waits
from placement.plotting.queue_length import plot_queue_length
from placement.plotting.rank_distribution import plot_rank_distribution
from placement.plotting.sim_places_needed import plot_places_needed
from placement.plotting.sim_queue import plot_sim_queue
from placement.plotting.sim_wait_curve import plot_sim_wait_curve
from placement.plotting.sim_waits import plot_sim_waits
from placement.plotting.stage_flow import plot_stage_flow
from placement.plotting.timetable import plot_timetable
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
    "plot_stage_flow",
    "plot_timetable",
    "plot_waiting_times",
]
