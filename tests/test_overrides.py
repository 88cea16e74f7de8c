"""Overrides: every policy keeps the placement team's decisions, and impossible ones are refused
honestly (status, not a quiet violation)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import placement as pl
from placement.candidates import first_failing
from placement.policies import POLICIES
from tests.strategies import problems


def _suitable(problem: pl.Problem, client_id: str) -> list[str]:
    """Units the client may live in by every hard rule."""
    rules = first_failing(problem, client_id)
    return [u.id for u, rule in zip(problem.units, rules, strict=True) if rule is None]


def _with(problem: pl.Problem, **overrides: object) -> pl.Problem:
    return problem.model_copy(update={"overrides": overrides})


@pytest.fixture(scope="module")
def luvn() -> pl.Problem:
    return pl.datasets.load("luvn")


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_every_policy_keeps_pins_forbidden_and_must_place(luvn: pl.Problem, policy: str) -> None:
    """Pins to a waiting client's feasible unit, a forbidden current placement and a required
    waiting client: every policy keeps all three, and the checker agrees."""
    base = pl.solve(luvn, policy=policy)
    moved = base.assignments[0]
    waiting = [c for c in base.unplaced if _suitable(luvn, c)]
    assert len(waiting) >= 2
    pinned = waiting[0]
    target = _suitable(luvn, pinned)[0]
    required = next(  # a client with a unit other than the pinned one: both can hold
        c for c in waiting[1:] if set(_suitable(luvn, c)) - {target}
    )
    problem = _with(
        luvn,
        pins={pinned: target},
        forbidden={moved.client_id: [moved.unit_id]},
        must_place=[required],
    )
    result = pl.solve(problem, policy=policy)
    assert result.status in (pl.Status.OPTIMAL, pl.Status.FEASIBLE)
    assert pl.check(problem, result) == []
    assert result.assignment_of(pinned).unit_id == target  # type: ignore[union-attr]
    assert required not in result.unplaced
    got = result.assignment_of(moved.client_id)
    assert got is None or got.unit_id != moved.unit_id


def test_impossible_must_place_is_infeasible_not_a_violation(luvn: pl.Problem) -> None:
    """A client no unit can take, required placed: the optimal policy proves it infeasible and
    places nobody, rather than returning a result that breaks the override."""
    base = pl.solve(luvn)
    stuck = next(c for c in base.unplaced if not _suitable(luvn, c))
    problem = _with(luvn, must_place=[stuck])
    result = pl.solve(problem)
    assert result.status == pl.Status.INFEASIBLE
    assert result.assignments == ()
    greedy = pl.solve(problem, policy="priority")
    assert greedy.status == pl.Status.UNKNOWN
    assert greedy.assignments == ()


def test_overrides_naming_unknown_ids_are_one_error(luvn: pl.Problem) -> None:
    with pytest.raises(pl.ProblemError) as refused:
        _with(luvn, pins={"nobody": "u0001", luvn.clients[0].id: "nowhere"}, must_place=["x"])
    paths = {issue.path for issue in refused.value.issues}
    assert {"overrides.pins[nobody]", f"overrides.pins[{luvn.clients[0].id}]"} <= paths
    assert "overrides.must_place[x]" in paths


@settings(max_examples=40, deadline=None)
@given(problem=problems(side_constraints=True), data=st.data())
def test_required_clients_are_placed_whenever_any_policy_could(
    problem: pl.Problem, data: st.DataObject
) -> None:
    """Requiring the clients one valid result placed: the optimal policy places them all
    (it maximises required placements first), and its result passes the checker."""
    reference = pl.solve(problem, policy=data.draw(st.sampled_from(sorted(POLICIES))))
    placed = sorted(a.client_id for a in reference.assignments)
    chosen = data.draw(st.lists(st.sampled_from(placed), unique=True)) if placed else []
    required = _with(problem, must_place=chosen)
    result = pl.solve(required)
    assert result.status == pl.Status.OPTIMAL
    assert set(chosen) <= {a.client_id for a in result.assignments}
    assert pl.check(required, result) == []
