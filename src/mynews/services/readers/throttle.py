"""Sign-in and sign-up throttles, kept in the database so every web process shares them.

Failed sign-ins are counted three ways over ``login_window`` seconds: per account (from any
address: guessing one password), per client address (across accounts: password spraying) and
for the whole instance (a distributed attack). Any limit reached answers 429 with Retry-After,
for known and unknown accounts alike. Sign-ups are counted per address per hour.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from mynews.core.errors import RateLimited
from mynews.services.context import Context
from mynews.store import readers
from mynews.store.db import Session

SIGNUP_WINDOW = timedelta(hours=1)


def account_key(email: str) -> str:
    return f"a:{email}"


def address_key(address: str) -> str:
    return f"i:{address}"


def signup_key(address: str) -> str:
    return f"s:{address}"


def check_sign_in(session: Session, ctx: Context, email: str, address: str, now: datetime) -> None:
    """Raise RateLimited when the account, the address or the instance had too many failures."""
    s = ctx.settings
    since = now - timedelta(seconds=s.login_window)
    wait = "too many failed sign-ins {}; try again in {} minutes"
    minutes = max(1, s.login_window // 60)
    if readers.attempts_since(session, account_key(email), since) >= s.login_failures_per_account:
        raise _limited(wait.format("for this account", minutes), s.login_window)
    if (
        address
        and readers.attempts_since(session, address_key(address), since) >= s.login_failures_per_address
    ):
        raise _limited(wait.format("from your address", minutes), s.login_window)
    if readers.attempts_with_prefix_since(session, "a:", since) >= s.login_failures_global:
        raise _limited(wait.format("on this site", minutes), s.login_window)


def record_failure(session: Session, ctx: Context, email: str, address: str, now: datetime) -> None:
    keys = [account_key(email)] + ([address_key(address)] if address else [])
    readers.add_attempts(session, keys, now)
    readers.prune_attempts(session, now - max(timedelta(seconds=ctx.settings.login_window), SIGNUP_WINDOW))


def record_success(session: Session, email: str) -> None:
    """A right password clears the account's count (not the address's: spraying stays counted)."""
    readers.clear_attempts(session, account_key(email))


def check_sign_up(session: Session, ctx: Context, address: str, now: datetime) -> None:
    if not address:
        return
    if (
        readers.attempts_since(session, signup_key(address), now - SIGNUP_WINDOW)
        >= ctx.settings.signups_per_address
    ):
        raise _limited("too many new accounts from your address; try again in an hour", 3600)


def record_sign_up(session: Session, address: str, now: datetime) -> None:
    if address:
        readers.add_attempts(session, [signup_key(address)], now)


def _limited(message: str, seconds: int) -> RateLimited:
    return RateLimited(message, code="too_many_attempts", retry_after=seconds)
