"""Candidates agree with the independent checker, pair by pair."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings

import placement as pl
from placement import candidates
from placement.check import check
from tests.strategies import problems


def _single(problem: pl.Problem, cid: str, uid: str, klass: str) -> pl.Result:
    others = tuple(c.id for c in problem.clients if c.id != cid)
    places = problem.unit_by_id[uid].vacancies(problem.reference_date, problem.horizon_end)
    move_in = places[0].available_from if places else dt.date(2100, 1, 1)
    return pl.Result(
        policy="probe",
        status=pl.Status.FEASIBLE,
        unplaced=others,
        assignments=(
            pl.Assignment(client_id=cid, unit_id=uid, service_class=klass, move_in=move_in),
        ),
    )


@settings(max_examples=60, deadline=None)
@given(problems(max_clients=4, max_units=4))
def test_candidate_iff_checker_accepts(problem: pl.Problem) -> None:
    """(c, u) is an edge exactly when the checker accepts c alone in u at the edge's class.

    For pairs that are not edges, every class the unit offers must be rejected.
    """
    cands = candidates.build(problem)
    edges = {
        (problem.clients[c].id, problem.units[u].id): problem.service_classes[k].id
        for c, u, k in zip(cands.client, cands.unit, cands.service_class, strict=True)
    }
    for client in problem.clients:
        for unit in problem.units:
            if (client.id, unit.id) in edges:
                found = check(
                    problem, _single(problem, client.id, unit.id, edges[client.id, unit.id])
                )
                assert found == [], found
            else:
                for klass in unit.offers:
                    assert check(problem, _single(problem, client.id, unit.id, klass)), (
                        client.id,
                        unit.id,
                        klass,
                    )


@settings(max_examples=40, deadline=None)
@given(problems(max_clients=4, max_units=4))
def test_edge_takes_cheapest_sufficient_class(problem: pl.Problem) -> None:
    """The chosen class meets the level and no cheaper offered class also does."""
    cands = candidates.build(problem)
    for c, u, k, price in zip(
        cands.client, cands.unit, cands.service_class, cands.daily_price, strict=True
    ):
        client, unit = problem.clients[c], problem.units[u]
        level = problem.requirements(client).min_level
        chosen = problem.service_classes[k]
        assert chosen.level >= level
        assert chosen.id in unit.offers
        for kid, own in unit.offers.items():
            other = problem.class_by_id[kid]
            other_price = own if own is not None else other.daily_price
            if other.level >= level:
                assert other_price >= price


def test_filter_counts_name_the_rule_that_empties() -> None:
    """Counts fall monotonically; a client needing nursing nowhere offered stops at features."""
    problem = pl.Problem.model_validate(
        {
            "reference_date": "2026-01-05",
            "units": [
                {
                    "id": "u1",
                    "municipality": "Espoo",
                    "location": {"lat": 60.2, "lon": 24.6},
                    "offers": {"24h-3": None},
                    "capacity": 1,
                }
            ],
            "clients": [
                {
                    "id": "c1",
                    "municipality": "Espoo",
                    "location": {"lat": 60.2, "lon": 24.6},
                    "needs": {"health": 3},
                    "queued_since": "2025-01-01",
                }
            ],
        }
    )
    counts = candidates.filter_counts(problem, "c1")
    assert list(counts) == list(candidates.FILTERS)
    assert counts["vacancy"] == 1
    assert counts["features"] == 0
    assert len(candidates.build(problem)) == 0


def test_distance_matches_haversine() -> None:
    """Edge distances equal the haversine distance between the two points (km)."""
    problem = pl.datasets.load("luvn")
    cands = candidates.build(problem)
    for e in range(0, len(cands), 37):
        c, u = problem.clients[cands.client[e]], problem.units[cands.unit[e]]
        expected = pl.model.haversine_km(c.location, u.location)
        assert abs(cands.distance_km[e] - expected) < 1e-6


def _edges_within(points: list[dict[str, float]], limits: list[float]) -> set[tuple[int, int]]:
    """Edges of clients at ``points[:len(limits)]`` with those km limits, a unit at every point."""
    problem = pl.Problem.model_validate(
        {
            "reference_date": "2026-01-05",
            "units": [
                {
                    "id": f"u{k}",
                    "municipality": "Lohja",
                    "location": point,
                    "offers": {"communal": None},
                    "capacity": 1,
                }
                for k, point in enumerate(points)
            ],
            "clients": [
                {
                    "id": f"c{k}",
                    "municipality": "Lohja",
                    "location": points[k],
                    "queued_since": "2025-01-01",
                    "max_distance_km": limit,
                }
                for k, limit in enumerate(limits)
            ],
        }
    )
    cands = candidates.build(problem)
    return set(zip(cands.client.tolist(), cands.unit.tolist(), strict=True))


def test_distance_limit_is_decided_on_the_distance_itself() -> None:
    """A 0 km limit admits the unit at the client's own point; a limit admits a unit exactly at
    it and not one a metre beyond.

    The dot product of a point's unit vector with itself can round below 1: a pure cosine test
    dropped 5 of these 12 zero-distance pairs (found by hypothesis through the envy metric).
    """
    rng = np.random.default_rng(0)
    points = [
        {"lat": round(float(lat), 4), "lon": round(float(lon), 4)}
        for lat, lon in zip(rng.uniform(60, 61.5, 12), rng.uniform(22, 26, 12), strict=True)
    ]
    assert _edges_within(points, [0.0] * 12) == {(k, k) for k in range(12)}
    km = pl.model.haversine_km(pl.model.Point(**points[0]), pl.model.Point(**points[1]))
    assert (0, 1) in _edges_within(points[:2], [km])
    assert (0, 1) not in _edges_within(points[:2], [km - 1e-3])
