"""The optimal policy: the lexicographic objective of :mod:`placement.objective`, solved exactly."""

from __future__ import annotations

from placement.candidates import Candidates
from placement.engines import Network, cpsat, flow, milp
from placement.model import Problem
from placement.objective import score
from placement.policies.base import build_result, refuse_side_constraints
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
) -> Result:
    """Place clients to minimise the objective; ``engine="auto"`` uses min-cost flow."""
    refuse_side_constraints(problem, "optimal")
    scores = score(problem, cands)
    net = Network.build(len(problem.clients), len(problem.units), cands, scores)
    chosen_engine = "flow" if engine == "auto" else engine
    if chosen_engine == "flow":
        found_solution = flow.solve(net)
    elif chosen_engine == "highs":
        found_solution = milp.solve(net, time_limit=time_limit)
    else:
        found_solution = cpsat.solve(net, time_limit=time_limit, seed=seed, workers=workers)
    return build_result(
        problem,
        cands,
        found_solution.chosen,
        policy="optimal",
        engine=chosen_engine,
        status=found_solution.status,
        objective=found_solution.objective,
        bound=found_solution.bound,
        seed=seed,
    )
