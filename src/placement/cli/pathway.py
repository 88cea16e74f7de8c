"""``placement pathway report`` and ``placement pathway export``; the writes are in
:mod:`placement.cli.pathway_writes`.

Every failure is one ``error:`` line on stderr (a refused input lists its issues under it) and
exit code 2, never a traceback: a store that is not a database, an unknown URL scheme, a server
that does not answer, a broken stage graph, an output path that cannot be written (checked
before anything is written).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from placement.cli.common import Force, cannot_write, fail
from placement.errors import PlacementError
from placement.files import check_writable

if TYPE_CHECKING:  # the tracker (SQLAlchemy) loads when a command runs: ``--help`` stays quick
    from placement.pathway.tracker import Tracker

app = typer.Typer(help="Track cases along the housing path.", no_args_is_help=True)

Store = Annotated[
    str | None,
    typer.Option(help="Tracker store: a SQLite file path or a database URL."),
]
Demo = Annotated[bool, typer.Option(help="Use the bundled synthetic LUVN year instead of a store.")]
Graph = Annotated[Path | None, typer.Option(help="Stage graph JSON (the LUVN path by default).")]


@contextmanager
def failures() -> Iterator[None]:
    """Turn every expected failure into one ``error:`` line and exit code 2."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except PlacementError as exc:
        raise fail(exc) from None
    except SQLAlchemyError as exc:  # the store failed after opening (a server went away)
        reason = str(getattr(exc, "orig", None) or type(exc).__name__).splitlines()[0][:200]
        raise fail(f"the tracker store failed: {reason}") from None
    except OSError as exc:
        raise fail(cannot_write(exc)) from None


def open_tracker(store: str, graph: Path | None, *, create: bool = False) -> Tracker:
    """The tracker at ``store`` (a file path or URL) on ``graph``; a missing file is refused
    unless ``create``."""
    from placement.pathway.graph import LUVN_GRAPH, StageGraph
    from placement.pathway.tracker import Tracker

    path_graph = LUVN_GRAPH if graph is None else StageGraph.from_file(graph)
    if not create and "://" not in store and not Path(store).is_file():
        raise PlacementError(f"no tracker store at {store}; give an existing file or a URL")
    return Tracker(store, graph=path_graph)


def _tracker(store: str | None, demo: bool, graph: Path | None) -> Tracker:
    from placement.pathway.graph import StageGraph
    from placement.pathway.history import demo_tracker

    if demo == (store is not None):
        raise PlacementError("give exactly one of --store or --demo")
    if demo:
        if graph is not None:
            StageGraph.from_file(graph)  # a broken file is refused even where it is not used
        return demo_tracker()
    assert store is not None
    return open_tracker(store, graph)


@app.command()
def report(
    store: Store = None,
    demo: Demo = False,
    graph: Graph = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            help="Report day, YYYY-MM-DD (default: today for a store, the last event's day "
            "for --demo)."
        ),
    ] = None,
    charts: Annotated[
        Path | None, typer.Option(help="Directory for stage_flow.png and queues.png.")
    ] = None,
    force: Force = False,
) -> None:
    """Print throughput, time in stage, queues, bottlenecks and statutory deadlines."""
    with failures():
        try:
            day = dt.date.fromisoformat(as_of) if as_of is not None else None
            if day is None and store is not None:  # a live store: deadlines due by today count
                day = dt.date.today()
        except ValueError:
            raise PlacementError(f"--as-of '{as_of}' is not a date; write YYYY-MM-DD") from None
        if charts is not None:
            check_writable([charts / "stage_flow.png", charts / "queues.png"], force=force)
        tracker = _tracker(store, demo, graph)
        from placement.pathway.report import report as build_report

        result = build_report(tracker, day)
        typer.echo(result.text())
        if charts is not None:
            _charts(tracker, result.queues, charts)
            typer.echo(f"\nwrote {charts / 'stage_flow.png'} and {charts / 'queues.png'}")


def _charts(tracker: Tracker, queues: object, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    from placement.pathway.plots import plot_stage_flow
    from placement.plotting import plot_queue_length

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
        str,
        typer.Option(
            "--format", metavar="<csv|ocel>", help="csv (flat event log) or ocel (OCEL 2.0 JSON)."
        ),
    ] = "csv",
    store: Store = None,
    demo: Demo = False,
    graph: Graph = None,
    force: Force = False,
) -> None:
    """Write the event log for process mining."""
    kinds: dict[str, Literal["csv", "ocel"]] = {"csv": "csv", "ocel": "ocel"}
    with failures():
        if format not in kinds:
            raise PlacementError(f"unknown format '{format}'; use csv or ocel")
        check_writable([output], force=force)
        suffix = {"csv": ".csv", "ocel": ".json"}[format]
        if output.suffix.lower() != suffix:
            raise PlacementError(f"-o {output}: the {format} export is a {suffix} file; name it so")
        tracker = _tracker(store, demo, graph)
        from placement.pathway.export import write_csv, write_ocel

        path = write_csv(tracker, output) if format == "csv" else write_ocel(tracker, output)
        typer.echo(f"wrote {path}")
