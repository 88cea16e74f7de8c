"""Durability and concurrency of the tracker store: SQLite files and a real PostgreSQL server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from placement.errors import ProblemError
from placement.pathway import PathwayError, Tracker
from placement.pathway.store import connect
from tests.pathway import postgres

WRITER = Path(__file__).parent / "pathway" / "writer.py"
SW, PT = "regional_social_worker", "placement_team_worker"


def writer(store: str, prefix: str, cases: int) -> subprocess.Popen[str]:
    """Start a writer process (see tests/pathway/writer.py)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    return subprocess.Popen(
        [sys.executable, str(WRITER), store, prefix, str(cases)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """A private PostgreSQL server for this module."""
    with postgres.server() as url:
        yield url


def test_killed_writer_loses_no_committed_event(tmp_path: Path) -> None:
    """SIGKILL mid-stream: every event the writer reported committed is in the store."""
    store = str(tmp_path / "store.sqlite")
    proc = writer(store, "k", 100_000)
    assert proc.stdout is not None
    committed: list[str] = []
    for line in proc.stdout:
        committed.append(line.split()[1])
        if len(committed) == 120:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    events = Tracker(store).frame()
    stored = events.groupby("case_id").size()
    reported = pd.Series(committed).value_counts()
    # Every reported commit is there; the writer may have committed a little more before the
    # kill landed, but never half a transaction.
    assert (stored.reindex(reported.index, fill_value=0) >= reported).all()
    assert len(events) >= 120
    assert stored.max() <= 2


def _concurrent(store: str) -> None:
    procs = [writer(store, prefix, 150) for prefix in ("a", "b")]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-2000:]
    events = Tracker(store).frame()
    assert len(events) == 2 * 150 * 2
    assert events["event_id"].is_unique
    assert (events.groupby("case_id").size() == 2).all()


def test_two_writers_on_one_sqlite_file_lose_nothing(tmp_path: Path) -> None:
    """Two processes recording at once on one file: all 600 events are stored."""
    _concurrent(str(tmp_path / "store.sqlite"))


def test_two_writers_on_postgresql_lose_nothing(pg_url: str) -> None:
    """The same on a real PostgreSQL server."""
    _concurrent(pg_url)


def _open_at_once(store: str, openers: int = 6) -> list[str]:
    """Open one new store from several threads released together; the errors they raised."""
    barrier = threading.Barrier(openers)
    errors: list[str] = []

    def open_store() -> None:
        barrier.wait()
        try:
            connect(store).dispose()
        except Exception as exc:  # the test reports every failure, not just the first
            errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")

    threads = [threading.Thread(target=open_store) for _ in range(openers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_new_sqlite_store_opened_at_once_creates_tables_once(tmp_path: Path) -> None:
    """Several openers of one new SQLite file: no lock error, and the store works.

    Each round uses a new file. Switching a new file to WAL fails at once with "database is
    locked" while another opener switches it; without the retry about one round in eight failed.
    """
    for round_ in range(24):
        store = str(tmp_path / f"new{round_}.sqlite")
        assert _open_at_once(store) == []
        Tracker(store).open_case("s1", "2025-03-03", municipality="Espoo", social_worker="sw1")
        assert len(Tracker(store).frame()) == 1


def test_new_postgresql_store_opened_at_once_creates_tables_once(pg_url: str) -> None:
    """The same on PostgreSQL, where unserialised ``CREATE TABLE`` fails on ``pg_type``.

    Each round uses a new database; without the schema lock every round failed.
    """
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    for round_ in range(3):
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE fresh{round_}"))
        store = f"{pg_url.rsplit('/', 1)[0]}/fresh{round_}"
        assert _open_at_once(store) == []
        Tracker(store).open_case("f1", "2025-03-03", municipality="Espoo", social_worker="sw1")
        assert len(Tracker(store).frame()) == 1
    admin.dispose()


def _refused_batch(tracker: Tracker) -> None:
    with tracker.transaction() as tx:
        tx.record("pg1", "needs_assessment", "2025-03-05", role=SW, resource="sw1")
        tx.record("pg1", "search", "2025-03-06", role=PT, resource="pt1")


def test_postgresql_refusal_changes_nothing(pg_url: str) -> None:
    """On PostgreSQL too, a refused batch rolls back completely."""
    tracker = Tracker(pg_url)
    tracker.open_case("pg1", "2025-03-03", municipality="Espoo", social_worker="sw1")
    before = tracker.frame().to_json(date_format="iso")
    with pytest.raises(PathwayError, match="'search' cannot follow 'needs_assessment'"):
        _refused_batch(tracker)
    assert tracker.frame().to_json(date_format="iso") == before
    with pytest.raises(PathwayError, match="already exists"):
        tracker.open_case("pg1", "2025-03-04", municipality="Espoo", social_worker="sw1")


def test_credentials_come_from_libpq_not_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 23, item 7: a server that asks for a password is reached with a URL that carries
    none; the password comes from PGPASSWORD or libpq's password file. Without it, the refusal
    is one line that echoes neither URL nor password."""
    secret = "s3cret-Passw0rd"
    with postgres.server(password=secret) as url:
        monkeypatch.delenv("PGPASSWORD", raising=False)
        monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
        with pytest.raises(ProblemError) as refused:
            Tracker(url)
        assert secret not in str(refused.value)
        assert "://" not in str(refused.value)
        monkeypatch.setenv("PGPASSWORD", secret)
        Tracker(url).cases()  # reached, and the store's tables created
        monkeypatch.delenv("PGPASSWORD")
        passfile = tmp_path / "pgpass"
        host_port = url.split("@", 1)[1].split("/", 1)[0]
        host, port = host_port.split(":")
        passfile.write_text(f"{host}:{port}:*:postgres:{secret}\n", encoding="utf-8")
        passfile.chmod(0o600)
        monkeypatch.setenv("PGPASSFILE", str(passfile))
        assert Tracker(url).cases() == []


def test_postgresql_keeps_instants_as_timestamptz_and_converts_an_older_store(
    pg_url: str,
) -> None:
    """Issue 23, item 7: a new PostgreSQL store's event times are timestamptz; a store made with
    the older timestamp-without-time-zone columns (which held UTC) is converted when opened,
    keeping every instant."""
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE tzstore"))
    store = f"{pg_url.rsplit('/', 1)[0]}/tzstore"
    tracker = Tracker(store)
    tracker.open_case("tz1", "2025-03-30T02:30", municipality="Espoo", social_worker="sw1")
    before = Tracker(store).frame()[["start"]]
    engine = create_engine(store)
    columns = (
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = 'pathway_events' AND column_name IN ('start', 'end') ORDER BY 1"
    )
    with engine.begin() as connection:
        types = connection.execute(text(columns)).all()
        assert {t for _, t in types} == {"timestamp with time zone"}
        for column in ("start", "end"):  # the older layout, as 0.1 made it
            connection.execute(
                text(
                    f'ALTER TABLE pathway_events ALTER COLUMN "{column}" TYPE timestamp '
                    f"USING \"{column}\" AT TIME ZONE 'UTC'"
                )
            )
    assert Tracker(store).frame()[["start"]].equals(before)  # opened: converted, the same
    with engine.begin() as connection:
        types = connection.execute(text(columns)).all()
    assert {t for _, t in types} == {"timestamp with time zone"}
    engine.dispose()
    admin.dispose()
