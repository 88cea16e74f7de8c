"""Tracker times are instants (UTC in the store); old local-time stores are converted only on
request; stored profiles never leak pydantic's input values."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, text

from placement.errors import ProblemError
from placement.pathway import PathwayError, Tracker
from placement.pathway.store import cases as case_table
from placement.pathway.store import events, migrate_to_utc

SW, PT = "regional_social_worker", "placement_team_worker"
UTC = dt.UTC


def searching(location: str = ":memory:") -> Tracker:
    """Case c1 in search since 2025-10-20."""
    tracker = Tracker(location)
    tracker.open_case("c1", "2025-10-01", municipality="Espoo", social_worker="sw1")
    tracker.record("c1", "needs_assessment", "2025-10-06", role=SW, resource="sw1")
    tracker.record("c1", "housing_panel", "2025-10-14", role=PT, resource="pt1")
    tracker.record("c1", "search", "2025-10-20", role=PT, resource="pt1")
    return tracker


def test_in_order_events_across_the_autumn_fall_back_are_accepted() -> None:
    """00:30 and 01:10 UTC on 2025-10-26 are 03:30 EEST and 03:10 EET: in order as instants
    although the second reads earlier on the Helsinki wall clock (the old store refused it)."""
    tracker = searching()
    first = dt.datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
    second = dt.datetime(2025, 10, 26, 1, 10, tzinfo=UTC)
    tracker.record("c1", "offer", first, role=PT, resource="pt1")
    tracker.record("c1", "introduction_visit", second, role=PT, resource="pt1")
    stored = tracker.events("c1")
    assert [e.start for e in stored[-2:]] == [first, second]
    assert stored[-2].end == second


def test_out_of_order_instants_in_the_repeated_hour_are_refused() -> None:
    """The reverse pair (later instant first) is still refused: order is by instant."""
    tracker = searching()
    tracker.record(
        "c1", "offer", dt.datetime(2025, 10, 26, 1, 10, tzinfo=UTC), role=PT, resource="p"
    )
    with pytest.raises(PathwayError, match="before the case's last event"):
        tracker.record(
            "c1",
            "introduction_visit",
            dt.datetime(2025, 10, 26, 0, 30, tzinfo=UTC),
            role=PT,
            resource="p",
        )


def test_offset_resolves_a_repeated_local_time() -> None:
    """A repeated local time given with its offset is accepted as that instant."""
    tracker = searching()
    event = tracker.record("c1", "offer", "2025-10-26T03:30+02:00", role=PT, resource="pt1")
    assert event.start == dt.datetime(2025, 10, 26, 1, 30, tzinfo=UTC)


def test_local_times_next_to_the_clock_changes_are_accepted() -> None:
    """Only the gap and the repeated hour are refused: 02:59 and 04:00 on both days pass."""
    tracker = Tracker(":memory:")
    tracker.open_case("c1", "2025-03-30T02:59", municipality="Espoo", social_worker="sw1")
    tracker.record("c1", "needs_assessment", "2025-03-30T04:00", role=SW, resource="sw1")
    tracker.record("c1", "housing_panel", "2025-10-26T02:59", role=PT, resource="pt1")
    tracker.record("c1", "search", "2025-10-26T04:00", role=PT, resource="pt1")
    starts = [e.start for e in tracker.events("c1")]
    assert starts[1] - starts[0] == dt.timedelta(minutes=1)  # 02:59 EET to 04:00 EEST
    assert starts[3] - starts[2] == dt.timedelta(hours=2, minutes=1)  # 02:59 EEST to 04:00 EET


def test_to_problem_queues_from_the_local_day(tmp_path: Path) -> None:
    """Entering search at 00:30 Helsinki time is that local day, not the UTC day before."""
    import placement as pl

    problem = pl.datasets.load("luvn")
    client = problem.clients[0]
    tracker = Tracker(":memory:")
    tracker.open_case(
        client.id, "2025-01-02", municipality=client.municipality, social_worker="s", client=client
    )
    tracker.record(client.id, "needs_assessment", "2025-01-03", role=SW, resource="s")
    tracker.record(client.id, "housing_panel", "2025-01-04", role=PT, resource="p")
    tracker.record(client.id, "search", "2025-01-10T00:30", role=PT, resource="p")
    rebuilt = tracker.to_problem(problem.units, reference_date=dt.date(2025, 2, 1))
    assert rebuilt.clients[0].queued_since == dt.date(2025, 1, 10)


def local_time_store(path: Path) -> None:
    """A store as the previous version wrote it: naive Helsinki times, no time-basis row."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        from placement.pathway.store import metadata

        metadata.create_all(conn, tables=[case_table, events])
        conn.execute(
            insert(case_table).values(
                case_id="c1",
                municipality="Espoo",
                social_worker="sw1",
                placement_worker=None,
                client=None,
                attributes={},
            )
        )
        conn.execute(
            insert(events).values(
                case_id="c1",
                stage="application",
                start=dt.datetime(2025, 6, 2, 9),
                end=None,
                role=SW,
                resource="sw1",
                attributes={},
            )
        )
    engine.dispose()


def test_old_local_time_store_is_refused_until_migrated(tmp_path: Path) -> None:
    """Opening a store of naive local times is refused (no silent reinterpretation);
    ``migrate_to_utc`` converts it once and the tracker then reads the true instants."""
    path = tmp_path / "old.sqlite"
    local_time_store(path)
    with pytest.raises(ProblemError, match="store: holds event times in Finnish local time"):
        Tracker(str(path))
    assert migrate_to_utc(str(path)) == 1
    assert migrate_to_utc(str(path)) == 0
    tracker = Tracker(str(path))
    assert tracker.events("c1")[0].start == dt.datetime(2025, 6, 2, 6, tzinfo=UTC)  # 09:00 EEST


def test_a_broken_stored_profile_is_a_problem_error_without_values(tmp_path: Path) -> None:
    """A stored profile that no longer validates is reported by case and field, and the
    value (a needs score) is not in the message."""
    import placement as pl

    client = pl.datasets.load("luvn").clients[0]
    path = tmp_path / "s.sqlite"
    tracker = Tracker(str(path))
    tracker.open_case(
        client.id, "2025-01-02", municipality=client.municipality, social_worker="s", client=client
    )
    raw = client.model_dump(mode="json")
    domain = sorted(raw["needs"])[0]
    raw["needs"][domain] = 987.654
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE pathway_cases SET client = :c"), {"c": json.dumps(raw)})
    with pytest.raises(ProblemError) as caught:
        tracker.profiles()
    message = str(caught.value)
    assert f"cases[{client.id}].client.needs" in message
    assert "987" not in message
    assert "input_value" not in message


def test_to_problem_refuses_clients_that_are_not_clients() -> None:
    """A wrong object in ``clients=`` is named by its key, not an AttributeError."""
    tracker = searching()
    with pytest.raises(ProblemError, match=r"clients\[c1\]: is not a Client"):
        tracker.to_problem([], clients={"c1": {"id": "c1"}})  # type: ignore[dict-item]


def test_attributes_are_stored_as_given() -> None:
    """Text attributes come back exactly; nothing is turned into text on the way."""
    tracker = searching()
    event = tracker.record(
        "c1", "offer", "2025-10-21T10:00", role=PT, resource="pt1", attributes={"unit": "u 1/ä"}
    )
    assert tracker.events("c1")[-1].attributes == {"unit": "u 1/ä"} == event.attributes
