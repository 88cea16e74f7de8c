"""Limits met exactly: a unit at exactly a client's distance limit, engines with no candidates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

import placement as pl
from placement import candidates
from placement.check import check, great_circle_km
from placement.model import DISTANCE_TOLERANCE_KM, haversine_km_array

REF = dt.date(2026, 1, 5)


def _problem(pairs: list[tuple[float, float, float, float]], limit: list[float]) -> pl.Problem:
    units: list[dict[str, Any]] = []
    clients: list[dict[str, Any]] = []
    for k, ((clat, clon, ulat, ulon), km) in enumerate(zip(pairs, limit, strict=True)):
        units.append(
            {
                "id": f"u{k}",
                "municipality": "Lohja",
                "location": {"lat": ulat, "lon": ulon},
                "offers": {"communal": None},
                "capacity": 1,
            }
        )
        clients.append(
            {
                "id": f"c{k}",
                "municipality": "Lohja",
                "location": {"lat": clat, "lon": clon},
                "queued_since": "2025-01-01",
                "max_distance_km": km,
            }
        )
    return pl.Problem.model_validate(
        {"reference_date": REF.isoformat(), "units": units, "clients": clients}
    )


def test_a_unit_exactly_at_the_limit_is_a_candidate_as_the_checker_says() -> None:
    """Limits set to the checker's own distance: every pair is a candidate. Before the shared
    tolerance, numpy's haversine rounded above the limit for about 1 pair in 10."""
    rng = np.random.default_rng(3)
    n = 300
    c = np.column_stack([rng.uniform(59.8, 61.0, n), rng.uniform(22.5, 26.0, n)])
    u = np.column_stack([rng.uniform(59.8, 61.0, n), rng.uniform(22.5, 26.0, n)])
    pairs = [(a, b, x, y) for (a, b), (x, y) in zip(c.tolist(), u.tolist(), strict=True)]
    limits = [great_circle_km(*p) for p in pairs]
    rounded_up = haversine_km_array(c[:, 0], c[:, 1], u[:, 0], u[:, 1]) > np.array(limits)
    assert rounded_up.sum() > 0  # the instance exercises the fault
    problem = _problem(pairs, limits)
    cands = candidates.build(problem)
    own = set(zip(cands.client.tolist(), cands.unit.tolist(), strict=True))
    assert all((k, k) in own for k in range(n))
    result = pl.solve(problem)
    assert len(result.assignments) == n
    assert check(problem, result) == []


def test_a_unit_beyond_the_tolerance_is_refused_by_both() -> None:
    pair = (60.25, 24.07, 60.35, 24.27)
    km = great_circle_km(*pair)
    problem = _problem([pair], [km - 10 * DISTANCE_TOLERANCE_KM])
    assert len(candidates.build(problem)) == 0
    probe = pl.Result(
        policy="hand",
        status=pl.Status.FEASIBLE,
        assignments=(
            pl.Assignment(client_id="c0", unit_id="u0", service_class="communal", move_in=REF),
        ),
    )
    assert [v.rule for v in check(problem, probe)] == ["area"]


@pytest.mark.parametrize("engine", ["auto", "flow", "highs", "cpsat"])
def test_every_engine_places_nobody_without_candidates(engine: str) -> None:
    """No candidate edge at all: every engine proves that placing nobody is optimal."""
    problem = _problem([(60.25, 24.07, 61.0, 26.0)], [1.0])
    result = pl.solve(problem, engine=engine)
    assert (result.status, result.assignments, result.unplaced) == (
        pl.Status.OPTIMAL,
        (),
        ("c0",),
    )
