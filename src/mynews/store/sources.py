"""Source rows: one per URL, shared by every reader; fetch state lives on the row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from mynews.store.models import Source


def get(session: Session, source_id: int) -> Source | None:
    return session.get(Source, source_id)


def by_url(session: Session, url: str) -> Source | None:
    return session.scalar(select(Source).where(Source.url == url))


def by_push_token_hash(session: Session, token_hash: str) -> Source | None:
    return session.scalar(select(Source).where(Source.push_token_hash == token_hash))


def get_or_create(
    session: Session, url: str, *, kind: str, now: datetime, **fields: object
) -> tuple[Source, bool]:
    source = by_url(session, url)
    if source is not None:
        return source, False
    source = Source(url=url, kind=kind, created_at=now, error_count=0, item_count=0, **fields)
    session.add(source)
    session.flush()
    return source, True


def due(session: Session, now: datetime, limit: int = 100) -> list[int]:
    """Ids of feed sources whose next check is due (never-checked ones first)."""
    rows = session.scalars(
        select(Source.id)
        .where(Source.kind == "feed", Source.retired.is_(False))
        .where(or_(Source.next_check_at.is_(None), Source.next_check_at <= now))
        .order_by(Source.next_check_at.is_not(None), Source.next_check_at, Source.id)
        .limit(limit)
    )
    return list(rows)


def page(session: Session, *, after_id: int = 0, limit: int = 50) -> list[Source]:
    return list(session.scalars(select(Source).where(Source.id > after_id).order_by(Source.id).limit(limit)))


def with_site_url(session: Session) -> list[Source]:
    return list(session.scalars(select(Source).where(Source.site_url.is_not(None)).order_by(Source.id)))


def all_feeds(session: Session) -> list[Source]:
    return list(session.scalars(select(Source).where(Source.kind == "feed").order_by(Source.id)))


def lease(session: Session, source_ids: list[int], until: datetime) -> None:
    """Move the next check of these sources to ``until`` (their refresh task is on its way)."""
    if source_ids:
        session.execute(update(Source).where(Source.id.in_(source_ids)).values(next_check_at=until))


def health_counts(session: Session) -> dict[str, int]:
    """How many sources are in each health state (the same rules as the source views)."""
    from sqlalchemy import case, func

    state = case(
        (Source.retired.is_(True), "retired"),
        (Source.error_count >= 3, "failing"),
        (Source.error_count > 0, "degraded"),
        (Source.last_success_at.is_not(None), "ok"),
        else_="new",
    )
    return {str(s): int(n) for s, n in session.execute(select(state, func.count()).group_by(state))}
