"""Use cases: an event's full coverage (timeline, every source's take, entities, the storyline it is
part of) and recent events. A story here is an event (see ``storylines`` for the level above)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mynews.core.errors import Moved, NotFound
from mynews.services.browsing.names import central_names
from mynews.services.context import Context
from mynews.services.reading.articles import ArticleView, view
from mynews.store import articles as article_rows
from mynews.store import entities as entity_rows
from mynews.store import stories as story_rows
from mynews.store import storylines as storyline_rows
from mynews.store.models import Story


@dataclass(frozen=True)
class EntityRef:
    key: str
    name: str
    kind: str
    count: int


@dataclass(frozen=True)
class StorylineRef:
    """What an event says of its storyline ("part of ...")."""

    id: int
    label: str
    size: int  # events
    article_count: int


@dataclass(frozen=True)
class StoryView:
    """An event's full coverage; ``storyline`` is the storyline it is part of."""

    id: int
    label: str
    size: int
    source_count: int
    first_published: datetime | None
    last_published: datetime | None
    representative: ArticleView | None
    timeline: list[ArticleView]
    by_source: dict[str, list[ArticleView]]
    entities: list[EntityRef]
    per_day: list[tuple[str, int]]
    storyline: StorylineRef | None = None
    around: list[StorySummary] = field(default_factory=list)  # its storyline's nearest other events


@dataclass(frozen=True)
class StorySummary:
    id: int
    label: str
    size: int
    source_count: int
    last_published: datetime | None
    representative_id: int | None
    storyline_id: int | None = None


def story(ctx: Context, story_id: int) -> StoryView:
    with ctx.db.reading() as session:
        row = story_rows.get(session, story_id)
        if row is None:
            moved_to = storyline_rows.resolve(session, "event", story_id)
            if moved_to is not None:
                raise Moved(f"story {story_id} is now {moved_to}", new_id=moved_to)
            raise NotFound(f"story {story_id} not found")
        line = storyline_rows.get(session, row.storyline_id) if row.storyline_id else None
        members = story_rows.members(session, story_id)
        sources = article_rows.sources_of(session, [m.id for m in members])
        timeline = [view(m, sources.get(m.id, [])) for m in members]
        by_source: dict[str, list[ArticleView]] = {}
        for item in timeline:
            name = (
                item.sources[0].title
                if item.sources and item.sources[0].title
                else (item.site_name or "Unknown")
            )
            by_source.setdefault(name, []).append(item)
        entities = []
        for key, count in central_names(row.entity_counts or {}, row.size):
            entity = entity_rows.by_key(session, key)
            if entity is not None:
                entities.append(EntityRef(entity.key, entity.name, entity.kind, count))
        per_day = daily([m.published_at for m in members])
        representative = next(
            (t for t in timeline if t.id == row.representative_id), timeline[0] if timeline else None
        )
        around = (
            [_summary(e) for e in storyline_rows.events_around(session, line.id, row.first_published, row.id)]
            if line is not None and line.size > 1 and row.first_published is not None
            else []
        )
        return StoryView(
            row.id,
            row.label,
            row.size,
            row.source_count,
            row.first_published,
            row.last_published,
            representative,
            timeline,
            by_source,
            entities,
            per_day,
            StorylineRef(line.id, line.label, line.size, line.article_count) if line else None,
            around,
        )


def daily(times: list[datetime], max_days: int = 120) -> list[tuple[str, int]]:
    """Articles per day from the first to the last, quiet days included (per week past max_days)."""
    if not times:
        return []
    first, last = min(times).date(), max(times).date()
    step = 1 if (last - first).days <= max_days else 7
    counts = Counter((t.date() - first).days // step for t in times)
    return [
        ((first + timedelta(days=i * step)).isoformat(), counts.get(i, 0))
        for i in range((last - first).days // step + 1)
    ]


def _summary(s: Story) -> StorySummary:
    return StorySummary(
        s.id, s.label, s.size, s.source_count, s.last_published, s.representative_id, s.storyline_id
    )


def recent_stories(ctx: Context, *, min_size: int = 2, limit: int = 50) -> list[StorySummary]:
    with ctx.db.reading() as session:
        return [_summary(s) for s in story_rows.recent(session, min_size=min_size, limit=limit)]
