"""The optimal policy: the lexicographic objective of :mod:`placement.objective`, solved exactly."""

from __future__ import annotations

from placement.candidates import Candidates
from placement.engines import Network, cpsat, flow, milp
from placement.errors import UnsupportedProblemError
from placement.model import Problem
from placement.objective import score
from placement.policies.base import build_result
from placement.result import Result

__all__ = ["optimal"]

_KINDS = {
    "linked": "linked clients",
    "incompatible": "client-client incompatibilities",
    "composition": "binding composition limits at units",
}


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
    side = problem.side_constraints()
    if side:
        found = "; ".join(
            f"{_KINDS[kind]} ({', '.join(ids[:5])}{', ...' if len(ids) > 5 else ''})"
            for kind, ids in side.items()
        )
        raise UnsupportedProblemError(
            f"the problem has side constraints no engine honours yet: {found}. Remove them "
            "to solve without them, or wait for the CP-SAT side-constraint engine"
        )
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
