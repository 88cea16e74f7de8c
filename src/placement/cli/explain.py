"""``placement explain`` and ``placement diagnose``: reasons for a client, or for every client.

``placement explain PROBLEM.json RESULT.json CLIENT_ID --language fi`` prints one client's
explanation (``--json`` writes it as JSON); ``--all -o explanations.csv`` explains every client,
one row each. ``placement diagnose PROBLEM.json --language sv`` names the smallest set of
overrides and side rules that cannot all hold. Failures are one ``error:`` line, exit code 2.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from placement.cli.common import (
    LANGUAGE_CHOICES,
    Force,
    ProblemFile,
    check_outputs,
    guarded,
    is_stdio,
    read_problem,
    say,
    write_text,
)
from placement.csv_cells import csv_text
from placement.errors import Issue, ProblemError
from placement.explanations.language import LANGUAGES, Language

__all__ = ["diagnose_command", "explain_command"]

_COLUMNS = ("client_id", "outcome", "unit_id", "service_class", "move_in", "explanation")


def _language(language: str, issues: list[Issue]) -> Language:
    """``language`` if it is one of :data:`LANGUAGES`; else an issue, and English meanwhile."""
    for known in LANGUAGES:
        if known == language:
            return known
    issues.append(Issue("--language", f"is '{language}'", f"use one of {', '.join(LANGUAGES)}"))
    return "en"


@guarded
def explain_command(
    problem_file: ProblemFile,
    result_file: Annotated[Path, typer.Argument(help="Result JSON of that problem.")],
    client_id: Annotated[
        str | None, typer.Argument(help="The client to explain (leave out with --all).")
    ] = None,
    language: Annotated[str, typer.Option(metavar=LANGUAGE_CHOICES, help="fi, sv or en.")] = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
    every: Annotated[bool, typer.Option("--all", help="Explain every client.")] = False,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="With --all: the CSV to write.")
    ] = None,
    workers: Annotated[int, typer.Option(help="With --all: processes to use (0: every core).")] = 0,
    force: Force = False,
) -> None:
    """Explain why a client got their outcome, in Finnish, Swedish or English."""
    from placement.audit import mismatch
    from placement.explanations import explain, explain_all
    from placement.result import Result

    issues: list[Issue] = []
    lang = _language(language, issues)
    if every == (client_id is not None):
        issues.append(Issue("CLIENT_ID", "give one client, or --all", "e.g. c00001, or --all"))
    if every and output is None:
        issues.append(Issue("--output", "--all needs a CSV to write", "add -o explanations.csv"))
    if issues:
        raise ProblemError(issues, "options")
    if output is not None:
        check_outputs((output, "-o", (".csv",)), force=force)
    problem = read_problem(problem_file)
    result = Result.from_json_file(result_file)
    wrong = None if result.audit is None else mismatch(problem, result.audit)
    if wrong is not None:  # before any worker starts (explain checks it too, per client)
        raise ProblemError([wrong], "result")
    if client_id is not None:
        explanation = explain(problem, result, client_id, lang)
        typer.echo(explanation.model_dump_json(indent=2) if as_json else str(explanation))
        return
    assert output is not None
    rows = [
        (
            e.client_id,
            e.outcome,
            a.unit_id if a else None,
            a.service_class if a else None,
            a.move_in if a else None,
            str(e),
        )
        for e in explain_all(problem, result, lang, workers=workers or os.cpu_count() or 1)
        for a in [e.assignment]
    ]
    write_text(output, csv_text(_COLUMNS, rows))
    say(f"wrote {len(problem.clients)} explanations to {output}", quiet_stdout=is_stdio(output))


@guarded
def diagnose_command(
    problem_file: ProblemFile,
    language: Annotated[str, typer.Option(metavar=LANGUAGE_CHOICES, help="fi, sv or en.")] = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print the diagnosis as JSON.")] = False,
) -> None:
    """Name the smallest set of overrides and side rules of PROBLEM_FILE that cannot all hold;
    exit 1 if there is one."""
    from placement.explanations.diagnosis import diagnose

    issues: list[Issue] = []
    lang = _language(language, issues)
    if issues:
        raise ProblemError(issues, "options")
    found = diagnose(read_problem(problem_file), lang)
    typer.echo(found.model_dump_json(indent=2) if as_json else str(found))
    if not found.feasible:
        raise typer.Exit(code=1)
