"""A wrong object passed to the API is one ProblemError naming the argument, never its content."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import placement as pl

PROBLEM = pl.datasets.load("luvn")
RESULT = pl.solve(PROBLEM, policy="fifo")
CLIENT = PROBLEM.clients[0].id

CALLS: dict[str, Callable[[], object]] = {
    "check_problem_as_result": lambda: pl.check(PROBLEM, PROBLEM),  # type: ignore[arg-type]
    "check_swapped": lambda: pl.check(RESULT, PROBLEM),  # type: ignore[arg-type]
    "metrics_problem_as_result": lambda: pl.metrics(PROBLEM, PROBLEM),  # type: ignore[arg-type]
    "explain_problem_as_result": lambda: pl.explain(PROBLEM, PROBLEM, CLIENT),  # type: ignore[arg-type]
    "check_dumped_problem_as_result": lambda: pl.check(PROBLEM, PROBLEM.model_dump()),  # type: ignore[arg-type]
    "result_from_problem": lambda: pl.Result.model_validate(PROBLEM),
    "result_from_problem_dict": lambda: pl.Result.model_validate(PROBLEM.model_dump()),
    "result_from_problem_json": lambda: pl.Result.model_validate_json(PROBLEM.model_dump_json()),
    "problem_from_list": lambda: pl.Problem.model_validate([PROBLEM.model_dump()]),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_wrong_object_is_refused_without_echoing_it(name: str) -> None:
    """ProblemError, no pydantic input_value, no needs domain or score, at most 50 issues shown."""
    with pytest.raises(pl.ProblemError) as caught:
        CALLS[name]()
    text = str(caught.value)
    assert "input_value" not in text
    assert "night_care" not in text
    assert "daily_living" not in text
    assert len(text) < 5_000
    assert caught.value.issues


def test_wrong_argument_is_named() -> None:
    """The issue names the argument and both types."""
    with pytest.raises(pl.ProblemError) as caught:
        pl.check(PROBLEM, PROBLEM)  # type: ignore[arg-type]
    (issue,) = caught.value.issues
    assert issue.path == "result"
    assert issue.message == "expected a Result, got a Problem"


def test_a_mapping_is_still_accepted() -> None:
    """A result as a plain mapping (read from JSON elsewhere) is validated and checked."""
    assert pl.check(PROBLEM, RESULT.model_dump(mode="json")) == []  # type: ignore[arg-type]
    assert pl.metrics(PROBLEM, RESULT.model_dump())["overall"]["placed"] == len(RESULT.assignments)  # type: ignore[arg-type]


@pytest.mark.parametrize("seeds", [[-1], [0, True], [1.5], ["0"]])
def test_compare_refuses_seeds_that_are_not_whole_numbers(seeds: list[object]) -> None:
    """A negative, boolean, fractional or text seed is an issue at its position, before solving."""
    with pytest.raises(pl.ProblemError) as caught:
        pl.compare(PROBLEM, policies=["fifo"], seeds=seeds)  # type: ignore[arg-type]
    (issue,) = caught.value.issues
    assert issue.path == f"seeds[#{len(seeds) - 1}]"
    assert "whole number 0 or above" in issue.message
