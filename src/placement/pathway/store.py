"""The durable store behind the tracker: two tables through SQLAlchemy Core.

SQLite (a file path, the default) and PostgreSQL (a ``postgresql+psycopg://`` URL) are both
supported. Every write is one transaction that first locks what it reads: on SQLite the
transaction begins ``IMMEDIATE`` (one writer at a time, others wait up to ``busy_timeout``), in
WAL mode with ``synchronous=FULL`` so a committed event survives a crash; on PostgreSQL the case
rows are locked ``FOR UPDATE`` in id order. Creating the tables is serialised too, so several
processes may open a new store at once.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

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
    text,
)
from sqlalchemy.pool import StaticPool

__all__ = ["BUSY_TIMEOUT_S", "SCHEMA_LOCK_KEY", "cases", "connect", "events", "metadata"]

BUSY_TIMEOUT_S = 60.0
"""How long (s) a SQLite writer waits for another writer's transaction before giving up."""

SCHEMA_LOCK_KEY = 0x706C6163656D6E74
"""PostgreSQL advisory-lock key (``'placemnt'`` in ASCII) held while the tables are created."""

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
    Column("start", DateTime, nullable=False),
    Column("end", DateTime, nullable=True),
    Column("role", String(32), nullable=False),
    Column("resource", String(64), nullable=False),
    Column("attributes", JSON, nullable=False),
    Index("ix_pathway_events_case", "case_id", "start"),
)


def connect(store: str | Path | Engine) -> Engine:
    """An engine for a store: an Engine, a URL (``scheme://...``), ``":memory:"`` or a file path.

    The tables are created if missing, in one transaction that holds a lock, so processes that
    open the same new store at the same moment do not race on ``CREATE TABLE``: SQLite's
    ``BEGIN IMMEDIATE`` is that lock; on PostgreSQL it is a transaction advisory lock.
    """
    if isinstance(store, Engine):
        engine = store
    elif isinstance(store, str) and "://" in store:
        engine = create_engine(store)
    elif str(store) == ":memory:":
        engine = create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        engine = create_engine(f"sqlite:///{Path(store)}")
    if engine.dialect.name == "sqlite":
        _sqlite_transactions(engine)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
        metadata.create_all(connection)
    return engine


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
