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

Three kinds of unit of work:

- ``reading()``: a read-only session (``PRAGMA query_only`` on SQLite, ``SET TRANSACTION READ
  ONLY`` on PostgreSQL), so a read path that tries to write fails loudly instead of queueing
  behind a writer. SQLite in WAL mode never blocks these readers.
- ``transaction()``: a short write transaction; ``write(work)`` runs one and, when the database
  is locked, runs it again with back-off.
- ``try_write(work)``: a write that gives up at once when the database is busy (bookkeeping such
  as a token's last use, which must never hold up the request that triggers it).

A locked or unreachable database surfaces as ``core.errors.Unavailable`` (503 with Retry-After),
never as a raw driver error.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from mynews.core.errors import Unavailable

__all__ = ["Connection", "Database", "Session", "make_engine", "unavailable"]

log = logging.getLogger(__name__)
T = TypeVar("T")
LOCK_STATES = frozenset({"55P03", "40P01", "40001"})  # lock_not_available, deadlock, serialization


def make_engine(url: str, *, echo: bool = False, busy_timeout: float = 5.0) -> Engine:
    """Create an engine. For SQLite the folder is created and pragmas are set on every connection."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, echo=echo, connect_args={"check_same_thread": False, "timeout": busy_timeout}
        )
        event.listen(engine, "connect", _sqlite_pragmas(int(busy_timeout * 1000)))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=20,
        pool_timeout=busy_timeout,
        connect_args={
            "connect_timeout": max(1, int(busy_timeout)),
            "options": f"-c lock_timeout={int(busy_timeout * 1000)}",  # as SQLite's busy timeout
        },
    )


def _sqlite_pragmas(busy_ms: int) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        dbapi_connection.isolation_level = None  # pysqlite emits no BEGIN/COMMIT of its own

    return on_connect


SQLITE_BEGIN = "sqlite_begin"
"""Execution option: how a SQLite transaction begins (``DEFERRED`` or ``IMMEDIATE``)."""


def _sqlite_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {'IMMEDIATE' if mode == 'IMMEDIATE' else 'DEFERRED'}")


def is_lock_error(exc: BaseException) -> bool:
    """A lock wait that timed out, a deadlock or a serialization failure: worth retrying."""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) in LOCK_STATES:
        return True
    message = str(orig).lower()
    return "database is locked" in message or "database table is locked" in message


def unavailable(exc: BaseException) -> Unavailable | None:
    """The 503 a driver error stands for (locked, or unreachable), or None for real bugs."""
    if isinstance(exc, Unavailable):
        return exc
    if isinstance(exc, PoolTimeout):
        return Unavailable("the database is busy; try again shortly", code="db_busy", retry_after=2)
    if isinstance(exc, OperationalError) or (isinstance(exc, DBAPIError) and exc.connection_invalidated):
        if "readonly database" in str(exc):
            return None  # a read path that writes is a bug, not an outage
        if is_lock_error(exc):
            return Unavailable("the database is busy; try again shortly", code="db_busy", retry_after=2)
        return Unavailable(
            "the database is unavailable; try again shortly", code="db_unavailable", retry_after=5
        )
    return None


class Database:
    """An engine plus a session factory: ``transaction()`` / ``write()`` for the unit of work
    services use, ``reading()`` for read-only work, ``try_write()`` for bookkeeping."""

    def __init__(self, url: str, *, echo: bool = False, busy_timeout: float = 5.0, retries: int = 5) -> None:
        self.url = url
        self.busy_timeout = busy_timeout
        self.retries = max(1, retries)
        self.engine = make_engine(url, echo=echo, busy_timeout=busy_timeout)
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
        except BaseException as exc:
            _quiet_rollback(session)
            busy = unavailable(exc)
            if busy is not None and busy is not exc:
                raise busy from exc
            raise
        finally:
            session.close()

    def write(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in a transaction; when the database is locked, again after a short
        back-off (50, 150, 450, 1350 ms, with jitter). Still locked: ``Unavailable`` (503)."""
        for attempt in range(self.retries):
            try:
                with self.transaction() as session:
                    return work(session)
            except Unavailable as err:
                if err.code != "db_busy" or attempt == self.retries - 1:
                    raise
                pause = 0.05 * (3**attempt) * (0.5 + random.random())
                log.info("database busy, retrying in %.0f ms", pause * 1000)
                time.sleep(pause)
        raise AssertionError("unreachable")

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (one deferred snapshot): nothing is committed, and a write raises
        at once."""
        session = self._readers()
        connection = None
        try:
            connection = session.connection()
            if self.is_sqlite:
                connection.exec_driver_sql("PRAGMA query_only=ON")
            else:
                connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            yield session
        except BaseException as exc:
            busy = unavailable(exc)
            if busy is not None and busy is not exc:
                raise busy from exc
            raise
        finally:
            if connection is not None and self.is_sqlite:
                try:
                    connection.exec_driver_sql("PRAGMA query_only=OFF")
                except DBAPIError:  # pragma: no cover - the connection is gone; the pool drops it
                    log.warning("could not reset query_only on a SQLite connection")
            _quiet_rollback(session)
            session.close()

    def try_write(self, work: Callable[[Connection], object]) -> bool:
        """Run ``work`` in its own transaction unless that means waiting for a lock: False when
        the database was busy (or unreachable) and nothing was written."""
        try:
            with self.engine.connect() as connection:
                if self.is_sqlite:
                    connection.exec_driver_sql("PRAGMA busy_timeout=0")
                else:
                    connection.exec_driver_sql("SET LOCAL lock_timeout = '20ms'")
                try:
                    work(connection)
                    connection.commit()
                finally:
                    connection.rollback()
                    if self.is_sqlite:
                        connection.exec_driver_sql(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")
                        connection.commit()
        except (OperationalError, PoolTimeout) as exc:
            log.debug("skipped a bookkeeping write: %s", exc)
            return False
        return True

    def dispose(self) -> None:
        self.engine.dispose()


def _quiet_rollback(session: Session) -> None:
    """Roll back; a connection that died with the database cannot, and the pool drops it."""
    try:
        session.rollback()
    except DBAPIError as exc:
        log.warning("rollback failed: %s", exc)
