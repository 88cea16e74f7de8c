"""Who may call: bearer tokens, compared by their SHA-256, each with a role.

A missing or unknown token is 401 (with ``WWW-Authenticate: Bearer``), a known token whose role
does not grant the endpoint's capability 403. Tokens are compared in constant time against every
configured hash, so the time taken says nothing about which one came close.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from placement.service.config import ROLES, ServiceConfig, Token, hash_token

__all__ = ["Placer", "Planner", "Reader", "caller", "requires"]

_bearer = HTTPBearer(auto_error=False, description="A token from the service's configuration.")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def caller(config: ServiceConfig, credentials: HTTPAuthorizationCredentials | None) -> Token:
    """The configured token the credentials carry; 401 otherwise."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "no bearer token", headers={"WWW-Authenticate": "Bearer"})
    digest = hash_token(credentials.credentials)
    found = None
    for token in config.tokens:  # every hash compared: constant time in which one matches
        if hmac.compare_digest(token.sha256, digest):
            found = token
    if found is None:
        raise HTTPException(401, "unknown token", headers={"WWW-Authenticate": "Bearer"})
    return found


def requires(capability: str) -> Callable[..., Token]:
    """A dependency: the caller's token, if its role grants ``capability`` (else 403)."""

    def check(request: Request, credentials: Credentials) -> Token:
        token = caller(request.app.state.config, credentials)
        request.state.audit.update(token=token.id, role=token.role)
        if capability not in ROLES[token.role]:
            raise HTTPException(403, f"the role '{token.role}' may not {capability}")
        return token

    return check


Reader = Annotated[Token, Depends(requires("read"))]
"""A caller whose role may read (every role)."""
Planner = Annotated[Token, Depends(requires("plan"))]
"""A caller whose role may plan (``plan``)."""
Placer = Annotated[Token, Depends(requires("place"))]
"""A caller whose role may write offers and events (``place``)."""
