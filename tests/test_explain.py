"""Per-client explanations."""

from __future__ import annotations

import pytest

import placement as pl
from tests.test_solve import _client, _problem, _unit


def test_placed_client_is_told_where_and_when() -> None:
    """The reason names unit, rank, class and move-in date."""
    problem = _problem([_client("c1", preferences=["u"])], [_unit("u", 60.2)])
    reason = pl.explain(problem, pl.solve(problem), "c1").reason
    assert reason == "c1: placed at u (Espoo), rank 1 of 1, class communal, moving in 2026-01-05"


def test_waiting_client_is_told_the_places_are_full() -> None:
    """Two clients, one place: the other learns it went to someone else."""
    problem = _problem(
        [_client("c1", urgency=2), _client("c2", preferences=["u"])], [_unit("u", 60.2)]
    )
    explanation = pl.explain(problem, pl.solve(problem), "c2")
    assert "all 1 suitable unit(s) are full" in explanation.reason
    assert [a.unit_id for a in explanation.alternatives] == ["u"]


def test_waiting_client_is_told_the_rule_that_excludes_every_unit() -> None:
    """No unit has the feature the client's needs require: the reason says so, not which."""
    problem = _problem([_client("c1", needs={"health": 3})], [_unit("u", 60.2)])
    explanation = pl.explain(problem, pl.solve(problem), "c1")
    assert "every feature the client's needs require" in explanation.reason
    assert "nursing" not in explanation.reason
    assert "health" not in explanation.reason
    assert explanation.filter_counts["features"] == 0


def test_better_ranked_unit_with_room_is_not_called_full() -> None:
    """A first choice that had room but scored lower is described as such."""
    problem = _problem(
        [_client("c1", preferences=["far", "near"])],
        [_unit("far", 60.9), _unit("near", 60.2)],
    ).model_copy(update={"weights": pl.Weights(per_km=5)})
    result = pl.solve(problem)
    assert result.assignments[0].unit_id == "near"
    reason = pl.explain(problem, result, "c1").reason
    assert "had room but scored lower" in reason
    assert "full" not in reason


def test_unknown_client_is_a_clear_error() -> None:
    """Asking about a client not in the problem raises ProblemError."""
    problem = _problem([_client("c1")], [_unit("u", 60.2)])
    with pytest.raises(pl.ProblemError, match="unknown client 'c9'"):
        pl.explain(problem, pl.solve(problem), "c9")
