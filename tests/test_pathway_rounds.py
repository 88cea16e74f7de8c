"""A year of weekly rounds on the tracker, on SQLite and on PostgreSQL.

Arrivals, answers (accept, decline, no answer until the offer expires), move-ins, move-outs and
withdrawals are drawn from one seeded stream; the test keeps its own ledger of who lives where.
Every week: the round's result passes the checker, no place is lived in or held twice, no
resident is lost, every offer is traceable to the round's result; afterwards every round is
reproduced from the store alone.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import placement as pl
from placement.pathway import Tracker
from placement.pathway.queue import settings_of
from placement.pathway.rounds import reproduce_rounds, run_round
from tests.pathway import postgres

START = dt.date(2026, 1, 5)  # a Monday
WEEKS = 52


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with postgres.server() as url:
        yield url


def _step(tracker: Tracker, case: str, stage: str, at: dt.datetime, **attributes: str) -> None:
    role = tracker.graph.stage_by_id[stage].role
    tracker.record(case, stage, at, role=role, resource="w1", attributes=attributes or None)


def _arrive(tracker: Tracker, client: pl.Client, day: dt.date) -> None:
    at = dt.datetime.combine(day, dt.time(9))
    tracker.open_case(
        client.id,
        at,
        municipality=client.municipality,
        social_worker="w1",
        placement_worker="w1",
        client=client,
    )
    for hour, stage in enumerate(("needs_assessment", "housing_panel", "search"), start=10):
        _step(tracker, client.id, stage, at.replace(hour=hour))


def _year(tracker: Tracker, seed: int = 7) -> list[pl.pathway.rounds.Round]:
    rng = np.random.default_rng(seed)
    pool = pl.datasets.synthetic(n_clients=500, n_units=8, seed=seed)
    tracker.add_units(pool.units, START - dt.timedelta(days=30))
    lives = {r.id: u.id for u in pool.units for r in u.incumbents}  # the test's own ledger
    capacity = {u.id: u.capacity for u in pool.units}
    arrivals = iter(pool.clients)
    rounds = []
    for week in range(WEEKS):
        day = START + dt.timedelta(weeks=week)
        for _ in range(rng.poisson(4)):
            _arrive(tracker, next(arrivals), day - dt.timedelta(days=3))
        done = run_round(tracker, day, **settings_of(pool))
        assert done.new
        assert done.result is not None
        assert done.problem is not None
        rounds.append(done)
        assert pl.check(done.problem, done.result) == []
        after = tracker.state(dt.datetime.combine(day, dt.time(0, 0, 1)))
        assert after.residents == lives  # no resident lost or made up
        used = Counter(after.residents.values()) + Counter(after.holds.values())
        assert all(used[u] <= capacity[u] for u in used), used  # no place given twice
        offers = [
            e
            for e in tracker.events()
            if e.stage == "offer" and e.attributes.get("run_id") == done.run_id
        ]
        assert len(offers) == done.offers
        proposed = {(a.client_id, a.unit_id) for a in done.result.assignments}
        for offer in offers:
            assert (offer.case_id, offer.attributes["unit"]) in proposed
            assert offer.attributes["result_sha256"] == done.result_sha256
            assert offer.attributes["problem_sha256"] == done.problem_sha256
        _week(tracker, rng, day, offers, lives, set(after.queue))
    return rounds


def _week(
    tracker: Tracker,
    rng: np.random.Generator,
    day: dt.date,
    offers: list[pl.pathway.Event],
    lives: dict[str, str],
    queue: set[str],
) -> None:
    """The answers, moves and withdrawals of the week after a round."""
    at = dt.datetime.combine(day, dt.time(12))
    for offer in offers:
        draw = rng.random()
        if draw < 0.15:
            tracker.answer(offer.case_id, "decline", at + dt.timedelta(days=1), resource="w1")
        elif draw < 0.25:
            continue  # no answer: the offer expires before a later round
        else:
            tracker.answer(offer.case_id, "accept", at + dt.timedelta(days=1), resource="w1")
            _step(tracker, offer.case_id, "client_plan", at + dt.timedelta(days=2))
            _step(tracker, offer.case_id, "service_class_negotiation", at + dt.timedelta(days=3))
            tracker.move_in(offer.case_id, at + dt.timedelta(days=4), resource="w1")
            lives[offer.case_id] = offer.attributes["unit"]
    for resident in sorted(lives):
        if rng.random() < 0.03:
            assert tracker.move_out(resident, at + dt.timedelta(days=5)) == lives.pop(resident)
    for case in sorted(queue):
        if rng.random() < 0.01:
            _step(tracker, case, "withdrawn", at + dt.timedelta(days=2))


def _check_year(tracker: Tracker) -> None:
    rounds = _year(tracker)
    assert len(rounds) == WEEKS
    written = sum(r.offers for r in rounds)
    expired = sum(r.expired for r in rounds)
    assert written > 100
    assert expired > 5
    assert all(r.report is not None and r.report.refused == [] for r in rounds)  # consistent
    assert reproduce_rounds(tracker) == []
    again = run_round(tracker, START)
    assert not again.new
    assert again.run_id == rounds[0].run_id


def test_a_year_of_rounds_on_sqlite(tmp_path: Path) -> None:
    _check_year(Tracker(tmp_path / "year.sqlite"))


def test_a_year_of_rounds_on_postgresql(pg_url: str) -> None:
    _check_year(Tracker(pg_url))


def test_offers_are_written_or_refused_case_by_case(tmp_path: Path) -> None:
    """A withdrawn case is refused with its reason and the others are written; a result whose
    state has changed since is refused whole, and nothing is written."""
    tracker = Tracker(tmp_path / "offers.sqlite")
    pool = pl.datasets.synthetic(n_clients=30, n_units=8, seed=7)
    tracker.add_units(pool.units, START - dt.timedelta(days=30))
    for client in pool.clients:
        _arrive(
            tracker, client.model_copy(update={"linked_with": ()}), START - dt.timedelta(days=3)
        )
    problem = tracker.to_problem(as_of=START, **settings_of(pool))
    result = pl.solve(problem)
    assert len(result.assignments) >= 2
    gone = result.assignments[0].client_id
    late = dt.datetime.combine(START, dt.time(8))
    _step(tracker, gone, "withdrawn", late)  # after the round's moment: the state is the same
    report = tracker.record_offers(result, problem)
    assert [r.client_id for r in report.refused] == [gone]
    assert "the case has ended at 'withdrawn'" in report.refused[0].reason
    assert len(report.written) == len(result.assignments) - 1
    other = Tracker(tmp_path / "changed.sqlite")
    other.add_units(pool.units, START - dt.timedelta(days=30))
    for client in pool.clients:
        _arrive(other, client.model_copy(update={"linked_with": ()}), START - dt.timedelta(days=3))
    problem = other.to_problem(as_of=START, **settings_of(pool))
    result = pl.solve(problem)
    _step(other, pool.clients[0].id, "withdrawn", START - dt.timedelta(days=1))  # back-dated
    before = len(other.events())
    with pytest.raises(pl.ProblemError, match="has changed since the result was computed"):
        other.record_offers(result, problem)
    assert len(other.events()) == before
