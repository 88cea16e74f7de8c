"""Capacity planning: a discrete-event simulation of the housing queue (issue 12).

Structured as Ciw is: a definition (:class:`Scenario`, its distributions and what-if changes),
validation (one :class:`~placement.errors.ProblemError` before anything runs), an engine (events
and matching rounds by the core's policies), records (tidy DataFrames), replications over any
``concurrent.futures.Executor``, and :func:`places_needed` for the planner's question.

>>> import placement as pl
>>> from placement import simulate
>>> scenario = simulate.Scenario.from_problem(pl.datasets.load("luvn"))
>>> result = simulate.run(scenario, replications=2, seed=0)  # doctest: +SKIP
"""

from placement.simulate.calibrate import Fit, fit_history
from placement.simulate.distributions import Distribution, Empirical, Exponential, Fixed, LogNormal
from placement.simulate.eventlog import event_log
from placement.simulate.planning import PlacesNeeded, places_needed
from placement.simulate.records import SimulationResult
from placement.simulate.replications import run
from placement.simulate.scenario import (
    SCENARIO_VERSION,
    AddPlaces,
    Change,
    ChangeArrivalRate,
    ChangePolicy,
    ChangeRoundInterval,
    CloseUnit,
    Scenario,
    Stage,
)
from placement.simulate.waits import MoveIns, estimate_waits, simulate_move_ins

__all__ = [
    "SCENARIO_VERSION",
    "AddPlaces",
    "Change",
    "ChangeArrivalRate",
    "ChangePolicy",
    "ChangeRoundInterval",
    "CloseUnit",
    "Distribution",
    "Empirical",
    "Exponential",
    "Fit",
    "Fixed",
    "LogNormal",
    "MoveIns",
    "PlacesNeeded",
    "Scenario",
    "SimulationResult",
    "Stage",
    "estimate_waits",
    "event_log",
    "fit_history",
    "places_needed",
    "run",
    "simulate_move_ins",
]
