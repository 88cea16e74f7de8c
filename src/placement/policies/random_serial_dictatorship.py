"""Random serial dictatorship: a seeded lottery orders the clients; each takes their best place.

Chosen over top trading cycles because with no initial endowments (clients in the queue hold
no place to trade) TTC reduces to a serial dictatorship anyway; RSD is the plain lottery
benchmark against which priority rules are judged. Run several seeds for its distribution.
"""

from __future__ import annotations

import numpy as np

from placement.candidates import Candidates
from placement.model import Problem
from placement.policies.base import build_result
from placement.policies.market import market
from placement.policies.serial import serial
from placement.result import Result, Status

__all__ = ["random_serial_dictatorship"]


def random_serial_dictatorship(
    problem: Problem,
    cands: Candidates,
    *,
    engine: str = "auto",
    time_limit: float | None = None,
    seed: int = 0,
    workers: int = 0,
    deterministic: bool = False,
) -> Result:
    """Clients pick in the order of a seeded random permutation."""
    mk = market(problem, cands, seed)
    order = np.argsort(mk.lottery, kind="stable").astype(np.int64)
    chosen = serial(problem, cands, mk, order)
    return build_result(
        problem,
        cands,
        chosen,
        policy="random_serial_dictatorship",
        status=Status.FEASIBLE,
        seed=seed,
        order=lambda c: (int(mk.lottery[problem.client_index[c.id]]),),
    )
