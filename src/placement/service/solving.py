"""Solves in worker processes: the body goes in as bytes and the result comes back as bytes.

A solve is mostly Python (validation, candidates, the objective) holding the interpreter's
lock, so solves in threads of one process take turns; in a pool of processes (one per core by
default) they run side by side. Nothing but bytes, hashes and issues crosses between processes.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

__all__ = ["Solved", "solve_body", "solver_pool", "warm"]

Solved = tuple[bool, bytes, dict[str, Any]]
"""``(ok, JSON bytes of the result, hashes)``, or ``(False, b"", {"issues": [...], ...})``."""


def solve_body(body: bytes, cap_seconds: float) -> Solved:
    """Read a :class:`~placement.service.models.SolveRequest` and solve it, its time limit
    capped at ``cap_seconds``."""
    from placement.audit import problem_hash, result_hash
    from placement.errors import PlacementError, ProblemError
    from placement.service.models import SolveRequest
    from placement.solve import solve

    try:
        request = SolveRequest.model_validate_json(body, source="body")
        limit = min(request.time_limit or cap_seconds, cap_seconds)
        result = solve(
            request.problem,
            request.policy,
            engine=request.engine,
            seed=request.seed,
            time_limit=limit,
            deterministic=request.deterministic,
        )
    except ProblemError as exc:
        issues = [dataclasses.asdict(i) for i in exc.issues]
        return False, b"", {"detail": str(exc).splitlines()[0], "issues": issues}
    except PlacementError as exc:
        return False, b"", {"detail": str(exc).splitlines()[0][:500], "issues": []}
    hashes = {"problem_sha256": problem_hash(request.problem), "result_sha256": result_hash(result)}
    return True, result.model_dump_json().encode("utf-8"), hashes


def warm() -> int:
    """Import what a solve needs, so the first request does not pay for it."""
    import placement.engines.flow
    import placement.engines.milp
    import placement.service.models
    import placement.solve  # noqa: F401

    return os.getpid()


def solver_pool(workers: int | None) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes (one per core by default), started and warmed."""
    count = workers or len(os.sched_getaffinity(0))
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=count, mp_context=context)
    for future in [pool.submit(warm) for _ in range(count)]:
        future.result()
    return pool
