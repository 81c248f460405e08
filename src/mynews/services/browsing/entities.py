"""Use cases: an entity's page (kind, aliases, the storylines it runs through, recent articles
and their stories, co-mentioned entities)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from mynews.core.errors import Moved, NotFound
from mynews.enrich.entity_rules import entity_key
from mynews.services.browsing.stories import EntityRef
from mynews.services.context import Context
from mynews.services.reading.articles import ArticleView, page_of
from mynews.store import cursors
from mynews.store import entities as entity_rows
from mynews.store import stories as story_rows
from mynews.store import storylines as storyline_rows
from mynews.store.db import Session
from mynews.store.models import Entity

STORYLINE_WINDOW = 200  # the entity's latest articles its storylines are counted over
STORYLINES_SHOWN = 6


@dataclass(frozen=True)
class EntityStoryline:
    """A storyline the entity runs through: ``mentions`` of its articles name the entity."""

    id: int
    label: str
    mentions: int
    article_count: int
    first_published: datetime | None
    last_published: datetime | None


@dataclass(frozen=True)
class EntityView:
    key: str
    name: str
    kind: str
    aliases: list[str]
    article_count: int
    articles: list[ArticleView]
    next_cursor: str | None
    stories: list[tuple[int, str, int]]  # id, label, articles of this page in it (two or more)
    related: list[EntityRef]
    storylines: list[EntityStoryline]  # first page only: where its latest articles belong


def entity(ctx: Context, key: str, *, cursor: str | None = None, limit: int = 20) -> EntityView:
    with ctx.db.reading() as session:
        row = entity_rows.by_key(session, key)
        if row is None:
            moved_to = entity_rows.redirect_of(session, key)
            if moved_to is not None:
                raise Moved(f"entity {key} is now {moved_to}", new_id=moved_to)
            raise NotFound(f"entity {key} not found")
        before = cursors.decode_time(cursor) if cursor else None
        # the first page also counts its storylines over the latest STORYLINE_WINDOW: one read
        ids = entity_rows.article_ids(
            session, row.id, before=before, limit=limit + 1 if cursor else max(limit + 1, STORYLINE_WINDOW)
        )
        page = page_of(session, ids[: limit + 1], limit)
        in_story = Counter(a.story_id for a in page.items if a.story_id)
        # stories holding two or more of these articles only: a story met once repeats that
        # article's headline, which the recent articles below already show, with its own "Full
        # coverage" link (the demo's Iran page listed 20 lone stories twice; Russia's, a job
        # advert as its only story)
        several = [sid for sid, n in in_story.items() if n >= 2]
        grown = {s.id: s for s in story_rows.many(session, several)}
        stories = [(sid, grown[sid].label, n) for sid, n in in_story.most_common() if sid in grown]
        related = [EntityRef(e.key, e.name, e.kind, n) for e, n in entity_rows.related(session, row.id)]
        return EntityView(
            row.key,
            row.name,
            row.kind,
            _own_aliases(session, row),
            row.article_count,
            page.items,
            page.next_cursor,
            stories,
            related,
            [] if cursor else _storylines(session, ids),
        )


def _own_aliases(session: Session, row: Entity) -> list[str]:
    """The names the entity was written as, less those that are another entity's own name
    ("Moscow" for Russia when the government is meant is also the city, which has its page)."""
    slug_of = {a: entity_key(a, "x").split(":", 1)[1] for a in row.aliases or []}
    taken = {
        slug
        for slug, rows in entity_rows.same_name(session, list(set(slug_of.values()))).items()
        if any(other.id != row.id for other in rows)
    }
    return [a for a, slug in slug_of.items() if slug not in taken]


def _storylines(session: Session, latest: list[int]) -> list[EntityStoryline]:
    """Storylines holding at least two of the entity's ``latest`` articles, most of them first:
    the developing stories it is part of (a name met once in a storyline is not one of them)."""
    return [
        EntityStoryline(line.id, line.label, n, line.article_count, line.first_published, line.last_published)
        for line, n in storyline_rows.holding(session, latest)
        if n >= 2
    ][:STORYLINES_SHOWN]


def popular_entities(ctx: Context, *, kind: str | None = None, limit: int = 30) -> list[EntityRef]:
    with ctx.db.reading() as session:
        return [
            EntityRef(e.key, e.name, e.kind, e.article_count)
            for e in entity_rows.popular(session, kind=kind, limit=limit)
        ]
