"""Each hard rule of the Kipinä scheduler, on a tiny week where that rule is what a naive plan
breaks.

For every rule: the naive schedule (everything at the first possible moment, first staff member,
first room) is flagged by the independent checker under that rule's name, and the scheduler's own
schedule keeps the rule and passes the checker.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from placement.kipina import Run, Schedule, Session, Week, schedule
from placement.kipina.check import RULES, check
from placement.result import Status

MONDAY = dt.date(2026, 2, 2)
CENTRE = {"lat": 61.6867, "lon": 27.2713}
NEAR = {"lat": 61.69, "lon": 27.28}


def at(hour: int, minute: int = 0, day: int = 0) -> dt.datetime:
    """A moment of the tiny week."""
    return dt.datetime.combine(MONDAY + dt.timedelta(days=day), dt.time(hour, minute))


def activity(aid: str = "physio", **extra: Any) -> dict[str, Any]:
    base = {
        "id": aid,
        "type": "physiotherapy",
        "duration_min": 60,
        "earliest": dt.time(9),
        "latest": dt.time(15),
        "room_features": ["gym"],
    }
    return {**base, **extra}


def person(pid: str, *wants: tuple[str, int], **extra: Any) -> dict[str, Any]:
    ent = [{"activity": a, "sessions_per_week": n, "statutory": True} for a, n in wants]
    return {"id": pid, "home": NEAR, "entitlements": ent, **extra}


def week(**parts: Any) -> Week:
    """A one-day week (Monday) unless ``days`` says otherwise."""
    data: dict[str, Any] = {
        "week_start": MONDAY,
        "centre": CENTRE,
        "days": [0],
        "activities": [activity()],
        "staff": [{"id": "s1", "skills": []}],
        "rooms": [{"id": "gym", "capacity": 4, "features": ["gym"]}],
        "participants": [person("p1", ("physio", 1))],
    }
    data.update(parts)
    return Week(**data)


def session(sid: str, start: dt.datetime, minutes: int = 60, **extra: Any) -> Session:
    fields = {"activity": "physio", "staff": ("s1",), "room": "gym", "participants": ("p1",)}
    fields.update(extra)
    return Session(id=sid, start=start, end=start + dt.timedelta(minutes=minutes), **fields)


def naive(*sessions: Session) -> Schedule:
    return Schedule(status=Status.FEASIBLE, sessions=sessions)


def solved(w: Week) -> Schedule:
    plan = schedule(w, time_limit=20, deterministic=True)
    assert plan.status == Status.OPTIMAL
    assert check(w, plan) == []
    return plan


def rules(w: Week, plan: Schedule) -> set[str]:
    return {v.rule for v in check(w, plan)}


def test_participant_not_double_booked() -> None:
    """Two one-to-one services for one participant cannot both start at 09:00."""
    w = week(
        activities=[activity(), activity("guidance", type="autism_guidance", room_features=[])],
        staff=[{"id": "s1"}, {"id": "s2"}],
        rooms=[{"id": "gym", "capacity": 4, "features": ["gym"]}, {"id": "r2", "capacity": 2}],
        participants=[person("p1", ("physio", 1), ("guidance", 1))],
    )
    bad = naive(
        session("a", at(9)), session("b", at(9), activity="guidance", staff=("s2",), room="r2")
    )
    assert "participant_overlap" in rules(w, bad)
    plan = solved(w)
    a, b = plan.sessions
    assert a.end <= b.start


def test_staff_not_double_booked() -> None:
    """One staff member, two participants: sessions one after the other."""
    w = week(
        rooms=[
            {"id": "gym", "capacity": 4, "features": ["gym"]},
            {"id": "gym2", "capacity": 4, "features": ["gym"]},
        ],
        participants=[person("p1", ("physio", 1)), person("p2", ("physio", 1))],
    )
    bad = naive(session("a", at(9)), session("b", at(9), room="gym2", participants=("p2",)))
    assert rules(w, bad) == {"staff_overlap"}
    a, b = solved(w).sessions
    assert a.end <= b.start


def test_room_not_double_booked() -> None:
    """Two staff, one gym: the gym holds one session at a time."""
    w = week(
        staff=[{"id": "s1"}, {"id": "s2"}],
        participants=[person("p1", ("physio", 1)), person("p2", ("physio", 1))],
    )
    bad = naive(session("a", at(9)), session("b", at(9), staff=("s2",), participants=("p2",)))
    assert rules(w, bad) == {"room_overlap"}
    a, b = solved(w).sessions
    assert a.end <= b.start


def test_group_size() -> None:
    """Five participants, groups of at most three: two groups."""
    group = activity("club", type="day_activity", group_min=2, group_max=3, staff_ratio=3)
    people = [person(f"p{k}", ("club", 1)) for k in range(1, 6)]
    w = week(
        activities=[group],
        staff=[{"id": "s1"}, {"id": "s2"}],
        rooms=[
            {"id": "gym", "capacity": 9, "features": ["gym"]},
            {"id": "g2", "capacity": 9, "features": ["gym"]},
        ],
        participants=people,
    )
    bad = naive(
        session("club-mon-1", at(9), activity="club", participants=tuple(p["id"] for p in people))
    )
    assert "group_size" in rules(w, bad)
    plan = solved(w)
    assert sorted(len(s.participants) for s in plan.sessions) == [2, 3]


def test_staff_ratio() -> None:
    """Four participants at one staff member per two: two staff on the session."""
    group = activity("club", type="day_activity", group_max=4, staff_ratio=2)
    people = [person(f"p{k}", ("club", 1)) for k in range(1, 5)]
    w = week(activities=[group], staff=[{"id": "s1"}, {"id": "s2"}], participants=people)
    bad = naive(
        session("club-mon-1", at(9), activity="club", participants=tuple(p["id"] for p in people))
    )
    assert rules(w, bad) == {"staff_ratio"}
    (only,) = solved(w).sessions
    assert len(only.staff) == 2


def test_skills() -> None:
    """Physiotherapy needs the physiotherapist, not the first staff member listed."""
    w = week(
        activities=[activity(skills=["physiotherapy"])],
        staff=[{"id": "s1", "skills": ["instructor"]}, {"id": "s2", "skills": ["physiotherapy"]}],
    )
    assert rules(w, naive(session("physio-p1-1", at(9)))) == {"skills"}
    (only,) = solved(w).sessions
    assert only.staff == ("s2",)


def test_accessible_room() -> None:
    """A wheelchair user's session goes to the accessible room, not the first one."""
    w = week(
        rooms=[
            {"id": "gym", "capacity": 4, "features": ["gym"], "accessible": False},
            {"id": "gym2", "capacity": 4, "features": ["gym"]},
        ],
        participants=[person("p1", ("physio", 1), wheelchair=True)],
    )
    assert rules(w, naive(session("physio-p1-1", at(9)))) == {"room"}
    (only,) = solved(w).sessions
    assert only.room == "gym2"


def test_staff_availability() -> None:
    """A staff member working afternoons only is not booked at 09:00."""
    w = week(staff=[{"id": "s1", "availability": [{"day": 0, "start": "12:00", "end": "16:00"}]}])
    assert rules(w, naive(session("physio-p1-1", at(9)))) == {"staff_availability"}
    (only,) = solved(w).sessions
    assert only.start >= at(12)


def test_participant_availability() -> None:
    """A schoolchild available from 13:00 is not booked at 09:00."""
    child = person("p1", ("physio", 1), availability=[{"day": 0, "start": "13:00", "end": "17:00"}])
    w = week(participants=[child])
    assert rules(w, naive(session("physio-p1-1", at(9)))) == {"participant_availability"}
    (only,) = solved(w).sessions
    assert only.start >= at(13)


def test_working_time() -> None:
    """At most 120 minutes a day: three one-hour sessions need a second staff member."""
    w = week(
        staff=[{"id": "s1", "max_daily_minutes": 120}, {"id": "s2"}],
        rooms=[{"id": "gym", "capacity": 4, "features": ["gym"]}],
        participants=[person(f"p{k}", ("physio", 1)) for k in range(1, 4)],
    )
    bad = naive(
        *(session(f"physio-p{k}-1", at(8 + k), participants=(f"p{k}",)) for k in range(1, 4))
    )
    assert rules(w, bad) == {"working_time"}
    plan = solved(w)
    assert sum("s1" in s.staff for s in plan.sessions) <= 2


def test_statutory_entitlement_and_one_a_day() -> None:
    """Two statutory sessions a week: both held, on different days."""
    w = week(days=[0, 1], participants=[person("p1", ("physio", 2))])
    assert rules(w, naive(session("physio-p1-1", at(9)))) == {"statutory_entitlement"}
    twice = naive(session("physio-p1-1", at(9)), session("physio-p1-2", at(11)))
    assert "one_a_day" in rules(w, twice)
    plan = solved(w)
    assert len({s.start.date() for s in plan.sessions}) == 2


def test_not_with() -> None:
    """Two participants who must not share a group are put in different groups."""
    group = activity("club", type="day_activity", group_min=1, group_max=4, staff_ratio=4)
    people = [
        person("p1", ("club", 1), not_with=["p2"]),
        person("p2", ("club", 1)),
        person("p3", ("club", 1)),
    ]
    w = week(
        activities=[group],
        staff=[{"id": "s1"}, {"id": "s2"}],
        rooms=[
            {"id": "gym", "capacity": 4, "features": ["gym"]},
            {"id": "g2", "capacity": 4, "features": ["gym"]},
        ],
        participants=people,
    )
    bad = naive(session("club-mon-1", at(9), activity="club", participants=("p1", "p2", "p3")))
    assert rules(w, bad) == {"not_with"}
    plan = solved(w)
    assert not any({"p1", "p2"} <= set(s.participants) for s in plan.sessions)


def test_home_visits_leave_room_for_travel() -> None:
    """Two home visits 20 km apart: back to back at the home is not enough, travel counts."""
    visit = {
        "id": "visit",
        "type": "support_visit",
        "duration_min": 45,
        "mode": "mobile",
        "earliest": dt.time(9),
        "latest": dt.time(16),
    }
    far = {"lat": 61.86, "lon": 27.27}
    w = week(
        activities=[visit],
        rooms=[],
        participants=[person("p1", ("visit", 1)), person("p2", ("visit", 1), home=far)],
    )
    bad = naive(
        session("visit-p1-1", at(9), 45, activity="visit", room=None, location="home"),
        session(
            "visit-p2-1",
            at(9, 45),
            45,
            activity="visit",
            room=None,
            participants=("p2",),
            location="home",
        ),
    )
    assert "staff_overlap" in rules(w, bad)
    a, b = solved(w).sessions
    assert b.start - a.end >= dt.timedelta(minutes=a.travel_min + b.travel_min)
    assert max(a.travel_min, b.travel_min) >= 30  # the far visit: about 25 road km


def test_pins_are_kept() -> None:
    """A published session stays as published even where the solver would prefer otherwise."""
    base = week(staff=[{"id": "s1"}, {"id": "s2"}])
    pin = {
        "session": "physio-p1-1",
        "start": at(14),
        "staff": ["s2"],
        "room": "gym",
        "participants": ["p1"],
    }
    w = week(staff=[{"id": "s1"}, {"id": "s2"}], pins=[pin])
    assert "pin" in rules(w, solved(base))
    (only,) = solved(w).sessions
    assert (only.start, only.staff) == (at(14), ("s2",))


def test_transport_rules() -> None:
    """Seats, wheelchair places and ride time: the planner's runs keep them; broken ones fail."""
    group = activity("club", type="day_activity", group_max=6, staff_ratio=6)
    people = [person(f"p{k}", ("club", 1), transport=True, wheelchair=k == 3) for k in range(1, 4)]
    w = week(
        activities=[group],
        vehicles=[{"id": "van", "seats": 1, "wheelchair_places": 1}, {"id": "car", "seats": 2}],
        participants=people,
    )
    plan = solved(w)
    assert plan.unserved_transport == ()
    assert {st.participant for r in plan.runs for st in r.stops} == {"p1", "p2", "p3"}
    start = plan.sessions[0].start
    too_full = plan.model_copy(
        update={
            "runs": (
                Run.model_validate(
                    {
                        "id": "x",
                        "vehicle": "car",
                        "direction": "to_centre",
                        "start": start - dt.timedelta(minutes=30),
                        "end": start,
                        "stops": [
                            {"participant": p, "at": start - dt.timedelta(minutes=20)}
                            for p in ("p1", "p2", "p3")
                        ],
                    }
                ),
            )
        }
    )
    broken = rules(w, too_full)
    assert {"vehicle_capacity", "trip_missing"} <= broken
    late = plan.model_copy(
        update={
            "runs": (
                Run.model_validate(
                    {
                        "id": "y",
                        "vehicle": "car",
                        "direction": "to_centre",
                        "start": start - dt.timedelta(hours=2),
                        "end": start + dt.timedelta(minutes=5),
                        "stops": [{"participant": "p1", "at": start - dt.timedelta(hours=2)}],
                    }
                ),
            )
        }
    )
    assert {"late_arrival", "ride_time"} <= rules(w, late)
    first, *_ = plan.runs
    twice = plan.model_copy(
        update={"runs": (*plan.runs, first.model_copy(update={"id": "again", "stops": ()}))}
    )
    assert "vehicle_overlap" in rules(w, twice)


def test_every_rule_has_a_test() -> None:
    """The rules exercised above cover the checker's hard rules on sessions and transport."""
    covered = {
        "participant_overlap",
        "staff_overlap",
        "room_overlap",
        "group_size",
        "staff_ratio",
        "skills",
        "room",
        "staff_availability",
        "participant_availability",
        "working_time",
        "statutory_entitlement",
        "one_a_day",
        "not_with",
        "pin",
        "vehicle_capacity",
        "trip_missing",
        "late_arrival",
        "ride_time",
        "vehicle_overlap",
    }
    assert covered <= set(RULES)


@pytest.mark.parametrize("bad_field", ["activity", "familiar", "skills", "monday"])
def test_week_validation(bad_field: str) -> None:
    """Broken weeks are refused with an id-based path before any solving."""
    from placement.errors import ProblemError

    parts: dict[str, Any] = {}
    match = ""
    if bad_field == "activity":
        parts["participants"] = [person("p1", ("nope", 1))]
        match = r"participants\[p1\].entitlements\[0\].activity: unknown activity"
    elif bad_field == "familiar":
        parts["participants"] = [{**person("p1", ("physio", 1)), "familiar_staff": ["ghost"]}]
        match = r"participants\[p1\].familiar_staff\[ghost\]: unknown id"
    elif bad_field == "skills":
        parts["activities"] = [activity(skills=["physiotherapy"])]
        match = r"activities\[physio\].skills: no staff member has skills \['physiotherapy'\]"
    else:
        parts["week_start"] = MONDAY + dt.timedelta(days=1)
        match = "week_start: is not a Monday"
    with pytest.raises(ProblemError, match=match):
        week(**parts)
