"""Use case: refresh one source — conditional fetch, parse, store new items, schedule the next check.

The fetch and the parse run outside any transaction; items are written in short chunks (each
chunk's processing tasks are sent when it commits), then the source state. What a poll does to the source
(error count, back-off, retirement, new URL) is decided by ``ingest.schedule`` and copied here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from mynews.core.errors import FetchError, NotFound
from mynews.core.feeds import ItemDraft
from mynews.core.fetching import FetchResult, Validators
from mynews.ingest.feed_cap import newest_items
from mynews.ingest.feeds import parse_feed, usable_items
from mynews.ingest.schedule import PollOutcome, outcome_for_error, outcome_for_success
from mynews.ingest.web_urls import web_url
from mynews.services.context import Context
from mynews.services.ingestion import fetching
from mynews.services.ingestion.arrival import store_article
from mynews.services.ingestion.items import draft_fields
from mynews.services.ingestion.queueing import send_for_processing
from mynews.store import sources
from mynews.store.db import Session
from mynews.store.models import Source

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class RefreshReport:
    source_id: int
    status: str  # ok, recovered, not_modified, error, gone, retired
    new_articles: list[int] = field(default_factory=list)
    linked: int = 0
    items: int = 0
    error: str | None = None
    skipped: int = 0


def refresh_source(ctx: Context, source_id: int) -> RefreshReport:
    with ctx.db.reading() as session:
        source = _source(session, source_id)
        if source.retired:
            return RefreshReport(source_id, "retired")
        url, validators = source.url, Validators(source.etag, source.last_modified)
        allowance = fetching.allowance_for(source.fetch_allowance, url)
    try:
        result = fetching.fetch(ctx.settings, url, validators, allowance=allowance)
    except FetchError as err:
        with ctx.db.transaction() as session:
            source = _source(session, source_id)
            now = ctx.clock.now()
            outcome = outcome_for_error(now, err, error_count=source.error_count or 0, **_timing(ctx, source))
            _apply(session, source, outcome, now)
        return RefreshReport(source_id, outcome.status, error=outcome.last_error)
    return store_feed(ctx, source_id, result)


def store_feed(ctx: Context, source_id: int, result: FetchResult) -> RefreshReport:
    """Store a fetched feed document's items and the source's new state (also for feed files).

    At most ``MYNEWS_REFRESH_MAX_ITEMS`` items, newest first (the rest are counted on the source);
    written ``MYNEWS_REFRESH_CHUNK`` at a time, each chunk its own short transaction whose new
    articles are queued as soon as it commits, so a huge feed never holds the database."""
    cap = ctx.settings.refresh_max_items
    parsed, dropped = None, 0
    if not result.not_modified:
        body, dropped = newest_items(result.body, cap)  # lxml cuts a flood before feedparser reads it
        parsed = parse_feed(body, url=result.url, content_type=result.content_type)
    items, skipped = newest(usable_items(parsed) if parsed else (), cap)
    skipped += dropped
    now = ctx.clock.now()
    report = RefreshReport(source_id, "ok", items=len(items), skipped=skipped)
    size = max(1, ctx.settings.refresh_chunk)
    for start in range(0, len(items), size):
        chunk = items[start : start + size]
        created = ctx.db.write(lambda s, c=chunk: _store_chunk(s, ctx, source_id, c, report, now))  # type: ignore[misc]
        report.new_articles.extend(created)
        send_for_processing(ctx, source_id, created)

    def finish(session: Session) -> None:
        source = _source(session, source_id)
        if parsed is not None:
            source.title = (parsed.title or "")[:500] or source.title
            source.site_url = web_url(parsed.site_url) or source.site_url
            source.language = (parsed.language or "")[:16] or source.language
            source.icon_url = web_url(parsed.icon_url) or source.icon_url
        source.item_count = (source.item_count or 0) + len(report.new_articles)
        source.skipped_items = skipped
        outcome = outcome_for_success(
            now, result, error_count=source.error_count or 0, parsed=parsed, **_timing(ctx, source)
        )
        _apply(session, source, outcome, now)
        report.status, report.error = (
            outcome.status,
            outcome.last_error if outcome.status == "error" else None,
        )

    ctx.db.write(finish)
    return report


def newest(items: Sequence[ItemDraft], cap: int) -> tuple[list[ItemDraft], int]:
    """The ``cap`` newest items (undated ones count as oldest, document order kept among equals)
    and how many were left out."""
    if len(items) <= cap:
        return list(items), 0
    order = sorted(
        range(len(items)),
        key=lambda i: (items[i].published is None, -(items[i].published or EPOCH).timestamp(), i),
    )
    keep = sorted(order[:cap])
    return [items[i] for i in keep], len(items) - cap


def _store_chunk(
    session: Session,
    ctx: Context,
    source_id: int,
    chunk: list[ItemDraft],
    report: RefreshReport,
    now: datetime,
) -> list[int]:
    source = _source(session, source_id)
    created: list[int] = []
    for draft in chunk:
        fields = draft_fields(draft, source_url=source.url, now=now)
        upserted = store_article(session, ctx, source, guid=draft.guid, fields=fields)
        if upserted.created:
            created.append(upserted.article_id)
        elif upserted.linked:
            report.linked += 1
    return created


def _apply(session: Session, source: Source, outcome: PollOutcome, now: datetime) -> None:
    """Copy a poll outcome onto the source row."""
    source.last_checked_at = now
    source.last_status = outcome.http_status
    source.error_count = outcome.error_count
    source.last_error = outcome.last_error
    source.next_check_at = outcome.next_check_at
    source.retired = source.retired or outcome.retired
    if outcome.status in ("ok", "recovered", "not_modified"):
        source.last_success_at = now
    if outcome.validators is not None and outcome.status != "not_modified":
        source.etag, source.last_modified = outcome.validators.etag, outcome.validators.last_modified
    if outcome.new_url and outcome.new_url != source.url and sources.by_url(session, outcome.new_url) is None:
        source.url = outcome.new_url


def _timing(ctx: Context, source: Source) -> dict[str, Any]:
    return {
        "interval": source.poll_interval or ctx.settings.poll_interval,
        "max_backoff": ctx.settings.poll_max_backoff,
        "key": source.url,
    }


def _source(session: Session, source_id: int) -> Source:
    source = sources.get(session, source_id)
    if source is None:
        raise NotFound(f"source {source_id} not found")
    return source
