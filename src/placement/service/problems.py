"""Errors as RFC 9457 ``application/problem+json``, carrying the library's issues.

A refused input is 422 with every issue (path, message, hint), a refused tracker write 409, an
unknown route or job 404, a missing or wrong token 401, a role that may not 403, a body over
the limit 413, a request over its time 503. Anything else is 500 naming only the error's type:
its text could hold input data.
"""

from __future__ import annotations

import dataclasses
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from placement.errors import PlacementError, ProblemError
from placement.service.spec import PROBLEM_JSON

__all__ = ["BodyTooLarge", "install", "problem"]

_log = logging.getLogger("placement")

_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    500: "Internal server error",
    503: "Service unavailable",
}


class BodyTooLarge(Exception):  # noqa: N818 (named for the status it becomes)
    """A streamed request body passed the configured limit."""


def problem(
    status: int,
    detail: str,
    issues: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """An ``application/problem+json`` response."""
    body = {
        "type": "about:blank",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "issues": issues or [],
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(ProblemError)
    async def _refused(request: Request, exc: ProblemError) -> JSONResponse:
        from placement.pathway.rules import PathwayError

        status = 409 if isinstance(exc, PathwayError) else 422
        first = str(exc).splitlines()[0]
        return problem(status, first, [dataclasses.asdict(i) for i in exc.issues])

    @app.exception_handler(PlacementError)
    async def _placement(request: Request, exc: PlacementError) -> JSONResponse:
        return problem(422, str(exc).splitlines()[0][:500])

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _params(request: Request, exc: RequestValidationError) -> JSONResponse:
        issues = [
            {
                "path": ".".join(str(part) for part in e.get("loc", ())),
                "message": str(e.get("msg", "invalid")),
                "hint": "see the OpenAPI document",
            }
            for e in exc.errors()
        ]  # the offending values are left out: they may be personal data
        return problem(422, f"invalid request: {len(issues)} issues", issues)

    @app.exception_handler(BodyTooLarge)
    async def _large(request: Request, exc: BodyTooLarge) -> JSONResponse:
        return problem(413, str(exc))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        _log.error("unexpected %s in %s", type(exc).__name__, request.url.path)
        return problem(500, f"unexpected {type(exc).__name__} (a bug in placement; report it)")
