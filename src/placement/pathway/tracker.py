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
from typing import Any, Literal

import pandas as pd
from pydantic import ValidationError
from sqlalchemy import Connection, Engine, RowMapping, insert, select, update
from sqlalchemy.exc import IntegrityError

from placement.errors import Issue, ProblemError
from placement.model import Client, Problem, Unit
from placement.model.input import problem_error
from placement.pathway import store
from placement.pathway.graph import LUVN_GRAPH, Role, StageGraph
from placement.pathway.rules import (
    LOCAL_TIME,
    Case,
    Event,
    as_time,
    check_attributes,
    check_text,
    close_open,
    local_time,
    plan_event,
    refuse,
    role_of,
)
from placement.result import Result

__all__ = ["EVENT_COLUMNS", "Tracker", "Transaction"]

logger = logging.getLogger("placement")

EVENT_COLUMNS = ["event_id", "case_id", "stage", "start", "end", "role", "resource", "attributes"]
"""Columns of :meth:`Tracker.frame`, in order."""


class Transaction:
    """Writes that commit together or not at all (from :meth:`Tracker.transaction`)."""

    def __init__(self, connection: Connection, graph: StageGraph) -> None:
        self._conn = connection
        self._graph = graph
        self._locking = connection.dialect.name != "sqlite"  # SQLite: BEGIN IMMEDIATE locks all
        self._histories: dict[str, list[Event]] = {}

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
        """Open a case with its first event (the graph's start stage) at ``applied_at``.

        Parameters
        ----------
        case_id : str
            Pseudonymous id; the client id when the case will feed a matching problem.
        applied_at : datetime, date or ISO string
            When the application became pending (naive local time; a date means midnight).
        municipality : str
            Home municipality.
        social_worker : str
            Regional social worker's pseudonymous id; records the start event.
        placement_worker : str, optional
            Placement-team worker, if already paired.
        client : Client, optional
            Matching profile for :meth:`Tracker.to_problem` (kept in the store, never logged).
        attributes : mapping of str to str, optional
            Case attributes exported as ``case:`` columns.
        """
        where = f"cases[{check_text(case_id, 'cases[?].case_id')}]"
        if client is not None and not isinstance(client, Client):
            raise refuse(f"{where}.client", "is not a Client", "pass a placement.Client")
        if client is not None and client.id != case_id:
            raise refuse(f"{where}.client", "the profile's id differs", "use the case id")
        case = Case(
            id=case_id,
            municipality=check_text(municipality, f"{where}.municipality", 128),
            social_worker=check_text(social_worker, f"{where}.social_worker"),
            placement_worker=None
            if placement_worker is None
            else check_text(placement_worker, f"{where}.placement_worker"),
            attributes=check_attributes(attributes, f"{where}.attributes"),
        )
        start = as_time(applied_at, f"{where}.applied_at")
        exists = self._conn.execute(
            select(store.cases.c.case_id).where(store.cases.c.case_id == case_id)
        ).first()
        if exists is not None:
            raise refuse(where, "the case already exists", "record events on it instead")
        row = case.model_dump()
        row["case_id"] = row.pop("id")
        row["client"] = None if client is None else client.model_dump(mode="json")
        try:
            self._conn.execute(insert(store.cases).values(**row))
        except IntegrityError:
            raise refuse(where, "the case already exists", "record events on it instead") from None
        first = Event(
            case_id=case_id,
            stage=self._graph.start,
            start=start,
            role=Role.SOCIAL_WORKER,
            resource=social_worker,
        )
        self._histories[case_id] = [self._insert(first)]
        return case

    def assign(self, case_id: str, placement_worker: str) -> None:
        """Pair a placement-team worker with the case (the social worker stays on it)."""
        self._history(case_id)
        check_text(placement_worker, f"cases[{case_id}].placement_worker")
        self._conn.execute(
            update(store.cases)
            .where(store.cases.c.case_id == case_id)
            .values(placement_worker=placement_worker)
        )

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
        """Record that the case entered ``stage`` at ``start``; see :meth:`Tracker.record`."""
        history = self._history(case_id)
        where = f"cases[{case_id}].{check_text(stage, f'cases[{case_id}].stage')}"
        check_text(resource, f"{where}.resource")
        begin = as_time(start, f"{where}.start")
        instant = self._graph.stage_by_id.get(stage)
        finish = None if end is None else as_time(end, f"{where}.end")
        if finish is None and instant is not None and instant.instant:
            finish = begin
        new = Event(
            case_id=case_id,
            stage=stage,
            start=begin,
            end=finish,
            role=role_of(role, f"{where}.role"),
            resource=resource,
            attributes=check_attributes(attributes, f"{where}.attributes"),
        )
        for closed in plan_event(self._graph, history, new):
            self._close(closed)
        stored = self._insert(new)
        history.append(stored)
        return stored

    def finish(
        self, case_id: str, at: dt.datetime | dt.date | str, stage: str | None = None
    ) -> list[Event]:
        """End the case's open stage(s) at ``at`` (follow-up done, say); see
        :meth:`Tracker.finish`."""
        history = self._history(case_id)
        if stage is not None:
            check_text(stage, f"cases[{case_id}].stage")
        when = as_time(at, f"cases[{case_id}].finish")
        closed = close_open(history, when, stage, case_id)
        for event in closed:
            self._close(event)
        return closed

    def _history(self, case_id: str) -> list[Event]:
        check_text(case_id, "cases[?].case_id")
        if case_id in self._histories:
            return self._histories[case_id]
        query = select(store.cases.c.case_id).where(store.cases.c.case_id == case_id)
        if self._locking:
            query = query.with_for_update()
        if self._conn.execute(query).first() is None:
            raise refuse(f"cases[{case_id}]", "unknown case", "open it first with open_case")
        rows = self._conn.execute(
            select(store.events)
            .where(store.events.c.case_id == case_id)
            .order_by(store.events.c.event_id)
        )
        history = [_event(row._mapping) for row in rows]
        self._histories[case_id] = history
        return history

    def _insert(self, new: Event) -> Event:
        values = new.model_dump(exclude={"event_id"})
        values["role"] = new.role.value
        values["start"] = _stored(new.start)
        values["end"] = None if new.end is None else _stored(new.end)
        key = self._conn.execute(insert(store.events).values(**values)).inserted_primary_key
        assert key is not None
        return new.model_copy(update={"event_id": int(key[0])})

    def _close(self, event: Event) -> None:
        self._conn.execute(
            update(store.events)
            .where(store.events.c.event_id == event.event_id)
            .values(end=None if event.end is None else _stored(event.end))
        )
        history = self._histories[event.case_id]
        history[:] = [event if e.event_id == event.event_id else e for e in history]


class Tracker:
    """Tracks every case through the stages of a path, in a durable store.

    Parameters
    ----------
    location : str, Path or sqlalchemy Engine
        A SQLite file path (created if missing), ``":memory:"``, or a database URL such as
        ``postgresql+psycopg://user@host/db``.
    graph : StageGraph
        The path; the LUVN housing path by default.

    Examples
    --------
    >>> tracker = Tracker(":memory:")
    >>> _ = tracker.open_case("c1", "2025-03-03", municipality="Espoo", social_worker="sw1")
    >>> tracker.record("c1", "needs_assessment", "2025-03-06",
    ...                role="regional_social_worker", resource="sw1").stage
    'needs_assessment'
    """

    def __init__(self, location: str | Path | Engine, graph: StageGraph = LUVN_GRAPH) -> None:
        self.graph = graph
        self.engine = store.connect(location)

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

    def cases(self) -> list[Case]:
        """Every case, by id."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(store.cases).order_by(store.cases.c.case_id))
            return [_case(row._mapping) for row in rows]

    def events(self, case_id: str | None = None) -> list[Event]:
        """Stored events (of one case, or all) in recording order."""
        query = select(store.events).order_by(store.events.c.event_id)
        if case_id is not None:
            query = query.where(store.events.c.case_id == case_id)
        with self.engine.connect() as conn:
            return [_event(row._mapping) for row in conn.execute(query)]

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
        attributes = pd.Series([_attrs(a) for a in frame["attributes"]], index=frame.index)
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
        units: Sequence[Unit],
        *,
        reference_date: dt.date | None = None,
        clients: Mapping[str, Client] | None = None,
        missing: Literal["raise", "skip"] = "raise",
        **problem_fields: Any,
    ) -> Problem:
        """The cases now in the search stage as a matching :class:`~placement.Problem`.

        Each client is the case's stored profile (or ``clients[case_id]``, which wins), with
        ``queued_since`` set to the day the case first entered search: the tracker's record of
        when the client started waiting for a place.

        Parameters
        ----------
        units : sequence of Unit
            Housing units to match into.
        reference_date : date, optional
            Day of the matching round; today by default.
        clients : mapping of str to Client, optional
            Profiles by case id, overriding stored ones.
        missing : {"raise", "skip"}
            What to do with a searching case that has no profile: refuse (default), or leave it
            out (logged as a count).
        **problem_fields
            Other :class:`~placement.Problem` fields (service classes, weights, ...).
        """
        stays = [e for e in self.events() if e.stage == self.graph.search_stage]
        waiting = sorted({e.case_id for e in stays if e.end is None})
        first_search: dict[str, dt.date] = {}
        for e in stays:  # recording order: the first stay in search comes first
            first_search.setdefault(e.case_id, local_time(e.start).date())
        given = dict(clients or {})
        wrong = sorted(k for k, v in given.items() if not isinstance(v, Client))
        if wrong:
            raise ProblemError(
                [
                    Issue(f"clients[{k}]", "is not a Client", "pass placement.Client objects")
                    for k in wrong
                ],
                what="pathway cases",
            )
        profiles = {**self.profiles(), **given}
        lacking = [c for c in waiting if c not in profiles]
        if lacking and missing == "raise":
            raise ProblemError(
                [
                    Issue(f"cases[{c}]", "in search but has no matching profile", "pass clients=")
                    for c in lacking
                ],
                what="pathway cases",
            )
        if lacking:
            logger.info("to_problem: %d searching cases without a profile left out", len(lacking))
        chosen = [
            profiles[c].model_copy(update={"queued_since": first_search[c]})
            for c in waiting
            if c in profiles
        ]
        return Problem(
            reference_date=reference_date or dt.date.today(),
            units=tuple(units),
            clients=tuple(chosen),
            **problem_fields,
        )

    def record_offers(
        self, result: Result, at: dt.datetime | dt.date | str, resource: str | None = None
    ) -> list[Event]:
        """Record an offer event for each assignment of a matching result, in one transaction.

        Assignments of clients whose case is not in search are refused (nothing is written).
        The offer carries ``unit``, ``service_class`` and ``policy`` attributes; the resource is
        ``resource`` or the case's placement-team worker.
        """
        workers = {c.id: c.placement_worker for c in self.cases()}
        offered = []
        with self.transaction() as tx:
            for a in result.assignments:
                who = resource or workers.get(a.client_id)
                if not who:
                    raise refuse(
                        f"cases[{a.client_id}].placement_worker",
                        "no placement-team worker to record the offer",
                        "assign one or pass resource=",
                    )
                offered.append(
                    tx.record(
                        a.client_id,
                        self.graph.offer_stage,
                        at,
                        role=Role.PLACEMENT_WORKER,
                        resource=who,
                        attributes={
                            "unit": a.unit_id,
                            "service_class": a.service_class,
                            "policy": result.policy,
                        },
                    )
                )
        return offered


def _attrs(value: Any) -> dict[str, str]:
    return dict(value) if isinstance(value, Mapping) else {}


def _stored(moment: dt.datetime) -> dt.datetime:
    """An aware time as the store keeps it: naive UTC (both stores' DateTime columns)."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _loaded(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored naive UTC time as an aware one."""
    return None if moment is None else moment.replace(tzinfo=dt.UTC)


def _event(row: RowMapping) -> Event:
    return Event(
        case_id=row["case_id"],
        stage=row["stage"],
        start=_loaded(row["start"]),
        end=_loaded(row["end"]),
        role=Role(row["role"]),
        resource=row["resource"],
        attributes=_attrs(row["attributes"]),
        event_id=row["event_id"],
    )


def _case(row: RowMapping) -> Case:
    return Case(
        id=row["case_id"],
        municipality=row["municipality"],
        social_worker=row["social_worker"],
        placement_worker=row["placement_worker"],
        attributes=_attrs(row["attributes"]),
    )
