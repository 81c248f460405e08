"""A reader's sync feeds, and how their entries are added.

Entries are added, never rewritten: a followed source, topic or entity adds its ready articles
with ids above the feed's ``watermark`` (the first time only the newest ``backfill``); the
watermark stops below an article still being processed, so it is picked up once ready. For you
replaces its ranking (``rank``, ``note``); Saved adds what the reader saved. A new entry starts
read or starred when the article already is."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, exists, func, select, update
from sqlalchemy.orm import Session

from mynews.store.dialect import insert_ignoring_conflicts
from mynews.store.models import (
    Article,
    ArticleEntity,
    ArticleSource,
    ArticleTopic,
    Entity,
    ReadState,
    Saved,
    Source,
    Topic,
)
from mynews.store.sync_models import SyncEntry, SyncFeed

CHUNK = 500
FOLLOWED = ("source", "topic", "entity")


def get(session: Session, reader_id: int, feed_id: int) -> SyncFeed | None:
    row = session.get(SyncFeed, feed_id)
    return row if row is not None and row.reader_id == reader_id else None


def source_links(session: Session, source_ids: Iterable[int]) -> dict[int, tuple[str, str | None]]:
    """Source id -> (feed URL, site URL)."""
    ids = list(source_ids)
    if not ids:
        return {}
    rows = session.execute(select(Source.id, Source.url, Source.site_url).where(Source.id.in_(ids)))
    return {int(i): (url, site) for i, url, site in rows}


def feeds(session: Session, reader_id: int) -> list[SyncFeed]:
    return list(
        session.scalars(select(SyncFeed).where(SyncFeed.reader_id == reader_id).order_by(SyncFeed.id))
    )


def reconcile(
    session: Session, reader_id: int, wanted: Sequence[tuple[str, str, str]], now: datetime
) -> list[SyncFeed]:
    """Make the reader's sync feeds the ``wanted`` (kind, key, title) ones: add the missing,
    retitle, and delete those no longer wanted (with their entries; read states stay)."""
    rows = {(f.kind, f.key): f for f in feeds(session, reader_id)}
    keys = set()
    for kind, key, title in wanted:
        keys.add((kind, key))
        row = rows.get((kind, key))
        if row is None:
            new = {"reader_id": reader_id, "kind": kind, "key": key, "title": title[:500], "watermark": 0}
            insert_ignoring_conflicts(session, SyncFeed.__table__, [{**new, "created_at": now}])
        elif row.title != title[:500]:
            row.title = title[:500]
    stale = [row.id for k, row in rows.items() if k not in keys]
    if stale:
        orphans = list(
            session.scalars(
                select(SyncEntry.article_id).where(SyncEntry.feed_id.in_(stale), SyncEntry.main.is_(True))
            )
        )
        session.execute(delete(SyncEntry).where(SyncEntry.feed_id.in_(stale)))
        session.execute(delete(SyncFeed).where(SyncFeed.id.in_(stale)))
        _promote(session, reader_id, orphans)
    session.flush()
    return feeds(session, reader_id)


def _promote(session: Session, reader_id: int, article_ids: list[int]) -> None:
    """Articles whose main entry went with an unfollowed feed: their oldest other entry is main."""
    for i in range(0, len(article_ids), CHUNK):
        chunk = article_ids[i : i + CHUNK]
        firsts = (
            select(func.min(SyncEntry.id))
            .where(SyncEntry.reader_id == reader_id, SyncEntry.article_id.in_(chunk))
            .group_by(SyncEntry.article_id)
        )
        session.execute(
            update(SyncEntry).where(SyncEntry.id.in_(firsts)).values(main=True),
            execution_options={"synchronize_session": False},
        )


def _link(kind: str) -> tuple[Any, Any]:
    return {
        "source": (ArticleSource.article_id, ArticleSource.source_id),
        "topic": (ArticleTopic.article_id, ArticleTopic.topic_id),
        "entity": (ArticleEntity.article_id, ArticleEntity.entity_id),
    }[kind]


def _key_id(session: Session, feed: SyncFeed) -> int | None:
    if feed.kind == "source":
        return int(feed.key) if feed.key.isdigit() else None
    model = Topic if feed.kind == "topic" else Entity
    return session.scalar(select(model.id).where(model.key == feed.key))


def add_followed(session: Session, feed: SyncFeed, *, backfill: int, batch: int, now: datetime) -> int:
    """Add the ready articles of a followed source, topic or entity above the watermark."""
    key_id = _key_id(session, feed)
    if key_id is None:
        return 0
    article_col, key_col = _link(feed.kind)
    query = (
        select(article_col, Article.published_at, Article.status, Article.duplicate_of_id)
        .join(Article, Article.id == article_col)
        .where(key_col == key_id, article_col > feed.watermark)
        .order_by(article_col.desc())
        .limit(backfill if feed.watermark == 0 else batch)
    )
    rows = session.execute(query).all()
    if not rows:
        return 0
    pending = [a for a, _, status, _ in rows if status == "pending"]
    feed.watermark = min(pending) - 1 if pending else max(a for a, _, _, _ in rows)
    keep_duplicates = feed.kind == "source"  # a source's copy is still that source's article
    ready = [
        (a, published)
        for a, published, status, duplicate_of in rows
        if status == "ready" and (keep_duplicates or duplicate_of is None)
    ]
    return add_entries(session, feed, ready, now=now)


def add_saved(session: Session, feed: SyncFeed, now: datetime) -> int:
    """Add the articles the reader saved that the Saved feed does not have yet."""
    in_feed = exists().where(and_(SyncEntry.feed_id == feed.id, SyncEntry.article_id == Saved.article_id))
    rows = session.execute(
        select(Saved.article_id, Article.published_at)
        .join(Article, Article.id == Saved.article_id)
        .where(Saved.reader_id == feed.reader_id, ~in_feed)
    ).all()
    return add_entries(session, feed, [(a, p) for a, p in rows], now=now)


def put_ranking(session: Session, feed: SyncFeed, ranked: Sequence[tuple[int, str]], now: datetime) -> int:
    """For you: the new ranking (article id, reason) takes places 1..n; earlier entries keep
    their place in the feed after it, newest first."""
    session.execute(
        update(SyncEntry).where(SyncEntry.feed_id == feed.id, SyncEntry.rank.is_not(None)).values(rank=None)
    )
    ids = [a for a, _ in ranked]
    existing = _existing(session, feed.id, ids)
    for place, (article_id, note) in enumerate(ranked, start=1):
        if article_id in existing:
            session.execute(
                update(SyncEntry)
                .where(SyncEntry.id == existing[article_id])
                .values(rank=place, note=note[:500])
            )
    published = dict(
        session.execute(select(Article.id, Article.published_at).where(Article.id.in_(ids))).all()
    )
    new = [(a, published[a]) for a in ids if a not in existing and a in published]
    notes = {a: (place, note[:500]) for place, (a, note) in enumerate(ranked, start=1)}
    feed.refreshed_at = now
    return add_entries(session, feed, new, now=now, ranking=notes)


def _existing(session: Session, feed_id: int, article_ids: Iterable[int]) -> dict[int, int]:
    ids, out = list(article_ids), {}
    for i in range(0, len(ids), CHUNK):
        query = select(SyncEntry.article_id, SyncEntry.id).where(
            SyncEntry.feed_id == feed_id, SyncEntry.article_id.in_(ids[i : i + CHUNK])
        )
        out.update({int(a): int(e) for a, e in session.execute(query)})
    return out


def _states(session: Session, reader_id: int, article_ids: list[int]) -> tuple[set[int], set[int]]:
    read: set[int] = set()
    starred: set[int] = set()
    for i in range(0, len(article_ids), CHUNK):
        chunk = article_ids[i : i + CHUNK]
        read.update(
            session.scalars(
                select(ReadState.article_id).where(
                    ReadState.reader_id == reader_id, ReadState.article_id.in_(chunk)
                )
            )
        )
        starred.update(
            session.scalars(
                select(Saved.article_id).where(Saved.reader_id == reader_id, Saved.article_id.in_(chunk))
            )
        )
    return read, starred


def _in_other_feeds(session: Session, reader_id: int, article_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for i in range(0, len(article_ids), CHUNK):
        query = select(SyncEntry.article_id).where(
            SyncEntry.reader_id == reader_id, SyncEntry.article_id.in_(article_ids[i : i + CHUNK])
        )
        found.update(session.scalars(query))
    return found


def add_entries(
    session: Session,
    feed: SyncFeed,
    items: Sequence[tuple[int, datetime]],
    *,
    now: datetime,
    ranking: dict[int, tuple[int, str]] | None = None,
) -> int:
    """Insert (article id, published) entries the feed does not have, oldest first, so entry
    ids grow with time as Fever clients expect."""
    existing = _existing(session, feed.id, [a for a, _ in items])
    new = sorted({a: p for a, p in items if a not in existing}.items(), key=lambda x: (x[1], x[0]))
    if not new:
        return 0
    read, starred = _states(session, feed.reader_id, [a for a, _ in new])
    elsewhere = _in_other_feeds(session, feed.reader_id, [a for a, _ in new])
    ranking = ranking or {}
    rows = [
        {
            "reader_id": feed.reader_id,
            "feed_id": feed.id,
            "article_id": a,
            "published_at": published,
            "read": a in read,
            "starred": a in starred,
            "main": a not in elsewhere,
            "rank": ranking.get(a, (None, None))[0],
            "note": ranking.get(a, (None, None))[1],
            "created_at": now,
        }
        for a, published in new
    ]
    insert_ignoring_conflicts(session, SyncEntry.__table__, rows)  # a concurrent refresh may have added some
    return len(rows)
