"""Edits of a problem are validated: model_copy(update=...) and with_changes bypass nothing."""

from __future__ import annotations

import json

import pytest

import placement as pl


def test_an_edit_with_a_negative_capacity_and_a_duplicate_client_is_refused() -> None:
    """The audit's case: the copy solved as 'optimal' and pl.check returned []."""
    problem = pl.datasets.load("luvn")
    broken_unit = problem.units[0].model_dump() | {"capacity": -5}
    with pytest.raises(pl.ProblemError) as refused:
        problem.model_copy(
            update={
                "units": (broken_unit, *problem.units[1:]),
                "clients": (*problem.clients, problem.clients[0]),
            }
        )
    paths = " ".join(issue.path for issue in refused.value.issues)
    assert f"units[{problem.units[0].id}].capacity" in paths
    with pytest.raises(pl.ProblemError) as twice:
        problem.model_copy(update={"clients": (*problem.clients, problem.clients[0])})
    assert problem.clients[0].id in str(twice.value)
    assert "duplicate" in str(twice.value).lower()


def test_a_nested_model_edited_without_validation_is_caught_on_the_way_in() -> None:
    problem = pl.datasets.load("luvn")
    unit = problem.units[0]
    sneaky = pl.Unit.model_construct(**(dict(unit) | {"capacity": -5}))
    with pytest.raises(pl.ProblemError, match="capacity"):
        problem.model_copy(update={"units": (sneaky, *problem.units[1:])})


def test_with_changes_adds_and_removes_and_validates_references() -> None:
    problem = pl.datasets.load("luvn")
    ranked = next(c for c in problem.clients if c.preferences)
    first = ranked.preferences[0][0]
    with pytest.raises(pl.ProblemError) as refused:
        problem.with_changes(remove_units=[first])
    assert ranked.id in str(refused.value)
    assert first in str(refused.value)
    with pytest.raises(pl.ProblemError, match="no unit 'nowhere'"):
        problem.with_changes(remove_units=["nowhere"])

    new_unit = problem.units[0].model_dump() | {"id": "u-new", "incumbents": []}
    edited = problem.with_changes(
        add_units=[new_unit],
        remove_clients=[problem.clients[-1].id],
        update={"name": "what if"},
    )
    assert edited.unit_by_id["u-new"].capacity == problem.units[0].capacity
    assert problem.clients[-1].id not in edited.client_by_id
    assert len(edited.units) == len(problem.units) + 1
    assert edited.name == "what if"
    assert pl.check(edited, pl.solve(edited)) == []


def test_an_unchanged_copy_is_equal_and_fresh() -> None:
    problem = pl.datasets.load("luvn")
    _ = problem.place_days
    copy = problem.model_copy()
    assert copy == problem
    assert "place_days" not in copy.__dict__
    assert problem.model_copy(update={"name": problem.name}) == problem


def test_field_errors_do_not_hide_cross_reference_issues() -> None:
    """One pass reports a bad capacity, an unknown unit in a preference and a duplicate id,
    without a false 'unknown unit' for the unit whose own field was wrong."""
    raw = pl.datasets.load("luvn").model_dump(mode="json")
    bad_unit = raw["units"][0]["id"]
    raw["units"][0]["capacity"] = -5
    raw["clients"][0]["preferences"] = [["nowhere"]]
    raw["clients"][1]["preferences"] = [[bad_unit]]
    raw["clients"].append(dict(raw["clients"][2]))
    with pytest.raises(pl.ProblemError) as refused:
        pl.Problem.model_validate_json(json.dumps(raw))
    text = str(refused.value)
    assert f"units[{bad_unit}].capacity" in text
    assert "nowhere" in text
    assert "duplicate" in text.lower()
    assert f"'{bad_unit}'" not in text  # set aside, not reported as unknown
