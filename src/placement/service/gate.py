"""What every request passes: the body-size limit and the audit log.

A body whose declared length is over ``max_body_bytes`` is refused with 413 before any of it is
read; a streamed one is cut off when it passes the limit. After the response, one JSON line goes
to the audit log: when, which token and role, the endpoint (its route template, not the path),
the status, the problem and result hashes the handler saw, and the outcome. Never a body,
a query string, a need, a name or free text.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from placement.files import file_mode, private_dir
from placement.service.problems import BodyTooLarge, problem

__all__ = ["AuditLog", "Gate"]


class AuditLog:
    """Appends one JSON object per line to a file created with the library's mode for private
    files (:func:`~placement.files.file_mode`: its owner only, unless configured)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()

    def write(self, record: dict[str, Any]) -> None:
        """Append ``record`` (a flat mapping of ids, hashes, names of things and numbers)."""
        if self.path is None:
            return
        line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
        with self._lock:
            if not self.path.parent.exists():
                private_dir(self.path.parent)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, file_mode())
            with os.fdopen(fd, "a", encoding="utf-8") as out:
                out.write(line)


class Gate:
    """The ASGI middleware: size limit first, audit line last."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, audit: AuditLog) -> None:
        self.app = app
        self.limit = max_body_bytes
        self.audit = audit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        record: dict[str, Any] = {
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
            "method": scope["method"],
        }
        scope.setdefault("state", {})["audit"] = record
        status = [500]

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        declared = dict(scope.get("headers") or []).get(b"content-length")
        try:
            if declared is not None and declared.isdigit() and int(declared) > self.limit:
                await problem(413, f"the body is over {self.limit:,} bytes")(
                    scope, receive, sending
                )
                return
            await self.app(scope, self._bounded(receive), sending)
        finally:
            route = scope.get("route")
            record["endpoint"] = getattr(route, "path", None) or "unrouted"
            record["status"] = status[0]
            record["outcome"] = (
                "ok" if status[0] < 400 else "refused" if status[0] < 500 else "error"
            )
            self.audit.write(record)

    def _bounded(self, receive: Receive) -> Receive:
        seen = [0]

        async def reading() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                seen[0] += len(message.get("body", b""))
                if seen[0] > self.limit:
                    raise BodyTooLarge(f"the body is over {self.limit:,} bytes")
            return message

        return reading
