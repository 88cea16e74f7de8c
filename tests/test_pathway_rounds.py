"""A year of weekly rounds on the tracker, on SQLite and on PostgreSQL (the year and its checks
are in :mod:`tests.weekly`), and offers written or refused case by case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

import placement as pl
from placement.pathway import Tracker
from placement.pathway.queue import settings_of
from placement.pathway.rounds import run_round
from tests.pathway import postgres
from tests.weekly import START, WEEKS, Library, year


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with postgres.server() as url:
        yield url


def _arrive(tracker: Tracker, client: pl.Client, day: dt.date) -> None:
    driver = Library(tracker)
    at = dt.datetime.combine(day, dt.time(9))
    driver.open(client, at)
    for hour, stage in enumerate(("needs_assessment", "housing_panel", "search"), start=10):
        driver.step(client.id, stage, at.replace(hour=hour))


def _step(tracker: Tracker, case: str, stage: str, at: dt.datetime | dt.date) -> None:
    tracker.record(case, stage, at, role=tracker.graph.stage_by_id[stage].role, resource="w1")


def _check_year(tracker: Tracker) -> None:
    rounds = year(Library(tracker))
    assert len(rounds) == WEEKS
    assert sum(r.count for r in rounds) > 100  # the year exercised offers
    assert sum(r.expired for r in rounds) > 5  # and expiries
    assert all(r.refused == 0 for r in rounds)  # a consistent state refuses nothing
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


def test_the_demo_runs_week_after_week_leaving_out_cases_without_profiles() -> None:
    """The demo's synthetic cases have no matching profile; when their offers expire they are
    back in search, and a round leaves them out by name instead of failing (it failed in the
    third week)."""
    from placement.pathway.history import demo_tracker
    from placement.pathway.rounds import reproduce_rounds

    tracker = demo_tracker()
    weeks = [run_round(tracker, START + dt.timedelta(weeks=k)) for k in range(4)]
    assert weeks[0].offers > 0
    assert weeks[2].expired > 0
    lacking = [n for n in weeks[2].notices if "without a matching profile" in n]
    assert lacking
    assert "h0003" in lacking[0]
    assert reproduce_rounds(tracker) == []


def test_bad_round_and_offer_arguments_are_clear_errors(tmp_path: Path) -> None:
    """A round's day that is no date, offers from something that is no result, and a negative
    offer life are each one ProblemError with a hint, written nothing."""
    tracker = Tracker(tmp_path / "bad.sqlite")
    with pytest.raises(pl.ProblemError, match="as_of: is not a date"):
        run_round(tracker, "next monday")
    with pytest.raises(pl.ProblemError, match="result"):
        tracker.record_offers({"assignments": "x"})  # type: ignore[arg-type]
    with pytest.raises(pl.ProblemError, match="offer_days"):
        Tracker(tmp_path / "other.sqlite", offer_days=-1)
    assert tracker.events() == []
    with pytest.raises(pl.ProblemError, match="the store holds no units"):
        run_round(tracker, "2026-01-05")  # an ISO string is a day; the store has no units
