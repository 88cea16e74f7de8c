"""Timetables as DataFrames, and iCalendar files per staff member and per room.

Calendar events carry pseudonymous ids only: the activity, the room and the participants' ids,
never names, needs or entitlements. Each event's UID is built from the week and the session id,
so re-exporting a changed schedule updates the same events in a calendar client.

Times are Finnish wall-clock times: every DTSTART and DTEND names ``TZID=Europe/Helsinki``, and
each file carries that zone's VTIMEZONE, as RFC 5545 (3.2.19) requires of any TZID used, so a
client without its own zone database still places the events at the right UTC time. The
VTIMEZONE is icalendar's own (:meth:`icalendar.Timezone.from_tzid`, from the zoneinfo data),
covering the calendar years of the week with their daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pandas as pd
from icalendar import Calendar, Event, Timezone

from placement.files import check_writable
from placement.kipina.model import Week
from placement.kipina.result import Schedule, Session

__all__ = ["check_writable", "ics_name", "ics_names", "timetable", "write_ics"]

TIMEZONE = ZoneInfo("Europe/Helsinki")
"""The zone of every calendar time (the schedule's times are Finnish wall-clock times)."""


def timetable(
    schedule: Schedule, by: Literal["staff", "room", "participant"] = "staff"
) -> pd.DataFrame:
    """One row per session and ``by`` (a staff member, room or participant), by start.

    Columns: ``by``, ``session``, ``activity``, ``day``, ``start``, ``end``, ``room``,
    ``location``, ``crew`` (staff ids) and ``attendees`` (participant ids), joined by commas,
    and ``travel_min``.
    """
    rows = []
    for s in schedule.sessions:
        owners: tuple[str, ...]
        if by == "staff":
            owners = s.staff
        elif by == "room":
            owners = () if s.room is None else (s.room,)
        else:
            owners = s.participants
        for owner in owners:
            rows.append(
                {
                    by: owner,
                    "session": s.id,
                    "activity": s.activity,
                    "day": s.start.strftime("%a"),
                    "start": s.start,
                    "end": s.end,
                    "room": s.room,
                    "location": s.location,
                    "crew": ",".join(s.staff),
                    "attendees": ",".join(s.participants),
                    "travel_min": s.travel_min,
                }
            )
    rest = ["session", "activity", "day", "start", "end", "room", "location", "crew",
            "attendees", "travel_min"]  # fmt: skip
    columns = [by, *(c for c in rest if c != by)]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values([by, "start"], kind="stable").reset_index(drop=True)


def write_ics(
    week: Week, schedule: Schedule, directory: str | Path, stamp: dt.datetime | None = None
) -> list[Path]:
    """Write ``staff-<id>.ics`` for every staff member and ``room-<id>.ics`` for every room.

    Ids are percent-encoded in file names (:func:`ics_name`): an id with ``/`` stays one file
    in ``directory``.

    Parameters
    ----------
    week : Week
        The week planned (for the UID's week).
    schedule : Schedule
        The plan.
    directory : str or Path
        Created if missing.
    stamp : datetime, optional
        DTSTAMP of every event (UTC); now by default.

    Returns
    -------
    list of Path
        The files written.
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    stamp = stamp or dt.datetime.now(dt.UTC)
    zone = _vtimezone(week)
    written = []
    owners: list[tuple[str, str, list[Session]]] = [
        ("staff", m.id, [s for s in schedule.sessions if m.id in s.staff]) for m in week.staff
    ]
    owners += [("room", r.id, [s for s in schedule.sessions if s.room == r.id]) for r in week.rooms]
    for kind, owner, sessions in owners:
        calendar = Calendar()
        calendar.add("prodid", "-//placement//kipina//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", f"Kipinä {kind} {owner} {week.week_start.isoformat()}")
        calendar.add_component(zone)
        for s in sessions:
            calendar.add_component(_event(week, s, stamp))
        path = out / ics_name(kind, owner)
        path.write_bytes(calendar.to_ical())
        written.append(path)
    return written


def ics_name(kind: str, owner: str) -> str:
    """The calendar file name of a staff member or room: ``<kind>-<id>.ics``, the id
    percent-encoded (``/``, ``\\``, ``:`` and the like become ``%2F``...), so every id is one
    safe file name."""
    return f"{kind}-{quote(owner, safe='')}.ics"


def ics_names(week: Week) -> list[str]:
    """Every calendar file :func:`write_ics` writes for ``week``, in its order."""
    return [ics_name("staff", s.id) for s in week.staff] + [
        ics_name("room", r.id) for r in week.rooms
    ]


def _vtimezone(week: Week) -> Timezone:
    """Europe/Helsinki as a VTIMEZONE from 1 January of the week's first year to 1 January after
    its last, so an event a client moves within those years keeps its offset."""
    last = week.week_start + dt.timedelta(days=6)
    zone = Timezone.from_tzid(
        str(TIMEZONE.key),
        first_date=dt.date(week.week_start.year, 1, 1),
        last_date=dt.date(last.year + 1, 1, 1),
    )
    return zone


def _event(week: Week, s: Session, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{week.week_start.isoformat()}-{s.id}@placement.kipina")
    event.add("dtstamp", stamp)
    event.add("dtstart", s.start.replace(tzinfo=TIMEZONE))
    event.add("dtend", s.end.replace(tzinfo=TIMEZONE))
    where = s.room or ("home visit" if s.location == "home" else "remote")
    event.add("summary", f"{s.activity.replace('_', ' ')} ({where})")
    event.add("location", where)
    lines = [f"participants: {', '.join(s.participants)}", f"staff: {', '.join(s.staff)}"]
    if s.travel_min:
        lines.append(f"travel {s.travel_min} min each way")
    event.add("description", "\n".join(lines))
    return event
