"""Reference engine: the same model as a MILP solved by HiGHS (through ``scipy.optimize.milp``).

Slower than the flow engine; it exists as an independent exact solver to compare against.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from placement.engines.base import EngineSolution, Network
from placement.engines.side import Side
from placement.result import Status

__all__ = ["solve"]


def solve(
    net: Network, side: Side | None = None, *, time_limit: float | None = None
) -> EngineSolution:
    """Solve ``net`` with HiGHS: binary edge variables, integer place-group variables.

    Side constraints become rows: linked members' edges to a shared unit are equal, banned
    edges are fixed to 0, incompatible pairs sum to at most 1, composition limits cap tagged
    edges at the room left.
    """
    side = side or Side()
    n, m = net.n_clients, net.n_units
    e, g = net.edge_client.size, net.slot_unit.size
    edges, groups = np.arange(e), np.arange(g)
    rows: list[NDArray[Any]] = [net.edge_client, n + net.edge_unit, n + net.slot_unit]
    cols: list[NDArray[Any]] = [edges, edges, e + groups]
    vals: list[NDArray[Any]] = [np.ones(2 * e), -np.ones(g)]
    lower: list[NDArray[Any]] = [np.full(n, -np.inf), np.zeros(m)]
    upper: list[NDArray[Any]] = [np.ones(n), np.zeros(m)]
    row = n + m
    extra: list[tuple[list[int], list[float], float, float]] = []
    for members in side.group_edges:
        for column in members.T.tolist():
            extra += [([a, b], [1.0, -1.0], 0.0, 0.0) for a, b in itertools.pairwise(column)]
    extra += [([a, b], [1.0, 1.0], -np.inf, 1.0) for a, b in side.apart.tolist()]
    extra += [
        (edges_.tolist(), [1.0] * edges_.size, -np.inf, float(room)) for room, edges_ in side.limits
    ]
    for k, (idx, coef, lo, hi) in enumerate(extra):
        rows.append(np.full(len(idx), row + k))
        cols.append(np.array(idx))
        vals.append(np.array(coef))
        lower.append(np.array([lo]))
        upper.append(np.array([hi]))
    matrix = csr_array(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(row + len(extra), e + g),
    )
    upper_x = np.concatenate([np.ones(e), net.slot_count]).astype(np.float64)
    upper_x[side.banned] = 0.0
    options: dict[str, Any] = {"mip_rel_gap": 0.0, "disp": False}
    if time_limit is not None:
        options["time_limit"] = time_limit
    res = milp(
        c=np.concatenate([net.edge_cost, net.slot_cost]).astype(np.float64),
        integrality=np.ones(e + g, np.int64),
        bounds=Bounds(np.zeros(e + g), upper_x),
        constraints=LinearConstraint(
            matrix,
            np.concatenate(lower),
            np.concatenate(upper),
        ),
        options=options,  # type: ignore[arg-type]
    )
    if res.x is None:
        status = Status.INFEASIBLE if res.status == 2 else Status.UNKNOWN
        return EngineSolution(np.zeros(0, np.int64), status, None, None)
    chosen = np.flatnonzero(res.x[:e] > 0.5).astype(np.int64)
    bound = getattr(res, "mip_dual_bound", None)
    status = Status.OPTIMAL if res.status == 0 else Status.FEASIBLE
    return EngineSolution(
        chosen, status, net.objective(chosen), float(bound) if bound is not None else None
    )
