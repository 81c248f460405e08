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
    add_source(ctx, url, discover=False)
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
    add_source(ctx, url, discover=False)
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

    def crash(session, ctx, batch):  # type: ignore[no-untyped-def]
        for a in batch:
            a.text = "HALF WRITTEN"
        raise RuntimeError("worker killed")

    from mynews.services.understanding import pipeline

    monkeypatch.setattr(pipeline, "understand_many", crash)
    with pytest.raises(RuntimeError):
        add_source(ctx, url, discover=False)
    from mynews.store import articles as rows

    with ctx.db.reading() as s:
        (pending,) = rows.pending_ids(s)
        row = rows.get(s, pending)
        assert row is not None and row.status == "pending" and row.text != "HALF WRITTEN"
    monkeypatch.undo()
    ctx.settings.enrich_enabled = False
    assert processing.process_article(ctx, pending) == "ready"
    assert processing.process_article(ctx, pending) == "skipped"
    assert len(latest(ctx).items) == 1
