"""``placement check``, ``placement reproduce`` and ``placement hash``: a result against its
problem's rules, a result computed again from its audit record, and a problem's identity."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from placement.audit import canonical_json, mismatch, problem_hash
from placement.check import check as check_result
from placement.cli.common import (
    Force,
    ProblemFile,
    check_outputs,
    fail,
    guarded,
    is_stdio,
    read_problem,
    say,
    write_text,
)
from placement.reproduction import differences, reproduce
from placement.result import Result

__all__ = ["check_command", "hash_command", "reproduce_command"]


@guarded
def check_command(
    problem_file: ProblemFile,
    result_file: Annotated[Path, typer.Argument(help="Result JSON.")],
) -> None:
    """Check RESULT_FILE against every hard rule of PROBLEM_FILE; exit 1 if any is broken.

    A result whose audit record names another problem (its hash differs) is refused in one
    line, exit 2, rather than reported as every assignment broken."""
    problem = read_problem(problem_file)
    result = Result.from_json_file(result_file)
    wrong = None if result.audit is None else mismatch(problem, result.audit)
    if wrong is not None:  # one line, not an issue list
        raise fail(f"{result_file} belongs to another problem: {wrong.message}; {wrong.hint}")
    violations = check_result(problem, result)
    for v in violations:
        typer.echo(str(v))
    typer.echo(f"{len(violations)} violation(s)")
    if violations:
        raise typer.Exit(code=1)


@guarded
def reproduce_command(
    problem_file: ProblemFile,
    result_file: Annotated[Path, typer.Argument(help="Result JSON with its audit record.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Where to write the new result JSON.")
    ] = None,
    force: Force = False,
) -> None:
    """Solve PROBLEM_FILE again as RESULT_FILE's audit record says; exit 0 if the new result's
    JSON is byte-identical to RESULT_FILE, 1 if it differs, 2 if the problem's hash differs or
    the result has no audit record."""
    if output is not None:
        check_outputs((output, "-o", (".json",)), force=force)
    problem = read_problem(problem_file)
    result = Result.from_json_file(result_file)
    given = result_file.read_bytes()
    again = reproduce(problem, result)
    text = again.model_dump_json(indent=2)
    if output is not None:
        write_text(output, text)
        say(f"wrote {output}", quiet_stdout=is_stdio(output))
    if given in (text.encode("utf-8"), again.model_dump_json().encode("utf-8")):
        typer.echo(f"reproduced: the new result's JSON is byte-identical to {result_file}")
        return
    changed = differences(result, again)
    what = ", ".join(changed) if changed else "only the formatting (the content is the same)"
    typer.echo(f"not reproduced: the new result differs from {result_file} in {what}")
    raise typer.Exit(code=1)


@guarded
def hash_command(
    problem_file: ProblemFile,
    canonical: Annotated[
        Path | None,
        typer.Option(
            "--canonical",
            help="Also write the problem's canonical JSON here: its SHA-256 is the hash.",
        ),
    ] = None,
    force: Force = False,
) -> None:
    """Print PROBLEM_FILE's hash: the SHA-256 of its canonical JSON, as a result's audit
    record names it (`problem_sha256`)."""
    if canonical is not None:
        check_outputs((canonical, "--canonical"), force=force)
    problem = read_problem(problem_file)
    if canonical is not None:
        write_text(canonical, canonical_json(problem))
    typer.echo(problem_hash(problem))
