"""Serial dictatorship: clients in a given order each take their best place still free.

FIFO, priority and random serial dictatorship are this one procedure with different orders.
Linear in the number of candidate edges. With side constraints a linked group chooses as one
block when its first member's turn comes, and a unit is passed over when the block would break
its capacity, an incompatibility or a composition limit.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from placement.candidates import Candidates
from placement.engines.side import Side
from placement.model import Problem
from placement.policies.base import SolveOptions, build_result, required_first
from placement.policies.blocks import Blocks, UnitRules
from placement.policies.market import Market, market
from placement.result import Result, Status

__all__ = ["SerialPolicy", "serial", "serial_dictatorship", "serial_dictatorship_blocks"]


def serial_dictatorship(
    mk: Market, cands: Candidates, clients: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Chosen edge indices when ``clients`` pick in turn (best remaining place each)."""
    left = mk.capacity.copy()
    unit = cands.unit
    chosen = []
    order, indptr = mk.order, mk.indptr
    for i in clients.tolist():
        for e in order[indptr[i] : indptr[i + 1]].tolist():
            u = unit[e]
            if left[u] > 0:
                left[u] -= 1
                chosen.append(e)
                break
    return np.array(sorted(chosen), np.int64)


def serial_dictatorship_blocks(
    blocks: Blocks, rules: UnitRules, clients: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Serial dictatorship honouring side constraints: a linked group picks, as one block,
    when its first member's turn comes; a unit is skipped if the block does not fit."""
    held: dict[int, list[list[int]]] = {}
    done = np.zeros(len(blocks.members), bool)
    for i in clients.tolist():
        b = int(blocks.of_client[i])
        if done[b]:
            continue
        done[b] = True
        for edges in blocks.options[b]:
            unit = int(rules.unit[edges[0]])
            present = held.get(unit, [])
            if rules.admit([*present, edges])[-1]:
                held[unit] = [*present, edges]
                break
    return np.array(
        sorted(e for group in held.values() for edges in group for e in edges), np.int64
    )


def serial(
    problem: Problem, cands: Candidates, mk: Market, order: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Serial dictatorship in ``order``, honouring side constraints where the problem has any."""
    side = Side.build(problem, cands)
    if not side:
        return serial_dictatorship(mk, cands, order)
    position = np.empty(order.size, np.int64)
    position[order] = np.arange(order.size)
    blocks = Blocks.build(mk, cands, side, position)
    return serial_dictatorship_blocks(blocks, UnitRules(mk, cands, side), order)


class SerialPolicy:
    """A serial-dictatorship policy: a name, and the order in which clients choose.

    Placed clients also take a unit's places, earliest first, in that order.
    """

    def __init__(self, name: str, order: Callable[[Market], NDArray[np.int64]]) -> None:
        self.name = name
        self.order = order

    def __call__(
        self, problem: Problem, cands: Candidates, options: SolveOptions | None = None
    ) -> Result:
        """Run the policy (of the options only ``seed`` applies)."""
        seed = (options or SolveOptions()).seed
        mk = market(problem, cands, seed)
        order = required_first(problem, self.order(mk).astype(np.int64))
        position = np.empty(order.size, np.int64)
        position[order] = np.arange(order.size)
        return build_result(
            problem,
            cands,
            serial(problem, cands, mk, order),
            policy=self.name,
            status=Status.FEASIBLE,
            seed=seed,
            order=lambda c: int(position[problem.client_index[c.id]]),
        )
