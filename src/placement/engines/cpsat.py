"""CP-SAT engine: the assignment model with side constraints, solved tier by tier.

Lexicographic by successive solves: stage 1 maximises the urgency-weighted number placed
(small integer coefficients, where the single objective's huge tier-1 weight would hamper the
search); stage 2 fixes that optimum and minimises the lower tiers. Proofs are still slow on this
structure (at 2,000 x 300 with side constraints stage 1 took 7.3 s and stage 2 9.9 s; HiGHS
proves the whole problem in under a second), which is why ``auto`` prefers HiGHS for mid-size
problems.

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


class _Model:
    """The CP-SAT model of ``net`` and ``side``, written straight into its proto from arrays.

    Variables: one Boolean per edge (banned edges fixed to 0), then one count per place group.
    Writing the proto from numpy arrays keeps the Python overhead small: at 413,524 edges it
    takes well under a second, where one Python object per variable took about 9 s over both
    stages (build, objectives, hints, read-back).
    """

    def __init__(self, net: Network, side: Side) -> None:
        self.net = net
        self.model = cp_model.CpModel()
        proto = self.model.proto
        e, g = net.edge_client.size, net.slot_unit.size
        self.edges = np.arange(e, dtype=np.int64)
        self.groups = e + np.arange(g, dtype=np.int64)
        upper = np.ones(e, np.int64)
        upper[side.banned] = 0
        proto.parse_text_format(
            "".join(
                f"variables {{ domain: [0, {k}] }}\n"
                for k in np.concatenate([upper, net.slot_count]).tolist()
            )
        )
        order = np.argsort(net.edge_client, kind="stable")
        cuts = np.searchsorted(net.edge_client[order], np.arange(net.n_clients + 1))
        for members in np.split(order, cuts[1:-1]):
            if members.size > 1:  # each client at most once
                proto.constraints.add().at_most_one.literals.extend(members)
        by_unit = np.argsort(net.edge_unit, kind="stable")
        edge_cuts = np.searchsorted(net.edge_unit[by_unit], np.arange(net.n_units + 1))
        slot_cuts = np.searchsorted(net.slot_unit, np.arange(net.n_units + 1))  # sorted by unit
        for u in range(net.n_units):  # a unit's edges use as many of its places
            used = by_unit[edge_cuts[u] : edge_cuts[u + 1]]
            places = self.groups[slot_cuts[u] : slot_cuts[u + 1]]
            if used.size or places.size:
                self._linear(
                    np.concatenate([used, places]),
                    np.concatenate([np.ones(used.size, np.int64), -np.ones(places.size, np.int64)]),
                    0,
                    0,
                )
        for edges in side.group_edges:
            for column in edges.T:  # one unit all members may use: all or none
                for a, b in itertools.pairwise(column.tolist()):
                    self._linear(np.array([a, b]), np.array([1, -1]), 0, 0)
        for a, b in side.apart.tolist():
            proto.constraints.add().at_most_one.literals.extend([a, b])
        for room, edges in side.limits:
            self._linear(edges, np.ones(edges.size, np.int64), 0, int(room))

    def _linear(
        self, variables: NDArray[np.int64], coeffs: NDArray[np.int64], low: int, high: int
    ) -> None:
        """Add ``low <= sum(coeffs * variables) <= high``."""
        linear = self.model.proto.constraints.add().linear
        linear.vars.extend(variables)
        linear.coeffs.extend(coeffs)
        linear.domain.extend([low, high])

    def tier1_at_most(self, cap: int) -> None:
        """Require the urgency-weighted number placed to be at most ``cap``."""
        self._linear(self.edges, self.net.edge_tier1, cp_model.INT_MIN, cap)

    def tier1_at_least(self, floor: int) -> None:
        """Require the urgency-weighted number placed to be at least ``floor``."""
        self._linear(self.edges, self.net.edge_tier1, floor, cp_model.INT_MAX)

    def minimise(self, variables: NDArray[np.int64], coeffs: NDArray[np.int64]) -> None:
        """Set the objective to ``sum(coeffs * variables)``, minimised."""
        proto = self.model.proto
        proto.clear_objective()
        proto.objective.vars.extend(variables)
        proto.objective.coeffs.extend(coeffs)

    def minimise_negative_tier1(self) -> None:
        """Stage 1: maximise tier 1, written as minimising its negation."""
        self.minimise(self.edges, -self.net.edge_tier1)

    def minimise_lower(self) -> None:
        """Stage 2: minimise the lower tiers (edge terms and place costs)."""
        self.minimise(
            np.concatenate([self.edges, self.groups]),
            np.concatenate([self.net.edge_lower, self.net.slot_cost]),
        )

    def hint(self, chosen: NDArray[np.int64]) -> None:
        """Hint a complete solution: ``chosen`` edges, each unit filling its cheapest places."""
        on = np.zeros(self.edges.size, np.int64)
        on[chosen] = 1
        proto = self.model.proto
        proto.clear_solution_hint()
        proto.solution_hint.vars.extend(np.concatenate([self.edges, self.groups]))
        proto.solution_hint.values.extend(np.concatenate([on, self.net.slots_used(chosen)]))

    def chosen(self, solver: cp_model.CpSolver) -> NDArray[np.int64]:
        """The edges set in the solver's solution, ascending."""
        values = np.asarray(solver.response_proto.solution, np.int64)
        return np.flatnonzero(values[: self.edges.size]).astype(np.int64)


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
    # at 2,000 x 300 (benchmarks/RESULTS.md): proven in 17-39 s, against no proof in 60 s.
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
        A lower bound (points) proven elsewhere, e.g. by :func:`milp.tier1_relaxation`; the reported
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
    model = _Model(net, side)
    if hint is not None:
        model.hint(hint)

    floor = -np.inf if bound is None else bound
    if relaxed is not None and relaxed.objective is not None:
        floor = max(floor, float(relaxed.objective))
        model.tier1_at_most(int(net.edge_tier1[relaxed.chosen].sum()))
    model.minimise_negative_tier1()

    def budget() -> float | None:
        """Seconds left, keeping a little for reading the solution back afterwards."""
        if time_limit is None:
            return None
        return time_limit - (time.perf_counter() - start) - min(2.0, 0.05 * time_limit)

    first, code = _run(model.model, budget(), seed, workers, deterministic)
    if code not in _FOUND:
        if hint is not None:  # out of time before CP-SAT had a solution: keep the hint
            return _honest(net, hint, -np.inf, floor)
        status = Status.INFEASIBLE if code == cp_model.INFEASIBLE else Status.UNKNOWN
        return EngineSolution(np.zeros(0, np.int64), status, None, None)
    chosen = model.chosen(first)
    placed = -round(first.objective_value)
    if code != cp_model.OPTIMAL:  # the stage-1 bound is -UB(tier 1)
        return _honest(
            net, chosen, net.tier1 * first.best_objective_bound + net.least_lower(), floor
        )

    left = budget()
    if left is not None and left <= 0:
        return _honest(net, chosen, -net.tier1 * placed + net.least_lower(), floor)
    model.tier1_at_least(placed)
    model.minimise_lower()
    model.hint(chosen)
    second, code = _run(model.model, left, seed, workers, deterministic)
    if code in _FOUND:
        chosen = model.chosen(second)
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
