"""Every calendar file carries the Europe/Helsinki VTIMEZONE its TZIDs name (RFC 5545, 3.2.19),
and every event lands on the right UTC instant under that VTIMEZONE's own rules (issue 16:
the files named ``TZID=Europe/Helsinki`` without defining it, and some clients misplaced the
events).

The expected instants come from :mod:`zoneinfo`; the files are read back with ``icalendar`` and
their times resolved through the VTIMEZONE in the file (``Timezone.to_tz(lookup_tzid=False)``),
not through the reader's own zone database, so a missing or wrong definition fails.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from placement.kipina import Schedule, Session, Week, schedule
from placement.kipina.export import write_ics
from placement.result import Status

HELSINKI = ZoneInfo("Europe/Helsinki")
CENTRE = {"lat": 61.6867, "lon": 27.2713}


def week(monday: dt.date, days: list[int]) -> Week:
    """Two staff members and a room, open on ``days`` (0 = Monday) from 7 to 17."""
    return Week(
        week_start=monday,
        centre=CENTRE,
        days=days,
        activities=[
            {
                "id": "physio",
                "type": "physiotherapy",
                "duration_min": 60,
                "earliest": dt.time(9),
                "latest": dt.time(16),
                "room_features": ["gym"],
                "days": days,
            }
        ],
        staff=[{"id": "s1", "skills": []}, {"id": "s2", "skills": []}],
        rooms=[{"id": "gym", "capacity": 4, "features": ["gym"]}],
        participants=[
            {
                "id": "p1",
                "home": {"lat": 61.69, "lon": 27.28},
                "entitlements": [
                    {"activity": "physio", "sessions_per_week": len(days), "statutory": True}
                ],
            }
        ],
    )


def by_hand(w: Week, times: list[tuple[int, int, int]]) -> Schedule:
    """Sessions at (weekday, hour, minute), alternating the two staff members."""
    sessions = []
    for k, (day, hour, minute) in enumerate(times):
        start = dt.datetime.combine(w.date_of(day), dt.time(hour, minute))
        sessions.append(
            Session(
                id=f"physio-p1-{k + 1}",
                activity="physio",
                start=start,
                end=start + dt.timedelta(minutes=60),
                staff=(f"s{k % 2 + 1}",),
                room="gym",
                participants=("p1",),
            )
        )
    return Schedule(status=Status.FEASIBLE, sessions=tuple(sessions))


CASES: dict[str, tuple[Week, list[tuple[int, int, int]]]] = {
    # winter time (UTC+2)
    "winter": (week(dt.date(2026, 2, 2), [0, 2]), [(0, 9, 0), (2, 15, 45)]),
    # summer time (UTC+3)
    "summer": (week(dt.date(2026, 6, 15), [1, 3]), [(1, 9, 0), (3, 16, 0)]),
    # clocks go forward on Sunday 29 March 2026 at 03:00: Friday at +2, Sunday at +3
    "spring change": (week(dt.date(2026, 3, 23), [4, 6]), [(4, 9, 0), (6, 9, 0)]),
    # clocks go back on Sunday 25 October 2026 at 04:00: Saturday at +3, Sunday at +2
    "autumn change": (week(dt.date(2026, 10, 19), [5, 6]), [(5, 10, 30), (6, 10, 30)]),
    # a week across New Year
    "new year": (week(dt.date(2029, 12, 31), [0, 1]), [(0, 9, 0), (1, 9, 0)]),
}


def events_in_utc(path: Path) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """(uid, start, end) of every event in ``path``, resolved through the file's VTIMEZONE."""
    calendar = Calendar.from_ical(path.read_bytes())
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Helsinki"], path.name
    assert calendar.get_missing_tzids() == set()
    names = [c.name for c in calendar.subcomponents]
    assert names.index("VTIMEZONE") < min(
        (k for k, n in enumerate(names) if n == "VEVENT"), default=len(names)
    ), "the VTIMEZONE comes before the events that use it"
    own = zones[0].to_tz(lookup_tzid=False)  # the file's definition, not the reader's database
    out = []
    for event in calendar.walk("VEVENT"):
        times = []
        for key in ("DTSTART", "DTEND"):
            prop: Any = event[key]
            assert prop.params["TZID"] == "Europe/Helsinki"
            wall = prop.dt.replace(tzinfo=None)
            times.append(wall.replace(tzinfo=own).astimezone(dt.UTC))
        out.append((str(event["UID"]), times[0], times[1]))
    return out


def expected_utc(w: Week, plan: Schedule, owner: str) -> list[tuple[str, dt.datetime, dt.datetime]]:
    return [
        (
            f"{w.week_start.isoformat()}-{s.id}@placement.kipina",
            s.start.replace(tzinfo=HELSINKI).astimezone(dt.UTC),
            s.end.replace(tzinfo=HELSINKI).astimezone(dt.UTC),
        )
        for s in plan.sessions
        if owner in s.staff or owner == s.room
    ]


@pytest.mark.parametrize("case", list(CASES))
def test_every_file_defines_its_zone_and_every_event_is_at_its_utc_time(
    case: str, tmp_path: Path
) -> None:
    """Each staff and room file: one VTIMEZONE for Europe/Helsinki before the events, and each
    event's start and end in UTC under it equal the session's, through zoneinfo."""
    w, times = CASES[case]
    plan = by_hand(w, times)
    files = write_ics(w, plan, tmp_path, stamp=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert sorted(p.name for p in files) == ["room-gym.ics", "staff-s1.ics", "staff-s2.ics"]
    for path in files:
        owner = path.stem.split("-", 1)[1]
        assert sorted(events_in_utc(path)) == sorted(expected_utc(w, plan, owner))
    offsets = sorted({(s.start.replace(tzinfo=HELSINKI).utcoffset()) for s in plan.sessions})
    if case.endswith("change"):  # the week really straddles the switch
        assert offsets == [dt.timedelta(hours=2), dt.timedelta(hours=3)]


def test_known_instants() -> None:
    """Two anchors written out: 9:00 in Helsinki is 7:00 UTC in February, 6:00 UTC in June."""
    w, times = CASES["winter"]
    assert expected_utc(w, by_hand(w, times), "s1")[0][1] == dt.datetime(
        2026, 2, 2, 7, tzinfo=dt.UTC
    )
    w, times = CASES["summer"]
    assert expected_utc(w, by_hand(w, times), "s1")[0][1] == dt.datetime(
        2026, 6, 16, 6, tzinfo=dt.UTC
    )


def test_a_solved_week_writes_valid_calendars(tmp_path: Path) -> None:
    """The scheduler's own plan of a small week across the spring change: every file written
    parses, defines its zone, and places every session at its UTC time."""
    w = week(dt.date(2026, 3, 23), [4, 6])
    plan = schedule(w, time_limit=20, deterministic=True)
    assert plan.status == Status.OPTIMAL
    assert len(plan.sessions) == 2
    files = write_ics(w, plan, tmp_path)
    assert len(files) == len(w.staff) + len(w.rooms)
    for path in files:
        owner = path.stem.split("-", 1)[1]
        assert sorted(events_in_utc(path)) == sorted(expected_utc(w, plan, owner))
