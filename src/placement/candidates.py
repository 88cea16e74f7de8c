"""Candidate edges: the one place that decides "may client c live in unit u, at class k".

A pair survives when every rule holds:

``vacancy``        the unit has a place free within the horizon;
``features``       the unit has every feature the client's needs require;
``service_class``  the unit offers a class at or above the client's minimum level;
``age``            the client's age is within the unit's age band (unknown age fails a band);
``excluded``       the client has not excluded the unit;
``resident``       no resident of the unit is incompatible with the client;
``composition``    no composition limit on one of the client's tags is full on the unit's last
                   place's day (tagged residents who leave by then do not count);
``area``           the client ranked the unit, or else the unit is in an acceptable
                   municipality, within ``max_distance_km``, and the client accepts unranked units;
``override``       the placement team has not ruled the pair out (``problem.overrides``: a pin to
                   another unit, or a forbidden pair).

Of the classes a unit offers at or above the client's level, the edge takes the cheapest
(ties: the lower level): the least restrictive class that meets the need. Capacity is per
unit, so this choice is exact for any objective that prefers cheaper classes.

How it stays fast: one matrix product per block of clients finds the pairs that are near
enough (or ranked); every rule is then a vectorised test on those sparse pairs. No per-pair
Python objects are made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from placement.deadline import Deadline
from placement.encoding import COS_MARGIN, NO_AGE, Encoding, PerProblem, encoded
from placement.errors import Issue, ProblemError, SolveError
from placement.model import DISTANCE_TOLERANCE_KM, Problem, haversine_km_array

__all__ = [
    "BYTES_PER_EDGE",
    "FILTERS",
    "MAX_EDGES",
    "Candidates",
    "OutOfTimeError",
    "build",
    "estimate_edges",
    "filter_counts",
    "first_failing",
]

FILTERS = (
    "vacancy",
    "features",
    "service_class",
    "age",
    "excluded",
    "resident",
    "composition",
    "area",
    "override",
)
"""Names of the feasibility rules, in the order :func:`filter_counts` applies them."""

_BLOCK = 2048  # clients per block of the distance prefilter, at most
_BLOCK_CELLS = 2048 * 1500  # client-unit cells of one block's dense matrices, at most


@dataclass(frozen=True)
class Candidates:
    """Sparse candidate edges, sorted by client index then unit index.

    Indices refer to ``problem.clients``, ``problem.units`` and ``problem.service_classes``.

    Attributes
    ----------
    client, unit, service_class : ndarray of int32
        Endpoints and chosen class of each edge.
    rank : ndarray of int32
        Preference rank of the unit (1 best); unranked acceptable units get the client's
        number of preference groups plus one.
    ranked : ndarray of bool
        Whether the client ranked the unit.
    distance_km : ndarray of float64
        Great-circle distance from the client's location to the unit (km).
    daily_price : ndarray of float64
        Price of the chosen class at the unit (EUR/day).
    indptr : ndarray of int64
        Edges of client ``i`` are ``indptr[i]:indptr[i + 1]``.
    """

    client: NDArray[np.int32]
    unit: NDArray[np.int32]
    service_class: NDArray[np.int32]
    rank: NDArray[np.int32]
    ranked: NDArray[np.bool_]
    distance_km: NDArray[np.float64]
    daily_price: NDArray[np.float64]
    indptr: NDArray[np.int64]

    def __len__(self) -> int:
        return int(self.client.size)


_kinds = PerProblem(lambda problem: _group_kinds(encoded(problem)))


def _member(sorted_keys: NDArray[np.int64], keys: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Whether each of ``keys`` is in ``sorted_keys``."""
    if sorted_keys.size == 0:
        return np.zeros(keys.shape, bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
    return np.asarray(sorted_keys[at] == keys)


@dataclass(frozen=True)
class _Pairs:
    """Client-unit pairs under test: indices, cosine of their angle, rank (0 unranked)."""

    ci: NDArray[np.int64]
    ui: NDArray[np.int64]
    cos: NDArray[np.float64]
    rank: NDArray[np.int64]

    def __getitem__(self, keep: NDArray[np.bool_]) -> _Pairs:
        return _Pairs(self.ci[keep], self.ui[keep], self.cos[keep], self.rank[keep])

    def km(self, a: Encoding) -> NDArray[np.float64]:
        """Great-circle distances of the pairs (km)."""
        c, u = a.client_deg[self.ci], a.unit_deg[self.ui]
        return haversine_km_array(c[:, 0], c[:, 1], u[:, 0], u[:, 1])


def _area(a: Encoding, p: _Pairs) -> NDArray[np.bool_]:
    limit = a.cos_limit[p.ci]
    nearby = p.cos >= limit
    close = np.abs(p.cos - limit) <= COS_MARGIN  # too close to the limit for the cosine
    nearby[close] = p[close].km(a) <= a.max_km[p.ci[close]] + DISTANCE_TOLERANCE_KM
    acceptable = a.accept[p.ci, a.unit_municipality[p.ui]] & a.open_unranked[p.ci]
    return (p.rank > 0) | (nearby & acceptable)


def _age(a: Encoding, p: _Pairs) -> NDArray[np.bool_]:
    age = a.age[p.ci]
    in_band = (age != NO_AGE) & (age >= a.age_min[p.ui]) & (age <= a.age_max[p.ui])
    return np.asarray(~a.banded[p.ui] | in_band)


_RULES: dict[str, Callable[[Encoding, _Pairs], NDArray[np.bool_]]] = {
    "vacancy": lambda a, p: np.asarray(a.has_vacancy[p.ui]),
    "features": lambda a, p: np.asarray(~(a.required[p.ci] & a.lacking[p.ui]).any(axis=-1)),
    "service_class": lambda a, p: a.best_class[p.ui, a.min_level[p.ci]] >= 0,
    "age": _age,
    "excluded": lambda a, p: ~_member(a.excluded_key, p.ci * a.m + p.ui),
    "resident": lambda a, p: ~_member(a.clash_key, p.ci * a.m + p.ui),
    "composition": lambda a, p: np.asarray(~(a.tagged[p.ci] & a.full[p.ui]).any(axis=-1)),
    "area": _area,
    "override": lambda a, p: ~_member(a.overridden_key, p.ci * a.m + p.ui),
}
"""Each rule of :data:`FILTERS` as a vectorised test of pairs."""

_KIND_RULES = ("vacancy", "features", "service_class", "composition")
"""Rules that depend only on the unit and the client's *kind* (required features, minimum level
and composition tags): decided once per kind and unit, then looked up for every pair."""

_PAIR_RULES = ("area", "age", "excluded", "resident", "override")
"""Rules decided pair by pair, on the pairs the kind rules left (all must hold: order is free)."""


@dataclass(frozen=True)
class _Kinds:
    """Clients grouped by kind, and which units each kind may use by :data:`_KIND_RULES`."""

    of_client: NDArray[np.int64]  # (n,) kind of each client
    fits: NDArray[np.bool_]  # (kinds, m)


def _group_kinds(a: Encoding) -> _Kinds:
    m = a.m
    signature = np.column_stack([a.required.view(np.int64), a.min_level, a.tagged.view(np.int64)])
    _, first, of_client = np.unique(signature, axis=0, return_index=True, return_inverse=True)
    every = _Pairs(
        ci=first.astype(np.int64)[:, None],
        ui=np.arange(m, dtype=np.int64)[None, :],
        cos=np.zeros((1, 1)),
        rank=np.zeros((1, 1), np.int64),
    )
    fits = np.ones((first.size, m), bool)
    for name in _KIND_RULES:
        fits &= _RULES[name](a, every)
    return _Kinds(of_client=of_client.reshape(-1).astype(np.int64), fits=fits)


def _near_or_ranked(a: Encoding, kinds: _Kinds, lo: int, hi: int) -> _Pairs:
    """Pairs of clients ``lo:hi`` with units their kind may use, about within their distance
    limit or ranked by them.

    The cosine test is a cheap superset (``COS_MARGIN``); :func:`_area` decides on the distance.
    """
    dot = a.client_xyz[lo:hi] @ a.unit_xyz.T
    near = dot >= a.reach[lo:hi, None]
    start, stop = np.searchsorted(a.pref_key, [lo * a.m, hi * a.m])
    keys, ranks = a.pref_key[start:stop], a.pref_rank[start:stop]
    near[keys // a.m - lo, keys % a.m] = True
    near &= kinds.fits[kinds.of_client[lo:hi]]
    ci, ui = np.divmod(np.flatnonzero(near), a.m)
    pair_keys = (ci + lo) * a.m + ui
    at = np.minimum(np.searchsorted(keys, pair_keys), max(0, keys.size - 1))
    rank = np.where(_member(keys, pair_keys), ranks[at] if keys.size else 0, 0)
    return _Pairs(ci + lo, ui, dot[ci, ui], rank)


MAX_EDGES = 20_000_000
"""Default largest number of candidate edges :func:`build` makes (about 2 GiB with the engines'
arrays, at :data:`BYTES_PER_EDGE`); :func:`placement.solve` takes ``max_edges`` to raise it."""

BYTES_PER_EDGE = 100
"""Memory one candidate edge takes with the scores and engine arrays built on it (bytes, about)."""

_SAMPLE = 256  # clients whose pairs estimate the number of edges before building


class OutOfTimeError(SolveError):
    """The time limit ran out while building candidates (nothing is cached)."""


def build(
    problem: Problem, *, deadline: Deadline | None = None, max_edges: int | None = None
) -> Candidates:
    """Every feasible (client, unit, class) edge of ``problem``, cached per problem object.

    Parameters
    ----------
    problem : Problem
        A validated problem.
    deadline : Deadline, optional
        Time budget: building stops between blocks of clients once it is spent.
    max_edges : int, optional
        Refuse problems estimated (from a sample of clients, before building) to have more
        edges than this; default :data:`MAX_EDGES`.

    Returns
    -------
    Candidates
        Sparse edge arrays sorted by client, then unit.

    Raises
    ------
    ProblemError
        If the problem is estimated to have more than ``max_edges`` edges.
    OutOfTimeError
        If ``deadline`` is spent before every block is built.
    """
    cached = _built.peek(problem)
    if cached is not None:
        return cached
    limit = MAX_EDGES if max_edges is None else max_edges
    pairs = len(problem.clients) * len(problem.units)
    estimate = 0 if pairs <= limit else estimate_edges(problem)  # edges <= client-unit pairs
    if estimate > limit:
        gib = estimate * BYTES_PER_EDGE / 2**30
        issue = Issue(
            "clients x units",
            f"about {estimate:,} candidate pairs (about {gib:,.1f} GiB) exceed the limit of "
            f"{limit:,}",
            "narrow the clients' areas (max_distance_km, acceptable_municipalities), split the "
            "region, or raise the limit with max_edges=...",
        )
        raise ProblemError([issue], what="problem size")
    return _built.store_value(problem, _build(problem, deadline))


def estimate_edges(problem: Problem) -> int:
    """Candidate edges of ``problem`` estimated from up to 256 evenly spread clients."""
    n = len(problem.clients)
    if n <= _SAMPLE:
        return 0  # small enough to build outright
    a, kinds = encoded(problem), _kinds(problem)
    picked = np.linspace(0, n - 1, _SAMPLE).round().astype(np.int64)
    found = sum(_block(a, kinds, int(i), int(i) + 1).ci.size for i in picked.tolist())
    return int(np.ceil(found * n / _SAMPLE))


def _block_size(m: int) -> int:
    """Clients per block, so the dense block matrices stay about 2048 x 1500 cells."""
    return max(1, min(_BLOCK, _BLOCK_CELLS // max(1, m)))


def _block(a: Encoding, kinds: _Kinds, lo: int, hi: int) -> _Pairs:
    """Feasible pairs of clients ``lo:hi``."""
    pairs = _near_or_ranked(a, kinds, lo, hi)
    keep = np.ones(pairs.ci.size, bool)
    for name in _PAIR_RULES:  # each is cheap on the pairs the kinds left: filter once
        keep &= _RULES[name](a, pairs)
    return pairs[keep]


def _build(problem: Problem, deadline: Deadline | None = None) -> Candidates:
    a, kinds = encoded(problem), _kinds(problem)
    n = len(problem.clients)
    parts = []
    step = _block_size(a.m)
    for lo in range(0, n, step):
        if deadline is not None and deadline.expired():
            raise OutOfTimeError(f"candidates built for {lo:,} of {n:,} clients")
        parts.append(_block(a, kinds, lo, min(n, lo + step)))
    ci = np.concatenate([p.ci for p in parts]) if parts else np.zeros(0, np.int64)
    ui = np.concatenate([p.ui for p in parts]) if parts else np.zeros(0, np.int64)
    km = np.concatenate([p.km(a) for p in parts]) if parts else np.zeros(0)
    rank = np.concatenate([p.rank for p in parts]) if parts else np.zeros(0, np.int64)
    ranked = rank > 0
    level = a.min_level[ci]
    cands = Candidates(
        client=ci.astype(np.int32),
        unit=ui.astype(np.int32),
        service_class=a.best_class[ui, level].astype(np.int32),
        rank=np.where(ranked, rank, a.unranked_rank[ci]).astype(np.int32),
        ranked=ranked,
        distance_km=km,
        daily_price=a.best_price[ui, level],
        indptr=np.searchsorted(ci, np.arange(n + 1)).astype(np.int64),
    )
    return cands


_built = PerProblem(_build)


def first_failing(problem: Problem, client_id: str) -> list[str | None]:
    """Per unit (in ``units`` order): the first rule of :data:`FILTERS` the pair fails, or
    ``None`` where the client may live in the unit."""
    a, pairs = encoded(problem), _client_pairs(problem, client_id)
    first: list[str | None] = [None] * a.m
    for name in FILTERS:
        for j in np.flatnonzero(~_RULES[name](a, pairs)).tolist():
            first[j] = first[j] or name
    return first


def _client_pairs(problem: Problem, client_id: str) -> _Pairs:
    """One client's pairs with every unit."""
    a = encoded(problem)
    i = problem.client_index[client_id]
    rank = np.zeros(a.m, np.int64)
    start, stop = np.searchsorted(a.pref_key, [i * a.m, (i + 1) * a.m])
    rank[a.pref_key[start:stop] % a.m] = a.pref_rank[start:stop]
    return _Pairs(np.full(a.m, i, np.int64), np.arange(a.m), a.unit_xyz @ a.client_xyz[i], rank)


def filter_counts(problem: Problem, client_id: str) -> dict[str, int]:
    """How many units pass each rule in turn for one client (cumulative, :data:`FILTERS` order).

    The first rule whose count drops to zero is the one that left the client without a place.
    """
    a, pairs = encoded(problem), _client_pairs(problem, client_id)
    ok = np.ones(a.m, bool)
    counts = {}
    for name in FILTERS:
        ok &= _RULES[name](a, pairs)
        counts[name] = int(ok.sum())
    return counts
