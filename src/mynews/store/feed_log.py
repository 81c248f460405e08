"""The feed's change counter (new news reaches every process's cache at once) and the served log
(cards For you showed, with features and propensities, joined with signals for training)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.orm import Session

from mynews.store.dialect import insert_ignoring_conflicts
from mynews.store.models import FeedChange, ReaderRankWeights, ServedCard, Signal


def version(session: Session, name: str = "articles") -> int:
    """The current version (one primary-key lookup)."""
    return int(session.scalar(select(FeedChange.version).where(FeedChange.name == name)) or 0)


def bump(session: Session, name: str = "articles") -> None:
    """Count one change, inside the caller's transaction (visible to all when it commits). A
    counter row that is missing (the migration seeds it; a wiped table loses it) is created, so
    caches are never left waiting on a version that cannot move."""
    counted = update(FeedChange).where(FeedChange.name == name).values(version=FeedChange.version + 1)
    if session.execute(counted).rowcount == 0:  # type: ignore[attr-defined]
        insert_ignoring_conflicts(session, FeedChange.__table__, [{"name": name, "version": 0}])
        session.execute(counted)


@dataclass(frozen=True)
class Served:
    article_id: int
    position: int
    propensity: float
    explored: bool
    features: dict[str, float]


def log_served(
    session: Session | Connection, reader_id: int, at: datetime, model: str, cards: Sequence[Served]
) -> None:
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
class ServedRow:
    """A logged served card, detached from the session."""

    reader_id: int
    article_id: int
    served_at: datetime
    position: int
    propensity: float
    explored: bool
    features: dict[str, float]


def served_between(
    session: Session, start: datetime, end: datetime, *, limit: int = 200_000
) -> list[ServedRow]:
    query = (
        select(ServedCard)
        .where(ServedCard.served_at >= start, ServedCard.served_at < end)
        .order_by(ServedCard.served_at, ServedCard.id)
        .limit(limit)
    )
    return [
        ServedRow(
            c.reader_id, c.article_id, c.served_at, c.position, c.propensity, c.explored, dict(c.features)
        )
        for c in session.scalars(query)
    ]


@dataclass(frozen=True)
class Outcome:
    """What a reader did with a served card: a signal's kind, value and time."""

    kind: str
    value: float
    at: datetime


def outcomes(
    session: Session, pairs: set[tuple[int, int]], start: datetime
) -> dict[tuple[int, int], list[Outcome]]:
    """Signals since ``start`` of the given (reader, article) pairs, per pair."""
    readers = sorted({r for r, _ in pairs})
    out: dict[tuple[int, int], list[Outcome]] = {}
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
                out.setdefault(key, []).append(Outcome(signal.kind, signal.value, signal.at))
    return out


def last_served(session: Session, reader_id: int, article_id: int) -> ServedCard | None:
    """The latest time For you served this article to this reader."""
    query = (
        select(ServedCard)
        .where(ServedCard.reader_id == reader_id, ServedCard.article_id == article_id)
        .order_by(ServedCard.served_at.desc(), ServedCard.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def reader_deltas(session: Session, reader_id: int) -> dict[str, float]:
    row = session.get(ReaderRankWeights, reader_id)
    return dict(row.deltas) if row is not None else {}


def put_reader_deltas(session: Session, reader_id: int, deltas: dict[str, float], now: datetime) -> None:
    row = session.get(ReaderRankWeights, reader_id)
    if row is None:
        session.add(ReaderRankWeights(reader_id=reader_id, deltas=deltas, updates=1, updated_at=now))
    else:
        row.deltas, row.updates, row.updated_at = deltas, row.updates + 1, now


def reads_since(
    session: Session, reader_ids: Sequence[int], since: datetime, min_seconds: float
) -> list[tuple[int, int, datetime]]:
    """(reader, article, when) of every real read (reading time, more, save, share) since ``since``."""
    out: list[tuple[int, int, datetime]] = []
    ids = sorted(set(reader_ids))
    for offset in range(0, len(ids), 500):
        query = select(Signal.reader_id, Signal.article_id, Signal.at, Signal.kind, Signal.value).where(
            Signal.reader_id.in_(ids[offset : offset + 500]), Signal.at >= since
        )
        for reader, article, at, kind, value in session.execute(query):
            if kind in ("more", "save", "share") or (kind == "read" and value >= min_seconds):
                out.append((reader, article, at))
    return sorted(out, key=lambda r: r[2])
