"""The tracker's rules: whether a new event may follow a case's history, and what it closes.

Pure functions over in-memory events, so one code path serves single writes and bulk imports,
and the rules can be tested without a database.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from placement.errors import Issue, ProblemError
from placement.pathway.graph import Role, StageGraph

__all__ = [
    "Case",
    "Event",
    "PathwayError",
    "as_time",
    "close_open",
    "plan_event",
    "refuse",
    "role_of",
]

LOCAL_TIME = ZoneInfo("Europe/Helsinki")
"""Times are stored as naive local (Finnish) wall-clock times."""


class PathwayError(ProblemError):
    """A tracker write was refused; nothing was written."""


def refuse(path: str, message: str, hint: str = "") -> PathwayError:
    """The error for one refused write: what is wrong, where, and what to do."""
    return PathwayError([Issue(path, message, hint)], what="pathway event")


class Case(BaseModel):
    """A client's case on the path, with both responsible workers.

    Attributes
    ----------
    id : str
        Pseudonymous case id (the client id when the case feeds a matching problem).
    municipality : str
        Home municipality.
    social_worker : str
        Pseudonymous id of the regional social worker, who stays on the case.
    placement_worker : str or None
        Pseudonymous id of the placement-team worker, once one is paired with the case.
    attributes : dict of str to str
        Extra case attributes exported as ``case:`` columns (no needs or health data).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    municipality: str = Field(min_length=1)
    social_worker: str = Field(min_length=1)
    placement_worker: str | None = None
    attributes: dict[str, str] = Field(default_factory=dict)


class Event(BaseModel):
    """One stay of a case in one stage.

    Attributes
    ----------
    case_id : str
        The case.
    stage : str
        Stage id.
    start : datetime
        When the stage began (naive local time).
    end : datetime or None
        When it ended; ``None`` while the case is still in it.
    role : Role
        Responsible role.
    resource : str
        Pseudonymous id of the worker who recorded it.
    attributes : dict of str to str
        Event attributes, e.g. ``unit`` on an offer or ``meeting`` on a housing panel.
    event_id : int or None
        Store id, in recording order; ``None`` before the event is stored.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    case_id: str
    stage: str
    start: dt.datetime
    end: dt.datetime | None = None
    role: Role
    resource: str
    attributes: dict[str, str] = Field(default_factory=dict)
    event_id: int | None = None


def as_time(value: dt.datetime | dt.date | str, where: str) -> dt.datetime:
    """A naive local datetime from a datetime, date (midnight) or ISO string.

    Aware datetimes are converted to Finnish wall-clock time, the store's convention.
    """
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise refuse(where, f"'{value}' is not an ISO date or time") from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(LOCAL_TIME).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    raise refuse(where, f"expected a date or datetime, got {type(value).__name__}")


def plan_event(graph: StageGraph, history: list[Event], new: Event) -> list[Event]:
    """Check ``new`` against a case's ``history``; return the events it closes, closed.

    Parameters
    ----------
    graph : StageGraph
        The path.
    history : list of Event
        The case's stored events in recording order (never empty: a case starts with its
        application event).
    new : Event
        The event to record.

    Returns
    -------
    list of Event
        Open events of the case that ``new`` ends, with ``end`` set to ``new.start``.

    Raises
    ------
    PathwayError
        Unknown stage, a transition the graph does not allow, a time before the case's last
        event, an overlap with a stage that cannot run in parallel, or a case that has ended.
    """
    where = f"cases[{new.case_id}].{new.stage}"
    stage = graph.stage_by_id.get(new.stage)
    if stage is None:
        raise refuse(where, "unknown stage", f"use one of {graph.order()}")
    if not new.resource:
        raise refuse(where, "no resource (worker id)", "say who recorded the event")
    last = history[-1]
    if last.stage in graph.ends() and (
        last.end is not None or graph.stage_by_id[last.stage].instant
    ):
        raise refuse(where, f"the case has ended at '{last.stage}'", "open a new case")
    if not graph.allows(last.stage, new.stage):
        allowed = sorted(graph.graph.successors(last.stage))
        raise refuse(
            where,
            f"'{new.stage}' cannot follow '{last.stage}'",
            f"the path allows {allowed} next",
        )
    if new.start < last.start:
        raise refuse(
            where,
            f"starts {new.start.isoformat()} before the case's last event "
            f"('{last.stage}' at {last.start.isoformat()})",
            "record events in time order",
        )
    if new.end is not None and new.end < new.start:
        raise refuse(where, "ends before it starts", "check the end time")
    if stage.instant and new.end not in (None, new.start):
        raise refuse(where, "an instant stage cannot have a duration", "leave end empty")
    closing = []
    for old in history:
        together = stage.parallel_group is not None and (
            graph.stage_by_id[old.stage].parallel_group == stage.parallel_group
        )
        if together:
            continue
        if old.end is None:
            closing.append(old.model_copy(update={"end": new.start}))
        elif old.end > new.start:
            raise refuse(
                where,
                f"starts {new.start.isoformat()} while '{old.stage}' runs until "
                f"{old.end.isoformat()}",
                "the two stages cannot overlap; correct one of the times",
            )
    return closing


def close_open(
    history: list[Event], at: dt.datetime, stage: str | None, case_id: str
) -> list[Event]:
    """The case's open events (of ``stage``, or all) closed at ``at``.

    Raises
    ------
    PathwayError
        If nothing is open, or ``at`` precedes a closed event's start.
    """
    where = f"cases[{case_id}]" + (f".{stage}" if stage else "")
    open_ = [e for e in history if e.end is None and (stage is None or e.stage == stage)]
    if not open_:
        raise refuse(where, "no open stage to finish", "check the case and stage")
    for e in open_:
        if at < e.start:
            raise refuse(
                where,
                f"finish time {at.isoformat()} is before '{e.stage}' started "
                f"({e.start.isoformat()})",
                "give a later time",
            )
    return [e.model_copy(update={"end": at}) for e in open_]


def role_of(value: Role | str | None, where: str) -> Role:
    """Validate a responsible role."""
    if value is None or value == "":
        raise refuse(where, "no responsible role", f"give one of {[r.value for r in Role]}")
    try:
        return Role(value)
    except ValueError:
        raise refuse(
            where, f"unknown role '{value}'", f"give one of {[r.value for r in Role]}"
        ) from None
