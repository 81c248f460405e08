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
