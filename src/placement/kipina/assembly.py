"""A planned week read back from the solver: its sessions, and the entitlements left unmet."""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from placement.kipina.building import WeekModel
from placement.kipina.model import Week
from placement.kipina.result import Session, Unmet

__all__ = ["sessions_of", "unmet_of"]


def sessions_of(m: WeekModel, solver: cp_model.CpSolver) -> list[Session]:
    week = m.week
    out = []
    for slot in m.slots:
        if not solver.boolean_value(slot.present):
            continue
        start = int(solver.value(slot.start))
        staff = tuple(sorted(s for s, v in slot.staff.items() if solver.boolean_value(v)))
        room = next((r for r, v in slot.rooms.items() if solver.boolean_value(v)), None)
        members = tuple(sorted(p for p, v in slot.members.items() if solver.boolean_value(v)))
        a = slot.activity
        location = {"on_site": "centre", "mobile": "home", "remote": "remote"}[a.mode]
        out.append(
            Session(
                id=slot.id,
                activity=a.id,
                start=week.moment(start),
                end=week.moment(start + a.duration_min),
                staff=staff,
                room=room,
                participants=members,
                location=location,
                travel_min=max((slot.travel.get(s, 0) for s in staff), default=0),
            )
        )
    return sorted(out, key=lambda s: (s.start, s.id))


def unmet_of(week: Week, sessions: list[Session]) -> list[Unmet]:
    held: dict[tuple[str, str], int] = defaultdict(int)
    for s in sessions:
        for p in s.participants:
            held[(p, s.activity)] += 1
    return [
        Unmet(
            participant=p.id,
            activity=e.activity,
            wanted=e.sessions_per_week,
            scheduled=held[(p.id, e.activity)],
            statutory=e.statutory,
        )
        for p in week.participants
        for e in p.entitlements
        if held[(p.id, e.activity)] < e.sessions_per_week
    ]
