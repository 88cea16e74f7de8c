"""A planned week: sessions, transport runs, what could not be met, and the solver's status."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from placement.result import Status
from placement.schemas import SCHEMA_VERSIONS, ScheduleVersion

__all__ = ["Run", "Schedule", "Session", "Stop", "Unmet"]


class Session(BaseModel):
    """One scheduled session.

    Attributes
    ----------
    id : str
        Stable id: ``<activity>-<weekday>-<k>`` for a group, ``<activity>-<participant>-<n>`` for
        a one-to-one session. Pins and calendar uids use it.
    activity : str
        Activity id.
    start, end : datetime
        When the participants are in it.
    staff : tuple of str
        Staff on it.
    room : str or None
        Room at the centre; ``None`` for mobile and remote sessions.
    participants : tuple of str
        Participant ids.
    location : {"centre", "home", "remote"}
        Where it happens.
    travel_min : int
        Staff travel each way for a home session (minutes); 0 otherwise.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    activity: str
    start: dt.datetime
    end: dt.datetime
    staff: tuple[str, ...]
    room: str | None = None
    participants: tuple[str, ...]
    location: Literal["centre", "home", "remote"] = "centre"
    travel_min: int = 0


class Stop(BaseModel):
    """A pick-up or drop-off of one participant."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    participant: str
    at: dt.datetime


class Run(BaseModel):
    """One vehicle run: from homes to the centre, or from the centre to homes.

    Attributes
    ----------
    id : str
        ``<vehicle>-<weekday>-<HHMM>-<direction>``.
    vehicle : str
        Vehicle id.
    direction : {"to_centre", "to_home"}
        Which way.
    start, end : datetime
        Leaves its first point, reaches its last.
    stops : tuple of Stop
        Pick-ups (to the centre) or drop-offs (to homes) in order.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    vehicle: str
    direction: Literal["to_centre", "to_home"]
    start: dt.datetime
    end: dt.datetime
    stops: tuple[Stop, ...]


class Unmet(BaseModel):
    """An entitlement the schedule does not meet in full."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    participant: str
    activity: str
    wanted: int
    scheduled: int
    statutory: bool


class Schedule(BaseModel):
    """The outcome of :func:`placement.kipina.schedule`.

    Attributes
    ----------
    schema_version : str
        Version of this document's schema (``placement schema schedule``).
    week : str
        Name of the week planned.
    status : Status
        ``optimal`` (proven), ``feasible`` (stopped by the time limit), ``infeasible`` (proven:
        statutory entitlements or pins cannot all hold), ``unknown``.
    objective, bound : float or None
        The solver's objective (higher is better) and its proven upper bound.
    gap : float or None
        ``(bound - objective) / max(1, |objective|)``.
    sessions : tuple of Session
        Every session, by start.
    runs : tuple of Run
        Transport runs, by start.
    unmet : tuple of Unmet
        Entitlements not met in full.
    unserved_transport : tuple of str
        ``<participant>@<weekday>-<direction>`` trips no vehicle could take.
    runtime : float
        Seconds (left out of the JSON so repeated runs compare equal).
    trajectory : tuple of (float, float, float)
        ``(seconds, objective, bound)`` at each improving solution or bound (not in the
        JSON).
    phases : dict of str to float
        Seconds each phase of the call used, all drawn from the call's one deadline:
        ``model``, ``hint`` (if given), ``search``, ``result``, ``routing`` (not in the JSON).
    budgets : dict of str to float or None
        Seconds the ``search`` and ``routing`` phases were given from what was left of the
        deadline when they began; ``None`` without a limit (not in the JSON).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: ScheduleVersion = SCHEMA_VERSIONS["schedule"]
    week: str = ""
    status: Status
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    sessions: tuple[Session, ...] = ()
    runs: tuple[Run, ...] = ()
    unmet: tuple[Unmet, ...] = ()
    unserved_transport: tuple[str, ...] = ()
    runtime: float = Field(default=0.0, exclude=True)
    trajectory: tuple[tuple[float, float, float], ...] = Field(default=(), exclude=True)
    phases: dict[str, float] = Field(default_factory=dict, exclude=True)
    budgets: dict[str, float | None] = Field(default_factory=dict, exclude=True)

    def summary(self) -> str:
        """One paragraph: status, sessions, transport."""
        gap = "" if self.gap is None else f", gap {self.gap:.2%}"
        return (
            f"{self.week or 'week'}: {self.status}{gap} in {self.runtime:.1f} s; "
            f"{len(self.sessions)} sessions, {len(self.runs)} transport runs, "
            f"{len(self.unmet)} entitlements not met in full, "
            f"{len(self.unserved_transport)} trips without a vehicle"
        )
