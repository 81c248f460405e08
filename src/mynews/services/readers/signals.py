"""Use cases: what a reader does with articles — impressions, opens, reading time, more/fewer
like this, hide, save, share — and their history and saved list (both deletable).

Opening (or reading) one article of a duplicate group marks the whole group read, so the same
story from another outlet is not shown again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mynews.core.errors import BadInput, NotFound
from mynews.rank import online
from mynews.services.context import Context
from mynews.services.delivery import webhooks
from mynews.services.learning import models
from mynews.store import articles, cursors, feed_log, reader_activity
from mynews.store.db import Session
from mynews.store.models import Article

KINDS = ("impression", "open", "read", "more", "fewer", "hide", "save", "share")
MARKS_READ = frozenset({"open", "read"})


@dataclass(frozen=True)
class ListedArticle:
    """An article in a reader's list (history or saved) with when it got there."""

    article_id: int
    title: str
    url: str | None
    site_name: str | None
    published_at: datetime
    at: datetime


@dataclass(frozen=True)
class ListPage:
    items: list[ListedArticle]
    next_cursor: str | None


def record(ctx: Context, reader_id: int, article_id: int, kind: str, value: float = 1.0) -> None:
    """Record one signal. ``read`` takes seconds spent as ``value``; ``save`` also saves."""
    if kind not in KINDS:
        raise BadInput(f"unknown signal {kind!r}; one of {', '.join(KINDS)}", code="bad_signal")
    if kind == "read" and not 0 <= value <= 86400:
        raise BadInput("reading time must be 0..86400 seconds", code="bad_signal")
    now = ctx.clock.now()

    def store(session: Session) -> None:
        if articles.get(session, article_id) is None:
            raise NotFound(f"article {article_id} not found")
        reader_activity.add_signal(session, reader_id, article_id, kind=kind, value=value, now=now)
        if kind in MARKS_READ:
            reader_activity.mark_read(
                session, reader_id, reader_activity.duplicate_group(session, article_id), now
            )
        if kind == "save":
            reader_activity.save(session, reader_id, article_id, now)
        _adjust_ranking(session, ctx, reader_id, article_id, kind, value, now)

    ctx.db.write(store)
    if kind == "save" and webhooks.article_saved(ctx, reader_id, article_id) and ctx.queue is not None:
        ctx.queue.deliver_webhooks()


def _adjust_ranking(
    session: Session, ctx: Context, reader_id: int, article_id: int, kind: str, value: float, now: datetime
) -> None:
    """One online step of this reader's ranking weights on the card's logged features."""
    weights = models.ranking_weights(ctx)[0]
    label = online.label_of(kind, value, weights)
    if label is None:
        return
    served = feed_log.last_served(session, reader_id, article_id)
    if served is None:
        return
    deltas = online.step(feed_log.reader_deltas(session, reader_id), served.features, label, weights)
    feed_log.put_reader_deltas(session, reader_id, deltas, now)


def record_impressions(ctx: Context, reader_id: int, article_ids: list[int]) -> None:
    """Impressions for a page of cards (ids of articles that do not exist are ignored)."""
    now = ctx.clock.now()
    wanted = list(dict.fromkeys(article_ids))

    def add(session: Session) -> None:
        known = {a.id for a in articles.many(session, wanted, listing=True)}  # unknown ids: no row to cite
        shown = [i for i in wanted if i in known]
        reader_activity.add_signals(session, reader_id, shown, kind="impression", value=1.0, now=now)

    ctx.db.write(add)


def unsave(ctx: Context, reader_id: int, article_id: int) -> None:
    with ctx.db.transaction() as session:
        reader_activity.unsave(session, reader_id, article_id)


def _listed(article: Article, at: datetime) -> ListedArticle:
    return ListedArticle(article.id, article.title, article.url, article.site_name, article.published_at, at)


def history(ctx: Context, reader_id: int, *, cursor: str | None = None, limit: int = 30) -> ListPage:
    """The articles the reader opened, newest first."""
    limit = max(1, min(limit, 100))
    before = cursors.decode_time(cursor) if cursor else None
    with ctx.db.reading() as session:
        rows = reader_activity.history(session, reader_id, before=before, limit=limit + 1)
        items = [_listed(a, s.at) for s, a in rows[:limit]]
        last = rows[limit - 1][0] if len(rows) > limit else None
        return ListPage(items, cursors.encode(last.at, last.id) if last else None)


def forget(ctx: Context, reader_id: int, article_id: int | None = None) -> None:
    """Delete the reader's history: every signal about one article, or all of it."""
    with ctx.db.transaction() as session:
        reader_activity.forget(session, reader_id, article_id)


def saved(ctx: Context, reader_id: int, *, cursor: str | None = None, limit: int = 30) -> ListPage:
    limit = max(1, min(limit, 100))
    before = cursors.decode_time(cursor) if cursor else None
    with ctx.db.reading() as session:
        rows = reader_activity.saved(session, reader_id, before=before, limit=limit + 1)
        items = [_listed(a, s.saved_at) for s, a in rows[:limit]]
        last = rows[limit - 1][0] if len(rows) > limit else None
        return ListPage(items, cursors.encode(last.saved_at, last.article_id) if last else None)


def saved_among(ctx: Context, reader_id: int, article_ids: list[int]) -> set[int]:
    with ctx.db.reading() as session:
        return reader_activity.saved_among(session, reader_id, article_ids)


UNDOABLE = ("more", "fewer", "hide", "share")


def withdraw(ctx: Context, reader_id: int, article_id: int, kind: str) -> bool:
    """Undo the reader's latest more / fewer / hide / share about an article."""
    if kind not in UNDOABLE:
        raise BadInput(f"{kind!r} cannot be undone; one of {', '.join(UNDOABLE)}", code="bad_signal")
    with ctx.db.transaction() as session:
        return reader_activity.withdraw_signal(session, reader_id, article_id, kind)
