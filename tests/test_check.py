"""The independent checker reports every kind of broken hard rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import placement as pl
from placement.check import RULES

REF = dt.date(2026, 1, 5)


OVERRIDES = {"pins": {"c1": "u1"}, "forbidden": {"c2": ["u1"]}, "must_place": ["c5"]}
"""The placement team's decisions the override cases break."""


def _problem(overrides: dict[str, Any] | None = None) -> pl.Problem:
    return pl.Problem.model_validate(
        {
            "overrides": overrides or {},
            "reference_date": REF.isoformat(),
            "units": [
                {
                    "id": "u1",
                    "municipality": "Espoo",
                    "location": {"lat": 60.2068, "lon": 24.6558},
                    "features": ["wheelchair_accessible"],
                    "offers": {"communal": None, "24h-1": None},
                    "capacity": 2,
                    "incumbents": [{"id": "r1", "leaves_on": "2026-03-01", "tags": ["nursing"]}],
                    "age_min": 18,
                    "age_max": 35,
                    "composition": [{"tag": "nursing", "at_most": 0}],
                },
                {
                    "id": "u2",
                    "municipality": "Hanko",
                    "location": {"lat": 59.8233, "lon": 22.9682},
                    "offers": {"24h-3": None},
                    "capacity": 2,
                    "features": ["nursing"],
                },
            ],
            "clients": [
                {
                    "id": "c1",
                    "municipality": "Espoo",
                    "location": {"lat": 60.21, "lon": 24.66},
                    "queued_since": "2025-01-01",
                    "age": 25,
                    "max_distance_km": 20,
                    "preferences": ["u1"],
                },
                {
                    "id": "c2",
                    "municipality": "Espoo",
                    "location": {"lat": 60.21, "lon": 24.66},
                    "queued_since": "2025-01-01",
                    "age": 30,
                    "max_distance_km": 20,
                    "needs": {"daily_living": 2},
                    "incompatible_with": ["c3"],
                },
                {
                    "id": "c3",
                    "municipality": "Espoo",
                    "location": {"lat": 60.21, "lon": 24.66},
                    "queued_since": "2025-01-01",
                    "age": 30,
                    "linked_with": ["c4"],
                    "excluded_units": ["u2"],
                },
                {
                    "id": "c4",
                    "municipality": "Espoo",
                    "location": {"lat": 60.21, "lon": 24.66},
                    "queued_since": "2025-01-01",
                    "age": 70,
                    "needs": {"physical": 3},
                    "acceptable_municipalities": ["Espoo"],
                    "incompatible_with": ["r1"],
                },
                {
                    "id": "c5",
                    "municipality": "Espoo",
                    "location": {"lat": 60.21, "lon": 24.66},
                    "queued_since": "2025-01-01",
                    "tags": ["nursing"],
                    "age": 20,
                    "required_features": [],
                    "min_service_class": "communal",
                },
            ],
        }
    )


def _result(*placed: tuple[str, str, str, str | None], unplaced: Any = None) -> pl.Result:
    assignments = tuple(
        pl.Assignment(
            client_id=c,
            unit_id=u,
            service_class=k,
            move_in=None if d is None else dt.date.fromisoformat(d),
        )
        for c, u, k, d in placed
    )
    ids = {"c1", "c2", "c3", "c4", "c5"}
    if unplaced is None:
        unplaced = tuple(sorted(ids - {a.client_id for a in assignments}))
    return pl.Result(
        policy="hand", status=pl.Status.FEASIBLE, assignments=assignments, unplaced=unplaced
    )


NOW = REF.isoformat()
CASES: dict[str, pl.Result] = {
    "unknown_client": _result(("c9", "u1", "communal", NOW)),
    "unknown_unit": _result(("c1", "u9", "communal", NOW)),
    "unknown_class": _result(("c1", "u1", "deluxe", NOW)),
    "placed_twice": _result(("c1", "u1", "communal", NOW), ("c1", "u1", "communal", NOW)),
    "placed_and_unplaced": _result(
        ("c1", "u1", "communal", NOW), unplaced=("c1", "c2", "c3", "c4", "c5")
    ),
    "unaccounted": _result(unplaced=("c1", "c2", "c3", "c4")),
    "class_not_offered": _result(("c1", "u1", "24h-2", NOW)),
    "class_too_low": _result(("c2", "u1", "communal", NOW)),
    "features": _result(("c4", "u2", "24h-3", NOW)),
    "age": _result(("c4", "u1", "communal", NOW)),
    "excluded": _result(("c3", "u2", "24h-3", NOW), ("c4", "u2", "24h-3", NOW)),
    "area": _result(("c2", "u2", "24h-3", NOW)),
    "resident_incompatible": _result(("c4", "u1", "communal", NOW)),
    "move_in": _result(("c1", "u1", "communal", None)),
    "capacity": _result(
        ("c1", "u1", "communal", NOW),
        ("c5", "u1", "communal", NOW),
        ("c2", "u1", "24h-1", "2026-03-01"),
    ),
    "linked_apart": _result(("c3", "u1", "communal", NOW)),
    "incompatible_together": _result(
        ("c2", "u1", "24h-1", NOW),
        ("c3", "u1", "communal", "2026-03-01"),
        ("c4", "u1", "communal", "2026-03-01"),
    ),
    "composition": _result(("c5", "u1", "communal", NOW)),
    "pinned": _result(("c1", "u2", "24h-3", NOW)),
    "forbidden": _result(("c2", "u1", "24h-1", "2026-03-01")),
    "must_place": _result(("c1", "u1", "communal", NOW)),
}


def test_every_rule_has_a_case() -> None:
    """No rule of the checker goes untested."""
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_is_reported(rule: str) -> None:
    """Each hand-made bad result breaks (at least) the rule it was made to break."""
    overrides = OVERRIDES if rule in ("pinned", "forbidden", "must_place") else None
    found = {v.rule for v in pl.check(_problem(overrides), CASES[rule])}
    assert rule in found, found
    if overrides is not None:  # and only because of the overrides
        assert rule not in {v.rule for v in pl.check(_problem(), CASES[rule])}


def test_valid_result_has_no_violation() -> None:
    """A careful hand placement is valid: c2 moves into r1's place when r1 leaves."""
    ok = _result(("c1", "u1", "communal", NOW), ("c2", "u1", "24h-1", "2026-03-01"))
    assert pl.check(_problem(), ok) == []


def test_move_in_before_place_opens_is_caught() -> None:
    """Two move-ins on the reference date where only one place is free then."""
    early = _result(("c1", "u1", "communal", NOW), ("c2", "u1", "24h-1", NOW))
    assert [v.rule for v in pl.check(_problem(), early)] == ["move_in"]


def test_composition_counts_a_leaving_resident_until_they_leave() -> None:
    """r1 (tagged) leaves on 1 March: c5, tagged, fits from that day, not before (at once)."""
    problem = _problem()
    unit = problem.units[0].model_copy(
        update={"composition": (pl.CompositionRule(tag="nursing", at_most=1),)}
    )
    fine = problem.model_copy(update={"units": (unit, problem.units[1])})
    assert pl.check(fine, _result(("c5", "u1", "communal", "2026-03-01"))) == []
    assert [v.rule for v in pl.check(fine, _result(("c5", "u1", "communal", NOW)))] == [
        "composition"
    ]
    staying = unit.model_copy(
        update={"incumbents": (pl.Resident(id="r1", tags=("nursing",)),), "capacity": 3}
    )
    full = problem.model_copy(update={"units": (staying, problem.units[1])})
    assert [v.rule for v in pl.check(full, _result(("c5", "u1", "communal", NOW)))] == [
        "composition"
    ]


def test_features_message_names_ids_not_features() -> None:
    """Health-derived requirements stay out of the message; the caller may ask for them."""
    plain = [v for v in pl.check(_problem(), CASES["features"]) if v.rule == "features"]
    assert [(v.message, v.details) for v in plain] == [
        ("unit u2 lacks a feature client c4 requires", ())
    ]
    asked = pl.check(_problem(), CASES["features"], details=True)
    assert [v.details for v in asked if v.rule == "features"] == [("wheelchair_accessible",)]
