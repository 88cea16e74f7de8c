"""Independent checker for a planned week: is every hard rule kept?

Shares no code with the scheduler or the transport planner: it reads the week and the schedule
as plain data, works in datetimes, computes travel with the core checker's own great-circle
formula, and checks every rule from its definition.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass

from placement.check import great_circle_km
from placement.kipina.model import Participant, Week, Window
from placement.kipina.result import Schedule, Session
from placement.kipina.times import minute_of

__all__ = ["RULES", "Violation", "check"]

RULES = (
    "unknown_id",
    "duplicate_session",
    "activity_hours",
    "group_size",
    "staff_ratio",
    "skills",
    "room",
    "staff_overlap",
    "room_overlap",
    "participant_overlap",
    "staff_availability",
    "participant_availability",
    "working_time",
    "statutory_entitlement",
    "entitlement_exceeded",
    "one_a_day",
    "not_with",
    "pin",
    "vehicle_capacity",
    "vehicle_overlap",
    "ride_time",
    "late_arrival",
    "trip_missing",
)
"""Every rule :func:`check` knows, by name."""


@dataclass(frozen=True)
class Violation:
    """One broken rule: its name, a readable message (ids only) and the session or run."""

    rule: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        return f"[{self.rule}] {self.where}: {self.message}"


def _travel(week: Week, a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> int:
    km = great_circle_km(a_lat, a_lon, b_lat, b_lon) * week.road_factor
    return math.ceil(km * 60 / week.speed_kmh - 1e-9)


def _windows(week: Week, windows: tuple[Window, ...]) -> list[tuple[dt.datetime, dt.datetime]]:
    monday = dt.datetime.combine(week.week_start, dt.time())
    if not windows:
        return [
            (
                dt.datetime.combine(week.week_start + dt.timedelta(days=d), week.opens),
                dt.datetime.combine(week.week_start + dt.timedelta(days=d), week.closes),
            )
            for d in week.days
        ]
    return [
        (
            monday + dt.timedelta(days=w.day, minutes=minute_of(w.start)),
            monday + dt.timedelta(days=w.day, minutes=minute_of(w.end)),
        )
        for w in windows
    ]


def _inside(
    span: tuple[dt.datetime, dt.datetime], windows: list[tuple[dt.datetime, dt.datetime]]
) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in windows)


def _overlaps(spans: list[tuple[dt.datetime, dt.datetime, str]]) -> list[tuple[str, str]]:
    """Pairs of ids whose spans overlap (each span against the latest-ending one before it)."""
    clashes: list[tuple[str, str]] = []
    reach: tuple[dt.datetime, str] | None = None
    for start, end, name in sorted(spans):
        if reach is not None and start < reach[0]:
            clashes.append((reach[1], name))
        if reach is None or end > reach[0]:
            reach = (end, name)
    return clashes


def _staff_span(week: Week, s: Session, staff_id: str) -> tuple[dt.datetime, dt.datetime]:
    """When a staff member is busy with a session: home visits add travel both ways."""
    if s.location != "home":
        return s.start, s.end
    member = week.staff_by_id[staff_id]
    base = member.base or week.centre
    home = week.participant_by_id[s.participants[0]].home
    minutes = _travel(week, base.lat, base.lon, home.lat, home.lon)
    return s.start - dt.timedelta(minutes=minutes), s.end + dt.timedelta(minutes=minutes)


def check(week: Week, schedule: Schedule) -> list[Violation]:
    """Every hard rule ``schedule`` breaks for ``week``; ``[]`` means the schedule is valid."""
    out: list[Violation] = []
    sessions = list(schedule.sessions)
    known = [s for s in sessions if _known(week, s, out)]
    ids = [s.id for s in sessions]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        out.append(Violation("duplicate_session", "session id used twice", dup))
    for s in known:
        _session_rules(week, s, out)
    _overlap_rules(week, known, out)
    _working_time(week, known, out)
    _entitlements(week, known, out)
    _pins(week, known, out)
    _transport(week, schedule, known, out)
    return out


def _known(week: Week, s: Session, out: list[Violation]) -> bool:
    missing = [f"staff {x}" for x in s.staff if x not in week.staff_by_id]
    missing += [f"participant {p}" for p in s.participants if p not in week.participant_by_id]
    if s.activity not in week.activity_by_id:
        missing.append(f"activity {s.activity}")
    if s.room is not None and s.room not in week.room_by_id:
        missing.append(f"room {s.room}")
    for m in missing:
        out.append(Violation("unknown_id", f"unknown {m}", s.id))
    return not missing


def _session_rules(week: Week, s: Session, out: list[Violation]) -> None:
    a = week.activity_by_id[s.activity]
    day = (s.start.date() - week.week_start).days
    opens = dt.datetime.combine(s.start.date(), a.earliest)
    closes = dt.datetime.combine(s.start.date(), a.latest)
    if (
        day not in a.days
        or day not in week.days
        or s.start < opens
        or s.end > closes
        or s.end - s.start != dt.timedelta(minutes=a.duration_min)
    ):
        out.append(Violation("activity_hours", "outside the activity's days or hours", s.id))
    n = len(s.participants)
    if not a.group_min <= n <= a.group_max:
        out.append(
            Violation("group_size", f"{n} participants, allowed {a.group_min}-{a.group_max}", s.id)
        )
    needed = max(1, math.ceil(n / a.staff_ratio)) if a.group_max > 1 else 1
    if len(s.staff) < needed or (a.group_max == 1 and len(s.staff) != 1):
        out.append(Violation("staff_ratio", f"{len(s.staff)} staff, {needed} needed", s.id))
    for x in s.staff:
        if not set(a.skills) <= set(week.staff_by_id[x].skills):
            out.append(Violation("skills", f"staff {x} lacks a required skill", s.id))
    if a.mode == "on_site":
        room = week.room_by_id.get(s.room or "")
        wheel = any(week.participant_by_id[p].wheelchair for p in s.participants)
        if (
            room is None
            or not set(a.room_features) <= set(room.features)
            or room.capacity < n
            or (wheel and not room.accessible)
        ):
            out.append(Violation("room", "no room, or one without the features or space", s.id))
    elif s.room is not None:
        out.append(Violation("room", "a home or remote session takes no room", s.id))
    for p in s.participants:
        person = week.participant_by_id[p]
        if not _inside((s.start, s.end), _windows(week, person.availability)):
            out.append(Violation("participant_availability", f"{p} is not available", s.id))
        for other in person.not_with:
            if other in s.participants:
                out.append(Violation("not_with", f"{p} and {other} share a session", s.id))
    for x in s.staff:
        span = _staff_span(week, s, x)
        if not _inside(span, _windows(week, week.staff_by_id[x].availability)):
            out.append(Violation("staff_availability", f"staff {x} is not working then", s.id))


def _overlap_rules(week: Week, sessions: list[Session], out: list[Violation]) -> None:
    staff: dict[str, list[tuple[dt.datetime, dt.datetime, str]]] = defaultdict(list)
    rooms: dict[str, list[tuple[dt.datetime, dt.datetime, str]]] = defaultdict(list)
    people: dict[str, list[tuple[dt.datetime, dt.datetime, str]]] = defaultdict(list)
    for s in sessions:
        for x in s.staff:
            staff[x].append((*_staff_span(week, s, x), s.id))
        if s.room is not None:
            rooms[s.room].append((s.start, s.end, s.id))
        for p in s.participants:
            people[p].append((s.start, s.end, s.id))
    for rule, table in (
        ("staff_overlap", staff),
        ("room_overlap", rooms),
        ("participant_overlap", people),
    ):
        for owner, spans in table.items():
            for a, b in _overlaps(spans):
                out.append(Violation(rule, f"{owner} is booked twice ({a}, {b})", b))


def _working_time(week: Week, sessions: list[Session], out: list[Violation]) -> None:
    daily: dict[tuple[str, dt.date], float] = defaultdict(float)
    for s in sessions:
        for x in s.staff:
            start, end = _staff_span(week, s, x)
            daily[(x, s.start.date())] += (end - start).total_seconds() / 60
    weekly: dict[str, float] = defaultdict(float)
    for (x, day), minutes in daily.items():
        weekly[x] += minutes
        if minutes > week.staff_by_id[x].max_daily_minutes:
            out.append(Violation("working_time", f"staff {x} works {minutes:.0f} min", str(day)))
    for x, minutes in weekly.items():
        if minutes > week.staff_by_id[x].contract_minutes:
            out.append(Violation("working_time", f"staff {x} works {minutes:.0f} min a week", x))


def _entitlements(week: Week, sessions: list[Session], out: list[Violation]) -> None:
    held: dict[tuple[str, str], list[dt.date]] = defaultdict(list)
    for s in sessions:
        for p in s.participants:
            held[(p, s.activity)].append(s.start.date())
    wanted: dict[tuple[str, str], tuple[int, bool]] = {}
    for person in week.participants:
        for e in person.entitlements:
            wanted[(person.id, e.activity)] = (e.sessions_per_week, e.statutory)
    for key, days in held.items():
        n, _ = wanted.get(key, (0, False))
        if len(days) > n:
            out.append(
                Violation(
                    "entitlement_exceeded",
                    f"{len(days)} sessions, {n} wanted",
                    f"{key[0]}/{key[1]}",
                )
            )
        if len(set(days)) < len(days):
            out.append(Violation("one_a_day", "two sessions on one day", f"{key[0]}/{key[1]}"))
    for key, (n, statutory) in wanted.items():
        if statutory and len(held.get(key, [])) != n:
            out.append(
                Violation(
                    "statutory_entitlement",
                    f"{len(held.get(key, []))} of {n} sessions",
                    f"{key[0]}/{key[1]}",
                )
            )


def _pins(week: Week, sessions: list[Session], out: list[Violation]) -> None:
    by_id = {s.id: s for s in sessions}
    for pin in week.pins:
        s = by_id.get(pin.session)
        if (
            s is None
            or s.start != pin.start
            or set(s.staff) != set(pin.staff)
            or s.room != pin.room
            or set(s.participants) != set(pin.participants)
        ):
            out.append(
                Violation("pin", "the published session was changed or dropped", pin.session)
            )


def _transport(
    week: Week, schedule: Schedule, sessions: list[Session], out: list[Violation]
) -> None:
    centre = week.centre
    first: dict[tuple[str, dt.date], dt.datetime] = {}
    last: dict[tuple[str, dt.date], dt.datetime] = {}
    for s in sessions:
        if s.location != "centre":
            continue
        for p in s.participants:
            key = (p, s.start.date())
            first[key] = min(first.get(key, s.start), s.start)
            last[key] = max(last.get(key, s.end), s.end)
    carried: dict[tuple[str, dt.date, str], dt.datetime] = {}
    by_vehicle: dict[str, list[tuple[dt.datetime, dt.datetime, str]]] = defaultdict(list)
    limit = dt.timedelta(minutes=week.max_ride_min)
    vehicles = {v.id: v for v in week.vehicles}
    for run in schedule.runs:
        vehicle = vehicles.get(run.vehicle)
        if vehicle is None:
            out.append(Violation("unknown_id", f"unknown vehicle {run.vehicle}", run.id))
            continue
        by_vehicle[run.vehicle].append((run.start, run.end, run.id))
        riders = [
            week.participant_by_id[st.participant]
            for st in run.stops
            if st.participant in week.participant_by_id
        ]
        chairs = sum(p.wheelchair for p in riders)
        if chairs > vehicle.wheelchair_places or len(riders) - chairs > vehicle.seats:
            out.append(
                Violation(
                    "vehicle_capacity", f"{len(riders)} riders ({chairs} in wheelchairs)", run.id
                )
            )
        for st in run.stops:
            person = week.participant_by_id.get(st.participant)
            if person is None:
                out.append(Violation("unknown_id", f"unknown participant {st.participant}", run.id))
                continue
            leg = _travel(week, person.home.lat, person.home.lon, centre.lat, centre.lon)
            day = st.at.date()
            if run.direction == "to_centre":
                ride, arrive = run.end - st.at, run.end
                due = first.get((person.id, day))
                if due is not None and arrive > due:
                    out.append(
                        Violation("late_arrival", f"{person.id} arrives after {due:%H:%M}", run.id)
                    )
                if st.at + dt.timedelta(minutes=leg) > arrive:
                    out.append(
                        Violation(
                            "ride_time", f"{person.id} cannot reach the centre in time", run.id
                        )
                    )
            else:
                ride = st.at - run.start
                gone = last.get((person.id, day))
                if gone is not None and run.start < gone:
                    out.append(
                        Violation(
                            "late_arrival", f"{person.id} leaves before the session ends", run.id
                        )
                    )
                if run.start + dt.timedelta(minutes=leg) > st.at:
                    out.append(Violation("ride_time", f"{person.id} dropped off too soon", run.id))
            if ride > limit:
                out.append(Violation("ride_time", f"{person.id} rides {ride}", run.id))
            carried[(person.id, day, run.direction)] = st.at
    for vehicle_id, spans in by_vehicle.items():
        for a, b in _overlaps(spans):
            out.append(Violation("vehicle_overlap", f"{vehicle_id} on two runs ({a}, {b})", b))
    unserved = set(schedule.unserved_transport)
    for key in first:
        rider: Participant = week.participant_by_id[key[0]]
        if not rider.transport:
            continue
        day_name = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[key[1].weekday()]
        for direction in ("to_centre", "to_home"):
            if (rider.id, key[1], direction) not in carried and (
                f"{rider.id}@{day_name}-{direction}" not in unserved
            ):
                out.append(
                    Violation("trip_missing", f"{rider.id} has no {direction} trip", str(key[1]))
                )
