"""Processing stored items: full text from the page over loopback, sanitising, idempotency, and
no half-written article when a task dies midway."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from mynews.services.context import Context
from mynews.services.ingestion import processing
from mynews.services.ingestion.catalog import add_source
from mynews.services.reading.articles import article, latest
from tests.feedserver import FeedServer, Route

PAGES = Path(__file__).parents[1] / "data" / "pages"


def _feed(link: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Loopback News</title><link>http://127.0.0.1/</link>
<item><title>Short item</title><link>{link}?utm_source=rss&amp;utm_medium=feed</link>
<guid isPermaLink="false">item-1</guid><description>Only a teaser &lt;script&gt;alert(1)&lt;/script&gt;.</description>
<pubDate>Tue, 01 May 2012 10:00:00 GMT</pubDate></item>
</channel></rss>""".encode()


def test_a_summary_only_item_gets_its_full_text_from_the_page(ctx: Context, feedserver: FeedServer) -> None:
    page = gzip.decompress((PAGES / "readability__bbc-1" / "source.html.gz").read_bytes())
    link = feedserver.route("/story.html", Route(body=page, content_type="text/html; charset=utf-8"))
    url = feedserver.route("/feed.xml", Route(body=_feed(link)))
    add_source(ctx, url, discover=False, allow_internal=True)
    items = latest(ctx).items
    assert len(items) == 1
    stored = article(ctx, items[0].id)
    assert stored.url == link  # tracking parameters stripped
    assert stored.method.startswith("page:")
    assert len(stored.text) > 1500
    assert "<script" not in (stored.body_html or "")


def test_a_page_that_cannot_be_fetched_keeps_the_summary(ctx: Context, feedserver: FeedServer) -> None:
    link = feedserver.route("/missing.html", Route(status=404))
    url = feedserver.route("/feed.xml", Route(body=_feed(link)))
    add_source(ctx, url, discover=False, allow_internal=True)
    stored = article(ctx, latest(ctx).items[0].id)
    assert stored.status == "ready" and "Only a teaser" in stored.text
    assert stored.method == "feed-summary"
    assert "full text not fetched" in (_error(ctx, stored.id) or "")


def _error(ctx: Context, article_id: int) -> str | None:
    from mynews.store import articles as rows

    with ctx.db.reading() as s:
        row = rows.get(s, article_id)
        return row.error if row else None


def test_a_task_that_dies_midway_leaves_the_article_whole_and_pending(
    ctx: Context, feedserver: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = feedserver.route("/feed.xml", Route(body=_feed(feedserver.url("/none.html"))))
    ctx.settings.full_text_default = False
    ctx.settings.enrich_enabled = True
    ctx.settings.process_max_attempts = 5

    def crash(session, ctx, article, understood):  # type: ignore[no-untyped-def]
        article.text = "HALF WRITTEN"
        article.title = "HALF WRITTEN"
        session.flush()  # the half-written state reaches the database inside the transaction
        raise RuntimeError("worker killed")

    from mynews.services.understanding import pipeline
    from mynews.store import articles as rows

    monkeypatch.setattr(pipeline, "store", crash)
    with ctx.db.reading() as s:
        assert rows.pending_ids(s) == []
    ctx.queue.process = lambda article_id, priority=0: None  # type: ignore[method-assign]  # run it by hand below
    add_source(ctx, url, discover=False, allow_internal=True)
    with ctx.db.reading() as s:
        (pending,) = rows.pending_ids(s)
    with pytest.raises(processing.ProcessingFailed):
        processing.process_article(ctx, pending)
    with ctx.db.reading() as s:
        row = rows.get(s, pending)
        assert row is not None and row.status == "pending" and row.attempts == 1
        assert "HALF WRITTEN" not in (row.text, row.title)
        assert "RuntimeError: worker killed" in (row.error or "")
        assert "<script" not in (row.body_html or "") and "<script" not in (row.summary_html or "")
    monkeypatch.undo()
    ctx.settings.enrich_enabled = False
    assert processing.process_article(ctx, pending) == "ready"
    assert processing.process_article(ctx, pending) == "skipped"
    assert len(latest(ctx).items) == 1


def test_an_article_that_keeps_failing_is_marked_failed_and_stays_sanitised(
    ctx: Context, feedserver: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = feedserver.route("/feed.xml", Route(body=_feed(feedserver.url("/none.html"))))
    ctx.settings.full_text_default = False
    ctx.settings.enrich_enabled = True

    def crash(ctx, texts, rules):  # type: ignore[no-untyped-def]
        raise ValueError("[E088] Text of length 1200000 exceeds maximum of 1000000")

    from mynews.services.understanding import pipeline
    from mynews.store import articles as rows

    monkeypatch.setattr(pipeline, "compute", crash)
    add_source(ctx, url, discover=False, allow_internal=True)  # the inline queue retries like huey does
    with ctx.db.reading() as s:
        assert rows.pending_ids(s) == []
        assert rows.latest(s, limit=5) == []  # a failed article is not listed to readers
        (article,) = [a for a in rows.many(s, list(range(1, 10))) if a.status == "failed"]
        assert article.attempts == ctx.settings.process_max_attempts
        assert "E088" in (article.error or "")
        assert "<script" not in (article.summary_html or "") and "Only a teaser" in article.text
