"""Use cases: a reader's entries as reader apps ask for them (pages, ids only, counts) and what
apps change: read, unread, starred.

Read and starred are the reader's own read states and saved list: marking an entry read marks
its article and the article's near-duplicates read (on the web too, and in every sync feed that
carries them); starring saves the article (and records the "save" signal For you learns from).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from mynews.core.errors import NotFound
from mynews.services.context import Context
from mynews.services.delivery.sync_feeds import refresh
from mynews.services.readers import signals
from mynews.store import reader_activity, sync_entries
from mynews.store.sync_entries import EntryFilter, EntryRow, UnreadCount

__all__ = [
    "EntryFilter",
    "EntryRow",
    "UnreadCount",
    "count",
    "ids",
    "page",
    "set_read",
    "set_starred",
    "unread_counts",
]
MAX_MARK = 100_000


def _across(f: EntryFilter) -> EntryFilter:
    """Lists across feeds hold each article once (its main entry); one feed's list holds all."""
    if f.ids is None and (f.feed_ids is None or len(f.feed_ids) > 1) and f.main is None:
        return EntryFilter(**{**f.__dict__, "main": True})
    return f


def page(
    ctx: Context,
    f: EntryFilter,
    *,
    order: str = "published",
    newest_first: bool = True,
    after: tuple[datetime, int] | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[EntryRow]:
    """One page of entries with their articles (``order``: published, id or rank)."""
    refresh(ctx, f.reader_id)
    f = _across(f)
    with ctx.db.reading() as session:
        return sync_entries.entries(
            session, f, order=order, newest_first=newest_first, after=after, limit=limit, offset=offset
        )


def ids(
    ctx: Context,
    f: EntryFilter,
    *,
    order: str = "published",
    newest_first: bool = True,
    after: tuple[datetime, int] | None = None,
    limit: int | None = None,
) -> list[int]:
    """Ids of matching entries, without their articles."""
    refresh(ctx, f.reader_id)
    f = _across(f)
    with ctx.db.reading() as session:
        return sync_entries.ids(session, f, order=order, newest_first=newest_first, after=after, limit=limit)


def position(ctx: Context, reader_id: int, entry_id: int) -> tuple[datetime, int] | None:
    """Where a page that ended with this entry continues."""
    with ctx.db.reading() as session:
        return sync_entries.position(session, reader_id, entry_id)


def all_ids(ctx: Context, f: EntryFilter) -> list[int]:
    refresh(ctx, f.reader_id)
    with ctx.db.reading() as session:
        return sync_entries.all_ids(session, _across(f))


def all_ids_text(ctx: Context, f: EntryFilter) -> str:
    """Every matching entry id, comma-separated (Fever)."""
    refresh(ctx, f.reader_id)
    with ctx.db.reading() as session:
        return sync_entries.all_ids_text(session, _across(f))


def count(ctx: Context, f: EntryFilter) -> int:
    with ctx.db.reading() as session:
        return sync_entries.count(session, _across(f))


def unread_counts(ctx: Context, reader_id: int) -> dict[int, UnreadCount]:
    """Feed id -> unread entries (all, and each article once), newest unread published."""
    refresh(ctx, reader_id)
    with ctx.db.reading() as session:
        return sync_entries.unread_counts(session, reader_id)


def newest(ctx: Context, reader_id: int) -> dict[int, datetime]:
    with ctx.db.reading() as session:
        return sync_entries.newest_published(session, reader_id)


def _articles(session: object, reader_id: int, entry_ids: Iterable[int]) -> list[int]:
    return sorted(set(sync_entries.article_ids(session, reader_id, entry_ids).values()))  # type: ignore[arg-type]


def set_read(ctx: Context, reader_id: int, entry_ids: Iterable[int], read: bool) -> int:
    """Mark entries (of this reader; others are ignored) read or unread, with their articles'
    near-duplicates. Returns how many articles changed hands."""
    wanted = list(dict.fromkeys(entry_ids))[:MAX_MARK]
    with ctx.db.transaction() as session:
        articles = _articles(session, reader_id, wanted)
        group = reader_activity.duplicate_groups(session, articles)
        if read:
            reader_activity.mark_read(session, reader_id, group, ctx.clock.now())
        else:
            reader_activity.mark_unread(session, reader_id, group)
    return len(articles)


def mark_all_read(ctx: Context, f: EntryFilter) -> int:
    """Mark every unread entry matching ``f`` read (Google Reader's mark-all-as-read, Fever's
    mark feed/group)."""
    unread = EntryFilter(**{**f.__dict__, "read": False})
    with ctx.db.reading() as session:
        found = sync_entries.all_ids(session, unread)
    return set_read(ctx, f.reader_id, found, True) if found else 0


def set_starred(ctx: Context, reader_id: int, entry_ids: Iterable[int], starred: bool) -> int:
    """Star (save) or unstar entries' articles, exactly as saving on the web does: the "save"
    signal For you learns from, and the article.saved webhook event."""
    with ctx.db.reading() as session:
        articles = _articles(session, reader_id, entry_ids)
    for article_id in articles:
        if starred:
            signals.record(ctx, reader_id, article_id, "save")
        else:
            signals.unsave(ctx, reader_id, article_id)
    return len(articles)


def toggle_starred(ctx: Context, reader_id: int, entry_id: int) -> bool:
    """Miniflux's bookmark toggle: the entry's new starred state."""
    with ctx.db.reading() as session:
        rows = sync_entries.entries(session, EntryFilter(reader_id, ids=(entry_id,)), limit=1)
    if not rows:
        raise NotFound("entry not found")
    set_starred(ctx, reader_id, [entry_id], not rows[0].starred)
    return not rows[0].starred
