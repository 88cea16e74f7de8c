"""Offers from a matching result, written or refused case by case, each traceable to its result.

:func:`record_offers` first checks that the result was computed from the problem given and, when
the store holds the county's units, that the tracker's state at the problem's reference date
still gives that very problem (same hash): a result computed from a state that has changed since
is refused whole. Then each assignment is written in a savepoint of its own, so a refused case
(it has left search, its unit has no free place left) is never half-written and the others still
are. Linked clients are offered together or not at all.
"""

from __future__ import annotations

import datetime as dt
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from placement.audit import problem_hash, result_hash
from placement.errors import Issue, ProblemError
from placement.model import Problem
from placement.model.input import as_model
from placement.pathway import store
from placement.pathway.graph import Role
from placement.pathway.queue import latest_moment, load_state, settings_of, to_problem
from placement.pathway.rules import Event, PathwayError, as_time
from placement.pathway.transaction import Transaction
from placement.result import Assignment, Result

if TYPE_CHECKING:
    from placement.pathway.tracker import Tracker

__all__ = ["OfferReport", "Refusal", "record_offers"]


@dataclass(frozen=True)
class Refusal:
    """An assignment not written as an offer, and why."""

    client_id: str
    unit_id: str
    reason: str


@dataclass
class OfferReport:
    """What :func:`record_offers` wrote and refused.

    Attributes
    ----------
    written : list of Event
        The offer events stored, in assignment order.
    refused : list of Refusal
        Assignments not written, each with its reason.
    run_id : str
        The run the offers belong to (their ``run_id`` attribute).
    problem_sha256, result_sha256 : str
        The hashes every written offer carries.
    """

    run_id: str
    problem_sha256: str
    result_sha256: str
    written: list[Event] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The report as plain JSON data (ids and reasons; no needs or health data)."""
        return {
            "run_id": self.run_id,
            "problem_sha256": self.problem_sha256,
            "result_sha256": self.result_sha256,
            "written": [
                {"case_id": e.case_id, **e.attributes, "event_id": e.event_id} for e in self.written
            ],
            "refused": [vars(r) for r in self.refused],
        }

    def summary(self) -> str:
        """One line per refusal under a count of what was written."""
        lines = [f"{len(self.written)} offers written, {len(self.refused)} refused"]
        lines += [f"  {r.client_id} -> {r.unit_id}: {r.reason}" for r in self.refused]
        return "\n".join(lines)


def record_offers(
    tracker: Tracker,
    result: Result,
    problem: Problem | dt.datetime | dt.date | str | None = None,
    *,
    at: dt.datetime | dt.date | str | None = None,
    resource: str | None = None,
    run_id: str | None = None,
    then: Callable[[Connection, OfferReport], None] | None = None,
) -> OfferReport:
    """Write an offer for each assignment of ``result``; see :meth:`Tracker.record_offers`."""
    if isinstance(problem, str | dt.date):  # the 0.1 call ``record_offers(result, at)``
        warnings.warn(
            "record_offers(result, at) is deprecated: pass record_offers(result, problem, at=...)",
            DeprecationWarning,
            stacklevel=3,
        )
        at, problem = problem, None
    result = as_model(result, Result, "result")
    problem = None if problem is None else as_model(problem, Problem, "problem")
    if result.audit is None:
        raise ProblemError(
            [
                Issue(
                    "result.audit", "the result has no audit record", "use a placement.solve result"
                )
            ],
            what="offers",
        )
    report = OfferReport(
        run_id=run_id or uuid.uuid4().hex,
        problem_sha256=result.audit.problem_sha256,
        result_sha256=result_hash(result),
    )
    holds_units = _holds_units(tracker)
    if problem is not None:
        _check_state(tracker, result, problem, holds_units)
    elif holds_units:
        raise ProblemError(
            [
                Issue(
                    "problem",
                    "the store holds the county's units, so the problem is needed to check "
                    "that the state has not changed since the result was computed",
                    "pass the problem the result was computed from",
                )
            ],
            what="offers",
        )
    day = at if at is not None else (problem.reference_date if problem else None)
    if day is None:
        raise ProblemError([Issue("at", "no time for the offers", "pass at=")], what="offers")
    when = as_time(day, "at")
    workers = {c.id: c.placement_worker for c in tracker.cases()}
    groups = {c: g for g in (problem.linked_groups() if problem else []) for c in g}
    free = _free_places(tracker, when) if problem is not None and holds_units else None
    by_client = {a.client_id: a for a in result.assignments}
    batches: list[list[Assignment]] = []
    for a in result.assignments:
        group = groups.get(a.client_id, [a.client_id])
        if a.client_id == min(c for c in group if c in by_client):
            batches.append([by_client[c] for c in group if c in by_client])
    with tracker.engine.begin() as conn:  # every read above: one connection at a time
        tx = Transaction(conn, tracker.graph)
        for batch in batches:
            written: list[Event] = []
            failing, reason = batch[0], ""
            try:
                with conn.begin_nested():
                    for failing in batch:
                        who = resource or workers.get(failing.client_id)
                        reason = _why_not(failing, who, free) or ""
                        if reason:
                            raise _RefusedError
                        assert who is not None
                        written.append(_offer(tx, tracker, failing, when, who, result, report))
            except (_RefusedError, PathwayError) as exc:
                if isinstance(exc, PathwayError):
                    reason = "; ".join(i.message for i in exc.issues)
                for a in batch:
                    tx.forget(a.client_id)
                    mine = reason if a is failing else _PARTNER
                    report.refused.append(Refusal(a.client_id, a.unit_id, mine))
                continue
            report.written += written
            if free is not None:
                for a in batch:
                    free[a.unit_id] -= 1
        if then is not None:
            then(conn, report)
    return report


_PARTNER = "a linked client's offer was refused; linked clients move together"


class _RefusedError(Exception):
    """A batch refused before the store was asked (no worker, no free place)."""


def _why_not(a: Assignment, who: str | None, free: dict[str, int] | None) -> str | None:
    if not who:
        return "no placement-team worker to record the offer; assign one"
    if free is not None and free.get(a.unit_id, 0) <= 0:
        return f"unit {a.unit_id} has no free place left"
    return None


def _offer(
    tx: Transaction,
    tracker: Tracker,
    a: Assignment,
    when: dt.datetime,
    who: str,
    result: Result,
    report: OfferReport,
) -> Event:
    return tx.record(
        a.client_id,
        tracker.graph.offer_stage,
        when,
        role=Role.PLACEMENT_WORKER,
        resource=who,
        attributes={
            "unit": a.unit_id,
            "service_class": a.service_class,
            "policy": result.policy,
            "problem_sha256": report.problem_sha256,
            "result_sha256": report.result_sha256,
            "run_id": report.run_id,
        },
    )


def _holds_units(tracker: Tracker) -> bool:
    with tracker.engine.connect() as conn:
        return conn.execute(select(store.units.c.unit_id).limit(1)).first() is not None


def _free_places(tracker: Tracker, when: dt.datetime) -> dict[str, int]:
    """Free places per unit both at ``when`` and after everything recorded so far."""
    now = load_state(tracker, latest_moment(tracker, when)).free_places()
    then = load_state(tracker, when).free_places()
    return {u: min(now.get(u, 0), then.get(u, 0)) for u in then}


def _check_state(tracker: Tracker, result: Result, problem: Problem, holds_units: bool) -> None:
    """Refuse a result of another problem, or of a state that has changed since."""
    digest = problem_hash(problem)
    assert result.audit is not None
    if result.audit.problem_sha256 != digest:
        raise ProblemError(
            [
                Issue(
                    "result.audit.problem_sha256",
                    "the result was not computed from this problem",
                    "pass the problem the result was solved from",
                )
            ],
            what="offers",
        )
    if not holds_units:
        return
    now = to_problem(tracker, as_of=problem.reference_date, missing="skip", **settings_of(problem))
    if problem_hash(now) != digest:
        raise ProblemError(
            [
                Issue(
                    "problem",
                    f"the tracker's state at {problem.reference_date} has changed since the "
                    "result was computed (a case, a place or a unit was recorded in between)",
                    "take the state again and solve again (placement round does both)",
                )
            ],
            what="offers",
        )
