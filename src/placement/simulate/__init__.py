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

from typing import TYPE_CHECKING

from placement import lazy

if TYPE_CHECKING:
    from placement.simulate.calibrate import Fit, fit_history
    from placement.simulate.distributions import (
        Distribution,
        Empirical,
        Exponential,
        Fixed,
        LogNormal,
        Weibull,
    )
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
    from placement.simulate.whatifs import WhatIf, what_if

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
    "Weibull",
    "WhatIf",
    "estimate_waits",
    "event_log",
    "fit_history",
    "places_needed",
    "run",
    "simulate_move_ins",
    "what_if",
]

__getattr__, __dir__ = lazy.exports(
    __name__,
    {
        "AddPlaces": "changes",
        "Change": "changes",
        "ChangeArrivalRate": "changes",
        "ChangePolicy": "changes",
        "ChangeRoundInterval": "changes",
        "CloseUnit": "changes",
        "Distribution": "distributions",
        "Empirical": "distributions",
        "Exponential": "distributions",
        "Fit": "calibrate",
        "Fixed": "distributions",
        "LogNormal": "distributions",
        "MoveIns": "waits",
        "PlacesNeeded": "planning",
        "SCENARIO_VERSION": "scenario",
        "Scenario": "scenario",
        "SimulationResult": "records",
        "Stage": "scenario",
        "Weibull": "distributions",
        "WhatIf": "whatifs",
        "estimate_waits": "waits",
        "event_log": "eventlog",
        "fit_history": "calibrate",
        "places_needed": "planning",
        "run": "replications",
        "simulate_move_ins": "waits",
        "what_if": "whatifs",
    },
)
