"""The durable store behind the tracker: cases, events, units, residents and rounds.

SQLite (a file path, the default) and PostgreSQL (a ``postgresql+psycopg://`` URL) are both
supported. Every write is one transaction that first locks what it reads: on SQLite the
transaction begins ``IMMEDIATE`` (one writer at a time, others wait up to ``busy_timeout``), in
WAL mode with ``synchronous=FULL`` so a committed event survives a crash; on PostgreSQL the case
rows are locked ``FOR UPDATE`` in id order. Creating the tables is serialised too, so several
processes may open a new store at once.

Times are instants in UTC: PostgreSQL keeps them as ``timestamptz`` (a store made with the
older ``timestamp without time zone`` columns, which held UTC, is converted when opened, once,
under the schema lock); SQLite as UTC text. The library reads and writes naive UTC
(:class:`UtcDateTime`). A ``pathway_meta`` row ``time_basis = utc`` marks such a store.
Stores written before that kept naive Finnish local time; opening one with events in it is
refused, never converted silently: :func:`migrate_to_utc` converts it once, on request.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

from placement.errors import Issue, ProblemError
from placement.files import file_mode

__all__ = [
    "BUSY_TIMEOUT_S",
    "SCHEMA_LOCK_KEY",
    "TIME_BASIS",
    "UtcDateTime",
    "cases",
    "connect",
    "events",
    "meta",
    "metadata",
    "migrate_to_utc",
    "residents",
    "rounds",
    "units",
]

logger = logging.getLogger("placement")

TIME_BASIS = "utc"
"""What the stored times mean: naive UTC (see the module docstring)."""

BUSY_TIMEOUT_S = 60.0
"""How long (s) a SQLite writer waits for another writer's transaction before giving up."""

SCHEMA_LOCK_KEY = 0x706C6163656D6E74
"""PostgreSQL advisory-lock key (``'placemnt'`` in ASCII) held while the tables are created."""


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An instant: ``timestamptz`` on PostgreSQL, text on SQLite; naive UTC in Python."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(dt.UTC).replace(tzinfo=None)


metadata = MetaData()

cases = Table(
    "pathway_cases",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("municipality", String(128), nullable=False),
    Column("social_worker", String(64), nullable=False),
    Column("placement_worker", String(64), nullable=True),
    Column("client", JSON, nullable=True),
    Column("attributes", JSON, nullable=False),
)

events = Table(
    "pathway_events",
    metadata,
    Column("event_id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(64), ForeignKey("pathway_cases.case_id"), nullable=False),
    Column("stage", String(64), nullable=False),
    Column("start", UtcDateTime, nullable=False),
    Column("end", UtcDateTime, nullable=True),
    Column("role", String(32), nullable=False),
    Column("resource", String(64), nullable=False),
    Column("attributes", JSON, nullable=False),
    Index("ix_pathway_events_case", "case_id", "start"),
)

units = Table(
    "pathway_units",
    metadata,
    Column("unit_id", String(64), primary_key=True),
    Column("valid_from", UtcDateTime, primary_key=True),
    Column("unit", JSON, nullable=False),
)
"""Each unit's definition (a :class:`~placement.Unit` without incumbents) from a moment on."""

residents = Table(
    "pathway_residents",
    metadata,
    Column("stay_id", Integer, primary_key=True, autoincrement=True),
    Column("resident_id", String(64), nullable=False),
    Column("unit_id", String(64), nullable=False),
    Column("tags", JSON, nullable=False),
    Column("moved_in", UtcDateTime, nullable=False),
    Column("moved_out", UtcDateTime, nullable=True),
    Index("ix_pathway_residents_unit", "unit_id", "moved_in"),
)
"""Each resident's stay in a unit: from a move-in (or the unit's registration) to a move-out."""

rounds = Table(
    "pathway_rounds",
    metadata,
    Column("as_of", String(10), primary_key=True),
    Column("run_id", String(64), nullable=False, unique=True),
    Column("policy", String(32), nullable=False),
    Column("problem_sha256", String(64), nullable=False),
    Column("result_sha256", String(64), nullable=False),
    Column("settings", JSON, nullable=False),
    Column("offers", Integer, nullable=False),
)
"""One matching round per day: what it was computed from and with, and how many offers it wrote."""

meta = Table(
    "pathway_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(64), nullable=False),
)


def connect(store: str | Path | Engine) -> Engine:
    """An engine for a store: an Engine, a URL (``scheme://...``), ``":memory:"`` or a file path.

    The tables are created if missing, in one transaction that holds a lock, so processes that
    open the same new store at the same moment do not race on ``CREATE TABLE``: SQLite's
    ``BEGIN IMMEDIATE`` is that lock; on PostgreSQL it is a transaction advisory lock.

    Raises
    ------
    ProblemError
        The store cannot be opened (not a database, an unknown URL scheme, a server that does not
        answer), or it holds events in local time from an older version (see
        :func:`migrate_to_utc`). The message names the kind of failure, never the URL (it may
        carry a password).
    """
    try:
        engine = _engine(store)
        with engine.begin() as connection:
            _create(connection)
            basis = _basis(connection)
    except (ArgumentError, NoSuchModuleError, ValueError, TypeError) as exc:
        raise _unusable("is not a store path or a database URL this library knows", exc) from None
    except (SQLAlchemyError, sqlite3.Error) as exc:
        raise _unusable("cannot be opened as a tracker store", exc) from None
    if basis != TIME_BASIS:
        raise ProblemError(
            [
                Issue(
                    "store",
                    "holds event times in Finnish local time (written by an older version)",
                    "convert it once with placement.pathway.store.migrate_to_utc(store)",
                )
            ],
            what="tracker store",
        )
    return engine


def migrate_to_utc(store: str | Path | Engine) -> int:
    """Convert a store written in Finnish local time to UTC, once; returns the events converted.

    Local times in the repeated autumn hour are read as the first of the two (summer time): the
    old store cannot tell them apart. Nothing else changes; a store already in UTC is left alone.
    """
    engine = _engine(store)
    local = ZoneInfo("Europe/Helsinki")
    with engine.begin() as connection:
        _create(connection)
        if _basis(connection) == TIME_BASIS:
            return 0
        rows = connection.execute(select(events.c.event_id, events.c.start, events.c.end)).all()
        for row in rows:
            moved = {
                name: None
                if value is None
                else value.replace(tzinfo=local).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
                for name, value in (("start", row.start), ("end", row.end))
            }
            connection.execute(
                update(events).where(events.c.event_id == row.event_id).values(**moved)
            )
        connection.execute(meta.insert().values(key="time_basis", value=TIME_BASIS))
    logger.info("tracker store: %d events converted from local time to UTC", len(rows))
    return len(rows)


def _engine(store: str | Path | Engine) -> Engine:
    if isinstance(store, Engine):
        engine = store
    elif isinstance(store, str) and "://" in store:
        engine = create_engine(store)
    elif str(store) == ":memory:":
        engine = create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        path = Path(store)
        if not path.exists() and path.parent.is_dir():
            _create_private(path)
        engine = create_engine(f"sqlite:///{path}")
    if engine.dialect.name == "sqlite":
        _sqlite_transactions(engine)
    return engine


def _create_private(path: Path) -> None:
    """Create an empty store file readable by its owner only (SQLite gives its -wal and -shm
    files the same mode); another opener creating it first is fine."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, file_mode()))


def _create(connection: Any) -> None:
    """Create missing tables under the schema lock; mark a store without events as UTC."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
    existed = inspect(connection).has_table(meta.name)
    metadata.create_all(connection)
    if existed:
        _to_timestamptz(connection)
        return
    count = connection.execute(select(func.count()).select_from(events)).scalar_one()
    if count == 0:  # a new store (or one with no events): nothing to convert
        connection.execute(meta.insert().values(key="time_basis", value=TIME_BASIS))


def _to_timestamptz(connection: Any) -> None:
    """A PostgreSQL store of the older ``timestamp without time zone`` columns (which held UTC)
    gets ``timestamptz`` ones, the same instants; anything else is left alone."""
    if connection.dialect.name != "postgresql":
        return
    old = connection.execute(
        text(
            "SELECT column_name FROM information_schema.columns WHERE table_name = :table "
            "AND column_name IN ('start', 'end') AND data_type = 'timestamp without time zone'"
        ),
        {"table": events.name},
    ).scalars()
    for column in old:
        connection.execute(
            text(
                f'ALTER TABLE {events.name} ALTER COLUMN "{column}" TYPE timestamptz '
                f"USING \"{column}\" AT TIME ZONE 'UTC'"
            )
        )
        logger.info("tracker store: column %s converted to timestamptz", column)


def _basis(connection: Any) -> str | None:
    row = connection.execute(select(meta.c.value).where(meta.c.key == "time_basis")).first()
    return None if row is None else str(row[0])


def _unusable(reason: str, exc: Exception) -> ProblemError:
    """The error for a store that cannot be used: the reason and the driver's first line."""
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first = detail[0][:200] if detail else type(exc).__name__
    if "://" in first or "@" in first:  # never echo a URL: it may carry a password
        first = type(exc).__name__
    return ProblemError(
        [Issue("store", f"{reason} ({first})", "check the path or URL")], "tracker store"
    )


def _sqlite_transactions(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, begin transactions, and begin them IMMEDIATE."""
    if getattr(engine, "_placement_sqlite", False):
        return
    memory = engine.url.database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        if not memory:
            _wal(dbapi_connection)
            dbapi_connection.execute("PRAGMA synchronous = FULL")

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    engine._placement_sqlite = True  # type: ignore[attr-defined]


def _wal(dbapi_connection: sqlite3.Connection) -> None:
    """Put a SQLite file in WAL mode, waiting up to ``BUSY_TIMEOUT_S`` for other openers.

    Switching a new file to WAL needs an exclusive lock, and SQLite does not call its busy handler
    for it: a connection that opens the file while another switches it fails at once with
    "database is locked". So the switch is retried until the other opener is done.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            dbapi_connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)
