"""What a planned week delivers: entitlement coverage, continuity, staff load, transport time."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from placement.kipina.model import Week
from placement.kipina.result import Schedule

__all__ = ["metrics"]


def metrics(week: Week, schedule: Schedule) -> dict[str, Any]:
    """Measures of a schedule.

    Returns
    -------
    dict
        ``coverage``: DataFrame per participant and activity (``wanted``, ``scheduled``,
        ``share``, ``statutory``); ``by_service``: the same summed per activity;
        ``coverage_share``: sessions scheduled / wanted over all entitlements;
        ``continuity_share``: participant-sessions with a familiar staff member, of those of
        participants who have familiar staff; ``staff``: DataFrame per staff member
        (``minutes`` worked with travel, ``contract_minutes``, ``utilisation``, ``sessions``);
        ``utilisation_spread``: highest minus lowest utilisation among staff who work;
        ``transport``: DataFrame per participant (``trips``, ``ride_minutes``,
        ``unserved``); ``mean_ride_minutes`` per trip.
    """
    held: dict[tuple[str, str], int] = defaultdict(int)
    familiar_hits = familiar_total = 0
    minutes: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    for s in schedule.sessions:
        span = (s.end - s.start).total_seconds() / 60 + 2 * s.travel_min
        for x in s.staff:
            minutes[x] += span
            count[x] += 1
        for p in s.participants:
            held[(p, s.activity)] += 1
            known = set(week.participant_by_id[p].familiar_staff)
            if known:
                familiar_total += 1
                familiar_hits += bool(known & set(s.staff))
    coverage = pd.DataFrame(
        [
            {
                "participant": p.id,
                "activity": e.activity,
                "wanted": e.sessions_per_week,
                "scheduled": held[(p.id, e.activity)],
                "statutory": e.statutory,
            }
            for p in week.participants
            for e in p.entitlements
        ]
    )
    coverage["share"] = coverage["scheduled"] / coverage["wanted"]
    by_service = coverage.groupby("activity")[["wanted", "scheduled"]].sum()
    by_service["share"] = by_service["scheduled"] / by_service["wanted"]
    staff = pd.DataFrame(
        [
            {
                "staff": m.id,
                "minutes": minutes[m.id],
                "contract_minutes": m.contract_minutes,
                "sessions": count[m.id],
            }
            for m in week.staff
        ]
    ).set_index("staff")
    staff["utilisation"] = staff["minutes"] / staff["contract_minutes"].where(
        staff["contract_minutes"] > 0
    )
    working = staff.loc[staff["minutes"] > 0, "utilisation"]
    rides: dict[str, list[float]] = defaultdict(list)
    for run in schedule.runs:
        for st in run.stops:
            ride = run.end - st.at if run.direction == "to_centre" else st.at - run.start
            rides[st.participant].append(ride.total_seconds() / 60)
    unserved: dict[str, int] = defaultdict(int)
    for trip in schedule.unserved_transport:
        unserved[trip.split("@")[0]] += 1
    transport = pd.DataFrame(
        [
            {
                "participant": p.id,
                "trips": len(rides[p.id]),
                "ride_minutes": sum(rides[p.id]),
                "unserved": unserved[p.id],
            }
            for p in week.participants
            if p.transport
        ]
    )
    trips = sum(len(v) for v in rides.values())
    return {
        "coverage": coverage,
        "by_service": by_service,
        "coverage_share": float(coverage["scheduled"].sum() / coverage["wanted"].sum()),
        "continuity_share": familiar_hits / familiar_total if familiar_total else None,
        "staff": staff,
        "utilisation_spread": float(working.max() - working.min()) if len(working) else 0.0,
        "transport": transport,
        "mean_ride_minutes": sum(sum(v) for v in rides.values()) / trips if trips else None,
    }
