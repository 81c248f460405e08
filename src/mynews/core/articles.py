"""What extraction produces: a parsed article with its text, metadata, images and captions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Caption:
    """A photo caption, with its credit kept apart ("Photo: Reuters" -> credit "Reuters")."""

    text: str
    credit: str | None = None


@dataclass(frozen=True)
class Image:
    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True)
class ParsedArticle:
    """An article as extraction understood it. ``text`` is ``paragraphs`` joined by a blank line.

    ``html`` is the body as HTML; it is sanitised (ingest.sanitize) before it is stored.
    ``method`` names the step of the cascade that produced it (trafilatura, readability,
    scraped-text, feed, push, corpus).
    """

    title: str
    paragraphs: tuple[str, ...]
    standfirst: str | None = None
    section: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    language: str | None = None
    url: str | None = None
    site_name: str | None = None
    lead_image: str | None = None
    images: tuple[Image, ...] = ()
    captions: tuple[Caption, ...] = ()
    tags: tuple[str, ...] = ()
    html: str | None = None
    method: str = "unknown"

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class ExtractResult:
    """Outcome of an extraction: an article, or a reason why there is none.

    ``reason`` is one of: ``ok``, ``empty`` (nothing usable), ``not_article`` (a front page),
    ``too_large``, ``unsupported`` (not HTML/text), ``short`` (less text than a feed summary).
    """

    article: ParsedArticle | None
    reason: str = "ok"
    detail: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.article is not None
