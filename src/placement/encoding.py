"""The integer and bit encodings of a problem that the candidate rules test, built once per problem.

:mod:`placement.candidates` decides which client-unit pairs are feasible; this module turns a
:class:`~placement.model.Problem` into the arrays those decisions read (unit vectors, feature and
tag bits, class tables, sorted preference keys), with no per-pair objects.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
from numpy.typing import NDArray

from placement.model import EARTH_RADIUS_KM, Problem
from placement.model.problem import tag_room

__all__ = ["COS_MARGIN", "NO_AGE", "Encoding", "PerProblem", "encode", "encoded"]

NO_AGE = -1
COS_MARGIN = 1e-9
"""Slack of the cosine distance test: the dot product of two unit vectors is only accurate to about
1e-16, which near 0 km is an angle of about 0.1 m, so a client 0 km from a unit with a 0 km limit
could fail an exact cosine test. Pairs within the slack of a client's limit are decided on their
haversine distance, the same formula as the checker's."""

_T = TypeVar("_T")


class PerProblem(Generic[_T]):
    """A value computed once per problem object (problems are immutable), dropped with it."""

    def __init__(self, make: Callable[[Problem], _T]) -> None:
        self.make = make
        self.store: dict[int, tuple[weakref.ref[Problem], _T]] = {}

    def __call__(self, problem: Problem) -> _T:
        hit = self.peek(problem)
        return hit if hit is not None else self.store_value(problem, self.make(problem))

    def peek(self, problem: Problem) -> _T | None:
        """The value for ``problem`` if it was computed, else ``None``."""
        hit = self.store.get(id(problem))
        return hit[1] if hit is not None and hit[0]() is problem else None

    def store_value(self, problem: Problem, value: _T) -> _T:
        """Keep ``value`` for ``problem`` (and forget values of problems gone)."""
        for stale in [k for k, (ref, _) in self.store.items() if ref() is None]:
            del self.store[stale]
        self.store[id(problem)] = (weakref.ref(problem), value)
        return value


def _bits(rows: Sequence[AbstractSet[str]], vocab: dict[str, int]) -> NDArray[np.uint64]:
    """Pack each row's members of ``vocab`` into 64-bit words (shape rows x words)."""
    words = max(1, -(-len(vocab) // 64))
    distinct: dict[frozenset[str], int] = {}
    which = np.array([distinct.setdefault(frozenset(row), len(distinct)) for row in rows], np.int64)
    packed = np.zeros((len(distinct), words), np.uint64)
    for i, row in enumerate(distinct):  # rows repeat (clients share needs): pack each once
        for item in row:
            if item in vocab:
                k = vocab[item]
                packed[i, k // 64] |= np.uint64(1) << np.uint64(k % 64)
    return packed[which.reshape(-1)]


def _xyz(lat: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.float64]:
    la, lo = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


@dataclass(frozen=True)
class Encoding:
    """Integer and bit encodings of a problem, built once per call."""

    m: int
    client_xyz: NDArray[np.float64]  # (n, 3) unit vectors
    unit_xyz: NDArray[np.float64]  # (m, 3)
    client_deg: NDArray[np.float64]  # (n, 2) latitude, longitude
    unit_deg: NDArray[np.float64]  # (m, 2)
    max_km: NDArray[np.float64]  # (n,) distance limit, inf when unlimited
    cos_limit: NDArray[np.float64]  # (n,) cos of the largest angle allowed; -2 when unlimited
    reach: NDArray[np.float64]  # (n,) cos_limit less COS_MARGIN, or 2 (nothing) for ranked-only
    required: NDArray[np.uint64]  # (n, W) feature bits
    lacking: NDArray[np.uint64]  # (m, W) bits of features the unit lacks
    min_level: NDArray[np.int64]  # (n,)
    best_class: NDArray[np.int32]  # (m, L + 1): cheapest class index at level >= L, -1 none
    best_price: NDArray[np.float64]  # (m, L + 1)
    age: NDArray[np.int64]  # (n,)
    age_min: NDArray[np.int64]  # (m,)
    age_max: NDArray[np.int64]  # (m,)
    banded: NDArray[np.bool_]  # (m,) unit has an age band
    tagged: NDArray[np.uint64]  # (n, T) composition-tag bits
    full: NDArray[np.uint64]  # (m, T) bits of tags with no room left
    accept: NDArray[np.bool_]  # (n, M) acceptable municipalities
    unit_municipality: NDArray[np.int64]  # (m,)
    open_unranked: NDArray[np.bool_]  # (n,) accepts unranked units
    has_vacancy: NDArray[np.bool_]  # (m,)
    pref_key: NDArray[np.int64]  # sorted client * m + unit of ranked pairs
    pref_rank: NDArray[np.int64]  # rank of each, same order
    excluded_key: NDArray[np.int64]  # sorted keys of excluded pairs
    clash_key: NDArray[np.int64]  # sorted keys of pairs with an incompatible resident
    overridden_key: NDArray[np.int64]  # sorted keys of pairs the overrides rule out
    unranked_rank: NDArray[np.int32]  # (n,)


def encode(problem: Problem) -> Encoding:
    clients, units = problem.clients, problem.units
    m = len(units)
    unit_index = {u.id: j for j, u in enumerate(units)}
    reqs = problem.client_requirements

    features = sorted(
        {f for r in reqs for f in r.features} | {f for u in units for f in u.features}
    )
    f_index = {f: i for i, f in enumerate(features)}
    required = _bits([r.features for r in reqs], f_index)
    lacking = _bits([set(features) - set(u.features) for u in units], f_index)

    levels = max(k.level for k in problem.service_classes)
    best_class = np.full((m, levels + 2), -1, np.int32)
    best_price = np.full((m, levels + 2), np.inf)
    class_index = {k.id: i for i, k in enumerate(problem.service_classes)}
    for j, u in enumerate(units):
        offers = sorted(
            (
                price if price is not None else problem.class_by_id[k].daily_price,
                problem.class_by_id[k].level,
                class_index[k],
            )
            for k, price in u.offers.items()
        )
        for level in range(1, levels + 1):
            for price, k_level, k in offers:
                if k_level >= level:
                    best_class[j, level], best_price[j, level] = k, price
                    break

    tags = {t: i for i, t in enumerate(sorted({r.tag for u in units for r in u.composition}))}
    tagged = _bits([r.features.union(c.tags) for c, r in zip(clients, reqs, strict=True)], tags)
    places = problem.place_days
    full = _bits(
        [
            {t for t, room in tag_room(u, p[-1] if p else None).items() if room <= 0}
            for u, p in zip(units, places, strict=True)
        ],
        tags,
    )

    named = {u.municipality for u in units}
    named |= {name for c in clients for name in c.acceptable_municipalities or ()}
    municipalities = {name: i for i, name in enumerate(sorted(named))}
    rows: dict[tuple[str, ...] | None, int] = {None: 0}
    client_row = np.array(
        [rows.setdefault(c.acceptable_municipalities, len(rows)) for c in clients], np.int64
    )
    distinct = np.ones((len(rows), len(municipalities)), bool)
    for names, r in rows.items():
        if names is not None:
            distinct[r] = False
            distinct[r, [municipalities[name] for name in names]] = True
    accept = distinct[client_row]

    ranked = [  # (client, unit, rank) of every ranked pair
        (i * m + unit_index[u], r)
        for i, c in enumerate(clients)
        for r, group in enumerate(c.preferences, 1)
        for u in group
    ]
    pref_key, pref_rank = np.array(ranked, np.int64).reshape(-1, 2).T
    order = np.argsort(pref_key, kind="stable")
    resident_unit = {r.id: j for j, u in enumerate(units) for r in u.incumbents}
    excluded = [i * m + unit_index[u] for i, c in enumerate(clients) for u in c.excluded_units]
    clash = [
        i * m + resident_unit[o]
        for i, c in enumerate(clients)
        for o in c.incompatible_with
        if o in resident_unit
    ]

    overrides = problem.overrides
    overridden = [
        problem.client_index[c] * m + unit_index[u]
        for c, us in overrides.forbidden.items()
        for u in us
    ] + [
        problem.client_index[c] * m + j
        for c, u in overrides.pins.items()
        for j in range(m)
        if j != unit_index[u]
    ]

    per_client = np.array(  # one pass over the clients for their numbers
        [
            (
                c.location.lat,
                c.location.lon,
                np.inf if c.max_distance_km is None else c.max_distance_km,
                NO_AGE if c.age is None else c.age,
                c.only_ranked,
                len(c.preferences) + 1,
            )
            for c in clients
        ],
        np.float64,
    ).reshape(-1, 6)
    client_deg, max_km = per_client[:, :2], per_client[:, 2]
    only_ranked = per_client[:, 4] > 0
    cos_limit = np.where(
        np.isinf(max_km), -2.0, np.cos(np.minimum(max_km / EARTH_RADIUS_KM, np.pi))
    )
    unit_deg = np.array([(u.location.lat, u.location.lon) for u in units]).reshape(-1, 2)
    return Encoding(
        m=m,
        client_xyz=_xyz(client_deg[:, 0], client_deg[:, 1]),
        unit_xyz=_xyz(unit_deg[:, 0], unit_deg[:, 1]),
        client_deg=client_deg,
        unit_deg=unit_deg,
        max_km=max_km,
        cos_limit=cos_limit,
        reach=np.where(only_ranked, 2.0, cos_limit - COS_MARGIN),
        required=required,
        lacking=lacking,
        min_level=np.array([r.min_level for r in reqs], np.int64),
        best_class=best_class,
        best_price=best_price,
        age=per_client[:, 3].astype(np.int64),
        age_min=np.array([u.age_min if u.age_min is not None else 0 for u in units], np.int64),
        age_max=np.array([u.age_max if u.age_max is not None else 10**6 for u in units], np.int64),
        banded=np.array([u.age_min is not None or u.age_max is not None for u in units], bool),
        tagged=tagged,
        full=full,
        accept=accept,
        unit_municipality=np.array([municipalities[u.municipality] for u in units], np.int64),
        open_unranked=~only_ranked,
        has_vacancy=np.array([bool(p) for p in places], bool),
        pref_key=pref_key[order],
        pref_rank=pref_rank[order],
        excluded_key=np.unique(np.array(excluded, np.int64)),
        clash_key=np.unique(np.array(clash, np.int64)),
        overridden_key=np.unique(np.array(overridden, np.int64)),
        unranked_rank=per_client[:, 5].astype(np.int32),
    )


encoded = PerProblem(encode)
