"""Request and response bodies of the JSON API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class PushArticleIn(BaseModel):
    id: str | None = Field(
        None, description="The publisher's own id; pushes are idempotent on it (or on url)."
    )
    url: str | None = None
    title: str = Field(..., min_length=1, max_length=1000)
    html: str | None = Field(None, description="Body as HTML (sanitised on arrival).")
    text: str | None = Field(None, description="Body as plain text, paragraphs separated by a blank line.")
    standfirst: str | None = None
    section: str | None = None
    authors: list[str] = []
    published: datetime | None = None
    language: str | None = None
    lead_image: str | None = None
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
