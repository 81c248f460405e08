"""Use cases: add and list sources (feeds discovered from a page's <link rel=alternate> too)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from mynews.core.errors import BadInput, NotFound
from mynews.ingest.address_guard import endpoint
from mynews.ingest.feeds import parse_feed
from mynews.ingest.urls import canonical_url
from mynews.services.context import Context
from mynews.services.ingestion import fetching
from mynews.store import sources

_ALTERNATE = re.compile(
    r"<link[^>]+type=[\"']application/(?:rss|atom|feed)\+(?:xml|json)[\"'][^>]*>", re.IGNORECASE
)
_HREF = re.compile(r"href=[\"']([^\"']+)[\"']", re.IGNORECASE)


@dataclass(frozen=True)
class SourceView:
    id: int
    url: str
    kind: str
    title: str | None
    site_url: str | None
    item_count: int
    error_count: int
    last_error: str | None
    last_checked_at: datetime | None
    last_success_at: datetime | None
    next_check_at: datetime | None
    last_status: int | None
    retired: bool
    full_text: bool
    aggregator: bool = False
    skipped_items: int = 0  # left out by the refresh cap in the last refresh

    @property
    def health(self) -> str:
        if self.retired:
            return "retired"
        if self.error_count >= 3:
            return "failing"
        if self.error_count:
            return "degraded"
        return "ok" if self.last_success_at else "new"


def add_source(
    ctx: Context,
    url: str,
    *,
    full_text: bool | None = None,
    discover: bool = True,
    allow_internal: bool = False,
) -> tuple[SourceView, bool]:
    """Add a feed by URL. A web page is searched for its feed link. Returns (source, created).

    ``allow_internal``: the operator allows this source's own ``host:port`` although it is an
    internal address (loopback, private network); its items' pages on that exact endpoint are
    fetched too, and nothing else is opened, for this source or any other.
    """
    try:
        url = canonical_url(url)
    except ValueError as exc:
        raise BadInput(f"not a usable URL: {url}") from exc
    allowance = endpoint(url) if allow_internal else None
    if allow_internal and allowance is None:
        raise BadInput(f"not an http(s) URL: {url}")
    if discover:
        url = _discover(ctx, url, allowance)
        allowance = endpoint(url) if allow_internal else None
    with ctx.db.transaction() as session:
        source, created = sources.get_or_create(
            session,
            url,
            kind="feed",
            now=ctx.clock.now(),
            full_text=ctx.settings.full_text_default if full_text is None else full_text,
        )
        if allow_internal:
            source.fetch_allowance = allowance
        view = _view(source)
    if created:
        ctx.queue.refresh(view.id)
    return view, created


def _discover(ctx: Context, url: str, allowance: str | None) -> str:
    """If ``url`` is an HTML page that links a feed, return the feed's URL; else ``url``."""
    result = fetching.fetch(ctx.settings, url, allowance=allowance)
    head = result.body[:200_000].decode("utf-8", "replace")
    if parse_feed(result.body, url=result.url, content_type=result.content_type).items:
        return result.permanent_url or url
    for tag in _ALTERNATE.findall(head):
        href = _HREF.search(tag)
        if href:
            return canonical_url(urljoin(result.url, href.group(1)))
    raise BadInput(f"{url} is neither a feed nor a page that links one")


def configure_source(
    ctx: Context,
    source_id: int,
    *,
    full_text: bool | None = None,
    aggregator: bool | None = None,
    allow_internal: bool | None = None,
) -> SourceView:
    """Per-source switches: fetch full pages for summary-only feeds; treat as an aggregator
    (its copies of other sources' articles are not folded as duplicates); allow (or stop
    allowing) its own internal ``host:port``."""
    with ctx.db.transaction() as session:
        source = sources.get(session, source_id)
        if source is None:
            raise NotFound(f"source {source_id} not found")
        if allow_internal is not None:
            source.fetch_allowance = endpoint(source.url) if allow_internal else None
        if full_text is not None:
            source.full_text = full_text
        if aggregator is not None:
            source.is_aggregator = aggregator
        return _view(source)


def list_sources(ctx: Context, *, after_id: int = 0, limit: int = 100) -> list[SourceView]:
    with ctx.db.reading() as session:
        return [_view(s) for s in sources.page(session, after_id=after_id, limit=limit)]


HEALTH_ORDER = ("ok", "new", "degraded", "failing", "retired")


def health_summary(ctx: Context) -> list[tuple[str, int]]:
    """Sources per health state, in a fixed order (for the operator's chart)."""
    with ctx.db.reading() as session:
        counts = sources.health_counts(session)
    return [(state, counts.get(state, 0)) for state in HEALTH_ORDER]


@dataclass(frozen=True)
class ArticleProblem:
    """An article the operator should look at: failed processing (with its error), or a
    published date more than a day ahead that was replaced by the arrival time."""

    id: int
    title: str
    status: str
    error: str | None
    claimed_published_at: datetime | None
    attempts: int


def article_problems(ctx: Context, limit: int = 50) -> list[ArticleProblem]:
    from mynews.store import articles

    with ctx.db.reading() as session:
        return [
            ArticleProblem(a.id, a.title, a.status, a.error, a.claimed_published_at, a.attempts or 0)
            for a in articles.needing_attention(session, limit)
        ]


def get_source(ctx: Context, source_id: int) -> SourceView | None:
    with ctx.db.reading() as session:
        source = sources.get(session, source_id)
        return _view(source) if source else None


def _view(s) -> SourceView:
    return SourceView(
        s.id,
        s.url,
        s.kind,
        s.title,
        s.site_url,
        s.item_count or 0,
        s.error_count or 0,
        s.last_error,
        s.last_checked_at,
        s.last_success_at,
        s.next_check_at,
        s.last_status,
        bool(s.retired),
        bool(s.full_text),
        bool(s.is_aggregator),
        s.skipped_items or 0,
    )
