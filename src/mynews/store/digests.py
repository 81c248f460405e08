"""Delivery preferences and the digest outbox. The outbox is claimed row by row with a lease
(compare-and-set on status and lease, so two workers never send the same row at once)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mynews.store.delivery_models import DeliveryPrefs, DigestOutbox
from mynews.store.models import Reader


def prefs(session: Session, reader_id: int) -> DeliveryPrefs | None:
    return session.get(DeliveryPrefs, reader_id)


def put_prefs(session: Session, reader_id: int, now: datetime, **fields: object) -> DeliveryPrefs:
    row = session.get(DeliveryPrefs, reader_id)
    if row is None:
        row = DeliveryPrefs(reader_id=reader_id, updated_at=now)
        session.add(row)
    for name, value in fields.items():
        setattr(row, name, value)
    row.updated_at = now
    session.flush()
    return row


def digest_readers(session: Session, *, after_id: int, limit: int) -> list[tuple[DeliveryPrefs, Reader]]:
    """Readers whose digest is on, by id (keyset)."""
    query = (
        select(DeliveryPrefs, Reader)
        .join(Reader, Reader.id == DeliveryPrefs.reader_id)
        .where(DeliveryPrefs.digest_frequency != "off", DeliveryPrefs.reader_id > after_id)
        .order_by(DeliveryPrefs.reader_id)
        .limit(limit)
    )
    return [(p, r) for p, r in session.execute(query)]


def add_outbox(session: Session, row: DigestOutbox) -> bool:
    """Insert the row unless (reader, period) has one already; True when inserted."""
    if session.scalar(
        select(DigestOutbox.id).where(
            DigestOutbox.reader_id == row.reader_id, DigestOutbox.period == row.period
        )
    ):
        return False
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def planned(session: Session, pairs: list[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which of these (reader, period) pairs have an outbox row already."""
    if not pairs:
        return set()
    readers = sorted({r for r, _ in pairs})
    query = select(DigestOutbox.reader_id, DigestOutbox.period).where(
        DigestOutbox.reader_id.in_(readers), DigestOutbox.period.in_(sorted({p for _, p in pairs}))
    )
    return {(int(r), str(p)) for r, p in session.execute(query)} & set(pairs)


def last_digest_at(session: Session, reader_id: int) -> datetime | None:
    """When the reader's last digest (sent, or found with nothing new) was scheduled."""
    query = (
        select(DigestOutbox.scheduled_at)
        .where(DigestOutbox.reader_id == reader_id, DigestOutbox.status.in_(("sent", "empty")))
        .order_by(DigestOutbox.scheduled_at.desc())
        .limit(1)
    )
    return session.scalar(query)


def due_ids(session: Session, now: datetime, *, limit: int) -> list[int]:
    query = (
        select(DigestOutbox.id)
        .where(
            DigestOutbox.status == "pending",
            DigestOutbox.next_attempt_at <= now,
            or_(DigestOutbox.lease_until.is_(None), DigestOutbox.lease_until < now),
        )
        .order_by(DigestOutbox.next_attempt_at, DigestOutbox.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def claim(session: Session, outbox_id: int, now: datetime, lease_until: datetime) -> DigestOutbox | None:
    """Take the row for one sending attempt; None when another worker has it or it is done."""
    result = session.execute(
        update(DigestOutbox)
        .where(
            DigestOutbox.id == outbox_id,
            DigestOutbox.status == "pending",
            or_(DigestOutbox.lease_until.is_(None), DigestOutbox.lease_until < now),
        )
        .values(lease_until=lease_until, attempts=DigestOutbox.attempts + 1)
    )
    if not getattr(result, "rowcount", 0):
        return None
    return session.get(DigestOutbox, outbox_id, populate_existing=True)


def finish(session: Session, outbox_id: int, **fields: object) -> None:
    session.execute(
        update(DigestOutbox).where(DigestOutbox.id == outbox_id).values(lease_until=None, **fields)
    )


def history(session: Session, reader_id: int, *, limit: int = 20) -> list[DigestOutbox]:
    query = (
        select(DigestOutbox)
        .where(DigestOutbox.reader_id == reader_id)
        .order_by(DigestOutbox.scheduled_at.desc(), DigestOutbox.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def problems(session: Session, *, limit: int = 50) -> list[tuple[DigestOutbox, str]]:
    """Failed digests and those retrying after an error, newest first, with the reader's e-mail."""
    query = (
        select(DigestOutbox, Reader.email)
        .join(Reader, Reader.id == DigestOutbox.reader_id)
        .where(
            or_(
                DigestOutbox.status == "failed",
                and_(DigestOutbox.status == "pending", DigestOutbox.last_error.is_not(None)),
            )
        )
        .order_by(DigestOutbox.created_at.desc(), DigestOutbox.id.desc())
        .limit(limit)
    )
    return [(row, email) for row, email in session.execute(query)]


def counts(session: Session) -> dict[str, int]:
    from sqlalchemy import func

    query = select(DigestOutbox.status, func.count(DigestOutbox.id)).group_by(DigestOutbox.status)
    return {status: int(n) for status, n in session.execute(query)}
