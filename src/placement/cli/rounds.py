"""``placement round``: the county's weekly matching round, once per date.

Sends unanswered offers past their expiry back to search, takes the tracker's state at the
start of the day, solves it on the deterministic engine path, writes the offers and the round's
record, and prints the summary. A second run for the same date writes nothing and says so.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from placement.cli.common import (
    Policy,
    check_outputs,
    read_problem,
    say,
    write_text,
)
from placement.cli.pathway import Graph, failures, open_tracker
from placement.errors import PlacementError

__all__ = ["round_command"]


def round_command(
    store: Annotated[
        str, typer.Option("--store", help="Tracker store: a SQLite file path or a database URL.")
    ],
    as_of: Annotated[str, typer.Option("--as-of", help="The round's day, YYYY-MM-DD.")],
    policy: Policy = "optimal",
    settings: Annotated[
        Path | None,
        typer.Option(
            help="A problem file whose settings (service classes, weights, municipalities, "
            "needs mapping) the round uses; its units and clients are ignored. Default: the "
            "last round's.",
        ),
    ] = None,
    resource: Annotated[
        str | None,
        typer.Option(help="Who writes the offers (default: each case's placement-team worker)."),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            help="Also write the round as JSON here; - for standard output (the summary then "
            "goes to standard error)."
        ),
    ] = None,
    graph: Graph = None,
) -> None:
    """Run the matching round of --as-of: state, solve, offers; idempotent per date."""
    with failures():
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            raise PlacementError(f"--as-of '{as_of}' is not a date; write YYYY-MM-DD") from None
        if report is not None:
            check_outputs((report, "--report", (".json",)))
        fields = {}
        if settings is not None:
            from placement.pathway.queue import settings_of

            fields = settings_of(read_problem(settings))
        tracker = open_tracker(store, graph)
        from placement.pathway.rounds import run_round

        done = run_round(tracker, day, policy=policy, resource=resource, **fields)
        if report is not None:
            write_text(report, json.dumps(done.to_json(), ensure_ascii=False, indent=2))
        say(done.summary(), quiet_stdout=report is not None and str(report) == "-")
