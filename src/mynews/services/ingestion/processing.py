"""Use case: process one stored item — full text when the feed was truncated, sanitise, understand.

Idempotent: an article that is no longer pending is left alone, and all of an article's
changes are written in one transaction, so a task that dies midway leaves it pending (and
whole) for the next run.
"""

from __future__ import annotations

import html as html_lib
import logging

from mynews.core.errors import FetchError
from mynews.ingest.extract import extract_document
from mynews.ingest.sanitize import sanitize_html
from mynews.services.context import Context
from mynews.services.ingestion import fetching, pictures
from mynews.services.ingestion.items import parsed_fields
from mynews.store import articles, feed_log, sources

log = logging.getLogger(__name__)


def process_article(ctx: Context, article_id: int) -> str:
    """Returns what happened: ready, skipped (not pending or gone)."""
    with ctx.db.reading() as session:
        article = articles.get(session, article_id)
        if article is None or article.status != "pending":
            return "skipped"
        source = sources.get(session, article.first_source_id) if article.first_source_id else None
        wants_page = (
            article.method == "feed-summary" and bool(article.url) and (source is None or source.full_text)
        )
        url, title, text = article.url, article.title, article.text
    fields: dict[str, object] = {}
    note = None
    if wants_page and url:
        fields, note = _full_text(ctx, url, len(text))
    with ctx.db.transaction() as session:
        article = articles.get(session, article_id)
        if article is None or article.status != "pending":
            return "skipped"
        for key, value in fields.items():
            if key != "url" and value not in (None, "", []):
                setattr(article, key, value)
        if not article.title:
            article.title = title
        article.error = note
        _finish(session, ctx, [article])
        with_pictures = _with_pictures(ctx, [article])
    _send_pictures(ctx, with_pictures)
    _announce(ctx, [article_id])
    return "ready"


def process_batch(ctx: Context, article_ids: list[int]) -> int:
    """Process pending articles that need no page fetch in one transaction (one spaCy pass and one
    embedding batch for all); those that need their page go through ``process_article``."""
    needs_page: list[int] = []
    with ctx.db.transaction() as session:
        batch = []
        for article in articles.many(session, article_ids):
            if article.status != "pending":
                continue
            if article.method == "feed-summary" and article.url:
                needs_page.append(article.id)
            else:
                batch.append(article)
        _finish(session, ctx, batch)
        with_pictures = _with_pictures(ctx, batch)
        ready = [a.id for a in batch]
    _send_pictures(ctx, with_pictures)
    _announce(ctx, ready)
    for article_id in needs_page:
        process_article(ctx, article_id)
    return len(batch) + len(needs_page)


def _announce(ctx: Context, article_ids: list[int]) -> None:
    """After commit: alerts and webhooks follow in their own task (never in this transaction)."""
    if ctx.queue is not None:
        for article_id in article_ids:
            ctx.queue.article_ready(article_id)


def _finish(session, ctx: Context, batch: list) -> None:
    """Sanitise, understand and mark ready, inside the caller's transaction."""
    for article in batch:
        article.body_html = sanitize_html(
            article.body_html or _paragraph_html(article.text), base_url=article.url
        )
        if article.summary_html:
            article.summary_html = sanitize_html(article.summary_html, base_url=article.url)
    if ctx.settings.enrich_enabled and batch:
        from mynews.services.understanding import pipeline

        pipeline.understand_many(session, ctx, batch)
    for article in batch:
        article.status = "ready"
    if batch:
        feed_log.bump(session)  # every process's feed cache sees the new news at its next request


def _with_pictures(ctx: Context, batch: list) -> list[int]:
    """The articles whose pictures (or source icon) the worker should fetch, after this
    transaction commits; a bundled corpus has no icon to fetch."""
    if not ctx.settings.fetch_images:
        return []
    return [
        a.id
        for a in batch
        if a.method != "corpus" or pictures.article_picture_urls(a.lead_image, a.body_html)
    ]


def _send_pictures(ctx: Context, article_ids: list[int]) -> None:
    for article_id in article_ids:
        ctx.queue.pictures(article_id)


def _full_text(ctx: Context, url: str, summary_chars: int) -> tuple[dict[str, object], str | None]:
    """Fetch and extract the page; keep the feed's text when the page gives less."""
    try:
        result = fetching.fetch(ctx.settings, url)
    except FetchError as err:
        return {}, f"full text not fetched ({err.kind}): {err.message}"
    extracted = extract_document(result.body, url=result.url, content_type=result.content_type)
    if extracted.article is None:
        return {}, f"full text not extracted: {extracted.reason}"
    if len(extracted.article.text) <= summary_chars:
        return {}, "page text shorter than the feed summary; kept the summary"
    fields = parsed_fields(extracted.article, now=ctx.clock.now())
    fields["method"] = f"page:{extracted.article.method}"
    return fields, None


def _paragraph_html(text: str) -> str:
    return "".join(f"<p>{html_lib.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
