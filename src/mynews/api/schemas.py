"""Request and response bodies of the JSON API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class PushArticleIn(BaseModel):
    id: str | None = Field(
        None, max_length=1000, description="The publisher's own id; pushes are idempotent on it (or on url)."
    )
    url: str | None = Field(
        None, max_length=2048, description="An http(s) URL on a host the publisher is registered for."
    )
    title: str = Field(..., min_length=1, max_length=1000)
    html: str | None = Field(None, description="Body as HTML (sanitised on arrival).")
    text: str | None = Field(None, description="Body as plain text, paragraphs separated by a blank line.")
    standfirst: str | None = None
    section: str | None = Field(None, max_length=300)
    authors: list[str] = []
    published: datetime | None = Field(
        None, description="More than a day in the future: stored as the arrival time, and flagged."
    )
    language: str | None = Field(None, max_length=16)
    lead_image: str | None = Field(None, max_length=2048)
    tags: list[str] = []


class PushBatchIn(BaseModel):
    articles: list[PushArticleIn] = Field(..., min_length=1, max_length=500)


class PushResultOut(BaseModel):
    article_id: int
    created: bool


class SourceOut(BaseModel):
    id: int
    url: str
    kind: str
    title: str | None
    health: str
    item_count: int
    error_count: int
    last_error: str | None
    last_checked_at: datetime | None
    next_check_at: datetime | None


class ArticleOut(BaseModel):
    id: int
    title: str
    url: str | None
    standfirst: str | None
    section: str | None
    authors: list[str]
    published_at: datetime
    language: str | None
    site_name: str | None
    lead_image: str | None
    text: str | None = None
    body_html: str | None = None
    captions: list[dict[str, str | None]] = []
    tags: list[str] = []
    story_id: int | None = None
    sources: list[dict[str, object]] = []
    status: str = Field("ready", description="pending (not yet understood), ready or failed")


class ArticlePageOut(BaseModel):
    items: list[ArticleOut]
    next_cursor: str | None
