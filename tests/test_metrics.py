"""Policy metrics, with justified envy checked against its definition."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings

import placement as pl
from placement.metrics import metrics
from tests.strategies import problems
from tests.test_solve import _client, _problem, _unit, _valid_pairs


def _envy_by_definition(problem: pl.Problem, result: pl.Result) -> int:
    """Envious (client, unit) pairs, with feasibility decided by the checker alone."""
    pairs = _valid_pairs(problem)
    home = {a.client_id: a.unit_id for a in result.assignments}

    def rank(c: pl.Client, uid: str | None) -> float:
        if uid is None:
            return float("inf")
        return c.ranks().get(uid, len(c.preferences) + 1)

    def priority(c: pl.Client, u: pl.Unit) -> tuple[int, int, int]:
        local = "same_municipality" in u.priority and c.municipality == u.municipality
        return (0 if local else 1, -c.urgency, c.queued_since.toordinal())

    count = 0
    for i, c in enumerate(problem.clients):
        for j, u in enumerate(problem.units):
            if (i, j) not in pairs or rank(c, u.id) >= rank(c, home.get(c.id)):
                continue
            holders = [problem.client_by_id[d] for d, h in home.items() if h == u.id]
            count += any(priority(c, u) < priority(d, u) for d in holders)
    return count


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(problems(max_clients=6, max_units=3))
def test_justified_envy_matches_definition(problem: pl.Problem) -> None:
    """The vectorised envy count equals a pair-by-pair count from the definition."""
    assume(not problem.side_constraints())
    result = pl.solve(problem)
    assert metrics(problem, result)["overall"]["justified_envy_pairs"] == _envy_by_definition(
        problem, result
    )


def test_envy_of_an_urgent_client_passed_over() -> None:
    """An urgent client left waiting while a normal one holds their ranked place envies."""
    problem = _problem(
        [_client("c1", urgency=3, preferences=["u"]), _client("c2")], [_unit("u", 60.2)]
    )
    unfair = pl.Result(
        policy="hand",
        status=pl.Status.FEASIBLE,
        unplaced=("c1",),
        assignments=(pl.Assignment(client_id="c2", unit_id="u", service_class="communal"),),
    )
    overall = metrics(problem, unfair)["overall"]
    assert overall["justified_envy"] == 1
    assert overall["justified_envy_pairs"] == 1
    assert metrics(problem, pl.solve(problem))["overall"]["justified_envy"] == 0


def test_rank_distribution_distance_cost_and_waits() -> None:
    """Hand-checkable figures: ranks, km, EUR/day, days waited and to move in, utilisation."""
    problem = _problem(
        [
            _client("c1", preferences=["a"], queued_since="2025-01-05"),
            _client("c2", preferences=["x", "b"], queued_since="2025-07-05"),
            _client("c3", queued_since="2025-12-05"),
        ],
        [
            _unit("a", 60.2),
            _unit("b", 60.2, incumbents=[{"id": "r", "leaves_on": "2026-02-04"}]),
            _unit("c", 60.2),
            _unit("x", 60.3, capacity=0),
        ],
    )
    result = pl.solve(problem)
    o = metrics(problem, result)["overall"]
    assert (o["placed"], o["rank_1"], o["rank_2"], o["rank_3plus"], o["unranked"]) == (
        3,
        1,
        1,
        0,
        1,
    )
    assert o["daily_cost_eur"] == 3 * 97.0
    assert o["mean_days_waited"] == round((365 + 184 + 31) / 3, 1)
    assert o["mean_days_to_move_in"] == round(30 / 3, 1)
    assert o["max_distance_km"] < 1
    assert o["utilisation"] == 1.0


def test_groups_partition_the_clients() -> None:
    """By municipality and by class, the groups add up to every client."""
    problem = pl.datasets.load("luvn")
    m = metrics(problem, pl.solve(problem))
    total = m["overall"]["clients"]
    assert sum(g["clients"] for g in m["by_municipality"].values()) == total
    assert sum(g["clients"] for g in m["by_service_class"].values()) == total
    assert sum(g["placed"] for g in m["by_service_class"].values()) == m["overall"]["placed"]
