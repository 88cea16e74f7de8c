"""Empty problems are valid: every policy, compare, metrics and check give an empty result."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import placement as pl
from placement.policies import POLICIES

TINY = json.loads((Path(__file__).parent / "data" / "tiny.json").read_text())


def _no_units(data: dict[str, Any]) -> dict[str, Any]:
    """Tiny's clients with every unit gone (so no preference or exclusion names one)."""
    clients = [
        {**c, "preferences": [], "excluded_units": [], "only_ranked": False}
        for c in data["clients"]
    ]
    residents = {r["id"] for u in data["units"] for r in u.get("incumbents", ())}
    for c in clients:
        c["incompatible_with"] = [o for o in c.get("incompatible_with", ()) if o not in residents]
    return {**data, "units": [], "clients": clients}


SHAPES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "nothing": lambda d: {**d, "units": [], "clients": []},
    "clients_no_units": _no_units,
    "units_no_clients": lambda d: {**d, "clients": []},
}


@pytest.fixture(params=sorted(SHAPES))
def empty(request: pytest.FixtureRequest) -> pl.Problem:
    """An empty-ish problem of each shape."""
    return pl.Problem.model_validate(SHAPES[request.param](json.loads(json.dumps(TINY))))


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_every_policy_places_nobody_and_check_accepts(empty: pl.Problem, policy: str) -> None:
    """Nobody can be placed; every client waits; the result is valid and final."""
    result = pl.solve(empty, policy=policy, seed=3)
    assert result.assignments == ()
    assert result.unplaced == tuple(sorted(c.id for c in empty.clients))
    assert result.status in {pl.Status.OPTIMAL, pl.Status.FEASIBLE}
    assert pl.check(empty, result) == []
    overall = pl.metrics(empty, result)["overall"]
    assert overall["placed"] == 0


def test_compare_tabulates_every_policy(empty: pl.Problem) -> None:
    """compare runs all default policies on an empty problem: one row each, nobody placed."""
    table = pl.compare(empty, seeds=[0, 1])
    assert len(table) == 2 * len(POLICIES)
    assert set(table["policy"]) == set(POLICIES)
    assert (table["placed"] == 0).all()


def test_explain_of_a_client_with_no_unit() -> None:
    """With no units, a waiting client's explanation is given, not a crash."""
    problem = pl.Problem.model_validate(_no_units(json.loads(json.dumps(TINY))))
    result = pl.solve(problem)
    explanation = pl.explain(problem, result, problem.clients[0].id)
    assert explanation.assignment is None
    assert str(explanation)
