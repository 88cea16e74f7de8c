"""What every endpoint does around its work: read the body strictly, run within the time
limit, answer with the library's own JSON."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from fastapi import HTTPException, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from placement.model.input import InputModel

__all__ = ["answer", "bounded", "bounded_future", "read"]

_M = TypeVar("_M", bound=InputModel)
_R = TypeVar("_R")


async def read(request: Request, model: type[_M]) -> _M:
    """The body as ``model``: the library's strict JSON reader, every issue at once (422)."""
    if request.headers.get("content-type", "application/json").split(";")[0].strip() not in (
        "application/json",
        "application/problem+json",
    ):
        raise HTTPException(415, "send the body as application/json")
    body = await request.body()
    return await run_in_threadpool(model.model_validate_json, body, source="body")


async def bounded(request: Request, work: Callable[..., _R], *args: Any, **kwargs: Any) -> _R:
    """Run ``work`` in a worker thread within the request's time limit (else 503: the work
    itself cannot be stopped and finishes unseen, so long work belongs in a job)."""
    return await _within(request, run_in_threadpool(work, *args, **kwargs))


async def bounded_future(request: Request, future: Future[_R]) -> _R:
    """Wait for a pool's ``future`` within the request's time limit (else 503; the work goes
    on in its process and its result is dropped)."""
    return await _within(request, asyncio.wrap_future(future))


async def _within(request: Request, waiting: Awaitable[_R]) -> _R:
    seconds = request.app.state.config.request_seconds
    try:
        return await asyncio.wait_for(waiting, seconds)
    except TimeoutError:
        raise HTTPException(
            503, f"the request took longer than {seconds:g} s; submit long work as a job"
        ) from None


def answer(value: BaseModel | dict[str, Any] | list[Any], status: int = 200) -> Response:
    """The library's JSON for a model (its own serialiser), or plain JSON for data."""
    if isinstance(value, BaseModel):
        return Response(value.model_dump_json(), status_code=status, media_type="application/json")
    return Response(
        json.dumps(value, ensure_ascii=False, default=str),
        status_code=status,
        media_type="application/json",
    )
