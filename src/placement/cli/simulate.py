"""``placement simulate``: run a scenario's replications, write tables (CSV) and charts (PNG).

``placement simulate SCENARIO.json --replications 100 --workers 2 -o OUT_DIR`` reads a scenario
(its JSON Schema: ``placement schema scenario``); ``placement simulate --demo`` compares the
LUVN base with 12 more places of class 24h-3 in Vihti. Every failure is one ``error:`` line on
stderr and exit code 2.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from placement.cli.common import Force, cannot_write
from placement.csv_cells import write_csv
from placement.errors import PlacementError
from placement.files import check_writable

if TYPE_CHECKING:
    import pandas as pd

    from placement.simulate import Scenario, SimulationResult

__all__ = ["simulate_command"]

TABLES = ("waits", "queue", "utilisation", "throughput", "exits")


def _demo() -> dict[str, Scenario]:
    from placement import datasets
    from placement.simulate import AddPlaces, Scenario

    base = Scenario.from_problem(datasets.load("luvn"), name="LUVN base")
    start = base.problem.reference_date
    more = base.with_changes(
        AddPlaces(
            municipality="Vihti",
            service_class="24h-3",
            count=12,
            from_date=start + dt.timedelta(days=90),
        )
    ).model_copy(update={"name": "12 more 24h-3 places in Vihti"})
    return {"base": base, "vihti_plus_12": more}


def _outputs(out_dir: Path, label: str) -> tuple[dict[str, Path], Path]:
    """A scenario's files: its CSV table of each name (the summary too) and its queue chart."""
    tables = {name: out_dir / f"{label}_{name}.csv" for name in (*TABLES, "summary")}
    return tables, out_dir / f"{label}_queue.png"


def _write(
    out_dir: Path, label: str, result: SimulationResult, summary: pd.DataFrame
) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from placement.plotting import plot_sim_queue

    paths, chart = _outputs(out_dir, label)
    frames = {**{name: getattr(result, name) for name in TABLES}, "summary": summary.reset_index()}
    for name, path in paths.items():
        table = frames[name]
        write_csv(path, list(table.columns), table.itertuples(index=False, name=None))
    fig, ax = plt.subplots(figsize=(10, 4))
    plot_sim_queue(result, ax=ax)
    fig.savefig(chart, dpi=120, bbox_inches="tight")
    plt.close(fig)
    return [*paths.values(), chart]


def simulate_command(
    scenario_file: Annotated[
        Path | None, typer.Argument(help="Scenario JSON (omit with --demo).")
    ] = None,
    replications: Annotated[int, typer.Option(help="Independent replications.")] = 100,
    workers: Annotated[int, typer.Option(help="Worker processes (1: run here).")] = 1,
    seed: Annotated[int, typer.Option(help="Root seed.")] = 0,
    out_dir: Annotated[Path, typer.Option("-o", "--out-dir", help="Where to write.")] = Path(
        "simulation"
    ),
    demo: Annotated[bool, typer.Option(help="Compare LUVN with 12 more places in Vihti.")] = False,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress", help="Show a progress bar (default: on a terminal)."
        ),
    ] = None,
    force: Force = False,
) -> None:
    """Simulate SCENARIO_FILE (or the demo): CSV tables, a summary and PNG charts in OUT_DIR."""
    from concurrent.futures import ProcessPoolExecutor

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from placement.plotting import plot_sim_waits
    from placement.simulate import Scenario, run

    try:
        if demo == (scenario_file is not None):
            raise PlacementError("give exactly one of SCENARIO_FILE or --demo")
        if replications < 1 or workers < 1 or seed < 0:
            raise PlacementError("--replications and --workers must be 1 or more, --seed 0 or more")
        if out_dir.exists() and not out_dir.is_dir():
            raise PlacementError(f"-o {out_dir} is a file; give a directory")
        if scenario_file is None:
            scenarios = _demo()
        else:
            try:
                text = scenario_file.read_text(encoding="utf-8")
            except OSError as exc:
                raise PlacementError(f"cannot read {scenario_file}: {exc.strerror}") from None
            scenarios = {scenario_file.stem: Scenario.model_validate_json(text)}
        files = [out_dir / "waits.png"] if len(scenarios) > 1 else []
        for label in scenarios:
            tables, chart = _outputs(out_dir, label)
            files += [*tables.values(), chart]
        check_writable(files, force=force)  # every output, before any work
        out_dir.mkdir(parents=True, exist_ok=True)
        shown = sys.stderr.isatty() if progress is None else progress
        pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None
        try:
            results = {
                label: run(s, replications, seed, executor=pool, progress=shown)
                for label, s in scenarios.items()
            }
        finally:
            if pool is not None:
                pool.shutdown()
    except PlacementError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    try:
        written = []
        for label, result in results.items():
            summary = result.summary()
            written += _write(out_dir, label, result, summary)
            typer.echo(f"{scenarios[label].name or label}:")
            typer.echo(summary.round(3).to_string())
            typer.echo("")
        if len(results) > 1:
            fig, ax = plt.subplots(figsize=(8, 4))
            plot_sim_waits({scenarios[k].name or k: r for k, r in results.items()}, ax=ax)
            path = out_dir / "waits.png"
            fig.savefig(path, dpi=120, bbox_inches="tight")
            plt.close(fig)
            written.append(path)
    except OSError as exc:
        typer.echo(f"error: {cannot_write(exc)}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(f"wrote {len(written)} files to {out_dir}")
