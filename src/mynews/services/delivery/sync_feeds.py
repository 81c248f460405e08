"""Use cases: a reader's feeds as reader apps see them, kept up to date.

The feeds are For you (ranked, each entry saying why), Saved, and one per follow of a source,
topic or entity (muted things are not feeds). Categories: For you, Following (every follow) and
Saved. ``refresh`` brings them in line with the reader's follows and adds new articles; the API
calls it before answering, at most every ``sync_refresh_seconds`` per reader in a process, and
For you is ranked again at most every ``sync_for_you_refresh_seconds``.
"""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass
from datetime import timedelta

from mynews.services.context import Context
from mynews.services.reading import feed as reading
from mynews.store import reader_activity, sync_feeds
from mynews.store.db import Database

CATEGORIES = {1: "For you", 2: "Following", 3: "Saved"}
FOLLOWED = ("source", "topic", "entity")
BATCH = 5000  # new entries a feed takes in one refresh at most


@dataclass(frozen=True)
class SyncFeedView:
    id: int
    kind: str  # for_you, saved, source, topic, entity
    key: str
    title: str
    category_id: int
    feed_url: str | None  # a source's own feed; None for mynews' feeds
    site_url: str | None

    @property
    def category(self) -> str:
        return CATEGORIES[self.category_id]


def category_of(kind: str) -> int:
    return {"for_you": 1, "saved": 3}.get(kind, 2)


class _Pace:
    """When each reader's feeds were last refreshed in this process, and one lock per reader."""

    def __init__(self) -> None:
        self.guard = threading.Lock()
        self.last: dict[int, float] = {}
        self.locks: dict[int, threading.Lock] = {}

    def lock(self, reader_id: int) -> threading.Lock:
        with self.guard:
            return self.locks.setdefault(reader_id, threading.Lock())


_paces: weakref.WeakKeyDictionary[Database, _Pace] = weakref.WeakKeyDictionary()
_paces_guard = threading.Lock()


def _pace(ctx: Context) -> _Pace:
    with _paces_guard:
        pace = _paces.get(ctx.db)
        if pace is None:
            pace = _paces[ctx.db] = _Pace()
        return pace


def refresh(ctx: Context, reader_id: int, *, force: bool = False) -> None:
    """Bring the reader's sync feeds in line with their follows and add new entries."""
    pace = _pace(ctx)
    if not force and time.monotonic() - pace.last.get(reader_id, -1e9) < ctx.settings.sync_refresh_seconds:
        return
    with pace.lock(reader_id):
        now = ctx.clock.now()
        with ctx.db.transaction() as session:
            wanted = [("for_you", "for-you", "For you"), ("saved", "saved", "Saved")]
            wanted += [
                (f.kind, f.key, f.name)
                for f in reader_activity.follows(session, reader_id)
                if f.kind in FOLLOWED and not f.muted
            ]
            rows = sync_feeds.reconcile(session, reader_id, wanted, now)
            for row in rows:
                if row.kind in FOLLOWED:
                    sync_feeds.add_followed(
                        session, row, backfill=ctx.settings.sync_backfill, batch=BATCH, now=now
                    )
                elif row.kind == "saved":
                    sync_feeds.add_saved(session, row, now)
            for_you = next(r for r in rows if r.kind == "for_you")
            every = timedelta(seconds=ctx.settings.sync_for_you_refresh_seconds)
            due = force or for_you.refreshed_at is None or for_you.refreshed_at <= now - every
            for_you_id = for_you.id
        if due:
            _rank_for_you(ctx, reader_id, for_you_id)
        pace.last[reader_id] = time.monotonic()


def _rank_for_you(ctx: Context, reader_id: int, feed_id: int) -> None:
    """Take the reader's For you ranking, page after page, into the For you feed."""
    wanted = max(reading.MAX_PAGE, min(ctx.settings.sync_for_you_items, 500))
    ranked: list[tuple[int, str]] = []
    cursor = None
    while len(ranked) < wanted:
        page = reading.for_you(ctx, reader_id, cursor=cursor, limit=reading.MAX_PAGE)
        for card in page.cards:
            more = f" (+{card.more_sources} sources)" if card.more_sources else ""
            ranked.append((card.article_id, " · ".join(card.said) + more))
        if page.next_cursor is None or not page.cards:
            break
        cursor = page.next_cursor
    with ctx.db.transaction() as session:
        row = sync_feeds.get(session, reader_id, feed_id)
        if row is not None:
            sync_feeds.put_ranking(session, row, ranked[:wanted], ctx.clock.now())


def feeds(ctx: Context, reader_id: int) -> list[SyncFeedView]:
    """The reader's sync feeds, For you first."""
    refresh(ctx, reader_id)
    with ctx.db.reading() as session:
        rows = sync_feeds.feeds(session, reader_id)
        sources = [int(r.key) for r in rows if r.kind == "source" and r.key.isdigit()]
        links = sync_feeds.source_links(session, sources)
        views = [
            SyncFeedView(
                r.id,
                r.kind,
                r.key,
                r.title,
                category_of(r.kind),
                *(
                    links.get(int(r.key), (None, None))
                    if r.kind == "source" and r.key.isdigit()
                    else (None, None)
                ),
            )
            for r in rows
        ]
    order = {"for_you": 0, "saved": 9}
    return sorted(views, key=lambda v: (order.get(v.kind, 1), v.title.lower(), v.id))
