"""Use cases: app passwords, the per-reader passwords reader apps sign in with (separate from
the web password, one per app, revocable), and verifying them at the rate apps call.

An app password is 128 random bits, shown once. It is stored as HMAC-SHA256 under the
instance's secret key (a random secret needs no slow hash: argon2's cost protects guessable
passwords, and would cost ~50 ms on every API call), so verifying is one indexed lookup. The
Fever API key (MD5 of ``email:password``, as Fever clients compute it) is stored keyed-hashed
too. Google Reader's auth token is ``<id>/<HMAC over the stored hash>``: revoking the password
revokes it. Verified passwords are remembered ``sync_auth_cache_seconds`` in the process, keyed
by the keyed hash (never the password); revoking clears this process's memory at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta

from mynews.core.errors import NotFound
from mynews.services.context import Context
from mynews.store import app_passwords as store
from mynews.store.db import Database

TOUCH_EVERY = timedelta(minutes=10)


@dataclass(frozen=True)
class AppPasswordView:
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True)
class AppIdentity:
    """Who a reader app signed in as."""

    reader_id: int
    email: str
    name: str
    password_id: int
    secret_hash: str


class _Memory:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.known: dict[str, tuple[float, AppIdentity]] = {}

    def get(self, key: str) -> AppIdentity | None:
        with self.lock:
            hit = self.known.get(key)
        return hit[1] if hit and hit[0] > time.monotonic() else None

    def put(self, key: str, identity: AppIdentity, ttl: float) -> None:
        with self.lock:
            if len(self.known) > 10_000:
                self.known.clear()
            self.known[key] = (time.monotonic() + ttl, identity)

    def forget(self, password_id: int) -> None:
        with self.lock:
            for key in [k for k, (_, i) in self.known.items() if i.password_id == password_id]:
                del self.known[key]


_memories: weakref.WeakKeyDictionary[Database, _Memory] = weakref.WeakKeyDictionary()
_guard = threading.Lock()


def _memory(ctx: Context) -> _Memory:
    with _guard:
        memory = _memories.get(ctx.db)
        if memory is None:
            memory = _memories[ctx.db] = _Memory()
        return memory


def _keyed(ctx: Context, purpose: str, value: str) -> str:
    key = ctx.settings.secret_key.encode()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def fever_api_key(email: str, password: str) -> str:
    """What a Fever client sends: MD5 of ``email:password`` (the protocol's choice, not ours)."""
    return hashlib.md5(f"{email}:{password}".encode(), usedforsecurity=False).hexdigest()


def create(ctx: Context, reader_id: int, email: str, name: str) -> tuple[AppPasswordView, str]:
    """A new app password for ``name`` (the app); the raw value is returned once."""
    raw = "-".join(secrets.token_hex(2) for _ in range(8))  # 128 bits, easy to type on a phone
    with ctx.db.transaction() as session:
        row = store.add(
            session,
            reader_id=reader_id,
            name=name.strip()[:200] or "app",
            secret_hash=_keyed(ctx, "app", raw),
            fever_hash=_keyed(ctx, "fever", fever_api_key(email, raw)),
            now=ctx.clock.now(),
        )
        return AppPasswordView(row.id, row.name, row.created_at, row.last_used_at), raw


def listing(ctx: Context, reader_id: int) -> list[AppPasswordView]:
    with ctx.db.reading() as session:
        return [
            AppPasswordView(r.id, r.name, r.created_at, r.last_used_at)
            for r in store.listing(session, reader_id)
        ]


def revoke(ctx: Context, reader_id: int, password_id: int) -> None:
    """Delete one of the reader's app passwords; another reader's is 'not found'."""
    with ctx.db.transaction() as session:
        if not store.remove(session, reader_id, password_id):
            raise NotFound("app password not found")
    _memory(ctx).forget(password_id)


def _lookup(ctx: Context, memo_key: str, find: object) -> AppIdentity | None:
    identity = _memory(ctx).get(memo_key)
    if identity is not None:
        return identity
    now = ctx.clock.now()
    with ctx.db.reading() as session:
        found = find(session)  # type: ignore[operator]
        if found is None:
            return None
        row, reader = found
        identity = AppIdentity(reader.id, reader.email, reader.name, row.id, row.secret_hash)
        stale = row.last_used_at is None or row.last_used_at < now - TOUCH_EVERY
    if stale:  # a short write, at most every ten minutes per password
        with ctx.db.transaction() as session:
            store.touch(session, identity.password_id, now)
    _memory(ctx).put(memo_key, identity, ctx.settings.sync_auth_cache_seconds)
    return identity


def verify(ctx: Context, password: str, *, username: str | None = None) -> AppIdentity | None:
    """The app password's owner; with ``username`` (Basic auth, ClientLogin) it must be theirs."""
    if not password or len(password) > 200:
        return None
    digest = _keyed(ctx, "app", password.strip())
    identity = _lookup(ctx, "app:" + digest, lambda s: store.by_secret(s, digest))
    if identity is None or (username is not None and username.strip().lower() != identity.email):
        return None
    return identity


def verify_fever(ctx: Context, api_key: str) -> AppIdentity | None:
    if not api_key or len(api_key) > 64:
        return None
    digest = _keyed(ctx, "fever", api_key.strip().lower())
    return _lookup(ctx, "fever:" + digest, lambda s: store.by_fever_key(s, digest))


def greader_token(ctx: Context, identity: AppIdentity) -> str:
    """The ``Auth`` value ClientLogin hands out: ``<id>/<HMAC over the stored hash>``."""
    return f"{identity.password_id}/{_keyed(ctx, 'greader', identity.secret_hash)}"


def verify_greader(ctx: Context, token: str) -> AppIdentity | None:
    head, _, mac = token.strip().partition("/")
    if not head.isdigit() or len(mac) != 64:
        return None
    identity = _lookup(ctx, "greader:" + token.strip(), lambda s: store.by_id(s, int(head)))
    if identity is None or not hmac.compare_digest(mac, _keyed(ctx, "greader", identity.secret_hash)):
        return None
    return identity


def action_token(ctx: Context, identity: AppIdentity) -> str:
    """Google Reader's short-lived "T" token for edits (57 characters, as Google's were)."""
    return _keyed(ctx, "greader-t", identity.secret_hash)[:57]
