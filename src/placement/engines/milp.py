"""Reference engine: the same model as a MILP solved by HiGHS (through ``scipy.optimize.milp``).

Slower than the flow engine; it exists as an independent exact solver to compare against.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from placement.engines.base import EngineSolution, Network
from placement.result import Status

__all__ = ["solve"]


def solve(net: Network, *, time_limit: float | None = None) -> EngineSolution:
    """Solve ``net`` with HiGHS: binary edge variables, integer place-group variables."""
    n, m = net.n_clients, net.n_units
    e, g = net.edge_client.size, net.slot_unit.size
    edges, groups = np.arange(e), np.arange(g)
    rows = np.concatenate([net.edge_client, n + net.edge_unit, n + net.slot_unit])
    cols = np.concatenate([edges, edges, e + groups])
    vals = np.concatenate([np.ones(2 * e), -np.ones(g)])
    matrix = csr_array((vals, (rows, cols)), shape=(n + m, e + g))
    lower = np.concatenate([np.full(n, -np.inf), np.zeros(m)])
    upper = np.concatenate([np.ones(n), np.zeros(m)])
    options: dict[str, Any] = {"mip_rel_gap": 0.0, "disp": False}
    if time_limit is not None:
        options["time_limit"] = time_limit
    res = milp(
        c=np.concatenate([net.edge_cost, net.slot_cost]).astype(np.float64),
        integrality=np.ones(e + g, np.int64),
        bounds=Bounds(np.zeros(e + g), np.concatenate([np.ones(e), net.slot_count])),
        constraints=LinearConstraint(matrix, lower, upper),
        options=options,  # type: ignore[arg-type]
    )
    if res.x is None:
        status = Status.INFEASIBLE if res.status == 2 else Status.UNKNOWN
        return EngineSolution(np.zeros(0, np.int64), status, None, None)
    chosen = np.flatnonzero(res.x[:e] > 0.5).astype(np.int64)
    objective = int(net.edge_cost[chosen].sum()) + net.cheapest_slots_cost(chosen)
    bound = getattr(res, "mip_dual_bound", None)
    status = Status.OPTIMAL if res.status == 0 else Status.FEASIBLE
    return EngineSolution(chosen, status, objective, float(bound) if bound is not None else None)
