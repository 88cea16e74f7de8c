"""The FastAPI application: routes under ``/v1``, the gate, the error handlers, the document.

``placement serve`` runs :func:`from_environment` on uvicorn; tests and other hosts call
:func:`create_app` with a :class:`~placement.service.config.ServiceConfig`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response

from placement.service import matching, problems, tracking
from placement.service.calls import answer
from placement.service.config import ServiceConfig, load_config
from placement.service.gate import AuditLog, Gate
from placement.service.jobs import JobBoard
from placement.service.solving import solver_pool
from placement.service.spec import documented, openapi

__all__ = ["create_app", "from_environment"]

_STATUS: dict[str, Any] = {"type": "object", "properties": {"status": {"type": "string"}}}


def create_app(config: ServiceConfig) -> FastAPI:
    """The service for ``config``: the tracker store opened and the job pool started when it
    starts, both closed when it stops."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from placement.pathway.tracker import Tracker

        app.state.tracker = None if config.store is None else Tracker(config.store)
        app.state.jobs = JobBoard(config.job_workers, config.dask_address, config.job_ttl_seconds)
        app.state.solver = solver_pool(config.solve_workers)
        try:
            yield
        finally:
            app.state.jobs.close()
            app.state.solver.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(
        title="placement",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.config = config
    app.include_router(matching.router)
    app.include_router(tracking.router)
    problems.install(app)
    app.add_middleware(Gate, max_body_bytes=config.max_body_bytes, audit=AuditLog(config.audit_log))
    app.openapi = lambda: openapi(app)  # type: ignore[method-assign]

    @app.get("/healthz", summary="Alive", **documented(response=_STATUS))
    async def healthz() -> Response:
        """The process answers."""
        return answer({"status": "ok"})

    @app.get("/readyz", summary="Ready", **documented(response=_STATUS))
    async def readyz(request: Request) -> Response:
        """The tracker store answers (when one is configured) and the job pool is up."""
        tracker = request.app.state.tracker
        if tracker is not None:
            from sqlalchemy import text

            from placement.service.calls import bounded

            def ping() -> None:
                with tracker.engine.connect() as conn:
                    conn.execute(text("SELECT 1"))

            await bounded(request, ping)
        return answer({"status": "ready"})

    return app


def from_environment() -> FastAPI:
    """The service configured by ``$PLACEMENT_SERVICE_CONFIG`` and ``$PLACEMENT_SERVICE_TOKENS``
    (uvicorn's factory)."""
    return create_app(load_config())
