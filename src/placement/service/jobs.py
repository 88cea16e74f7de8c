"""Long work as jobs: submit, get an id, poll, fetch the result.

Jobs run on a local process pool, or on a Dask cluster when the configuration names a scheduler
(``dask_address``), through the same :class:`concurrent.futures.Executor` interface. A job
belongs to the token that submitted it (another token gets 404) and runs to its end whether or
not anyone is waiting: a client that goes away fetches the result later. Finished jobs are
kept ``job_ttl_seconds``. The work functions take and return JSON text, so nothing but text
crosses to the workers.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import threading
import time
import uuid
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["JobBoard", "explanations_job", "simulate_job", "waits_job"]

Kind = Literal["waits", "simulate", "explanations"]


def waits_job(request_json: str) -> str:
    """Every waiting client's estimated wait (:func:`placement.estimate_waits`), as JSON rows."""
    from placement.service.models import WaitsRequest
    from placement.simulate.waits import estimate_waits

    request = WaitsRequest.model_validate_json(request_json)
    table = estimate_waits(
        request.problem,
        policy=request.policy,
        replications=request.replications,
        seed=request.seed,
    )
    rows = json.loads(table.to_json(orient="records", date_format="iso"))
    return json.dumps({"horizon_days": table.attrs.get("horizon_days"), "clients": rows})


def simulate_job(request_json: str) -> str:
    """A scenario's summary (:meth:`SimulationResult.summary`), as JSON rows."""
    from placement.service.models import SimulateRequest
    from placement.simulate import run

    request = SimulateRequest.model_validate_json(request_json)
    result = run(request.scenario, replications=request.replications, seed=request.seed)
    summary = result.summary().reset_index()
    rows = json.loads(summary.to_json(orient="records", date_format="iso"))
    return json.dumps({"scenario": result.scenario_name, "summary": rows})


def explanations_job(request_json: str) -> str:
    """Every waiting client's explanation (:func:`placement.explanations.explain_all`)."""
    from placement.explanations import explain_all
    from placement.service.models import ExplainAllRequest

    request = ExplainAllRequest.model_validate_json(request_json)
    found = explain_all(request.problem, request.result, request.language)
    return json.dumps({"explanations": [json.loads(e.model_dump_json()) for e in found]})


_WORK = {"waits": waits_job, "simulate": simulate_job, "explanations": explanations_job}


@dataclass
class _Job:
    id: str
    kind: Kind
    owner: str
    submitted: dt.datetime
    future: Future[str]
    problem_sha256: str | None = None
    finished: float | None = field(default=None)


class JobBoard:
    """The jobs of one service process."""

    def __init__(
        self, workers: int = 1, dask_address: str | None = None, ttl_seconds: float = 86_400.0
    ) -> None:
        self.ttl = ttl_seconds
        self._jobs: dict[str, _Job] = {}
        self._lock = threading.Lock()
        self._dask: Any = None
        self._executor: Executor
        if dask_address is not None:
            from distributed import Client

            self._dask = Client(dask_address)  # type: ignore[no-untyped-call]
            self._executor = self._dask.get_executor()
        else:
            context = multiprocessing.get_context("spawn")  # no forked server threads
            self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=context)

    def submit(
        self, kind: Kind, owner: str, request_json: str, problem_sha256: str | None
    ) -> dict[str, Any]:
        """Start a job; returns its description (:class:`~placement.service.models.Job`)."""
        self._forget_old()
        job = _Job(
            id=uuid.uuid4().hex,
            kind=kind,
            owner=owner,
            submitted=dt.datetime.now(dt.UTC),
            future=self._executor.submit(_WORK[kind], request_json),
            problem_sha256=problem_sha256,
        )
        with self._lock:
            self._jobs[job.id] = job
        return self.describe(job.id, owner)

    def describe(self, job_id: str, owner: str) -> dict[str, Any]:
        """The job's status; ``KeyError`` if there is no such job of ``owner``."""
        job = self._get(job_id, owner)
        status = "running"
        error = None
        if job.future.done():
            job.finished = job.finished or time.monotonic()
            failure = job.future.exception()
            status = "failed" if failure is not None else "done"
            if failure is not None:
                error = _failure_text(failure)
        return {
            "id": job.id,
            "kind": job.kind,
            "status": status,
            "submitted": job.submitted.isoformat(),
            "problem_sha256": job.problem_sha256,
            "error": error,
        }

    def result(self, job_id: str, owner: str) -> str | None:
        """The finished job's JSON, or ``None`` while it runs (``KeyError``: no such job)."""
        job = self._get(job_id, owner)
        if not job.future.done() or job.future.exception() is not None:
            return None
        return job.future.result()

    def close(self) -> None:
        """Stop the pool (running jobs are abandoned)."""
        if self._dask is not None:
            self._dask.close()  # the cluster's own jobs stay the cluster's business
            return
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _get(self, job_id: str, owner: str) -> _Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or job.owner != owner:
            raise KeyError(job_id)
        return job

    def _forget_old(self) -> None:
        now = time.monotonic()
        with self._lock:
            for key in [
                k for k, j in self._jobs.items() if j.finished and now - j.finished > self.ttl
            ]:
                del self._jobs[key]


def _failure_text(failure: BaseException) -> str:
    """A failed job's one line: the library's own message (ids and rules), or the type only."""
    from placement.errors import PlacementError

    if isinstance(failure, PlacementError):
        return str(failure).splitlines()[0][:500]
    return f"unexpected {type(failure).__name__}"
