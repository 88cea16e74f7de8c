"""``placement serve``: the HTTP service (the ``service`` extra), its OpenAPI document and its
tokens."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from placement.cli.common import check_outputs, guarded, write_text
from placement.errors import PlacementError

__all__ = ["serve_command"]


@guarded
def serve_command(
    config: Annotated[
        Path | None,
        typer.Option(help="Configuration JSON (default: $PLACEMENT_SERVICE_CONFIG)."),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    openapi: Annotated[
        Path | None,
        typer.Option(help="Write the OpenAPI document here (- for stdout) and exit."),
    ] = None,
    new_token: Annotated[
        str | None,
        typer.Option(help="Print a new token for ROLE (read, plan or place) and its config entry."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --openapi's file.")] = False,
) -> None:
    """Serve the HTTP API (OpenAPI 3.1 under /v1; see docs/service.md). TLS belongs to a
    reverse proxy in front of it."""
    try:
        import uvicorn

        from placement.service.app import create_app, from_environment
        from placement.service.config import hash_token, load_config
        from placement.service.config import new_token as fresh
    except ImportError:
        raise PlacementError(
            "the service needs its extra: pip install 'placement[service]'"
        ) from None
    if new_token is not None:
        if new_token not in ("read", "plan", "place"):
            raise PlacementError(f"--new-token {new_token}: give read, plan or place")
        token = fresh()
        entry = {"id": f"{new_token}-1", "role": new_token, "sha256": hash_token(token)}
        typer.echo(f"token (give it to the caller; it is not stored): {token}")
        typer.echo(f"configuration entry (tokens list): {json.dumps(entry)}")
        return
    if openapi is not None:
        check_outputs((openapi, "--openapi", (".json",)), force=force)
        document = create_app(load_config(config)).openapi()
        write_text(openapi, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return
    settings = load_config(config)  # refused here, with every issue, before listening
    if not settings.tokens:
        typer.echo("warning: no tokens configured; every /v1 call will be refused (401)", err=True)
    if config is not None:
        os.environ["PLACEMENT_SERVICE_CONFIG"] = str(config)
    uvicorn.run(from_environment, factory=True, host=host, port=port, access_log=False)
