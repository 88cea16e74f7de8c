"""CP-SAT engine for the assignment model.

Today it solves the same model as the flow engine (for comparison and as the base that side
constraints will extend); with no side constraints the flow engine is exact and much faster.
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from placement.engines.base import EngineSolution, Network
from placement.result import Status

__all__ = ["solve"]

_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.MODEL_INVALID: Status.UNKNOWN,
    cp_model.UNKNOWN: Status.UNKNOWN,
}


def solve(
    net: Network,
    *,
    time_limit: float | None = None,
    seed: int = 0,
    workers: int = 0,
) -> EngineSolution:
    """Solve ``net`` with CP-SAT.

    Parameters
    ----------
    time_limit : float or None
        Seconds; the best solution found by then is returned as ``feasible``.
    seed : int
        CP-SAT's random seed.
    workers : int
        Search workers; 0 lets CP-SAT use every core, 1 is deterministic.
    """
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{i}") for i in range(net.edge_client.size)]
    order = np.argsort(net.edge_client, kind="stable")
    bounds = np.searchsorted(net.edge_client[order], np.arange(net.n_clients + 1))
    for c in range(net.n_clients):
        members = order[bounds[c] : bounds[c + 1]]
        if members.size > 1:
            model.add_at_most_one(x[i] for i in members)
    z = [model.new_int_var(0, int(k), f"z{g}") for g, k in enumerate(net.slot_count)]
    by_unit: dict[int, list[int]] = {}
    for i, u in enumerate(net.edge_unit.tolist()):
        by_unit.setdefault(u, []).append(i)
    slots: dict[int, list[int]] = {}
    for g, u in enumerate(net.slot_unit.tolist()):
        slots.setdefault(u, []).append(g)
    for u in range(net.n_units):
        model.add(sum(x[i] for i in by_unit.get(u, [])) == sum(z[g] for g in slots.get(u, [])))
    model.minimize(
        sum(int(c) * x[i] for i, c in enumerate(net.edge_cost.tolist()))
        + sum(int(c) * z[g] for g, c in enumerate(net.slot_cost.tolist()))
    )
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    if time_limit is not None:
        solver.parameters.max_time_in_seconds = time_limit
    code = solver.solve(model)
    status = _STATUS[code]
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return EngineSolution(np.zeros(0, np.int64), status, None, None)
    chosen = np.flatnonzero([solver.boolean_value(v) for v in x]).astype(np.int64)
    return EngineSolution(
        chosen, status, int(solver.objective_value), float(solver.best_objective_bound)
    )
