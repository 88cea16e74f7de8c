"""The optimal policy: the lexicographic objective of :mod:`placement.objective`, solved exactly."""

from __future__ import annotations

import numpy as np

from placement.candidates import Candidates
from placement.engines import Network, cpsat, flow, milp
from placement.engines.side import Side, refill, repair
from placement.errors import UnsupportedProblemError
from placement.model import Problem
from placement.objective import score
from placement.policies.base import build_result, priority_rank
from placement.result import Result

__all__ = ["optimal"]


def optimal(
    problem: Problem,
    cands: Candidates,
    *,
    engine: str = "auto",
    time_limit: float | None = None,
    seed: int = 0,
    workers: int = 0,
    deterministic: bool = False,
) -> Result:
    """Place clients to minimise the objective.

    ``engine="auto"`` uses the exact min-cost flow when the problem has no side constraints,
    and CP-SAT otherwise, warm-started from the flow solution of the relaxed problem repaired
    for the side constraints.
    """
    scores = score(problem, cands)
    net = Network.build(len(problem.clients), len(problem.units), cands, scores)
    side = Side.build(problem, cands)
    chosen_engine = engine if engine != "auto" else ("cpsat" if side else "flow")
    if chosen_engine == "flow":
        if side:
            raise UnsupportedProblemError(
                "engine 'flow' cannot express the problem's side constraints "
                f"({', '.join(problem.side_constraints())}); use engine 'auto' or 'cpsat'"
            )
        found = flow.solve(net)
    elif chosen_engine == "highs":
        found = milp.solve(net, side, time_limit=time_limit)
    else:
        relaxed = flow.solve(net)
        hint = repair(side, cands, relaxed.chosen, priority_rank(problem))
        hint = refill(side, net, hint, lambda residual: flow.solve(residual).chosen)
        if hint.size == relaxed.chosen.size and np.array_equal(hint, relaxed.chosen):
            found = relaxed  # the relaxed optimum already keeps every side constraint
        else:
            found = cpsat.solve(
                net,
                side,
                hint=hint,
                relaxed=relaxed,
                time_limit=time_limit,
                seed=seed,
                workers=workers,
                deterministic=deterministic,
            )
    return build_result(
        problem,
        cands,
        found.chosen,
        policy="optimal",
        engine=chosen_engine,
        status=found.status,
        objective=found.objective,
        bound=found.bound,
        seed=seed,
    )
