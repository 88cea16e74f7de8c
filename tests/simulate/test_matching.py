"""The round's fast path gives what the core gives: the same candidate edges as
``candidates.build`` and the same placements as the registry's serial policies."""

from __future__ import annotations

import numpy as np
import pytest

import placement as pl
from placement import candidates
from placement.policies import POLICIES, SolveOptions
from placement.simulate import Scenario
from placement.simulate.compiled import compile_scenario
from placement.simulate.matching import Round, match, round_candidates


@pytest.fixture(scope="module")
def luvn_round() -> tuple[object, Round, pl.Problem]:
    """A round of LUVN: the start queue less linked and incompatible clients, every unit."""
    problem = pl.datasets.load("luvn")
    c = compile_scenario(Scenario.from_problem(problem))
    # every unit in the round (the core's lottery draws one number per unit of the problem)
    free = np.array([max(1, u.capacity - len(u.incumbents)) for u in problem.units])
    plain = [i for i, cl in enumerate(problem.clients) if not cl.linked_with]
    plain = [i for i in plain if not problem.clients[i].incompatible_with]
    units = np.flatnonzero(free > 0)
    r = Round(
        profiles=np.array(plain, np.int64),
        decided=np.array(
            [(problem.clients[i].queued_since - problem.reference_date).days for i in plain],
            np.float64,
        ),
        units=units,
        free=free[units],
        full=np.zeros(units.size, np.uint64),
        binding=False,
    )
    same = problem.model_copy(
        update={
            "clients": tuple(problem.clients[i] for i in plain),
            "units": tuple(
                u.model_copy(update={"capacity": int(f), "incumbents": (), "opens_on": None})
                for u, f in zip(problem.units, free, strict=True)
            ),
        }
    )
    return c, r, same


def test_round_candidates_equal_a_fresh_build(luvn_round: tuple[object, Round, pl.Problem]) -> None:
    """Sliced edges = candidates.build on the same clients and free places (indices mapped)."""
    c, r, same = luvn_round
    mine = round_candidates(c, r)  # type: ignore[arg-type]
    core = candidates.build(same)
    assert len(mine) == len(core) > 100
    assert np.array_equal(mine.client, core.client)
    assert np.array_equal(r.units[mine.unit], core.unit)
    for name in ("service_class", "rank", "ranked", "distance_km", "daily_price", "indptr"):
        assert np.array_equal(getattr(mine, name), getattr(core, name)), name


@pytest.mark.parametrize("policy", ["fifo", "priority", "random_serial_dictatorship"])
def test_fast_serial_path_places_as_the_policy(
    luvn_round: tuple[object, Round, pl.Problem], policy: str
) -> None:
    """The array path of a serial policy chooses the registry policy's placements."""
    c, r, same = luvn_round
    compiled = c.__class__.__new__(c.__class__)
    compiled.__dict__.update(c.__dict__)
    object.__setattr__(compiled, "policy", policy)
    rows, cols, _ = match(
        compiled, r, np.random.default_rng(7), lambda: ([], same.reference_date, [])
    )  # type: ignore[arg-type]
    mine = sorted(
        (same.clients[i].id, same.units[r.units[j]].id) for i, j in zip(rows, cols, strict=True)
    )
    result = POLICIES[policy](same, candidates.build(same), SolveOptions(seed=7))
    theirs = sorted((a.client_id, a.unit_id) for a in result.assignments)
    assert len(mine) > 10
    assert mine == theirs
