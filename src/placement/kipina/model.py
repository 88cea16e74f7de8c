"""The week to plan at the Kipinä centre: activities, staff, rooms, participants, vehicles.

Times inside a week are weekday (0 = Monday) plus a time of day; the schedule turns them into
dates from ``Week.week_start``. Participants carry pseudonymous ids only; their entitlements and
mobility needs are special-category data and are never put into logs, errors or calendars.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Literal, Self

from pydantic import ConfigDict, Field, model_validator

from placement.errors import ProblemError
from placement.kipina.times import DAY_NAMES, Count, LocalTime, Weekday, Window, minute_of
from placement.model.geo import Point, haversine_km
from placement.model.input import InputModel, read_json_file
from placement.schemas import SCHEMA_VERSIONS, WeekVersion

__all__ = [
    "DAY_NAMES",
    "Activity",
    "ActivityType",
    "Entitlement",
    "Participant",
    "Pin",
    "Room",
    "Staff",
    "Vehicle",
    "Week",
    "Window",
]


class ActivityType(StrEnum):
    """The centre's services (DOMAIN.md, sources/003)."""

    DAY_ACTIVITY = "day_activity"
    WORK_ACTIVITY = "work_activity"
    MORNING_CARE = "morning_care"
    AFTER_SCHOOL_CARE = "after_school_care"
    HOLIDAY_CARE = "holiday_care"
    AUTISM_GUIDANCE = "autism_guidance"
    PHYSIOTHERAPY = "physiotherapy"
    JOB_COACHING = "job_coaching"
    PA_ASSESSMENT = "personal_assistance_assessment"
    SUPPORT_VISIT = "support_visit"


class Activity(InputModel):
    """An activity the centre runs: a group or a one-to-one service.

    Attributes
    ----------
    id : str
        Activity id, referenced by entitlements.
    type : ActivityType
        Which service it is.
    duration_min : int
        Length of one session (minutes).
    group_min, group_max : int
        Participants per session; ``group_max == 1`` makes it one-to-one.
    staff_ratio : int
        Participants per staff member (a group of 7 at ratio 3 needs 3 staff).
    skills : tuple of str
        Skills every staff member on the session must have.
    room_features : tuple of str
        Features the room must have (on-site sessions always take a room).
    mode : {"on_site", "mobile", "remote"}
        At the centre; at the participant's home (staff travel there and back); or remote.
    earliest, latest : time
        Sessions start no earlier and end no later than these (local time).
    days : tuple of int
        Weekdays it runs on (0 = Monday).
    max_groups_per_day : int or None
        Cap on parallel groups per day.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "activity"

    id: str = Field(min_length=1)
    type: ActivityType
    duration_min: Count = Field(ge=5, le=720)
    group_min: Count = Field(default=1, ge=1, le=1000)
    group_max: Count = Field(default=1, ge=1, le=1000)
    staff_ratio: Count = Field(default=1, ge=1, le=1000)
    skills: tuple[str, ...] = ()
    room_features: tuple[str, ...] = ()
    mode: Literal["on_site", "mobile", "remote"] = "on_site"
    earliest: LocalTime = dt.time(7)
    latest: LocalTime = dt.time(17)
    days: tuple[Weekday, ...] = (0, 1, 2, 3, 4)
    max_groups_per_day: Count | None = Field(default=None, ge=1, le=1000)

    @property
    def is_group(self) -> bool:
        """Whether sessions take more than one participant."""
        return self.group_max > 1


class Entitlement(InputModel):
    """What a participant is entitled to per week.

    Attributes
    ----------
    activity : str
        Activity id.
    sessions_per_week : int
        Sessions wanted, at most one a day.
    statutory : bool
        A statutory right: the schedule must meet it in full (or report it infeasible).
        Otherwise it is met as far as possible.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "entitlement"

    activity: str
    sessions_per_week: Count = Field(ge=1, le=7)
    statutory: bool = Field(default=False, strict=True)


class Participant(InputModel):
    """A client of the centre (pseudonymous id).

    Attributes
    ----------
    id : str
        Pseudonymous id.
    age_group : {"child", "youth", "adult"}
        Age group.
    home : Point
        Home location (support visits, transport pick-ups).
    entitlements : tuple of Entitlement
        Weekly entitlements.
    availability : tuple of Window
        When the participant can attend; empty means the centre's opening hours every day.
        Schoolchildren are available from school end.
    familiar_staff : tuple of str
        Staff the participant knows; preferred for sessions and support visits.
    not_with : tuple of str
        Participants never to share a session with.
    wheelchair : bool
        Needs an accessible room and a wheelchair place in transport.
    transport : bool
        Entitled to transport to and from the centre.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "participant"

    id: str = Field(min_length=1)
    age_group: Literal["child", "youth", "adult"] = "adult"
    home: Point
    entitlements: tuple[Entitlement, ...] = ()
    availability: tuple[Window, ...] = ()
    familiar_staff: tuple[str, ...] = ()
    not_with: tuple[str, ...] = ()
    wheelchair: bool = Field(default=False, strict=True)
    transport: bool = Field(default=False, strict=True)


class Staff(InputModel):
    """A staff member.

    Attributes
    ----------
    id : str
        Pseudonymous id.
    skills : tuple of str
        E.g. ``instructor``, ``autism_guidance``, ``physiotherapy``, ``job_coaching``.
    contract_minutes : int
        Contracted working time per week (minutes); the schedule never exceeds it.
    max_daily_minutes : int
        Most working minutes in one day (travel included).
    availability : tuple of Window
        When the staff member works; empty means opening hours every day.
    base : Point or None
        Where mobile work starts and ends; the centre by default.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "staff member"

    id: str = Field(min_length=1)
    skills: tuple[str, ...] = ()
    contract_minutes: Count = Field(default=38 * 60 + 15, ge=0, le=7 * 1440)
    max_daily_minutes: Count = Field(default=8 * 60, ge=0, le=1440)
    availability: tuple[Window, ...] = ()
    base: Point | None = None


class Room(InputModel):
    """A room at the centre."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "room"

    id: str = Field(min_length=1)
    capacity: Count = Field(ge=1, le=1000)
    accessible: bool = Field(default=True, strict=True)
    features: tuple[str, ...] = ()


class Vehicle(InputModel):
    """A transport provider's vehicle available for the centre's runs, based at the centre.

    Attributes
    ----------
    id : str
        Vehicle id.
    seats : int
        Seated passengers.
    wheelchair_places : int
        Passengers travelling in their wheelchair.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "vehicle"

    id: str = Field(min_length=1)
    seats: Count = Field(ge=1, le=100)
    wheelchair_places: Count = Field(default=0, ge=0, le=100)


class Pin(InputModel):
    """A session already published: the schedule keeps it exactly.

    Attributes
    ----------
    session : str
        Session id as in a previous :class:`~placement.kipina.result.Schedule`.
    start : datetime
        Its start.
    staff : tuple of str
        Its staff.
    room : str or None
        Its room.
    participants : tuple of str
        Its participants.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "pin"

    session: str
    start: dt.datetime
    staff: tuple[str, ...]
    room: str | None = None
    participants: tuple[str, ...]


class Week(InputModel):
    """Everything needed to plan one week at the centre.

    Attributes
    ----------
    name : str
        Name of the week's plan.
    week_start : date
        The Monday of the week.
    centre : Point
        The centre's location.
    opening : Window-like pair of time
        ``opens`` and ``closes``: the centre's daily hours.
    days : tuple of int
        Weekdays the centre is open.
    activities, staff, rooms, participants, vehicles : tuples
        The week's resources and people.
    pins : tuple of Pin
        Published sessions to keep.
    speed_kmh : float
        Average road speed for travel times (km/h).
    road_factor : float
        Road distance per straight-line km.
    max_ride_min : int
        Longest ride a participant may sit in a vehicle (minutes).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_name = "week"

    schema_version: WeekVersion = SCHEMA_VERSIONS["week"]
    name: str = ""
    week_start: dt.date
    centre: Point
    opens: LocalTime = dt.time(7)
    closes: LocalTime = dt.time(17)
    days: tuple[Weekday, ...] = (0, 1, 2, 3, 4)
    activities: tuple[Activity, ...]
    staff: tuple[Staff, ...]
    rooms: tuple[Room, ...] = ()
    participants: tuple[Participant, ...]
    vehicles: tuple[Vehicle, ...] = ()
    pins: tuple[Pin, ...] = ()
    speed_kmh: float = Field(default=40.0, gt=0, le=200, allow_inf_nan=False)
    road_factor: float = Field(default=1.3, ge=1, le=5, allow_inf_nan=False)
    max_ride_min: Count = Field(default=60, ge=5, le=600)

    @model_validator(mode="after")
    def _cross_references(self) -> Self:
        from placement.kipina.validation import week_issues

        issues = week_issues(self)
        if issues:
            raise ProblemError(issues, what="week")
        return self

    @classmethod
    def from_file(cls, path: str | Path) -> Week:
        """Read a week from a JSON file through the library's strict JSON reader.

        Invalid UTF-8, invalid JSON, repeated keys, too-deep nesting and an unreadable file are
        one :class:`~placement.errors.ProblemError` naming the file and position; then the week is
        validated like any other.
        """
        return cls.model_validate(read_json_file(path, cls.input_name))

    @cached_property
    def activity_by_id(self) -> dict[str, Activity]:
        """Activity id to activity."""
        return {a.id: a for a in self.activities}

    @cached_property
    def staff_by_id(self) -> dict[str, Staff]:
        """Staff id to staff member."""
        return {s.id: s for s in self.staff}

    @cached_property
    def participant_by_id(self) -> dict[str, Participant]:
        """Participant id to participant."""
        return {p.id: p for p in self.participants}

    @cached_property
    def room_by_id(self) -> dict[str, Room]:
        """Room id to room."""
        return {r.id: r for r in self.rooms}

    def date_of(self, day: int) -> dt.date:
        """The date of weekday ``day`` of this week."""
        return self.week_start + dt.timedelta(days=day)

    def moment(self, minute: int) -> dt.datetime:
        """A week minute (from Monday 00:00) as a datetime."""
        return dt.datetime.combine(self.week_start, dt.time()) + dt.timedelta(minutes=minute)

    def minute(self, moment: dt.datetime) -> int:
        """A datetime as a week minute."""
        start = dt.datetime.combine(self.week_start, dt.time())
        return int((moment - start).total_seconds() // 60)

    def travel_min(self, a: Point, b: Point) -> int:
        """Driving minutes between two points (straight line x road factor at the set speed)."""
        km = haversine_km(a, b) * self.road_factor
        return int(-(-km * 60 // self.speed_kmh))

    def open_windows(self, windows: tuple[Window, ...]) -> list[tuple[int, int]]:
        """Week-minute windows: ``windows`` or, if empty, the opening hours of every open day."""
        if windows:
            return sorted(w.minutes() for w in windows)
        return [
            (d * 1440 + minute_of(self.opens), d * 1440 + minute_of(self.closes)) for d in self.days
        ]
