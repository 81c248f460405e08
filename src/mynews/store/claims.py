"""Which worker processes which article: a claim (a random token) with a lease, so an article is
processed by one worker at a time and finished exactly once, and the articles a dead worker or
a lost task left behind can be found again."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from mynews.store.models import Article


def claim(
    session: Session, ids: list[int], token: str, now: datetime, *, stale_before: datetime
) -> list[int]:
    """Claim the pending articles among ``ids`` that nobody holds (or whose holder's lease ran
    out); returns the ids now claimed under ``token``. Each claim counts as an attempt."""
    if not ids:
        return []
    session.execute(
        update(Article)
        .where(
            Article.id.in_(ids),
            Article.status == "pending",
            or_(Article.claim.is_(None), Article.claimed_at < stale_before),
        )
        .values(claim=token, claimed_at=now, attempts=Article.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return list(session.scalars(select(Article.id).where(Article.id.in_(ids), Article.claim == token)))


def finish(session: Session, article_id: int, token: str) -> bool:
    """Mark the article ready if this claim still holds it: the one write that makes processing
    happen exactly once (False: another worker took it over, or finished it)."""
    result = session.execute(
        update(Article)
        .where(Article.id == article_id, Article.claim == token, Article.status == "pending")
        .values(status="ready", claim=None)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def release(session: Session, ids: list[int], token: str, *, max_attempts: int, error: str) -> None:
    """Give back articles this claim could not finish: retried later, or failed for good after
    ``max_attempts``."""
    mine = (Article.id.in_(ids), Article.claim == token, Article.status == "pending")
    session.execute(
        update(Article)
        .where(*mine, Article.attempts >= max_attempts)
        .values(status="failed", claim=None, error=error[:2000])
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Article)
        .where(*mine)
        .values(claim=None, error=error[:2000])
        .execution_options(synchronize_session=False)
    )


def expired(session: Session, stale_before: datetime, limit: int) -> list[int]:
    """Pending articles whose claim outlived its lease (their worker died mid-task)."""
    query = (
        select(Article.id)
        .where(Article.status == "pending", Article.claim.is_not(None), Article.claimed_at < stale_before)
        .order_by(Article.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def unclaimed(session: Session, created_before: datetime, limit: int) -> list[int]:
    """Pending articles nobody holds, older than ``created_before`` (their task may be lost)."""
    query = (
        select(Article.id)
        .where(Article.status == "pending", Article.claim.is_(None), Article.created_at < created_before)
        .order_by(Article.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def backlog(session: Session, source_id: int | None) -> int:
    """Pending articles first seen in this source."""
    query = select(func.count(Article.id)).where(Article.status == "pending")
    query = query.where(
        Article.first_source_id.is_(None) if source_id is None else Article.first_source_id == source_id
    )
    return int(session.scalar(query) or 0)
