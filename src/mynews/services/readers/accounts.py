"""Use cases for accounts: sign up, sign in (rate-limited), sign out, change password, sessions,
personal API tokens and the admin role.

Passwords are hashed with argon2 (argon2-cffi); session ids and API tokens are random and only
their SHA-256 is stored, so a copy of the database signs nobody in. The first reader to sign up
is an admin (the operator); others become admins with ``mynews readers make-admin``.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from mynews.core.errors import BadInput, Conflict, NotFound, Unauthorized
from mynews.services.context import Context
from mynews.services.readers import emails, passwords, throttle
from mynews.store import readers
from mynews.store.db import Session

if TYPE_CHECKING:
    from mynews.store.models import ApiToken, Reader

log = logging.getLogger(__name__)
TOKEN_TOUCH_EVERY = timedelta(minutes=1)


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


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _view(row: Reader) -> ReaderView:
    return ReaderView(row.id, row.email, row.name, row.is_admin, row.onboarded, row.created_at)


def _token_view(row: ApiToken) -> TokenView:
    return TokenView(row.id, row.name, row.created_at, row.last_used_at)


def _lookup_key(email: str) -> str:
    """The form an address is looked up (and throttled) under; one that cannot be an account's
    address is still throttled and answered like an unknown account."""
    try:
        return emails.normalise(email)
    except BadInput:
        return email.strip().lower()[:320]


def sign_up(ctx: Context, email: str, password: str, *, name: str = "", admin: bool = False) -> ReaderView:
    """Create a reader (the very first one is an admin); Conflict when the address has one.
    Operators and tests call this; the sign-up form calls ``request_account``, which says the
    same whether or not the address had an account."""
    email = emails.normalise(email)
    passwords.check_new(password, email=email)
    hashed = passwords.hash_password(password)

    def create(session: Session) -> ReaderView:
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

    return ctx.db.write(create)


def request_account(ctx: Context, email: str, password: str, *, name: str = "", address: str = "") -> None:
    """The sign-up form: create the account when the address has none. The caller answers the
    same either way (no account enumeration); sign-ups per client address are limited."""
    now = ctx.clock.now()
    with ctx.db.reading() as session:
        throttle.check_sign_up(session, ctx, address, now)
    try:
        sign_up(ctx, email, password, name=name)
    except Conflict:
        log.info("sign-up for an address that has an account; answered as for a new one")
    ctx.db.write(lambda session: throttle.record_sign_up(session, address, now))


def sign_in(ctx: Context, email: str, password: str, *, address: str = "") -> tuple[ReaderView, str]:
    """Check the password and open a session; returns the reader and the raw session token (for
    the cookie). Unknown accounts take as long as known ones (a dummy hash is checked) and get
    the same answer; failures are throttled per account, per address and globally."""
    key = _lookup_key(email)
    now = ctx.clock.now()
    with ctx.db.reading() as session:
        throttle.check_sign_in(session, ctx, key, address, now)
        row = readers.by_email(session, key)
        reader_id, hashed = (row.id, row.password_hash) if row else (None, None)
    right = passwords.verify(hashed, password)  # always run: unknown accounts check a dummy hash
    if reader_id is None or not right:
        ctx.db.write(lambda session: throttle.record_failure(session, ctx, key, address, now))
        raise Unauthorized("wrong email or password", code="bad_credentials")
    token = secrets.token_urlsafe(32)
    rehash = passwords.hash_password(password) if passwords.needs_rehash(str(hashed)) else None

    def open_session(session: Session) -> ReaderView:
        throttle.record_success(session, key)
        reader = readers.get(session, int(reader_id))
        if reader is None:
            raise Unauthorized("wrong email or password", code="bad_credentials")
        if rehash:
            reader.password_hash = rehash
        readers.delete_expired_sessions(session, now)
        readers.add_session(
            session,
            id_hash=digest(token),
            reader_id=reader.id,
            now=now,
            expires_at=now + timedelta(seconds=ctx.settings.session_max_age),
        )
        return _view(reader)

    return ctx.db.write(open_session), token


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
    ctx: Context,
    reader_id: int,
    old: str,
    new: str,
    *,
    keep_session: str | None = None,
    keep_tokens: bool = False,
) -> None:
    """Change the password. Every other session is signed out and every personal API token is
    revoked, unless the reader chose to keep their tokens. A wrong current password counts as a
    failed sign-in of the account."""
    with ctx.db.reading() as session:
        row = readers.get(session, reader_id)
        if row is None:
            raise NotFound("reader not found")
        email, hashed = row.email, row.password_hash
        throttle.check_sign_in(session, ctx, email, "", ctx.clock.now())
    passwords.check_new(new, email=email)
    if not passwords.verify(hashed, old):
        ctx.db.write(lambda session: throttle.record_failure(session, ctx, email, "", ctx.clock.now()))
        raise Unauthorized("the current password is wrong", code="bad_credentials")
    new_hash = passwords.hash_password(new)

    def store(session: Session) -> None:
        readers.update_reader(session, reader_id, password_hash=new_hash)
        readers.delete_sessions(session, reader_id, keep=digest(keep_session) if keep_session else None)
        if not keep_tokens:
            readers.delete_tokens(session, reader_id)

    ctx.db.write(store)


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
    """The token's reader. Its last use is recorded at most once a minute, in a write of its
    own that is skipped when the database is busy: a token request never waits on a writer."""
    if not raw:
        return None
    with ctx.db.reading() as session:
        found = readers.token_owner(session, digest(raw))
        if found is None:
            return None
        token, row = found
        token_id, last_used, view = token.id, token.last_used_at, _view(row)
    now = ctx.clock.now()
    if last_used is None or now - last_used >= TOKEN_TOUCH_EVERY:
        ctx.db.try_write(
            lambda c: readers.touch_token(c, token_id, now, stale_before=now - TOKEN_TOUCH_EVERY)
        )
    return view


def list_readers(ctx: Context, *, after_id: int = 0, limit: int = 100) -> list[ReaderView]:
    with ctx.db.reading() as session:
        return [_view(r) for r in readers.listing(session, after_id=after_id, limit=limit)]


def reader_by_email(ctx: Context, email: str) -> ReaderView | None:
    with ctx.db.reading() as session:
        row = readers.by_email(session, email.strip().lower())
        return _view(row) if row else None


def make_admin(ctx: Context, email: str, *, admin: bool = True) -> ReaderView:
    with ctx.db.transaction() as session:
        row = readers.by_email(session, _lookup_key(email))
        if row is None:
            raise NotFound(f"no reader with email {email}")
        row.is_admin = admin
        return _view(row)
