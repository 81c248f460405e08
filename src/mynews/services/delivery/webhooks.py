"""Use cases: a reader's (or the operator's global) webhooks — create, list, delete, re-enable,
the delivery log — and the events they receive, queued in the outbox:

- ``article.matched``: a new article matches one of the reader's follows (global: any reader's);
- ``story.big``: a story reached ``MYNEWS_ALERT_BIG_SOURCES`` sources within the window;
- ``article.saved``: the reader saved an article (global: any reader did).

URLs pass the SSRF guard when saved and again at every delivery (``ingest.deliver``).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime

from mynews.core.errors import BadInput, FetchError, NotFound
from mynews.ingest.address_guard import check_url
from mynews.services.context import Context
from mynews.store import articles
from mynews.store import webhooks as webhook_rows
from mynews.store.alerts import FollowMatch
from mynews.store.delivery_models import Webhook, WebhookDelivery

EVENTS = ("article.matched", "story.big", "article.saved")
MAX_PER_OWNER = 10


@dataclass(frozen=True)
class WebhookView:
    id: int
    url: str
    events: tuple[str, ...]
    enabled: bool
    failures_in_row: int
    disabled_reason: str | None
    created_at: datetime
    secret: str  # shown to the owner, who needs it to verify signatures


@dataclass(frozen=True)
class DeliveryView:
    id: int
    event: str
    status: str
    attempts: int
    last_status: int | None
    last_body: str | None
    last_error: str | None
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None
    created_at: datetime


def _view(row: Webhook) -> WebhookView:
    return WebhookView(
        row.id,
        row.url,
        tuple(row.events or ()),
        row.enabled,
        row.failures_in_row,
        row.disabled_reason,
        row.created_at,
        row.secret,
    )


def _delivery_view(row: WebhookDelivery) -> DeliveryView:
    pending = row.status == "pending"
    return DeliveryView(
        row.id,
        row.event,
        row.status,
        row.attempts,
        row.last_status,
        row.last_body,
        row.last_error,
        row.last_attempt_at,
        row.next_attempt_at if pending else None,
        row.created_at,
    )


def check_target(ctx: Context, url: str) -> str:
    """The URL, if webhooks may post to it (http(s), a public address or an allowed host)."""
    url = url.strip()
    if len(url) > 2048:
        raise BadInput("the URL is too long", code="bad_webhook_url")
    try:
        check_url(url, ctx.settings.delivery_allow_hosts)
    except FetchError as err:
        raise BadInput(f"cannot post to this URL: {err.message}", code="bad_webhook_url") from err
    return url


def create(ctx: Context, reader_id: int | None, url: str, events: list[str]) -> WebhookView:
    """A new webhook for a reader (or, with ``reader_id`` None, a global one for the operator)."""
    chosen = tuple(e for e in EVENTS if e in set(events))
    if not chosen or set(events) - set(EVENTS):
        raise BadInput(f"choose events among {', '.join(EVENTS)}", code="bad_webhook_events")
    url = check_target(ctx, url)
    with ctx.db.transaction() as session:
        if len(webhook_rows.owned(session, reader_id)) >= MAX_PER_OWNER:
            raise BadInput(f"at most {MAX_PER_OWNER} webhooks", code="too_many_webhooks")
        row = webhook_rows.add(
            session,
            reader_id=reader_id,
            url=url,
            secret="whsec_" + secrets.token_urlsafe(32),
            events=list(chosen),
            enabled=True,
            failures_in_row=0,
            created_at=ctx.clock.now(),
        )
        return _view(row)


def listing(ctx: Context, reader_id: int | None) -> list[WebhookView]:
    with ctx.db.reading() as session:
        return [_view(w) for w in webhook_rows.owned(session, reader_id)]


def delete(ctx: Context, reader_id: int | None, webhook_id: int) -> None:
    with ctx.db.transaction() as session:
        if not webhook_rows.remove(session, reader_id, webhook_id):
            raise NotFound("webhook not found")


def enable(ctx: Context, reader_id: int | None, webhook_id: int) -> WebhookView:
    """Turn a disabled webhook back on (its failure count starts again)."""
    with ctx.db.transaction() as session:
        row = webhook_rows.get_owned(session, reader_id, webhook_id)
        if row is None:
            raise NotFound("webhook not found")
        row.enabled, row.failures_in_row, row.disabled_reason = True, 0, None
        return _view(row)


def deliveries(
    ctx: Context, reader_id: int | None, webhook_id: int, *, before_id: int | None = None, limit: int = 30
) -> list[DeliveryView]:
    """The webhook's delivery log, newest first (``before_id`` pages on)."""
    with ctx.db.reading() as session:
        if webhook_rows.get_owned(session, reader_id, webhook_id) is None:
            raise NotFound("webhook not found")
        rows = webhook_rows.deliveries(
            session, webhook_id, before_id=before_id, limit=max(1, min(limit, 100))
        )
        return [_delivery_view(r) for r in rows]


def article_data(ctx: Context, article_id: int) -> dict[str, object] | None:
    base = ctx.settings.base_url.rstrip("/")
    with ctx.db.reading() as session:
        a = articles.get(session, article_id)
        if a is None:
            return None
        return {
            "id": a.id,
            "title": a.title,
            "url": a.url,
            "mynews_url": f"{base}/read/{a.id}",
            "site_name": a.site_name,
            "published_at": a.published_at.isoformat(),
            "story_id": a.story_id,
        }


def emit(
    ctx: Context,
    event: str,
    key: str,
    data: dict[str, object],
    *,
    reader_ids: list[int],
    global_too: bool = True,
) -> int:
    """Queue ``event`` for the subscribed webhooks of these readers (and the global ones).
    Returns how many deliveries were queued; a webhook gets one event per ``key`` at most."""
    now = ctx.clock.now()
    queued = 0
    with ctx.db.transaction() as session:
        for hook in webhook_rows.subscribed(session, event, reader_ids, global_too=global_too):
            payload = {"id": f"{key}:{hook.id}", "event": event, "created_at": now.isoformat(), "data": data}
            queued += webhook_rows.enqueue(
                session,
                WebhookDelivery(
                    webhook_id=hook.id,
                    event=event,
                    event_key=key[:100],
                    payload=json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
                    status="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                ),
            )
    return queued


def article_saved(ctx: Context, reader_id: int, article_id: int) -> int:
    data = article_data(ctx, article_id)
    if data is None:
        return 0
    return emit(
        ctx,
        "article.saved",
        f"article.saved:{reader_id}:{article_id}",
        {"article": data, "reader_id": reader_id},
        reader_ids=[reader_id],
    )


def article_matched(ctx: Context, article: dict[str, object], followers: dict[int, list[FollowMatch]]) -> int:
    """``article.matched`` for each reader whose follows the article matches (their own follows
    only), and once for the global webhooks (every matched follow, no reader named)."""
    queued = 0
    key = f"article.matched:{article['id']}"
    for reader_id, matches in followers.items():
        follows = [{"kind": m.kind, "key": m.key, "name": m.name} for m in matches]
        queued += emit(
            ctx,
            "article.matched",
            key,
            {"article": article, "matched": follows},
            reader_ids=[reader_id],
            global_too=False,
        )
    everyone = {(m.kind, m.key): m.name for ms in followers.values() for m in ms}
    matched = [{"kind": k, "key": key, "name": n} for (k, key), n in sorted(everyone.items())]
    data = {"article": article, "matched": matched, "readers": len(followers)}
    return queued + emit(ctx, "article.matched", key, data, reader_ids=[], global_too=True)
