"""The tracker's rules: whether a new event may follow a case's history, and what it closes.

Pure functions over in-memory events, so one code path serves single writes and bulk imports,
and the rules can be tested without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from placement.errors import Issue, ProblemError
from placement.pathway.deadlines import CALENDAR_YEARS
from placement.pathway.graph import Role, StageGraph

__all__ = [
    "MAX_ATTRIBUTE_LENGTH",
    "MAX_ID_LENGTH",
    "Case",
    "Event",
    "PathwayError",
    "as_time",
    "check_attributes",
    "check_text",
    "close_open",
    "local_time",
    "plan_event",
    "refuse",
    "role_of",
]

LOCAL_TIME = ZoneInfo("Europe/Helsinki")
"""Naive times given to the tracker are Finnish wall-clock times; the store keeps UTC."""

MAX_ID_LENGTH = 64
"""Longest id (characters) of a case, worker, stage or attribute name, in both stores."""

MAX_ATTRIBUTE_LENGTH = 256
"""Longest attribute value (characters)."""


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
        When the stage began (aware, UTC: an instant, so the repeated autumn hour orders right).
    end : datetime or None
        When it ended (aware, UTC); ``None`` while the case is still in it.
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
    start: AwareDatetime
    end: AwareDatetime | None = None
    role: Role
    resource: str
    attributes: dict[str, str] = Field(default_factory=dict)
    event_id: int | None = None

    @field_validator("start", "end")
    @classmethod
    def _utc(cls, value: dt.datetime | None) -> dt.datetime | None:
        return None if value is None else value.astimezone(dt.UTC)


def as_time(value: object, where: str) -> dt.datetime:
    """An aware UTC datetime from a datetime, a date (local midnight) or an ISO string.

    Naive times are Finnish wall-clock times (Europe/Helsinki). One that names no instant (inside
    the spring-forward gap) or two (in the repeated autumn hour) is refused: give it with its UTC
    offset instead. Aware times are taken as the instants they are. Times outside the years the
    working-day calendar covers (:data:`~placement.pathway.deadlines.CALENDAR_YEARS`) are refused
    rather than overflowing.
    """
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise refuse(where, "is not an ISO date or time", "write YYYY-MM-DDTHH:MM") from None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    else:
        raise refuse(where, f"expected a date or datetime, got {type(value).__name__}")
    first, last = CALENDAR_YEARS
    if not first <= moment.year <= last:
        raise refuse(where, f"is outside the years {first}-{last}", "check the year")
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = _from_local(moment.replace(tzinfo=None), where)
    try:
        return moment.astimezone(dt.UTC)
    except (OverflowError, ValueError):  # unreachable inside CALENDAR_YEARS; kept as a guard
        raise refuse(where, "cannot be converted to UTC", "check the year") from None


def _from_local(naive: dt.datetime, where: str) -> dt.datetime:
    """A naive Finnish wall-clock time as an aware one, refusing gap and repeated times."""
    early = naive.replace(tzinfo=LOCAL_TIME, fold=0)
    late = naive.replace(tzinfo=LOCAL_TIME, fold=1)
    if early.utcoffset() != late.utcoffset():
        repeated = early.astimezone(dt.UTC) < late.astimezone(dt.UTC)
        raise refuse(
            where,
            "is a Finnish local time that occurs twice (autumn clock change)"
            if repeated
            else "is a Finnish local time that does not exist (spring clock change)",
            "give the time with its UTC offset, e.g. 2025-10-26T03:30+03:00",
        )
    return early


def local_time(moment: dt.datetime) -> dt.datetime:
    """An aware time as naive Finnish wall-clock time (for reports and exports)."""
    return moment.astimezone(LOCAL_TIME).replace(tzinfo=None)


def check_text(value: object, where: str, longest: int = MAX_ID_LENGTH) -> str:
    """``value`` if it is a non-empty printable string of at most ``longest`` characters.

    Both stores apply the same rule before writing, so an id SQLite would take is never one
    PostgreSQL refuses (its columns hold 64 characters and no NUL).
    """
    if not isinstance(value, str):
        raise refuse(where, f"expected text, got {type(value).__name__}", "give an id as text")
    if not value:
        raise refuse(where, "is empty", "give an id")
    if not value.isprintable():
        raise refuse(where, "contains control or other unprintable characters", "use plain text")
    if len(value) > longest:
        raise refuse(where, f"is longer than {longest} characters", "use a shorter id")
    return value


def check_attributes(value: object, where: str) -> dict[str, str]:
    """Event or case attributes: text keys and text values, stored as given.

    A value that is not text (``None``, a number) is refused rather than stored as its string
    form (``None`` used to become the text ``"None"``).
    """
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise refuse(where, f"expected a mapping, got {type(value).__name__}")
    out: dict[str, str] = {}
    for k, (key, item) in enumerate(value.items()):
        name = check_text(key, f"{where}[#{k}]")
        out[name] = check_text(item, f"{where}[{name}]", MAX_ATTRIBUTE_LENGTH)
    return out


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
            f"starts {_shown(new.start)} before the case's last event "
            f"('{last.stage}' at {_shown(last.start)})",
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
                f"starts {_shown(new.start)} while '{old.stage}' runs until {_shown(old.end)}",
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
                f"finish time {_shown(at)} is before '{e.stage}' started ({_shown(e.start)})",
                "give a later time",
            )
    return [e.model_copy(update={"end": at}) for e in open_]


def _shown(moment: dt.datetime) -> str:
    """A time for a message: Finnish local time with its offset."""
    return moment.astimezone(LOCAL_TIME).isoformat()


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
