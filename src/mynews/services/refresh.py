"""Use case: refresh one source — conditional fetch, parse, store new items, schedule the next check.

The fetch runs outside any transaction; items and source state are written in one transaction;
processing tasks for new articles are sent after it commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mynews.core.errors import FetchError, NotFound
from mynews.core.fetching import FetchResult, Validators
from mynews.ingest.feeds import parse_feed
from mynews.ingest.schedule import next_check
from mynews.services import fetching
from mynews.services.context import Context
from mynews.services.items import draft_fields
from mynews.store import articles, sources
from mynews.store.models import Source


@dataclass
class RefreshReport:
    source_id: int
    status: str  # ok, not_modified, error, gone, retired
    new_articles: list[int] = field(default_factory=list)
    linked: int = 0
    items: int = 0
    error: str | None = None


def refresh_source(ctx: Context, source_id: int) -> RefreshReport:
    with ctx.db.reading() as session:
        source = sources.get(session, source_id)
        if source is None:
            raise NotFound(f"source {source_id} not found")
        if source.retired:
            return RefreshReport(source_id, "retired")
        url, validators = source.url, Validators(source.etag, source.last_modified)
    try:
        result = fetching.fetch(ctx.settings, url, validators)
    except FetchError as err:
        return _record_error(ctx, source_id, err)
    if result.not_modified:
        return _record_not_modified(ctx, source_id, result)
    return store_feed(ctx, source_id, result)


def store_feed(ctx: Context, source_id: int, result: FetchResult) -> RefreshReport:
    """Parse a fetched feed document and store its items (also used for feed files)."""
    parsed = parse_feed(result.body, url=result.url, content_type=result.content_type)
    now = ctx.clock.now()
    report = RefreshReport(source_id, "ok", items=len(parsed.items))
    with ctx.db.transaction() as session:
        source = _locked(session, source_id)
        for draft in parsed.items:
            fields = draft_fields(draft, source_url=source.url, now=now)
            outcome = articles.upsert(session, source_id=source.id, guid=draft.guid, fields=fields, now=now)
            if outcome.created:
                report.new_articles.append(outcome.article_id)
            elif outcome.linked:
                report.linked += 1
        source.title = parsed.title or source.title
        source.site_url = parsed.site_url or source.site_url
        source.language = parsed.language or source.language
        source.item_count = (source.item_count or 0) + len(report.new_articles)
        source.etag, source.last_modified = result.validators.etag, result.validators.last_modified
        if result.permanent_url and result.permanent_url != source.url and sources.by_url(session, result.permanent_url) is None:
            source.url = result.permanent_url
        source.last_checked_at = now
        source.last_status = result.status
        if parsed.items or parsed.error is None:
            source.last_success_at, source.error_count = now, 0
            source.last_error = f"recovered {len(parsed.items)} items from a broken feed: {parsed.error}" if parsed.error else None
        else:
            source.error_count = (source.error_count or 0) + 1
            source.last_error = f"unreadable feed: {parsed.error}"
            report.status, report.error = "error", source.last_error
        source.next_check_at = _next(ctx, source)
    for article_id in report.new_articles:
        ctx.queue.process(article_id)
    return report


def _record_not_modified(ctx: Context, source_id: int, result: FetchResult) -> RefreshReport:
    now = ctx.clock.now()
    with ctx.db.transaction() as session:
        source = _locked(session, source_id)
        source.last_checked_at, source.last_success_at, source.last_status = now, now, 304
        source.error_count, source.last_error = 0, None
        if result.permanent_url and sources.by_url(session, result.permanent_url) is None:
            source.url = result.permanent_url
        source.next_check_at = _next(ctx, source)
    return RefreshReport(source_id, "not_modified")


def _record_error(ctx: Context, source_id: int, err: FetchError) -> RefreshReport:
    now = ctx.clock.now()
    with ctx.db.transaction() as session:
        source = _locked(session, source_id)
        source.last_checked_at = now
        source.last_status = err.http_status
        source.error_count = (source.error_count or 0) + 1
        source.last_error = f"{err.kind}: {err.message}"
        if err.kind == "gone":
            source.retired = True
            source.next_check_at = None
            return RefreshReport(source_id, "gone", error=source.last_error)
        source.next_check_at = _next(ctx, source, retry_after=err.retry_after)
    return RefreshReport(source_id, "error", error=f"{err.kind}: {err.message}")


def _locked(session, source_id: int) -> Source:  # type: ignore[no-untyped-def]
    source = sources.get(session, source_id)
    if source is None:
        raise NotFound(f"source {source_id} not found")
    return source


def _next(ctx: Context, source: Source, *, retry_after: float | None = None):  # type: ignore[no-untyped-def]
    return next_check(
        ctx.clock.now(),
        interval=source.poll_interval or ctx.settings.poll_interval,
        error_count=source.error_count or 0,
        retry_after=retry_after,
        max_backoff=ctx.settings.poll_max_backoff,
    )
