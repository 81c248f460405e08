"""Reader rows: accounts, sign-in sessions (stored hashed), personal API tokens (hashed) and
failed sign-in attempts. Every query that touches reader data is scoped by ``reader_id``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, func, or_, select, update
from sqlalchemy.orm import Session

from mynews.store.models import ApiToken, LoginAttempt, Reader, ReaderSession


def create(
    session: Session, *, email: str, name: str, password_hash: str, is_admin: bool, now: datetime
) -> Reader:
    reader = Reader(email=email, name=name, password_hash=password_hash, is_admin=is_admin, created_at=now)
    session.add(reader)
    session.flush()
    return reader


def get(session: Session, reader_id: int) -> Reader | None:
    return session.get(Reader, reader_id)


def by_email(session: Session, email: str) -> Reader | None:
    return session.scalar(select(Reader).where(Reader.email == email))


def count(session: Session) -> int:
    return int(session.scalar(select(func.count(Reader.id))) or 0)


def listing(session: Session, *, after_id: int = 0, limit: int = 100) -> list[Reader]:
    return list(session.scalars(select(Reader).where(Reader.id > after_id).order_by(Reader.id).limit(limit)))


def update_reader(session: Session, reader_id: int, **fields: object) -> None:
    session.execute(update(Reader).where(Reader.id == reader_id).values(**fields))


# Sessions -------------------------------------------------------------------------------------


def add_session(
    session: Session, *, id_hash: str, reader_id: int, now: datetime, expires_at: datetime
) -> None:
    session.add(ReaderSession(id=id_hash, reader_id=reader_id, created_at=now, expires_at=expires_at))


def reader_for_session(session: Session, id_hash: str, now: datetime) -> Reader | None:
    return session.scalar(
        select(Reader)
        .join(ReaderSession, ReaderSession.reader_id == Reader.id)
        .where(ReaderSession.id == id_hash, ReaderSession.expires_at > now)
    )


def delete_session(session: Session, id_hash: str) -> None:
    session.execute(delete(ReaderSession).where(ReaderSession.id == id_hash))


def delete_sessions(session: Session, reader_id: int, *, keep: str | None = None) -> None:
    query = delete(ReaderSession).where(ReaderSession.reader_id == reader_id)
    if keep is not None:
        query = query.where(ReaderSession.id != keep)
    session.execute(query)


def delete_expired_sessions(session: Session, now: datetime) -> None:
    session.execute(delete(ReaderSession).where(ReaderSession.expires_at <= now))


# API tokens -----------------------------------------------------------------------------------


def add_token(session: Session, *, reader_id: int, name: str, token_hash: str, now: datetime) -> ApiToken:
    token = ApiToken(reader_id=reader_id, name=name, token_hash=token_hash, created_at=now)
    session.add(token)
    session.flush()
    return token


def token_owner(session: Session, token_hash: str) -> tuple[ApiToken, Reader] | None:
    """The token with this hash and its reader (read only: the last use is written apart)."""
    row = session.execute(
        select(ApiToken, Reader)
        .join(Reader, Reader.id == ApiToken.reader_id)
        .where(ApiToken.token_hash == token_hash)
    ).first()
    return (row[0], row[1]) if row else None


def touch_token(connection: Connection, token_id: int, now: datetime, *, stale_before: datetime) -> None:
    """Record a token's use, unless a use after ``stale_before`` is already recorded."""
    connection.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token_id,
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < stale_before),
        )
        .values(last_used_at=now)
    )


def delete_tokens(session: Session, reader_id: int) -> None:
    session.execute(delete(ApiToken).where(ApiToken.reader_id == reader_id))


def tokens(session: Session, reader_id: int) -> list[ApiToken]:
    return list(
        session.scalars(select(ApiToken).where(ApiToken.reader_id == reader_id).order_by(ApiToken.id))
    )


def delete_token(session: Session, reader_id: int, token_id: int) -> bool:
    """Delete one of this reader's tokens; False when it is not theirs (or does not exist)."""
    result = session.execute(delete(ApiToken).where(ApiToken.id == token_id, ApiToken.reader_id == reader_id))
    return bool(getattr(result, "rowcount", 0))


# Sign-in attempts (and sign-ups), counted by key: "a:<email>", "i:<address>", "s:<address>" ----


def add_attempts(session: Session, keys: list[str], now: datetime) -> None:
    session.add_all([LoginAttempt(key=key[:400], at=now) for key in keys])


def attempts_since(session: Session, key: str, since: datetime) -> int:
    query = select(func.count(LoginAttempt.id)).where(LoginAttempt.key == key[:400], LoginAttempt.at > since)
    return int(session.scalar(query) or 0)


def attempts_with_prefix_since(session: Session, prefix: str, since: datetime) -> int:
    query = select(func.count(LoginAttempt.id)).where(
        LoginAttempt.key.startswith(prefix, autoescape=True), LoginAttempt.at > since
    )
    return int(session.scalar(query) or 0)


def clear_attempts(session: Session, key: str) -> None:
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == key[:400]))


def prune_attempts(session: Session, before: datetime) -> None:
    session.execute(delete(LoginAttempt).where(LoginAttempt.at <= before))
