"""A unit of work is all or nothing on SQLite and PostgreSQL, savepoints included.

With pysqlite's own transaction handling, a SAVEPOINT was sent without a BEGIN before it, so
its RELEASE committed and the later rollback undid nothing. These tests fail on that.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from mynews.store import articles, sources
from mynews.store.db import Database
from mynews.store.models import Article, ArticleSource, Source

NOW = datetime(2025, 1, 1, tzinfo=UTC)


class Rejected(Exception):
    pass


def _count(db: Database, model: type) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_failed_transaction_keeps_nothing_written_inside_savepoints(db: Database) -> None:
    with db.transaction() as session:
        source_id = sources.get_or_create(session, "https://a.example/feed", kind="feed", now=NOW)[0].id
    with pytest.raises(Rejected), db.transaction() as session:
        # As in a push: reads first, then the first write is the upsert's SAVEPOINT (RELEASEd).
        assert sources.get(session, source_id) is not None
        for n in range(3):
            articles.upsert(
                session,
                source_id=source_id,
                guid=f"g{n}",
                fields={"url": f"https://a.example/{n}", "title": "t", "published_at": NOW},
                now=NOW,
            )
        raise Rejected("the request is refused after the writes")
    assert _count(db, Article) == 0
    assert _count(db, ArticleSource) == 0


def test_a_savepoint_rolled_back_alone_keeps_the_rest(db: Database) -> None:
    with db.transaction() as session:
        source, _ = sources.get_or_create(session, "https://b.example/feed", kind="feed", now=NOW)
        first = articles.upsert(
            session,
            source_id=source.id,
            guid="x",
            fields={"url": "https://b.example/x", "title": "t", "published_at": NOW},
            now=NOW,
        )
        # The same URL again: the unique key fails inside the savepoint, the row is reused.
        session.expunge_all()
        again = articles.upsert(
            session,
            source_id=source.id,
            guid="x",
            fields={"url": "https://b.example/x", "title": "t", "published_at": NOW},
            now=NOW,
        )
        assert again.article_id == first.article_id and not again.created
    assert _count(db, Article) == 1


def test_readers_see_one_snapshot_while_a_writer_commits(db: Database) -> None:
    """On SQLite a reading session is a real transaction: what it saw first does not change
    under it (PostgreSQL reads at READ COMMITTED, its default, statement by statement)."""
    if not db.is_sqlite:
        pytest.skip("PostgreSQL's READ COMMITTED gives each statement its own snapshot")
    with db.transaction() as session:
        sources.get_or_create(session, "https://c.example/feed", kind="feed", now=NOW)
    with db.reading() as reader:
        before = reader.scalar(select(func.count()).select_from(Source))

        def write() -> None:
            with db.transaction() as session:
                sources.get_or_create(session, "https://d.example/feed", kind="feed", now=NOW)

        thread = threading.Thread(target=write)
        thread.start()
        thread.join(10)
        assert not thread.is_alive()
        assert reader.scalar(select(func.count()).select_from(Source)) == before
    assert _count(db, Source) == before + 1
