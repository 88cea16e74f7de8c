"""A real uvicorn server on 127.0.0.1 for the service tests, in a thread of the test process."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from placement.service.app import create_app
from placement.service.config import ServiceConfig, Token, hash_token

TOKENS = {
    "read": "tok-read-0123456789",
    "plan": "tok-plan-0123456789",
    "place": "tok-place-0123456789",
}


def config(**fields: object) -> ServiceConfig:
    """A configuration with one token per role (their secrets in :data:`TOKENS`)."""
    tokens = tuple(
        Token(id=f"{role}-1", role=role, sha256=hash_token(secret))  # type: ignore[arg-type]
        for role, secret in TOKENS.items()
    )
    return ServiceConfig.model_validate({"tokens": tokens, **fields})


def auth(role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[role]}"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(settings: ServiceConfig) -> Iterator[str]:
    """Run the service until the block ends; yields its base URL."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the service did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
