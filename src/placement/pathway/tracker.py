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
from sqlalchemy import Engine, delete, select

from placement.errors import Issue, ProblemError
from placement.model import Client, Problem, Unit
from placement.model.input import problem_error
from placement.pathway import store
from placement.pathway.graph import LUVN_GRAPH, Role, StageGraph
from placement.pathway.rules import (
    LOCAL_TIME,
    Case,
    Event,
    local_time,
    refuse,
)
from placement.pathway.transaction import Transaction, attrs_of, case_of, event_of
from placement.result import Result

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
