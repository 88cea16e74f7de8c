"""CP-SAT engine: the assignment model with side constraints, solved tier by tier.

Lexicographic by successive solves: stage 1 maximises the urgency-weighted number placed
(small integer coefficients, where the single objective's huge tier-1 weight would hamper the
search); stage 2 fixes that optimum and minimises the lower tiers. Proofs are still slow on this
structure (stage 1 took 34-39 s at 2,000 x 300 with side constraints; HiGHS proves the whole
problem in about a second), which is why ``auto`` prefers HiGHS for mid-size problems.

The optimum is the same as that of the single objective
``-W1 * tier1 + lower`` the flow engine minimises, because ``W1`` exceeds any lower-tier
difference; objective and bound are reported on that scale.

Honest status: ``optimal`` only when both stages are proven; a time limit returns the best
solution found as ``feasible`` with a valid bound (stage 1 unproven: ``-W1 * UB(tier1)`` plus the
least the lower tiers could be).
"""

from __future__ import annotations

import itertools
import time
from typing import Any

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from placement.engines.base import EngineSolution, Network
from placement.engines.side import Side
from placement.result import Status

__all__ = ["solve"]

_FOUND = (cp_model.OPTIMAL, cp_model.FEASIBLE)


def _model(
    net: Network, side: Side
) -> tuple[cp_model.CpModel, list[cp_model.IntVar], list[cp_model.IntVar]]:
    model = cp_model.CpModel()
    x = [model.new_bool_var("") for _ in range(net.edge_client.size)]
    order = np.argsort(net.edge_client, kind="stable")
    bounds = np.searchsorted(net.edge_client[order], np.arange(net.n_clients + 1))
    for c in range(net.n_clients):
        members = order[bounds[c] : bounds[c + 1]]
        if members.size > 1:
            model.add_at_most_one(x[i] for i in members.tolist())
    z = [model.new_int_var(0, int(k), "") for k in net.slot_count.tolist()]
    by_unit: dict[int, list[int]] = {}
    for i, u in enumerate(net.edge_unit.tolist()):
        by_unit.setdefault(u, []).append(i)
    slots: dict[int, list[int]] = {}
    for g, u in enumerate(net.slot_unit.tolist()):
        slots.setdefault(u, []).append(g)
    for u in set(by_unit) | set(slots):
        model.add(sum(x[i] for i in by_unit.get(u, [])) == sum(z[g] for g in slots.get(u, [])))
    for e in side.banned.tolist():
        model.add(x[e] == 0)
    for edges in side.group_edges:
        for column in edges.T.tolist():  # one unit all members may use: all or none
            for a, b in itertools.pairwise(column):
                model.add(x[a] == x[b])
    for a, b in side.apart.tolist():
        model.add_at_most_one([x[a], x[b]])
    for room, edges in side.limits:
        model.add(sum(x[e] for e in edges.tolist()) <= room)
    return model, x, z


def _hint(
    model: cp_model.CpModel,
    net: Network,
    x: list[cp_model.IntVar],
    z: list[cp_model.IntVar],
    chosen: NDArray[np.int64],
) -> None:
    model.clear_hints()  # type: ignore[no-untyped-call]
    on = np.zeros(len(x), bool)
    on[chosen] = True
    for var, value in zip(x, on.tolist(), strict=True):
        model.add_hint(var, value)
    for var, value in zip(z, net.slots_used(chosen).tolist(), strict=True):
        model.add_hint(var, value)


def _run(
    model: cp_model.CpModel,
    seconds: float | None,
    seed: int,
    workers: int,
    deterministic: bool,
) -> tuple[cp_model.CpSolver, Any]:
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = 1 if deterministic else workers
    # The full LP relaxation is what proves these models (it is nearly integral); CP-SAT's
    # default two-worker portfolio runs without it and stalls at the trivial bound. Measured
    # at 2,000 x 300 (benchmarks/RESULTS.md): proven in 22-50 s, against no proof in 60 s.
    if deterministic or workers == 1:
        solver.parameters.linearization_level = 2
    else:
        solver.parameters.subsolvers.extend(["max_lp", "default_lp"])
    if seconds is not None:
        if deterministic:
            solver.parameters.max_deterministic_time = max(seconds, 0.0)
        else:
            solver.parameters.max_time_in_seconds = max(seconds, 0.0)
    return solver, solver.solve(model)


def solve(
    net: Network,
    side: Side | None = None,
    *,
    hint: NDArray[np.int64] | None = None,
    relaxed: EngineSolution | None = None,
    bound: float | None = None,
    time_limit: float | None = None,
    seed: int = 0,
    workers: int = 0,
    deterministic: bool = False,
) -> EngineSolution:
    """Solve ``net`` with its side constraints by two CP-SAT stages.

    Parameters
    ----------
    side : Side, optional
        Side constraints; none by default.
    hint : ndarray of int64, optional
        Edges of a feasible solution to start from (a complete hint).
    relaxed : EngineSolution, optional
        The proven optimum of the problem without side constraints: its tier-1 value caps
        stage 1 and its objective is a valid bound, so the reported bound is never weaker.
    bound : float, optional
        A lower bound (points) proven elsewhere, e.g. by :func:`milp.tier1_bound`; the reported
        bound is never weaker either.
    time_limit : float or None
        Seconds for both stages together (deterministic time units in deterministic mode).
    seed : int
        CP-SAT's random seed.
    workers : int
        Search workers; 0 uses every core.
    deterministic : bool
        One worker and a deterministic time limit: the same input and seed give the same
        solution on every run, at the cost of parallel search.
    """
    side = side or Side()
    start = time.perf_counter()
    model, x, z = _model(net, side)
    tier1 = cp_model.LinearExpr.weighted_sum(x, net.edge_tier1.tolist())
    lower = cp_model.LinearExpr.weighted_sum(x, net.edge_lower.tolist()) + (
        cp_model.LinearExpr.weighted_sum(z, net.slot_cost.tolist())
    )
    if hint is not None:
        _hint(model, net, x, z, hint)

    floor = -np.inf if bound is None else bound
    if relaxed is not None and relaxed.objective is not None:
        floor = max(floor, float(relaxed.objective))
        model.add(tier1 <= int(net.edge_tier1[relaxed.chosen].sum()))
    model.maximize(tier1)

    def budget() -> float | None:
        """Seconds left, keeping a little for reading the solution back afterwards."""
        if time_limit is None:
            return None
        return time_limit - (time.perf_counter() - start) - min(2.0, 0.05 * time_limit)

    first, code = _run(model, budget(), seed, workers, deterministic)
    if code not in _FOUND:
        if hint is not None:  # out of time before CP-SAT had a solution: keep the hint
            return _honest(net, hint, -np.inf, floor)
        status = Status.INFEASIBLE if code == cp_model.INFEASIBLE else Status.UNKNOWN
        return EngineSolution(np.zeros(0, np.int64), status, None, None)
    chosen = np.flatnonzero([first.boolean_value(v) for v in x]).astype(np.int64)
    placed = int(first.objective_value)
    if code != cp_model.OPTIMAL:
        return _honest(
            net, chosen, -net.tier1 * first.best_objective_bound + net.least_lower(), floor
        )

    left = budget()
    if left is not None and left <= 0:
        return _honest(net, chosen, -net.tier1 * placed + net.least_lower(), floor)
    model.add(tier1 >= placed)
    model.minimize(lower)
    _hint(model, net, x, z, chosen)
    second, code = _run(model, left, seed, workers, deterministic)
    if code in _FOUND:
        chosen = np.flatnonzero([second.boolean_value(v) for v in x]).astype(np.int64)
        proved = -net.tier1 * placed + second.best_objective_bound
    else:
        proved = -net.tier1 * placed + net.least_lower()
    return _honest(net, chosen, proved, floor, proven=code == cp_model.OPTIMAL)


def _honest(
    net: Network, chosen: NDArray[np.int64], bound: float, floor: float, proven: bool = False
) -> EngineSolution:
    """Status and bound from the solver's own bound and the relaxation's: optimal if they meet."""
    objective = net.objective(chosen)
    best = max(float(bound), floor)
    status = Status.OPTIMAL if proven or best >= objective else Status.FEASIBLE
    return EngineSolution(
        chosen, status, objective, min(best, float(objective)) if np.isfinite(best) else None
    )
