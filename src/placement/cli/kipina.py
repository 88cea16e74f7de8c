"""``placement schedule``: plan a week at the Kipinä centre.

Every failure is one ``error:`` line on stderr and exit code 2. Every output (the schedule JSON,
each calendar file, the chart) is checked writable before the search starts, so a bad path never
leaves half the files written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from placement.cli.common import Force, cannot_write, fail
from placement.errors import PlacementError
from placement.files import write_private

if TYPE_CHECKING:  # the scheduler loads when the command runs: ``placement --help`` stays quick
    from placement.kipina.model import Week
    from placement.kipina.result import Schedule


def schedule_command(
    week_file: Annotated[Path | None, typer.Argument(help="Week JSON (omit with --demo).")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Schedule JSON.")] = Path(
        "schedule.json"
    ),
    ics_dir: Annotated[
        Path | None, typer.Option(help="Directory for one .ics per staff member and room.")
    ] = None,
    chart: Annotated[Path | None, typer.Option(help="PNG timetable chart.")] = None,
    demo: Annotated[bool, typer.Option(help="Plan the bundled Mikkeli week.")] = False,
    time_limit: Annotated[
        float, typer.Option(help="Seconds for the whole plan: model, search and routing.")
    ] = 60.0,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    deterministic: Annotated[bool, typer.Option(help="Reproducible single-worker search.")] = False,
    force: Force = False,
) -> None:
    """Plan WEEK_FILE (or the bundled Mikkeli week): sessions, staff, rooms and transport."""
    from placement.files import check_writable
    from placement.kipina.datasets import load_week
    from placement.kipina.export import ics_names
    from placement.kipina.model import Week
    from placement.kipina.solve import schedule

    try:
        if demo == (week_file is not None):
            raise PlacementError("give exactly one of WEEK_FILE or --demo")
        week = load_week() if week_file is None else Week.from_file(week_file)
        targets = [output, *([] if chart is None else [chart])]
        if ics_dir is not None:
            targets += [ics_dir / name for name in ics_names(week)]
        check_writable(targets, force=force)  # every output, before the search or any writing
        if output.suffix.lower() != ".json":
            raise PlacementError(f"-o {output}: the schedule is JSON; name the file .json")
        plan = schedule(
            week,
            time_limit=time_limit,
            seed=seed,
            deterministic=deterministic,
            progress=sys.stderr.isatty(),  # a bar on a terminal, never in a pipe or a log file
        )
    except PlacementError as exc:
        raise fail(exc) from None
    try:
        _write(week, plan, output, ics_dir, chart)
    except OSError as exc:
        raise fail(cannot_write(exc)) from None


def _write(
    week: Week, plan: Schedule, output: Path, ics_dir: Path | None, chart: Path | None
) -> None:
    from placement.kipina.check import check
    from placement.kipina.export import write_ics
    from placement.kipina.metrics import metrics

    write_private(output, plan.model_dump_json(indent=1))
    typer.echo(plan.summary())
    if not plan.sessions:
        raise typer.Exit(code=1)
    m = metrics(week, plan)
    broken = check(week, plan)
    typer.echo(
        f"entitlement coverage {m['coverage_share']:.1%}; continuity "
        f"{(m['continuity_share'] or 0):.1%}; staff utilisation spread "
        f"{m['utilisation_spread']:.1%}; mean ride {m['mean_ride_minutes'] or 0:.0f} min; "
        f"{len(broken)} rule(s) broken"
    )
    typer.echo(m["by_service"].round(2).to_string())
    written = [output]
    if ics_dir is not None:
        written += write_ics(week, plan, ics_dir)
    if chart is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from placement.kipina.plots import plot_timetable

        fig, ax = plt.subplots(figsize=(16, 0.35 * len(week.staff) + 1.5))
        plot_timetable(week, plan, ax=ax)
        fig.savefig(chart, dpi=110, bbox_inches="tight")
        plt.close(fig)
        written.append(chart)
    typer.echo(
        f"wrote {written[0]}" + (f" and {len(written) - 1} more files" if written[1:] else "")
    )
