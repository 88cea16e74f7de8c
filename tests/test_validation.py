"""The broken-input corpus: every case raises one ProblemError naming what and where."""

from __future__ import annotations

import traceback
from pathlib import Path

import pytest

import placement as pl

BROKEN = Path(__file__).parent / "data" / "broken"

EXPECTED = {
    "age_band_reversed": ("units[u2].age_min", "age_min is above age_max"),
    "bad_date": ("clients[c2].queued_since", "valid date"),
    "duplicate_client_id": ("clients[c1]", "duplicate client id"),
    "duplicate_ranked_unit": ("clients[c1].preferences", "'u1' is ranked more than once"),
    "duplicate_unit_id": ("units[u1]", "duplicate unit id"),
    "empty_offers": ("units[u1].offers", "at least 1 item"),
    "incompatible_unknown": ("clients[c2].incompatible_with", "unknown client or resident 'r9'"),
    "incumbents_above_capacity": ("units[u1].incumbents", "exceed capacity 0"),
    "latitude_out_of_range": ("clients[c1].location.lat", "less than or equal to 90"),
    "linked_group_too_large": ("clients[c1].linked_with", "larger than any unit"),
    "linked_unknown_client": ("clients[c1].linked_with", "unknown client 'c7'"),
    "missing_field": ("clients[c2].queued_since", "Field required"),
    "needs_score_out_of_range": ("clients[c1].needs.health", "score outside 0-4"),
    "negative_capacity": ("units[u2].capacity", "greater than or equal to 0"),
    "not_json": ("$", "not valid JSON"),
    "queued_after_reference": ("clients[c2].queued_since", "after the reference date"),
    "ranked_and_excluded": ("clients[c1].excluded_units", "both ranked and excluded"),
    "resident_left_before_reference": ("units[u1].incumbents[r1].leaves_on", "left before"),
    "self_link": ("clients[c1].linked_with", "linked with itself"),
    "unknown_field": ("units[u2].capacty", "Extra inputs"),
    "unknown_min_service_class": ("clients[c1].min_service_class", "unknown service class"),
    "unknown_municipality": (
        "clients[c2].acceptable_municipalities",
        "unknown municipality 'Espo'",
    ),
    "unknown_needs_domain": ("clients[c1].needs.mobilty", "unknown needs domain"),
    "unknown_preference_unit": ("clients[c1].preferences", "unknown unit 'u9'"),
    "unknown_service_class_offer": ("units[u2].offers.24h-9", "unknown service class"),
    "urgency_without_weight": ("clients[c2].urgency", "level 5 has no weight"),
}


def test_corpus_is_complete() -> None:
    """Every file in the corpus has an expectation and vice versa (at least 15 cases)."""
    assert {p.stem for p in BROKEN.glob("*.json")} == set(EXPECTED)
    assert len(EXPECTED) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_input_is_reported(name: str) -> None:
    """Loading raises ProblemError with the exact path and message, from our code only."""
    path, fragment = EXPECTED[name]
    with pytest.raises(pl.ProblemError) as info:
        pl.Problem.model_validate_json((BROKEN / f"{name}.json").read_text())
    issues = info.value.issues
    assert any(i.path == path and fragment in i.message for i in issues), issues
    assert all(i.hint or "pydantic" not in i.message for i in issues)
    frames = traceback.extract_tb(info.value.__traceback__)
    assert not any("numpy" in f.filename or "ortools" in f.filename for f in frames)


def test_needs_scores_never_appear_in_messages() -> None:
    """A bad needs score (special-category data) is reported without its value."""
    with pytest.raises(pl.ProblemError) as info:
        pl.Problem.model_validate_json((BROKEN / "needs_score_out_of_range.json").read_text())
    assert "9" not in str(info.value)


def test_every_issue_is_reported_at_once() -> None:
    """Several independent faults come back together, not one per attempt."""
    text = (BROKEN.parent / "tiny.json").read_text()
    text = text.replace('"capacity": 2', '"capacity": -2').replace('"urgency": 2', '"urgency": 0')
    with pytest.raises(pl.ProblemError) as info:
        pl.Problem.model_validate_json(text)
    assert {i.path for i in info.value.issues} == {"units[u2].capacity", "clients[c2].urgency"}


def test_python_construction_raises_the_same_error() -> None:
    """Building a Problem from keyword arguments reports like JSON does."""
    with pytest.raises(pl.ProblemError, match=r"units\[#0\]\.capacity"):
        pl.Problem(
            reference_date="2026-01-05",
            clients=[],
            units=[
                {
                    "municipality": "Espoo",
                    "location": {"lat": 60, "lon": 24},
                    "offers": {"communal": None},
                    "capacity": -1,
                }
            ],
        )


def test_solve_rejects_bad_arguments_before_solving() -> None:
    """Unknown policy and engine, bad limits and non-problems are all reported together."""
    problem = pl.Problem.model_validate_json((BROKEN.parent / "tiny.json").read_text())
    with pytest.raises(pl.ProblemError) as info:
        pl.solve(problem, policy="lottery", engine="gurobi", time_limit=0, workers=-1)
    assert {i.path for i in info.value.issues} == {"policy", "engine", "time_limit", "workers"}
    with pytest.raises(pl.ProblemError, match="expected a Problem"):
        pl.solve({"units": []})  # type: ignore[arg-type]
