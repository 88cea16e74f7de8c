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
from placement.engines.side import Side
from placement.model import Problem
from placement.policies.base import SolveOptions, build_result
from placement.policies.blocks import Blocks, UnitRules
from placement.policies.market import Market, market
from placement.result import Result, Status

__all__ = ["block_edges", "deferred_acceptance", "stable_edges"]


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


def block_edges(
    mk: Market, cands: Candidates, blocks: Blocks, rules: UnitRules
) -> NDArray[np.int64]:
    """Deferred acceptance with side constraints: blocks propose, units admit greedily.

    A linked group proposes as one block; each unit re-admits its holders and new proposers in
    priority order (a block ranks as its most pressing member at that unit), taking each block
    that fits its places, incompatibilities and composition room. Every rejection moves a block
    down its list, so it ends. With linked groups a stable matching need not exist (couples);
    the result is valid, and ``metrics`` counts any blocking pairs from the definition.
    """
    edge_rank = np.empty(cands.client.size, np.int64)
    everyone = np.arange(cands.client.size, dtype=np.int64)
    edge_rank[mk.priority_order(everyone, cands.client.astype(np.int64))] = everyone
    pointer = [0] * len(blocks.members)
    held: dict[int, list[int]] = {}
    free = [b for b in range(len(blocks.members)) if blocks.options[b]]
    while free:
        proposals: dict[int, list[int]] = {}
        for b in free:
            proposals.setdefault(int(rules.unit[blocks.options[b][pointer[b]][0]]), []).append(b)
            pointer[b] += 1
        free = []
        for unit, new in proposals.items():
            contenders = sorted(
                held.get(unit, []) + new,
                key=lambda b: min(edge_rank[e] for e in blocks.options[b][pointer[b] - 1]),
            )
            taken = rules.admit([blocks.options[b][pointer[b] - 1] for b in contenders])
            held[unit] = [b for b, ok in zip(contenders, taken, strict=True) if ok]
            free += [
                b
                for b, ok in zip(contenders, taken, strict=True)
                if not ok and pointer[b] < len(blocks.options[b])
            ]
    return np.array(
        sorted(
            e for group in held.values() for b in group for e in blocks.options[b][pointer[b] - 1]
        ),
        np.int64,
    )


def deferred_acceptance(
    problem: Problem, cands: Candidates, options: SolveOptions | None = None
) -> Result:
    """Client-proposing deferred acceptance; ties broken by the seeded rule of ``market``."""
    seed = (options or SolveOptions()).seed
    mk = market(problem, cands, seed)
    side = Side.build(problem, cands)
    if side:
        position = np.empty(len(problem.clients), np.int64)
        position[np.lexsort((mk.lottery, mk.queued, -mk.urgency, -mk.required))] = np.arange(
            position.size
        )
        blocks = Blocks.build(mk, cands, side, position)
        chosen = block_edges(mk, cands, blocks, UnitRules(mk, cands, side))
    else:
        chosen = stable_edges(mk, cands)
    return build_result(
        problem, cands, chosen, policy="deferred_acceptance", status=Status.FEASIBLE, seed=seed
    )
