"""Strict scalar types and size limits of the input models; public models raise ProblemError."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import placement as pl
from placement.model.types import FIRST_DAY, LAST_DAY, MAX_CAPACITY, MAX_HORIZON_DAYS
from placement.result import Assignment

TINY = json.loads((Path(__file__).parent / "data" / "tiny.json").read_text())
NAN, INF = math.nan, math.inf


def _refused(change: Callable[[dict[str, Any]], object]) -> tuple[pl.Issue, ...]:
    """Issues of the tiny problem after ``change``; it must be refused."""
    data = copy.deepcopy(TINY)
    change(data)
    with pytest.raises(pl.ProblemError) as caught:
        pl.Problem.model_validate(data)
    assert "input_value" not in str(caught.value)
    return caught.value.issues


def _client(d: dict[str, Any]) -> dict[str, Any]:
    return d["clients"][0]  # type: ignore[no-any-return]


def _unit(d: dict[str, Any]) -> dict[str, Any]:
    return d["units"][0]  # type: ignore[no-any-return]


CASES: dict[str, tuple[Callable[[dict[str, Any]], object], str, str]] = {
    "nan_latitude": (
        lambda d: _client(d)["location"].update(lat=NAN),
        "clients[c1].location.lat",
        "not a number",
    ),
    "infinite_longitude": (
        lambda d: _unit(d)["location"].update(lon=-INF),
        "units[u1].location.lon",
        "infinite",
    ),
    "nan_distance_limit": (
        lambda d: _client(d).update(max_distance_km=NAN),
        "clients[c1].max_distance_km",
        "not a number",
    ),
    "infinite_distance_limit": (
        lambda d: _client(d).update(max_distance_km=INF),
        "clients[c1].max_distance_km",
        "infinite",
    ),
    "negative_price": (
        lambda d: _unit(d)["offers"].update({"24h-1": -1.0}),
        "units[u1].offers.24h-1",
        "greater than or equal to 0",
    ),
    "nan_price": (
        lambda d: _unit(d)["offers"].update({"24h-1": NAN}),
        "units[u1].offers.24h-1",
        "not a number",
    ),
    "nan_class_price": (
        lambda d: d.update(
            service_classes=[{"id": "communal", "level": 1, "daily_price": NAN}],
        ),
        "service_classes[communal].daily_price",
        "not a number",
    ),
    "nan_weight": (
        lambda d: d.update(weights={"per_km": NAN}),
        "weights.per_km",
        "not a number",
    ),
    "negative_weight": (
        lambda d: d.update(weights={"rank_step": -1}),
        "weights.rank_step",
        "greater than or equal to 0",
    ),
    "huge_capacity": (
        lambda d: _unit(d).update(capacity=1e8),
        "units[u1].capacity",
        f"less than or equal to {MAX_CAPACITY}",
    ),
    "huge_composition_limit": (
        lambda d: _unit(d).update(composition=[{"tag": "cb", "at_most": 10**9}]),
        "units[u1].composition[#0].at_most",
        f"less than or equal to {MAX_CAPACITY}",
    ),
    "huge_horizon": (
        lambda d: d.update(horizon_days=10**7),
        "horizon_days",
        f"less than or equal to {MAX_HORIZON_DAYS}",
    ),
    "reference_date_near_year_9999": (
        lambda d: d.update(reference_date="9999-12-01"),
        "reference_date",
        "outside",
    ),
    "number_as_date": (
        lambda d: _client(d).update(queued_since=0),
        "clients[c1].queued_since",
        "not a date",
    ),
    "boolean_needs_score": (
        lambda d: _client(d).update(needs={"physical": True}),
        "clients[c1].needs.physical",
        "boolean",
    ),
    "boolean_urgency": (
        lambda d: _client(d).update(urgency=True),
        "clients[c1].urgency",
        "boolean",
    ),
    "boolean_capacity": (
        lambda d: _unit(d).update(capacity=True),
        "units[u1].capacity",
        "boolean",
    ),
    "huge_class_level": (
        lambda d: d.update(service_classes=[{"id": "x", "level": 10**9, "daily_price": 100}]),
        "service_classes[x].level",
        "less than or equal to 1000",
    ),
    "huge_rule_level": (
        lambda d: d.update(
            needs_mapping={"rules": [{"domain": "health", "at_least": 3, "min_level": 10**9}]}
        ),
        "needs_mapping.rules[#0].min_level",
        "less than or equal to 1000",
    ),
    "empty_preference_group": (
        lambda d: _client(d).update(preferences=[[], "u1"]),
        "clients[c1].preferences",
        "group 1 is empty",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_number_or_type_is_refused_precisely(name: str) -> None:
    """Each value is refused at its field with the documented reason, without echoing it."""
    change, path, fragment = CASES[name]
    issues = _refused(change)
    assert any(i.path == path and fragment in i.message for i in issues), issues


def test_nan_latitude_is_not_reported_as_out_of_range() -> None:
    """NaN fails every comparison; the message must not claim it is above 90."""
    issues = _refused(lambda d: _client(d)["location"].update(lat=NAN))
    assert [i.message for i in issues] == ["is not a number (NaN)"]


def test_date_range_is_inclusive() -> None:
    """The first and last accepted days are accepted, the days beyond refused."""
    for day, ok in [(FIRST_DAY, True), (LAST_DAY, True), (LAST_DAY + dt.timedelta(1), False)]:
        data = copy.deepcopy(TINY)
        data["units"][0]["opens_on"] = day.isoformat()
        if ok:
            assert pl.Problem.model_validate(data).units[0].opens_on == day
        else:
            with pytest.raises(pl.ProblemError, match="opens_on: is outside"):
                pl.Problem.model_validate(data)


def test_lax_but_harmless_coercions_still_work() -> None:
    """A whole float and a numeric string stay readable where the meaning cannot change."""
    data = copy.deepcopy(TINY)
    data["units"][0]["capacity"] = 3.0
    data["clients"][0]["urgency"] = "2"
    problem = pl.Problem.model_validate(data)
    assert problem.units[0].capacity == 3
    assert problem.clients[0].urgency == 2


BUILDERS: dict[str, Callable[[], object]] = {
    "Client": lambda: pl.Client(
        id="c9",
        municipality="Espoo",
        location=pl.Point(lat=60.2, lon=24.7),
        queued_since=dt.date(2025, 1, 1),
        needs={"night_care": 2.5},
    ),
    "Unit": lambda: pl.Unit(
        id="u9",
        municipality="Espoo",
        location={"lat": 60.2, "lon": 24.7},
        offers={"communal": None},
        capacity=-4,
    ),
    "Point": lambda: pl.Point(lat=NAN, lon=24.7),
    "Resident": lambda: pl.Resident(id="r9", leaves_on=12345),
    "CompositionRule": lambda: pl.CompositionRule(tag="cb", at_most=-1),
    "ServiceClass": lambda: pl.ServiceClass(id="x", level=1, daily_price=-3.5),
    "NeedRule": lambda: pl.NeedRule(domain="health", at_least=9),
    "NeedsMapping": lambda: pl.NeedsMapping(rules=[{"domain": "health", "at_least": 9}]),
    "Weights": lambda: pl.Weights(per_km=INF),
    "Vacancy": lambda: pl.Vacancy(unit_id="u1", available_from="soon"),
    "Assignment": lambda: Assignment(client_id="c1", unit_id=3, service_class="x"),
    "Result": lambda: pl.Result(policy="fifo", status="done"),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_public_models_raise_problem_error_without_input_values(name: str) -> None:
    """Built directly, every public model raises ProblemError, never pydantic's error."""
    with pytest.raises(pl.ProblemError) as caught:
        BUILDERS[name]()
    text = str(caught.value)
    assert "input_value" not in text
    assert "2.5" not in text  # the invalid values are not echoed
    assert "12345" not in text
    assert caught.value.issues


def test_nested_errors_keep_their_full_path() -> None:
    """A bad field inside a nested model is reported at its path from the top, once."""
    with pytest.raises(pl.ProblemError) as caught:
        pl.Client(
            id="c9",
            municipality="Espoo",
            location={"lat": 91, "lon": NAN},
            queued_since=dt.date(2025, 1, 1),
        )
    assert [i.path for i in caught.value.issues] == ["location.lat", "location.lon"]
    assert caught.value.what == "client"


def test_assigning_to_a_frozen_model_is_a_problem_error() -> None:
    """Setting a needs score on a built client does not echo the score through pydantic."""
    client = pl.Client(
        id="c9",
        municipality="Espoo",
        location=pl.Point(lat=60.2, lon=24.7),
        queued_since="2025-01-01",
    )
    with pytest.raises(pl.ProblemError, match="immutable") as caught:
        client.needs = {"night_care": 3}  # type: ignore[misc]
    assert "input_value" not in str(caught.value)
    assert "night_care" not in str(caught.value)
