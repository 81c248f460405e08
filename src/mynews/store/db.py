"""Engine and sessions: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL by URL.

Transactions on SQLite follow SQLAlchemy's documented recipe for pysqlite ("Serializable
isolation / Savepoints / Transactional DDL"): pysqlite's own transaction handling is switched
off and SQLAlchemy's ``begin`` event emits ``BEGIN`` itself. Without it pysqlite sends no
``BEGIN`` before a ``SAVEPOINT``, so ``RELEASE`` commits and a later rollback undoes nothing
(a rejected request kept part of its writes). Sessions from ``Database.transaction()`` are
writers and begin with ``BEGIN IMMEDIATE``: they take SQLite's write lock at once (waiting up to
the busy timeout) instead of failing with "database is locked" when they upgrade from reading
to writing after another writer committed. ``Database.reading()`` begins a plain deferred
transaction: one consistent snapshot, never blocked by writers (WAL).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["Database", "Session", "make_engine"]


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine. For SQLite the folder is created and pragmas are set on every connection."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    dbapi_connection.isolation_level = None  # pysqlite emits no BEGIN/COMMIT of its own


SQLITE_BEGIN = "sqlite_begin"
"""Execution option: how a SQLite transaction begins (``DEFERRED`` or ``IMMEDIATE``)."""


def _sqlite_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {'IMMEDIATE' if mode == 'IMMEDIATE' else 'DEFERRED'}")


class Database:
    """An engine plus a session factory; ``transaction()`` is the unit of work services use."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine = make_engine(url, echo=echo)
        writer = (
            self.engine.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"}) if self.is_sqlite else self.engine
        )
        self._sessions = sessionmaker(writer, expire_on_commit=False)
        self._readers = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed when the block ends and rolled back on error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only (nothing is committed)."""
        session = self._readers()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
