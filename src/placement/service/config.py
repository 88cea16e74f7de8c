"""The service's configuration: tokens (stored hashed), the tracker store, limits, jobs, audit.

Read from a JSON file named by ``PLACEMENT_SERVICE_CONFIG`` (the strict JSON reader: a repeated
key or a bad value is one error listing every issue), with tokens also taken from
``PLACEMENT_SERVICE_TOKENS`` (``id:role:sha256,...``). A token is never stored: only the SHA-256
of it (:func:`hash_token`); ``placement serve --new-token ROLE`` prints a fresh token and the
line to configure it with.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from placement.errors import Issue, ProblemError
from placement.model.json_text import read_json_file

__all__ = [
    "CONFIG_ENV",
    "ROLES",
    "TOKENS_ENV",
    "Role",
    "ServiceConfig",
    "Token",
    "hash_token",
    "load_config",
    "new_token",
]

CONFIG_ENV = "PLACEMENT_SERVICE_CONFIG"
TOKENS_ENV = "PLACEMENT_SERVICE_TOKENS"

Role = Literal["read", "plan", "place"]
ROLES: dict[str, frozenset[str]] = {
    "read": frozenset({"read"}),
    "plan": frozenset({"read", "plan"}),
    "place": frozenset({"read", "place"}),
}
"""What each role may do: ``read`` solves, checks, explains and reads the tracker's state;
``plan`` also estimates waits and simulates; ``place`` also writes cases, events, offers and
rounds."""


class Token(BaseModel):
    """One bearer token: its id (for the audit log), its role and the SHA-256 (hex) of it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    role: Role
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class ServiceConfig(BaseModel):
    """Everything ``placement serve`` needs.

    Attributes
    ----------
    tokens : tuple of Token
        Who may call, each with a role; no token, no access (every ``/v1`` call is 401).
    store : str or None
        The tracker store (a SQLite path or a database URL) for the weekly-round endpoints;
        ``None`` turns them off (503).
    max_body_bytes : int
        Largest request body (bytes); a larger one is refused with 413 before it is read.
    request_seconds : float
        Wall-clock limit of one request (s); a solve's own time limit is capped by it.
    solve_workers : int or None
        Processes that run ``/v1/solve`` side by side (one per core by default).
    job_workers : int
        Processes of the job pool (waits, simulation, explain-all).
    dask_address : str or None
        A Dask scheduler (``tcp://host:8786``) to run the jobs on instead of the local pool.
    audit_log : Path or None
        JSON-lines file of the audit log (appended; created readable by its owner only).
    job_ttl_seconds : float
        How long a finished job's result is kept (s).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    tokens: tuple[Token, ...] = ()
    store: str | None = None
    max_body_bytes: int = Field(default=5_000_000, ge=1_000, le=500_000_000)
    request_seconds: float = Field(default=60.0, gt=0, le=3600)
    solve_workers: int | None = Field(default=None, ge=1, le=64)
    job_workers: int = Field(default=1, ge=1, le=64)
    dask_address: str | None = None
    audit_log: Path | None = None
    job_ttl_seconds: float = Field(default=86_400.0, gt=0)


def hash_token(token: str) -> str:
    """The SHA-256 (hex) a token is stored as."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh random token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def load_config(path: str | Path | None = None) -> ServiceConfig:
    """The configuration from ``path`` (or ``$PLACEMENT_SERVICE_CONFIG``), plus the tokens of
    ``$PLACEMENT_SERVICE_TOKENS``; defaults without either.

    Raises
    ------
    ProblemError
        The file cannot be read or parsed, or a field or token is invalid: every issue at once.
    """
    source = path if path is not None else os.environ.get(CONFIG_ENV)
    data = {} if source is None else read_json_file(source, "service configuration")
    if not isinstance(data, dict):
        raise ProblemError(
            [Issue(str(source), "is not a JSON object", "see docs/service.md")],
            what="service configuration",
        )
    extra = os.environ.get(TOKENS_ENV, "")
    issues = []
    tokens = list(data.get("tokens", []))
    for k, item in enumerate(t for t in extra.split(",") if t.strip()):
        parts = item.strip().split(":")
        if len(parts) != 3:
            issues.append(Issue(f"{TOKENS_ENV}[{k}]", "is not id:role:sha256", "see docs"))
            continue
        tokens.append({"id": parts[0], "role": parts[1], "sha256": parts[2]})
    if issues:
        raise ProblemError(issues, what="service configuration")
    return ServiceConfig.model_validate({**data, "tokens": tokens})
