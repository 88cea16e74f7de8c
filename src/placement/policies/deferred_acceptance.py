"""Client-proposing deferred acceptance (Gale-Shapley) with unit priorities.

Stable: no client prefers a unit that has a free place or holds a client of lower priority
there (zero justified envy), and among stable matchings it is the best for every client.

Vectorised in rounds: every free client proposes to the next unit on their list at once, and
each unit keeps its ``capacity`` best proposers and holders (one ``lexsort`` per round). A
client advances at most once per round, so there are at most as many rounds as the longest
preference list, and each round costs O(k log k) for the k proposals and holds in play.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from placement.candidates import Candidates
from placement.model import Problem
from placement.policies.base import build_result, refuse_side_constraints
from placement.policies.market import Market, market
from placement.result import Result, Status

__all__ = ["deferred_acceptance", "stable_edges"]


def stable_edges(mk: Market, cands: Candidates) -> NDArray[np.int64]:
    """The client-optimal stable matching of a market, as chosen candidate-edge indices."""
    pointer = mk.indptr[:-1].copy()  # position in ``order`` of each client's next proposal
    end = mk.indptr[1:]
    held = np.zeros(0, np.int64)  # edges currently held by units
    free = np.flatnonzero(pointer < end)
    while free.size:
        proposals = mk.order[pointer[free]]
        pointer[free] += 1
        edges = np.concatenate([held, proposals])
        units = cands.unit[edges].astype(np.int64)
        clients = cands.client[edges].astype(np.int64)
        by_priority = mk.priority_order(edges, clients)
        ranked = by_priority[np.argsort(units[by_priority], kind="stable")]
        first = np.searchsorted(units[ranked], units[ranked])
        place = np.arange(ranked.size) - first
        keep = place < mk.capacity[units[ranked]]
        held = edges[ranked[keep]]
        rejected = clients[ranked[~keep]]
        free = rejected[pointer[rejected] < end[rejected]]
    return np.sort(held)


def deferred_acceptance(
    problem: Problem,
    cands: Candidates,
    *,
    engine: str = "auto",
    time_limit: float | None = None,
    seed: int = 0,
    workers: int = 0,
    deterministic: bool = False,
) -> Result:
    """Client-proposing deferred acceptance; ties broken by the seeded rule of ``market``."""
    refuse_side_constraints(problem, "deferred_acceptance")
    mk = market(problem, cands, seed)
    return build_result(
        problem,
        cands,
        stable_edges(mk, cands),
        policy="deferred_acceptance",
        status=Status.FEASIBLE,
        seed=seed,
    )
