"""Matching policies: validity, order, stability, and agreement with the `matching` package."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from matching.games import HospitalResident

import placement as pl
from placement import candidates
from placement.check import check
from placement.metrics import metrics
from placement.policies import POLICIES
from placement.policies.deferred_acceptance import stable_edges
from placement.policies.market import Market, market, preference_lists
from tests.strategies import problems
from tests.test_solve import _client, _problem, _unit

SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


@SLOW
@given(problems(max_clients=7, max_units=4))
def test_every_policy_passes_the_checker(problem: pl.Problem) -> None:
    """Each policy's result is valid and accounts for every client."""
    assume(not problem.side_constraints())
    for name in POLICIES:
        result = pl.solve(problem, policy=name, seed=1)
        assert check(problem, result) == [], name
        assert result.policy == name


@SLOW
@given(problems(max_clients=8, max_units=4))
def test_deferred_acceptance_has_no_blocking_pair(problem: pl.Problem) -> None:
    """Stability from the definition: no justified envy and no wasted place someone wants."""
    assume(not problem.side_constraints())
    overall = metrics(problem, pl.solve(problem, policy="deferred_acceptance"))["overall"]
    assert overall["blocking_pairs"] == 0


def _strict_position(mk: Market, cands: candidates.Candidates) -> dict[tuple[int, int], int]:
    """(client, unit) -> position in the client's strict preference list."""
    out = {}
    for i in range(mk.indptr.size - 1):
        for pos, e in enumerate(mk.order[mk.indptr[i] : mk.indptr[i + 1]].tolist()):
            out[int(cands.client[e]), int(cands.unit[e])] = pos
    return out


@pytest.mark.parametrize(
    ("policy", "key"),
    [
        ("fifo", lambda mk, i: (mk.queued[i], mk.lottery[i])),
        ("priority", lambda mk, i: (-mk.urgency[i], mk.queued[i], mk.lottery[i])),
        ("random_serial_dictatorship", lambda mk, i: (mk.lottery[i],)),
    ],
)
@pytest.mark.parametrize("seed", range(3))
def test_serial_policies_follow_their_order(policy: str, key: object, seed: int) -> None:
    """No client is passed over by a later one for a place both could take and it prefers."""
    problem = pl.datasets.synthetic(150, 20, seed=seed)
    cands = candidates.build(problem)
    mk = market(problem, cands, seed)
    pos = _strict_position(mk, cands)
    result = pl.solve(problem, policy=policy, seed=seed)
    index = {c.id: i for i, c in enumerate(problem.clients)}
    units = {u.id: j for j, u in enumerate(problem.units)}
    home = {index[a.client_id]: units[a.unit_id] for a in result.assignments}
    rank = {i: key(mk, i) for i in range(len(problem.clients))}  # type: ignore[operator]
    for earlier in range(len(problem.clients)):
        own = pos.get((earlier, home[earlier]), -1) if earlier in home else np.inf
        for later, u in home.items():
            if rank[later] > rank[earlier] and (earlier, u) in pos:
                assert pos[earlier, u] >= own, (policy, earlier, later, u)


def _as_game(
    problem: pl.Problem, seed: int
) -> tuple[HospitalResident, Market, candidates.Candidates]:
    cands = candidates.build(problem)
    mk = market(problem, cands, seed)
    clients, units, places = preference_lists(mk, cands)
    game = HospitalResident.create_from_dictionaries(
        {f"c{i}": [f"u{j}" for j in pref] for i, pref in clients.items()},
        {f"u{j}": [f"c{i}" for i in pref] for j, pref in units.items()},
        {f"u{j}": k for j, k in places.items()},
    )
    return game, mk, cands


@pytest.mark.parametrize(("n", "m", "seed"), [(400, 20, 0), (120, 15, 1), (300, 30, 2)])
def test_deferred_acceptance_equals_matching_package(n: int, m: int, seed: int) -> None:
    """Same strict preferences and priorities: the same resident-optimal matching."""
    problem = pl.datasets.synthetic(n, m, seed=seed)
    game, mk, cands = _as_game(problem, seed)
    theirs = {(str(r), str(h)) for h, rs in game.solve(optimal="resident").items() for r in rs}
    ours = {(f"c{int(cands.client[e])}", f"u{int(cands.unit[e])}") for e in stable_edges(mk, cands)}
    assert ours == theirs
    assert game.check_stability()


@settings(max_examples=30, deadline=None)
@given(problems(max_clients=6, max_units=3, side_constraints=True))
def test_every_policy_honours_side_constraints(problem: pl.Problem) -> None:
    """Linked, incompatible and composition rules hold in every policy's result."""
    for name in POLICIES:
        assert check(problem, pl.solve(problem, policy=name, seed=2)) == [], name


def test_linked_pair_is_served_as_one_block() -> None:
    """FIFO: the first-queued member's turn places the pair together where both fit."""
    problem = _problem(
        [
            _client("c1", linked_with=["c2"], queued_since="2024-01-01", preferences=["a", "b"]),
            _client("c2"),
            _client("c3", queued_since="2024-06-01", preferences=["b"]),
        ],
        [_unit("a", 60.2), _unit("b", 60.21, capacity=2)],
    )
    homes = {a.client_id: a.unit_id for a in pl.solve(problem, policy="fifo").assignments}
    assert homes["c1"] == homes["c2"] == "b"
    assert homes.get("c3") != "b"  # the pair came first and filled b


def test_lottery_breaks_ties_by_seed() -> None:
    """Two identical clients, one place: the seed decides, and the same seed decides the same."""
    problem = _problem([_client("c1"), _client("c2")], [_unit("u", 60.2)])
    winners = {pl.solve(problem, policy="fifo", seed=s).assignments[0].client_id for s in range(12)}
    assert winners == {"c1", "c2"}
    again = [pl.solve(problem, policy="fifo", seed=5).model_dump_json() for _ in range(2)]
    assert again[0] == again[1]


def test_compare_tabulates_policies_and_seeds() -> None:
    """One row per (policy, seed); DA is stable without side constraints; unknown policies are
    refused up front."""
    problem = pl.datasets.load("luvn")
    table = pl.compare(problem, seeds=(0, 1))
    assert len(table) == 10
    assert set(table["policy"]) == set(POLICIES)
    plain = pl.compare(pl.datasets.synthetic(200, 30, seed=4), seeds=(0, 1))
    assert (plain.loc[plain.policy == "deferred_acceptance", "blocking_pairs"] == 0).all()
    assert (table["placed"] > 0).all()
    with pytest.raises(pl.ProblemError, match="lottery"):
        pl.compare(problem, policies=["lottery"])
