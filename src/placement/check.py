"""Independent validity checker: is a result allowed by the problem's hard rules?

Deliberately shares no code with the engines, the candidate builder or the objective: it walks
the raw models with plain Python, computes its own distances (haversine), requirements and
free places, so a bug there cannot hide itself here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from placement.model import DISTANCE_TOLERANCE_KM, Client, Problem, Unit
from placement.model.input import as_model
from placement.result import Result

__all__ = ["RULES", "Violation", "check", "great_circle_km"]

RULES = (
    "unknown_client",
    "unknown_unit",
    "unknown_class",
    "placed_twice",
    "placed_and_unplaced",
    "unaccounted",
    "class_not_offered",
    "class_too_low",
    "features",
    "age",
    "excluded",
    "area",
    "resident_incompatible",
    "move_in",
    "capacity",
    "linked_apart",
    "incompatible_together",
    "composition",
    "pinned",
    "forbidden",
    "must_place",
)
"""Every hard rule :func:`check` knows, by name."""


@dataclass(frozen=True)
class Violation:
    """One broken hard rule: its name, a readable message and the ids involved.

    Messages name rules and ids only, never a client's needs or the features they imply: they end
    up in logs and tickets. What a rule found in detail (for ``features``: the features the unit
    lacks) is in ``details``, filled only when :func:`check` is asked for it.

    Attributes
    ----------
    rule : str
        One of :data:`RULES`.
    message : str
        What is broken, by rule and ids.
    client_id, unit_id : str or None
        The ids involved.
    details : tuple of str
        Personal specifics (the missing features), only with ``check(..., details=True)``.
    """

    rule: str
    message: str
    client_id: str | None = None
    unit_id: str | None = None
    details: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The checkers' own great-circle (haversine) distance between two points (km).

    Written out here rather than imported from :mod:`placement.model`, so the checkers share no
    geometry with the engines they check. Arguments in decimal degrees.
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _needs(problem: Problem, client: Client) -> tuple[set[str], int]:
    features: set[str] = set()
    level = 1
    for rule in problem.needs_mapping.rules:
        if client.needs.get(rule.domain, 0) >= rule.at_least:
            features |= set(rule.features)
            level = max(level, rule.min_level)
    if client.required_features is not None:
        features = set(client.required_features)
    if client.min_service_class is not None:
        level = next(k.level for k in problem.service_classes if k.id == client.min_service_class)
    return features, level


def _places(problem: Problem, unit: Unit) -> list[dt.date]:
    """Opening day of each free place of ``unit`` within the horizon, earliest first."""
    ref = problem.reference_date
    start = ref if unit.opens_on is None or unit.opens_on < ref else unit.opens_on
    days = [start for _ in range(unit.capacity - len(unit.incumbents))]
    for r in unit.incumbents:
        if r.leaves_on is not None:
            days.append(r.leaves_on if r.leaves_on > start else start)
    if problem.horizon_days is not None:
        last = ref + dt.timedelta(days=problem.horizon_days)
        days = [d for d in days if d <= last]
    return sorted(days)


def _composition(problem: Problem, unit: Unit, result: Result) -> list[Violation]:
    """Composition limits of ``unit`` on every day a tagged newcomer moves in.

    A limit holds at once: residents with the tag who have not left yet (they leave on
    ``leaves_on``) plus tagged newcomers moved in by that day. Several rules on one tag mean the
    tightest. An excess among residents alone is not the result's doing, but no tagged newcomer
    may move in while it lasts.
    """
    clients = {c.id: c for c in problem.clients}
    out: list[Violation] = []
    tightest: dict[str, int] = {}
    for rule in unit.composition:
        tightest[rule.tag] = min(rule.at_most, tightest.get(rule.tag, rule.at_most))
    for tag, limit in sorted(tightest.items()):
        days = sorted(
            a.move_in
            for a in result.assignments
            if a.unit_id == unit.id
            and a.move_in is not None
            and a.client_id in clients
            and tag in _needs(problem, clients[a.client_id])[0] | set(clients[a.client_id].tags)
        )
        for k, day in enumerate(days, 1):
            if k < len(days) and days[k] == day:
                continue  # count everyone moving in that day at once
            there = sum(
                1
                for r in unit.incumbents
                if tag in r.tags and (r.leaves_on is None or r.leaves_on > day)
            )
            if k + there > limit:
                out.append(
                    Violation(
                        "composition",
                        f"unit {unit.id} has {k} newcomers tagged {tag} by {day} beside "
                        f"{there} residents with the tag, limit {limit}",
                        unit_id=unit.id,
                    )
                )
                break
    return out


def _overrides(problem: Problem, placed_at: dict[str, str]) -> list[Violation]:
    """The placement team's decisions: pins held, forbidden pairs avoided, required placed."""
    out: list[Violation] = []
    o = problem.overrides
    for cid, uid in sorted(o.pins.items()):
        if placed_at.get(cid) != uid:
            out.append(Violation("pinned", f"client {cid} is pinned to unit {uid}", cid, uid))
    for cid, uids in sorted(o.forbidden.items()):
        if placed_at.get(cid) in uids:
            home = placed_at[cid]
            out.append(Violation("forbidden", f"client {cid} may not live in {home}", cid, home))
    for cid in sorted(set(o.must_place) - set(o.pins)):
        if cid not in placed_at:
            out.append(Violation("must_place", f"client {cid} must be placed", cid))
    return out


def check(problem: Problem, result: Result, *, details: bool = False) -> list[Violation]:
    """Every hard rule ``result`` breaks in ``problem``; ``[]`` means the result is valid.

    Parameters
    ----------
    problem : Problem
        The problem the result answers.
    result : Result
        Any result, from this library or elsewhere.
    details : bool
        Also give each violation's personal specifics in :attr:`Violation.details` (the
        features a unit lacks for a client). Off by default: messages carry ids only.

    Returns
    -------
    list of Violation
        Every broken rule, ``[]`` when the result is valid.
    """
    problem, result = as_model(problem, Problem, "problem"), as_model(result, Result, "result")
    out: list[Violation] = []
    clients = {c.id: c for c in problem.clients}
    units = {u.id: u for u in problem.units}
    classes = {k.id: k for k in problem.service_classes}

    counts = Counter(a.client_id for a in result.assignments)
    for cid, n in sorted(counts.items()):
        if n > 1:
            out.append(Violation("placed_twice", f"client {cid} is placed {n} times", cid))
    for cid in sorted(set(result.unplaced) & set(counts)):
        out.append(
            Violation("placed_and_unplaced", f"client {cid} is both placed and unplaced", cid)
        )
    for cid in sorted(set(clients) - set(counts) - set(result.unplaced)):
        out.append(Violation("unaccounted", f"client {cid} is neither placed nor unplaced", cid))
    for cid in sorted(set(result.unplaced) - set(clients)):
        out.append(Violation("unknown_client", f"unplaced client {cid} is not in the problem", cid))

    residents: dict[str, list[str]] = defaultdict(list)  # unit -> placed client ids
    placed_at: dict[str, str] = {}
    for a in result.assignments:
        cid, uid = a.client_id, a.unit_id
        client, unit, klass = clients.get(cid), units.get(uid), classes.get(a.service_class)
        if client is None:
            out.append(Violation("unknown_client", f"client {cid} is not in the problem", cid, uid))
            continue
        if unit is None:
            out.append(Violation("unknown_unit", f"unit {uid} is not in the problem", cid, uid))
            continue
        residents[uid].append(cid)
        placed_at[cid] = uid
        if klass is None:
            out.append(
                Violation("unknown_class", f"class {a.service_class} does not exist", cid, uid)
            )
        elif a.service_class not in unit.offers:
            out.append(
                Violation(
                    "class_not_offered",
                    f"unit {uid} does not offer class {a.service_class}",
                    cid,
                    uid,
                )
            )
        features, level = _needs(problem, client)
        if klass is not None and klass.level < level:
            out.append(
                Violation(
                    "class_too_low",
                    f"class {a.service_class} is below client {cid}'s level",
                    cid,
                    uid,
                )
            )
        missing = sorted(features - set(unit.features))
        if missing:
            out.append(
                Violation(
                    "features",
                    f"unit {uid} lacks a feature client {cid} requires",
                    cid,
                    uid,
                    tuple(missing) if details else (),
                )
            )
        if unit.age_min is not None or unit.age_max is not None:
            lo = unit.age_min if unit.age_min is not None else 0
            hi = unit.age_max if unit.age_max is not None else 10**6
            if client.age is None or not lo <= client.age <= hi:
                out.append(
                    Violation("age", f"client {cid} is outside unit {uid}'s age band", cid, uid)
                )
        if uid in client.excluded_units:
            out.append(Violation("excluded", f"client {cid} excluded unit {uid}", cid, uid))
        ranked = any(uid in group for group in client.preferences)
        if not ranked:
            km = great_circle_km(
                client.location.lat, client.location.lon, unit.location.lat, unit.location.lon
            )
            if client.only_ranked:
                out.append(Violation("area", f"client {cid} accepts ranked units only", cid, uid))
            elif (
                client.acceptable_municipalities is not None
                and unit.municipality not in client.acceptable_municipalities
            ):
                out.append(
                    Violation(
                        "area",
                        f"unit {uid}'s municipality is not acceptable to client {cid}",
                        cid,
                        uid,
                    )
                )
            elif (
                client.max_distance_km is not None
                and km > client.max_distance_km + DISTANCE_TOLERANCE_KM
            ):
                out.append(
                    Violation(
                        "area",
                        f"unit {uid} is {km:.1f} km from client {cid}, "
                        f"beyond {client.max_distance_km} km",
                        cid,
                        uid,
                    )
                )
        for r in unit.incumbents:
            if r.id in client.incompatible_with:
                out.append(
                    Violation(
                        "resident_incompatible",
                        f"client {cid} is incompatible with resident {r.id}",
                        cid,
                        uid,
                    )
                )
        if a.move_in is None:
            out.append(Violation("move_in", f"client {cid} has no move-in date", cid, uid))

    for uid, cids in sorted(residents.items()):
        unit = units[uid]
        places = _places(problem, unit)
        if len(cids) > len(places):
            out.append(
                Violation(
                    "capacity",
                    f"unit {uid} gets {len(cids)} clients for {len(places)} free places",
                    unit_id=uid,
                )
            )
        moves = sorted(
            a.move_in for a in result.assignments if a.unit_id == uid and a.move_in is not None
        )
        for when, free in zip(moves, places, strict=False):
            if when < free:
                out.append(
                    Violation(
                        "move_in",
                        f"a move-in at unit {uid} on {when} comes before a place is free ({free})",
                        unit_id=uid,
                    )
                )
                break
        out += _composition(problem, unit, result)

    out += _overrides(problem, placed_at)
    linked = {frozenset((c.id, o)) for c in problem.clients for o in c.linked_with}
    for pair in sorted(linked, key=sorted):
        first, second = sorted(pair)
        if placed_at.get(first) != placed_at.get(second):
            out.append(
                Violation(
                    "linked_apart",
                    f"linked clients {first} and {second} are not placed together",
                    first,
                )
            )
    apart = {
        frozenset((c.id, o)) for c in problem.clients for o in c.incompatible_with if o in clients
    }
    for pair in sorted(apart, key=sorted):
        first, second = sorted(pair)
        home = placed_at.get(first)
        if home is not None and home == placed_at.get(second):
            out.append(
                Violation(
                    "incompatible_together",
                    f"clients {first} and {second} share unit {home}",
                    first,
                    home,
                )
            )
    return out
