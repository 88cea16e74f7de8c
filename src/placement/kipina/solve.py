"""Plan the week with CP-SAT: build the model, search it within the time limit, route transport.

The model is described in :mod:`placement.kipina.building`; transport is planned afterwards
from the timetable (:mod:`placement.kipina.transport`).
"""

from __future__ import annotations

import logging

from ortools.sat.python import cp_model, cp_model_helper

from placement.deadline import Deadline, limit_issue
from placement.errors import ProblemError
from placement.kipina.assembly import sessions_of, unmet_of
from placement.kipina.building import GRID_MIN, WEIGHTS, build
from placement.kipina.hint import add_hint
from placement.kipina.model import Week
from placement.kipina.progress import Feedback
from placement.kipina.result import Schedule
from placement.kipina.transport import plan_transport
from placement.result import Status

__all__ = ["GRID_MIN", "HINT_SHARE", "ROUTING_SHARE", "ROUTING_TRIP_S", "WEIGHTS", "schedule"]

logger = logging.getLogger("placement")
ROUTING_SHARE = 0.15
"""Least share of the time left after building the model that the search leaves for routing."""

ROUTING_TRIP_S = 0.003
"""Seconds kept for routing per possible trip (participants with transport x open days x 2),
up to half the time left: greedy routing of the Mikkeli week's 53 waves (420 possible trips)
took 0.7-1.5 s on a busy 2-core machine, more than 15 % of a 5 s limit."""

HINT_SHARE = 0.1
"""Share of the time left that completing a hint (a short fixed solve) may use, at most 5 s."""


def schedule(
    week: Week,
    time_limit: float | None = 60.0,
    seed: int = 0,
    deterministic: bool = False,
    workers: int = 2,
    probing: bool = False,
    hint: Schedule | None = None,
    deadline: Deadline | None = None,
    progress: bool = False,
) -> Schedule:
    """Plan ``week``: sessions, staff, rooms, and transport runs.

    Parameters
    ----------
    week : Week
        The week to plan (validated on construction).
    time_limit : float or None
        Seconds for the whole call: building the model, the hint, the CP-SAT search, transport
        routing and the result all draw on one :class:`~placement.deadline.Deadline`. The
        search gets the time left after building less a reserve for routing
        (:data:`ROUTING_SHARE`, :data:`ROUTING_TRIP_S`); routing's waves share what is left
        then. The best schedule found is returned when the search's share runs out (status
        ``feasible`` with its gap). ``None``
        searches until proven. With ``deterministic`` the search limit is in CP-SAT's
        deterministic time units and routing runs to its local optimum, so the wall clock is
        not bounded.
    seed : int
        CP-SAT's random seed.
    deterministic : bool
        One worker and a deterministic time limit: repeated runs give identical schedules.
    workers : int
        CP-SAT workers when not deterministic.
    hint : Schedule, optional
        A previous schedule (say, last week's or the published one before a change) to start
        the search from: its sessions that still fit are suggested to CP-SAT as a solution.
    probing : bool
        CP-SAT's presolve probing. Off by default: on the Mikkeli week it spends about 18 s
        before the first solution (``benchmarks/RESULTS.md``).
    deadline : Deadline, optional
        A deadline to draw on instead of a new one of ``time_limit`` seconds (a caller bounding
        several steps together passes its own).
    progress : bool
        Show a tqdm bar on stderr while planning: the phase, the seconds of the limit used and,
        during the search, the improving solutions found and their gap
        (:mod:`placement.kipina.progress`). Off by default; each phase's seconds are logged
        (INFO, ``placement`` logger) either way.

    Returns
    -------
    Schedule
        With ``status``, ``objective``, ``bound`` and ``gap`` from the solver, and ``phases``
        (seconds each phase used) and ``budgets`` (seconds the search and routing were given).
    """
    clock = _start(time_limit, deadline)
    with Feedback(clock, progress, week.name) as feedback:
        return _plan(week, clock, feedback, seed, deterministic, workers, probing, hint)


def _plan(
    week: Week,
    clock: Deadline,
    feedback: Feedback,
    seed: int,
    deterministic: bool,
    workers: int,
    probing: bool,
    hint: Schedule | None,
) -> Schedule:
    """:func:`schedule`'s work, each phase on ``clock`` and shown by ``feedback``."""
    with feedback.phase("model"):
        m = build(week)
    if hint is not None:
        with feedback.phase("hint"):
            add_hint(m, hint, clock.share(HINT_SHARE))
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.random_seed = seed
    params.cp_model_probing_level = 2 if probing else 0
    params.num_workers = 1 if deterministic else max(1, workers)
    budgets: dict[str, float | None] = {"search": _search_share(week, clock, deterministic)}
    _limit(params, budgets["search"], deterministic)
    trajectory = _Trajectory(clock, feedback)
    solver.best_bound_callback = trajectory.on_bound
    with feedback.phase("search"):
        try:
            code = solver.solve(m.cp, trajectory)
        except IndexError:
            # OR-Tools 9.15 can fail inside presolve with probing off (seen on an infeasible
            # week); solve again with its default probing in the search time left.
            logger.warning("kipina: CP-SAT failed with probing off; retrying with default probing")
            params.cp_model_probing_level = 2
            _limit(params, _search_share(week, clock, deterministic), deterministic)
            code = solver.solve(m.cp, trajectory)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        status = Status.INFEASIBLE if code == cp_model.INFEASIBLE else Status.UNKNOWN
        logger.info("kipina: no schedule (%s) after %.1f s", status, clock.elapsed())
        return Schedule(
            week=week.name,
            status=status,
            runtime=clock.elapsed(),
            phases=dict(clock.used),
            budgets=budgets,
        )
    with feedback.phase("result"):
        sessions = sessions_of(m, solver)
    budgets["routing"] = clock.remaining()
    with feedback.phase("routing"):
        runs, unserved = plan_transport(week, sessions, deterministic, clock)
    objective = float(solver.objective_value)
    bound = float(solver.best_objective_bound)
    with feedback.phase("result"):
        unmet = tuple(unmet_of(week, sessions))
    return Schedule(
        week=week.name,
        status=Status.OPTIMAL if code == cp_model.OPTIMAL else Status.FEASIBLE,
        objective=objective,
        bound=bound,
        gap=(bound - objective) / max(1.0, abs(objective)),
        sessions=tuple(sessions),
        runs=tuple(runs),
        unmet=unmet,
        unserved_transport=tuple(unserved),
        runtime=clock.elapsed(),
        trajectory=tuple(trajectory.points),
        phases=dict(clock.used),
        budgets=budgets,
    )


def _start(time_limit: float | None, deadline: Deadline | None) -> Deadline:
    """The call's one deadline: the caller's, or a new one of ``time_limit`` seconds."""
    if deadline is not None:
        return deadline
    wrong_limit = limit_issue(time_limit)
    if wrong_limit is not None:
        raise ProblemError([wrong_limit], what="argument")
    return Deadline(time_limit)


def _search_share(week: Week, clock: Deadline, deterministic: bool) -> float | None:
    """Seconds for the search: what is left less the routing reserve (at least 0.1 s).

    In deterministic mode the share is taken of the whole limit, not of what the clock says is
    left, so that repeated runs get the same deterministic-time limit.
    """
    left = clock.seconds if deterministic else clock.remaining()
    if left is None:
        return None
    trips = 2 * len(week.days) * sum(p.transport for p in week.participants)
    reserve = min(0.5 * left, max(ROUTING_SHARE * left, ROUTING_TRIP_S * trips))
    return max(0.1, left - reserve)


def _limit(params: cp_model_helper.SatParameters, seconds: float | None, det: bool) -> None:
    """Give CP-SAT ``seconds`` (wall, or deterministic time units in deterministic mode)."""
    if seconds is None:
        return
    if det:
        params.max_deterministic_time = seconds
    else:
        params.max_time_in_seconds = seconds


class _Trajectory(cp_model.CpSolverSolutionCallback):
    """Records (seconds, objective, bound) at every improving solution and bound."""

    def __init__(self, clock: Deadline, feedback: Feedback) -> None:
        super().__init__()
        self.clock = clock
        self.feedback = feedback
        self.points: list[tuple[float, float, float]] = []

    def on_solution_callback(self) -> None:
        objective, bound = float(self.objective_value), float(self.best_objective_bound)
        self.points.append((self.clock.elapsed(), objective, bound))
        self.feedback.solution(objective, bound)

    def on_bound(self, bound: float) -> None:
        if self.points:
            self.points.append((self.clock.elapsed(), self.points[-1][1], bound))
