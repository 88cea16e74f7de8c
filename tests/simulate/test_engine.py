"""Engine behaviour: every policy runs, seasonality, closures, openings, linked clients."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import placement as pl
from placement.policies import POLICIES
from placement.simulate import AddPlaces, CloseUnit, Scenario, run
from tests.simulate.queues import mmc


@pytest.fixture(scope="module")
def luvn() -> Scenario:
    return Scenario.from_problem(pl.datasets.load("luvn"), horizon_days=180.0)


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_every_policy_runs_and_keeps_capacity(luvn: Scenario, policy: str) -> None:
    """Each registry policy matches rounds; no unit ever holds more residents than places."""
    result = run(luvn.model_copy(update={"policy": policy}), replications=2, seed=1)
    assert (result.waits["outcome"] == "placed").sum() > 0
    u = result.utilisation
    assert (u["occupied"] <= u["capacity"]).all()


def test_linked_clients_move_into_one_unit(luvn: Scenario) -> None:
    """Linked clients of the start queue move into one unit together, unless a partner left
    the queue first (side constraints reach the policy through the round's Problem; a linked
    group accepts or declines an offer as one)."""
    problem = luvn.problem
    groups = problem.linked_groups()
    assert groups
    result = run(
        luvn.model_copy(update={"horizon_days": 400.0}), replications=3, seed=2, reveal_ids=True
    )
    assert result.real_ids is not None
    real = result.waits["client_id"].map(lambda i: result.real_ids.get(i, i))  # type: ignore[union-attr]
    w = result.waits.assign(client_id=real).set_index(["replication", "client_id"])
    together = 0
    for rep in range(3):
        for group in groups:
            rows = w.loc[[(rep, c) for c in group]]
            placed = rows[rows["outcome"] == "placed"]
            if placed.empty:
                continue
            assert placed["unit_id"].nunique() == 1, (rep, group)
            together += len(placed) == len(group)
            others = rows[rows["outcome"] != "placed"]
            moved = (placed["decided_day"] + placed["wait_days"]).min()
            assert (others["outcome"] == "exited").all(), (rep, group)
            assert ((others["decided_day"] + others["wait_days"]) <= moved).all(), (rep, group)
    assert together >= 2


def test_seasonality_moves_arrivals() -> None:
    """With arrivals only in March, every simulated decision falls in March."""
    s = mmc(0.5, 0.1, 10, horizon=700.0, warmup=0.0).model_copy(
        update={"seasonality": (0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0)}
    )
    waits = run(s, replications=2, seed=0).waits
    assert len(waits) > 100
    assert set(waits["decided"].dt.month) == {3}
    per_year = len(waits) / 2 / (700 / 365.25)
    assert per_year == pytest.approx(0.5 * 365.25, rel=0.15)  # the mean factor is 1


def test_closure_and_opening_dates() -> None:
    """A unit closed from day 0 admits no one; places added from a date admit only after it."""
    base = mmc(0.2, 0.1, 3, horizon=300.0, warmup=0.0)
    start = base.problem.reference_date
    closed = base.with_changes(CloseUnit(unit="u1", on=start))
    assert (run(closed, replications=2, seed=0).waits["outcome"] != "placed").all()
    later = closed.with_changes(
        AddPlaces(
            municipality="A",
            service_class="communal",
            count=5,
            from_date=start + dt.timedelta(days=100),
        )
    )
    w = run(later, replications=2, seed=0).waits
    placed = w[w["outcome"] == "placed"]
    assert len(placed) > 10
    assert set(placed["unit_id"]) == {"new-A-communal-1"}
    moved_in = placed["decided_day"] + placed["wait_days"]
    assert np.all(moved_in >= 100)


def _most_at_once(intervals: list[tuple[float, float]]) -> int:
    """Largest number of intervals [start, end) open at one time."""
    events = sorted([(a, 1) for a, _ in intervals] + [(b, -1) for _, b in intervals])
    here = most = 0
    for _, step in events:
        here += step
        most = max(most, here)
    return most


@pytest.mark.parametrize("policy", ["fifo", "optimal"])
def test_composition_limit_holds_over_time(policy: str) -> None:
    """At most one resident with the tag at a time: tagged clients wait while one lives there,
    untagged ones fill the other places (the limit reaches rounds as full or binding)."""
    from placement.model import Client, CompositionRule, Problem, Unit
    from placement.simulate.compiled import compile_scenario
    from placement.simulate.engine import replicate
    from tests.simulate.queues import HERE, REF

    tag = "challenging_behaviour_support"
    unit = Unit(
        id="u1",
        municipality="A",
        location=HERE,
        offers={"communal": None},
        capacity=3,
        composition=(CompositionRule(tag=tag, at_most=1),),
    )
    clients = (
        Client(id="t", municipality="A", location=HERE, queued_since=REF, tags=(tag,)),
        Client(id="p", municipality="A", location=HERE, queued_since=REF),
    )
    s = mmc(0.3, 0.02, 3, horizon=1500.0, warmup=0.0).model_copy(
        update={
            "problem": Problem(reference_date=REF, units=(unit,), clients=clients),
            "policy": policy,
        }
    )
    c = compile_scenario(s)
    raw = replicate(c, np.random.SeedSequence(4), trace=True)
    moved_in = {i: t for i, stage, t, _, _, _ in raw["trace"] if stage == "move_in"}
    moved_out = {i: t for i, stage, t, _, _, _ in raw["trace"] if stage == "moved_out"}
    stays = {i: (t, moved_out.get(i, np.inf)) for i, t in moved_in.items()}
    tagged = [v for i, v in stays.items() if raw["profile"][i] == 0]
    assert len(tagged) >= 3
    assert _most_at_once(tagged) == 1
    assert _most_at_once(list(stays.values())) == 3
