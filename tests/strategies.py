"""Hypothesis strategies that draw whole, valid problems."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from placement import Problem
from placement.model import DEFAULT_SERVICE_CLASSES, NEEDS_DOMAINS

REF = dt.date(2026, 1, 5)
FEATURES = ("wheelchair_accessible", "night_staff_awake", "autism_specialised", "nursing")
TOWNS = (("Espoo", 60.2068, 24.6558), ("Lohja", 60.2511, 24.0698), ("Vihti", 60.4182, 24.3405))
CLASS_IDS = [k.id for k in DEFAULT_SERVICE_CLASSES]


@st.composite
def problems(
    draw: st.DrawFn,
    max_clients: int = 6,
    max_units: int = 4,
    side_constraints: bool = False,
) -> Problem:
    """A random valid problem; without side constraints unless asked."""
    n_units = draw(st.integers(1, max_units))
    n_clients = draw(st.integers(1, max_clients))
    units: list[dict[str, Any]] = []
    resident_ids = []
    for j in range(n_units):
        town = draw(st.sampled_from(TOWNS))
        capacity = draw(st.integers(0, 3))
        incumbents = []
        for r in range(draw(st.integers(0, capacity))):
            rid = f"r{j}_{r}"
            resident_ids.append(rid)
            leaves = draw(st.one_of(st.none(), st.integers(0, 200)))
            incumbents.append(
                {
                    "id": rid,
                    "tags": draw(st.sampled_from([[], ["nursing"]])),
                    "leaves_on": None
                    if leaves is None
                    else (REF + dt.timedelta(days=leaves)).isoformat(),
                }
            )
        classes = draw(st.lists(st.sampled_from(CLASS_IDS), min_size=1, max_size=3, unique=True))
        unit: dict[str, Any] = {
            "id": f"u{j}",
            "municipality": town[0],
            "location": {
                "lat": town[1] + draw(st.floats(-0.2, 0.2)),
                "lon": town[2] + draw(st.floats(-0.3, 0.3)),
            },
            "features": draw(st.lists(st.sampled_from(FEATURES), unique=True, max_size=4)),
            "offers": {
                k: draw(st.one_of(st.none(), st.floats(80, 260).map(lambda x: round(x, 2))))
                for k in classes
            },
            "capacity": capacity,
            "incumbents": incumbents,
            "opens_on": draw(
                st.one_of(
                    st.none(),
                    st.integers(0, 90).map(lambda d: (REF + dt.timedelta(days=d)).isoformat()),
                )
            ),
        }
        if draw(st.booleans()) and draw(st.booleans()):
            lo = draw(st.integers(18, 40))
            unit["age_min"], unit["age_max"] = lo, lo + draw(st.integers(0, 30))
        if draw(st.integers(0, 4)) == 0:  # one rule, or the same tag twice (one limit)
            unit["composition"] = [
                {"tag": "nursing", "at_most": draw(st.integers(0, 2))}
                for _ in range(draw(st.integers(1, 2)))
            ]
        units.append(unit)
    unit_ids = [u["id"] for u in units]
    clients = []
    for i in range(n_clients):
        town = draw(st.sampled_from(TOWNS))
        ranked = draw(st.lists(st.sampled_from(unit_ids), unique=True, max_size=n_units))
        prefs: list[list[str]] = []
        for uid in ranked:
            if prefs and draw(st.integers(0, 3)) == 0:
                prefs[-1].append(uid)
            else:
                prefs.append([uid])
        rest = [u for u in unit_ids if u not in ranked]
        client: dict[str, Any] = {
            "id": f"c{i}",
            "municipality": town[0],
            "location": {
                "lat": town[1] + draw(st.floats(-0.2, 0.2)),
                "lon": town[2] + draw(st.floats(-0.3, 0.3)),
            },
            "needs": draw(
                st.dictionaries(st.sampled_from(NEEDS_DOMAINS), st.integers(0, 4), max_size=3)
            ),
            "urgency": draw(st.integers(1, 3)),
            "queued_since": (REF - dt.timedelta(days=draw(st.integers(0, 900)))).isoformat(),
            "preferences": prefs,
            "max_distance_km": draw(st.one_of(st.none(), st.floats(0, 80))),
            "age": draw(st.one_of(st.none(), st.integers(18, 80))),
        }
        if draw(st.booleans()):
            client["acceptable_municipalities"] = draw(
                st.lists(
                    st.sampled_from(sorted({u["municipality"] for u in units})),
                    unique=True,
                    max_size=2,
                )
            )
        if prefs and draw(st.integers(0, 5)) == 0:
            client["only_ranked"] = True
        if rest and draw(st.integers(0, 4)) == 0:
            client["excluded_units"] = [draw(st.sampled_from(rest))]
        if resident_ids and draw(st.integers(0, 5)) == 0:
            client["incompatible_with"] = [draw(st.sampled_from(resident_ids))]
        clients.append(client)
    if side_constraints and n_clients >= 2:
        units[0]["capacity"] = max(2, units[0]["capacity"])  # room for a linked pair
        for i in range(0, n_clients - 1, 2):
            kind = draw(st.sampled_from(["none", "linked", "apart"]))
            if kind == "linked":
                clients[i]["linked_with"] = [f"c{i + 1}"]
            elif kind == "apart":
                clients[i].setdefault("incompatible_with", []).append(f"c{i + 1}")
        if draw(st.booleans()):
            units[0]["composition"] = [{"tag": "nursing", "at_most": 1}]
            if draw(st.booleans()):  # an overlapping, looser rule on the same tag
                units[0]["composition"].append({"tag": "nursing", "at_most": 2})
            for c in clients:
                if draw(st.booleans()):
                    c["tags"] = ["nursing"]
    return Problem.model_validate(
        {"reference_date": REF.isoformat(), "units": units, "clients": clients}
    )
