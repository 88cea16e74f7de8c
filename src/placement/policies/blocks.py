"""Blocks of clients and unit occupancy, for policies that must honour side constraints.

A *block* is a linked group (placed together or not at all) or a single client. A block's
*options* are lists of edges, one per member, to one unit, in the order its most pressing
member prefers. Every side constraint is local to one unit (capacity, incompatible pairs,
composition room), so whether a set of blocks fits a unit is decided unit by unit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from placement.candidates import Candidates
from placement.engines.side import Side
from placement.policies.market import Market

__all__ = ["Blocks", "UnitRules"]


@dataclass(frozen=True)
class Blocks:
    """Clients grouped into blocks, with each block's options in preference order."""

    of_client: NDArray[np.int64]  # block of each client
    members: list[list[int]]  # clients of each block
    options: list[list[list[int]]]  # per block: options, each a list of member edges

    @classmethod
    def build(cls, mk: Market, cands: Candidates, side: Side, rank: NDArray[np.int64]) -> Blocks:
        """Blocks of a market; ``rank`` orders clients by priority (0 most pressing)."""
        n = mk.indptr.size - 1
        of_client = np.full(n, -1, np.int64)
        members: list[list[int]] = []
        options: list[list[list[int]]] = []
        banned = set(side.banned.tolist())
        for group, edges in zip(side.groups, side.group_edges, strict=True):
            order = sorted(range(len(group)), key=lambda k: rank[group[k]])
            lead = order[0]
            column_of = {int(cands.unit[e]): col for col, e in enumerate(edges[lead].tolist())}
            lead_edges = mk.order[mk.indptr[group[lead]] : mk.indptr[group[lead] + 1]].tolist()
            choices = [
                [int(edges[k, column_of[int(cands.unit[e])]]) for k in order]
                for e in lead_edges
                if int(cands.unit[e]) in column_of
            ]
            of_client[group] = len(members)
            members.append([int(group[k]) for k in order])
            options.append(choices)
        for i in np.flatnonzero(of_client < 0).tolist():
            of_client[i] = len(members)
            members.append([i])
            own = mk.order[mk.indptr[i] : mk.indptr[i + 1]].tolist()
            options.append([[e] for e in own if e not in banned])
        return cls(of_client, members, options)


class UnitRules:
    """Capacity, incompatible pairs and composition room of units, checked edge by edge."""

    def __init__(self, mk: Market, cands: Candidates, side: Side) -> None:
        self.capacity = mk.capacity
        self.unit = cands.unit
        self.conflicts = side.conflicts()
        self.room = [room for room, _ in side.limits]
        self.limits_of: dict[int, list[int]] = defaultdict(list)
        for k, (_, edges) in enumerate(side.limits):
            for e in edges.tolist():
                self.limits_of[e].append(k)

    def admit(self, blocks: list[list[int]]) -> list[bool]:
        """Which of ``blocks`` (edge lists, all to one unit, best first) the unit takes greedily."""
        if not blocks:
            return []
        left = int(self.capacity[self.unit[blocks[0][0]]])
        room = {k: self.room[k] for edges in blocks for e in edges for k in self.limits_of[e]}
        inside: set[int] = set()
        taken = []
        for edges in blocks:
            need: dict[int, int] = defaultdict(int)
            for e in edges:
                for k in self.limits_of[e]:
                    need[k] += 1
            fits = (
                len(edges) <= left
                and all(need[k] <= room[k] for k in need)
                and not any(self.conflicts.get(e, set()) & inside for e in edges)
            )
            taken.append(fits)
            if fits:
                left -= len(edges)
                inside.update(edges)
                for k, count in need.items():
                    room[k] -= count
        return taken
