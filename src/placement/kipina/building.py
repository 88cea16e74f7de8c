"""The CP-SAT model of a Kipinä week: interval variables for every possible session.

Model, in week minutes (Monday 00:00 = 0), starts on a 15-minute grid:

- **Group activities** (``group_max > 1``): for each activity, open day and group slot ``k`` an
  optional session (``x``) with a start variable; participants join (``y``), staff join (``s``),
  one room is chosen (``r``). Group size between ``group_min`` and ``group_max``; at least
  ``ceil(size / staff_ratio)`` staff; members fit the room; wheelchair users only in accessible
  rooms; ``not_with`` pairs never together; slots open in order (symmetry).
- **One-to-one activities**: each wanted session ``j`` of an entitlement may sit on any open day
  (``z``) at a start within the activity's and the participant's windows; one skilled staff
  member (``w``) and, on site, one room. Home visits add the staff member's travel before and
  after. Sessions of one entitlement fall on different days.
- **No double booking**: one no-overlap constraint per participant, staff member and room, with
  their unavailable hours as fixed intervals.
- **Working time**: per staff member, minutes worked (travel included) within the weekly contract
  and the daily maximum.
- **Entitlements**: statutory ones exactly, the others as many sessions as possible.
- **Objective** (maximised): 1000 per non-statutory session held, 50 per participant-session
  with a familiar staff member, minus 10 per percentage point of the highest staff utilisation
  (fair load), minus 1 per group session opened.
- **Pins**: a published session keeps its start, staff, room and participants.

The search over this model is :mod:`placement.kipina.solve`; the sessions are read back from
the solver by :mod:`placement.kipina.assembly`.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from placement.errors import Issue, ProblemError
from placement.kipina.model import DAY_NAMES, Activity, Participant, Staff, Week
from placement.kipina.times import minute_of

__all__ = ["GRID_MIN", "WEEK_MIN", "WEIGHTS", "Slot", "WeekModel", "build"]

logger = logging.getLogger("placement")


GRID_MIN = 15
"""Sessions start on this grid (minutes)."""

WEIGHTS = {"session": 1000, "familiar": 50, "max_utilisation_pct": 10, "group_opened": 1}
"""Objective weights (see the module docstring)."""

WEEK_MIN = 7 * 1440


@dataclass
class Slot:
    """One possible session and its variables."""

    id: str
    activity: Activity
    day: int
    start: cp_model.IntVar
    present: cp_model.IntVar
    members: dict[str, cp_model.IntVar] = field(default_factory=dict)
    staff: dict[str, cp_model.IntVar] = field(default_factory=dict)
    rooms: dict[str, cp_model.IntVar] = field(default_factory=dict)
    travel: dict[str, int] = field(default_factory=dict)


@dataclass
class WeekModel:
    week: Week
    cp: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    slots: list[Slot] = field(default_factory=list)
    busy: dict[tuple[str, str], list[cp_model.IntervalVar]] = field(
        default_factory=lambda: defaultdict(list)
    )
    load: dict[tuple[str, int], list[tuple[int, cp_model.IntVar]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    held: dict[tuple[str, str], list[cp_model.IntVar]] = field(
        default_factory=lambda: defaultdict(list)
    )
    familiar: dict[tuple[str, str], list[cp_model.IntVar]] = field(
        default_factory=lambda: defaultdict(list)
    )
    counts: list[tuple[cp_model.IntVar, cp_model.IntVar, bool]] = field(default_factory=list)


def _grid(lo: int, hi: int) -> list[int]:
    """Grid starts in [lo, hi]."""
    first = -(-lo // GRID_MIN) * GRID_MIN
    return list(range(first, hi + 1, GRID_MIN))


def _starts(week: Week, activity: Activity, day: int, windows: list[tuple[int, int]]) -> list[int]:
    """Grid starts on ``day`` inside the activity's hours and one of ``windows``."""
    base = day * 1440
    lo = base + minute_of(activity.earliest)
    hi = base + minute_of(activity.latest) - activity.duration_min
    starts: set[int] = set()
    for a, b in windows:
        starts.update(_grid(max(lo, a), min(hi, b - activity.duration_min)))
    return sorted(starts)


def _gaps(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of the week outside ``windows``."""
    gaps, cursor = [], 0
    for a, b in sorted(windows):
        if a > cursor:
            gaps.append((cursor, a))
        cursor = max(cursor, b)
    if cursor < WEEK_MIN:
        gaps.append((cursor, WEEK_MIN))
    return gaps


def build(week: Week) -> WeekModel:
    m = WeekModel(week)
    cp = m.cp
    days = sorted(set(week.days))
    windows = {p.id: week.open_windows(p.availability) for p in week.participants}
    staff_windows = {s.id: week.open_windows(s.availability) for s in week.staff}
    for kind, table in (("p", windows), ("s", staff_windows)):
        for who, spans in table.items():
            for a, b in _gaps(spans):
                m.busy[(kind, who)].append(cp.new_fixed_size_interval_var(a, b - a, ""))
    wanted: dict[str, list[tuple[Participant, int]]] = defaultdict(list)
    for p in week.participants:
        for e in p.entitlements:
            wanted[e.activity].append((p, e.sessions_per_week))
    for activity in week.activities:
        run_days = [d for d in days if d in activity.days]
        if activity.is_group:
            _groups(m, activity, run_days, [p for p, _ in wanted[activity.id]], windows)
        else:
            for p, n in wanted[activity.id]:
                _one_to_one(m, activity, run_days, p, n, windows[p.id])
    _staff_and_rooms(m, staff_windows)
    _entitlements(m)
    _pins(m)
    for intervals in m.busy.values():
        if len(intervals) > 1:
            cp.add_no_overlap(intervals)
    _objective(m)
    return m


def _groups(
    m: WeekModel,
    activity: Activity,
    days: list[int],
    people: list[Participant],
    windows: dict[str, list[tuple[int, int]]],
) -> None:
    cp, week = m.cp, m.week
    for day in days:
        eligible = [p for p in people if _starts(week, activity, day, windows[p.id])]
        if not eligible:
            continue
        count = math.ceil(len(eligible) / activity.group_max) + 1
        if activity.max_groups_per_day is not None:
            count = min(count, activity.max_groups_per_day)
        previous = None
        for k in range(count):
            domain = _starts(week, activity, day, [(day * 1440, day * 1440 + 1440)])
            slot = _slot(m, activity, day, f"{activity.id}-{DAY_NAMES[day]}-{k + 1}", domain)
            if previous is not None:
                cp.add_implication(slot.present, previous.present)
            previous = slot
            for p in eligible:
                y = cp.new_bool_var("")
                cp.add_implication(y, slot.present)
                slot.members[p.id] = y
                m.held[(p.id, activity.id)].append(y)
                m.busy[("p", p.id)].append(
                    cp.new_optional_fixed_size_interval_var(
                        slot.start, activity.duration_min, y, ""
                    )
                )
            size = sum(slot.members.values())
            cp.add(size >= activity.group_min * slot.present)
            cp.add(size <= activity.group_max * slot.present)
            apart = {tuple(sorted((p.id, o))) for p in eligible for o in p.not_with}
            for a, b in sorted(apart):
                if a in slot.members and b in slot.members:
                    cp.add(slot.members[a] + slot.members[b] <= 1)
        for p in eligible:
            daily = [s.members[p.id] for s in m.slots if s.activity is activity and s.day == day]
            cp.add(sum(daily) <= 1)


def _one_to_one(
    m: WeekModel,
    activity: Activity,
    days: list[int],
    p: Participant,
    n: int,
    windows: list[tuple[int, int]],
) -> None:
    cp, week = m.cp, m.week
    by_day: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    previous = None
    for j in range(1, n + 1):
        chosen = []
        for day in days:
            starts = _starts(week, activity, day, windows)
            if not starts:
                continue
            slot = _slot(m, activity, day, f"{activity.id}-{p.id}-{j}", starts)
            slot.members[p.id] = slot.present
            m.busy[("p", p.id)].append(
                cp.new_optional_fixed_size_interval_var(
                    slot.start, activity.duration_min, slot.present, ""
                )
            )
            if activity.mode == "mobile":
                slot.travel = {
                    s.id: week.travel_min(s.base or week.centre, p.home) for s in week.staff
                }
            by_day[day].append(slot.present)
            chosen.append(slot.present)
        held = cp.new_bool_var("")
        cp.add(sum(chosen) == held)
        m.held[(p.id, activity.id)].append(held)
        if previous is not None:
            cp.add_implication(held, previous)
        previous = held
    for presents in by_day.values():
        cp.add(sum(presents) <= 1)


def _slot(m: WeekModel, activity: Activity, day: int, name: str, starts: list[int]) -> Slot:
    cp = m.cp
    start = cp.new_int_var_from_domain(cp_model.Domain.from_values(starts), "")
    slot = Slot(name, activity, day, start, cp.new_bool_var(""))
    m.slots.append(slot)
    return slot


def _qualified(staff: Staff, activity: Activity) -> bool:
    return set(activity.skills) <= set(staff.skills) and staff.contract_minutes > 0


def _staff_and_rooms(m: WeekModel, staff_windows: dict[str, list[tuple[int, int]]]) -> None:
    cp, week = m.cp, m.week
    for slot in m.slots:
        a = slot.activity
        base = slot.day * 1440
        for s in week.staff:
            if not _qualified(s, a):
                continue
            works = any(lo <= base + 1440 and hi >= base for lo, hi in staff_windows[s.id])
            if not works:
                continue
            travel = slot.travel.get(s.id, 0)
            v = cp.new_bool_var("")
            cp.add_implication(v, slot.present)
            slot.staff[s.id] = v
            length = a.duration_min + 2 * travel
            m.busy[("s", s.id)].append(
                cp.new_optional_fixed_size_interval_var(slot.start - travel, length, v, "")
            )
            m.load[(s.id, slot.day)].append((length, v))
        crew = sum(slot.staff.values())
        members = sum(slot.members.values())
        if a.is_group:
            cp.add(a.staff_ratio * crew >= members)
            cp.add(crew >= slot.present)
        else:
            cp.add(crew == slot.present)
        for pid, y in slot.members.items():
            known = [
                slot.staff[s] for s in week.participant_by_id[pid].familiar_staff if s in slot.staff
            ]
            if known:
                f = cp.new_bool_var("")
                cp.add_implication(f, y)
                cp.add(f <= sum(known))
                m.familiar[(pid, a.id)].append(f)
        if a.mode != "on_site":
            continue
        wheel = [y for pid, y in slot.members.items() if week.participant_by_id[pid].wheelchair]
        for room in week.rooms:
            if not set(a.room_features) <= set(room.features):
                continue
            if not room.accessible and len(wheel) == len(slot.members):
                continue
            r = cp.new_bool_var("")
            slot.rooms[room.id] = r
            m.busy[("r", room.id)].append(
                cp.new_optional_fixed_size_interval_var(slot.start, a.duration_min, r, "")
            )
            if not room.accessible:
                for y in wheel:
                    cp.add(y + r <= 1)
        cp.add(sum(slot.rooms.values()) == slot.present)
        capacity = sum(week.room_by_id[rid].capacity * r for rid, r in slot.rooms.items())
        cp.add(members <= capacity)
    for s in week.staff:
        days = [d for (sid, d) in m.load if sid == s.id]
        for d in days:
            cp.add(sum(length * v for length, v in m.load[(s.id, d)]) <= s.max_daily_minutes)
        weekly = [term for d in days for term in m.load[(s.id, d)]]
        if weekly:
            cp.add(sum(length * v for length, v in weekly) <= s.contract_minutes)


def _entitlements(m: WeekModel) -> None:
    """Count sessions and familiar-staff sessions per entitlement in variables bounded by the
    entitlement: the objective then has a tight bound by propagation alone."""
    cp = m.cp
    for p in m.week.participants:
        for e in p.entitlements:
            n = e.sessions_per_week
            held = cp.new_int_var(n if e.statutory else 0, n, "")
            cp.add(held == sum(m.held.get((p.id, e.activity), [])))
            known = cp.new_int_var(0, n, "")
            cp.add(known == sum(m.familiar.get((p.id, e.activity), [])))
            cp.add(known <= held)
            m.counts.append((held, known, e.statutory))


def _pins(m: WeekModel) -> None:
    cp, week = m.cp, m.week
    by_id: dict[str, list[Slot]] = defaultdict(list)
    for slot in m.slots:
        by_id[slot.id].append(slot)
    for pin in week.pins:
        where = f"pins[{pin.session}]"
        minute = week.minute(pin.start)
        candidates = [s for s in by_id.get(pin.session, []) if s.day == minute // 1440]
        if not candidates:
            raise ProblemError(
                [Issue(where, "no such session can exist this week", "check the id and day")],
                what="week",
            )
        slot = candidates[0]
        cp.add(slot.present == 1)
        cp.add(slot.start == minute)
        for sid, v in slot.staff.items():
            cp.add(v == int(sid in pin.staff))
        for pid, y in slot.members.items():
            cp.add(y == int(pid in pin.participants))
        for rid, r in slot.rooms.items():
            cp.add(r == int(rid == pin.room))
        missing = (set(pin.staff) - set(slot.staff)) | (set(pin.participants) - set(slot.members))
        if missing or (pin.room is not None and pin.room not in slot.rooms):
            raise ProblemError(
                [Issue(where, "names staff, participants or a room the session cannot take")],
                what="week",
            )


def _objective(m: WeekModel) -> None:
    cp, week = m.cp, m.week
    sessions = [held for held, _, statutory in m.counts if not statutory]
    familiar = [known for _, known, _ in m.counts]
    opened = [slot.present for slot in m.slots if slot.activity.is_group]
    peak = cp.new_int_var(0, 1000, "peak")
    for s in week.staff:
        terms = [t for d in week.days for t in m.load.get((s.id, d), [])]
        if terms and s.contract_minutes > 0:
            cp.add(peak * s.contract_minutes >= 100 * sum(length * v for length, v in terms))
    cp.maximize(
        WEIGHTS["session"] * sum(sessions)
        + WEIGHTS["familiar"] * sum(familiar)
        - WEIGHTS["max_utilisation_pct"] * peak
        - WEIGHTS["group_opened"] * sum(opened)
    )
