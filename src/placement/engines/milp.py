"""Reference engine: the same model as a MILP solved by HiGHS (through ``scipy.optimize.milp``).

Slower than the flow engine; it exists as an independent exact solver to compare against, and
``auto`` uses it for mid-size side-constrained problems. :func:`tier1_relaxation` solves the LP
relaxation of tier 1 alone: a bound, and a guide, for problems too large for the MILP.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_array

from placement.engines.base import EngineSolution, Network
from placement.engines.bounded import call_within, own_limit
from placement.engines.side import Side
from placement.result import Status

__all__ = ["Tier1Relaxation", "solve", "tier1_relaxation"]


IN_PROCESS_EDGES = 20_000
"""Largest model (candidate edges) HiGHS solves in-process; larger ones run in a child process
stopped at the limit (their presolve and root LP overran it by minutes at 10,000 x 1,500)."""


def _rows(net: Network, side: Side) -> tuple[csr_array, NDArray[Any], NDArray[Any], NDArray[Any]]:
    """Constraint matrix, row bounds (lower, upper) and variable upper bounds of the model.

    Variables: one binary per edge, then one integer count per place group. Rows: each client
    at most once; each unit's edges equal its places used; linked members' edges to a shared
    unit equal; incompatible pairs at most one; composition limits at most the room left.
    """
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
    return matrix, np.concatenate(lower), np.concatenate(upper), upper_x


def solve(
    net: Network, side: Side | None = None, *, time_limit: float | None = None
) -> EngineSolution:
    """Solve ``net`` with HiGHS: binary edge variables, integer place-group variables.

    Side constraints become rows: linked members' edges to a shared unit are equal, banned
    edges are fixed to 0, incompatible pairs sum to at most 1, composition limits cap tagged
    edges at the room left. With a ``time_limit`` (seconds) HiGHS runs in a child process that
    is stopped at the limit (:func:`~placement.engines.bounded.call_within`; HiGHS's own limit is
    up to 0.5 s shorter); stopped, the status is ``unknown`` with nothing chosen. Models of at
    most :data:`IN_PROCESS_EDGES` edges run in-process: HiGHS keeps its limit on them, and the
    fork cost half of a small solve (LUVN: 24 solves/s in-process, 13 forked).
    """
    if net.edge_client.size <= IN_PROCESS_EDGES:  # small: HiGHS keeps its limit; no fork
        return _solve(net, side, time_limit=time_limit)
    found = call_within(time_limit, _solve, net, side, time_limit=own_limit(time_limit))
    return found or EngineSolution(np.zeros(0, np.int64), Status.UNKNOWN, None, None)


def _solve(
    net: Network, side: Side | None = None, *, time_limit: float | None = None
) -> EngineSolution:
    e = net.edge_client.size
    if e == 0:  # nobody has a candidate place: placing nobody is the only solution
        return EngineSolution(np.zeros(0, np.int64), Status.OPTIMAL, 0, 0.0)
    matrix, lower, upper, upper_x = _rows(net, side or Side())
    options: dict[str, Any] = {"mip_rel_gap": 0.0, "disp": False}
    if time_limit is not None:
        options["time_limit"] = time_limit
    res = milp(
        c=np.concatenate([net.edge_cost, net.slot_cost]).astype(np.float64),
        integrality=np.ones(upper_x.size, np.int64),
        bounds=Bounds(np.zeros(upper_x.size), upper_x),
        constraints=LinearConstraint(matrix, lower, upper),
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


@dataclass(frozen=True)
class Tier1Relaxation:
    """The LP relaxation of tier 1 with every side constraint.

    Attributes
    ----------
    bound : float
        A lower bound (points) on the objective of every solution.
    support : ndarray of int64
        Edges the LP optimum uses (value above 1e-6), ascending: it is nearly integral, so
        these are where good solutions place clients.
    """

    bound: float
    support: NDArray[np.int64]


def tier1_relaxation(
    net: Network, side: Side, time_limit: float | None = None
) -> Tier1Relaxation | None:
    """Maximise the urgency-weighted number placed over the LP relaxation with side constraints.

    The bound is computed from the LP's dual values by weak duality, in plain float64
    arithmetic on the original data (``b @ y`` plus each variable's most negative reduced-cost
    term), so it stays valid whatever the LP solver's tolerances. Tier 1 is an integer, so its
    LP maximum is rounded down; the lower tiers add at least each client's cheapest negative
    edge. ``None`` when the LP is not solved in ``time_limit`` seconds (it runs in a child
    process stopped at the limit, as :func:`solve` does).
    """
    return call_within(time_limit, _tier1_relaxation, net, side, own_limit(time_limit))


def _tier1_relaxation(
    net: Network, side: Side, time_limit: float | None = None
) -> Tier1Relaxation | None:
    matrix, lower, upper, upper_x = _rows(net, side)
    e = net.edge_client.size
    c = np.zeros(upper_x.size)
    c[:e] = -net.edge_tier1
    equal = lower == upper
    options: dict[str, Any] = {} if time_limit is None else {"time_limit": time_limit}
    res = linprog(  # type: ignore[call-overload]  # the stubs want a literal options dict
        c,
        A_ub=matrix[~equal],
        b_ub=upper[~equal],
        A_eq=matrix[equal],
        b_eq=upper[equal],
        bounds=np.stack([np.zeros(upper_x.size), upper_x], axis=1),
        method="highs",
        options=options,
    )
    if res.status != 0:
        return None
    y_ub = np.minimum(res.ineqlin.marginals, 0.0)  # <= rows of a minimisation: y <= 0
    y_eq = res.eqlin.marginals
    reduced = c - matrix[~equal].T @ y_ub - matrix[equal].T @ y_eq
    least = y_ub @ upper[~equal] + y_eq @ upper[equal] + np.minimum(reduced, 0.0) @ upper_x
    most_tier1 = np.floor(-least + 1e-6)  # integral tier 1; the margin only absorbs rounding
    return Tier1Relaxation(
        bound=float(-net.tier1 * most_tier1 + net.least_lower()),
        support=np.flatnonzero(res.x[:e] > 1e-6).astype(np.int64),
    )
