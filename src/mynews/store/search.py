"""Full-text search: SQLite FTS5 (bm25) or PostgreSQL tsvector (ts_rank), with filters.

The one module that holds the dialects' search syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session

from mynews.store.models import Article, ArticleEntity, ArticleSource, ArticleTopic, Entity, Source, Topic

_WORD = re.compile(r"\w+", re.UNICODE)
CANDIDATES = 2000


@dataclass(frozen=True)
class Filters:
    source_id: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    entity_key: str | None = None
    topic_key: str | None = None
    language: str | None = None


def _fts5_query(query: str) -> str:
    words = _WORD.findall(query)
    return " ".join(f'"{w}"' for w in words[:20])


def _filtered_ids(filters: Filters) -> Select[Any]:
    """The ids of searchable articles passing the filters."""
    query = select(Article.id).where(Article.status == "ready", Article.duplicate_of_id.is_(None))
    if filters.source_id is not None:
        query = query.where(
            Article.id.in_(
                select(ArticleSource.article_id).where(ArticleSource.source_id == filters.source_id)
            )
        )
    if filters.start is not None:
        query = query.where(Article.published_at >= filters.start)
    if filters.end is not None:
        query = query.where(Article.published_at < filters.end)
    if filters.language:
        query = query.where(Article.language == filters.language)
    if filters.entity_key:
        query = query.where(
            Article.id.in_(
                select(ArticleEntity.article_id)
                .join(Entity, Entity.id == ArticleEntity.entity_id)
                .where(Entity.key == filters.entity_key)
            )
        )
    if filters.topic_key:
        query = query.where(
            Article.id.in_(
                select(ArticleTopic.article_id)
                .join(Topic, Topic.id == ArticleTopic.topic_id)
                .where(Topic.key == filters.topic_key)
            )
        )
    return query


def full_text(session: Session, query: str, filters: Filters, limit: int = 200) -> list[tuple[int, float]]:
    """(article id, score) best first (higher is better on both dialects), filters applied."""
    if session.get_bind().dialect.name == "sqlite":
        match = _fts5_query(query)
        if not match:
            return []
        sql = text(
            "SELECT rowid, -bm25(articles_fts, 10.0, 4.0, 1.0) AS score FROM articles_fts "
            "WHERE articles_fts MATCH :q ORDER BY score DESC LIMIT :pool"
        )
        rows = session.execute(sql, {"q": match, "pool": CANDIDATES})
    else:
        sql = text(
            "SELECT id, ts_rank(search_vector, websearch_to_tsquery('simple', :q)) AS score FROM articles "
            "WHERE search_vector @@ websearch_to_tsquery('simple', :q) ORDER BY score DESC LIMIT :pool"
        )
        rows = session.execute(sql, {"q": query, "pool": CANDIDATES})
    hits = [(int(i), float(s)) for i, s in rows]
    allowed = allowed_ids(session, [i for i, _ in hits], filters)
    return [(i, s) for i, s in hits if i in allowed][:limit]


def allowed_ids(session: Session, ids: list[int], filters: Filters) -> set[int]:
    if not ids:
        return set()
    query = _filtered_ids(filters).where(Article.id.in_(ids))
    return set(session.scalars(query))


def stories_of(session: Session, ids: list[int]) -> dict[int, int | None]:
    """The story of each article (None when it has none yet)."""
    if not ids:
        return {}
    return {
        int(i): s for i, s in session.execute(select(Article.id, Article.story_id).where(Article.id.in_(ids)))
    }


def facets(session: Session, ids: list[int], limit: int = 8) -> list[tuple[str, str, str, int]]:
    """(kind, key, name, count): the entities, topics and sources most common among ``ids``, to
    narrow a search by; kinds are ``entity``, ``topic`` and ``source`` (key: the source id)."""
    if not ids:
        return []
    found: list[tuple[str, str, str, int]] = []
    count = func.count(func.distinct(ArticleEntity.article_id))
    rows = session.execute(
        select(Entity.key, Entity.name, count)
        .join(Entity, Entity.id == ArticleEntity.entity_id)
        .where(ArticleEntity.article_id.in_(ids))
        .group_by(Entity.id, Entity.key, Entity.name)
        .order_by(count.desc(), Entity.key)
        .limit(limit)
    )
    found += [("entity", k, n, int(c)) for k, n, c in rows]
    count = func.count(func.distinct(ArticleTopic.article_id))
    rows = session.execute(
        select(Topic.key, Topic.name, count)
        .join(Topic, Topic.id == ArticleTopic.topic_id)
        .where(ArticleTopic.article_id.in_(ids), Topic.kind != "section")
        .group_by(Topic.id, Topic.key, Topic.name)
        .order_by(count.desc(), Topic.key)
        .limit(limit)
    )
    found += [("topic", k, n, int(c)) for k, n, c in rows]
    count = func.count(func.distinct(ArticleSource.article_id))
    rows = session.execute(
        select(Source.id, func.coalesce(Source.title, Source.url), count)
        .join(Source, Source.id == ArticleSource.source_id)
        .where(ArticleSource.article_id.in_(ids))
        .group_by(Source.id, Source.title, Source.url)
        .order_by(count.desc(), Source.id)
        .limit(limit)
    )
    found += [("source", str(i), n, int(c)) for i, n, c in rows]
    return found


def names(
    session: Session, *, entity: str | None, topic: str | None, source_id: int | None
) -> dict[str, str]:
    """The names of the things a search is narrowed to, by kind (missing ones are left out)."""
    out: dict[str, str] = {}
    if entity:
        name = session.scalar(select(Entity.name).where(Entity.key == entity))
        if name:
            out["entity"] = name
    if topic:
        name = session.scalar(select(Topic.name).where(Topic.key == topic))
        if name:
            out["topic"] = name
    if source_id is not None:
        name = session.scalar(select(func.coalesce(Source.title, Source.url)).where(Source.id == source_id))
        if name:
            out["source"] = name
    return out
