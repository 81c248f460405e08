"""What a story card shows beyond its lead article: the story's other articles (title, source,
time) and how many distinct sources it has; which story each article is in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mynews.store.models import READY_ARTICLE, Article, Source


@dataclass(frozen=True)
class Member:
    story_id: int
    article_id: int
    title: str
    source_id: int | None
    source: str | None
    published: datetime


def members(session: Session, story_ids: Sequence[int], *, per_story: int = 40) -> list[Member]:
    """Each story's newest ready, non-duplicate articles (at most ``per_story`` of each)."""
    if not story_ids:
        return []
    ranked = (
        select(
            Article.story_id,
            Article.id,
            Article.title,
            Article.first_source_id,
            func.coalesce(Source.title, Article.site_name).label("source"),
            Article.published_at,
            func.row_number()
            .over(partition_by=Article.story_id, order_by=(Article.published_at.desc(), Article.id.desc()))
            .label("n"),
        )
        .outerjoin(Source, Source.id == Article.first_source_id)
        .where(Article.story_id.in_(list(story_ids)), READY_ARTICLE)
        .subquery()
    )
    rows = session.execute(select(ranked).where(ranked.c.n <= per_story))
    return [Member(r[0], r[1], r[2] or "", r[3], r[4], r[5]) for r in rows]


def counts(session: Session, story_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """(articles, distinct sources) of each story, counted now (never a stale column)."""
    if not story_ids:
        return {}
    rows = session.execute(
        select(Article.story_id, func.count(Article.id), func.count(func.distinct(Article.first_source_id)))
        .where(Article.story_id.in_(list(story_ids)), READY_ARTICLE)
        .group_by(Article.story_id)
    )
    return {int(r[0]): (int(r[1]), int(r[2])) for r in rows if r[0] is not None}


def stories_of(session: Session, article_ids: Sequence[int]) -> dict[int, int | None]:
    if not article_ids:
        return {}
    rows = session.execute(select(Article.id, Article.story_id).where(Article.id.in_(list(article_ids))))
    return {r[0]: r[1] for r in rows}
