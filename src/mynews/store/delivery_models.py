"""Tables of what mynews sends out: each reader's delivery preferences, the e-mail digest outbox,
alert rules, channels and log, stories that became big, webhooks and their delivery outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from mynews.store.models import TS, Base


class DeliveryPrefs(Base):
    """A reader's time zone, digest schedule and quiet hours (hours are local to the time zone)."""

    __tablename__ = "delivery_prefs"
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id", ondelete="CASCADE"), primary_key=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    digest_frequency: Mapped[str] = mapped_column(String(8), default="off")  # off, daily, weekly
    digest_hour: Mapped[int] = mapped_column(Integer, default=7)
    digest_weekday: Mapped[int] = mapped_column(Integer, default=0)  # Monday
    digest_from: Mapped[datetime | None] = mapped_column(TS)  # periods scheduled before this do not count
    quiet_start: Mapped[int | None] = mapped_column(Integer)
    quiet_end: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (Index("ix_delivery_prefs_frequency", "digest_frequency"),)


class DigestOutbox(Base):
    """One digest per reader and period: claimed with a lease, marked sent after the SMTP server
    accepted it, retried with back-off on temporary failures, failed on a permanent one."""

    __tablename__ = "digest_outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(16))  # 2026-01-15 (daily) or 2026-W03 (weekly)
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending, sent, failed, empty
    scheduled_at: Mapped[datetime] = mapped_column(TS)
    since: Mapped[datetime] = mapped_column(TS)
    message_id: Mapped[str] = mapped_column(String(300))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(TS)
    lease_until: Mapped[datetime | None] = mapped_column(TS)
    story_count: Mapped[int] = mapped_column(Integer, default=0)
    last_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS)
    sent_at: Mapped[datetime | None] = mapped_column(TS)
    __table_args__ = (
        UniqueConstraint("reader_id", "period", name="uq_digest_outbox_reader_period"),
        Index("ix_digest_outbox_status_next", "status", "next_attempt_at"),
    )


class AlertRule(Base):
    """Alert me about this follow: ``now`` (as it happens) or ``big`` (when its story is big)."""

    __tablename__ = "alert_rules"
    reader_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    mode: Mapped[str] = mapped_column(String(8), default="now")
    created_at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (
        ForeignKeyConstraint(
            ["reader_id", "kind", "key"],
            ["follows.reader_id", "follows.kind", "follows.key"],
            ondelete="CASCADE",
        ),
        Index("ix_alert_rules_kind_key", "kind", "key"),
    )


class AlertChannel(Base):
    """An Apprise notification URL a reader's alerts go to."""

    __tablename__ = "alert_channels"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(300))  # the URL with its secrets hidden
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS)


class AlertLog(Base):
    """Every alert decision for a reader: one row per story (sent, failed or held back, and why)."""

    __tablename__ = "alert_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id", ondelete="CASCADE"))
    story_key: Mapped[str] = mapped_column(String(32))  # s:<story id> or a:<article id>
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(Text, default="")
    mode: Mapped[str] = mapped_column(String(8))
    matched: Mapped[list[str]] = mapped_column(JSON, default=list)  # names of the follows it matched
    status: Mapped[str] = mapped_column(String(16))  # sent, failed, quiet, rate_limited, daily_cap
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (
        UniqueConstraint("reader_id", "story_key", name="uq_alert_log_reader_story"),
        Index("ix_alert_log_reader_created", "reader_id", "created_at", "id"),
    )


class BigStory(Base):
    """A story that reached the big threshold, once (alerts and webhooks fire from it)."""

    __tablename__ = "big_stories"
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True)
    sources: Mapped[int] = mapped_column(Integer)
    became_big_at: Mapped[datetime] = mapped_column(TS)


class Webhook(Base):
    """A receiver of signed JSON events: a reader's, or the operator's (reader_id NULL, global)."""

    __tablename__ = "webhooks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reader_id: Mapped[int | None] = mapped_column(ForeignKey("readers.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    secret: Mapped[str] = mapped_column(String(100))
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    failures_in_row: Mapped[int] = mapped_column(Integer, default=0)
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS)


class WebhookDelivery(Base):
    """One event for one webhook: the outbox row and its delivery log (the last response)."""

    __tablename__ = "webhook_deliveries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(32))
    event_key: Mapped[str] = mapped_column(String(100))
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending, delivered, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(TS)
    lease_until: Mapped[datetime | None] = mapped_column(TS)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_body: Mapped[str | None] = mapped_column(String(300))
    last_error: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[datetime | None] = mapped_column(TS)
    created_at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (
        UniqueConstraint("webhook_id", "event_key", name="uq_webhook_deliveries_event"),
        Index("ix_webhook_deliveries_status_next", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_webhook", "webhook_id", "id"),
    )
