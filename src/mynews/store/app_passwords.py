"""App passwords: what reader apps sign in with. Only keyed hashes are stored; every query that
lists or deletes is scoped by ``reader_id``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from mynews.store.models import Reader
from mynews.store.sync_models import AppPassword


def add(
    session: Session, *, reader_id: int, name: str, secret_hash: str, fever_hash: str, now: datetime
) -> AppPassword:
    row = AppPassword(
        reader_id=reader_id, name=name, secret_hash=secret_hash, fever_hash=fever_hash, created_at=now
    )
    session.add(row)
    session.flush()
    return row


def listing(session: Session, reader_id: int) -> list[AppPassword]:
    query = select(AppPassword).where(AppPassword.reader_id == reader_id).order_by(AppPassword.id)
    return list(session.scalars(query))


def remove(session: Session, reader_id: int, password_id: int) -> bool:
    """Delete one of this reader's app passwords; False when it is not theirs (or is gone)."""
    result = session.execute(
        delete(AppPassword).where(AppPassword.id == password_id, AppPassword.reader_id == reader_id)
    )
    return bool(getattr(result, "rowcount", 0))


def _with_reader(session: Session, where: object) -> tuple[AppPassword, Reader] | None:
    row = session.execute(
        select(AppPassword, Reader).join(Reader, Reader.id == AppPassword.reader_id).where(where)  # type: ignore[arg-type]
    ).first()
    return (row[0], row[1]) if row else None


def by_secret(session: Session, secret_hash: str) -> tuple[AppPassword, Reader] | None:
    return _with_reader(session, AppPassword.secret_hash == secret_hash)


def by_fever_key(session: Session, fever_hash: str) -> tuple[AppPassword, Reader] | None:
    return _with_reader(session, AppPassword.fever_hash == fever_hash)


def by_id(session: Session, password_id: int) -> tuple[AppPassword, Reader] | None:
    return _with_reader(session, AppPassword.id == password_id)


def touch(session: Session, password_id: int, now: datetime) -> None:
    session.execute(update(AppPassword).where(AppPassword.id == password_id).values(last_used_at=now))
