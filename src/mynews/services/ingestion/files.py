"""Use case: ingest local files and URLs — HTML pages, scraped text, feed files and OPML lists."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path

from mynews.core.errors import AppError, FetchError
from mynews.core.fetching import FetchResult, Validators
from mynews.ingest.address_guard import endpoint
from mynews.ingest.decompress import DOCUMENT_MAX_BYTES, DOCUMENT_MAX_RATIO, GZIP_MAGIC, inflate
from mynews.ingest.extract import extract_document
from mynews.ingest.feeds import parse_feed
from mynews.ingest.opml import parse_opml
from mynews.services.context import Context
from mynews.services.ingestion import catalog, fetching, refresh
from mynews.services.ingestion.arrival import store_article
from mynews.services.ingestion.items import parsed_fields
from mynews.store import sources


@dataclass
class IngestReport:
    input: str
    kind: str  # feed, page, opml, error
    articles: list[int] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)
    error: str | None = None


def ingest(ctx: Context, target: str, *, allow_internal: bool = False) -> IngestReport:
    """Ingest one path or URL; a bad input gives a report with ``error``, never an exception.
    ``allow_internal``: the operator allows this URL's own internal ``host:port``."""
    try:
        if target.startswith(("http://", "https://")):
            allowance = endpoint(target) if allow_internal else None
            result = fetching.fetch(ctx.settings, target, allowance=allowance)
            return _ingest_bytes(
                ctx,
                target,
                result.body,
                url=result.url,
                content_type=result.content_type,
                allowance=allowance,
            )
        path = Path(target)
        data = path.read_bytes()
        if path.suffix == ".gz" or data[:2] == GZIP_MAGIC:
            data = inflate(data, "gzip", max_bytes=DOCUMENT_MAX_BYTES, max_ratio=DOCUMENT_MAX_RATIO)
        return _ingest_bytes(ctx, target, data, url=None, content_type=None, filename=path.name)
    except (OSError, AppError, FetchError, ValueError, EOFError, zlib.error) as err:
        return IngestReport(target, "error", error=str(getattr(err, "message", err)))


def _ingest_bytes(
    ctx: Context,
    target: str,
    data: bytes,
    *,
    url: str | None,
    content_type: str | None,
    filename: str | None = None,
    allowance: str | None = None,
) -> IngestReport:
    head = data[:2048].lstrip().lower()
    if b"<opml" in head:
        return _ingest_opml(ctx, target, data)
    if _looks_like_feed(head, filename):
        parsed = parse_feed(data, url=url, content_type=content_type)
        if parsed.items or not (head.startswith(b"<!doctype html") or b"<html" in head):
            return _ingest_feed(ctx, target, data, url, content_type, allowance)
    result = extract_document(data, url=url, content_type=content_type, filename=filename)
    if result.article is None:
        return IngestReport(target, "error", error=f"no article: {result.reason} {result.detail}".strip())
    now = ctx.clock.now()
    source_url = f"file:{Path(target).parent.resolve()}" if url is None else _site(url)
    with ctx.db.transaction() as session:
        source, _ = sources.get_or_create(
            session,
            source_url,
            kind="file" if url is None else "page",
            now=now,
            title=result.article.site_name,
            full_text=False,
        )
        fields = parsed_fields(result.article, now=now)
        fields["status"] = "pending"
        if not fields.get("url"):
            fields["guid_key"] = f"{source_url}#{Path(target).name}"
        outcome = store_article(session, ctx, source, guid=None, fields=fields)
    if outcome.created:
        ctx.queue.process(outcome.article_id)
    return IngestReport(target, "page", articles=[outcome.article_id] if outcome.created else [])


def _ingest_feed(
    ctx: Context, target: str, data: bytes, url: str | None, content_type: str | None, allowance: str | None
) -> IngestReport:
    feed_url = url or f"file:{Path(target).resolve()}"
    with ctx.db.transaction() as session:
        source, _ = sources.get_or_create(
            session,
            feed_url,
            kind="feed" if url else "file",
            now=ctx.clock.now(),
            full_text=ctx.settings.full_text_default,
        )
        if allowance and endpoint(feed_url) == allowance:
            source.fetch_allowance = allowance
        source_id = source.id
    fake = FetchResult(
        url=feed_url, status=200, body=data, content_type=content_type, validators=Validators()
    )
    report = refresh.store_feed(ctx, source_id, fake)
    return IngestReport(target, "feed", articles=report.new_articles, sources=[source_id], error=report.error)


def _ingest_opml(ctx: Context, target: str, data: bytes) -> IngestReport:
    report = IngestReport(target, "opml")
    for outline in parse_opml(data):
        if not outline.xml_url:
            continue
        view, _ = catalog.add_source(ctx, outline.xml_url, discover=False)
        report.sources.append(view.id)
    return report


def _looks_like_feed(head: bytes, filename: str | None) -> bool:
    if filename and filename.endswith((".rss", ".atom", ".xml", ".json", ".rdf")):
        return True
    return any(marker in head for marker in (b"<rss", b"<feed", b"<rdf:rdf", b"jsonfeed.org"))


def _site(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"
