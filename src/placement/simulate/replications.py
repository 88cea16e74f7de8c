"""Monte Carlo: independent replications over any :class:`concurrent.futures.Executor`.

Replication ``i`` runs from ``SeedSequence(seed).spawn(replications)[i]`` whichever process
runs it, and results are gathered in replication order, so the records are identical with the
serial default, a process pool or a Dask cluster (``distributed.Client(...).get_executor()``).
Each task carries the scenario's JSON; a worker compiles it once (candidate edges included) and
keeps it for the tasks that follow.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future
from typing import Any

import numpy as np

from placement.errors import Issue, ProblemError
from placement.simulate.compiled import Compiled, compile_scenario
from placement.simulate.engine import replicate
from placement.simulate.records import SimulationResult, summarise
from placement.simulate.scenario import Scenario

__all__ = ["compiled", "run", "run_seeds"]

log = logging.getLogger("placement")

_COMPILED: dict[str, Compiled] = {}
_KEEP = 4  # compiled scenarios kept per process


def compiled(text: str) -> Compiled:
    """The compiled form of a scenario's JSON, cached per process by its hash."""
    key = hashlib.sha256(text.encode()).hexdigest()
    hit = _COMPILED.get(key)
    if hit is None:
        hit = compile_scenario(Scenario.model_validate_json(text))
        while len(_COMPILED) >= _KEEP:
            _COMPILED.pop(next(iter(_COMPILED)))
        _COMPILED[key] = hit
    return hit


def _task(text: str, seed: np.random.SeedSequence, trace: bool) -> dict[str, Any]:
    """One replication of the scenario ``text`` (a top-level function: executors pickle it)."""
    return replicate(compiled(text), seed, trace)


def _check(scenario: Any, replications: int, executor: Any) -> None:
    issues = []
    if not isinstance(scenario, Scenario):
        issues.append(Issue("scenario", f"expected a Scenario, got {type(scenario).__name__}", ""))
    if not isinstance(replications, int) or replications < 1:
        issues.append(Issue("replications", "must be a whole number of at least 1", "e.g. 100"))
    if executor is not None and not isinstance(executor, Executor):
        issues.append(
            Issue("executor", "must be a concurrent.futures.Executor", "or None for serial")
        )
    if issues:
        raise ProblemError(issues, what="simulate.run arguments")


def _results(
    text: str, seeds: Sequence[np.random.SeedSequence], executor: Executor | None, trace: bool
) -> Iterator[dict[str, Any]]:
    if executor is None:
        for seed in seeds:
            yield _task(text, seed, trace)
        return
    futures: list[Future[dict[str, Any]]] = [
        executor.submit(_task, text, seed, trace) for seed in seeds
    ]
    for future in futures:
        yield future.result()


def run_seeds(
    scenario: Scenario,
    seeds: Sequence[np.random.SeedSequence],
    executor: Executor | None = None,
    progress: bool = False,
    trace: bool = False,
    on_done: Callable[[int], None] | None = None,
) -> tuple[Compiled, list[dict[str, Any]]]:
    """Raw records of one replication per seed, in order (for :func:`run` and planning)."""
    text = scenario.model_dump_json()
    results: Iterable[dict[str, Any]] = _results(text, seeds, executor, trace)
    if progress:
        from tqdm import tqdm

        results = tqdm(results, total=len(seeds), desc=scenario.name or "simulate", unit="rep")
    raw = []
    for r in results:
        raw.append(r)
        if on_done is not None:
            on_done(len(raw))
    return compiled(text), raw


def run(
    scenario: Scenario,
    replications: int = 100,
    seed: int = 0,
    executor: Executor | None = None,
    progress: bool = False,
    reveal_ids: bool = False,
) -> SimulationResult:
    """Simulate ``scenario`` ``replications`` times with independent random streams.

    Parameters
    ----------
    scenario : Scenario
        A validated scenario.
    replications : int
        Number of independent replications.
    seed : int
        Root seed; replication ``i`` uses ``SeedSequence(seed).spawn(replications)[i]``.
    executor : concurrent.futures.Executor, optional
        Where replications run: ``None`` runs them here one after another; a
        ``ProcessPoolExecutor`` or a Dask ``Client.get_executor()`` runs them in parallel.
        The records are identical whichever runs them.
    progress : bool
        Show a tqdm progress bar (on stderr).
    reveal_ids : bool
        Keep the map from the start queue's run-local ids (``q00001``...) to the real client
        ids in :attr:`SimulationResult.real_ids`. By default the records hold no real id: a
        simulated exit or death is never written against a real person.

    Returns
    -------
    SimulationResult

    Raises
    ------
    ProblemError
        If an argument is invalid, before anything runs.
    """
    _check(scenario, replications, executor)
    seeds = np.random.SeedSequence(seed).spawn(replications)
    c, raw = run_seeds(scenario, seeds, executor, progress)
    result = summarise(c, raw, reveal_ids, seed)
    t = result.timing
    log.info(
        "simulated %d replications: %d rounds, %.2f s in the policy of %.2f s",
        replications,
        int(t["rounds"].sum()),
        float(t["match_s"].sum()),
        float(t["total_s"].sum()),
    )
    return result
