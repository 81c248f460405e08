"""What keeps the sync APIs fast at 100,000 entries per reader (bench/sync.py measures it): every
list and count a reader app asks for is answered from one covering index, never by scanning the
table or sorting it. Checked on SQLite's query plans (PostgreSQL plans depend on table sizes)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event

from mynews.store import sync_entries
from mynews.store.db import Database, Session
from mynews.store.sync_entries import EntryFilter

AT = datetime(2026, 1, 1, tzinfo=UTC)
CASES: list[tuple[str, Callable[[Session], Any], str]] = [
    ("unread ids", lambda s: sync_entries.ids(s, EntryFilter(1, read=False, main=True), limit=1001), "ix_sync_entries_reader_main_read_published"),
    ("unread ids, next page", lambda s: sync_entries.ids(s, EntryFilter(1, read=False, main=True), after=(AT, 5), limit=1001), "ix_sync_entries_reader_main_read_published"),
    ("starred ids", lambda s: sync_entries.ids(s, EntryFilter(1, starred=True, main=True), limit=1001), "ix_sync_entries_reader_main_starred_published"),
    ("every id", lambda s: sync_entries.ids(s, EntryFilter(1, main=True), limit=1001), "ix_sync_entries_reader_main_published"),
    ("Fever unread ids", lambda s: sync_entries.all_ids_text(s, EntryFilter(1, read=False, main=True)), "ix_sync_entries_reader_main_read_published"),
    ("Fever since_id", lambda s: sync_entries.ids(s, EntryFilter(1, main=True, after_id=10), order="id", newest_first=False, limit=50), "ix_sync_entries_reader_main_id"),
    ("unread counts per feed", lambda s: sync_entries.unread_counts(s, 1), "ix_sync_entries_reader_read_feed"),
    ("unread count", lambda s: sync_entries.count(s, EntryFilter(1, read=False, main=True)), "ix_sync_entries_reader_main_read_published"),
    ("one feed's ids", lambda s: sync_entries.ids(s, EntryFilter(1, feed_ids=(3,)), limit=100), "ix_sync_entries_reader_feed_published"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "call", "index"), CASES, ids=[c[0] for c in CASES])
def test_sync_lists_use_one_covering_index(
    db: Database, name: str, call: Callable[[Session], Any], index: str
) -> None:
    if not db.is_sqlite:
        pytest.skip("query plans checked on SQLite")
    seen: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with db.reading() as session:
            call(session)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    assert seen, name
    statement, parameters = seen[-1]
    with db.engine.connect() as conn:
        plan = " | ".join(
            str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        )
    assert f"COVERING INDEX {index}" in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # no sort of the matching rows
