"""Side constraints in engine terms, and the repair that makes a relaxed solution respect them.

*Linked* clients live in the same unit or none is placed: a group may only use units that are
candidates of every member. *Incompatible* clients never share a unit. A *composition* limit
that can bind caps the tagged newcomers of a unit at the room the limit leaves on its last
place's day; :mod:`placement.movein` then dates their move-ins so the limit holds every day.
(Limits already full, incompatibilities with residents and age bands are plain feasibility,
handled by the candidates.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from placement.candidates import Candidates
from placement.engines.base import Network
from placement.model import Problem
from placement.model.problem import tag_room

__all__ = ["Side", "refill", "repair"]


@dataclass(frozen=True)
class Side:
    """Side constraints of a problem over its candidate edges.

    Attributes
    ----------
    groups : list of ndarray of int64
        Client indices of each linked group.
    group_edges : list of ndarray of int64
        Per group, an array of shape (members, units in common): the edge of each member to
        each unit all members may use. These edges must be chosen all together or not at all.
    banned : ndarray of int64
        Edges of linked clients to units not every group member may use.
    apart : ndarray of int64
        Pairs of edges (same unit) of two incompatible clients, shape (k, 2).
    limits : list of tuple of (int, ndarray of int64)
        Per binding composition rule: room left, and the edges of tagged clients to the unit.
    """

    groups: list[NDArray[np.int64]] = field(default_factory=list)
    group_edges: list[NDArray[np.int64]] = field(default_factory=list)
    banned: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    apart: NDArray[np.int64] = field(default_factory=lambda: np.zeros((0, 2), np.int64))
    limits: list[tuple[int, NDArray[np.int64]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.groups or self.apart.size or self.limits)

    def conflicts(self) -> dict[int, set[int]]:
        """Edge -> the edges of incompatible clients to the same unit."""
        found: dict[int, set[int]] = {}
        for a, b in self.apart.tolist():
            found.setdefault(a, set()).add(b)
            found.setdefault(b, set()).add(a)
        return found

    def restrict(self, edges: NDArray[np.int64], n_edges: int) -> Side:
        """The side constraints over a subset of the ``n_edges`` candidate edges.

        ``edges`` (ascending) are renumbered 0, 1, ...; a linked group's unit loses its edges
        when any member's edge to it is left out, and constraints left without edges go.
        """
        new = np.full(n_edges, -1, np.int64)
        new[edges] = np.arange(edges.size)
        banned = new[self.banned]
        group_edges = []
        for columns in self.group_edges:
            whole = (new[columns] >= 0).all(axis=0)
            group_edges.append(new[columns[:, whole]])
            banned = np.concatenate([banned, new[columns[:, ~whole]].ravel()])
        apart = new[self.apart]
        limits = []
        for room, tagged in self.limits:
            kept = new[tagged]
            kept = kept[kept >= 0]
            if kept.size > room:
                limits.append((room, kept))
        return Side(
            groups=self.groups,
            group_edges=group_edges,
            banned=np.unique(banned[banned >= 0]),
            apart=apart[(apart >= 0).all(axis=1)],
            limits=limits,
        )

    @classmethod
    def build(cls, problem: Problem, cands: Candidates) -> Side:
        """Encode ``problem``'s side constraints over ``cands`` (cheap when there are none)."""
        kinds = problem.side_constraints()
        if not kinds:
            return cls()
        index = problem.client_index

        def edges_of(i: int) -> dict[int, int]:
            """Unit -> edge, for client ``i``'s candidate edges."""
            span = range(int(cands.indptr[i]), int(cands.indptr[i + 1]))
            return {int(cands.unit[e]): e for e in span}

        groups, group_edges, banned = [], [], []
        for ids in problem.linked_groups():
            members = np.array([index[c] for c in ids], np.int64)
            own = [edges_of(int(i)) for i in members]
            common = sorted(set.intersection(*(set(edges) for edges in own)))
            groups.append(members)
            group_edges.append(
                np.array([[edges[u] for u in common] for edges in own], np.int64).reshape(
                    len(members), len(common)
                )
            )
            banned += [e for edges in own for u, e in edges.items() if u not in common]

        apart = set()
        for cid in kinds.get("incompatible", []):
            c = problem.client_by_id[cid]
            for other in c.incompatible_with:
                if other in index:
                    a, b = sorted((index[c.id], index[other]))
                    edges_a, edges_b = edges_of(a), edges_of(b)
                    apart |= {(edges_a[u], edges_b[u]) for u in edges_a.keys() & edges_b.keys()}

        limits = []
        reqs = problem.client_requirements
        unit_index = {u.id: j for j, u in enumerate(problem.units)}
        for uid in kinds.get("composition", []):
            j, unit = unit_index[uid], problem.unit_by_id[uid]
            places = problem.place_days[j]
            at_unit = np.flatnonzero(cands.unit == j).tolist()
            for tag, room in sorted(tag_room(unit, places[-1]).items()):
                if 0 < room < len(places):
                    edges = [
                        e
                        for e in at_unit
                        if tag in reqs[cands.client[e]].features
                        or tag in problem.clients[cands.client[e]].tags
                    ]
                    if len(edges) > room:
                        limits.append((room, np.array(edges, np.int64)))
        return cls(
            groups=groups,
            group_edges=group_edges,
            banned=np.array(sorted(banned), np.int64),
            apart=np.array(sorted(apart), np.int64).reshape(-1, 2),
            limits=limits,
        )


def repair(
    side: Side, cands: Candidates, chosen: NDArray[np.int64], rank: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Drop placements from ``chosen`` until every side constraint holds.

    Removing placements never breaks capacity, so the result is feasible. ``rank`` orders
    clients by priority (lower is more important): the least important client gives way.
    """
    keep = set(chosen.tolist()) - set(side.banned.tolist())
    client_edge = {int(cands.client[e]): e for e in keep}

    def drop(e: int) -> None:
        """Drop edge ``e``, and the whole linked group of its client."""
        keep.discard(e)
        for members in side.groups:
            if cands.client[e] in members:
                for i in members.tolist():
                    keep.discard(client_edge.get(i, -1))

    for members in side.groups:
        homes = {
            int(cands.unit[client_edge[i]]) if i in client_edge else -1 for i in members.tolist()
        }
        if len(homes) > 1:  # apart, or some placed and some not
            for i in members.tolist():
                keep.discard(client_edge.get(i, -1))
    for a, b in side.apart.tolist():
        if a in keep and b in keep:
            drop(a if rank[cands.client[a]] > rank[cands.client[b]] else b)
    for room, edges in side.limits:
        held = sorted((e for e in edges.tolist() if e in keep), key=lambda e: rank[cands.client[e]])
        for e in held[room:]:
            drop(e)
    return np.array(sorted(keep), np.int64)


def refill(
    side: Side,
    net: Network,
    chosen: NDArray[np.int64],
    solve_flow: Callable[[Network], NDArray[np.int64]],
    rank: NDArray[np.int64],
    cands: Candidates,
    rounds: int = 5,
) -> NDArray[np.int64]:
    """Fill places a repair freed, by min-cost flow, until no waiting client fits.

    Each round offers every waiting client outside a linked group the edges that clash with
    nobody placed (no incompatible client already in that unit, composition room left), on the
    places left; newcomers that clash with each other are then repaired away. The best solution
    seen is kept, so the result is feasible and never worse than ``chosen``.
    """
    linked = np.zeros(net.n_clients, bool)
    for members in side.groups:
        linked[members] = True
    partners = side.conflicts()
    limit_edges = [(room, set(edges.tolist())) for room, edges in side.limits]
    banned = np.zeros(net.edge_client.size, bool)
    banned[side.banned] = True
    best, best_value = chosen, net.objective(chosen)
    for _ in range(rounds):
        taken = set(chosen.tolist())
        placed = np.zeros(net.n_clients, bool)
        placed[net.edge_client[chosen]] = True
        offer = ~banned & ~placed[net.edge_client] & ~linked[net.edge_client]
        for e in np.flatnonzero(offer).tolist():
            if any(f in taken for f in partners.get(e, ())):
                offer[e] = False
        for room, edges in limit_edges:
            if sum(1 for e in edges if e in taken) >= room:
                offer[list(edges)] = False
        offered = np.flatnonzero(offer)
        if offered.size == 0:
            break
        residual = Network(
            n_clients=net.n_clients,
            n_units=net.n_units,
            edge_client=net.edge_client[offered],
            edge_unit=net.edge_unit[offered],
            edge_cost=net.edge_cost[offered],
            edge_tier1=net.edge_tier1[offered],
            edge_lower=net.edge_lower[offered],
            tier1=net.tier1,
            slot_unit=net.slot_unit,
            slot_count=net.slot_count - net.slots_used(chosen),
            slot_cost=net.slot_cost,
        )
        added = offered[solve_flow(residual)]
        if added.size == 0:
            break
        chosen = repair(side, cands, np.sort(np.concatenate([chosen, added])), rank)
        value = net.objective(chosen)
        if value < best_value:
            best, best_value = chosen, value
    return best
