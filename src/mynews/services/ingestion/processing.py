"""Use case: process one stored item — full text when the feed was truncated, sanitise, understand.

Idempotent: an article that is no longer pending is left alone, and all of an article's
changes are written in one transaction, so a task that dies midway leaves it pending (and
whole) for the next run. A run that fails is counted on the article with its error; after
``process_max_attempts`` failures the article is marked ``failed`` (shown to the operator)
instead of staying pending for ever. It was sanitised when it arrived, so a failed article is
as safe to show as a ready one.
"""

from __future__ import annotations

import html as html_lib
import logging

from mynews.core.errors import FetchError
from mynews.ingest.arrival import safe_fields
from mynews.ingest.extract import extract_document
from mynews.ingest.sanitize import sanitize_html
from mynews.services.context import Context
from mynews.services.ingestion import fetching, pictures
from mynews.services.ingestion.arrival import article_limits
from mynews.services.ingestion.items import parsed_fields
from mynews.store import articles, feed_log, sources

log = logging.getLogger(__name__)


class ProcessingFailed(Exception):
    """A run failed and the article will be tried again (raised so the task queue retries)."""


def process_article(ctx: Context, article_id: int) -> str:
    """Returns what happened: ready, skipped (not pending or gone), failed (for good).

    Raises ProcessingFailed when the run failed and the article has attempts left.
    """
    try:
        return _process(ctx, article_id)
    except Exception as exc:
        if _record_failure(ctx, article_id, exc):
            return "failed"
        raise ProcessingFailed(f"article {article_id}: {type(exc).__name__}: {exc}") from exc


def _record_failure(ctx: Context, article_id: int, exc: Exception) -> bool:
    """Count a failed run (in its own transaction); True when the article is now failed for good."""
    log.warning("processing article %s failed: %s: %s", article_id, type(exc).__name__, exc)
    with ctx.db.transaction() as session:
        article = articles.get(session, article_id)
        if article is None or article.status != "pending":
            return True
        article.attempts = (article.attempts or 0) + 1
        article.error = f"processing failed ({article.attempts}x): {type(exc).__name__}: {exc}"[:2000]
        if article.attempts >= ctx.settings.process_max_attempts:
            article.status = "failed"
            return True
    return False


def _process(ctx: Context, article_id: int) -> str:
    with ctx.db.reading() as session:
        article = articles.get(session, article_id)
        if article is None or article.status != "pending":
            return "skipped"
        source = sources.get(session, article.first_source_id) if article.first_source_id else None
        wants_page = (
            article.method == "feed-summary" and bool(article.url) and (source is None or source.full_text)
        )
        url, title, text = article.url, article.title, article.text
        allowance = fetching.allowance_for(source.fetch_allowance if source else None, url or "")
    fields: dict[str, object] = {}
    note = None
    if wants_page and url:
        fields, note = _full_text(ctx, url, len(text), allowance)
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
    batch_ids: list[int] = []
    try:
        with ctx.db.transaction() as session:
            batch = []
            for article in articles.many(session, article_ids):
                if article.status != "pending":
                    continue
                if article.method == "feed-summary" and article.url:
                    needs_page.append(article.id)
                else:
                    batch.append(article)
            batch_ids = [a.id for a in batch]
            _finish(session, ctx, batch)
            with_pictures = _with_pictures(ctx, batch)
            ready = [a.id for a in batch]
    except Exception:  # one bad article must not sink the batch: take them one by one
        log.exception("batch of %d articles failed; processing them one by one", len(batch_ids))
        needs_page = batch_ids + needs_page
        batch_ids, with_pictures, ready = [], [], []
    _send_pictures(ctx, with_pictures)
    _announce(ctx, ready)
    for article_id in needs_page:
        try:
            process_article(ctx, article_id)
        except ProcessingFailed:
            continue  # counted on the article; a later run tries again
    return len(batch_ids) + len(needs_page)


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


def _full_text(
    ctx: Context, url: str, summary_chars: int, allowance: str | None
) -> tuple[dict[str, object], str | None]:
    """Fetch and extract the page (with the source's own allowance only, when the page is on
    exactly its endpoint); keep the feed's text when the page gives less."""
    try:
        result = fetching.fetch(ctx.settings, url, allowance=allowance)
    except FetchError as err:
        return {}, f"full text not fetched ({err.kind}): {err.message}"
    extracted = extract_document(result.body, url=result.url, content_type=result.content_type)
    if extracted.article is None:
        return {}, f"full text not extracted: {extracted.reason}"
    if len(extracted.article.text) <= summary_chars:
        return {}, "page text shorter than the feed summary; kept the summary"
    fields = parsed_fields(extracted.article, now=ctx.clock.now())
    fields["method"] = f"page:{extracted.article.method}"
    return safe_fields(fields, article_limits(ctx.settings), ctx.clock.now()), None


def _paragraph_html(text: str) -> str:
    return "".join(f"<p>{html_lib.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
