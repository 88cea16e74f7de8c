"""Writes that change the county's places: units, answers to offers, move-ins, move-outs, expiry.

Each is one transaction checked against the stored history, like every tracker write; a
move-in is refused when its unit has no place for the client (the client's own held offer
counts as theirs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from placement.model import Unit
from placement.pathway.graph import Role
from placement.pathway.places import offer_expiry
from placement.pathway.queue import latest_moment, load_state
from placement.pathway.rules import Event, as_time, refuse

if TYPE_CHECKING:
    from placement.pathway.tracker import Tracker

__all__ = ["add_units", "answer", "expire_offers", "move_in", "move_out"]


def add_units(tracker: Tracker, units: Sequence[Unit], at: dt.datetime | dt.date | str) -> None:
    """Register units (with their incumbents as residents) or new definitions of known ones."""
    with tracker.transaction() as tx:
        tx.add_units(units, at)


def answer(
    tracker: Tracker,
    case_id: str,
    reply: Literal["accept", "decline"],
    at: dt.datetime | dt.date | str,
    *,
    resource: str,
) -> Event:
    """Record a client's answer to the open offer: ``accept`` moves the case to the stage after
    the offer (the introduction visit on the LUVN path), ``decline`` back to search (attribute
    ``answer: declined``), freeing the place."""
    graph = tracker.graph
    history = tracker.events(case_id)
    if not history or history[-1].stage != graph.offer_stage:
        raise refuse(f"cases[{case_id}]", "has no open offer to answer", "check the case id")
    if reply == "decline":
        stage, attributes = graph.search_stage, {"answer": "declined"}
    elif reply == "accept":
        after = [s for s in graph.order() if graph.allows(graph.offer_stage, s)]
        stage = next(s for s in after if s != graph.search_stage)
        attributes = {"answer": "accepted", "unit": history[-1].attributes.get("unit", "")}
    else:
        raise refuse(f"cases[{case_id}].answer", f"unknown answer '{reply}'", "accept or decline")
    return tracker.record(
        case_id, stage, at, role=Role.PLACEMENT_WORKER, resource=resource, attributes=attributes
    )


def move_in(
    tracker: Tracker,
    case_id: str,
    at: dt.datetime | dt.date | str,
    *,
    resource: str,
    unit: str | None = None,
    service_class: str | None = None,
) -> Event:
    """The client moves in: the path's move-in stage, and a resident of the unit from ``at``.

    ``unit`` and ``service_class`` default to those of the case's last offer.
    """
    when = as_time(at, f"cases[{case_id}].move_in")
    offers = [e for e in tracker.events(case_id) if e.stage == tracker.graph.offer_stage]
    offered = offers[-1].attributes if offers else {}
    place = unit or offered.get("unit")
    level = service_class or offered.get("service_class")
    if not place or not level:
        raise refuse(f"cases[{case_id}].move_in", "no unit or service class", "give both")
    state = load_state(tracker, latest_moment(tracker, when))
    free = state.free_places()
    if place not in free:
        raise refuse(f"cases[{case_id}].move_in.unit", f"unknown unit '{place}'", "register it")
    if free[place] <= 0 and state.holds.get(case_id) != place:
        raise refuse(f"cases[{case_id}].move_in", f"unit {place} has no free place", "")
    profile = tracker.profiles().get(case_id)
    with tracker.transaction() as tx:
        event = tx.record(
            case_id,
            tracker.graph.throughput_to,
            when,
            role=Role.PLACEMENT_WORKER,
            resource=resource,
            attributes={"unit": place, "service_class": level},
        )
        tx.start_stay(case_id, place, () if profile is None else profile.tags, when)
    return event


def move_out(tracker: Tracker, resident_id: str, at: dt.datetime | dt.date | str) -> str:
    """A resident moves out at ``at``; a resident with a case has its open stages ended there.
    Returns the unit left."""
    when = as_time(at, f"residents[{resident_id}].move_out")
    open_stages = [e for e in tracker.events(resident_id) if e.end is None]
    with tracker.transaction() as tx:
        unit = tx.end_stay(resident_id, when)
        if open_stages:
            tx.finish(resident_id, when)
    return unit


def expire_offers(
    tracker: Tracker, at: dt.datetime | dt.date | str, *, resource: str
) -> list[Event]:
    """Send every offer left unanswered past its expiry (before ``at``) back to search, at the
    moment it expired, with attribute ``answer: expired``; returns the events written."""
    when = as_time(at, "at")
    state = load_state(tracker, when)
    last = {e.case_id: e for e in tracker.events() if e.case_id in state.expired}
    written = []
    with tracker.transaction() as tx:  # no reads through the tracker in here: one writer
        for case_id in sorted(state.expired):
            if last[case_id].stage != tracker.graph.offer_stage:
                continue  # answered after the moment: not expired after all
            expiry = offer_expiry(last[case_id], tracker.offer_days)
            written.append(
                tx.record(
                    case_id,
                    tracker.graph.search_stage,
                    expiry,
                    role=Role.PLACEMENT_WORKER,
                    resource=resource,
                    attributes={"answer": "expired"},
                )
            )
    return written
