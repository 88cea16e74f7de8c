"""Policy metrics: what a result means for clients, units and the budget.

:func:`metrics` returns plain mappings (JSON-ready): ``overall``, ``by_municipality`` (clients
by home municipality, utilisation by the units there) and ``by_service_class`` (placed clients
by their class; waiting clients by the class their needs call for).

Stability is computed from its definition, not from any algorithm. Client ``c`` *envies*
unit ``u`` when ``c`` could live in ``u`` (a candidate pair), prefers ``u`` to its outcome
(waiting is worst), and a client of strictly lower priority at ``u`` holds a place there; the
pair is *wasteful* when instead ``u`` keeps a place unused. Blocking pairs are both kinds; a
stable result has none. Priority at a unit: same home municipality first where the unit has
that rule, then higher urgency, then earlier queue date.

With side constraints a pair counts only when moving ``c`` alone into ``u`` (in place of a
lower-priority holder, or into the unused place) keeps every side constraint: a linked client
never moves alone nor gives up its place alone, no client incompatible with ``c`` may remain in
``u``, and ``u``'s composition limits must still hold. A move the rules forbid is no grievance the
result could have avoided.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from placement import candidates
from placement.candidates import Candidates
from placement.engines.side import Side
from placement.model import Client, Problem, haversine_km
from placement.model.input import as_model
from placement.policies.base import required_level
from placement.result import Result

__all__ = ["metrics", "priority_at"]


def priority_at(
    problem: Problem,
) -> Callable[[NDArray[np.int64], NDArray[np.int64]], NDArray[np.int64]]:
    """Each unit's priority over clients as a key of (client, unit) index pairs; smaller is
    higher.

    The documented order of :mod:`placement.policies.market` without its lottery: pinned
    clients, then other clients the overrides require placed, then a unit's own municipality
    where it has the ``same_municipality`` rule, then higher urgency, then earlier queue date.
    """
    top = max(problem.weights.urgency)
    base = (
        np.array(
            [(top - c.urgency) * 10**6 + c.queued_since.toordinal() for c in problem.clients],
            np.int64,
        )
        - required_level(problem) * 10**9
    )
    same_rule = np.array(["same_municipality" in u.priority for u in problem.units], bool)
    unit_town = np.array([u.municipality for u in problem.units])
    client_town = np.array([c.municipality for c in problem.clients])

    def key(ci: NDArray[np.int64], uj: NDArray[np.int64]) -> NDArray[np.int64]:
        local = same_rule[uj] & (client_town[ci] == unit_town[uj])
        return np.asarray(base[ci] - np.where(local, 10**8, 0), np.int64)

    return key


def _group_stats(rows: list[dict[str, Any]]) -> dict[str, Any]:
    placed = [r for r in rows if r["unit"] is not None]
    ranks = [r["rank"] for r in placed]
    km = [r["km"] for r in placed]
    return {
        "clients": len(rows),
        "placed": len(placed),
        "unplaced": len(rows) - len(placed),
        "placed_share": round(len(placed) / len(rows), 4) if rows else None,
        "rank_1": sum(1 for r in ranks if r == 1),
        "rank_2": sum(1 for r in ranks if r == 2),
        "rank_3plus": sum(1 for r in ranks if r is not None and r >= 3),
        "unranked": sum(1 for r in ranks if r is None),
        "mean_distance_km": round(float(np.mean(km)), 2) if km else None,
        "max_distance_km": round(float(np.max(km)), 2) if km else None,
        "daily_cost_eur": round(sum(r["price"] for r in placed), 2),
        "mean_days_waited": round(float(np.mean([r["waited"] for r in placed])), 1)
        if placed
        else None,
        "mean_days_to_move_in": round(float(np.mean([r["delay"] for r in placed])), 1)
        if placed
        else None,
        "justified_envy": sum(1 for r in rows if r["envy"]),
    }


def _envy(problem: Problem, result: Result) -> tuple[set[int], int, int]:
    """Clients with justified envy, envious (client, unit) pairs, and wasteful pairs."""
    cands = candidates.build(problem)
    index = {c.id: i for i, c in enumerate(problem.clients)}
    unit_index = {u.id: j for j, u in enumerate(problem.units)}
    n, m = len(problem.clients), len(problem.units)
    own = np.full(n, np.iinfo(np.int32).max, np.int64)  # waiting ranks below everything
    home = np.full(n, -1, np.int64)
    for a in result.assignments:
        i, j = index[a.client_id], unit_index[a.unit_id]
        home[i] = j
        ranks = problem.clients[i].ranks()
        own[i] = ranks.get(a.unit_id, len(problem.clients[i].preferences) + 1)
    key = priority_at(problem)
    held = home >= 0
    worst = np.full(m, np.iinfo(np.int64).min, np.int64)  # lowest priority holder per unit
    placed_i = np.flatnonzero(held)
    np.maximum.at(worst, home[held], key(placed_i, home[held]))
    ci, uj = cands.client.astype(np.int64), cands.unit.astype(np.int64)
    prefers = cands.rank < own[ci]
    pair_key = key(ci, uj)
    envious = prefers & (pair_key < worst[uj])
    places = np.array([len(days) for days in problem.place_days])
    unused = places - np.bincount(home[held], minlength=m)
    wasteful = prefers & (unused[uj] > 0)
    side = Side.build(problem, cands)
    if side:
        placed_edges = _edges_of(cands, placed_i, home[held])
        holders: dict[int, list[tuple[int, int]]] = defaultdict(list)  # unit -> (key, edge)
        for e, j, k in zip(
            placed_edges.tolist(),
            home[held].tolist(),
            key(placed_i, home[held]).tolist(),
            strict=True,
        ):
            holders[j].append((k, e))
        fits = _MoveRules(side, set(placed_edges.tolist()))
        for e in np.flatnonzero(envious).tolist():
            envious[e] = any(fits(e, out) for k, out in holders[uj[e]] if pair_key[e] < k)
        for e in np.flatnonzero(wasteful).tolist():
            wasteful[e] = fits(e, None)
    return set(np.unique(ci[envious]).tolist()), int(envious.sum()), int(wasteful.sum())


def _edges_of(
    cands: Candidates, clients: NDArray[np.int64], units: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Candidate edge of each (client, unit) pair, -1 for a pair that is no candidate."""
    edges = np.full(clients.size, -1, np.int64)
    for k, (i, j) in enumerate(zip(clients.tolist(), units.tolist(), strict=True)):
        lo, hi = int(cands.indptr[i]), int(cands.indptr[i + 1])
        at = lo + int(np.searchsorted(cands.unit[lo:hi], j))  # sorted by client, then unit
        if at < hi and cands.unit[at] == j:
            edges[k] = at
    return edges


class _MoveRules:
    """Whether one client may move alone along a candidate edge, given the chosen edges."""

    def __init__(self, side: Side, chosen: set[int]) -> None:
        self.chosen = chosen
        self.grouped = {int(e) for columns in side.group_edges for e in columns.ravel()}
        self.grouped |= {int(e) for e in side.banned}  # every edge of a linked client
        self.conflicts = side.conflicts()
        self.limits = []  # (room, tagged edges, how many of them are chosen)
        for room, edges in side.limits:
            tagged = set(edges.tolist())
            self.limits.append((room, tagged, len(tagged & chosen)))

    def __call__(self, edge: int, leaving: int | None) -> bool:
        """``edge`` taken, ``leaving`` (a chosen edge to the same unit, or None) given up."""
        if edge in self.grouped or leaving in self.grouped:
            return False
        if any(o in self.chosen and o != leaving for o in self.conflicts.get(edge, ())):
            return False
        return all(
            taken - (leaving in tagged) + 1 <= room
            for room, tagged, taken in self.limits
            if edge in tagged
        )


def metrics(problem: Problem, result: Result) -> dict[str, Any]:
    """Metrics of ``result``: overall, by municipality and by service class.

    Units: distances km, costs EUR/day (sum over placed clients), waits days. ``utilisation``
    is the share of places occupied once every known move-out and every move-in has happened.
    """
    problem, result = as_model(problem, Problem, "problem"), as_model(result, Result, "result")
    ref = problem.reference_date
    envious, pairs, waste = _envy(problem, result)
    by_client = {a.client_id: a for a in result.assignments}
    ladder = sorted(problem.service_classes, key=lambda k: k.level)

    def needed_class(c: Client) -> str:
        level = problem.requirements(c).min_level
        return next((k.id for k in ladder if k.level >= level), ladder[-1].id)

    rows = []
    for i, c in enumerate(problem.clients):
        a = by_client.get(c.id)
        unit = problem.unit_by_id[a.unit_id] if a else None
        row: dict[str, Any] = {
            "municipality": c.municipality,
            "class": a.service_class if a else needed_class(c),
            "unit": a.unit_id if a else None,
            "rank": c.ranks().get(a.unit_id) if a else None,
            "km": haversine_km(c.location, unit.location) if unit else None,
            "price": 0.0,
            "waited": (ref - c.queued_since).days,
            "delay": (a.move_in - ref).days if a and a.move_in else 0,
            "envy": i in envious,
        }
        if a and unit:
            price = unit.offers.get(a.service_class)
            row["price"] = (
                price if price is not None else problem.class_by_id[a.service_class].daily_price
            )
        rows.append(row)

    occupied: dict[str, int] = defaultdict(int)
    capacity: dict[str, int] = defaultdict(int)
    end = problem.horizon_end
    for u in problem.units:  # residents still there once every known move-out has happened
        occupied[u.municipality] += sum(
            1
            for r in u.incumbents
            if r.leaves_on is None or (end is not None and r.leaves_on > end)
        )
        capacity[u.municipality] += u.capacity
    for a in result.assignments:
        occupied[problem.unit_by_id[a.unit_id].municipality] += 1

    def utilisation(municipalities: list[str]) -> float | None:
        cap = sum(capacity[m] for m in municipalities)
        return round(sum(occupied[m] for m in municipalities) / cap, 4) if cap else None

    overall = _group_stats(rows)
    overall["justified_envy_pairs"] = pairs
    overall["wasteful_pairs"] = waste
    overall["blocking_pairs"] = pairs + waste
    overall["utilisation"] = utilisation(list(capacity))
    by_municipality = {}
    for m in sorted({r["municipality"] for r in rows} | set(capacity)):
        stats = _group_stats([r for r in rows if r["municipality"] == m])
        stats["utilisation"] = utilisation([m])
        by_municipality[m] = stats
    by_class = {k.id: _group_stats([r for r in rows if r["class"] == k.id]) for k in ladder}
    return {"overall": overall, "by_municipality": by_municipality, "by_service_class": by_class}
