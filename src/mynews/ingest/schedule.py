"""Polling policy, pure: when to check a source next, and what a fetch outcome does to it.

``next_check`` backs off exponentially with the error count (capped at ``max_backoff``),
spreads sources with a bounded jitter that is deterministic per source (the same key and
error count always give the same delay, so tests and replays agree), and never checks before
a server's Retry-After. ``outcome_for_success`` / ``outcome_for_error`` turn a fetch result or
error into a ``PollOutcome`` that the caller copies onto the source row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from mynews.core.errors import AppError, FetchError
from mynews.core.feeds import ParsedFeed
from mynews.core.fetching import FetchResult, Validators

JITTER = 0.1
"""Delays vary by up to ±10 % per source, so sources added together do not stay in lockstep."""
MIN_INTERVAL = 60.0
MAX_ERROR_TEXT = 500


@dataclass(frozen=True)
class PollOutcome:
    """New source state after one poll; copy every field onto the source row.

    ``validators`` is None when the stored ones should stay (errors); ``new_url`` is set after
    a permanent redirect; ``retired`` after 410 Gone (stop polling: ``next_check_at`` is None).
    """

    status: str  # ok, not_modified, recovered, error, gone
    error_count: int
    last_error: str | None
    next_check_at: datetime | None
    retired: bool = False
    new_url: str | None = None
    validators: Validators | None = None
    http_status: int | None = None


def next_check(
    now: datetime,
    *,
    interval: float,
    error_count: int,
    retry_after: float | None = None,
    max_backoff: float,
    key: str = "",
) -> datetime:
    """When to poll next: ``interval`` when healthy, doubling per consecutive error up to
    ``max_backoff``; jittered by ±JITTER (deterministic in ``key`` and ``error_count``);
    never sooner than ``retry_after`` seconds."""
    interval = max(interval, MIN_INTERVAL)
    ceiling = max(max_backoff, interval)
    delay = min(interval * 2 ** min(max(error_count, 0), 32), ceiling)
    delay = min(delay * (1 + JITTER * _spread(key, error_count)), ceiling)
    if retry_after is not None and retry_after > delay:
        delay = retry_after
    return now + timedelta(seconds=delay)


def outcome_for_success(
    now: datetime,
    result: FetchResult,
    *,
    interval: float,
    max_backoff: float,
    error_count: int = 0,
    parsed: ParsedFeed | None = None,
    key: str = "",
) -> PollOutcome:
    """After a completed fetch (200 or 304). With ``parsed`` given, a feed that yielded nothing
    usable counts as an error (and is backed off); a broken feed with items is a recovery."""
    new_url = result.permanent_url
    if parsed is not None and not parsed.items and parsed.error:
        failed = error_count + 1
        return PollOutcome(
            status="error",
            error_count=failed,
            last_error=_clip(f"unreadable feed: {parsed.error}"),
            next_check_at=next_check(
                now, interval=interval, error_count=failed, max_backoff=max_backoff, key=key
            ),
            new_url=new_url,
            validators=result.validators,
            http_status=result.status,
        )
    recovered = parsed is not None and parsed.error is not None
    return PollOutcome(
        status="not_modified" if result.not_modified else ("recovered" if recovered else "ok"),
        error_count=0,
        last_error=_clip(f"recovered {len(parsed.items)} items from a broken feed: {parsed.error}")
        if recovered and parsed is not None
        else None,
        next_check_at=next_check(now, interval=interval, error_count=0, max_backoff=max_backoff, key=key),
        new_url=new_url,
        validators=result.validators,
        http_status=result.status,
    )


def outcome_for_error(
    now: datetime,
    error: Exception,
    *,
    error_count: int,
    interval: float,
    max_backoff: float,
    key: str = "",
) -> PollOutcome:
    """After a failed fetch: 410 retires the source; anything else raises the error count and
    backs off (honouring Retry-After on 429/503)."""
    status = error.http_status if isinstance(error, FetchError) else None
    if isinstance(error, FetchError) and error.kind == "gone":
        return PollOutcome(
            status="gone",
            error_count=error_count + 1,
            last_error=_clip(describe_error(error)),
            next_check_at=None,
            retired=True,
            http_status=status,
        )
    failed = error_count + 1
    retry_after = error.retry_after if isinstance(error, FetchError) else None
    return PollOutcome(
        status="error",
        error_count=failed,
        last_error=_clip(describe_error(error)),
        next_check_at=next_check(
            now,
            interval=interval,
            error_count=failed,
            retry_after=retry_after,
            max_backoff=max_backoff,
            key=key,
        ),
        http_status=status,
    )


def describe_error(error: Exception) -> str:
    """One line for an operator: "http 503: HTTP 503 (retry after 120 s)", "timeout: ..."."""
    if isinstance(error, FetchError):
        text = f"{error.kind}: {error.message}"
        if error.retry_after is not None:
            text += f" (retry after {error.retry_after:g} s)"
        return text
    if isinstance(error, AppError):
        return f"{error.code}: {error.message}"
    return f"{type(error).__name__}: {error}"


def _spread(key: str, error_count: int) -> float:
    """A number in [-1, 1) fixed by ``key`` and ``error_count``."""
    digest = hashlib.sha256(f"{key}\x00{error_count}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**63 - 1.0


def _clip(text: str) -> str:
    return text if len(text) <= MAX_ERROR_TEXT else text[: MAX_ERROR_TEXT - 1] + "…"
