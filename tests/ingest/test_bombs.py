"""Parser and compression bombs over loopback are refused clearly, and the test process (which
fetches, parses and stores them) stays within a stated memory cap while it refuses them.

Figures: each test prints its peak memory growth (``pytest -s``)."""

from __future__ import annotations

import gzip
import zlib

import brotli
import pytest

from mynews.core.errors import FetchError
from mynews.core.settings import Settings
from mynews.ingest.feeds import parse_feed
from mynews.services.context import Context
from mynews.services.ingestion import fetching
from mynews.services.ingestion.catalog import add_source, get_source
from mynews.services.reading.articles import article, latest
from tests.feedserver import FeedServer, Route
from tests.memory import peak_growth_mb

CAP_MB = 120
"""Peak RSS growth allowed while a bomb is refused (the bombs expand to 0.2-1 GB)."""


def gzip_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * 1_000_000
    return b"".join([*(packer.compress(block) for _ in range(size // len(block))), packer.flush()])


def brotli_zeros(size: int) -> bytes:
    packer = brotli.Compressor(quality=5)
    block = b"\0" * 1_000_000
    return b"".join([*(packer.process(block) for _ in range(size // len(block))), packer.finish()])


BOMB = gzip_zeros(1_000_000_000)  # 1 GB of zeros in about 1 MB


def _allowed(settings: Settings, server: FeedServer) -> str:
    return f"127.0.0.1:{server.port}"


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_a_content_encoding_bomb_page_is_refused(
    settings: Settings, feedserver: FeedServer, encoding: str
) -> None:
    body = BOMB if encoding == "gzip" else brotli_zeros(300_000_000)
    url = feedserver.route(
        "/bomb.html", Route(body=body, content_type="text/html", headers={"Content-Encoding": encoding})
    )

    def fetch() -> FetchError:
        with pytest.raises(FetchError) as err:
            fetching.fetch(settings, url, allowance=_allowed(settings, feedserver))
        return err.value

    error, growth = peak_growth_mb(fetch)
    print(f"{encoding} page bomb ({len(body)} bytes on the wire): peak growth {growth:.1f} MB")
    assert error.kind == "too_large" and "ratio" in error.message
    assert growth < CAP_MB


def test_a_gzip_bomb_behind_a_feed_item_keeps_the_summary(ctx: Context, feedserver: FeedServer) -> None:
    """The page of a summary-only item is a double bomb (gzip body, gzip Content-Encoding)."""
    inner = gzip.compress(gzip_zeros(200_000_000))
    link = feedserver.route("/story.html", Route(body=inner, content_type="text/html", encoding="gzip"))
    feed = f"""<rss version="2.0"><channel><title>T</title><item><title>Item</title><link>{link}</link>
<guid>1</guid><description>The teaser survives.</description></item></channel></rss>""".encode()
    url = feedserver.route("/feed.xml", Route(body=feed))
    _, growth = peak_growth_mb(lambda: add_source(ctx, url, discover=False, allow_internal=True))
    print(f"double-gzip item page: peak growth {growth:.1f} MB")
    stored = article(ctx, latest(ctx).items[0].id)
    assert stored.status == "ready" and "The teaser survives." in stored.text
    assert growth < CAP_MB


@pytest.mark.parametrize("as_encoding", [True, False])
def test_a_gzip_feed_bomb_is_a_source_error(ctx: Context, feedserver: FeedServer, as_encoding: bool) -> None:
    route = (
        Route(body=BOMB, content_type="application/rss+xml", headers={"Content-Encoding": "gzip"})
        if as_encoding
        else Route(body=BOMB, content_type="application/gzip")  # a .xml.gz file
    )
    url = feedserver.route("/feed.xml", route)
    (view, _), growth = peak_growth_mb(lambda: add_source(ctx, url, discover=False, allow_internal=True))
    print(f"gzip feed bomb (Content-Encoding: {as_encoding}): peak growth {growth:.1f} MB")
    source = get_source(ctx, view.id)
    assert source is not None and source.error_count == 1
    assert "ratio" in (source.last_error or "") or "exceeds" in (source.last_error or "")
    assert growth < CAP_MB


def _laughs(levels: int = 10) -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)
    ]
    top = f"&lol{levels - 1};"
    return f"""<?xml version="1.0"?>
<!DOCTYPE rss [{"".join(entities)}]>
<rss version="2.0"><channel><title>{top}</title><item><title>{top}</title><link>http://a.example/x</link>
<description>{top}</description></item></channel></rss>""".encode()


def test_billion_laughs_is_not_expanded(ctx: Context, feedserver: FeedServer) -> None:
    data = _laughs()
    parsed, growth = peak_growth_mb(lambda: parse_feed(data))
    print(f"billion laughs parse: peak growth {growth:.1f} MB")
    assert all(len(i.title) < 1000 and len(i.summary_html or "") < 1000 for i in parsed.items)
    assert growth < CAP_MB
    url = feedserver.route("/laughs.xml", Route(body=data))
    _, growth = peak_growth_mb(lambda: add_source(ctx, url, discover=False, allow_internal=True))
    print(f"billion laughs refresh: peak growth {growth:.1f} MB")
    assert growth < CAP_MB
    for item in latest(ctx).items:
        assert len(article(ctx, item.id).text) < 1000
