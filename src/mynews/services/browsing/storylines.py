"""Use cases: a storyline's full coverage (a timeline of its events with their sizes and sources)
and the recent storylines. A gone id (merged, rebuilt) raises ``Moved`` to where it went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mynews.core.errors import Moved, NotFound
from mynews.services.browsing.names import central_names
from mynews.services.browsing.stories import EntityRef, daily
from mynews.services.context import Context
from mynews.services.reading.articles import ArticleView, view
from mynews.store import articles as article_rows
from mynews.store import entities as entity_rows
from mynews.store import storylines as storyline_rows
from mynews.store.db import Session
from mynews.store.models import Storyline


@dataclass(frozen=True)
class EventRef:
    """One event of a storyline, as its timeline shows it."""

    id: int
    label: str
    size: int
    source_count: int
    first_published: datetime | None
    last_published: datetime | None
    representative: ArticleView | None


@dataclass(frozen=True)
class StorylineView:
    id: int
    label: str
    size: int  # events
    article_count: int
    source_count: int
    first_published: datetime | None
    last_published: datetime | None
    events: list[EventRef]  # oldest first
    entities: list[EntityRef]
    per_day: list[tuple[str, int]]


@dataclass(frozen=True)
class StorylineSummary:
    id: int
    label: str
    size: int
    article_count: int
    source_count: int
    first_published: datetime | None
    last_published: datetime | None
    representative_id: int | None


def get_or_moved(session: Session, level: str, row: object | None, row_id: int) -> None:
    """Raise ``Moved`` when the id went elsewhere, ``NotFound`` when it never existed."""
    if row is not None:
        return
    moved_to = storyline_rows.resolve(session, level, row_id)
    name = "story" if level == "event" else level
    if moved_to is not None:
        raise Moved(f"{name} {row_id} is now {moved_to}", new_id=moved_to)
    raise NotFound(f"{name} {row_id} not found")


def storyline(ctx: Context, storyline_id: int, *, max_events: int = 200) -> StorylineView:
    with ctx.db.reading() as session:
        row = storyline_rows.get(session, storyline_id)
        get_or_moved(session, "storyline", row, storyline_id)
        assert row is not None
        events = storyline_rows.events(session, storyline_id, limit=max_events)
        reps = {
            a.id: a
            for a in article_rows.many(
                session, [e.representative_id for e in events if e.representative_id], listing=True
            )
        }
        sources = article_rows.sources_of(session, list(reps))
        refs = [
            EventRef(
                e.id,
                e.label,
                e.size,
                e.source_count,
                e.first_published,
                e.last_published,
                view(reps[e.representative_id], sources.get(e.representative_id, []))
                if e.representative_id in reps
                else None,
            )
            for e in events
        ]
        entities = []
        for key, count in central_names(row.entity_counts or {}, row.article_count):
            entity = entity_rows.by_key(session, key)
            if entity is not None:
                entities.append(EntityRef(entity.key, entity.name, entity.kind, count))
        times = storyline_rows.article_times(session, storyline_id)
        return StorylineView(
            row.id,
            row.label,
            row.size,
            row.article_count,
            row.source_count,
            row.first_published,
            row.last_published,
            refs,
            entities,
            daily(times),
        )


def summary_of(row: Storyline) -> StorylineSummary:
    return StorylineSummary(
        row.id,
        row.label,
        row.size,
        row.article_count,
        row.source_count,
        row.first_published,
        row.last_published,
        row.representative_id,
    )


def recent_storylines(ctx: Context, *, min_events: int = 2, limit: int = 50) -> list[StorylineSummary]:
    """Storylines with at least ``min_events`` events, most recently updated first."""
    with ctx.db.reading() as session:
        return [summary_of(r) for r in storyline_rows.recent(session, min_events=min_events, limit=limit)]


def current_id(ctx: Context, level: str, row_id: int) -> int:
    """The id a (possibly merged or rebuilt) event or storyline lives under now."""
    with ctx.db.reading() as session:
        return storyline_rows.resolve(session, level, row_id) or row_id
