"""The tracker's writes from the command line: ``placement pathway open | record | units | offers
| answer | move-in | move-out | state | demo``.

Each prints what it wrote as one JSON object on standard output, so a system in another language
can drive the whole weekly loop; file arguments take ``-`` for standard input. Failures are the
pathway commands' one ``error:`` line (``placement --json``: a JSON list of issues), exit 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from placement.cli.common import read_problem
from placement.cli.pathway import Graph, app, failures, open_tracker
from placement.errors import PlacementError

if TYPE_CHECKING:
    from placement.pathway.rules import Event

__all__: list[str] = []

StoreOption = Annotated[
    str, typer.Option("--store", help="Tracker store: a SQLite file path or a database URL.")
]
At = Annotated[
    str,
    typer.Option(
        "--at",
        help="When: YYYY-MM-DD (00:00 Finnish time) or YYYY-MM-DDTHH:MM[+offset].",
    ),
]
Resource = Annotated[str, typer.Option("--resource", help="Pseudonymous id of the worker.")]
Case = Annotated[str, typer.Argument(help="Case id (the client id).")]


def _echo(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, default=str))


def _event(event: Event) -> dict[str, Any]:
    return event.model_dump(mode="json")


@app.command("open")
def open_case(
    case_id: Case,
    store: StoreOption,
    at: At,
    municipality: Annotated[str, typer.Option(help="Home municipality.")],
    social_worker: Annotated[str, typer.Option(help="Regional social worker's id.")],
    placement_worker: Annotated[
        str | None, typer.Option(help="Placement-team worker's id.")
    ] = None,
    client: Annotated[
        Path | None, typer.Option(help="Matching profile: a client JSON file, or - for stdin.")
    ] = None,
    graph: Graph = None,
) -> None:
    """Open a case (a new store file is created)."""
    with failures():
        from placement.model import Client

        profile = None if client is None else Client.from_json_file(client)
        tracker = open_tracker(store, graph, create=True)
        case = tracker.open_case(
            case_id,
            at,
            municipality=municipality,
            social_worker=social_worker,
            placement_worker=placement_worker,
            client=profile,
        )
        _echo(case.model_dump(mode="json"))


@app.command("record")
def record(
    case_id: Case,
    stage: Annotated[str, typer.Argument(help="The stage the case enters.")],
    store: StoreOption,
    at: At,
    resource: Resource,
    role: Annotated[
        str | None, typer.Option(help="Responsible role (the stage's own by default).")
    ] = None,
    attribute: Annotated[
        list[str] | None, typer.Option(help="Event attribute KEY=VALUE (repeatable).")
    ] = None,
    graph: Graph = None,
) -> None:
    """Record that a case entered a stage."""
    with failures():
        pairs = [a.partition("=") for a in attribute or []]
        bad = [k for k, eq, _ in pairs if not eq]
        if bad:
            raise PlacementError(f"--attribute {bad[0]}: write KEY=VALUE")
        tracker = open_tracker(store, graph)
        known = tracker.graph.stage_by_id.get(stage)
        chosen = role or (known.role.value if known is not None else None)
        event = tracker.record(
            case_id,
            stage,
            at,
            role=chosen,
            resource=resource,
            attributes={k: v for k, _, v in pairs} or None,
        )
        _echo(_event(event))


@app.command("units")
def units(
    problem_file: Annotated[
        Path, typer.Argument(help="Problem (JSON, - for stdin, .xlsx or CSV folder): its units.")
    ],
    store: StoreOption,
    at: At,
    graph: Graph = None,
) -> None:
    """Register the county's units (with their residents) from a problem's units; a unit
    already known gets a new definition from --at."""
    with failures():
        problem = read_problem(problem_file)
        tracker = open_tracker(store, graph, create=True)
        tracker.add_units(problem.units, at)
        _echo({"units": [u.id for u in problem.units], "at": at})


@app.command("offers")
def offers(
    result_file: Annotated[Path, typer.Argument(help="Result JSON (- for stdin).")],
    problem: Annotated[Path, typer.Option(help="The problem it was solved from.")],
    store: StoreOption,
    at: Annotated[str | None, typer.Option(help="When (default: the problem's day).")] = None,
    resource: Annotated[str | None, typer.Option(help="Who makes the offers.")] = None,
    graph: Graph = None,
) -> None:
    """Write an offer for each assignment of a result, or refuse it with its reason."""
    with failures():
        from placement.result import Result

        solved = read_problem(problem)
        result = Result.from_json_file(result_file)
        tracker = open_tracker(store, graph)
        report = tracker.record_offers(result, solved, at=at, resource=resource)
        _echo(report.to_json())


@app.command("answer")
def answer(
    case_id: Case,
    reply: Annotated[str, typer.Argument(help="accept or decline.")],
    store: StoreOption,
    at: At,
    resource: Resource,
    graph: Graph = None,
) -> None:
    """Record a client's answer to the open offer (a decline frees the place)."""
    with failures():
        if reply not in ("accept", "decline"):
            raise PlacementError(f"answer '{reply}': give accept or decline")
        tracker = open_tracker(store, graph)
        _echo(_event(tracker.answer(case_id, reply, at, resource=resource)))  # type: ignore[arg-type]


@app.command("move-in")
def move_in(
    case_id: Case,
    store: StoreOption,
    at: At,
    resource: Resource,
    unit: Annotated[str | None, typer.Option(help="Unit (default: the last offer's).")] = None,
    service_class: Annotated[
        str | None, typer.Option(help="Service class (default: the last offer's).")
    ] = None,
    graph: Graph = None,
) -> None:
    """The client moves in: the move-in stage, and a resident of the unit."""
    with failures():
        tracker = open_tracker(store, graph)
        event = tracker.move_in(
            case_id, at, resource=resource, unit=unit, service_class=service_class
        )
        _echo(_event(event))


@app.command("move-out")
def move_out(
    resident_id: Annotated[str, typer.Argument(help="Resident (or case) id.")],
    store: StoreOption,
    at: At,
    graph: Graph = None,
) -> None:
    """A resident moves out; their place is free from --at."""
    with failures():
        tracker = open_tracker(store, graph)
        _echo({"resident": resident_id, "unit": tracker.move_out(resident_id, at), "at": at})


@app.command("state")
def state(
    store: StoreOption,
    as_of: Annotated[
        str | None,
        typer.Option(help="The moment: YYYY-MM-DD means 00:00 that day; now if left out."),
    ] = None,
    problem_out: Annotated[
        Path | None,
        typer.Option(help="Also write that moment's matching problem JSON here (- for stdout)."),
    ] = None,
    graph: Graph = None,
) -> None:
    """Print the units' residents, held offers and free places, and the queue, as JSON."""
    with failures():
        from placement.cli.common import check_outputs, write_text

        if problem_out is not None:
            check_outputs((problem_out, "--problem-out", (".json",)))
        tracker = open_tracker(store, graph)
        if problem_out is not None:
            from placement.pathway.rounds import last_settings

            problem = tracker.to_problem(as_of=as_of, **last_settings(tracker))
            write_text(problem_out, problem.model_dump_json(indent=2))
        if problem_out is None or str(problem_out) != "-":
            _echo(tracker.state(as_of).to_json())


@app.command("demo")
def demo(store: StoreOption) -> None:
    """Write the synthetic LUVN year (units, cases, profiles) into a new store file."""
    with failures():
        if "://" in store or Path(store).exists():
            raise PlacementError(f"--store {store}: give a new file for the demo store")
        from placement.pathway.history import demo_tracker

        tracker = demo_tracker(store)
        _echo({"store": store, "cases": len(tracker.cases()), "events": len(tracker.events())})
