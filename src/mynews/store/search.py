"""Full-text search: SQLite FTS5 (bm25) or PostgreSQL tsvector (ts_rank), with filters.

The one module that holds the dialects' search syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select, text
from sqlalchemy.orm import Session

from mynews.store.models import Article, ArticleEntity, ArticleSource, ArticleTopic, Entity, Topic

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
