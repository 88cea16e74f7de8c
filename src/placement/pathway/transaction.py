"""Writes to the tracker's store, checked against the stored history, and its rows as models.

Every write is checked against the case's stored history (:mod:`placement.pathway.rules`) inside
the transaction that writes it, so a refused write changes nothing and two processes writing at
once cannot both pass a check on stale data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, RowMapping, insert, select, update
from sqlalchemy.exc import IntegrityError

from placement.model import Client, Unit
from placement.pathway import store
from placement.pathway.graph import Role, StageGraph
from placement.pathway.rules import (
    Case,
    Event,
    as_time,
    check_attributes,
    check_text,
    close_open,
    plan_event,
    refuse,
    role_of,
)

__all__ = ["Transaction", "attrs_of", "case_of", "event_of", "loaded", "stored"]


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
        written = self._insert(new)
        history.append(written)
        return written

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

    def add_units(self, units: Sequence[Unit], at: dt.datetime | dt.date | str) -> None:
        """Register units from ``at`` on: a new unit with its incumbents as residents who moved
        in at ``at``; a unit already known gets a new definition (capacity, classes, rules)
        from ``at``, its residents unchanged (they change by move-ins and move-outs)."""
        when = as_time(at, "units.at")
        known = set(self._conn.execute(select(store.units.c.unit_id).distinct()).scalars())
        for k, unit in enumerate(units):
            if not isinstance(unit, Unit):
                raise refuse(f"units[{k}]", "is not a Unit", "pass placement.Unit objects")
            if unit.id in known and unit.incumbents:
                raise refuse(
                    f"units[{unit.id}].incumbents",
                    "a registered unit's residents change only by move-ins and move-outs",
                    "record them with move_in and move_out, and leave incumbents empty",
                )
            definition = unit.model_dump(mode="json", exclude={"incumbents"})
            try:
                with self._conn.begin_nested():
                    self._conn.execute(
                        insert(store.units).values(
                            unit_id=unit.id, valid_from=stored(when), unit=definition
                        )
                    )
            except IntegrityError:
                raise refuse(
                    f"units[{unit.id}]",
                    "already has a definition from that moment",
                    "give a later time",
                ) from None
            for r in unit.incumbents:
                self.start_stay(r.id, unit.id, r.tags, when)
            known.add(unit.id)

    def start_stay(
        self, resident_id: str, unit_id: str, tags: Sequence[str], at: dt.datetime
    ) -> None:
        """A resident moves into a unit at ``at`` (refused if they live somewhere already)."""
        where = f"residents[{check_text(resident_id, 'residents[?]')}]"
        if self._stay(resident_id) is not None:
            raise refuse(where, "already lives in a unit", "record the move-out first")
        self._conn.execute(
            insert(store.residents).values(
                resident_id=resident_id,
                unit_id=unit_id,
                tags=list(tags),
                moved_in=stored(at),
            )
        )

    def end_stay(self, resident_id: str, at: dt.datetime) -> str:
        """A resident moves out at ``at``; returns the unit they left."""
        where = f"residents[{check_text(resident_id, 'residents[?]')}]"
        row = self._stay(resident_id)
        if row is None:
            raise refuse(where, "lives in no registered unit", "check the resident id")
        if stored(at) < row.moved_in:
            raise refuse(where, "moves out before moving in", "check the time")
        self._conn.execute(
            update(store.residents)
            .where(store.residents.c.stay_id == row.stay_id)
            .values(moved_out=stored(at))
        )
        return str(row.unit_id)

    def _stay(self, resident_id: str) -> Any:
        return self._conn.execute(
            select(store.residents).where(
                store.residents.c.resident_id == resident_id,
                store.residents.c.moved_out.is_(None),
            )
        ).first()

    def forget(self, case_id: str) -> None:
        """Drop the case's cached history (after a savepoint that wrote to it rolled back)."""
        self._histories.pop(case_id, None)

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
        history = [event_of(row._mapping) for row in rows]
        self._histories[case_id] = history
        return history

    def _insert(self, new: Event) -> Event:
        values = new.model_dump(exclude={"event_id"})
        values["role"] = new.role.value
        values["start"] = stored(new.start)
        values["end"] = None if new.end is None else stored(new.end)
        key = self._conn.execute(insert(store.events).values(**values)).inserted_primary_key
        assert key is not None
        return new.model_copy(update={"event_id": int(key[0])})

    def _close(self, event: Event) -> None:
        self._conn.execute(
            update(store.events)
            .where(store.events.c.event_id == event.event_id)
            .values(end=None if event.end is None else stored(event.end))
        )
        history = self._histories[event.case_id]
        history[:] = [event if e.event_id == event.event_id else e for e in history]


def attrs_of(value: Any) -> dict[str, str]:
    return dict(value) if isinstance(value, Mapping) else {}


def stored(moment: dt.datetime) -> dt.datetime:
    """An aware time as the store keeps it: naive UTC (both stores' DateTime columns)."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def loaded(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored naive UTC time as an aware one."""
    return None if moment is None else moment.replace(tzinfo=dt.UTC)


def event_of(row: RowMapping) -> Event:
    return Event(
        case_id=row["case_id"],
        stage=row["stage"],
        start=loaded(row["start"]),
        end=loaded(row["end"]),
        role=Role(row["role"]),
        resource=row["resource"],
        attributes=attrs_of(row["attributes"]),
        event_id=row["event_id"],
    )


def case_of(row: RowMapping) -> Case:
    return Case(
        id=row["case_id"],
        municipality=row["municipality"],
        social_worker=row["social_worker"],
        placement_worker=row["placement_worker"],
        attributes=attrs_of(row["attributes"]),
    )
