"""Use case: alert readers about a story — once per story per reader (whatever number of their
follows match it), never a storm: quiet hours, an hourly rate and a daily cap per reader. Every
decision is logged and shown to the reader ("alerts sent"), including the held-back ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from mynews.core.errors import BadInput
from mynews.ingest.notify import check_notify_url, notify
from mynews.services.context import Context
from mynews.services.delivery import periods, preferences
from mynews.store import alerts as alert_rows
from mynews.store import cursors
from mynews.store.db import Session
from mynews.store.delivery_models import AlertLog


@dataclass(frozen=True)
class StoryAlert:
    story_key: str  # s:<story id> or a:<article id>
    article_id: int
    title: str
    site_name: str | None
    mode: str  # now, big
    sources: int


@dataclass(frozen=True)
class AlertView:
    id: int
    article_id: int | None
    title: str
    mode: str
    matched: tuple[str, ...]
    status: str
    detail: str | None
    created_at: datetime


@dataclass(frozen=True)
class AlertPage:
    items: list[AlertView]
    next_cursor: str | None


def deliver(ctx: Context, alert: StoryAlert, matched: dict[int, list[str]]) -> dict[int, str]:
    """Decide and send ``alert`` for each reader (reader id -> names of the follows it matched).
    Returns reader id -> status (sent, failed, quiet, rate_limited, daily_cap, no_channel)."""
    with ctx.db.reading() as session:
        decided = alert_rows.already_decided(session, list(matched), alert.story_key)
    out = {}
    for reader_id, names in matched.items():
        if reader_id not in decided:
            status = _deliver_one(ctx, alert, reader_id, names)
            if status is not None:
                out[reader_id] = status
    return out


def _deliver_one(ctx: Context, alert: StoryAlert, reader_id: int, names: list[str]) -> str | None:
    now = ctx.clock.now()
    with ctx.db.transaction() as session:
        held = _held_back(ctx, session, reader_id, now)
        channels = [(c.id, c.url) for c in alert_rows.channels(session, reader_id)]
        status = held or ("sending" if channels else "no_channel")
        row = AlertLog(
            reader_id=reader_id,
            story_key=alert.story_key,
            article_id=alert.article_id,
            title=alert.title,
            mode=alert.mode,
            matched=list(dict.fromkeys(names))[:5],
            status=status,
            created_at=now,
        )
        if not alert_rows.log_alert(session, row):
            return None  # another worker decided this story for this reader
        log_id = row.id
    if status != "sending":
        return status
    errors = _send(ctx, alert, names, channels)
    final = "sent" if len(errors) < len(channels) else "failed"
    with ctx.db.transaction() as session:
        alert_rows.update_log(session, log_id, status=final, detail="; ".join(errors) or None)
    return final


def _held_back(ctx: Context, session: Session, reader_id: int, now: datetime) -> str | None:
    prefs = preferences.get(ctx, reader_id)
    if prefs.quiet_start is not None and prefs.quiet_end is not None:
        hour = now.astimezone(periods.zone(prefs.timezone)).hour
        start, end = prefs.quiet_start, prefs.quiet_end
        if (start <= hour < end) if start < end else (hour >= start or hour < end):
            return "quiet"
    if alert_rows.sent_since(session, reader_id, now - timedelta(hours=1)) >= ctx.settings.alerts_per_hour:
        return "rate_limited"
    if alert_rows.sent_since(session, reader_id, now - timedelta(days=1)) >= ctx.settings.alerts_per_day:
        return "daily_cap"
    return None


def _send(ctx: Context, alert: StoryAlert, names: list[str], channels: list[tuple[int, str]]) -> list[str]:
    base = ctx.settings.base_url.rstrip("/")
    lead = f"Big story ({alert.sources} sources)" if alert.mode == "big" else f"New: {names[0]}"
    body = "\n".join(
        line
        for line in (
            alert.title,
            f"{alert.site_name or ''} · because you follow {', '.join(names[:3])}".strip(" ·"),
            f"{base}/read/{alert.article_id}",
        )
        if line
    )
    errors = []
    for _channel_id, url in channels:
        try:  # the target is checked again: its address may have changed since it was saved
            check_notify_url(
                url, schemes=ctx.settings.apprise_schemes, allow_hosts=ctx.settings.delivery_allow_hosts
            )
            if not notify(url, f"mynews · {lead}", body):
                errors.append(f"{url.split(':', 1)[0]}: the service did not accept the alert")
        except BadInput as err:
            errors.append(err.message)
    return errors


def sent(ctx: Context, reader_id: int, *, cursor: str | None = None, limit: int = 30) -> AlertPage:
    """The reader's alerts, newest first (sent, failed and held back)."""
    limit = max(1, min(limit, 100))
    before = cursors.decode_time(cursor) if cursor else None
    with ctx.db.reading() as session:
        rows = alert_rows.log_page(session, reader_id, before=before, limit=limit + 1)
        items = [
            AlertView(
                r.id, r.article_id, r.title, r.mode, tuple(r.matched or ()), r.status, r.detail, r.created_at
            )
            for r in rows[:limit]
        ]
        last = rows[limit - 1] if len(rows) > limit else None
        return AlertPage(items, cursors.encode(last.created_at, last.id) if last else None)
