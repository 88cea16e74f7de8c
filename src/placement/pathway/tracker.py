"""The case tracker: durable stage events per case, refused when the path does not allow them.

Every write is checked against the case's stored history (:mod:`placement.pathway.rules`) inside
the transaction that writes it, so a refused write changes nothing and two processes writing at
once cannot both pass a check on stale data. Group writes with :meth:`Tracker.transaction`; the
single-operation methods are one transaction each.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd
from pydantic import ValidationError
from sqlalchemy import Engine, delete, select

from placement.errors import Issue, ProblemError
from placement.model import Client, Problem, Unit
from placement.model.input import problem_error
from placement.pathway import moves, store
from placement.pathway.graph import LUVN_GRAPH, Role, StageGraph
from placement.pathway.places import OFFER_DAYS, State
from placement.pathway.queue import load_state, moment_of
from placement.pathway.rules import LOCAL_TIME, Case, Event, refuse
from placement.pathway.transaction import Transaction, attrs_of, case_of, event_of
from placement.result import Result

if TYPE_CHECKING:
    from placement.pathway.offers import OfferReport

__all__ = ["EVENT_COLUMNS", "Tracker", "Transaction"]

logger = logging.getLogger("placement")

EVENT_COLUMNS = ["event_id", "case_id", "stage", "start", "end", "role", "resource", "attributes"]
"""Columns of :meth:`Tracker.frame`, in order."""


class Tracker:
    """Tracks every case through the stages of a path, in a durable store.

    Parameters
    ----------
    location : str, Path or sqlalchemy Engine
        A SQLite file path (created if missing), ``":memory:"``, or a database URL such as
        ``postgresql+psycopg://user@host/db``.
    graph : StageGraph
        The path; the LUVN housing path by default.
    offer_days : int
        Working days an unanswered offer holds its place (default
        :data:`~placement.pathway.places.OFFER_DAYS`).

    Examples
    --------
    >>> tracker = Tracker(":memory:")
    >>> _ = tracker.open_case("c1", "2025-03-03", municipality="Espoo", social_worker="sw1")
    >>> tracker.record("c1", "needs_assessment", "2025-03-06",
    ...                role="regional_social_worker", resource="sw1").stage
    'needs_assessment'
    """

    def __init__(
        self,
        location: str | Path | Engine,
        graph: StageGraph = LUVN_GRAPH,
        *,
        offer_days: int = OFFER_DAYS,
    ) -> None:
        if not isinstance(offer_days, int) or isinstance(offer_days, bool) or offer_days < 0:
            raise refuse("offer_days", "is not a whole number of working days", "e.g. 10")
        self.graph = graph
        self.offer_days = offer_days
        self.engine = store.connect(location)

    def add_units(self, units: Sequence[Unit], at: dt.datetime | dt.date | str) -> None:
        """Register the county's units from ``at`` on: a new unit's incumbents become residents
        who moved in at ``at``; a known unit gets a new definition (capacity, classes, rules)
        from ``at``, its residents changing only by :meth:`move_in` and :meth:`move_out`."""
        moves.add_units(self, units, at)

    def state(self, as_of: dt.date | dt.datetime | str | None = None) -> State:
        """The places and the queue at ``as_of`` (a date: 00:00 Finnish time; now by default):
        see :mod:`placement.pathway.places`."""
        return load_state(self, moment_of(as_of))

    def answer(
        self,
        case_id: str,
        reply: Literal["accept", "decline"],
        at: dt.datetime | dt.date | str,
        *,
        resource: str,
    ) -> Event:
        """Record the client's answer to the open offer; a decline frees the place."""
        return moves.answer(self, case_id, reply, at, resource=resource)

    def move_in(
        self,
        case_id: str,
        at: dt.datetime | dt.date | str,
        *,
        resource: str,
        unit: str | None = None,
        service_class: str | None = None,
    ) -> Event:
        """The client moves in (unit and class default to the last offer's): the move-in
        stage, and a resident from ``at``; refused when the unit has no place for them."""
        return moves.move_in(
            self, case_id, at, resource=resource, unit=unit, service_class=service_class
        )

    def move_out(self, resident_id: str, at: dt.datetime | dt.date | str) -> str:
        """A resident moves out (a case's open stages end there); returns the unit left."""
        return moves.move_out(self, resident_id, at)

    def expire_offers(self, at: dt.datetime | dt.date | str, *, resource: str) -> list[Event]:
        """Send offers unanswered for :attr:`offer_days` working days back to search."""
        return moves.expire_offers(self, at, resource=resource)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """A group of writes committed together; any refusal inside rolls back all of them."""
        with self.engine.begin() as connection:
            yield Transaction(connection, self.graph)

    def open_case(
        self,
        case_id: str,
        applied_at: dt.datetime | dt.date | str,
        *,
        municipality: str,
        social_worker: str,
        placement_worker: str | None = None,
        client: Client | None = None,
        attributes: Mapping[str, str] | None = None,
    ) -> Case:
        """Open a case; see :meth:`Transaction.open_case`."""
        with self.transaction() as tx:
            return tx.open_case(
                case_id,
                applied_at,
                municipality=municipality,
                social_worker=social_worker,
                placement_worker=placement_worker,
                client=client,
                attributes=attributes,
            )

    def assign(self, case_id: str, placement_worker: str) -> None:
        """Pair a placement-team worker with the case."""
        with self.transaction() as tx:
            tx.assign(case_id, placement_worker)

    def record(
        self,
        case_id: str,
        stage: str,
        start: dt.datetime | dt.date | str,
        *,
        role: Role | str | None,
        resource: str,
        end: dt.datetime | dt.date | str | None = None,
        attributes: Mapping[str, str] | None = None,
    ) -> Event:
        """Record that a case entered a stage.

        The stage the case was in ends at ``start`` (open stages of the same parallel group, such
        as complementary assessments, stay open). Instant stages (exits) end where they start.

        Parameters
        ----------
        case_id : str
            An open case.
        stage : str
            A stage the graph allows after the case's last stage.
        start : datetime, date or ISO string
            When the stage began; not before the case's last event.
        role : Role or str
            Responsible role: ``regional_social_worker`` or ``placement_team_worker``.
        resource : str
            Pseudonymous id of the worker.
        end : datetime, date or ISO string, optional
            When the stage ended, if already known.
        attributes : mapping of str to str, optional
            Event attributes (``unit`` on an offer, ``meeting`` on a housing panel).

        Returns
        -------
        Event
            The stored event.

        Raises
        ------
        PathwayError
            Unknown case or stage, illegal transition, out-of-order time, missing role or
            resource; the store is unchanged.
        """
        with self.transaction() as tx:
            return tx.record(
                case_id,
                stage,
                start,
                role=role,
                resource=resource,
                end=end,
                attributes=attributes,
            )

    def finish(
        self, case_id: str, at: dt.datetime | dt.date | str, stage: str | None = None
    ) -> list[Event]:
        """End the case's open stage(s) at ``at``; returns the closed events."""
        with self.transaction() as tx:
            return tx.finish(case_id, at, stage)

    def erase(self, case_id: str) -> int:
        """Delete a case and every event of it from the store (the right to erasure, or the end
        of the retention period); returns the number of events deleted.

        Nothing else refers to a case, so no trace of it is left in the store. Exports and
        results written earlier are files of their own: delete them too.

        Raises
        ------
        ProblemError
            If there is no case ``case_id`` (nothing is deleted).
        """
        with self.engine.begin() as conn:
            gone = conn.execute(delete(store.events).where(store.events.c.case_id == case_id))
            found = conn.execute(delete(store.cases).where(store.cases.c.case_id == case_id))
            if found.rowcount == 0:
                raise ProblemError(
                    [Issue(f"cases[{case_id[:64]}]", "no such case", "check the case id")],
                    what="erase",
                )
        logger.info("erased a case and its %d events", gone.rowcount)
        return int(gone.rowcount)

    def cases(self) -> list[Case]:
        """Every case, by id."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(store.cases).order_by(store.cases.c.case_id))
            return [case_of(row._mapping) for row in rows]

    def events(self, case_id: str | None = None) -> list[Event]:
        """Stored events (of one case, or all) in recording order."""
        query = select(store.events).order_by(store.events.c.event_id)
        if case_id is not None:
            query = query.where(store.events.c.case_id == case_id)
        with self.engine.connect() as conn:
            return [event_of(row._mapping) for row in conn.execute(query)]

    def frame(self) -> pd.DataFrame:
        """Every event as a DataFrame (columns :data:`EVENT_COLUMNS`), in recording order.

        ``start`` and ``end`` are naive Finnish wall-clock times, the reports' convention (the
        store and :class:`Event` keep UTC; see ``docs/pathway.md``).
        """
        with self.engine.connect() as conn:
            frame = pd.read_sql(
                select(store.events).order_by(store.events.c.event_id),
                conn,
                parse_dates=["start", "end"],
            )
        for column in ("start", "end"):
            utc = pd.to_datetime(frame[column]).dt.tz_localize("UTC")
            frame[column] = utc.dt.tz_convert(LOCAL_TIME).dt.tz_localize(None)
        attributes = pd.Series([attrs_of(a) for a in frame["attributes"]], index=frame.index)
        frame = frame.assign(attributes=attributes)
        return frame[EVENT_COLUMNS]

    def current_stages(self) -> dict[str, list[str]]:
        """Case id to the stages it is in now (open events); ended cases are left out."""
        now: dict[str, list[str]] = {}
        for e in self.events():
            if e.end is None:
                now.setdefault(e.case_id, []).append(e.stage)
        return now

    def profiles(self) -> dict[str, Client]:
        """Case id to the stored matching profile, for cases that have one."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(store.cases.c.case_id, store.cases.c.client).where(
                    store.cases.c.client.is_not(None)
                )
            )
            stored = [(r.case_id, r.client) for r in rows if r.client]
        profiles: dict[str, Client] = {}
        issues: list[Issue] = []
        for case_id, raw in stored:
            try:
                profiles[case_id] = Client.model_validate(raw)
            except ValidationError as exc:  # a profile an older version stored; no values shown
                issues += [
                    Issue(f"cases[{case_id}].client.{i.path}", i.message, i.hint)
                    for i in problem_error(exc, raw, "client profile").issues
                ]
            except ProblemError as exc:
                issues += [
                    Issue(f"cases[{case_id}].client.{i.path}", i.message, i.hint)
                    for i in exc.issues
                ]
        if issues:
            raise ProblemError(issues, what="stored client profiles")
        return profiles

    def to_problem(
        self,
        units: Sequence[Unit] | None = None,
        *,
        as_of: dt.date | dt.datetime | str | None = None,
        reference_date: dt.date | None = None,
        clients: Mapping[str, Client] | None = None,
        missing: Literal["raise", "skip"] = "raise",
        **problem_fields: Any,
    ) -> Problem:
        """The queue at ``as_of`` as a matching :class:`~placement.Problem`.

        Each client is the case's stored profile (or ``clients[case_id]``, which wins), with
        ``queued_since`` set to the day the case first entered search. The units are the stored
        ones (:meth:`add_units`) with that moment's residents and the places held by open
        offers as incumbents, so only free places are matched. References to clients no longer
        in search are dropped, each with an INFO notice on the ``placement`` logger.

        Parameters
        ----------
        units : sequence of Unit, optional
            Units to match into instead of the stored ones (taken as they are).
        as_of : date, datetime or ISO string, optional
            The moment: a date means 00:00 Finnish time, the start of that day's round, and is
            the problem's reference date. ``reference_date``, else now, by default.
        reference_date : date, optional
            The problem's reference date, if not ``as_of`` (today without either).
        clients : mapping of str to Client, optional
            Profiles by case id, overriding stored ones.
        missing : {"raise", "skip"}
            What to do with a searching case that has no profile: refuse (default), or leave it
            out (with a notice).
        **problem_fields
            Other :class:`~placement.Problem` fields (service classes, weights, ...).
        """
        from placement.pathway.queue import to_problem

        return to_problem(
            self,
            units,
            as_of=as_of,
            reference_date=reference_date,
            clients=clients,
            missing=missing,
            **problem_fields,
        )

    def record_offers(
        self,
        result: Result,
        problem: Problem | dt.datetime | dt.date | str | None = None,
        *,
        at: dt.datetime | dt.date | str | None = None,
        resource: str | None = None,
    ) -> OfferReport:
        """Write an offer for each assignment of ``result``, or refuse it with its reason.

        Each offer is written in a savepoint of its own (linked clients together): a case that
        has left search, or a unit with no free place left, is refused and the rest written.
        Each offer carries ``unit``, ``service_class``, ``policy``, ``problem_sha256``,
        ``result_sha256`` and ``run_id`` attributes; its resource is ``resource`` or the case's
        placement-team worker.

        Parameters
        ----------
        result : Result
            A :func:`placement.solve` result.
        problem : Problem, optional
            The problem it was solved from; needed once the store holds units. A result of
            another problem, or of a state at ``problem.reference_date`` that has changed
            since, is refused whole (nothing is written). A time here is the 0.1 call
            ``record_offers(result, at)``: deprecated, it warns and is read as ``at``.
        at : datetime, date or ISO string, optional
            When the offers are made; the problem's reference date (00:00) by default.
        resource : str, optional
            Who makes them.

        Returns
        -------
        OfferReport
            The offers written and those refused, each with its reason.
        """
        from placement.pathway.offers import record_offers

        return record_offers(self, result, problem, at=at, resource=resource)
