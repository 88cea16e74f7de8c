"""The county's places at a moment: units, residents, places held by offers, and the queue.

A pure function of the store's rows, so a round's state can be rebuilt at any later time from
the store alone. "At a moment" means everything that happened *before* it: a round on day D
sees the state at the start of D (00:00 Finnish time), and its offers, written at that moment,
are the first thing of day D.

- A **resident** lives in a unit from a move-in (or the unit's registration) to a move-out.
  Planned departures are not guessed: a place is free once its move-out is recorded.
- An **offer holds its place** from the offer event until the client declines (back to search),
  leaves the path, moves in (then a resident holds it), or the offer expires unanswered after
  ``offer_days`` working days. An accepted offer (the stages between the offer and the move-in)
  keeps holding the place. The unit held is the ``unit`` attribute of the case's last offer.
- The **queue** is every case whose last event is the search stage, and every case whose offer
  expired unanswered; each waits from the first day it entered search.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from placement.model import Resident, Unit
from placement.pathway.deadlines import add_working_days
from placement.pathway.graph import StageGraph
from placement.pathway.rules import Event, as_time, local_time

__all__ = ["OFFER_DAYS", "State", "Stay", "holding_stages", "offer_expiry", "state_at"]

OFFER_DAYS = 10
"""Working days an offer holds its place without an answer [assumed: no source gives it]."""


@dataclass(frozen=True)
class Stay:
    """One resident's stay in a unit (``moved_out`` is ``None`` while they live there)."""

    resident_id: str
    unit_id: str
    tags: tuple[str, ...]
    moved_in: dt.datetime
    moved_out: dt.datetime | None = None


@dataclass(frozen=True)
class State:
    """The tracker's places and queue at the moment ``at``.

    Attributes
    ----------
    at : datetime
        The moment (aware, UTC); everything recorded before it counts.
    units : tuple of Unit
        Each unit's definition at ``at``, its incumbents the residents and the clients whose
        offers hold a place there (sorted by id).
    queue : dict of str to date
        Case id of each searching client to the first day it entered search.
    holds : dict of str to str
        Case id to the unit its open offer holds.
    expired : dict of str to datetime
        Case id to the moment its unanswered offer expired (the case is back in the queue).
    residents : dict of str to str
        Resident id to the unit they live in.
    notices : list of str
        What could not be used (an offer naming no known unit), for the round's report.
    """

    at: dt.datetime
    units: tuple[Unit, ...]
    queue: dict[str, dt.date]
    holds: dict[str, str]
    expired: dict[str, dt.datetime]
    residents: dict[str, str]
    notices: list[str] = field(default_factory=list)

    def free_places(self) -> dict[str, int]:
        """Unit id to its places neither lived in nor held by an offer."""
        return {u.id: u.capacity - len(u.incumbents) for u in self.units}

    def to_json(self) -> dict[str, Any]:
        """The state as plain JSON data (ids, counts and dates; no needs or health data)."""
        free = self.free_places()
        return {
            "at": local_time(self.at).isoformat(),
            "units": [
                {
                    "id": u.id,
                    "capacity": u.capacity,
                    "residents": sorted(r.id for r in u.incumbents if r.id in self.residents),
                    "held_by_offers": sorted(r.id for r in u.incumbents if r.id in self.holds),
                    "free": free[u.id],
                }
                for u in self.units
            ],
            "queue": {c: day.isoformat() for c, day in sorted(self.queue.items())},
            "holds": dict(sorted(self.holds.items())),
            "expired_offers": sorted(self.expired),
        }


def holding_stages(graph: StageGraph) -> frozenset[str]:
    """The stages in which a case holds the place it was offered: the offer stage and every
    stage between it and the move-in, except the search stage."""
    g = graph.graph
    between = _reach(g.successors, graph.offer_stage) & _reach(g.predecessors, graph.throughput_to)
    return frozenset({graph.offer_stage} | between) - {graph.search_stage}


def _reach(step: Callable[[str], Iterable[str]], start: str) -> set[str]:
    """Every stage reachable from ``start`` by ``step`` (successors or predecessors)."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in step(todo.pop()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def offer_expiry(offer: Event, offer_days: int) -> dt.datetime:
    """When an unanswered offer stops holding its place: 00:00 Finnish time on the
    ``offer_days``-th working day after the day it was made."""
    day = add_working_days(local_time(offer.start).date(), offer_days)
    return as_time(day, "offer expiry")


def state_at(
    graph: StageGraph,
    histories: Mapping[str, Sequence[Event]],
    definitions: Sequence[tuple[str, dt.datetime, Mapping[str, Any]]],
    stays: Sequence[Stay],
    at: dt.datetime,
    *,
    tags: Mapping[str, tuple[str, ...]] | None = None,
    offer_days: int = OFFER_DAYS,
) -> State:
    """The state at ``at`` from the store's rows.

    Parameters
    ----------
    graph : StageGraph
        The path.
    histories : mapping of str to sequence of Event
        Each case's events in recording order.
    definitions : sequence of (unit id, valid from, unit JSON)
        Every stored version of every unit; the latest before ``at`` counts.
    stays : sequence of Stay
        Every resident's stays.
    at : datetime
        The moment (aware).
    tags : mapping of str to tuple of str, optional
        Case id to the tags its client carries (for composition rules) while its offer holds a
        place.
    offer_days : int
        Working days an unanswered offer holds its place.
    """
    holding = holding_stages(graph)
    queue: dict[str, dt.date] = {}
    holds: dict[str, str] = {}
    expired: dict[str, dt.datetime] = {}
    notices: list[str] = []
    for case_id, history in histories.items():
        seen = [e for e in history if e.start < at]
        if not seen:
            continue
        last = seen[-1]
        offers = [e for e in seen if e.stage == graph.offer_stage]
        searching = last.stage == graph.search_stage
        if last.stage == graph.offer_stage and offer_expiry(last, offer_days) <= at:
            expired[case_id] = offer_expiry(last, offer_days)
            searching = True
        elif last.stage in holding and offers:
            holds[case_id] = offers[-1].attributes.get("unit", "")
        if searching:
            first = next(e for e in seen if e.stage == graph.search_stage)
            queue[case_id] = local_time(first.start).date()
    latest: dict[str, tuple[dt.datetime, Mapping[str, Any]]] = {}
    for unit_id, valid_from, unit in definitions:
        if valid_from < at and (unit_id not in latest or latest[unit_id][0] < valid_from):
            latest[unit_id] = (valid_from, unit)
    incumbents: dict[str, list[Resident]] = {u: [] for u in latest}
    residents: dict[str, str] = {}
    for stay in stays:
        if stay.moved_in < at and (stay.moved_out is None or stay.moved_out >= at):
            residents[stay.resident_id] = stay.unit_id
            incumbents.setdefault(stay.unit_id, []).append(
                Resident(id=stay.resident_id, tags=stay.tags)
            )
    for case_id, unit_id in sorted(holds.items()):
        if unit_id not in latest:
            notices.append(f"cases[{case_id}]: its offer names no known unit; no place is held")
            continue
        incumbents[unit_id].append(Resident(id=case_id, tags=(tags or {}).get(case_id, ())))
    holds = {c: u for c, u in holds.items() if u in latest}
    units = []
    for u in sorted(latest):
        capacity = int(latest[u][1]["capacity"])
        people = incumbents.get(u, [])
        if len(people) > capacity:  # recorded outside rounds, or the unit shrank
            notices.append(
                f"units[{u}]: {len(people)} residents and held offers for {capacity} places; "
                "counted as full"
            )
            people = people[:capacity]
        units.append(
            Unit.model_validate({**latest[u][1], "incumbents": sorted(people, key=lambda r: r.id)})
        )
    return State(at, tuple(units), queue, holds, expired, residents, notices)
