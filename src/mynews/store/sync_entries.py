"""Reading a reader's sync entries: ids only, with their articles, counts; and keeping their
read and starred flags equal to the reader's read states and saved list.

Every query is scoped by ``reader_id`` and served by one of the ``sync_entries`` indexes:
unread ids and counts by (reader, read, ...), a feed's entries by (feed, published, id), Fever's
id ranges by (reader, id). Lists page by keyset on (published, id), or on id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, func, select, tuple_, update
from sqlalchemy.orm import Session

from mynews.store.models import Article
from mynews.store.sync_models import SyncEntry, SyncFeed

CHUNK = 500


@dataclass(frozen=True)
class EntryFilter:
    reader_id: int
    feed_ids: tuple[int, ...] | None = None
    read: bool | None = None
    starred: bool | None = None
    main: bool | None = None
    ids: tuple[int, ...] | None = None
    after_id: int | None = None
    before_id: int | None = None
    published_after: datetime | None = None
    published_before: datetime | None = None


@dataclass(frozen=True)
class EntryRow:
    id: int
    feed_id: int
    article_id: int
    published_at: datetime
    created_at: datetime
    read: bool
    starred: bool
    rank: int | None
    note: str | None
    title: str
    url: str | None
    authors: list[str]
    site_name: str | None
    lead_image: str | None
    content: str


def _where(f: EntryFilter) -> list[Any]:
    conditions: list[Any] = [SyncEntry.reader_id == f.reader_id]
    if f.feed_ids is not None:
        conditions.append(SyncEntry.feed_id.in_(f.feed_ids))
    if f.read is not None:  # "=" not "IS": PostgreSQL only uses an index for equality
        conditions.append(SyncEntry.read == f.read)
    if f.main is not None:
        conditions.append(SyncEntry.main == f.main)
    if f.starred is not None:
        conditions.append(SyncEntry.starred == f.starred)
    if f.ids is not None:
        conditions.append(SyncEntry.id.in_(f.ids))
    if f.after_id is not None:
        conditions.append(SyncEntry.id > f.after_id)
    if f.before_id is not None:
        conditions.append(SyncEntry.id < f.before_id)
    if f.published_after is not None:
        conditions.append(SyncEntry.published_at >= f.published_after)
    if f.published_before is not None:
        conditions.append(SyncEntry.published_at <= f.published_before)
    return conditions


def _ordered(query: Any, order: str, newest_first: bool, after: tuple[datetime, int] | None) -> Any:
    """``order``: published (keyset ``after`` = the last row's (published, id)), id, or rank."""
    if order == "id":
        return query.order_by(SyncEntry.id.desc() if newest_first else SyncEntry.id)
    if order == "rank":
        return query.order_by(
            SyncEntry.rank.is_(None), SyncEntry.rank, SyncEntry.published_at.desc(), SyncEntry.id.desc()
        )
    if after is not None:  # a row value comparison: one index range on both databases
        key, at = tuple_(SyncEntry.published_at, SyncEntry.id), tuple_(*after)
        query = query.where(key < at if newest_first else key > at)
    if newest_first:
        return query.order_by(SyncEntry.published_at.desc(), SyncEntry.id.desc())
    return query.order_by(SyncEntry.published_at, SyncEntry.id)


def ids(
    session: Session,
    f: EntryFilter,
    *,
    order: str = "published",
    newest_first: bool = True,
    after: tuple[datetime, int] | None = None,
    limit: int | None = None,
) -> list[int]:
    """Ids of the matching entries, nothing else (an index-only scan; no row objects)."""
    query = _ordered(select(SyncEntry.id).where(*_where(f)), order, newest_first, after)
    if limit is not None:
        query = query.limit(limit)
    return list(session.execute(query).scalars())


def position(session: Session, reader_id: int, entry_id: int) -> tuple[datetime, int] | None:
    """(published, id) of one of the reader's entries: where a keyset page continues."""
    query = select(SyncEntry.published_at).where(SyncEntry.id == entry_id, SyncEntry.reader_id == reader_id)
    published = session.scalar(query)
    return (published, entry_id) if published is not None else None


def all_ids(session: Session, f: EntryFilter) -> list[int]:
    """Every matching entry id, in no particular order."""
    return [int(i) for i in session.scalars(select(SyncEntry.id).where(*_where(f)))]


def all_ids_text(session: Session, f: EntryFilter) -> str:
    """Every matching entry id, comma-separated, joined by the database (Fever's unread and
    saved lists can hold 100,000 ids: no Python object per id)."""
    joined = (
        func.string_agg(cast(SyncEntry.id, String), ",")
        if _is_postgresql(session)
        else func.group_concat(SyncEntry.id, ",")
    )
    return str(session.scalar(select(joined).where(*_where(f))) or "")


def _is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def entries(
    session: Session,
    f: EntryFilter,
    *,
    order: str = "published",
    newest_first: bool = True,
    after: tuple[datetime, int] | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[EntryRow]:
    """The matching entries with their articles' title, link, authors and stored HTML."""
    query = select(
        SyncEntry.id,
        SyncEntry.feed_id,
        SyncEntry.article_id,
        SyncEntry.published_at,
        SyncEntry.created_at,
        SyncEntry.read,
        SyncEntry.starred,
        SyncEntry.rank,
        SyncEntry.note,
        Article.title,
        Article.url,
        Article.authors,
        Article.site_name,
        Article.lead_image,
        func.coalesce(Article.body_html, Article.summary_html, ""),
    ).join(Article, Article.id == SyncEntry.article_id)
    query = _ordered(query.where(*_where(f)), order, newest_first, after).limit(limit).offset(offset)
    return [EntryRow(*row) for row in session.execute(query)]


def count(session: Session, f: EntryFilter) -> int:
    return int(session.scalar(select(func.count()).select_from(SyncEntry).where(*_where(f))) or 0)


@dataclass(frozen=True)
class UnreadCount:
    feed_id: int
    unread: int  # entries of the feed
    unread_main: int  # of those, the ones that stand for their article in lists across feeds
    newest: datetime


def unread_counts(session: Session, reader_id: int) -> dict[int, UnreadCount]:
    """Per feed: unread entries (all, and main ones) and the newest one's published time, in one
    pass over the (reader, read, feed, main, published) index."""
    query = (
        select(SyncEntry.feed_id, SyncEntry.main, func.count(), func.max(SyncEntry.published_at))
        .where(SyncEntry.reader_id == reader_id, SyncEntry.read == False)  # noqa: E712
        .group_by(SyncEntry.feed_id, SyncEntry.main)
    )
    out: dict[int, UnreadCount] = {}
    for feed_id, main, n, newest in session.execute(query):
        seen = out.get(int(feed_id))
        total = int(n) + (seen.unread if seen else 0)
        mains = (int(n) if main else 0) + (seen.unread_main if seen else 0)
        latest = max(newest, seen.newest) if seen else newest
        out[int(feed_id)] = UnreadCount(int(feed_id), total, mains, latest)
    return out


def newest_published(session: Session, reader_id: int) -> dict[int, datetime]:
    query = (
        select(SyncEntry.feed_id, func.max(SyncEntry.published_at))
        .where(SyncEntry.reader_id == reader_id)
        .group_by(SyncEntry.feed_id)
    )
    return {int(feed): newest for feed, newest in session.execute(query)}


def article_ids(session: Session, reader_id: int, entry_ids: Iterable[int]) -> dict[int, int]:
    """entry id -> article id, for this reader's entries only."""
    wanted, out = list(entry_ids), {}
    for i in range(0, len(wanted), CHUNK):
        query = select(SyncEntry.id, SyncEntry.article_id).where(
            SyncEntry.reader_id == reader_id, SyncEntry.id.in_(wanted[i : i + CHUNK])
        )
        out.update({int(e): int(a) for e, a in session.execute(query)})
    return out


def feed(session: Session, reader_id: int, feed_id: int) -> SyncFeed | None:
    row = session.get(SyncFeed, feed_id)
    return row if row is not None and row.reader_id == reader_id else None


# Flags: written with read states and saved rows, by reader_activity ----------------------------


def set_read(session: Session, reader_id: int, article_ids: Iterable[int] | None, read: bool) -> None:
    """Flag the reader's entries of these articles (of every article when None) read or unread."""
    _flag(session, reader_id, article_ids, {"read": read})


def set_starred(session: Session, reader_id: int, article_ids: Iterable[int], starred: bool) -> None:
    _flag(session, reader_id, article_ids, {"starred": starred})


def _flag(
    session: Session, reader_id: int, article_ids: Iterable[int] | None, values: dict[str, bool]
) -> None:
    base = update(SyncEntry).where(SyncEntry.reader_id == reader_id).values(**values)
    if article_ids is None:
        session.execute(base)
        return
    ids = sorted(set(article_ids))
    for i in range(0, len(ids), CHUNK):
        session.execute(
            base.where(SyncEntry.article_id.in_(ids[i : i + CHUNK])),
            execution_options={"synchronize_session": False},
        )
