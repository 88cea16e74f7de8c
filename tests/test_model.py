"""Input models: JSON round trip, schema, requirements mapping, vacancies."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import placement as pl
from placement.model import DEFAULT_NEEDS_MAPPING, NeedRule, NeedsMapping

TINY = Path(__file__).parent / "data" / "tiny.json"


@pytest.fixture
def tiny() -> pl.Problem:
    """The small valid problem the broken corpus mutates."""
    return pl.Problem.model_validate_json(TINY.read_text())


def test_json_round_trip_is_lossless(tiny: pl.Problem) -> None:
    """Dumping and re-reading gives an equal problem and the same JSON text."""
    text = tiny.model_dump_json()
    again = pl.Problem.model_validate_json(text)
    assert again == tiny
    assert again.model_dump_json() == text


def test_schema_describes_problem() -> None:
    """The JSON Schema names the required top-level fields and forbids extras."""
    schema = pl.Problem.model_json_schema()
    assert set(schema["required"]) == {"reference_date", "units", "clients"}
    assert schema["additionalProperties"] is False
    assert "Client" in schema["$defs"]
    assert "Unit" in schema["$defs"]


def test_bare_unit_id_is_a_group_of_one(tiny: pl.Problem) -> None:
    """Preferences may mix bare ids and tie groups; ranks follow the groups."""
    client = tiny.client_by_id["c1"]
    assert client.preferences == (("u1",), ("u2",))
    tied = client.model_copy(update={"preferences": (("u1", "u2"),)})
    assert tied.ranks() == {"u1": 1, "u2": 1}


def test_default_mapping_derives_features_and_level() -> None:
    """Needs scores fire the documented rules: features are unioned, the level is the max."""
    features, levels = DEFAULT_NEEDS_MAPPING.requirements(
        [{}, {"physical": 3, "daily_living": 2}, {"health": 3, "social": 4}, {"psychological": 4}]
    )
    assert features == [
        frozenset(),
        frozenset({"wheelchair_accessible"}),
        frozenset({"nursing", "autism_specialised"}),
        frozenset({"challenging_behaviour_support"}),
    ]
    assert levels.tolist() == [1, 2, 4, 5]


def test_mapping_is_overridable_per_problem_and_per_client(tiny: pl.Problem) -> None:
    """A county's own mapping replaces the default; client overrides replace the mapping."""
    strict = NeedsMapping(
        rules=(NeedRule(domain="daily_living", at_least=1, min_level=3, features=("nursing",)),)
    )
    problem = tiny.model_copy(update={"needs_mapping": strict})
    c1 = problem.client_by_id["c1"]
    assert problem.requirements(c1) == (frozenset({"nursing"}), 3)
    override = c1.model_copy(update={"required_features": (), "min_service_class": "communal"})
    problem2 = problem.model_copy(update={"clients": (override, problem.clients[1])})
    assert problem2.requirements(override) == (frozenset(), 1)


def test_vacancies_are_dated(tiny: pl.Problem) -> None:
    """Free places open on the reference date; an incumbent's place opens when they leave."""
    u1 = tiny.unit_by_id["u1"]
    dates = [v.available_from for v in u1.vacancies(tiny.reference_date)]
    assert dates == [dt.date(2026, 1, 5), dt.date(2026, 1, 5), dt.date(2026, 3, 1)]
    assert [v.available_from for v in u1.vacancies(tiny.reference_date, dt.date(2026, 2, 1))] == [
        dt.date(2026, 1, 5)
    ] * 2
    opening = u1.model_copy(update={"opens_on": dt.date(2026, 2, 1)})
    assert min(v.available_from for v in opening.vacancies(tiny.reference_date)) == dt.date(
        2026, 2, 1
    )


def test_models_are_frozen(tiny: pl.Problem) -> None:
    """Inputs cannot be changed in place, so cached views never go stale."""
    with pytest.raises(Exception, match="frozen"):
        tiny.clients[0].urgency = 3  # type: ignore[misc]


def test_model_copy_drops_cached_views(tiny: pl.Problem) -> None:
    """A copy with other clients sees its own clients, not the original's cached ones."""
    assert "c1" in tiny.client_by_id
    renamed = tiny.clients[0].model_copy(update={"id": "c9"})
    copy = tiny.model_copy(update={"clients": (renamed, tiny.clients[1])})
    assert set(copy.client_by_id) == {"c9", "c2"}


def test_side_constraints_are_detected(tiny: pl.Problem) -> None:
    """Linked clients, client incompatibilities and binding composition limits are listed."""
    assert tiny.side_constraints() == {}
    raw = json.loads(TINY.read_text())
    raw["clients"][0]["linked_with"] = ["c2"]
    raw["units"][0]["composition"] = [{"tag": "nursing", "at_most": 1}]
    found = pl.Problem.model_validate(raw).side_constraints()
    assert found == {"linked": ["c1", "c2"], "composition": ["u1"]}


def test_default_ladder_and_mapping_are_valid() -> None:
    """The defaults are built without validation at import (import stays light): validating
    them gives back the very same values."""
    from placement.model import DEFAULT_NEEDS_MAPPING, DEFAULT_SERVICE_CLASSES, NeedsMapping

    assert NeedsMapping.model_validate(DEFAULT_NEEDS_MAPPING.model_dump()) == DEFAULT_NEEDS_MAPPING
    for klass in DEFAULT_SERVICE_CLASSES:
        assert type(klass).model_validate(klass.model_dump()) == klass
