"""Accounts on the real database: argon2 hashes, hashed sessions and tokens, rate limiting,
password change, the admin role."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mynews.core.clock import FixedClock
from mynews.core.errors import BadInput, Conflict, NotFound, RateLimited, Unauthorized
from mynews.services.context import Context
from mynews.services.readers import accounts
from mynews.store.models import ApiToken, Reader, ReaderSession

PASSWORD = "correct horse battery"


def test_first_reader_is_admin_and_passwords_are_argon2(ctx: Context) -> None:
    first = accounts.sign_up(ctx, "Ada@Example.org", PASSWORD)
    second = accounts.sign_up(ctx, "bob@example.org", PASSWORD)
    assert first.is_admin and not second.is_admin
    assert first.email == "ada@example.org"
    with ctx.db.reading() as session:
        hashes = list(session.scalars(select(Reader.password_hash)))
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)
    with pytest.raises(Conflict):
        accounts.sign_up(ctx, "ada@example.org", PASSWORD)
    with pytest.raises(BadInput):
        accounts.sign_up(ctx, "carol@example.org", "short")


def test_sessions_are_stored_hashed_and_sign_out_ends_them(ctx: Context) -> None:
    accounts.sign_up(ctx, "ada@example.org", PASSWORD)
    reader, token = accounts.sign_in(ctx, "ada@example.org", PASSWORD)
    with ctx.db.reading() as session:
        stored = list(session.scalars(select(ReaderSession.id)))
    assert stored == [accounts.digest(token)] and token not in stored
    assert accounts.reader_for_session(ctx, token) == reader
    accounts.sign_out(ctx, token)
    assert accounts.reader_for_session(ctx, token) is None


def test_sessions_expire(ctx: Context) -> None:
    clock = FixedClock()
    ctx.clock = clock
    accounts.sign_up(ctx, "ada@example.org", PASSWORD)
    _, token = accounts.sign_in(ctx, "ada@example.org", PASSWORD)
    clock.advance(seconds=ctx.settings.session_max_age - 1)
    assert accounts.reader_for_session(ctx, token) is not None
    clock.advance(seconds=2)
    assert accounts.reader_for_session(ctx, token) is None


def test_failed_sign_ins_are_throttled_per_account_from_any_address(ctx: Context) -> None:
    clock = FixedClock()
    ctx.clock = clock
    accounts.sign_up(ctx, "ada@example.org", PASSWORD)
    for i in range(ctx.settings.login_failures_per_account):
        with pytest.raises(Unauthorized):  # each guess from another address
            accounts.sign_in(ctx, "ada@example.org", "wrong password", address=f"10.0.0.{i}")
    with pytest.raises(RateLimited) as limited:  # even the right password is refused for now
        accounts.sign_in(ctx, "ada@example.org", PASSWORD, address="10.9.9.9")
    assert limited.value.retry_after == ctx.settings.login_window
    clock.advance(seconds=ctx.settings.login_window + 1)
    accounts.sign_in(ctx, "ada@example.org", PASSWORD, address="10.0.0.1")


def test_change_password_signs_out_other_sessions(ctx: Context) -> None:
    reader = accounts.sign_up(ctx, "ada@example.org", PASSWORD)
    _, here = accounts.sign_in(ctx, "ada@example.org", PASSWORD)
    _, elsewhere = accounts.sign_in(ctx, "ada@example.org", PASSWORD)
    with pytest.raises(Unauthorized):
        accounts.change_password(ctx, reader.id, "not the password", "a new long password")
    accounts.change_password(
        ctx, reader.id, PASSWORD, "a new long password", keep_session=here, keep_tokens=True
    )
    assert accounts.reader_for_session(ctx, here) is not None
    assert accounts.reader_for_session(ctx, elsewhere) is None
    with pytest.raises(Unauthorized):
        accounts.sign_in(ctx, "ada@example.org", PASSWORD)
    accounts.sign_in(ctx, "ada@example.org", "a new long password")


def test_tokens_are_hashed_and_only_their_owner_revokes_them(ctx: Context) -> None:
    ada = accounts.sign_up(ctx, "ada@example.org", PASSWORD)
    bob = accounts.sign_up(ctx, "bob@example.org", PASSWORD)
    view, raw = accounts.create_token(ctx, ada.id, "phone")
    with ctx.db.reading() as session:
        assert list(session.scalars(select(ApiToken.token_hash))) == [accounts.digest(raw)]
    assert accounts.reader_for_token(ctx, raw) == ada
    with pytest.raises(NotFound):
        accounts.revoke_token(ctx, bob.id, view.id)
    assert accounts.reader_for_token(ctx, raw) == ada
    assert accounts.tokens(ctx, bob.id) == []
    accounts.revoke_token(ctx, ada.id, view.id)
    assert accounts.reader_for_token(ctx, raw) is None


def test_make_admin(ctx: Context) -> None:
    accounts.sign_up(ctx, "ada@example.org", PASSWORD)
    accounts.sign_up(ctx, "bob@example.org", PASSWORD)
    assert accounts.make_admin(ctx, "bob@example.org").is_admin
    with pytest.raises(NotFound):
        accounts.make_admin(ctx, "nobody@example.org")
