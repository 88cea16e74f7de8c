"""The weekly-round endpoints: units, cases, events, offers, answers, moves, state, rounds.

Each is one tracker call (:class:`placement.pathway.Tracker`) on the store the configuration
names; a refused write is 409 with its issues and changes nothing. Without a store they are 503.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response

from placement.audit import problem_hash, result_hash
from placement.model import Problem
from placement.pathway.rules import Case, Event
from placement.service.calls import answer, bounded, read
from placement.service.guard import Placer, Reader
from placement.service.models import (
    AnswerRequest,
    EventRequest,
    MoveInRequest,
    MoveOutRequest,
    OffersRequest,
    OpenCaseRequest,
    RoundRequest,
    UnitsRequest,
)
from placement.service.spec import documented

__all__ = ["router"]

router = APIRouter(prefix="/v1/tracker")

_OBJECT: dict[str, Any] = {"type": "object"}


def _tracker(request: Request) -> Any:
    tracker = request.app.state.tracker
    if tracker is None:
        raise HTTPException(503, "no tracker store is configured (the 'store' setting)")
    return tracker


@router.post("/units", summary="Register units", **documented(UnitsRequest, _OBJECT))
async def add_units(request: Request, _: Placer) -> Response:
    """Register units from ``at``: a new unit's incumbents become its residents; a known unit
    gets a new definition."""
    body = await read(request, UnitsRequest)
    await bounded(request, _tracker(request).add_units, body.units, body.at)
    return answer({"units": [u.id for u in body.units]})


@router.post("/cases", summary="Open a case", **documented(OpenCaseRequest, Case, 201))
async def open_case(request: Request, _: Placer) -> Response:
    """Open a case with its first event and, optionally, its matching profile."""
    body = await read(request, OpenCaseRequest)
    case = await bounded(
        request,
        _tracker(request).open_case,
        body.case_id,
        body.at,
        municipality=body.municipality,
        social_worker=body.social_worker,
        placement_worker=body.placement_worker,
        client=body.client,
    )
    return answer(case, status=201)


@router.post(
    "/cases/{case_id}/events", summary="Record a stage", **documented(EventRequest, Event, 201)
)
async def record(case_id: str, request: Request, _: Placer) -> Response:
    """Record that the case entered a stage (refused, 409, if the path does not allow it)."""
    body = await read(request, EventRequest)
    tracker = _tracker(request)
    known = tracker.graph.stage_by_id.get(body.stage)
    role = body.role or (known.role.value if known is not None else None)
    event = await bounded(
        request,
        tracker.record,
        case_id,
        body.stage,
        body.at,
        role=role,
        resource=body.resource,
        attributes=body.attributes or None,
    )
    return answer(event, status=201)


@router.post(
    "/cases/{case_id}/answer", summary="Answer an offer", **documented(AnswerRequest, Event, 201)
)
async def answer_offer(case_id: str, request: Request, _: Placer) -> Response:
    """The client accepts or declines the open offer (a decline frees the place)."""
    body = await read(request, AnswerRequest)
    event = await bounded(
        request, _tracker(request).answer, case_id, body.reply, body.at, resource=body.resource
    )
    return answer(event, status=201)


@router.post("/cases/{case_id}/move-in", summary="Move in", **documented(MoveInRequest, Event, 201))
async def move_in(case_id: str, request: Request, _: Placer) -> Response:
    """The client moves in (unit and class default to the last offer's)."""
    body = await read(request, MoveInRequest)
    event = await bounded(
        request,
        _tracker(request).move_in,
        case_id,
        body.at,
        resource=body.resource,
        unit=body.unit,
        service_class=body.service_class,
    )
    return answer(event, status=201)


@router.post(
    "/residents/{resident_id}/move-out",
    summary="Move out",
    **documented(MoveOutRequest, _OBJECT),
)
async def move_out(resident_id: str, request: Request, _: Placer) -> Response:
    """A resident moves out; their place is free from ``at``."""
    body = await read(request, MoveOutRequest)
    unit = await bounded(request, _tracker(request).move_out, resident_id, body.at)
    return answer({"resident": resident_id, "unit": unit})


@router.post("/offers", summary="Write offers", **documented(OffersRequest, _OBJECT))
async def offers(request: Request, _: Placer) -> Response:
    """Write a result's offers, or refuse each with its reason; a result of a state that has
    changed since is refused whole (422)."""
    body = await read(request, OffersRequest)
    request.state.audit.update(
        problem_sha256=problem_hash(body.problem), result_sha256=result_hash(body.result)
    )
    report = await bounded(
        request,
        _tracker(request).record_offers,
        body.result,
        body.problem,
        at=body.at,
        resource=body.resource,
    )
    return answer(report.to_json())


@router.post("/rounds", summary="Run a round", **documented(RoundRequest, _OBJECT))
async def rounds(request: Request, _: Placer) -> Response:
    """The round of a day: expiries, state, solve, offers; a second call for the same day
    writes nothing (``new`` is false)."""
    from placement.pathway.rounds import run_round

    body = await read(request, RoundRequest)
    settings = body.settings or {}
    done = await bounded(
        request, run_round, _tracker(request), body.as_of, policy=body.policy, **settings
    )
    request.state.audit.update(problem_sha256=done.problem_sha256, result_sha256=done.result_sha256)
    return answer(done.to_json())


@router.post(
    "/rounds/reproduction", summary="Reproduce every round", **documented(response=_OBJECT)
)
async def reproduction(request: Request, _: Reader) -> Response:
    """Rebuild every recorded round from the store alone and solve it again; the differences
    (none when every round is reproduced)."""
    from placement.pathway.rounds import reproduce_rounds

    differences = await bounded(request, reproduce_rounds, _tracker(request))
    return answer({"differences": differences})


@router.get("/state", summary="The state at a moment", **documented(response=_OBJECT))
async def state(
    request: Request,
    _: Reader,
    as_of: Annotated[dt.date | None, Query(description="00:00 that day; now if left out.")] = None,
) -> Response:
    """The units' residents, held offers and free places, and the queue."""
    found = await bounded(request, _tracker(request).state, as_of)
    return answer(found.to_json())


@router.get("/problem", summary="The matching problem at a moment", **documented(response=Problem))
async def problem(
    request: Request,
    _: Reader,
    as_of: Annotated[dt.date, Query(description="The round's day: the state at 00:00.")],
) -> Response:
    """The queue and the free places as a matching problem, with the last round's settings."""
    from placement.pathway.rounds import last_settings

    tracker = _tracker(request)
    settings = await bounded(request, last_settings, tracker)
    found = await bounded(request, tracker.to_problem, as_of=as_of, **settings)
    return answer(found)
