"""A synthetic week at the Kipinä centre in Mikkeli, of any size.

The default size follows the public figures (DOMAIN.md): about 35 adults and 35 children in day
activities with 15 instructors, plus a physiotherapist, an autism-guidance instructor and a job
coach. Everything else (hours, group sizes, staff ratios, shares of each entitlement, homes within
about 30 km, vehicle sizes) is [assumed] and documented in ``docs/kipina.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from placement.kipina.model import ActivityType, Week

__all__ = ["MIKKELI", "WEEK_START", "activities", "synthetic_week"]

MIKKELI = (61.6867, 27.2713)
WEEK_START = dt.date(2026, 2, 2)
"""A Monday with no public holiday in its week."""

T = dt.time


def activities() -> list[dict[str, Any]]:
    """The centre's activity catalogue [assumed figures]."""
    a = ActivityType
    return [
        {"id": "day_activity", "type": a.DAY_ACTIVITY, "duration_min": 330, "group_min": 3,
         "group_max": 10, "staff_ratio": 5, "skills": ["instructor"], "room_features": ["group"],
         "earliest": T(8, 30), "latest": T(15, 30)},
        {"id": "work_activity", "type": a.WORK_ACTIVITY, "duration_min": 300, "group_min": 2,
         "group_max": 8, "staff_ratio": 8, "skills": ["instructor"],
         "room_features": ["workshop"], "earliest": T(8), "latest": T(15, 30)},
        {"id": "morning_care", "type": a.MORNING_CARE, "duration_min": 60, "group_min": 1,
         "group_max": 6, "staff_ratio": 4, "skills": ["instructor"], "room_features": ["group"],
         "earliest": T(7), "latest": T(8, 15)},
        {"id": "after_school_care", "type": a.AFTER_SCHOOL_CARE, "duration_min": 180,
         "group_min": 2, "group_max": 8, "staff_ratio": 4, "skills": ["instructor"],
         "room_features": ["group"], "earliest": T(12), "latest": T(17)},
        {"id": "autism_guidance", "type": a.AUTISM_GUIDANCE, "duration_min": 60,
         "skills": ["autism_guidance"], "room_features": ["quiet"], "earliest": T(8),
         "latest": T(17)},
        {"id": "physiotherapy", "type": a.PHYSIOTHERAPY, "duration_min": 45,
         "skills": ["physiotherapy"], "room_features": ["gym"], "earliest": T(7, 30),
         "latest": T(17)},
        {"id": "job_coaching", "type": a.JOB_COACHING, "duration_min": 90,
         "skills": ["job_coaching"], "mode": "mobile", "earliest": T(8), "latest": T(16)},
        {"id": "pa_assessment", "type": a.PA_ASSESSMENT, "duration_min": 90,
         "skills": ["pa_assessment"], "mode": "mobile", "earliest": T(8), "latest": T(16)},
        {"id": "support_visit", "type": a.SUPPORT_VISIT, "duration_min": 45,
         "skills": ["instructor"], "mode": "mobile", "earliest": T(7), "latest": T(17)},
    ]  # fmt: skip


def synthetic_week(
    n_children: int = 35,
    n_adults: int = 35,
    n_instructors: int = 15,
    seed: int = 2026,
    name: str = "",
    week_start: dt.date = WEEK_START,
) -> Week:
    """Draw a week at the centre.

    Parameters
    ----------
    n_children, n_adults : int
        Participants of each group (children are schoolchildren in morning and after-school
        care; adults and young people in day or work activity).
    n_instructors : int
        Instructors; a physiotherapist, an autism-guidance instructor and a job coach are added,
        and one instructor in ten also does personal-assistance assessments.
    seed : int
        Seed of every draw.
    name : str
        Name of the week.
    week_start : date
        The Monday.

    Returns
    -------
    Week
    """
    rng = np.random.default_rng(seed)
    lat0, lon0 = MIKKELI

    def home() -> dict[str, float]:
        km = min(25.0, float(rng.gamma(2.0, 6.0)))
        angle = float(rng.uniform(0, 2 * np.pi))
        return {
            "lat": round(lat0 + km * np.sin(angle) / 111.0, 5),
            "lon": round(lon0 + km * np.cos(angle) / (111.0 * np.cos(np.radians(lat0))), 5),
        }

    staff: list[dict[str, Any]] = []
    for k in range(n_instructors):
        skills = ["instructor"] + (["pa_assessment"] if k % 10 == 0 else [])
        part_time = rng.random() < 0.2
        staff.append(
            {
                "id": f"s{k + 1:02d}",
                "skills": skills,
                "contract_minutes": 30 * 60 if part_time else 38 * 60 + 15,
            }
        )
    specialists = [
        ("physio", ["physiotherapy"]),
        ("autism", ["autism_guidance", "instructor"]),
        ("coach", ["job_coaching", "instructor"]),
    ]
    for sid, skills in specialists:
        staff.append({"id": sid, "skills": skills, "contract_minutes": 38 * 60 + 15})
    instructors = [s["id"] for s in staff if "instructor" in s["skills"]]
    participants: list[dict[str, Any]] = []
    for k in range(n_children):
        school_end = [T(int(h), int(m)) for h, m in rng.choice([(12, 0), (13, 0), (14, 0)], 5)]
        morning = rng.random() < 0.25
        windows = []
        for day in range(5):
            if morning:
                windows.append({"day": day, "start": T(7), "end": T(8)})
            windows.append({"day": day, "start": school_end[day], "end": T(17)})
        days = int(rng.choice([3, 4, 5], p=[0.3, 0.3, 0.4]))
        ent = [{"activity": "after_school_care", "sessions_per_week": days, "statutory": True}]
        if morning:
            ent.append({"activity": "morning_care", "sessions_per_week": int(rng.integers(2, 6))})
        if rng.random() < 0.3:
            ent.append({"activity": "physiotherapy", "sessions_per_week": int(rng.integers(1, 3))})
        if rng.random() < 0.3:
            ent.append({"activity": "autism_guidance", "sessions_per_week": 1})
        participants.append(_participant(rng, f"k{k + 1:03d}", "child", home(), ent, windows,
                                         instructors))  # fmt: skip
    for k in range(n_adults):
        young = rng.random() < 0.3
        work = rng.random() < 0.35
        days = int(rng.choice([3, 4, 5], p=[0.3, 0.3, 0.4]))
        main = "work_activity" if work else "day_activity"
        ent = [{"activity": main, "sessions_per_week": days, "statutory": True}]
        if rng.random() < 0.25:
            ent.append({"activity": "physiotherapy", "sessions_per_week": 1})
        if work and rng.random() < 0.5:
            ent.append({"activity": "job_coaching", "sessions_per_week": int(rng.integers(1, 3))})
        if rng.random() < 0.3:
            ent.append({"activity": "support_visit", "sessions_per_week": int(rng.integers(1, 3))})
        if rng.random() < 0.08:
            ent.append({"activity": "pa_assessment", "sessions_per_week": 1})
        participants.append(_participant(rng, f"a{k + 1:03d}", "youth" if young else "adult",
                                         home(), ent, [], instructors))  # fmt: skip
    ids = [p["id"] for p in participants]
    for _ in range(max(1, len(ids) // 25)):
        a, b = rng.choice(len(ids), 2, replace=False)
        participants[int(a)]["not_with"] = [ids[int(b)]]
    scale = max(1.0, (n_children + n_adults) / 70)
    rooms = [{"id": f"group{k + 1}", "capacity": 10, "features": ["group"]}
             for k in range(round(7 * scale))]  # fmt: skip
    rooms += [
        {"id": f"workshop{k + 1}", "capacity": 8, "features": ["workshop"]}
        for k in range(round(2 * scale))
    ]
    rooms += [
        {"id": "gym", "capacity": 2, "features": ["gym"]},
        {"id": "quiet", "capacity": 2, "features": ["quiet"], "accessible": False},
    ]
    vehicles = [
        {"id": f"bus{k + 1}", "seats": 8, "wheelchair_places": 2} for k in range(round(5 * scale))
    ]
    vehicles += [{"id": f"taxi{k + 1}", "seats": 4, "wheelchair_places": 1}
                 for k in range(round(3 * scale))]  # fmt: skip
    return Week(
        name=name or f"kipina-mikkeli-{n_children + n_adults}",
        week_start=week_start,
        centre={"lat": lat0, "lon": lon0},
        activities=activities(),
        staff=staff,
        rooms=rooms,
        participants=participants,
        vehicles=vehicles,
    )


def _participant(
    rng: np.random.Generator,
    pid: str,
    age_group: str,
    home: dict[str, float],
    entitlements: list[dict[str, Any]],
    windows: list[dict[str, Any]],
    instructors: list[str],
) -> dict[str, Any]:
    familiar = sorted(
        str(s) for s in rng.choice(instructors, int(rng.integers(1, 3)), replace=False)
    )
    return {
        "id": pid,
        "age_group": age_group,
        "home": home,
        "entitlements": entitlements,
        "availability": windows,
        "familiar_staff": familiar,
        "wheelchair": bool(rng.random() < 0.15),
        "transport": bool(rng.random() < 0.6),
    }
