"""Per-client explanation: where a client was placed and why, or why they still wait.

Built for the placement team's conversation with a client: it names units, ranks, distances,
prices and move-in dates, and for a waiting client the first feasibility rule that left no
unit, or that every suitable place went to someone else. It never states needs or scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from placement import candidates
from placement.errors import Issue, ProblemError
from placement.model import Problem
from placement.model.input import as_model
from placement.result import Assignment, Result

__all__ = ["Alternative", "Explanation", "explain"]

_RULE_TEXT = {
    "vacancy": "no unit has a place free within the horizon",
    "features": "no unit with a free place has every feature the client's needs require",
    "service_class": "no remaining unit offers a service class at the client's level",
    "age": "no remaining unit's age band admits the client",
    "excluded": "the client excluded every remaining unit",
    "resident": "a resident the client is incompatible with lives in every remaining unit",
    "composition": "every remaining unit's composition limit for the client is full",
    "area": "no remaining unit is ranked by the client or within their area and distance",
}


@dataclass(frozen=True)
class Alternative:
    """A unit the client could live in, and what stands in the way."""

    unit_id: str
    rank: int | None
    distance_km: float
    service_class: str
    daily_price: float
    taken_by: int


@dataclass(frozen=True)
class Explanation:
    """Why ``client_id`` got its outcome.

    Attributes
    ----------
    client_id : str
    assignment : Assignment or None
    reason : str
        One readable line.
    alternatives : list of Alternative
        Feasible units the client ranks at least as high as the outcome, best first.
    filter_counts : dict of str to int
        Units left after each feasibility rule in turn (see :data:`candidates.FILTERS`).
    """

    client_id: str
    assignment: Assignment | None
    reason: str
    alternatives: list[Alternative] = field(default_factory=list)
    filter_counts: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.reason


def explain(problem: Problem, result: Result, client_id: str) -> Explanation:
    """Explain the outcome of one client in ``result``."""
    problem, result = as_model(problem, Problem, "problem"), as_model(result, Result, "result")
    if client_id not in problem.client_by_id:
        raise ProblemError(
            [Issue("client_id", f"unknown client '{client_id}'", "name a client of the problem")],
            what="explain argument",
        )
    client = problem.client_by_id[client_id]
    counts = candidates.filter_counts(problem, client_id)
    assignment = result.assignment_of(client_id)
    taken: dict[str, int] = {}
    for a in result.assignments:
        if a.client_id != client_id:
            taken[a.unit_id] = taken.get(a.unit_id, 0) + 1

    cands = candidates.build(problem)
    i = problem.client_index[client_id]
    edges = range(int(cands.indptr[i]), int(cands.indptr[i + 1]))
    places = {  # the free places of this client's candidate units only
        problem.units[j].id: len(problem.place_days[j]) for j in (int(cands.unit[e]) for e in edges)
    }
    ranks = client.ranks()
    own = ranks.get(assignment.unit_id, len(client.preferences) + 1) if assignment else None
    options = sorted(
        (
            Alternative(
                unit_id=problem.units[cands.unit[e]].id,
                rank=int(cands.rank[e]) if cands.ranked[e] else None,
                distance_km=round(float(cands.distance_km[e]), 1),
                service_class=problem.service_classes[cands.service_class[e]].id,
                daily_price=float(cands.daily_price[e]),
                taken_by=taken.get(problem.units[cands.unit[e]].id, 0),
            )
            for e in edges
        ),
        key=lambda o: (o.rank or len(client.preferences) + 1, o.distance_km, o.unit_id),
    )
    if own is not None:
        options = [
            o
            for o in options
            if (o.rank or len(client.preferences) + 1) <= own
            and assignment is not None
            and o.unit_id != assignment.unit_id
        ]

    if assignment is not None:
        unit = problem.unit_by_id[assignment.unit_id]
        rank = ranks.get(unit.id)
        where = f"rank {rank} of {len(client.preferences)}" if rank else "an unranked unit"
        when = f", moving in {assignment.move_in}" if assignment.move_in else ""
        better = [o for o in options if o.rank is not None and (rank is None or o.rank < rank)]
        full = sum(1 for o in better if o.taken_by >= places[o.unit_id])
        reason = (
            f"{client_id}: placed at {unit.id} ({unit.municipality}), {where}, class "
            f"{assignment.service_class}{when}"
        )
        if full:
            reason += f"; {full} better-ranked unit(s) were full"
        if len(better) > full:
            reason += (
                f"; {len(better) - full} better-ranked unit(s) had room but scored lower "
                "(distance, move-in date or price)"
            )
    elif not options:
        first = next(name for name, n in counts.items() if n == 0)
        reason = f"{client_id}: waiting: {_RULE_TEXT[first]}"
    else:
        best = options[0]
        reason = (
            f"{client_id}: waiting: all {len(options)} suitable unit(s) are full "
            f"(best option {best.unit_id}, "
            + (f"rank {best.rank}" if best.rank else "unranked")
            + f", {best.distance_km} km, its places went to {best.taken_by} other "
            "client(s))"
        )
    return Explanation(client_id, assignment, reason, options, counts)
