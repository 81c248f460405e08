"""Use case: deliver queued webhook events — signed, retried with exponential back-off, logged,
and the webhook disabled (with a notice to its owner) after repeated failures.

Signature (the scheme GitHub and Stripe use): ``X-Mynews-Timestamp`` is the Unix time of the
attempt and ``X-Mynews-Signature`` is ``sha256=`` + hex HMAC-SHA256 of ``{timestamp}.{body}``
with the webhook's secret. Receivers recompute it, compare in constant time and refuse old
timestamps (replays). See docs/delivery.md for a verification snippet.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mynews.core.errors import DeliveryError, FetchError
from mynews.ingest.deliver import PostResult, post_json
from mynews.ingest.fetch import FetchPolicy
from mynews.services.context import Context
from mynews.services.delivery import notices
from mynews.store import webhooks as webhook_rows
from mynews.store.db import Session
from mynews.store.delivery_models import Webhook

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=6)


@dataclass
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    disabled: list[int] = field(default_factory=list)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def deliver_due(ctx: Context, *, limit: int = 100) -> DeliveryReport:
    """Send every due delivery once (what the worker runs after events are queued, and every minute)."""
    report = DeliveryReport()
    with ctx.db.reading() as session:
        ids = webhook_rows.due_ids(session, ctx.clock.now(), limit=limit)
    for delivery_id in ids:
        _deliver_one(ctx, delivery_id, report)
    return report


def _deliver_one(ctx: Context, delivery_id: int, report: DeliveryReport) -> None:
    now = ctx.clock.now()
    with ctx.db.transaction() as session:
        row = webhook_rows.claim(session, delivery_id, now, now + LEASE)
        if row is None:
            return
        hook = session.get(webhook_rows.Webhook, row.webhook_id)
        if hook is None or not hook.enabled:
            webhook_rows.record(session, delivery_id, status="failed", last_error="the webhook is disabled")
            return
        url, secret, event, body, attempts = (
            hook.url,
            hook.secret,
            row.event,
            row.payload.encode(),
            row.attempts,
        )
    timestamp = int(now.timestamp())
    headers = {
        "User-Agent": "mynews-webhooks/0.1",
        "X-Mynews-Event": event,
        "X-Mynews-Delivery": str(delivery_id),
        "X-Mynews-Timestamp": str(timestamp),
        "X-Mynews-Signature": signature(secret, timestamp, body),
    }
    policy = FetchPolicy(
        timeout=ctx.settings.webhook_timeout,
        max_redirects=0,
        user_agent="mynews-webhooks/0.1",
        allow_hosts=tuple(ctx.settings.delivery_allow_hosts),
    )
    try:
        result: PostResult | None = post_json(url, body, headers, policy)
        error = None if result is not None and result.ok else f"HTTP {result.status if result else '?'}"
    except FetchError as err:
        result, error = None, err.message
    _record(ctx, delivery_id, attempts, result, error, report)


def _record(
    ctx: Context,
    delivery_id: int,
    attempts: int,
    result: PostResult | None,
    error: str | None,
    report: DeliveryReport,
) -> None:
    now = ctx.clock.now()
    fields: dict[str, object] = {
        "last_status": result.status if result else None,
        "last_body": result.body if result else None,
        "last_error": error,
    }
    give_up = error is not None and attempts >= ctx.settings.webhook_max_attempts
    if error is None:
        fields["status"] = "delivered"
    elif give_up:
        fields["status"] = "failed"
    else:
        fields["next_attempt_at"] = now + min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)
    with ctx.db.transaction() as session:
        row = session.get(webhook_rows.WebhookDelivery, delivery_id)
        hook = session.get(webhook_rows.Webhook, row.webhook_id) if row else None
        webhook_rows.record(session, delivery_id, **fields)
        disabled = hook is not None and _count(ctx, session, hook, error is None, give_up, now)
        owner, url = (hook.reader_id, hook.url) if hook is not None else (None, "")
    if error is None:
        report.delivered += 1
    elif give_up:
        report.failed += 1
    else:
        report.retrying += 1
    if disabled and row is not None:
        report.disabled.append(row.webhook_id)
        _notify(ctx, owner, url, error or "")


def _count(ctx: Context, session: Session, hook: Webhook, ok: bool, gave_up: bool, now: datetime) -> bool:
    """Keep the webhook's failures in a row; True when this failure disables it."""
    if ok:
        hook.failures_in_row = 0
        return False
    if not gave_up:
        return False
    hook.failures_in_row += 1
    if hook.failures_in_row < ctx.settings.webhook_disable_after or not hook.enabled:
        return False
    hook.enabled = False
    hook.disabled_reason = (
        f"disabled on {now:%Y-%m-%d %H:%M} UTC after {hook.failures_in_row} deliveries failed in a row"
    )
    webhook_rows.cancel_pending(session, hook.id, "the webhook was disabled")
    return True


def _notify(ctx: Context, owner: int | None, url: str, error: str) -> None:
    text = (
        f"mynews stopped posting to your webhook {url} after "
        f"{ctx.settings.webhook_disable_after} deliveries failed in a row (last error: {error}).\n\n"
        f"Fix the receiver, then turn the webhook back on: {ctx.settings.base_url.rstrip('/')}/settings/delivery\n"
    )
    try:
        notices.send(ctx, owner, "Your mynews webhook was disabled", text)
    except DeliveryError as err:
        log.warning("webhook notice not sent: %s", err.message)
