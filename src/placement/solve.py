"""The one entry point: :func:`solve`."""

from __future__ import annotations

import logging
import numbers

from placement import candidates
from placement.audit import record
from placement.deadline import Deadline, limit_issue
from placement.engines import ENGINES, EngineName
from placement.errors import Issue, ProblemError
from placement.model import Problem
from placement.names import DEFAULT_POLICY
from placement.policies import POLICIES, PolicyName, SolveOptions
from placement.result import AuditOptions, Result, Status

__all__ = ["SIDE_TIME_LIMIT", "solve"]

log = logging.getLogger("placement")

SIDE_TIME_LIMIT = 60.0
"""Seconds a side-constrained optimal solve gets when no time limit is given: the best result
found by then, with its gap, rather than a search that may run for hours at 10,000 clients."""


def solve(
    problem: Problem,
    policy: PolicyName = DEFAULT_POLICY,
    *,
    engine: EngineName = "auto",
    time_limit: float | None = None,
    seed: int = 0,
    workers: int = 0,
    deterministic: bool = False,
    max_edges: int | None = None,
    progress: bool = False,
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
        Seconds for the whole call: building candidates, search, repair and the result all
        draw from one :class:`~placement.deadline.Deadline` (``result.phases`` shows what each
        used). The best solution found is returned; if the limit runs out while candidates
        are built, the result has status ``unknown`` and places nobody. ``None`` means no
        limit, except for the optimal policy on a problem with side constraints, which gets
        :data:`SIDE_TIME_LIMIT` (60 s) unless a limit is given: the limit used is recorded in
        ``result.audit.options.time_limit``.
    seed : int
        Random seed, for engines and randomised policies.
    workers : int
        CP-SAT search workers; 0 uses every core.
    deterministic : bool
        CP-SAT with one worker and a deterministic time limit (``time_limit`` then counts
        CP-SAT's deterministic time units): byte-identical results on every run. With engine
        ``auto`` no step runs on wall-clock time: HiGHS and the LP bound are skipped, side
        constraints go to CP-SAT (see :func:`placement.policies.optimal.optimal`).
    max_edges : int or None
        Refuse problems estimated to have more candidate edges than this (default
        :data:`placement.candidates.MAX_EDGES`, about 2 GiB), before building any.
    progress : bool
        Show a progress bar of the phases on stderr (tqdm). Every phase also ends with an
        INFO record on the ``placement`` logger, with its seconds.

    Returns
    -------
    Result
        Assignments with move-in dates, the unplaced, status, objective and runtime, and
        an :class:`~placement.result.Audit` record (problem hash, versions, every argument)
        from which :func:`placement.reproduce` computes it again.

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
    wrong_limit = limit_issue(time_limit)
    if wrong_limit is not None:
        issues.append(wrong_limit)
    if not _whole(workers) or workers < 0:
        issues.append(Issue("workers", "must be 0 (all cores) or more", "pass 0 or 1"))
    if not _whole(seed) or seed < 0:
        issues.append(Issue("seed", "must be a whole number, 0 or more", "pass 0, 1, ..."))
    if max_edges is not None and (not _whole(max_edges) or max_edges < 1):
        issues.append(
            Issue("max_edges", "must be a positive whole number", "leave it out for the default")
        )
    if issues:
        raise ProblemError(issues, what="solve arguments")

    if time_limit is None and policy == "optimal" and problem.side_constraints():
        time_limit = SIDE_TIME_LIMIT
        log.info(
            "side constraints and no time limit given: the solve is limited to %g s", time_limit
        )
    bar = _PhaseBar(policy) if progress else None
    deadline = Deadline(None if time_limit is None else float(time_limit), on_phase=bar)
    asked = AuditOptions(  # plain types: numpy integers pass the checks above
        time_limit=None if time_limit is None else float(time_limit),
        workers=int(workers),
        deterministic=bool(deterministic),
        max_edges=None if max_edges is None else int(max_edges),
    )
    try:
        result = _search(problem, policy, engine, seed, asked, deadline)
    finally:  # the bar goes, whatever happened
        if bar is not None:
            bar.close()
    log.info(
        "policy %s: %s, %d placed in %.3f s",
        policy,
        result.status.value,
        len(result.assignments),
        result.runtime,
    )
    return result


def _search(
    problem: Problem,
    policy: PolicyName,
    engine: EngineName,
    seed: int,
    asked: AuditOptions,
    deadline: Deadline,
) -> Result:
    """Candidates, then the policy, on ``deadline``; the result with its audit record."""
    try:
        with deadline.phase("candidates"):
            cands = candidates.build(problem, deadline=deadline, max_edges=asked.max_edges)
    except candidates.OutOfTimeError as stopped:
        log.warning("time limit reached before any search: %s", stopped)
        stopped_early = Result(
            policy=policy,
            status=Status.UNKNOWN,
            unplaced=tuple(sorted(c.id for c in problem.clients)),
        )
        return _finish(stopped_early, problem, policy, engine, seed, asked, deadline)
    log.info(
        "%d clients, %d units, %d candidate edges",
        len(problem.clients),
        len(problem.units),
        len(cands),
    )
    options = SolveOptions(
        engine=engine,
        time_limit=deadline.remaining(0.01),
        seed=seed,
        workers=asked.workers,
        deterministic=asked.deterministic,
        deadline=deadline,
    )
    if policy == "optimal":  # records its own phases: search, repair, result
        result = POLICIES[policy](problem, cands, options)
    else:
        with deadline.phase("search"):
            result = POLICIES[policy](problem, cands, options)
    return _finish(result, problem, policy, engine, seed, asked, deadline)


class _PhaseBar:
    """A tqdm bar that advances as each phase of the solve ends, naming it."""

    def __init__(self, policy: str) -> None:
        from tqdm.auto import tqdm  # only when asked

        self.bar = tqdm(desc=f"solve ({policy})", unit="phase", leave=False)

    def __call__(self, name: str, seconds: float) -> None:
        self.bar.set_postfix_str(f"{name} {seconds:.1f} s")
        self.bar.update()

    def close(self) -> None:
        self.bar.close()


def _finish(
    result: Result,
    problem: Problem,
    policy: str,
    engine: str,
    seed: int,
    asked: AuditOptions,
    deadline: Deadline,
) -> Result:
    """The result with its runtime, phases and audit record (whose hashing the runtime counts)."""
    audit = record(
        problem,
        policy,
        engine=engine,
        seed=int(seed),
        options=asked,
        status=result.status,
        runtime=0.0,
    )
    runtime = deadline.elapsed()
    audit = audit.model_copy(update={"runtime": runtime})
    update = {"runtime": runtime, "phases": dict(deadline.used), "audit": audit}
    return result.model_copy(update=update)


def _whole(x: object) -> bool:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)
