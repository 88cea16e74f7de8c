"""``placement simulate``: the county's what-ifs against its base, with paired differences.

``placement simulate county.xlsx --add-places u0012:24h-3:4 --years 5 -o out`` reads the
county's problem (a workbook, a problem JSON or a scenario JSON), fits it to its own history
when given one (``--history EVENTS.csv`` or ``--store URL``), simulates the base and the what-if
with common random numbers and writes, in ``out``: each run's tables (CSV) and queue chart,
``summary.csv`` and ``comparison.csv`` (paired differences with 95 % intervals), the two in
``summary.xlsx``, and ``waits.png``. The what-ifs can also stand in the workbook's ``scenario``
sheet (:mod:`placement.simulate.whatifs`); flags come after the sheet's rows.
``placement simulate --demo`` compares LUVN with 12 more 24h-3 places in Vihti. Every failure
is one ``error:`` line on stderr and exit code 2.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from placement.cli.common import Force, guarded, read_problem
from placement.csv_cells import write_csv
from placement.errors import PlacementError
from placement.files import check_writable
from placement.model import Problem

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
    return {"base": base, "what_if": more}


def _read(path: Path) -> tuple[Problem | None, Scenario | None, list[tuple[str, Any, str]]]:
    """A problem or a scenario from ``path``, and the what-ifs of a workbook's scenario sheet.

    JSON is read as every command reads it (size, depth and encoding checked); a document
    with a ``problem`` field is a scenario. Anything else is read as ``solve`` reads a problem.
    """
    from placement import io
    from placement.model.json_text import read_json_file
    from placement.simulate import Scenario

    if path.suffix.lower() == ".json":
        document = read_json_file(path, "problem or scenario")
        if isinstance(document, dict) and "problem" in document:
            return None, Scenario.model_validate(document), []
        return Problem.model_validate(document), None, []
    sheet = io.read_scenario_sheet(path) if path.suffix.lower() == ".xlsx" else []
    return read_problem(path), None, sheet


def _history(events: Path | None, store: str | None) -> pd.DataFrame | None:
    """The county's event log from a CSV file or a tracker store (``None`` if neither)."""
    if events is None and store is None:
        return None
    if events is not None and store is not None:
        raise PlacementError("give one of --history or --store")
    if store is not None:
        from placement.pathway import Tracker
        from placement.pathway.export import event_log

        return event_log(Tracker(store))
    import pandas as pd

    from placement.io.csv_folder import csv_rows

    assert events is not None
    if not events.is_file():
        raise PlacementError(f"--history {events}: no such file; give the CSV event log")
    rows = csv_rows(events)  # bounded and decoded as every CSV the library reads
    if not rows:
        raise PlacementError(f"--history {events} is empty; give the CSV event log")
    ragged = next((k for k, row in enumerate(rows[1:], 2) if len(row) != len(rows[0])), None)
    if ragged is not None:
        raise PlacementError(
            f"--history {events}: row {ragged} has {len(rows[ragged - 1])} fields, the header "
            f"{len(rows[0])}; export the log again with placement pathway export"
        )
    return pd.DataFrame(rows[1:], columns=rows[0])


def _scenarios(
    path: Path, history: pd.DataFrame | None, flags: list[tuple[str, Any, str]]
) -> dict[str, Scenario]:
    """The base and, if any change is asked for, the what-if."""
    from placement.simulate import Scenario
    from placement.simulate.defaults import default_fields
    from placement.simulate.whatifs import what_if

    problem, scenario, sheet = _read(path)
    p = problem if problem is not None else scenario.problem  # type: ignore[union-attr]
    w = what_if(p, [*sheet, *flags])
    overrides: dict[str, Any] = {"name": "base"}
    if w.policy is not None:
        overrides["policy"] = w.policy
    if w.years is not None:
        overrides["horizon_days"] = round(w.years * 365.25, 6)
    if w.stays:  # on top of the scenario's own stays, or the defaults
        own = default_fields(p)["length_of_stay"] if scenario is None else scenario.length_of_stay
        overrides["length_of_stay"] = {**own, **w.stays}
    if history is not None:
        base = Scenario.from_history(history, p, **overrides)
    elif scenario is not None:
        base = Scenario.model_validate(
            {**scenario.model_dump(), **overrides, "problem": scenario.problem}
        )
    else:
        base = Scenario.from_problem(p, **overrides)
    out = {"base": base}
    if w.changes:
        what = base.with_changes(*w.changes)
        out["what_if"] = what.model_copy(update={"name": "what-if"})
    return out


def _files(out_dir: Path, labels: list[str]) -> list[Path]:
    files = [out_dir / f"{label}_{name}.csv" for label in labels for name in TABLES]
    files += [out_dir / f"{label}_queue.png" for label in labels]
    files += [out_dir / "summary.csv", out_dir / "summary.xlsx", out_dir / "waits.png"]
    return files + ([out_dir / "comparison.csv"] if len(labels) > 1 else [])


def _table_rows(table: pd.DataFrame) -> tuple[list[str], list[list[Any]]]:
    flat = table.reset_index()
    return [str(c) for c in flat.columns], flat.astype(object).values.tolist()


def _write(
    out_dir: Path,
    results: dict[str, SimulationResult],
    summary: pd.DataFrame,
    comparison: pd.DataFrame | None,
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from placement.io import write_sheets
    from placement.plotting import plot_sim_queue, plot_sim_waits

    for label, result in results.items():
        for name in TABLES:
            table = getattr(result, name)
            write_csv(out_dir / f"{label}_{name}.csv", list(table.columns), table.values.tolist())
        fig, ax = plt.subplots(figsize=(10, 4))
        plot_sim_queue(result, ax=ax)
        fig.savefig(out_dir / f"{label}_queue.png", dpi=120, bbox_inches="tight")
        plt.close(fig)
    sheets = {"summary": _table_rows(summary)}
    if comparison is not None:
        sheets["comparison"] = _table_rows(comparison)
    for name, (headers, rows) in sheets.items():
        write_csv(out_dir / f"{name}.csv", headers, rows)
    write_sheets(out_dir / "summary.xlsx", sheets)
    fig, ax = plt.subplots(figsize=(8, 4))
    plot_sim_waits({r.scenario_name or k: r for k, r in results.items()}, ax=ax)
    fig.savefig(out_dir / "waits.png", dpi=120, bbox_inches="tight")
    plt.close(fig)


HEADLINE = (
    ("all clients", "mean_queue"),
    ("all clients", "placements_per_year"),
    ("start queue", "median_days"),
    ("start queue", "placed_within_365_days"),
    ("arrivals", "median_days"),
    ("arrivals", "placed_within_90_days"),
)


def _number(value: float, sign: str = "") -> str:
    return f"{value:{sign},.3g}" if value == value else "unbounded"


def _headline(summary: pd.DataFrame, comparison: pd.DataFrame | None, names: dict[str, str]) -> str:
    """The figures a board asks for first, in words (the files hold them all)."""
    lines = []
    estimate: dict[Any, float] = summary["estimate"].to_dict()
    for cohort, statistic in HEADLINE:
        values = ", ".join(
            f"{names[label]} {_number(estimate[(label, cohort, statistic)])}" for label in names
        )
        line = f"{cohort}, {statistic}: {values}"
        if comparison is not None:
            c: dict[Any, Any] = comparison.xs((cohort, statistic)).to_dict()
            sure = "clear" if c["clear"] else "not clear"
            line += (
                f"; difference {_number(c['difference'], '+')} (95 % interval "
                f"{_number(c['ci_low'], '+')} to {_number(c['ci_high'], '+')}, {sure})"
            )
        lines.append(line)
    return "\n".join(lines)


@guarded
def simulate_command(
    problem_file: Annotated[
        Path | None,
        typer.Argument(help="County workbook (.xlsx), problem or scenario (.json); or --demo."),
    ] = None,
    history: Annotated[
        Path | None, typer.Option(help="Event log (CSV, as pathway export writes) to fit to.")
    ] = None,
    store: Annotated[
        str | None, typer.Option(help="Tracker store (SQLite path or URL) to fit to.")
    ] = None,
    add_places: Annotated[
        list[str] | None,
        typer.Option(help="What-if: WHERE:CLASS:N more places (unit or municipality); repeat."),
    ] = None,
    close_unit: Annotated[
        list[str] | None, typer.Option(help="What-if: the unit admits no one; repeat.")
    ] = None,
    arrival_rate: Annotated[
        list[str] | None,
        typer.Option(help="What-if: applications times X, or MUNICIPALITY:X; repeat."),
    ] = None,
    policy: Annotated[str | None, typer.Option(help="Policy of both runs.")] = None,
    years: Annotated[float | None, typer.Option(help="Simulated years of both runs.")] = None,
    length_of_stay: Annotated[
        list[str] | None,
        typer.Option(
            help="Mean stay, DAYS or CLASS:DAYS, of both runs (a history without "
            "move-outs needs it); repeat."
        ),
    ] = None,
    replications: Annotated[int, typer.Option(help="Independent replications.")] = 100,
    workers: Annotated[int, typer.Option(help="Worker processes (1: run here).")] = 1,
    seed: Annotated[int, typer.Option(help="Root seed (both runs: common random numbers).")] = 0,
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
    """Simulate the county's base and what-if: summary, paired comparison, tables and charts."""
    from concurrent.futures import ProcessPoolExecutor

    from placement.simulate import run
    from placement.simulate.summary import report

    flags: list[tuple[str, Any, str]] = []
    flags += [("add_places", v, "--add-places") for v in add_places or []]
    flags += [("close_unit", v, "--close-unit") for v in close_unit or []]
    flags += [("arrival_rate", v, "--arrival-rate") for v in arrival_rate or []]
    flags += [("policy", policy, "--policy")] if policy is not None else []
    flags += [("years", years, "--years")] if years is not None else []
    flags += [("length_of_stay", v, "--length-of-stay") for v in length_of_stay or []]
    if demo == (problem_file is not None):
        raise PlacementError("give exactly one of PROBLEM_FILE or --demo")
    if demo and (flags or history or store):
        raise PlacementError("--demo takes no what-ifs or history")
    if replications < 1 or workers < 1 or seed < 0:
        raise PlacementError("--replications and --workers must be 1 or more, --seed 0 or more")
    if out_dir.exists() and not out_dir.is_dir():
        raise PlacementError(f"-o {out_dir} is a file; give a directory")
    if problem_file is None:
        scenarios = _demo()
    else:
        scenarios = _scenarios(problem_file, _history(history, store), flags)
    check_writable(_files(out_dir, list(scenarios)), force=force)  # before any work
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
    summary, comparison = report(results["base"], results.get("what_if"))
    _write(out_dir, results, summary, comparison)
    names = " against ".join(s.name or k for k, s in reversed(scenarios.items()))
    typer.echo(f"{names}, {replications} replications:")
    typer.echo(_headline(summary, comparison, {k: s.name or k for k, s in scenarios.items()}))
    typer.echo(f"wrote {len(_files(out_dir, list(results)))} files to {out_dir}")
