"""Pictures, privately: a feed over loopback names pictures (media:content, body images, the
feed's icon); the worker's task fetches them through the guarded fetcher, refuses the hostile
ones (decompression bomb, SVG with script, 30 MB, HTML with an image Content-Type) and stores
WebP renditions; pages then serve them from our own origin only."""

from __future__ import annotations

import re

import httpx
import pytest

from mynews.core.settings import Settings
from mynews.services.context import Context
from mynews.services.ingestion.catalog import add_source
from mynews.services.reading.articles import article_page
from mynews.store import images as image_rows
from mynews.store.models import Article
from tests import pictures
from tests.conftest import LiveServer
from tests.feedserver import FeedServer, Route

FEED = """<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Loopback News</title><link>{base}/</link><description>d</description>
<image><url>{base}/icon.png</url><title>Loopback News</title><link>{base}/</link></image>
<item><title>Harbour reopens after the storm</title><link>{base}/a1</link><guid>{base}/a1</guid>
<media:content url="{base}/lead.jpg" medium="image"/>
<description>The harbour reopened.</description><content:encoded><![CDATA[<p>The harbour reopened on Monday.</p>
<figure><img src="{base}/body.png" alt="The quay"><figcaption>The quay at dawn</figcaption></figure>
<p>Boats came back.</p><img src="{base}/bomb.png"><img src="{base}/evil.svg"><img src="{base}/huge.jpg">
<img src="{base}/lying.jpg"><img src="{base}/plain.bin">]]></content:encoded></item>
<item><title>No picture here</title><link>{base}/a2</link><guid>{base}/a2</guid>
<description><![CDATA[<p>Words only.</p><p><img src="/relative.jpg"></p>]]></description></item>
</channel></rss>"""


def _serve(feedserver: FeedServer) -> str:
    base = feedserver.base_url
    feedserver.route("/icon.png", Route(body=pictures.png(64, 64), content_type="image/png"))
    feedserver.route("/lead.jpg", Route(body=pictures.jpeg(1200, 800), content_type="image/jpeg"))
    feedserver.route("/body.png", Route(body=pictures.png(300, 200), content_type="image/png"))
    feedserver.route("/bomb.png", Route(body=pictures.bomb(), content_type="image/png"))
    feedserver.route("/evil.svg", Route(body=pictures.SVG_WITH_SCRIPT, content_type="image/svg+xml"))
    feedserver.route(
        "/huge.jpg", Route(body=b"\xff\xd8\xff" + b"\x00" * 30_000_000, content_type="image/jpeg")
    )
    feedserver.route("/lying.jpg", Route(body=pictures.HTML_AS_JPEG, content_type="image/jpeg"))
    feedserver.route("/plain.bin", Route(body=pictures.jpeg(200, 100), content_type="text/plain"))
    feedserver.route("/relative.jpg", Route(body=pictures.jpeg(200, 100), content_type="image/jpeg"))
    return feedserver.route("/feed.xml", Route(body=FEED.format(base=base).encode()))


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"fetch_images": True})


def _article(ctx: Context, title: str) -> Article:
    from sqlalchemy import select

    with ctx.db.reading() as session:
        row = session.scalar(select(Article).where(Article.title == title))
        assert row is not None
        session.expunge(row)
        return row


def test_pictures_are_fetched_checked_and_stored_by_the_worker(ctx: Context, feedserver: FeedServer) -> None:
    base = feedserver.base_url
    add_source(ctx, _serve(feedserver), full_text=False, discover=False, allow_internal=True)
    first = _article(ctx, "Harbour reopens after the storm")
    assert first.lead_image == f"{base}/lead.jpg"  # media:content
    second = _article(ctx, "No picture here")
    assert second.lead_image == f"{base}/relative.jpg"  # the item's first picture, made absolute
    with ctx.db.reading() as session:
        state = {
            p: image_rows.status_of(session, base + p)
            for p in (
                "/lead.jpg",
                "/body.png",
                "/icon.png",
                "/plain.bin",
                "/bomb.png",
                "/evil.svg",
                "/huge.jpg",
                "/lying.jpg",
            )
        }
    for path in ("/lead.jpg", "/body.png", "/icon.png", "/plain.bin"):  # a real JPEG, whatever its type
        row = state[path]
        assert row is not None and row.status == "ready", (path, row and row.error)
    assert state["/lead.jpg"].widths == [160, 480, 960]
    expected = {
        "/bomb.png": "too_many_pixels",
        "/evil.svg": "markup",
        "/huge.jpg": "too_large",
        "/lying.jpg": "markup",
    }
    for path, reason in expected.items():
        row = state[path]
        assert row is not None and row.status == "failed" and reason in (row.error or ""), (
            path,
            row and row.error,
        )
        assert row.attempts == image_rows.MAX_ATTEMPTS  # never tried again
    # Each address is fetched once, however many times it is named.
    assert len(feedserver.requests_to("/lead.jpg")) == 1
    assert feedserver.requests_to("/lead.jpg")[0].headers.get("Accept", "").startswith("image/")


def test_pages_show_only_our_own_copies(ctx: Context, feedserver: FeedServer, live_app: LiveServer) -> None:
    base = feedserver.base_url
    add_source(ctx, _serve(feedserver), full_text=False, discover=False, allow_internal=True)
    first = _article(ctx, "Harbour reopens after the storm")
    view = article_page(ctx, first.id)
    assert view.picture is not None and view.picture.widths == (160, 480, 960)
    assert view.sources[0].icon is not None  # the feed's <image>
    html = httpx.get(f"{live_app.url}/articles/{first.id}").text
    assert base not in html.replace(f'href="{base}', "")  # links may point out; nothing loads from there
    srcs = re.findall(r'(?:src|srcset)="([^"]+)"', html)
    assert srcs and all(s.startswith("/") for s in srcs), srcs
    assert 'alt="The quay"' in html and "srcset=" in html
    picture = re.search(r'src="(/img/[0-9a-f]+/\d+\.webp)"', html)
    assert picture is not None
    served = httpx.get(live_app.url + picture.group(1))
    assert served.status_code == 200 and served.headers["content-type"] == "image/webp"
    assert "immutable" in served.headers["cache-control"]
    again = httpx.get(live_app.url + picture.group(1), headers={"If-None-Match": served.headers["etag"]})
    assert again.status_code == 304
    assert httpx.get(f"{live_app.url}/img/{'0' * 40}/480.webp").status_code == 404
    assert httpx.get(f"{live_app.url}/img/nothex/480.webp").status_code == 404
