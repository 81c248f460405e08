"""Story rows (centroid, entity counts, dates, size) and the article data clustering reads."""

from __future__ import annotations

import typing
from datetime import datetime

from sqlalchemy import Text, cast, delete, func, or_, select, update
from sqlalchemy.orm import Session

from mynews.store.models import Article, ArticleSource, Story, Storyline


def get(session: Session, story_id: int, *, for_update: bool = False) -> Story | None:
    query = select(Story).where(Story.id == story_id)
    if for_update and session.get_bind().dialect.name != "sqlite":
        query = query.with_for_update()
    return session.scalar(query)


def many(session: Session, story_ids: list[int]) -> list[Story]:
    if not story_ids:
        return []
    return list(session.scalars(select(Story).where(Story.id.in_(story_ids))))


def create(session: Session, **fields: object) -> Story:
    story = Story(**fields)
    session.add(story)
    session.flush()
    return story


def members(session: Session, story_id: int, limit: int = 500, *, ready_only: bool = True) -> list[Article]:
    query = select(Article).where(Article.story_id == story_id)
    if ready_only:
        query = query.where(Article.status == "ready")
    return list(session.scalars(query.order_by(Article.published_at, Article.id).limit(limit)))


def recent_vectors(session: Session, story_id: int, limit: int = 20) -> list[bytes]:
    return [
        v
        for v in session.scalars(
            select(Article.vector)
            .where(Article.story_id == story_id, Article.vector.is_not(None))
            .order_by(Article.published_at.desc(), Article.id.desc())
            .limit(limit)
        )
        if v
    ]


def source_count(session: Session, story_id: int) -> int:
    return int(
        session.scalar(
            select(func.count(func.distinct(ArticleSource.source_id)))
            .join(Article, Article.id == ArticleSource.article_id)
            .where(Article.story_id == story_id)
        )
        or 0
    )


def growth(session: Session, story_ids: list[int], since: datetime) -> dict[int, int]:
    if not story_ids:
        return {}
    rows = session.execute(
        select(Article.story_id, func.count())
        .where(Article.story_id.in_(story_ids), Article.published_at >= since)
        .group_by(Article.story_id)
    )
    return {int(s): int(n) for s, n in rows if s is not None}


def recent(
    session: Session, *, since: datetime | None = None, min_size: int = 1, limit: int = 200
) -> list[Story]:
    query = select(Story).where(Story.size >= min_size)
    if since is not None:
        query = query.where(Story.last_published >= since)
    return list(session.scalars(query.order_by(Story.last_published.desc(), Story.id.desc()).limit(limit)))


Understood = tuple[int, bytes, bytes | None, int | None, datetime | None]


def understood_after(session: Session, after_id: int, limit: int = 5000) -> list[Understood]:
    """(id, vector, fingerprint, story_id, enriched_at) of understood articles with id > after_id."""
    query = (
        select(Article.id, Article.vector, Article.fingerprint, Article.story_id, Article.enriched_at)
        .where(Article.id > after_id, Article.vector.is_not(None))
        .order_by(Article.id)
        .limit(limit)
    )
    return [tuple(r) for r in session.execute(query)]  # type: ignore[misc]


def understood_since(
    session: Session, since: datetime, after: tuple[datetime, int] | None, limit: int = 5000
) -> list[Understood]:
    """The same, for articles understood at or after ``since``, in (enriched_at, id) order."""
    from sqlalchemy import and_, or_

    query = select(
        Article.id, Article.vector, Article.fingerprint, Article.story_id, Article.enriched_at
    ).where(Article.enriched_at >= since, Article.vector.is_not(None))
    if after is not None:
        at, row_id = after
        query = query.where(
            or_(Article.enriched_at > at, and_(Article.enriched_at == at, Article.id > row_id))
        )
    return [tuple(r) for r in session.execute(query.order_by(Article.enriched_at, Article.id).limit(limit))]  # type: ignore[misc]


def max_article_id(session: Session) -> int:
    return int(session.scalar(select(func.max(Article.id))) or 0)


def period(session: Session, start: datetime, end: datetime) -> list[Article]:
    return list(
        session.scalars(
            select(Article)
            .where(
                Article.published_at >= start,
                Article.published_at < end,
                Article.vector.is_not(None),
                Article.duplicate_of_id.is_(None),
            )
            .order_by(Article.published_at, Article.id)
        )
    )


def assign(session: Session, article_ids: list[int], story_id: int | None) -> None:
    if article_ids:
        session.execute(update(Article).where(Article.id.in_(article_ids)).values(story_id=story_id))


def delete_empty(session: Session) -> int:
    used = select(Article.story_id).where(Article.story_id.is_not(None)).distinct().scalar_subquery()
    result = session.execute(delete(Story).where(Story.id.not_in(used)))
    return int(getattr(result, "rowcount", 0) or 0)


def follow_originals(session: Session, article_ids: list[int]) -> None:
    """Copies of these articles join their original's event."""
    if not article_ids:
        return
    copies = session.execute(
        select(Article.id, Article.duplicate_of_id).where(Article.duplicate_of_id.in_(article_ids))
    ).all()
    if not copies:
        return
    story_of = dict(
        session.execute(select(Article.id, Article.story_id).where(Article.id.in_(article_ids))).all()
    )
    for copy_id, original in copies:
        session.execute(
            update(Article)
            .where(Article.id == copy_id)
            .values(story_id=story_of.get(original) if original else None)
        )


def still_used(session: Session, level: str, row_id: int) -> bool:
    """Whether an event still has an article, or a storyline still has an event."""
    if level == "event":
        query = select(Article.id).where(Article.story_id == row_id).limit(1)
    else:
        query = select(Story.id).where(Story.storyline_id == row_id).limit(1)
    return session.scalar(query) is not None


def rekey_entity_counts(session: Session, moves: dict[str, str], chunk: int = 50) -> int:
    """Events' and storylines' entity counts under the keys entities now have (``moves``: old
    key -> new key, after a merge or a kind vote), so clustering and pages keep comparing and
    naming them; a count under both keys is added. Returns the rows changed."""
    changed = 0
    olds = sorted(moves)
    models: tuple[type[Story] | type[Storyline], ...] = (Story, Storyline)
    for model in models:
        for start in range(0, len(olds), chunk):
            part = olds[start : start + chunk]
            text = cast(model.entity_counts, Text)
            found = session.scalars(select(model).where(or_(*(text.contains(f'"{k}"') for k in part))))
            for row in typing.cast("list[Story | Storyline]", list(found)):
                counts = dict(row.entity_counts or {})
                if not any(k in counts for k in part):
                    continue
                for old in part:
                    if old in counts:
                        n = counts.pop(old)
                        counts[moves[old]] = counts.get(moves[old], 0) + n
                row.entity_counts = counts
                changed += 1
    session.flush()
    return changed
