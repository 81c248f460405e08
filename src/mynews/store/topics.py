"""Topic rows (IPTC top level, the news' own sections and tags, operator rules) and article links."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mynews.store.cursors import newest_first
from mynews.store.models import Article, ArticleTopic, Topic


def upsert(
    session: Session,
    *,
    key: str,
    kind: str,
    name: str,
    now: datetime,
    description: str | None = None,
    rule: dict[str, object] | None = None,
) -> Topic:
    topic = session.scalar(select(Topic).where(Topic.key == key))
    if topic is not None:
        if rule is not None:
            topic.rule, topic.name = rule, name
        return topic
    try:
        with session.begin_nested():
            topic = Topic(
                key=key,
                kind=kind,
                name=name,
                description=description,
                rule=rule,
                article_count=0,
                created_at=now,
            )
            session.add(topic)
            session.flush()
            return topic
    except IntegrityError:
        found = session.scalar(select(Topic).where(Topic.key == key))
        assert found is not None
        return found


def link(session: Session, article_id: int, topic: Topic, score: float) -> None:
    existing = session.get(ArticleTopic, (article_id, topic.id))
    if existing is None:
        session.add(ArticleTopic(article_id=article_id, topic_id=topic.id, score=score))
        session.execute(
            update(Topic).where(Topic.id == topic.id).values(article_count=Topic.article_count + 1)
        )
    else:
        existing.score = score


def unlink_kind(session: Session, article_id: int, kind: str) -> None:
    ids = list(
        session.scalars(
            select(ArticleTopic.topic_id)
            .join(Topic, Topic.id == ArticleTopic.topic_id)
            .where(ArticleTopic.article_id == article_id, Topic.kind == kind)
        )
    )
    if ids:
        session.execute(
            delete(ArticleTopic).where(ArticleTopic.article_id == article_id, ArticleTopic.topic_id.in_(ids))
        )
        session.execute(update(Topic).where(Topic.id.in_(ids)).values(article_count=Topic.article_count - 1))


def unlink_topic(session: Session, topic_id: int) -> None:
    session.execute(delete(ArticleTopic).where(ArticleTopic.topic_id == topic_id))
    session.execute(update(Topic).where(Topic.id == topic_id).values(article_count=0))


def by_key(session: Session, key: str) -> Topic | None:
    return session.scalar(select(Topic).where(Topic.key == key))


def of_article(session: Session, article_id: int) -> list[tuple[Topic, float]]:
    rows = session.execute(
        select(Topic, ArticleTopic.score)
        .join(ArticleTopic, ArticleTopic.topic_id == Topic.id)
        .where(ArticleTopic.article_id == article_id)
        .order_by(ArticleTopic.score.desc())
    )
    return [(t, float(s)) for t, s in rows]


def keys_of_articles(session: Session, article_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if not article_ids:
        return out
    rows = session.execute(
        select(ArticleTopic.article_id, Topic.key)
        .join(Topic, Topic.id == ArticleTopic.topic_id)
        .where(ArticleTopic.article_id.in_(article_ids))
    )
    for article_id, key in rows:
        out.setdefault(article_id, []).append(key)
    return out


def article_ids(
    session: Session, topic_id: int, *, before: tuple[datetime, int] | None, limit: int
) -> list[int]:
    query = (
        select(Article.id)
        .join(ArticleTopic, ArticleTopic.article_id == Article.id)
        .where(
            ArticleTopic.topic_id == topic_id, Article.status == "ready", Article.duplicate_of_id.is_(None)
        )
    )
    return list(session.scalars(newest_first(query, before, limit)))


def listing(session: Session, *, kind: str | None = None, limit: int = 200) -> list[Topic]:
    query = select(Topic)
    if kind:
        query = query.where(Topic.kind == kind)
    return list(session.scalars(query.order_by(Topic.article_count.desc(), Topic.name).limit(limit)))


def rules(session: Session) -> list[Topic]:
    return list(session.scalars(select(Topic).where(Topic.kind == "rule").order_by(Topic.name)))


def daily_counts(session: Session, topic_id: int) -> list[tuple[str, int]]:
    day = (
        func.date(Article.published_at)
        if session.get_bind().dialect.name == "sqlite"
        else func.to_char(Article.published_at, "YYYY-MM-DD")
    )
    rows = session.execute(
        select(day, func.count())
        .join(ArticleTopic, ArticleTopic.article_id == Article.id)
        .where(ArticleTopic.topic_id == topic_id)
        .group_by(day)
        .order_by(day)
    )
    return [(str(d), int(n)) for d, n in rows]


def get(session: Session, topic_id: int) -> Topic | None:
    return session.get(Topic, topic_id)


def main_topics(session: Session, article_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Each article's strongest IPTC subject (key, name), for its colour and section label."""
    if not article_ids:
        return {}
    rows = session.execute(
        select(ArticleTopic.article_id, Topic.key, Topic.name, ArticleTopic.score)
        .join(Topic, Topic.id == ArticleTopic.topic_id)
        .where(ArticleTopic.article_id.in_(list(article_ids)), Topic.kind == "iptc")
    )
    best: dict[int, tuple[float, str, str]] = {}
    for article_id, key, name, score in rows:
        if article_id not in best or score > best[article_id][0]:
            best[article_id] = (score, key, name)
    return {a: (k, n) for a, (_, k, n) in best.items()}
