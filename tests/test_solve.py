"""The optimal policy: valid, exact (brute force, HiGHS, CP-SAT), deterministic."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings

import placement as pl
from placement import candidates
from placement.check import check
from placement.objective import POINTS_PER_UNIT, score
from tests.strategies import problems

RELATIONAL = ("linked_apart", "incompatible_together")
"""Rules only several clients together can break. (A client alone breaks a composition limit
only if it is already full, a plain feasibility rule the probe must keep.)"""


def _valid_pairs(problem: pl.Problem) -> dict[tuple[int, int], str]:
    """Feasible (client, unit) -> cheapest valid class, decided by the checker alone.

    Each pair is probed with the client placed alone, moving in on the unit's last free place's
    day (when a composition limit has the most room), so rules about several clients (links,
    incompatibilities) are left to the full assignment and ignored here.
    """
    out: dict[tuple[int, int], str] = {}
    for i, c in enumerate(problem.clients):
        others = tuple(o.id for o in problem.clients if o.id != c.id)
        for j, u in enumerate(problem.units):
            places = u.vacancies(problem.reference_date, problem.horizon_end)
            if not places:
                continue
            best = None
            for k, own in u.offers.items():
                probe = pl.Result(
                    policy="probe",
                    status=pl.Status.FEASIBLE,
                    unplaced=others,
                    assignments=(
                        pl.Assignment(
                            client_id=c.id,
                            unit_id=u.id,
                            service_class=k,
                            move_in=places[-1].available_from,
                        ),
                    ),
                )
                if not [v for v in check(problem, probe) if v.rule not in RELATIONAL]:
                    price = own if own is not None else problem.class_by_id[k].daily_price
                    key = (price, problem.class_by_id[k].level)
                    if best is None or key < best[0]:
                        best = (key, k)
            if best is not None:
                out[i, j] = best[1]
    return out


def brute_force(problem: pl.Problem) -> int:
    """Best objective by enumerating every assignment, with costs written out from the docs."""
    w = problem.weights
    ref = problem.reference_date
    tier1 = score(problem, candidates.build(problem)).tier1
    pairs = _valid_pairs(problem)

    def edge_points(i: int, j: int) -> int:
        c, u = problem.clients[i], problem.units[j]
        k = pairs[i, j]
        price = u.offers[k] if u.offers[k] is not None else problem.class_by_id[k].daily_price
        rank = c.ranks().get(u.id, len(c.preferences) + 1)
        km = pl.model.haversine_km(c.location, u.location)
        lower = round(
            POINTS_PER_UNIT
            * (
                -w.waited_per_day * (ref - c.queued_since).days
                + w.rank_step * rank
                + w.per_km * km
                + w.per_eur_day * price
            )
        )
        return -tier1 * w.urgency[c.urgency] + lower

    options = [[None] + [j for (i2, j) in pairs if i2 == i] for i in range(len(problem.clients))]
    best = 0
    for choice in itertools.product(*options):
        total = 0
        for j, u in enumerate(problem.units):
            taken = sum(1 for x in choice if x == j)
            places = u.vacancies(ref, problem.horizon_end)
            if taken > len(places):
                break
            total += sum(
                round(POINTS_PER_UNIT * w.delay_per_day * (v.available_from - ref).days)
                for v in places[:taken]
            )
        else:
            total += sum(edge_points(i, j) for i, j in enumerate(choice) if j is not None)
            best = min(best, total)
    return best


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(problems(max_clients=6, max_units=4))
def test_result_is_valid(problem: pl.Problem) -> None:
    """Every solution passes the independent checker and accounts for every client."""
    assume(not problem.side_constraints())
    result = pl.solve(problem)
    assert check(problem, result) == []
    assert result.status is pl.Status.OPTIMAL
    assert len(result.assignments) + len(result.unplaced) == len(problem.clients)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(problems(max_clients=5, max_units=3))
def test_objective_equals_brute_force(problem: pl.Problem) -> None:
    """On tiny instances the flow optimum equals exhaustive enumeration."""
    assume(not problem.side_constraints())
    assert pl.solve(problem).objective == brute_force(problem)


def test_brute_force_reaches_six_clients() -> None:
    """The brute-force comparison also holds at six clients on a fixed instance."""
    problem = pl.datasets.synthetic(6, 3, seed=11)
    assert pl.solve(problem).objective == brute_force(problem)


@pytest.mark.parametrize("seed", range(4))
def test_flow_equals_highs_and_cpsat_mid_size(seed: int) -> None:
    """On mid-size instances flow, HiGHS (scipy.optimize.milp) and CP-SAT reach one optimum."""
    problem = pl.datasets.synthetic(80, 15, seed=seed)
    flow = pl.solve(problem, engine="flow")
    highs = pl.solve(problem, engine="highs")
    cpsat = pl.solve(problem, engine="cpsat", workers=1)
    assert flow.objective == highs.objective == cpsat.objective
    assert highs.status is cpsat.status is pl.Status.OPTIMAL
    for result in (flow, highs, cpsat):
        assert check(problem, result) == []


def test_same_input_gives_byte_identical_json() -> None:
    """Two runs, and a run on a re-read copy, give the same JSON bytes."""
    problem = pl.datasets.load("luvn")
    first = pl.solve(problem, seed=3).model_dump_json()
    again = pl.Problem.model_validate_json(problem.model_dump_json())
    assert pl.solve(again, seed=3).model_dump_json() == first
    cp = [pl.solve(problem, engine="cpsat", workers=1, seed=3).model_dump_json() for _ in range(2)]
    assert cp[0] == cp[1]


def test_runtime_is_measured_but_not_serialised() -> None:
    """Runtime is on the result and kept out of its JSON (it is a measurement)."""
    result = pl.solve(pl.datasets.load("luvn"))
    assert result.runtime > 0
    assert "runtime" not in result.model_dump_json()


def _problem(clients: list[dict], units: list[dict]) -> pl.Problem:
    return pl.Problem.model_validate(
        {"reference_date": "2026-01-05", "units": units, "clients": clients}
    )


def _unit(uid: str, lat: float, capacity: int = 1, **extra: object) -> dict:
    return {
        "id": uid,
        "municipality": "Espoo",
        "location": {"lat": lat, "lon": 24.6},
        "offers": {"communal": None},
        "capacity": capacity,
        **extra,
    }


def _client(cid: str, **extra: object) -> dict:
    base = {
        "id": cid,
        "municipality": "Espoo",
        "location": {"lat": 60.2, "lon": 24.6},
        "queued_since": "2025-06-01",
    }
    return {**base, **extra}


def test_tier_one_dominates_lower_tiers() -> None:
    """Placing two clients beats one perfect placement, however the lower tiers pull.

    c1 ranks the only place it can reach first; c2 could take that place or a far, unranked
    one. A weighted objective with heavy rank and distance weights would give c2 the near
    place and leave c1 waiting; the dominant first tier must not.
    """
    problem = _problem(
        [
            _client("c1", preferences=["near"], only_ranked=True),
            _client("c2", preferences=["near"], queued_since="2023-01-01"),
        ],
        [_unit("near", 60.2), _unit("far", 60.9)],
    ).model_copy(
        update={"weights": pl.Weights(rank_step=10_000, per_km=10_000, waited_per_day=10_000)}
    )
    result = pl.solve(problem)
    assert {(a.client_id, a.unit_id) for a in result.assignments} == {("c1", "near"), ("c2", "far")}
    assert result.tiers["placed"] == 2


def test_urgent_client_wins_the_last_place() -> None:
    """With one place and equal everything else, the urgent client gets it."""
    problem = _problem(
        [_client("c1", queued_since="2020-01-01"), _client("c2", urgency=3)], [_unit("u", 60.2)]
    )
    assert [a.client_id for a in pl.solve(problem).assignments] == ["c2"]


def test_move_in_dates_follow_places_and_priority() -> None:
    """The higher-priority client moves into the earlier place; the other waits for the leaver."""
    problem = _problem(
        [_client("c1"), _client("c2", urgency=2)],
        [_unit("u", 60.2, capacity=2, incumbents=[{"id": "r1", "leaves_on": "2026-04-01"}])],
    )
    result = pl.solve(problem)
    assert result.assignment_of("c2").move_in == dt.date(2026, 1, 5)  # type: ignore[union-attr]
    assert result.assignment_of("c1").move_in == dt.date(2026, 4, 1)  # type: ignore[union-attr]
    assert result.tiers["days_to_move_in"] == (dt.date(2026, 4, 1) - dt.date(2026, 1, 5)).days


def test_least_restrictive_class_wins() -> None:
    """A unit offering several sufficient classes gives the cheapest (lowest) one."""
    problem = _problem(
        [_client("c1", needs={"daily_living": 2})],
        [_unit("u", 60.2, offers={"communal": None, "24h-1": None, "24h-2": None})],
    )
    assert pl.solve(problem).assignments[0].service_class == "24h-1"


def test_flow_engine_refuses_side_constraints() -> None:
    """The flow engine cannot express linked clients and says which engine can."""
    problem = _problem(
        [_client("c1", linked_with=["c2"]), _client("c2")], [_unit("u", 60.2, capacity=2)]
    )
    with pytest.raises(pl.UnsupportedProblemError, match="use engine 'auto' or 'cpsat'"):
        pl.solve(problem, engine="flow")


def test_overflowing_weights_are_refused() -> None:
    """Weights that would push integer costs past 2^62 raise SolveError, not a wrong answer."""
    problem = pl.datasets.load("luvn").model_copy(
        update={"weights": pl.Weights(waited_per_day=1e12)}
    )
    with pytest.raises(pl.SolveError, match="2\\^62"):
        pl.solve(problem)


def test_empty_problem_solves() -> None:
    """No clients: an optimal, empty result."""
    result = pl.solve(_problem([], [_unit("u", 60.2)]))
    assert result.assignments == ()
    assert result.unplaced == ()
    assert result.objective == 0


def test_engine_objective_matches_result_tiers() -> None:
    """The reported objective is the sum of the chosen edges' costs and the places' delays."""
    problem = pl.datasets.load("luvn")
    result = pl.solve(problem)
    cands = candidates.build(problem)
    s = score(problem, cands)
    by_pair = {
        (problem.clients[c].id, problem.units[u].id): e
        for e, (c, u) in enumerate(zip(cands.client, cands.unit, strict=True))
    }
    chosen = np.array([by_pair[a.client_id, a.unit_id] for a in result.assignments])
    ref = problem.reference_date
    delay = sum(
        round(POINTS_PER_UNIT * problem.weights.delay_per_day * (a.move_in - ref).days)
        for a in result.assignments
        if a.move_in
    )
    assert result.objective == int(s.edge[chosen].sum()) + delay
