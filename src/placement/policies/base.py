"""What every policy shares: the :class:`Policy` protocol and turning chosen edges into a Result.

Within a unit, free places open on different days. Placed clients take them in priority order
(higher urgency, then longer queued, then id): the most pressing case moves in first. Every
objective here counts a unit's places the same way whoever takes them, so this order changes
no objective value. One exception: a composition limit holds on every day, so a tagged newcomer
may wait for a tagged resident to leave while a later client takes the earlier place
(:mod:`placement.movein`). The engines price a unit's earliest places; the result's objective
adds the days actually given, and is then only ``feasible`` unless the bound meets it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from placement.candidates import Candidates
from placement.deadline import Deadline
from placement.model import Client, Problem
from placement.movein import move_in_dates
from placement.objective import POINTS_PER_UNIT
from placement.result import Assignment, Result, Status

__all__ = [
    "Policy",
    "SolveOptions",
    "build_result",
    "priority_key",
    "priority_rank",
    "required_first",
    "required_level",
]

log = logging.getLogger("placement")


@dataclass(frozen=True)
class SolveOptions:
    """How to solve: the options every policy receives (not all apply to every policy).

    Attributes
    ----------
    engine : str
        Solver of the optimal policy: ``auto``, ``flow``, ``cpsat`` or ``highs``.
    time_limit : float or None
        Seconds left for engines that can stop early.
    seed : int
        Random seed, for engines and tie-breaking lotteries.
    workers : int
        CP-SAT search workers; 0 uses every core.
    deterministic : bool
        CP-SAT with one worker and a deterministic time limit.
    deadline : Deadline or None
        The call's one time budget, when :func:`placement.solve` made it: the policy draws on
        what is left of it and records its phases there. ``None``: a budget of ``time_limit``
        seconds starts when the policy asks for it (:meth:`clock`).
    """

    engine: str = "auto"
    time_limit: float | None = None
    seed: int = 0
    workers: int = 0
    deterministic: bool = False
    deadline: Deadline | None = None

    def clock(self) -> Deadline:
        """The time budget to draw on: ``deadline``, or a new one of ``time_limit`` seconds."""
        return self.deadline if self.deadline is not None else Deadline(self.time_limit)


class Policy(Protocol):
    """A matching policy: problem, its candidates and options in, a :class:`Result` out."""

    def __call__(self, problem: Problem, cands: Candidates, options: SolveOptions) -> Result: ...


def priority_key(client: Client) -> tuple[int, dt.date, str]:
    """Sort key of the default priority: urgency (high first), queued since (early first), id."""
    return (-client.urgency, client.queued_since, client.id)


def priority_rank(problem: Problem) -> NDArray[np.int64]:
    """Each client's place in the default priority order (0 is the most pressing)."""
    order = sorted(range(len(problem.clients)), key=lambda i: priority_key(problem.clients[i]))
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    return rank


def required_level(problem: Problem) -> NDArray[np.int64]:
    """Per client: 2 if the overrides pin them, 1 if they must otherwise be placed, else 0."""
    o = problem.overrides
    return np.array(
        [2 if c.id in o.pins else int(c.id in o.must_place) for c in problem.clients], np.int64
    )


def required_first(problem: Problem, order: NDArray[np.int64]) -> NDArray[np.int64]:
    """``order`` with pinned clients, then other required ones, moved (in order) to the front."""
    if not problem.overrides:
        return order
    level = required_level(problem)[order]
    return order[np.argsort(-level, kind="stable")]


def build_result(
    problem: Problem,
    cands: Candidates,
    chosen: NDArray[np.int64],
    *,
    policy: str,
    status: Status,
    engine: str | None = None,
    objective: int | None = None,
    bound: float | None = None,
    seed: int | None = None,
    runtime: float = 0.0,
    order: Callable[[Client], Any] = priority_key,
) -> Result:
    """A :class:`Result` from the chosen candidate edges, with move-in dates and tiers.

    Within each unit, placed clients take its places earliest first in ``order`` (default:
    :func:`priority_key`).
    """
    ref = problem.reference_date
    engine_status = status  # before move-in days adjust it: what the search itself proved
    clients, units, classes = problem.clients, problem.units, problem.service_classes
    by_unit: dict[int, list[int]] = {}
    for e in chosen.tolist():
        by_unit.setdefault(int(cands.unit[e]), []).append(e)
    move_in: dict[int, dt.date] = {}
    reqs = problem.client_requirements
    undated = []
    later = 0  # points of move-ins later than each unit's earliest places
    for u, edges in by_unit.items():
        edges.sort(key=lambda e: order(clients[cands.client[e]]))
        places = list(problem.place_days[u])
        tags = [
            reqs[cands.client[e]].features | frozenset(clients[cands.client[e]].tags) for e in edges
        ]
        days = move_in_dates(units[u], places, tags)
        for e, day in zip(edges, days, strict=True):
            if day is None:
                undated.append(e)
            else:
                move_in[e] = day
        given = sorted(d for d in days if d is not None)
        later += _delay(problem, given) - _delay(problem, places[: len(given)])
    if later and objective is not None:
        # A tagged newcomer waits for a tagged resident to leave, where the objective counted
        # the unit's earliest places. The engine's bound still holds: days only get later.
        objective += later
        if status == Status.OPTIMAL and (bound is None or bound < objective):
            status = Status.FEASIBLE
    if undated:
        # Only when newcomers of two tags both wait for one leaving resident's room: the
        # engines count tag room, not days. Such clients wait; the objective is no longer known.
        log.warning(
            "%d placement(s) found no day within the composition limits and were withdrawn",
            len(undated),
        )
        chosen = np.setdiff1d(chosen, np.array(undated, np.int64))
        status = Status.FEASIBLE if status == Status.OPTIMAL else status
        objective = bound = None

    assignments = sorted(
        (  # built from the validated problem's own ids and dates: no need to re-validate
            Assignment.model_construct(
                client_id=clients[cands.client[e]].id,
                unit_id=units[cands.unit[e]].id,
                service_class=classes[cands.service_class[e]].id,
                move_in=move_in.get(e),
            )
            for e in chosen.tolist()
        ),
        key=lambda a: a.client_id,
    )
    placed = {a.client_id for a in assignments}
    missing = problem.overrides.required() - placed
    if missing:
        # No valid result keeps the overrides. The optimal policy places as many required
        # clients as can be (objective.py), so at its optimum that proves none exists.
        log.warning(
            "%d client(s) the overrides require placed could not be; "
            "placement.diagnose(problem) names the conflicting rules",
            len(missing),
        )
        # Withdrawn undated placements were found, not disproven: no proof then.
        proven = policy == "optimal" and engine_status == Status.OPTIMAL and not undated
        status = Status.INFEASIBLE if proven else Status.UNKNOWN
        chosen, assignments, placed, move_in = chosen[:0], [], set(), {}
        objective = bound = None
    w = problem.weights
    delays = [(d - ref).days for d in move_in.values()]
    tiers = {
        "placed": float(len(chosen)),
        "urgency_weight": float(sum(w.urgency[clients[cands.client[e]].urgency] for e in chosen)),
        "days_waited": float(
            sum((ref - clients[cands.client[e]].queued_since).days for e in chosen)
        ),
        "days_to_move_in": float(sum(delays)),
        "rank": float(cands.rank[chosen].sum()),
        "distance_km": round(float(cands.distance_km[chosen].sum()), 3),
        "daily_cost_eur": round(float(cands.daily_price[chosen].sum()), 2),
    }
    gap = None
    if objective is not None and bound is not None:
        gap = abs(objective - bound) / max(1.0, abs(objective))
    return Result(
        policy=policy,
        engine=engine,
        status=status,
        objective=objective,
        bound=bound,
        gap=gap,
        seed=seed,
        tiers=tiers,
        assignments=tuple(assignments),
        unplaced=tuple(sorted(c.id for c in clients if c.id not in placed)),
        runtime=runtime,
    )


def _delay(problem: Problem, days: list[dt.date]) -> int:
    """Objective points of move-ins on ``days`` (tier 3)."""
    rate = POINTS_PER_UNIT * problem.weights.delay_per_day
    return int(sum(round(rate * (d - problem.reference_date).days) for d in days))


def delay_points(problem: Problem, result: Result) -> int:
    """Objective points of the move-in delays in ``result`` (tier 3)."""
    ref = problem.reference_date
    rate = POINTS_PER_UNIT * problem.weights.delay_per_day
    return int(sum(round(rate * (a.move_in - ref).days) for a in result.assignments if a.move_in))
