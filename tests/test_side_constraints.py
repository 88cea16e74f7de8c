"""Side constraints: linked clients, client incompatibilities, binding composition limits."""

from __future__ import annotations

import importlib
import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings

import placement as pl
from placement import candidates
from placement.candidates import Candidates
from placement.check import check
from placement.engines import Network, flow, milp
from placement.engines.side import Side
from placement.objective import score
from placement.policies.base import build_result
from tests.strategies import problems
from tests.test_solve import _client, _problem, _unit, _valid_pairs, brute_force

# the module, which ``placement.policies.optimal`` (the policy function) shadows
optimal_policy = importlib.import_module("placement.policies.optimal")


def brute_force_side(problem: pl.Problem) -> int:
    """Best objective over every assignment, and every order of its move-ins, that the
    independent checker accepts in full."""
    pairs = _valid_pairs(problem)
    ids = [c.id for c in problem.clients]
    options = [[None] + [j for (i2, j) in pairs if i2 == i] for i in range(len(ids))]
    ref = problem.reference_date
    best = 0
    for choice in itertools.product(*options):
        by_unit: dict[int, list[int]] = {}
        for i, j in enumerate(choice):
            if j is not None:
                by_unit.setdefault(j, []).append(i)
        datings = []
        for j, members in by_unit.items():
            dates = [v.available_from for v in problem.units[j].vacancies(ref, problem.horizon_end)]
            if len(members) > len(dates):
                break
            datings.append(
                [
                    [
                        pl.Assignment(
                            client_id=ids[i],
                            unit_id=problem.units[j].id,
                            service_class=pairs[i, j],
                            move_in=day,
                        )
                        for i, day in zip(members, days, strict=True)
                    ]
                    for days in set(itertools.permutations(dates, len(members)))
                ]
            )
        else:
            for dating in itertools.product(*datings):
                result = pl.Result(
                    policy="brute",
                    status=pl.Status.FEASIBLE,
                    assignments=tuple(a for part in dating for a in part),
                    unplaced=tuple(ids[i] for i, j in enumerate(choice) if j is None),
                )
                if not check(problem, result):
                    best = min(best, _objective(problem, result))
    return best


def _objective(problem: pl.Problem, result: pl.Result) -> int:
    """Objective of a valid result, written out from docs/objective.md."""
    from placement import candidates
    from placement.objective import POINTS_PER_UNIT, score

    w = problem.weights
    ref = problem.reference_date
    tier1 = score(problem, candidates.build(problem)).tier1
    total = 0
    for a in result.assignments:
        c, u = problem.client_by_id[a.client_id], problem.unit_by_id[a.unit_id]
        price = u.offers[a.service_class]
        price = price if price is not None else problem.class_by_id[a.service_class].daily_price
        rank = c.ranks().get(u.id, len(c.preferences) + 1)
        km = pl.model.haversine_km(c.location, u.location)
        total += -tier1 * w.urgency[c.urgency] + round(
            POINTS_PER_UNIT
            * (
                -w.waited_per_day * (ref - c.queued_since).days
                + w.rank_step * rank
                + w.per_km * km
                + w.per_eur_day * price
            )
        )
        total += round(POINTS_PER_UNIT * w.delay_per_day * (a.move_in - ref).days)
    return total


SIDE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SIDE
@given(problems(max_clients=6, max_units=3, side_constraints=True))
def test_side_constrained_results_are_valid(problem: pl.Problem) -> None:
    """With every kind of side constraint, the optimal policy's result passes the checker."""
    result = pl.solve(problem)
    assert check(problem, result) == []
    _assert_honest(result)


@SIDE
@given(problems(max_clients=5, max_units=3, side_constraints=True))
def test_side_constrained_objective_equals_brute_force(problem: pl.Problem) -> None:
    """On tiny instances the optimum equals enumeration of every checker-valid assignment.

    Where a composition limit makes a tagged newcomer wait for a tagged resident to leave, the
    engines' optimum counted the earlier place, so the result may be only ``feasible``: its
    bound must then still be below the true optimum, and its objective above it."""
    assume(problem.side_constraints())
    result, best = pl.solve(problem), brute_force_side(problem)
    _assert_honest(result)
    if result.status is pl.Status.OPTIMAL:
        assert result.objective == best
    else:
        assert result.bound is not None
        assert result.bound <= best <= (result.objective or 0)


def _assert_honest(result: pl.Result) -> None:
    """Optimal, or feasible with a bound strictly below the objective."""
    assert result.status in (pl.Status.OPTIMAL, pl.Status.FEASIBLE)
    if result.status is pl.Status.FEASIBLE:
        assert result.bound is not None
        assert result.objective is not None
        assert result.bound < result.objective


def test_brute_force_helpers_agree_without_side_constraints() -> None:
    """The side-aware brute force equals the plain one where there is nothing to honour."""
    problem = pl.datasets.synthetic(5, 3, seed=3)
    assert brute_force_side(problem) == brute_force(problem)


def test_cpsat_equals_highs_with_side_constraints() -> None:
    """Mid-size instances with every kind: CP-SAT and HiGHS prove the same optimum."""
    for seed in (0, 3, 5):  # seeds whose instances bind every kind
        problem = pl.datasets.synthetic(150, 20, seed=seed, side_constraints=True)
        assert set(problem.side_constraints()) == {"linked", "incompatible", "composition"}
        cp = pl.solve(problem, engine="cpsat")
        highs = pl.solve(problem, engine="highs")
        assert cp.status is highs.status is pl.Status.OPTIMAL
        assert cp.objective == highs.objective
        assert check(problem, cp) == []
        assert check(problem, highs) == []


def test_linked_pair_moves_together_or_not_at_all() -> None:
    """A linked pair and two units with one free place each: neither is placed."""
    one_free = {"capacity": 2, "incumbents": [{"id": "r1"}]}
    problem = _problem(
        [_client("c1", linked_with=["c2"]), _client("c2")],
        [_unit("a", 60.2, **one_free), _unit("b", 60.21)],
    )
    assert pl.solve(problem).assignments == ()
    roomy = _problem(
        [_client("c1", linked_with=["c2"]), _client("c2")],
        [_unit("a", 60.2, **one_free), _unit("b", 60.21, capacity=2)],
    )
    assert {a.unit_id for a in pl.solve(roomy).assignments} == {"b"}


def test_incompatible_clients_are_kept_apart() -> None:
    """Two incompatible clients who both want the same two-place unit: one goes elsewhere."""
    problem = _problem(
        [
            _client("c1", incompatible_with=["c2"], preferences=["a"]),
            _client("c2", preferences=["a"]),
        ],
        [_unit("a", 60.2, capacity=2), _unit("b", 60.3)],
    )
    homes = {a.client_id: a.unit_id for a in pl.solve(problem).assignments}
    assert len(homes) == 2
    assert homes["c1"] != homes["c2"]


def test_composition_limit_binds() -> None:
    """At most one tagged newcomer in a two-place unit: the second tagged client goes elsewhere."""
    problem = _problem(
        [
            _client("c1", tags=["behaviour"], preferences=["a"]),
            _client("c2", tags=["behaviour"], preferences=["a"]),
        ],
        [
            _unit("a", 60.2, capacity=2, composition=[{"tag": "behaviour", "at_most": 1}]),
            _unit("b", 60.3),
        ],
    )
    result = pl.solve(problem)
    assert sorted(a.unit_id for a in result.assignments) == ["a", "b"]
    assert check(problem, result) == []


def test_auto_proves_mid_size_side_constraints_with_highs() -> None:
    """auto sends a side-constrained 2,000 x 300 problem to HiGHS and gets a proof."""
    problem = pl.datasets.synthetic(2000, 300, seed=1, side_constraints=True)
    result = pl.solve(problem)
    assert (result.engine, result.status) == ("highs", pl.Status.OPTIMAL)
    assert check(problem, result) == []


def test_deterministic_mode_gives_identical_json() -> None:
    """Two deterministic CP-SAT runs give byte-identical result JSON."""
    problem = pl.datasets.synthetic(300, 40, seed=2, side_constraints=True)
    runs = [
        pl.solve(problem, engine="cpsat", deterministic=True, seed=7).model_dump_json()
        for _ in range(2)
    ]
    assert runs[0] == runs[1]


def test_time_limited_run_is_feasible_with_a_finite_gap() -> None:
    """Too big to prove in the limit: a valid result, status feasible, a finite positive gap."""
    problem = pl.datasets.synthetic(2000, 300, seed=1, side_constraints=True)
    result = pl.solve(problem, engine="cpsat", time_limit=1)  # proving takes about 17 s
    assert result.status is pl.Status.FEASIBLE
    assert result.gap is not None
    assert 0 < result.gap < 0.05
    assert result.bound is not None
    assert result.bound <= result.objective
    assert check(problem, result) == []


def test_non_binding_side_constraints_are_certified_by_the_relaxation() -> None:
    """When the relaxed optimum keeps every side constraint it is returned as proven optimal."""
    problem = _problem(
        [_client("c1", linked_with=["c2"]), _client("c2")], [_unit("a", 60.2, capacity=2)]
    )
    result = pl.solve(problem)
    assert result.status is pl.Status.OPTIMAL
    assert result.engine == "flow"
    assert {a.unit_id for a in result.assignments} == {"a"}


def _engine_inputs(problem: pl.Problem) -> tuple[Candidates, Network, Side]:
    cands = candidates.build(problem)
    net = Network.build(len(problem.clients), len(problem.units), cands, score(problem, cands))
    return cands, net, Side.build(problem, cands)


def test_tier1_lp_bound_is_valid_and_beats_the_relaxation() -> None:
    """The LP bound never passes the proven optimum, and is tighter than the relaxed flow; the
    LP's support carries at least the tier-1 value the bound allows (each edge is at most 1)."""
    for seed in (0, 3, 5):
        problem = pl.datasets.synthetic(150, 20, seed=seed, side_constraints=True)
        _, net, side = _engine_inputs(problem)
        optimum = milp.solve(net, side).objective
        lp = milp.tier1_relaxation(net, side)
        assert lp is not None
        assert optimum is not None
        assert lp.bound <= optimum
        assert np.all(np.diff(lp.support) > 0)
        assert net.tier1 * net.edge_tier1[lp.support].sum() >= net.least_lower() - lp.bound
    problem = pl.datasets.synthetic(2000, 300, seed=1, side_constraints=True)
    _, net, side = _engine_inputs(problem)
    relaxed, proven = flow.solve(net).objective, milp.solve(net, side).objective
    lp = milp.tier1_relaxation(net, side)
    assert relaxed is not None
    assert proven is not None
    assert lp is not None
    assert relaxed < lp.bound <= proven


def test_auto_on_a_large_problem_narrows_then_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The large-problem path of ``auto``, made to run on a small instance.

    With two edges per client the narrowed model drops edges of linked groups, incompatible
    pairs and composition limits: its solution must still be valid for the whole problem, and
    the final result must reach HiGHS's proven optimum with an honest bound.
    """
    problem = pl.datasets.synthetic(150, 20, seed=3, side_constraints=True)
    cands, net, side = _engine_inputs(problem)
    monkeypatch.setattr(optimal_policy, "AUTO_HIGHS_EDGES", 2 * len(problem.clients))
    relaxed = flow.solve(net).chosen
    hint = optimal_policy._repaired(problem, cands, net, side, relaxed)
    narrowed = optimal_policy._narrowed(net, side, hint, [relaxed], None)
    assert net.objective(narrowed) < net.objective(hint)  # it finds something better here
    as_result = build_result(problem, cands, narrowed, policy="optimal", status=pl.Status.FEASIBLE)
    assert check(problem, as_result) == []

    result = pl.solve(problem, time_limit=60)
    proven = pl.solve(problem, engine="highs")
    assert result.engine == "cpsat"
    assert check(problem, result) == []
    assert result.bound is not None
    assert proven.objective is not None
    assert result.bound <= proven.objective == result.objective


def test_side_restricted_to_some_edges_keeps_exactly_what_applies() -> None:
    """Restricting to a random 60% of the edges: pairs, groups and limits map one to one."""
    problem = pl.datasets.synthetic(300, 40, seed=2, side_constraints=True)
    _, net, side = _engine_inputs(problem)
    n_edges = net.edge_client.size
    edges = np.flatnonzero(np.random.default_rng(0).random(n_edges) < 0.6)
    sub = side.restrict(edges, n_edges)
    old = {int(k): int(e) for k, e in enumerate(edges)}  # new index -> original edge
    kept = set(old.values())

    assert {tuple(sorted((old[a], old[b]))) for a, b in sub.apart.tolist()} == {
        (a, b) for a, b in side.apart.tolist() if a in kept and b in kept
    }
    whole, partial = [], set()
    for columns in side.group_edges:
        for column in columns.T.tolist():
            inside = [e for e in column if e in kept]
            if len(inside) == len(column):
                whole.append(column)
            else:
                partial |= set(inside)
    assert sorted(whole) == sorted(
        [old[e] for e in column] for columns in sub.group_edges for column in columns.T.tolist()
    )
    assert {old[e] for e in sub.banned.tolist()} == partial | (set(side.banned.tolist()) & kept)
    expected = [(room, sorted(set(tagged.tolist()) & kept)) for room, tagged in side.limits]
    assert [(room, sorted(old[e] for e in tagged.tolist())) for room, tagged in sub.limits] == [
        (room, tagged) for room, tagged in expected if len(tagged) > room
    ]
    # the sample exercises every kind
    assert partial
    assert sub.apart.size
    assert sub.limits
