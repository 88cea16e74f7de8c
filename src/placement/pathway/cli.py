"""``placement pathway report`` and ``placement pathway export``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

import typer

from placement.errors import PlacementError
from placement.pathway.export import write_csv, write_ocel
from placement.pathway.graph import LUVN_GRAPH, StageGraph
from placement.pathway.history import demo_tracker
from placement.pathway.report import report as build_report
from placement.pathway.tracker import Tracker

app = typer.Typer(help="Track cases along the housing path.", no_args_is_help=True)

Store = Annotated[
    str | None,
    typer.Option(help="Tracker store: a SQLite file path or a database URL."),
]
Demo = Annotated[bool, typer.Option(help="Use the bundled synthetic LUVN year instead of a store.")]
Graph = Annotated[Path | None, typer.Option(help="Stage graph JSON (the LUVN path by default).")]


def _tracker(store: str | None, demo: bool, graph: Path | None) -> Tracker:
    if demo == (store is not None):
        typer.echo("error: give exactly one of --store or --demo", err=True)
        raise typer.Exit(code=2)
    try:
        if demo:
            return demo_tracker()
        assert store is not None
        if "://" not in store and not Path(store).exists():
            raise PlacementError(f"no tracker store at {store}; give an existing file or a URL")
        path_graph = LUVN_GRAPH if graph is None else StageGraph.from_file(graph)
        return Tracker(store, graph=path_graph)
    except PlacementError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None


@app.command()
def report(
    store: Store = None,
    demo: Demo = False,
    graph: Graph = None,
    as_of: Annotated[
        str | None, typer.Option(help="Report day, YYYY-MM-DD (the last event's day by default).")
    ] = None,
    charts: Annotated[
        Path | None, typer.Option(help="Directory for stage_flow.png and queues.png.")
    ] = None,
) -> None:
    """Print throughput, time in stage, queues, bottlenecks and statutory deadlines."""
    try:
        day = None if as_of is None else dt.date.fromisoformat(as_of)
    except ValueError:
        typer.echo(f"error: --as-of '{as_of}' is not a date; write YYYY-MM-DD", err=True)
        raise typer.Exit(code=2) from None
    tracker = _tracker(store, demo, graph)
    try:
        result = build_report(tracker, day)
    except PlacementError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(result.text())
    if charts is not None:
        _charts(tracker, result.queues, charts)
        typer.echo(f"\nwrote {charts / 'stage_flow.png'} and {charts / 'queues.png'}")


def _charts(tracker: Tracker, queues: object, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    from placement.plotting import plot_queue_length, plot_stage_flow

    assert isinstance(queues, pd.DataFrame)
    out.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(16, 6))
    plot_stage_flow(tracker.frame(), tracker.graph, ax=ax)
    fig.savefig(out / "stage_flow.png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(10, 4))
    plot_queue_length(queues.iloc[-365:], ax=ax)
    fig.savefig(out / "queues.png", dpi=110, bbox_inches="tight")
    plt.close(fig)


@app.command()
def export(
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    format: Annotated[
        str, typer.Option("--format", help="csv (flat event log) or ocel (OCEL 2.0 JSON).")
    ] = "csv",
    store: Store = None,
    demo: Demo = False,
    graph: Graph = None,
) -> None:
    """Write the event log for process mining."""
    kinds: dict[str, Literal["csv", "ocel"]] = {"csv": "csv", "ocel": "ocel"}
    if format not in kinds:
        typer.echo(f"error: unknown format '{format}'; use csv or ocel", err=True)
        raise typer.Exit(code=2)
    tracker = _tracker(store, demo, graph)
    path = write_csv(tracker, output) if format == "csv" else write_ocel(tracker, output)
    typer.echo(f"wrote {path}")
