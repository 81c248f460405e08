"""Picture rows: one per publisher address (pending, ready or failed) and the renditions they
point at, shared by content hash. Stored in the database so that every web and worker process
(PostgreSQL deployments on several machines) serves the same pictures."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynews.core.images import ImageRef, Rendition
from mynews.store.dialect import insert_ignoring_conflicts
from mynews.store.models import Image, ImageRendition

MAX_ATTEMPTS = 3


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


def ensure(session: Session, urls: Iterable[str], now: datetime) -> None:
    """A pending row for each address not known yet (safe under concurrency)."""
    rows = {
        url_hash(u): {
            "url_hash": url_hash(u),
            "url": u,
            "status": "pending",
            "widths": [],
            "attempts": 0,
            "created_at": now,
        }
        for u in urls
        if u and len(u) <= 4000
    }
    insert_ignoring_conflicts(session, Image.__table__, list(rows.values()))


def due(session: Session, urls: Sequence[str]) -> list[str]:
    """Those of ``urls`` still to fetch: pending, or failed fewer than MAX_ATTEMPTS times."""
    if not urls:
        return []
    hashes = {url_hash(u): u for u in urls}
    rows = session.execute(
        select(Image.url_hash, Image.status, Image.attempts).where(Image.url_hash.in_(list(hashes)))
    )
    return [
        hashes[h]
        for h, status, attempts in rows
        if status == "pending" or (status == "failed" and attempts < MAX_ATTEMPTS and attempts > 0)
    ]


def store_ready(
    session: Session,
    url: str,
    content_hash: str,
    size: tuple[int, int],
    renditions: Sequence[Rendition],
    now: datetime,
) -> None:
    insert_ignoring_conflicts(
        session,
        ImageRendition.__table__,
        [
            {
                "content_hash": content_hash,
                "width": r.width,
                "height": r.height,
                "mime": r.mime,
                "data": r.data,
                "created_at": now,
            }
            for r in renditions
        ],
    )
    row = _row(session, url, now)
    row.status, row.content_hash, row.error = "ready", content_hash, None
    row.width, row.height = size
    row.widths = sorted(r.width for r in renditions)
    row.attempts += 1
    row.fetched_at = now


def store_failure(session: Session, url: str, error: str, now: datetime, *, final: bool) -> None:
    """Record why a picture could not be had; ``final`` (not a picture, too large) stops retries."""
    row = _row(session, url, now)
    row.status, row.error = "failed", error[:500]
    row.attempts = MAX_ATTEMPTS if final else row.attempts + 1
    row.fetched_at = now


def _row(session: Session, url: str, now: datetime) -> Image:
    row = session.scalar(select(Image).where(Image.url_hash == url_hash(url)))
    if row is None:
        ensure(session, [url], now)
        row = session.scalar(select(Image).where(Image.url_hash == url_hash(url)))
    assert row is not None
    return row


def refs_for(session: Session, urls: Iterable[str | None]) -> dict[str, ImageRef]:
    """The ready pictures among ``urls``, by address."""
    hashes = {url_hash(u): u for u in urls if u}
    if not hashes:
        return {}
    rows = session.execute(
        select(Image.url_hash, Image.content_hash, Image.width, Image.height, Image.widths).where(
            Image.url_hash.in_(list(hashes)), Image.status == "ready"
        )
    )
    return {hashes[h]: ImageRef(c, w or 0, ht or 0, tuple(ws or ())) for h, c, w, ht, ws in rows if c and ws}


def rendition(session: Session, content_hash: str, width: int) -> tuple[str, bytes] | None:
    row = session.execute(
        select(ImageRendition.mime, ImageRendition.data).where(
            ImageRendition.content_hash == content_hash, ImageRendition.width == width
        )
    ).first()
    return (row[0], bytes(row[1])) if row else None


@dataclass(frozen=True)
class ImageState:
    status: str
    error: str | None
    attempts: int
    widths: list[int]


def status_of(session: Session, url: str) -> ImageState | None:
    """Where fetching one address stands (for operators and tests)."""
    row = session.scalar(select(Image).where(Image.url_hash == url_hash(url)))
    return ImageState(row.status, row.error, row.attempts, list(row.widths or [])) if row else None
