"""Alert rules (per follow), channels (Apprise URLs), the alert log, big stories, and who follows
an article's keys (reverse lookup through ix_follows_kind_key)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, literal, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mynews.store.delivery_models import AlertChannel, AlertLog, AlertRule, BigStory
from mynews.store.models import Article, ArticleSource, Follow


@dataclass(frozen=True)
class FollowMatch:
    reader_id: int
    kind: str
    key: str
    name: str
    muted: bool
    mode: str | None  # the alert rule on this follow, if any


def matching_follows(session: Session, keys: Sequence[tuple[str, str]], title: str) -> list[FollowMatch]:
    """Every follow or mute (of any reader) on one of ``keys``, or a keyword found in ``title``."""
    conditions = []
    for kind in sorted({k for k, _ in keys}):
        wanted = sorted({key for kd, key in keys if kd == kind})
        conditions.append(and_(Follow.kind == kind, Follow.key.in_(wanted)))
    if title:
        needle = literal(title.lower())
        conditions.append(and_(Follow.kind == "keyword", needle.like("%" + Follow.key + "%")))
    if not conditions:
        return []
    query = (
        select(Follow.reader_id, Follow.kind, Follow.key, Follow.name, Follow.muted, AlertRule.mode)
        .outerjoin(
            AlertRule,
            and_(
                AlertRule.reader_id == Follow.reader_id,
                AlertRule.kind == Follow.kind,
                AlertRule.key == Follow.key,
            ),
        )
        .where(or_(*conditions))
    )
    return [FollowMatch(*row) for row in session.execute(query)]


# Rules and channels ---------------------------------------------------------------------------


def rules(session: Session, reader_id: int) -> dict[tuple[str, str], str]:
    query = select(AlertRule.kind, AlertRule.key, AlertRule.mode).where(AlertRule.reader_id == reader_id)
    return {(k, key): mode for k, key, mode in session.execute(query)}


def put_rule(session: Session, reader_id: int, kind: str, key: str, mode: str, now: datetime) -> None:
    row = session.get(AlertRule, (reader_id, kind, key))
    if row is None:
        session.add(AlertRule(reader_id=reader_id, kind=kind, key=key, mode=mode, created_at=now))
    else:
        row.mode = mode


def remove_rule(session: Session, reader_id: int, kind: str, key: str) -> None:
    session.execute(
        delete(AlertRule).where(
            AlertRule.reader_id == reader_id, AlertRule.kind == kind, AlertRule.key == key
        )
    )


def channels(session: Session, reader_id: int) -> list[AlertChannel]:
    query = select(AlertChannel).where(AlertChannel.reader_id == reader_id).order_by(AlertChannel.id)
    return list(session.scalars(query))


def add_channel(session: Session, reader_id: int, url: str, label: str, now: datetime) -> AlertChannel:
    row = AlertChannel(reader_id=reader_id, url=url, label=label, created_at=now)
    session.add(row)
    session.flush()
    return row


def remove_channel(session: Session, reader_id: int, channel_id: int) -> bool:
    result = session.execute(
        delete(AlertChannel).where(AlertChannel.id == channel_id, AlertChannel.reader_id == reader_id)
    )
    return bool(getattr(result, "rowcount", 0))


# The log --------------------------------------------------------------------------------------


def log_alert(session: Session, row: AlertLog) -> bool:
    """Insert the decision for (reader, story); False when this story was decided already."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def already_decided(session: Session, reader_ids: Sequence[int], story_key: str) -> set[int]:
    if not reader_ids:
        return set()
    query = select(AlertLog.reader_id).where(
        AlertLog.reader_id.in_(list(reader_ids)), AlertLog.story_key == story_key
    )
    return set(session.scalars(query))


def sent_since(session: Session, reader_id: int, since: datetime) -> int:
    query = select(func.count(AlertLog.id)).where(
        AlertLog.reader_id == reader_id, AlertLog.created_at > since, AlertLog.status == "sent"
    )
    return int(session.scalar(query) or 0)


def log_page(
    session: Session, reader_id: int, *, before: tuple[datetime, int] | None, limit: int
) -> list[AlertLog]:
    query = select(AlertLog).where(AlertLog.reader_id == reader_id)
    if before is not None:
        at, row_id = before
        query = query.where(
            or_(AlertLog.created_at < at, and_(AlertLog.created_at == at, AlertLog.id < row_id))
        )
    return list(session.scalars(query.order_by(AlertLog.created_at.desc(), AlertLog.id.desc()).limit(limit)))


def update_log(session: Session, log_id: int, **fields: object) -> None:
    row = session.get(AlertLog, log_id)
    if row is not None:
        for name, value in fields.items():
            setattr(row, name, value)


# Big stories ----------------------------------------------------------------------------------


def recent_sources(session: Session, story_id: int, since: datetime) -> int:
    """Distinct sources of the story's articles published since ``since``."""
    query = (
        select(func.count(func.distinct(ArticleSource.source_id)))
        .join(Article, Article.id == ArticleSource.article_id)
        .where(Article.story_id == story_id, Article.published_at >= since)
    )
    return int(session.scalar(query) or 0)


def mark_big(session: Session, story_id: int, sources: int, now: datetime) -> bool:
    """Record that the story became big; False when it had already."""
    if session.get(BigStory, story_id) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(BigStory(story_id=story_id, sources=sources, became_big_at=now))
            session.flush()
    except IntegrityError:
        return False
    return True


def story_members(session: Session, story_id: int, *, since: datetime, limit: int = 50) -> list[int]:
    query = (
        select(Article.id)
        .where(Article.story_id == story_id, Article.published_at >= since - timedelta(days=2))
        .order_by(Article.published_at.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
