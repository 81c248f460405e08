"""Use cases: an entity's page (kind, aliases, recent articles and stories, co-mentioned entities)."""

from __future__ import annotations

from dataclasses import dataclass

from mynews.core.errors import NotFound
from mynews.services.context import Context
from mynews.services.reading import ArticleView, view
from mynews.services.stories import EntityRef
from mynews.store import articles as article_rows
from mynews.store import cursors
from mynews.store import entities as entity_rows


@dataclass(frozen=True)
class EntityView:
    key: str
    name: str
    kind: str
    aliases: list[str]
    article_count: int
    articles: list[ArticleView]
    next_cursor: str | None
    stories: list[tuple[int, str, int]]  # id, label, articles of this entity in it
    related: list[EntityRef]


def entity(ctx: Context, key: str, *, cursor: str | None = None, limit: int = 20) -> EntityView:
    with ctx.db.reading() as session:
        row = entity_rows.by_key(session, key)
        if row is None:
            raise NotFound(f"entity {key} not found")
        before = cursors.decode_time(cursor) if cursor else None
        ids = entity_rows.article_ids(session, row.id, before=before, limit=limit + 1)
        rows = [a for a in (article_rows.get(session, i) for i in ids[:limit]) if a is not None]
        sources = article_rows.sources_of(session, [a.id for a in rows])
        items = [view(a, sources.get(a.id, [])) for a in rows]
        stories: dict[int, tuple[int, str, int]] = {}
        for a in rows:
            if a.story_id:
                label = a.title
                sid, lab, n = stories.get(a.story_id, (a.story_id, label, 0))
                stories[a.story_id] = (sid, lab, n + 1)
        related = [EntityRef(e.key, e.name, e.kind, n) for e, n in entity_rows.related(session, row.id)]
        next_cursor = (
            cursors.encode(items[-1].published_at, items[-1].id) if len(ids) > limit and items else None
        )
        return EntityView(
            row.key,
            row.name,
            row.kind,
            list(row.aliases or []),
            row.article_count,
            items,
            next_cursor,
            sorted(stories.values(), key=lambda s: -s[2]),
            related,
        )


def popular_entities(ctx: Context, *, kind: str | None = None, limit: int = 30) -> list[EntityRef]:
    with ctx.db.reading() as session:
        return [
            EntityRef(e.key, e.name, e.kind, e.article_count)
            for e in entity_rows.popular(session, kind=kind, limit=limit)
        ]
