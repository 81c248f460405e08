"""Units of work on the real database (SQLite, and PostgreSQL in `make test-pg`): reading
sessions cannot write, a token's last use never waits for a writer, and a lock that outlasts the
busy timeout becomes a clean 503 after retries."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import select, text

from mynews.core.clock import FixedClock
from mynews.core.errors import Unavailable
from mynews.services.context import Context
from mynews.services.readers import accounts
from mynews.store.db import Database
from mynews.store.models import ApiToken


def test_a_reading_session_cannot_write(db: Database) -> None:
    with (
        pytest.raises(Exception, match=r"(?i)read.only|readonly|attempt to write"),
        db.reading() as session,
    ):
        session.execute(text("INSERT INTO topics (key, kind, name) VALUES ('x', 'rule', 'X')"))
    with db.transaction() as session:  # the connection went back to the pool writable
        session.execute(text("UPDATE sources SET title = title"))


@contextmanager
def token_row_locked(db: Database, token_id: int) -> Iterator[None]:
    """Another connection holds a write lock the token's row needs (the whole database on
    SQLite), as a long writer would."""
    if db.is_sqlite:
        holder = sqlite3.connect(db.url.split("///", 1)[1], isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("UPDATE api_tokens SET name = name")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
    else:
        with db.engine.connect() as holder:
            holder.execute(text("SELECT id FROM api_tokens WHERE id = :i FOR UPDATE"), {"i": token_id})
            yield
            holder.rollback()


def _last_used(ctx: Context, token_id: int):  # type: ignore[no-untyped-def]
    with ctx.db.reading() as session:
        return session.scalar(select(ApiToken.last_used_at).where(ApiToken.id == token_id))


def test_token_last_use_is_written_once_a_minute_and_never_waits(ctx: Context) -> None:
    clock = FixedClock(ctx.clock.now())
    ctx.clock = clock
    reader = accounts.sign_up(ctx, "ada@example.org", "correct horse battery")
    view, raw = accounts.create_token(ctx, reader.id, "app")
    assert accounts.reader_for_token(ctx, raw) == reader
    first = _last_used(ctx, view.id)
    assert first == clock.now()
    clock.advance(seconds=30)
    accounts.reader_for_token(ctx, raw)
    assert _last_used(ctx, view.id) == first  # fresh: not written again
    clock.advance(seconds=31)
    with token_row_locked(ctx.db, view.id):
        start = time.perf_counter()
        assert accounts.reader_for_token(ctx, raw) == reader  # answered, without waiting
        assert time.perf_counter() - start < 0.5
    assert _last_used(ctx, view.id) == first  # the write was skipped, not queued
    accounts.reader_for_token(ctx, raw)
    assert _last_used(ctx, view.id) == clock.now()


def test_a_lock_that_outlasts_the_busy_timeout_is_a_503_after_retries(
    ctx: Context, database_url: str
) -> None:
    reader = accounts.sign_up(ctx, "ada@example.org", "correct horse battery")
    view, _ = accounts.create_token(ctx, reader.id, "app")
    quick = Database(database_url, busy_timeout=0.2)
    tries = 0

    def rename(session) -> None:  # type: ignore[no-untyped-def]
        nonlocal tries
        tries += 1
        session.execute(text("UPDATE api_tokens SET name = 'renamed' WHERE id = :i"), {"i": view.id})

    try:
        with token_row_locked(ctx.db, view.id), pytest.raises(Unavailable) as busy:
            quick.write(rename)
        assert busy.value.code == "db_busy" and busy.value.status == 503 and busy.value.retry_after == 2
        assert tries == 5
        quick.write(rename)  # free again: the same write goes through
    finally:
        quick.dispose()
