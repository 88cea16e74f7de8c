"""Pathway measures, statutory deadlines, the process-mining export and the matching bridge."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import placement as pl
from placement.pathway import Tracker
from placement.pathway.deadlines import (
    add_working_days,
    deadline_status,
    due_date,
    is_working_day,
    working_days_between,
)
from placement.pathway.export import event_log, write_csv, write_ocel
from placement.pathway.graph import LUVN_GRAPH
from placement.pathway.history import demo_tracker
from placement.pathway.measures import (
    bottlenecks,
    case_durations,
    queue_lengths,
    stage_times,
    throughput,
    transitions,
)
from placement.pathway.report import report

SW, PT = "regional_social_worker", "placement_team_worker"
DEADLINES = {d.name: d for d in LUVN_GRAPH.deadlines}


@pytest.fixture(scope="module")
def demo() -> Tracker:
    """The bundled synthetic LUVN year (built once per module)."""
    return demo_tracker()


def housed(tracker: Tracker, case: str, applied: str, days: list[tuple[str, int]]) -> None:
    """Open ``case`` and move it through ``(stage, days after application)`` pairs."""
    start = dt.datetime.fromisoformat(applied)
    tracker.open_case(case, start, municipality="Espoo", social_worker="sw1")
    for stage, offset in days:
        role = SW if stage == "needs_assessment" else PT
        tracker.record(case, stage, start + dt.timedelta(days=offset), role=role, resource="w1")


HOUSED = [
    ("needs_assessment", 3),
    ("housing_panel", 40),
    ("search", 50),
    ("offer", 150),
    ("introduction_visit", 155),
    ("client_plan", 165),
    ("service_class_negotiation", 175),
    ("move_in", 185),
    ("follow_up", 186),
]


@pytest.fixture
def small() -> Tracker:
    """Two housed cases, one searching, one withdrawn: every number below is by hand."""
    tracker = Tracker(":memory:")
    housed(tracker, "a", "2025-01-07T09:00", HOUSED)
    housed(tracker, "b", "2025-02-03T09:00", [(s, d * 2) for s, d in HOUSED])
    housed(tracker, "c", "2025-03-03T09:00", HOUSED[:3])
    housed(tracker, "d", "2025-03-10T09:00", [("needs_assessment", 2), ("withdrawn", 12)])
    return tracker


def test_working_days_know_finnish_holidays() -> None:
    """Weekends, Christmas Eve, Epiphany and Midsummer Eve are not working days."""
    assert not is_working_day(dt.date(2025, 12, 24))
    assert not is_working_day(dt.date(2025, 6, 20))  # Midsummer Eve
    assert not is_working_day(dt.date(2026, 1, 6))
    assert is_working_day(dt.date(2025, 12, 23))
    # Friday 19 Dec 2025 + 7 working days skips 24-26 Dec, 1 Jan and lands on Monday 5 Jan.
    assert add_working_days(dt.date(2025, 12, 19), 7) == dt.date(2026, 1, 5)
    # From a Saturday, the 1st working day after it is the Monday.
    assert add_working_days(dt.date(2025, 3, 8), 1) == dt.date(2025, 3, 10)
    assert working_days_between(dt.date(2025, 12, 19), dt.date(2026, 1, 5)) == 7
    assert working_days_between(dt.date(2026, 1, 5), dt.date(2025, 12, 19)) == -7


def test_month_deadlines_move_off_non_working_days() -> None:
    """3 months from 6 Sep 2025 is Saturday 6 Dec (Independence Day) -> Monday 8 Dec."""
    assert due_date(DEADLINES["decision"], dt.date(2025, 9, 6)) == dt.date(2025, 12, 8)
    assert due_date(DEADLINES["decision"], dt.date(2025, 11, 30)) == dt.date(2026, 3, 2)
    assert due_date(DEADLINES["assessment_started"], dt.date(2025, 3, 3)) == dt.date(2025, 3, 12)


def test_deadline_statuses(small: Tracker) -> None:
    """met, late, breached, at_risk, pending and ended, each on a case built for it."""
    tracker = small
    tracker.open_case("late", "2025-03-03", municipality="Espoo", social_worker="sw1")
    tracker.record("late", "needs_assessment", "2025-03-13", role=SW, resource="sw1")
    tracker.open_case("risk", "2025-05-26", municipality="Espoo", social_worker="sw1")
    tracker.open_case("far", "2025-06-02", municipality="Espoo", social_worker="sw1")
    table = deadline_status(tracker.frame(), tracker.graph, dt.date(2025, 6, 3))
    status = table.set_index(["case_id", "deadline"])["status"]
    assert status[("a", "assessment_started")] == "met"
    assert status[("late", "assessment_started")] == "late"  # due 12 Mar, started 13 Mar
    assert status[("risk", "assessment_started")] == "at_risk"  # due 5 Jun: 2 working days
    assert status[("far", "assessment_started")] == "pending"
    assert status[("a", "decision")] == "met"
    assert status[("d", "decision")] == "ended"
    # b: search began 100 days after application (after the 3-month decision deadline).
    assert status[("b", "decision")] == "late"
    # c entered search on 22 Apr; implementation due 22 Jul: pending on 3 Jun, breached later.
    assert status[("c", "implementation")] == "pending"
    later = deadline_status(tracker.frame(), tracker.graph, dt.date(2025, 7, 23))
    assert later.set_index(["case_id", "deadline"])["status"][("c", "implementation")] == (
        "breached"
    )
    # a entered search on 26 Feb and moves in on 11 Jul: breached on 3 Jun, late once met.
    assert status[("a", "implementation")] == "breached"
    assert later.set_index(["case_id", "deadline"])["status"][("a", "implementation")] == "late"
    assert list(table["status"])[:2] == ["breached", "at_risk"]  # most urgent first


def test_measures_by_hand(small: Tracker) -> None:
    """Throughput, stage times, queues and bottlenecks equal hand-computed figures."""
    events = small.frame()
    graph = small.graph
    tp = throughput(events, graph).set_index("case_id")["days"]
    assert tp.to_dict() == {"a": 182.0, "b": 364.0}
    st = stage_times(events, graph, dt.date(2025, 12, 31))
    assert st.loc["search", "stays"] == 2
    assert st.loc["search", "mean_days"] == pytest.approx((100 + 200) / 2)
    assert st.loc["search", "open_now"] == 1
    assert st.loc["needs_assessment", "mean_days"] == pytest.approx((37 + 74 + 37 + 10) / 4)
    queues = queue_lengths(events, graph, dt.date(2025, 4, 1), dt.date(2025, 12, 31))
    assert queues.loc["2025-04-01", "search"] == 1  # a only (b enters 14 May, c 22 Apr)
    assert queues.loc["2025-05-20", "search"] == 3  # a (until 6 Jun), b (from 14 May), c
    assert queues.loc["2025-12-31", "follow_up"] == 1  # a; b is in its client plan
    assert queues.loc["2025-12-31", "client_plan"] == 1
    worst = bottlenecks(events, graph, dt.date(2025, 12, 31))
    assert worst.index[0] == "search"
    assert worst["share"].sum() == pytest.approx(1.0)
    moves = transitions(events)
    assert moves[("search", "offer")] == 2
    assert moves[("needs_assessment", "withdrawn")] == 1


def test_report_text_lists_every_section(demo: Tracker) -> None:
    """The report has throughput, stage times, queues, bottlenecks and at-risk deadlines."""
    rep = report(demo)
    text = rep.text()
    for heading in ("Throughput", "Time in stage", "Queue now", "Bottlenecks", "At risk"):
        assert heading in text
    assert rep.as_of == dt.date(2026, 1, 5)
    assert rep.stage_times.loc["search", "open_now"] == 120
    assert len(rep.at_risk()) > 0
    assert set(rep.at_risk()["case_id"]) <= {c.id for c in demo.cases()}


def test_history_is_deterministic_and_ends_with_the_problem_in_search(demo: Tracker) -> None:
    """The same seed writes the same history; the searching cases are the LUVN clients."""
    again = demo_tracker()
    assert demo.frame().equals(again.frame())
    problem = pl.datasets.load("luvn")
    searching = {c for c, stages in demo.current_stages().items() if "search" in stages}
    assert searching == {c.id for c in problem.clients}


def test_pm4py_agrees_with_the_tracker(demo: Tracker, tmp_path: Path) -> None:
    """pm4py's case durations and per-stage service times equal the tracker's own."""
    import pm4py  # dev extra (AGPL, test-only); a missing install must fail, not skip

    log = event_log(demo)
    theirs = np.array(pm4py.get_all_case_durations(log))
    ours = np.sort(case_durations(demo.frame()).to_numpy() * 86400)
    np.testing.assert_allclose(theirs, ours, atol=1e-3)
    complete = log[log["lifecycle:transition"] == "complete"]
    service = pm4py.get_service_time(complete, start_timestamp_key="start_timestamp")
    mine = stage_times(demo.frame(), demo.graph)["mean_days"]
    assert set(service) == set(mine.index)
    for stage, seconds in service.items():
        assert seconds / 86400 == pytest.approx(mine[stage], abs=1e-9), stage
    path = write_ocel(demo, tmp_path / "log.json")
    ocel = pm4py.read_ocel2_json(str(path))
    assert len(ocel.events) == len(demo.frame())
    assert set(ocel.objects["ocel:type"]) == {"client", "unit", "panel_meeting"}


def test_csv_export_columns_and_privacy(demo: Tracker, tmp_path: Path) -> None:
    """The CSV has the process-mining columns and no needs data."""
    path = write_csv(demo, tmp_path / "log.csv")
    table = pd.read_csv(path)
    for column in (
        "case:concept:name",
        "concept:name",
        "time:timestamp",
        "start_timestamp",
        "org:resource",
        "case:municipality",
    ):
        assert column in table.columns
    assert len(table) == len(demo.frame())
    text = path.read_text()
    assert "cognitive" not in text
    assert "daily_living" not in text
    data = json.loads(write_ocel(demo, tmp_path / "o.json").read_text())
    assert "cognitive" not in json.dumps(data)


def test_to_problem_and_offers(tmp_path: Path) -> None:
    """Searching cases become the matching problem; offers come back as events."""
    tracker = demo_tracker(str(tmp_path / "store.sqlite"))
    luvn = pl.datasets.load("luvn")
    assert {c.id for c in tracker.to_problem(luvn.units, as_of=luvn.reference_date).clients} == {
        c.id for c in luvn.clients
    }
    problem = tracker.to_problem(as_of=luvn.reference_date)  # the stored units, places held
    assert {c.id for c in problem.clients} == {c.id for c in luvn.clients}
    by_id = {c.id: c for c in luvn.clients}
    assert all(c.queued_since == by_id[c.id].queued_since for c in problem.clients)
    result = pl.solve(problem)
    assert pl.check(problem, result) == []
    offers = tracker.record_offers(result, problem, at=dt.datetime(2026, 1, 5, 12)).written
    assert len(offers) == len(result.assignments) > 0
    assert {o.attributes["unit"] for o in offers} <= {u.id for u in luvn.units}
    assert {o.attributes["problem_sha256"] for o in offers} == {pl.audit.problem_hash(problem)}
    now = tracker.current_stages()
    assert all(now[a.client_id] == ["offer"] for a in result.assignments)
    before = tracker.frame().to_json(date_format="iso")
    again = tracker.record_offers(result, problem, at=dt.datetime(2026, 1, 6, 12))
    assert again.written == []
    assert len(again.refused) == len(result.assignments)  # every place is held already
    assert all(
        r.reason.endswith("has no free place left") or "linked client" in r.reason
        for r in again.refused
    )
    assert tracker.frame().to_json(date_format="iso") == before


def test_to_problem_without_profiles(small: Tracker) -> None:
    """A searching case without a profile is refused by name, or skipped when asked."""
    units = pl.datasets.load("luvn").units
    with pytest.raises(pl.ProblemError, match=r"cases\[c\]: in search but has no matching profile"):
        small.to_problem(units, reference_date=dt.date(2026, 1, 5))
    assert small.to_problem(units, reference_date=dt.date(2026, 1, 5), missing="skip").clients == ()
