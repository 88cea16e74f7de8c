"""One time budget per call: candidates, search, repair and result draw from one Deadline."""

from __future__ import annotations

import importlib
import math
from typing import Any

import numpy as np
import pytest

import placement as pl
from placement import candidates
from placement.deadline import Deadline
from placement.engines import cpsat as cpsat_engine
from placement.engines import flow, milp
from placement.policies import SolveOptions, optimal

optimal_module = importlib.import_module("placement.policies.optimal")


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_every_phase_draws_on_what_the_earlier_phases_left(monkeypatch: Any) -> None:
    """The relaxed flow takes 2 s, HiGHS is then given the 8 s left of a 10 s budget (the
    repair's own flows take no time on this clock)."""
    problem = pl.datasets.synthetic(300, 40, seed=2, side_constraints=True)
    cands = candidates.build(problem)
    clock = FakeClock()
    deadline = Deadline(10.0, clock=clock)
    given: list[float | None] = []
    real_flow, real_milp = flow.solve, milp.solve

    def slow_flow(net: Any) -> Any:
        if not given and clock.now == 0.0:
            clock.now += 2.0
        return real_flow(net)

    def timed_milp(net: Any, side: Any = None, *, time_limit: float | None = None) -> Any:
        given.append(time_limit)
        clock.now += 3.0
        return real_milp(net, side, time_limit=time_limit)

    monkeypatch.setattr(flow, "solve", slow_flow)
    monkeypatch.setattr(milp, "solve", timed_milp)
    result = optimal(problem, cands, SolveOptions(deadline=deadline))
    assert result.engine == "highs"
    assert given == [pytest.approx(8.0)]
    assert deadline.used == {"search": 5.0, "repair": 0.0, "result": 0.0}
    assert deadline.remaining() == pytest.approx(5.0)


def test_solve_reports_the_phases_it_used() -> None:
    problem = pl.datasets.synthetic(300, 40, seed=2, side_constraints=True)
    result = pl.solve(problem, time_limit=60)
    assert list(result.phases) == ["candidates", "search", "repair", "result"]
    assert all(seconds >= 0 for seconds in result.phases.values())
    assert sum(result.phases.values()) <= result.runtime
    assert "phases" not in result.model_dump_json()
    greedy = pl.solve(problem, policy="fifo")
    assert list(greedy.phases) == ["candidates", "search"]


def test_a_limit_spent_while_building_candidates_gives_an_unknown_result() -> None:
    problem = pl.datasets.synthetic(300, 40, seed=3)
    result = pl.solve(problem, time_limit=1e-9)
    assert result.status is pl.Status.UNKNOWN
    assert result.assignments == ()
    assert len(result.unplaced) == 300
    assert pl.check(problem, result) == []
    assert len(pl.solve(problem).assignments) > 0  # nothing half-built was cached


def test_building_candidates_stops_when_the_deadline_is_spent() -> None:
    problem = pl.datasets.synthetic(300, 40, seed=4)
    clock = FakeClock()
    spent = Deadline(1.0, clock=clock)
    clock.now = 2.0
    with pytest.raises(candidates.OutOfTimeError):
        candidates.build(problem, deadline=spent)
    assert len(candidates.build(problem)) > 0


def test_the_size_guard_refuses_before_building() -> None:
    problem = pl.datasets.synthetic(2000, 300, seed=1)
    estimate = candidates.estimate_edges(problem)
    actual = len(candidates.build(problem.model_copy()))
    assert abs(estimate - actual) < 0.2 * actual
    with pytest.raises(pl.ProblemError) as refused:
        pl.solve(problem.model_copy(), max_edges=1000)
    message = str(refused.value)
    assert f"about {estimate:,} candidate pairs" in message
    assert "limit of 1,000" in message
    assert "max_edges" in message


@pytest.mark.parametrize("bad", [math.nan, math.inf, -1.0, 0, "5", True])
def test_time_limit_must_be_positive_and_finite(bad: Any) -> None:
    with pytest.raises(pl.ProblemError, match="time_limit"):
        pl.solve(pl.datasets.synthetic(20, 5, seed=1), time_limit=bad)


def test_forced_highs_out_of_time_returns_the_repaired_start(monkeypatch: Any) -> None:
    """HiGHS finds nothing in its time: the repaired relaxed optimum, feasible, is returned."""
    problem = pl.datasets.synthetic(300, 40, seed=2, side_constraints=True)
    monkeypatch.setattr(
        milp,
        "solve",
        lambda *a, **k: optimal_module.EngineSolution(
            np.zeros(0, np.int64), pl.Status.UNKNOWN, None, None
        ),
    )
    result = pl.solve(problem, engine="highs", time_limit=5)
    assert result.engine == "highs"
    assert result.status in (pl.Status.FEASIBLE, pl.Status.OPTIMAL)
    assert len(result.assignments) > 0
    assert pl.check(problem, result) == []
    assert result.bound is not None
    assert result.objective is not None
    assert result.bound <= result.objective


def test_no_time_to_build_the_cpsat_model_returns_the_repaired_start(monkeypatch: Any) -> None:
    """With less time left than CP-SAT needs to build its model, it is not started."""
    problem = pl.datasets.synthetic(300, 40, seed=2, side_constraints=True)
    cands = candidates.build(problem)
    clock = FakeClock()
    deadline = Deadline(10.0, clock=clock)
    clock.now = 10.0 - 1e-6  # almost spent

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("CP-SAT started without time to build its model")

    monkeypatch.setattr(cpsat_engine, "solve", refuse)
    result = optimal(problem, cands, SolveOptions(engine="cpsat", deadline=deadline))
    assert result.engine == "cpsat"
    assert len(result.assignments) > 0
    assert pl.check(problem, result) == []
    assert result.bound is not None
    assert result.objective is not None
    assert result.bound <= result.objective


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True])
def test_seed_must_be_a_whole_number_not_below_zero(bad: Any) -> None:
    with pytest.raises(pl.ProblemError, match="seed"):
        pl.solve(
            pl.datasets.synthetic(20, 5, seed=1), policy="random_serial_dictatorship", seed=bad
        )
