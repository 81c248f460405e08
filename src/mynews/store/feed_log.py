"""The feed's change counter (new news reaches every process's cache at once) and the served log
(cards For you showed, with features and propensities, joined with signals for training)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from mynews.store.models import FeedChange, ServedCard, Signal


def version(session: Session, name: str = "articles") -> int:
    """The current version (one primary-key lookup)."""
    return int(session.scalar(select(FeedChange.version).where(FeedChange.name == name)) or 0)


def bump(session: Session, name: str = "articles") -> None:
    """Count one change, inside the caller's transaction (visible to all when it commits)."""
    session.execute(update(FeedChange).where(FeedChange.name == name).values(version=FeedChange.version + 1))


@dataclass(frozen=True)
class Served:
    article_id: int
    position: int
    propensity: float
    explored: bool
    features: dict[str, float]


def log_served(session: Session, reader_id: int, at: datetime, model: str, cards: Sequence[Served]) -> None:
    if not cards:
        return
    session.execute(
        insert(ServedCard),
        [
            {
                "reader_id": reader_id,
                "article_id": c.article_id,
                "served_at": at,
                "position": c.position,
                "propensity": c.propensity,
                "explored": c.explored,
                "model": model,
                "features": c.features,
            }
            for c in cards
        ],
    )


@dataclass(frozen=True)
class Example:
    """One served card and what the reader did with it afterwards."""

    reader_id: int
    article_id: int
    served_at: datetime
    position: int
    propensity: float
    features: dict[str, float]
    read_seconds: float
    opened: bool
    negative: bool  # fewer like this or hide


def served_between(
    session: Session, start: datetime, end: datetime, *, limit: int = 200_000
) -> list[ServedCard]:
    query = (
        select(ServedCard)
        .where(ServedCard.served_at >= start, ServedCard.served_at < end)
        .order_by(ServedCard.served_at, ServedCard.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def outcomes(
    session: Session, pairs: set[tuple[int, int]], start: datetime
) -> dict[tuple[int, int], list[Signal]]:
    """Signals since ``start`` of the given (reader, article) pairs, per pair."""
    readers = sorted({r for r, _ in pairs})
    out: dict[tuple[int, int], list[Signal]] = {}
    for offset in range(0, len(readers), 500):
        chunk = readers[offset : offset + 500]
        query = select(Signal).where(
            Signal.reader_id.in_(chunk),
            Signal.at >= start,
            Signal.kind.in_(("open", "read", "more", "save", "share", "fewer", "hide")),
        )
        for signal in session.scalars(query):
            key = (signal.reader_id, signal.article_id)
            if key in pairs:
                out.setdefault(key, []).append(signal)
    return out
