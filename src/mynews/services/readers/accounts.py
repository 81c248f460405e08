"""Use cases for accounts: sign up, sign in (rate-limited), sign out, change password, sessions,
personal API tokens and the admin role.

Passwords are hashed with argon2 (argon2-cffi); session ids and API tokens are random and only
their SHA-256 is stored, so a copy of the database signs nobody in. The first reader to sign up
is an admin (the operator); others become admins with ``mynews readers make-admin``.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from mynews.core.errors import BadInput, Conflict, NotFound, RateLimited, Unauthorized
from mynews.services.context import Context
from mynews.store import readers

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from mynews.store.models import ApiToken, Reader

MIN_PASSWORD = 8


@dataclass(frozen=True)
class ReaderView:
    id: int
    email: str
    name: str
    is_admin: bool
    onboarded: bool
    created_at: datetime


@dataclass(frozen=True)
class TokenView:
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _view(row: Reader) -> ReaderView:
    return ReaderView(row.id, row.email, row.name, row.is_admin, row.onboarded, row.created_at)


def _token_view(row: ApiToken) -> TokenView:
    return TokenView(row.id, row.name, row.created_at, row.last_used_at)


def _clean_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 320 or email.startswith("@") or email.endswith("@"):
        raise BadInput("enter a valid email address", code="bad_email")
    return email


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise BadInput(f"passwords need at least {MIN_PASSWORD} characters", code="weak_password")
    if len(password) > 1024:
        raise BadInput("password too long", code="bad_password")


def sign_up(ctx: Context, email: str, password: str, *, name: str = "", admin: bool = False) -> ReaderView:
    """Create a reader. The very first reader is an admin."""
    email = _clean_email(email)
    _check_password(password)
    hashed = _hasher().hash(password)
    with ctx.db.transaction() as session:
        if readers.by_email(session, email) is not None:
            raise Conflict("an account with this email exists", code="email_taken")
        first = readers.count(session) == 0
        row = readers.create(
            session,
            email=email,
            name=name.strip()[:200],
            password_hash=hashed,
            is_admin=admin or first,
            now=ctx.clock.now(),
        )
        return _view(row)


def _throttle_key(email: str, address: str) -> str:
    return f"{email}|{address}"[:400]


def sign_in(ctx: Context, email: str, password: str, *, address: str = "") -> tuple[ReaderView, str]:
    """Check the password and open a session. Returns the reader and the raw session token
    (for the cookie). Failed attempts per account and address are limited per minute."""
    email = email.strip().lower()
    key = _throttle_key(email, address)
    now = ctx.clock.now()
    with ctx.db.transaction() as session:
        if (
            readers.attempts_since(session, key, now - timedelta(minutes=1))
            >= ctx.settings.login_attempts_per_minute
        ):
            raise RateLimited("too many sign-in attempts; wait a minute", code="too_many_attempts")
        row = readers.by_email(session, email)
        if row is None or not _verify(row.password_hash, password):
            readers.clear_attempts(session, key, before=now - timedelta(hours=1))  # keep the table small
            readers.add_attempt(session, key, now)
            ok = False
        else:
            ok = True
            readers.clear_attempts(session, key)
            if _hasher().check_needs_rehash(row.password_hash):
                row.password_hash = _hasher().hash(password)
            readers.delete_expired_sessions(session, now)
            token = secrets.token_urlsafe(32)
            readers.add_session(
                session,
                id_hash=digest(token),
                reader_id=row.id,
                now=now,
                expires_at=now + timedelta(seconds=ctx.settings.session_max_age),
            )
            view = _view(row)
    if not ok:
        raise Unauthorized("wrong email or password", code="bad_credentials")
    return view, token


def _verify(hashed: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(hashed, password))
    except (VerificationError, InvalidHashError):
        return False


def sign_out(ctx: Context, token: str) -> None:
    with ctx.db.transaction() as session:
        readers.delete_session(session, digest(token))


def reader_for_session(ctx: Context, token: str) -> ReaderView | None:
    if not token:
        return None
    with ctx.db.reading() as session:
        row = readers.reader_for_session(session, digest(token), ctx.clock.now())
        return _view(row) if row else None


def change_password(
    ctx: Context, reader_id: int, old: str, new: str, *, keep_session: str | None = None
) -> None:
    """Change the password; every other session of the reader is signed out."""
    _check_password(new)
    with ctx.db.transaction() as session:
        row = readers.get(session, reader_id)
        if row is None:
            raise NotFound("reader not found")
        if not _verify(row.password_hash, old):
            raise Unauthorized("the current password is wrong", code="bad_credentials")
        row.password_hash = _hasher().hash(new)
        readers.delete_sessions(session, reader_id, keep=digest(keep_session) if keep_session else None)


def set_onboarded(ctx: Context, reader_id: int) -> None:
    with ctx.db.transaction() as session:
        readers.update_reader(session, reader_id, onboarded=True)


def create_token(ctx: Context, reader_id: int, name: str) -> tuple[TokenView, str]:
    """A new personal API token; the raw value is returned once and never stored."""
    name = name.strip()[:200] or "token"
    raw = "mnt_" + secrets.token_urlsafe(32)
    with ctx.db.transaction() as session:
        row = readers.add_token(
            session, reader_id=reader_id, name=name, token_hash=digest(raw), now=ctx.clock.now()
        )
        return _token_view(row), raw


def tokens(ctx: Context, reader_id: int) -> list[TokenView]:
    with ctx.db.reading() as session:
        return [_token_view(t) for t in readers.tokens(session, reader_id)]


def revoke_token(ctx: Context, reader_id: int, token_id: int) -> None:
    """Delete one of the reader's tokens; another reader's token is 'not found'."""
    with ctx.db.transaction() as session:
        if not readers.delete_token(session, reader_id, token_id):
            raise NotFound("token not found")


def reader_for_token(ctx: Context, raw: str) -> ReaderView | None:
    if not raw:
        return None
    with ctx.db.transaction() as session:
        row = readers.reader_for_token(session, digest(raw), ctx.clock.now())
        return _view(row) if row else None


def list_readers(ctx: Context, *, after_id: int = 0, limit: int = 100) -> list[ReaderView]:
    with ctx.db.reading() as session:
        return [_view(r) for r in readers.listing(session, after_id=after_id, limit=limit)]


def reader_by_email(ctx: Context, email: str) -> ReaderView | None:
    with ctx.db.reading() as session:
        row = readers.by_email(session, email.strip().lower())
        return _view(row) if row else None


def make_admin(ctx: Context, email: str, *, admin: bool = True) -> ReaderView:
    with ctx.db.transaction() as session:
        row = readers.by_email(session, email.strip().lower())
        if row is None:
            raise NotFound(f"no reader with email {email}")
        row.is_admin = admin
        return _view(row)
