"""Exact engine: OR-Tools min-cost flow.

Without side constraints the assignment model is a network flow (clients -> units -> places
-> sink, plus a zero-cost "stays waiting" arc per client), whose constraint matrix is totally
unimodular: the min-cost flow is an optimal integer solution, proven.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow

from placement.engines.base import EngineSolution, Network
from placement.errors import SolveError
from placement.result import Status

__all__ = ["solve"]


def solve(net: Network) -> EngineSolution:
    """Solve ``net`` to proven optimality with OR-Tools' ``SimpleMinCostFlow``."""
    n, m = net.n_clients, net.n_units
    sink = n + m
    clients = np.arange(n, dtype=np.int64)
    tails = np.concatenate([net.edge_client, clients, n + net.slot_unit]).astype(np.int32)
    heads = np.concatenate(
        [n + net.edge_unit, np.full(n + net.slot_unit.size, sink, np.int64)]
    ).astype(np.int32)
    capacities = np.concatenate([np.ones(net.edge_client.size + n, np.int64), net.slot_count])
    costs = np.concatenate([net.edge_cost, np.zeros(n, np.int64), net.slot_cost])

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_nodes_supplies(
        np.append(clients, sink).astype(np.int32), np.append(np.ones(n, np.int64), -n)
    )
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise SolveError(f"min-cost flow ended with status {status}; please report this instance")
    edges = np.arange(net.edge_client.size, dtype=np.int32)
    chosen = np.flatnonzero(flow.flows(edges)).astype(np.int64)
    objective = int(flow.optimal_cost())
    return EngineSolution(
        chosen=chosen, status=Status.OPTIMAL, objective=objective, bound=float(objective)
    )
