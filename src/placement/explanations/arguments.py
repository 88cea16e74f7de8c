"""The arguments of :func:`~placement.explanations.explain`, checked before anything is said.

An unknown client or language, a result of another problem (the audit's hash), and a result
that breaks a hard rule under the independent checker are refused in one error: an explanation
of a tampered or broken result would tell a client something untrue.
"""

from __future__ import annotations

from placement.check import Violation, check
from placement.errors import Issue, ProblemError
from placement.explanations.language import LANGUAGES
from placement.explanations.memo import memo
from placement.model import Problem
from placement.model.input import as_model
from placement.result import Result

__all__ = ["checked"]


def checked(
    problem: Problem, result: Result, client_id: str, language: str, issues: list[Issue]
) -> tuple[Problem, Result]:
    """The problem and result as models, or one error listing ``issues`` and every other one:
    an unknown client or language, a result of another problem."""
    problem, result = as_model(problem, Problem, "problem"), as_model(result, Result, "result")
    if client_id not in problem.client_by_id:
        issues.append(Issue("client_id", f"unknown client '{client_id}'", "name a client"))
    if language not in LANGUAGES:
        issues.append(Issue("language", f"unknown language '{language}'", "use fi, sv or en"))
    if result.audit is not None:
        from placement.audit import mismatch

        wrong = mismatch(problem, result.audit)
        if wrong is not None:
            issues.append(wrong)
    if not issues:
        broken = _broken(problem, result)
        if broken is not None:
            issues.append(
                Issue(
                    "result",
                    f"fails the independent check ({broken.rule}: {broken.message})",
                    "explain only a result that passes placement check: solve again",
                )
            )
    if issues:
        raise ProblemError(issues, what="explain argument")
    return problem, result


def _broken(problem: Problem, result: Result) -> Violation | None:
    """The first rule ``result`` breaks under :func:`placement.check`, or ``None`` (checked once
    per result, however many of its clients are explained)."""

    def first() -> Violation | None:
        violations = check(problem, result)
        return violations[0] if violations else None

    return memo("check", (problem, result), first)
