"""Seeded synthetic instances of any size; every distribution is listed in ``docs/datasets.md``.

Nothing here is real client data: ids are sequential pseudonyms, providers are numbered, and
needs, preferences and dates are drawn from the assumed distributions below.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from placement.datasets.regions import REGIONS, Municipality, finland
from placement.model import (
    DEFAULT_SERVICE_CLASSES,
    EARTH_RADIUS_KM,
    Problem,
    haversine_km_array,
)

__all__ = ["REFERENCE_DATE", "synthetic"]

REFERENCE_DATE = dt.date(2026, 1, 5)
"""Reference date of every synthetic instance (a Monday)."""

# Needs score probabilities for scores 0..4, per domain [assumed].
NEEDS_P: dict[str, tuple[float, ...]] = {
    "physical": (0.45, 0.20, 0.15, 0.12, 0.08),
    "cognitive": (0.15, 0.30, 0.25, 0.20, 0.10),
    "psychological": (0.45, 0.25, 0.15, 0.10, 0.05),
    "social": (0.35, 0.30, 0.17, 0.12, 0.06),
    "daily_living": (0.25, 0.30, 0.22, 0.15, 0.08),
    "night_care": (0.60, 0.20, 0.12, 0.06, 0.02),
    "health": (0.60, 0.20, 0.12, 0.06, 0.02),
}
URGENCY_P = (0.80, 0.15, 0.05)  # levels 1, 2, 3
MEAN_DAYS_QUEUED = 240.0  # exponential, capped at three years
FEATURE_P = {  # share of units that have each feature
    "wheelchair_accessible": 0.65,
    "night_staff_awake": 0.40,
    "autism_specialised": 0.30,
    "challenging_behaviour_support": 0.25,
    "nursing": 0.25,
}
PROVIDERS = ("County services", "Provider A", "Provider B", "Provider C", "Provider D")
CAPACITY = (3, 12)  # places per unit, uniform; quality recommendation: at most 15 flats
FREE_NOW_P = 0.05  # each place is free now with this probability
LEAVES_P = 0.08  # each resident has a known move-out within the next year
YOUNG_ADULT_UNIT_P = 0.15  # units with an 18-35 age band
NEW_UNIT_P = 0.05  # units opening in 1-6 months, empty
SAME_MUNICIPALITY_RULE_P = 0.30
MAX_KM = (20.0, 60.0)  # client's maximum distance for unranked units, uniform
ANY_MUNICIPALITY_P = 0.30  # clients who accept any municipality
NEIGHBOUR_KM = 35.0  # other municipalities within this are acceptable to the rest
ONLY_RANKED_P = 0.05
EXCLUDE_P = 0.03
RESIDENT_CLASH_P = 0.02
# With side constraints [assumed rates]:
LINKED_P = 0.05  # share of clients in a linked pair
INCOMPATIBLE_P = 0.05  # incompatible client pairs per client
COMPOSITION_UNIT_P = 1 / 3  # units with "at most 2 needing challenging-behaviour support"


def _spread_km(population: int) -> float:
    """Standard deviation of locations around a town centre (km): bigger towns spread wider."""
    return float(np.clip(2.0 * np.sqrt(population / 20_000), 1.0, 12.0))


def _jitter(
    rng: np.random.Generator, town: Municipality, size: int
) -> tuple[np.ndarray, np.ndarray]:
    _, lat, lon, pop = town
    sd = _spread_km(pop) / EARTH_RADIUS_KM
    dlat = np.degrees(rng.normal(0, sd, size))
    dlon = np.degrees(rng.normal(0, sd, size)) / np.cos(np.radians(lat))
    return np.round(lat + dlat, 5), np.round(lon + dlon, 5)


def _km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Distance matrix (km) from the first points to the second."""
    return haversine_km_array(lat1[:, None], lon1[:, None], lat2[None, :], lon2[None, :])


def synthetic(
    n_clients: int = 120,
    n_units: int = 40,
    *,
    seed: int = 0,
    region: str = "auto",
    side_constraints: bool = False,
    reference_date: dt.date = REFERENCE_DATE,
    name: str | None = None,
    ranks: int | None = None,
    free_share: float = FREE_NOW_P,
) -> Problem:
    """Generate a synthetic matching problem.

    Parameters
    ----------
    n_clients, n_units : int
        Size of the queue and number of units.
    seed : int
        Everything is drawn from ``numpy.random.default_rng(seed)``: same seed, same problem.
    region : {"auto", "luvn", "etela-savo", "finland"}
        Municipalities to place clients and units in. ``auto`` uses ``luvn`` up to 100 units
        and a synthetic national region (one town per five units) above, so that large
        instances keep about 40 candidate units per client instead of thousands.
    side_constraints : bool
        Add linked pairs, client incompatibilities and composition limits.
    reference_date : date
        The problem's "today".
    ranks : int or None
        If given, every client ranks exactly this many units (drawn among the nearest
        ``2 * ranks``) and accepts ranked units only, like a school-choice market; by default
        clients rank 0-5 units and also accept unranked ones in their area.
    free_share : float
        Probability that a place is free now (0.05 by default: scarce; 0.3 is ample).
    """
    rng = np.random.default_rng(seed)
    if region == "auto":
        region = "luvn" if n_units <= 100 else "finland"
    towns = finland(max(10, n_units // 5), rng) if region == "finland" else REGIONS[region]
    pop = np.array([t[3] for t in towns], float)
    weights = pop / pop.sum()
    ref = reference_date

    # -- units ------------------------------------------------------------------------------
    unit_town = rng.choice(len(towns), n_units, p=weights)
    if n_units >= len(towns):
        unit_town[: len(towns)] = np.arange(len(towns))  # every municipality has a unit
    ulat, ulon = np.zeros(n_units), np.zeros(n_units)
    for t in np.unique(unit_town):
        rows = np.flatnonzero(unit_town == t)
        ulat[rows], ulon[rows] = _jitter(rng, towns[t], rows.size)
    units: list[dict[str, Any]] = []
    resident_no = 0
    for j in range(n_units):
        features = sorted(f for f, p in FEATURE_P.items() if rng.random() < p)
        lo = int(rng.choice([1, 2, 2, 3, 3, 4]))
        hi = min(5, lo + int(rng.integers(0, 3)))
        if "nursing" in features or "night_staff_awake" in features:
            hi = max(hi, 4)
        offers = {
            k.id: round(k.daily_price * float(rng.uniform(0.95, 1.10)), 2)
            for k in DEFAULT_SERVICE_CLASSES
            if lo <= k.level <= hi
        }
        capacity = int(rng.integers(CAPACITY[0], CAPACITY[1] + 1))
        new = rng.random() < NEW_UNIT_P
        incumbents = []
        if not new:
            occupied = int(capacity - rng.binomial(capacity, free_share))
            for _ in range(occupied):
                resident_no += 1
                leaves = None
                if rng.random() < LEAVES_P:
                    leaves = (ref + dt.timedelta(days=int(rng.integers(1, 366)))).isoformat()
                tags = ["challenging_behaviour_support"] if rng.random() < 0.15 else []
                incumbents.append(
                    {
                        "id": f"r{resident_no:05d}",
                        "tags": tags,
                        "age": int(min(85, 18 + rng.gamma(3.0, 9.0))),
                        "leaves_on": leaves,
                    }
                )
        unit: dict[str, Any] = {
            "id": f"u{j + 1:04d}",
            "name": f"{towns[unit_town[j]][0]} home {j + 1}",
            "provider": PROVIDERS[int(rng.integers(len(PROVIDERS)))],
            "municipality": towns[unit_town[j]][0],
            "location": {"lat": float(ulat[j]), "lon": float(ulon[j])},
            "features": features,
            "offers": offers,
            "capacity": capacity,
            "incumbents": incumbents,
        }
        if new:
            unit["opens_on"] = (ref + dt.timedelta(days=int(rng.integers(30, 183)))).isoformat()
        if rng.random() < YOUNG_ADULT_UNIT_P:
            unit["age_min"], unit["age_max"] = 18, 35
        if rng.random() < SAME_MUNICIPALITY_RULE_P:
            unit["priority"] = ["same_municipality"]
        if side_constraints and rng.random() < COMPOSITION_UNIT_P:
            unit["composition"] = [{"tag": "challenging_behaviour_support", "at_most": 2}]
        units.append(unit)

    # -- clients ----------------------------------------------------------------------------
    client_town = rng.choice(len(towns), n_clients, p=weights)
    clat, clon = np.zeros(n_clients), np.zeros(n_clients)
    for t in np.unique(client_town):
        rows = np.flatnonzero(client_town == t)
        clat[rows], clon[rows] = _jitter(rng, towns[t], rows.size)
    town_lat = np.array([t[1] for t in towns])
    town_lon = np.array([t[2] for t in towns])
    town_km = _km(town_lat, town_lon, town_lat, town_lon)
    residents = [(u["id"], r["id"]) for u in units for r in u["incumbents"]]
    clients: list[dict[str, Any]] = []
    near_k = min(max(20, 2 * (ranks or 0)), n_units)  # wishes are drawn among the nearest units
    block = 2048
    for lo in range(0, n_clients, block):
        hi = min(n_clients, lo + block)
        km = _km(clat[lo:hi], clon[lo:hi], ulat, ulon)
        nearest = np.argsort(km, axis=1)[:, :near_k]
        for row, i in enumerate(range(lo, hi)):
            town = int(client_town[i])
            needs = {d: int(rng.choice(5, p=p)) for d, p in NEEDS_P.items()}
            needs = {d: s for d, s in needs.items() if s > 0}
            waited = int(min(3 * 365, rng.exponential(MEAN_DAYS_QUEUED)))
            shuffled = rng.permutation(near_k)
            wanted = int(rng.integers(0, 6)) if ranks is None else min(ranks, near_k)
            near = nearest[row][shuffled[:wanted]]
            prefs: list[list[str]] = []
            for j in sorted(near.tolist(), key=lambda j: km[row, j] * rng.uniform(0.5, 1.5)):
                uid = units[j]["id"]
                if prefs and rng.random() < 0.1:
                    prefs[-1].append(uid)  # a tie with the previous group
                else:
                    prefs.append([uid])
            client: dict[str, Any] = {
                "id": f"c{i + 1:05d}",
                "municipality": towns[town][0],
                "location": {"lat": float(clat[i]), "lon": float(clon[i])},
                "needs": needs,
                "urgency": int(rng.choice(3, p=URGENCY_P)) + 1,
                "queued_since": (ref - dt.timedelta(days=waited)).isoformat(),
                "preferences": prefs,
                "max_distance_km": round(float(rng.uniform(*MAX_KM)), 1),
                "age": int(min(85, 18 + rng.gamma(2.0, 10.0))),
            }
            if rng.random() >= ANY_MUNICIPALITY_P:
                close = np.flatnonzero(town_km[town] <= NEIGHBOUR_KM)
                client["acceptable_municipalities"] = sorted(towns[t][0] for t in close)
            if prefs and (ranks is not None or rng.random() < ONLY_RANKED_P):
                client["only_ranked"] = True
            ranked = {u for g in prefs for u in g}
            if rng.random() < EXCLUDE_P:
                other = units[int(nearest[row][int(rng.integers(near_k))])]["id"]
                if other not in ranked:
                    client["excluded_units"] = [other]
            if residents and rng.random() < RESIDENT_CLASH_P:
                client["incompatible_with"] = [residents[int(rng.integers(len(residents)))][1]]
            clients.append(client)

    if side_constraints:
        order = rng.permutation(n_clients)
        pairs = int(n_clients * LINKED_P / 2)
        for a, b in order[: 2 * pairs].reshape(-1, 2).tolist():
            clients[a]["linked_with"] = [clients[b]["id"]]
            # partners live close to each other and share the first one's wishes
            for key in ("location", "municipality", "preferences", "acceptable_municipalities"):
                if key in clients[a]:
                    clients[b][key] = clients[a][key]
            clients[b].pop("only_ranked", None)
            clients[b].pop("excluded_units", None)
        linked = {c["id"] for c in clients if "linked_with" in c} | {
            o for c in clients for o in c.get("linked_with", [])
        }
        for _ in range(int(n_clients * INCOMPATIBLE_P)):
            a, b = rng.choice(n_clients, 2, replace=False).tolist()
            ida, idb = clients[a]["id"], clients[b]["id"]
            if ida in linked and idb in linked:
                continue
            clients[a].setdefault("incompatible_with", [])
            if idb not in clients[a]["incompatible_with"]:
                clients[a]["incompatible_with"].append(idb)

    return Problem.model_validate(
        {
            "name": name or f"synthetic-{region}-{n_clients}x{n_units}-seed{seed}",
            "reference_date": ref.isoformat(),
            "municipalities": [t[0] for t in towns],
            "units": units,
            "clients": clients,
        }
    )
