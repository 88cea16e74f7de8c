"""Policy metrics, with justified envy checked against its definition."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import placement as pl
from placement.check import check
from placement.metrics import metrics
from placement.policies import POLICIES
from tests.strategies import problems
from tests.test_solve import _client, _problem, _unit, _valid_pairs


def _rank(c: pl.Client, uid: str | None) -> float:
    """c's rank of unit ``uid`` (unranked units after every ranked one; waiting is worst)."""
    if uid is None:
        return float("inf")
    return c.ranks().get(uid, len(c.preferences) + 1)


def _priority(c: pl.Client, u: pl.Unit) -> tuple[int, int, int]:
    """c's priority at u, smaller first: same municipality where u has that rule, urgency, queue."""
    local = "same_municipality" in u.priority and c.municipality == u.municipality
    return (0 if local else 1, -c.urgency, c.queued_since.toordinal())


def _envy_by_definition(problem: pl.Problem, result: pl.Result) -> int:
    """Envious (client, unit) pairs, with feasibility decided by the checker alone."""
    pairs = _valid_pairs(problem)
    home = {a.client_id: a.unit_id for a in result.assignments}
    count = 0
    for i, c in enumerate(problem.clients):
        for j, u in enumerate(problem.units):
            if (i, j) not in pairs or _rank(c, u.id) >= _rank(c, home.get(c.id)):
                continue
            holders = [problem.client_by_id[d] for d, h in home.items() if h == u.id]
            count += any(_priority(c, u) < _priority(d, u) for d in holders)
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


def _blocking_by_definition(problem: pl.Problem, result: pl.Result) -> tuple[int, int]:
    """(envious, wasteful) pairs, a move counted only when the checker accepts the moved result.

    c envies u when some holder of lower priority at u could give c its place; the pair is
    wasteful when c could take a place u leaves unused. c moves alone, keeping the class the
    checker finds cheapest for it at u; all other assignments stay.
    """
    pairs = _valid_pairs(problem)
    home = {a.client_id: a.unit_id for a in result.assignments}

    def accepted(kept: list[pl.Assignment], move: pl.Assignment) -> bool:
        placed = {a.client_id for a in kept} | {move.client_id}
        moved = pl.Result(
            policy="moved",
            status=pl.Status.FEASIBLE,
            assignments=(*kept, move),
            unplaced=tuple(c.id for c in problem.clients if c.id not in placed),
        )
        return check(problem, moved) == []

    envy = waste = 0
    for i, c in enumerate(problem.clients):
        for j, u in enumerate(problem.units):
            if (i, j) not in pairs or _rank(c, u.id) >= _rank(c, home.get(c.id)):
                continue
            others = [a for a in result.assignments if a.client_id != c.id]
            at_u = [a for a in others if a.unit_id == u.id]
            envy += any(
                _priority(c, u) < _priority(problem.client_by_id[d.client_id], u)
                and accepted(
                    [a for a in others if a is not d],
                    pl.Assignment(
                        client_id=c.id, unit_id=u.id, service_class=pairs[i, j], move_in=d.move_in
                    ),
                )
                for d in at_u
            )
            places = u.vacancies(problem.reference_date, problem.horizon_end)
            if len(places) > len(at_u):
                last = max(p.available_from for p in places)
                waste += accepted(
                    others,
                    pl.Assignment(
                        client_id=c.id, unit_id=u.id, service_class=pairs[i, j], move_in=last
                    ),
                )
    return envy, waste


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    problems(max_clients=6, max_units=3, side_constraints=True),
    st.sampled_from(sorted(POLICIES)),
    st.data(),
)
def test_blocking_pairs_match_the_checker_with_side_constraints(
    problem: pl.Problem, policy: str, data: st.DataObject
) -> None:
    """With side constraints, the envious and wasteful pair counts equal a count of the single
    moves the independent checker accepts.

    The result is a policy's, with some placed clients (whole linked groups) sent back to wait,
    which leaves places unused and holders of lower priority: still valid, seldom stable.
    """
    result = pl.solve(problem, policy=policy, seed=1)
    placed = sorted(a.client_id for a in result.assignments)
    chosen = data.draw(st.sets(st.sampled_from(placed)) if placed else st.just(set()))
    dropped = set(chosen).union(*(g for g in problem.linked_groups() if set(g) & chosen))
    result = pl.Result(
        policy=policy,
        status=pl.Status.FEASIBLE,
        assignments=tuple(a for a in result.assignments if a.client_id not in dropped),
        unplaced=(*result.unplaced, *sorted(dropped)),
    )
    assert check(problem, result) == []
    overall = metrics(problem, result)["overall"]
    assert (overall["justified_envy_pairs"], overall["wasteful_pairs"]) == (
        _blocking_by_definition(problem, result)
    )


def _blocking(
    capacity: int, c1: dict | None = None, c2: dict | None = None, c3: dict | None = None
) -> tuple[int, int]:
    """(envy pairs, wasteful pairs) when urgent c1 waits for unit u, held by c2 (normal) and c3
    (more urgent than c1, so never displaced); ``c1``-``c3`` add fields, ``capacity`` is u's."""
    problem = _problem(
        [
            _client("c1", urgency=2, preferences=["u"], **(c1 or {})),
            _client("c2", **(c2 or {})),
            _client("c3", urgency=3, **(c3 or {})),
            _client("c4", excluded_units=["u"]),  # can live nowhere
        ],
        [_unit("u", 60.2, capacity, composition=[{"tag": "x", "at_most": 1}])],
    )
    hand = pl.Result(
        policy="hand",
        status=pl.Status.FEASIBLE,
        unplaced=("c1", "c4"),
        assignments=tuple(
            pl.Assignment(client_id=c, unit_id="u", service_class="communal") for c in ("c2", "c3")
        ),
    )
    overall = metrics(problem, hand)["overall"]
    assert overall["blocking_pairs"] == overall["justified_envy_pairs"] + overall["wasteful_pairs"]
    return overall["justified_envy_pairs"], overall["wasteful_pairs"]


def test_blocking_pairs_count_only_moves_the_side_constraints_allow() -> None:
    """c1 envies u (c2 is below it there) and u's free place is wasted on it, unless moving c1
    alone into u breaks a side constraint."""
    assert _blocking(2) == (1, 0)
    assert _blocking(3) == (1, 1)
    # incompatible with the displaced c2: displacing c2 resolves it, the free place does not
    assert _blocking(3, {"incompatible_with": ["c2"]}) == (1, 0)
    # incompatible with c3, who stays whoever else leaves
    assert _blocking(3, {"incompatible_with": ["c3"]}) == (0, 0)
    # linked with a waiting client: c1 cannot move alone
    assert _blocking(3, {"linked_with": ["c4"]}) == (0, 0)
    # c2 linked with c3: c2 cannot give up its place alone
    assert _blocking(2, c2={"linked_with": ["c3"]}) == (0, 0)
    # composition: u takes one resident tagged x; c3 has it, c2 does not
    assert _blocking(3, {"tags": ["x"]}) == (1, 1)
    assert _blocking(3, {"tags": ["x"]}, c3={"tags": ["x"]}) == (0, 0)


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


def test_a_pinned_client_is_ahead_in_every_units_priority() -> None:
    """Justified envy uses the policies' priority order, overrides first: a more urgent client
    who loses a place to a pin has no justified envy; without the pin the same outcome has."""
    problem = _problem(
        [_client("c1", urgency=2, preferences=["a"]), _client("c2", preferences=["a"])],
        [_unit("a", 60.2)],
    )
    pinned = problem.model_copy(update={"overrides": {"pins": {"c2": "a"}}})
    result = pl.solve(pinned, policy="priority")
    assert [a.client_id for a in result.assignments] == ["c2"]
    assert metrics(pinned, result)["overall"]["justified_envy"] == 0
    assert (
        metrics(problem, result.model_copy(update={"audit": None}))["overall"]["justified_envy"]
        == 1
    )
