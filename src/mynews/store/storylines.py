"""Storyline rows, the events (``stories`` rows) in them, and redirects of ids that went away.

Two levels: an event is a ``Story`` row (``stories.storyline_id`` says its storyline); a
``Storyline`` groups events. A merged or rebuilt id leaves a ``StoryRedirect`` (``level``
"event" or "storyline"), so links and follows keep working.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from mynews.store.models import Article, ArticleSource, Story, Storyline, StoryRedirect

LEVELS = ("event", "storyline")


def get(session: Session, storyline_id: int, *, for_update: bool = False) -> Storyline | None:
    query = select(Storyline).where(Storyline.id == storyline_id)
    if for_update and session.get_bind().dialect.name != "sqlite":
        query = query.with_for_update()
    return session.scalar(query)


def many(session: Session, storyline_ids: Sequence[int]) -> list[Storyline]:
    if not storyline_ids:
        return []
    return list(session.scalars(select(Storyline).where(Storyline.id.in_(list(storyline_ids)))))


def create(session: Session, **fields: object) -> Storyline:
    row = Storyline(**fields)
    session.add(row)
    session.flush()
    return row


def events(session: Session, storyline_id: int, limit: int = 500) -> list[Story]:
    """The storyline's events, oldest first."""
    return list(
        session.scalars(
            select(Story)
            .where(Story.storyline_id == storyline_id)
            .order_by(Story.first_published, Story.id)
            .limit(limit)
        )
    )


def events_around(
    session: Session, storyline_id: int, at: datetime, exclude: int, *, before: int = 3, after: int = 2
) -> list[Story]:
    """The storyline's events nearest ``at`` in time (up to ``before`` that started then or
    earlier, ``after`` later ones), other than ``exclude``, newest first."""
    mine = select(Story).where(Story.storyline_id == storyline_id, Story.id != exclude)
    earlier = session.scalars(
        mine.where(Story.first_published <= at)
        .order_by(Story.first_published.desc(), Story.id.desc())
        .limit(before)
    )
    later = session.scalars(
        mine.where(Story.first_published > at).order_by(Story.first_published, Story.id).limit(after)
    )
    return [*reversed(list(later)), *earlier]


def event_ids(session: Session, storyline_id: int) -> list[int]:
    return list(session.scalars(select(Story.id).where(Story.storyline_id == storyline_id)))


def storyline_of_events(session: Session, story_ids: Sequence[int]) -> dict[int, int | None]:
    if not story_ids:
        return {}
    rows = session.execute(select(Story.id, Story.storyline_id).where(Story.id.in_(list(story_ids))))
    return {int(s): (int(line) if line is not None else None) for s, line in rows}


def recent(
    session: Session, *, since: datetime | None = None, min_events: int = 1, limit: int = 50
) -> list[Storyline]:
    """Storylines with at least ``min_events`` events, most recently updated first."""
    query = select(Storyline).where(Storyline.size >= min_events)
    if since is not None:
        query = query.where(Storyline.last_published >= since)
    return list(
        session.scalars(query.order_by(Storyline.last_published.desc(), Storyline.id.desc()).limit(limit))
    )


def source_count(session: Session, storyline_id: int) -> int:
    return int(
        session.scalar(
            select(func.count(func.distinct(ArticleSource.source_id)))
            .join(Article, Article.id == ArticleSource.article_id)
            .join(Story, Story.id == Article.story_id)
            .where(Story.storyline_id == storyline_id)
        )
        or 0
    )


def article_times(session: Session, storyline_id: int, limit: int = 20_000) -> list[datetime]:
    """Publication times of the storyline's ready articles (for its articles-per-day chart)."""
    return list(
        session.scalars(
            select(Article.published_at)
            .join(Story, Story.id == Article.story_id)
            .where(Story.storyline_id == storyline_id, Article.status == "ready")
            .order_by(Article.published_at.desc())
            .limit(limit)
        )
    )


def article_storylines(session: Session, article_ids: Sequence[int]) -> dict[int, tuple[int, int, str]]:
    """(event id, storyline id, storyline label) of each article that has a storyline."""
    if not article_ids:
        return {}
    rows = session.execute(
        select(Article.id, Story.id, Storyline.id, Storyline.label)
        .join(Story, Story.id == Article.story_id)
        .join(Storyline, Storyline.id == Story.storyline_id)
        .where(Article.id.in_(list(article_ids)))
    )
    return {int(a): (int(s), int(line), label) for a, s, line, label in rows}


def holding(session: Session, article_ids: Sequence[int]) -> list[tuple[Storyline, int]]:
    """The storylines that hold any of ``article_ids``, with how many of them each holds (most
    first, then the most recently active)."""
    if not article_ids:
        return []
    held = func.count(Article.id).label("held")
    rows = session.execute(
        select(Storyline, held)
        .join(Story, Story.storyline_id == Storyline.id)
        .join(Article, Article.story_id == Story.id)
        .where(Article.id.in_(list(article_ids)))
        .group_by(Storyline.id)
        .order_by(held.desc(), Storyline.last_published.desc(), Storyline.id)
    )
    return [(line, int(n)) for line, n in rows]


def new_events(
    session: Session, storyline_ids: Sequence[int], since: datetime, limit: int = 200
) -> list[Story]:
    """Events of these storylines that started at or after ``since``, newest first."""
    if not storyline_ids:
        return []
    return list(
        session.scalars(
            select(Story)
            .where(Story.storyline_id.in_(list(storyline_ids)), Story.first_published >= since)
            .order_by(Story.first_published.desc(), Story.id.desc())
            .limit(limit)
        )
    )


def recent_articles(session: Session, storyline_id: int, *, since: datetime, limit: int = 50) -> list[int]:
    """The storyline's newest ready articles published at or after ``since``."""
    return list(
        session.scalars(
            select(Article.id)
            .join(Story, Story.id == Article.story_id)
            .where(
                Story.storyline_id == storyline_id, Article.published_at >= since, Article.status == "ready"
            )
            .order_by(Article.published_at.desc(), Article.id.desc())
            .limit(limit)
        )
    )


def move_events(session: Session, story_ids: Sequence[int], storyline_id: int | None) -> None:
    if story_ids:
        session.execute(update(Story).where(Story.id.in_(list(story_ids))).values(storyline_id=storyline_id))


def delete_empty(session: Session) -> list[int]:
    """Delete storylines with no event left; returns their ids."""
    used = select(Story.storyline_id).where(Story.storyline_id.is_not(None)).distinct()
    gone = list(session.scalars(select(Storyline.id).where(Storyline.id.not_in(used))))
    if gone:
        session.execute(delete(Storyline).where(Storyline.id.in_(gone)))
    return gone


def add_redirect(session: Session, level: str, old_id: int, new_id: int, reason: str, at: datetime) -> None:
    """``old_id`` (an event or a storyline that is gone) now lives on as ``new_id``."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    if old_id == new_id:
        return
    row = session.get(StoryRedirect, (level, old_id))
    if row is None:
        session.add(StoryRedirect(level=level, old_id=old_id, new_id=new_id, reason=reason, at=at))
    else:
        row.new_id, row.reason, row.at = new_id, reason, at
    session.flush()


def resolve(session: Session, level: str, old_id: int, hops: int = 10) -> int | None:
    """Where a gone id lives now (following chains of merges), or None if it never moved."""
    current, moved = old_id, False
    for _ in range(hops):
        row = session.get(StoryRedirect, (level, current))
        if row is None or row.new_id == current:
            break
        current, moved = row.new_id, True
    return current if moved else None
