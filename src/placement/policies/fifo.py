"""First come, first served: clients in queue order each take their best place still free."""

from __future__ import annotations

import numpy as np

from placement.candidates import Candidates
from placement.model import Problem
from placement.policies.base import build_result
from placement.policies.market import market
from placement.policies.serial import serial
from placement.result import Result, Status

__all__ = ["fifo"]


def fifo(
    problem: Problem,
    cands: Candidates,
    *,
    engine: str = "auto",
    time_limit: float | None = None,
    seed: int = 0,
    workers: int = 0,
    deterministic: bool = False,
) -> Result:
    """Queue order (earliest ``queued_since`` first; ties by the seeded lottery)."""
    mk = market(problem, cands, seed)
    order = np.lexsort((mk.lottery, mk.queued)).astype(np.int64)
    chosen = serial(problem, cands, mk, order)
    return build_result(
        problem,
        cands,
        chosen,
        policy="fifo",
        status=Status.FEASIBLE,
        seed=seed,
        order=lambda c: (c.queued_since, int(mk.lottery[problem.client_index[c.id]])),
    )
