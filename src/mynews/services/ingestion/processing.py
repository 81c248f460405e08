"""Use case: process stored items — full text when the feed was truncated, sanitise, understand.

Exactly once, with short write transactions:

1. claim: one short transaction marks the pending articles as this worker's (a random token and
   a lease, ``MYNEWS_PROCESS_LEASE``); another worker skips them, and a worker that dies leaves
   a claim the reclaim sweep hands on once the lease has run out;
2. fetch pages, sanitise and run the models with no transaction open;
3. write each article in its own short transaction, whose first statement turns it ready only if
   this claim still holds it: an article is finished once, whatever the retries and crashes.

A failure gives the claim back (the task is retried) or, after ``MYNEWS_PROCESS_MAX_ATTEMPTS``,
marks the article failed with its error, so nothing stays pending for ever. It was sanitised
when it arrived, so a failed article is as safe to show as a ready one.
"""

from __future__ import annotations

import html as html_lib
import logging
import os
import secrets
from dataclasses import dataclass, field, replace
from datetime import timedelta

from mynews.core.enrichment import ArticleText
from mynews.core.errors import FetchError
from mynews.ingest.arrival import safe_fields
from mynews.ingest.extract import extract_document
from mynews.ingest.sanitize import sanitize_html
from mynews.services.context import Context
from mynews.services.ingestion import fetching, pictures
from mynews.services.ingestion.arrival import article_limits
from mynews.services.ingestion.items import parsed_fields
from mynews.store import articles, claims, feed_log, sources
from mynews.store.db import Session

log = logging.getLogger(__name__)


@dataclass
class Draft:
    """An article being processed: its id and the fields to write, away from any session."""

    id: int
    text: ArticleText
    url: str | None
    fields: dict[str, object] = field(default_factory=dict)
    wants_page: bool = False
    allowance: str | None = None  # the source's own internal endpoint, when the operator allowed it


class ProcessingFailed(Exception):
    """A run failed and the article will be tried again (raised so the task queue retries)."""


def process_article(ctx: Context, article_id: int) -> str:
    """Returns what happened: ready, skipped (not pending, gone, or held by another worker), or
    failed (for good). Raises ProcessingFailed when the run failed and attempts are left."""
    try:
        return "ready" if process_batch(ctx, [article_id]) else "skipped"
    except Exception as exc:
        with ctx.db.reading() as session:
            row = articles.get(session, article_id)
            if row is None or row.status == "failed":
                return "failed"
        raise ProcessingFailed(f"article {article_id}: {type(exc).__name__}: {exc}") from exc


def process_batch(ctx: Context, article_ids: list[int]) -> int:
    """Process the pending articles among ``article_ids`` (one spaCy pass and one embedding batch
    for all); returns how many this call finished."""
    token = f"{os.getpid():x}-{secrets.token_hex(11)}"  # says which process holds it
    now = ctx.clock.now()
    stale = now - timedelta(seconds=ctx.settings.process_lease)
    claimed = ctx.db.write(
        lambda s: claims.claim(s, list(dict.fromkeys(article_ids)), token, now, stale_before=stale)
    )
    if not claimed:
        return 0
    finished: list[int] = []
    try:
        drafts = _load(ctx, claimed)
        for draft in drafts:
            if draft.wants_page and draft.url:
                page, note = _full_text(ctx, draft.url, len(draft.text.body), draft.allowance)
                draft.fields.update({k: v for k, v in page.items() if v not in (None, "", [])})
                draft.fields["error"] = note
        _finish(ctx, drafts, token, finished)
        return len(finished)
    except Exception as err:
        error = f"processing failed: {type(err).__name__}: {err}"
        limit = ctx.settings.process_max_attempts
        ctx.db.write(lambda s: claims.release(s, claimed, token, max_attempts=limit, error=error))
        if len(claimed) == 1:
            raise
        rest = [i for i in claimed if i not in finished]
        log.exception("a batch of %d articles failed; processing %d one by one", len(claimed), len(rest))
        return len(finished) + _one_by_one(ctx, rest)


def _one_by_one(ctx: Context, article_ids: list[int]) -> int:
    """One bad article must not sink its batch: each is tried alone; those that fail again are
    counted, given back, and tried later (the task's retry or the reclaim sweep)."""
    done = 0
    for article_id in article_ids:
        try:
            done += process_batch(ctx, [article_id])
        except Exception as err:
            log.warning("article %d failed: %s: %s", article_id, type(err).__name__, err)
    return done


def _load(ctx: Context, ids: list[int]) -> list[Draft]:
    from mynews.services.understanding.pipeline import article_text

    drafts = []
    with ctx.db.reading() as session:
        for article in articles.many(session, ids):
            source = sources.get(session, article.first_source_id) if article.first_source_id else None
            wants_page = (
                article.method == "feed-summary"
                and bool(article.url)
                and (source is None or source.full_text)
            )
            allowance = fetching.allowance_for(source.fetch_allowance if source else None, article.url or "")
            draft = Draft(
                article.id, article_text(article), article.url, wants_page=wants_page, allowance=allowance
            )
            draft.fields["body_html"] = sanitize_html(
                article.body_html or _paragraph_html(article.text), base_url=article.url
            )
            if article.summary_html:
                draft.fields["summary_html"] = sanitize_html(article.summary_html, base_url=article.url)
            drafts.append(draft)
    return drafts


def _finish(ctx: Context, drafts: list[Draft], token: str, done: list[int]) -> None:
    """Understand the batch with no transaction open, then write each article on its own."""
    texts = [_text_with(d) for d in drafts]
    understood: list[object] = [None] * len(drafts)
    if ctx.settings.enrich_enabled and drafts:
        from mynews.services.understanding import pipeline

        understood = list(pipeline.compute(ctx, texts, pipeline.topic_rules(ctx)))
    with_pictures: list[int] = []
    try:
        for draft, result in zip(drafts, understood, strict=True):
            if ctx.db.write(lambda s, d=draft, r=result: _write(s, ctx, d, r, token, with_pictures)):  # type: ignore[misc]
                done.append(draft.id)
    finally:
        _send_pictures(ctx, [i for i in with_pictures if i in done])
        _announce(ctx, done)


def _write(
    session: Session, ctx: Context, draft: Draft, understood: object, token: str, with_pictures: list[int]
) -> bool:
    if not claims.finish(session, draft.id, token):
        log.info("article %d was finished or taken over by another worker", draft.id)
        return False
    article = articles.get(session, draft.id)
    if article is None:
        return False
    for key, value in draft.fields.items():
        if key == "error":
            article.error = value  # type: ignore[assignment]
        elif key != "url" and value not in (None, "", []):
            setattr(article, key, value)
    if not article.title:
        article.title = draft.text.title
    if understood is not None:
        from mynews.services.understanding import pipeline

        pipeline.store(session, ctx, article, understood)  # type: ignore[arg-type]
    feed_log.bump(session)  # every process's feed cache sees the new news at its next request
    if ctx.settings.fetch_images and (
        article.method != "corpus" or pictures.article_picture_urls(article.lead_image, article.body_html)
    ):  # its pictures (or its source's icon) are fetched after this commits; a corpus has no icon
        with_pictures.append(article.id)
    return True


def _announce(ctx: Context, article_ids: list[int]) -> None:
    """After commit: alerts and webhooks follow in their own task (never in this transaction)."""
    for article_id in article_ids:
        try:
            ctx.queue.article_ready(article_id)
        except Exception as err:  # the queue is down: the article is whole, its alerts are late
            log.warning("could not announce article %d: %s", article_id, err)
            return


def _send_pictures(ctx: Context, article_ids: list[int]) -> None:
    for article_id in article_ids:
        try:
            ctx.queue.pictures(article_id)
        except Exception as err:  # the queue is down: pictures are a nicety, the article is whole
            log.warning("could not queue the pictures of article %d: %s", article_id, err)
            return


def _text_with(draft: Draft) -> ArticleText:
    """The text the models read: the page's when it was fetched."""
    fields = draft.fields
    if "text" not in fields:
        return draft.text
    return replace(
        draft.text,
        title=str(fields.get("title") or draft.text.title),
        body=str(fields.get("text") or draft.text.body),
        standfirst=fields.get("standfirst") or draft.text.standfirst,  # type: ignore[arg-type]
    )


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
    if fields.get("body_html"):
        fields["body_html"] = sanitize_html(str(fields["body_html"]), base_url=url)
    return safe_fields(fields, article_limits(ctx.settings), ctx.clock.now()), None


def _paragraph_html(text: str) -> str:
    return "".join(f"<p>{html_lib.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
