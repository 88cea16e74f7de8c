"""Most urgent first: clients by urgency, then queue date, each take their best place left."""

from __future__ import annotations

import numpy as np

from placement.candidates import Candidates
from placement.model import Problem
from placement.policies.base import build_result
from placement.policies.market import market
from placement.policies.serial import serial
from placement.result import Result, Status

__all__ = ["priority"]


def priority(
    problem: Problem,
    cands: Candidates,
    *,
    engine: str = "auto",
    time_limit: float | None = None,
    seed: int = 0,
    workers: int = 0,
    deterministic: bool = False,
) -> Result:
    """Urgency (high first), then queue date (early first), then the seeded lottery."""
    mk = market(problem, cands, seed)
    order = np.lexsort((mk.lottery, mk.queued, -mk.urgency)).astype(np.int64)
    chosen = serial(problem, cands, mk, order)
    return build_result(
        problem, cands, chosen, policy="priority", status=Status.FEASIBLE, seed=seed
    )
