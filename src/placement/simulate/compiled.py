"""A scenario compiled once into the arrays every replication reads (never written to).

The candidate edges are built **once**, with :func:`placement.candidates.build`, for every
client profile against every unit (existing and added by changes), with each unit's dynamic
state taken out: every unit has a place free, no resident counts against a composition limit,
and no unit is closed. A matching round then takes the rows of the clients waiting and the
columns of the units with places free, and drops the edges to units whose composition limit
is full (see :mod:`placement.simulate.matching`); nothing is re-validated or recomputed.

One approximation: a client of the start queue who is incompatible with a resident of the start
state stays barred from that resident's unit for the whole run, even after the resident left.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from placement import candidates
from placement.candidates import Candidates
from placement.model import Client, Point, Problem, Unit
from placement.simulate.distributions import Distribution
from placement.simulate.scenario import (
    AddPlaces,
    ChangeArrivalRate,
    ChangePolicy,
    ChangeRoundInterval,
    CloseUnit,
    Scenario,
)

__all__ = ["Compiled", "Resident0", "compile_scenario"]


@dataclass(frozen=True)
class Resident0:
    """A resident of the start state: unit index, composition-tag bits, class, known leave day."""

    unit: int
    tags: int
    service_class: int
    leaves_day: float | None


@dataclass(frozen=True)
class Compiled:
    """The run-time form of a scenario (indices into ``units`` and ``profiles``).

    Attributes
    ----------
    capacity_events : list of (day, unit, delta)
        Places added (AddPlaces) on a day, sorted by day.
    open_day, close_day : ndarray of float64
        Per unit: first day it admits anyone, and the day it stops (inf: never).
    """

    scenario: Scenario
    start: dt.date
    policy: str
    interval: float
    pool: Problem
    profiles: tuple[Client, ...]
    units: tuple[Unit, ...]
    cands: Candidates
    profile_class: NDArray[np.int64]
    profile_town: NDArray[np.int64]
    profile_tags: NDArray[np.uint64]
    profile_side: NDArray[np.bool_]
    profile_urgency: NDArray[np.int64]
    towns: tuple[str, ...]
    classes: tuple[str, ...]
    unit_town: NDArray[np.int64]
    unit_same_town: NDArray[np.bool_]
    unit_rules: tuple[tuple[tuple[int, int], ...], ...]
    tag_names: tuple[str, ...]
    capacity: NDArray[np.int64]
    open_day: NDArray[np.float64]
    close_day: NDArray[np.float64]
    capacity_events: list[tuple[float, int, int]]
    residents: tuple[Resident0, ...]
    queue: tuple[int, ...]
    arrival_rates: NDArray[np.float64]
    arrival_profiles: tuple[NDArray[np.int64], ...]
    stays: tuple[Distribution, ...]
    exits: tuple[tuple[str, Distribution], ...]
    side_links: dict[int, frozenset[int]] = field(default_factory=dict)
    profile_group: dict[int, int] = field(default_factory=dict)

    def day(self, when: dt.date) -> float:
        """Days from the start to ``when``."""
        return float((when - self.start).days)

    def date(self, day: float) -> dt.date:
        """The calendar date of simulated ``day``."""
        return self.start + dt.timedelta(days=int(np.floor(day)))


def _new_unit(problem: Problem, change: AddPlaces, k: int) -> Unit:
    assert change.municipality is not None
    town = change.municipality
    points = [u.location for u in problem.units if u.municipality == town]
    points = points or [c.location for c in problem.clients if c.municipality == town]
    points = points or [u.location for u in problem.units]
    lat = float(np.mean([p.lat for p in points]))
    lon = float(np.mean([p.lon for p in points]))
    features = sorted(
        {f for u in problem.units if change.service_class in u.offers for f in u.features}
    )
    return Unit(
        id=f"new-{town}-{change.service_class}-{k}",
        municipality=town,
        location=Point(lat=lat, lon=lon),
        features=tuple(features),
        offers={change.service_class: None},
        capacity=0,
    )


def _pool_unit(unit: Unit, start: dt.date) -> Unit:
    """``unit`` with its dynamic state taken out: a place free, no resident staying."""
    leaving = tuple(r.model_copy(update={"leaves_on": start}) for r in unit.incumbents)
    return unit.model_copy(
        update={"incumbents": leaving, "capacity": len(leaving) + 1, "opens_on": None}
    )


def compile_scenario(s: Scenario) -> Compiled:
    """Compile ``s`` (changes applied) into arrays; builds the candidate edges once."""
    problem = s.problem
    start = problem.reference_date
    policy, interval = s.policy, s.round_interval_days
    rate_factor: dict[str | None, float] = {}
    units = list(problem.units)
    capacity_events: list[tuple[float, int, int]] = []
    close: dict[str, dt.date] = {}
    index = {u.id: j for j, u in enumerate(units)}
    for change in s.changes:
        if isinstance(change, ChangePolicy):
            policy = change.policy
        elif isinstance(change, ChangeRoundInterval):
            interval = change.days
        elif isinstance(change, ChangeArrivalRate):
            rate_factor[change.municipality] = (
                rate_factor.get(change.municipality, 1.0) * change.factor
            )
        elif isinstance(change, CloseUnit):
            close[change.unit] = min(change.on, close.get(change.unit, change.on))
        elif isinstance(change, AddPlaces) and change.count > 0:
            if change.unit is not None:
                j = index[change.unit]
            else:
                units.append(_new_unit(problem, change, len(units)))
                j = len(units) - 1
                index[units[j].id] = j
            day = max(0.0, float((change.from_date - start).days))
            capacity_events.append((day, j, change.count))
    capacity_events.sort()

    profiles = problem.clients
    pool = problem.model_copy(
        update={"units": tuple(_pool_unit(u, start) for u in units), "horizon_days": None}
    )
    cands = candidates.build(pool)
    classes = tuple(k.id for k in problem.service_classes)
    levels = {k.level: i for i, k in reversed(list(enumerate(problem.service_classes)))}
    reqs = pool.client_requirements
    towns = sorted({u.municipality for u in units} | {c.municipality for c in profiles})
    towns = sorted(set(towns) | set(s.arrivals) | set(problem.municipalities or ()))
    town_index = {t: i for i, t in enumerate(towns)}
    tag_names = tuple(sorted({r.tag for u in units for r in u.composition}))[:32]
    tag_bit = {t: 1 << i for i, t in enumerate(tag_names)}

    def bits(names: set[str] | frozenset[str] | tuple[str, ...]) -> int:
        return sum(tag_bit.get(t, 0) for t in set(names))

    profile_tags = np.array(
        [bits(set(r.features) | set(c.tags)) for c, r in zip(profiles, reqs, strict=True)],
        np.uint64,
    )
    ids = {c.id: i for i, c in enumerate(profiles)}
    side_links = {
        i: frozenset(ids[o] for o in (*c.linked_with, *c.incompatible_with) if o in ids)
        for i, c in enumerate(profiles)
        if c.linked_with or c.incompatible_with
    }
    for i in list(side_links):  # links are symmetric though one side may name them
        for o in side_links[i]:
            side_links[o] = side_links.get(o, frozenset()) | {i}

    cheapest = []
    for u in units:
        offer = min(u.offers, key=lambda k: (u.offers[k] or problem.class_by_id[k].daily_price, k))
        cheapest.append(classes.index(offer))
    residents: list[Resident0] = []
    if s.start == "problem":
        for j, u in enumerate(units):
            for r in u.incumbents:
                leaves = (
                    None if r.leaves_on is None else max(0.0, float((r.leaves_on - start).days))
                )
                residents.append(Resident0(j, bits(r.tags), cheapest[j], leaves))
    by_town: dict[int, list[int]] = {}
    for i, c in enumerate(profiles):
        by_town.setdefault(town_index[c.municipality], []).append(i)
    everyone = np.arange(len(profiles), dtype=np.int64)
    rates = np.zeros(len(towns))
    for town, rate in s.arrivals.items():
        factor = rate_factor.get(None, 1.0) * rate_factor.get(town, 1.0)
        rates[town_index[town]] = rate * factor
    default = s.default_length_of_stay
    return Compiled(
        scenario=s,
        start=start,
        policy=policy,
        interval=interval,
        pool=pool,
        profiles=profiles,
        units=tuple(units),
        cands=cands,
        profile_class=np.array([levels[r.min_level] for r in reqs], np.int64),
        profile_town=np.array([town_index[c.municipality] for c in profiles], np.int64),
        profile_tags=profile_tags,
        profile_urgency=np.array([p.urgency for p in profiles], np.int64),
        profile_side=np.array([i in side_links for i in range(len(profiles))], bool),
        towns=tuple(towns),
        classes=classes,
        unit_town=np.array([town_index[u.municipality] for u in units], np.int64),
        unit_same_town=np.array(["same_municipality" in u.priority for u in units], bool),
        unit_rules=tuple(
            tuple((tag_bit[r.tag], r.at_most) for r in u.composition if r.tag in tag_bit)
            for u in units
        ),
        tag_names=tag_names,
        capacity=np.array([u.capacity for u in units], np.int64),
        open_day=np.array(
            [
                0.0 if u.opens_on is None else max(0.0, float((u.opens_on - start).days))
                for u in units
            ]
        ),
        close_day=np.array(
            [float((close[u.id] - start).days) if u.id in close else np.inf for u in units]
        ),
        capacity_events=capacity_events,
        residents=tuple(residents),
        queue=tuple(range(len(profiles))) if s.start == "problem" else (),
        arrival_rates=rates,
        arrival_profiles=tuple(
            np.array(by_town.get(t, everyone), np.int64) for t in range(len(towns))
        ),
        stays=tuple(s.length_of_stay.get(k, default) for k in classes),
        exits=tuple(sorted(s.exits.items())),
        side_links=side_links,
        profile_group={
            ids[cid]: min(ids[m] for m in group)
            for group in problem.linked_groups()
            for cid in group
        },
    )
