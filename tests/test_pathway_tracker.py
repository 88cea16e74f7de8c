"""The pathway tracker: the stage graph, every refusal (store unchanged), parallel stages."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from placement.errors import ProblemError
from placement.pathway import LUVN_GRAPH, PathwayError, StageGraph, Tracker

SW, PT = "regional_social_worker", "placement_team_worker"


def fi(year: int, month: int, day: int, hour: int = 0) -> dt.datetime:
    """A Helsinki wall-clock time as an aware datetime (events compare as instants)."""
    return dt.datetime(year, month, day, hour, tzinfo=ZoneInfo("Europe/Helsinki"))


def started(store: str | Path = ":memory:") -> Tracker:
    """A tracker with case c1 in the housing panel (application, assessment, OT, panel)."""
    tracker = Tracker(store)
    tracker.open_case("c1", "2025-03-03T09:00", municipality="Espoo", social_worker="sw1")
    tracker.record("c1", "needs_assessment", "2025-03-06T09:00", role=SW, resource="sw1")
    tracker.record("c1", "ot_assessment", "2025-04-01T09:00", role=SW, resource="sw1")
    tracker.record("c1", "housing_panel", "2025-05-01T09:00", role=PT, resource="pt1")
    return tracker


def snapshot(tracker: Tracker) -> tuple[str, str]:
    """Everything in the store, as text."""
    cases = json.dumps([c.model_dump() for c in tracker.cases()])
    return cases, tracker.frame().to_json(date_format="iso")


def test_luvn_graph_shape() -> None:
    """One start, the path's ends, the decline loop and exits from every open stage."""
    g = LUVN_GRAPH
    assert g.start == "application"
    assert set(g.ends()) == {"follow_up", "withdrawn", "moved_away", "deceased"}
    assert g.allows("introduction_visit", "search")
    assert g.allows("ot_assessment", "unit_coaching")
    assert g.allows("unit_coaching", "ot_assessment")
    assert all(g.allows(s, "withdrawn") for s in ("application", "search", "move_in"))
    assert not g.allows("follow_up", "withdrawn")
    assert not g.allows("application", "search")


def test_county_graph_from_file(tmp_path: Path) -> None:
    """A county's own graph loads from JSON and drives the tracker."""
    spec = {
        "name": "short path",
        "stages": [{"id": "applied"}, {"id": "search"}, {"id": "offer"}, {"id": "housed"}],
        "edges": [["applied", "search"], ["search", "offer"], ["offer", "housed"]],
        "throughput_from": "applied",
        "throughput_to": "housed",
        "search_stage": "search",
        "offer_stage": "offer",
    }
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(spec))
    graph = StageGraph.from_file(path)
    tracker = Tracker(":memory:", graph=graph)
    tracker.open_case("x", "2025-01-02", municipality="Lohja", social_worker="s")
    with pytest.raises(PathwayError, match="'housed' cannot follow 'applied'"):
        tracker.record("x", "housed", "2025-01-03", role=PT, resource="p")
    tracker.record("x", "search", "2025-01-03", role=PT, resource="p")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["edges"].append(["ghost", "search"]), r"edges\[3\]: unknown stage 'ghost'"),
        (lambda s: s["stages"].append({"id": "orphan"}), "2 stages have no predecessor"),
        (
            lambda s: (
                s["edges"].extend([["search", "a"], ["a", "b"], ["b", "a"]])
                or s["stages"].extend([{"id": "a"}, {"id": "b"}])
            ),
            r"stages \['a', 'b'\] never reach an end",
        ),
        (lambda s: s.update(search_stage="nowhere"), "search_stage: unknown stage 'nowhere'"),
    ],
)
def test_broken_graphs_are_refused(change: Callable[[dict], object], message: str) -> None:
    """A graph with two starts, a dead-end loop or unknown stages is refused with its path."""
    spec: dict = {
        "stages": [{"id": "applied"}, {"id": "search"}, {"id": "offer"}, {"id": "housed"}],
        "edges": [["applied", "search"], ["search", "offer"], ["offer", "housed"]],
        "throughput_from": "applied",
        "throughput_to": "housed",
        "search_stage": "search",
        "offer_stage": "offer",
    }
    change(spec)
    with pytest.raises(ProblemError, match=message):
        StageGraph.from_dict(spec)


REFUSALS: list[tuple[str, Callable[[Tracker], object], str]] = [
    (
        "illegal transition",
        lambda t: t.record("c1", "move_in", "2025-05-20", role=PT, resource="pt1"),
        r"cases\[c1\].move_in: 'move_in' cannot follow 'housing_panel' \(the path allows",
    ),
    (
        "time order",
        lambda t: t.record("c1", "search", "2025-04-20", role=PT, resource="pt1"),
        r"starts 2025-04-20T00:00:00\+03:00 before the case's last event",
    ),
    (
        "unknown case",
        lambda t: t.record("c9", "needs_assessment", "2025-05-20", role=SW, resource="sw1"),
        r"cases\[c9\]: unknown case \(open it first",
    ),
    (
        "missing role",
        lambda t: t.record("c1", "search", "2025-05-20", role=None, resource="pt1"),
        r"cases\[c1\].search.role: no responsible role",
    ),
    (
        "unknown role",
        lambda t: t.record("c1", "search", "2025-05-20", role="nurse", resource="pt1"),
        "unknown role 'nurse'",
    ),
    (
        "missing resource",
        lambda t: t.record("c1", "search", "2025-05-20", role=PT, resource=""),
        r"cases\[c1\].search.resource: is empty",
    ),
    (
        "unknown stage",
        lambda t: t.record("c1", "lottery", "2025-05-20", role=PT, resource="pt1"),
        "unknown stage",
    ),
    (
        "end before start",
        lambda t: t.record("c1", "search", "2025-05-20", end="2025-05-19", role=PT, resource="p"),
        "ends before it starts",
    ),
    (
        "duplicate case",
        lambda t: t.open_case("c1", "2025-06-01", municipality="Espoo", social_worker="sw2"),
        "the case already exists",
    ),
    (
        "case without a social worker",
        lambda t: t.open_case("c2", "2025-06-01", municipality="Espoo", social_worker=""),
        r"cases\[c2\].social_worker: is empty",
    ),
    (
        "finish with nothing open of that stage",
        lambda t: t.finish("c1", "2025-06-01", stage="search"),
        "no open stage to finish",
    ),
    (
        "half a batch",
        lambda t: _batch_failing_at_the_end(t),
        r"cases\[c1\].move_in: 'move_in' cannot follow 'search'",
    ),
]


def _batch_failing_at_the_end(tracker: Tracker) -> None:
    with tracker.transaction() as tx:
        tx.open_case("c3", "2025-06-01", municipality="Lohja", social_worker="sw2")
        tx.record("c1", "search", "2025-05-20", role=PT, resource="pt1")
        tx.record("c1", "move_in", "2025-05-21", role=PT, resource="pt1")


@pytest.mark.parametrize(("name", "write", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusals_change_nothing(
    tmp_path: Path, name: str, write: Callable[[Tracker], object], message: str
) -> None:
    """Each refusal names the case, stage and fix, and leaves the durable store as it was."""
    store = tmp_path / "store.sqlite"
    tracker = started(store)
    before = snapshot(tracker)
    with pytest.raises(PathwayError, match=message):
        write(tracker)
    assert snapshot(Tracker(store)) == before


def test_overlap_with_a_closed_stage_is_refused() -> None:
    """A stage with a known end cannot be overlapped by one outside its parallel group."""
    tracker = Tracker(":memory:")
    tracker.open_case("c1", "2025-03-03", municipality="Espoo", social_worker="sw1")
    tracker.record(
        "c1", "needs_assessment", "2025-03-06", end="2025-04-10", role=SW, resource="sw1"
    )
    with pytest.raises(PathwayError, match="while 'needs_assessment' runs until 2025-04-10"):
        tracker.record("c1", "housing_panel", "2025-04-01", role=PT, resource="pt1")


def test_ended_case_takes_no_more_events() -> None:
    """After an exit the case is closed."""
    tracker = started()
    tracker.record("c1", "withdrawn", "2025-05-10", role=SW, resource="sw1")
    with pytest.raises(PathwayError, match="the case has ended at 'withdrawn'"):
        tracker.record("c1", "search", "2025-05-20", role=PT, resource="pt1")


def test_moving_on_closes_the_previous_stage() -> None:
    """The stage a case was in ends when the next begins; exits are instant."""
    tracker = started()
    events = {e.stage: e for e in tracker.events("c1")}
    assert events["application"].end == fi(2025, 3, 6, 9)
    assert events["ot_assessment"].end == fi(2025, 5, 1, 9)
    assert events["housing_panel"].end is None
    exit_ = tracker.record("c1", "moved_away", "2025-05-07T10:00", role=SW, resource="sw1")
    assert exit_.end == exit_.start
    assert tracker.current_stages() == {}


def test_complementary_assessments_run_in_parallel() -> None:
    """Stages of one parallel group overlap; leaving the group closes all of them."""
    tracker = Tracker(":memory:")
    tracker.open_case("c1", "2025-03-03", municipality="Espoo", social_worker="sw1")
    tracker.record("c1", "needs_assessment", "2025-03-05", role=SW, resource="sw1")
    tracker.record("c1", "ot_assessment", "2025-04-01", role=SW, resource="sw1")
    tracker.record("c1", "home_coaching", "2025-04-03", role=PT, resource="pt1")
    assert sorted(tracker.current_stages()["c1"]) == ["home_coaching", "ot_assessment"]
    tracker.finish("c1", "2025-04-20", stage="ot_assessment")
    tracker.record("c1", "housing_panel", "2025-05-02", role=PT, resource="pt1")
    ends = {e.stage: e.end for e in tracker.events("c1")}
    assert ends["ot_assessment"] == fi(2025, 4, 20)
    assert ends["home_coaching"] == fi(2025, 5, 2)
    assert ends["needs_assessment"] == fi(2025, 4, 1)


def test_both_workers_stay_on_the_case() -> None:
    """The social worker opens the case; pairing a placement worker keeps the social worker."""
    tracker = started()
    tracker.assign("c1", "pt7")
    (case,) = tracker.cases()
    assert (case.social_worker, case.placement_worker) == ("sw1", "pt7")
    roles = tracker.frame().groupby("role")["resource"].unique()
    assert set(roles[SW]) == {"sw1"}
    assert set(roles[PT]) == {"pt1"}


def test_times_are_stored_as_utc_and_reported_as_finnish_wall_clock() -> None:
    """An aware time is kept as its UTC instant; a naive one is Helsinki time (EET, UTC+2 in
    March); the frame shows Helsinki wall-clock time."""
    tracker = Tracker(":memory:")
    utc = dt.datetime(2025, 3, 3, 7, 0, tzinfo=dt.UTC)
    tracker.open_case("c1", utc, municipality="Espoo", social_worker="sw1")
    tracker.record("c1", "needs_assessment", "2025-03-04T09:00", role=SW, resource="sw1")
    first, second = tracker.events("c1")
    assert first.start == utc
    assert first.start.utcoffset() == dt.timedelta(0)
    assert second.start == dt.datetime(2025, 3, 4, 7, 0, tzinfo=dt.UTC)
    assert list(tracker.frame()["start"]) == [
        pd.Timestamp("2025-03-03 09:00"),
        pd.Timestamp("2025-03-04 09:00"),
    ]


def test_frame_columns_and_types() -> None:
    """The events frame has the documented columns with datetime64 times."""
    frame = started().frame()
    assert list(frame.columns) == [
        "event_id",
        "case_id",
        "stage",
        "start",
        "end",
        "role",
        "resource",
        "attributes",
    ]
    assert pd.api.types.is_datetime64_any_dtype(frame["start"])
    assert pd.api.types.is_datetime64_any_dtype(frame["end"])
