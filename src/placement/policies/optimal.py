"""The optimal policy: the lexicographic objective of :mod:`placement.objective`, solved exactly."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from placement.candidates import Candidates
from placement.deadline import Deadline
from placement.engines import EngineSolution, Network
from placement.engines.side import Side, refill, repair
from placement.errors import UnsupportedProblemError
from placement.model import Problem
from placement.objective import score
from placement.policies.base import SolveOptions, build_result, priority_rank
from placement.result import Result, Status

__all__ = ["optimal"]


AUTO_HIGHS_EDGES = 50_000
"""Side-constrained problems up to this many candidate edges go to HiGHS under ``auto``.

Measured (``benchmarks/RESULTS.md``): HiGHS proves 2,000 x 300 with 24k edges in about a
second, where CP-SAT takes 17-39 s; at 400k edges HiGHS finds no solution within minutes, so
larger problems go to CP-SAT, which starts from the best of the repaired relaxed optimum and a
narrowed model's optimum (HiGHS on about this many edges), with the tier-1 LP bound.
"""

CPSAT_SETUP_S_PER_EDGE = 4e-6
"""Seconds CP-SAT needs per candidate edge to build its model and read a solution back before it
can search (measured 1.4-1.6 s at 413,524 edges on 2 cores). With less time left, ``auto`` and
``cpsat`` return the repaired start with the best bound known instead of overrunning the limit.
"""

NARROW_MIN_S = 20.0
"""Seconds that must be left for ``auto`` to try the narrowed model on a large problem.

HiGHS does not stop inside presolve and the root LP, which took about 6 s on the narrowed
10,000 x 1,500 model (2 cores) whatever its time limit; with less time left the step is skipped
so that the call keeps its time limit.
"""


def optimal(problem: Problem, cands: Candidates, options: SolveOptions | None = None) -> Result:
    """Place clients to minimise the objective.

    ``engine="auto"``: the exact min-cost flow when the problem has no side constraints. With
    side constraints, the relaxed flow optimum (side constraints dropped) is returned as proven
    when it keeps them all; otherwise HiGHS solves problems up to :data:`AUTO_HIGHS_EDGES`
    candidate edges and CP-SAT larger ones, warm-started from the relaxed optimum repaired for
    the side constraints or, when better, a narrowed model's optimum, and bounded by the tier-1
    LP relaxation (CP-SAT also takes over if HiGHS finds nothing in time). With
    ``deterministic=True`` nothing runs on wall-clock time: the exact flow, and for side
    constraints the relaxed optimum or, when it breaks one, CP-SAT on one worker with a
    deterministic limit, warm-started from the repaired relaxed optimum. See
    ``docs/objective.md``.
    """
    from placement.engines import flow  # the engines load when used: scipy and CP-SAT are heavy

    opts = options or SolveOptions()
    clock = opts.clock()
    with clock.phase("search"):
        scores = score(problem, cands)
        net = Network.build(len(problem.clients), len(problem.units), cands, scores)
        side = Side.build(problem, cands)
    if opts.engine == "flow" and side:
        raise UnsupportedProblemError(
            "engine 'flow' cannot express the problem's side constraints "
            f"({', '.join(problem.side_constraints())}); use engine 'auto' or 'cpsat'"
        )
    if side and opts.engine in ("auto", "cpsat", "highs"):
        found, used = _with_side(problem, cands, net, side, opts, clock)
    elif opts.engine == "highs":
        from placement.engines import milp

        with clock.phase("search"):
            found, used = milp.solve(net, time_limit=clock.remaining(0.01)), "highs"
    elif opts.engine == "cpsat":
        with clock.phase("search"):
            found, used = _cpsat(net, Side(), opts, clock.remaining(0.01)), "cpsat"
    else:
        with clock.phase("search"):
            found, used = flow.solve(net), "flow"
    with clock.phase("result"):
        return build_result(
            problem,
            cands,
            found.chosen,
            policy="optimal",
            engine=used,
            status=found.status,
            objective=found.objective,
            bound=found.bound,
            seed=opts.seed,
        )


def _cpsat(
    net: Network,
    side: Side,
    opts: SolveOptions,
    time_limit: float | None,
    hint: NDArray[np.int64] | None = None,
    relaxed: EngineSolution | None = None,
    bound: float | None = None,
) -> EngineSolution:
    from placement.engines import cpsat

    return cpsat.solve(
        net,
        side,
        hint=hint,
        relaxed=relaxed,
        bound=bound,
        time_limit=time_limit,
        seed=opts.seed,
        workers=opts.workers,
        deterministic=opts.deterministic,
    )


def _with_side(
    problem: Problem,
    cands: Candidates,
    net: Network,
    side: Side,
    opts: SolveOptions,
    clock: Deadline,
) -> tuple[EngineSolution, str]:
    """Solve a side-constrained problem (see :func:`optimal`), every step on ``clock``.

    Forced ``highs`` solves the whole model and, if HiGHS finds nothing in time, returns the
    repaired relaxed optimum with the relaxation's bound, as ``auto`` would.
    """
    from placement.engines import flow, milp

    with clock.phase("search"):
        relaxed = flow.solve(net)
    with clock.phase("repair"):
        hint = _repaired(problem, cands, net, side, relaxed.chosen)
    if opts.engine == "auto" and np.array_equal(hint, relaxed.chosen):
        return relaxed, "flow"  # the relaxed optimum keeps every side constraint: proven
    clocked = opts.engine == "auto" and not opts.deterministic  # steps that run on wall time
    if opts.engine == "highs" or (clocked and len(cands) <= AUTO_HIGHS_EDGES):
        with clock.phase("search"):
            attempt = milp.solve(net, side, time_limit=clock.remaining(0.01))
        if attempt.objective is not None:
            return attempt, "highs"
        if opts.engine == "highs":
            return _fallback(net, hint, relaxed), "highs"
    bound = None
    with clock.phase("search"):
        if clocked and len(cands) > AUTO_HIGHS_EDGES:
            lp = milp.tier1_relaxation(net, side, time_limit=clock.share(0.5, 0.01))
            guide = [relaxed.chosen]
            if lp is not None:
                bound = lp.bound
                guide.append(lp.support)
            budget = clock.remaining()
            if budget is None or budget >= NARROW_MIN_S:  # half of the rest is kept for CP-SAT
                hint = _narrowed(net, side, hint, guide, _half(budget))
        left = clock.remaining()
        if (
            not opts.deterministic
            and left is not None
            and left < CPSAT_SETUP_S_PER_EDGE * len(cands)
        ):
            return _fallback(net, hint, relaxed, bound), "cpsat"  # no time to build its model
        return _cpsat(net, side, opts, clock.remaining(0.01), hint, relaxed, bound), "cpsat"


def _fallback(
    net: Network, hint: NDArray[np.int64], relaxed: EngineSolution, lp: float | None = None
) -> EngineSolution:
    """The repaired relaxed optimum with the best bound known (relaxation, tier-1 LP): what is
    known without a search."""
    objective = net.objective(hint)
    known = [b for b in (relaxed.objective, lp) if b is not None]
    bound = max(known) if known else None
    proven = bound is not None and bound >= objective
    return EngineSolution(
        hint,
        Status.OPTIMAL if proven else Status.FEASIBLE,
        objective,
        None if bound is None else float(min(bound, objective)),
    )


def _repaired(
    problem: Problem, cands: Candidates, net: Network, side: Side, chosen: NDArray[np.int64]
) -> NDArray[np.int64]:
    """``chosen`` repaired for the side constraints, its freed places refilled by flow."""
    from placement.engines import flow

    rank = priority_rank(problem)
    start = repair(side, cands, chosen, rank)
    return refill(side, net, start, lambda residual: flow.solve(residual).chosen, rank, cands)


def _half(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 2


def _narrowed(
    net: Network,
    side: Side,
    hint: NDArray[np.int64],
    guide: list[NDArray[np.int64]],
    time_limit: float | None,
) -> NDArray[np.int64]:
    """A better feasible solution than ``hint``, from HiGHS on a narrowed model, or ``hint``.

    The narrowed model keeps each client's cheapest edges (as many as keep it near
    :data:`AUTO_HIGHS_EDGES` edges), the edges of ``hint`` and of each ``guide`` (the relaxed
    optimum, the tier-1 LP's support), and every edge a linked group may use. Its optimum is
    feasible for the whole problem; it is no proof, so the whole model is still solved from it.
    """
    from placement.engines import milp

    per_client = max(1, AUTO_HIGHS_EDGES // max(1, net.n_clients))
    order = np.lexsort((net.edge_cost, net.edge_client))
    first = np.searchsorted(net.edge_client[order], net.edge_client[order])
    keep = np.zeros(net.edge_client.size, bool)
    keep[order[np.arange(order.size) - first < per_client]] = True
    keep[hint] = True
    for used in guide:
        keep[used] = True
    for columns in side.group_edges:
        keep[columns.ravel()] = True
    edges = np.flatnonzero(keep).astype(np.int64)
    found = milp.solve(net.restrict(edges), side.restrict(edges, keep.size), time_limit=time_limit)
    if found.objective is None:
        return hint
    chosen = edges[found.chosen]
    return chosen if net.objective(chosen) < net.objective(hint) else hint
