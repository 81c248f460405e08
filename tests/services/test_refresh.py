"""Polling a source over real loopback HTTP: storing items once, conditional GET, redirects,
retirement, Retry-After and back-off, broken feeds recorded on the source."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from mynews.services.context import Context
from mynews.services.ingestion.catalog import add_source, get_source
from mynews.services.ingestion.refresh import refresh_source
from mynews.store.models import Article, ArticleSource
from tests.feedserver import FeedServer, Route

FEEDS = Path(__file__).parents[1] / "data" / "feeds"


def _count(ctx: Context, model: type, **where: object) -> int:
    with ctx.db.reading() as s:
        q = select(func.count()).select_from(model)
        for k, v in where.items():
            q = q.where(getattr(model, k) == v)
        return int(s.scalar(q) or 0)


def test_feed_items_are_stored_once_and_a_second_poll_costs_a_304(
    ctx: Context, feedserver: FeedServer
) -> None:
    body = (FEEDS / "rss-parser__guardian.rss").read_bytes()
    url = feedserver.route(
        "/guardian.rss", Route(body=body, etag='"v1"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    )
    view, created = add_source(ctx, url, full_text=False, discover=False, allow_internal=True)
    assert created
    assert _count(ctx, Article) == 55
    report = refresh_source(ctx, view.id)
    assert report.status == "not_modified"
    last = feedserver.requests_to("/guardian.rss")[-1]
    assert last.headers.get("If-None-Match") == '"v1"'
    assert _count(ctx, Article) == 55
    source = get_source(ctx, view.id)
    assert source is not None and source.error_count == 0 and source.last_status == 304


def test_the_same_article_in_two_feeds_is_stored_once_and_linked_to_both(
    ctx: Context, feedserver: FeedServer
) -> None:
    body = (FEEDS / "feeder__rss_lemonde.xml").read_bytes()
    a = feedserver.route("/a.xml", Route(body=body))
    b = feedserver.route("/b.xml", Route(body=body))
    add_source(ctx, a, full_text=False, discover=False, allow_internal=True)
    add_source(ctx, b, full_text=False, discover=False, allow_internal=True)
    assert _count(ctx, Article) == 21
    assert _count(ctx, ArticleSource) == 42


def test_permanent_redirect_updates_the_url_temporary_does_not(ctx: Context, feedserver: FeedServer) -> None:
    body = (FEEDS / "feed-rs__rss_2.0_nbcny.xml").read_bytes()
    feedserver.route("/new.xml", Route(body=body))
    moved = feedserver.route("/moved.xml", Route(status=301, location=feedserver.url("/new.xml")))
    temp = feedserver.route("/temp.xml", Route(status=302, location=feedserver.url("/new.xml")))
    moved_view, _ = add_source(ctx, moved, full_text=False, discover=False, allow_internal=True)
    temp_view, _ = add_source(ctx, temp, full_text=False, discover=False, allow_internal=True)
    assert get_source(ctx, moved_view.id).url == feedserver.url("/new.xml")  # type: ignore[union-attr]
    assert get_source(ctx, temp_view.id).url == temp  # type: ignore[union-attr]


def test_410_retires_the_source(ctx: Context, feedserver: FeedServer) -> None:
    url = feedserver.route("/gone.xml", Route(status=410))
    view, _ = add_source(ctx, url, full_text=False, discover=False, allow_internal=True)
    source = get_source(ctx, view.id)
    assert source is not None and source.retired and source.health == "retired"
    assert refresh_source(ctx, view.id).status == "retired"


def test_503_honours_retry_after_and_errors_back_off(ctx: Context, feedserver: FeedServer) -> None:
    url = feedserver.route("/busy.xml", Route(status=503, headers={"Retry-After": "7200"}))
    view, _ = add_source(ctx, url, full_text=False, discover=False, allow_internal=True)
    source = get_source(ctx, view.id)
    assert source is not None and source.error_count == 1 and "503" in (source.last_error or "")
    assert source.next_check_at is not None and source.last_checked_at is not None
    assert source.next_check_at - source.last_checked_at >= timedelta(seconds=7200)

    broken = feedserver.route("/broken.xml", Route(status=500))
    view, _ = add_source(ctx, broken, full_text=False, discover=False, allow_internal=True)
    waits = []
    for _ in range(3):
        refresh_source(ctx, view.id)
        s = get_source(ctx, view.id)
        assert s is not None and s.next_check_at and s.last_checked_at
        waits.append(s.next_check_at - s.last_checked_at)
    assert waits[0] < waits[1] < waits[2]
    assert get_source(ctx, view.id).health == "failing"  # type: ignore[union-attr]


def test_a_broken_feed_is_recorded_not_raised(ctx: Context, feedserver: FeedServer) -> None:
    url = feedserver.route("/bad.xml", Route(body=(FEEDS / "feed-rs__rss_2.0_invalid_1.xml").read_bytes()))
    view, _ = add_source(ctx, url, full_text=False, discover=False, allow_internal=True)
    source = get_source(ctx, view.id)
    assert source is not None and source.error_count == 1
    assert source.last_error and "unreadable feed" in source.last_error


def test_an_unreachable_host_is_recorded(ctx: Context) -> None:
    view, _ = add_source(
        ctx, "http://127.0.0.1:9/feed.xml", full_text=False, discover=False, allow_internal=True
    )
    source = get_source(ctx, view.id)
    assert source is not None and source.error_count == 1 and source.last_error
