"""The ``placement`` command line: ``demo``, ``solve``, ``compare``, ``check``, ``explain``,
``diagnose``, ``reproduce``, ``waits``, ``simulate``, ``template``, ``schema``, ``pathway`` and
``schedule``.

Every failure of the core commands is one ``error:`` line on stderr (invalid input adds its issue
list below it) and exit code 2, never a traceback: bad input files, unwritable outputs and bad
options alike. Output paths are all checked before any work or any writing, so a failure never
leaves half the outputs behind. ``PLACEMENT_DEBUG=1`` shows the traceback of an unexpected error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, cast

import typer

from placement import datasets
from placement.audit import result_hash
from placement.cli import pathway_writes  # noqa: F401  (registers the tracker's writes)
from placement.cli.audit import check_command, hash_command, reproduce_command
from placement.cli.common import (
    ENGINES,
    LANGUAGE_CHOICES,
    POLICIES,
    POLICY_CHOICES,
    Force,
    Policy,
    ProblemFile,
    check_out_dir,
    check_outputs,
    fail,
    guarded,
    is_stdio,
    json_errors,
    read_problem,
    readable_help,
    say,
    terminal,
    write_text,
)
from placement.cli.compare import compare_command
from placement.cli.explain import diagnose_command, explain_command
from placement.cli.kipina import schedule_command
from placement.cli.pathway import app as pathway_app
from placement.cli.rounds import round_command
from placement.cli.serve import serve_command
from placement.cli.simulate import simulate_command
from placement.csv_cells import csv_text
from placement.errors import Issue, PlacementError, ProblemError
from placement.explanations import explain
from placement.explanations.language import Language
from placement.names import EngineName, PolicyName
from placement.report import report_chart, report_text
from placement.solve import solve as solve_problem

app = typer.Typer(help="Match disability-services clients to housing places.", no_args_is_help=True)
readable_help()


@guarded
def demo(
    out_dir: Annotated[Path, typer.Option(help="Where to write result.json and chart.png.")] = Path(
        "."
    ),
    policy: Policy = "optimal",
    wait_replications: Annotated[
        int,
        typer.Option(
            help="Replications for each waiting client's estimated move-in (0: none). A quick "
            "demo; `placement waits` with 200 is the estimate to give a client."
        ),
    ] = 40,
    force: Force = False,
) -> None:
    """Solve the bundled Western Uusimaa instance and report the outcome, with an estimated
    move-in for every waiting client."""
    check_out_dir(out_dir)
    if out_dir.is_dir():  # else it is made below, empty
        check_outputs(
            (out_dir / "result.json", "--out-dir"), (out_dir / "chart.png", "--chart"), force=force
        )
    problem = datasets.load("luvn")
    result = solve_problem(problem, policy=cast(PolicyName, policy))  # solve checks it
    out_dir.mkdir(parents=True, exist_ok=True)
    write_text(out_dir / "result.json", result.model_dump_json(indent=2))
    report_chart(problem, result, out_dir / "chart.png")
    waits = None
    if wait_replications > 0:
        from placement.simulate.waits import describe, estimate_waits

        table = estimate_waits(
            problem, policy=policy, replications=wait_replications, seed=0, progress=terminal()
        )
        horizon = float(table.attrs["horizon_days"])
        waits = {str(row["client_id"]): describe(row, horizon) for _, row in table.iterrows()}
    typer.echo(report_text(problem, result, waits))
    typer.echo(f"\nwrote {out_dir / 'result.json'} and {out_dir / 'chart.png'}")


@guarded
def solve(
    problem_file: ProblemFile,
    policy: Policy = "optimal",
    engine: Annotated[
        str, typer.Option(metavar=ENGINES, help="Engine: auto, flow, cpsat or highs.")
    ] = "auto",
    time_limit: Annotated[float | None, typer.Option(help="Seconds.")] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    deterministic: Annotated[
        bool,
        typer.Option(
            "--deterministic",
            help="CP-SAT on one worker with a deterministic time limit (--time-limit then "
            "counts CP-SAT's deterministic units): the same file on every run when the "
            "search ends before its limit.",
        ),
    ] = False,
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="Result JSON (- for standard output, the summary then going to standard "
            "error), or a workbook if it ends .xlsx.",
        ),
    ] = Path("result.json"),
    canonical_problem: Annotated[
        Path | None,
        typer.Option(help="Also write the problem's canonical JSON (its SHA-256 is the hash)."),
    ] = None,
    language: Annotated[
        str,
        typer.Option(metavar=LANGUAGE_CHOICES, help="Language of a result workbook: fi, sv or en."),
    ] = "en",
    force: Force = False,
) -> None:
    """Solve PROBLEM_FILE and write the result as JSON, with the audit record that `placement
    reproduce` reads; or, to a .xlsx, a workbook the team can share in LANGUAGE."""
    issues = []
    if seed < 0:
        issues.append(Issue("--seed", f"is {seed}; use 0 or above", "e.g. --seed 1"))
    if language not in ("fi", "sv", "en"):
        issues.append(Issue("--language", f"unknown language '{language}'", "use fi, sv or en"))
    if issues:
        raise ProblemError(issues, "options")
    check_outputs(
        (output, "-o", (".json", ".xlsx")),
        *([] if canonical_problem is None else [(canonical_problem, "--canonical-problem")]),
        force=force,
    )
    problem = read_problem(problem_file)
    if canonical_problem is not None:
        from placement.audit import canonical_json

        write_text(canonical_problem, canonical_json(problem))
    result = solve_problem(
        problem,
        policy=cast(PolicyName, policy),  # solve checks both names
        engine=cast(EngineName, engine),
        time_limit=time_limit,
        seed=seed,
        deterministic=deterministic,
        progress=terminal(),
    )
    if output.suffix.lower() == ".xlsx":  # assignments, waiting clients with reasons, metrics
        from placement import io

        shown: Language = language  # type: ignore[assignment]
        reasons = [explain(problem, result, cid, shown, resolve=False) for cid in result.unplaced]
        io.write_excel(
            output, problem, result, explanations=reasons, language=language, problem_sheets=False
        )
    else:
        write_text(output, result.model_dump_json(indent=2))
    piped = is_stdio(output)
    say(result.summary(), quiet_stdout=piped)
    say(f"result sha256 {result_hash(result)}", quiet_stdout=piped)
    if not piped:
        typer.echo(f"wrote {output}")


@guarded
def template(
    path: Annotated[Path, typer.Argument(help="The .xlsx workbook to write.")],
    language: Annotated[
        str, typer.Option(metavar=LANGUAGE_CHOICES, help="Headers in fi, sv or en.")
    ] = "en",
    force: Force = False,
) -> None:
    """Write an empty county workbook: headers, a README sheet, drop-down lists. An existing
    file (a filled workbook) is never replaced without --force."""
    from placement import io

    check_outputs((path, "PATH", (".xlsx",)), force=force)
    io.write_template(path, language=language)
    typer.echo(f"wrote {path}")


@guarded
def waits(
    problem_file: ProblemFile,
    policy: Annotated[
        str, typer.Option(metavar=POLICIES, help=f"The allocation policy in use: {POLICY_CHOICES}.")
    ] = "optimal",
    replications: Annotated[int, typer.Option(help="Independent replications.")] = 200,
    seed: Annotated[int, typer.Option(help="Root seed.")] = 0,
    workers: Annotated[int, typer.Option(help="Worker processes (1: run here).")] = 1,
    scenario_file: Annotated[
        Path | None, typer.Option("--scenario", help="Scenario JSON (default: documented rates).")
    ] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="CSV to write.")] = Path(
        "waits.csv"
    ),
    force: Force = False,
) -> None:
    """Estimate when every waiting client will likely move in; write the estimates as CSV."""
    from concurrent.futures import ProcessPoolExecutor

    from placement.simulate import Scenario
    from placement.simulate.waits import describe, estimate_waits

    check_outputs((output, "-o", (".csv",)), force=force)
    if workers < 1:
        raise PlacementError("--workers must be 1 or more")
    problem = read_problem(problem_file)
    scenario = None
    if scenario_file is not None:
        scenario = Scenario.model_validate_json(scenario_file.read_text(encoding="utf-8"))
    pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None
    try:
        df = estimate_waits(
            problem, policy, scenario, replications, seed, executor=pool, progress=terminal()
        )
    finally:
        if pool is not None:
            pool.shutdown()
    write_text(output, csv_text(list(df.columns), df.itertuples(index=False, name=None)))
    piped = is_stdio(output)
    for row in df.to_dict("records"):
        say(f"{row['client_id']}: {describe(row, df.attrs['horizon_days'])}", quiet_stdout=piped)
    say(
        f"wrote {output}: {len(df)} clients, {replications} replications, policy {policy}",
        quiet_stdout=piped,
    )


@guarded
def schema(
    what: Annotated[
        str,
        typer.Argument(
            help="problem, result, explanation, scenario, week, schedule or stage_graph."
        ),
    ] = "problem",
    every: Annotated[bool, typer.Option("--all", help="Every document's schema.")] = False,
    out: Annotated[
        Path | None, typer.Option(help="With --all: the folder to write the schemas to.")
    ] = None,
) -> None:
    """Print the versioned JSON Schema of a document, or write every schema with --all."""
    from placement.documents import schema_of, write_schemas
    from placement.schemas import SCHEMA_VERSIONS

    if every:
        if out is None:
            raise ProblemError([Issue("--out", "--all needs a folder", "add --out DIR")], "options")
        check_out_dir(out)
        for path in write_schemas(out):
            typer.echo(f"wrote {path}")
        return
    if what not in SCHEMA_VERSIONS:
        kinds = ", ".join(SCHEMA_VERSIONS)
        raise ProblemError([Issue("WHAT", f"is '{what}'", f"use one of {kinds}")], "options")
    typer.echo(json.dumps(schema_of(what), indent=2))


_PLACE, _PLAN, _ADAPTERS, _MORE = "Placement", "Planning", "Adapters", "Reference and demo"
for _name, _command, _panel in (  # the order of a day's work, which --help keeps
    ("template", template, _PLACE),
    ("solve", solve, _PLACE),
    ("check", check_command, _PLACE),
    ("explain", explain_command, _PLACE),
    ("diagnose", diagnose_command, _PLACE),
    ("reproduce", reproduce_command, _PLACE),
    ("hash", hash_command, _PLACE),
    ("waits", waits, _PLAN),
    ("simulate", simulate_command, _PLAN),
    ("compare", compare_command, _PLAN),
    ("schedule", schedule_command, _ADAPTERS),
    ("round", round_command, _ADAPTERS),
    ("serve", serve_command, _ADAPTERS),
    ("demo", demo, _MORE),
    ("schema", schema, _MORE),
):
    app.command(_name, rich_help_panel=_panel)(_command)
app.add_typer(pathway_app, name="pathway", rich_help_panel=_ADAPTERS)


def _version(show: bool) -> None:
    if show:
        from placement.schemas import SCHEMA_VERSIONS
        from placement.version import __version__

        versions = ", ".join(f"{kind} {v}" for kind, v in SCHEMA_VERSIONS.items())
        typer.echo(f"placement {__version__} (schemas: {versions})")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    json_output: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Errors as a JSON list of issues (path, message, hint) on standard error; "
            "give it before the command: placement --json solve ...",
        ),
    ] = False,
) -> None:
    """Match disability-services clients to housing places.

    Exit codes: 0 done; 1 the answer is "no" (rules broken, a conflict found, a result not
    reproduced, nobody scheduled); 2 bad input data or options; 64 a usage error (an unknown
    command or option, a missing argument). A file argument ``-`` is standard input or output.
    """
    json_errors(json_output)


EXIT_USAGE = 64
"""Exit code of a usage error (BSD ``EX_USAGE``): an unknown command or option."""


def main() -> None:
    """The ``placement`` command: :data:`app`, with usage errors exiting 64, not 2."""
    try:
        code = app(standalone_mode=False)
    except typer.Abort:  # Ctrl-C: 130, as a shell reports an interrupted command
        typer.echo("aborted", err=True)
        sys.exit(130)
    except Exception as exc:
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if not callable(show) or not isinstance(code, int):
            raise
        if json_errors("--json" in sys.argv[1:] or None):  # before the callback, if need be
            formatted = getattr(exc, "format_message", None)
            message = formatted() if callable(formatted) else str(exc)
            fail(ProblemError([Issue("", message, "see placement --help")], what="usage"))
        else:
            show()  # the command-line framework's own error: a usage error exits 2 there
        sys.exit(EXIT_USAGE if code == 2 else code)
    sys.exit(code if isinstance(code, int) else 0)
