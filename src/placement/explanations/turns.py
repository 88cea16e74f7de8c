"""Who came before a client: the order a serial policy ran in, a unit's priority for the
stable policy.

"The free places went to clients ahead of you" is true only when those clients chose before
this one in the policy's own order (FIFO, priority, random serial dictatorship: the order the
policy drew, pinned and required clients first; a linked group chooses at its first member's
turn), or, for deferred acceptance, when the unit ranks them higher (a group as its most
pressing member). The order is rebuilt from the problem and the result's seed exactly as the
policy built it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from placement import candidates
from placement.explanations.memo import memo
from placement.metrics import priority_at
from placement.model import Problem
from placement.policies import POLICIES
from placement.policies.base import required_first
from placement.policies.market import market
from placement.policies.serial import SerialPolicy
from placement.result import Result

__all__ = ["Ahead", "ahead_of", "partners_of"]

Ahead = Callable[[str, str], bool]
"""``ahead(other, unit_id)``: whether ``other`` came before the client at ``unit_id``."""


def partners_of(problem: Problem, client_id: str) -> list[str]:
    """The clients ``client_id`` must live with (its linked group but itself)."""
    for group in memo("groups", (problem,), problem.linked_groups):
        if client_id in group:
            return [c for c in group if c != client_id]
    return []


def _groups(problem: Problem) -> dict[int, list[int]]:
    """Each client's linked group, as client indices (a singleton for the unlinked); computed
    once per problem, however many of its clients are explained."""

    def make() -> dict[int, list[int]]:
        index = problem.client_index
        out = {i: [i] for i in range(len(problem.clients))}
        for group in memo("groups", (problem,), problem.linked_groups):
            members = [index[c] for c in group]
            for i in members:
                out[i] = members
        return out

    return memo("client groups", (problem,), make)


def _turns(problem: Problem, result: Result, policy: SerialPolicy) -> dict[int, int]:
    """Each client's turn (by index) in the serial policy's order: its group's first turn."""

    def make() -> dict[int, int]:
        cands = candidates.build(problem)
        mk = market(problem, cands, int(result.seed or 0))
        order = required_first(problem, policy.order(mk).astype(np.int64))
        position = np.empty(order.size, np.int64)
        position[order] = np.arange(order.size)
        return {i: int(min(position[k] for k in group)) for i, group in _groups(problem).items()}

    return memo("turns", (problem, result), make)


def ahead_of(problem: Problem, result: Result, client_id: str) -> Ahead | None:
    """``ahead(other, unit)`` for ``client_id`` under the result's policy; ``None`` for the
    optimal policy, which has no order (its reasons are trade-offs)."""
    policy = POLICIES.get(result.policy)
    index = problem.client_index
    me = index[client_id]
    if isinstance(policy, SerialPolicy):
        turn = _turns(problem, result, policy)
        return lambda other, _unit: turn[index[other]] < turn[me]
    if result.policy == "deferred_acceptance":
        groups = _groups(problem)
        key = memo("priority", (problem,), lambda: priority_at(problem))
        units = {u.id: j for j, u in enumerate(problem.units)}

        def rank(i: int, j: int) -> int:
            members = np.array(groups[i], np.int64)
            return int(key(members, np.full(members.size, j, np.int64)).min())

        return lambda other, unit: rank(index[other], units[unit]) < rank(me, units[unit])
    return None
