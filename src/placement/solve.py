"""The one entry point: :func:`solve`."""

from __future__ import annotations

import logging
import time

from placement import candidates
from placement.engines import ENGINES
from placement.errors import Issue, ProblemError
from placement.model import Problem
from placement.policies import POLICIES, SolveOptions
from placement.result import Result

__all__ = ["solve"]

log = logging.getLogger("placement")


def solve(
    problem: Problem,
    policy: str = "optimal",
    *,
    engine: str = "auto",
    time_limit: float | None = None,
    seed: int = 0,
    workers: int = 0,
    deterministic: bool = False,
) -> Result:
    """Match the clients of ``problem`` to places with a policy.

    Parameters
    ----------
    problem : Problem
        A validated problem.
    policy : str
        A name in :data:`placement.policies.POLICIES`.
    engine : {"auto", "flow", "cpsat", "highs"}
        Solver of the optimal policy; ``auto`` picks the exact min-cost flow.
    time_limit : float or None
        Seconds for the whole call (candidates included), for engines that can stop early;
        the best solution found is returned.
    seed : int
        Random seed, for engines and randomised policies.
    workers : int
        CP-SAT search workers; 0 uses every core.
    deterministic : bool
        CP-SAT with one worker and a deterministic time limit (``time_limit`` then counts
        CP-SAT's deterministic time units): byte-identical results on every run.

    Returns
    -------
    Result
        Assignments with move-in dates, the unplaced, status, objective and runtime.

    Raises
    ------
    ProblemError
        If an argument is invalid (raised before any solving).
    UnsupportedProblemError
        If the policy cannot express the problem.
    """
    issues = []
    if not isinstance(problem, Problem):
        issues.append(
            Issue(
                "problem",
                f"expected a Problem, got {type(problem).__name__}",
                "build it with Problem.model_validate(...)",
            )
        )
    if policy not in POLICIES:
        issues.append(
            Issue("policy", f"unknown policy '{policy}'", f"use one of {sorted(POLICIES)}")
        )
    if engine not in ENGINES:
        issues.append(Issue("engine", f"unknown engine '{engine}'", f"use one of {list(ENGINES)}"))
    if time_limit is not None and not time_limit > 0:
        issues.append(
            Issue("time_limit", "must be a positive number of seconds", "pass None for no limit")
        )
    if workers < 0:
        issues.append(Issue("workers", "must be 0 (all cores) or more", "pass 0 or 1"))
    if issues:
        raise ProblemError(issues, what="solve arguments")

    start = time.perf_counter()
    cands = candidates.build(problem)
    log.info(
        "%d clients, %d units, %d candidate edges",
        len(problem.clients),
        len(problem.units),
        len(cands),
    )
    left = None if time_limit is None else max(0.01, time_limit - (time.perf_counter() - start))
    options = SolveOptions(
        engine=engine, time_limit=left, seed=seed, workers=workers, deterministic=deterministic
    )
    result = POLICIES[policy](problem, cands, options)
    runtime = time.perf_counter() - start
    log.info(
        "policy %s: %s, %d placed in %.3f s",
        policy,
        result.status.value,
        len(result.assignments),
        runtime,
    )
    return result.model_copy(update={"runtime": runtime})
