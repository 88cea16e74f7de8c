"""Cross-reference checks of a Kipinä :class:`~placement.kipina.model.Week`, in linear time.

Each check yields :class:`~placement.errors.Issue` objects whose paths name ids and fields
(``participants[p17].entitlements[physio]``), never a participant's entitlement values or needs.
Every lookup goes through a dictionary or a counter built once, so validating a week of tens of
thousands of participants takes well under a second (``docs/kipina.md``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, TypeVar

from placement.errors import Issue

if TYPE_CHECKING:
    from placement.kipina.model import Week

__all__ = ["MAX_ID_LENGTH", "id_label", "week_issues"]

H = TypeVar("H", str, int)

MAX_ID_LENGTH = 64
"""Longest id (characters) of anything in a week: ids become file names and calendar uids."""


def id_label(value: str, position: int) -> str:
    """``value`` as it may appear in a message path, or ``#position`` if it is unprintable."""
    if value and value.isprintable() and len(value) <= MAX_ID_LENGTH:
        return value
    return f"#{position}"


def week_issues(week: Week) -> list[Issue]:
    """Every cross-reference problem of ``week`` (empty when it is valid)."""
    issues: list[Issue] = []
    for check in (_ids, _calendar, _activities, _participants, _pins):
        issues.extend(check(week))
    return issues


def _duplicates(values: Iterable[H]) -> list[H]:
    """Values that occur more than once, in first-seen order (one Counter pass)."""
    counts = Counter(values)
    return [value for value, n in counts.items() if n > 1]


def _ids(week: Week) -> Iterator[Issue]:
    for name, ids in (
        ("activities", [a.id for a in week.activities]),
        ("staff", [s.id for s in week.staff]),
        ("rooms", [r.id for r in week.rooms]),
        ("participants", [p.id for p in week.participants]),
        ("vehicles", [v.id for v in week.vehicles]),
    ):
        for k, ident in enumerate(ids):
            if not ident.isprintable() or len(ident) > MAX_ID_LENGTH:
                yield Issue(
                    f"{name}[#{k}].id",
                    f"ids are at most {MAX_ID_LENGTH} printable characters (no control characters)",
                    "use a short pseudonymous id",
                )
        for dup in _duplicates(ids):
            yield Issue(f"{name}[{dup}]", "duplicate id", "give every item its own id")


def _days(where: str, days: tuple[int, ...]) -> Iterator[Issue]:
    for day in sorted({d for d in days if not 0 <= d <= 6}):
        yield Issue(where, f"day {day} is not a weekday number", "use 0 (Monday) to 6 (Sunday)")
    for day in _duplicates(days):
        yield Issue(where, f"day {day} is listed twice", "list each weekday once")


def _calendar(week: Week) -> Iterator[Issue]:
    if week.week_start.weekday() != 0:
        yield Issue("week_start", "is not a Monday", "give the Monday of the week")
    if week.week_start > dt.date.max - dt.timedelta(days=7):
        yield Issue("week_start", "the week runs past year 9999", "give a real week")
    if week.opens >= week.closes:
        yield Issue("opens", "the centre opens at or after it closes", "give opens < closes")
    yield from _days("days", week.days)
    if not week.days:
        yield Issue("days", "the centre is open on no day", "list the weekdays it is open")


def _activities(week: Week) -> Iterator[Issue]:
    skills = {s for member in week.staff for s in member.skills}
    rooms = [set(r.features) for r in week.rooms]
    for k, a in enumerate(week.activities):
        where = f"activities[{id_label(a.id, k)}]"
        if a.group_min > a.group_max:
            yield Issue(f"{where}.group_min", "is above group_max")
        missing = sorted(set(a.skills) - skills)
        if missing:
            yield Issue(f"{where}.skills", f"no staff member has skills {missing}", "add staff")
        if a.mode == "on_site" and not any(set(a.room_features) <= f for f in rooms):
            yield Issue(f"{where}.room_features", "no room has them", "add a room")
        if _minute(a.latest) - _minute(a.earliest) < a.duration_min:
            yield Issue(f"{where}.latest", "a session does not fit between earliest and latest")
        yield from _days(f"{where}.days", a.days)


def _participants(week: Week) -> Iterator[Issue]:
    activities = week.activity_by_id
    open_days = set(week.days)
    for k, p in enumerate(week.participants):
        where = f"participants[{id_label(p.id, k)}]"
        for j, e in enumerate(p.entitlements):  # by position: an activity can tell a need
            place = f"{where}.entitlements[{j}]"
            activity = activities.get(e.activity)
            if activity is None:
                yield Issue(f"{place}.activity", "unknown activity", "use an activity id")
            elif e.sessions_per_week > len(set(activity.days) & open_days):
                yield Issue(
                    f"{place}.sessions_per_week",
                    "more sessions than days the activity runs",
                    "at most one session a day",
                )
        first: dict[str, int] = {}
        for j, e in enumerate(p.entitlements):
            if e.activity in first:
                yield Issue(
                    f"{where}.entitlements[{j}]",
                    f"names the same activity as entitlements[{first[e.activity]}]",
                    "give one entitlement per activity with its sessions_per_week",
                )
            first.setdefault(e.activity, j)
        yield from _references(f"{where}.familiar_staff", p.familiar_staff, week.staff_by_id)
        yield from _references(f"{where}.not_with", p.not_with, week.participant_by_id)
        if p.id in p.not_with:
            yield Issue(f"{where}.not_with", "names the participant themself")


def _pins(week: Week) -> Iterator[Issue]:
    begin = dt.datetime.combine(week.week_start, dt.time())
    for dup in _duplicates(p.session for p in week.pins):
        yield Issue(f"pins[{dup}]", "the session is pinned twice", "pin each session once")
    for k, pin in enumerate(week.pins):
        where = f"pins[{id_label(pin.session, k)}]"
        if pin.start.tzinfo is not None:
            yield Issue(f"{where}.start", "has a time zone", "give local wall-clock time")
        elif not begin <= pin.start < begin + dt.timedelta(days=7):
            yield Issue(f"{where}.start", "is outside the week", "pin sessions of this week")
        yield from _references(f"{where}.staff", pin.staff, week.staff_by_id)
        yield from _references(f"{where}.participants", pin.participants, week.participant_by_id)
        if pin.room is not None and pin.room not in week.room_by_id:
            yield Issue(f"{where}.room", "unknown room", "use a room id")


def _references(where: str, ids: tuple[str, ...], known: Mapping[str, object]) -> Iterator[Issue]:
    for k, ref in enumerate(ids):
        if ref not in known:
            yield Issue(f"{where}[{id_label(ref, k)}]", "unknown id", "use an id of this week")
    for dup in _duplicates(ids):
        yield Issue(f"{where}[{dup}]", "listed twice", "list each id once")


def _minute(t: dt.time) -> int:
    return t.hour * 60 + t.minute
