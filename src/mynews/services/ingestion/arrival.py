"""Use case step: store an arriving article — safe fields, then insert or link; who owns a URL.

Every path that stores articles (feed refresh, push, files and pages, the corpus) calls
``store_article`` inside its own transaction, so an article is sanitised and bounded
(``ingest.arrival``) in the same transaction that writes it.

A URL belongs to its site: when an article row was first stored by a source that does not
speak for the URL's host (a push for another site, an aggregator) and a source that does
(the site's own feed, or a push source registered for the host) later delivers the same URL,
the owner's version replaces the row's content and the article is processed again.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from mynews.core.settings import Settings
from mynews.ingest.arrival import ArticleLimits, safe_fields
from mynews.services.context import Context
from mynews.store import articles, sources
from mynews.store.articles import UpsertResult
from mynews.store.db import Session
from mynews.store.models import Source


def article_limits(settings: Settings) -> ArticleLimits:
    return ArticleLimits(
        title_chars=settings.article_max_title_chars,
        standfirst_chars=settings.article_max_standfirst_chars,
        text_chars=settings.article_max_text_chars,
        body_bytes=settings.article_max_body_bytes,
        tags=settings.article_max_tags,
        authors=settings.article_max_authors,
        images=settings.article_max_images,
    )


def store_article(
    session: Session, ctx: Context, source: Source, *, guid: str | None, fields: dict[str, Any]
) -> UpsertResult:
    """Make ``fields`` safe and store them (insert, or link to the existing row; the URL's
    owner takes the row over, see the module docstring)."""
    now = ctx.clock.now()
    safe = safe_fields(fields, article_limits(ctx.settings), now)
    result = articles.upsert(session, source_id=source.id, guid=guid, fields=safe, now=now)
    if not result.created and safe.get("url") and speaks_for(source, safe["url"]):
        row = articles.get(session, result.article_id)
        first = sources.get(session, row.first_source_id) if row and row.first_source_id else None
        if (
            row is not None
            and row.first_source_id != source.id
            and not (first and speaks_for(first, row.url))
        ):
            articles.take_over(session, row, source_id=source.id, fields=safe)
            return UpsertResult(row.id, created=True, linked=result.linked)
    return result


def speaks_for(source: Source, url: str | None) -> bool:
    """True when ``source`` is the site of ``url``: a feed or page fetched from the URL's own
    host and port, or a push source registered for its host."""
    host = host_of(url)
    if not host:
        return False
    if source.kind == "push":
        return any(host == h or host.endswith("." + h) for h in (source.push_hosts or []))
    return source.kind in ("feed", "page") and _site(source.url) == _site(url)


def _site(url: str | None) -> tuple[str, int | None]:
    try:
        parts = urlsplit(url or "")
        return host_of(url), parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:
        return "", None


def host_of(url: str | None) -> str:
    """The host of ``url``, lower-case, without a leading ``www.`` ("" when there is none)."""
    try:
        host = (urlsplit(url or "").hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    return host.removeprefix("www.")
