"""Use cases: where a reader's alerts go (Apprise URLs, checked against the operator's allowed
services and the SSRF guard) and which follows alert them, and how ("now" or "big")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mynews.core.errors import BadInput, NotFound
from mynews.ingest.notify import check_notify_url
from mynews.services.context import Context
from mynews.store import alerts as alert_rows
from mynews.store import reader_activity

MODES = ("now", "big")
MAX_CHANNELS = 5


@dataclass(frozen=True)
class ChannelView:
    id: int
    label: str
    last_error: str | None
    created_at: datetime


@dataclass(frozen=True)
class RuleView:
    kind: str
    key: str
    name: str
    mode: str | None  # None: no alerts for this follow


def add_channel(ctx: Context, reader_id: int, url: str) -> ChannelView:
    checked = check_notify_url(
        url, schemes=ctx.settings.apprise_schemes, allow_hosts=ctx.settings.delivery_allow_hosts
    )
    with ctx.db.transaction() as session:
        if len(alert_rows.channels(session, reader_id)) >= MAX_CHANNELS:
            raise BadInput(f"at most {MAX_CHANNELS} alert channels", code="too_many_channels")
        row = alert_rows.add_channel(session, reader_id, checked.url, checked.label, ctx.clock.now())
        return ChannelView(row.id, row.label, row.last_error, row.created_at)


def channels(ctx: Context, reader_id: int) -> list[ChannelView]:
    with ctx.db.reading() as session:
        return [
            ChannelView(c.id, c.label, c.last_error, c.created_at)
            for c in alert_rows.channels(session, reader_id)
        ]


def remove_channel(ctx: Context, reader_id: int, channel_id: int) -> None:
    with ctx.db.transaction() as session:
        if not alert_rows.remove_channel(session, reader_id, channel_id):
            raise NotFound("alert channel not found")


def rules(ctx: Context, reader_id: int) -> list[RuleView]:
    """Every follow of the reader with its alert mode (muted things cannot alert)."""
    with ctx.db.reading() as session:
        modes = alert_rows.rules(session, reader_id)
        return [
            RuleView(f.kind, f.key, f.name, modes.get((f.kind, f.key)))
            for f in reader_activity.follows(session, reader_id)
            if not f.muted
        ]


def set_rule(ctx: Context, reader_id: int, kind: str, key: str, mode: str | None) -> RuleView:
    """Alert on this follow "now" (as it happens), only when its story is "big", or not (None)."""
    if mode is not None and mode not in MODES:
        raise BadInput("alert mode is now, big or none", code="bad_alert_mode")
    with ctx.db.transaction() as session:
        follow = next(
            (
                f
                for f in reader_activity.follows(session, reader_id)
                if (f.kind, f.key) == (kind, key) and not f.muted
            ),
            None,
        )
        if follow is None:
            raise NotFound(f"you do not follow {kind} {key!r}")
        if mode is None:
            alert_rows.remove_rule(session, reader_id, kind, key)
        else:
            alert_rows.put_rule(session, reader_id, kind, key, mode, ctx.clock.now())
        return RuleView(kind, key, follow.name, mode)
