"""The Kipinä scheduler end to end: random weeks, the Mikkeli week, outputs, housing link, CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import placement as pl
from placement.cli import app
from placement.kipina import Pin, Schedule, Week, schedule
from placement.kipina.check import check
from placement.kipina.datasets import kipina_mikkeli, load_week
from placement.kipina.export import timetable, write_ics
from placement.kipina.housing import add_support_visits
from placement.kipina.metrics import metrics
from placement.kipina.synthetic import synthetic_week
from placement.result import Status

MONDAY = dt.date(2026, 2, 2)


@st.composite
def weeks(draw: st.DrawFn) -> Week:
    """Small random weeks: 2-3 days, 1-3 staff, 2 rooms, 2-7 participants, every kind of rule."""
    days = list(range(draw(st.integers(2, 3))))
    activities = [
        {
            "id": "club",
            "type": "day_activity",
            "duration_min": draw(st.sampled_from([120, 240])),
            "group_min": draw(st.integers(1, 2)),
            "group_max": draw(st.integers(2, 5)),
            "staff_ratio": draw(st.integers(1, 3)),
            "room_features": ["group"],
            "earliest": dt.time(8),
            "latest": dt.time(16),
        },
        {
            "id": "physio",
            "type": "physiotherapy",
            "duration_min": 45,
            "skills": ["physio"],
            "room_features": ["gym"],
            "earliest": dt.time(8),
            "latest": dt.time(16),
        },
        {
            "id": "visit",
            "type": "support_visit",
            "duration_min": 45,
            "mode": "mobile",
            "earliest": dt.time(8),
            "latest": dt.time(16),
        },
    ]
    n_staff = draw(st.integers(1, 3))
    staff = [
        {
            "id": f"s{k}",
            "skills": ["physio"] if k == 0 else [],
            "max_daily_minutes": draw(st.sampled_from([240, 480])),
            "availability": []
            if draw(st.booleans())
            else [{"day": d, "start": "10:00", "end": "16:00"} for d in days],
        }
        for k in range(n_staff)
    ]
    ids = [f"p{k}" for k in range(draw(st.integers(2, 7)))]
    people = []
    for pid in ids:
        wants = []
        for a in ("club", "physio", "visit"):
            if draw(st.booleans()):
                wants.append(
                    {
                        "activity": a,
                        "sessions_per_week": draw(st.integers(1, len(days))),
                        "statutory": draw(st.booleans()) and a == "club",
                    }
                )
        others = [o for o in ids if o != pid]
        people.append(
            {
                "id": pid,
                "home": {
                    "lat": 61.68 + draw(st.floats(-0.1, 0.1)),
                    "lon": 27.27 + draw(st.floats(-0.2, 0.2)),
                },
                "entitlements": wants,
                "wheelchair": draw(st.booleans()),
                "transport": draw(st.booleans()),
                "familiar_staff": [f"s{draw(st.integers(0, n_staff - 1))}"],
                "not_with": [draw(st.sampled_from(others))] if draw(st.integers(0, 4)) == 0 else [],
                "availability": []
                if draw(st.booleans())
                else [{"day": d, "start": "12:00", "end": "17:00"} for d in days],
            }
        )
    return Week(
        week_start=MONDAY,
        centre={"lat": 61.6867, "lon": 27.2713},
        days=days,
        activities=activities,
        staff=staff,
        rooms=[
            {"id": "g", "capacity": 4, "features": ["group"]},
            {"id": "gym", "capacity": 2, "features": ["gym"], "accessible": draw(st.booleans())},
        ],
        participants=people,
        vehicles=[{"id": "van", "seats": draw(st.integers(1, 4)), "wheelchair_places": 1}],
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks())
def test_random_weeks_pass_the_checker(week: Week) -> None:
    """Every schedule the solver returns keeps every hard rule; infeasible only when proven."""
    plan = schedule(week, time_limit=3, deterministic=True)
    assert plan.status in (Status.OPTIMAL, Status.FEASIBLE, Status.INFEASIBLE)
    if plan.status == Status.INFEASIBLE:
        assert any(e.statutory for p in week.participants for e in p.entitlements)
        return
    assert check(week, plan) == []
    assert plan.gap is not None
    assert plan.gap >= -1e-9
    if plan.status == Status.OPTIMAL:
        assert plan.gap == pytest.approx(0.0, abs=1e-9)


@pytest.fixture(scope="module")
def mikkeli() -> tuple[Week, Schedule]:
    """The bundled week, planned once for this module (20 s of search)."""
    week = load_week()
    return week, schedule(week, time_limit=20, seed=0)


def test_mikkeli_week_is_planned(mikkeli: tuple[Week, Schedule]) -> None:
    """Feasible, every rule kept, coverage and continuity reported."""
    week, plan = mikkeli
    assert len(week.participants) == 70
    assert 15 <= sum("instructor" in s.skills for s in week.staff) <= 20
    assert plan.status in (Status.OPTIMAL, Status.FEASIBLE)
    assert check(week, plan) == []
    m = metrics(week, plan)
    statutory = m["coverage"][m["coverage"]["statutory"]]
    assert (statutory["share"] == 1.0).all()
    assert m["coverage_share"] > 0.9
    assert 0.0 < m["continuity_share"] <= 1.0
    assert m["staff"]["utilisation"].max() <= 1.0
    assert len(plan.runs) > 0
    assert m["mean_ride_minutes"] <= week.max_ride_min


def test_bundled_week_is_its_generator(mikkeli: tuple[Week, Schedule]) -> None:
    """The shipped JSON is what the documented generator call draws."""
    assert mikkeli[0] == kipina_mikkeli()


def test_timetables_and_calendars(mikkeli: tuple[Week, Schedule], tmp_path: Path) -> None:
    """Per-staff, per-room and per-participant tables; one .ics per staff member and room with
    stable uids and pseudonymous text only."""
    week, plan = mikkeli
    by_staff = timetable(plan, "staff")
    assert set(by_staff["staff"]) <= {s.id for s in week.staff}
    assert len(timetable(plan, "participant")) == sum(len(s.participants) for s in plan.sessions)
    assert timetable(plan, "room")["room"].notna().all()
    files = write_ics(week, plan, tmp_path / "a")
    assert len(files) == len(week.staff) + len(week.rooms)
    again = write_ics(week, plan, tmp_path / "b")
    uids = [line for f in files for line in f.read_text().splitlines() if line.startswith("UID")]
    assert uids == [
        line for f in again for line in f.read_text().splitlines() if line.startswith("UID")
    ]
    assert len(set(uids)) == len(
        {s.id for s in plan.sessions if s.room} | {s.id for s in plan.sessions}
    )
    text = "".join(f.read_text() for f in files)
    for secret in ("wheelchair", "physiotherapy_need", 'home":', "61.6"):
        assert secret not in text


def test_pinned_reschedule_keeps_the_published_part(mikkeli: tuple[Week, Schedule]) -> None:
    """Re-planning with Monday pinned keeps Monday's sessions and their calendar uids."""
    week, plan = mikkeli
    monday = [s for s in plan.sessions if s.start.date() == week.week_start]
    pins = [
        Pin(session=s.id, start=s.start, staff=s.staff, room=s.room, participants=s.participants)
        for s in monday
    ]
    pinned = Week(**{**week.model_dump(), "pins": [p.model_dump() for p in pins]})
    again = schedule(pinned, time_limit=10, seed=1, hint=plan)
    assert check(pinned, again) == []
    kept = {s.id: s for s in again.sessions}
    assert all(kept[s.id] == s for s in monday)


def test_hint_from_a_previous_schedule() -> None:
    """Started from a previous plan, the search returns one at least as good, still valid."""
    small = synthetic_week(10, 10, 6, seed=1)
    first = schedule(small, time_limit=1, deterministic=True)
    again = schedule(small, time_limit=1, deterministic=True, hint=first, seed=7)
    assert check(small, again) == []
    assert again.objective is not None
    assert first.objective is not None
    assert again.objective >= first.objective


def test_deterministic_mode_repeats() -> None:
    """Two deterministic runs give byte-identical JSON."""
    small = synthetic_week(10, 10, 6, seed=1)
    first = schedule(small, time_limit=1, deterministic=True)
    second = schedule(small, time_limit=1, deterministic=True)
    assert first.sessions
    assert first.model_dump_json() == second.model_dump_json()


def test_support_visits_from_a_housing_result() -> None:
    """Clients placed in supported housing get visits at their new home by instructors they know."""
    problem = pl.datasets.load("luvn")
    result = pl.solve(problem)
    housed = [a for a in result.assignments if a.service_class == "communal"]
    assert housed
    espoo: dict[str, Any] = {
        "week_start": MONDAY,
        "centre": {"lat": 60.2068, "lon": 24.6558},
        "activities": [
            {
                "id": "support_visit",
                "type": "support_visit",
                "duration_min": 45,
                "mode": "mobile",
                "skills": ["instructor"],
            }
        ],
        "staff": [{"id": f"s{k}", "skills": ["instructor"]} for k in range(3)],
        "participants": [],
    }
    week = add_support_visits(
        Week(**espoo), problem, result, familiar={a.client_id: ["s1"] for a in housed}
    )
    plan = schedule(week, time_limit=10, deterministic=True)
    assert check(week, plan) == []
    visits = [s for s in plan.sessions if s.activity == "support_visit"]
    assert {s.participants[0] for s in visits} == {a.client_id for a in housed}
    unit_of = {a.client_id: problem.unit_by_id[a.unit_id] for a in housed}
    for s in visits:
        assert s.location == "home"
        assert s.staff == ("s1",)  # the familiar instructor
        home = week.participant_by_id[s.participants[0]].home
        assert home == unit_of[s.participants[0]].location
    with pytest.raises(pl.ProblemError, match=r"familiar\["):
        add_support_visits(Week(**espoo), problem, result, familiar={})


def test_schedule_cli_demo(tmp_path: Path) -> None:
    """`placement schedule --demo` writes the schedule, calendars and chart."""
    runner = CliRunner()
    out = runner.invoke(
        app,
        [
            "schedule",
            "--demo",
            "--time-limit",
            "5",
            "-o",
            str(tmp_path / "s.json"),
            "--ics-dir",
            str(tmp_path / "ics"),
            "--chart",
            str(tmp_path / "t.png"),
        ],
    )
    assert out.exit_code == 0, out.output
    assert "entitlement coverage" in out.output
    assert "0 rule(s) broken" in out.output
    plan = Schedule.model_validate_json((tmp_path / "s.json").read_text())
    assert plan.sessions
    assert len(list((tmp_path / "ics").glob("staff-*.ics"))) == 18
    assert (tmp_path / "t.png").read_bytes()[:4] == b"\x89PNG"
    bad = runner.invoke(app, ["schedule", str(tmp_path / "missing.json")])
    assert bad.exit_code == 2
    assert "cannot read" in bad.output
