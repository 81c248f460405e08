"""Request and response bodies of the delivery API: digest schedule, alerts, webhooks."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class DigestIn(BaseModel):
    frequency: str = Field(description="off, daily or weekly")
    hour: int = Field(7, ge=0, le=23, description="Local hour the digest is sent at")
    weekday: int = Field(0, ge=0, le=6, description="For weekly digests: 0 Monday .. 6 Sunday")
    timezone: str = Field("UTC", description="An IANA time zone such as Europe/Paris")


class DigestOut(BaseModel):
    frequency: str
    hour: int
    weekday: int
    timezone: str


class DigestSentOut(BaseModel):
    id: int
    period: str = Field(description="2026-01-15 (daily) or 2026-W03 (weekly)")
    status: str = Field(description="pending, sent, empty (nothing new), failed")
    attempts: int
    story_count: int
    last_code: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    sent_at: datetime | None
    created_at: datetime


class AdminDigestOut(DigestSentOut):
    email: str


class AdminDeliveryOut(BaseModel):
    smtp_configured: bool
    digest_counts: dict[str, int] = Field(description="Digests by status")
    digest_problems: list[AdminDigestOut] = Field(description="Failed for good, or retrying after an error")


class ChannelIn(BaseModel):
    url: str = Field(max_length=2000, description="An Apprise URL: ntfy://…, json://…, mailto://…, tgram://…")


class ChannelOut(BaseModel):
    id: int
    label: str = Field(description="The URL with its secrets hidden")
    last_error: str | None
    created_at: datetime


class RuleIn(BaseModel):
    kind: str
    key: str
    mode: str | None = Field(
        description="now (as it happens), big (only when its story is big), or null (none)"
    )


class RuleOut(BaseModel):
    kind: str
    key: str
    name: str
    mode: str | None


class QuietIn(BaseModel):
    start: int | None = Field(None, ge=0, le=23)
    end: int | None = Field(None, ge=0, le=23)


class QuietOut(BaseModel):
    start: int | None
    end: int | None
    timezone: str


class AlertOut(BaseModel):
    id: int
    article_id: int | None
    title: str
    mode: str
    matched: list[str] = Field(description="The follows it matched")
    status: str = Field(description="sent, failed, quiet, rate_limited, daily_cap, no_channel")
    detail: str | None
    created_at: datetime


class AlertPageOut(BaseModel):
    items: list[AlertOut]
    next_cursor: str | None


class WebhookIn(BaseModel):
    url: str = Field(max_length=2048)
    events: list[str] = Field(description="article.matched, story.big, article.saved")


class WebhookOut(BaseModel):
    id: int
    url: str
    events: list[str]
    enabled: bool
    failures_in_row: int
    disabled_reason: str | None
    created_at: datetime
    secret: str = Field(description="Signs the deliveries (HMAC-SHA256); keep it on the receiver")


class WebhookDeliveryOut(BaseModel):
    id: int
    event: str
    status: str = Field(description="pending, delivered, failed")
    attempts: int
    last_status: int | None
    last_body: str | None
    last_error: str | None
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None
    created_at: datetime
