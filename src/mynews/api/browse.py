"""/api/v1 search, stories, entities and topics."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request

from mynews.api.articles import article_out
from mynews.http.params import DbInt, Id, Limit, Offset, parse_day
from mynews.services.browsing import entities, search, stories, topics
from mynews.services.browsing.search import Filters

router = APIRouter(prefix="/api/v1", tags=["browse"])


@router.get("/search")
def search_articles(
    request: Request,
    q: str,
    start: str | None = None,
    end: str | None = None,
    source_id: Id | None = None,
    entity: str | None = None,
    topic: str | None = None,
    language: str | None = None,
    offset: Offset = 0,
    limit: Limit = 20,
) -> dict[str, object]:
    """Full-text and semantic search merged into one ranked list."""
    filters = Filters(
        source_id=source_id,
        start=parse_day(start),
        end=parse_day(end),
        entity_key=entity,
        topic_key=topic,
        language=language,
    )
    page = search.search(
        request.app.state.ctx, q, filters, offset=max(0, offset), limit=max(1, min(limit, 100))
    )
    return {
        "items": [
            {
                "article": article_out(h.article, full=False).model_dump(mode="json"),
                "score": h.score,
                "matched": list(h.matched),
            }
            for h in page.hits
        ],
        "next_offset": page.next_offset,
    }


@router.get("/stories")
def list_stories(request: Request, min_size: DbInt = 2, limit: Limit = 50) -> list[dict[str, object]]:
    return [
        asdict(s)
        for s in stories.recent_stories(request.app.state.ctx, min_size=min_size, limit=min(limit, 200))
    ]


@router.get("/stories/{story_id}")
def get_story(request: Request, story_id: Id) -> dict[str, object]:
    """An event's full coverage, with the storyline it is part of (``storyline``: id, label,
    size in events, article_count; null when it has none yet) and that storyline's other events
    nearest in time (``around``, newest first). A merged or rebuilt id answers 301 to where it
    went."""
    s = stories.story(request.app.state.ctx, story_id)
    return {
        "id": s.id,
        "level": "event",
        "storyline": asdict(s.storyline) if s.storyline else None,
        "follow": {"kind": "story", "key": str(s.id)},
        "label": s.label,
        "size": s.size,
        "source_count": s.source_count,
        "first_published": s.first_published,
        "last_published": s.last_published,
        "representative_id": s.representative.id if s.representative else None,
        "timeline": [article_out(a, full=False).model_dump(mode="json") for a in s.timeline],
        "entities": [asdict(e) for e in s.entities],
        "per_day": s.per_day,
        "around": [asdict(e) for e in s.around],
    }


@router.get("/entities")
def list_entities(request: Request, kind: str | None = None, limit: Limit = 30) -> list[dict[str, object]]:
    return [
        asdict(e) for e in entities.popular_entities(request.app.state.ctx, kind=kind, limit=min(limit, 200))
    ]


@router.get("/entities/{key}")
def get_entity(request: Request, key: str, cursor: str | None = None) -> dict[str, object]:
    e = entities.entity(request.app.state.ctx, key, cursor=cursor)
    data = asdict(e)
    data["articles"] = [article_out(a, full=False).model_dump(mode="json") for a in e.articles]
    return data


@router.get("/topics")
def list_topics(request: Request, kind: str | None = None) -> list[dict[str, object]]:
    return [asdict(t) for t in topics.list_topics(request.app.state.ctx, kind=kind)]


@router.get("/topics/{key}")
def get_topic(request: Request, key: str, cursor: str | None = None) -> dict[str, object]:
    t = topics.topic(request.app.state.ctx, key, cursor=cursor)
    return {
        "topic": asdict(t.topic),
        "articles": [article_out(a, full=False).model_dump(mode="json") for a in t.articles],
        "next_cursor": t.next_cursor,
        "per_day": t.per_day,
    }
