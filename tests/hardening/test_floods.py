"""The floods of issue 7 (item 4) while readers keep reading: a 100,000-item feed refresh and a
push with 100,000 tags, understood by the real models, while token requests and For you are
measured over loopback. Each must keep answering 200 in under a second."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from sqlalchemy import func, select

from mynews.services.context import Context
from mynews.services.ingestion.catalog import add_source
from mynews.services.ingestion.push import create_push_source
from mynews.services.readers import accounts
from mynews.store.models import Article, Source
from tests.conftest import LiveServer
from tests.feedserver import FeedServer, Route

ITEMS = 100_000


def flood_feed(count: int = ITEMS) -> bytes:
    """An RSS document of ``count`` small items (every tenth dated), under the 10 MB fetch cap."""
    items = "".join(
        f"<item><title>Flood {i}</title><guid>flood-{i}</guid>"
        + (f"<pubDate>Tue, 01 May 2012 {i % 24:02d}:{i % 60:02d}:00 GMT</pubDate>" if i % 10 == 0 else "")
        + "</item>"
        for i in range(count)
    )
    head = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Flood</title><link>http://127.0.0.1/</link>'
    )
    return f"{head}{items}</channel></rss>".encode()


@contextmanager
def probing(base: str, token: str) -> Iterator[list[tuple[str, int, float]]]:
    """Token requests and For you, one after the other, until the block ends."""
    results: list[tuple[str, int, float]] = []
    stop = threading.Event()

    def run() -> None:
        client = httpx.Client(base_url=base, headers={"authorization": f"Bearer {token}"}, timeout=30)
        while not stop.is_set():
            for path in ("/api/v1/me", "/api/v1/feed/for-you"):
                start = time.perf_counter()
                status = client.get(path).status_code
                results.append((path, status, time.perf_counter() - start))
            time.sleep(0.05)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield results
    finally:
        stop.set()
        thread.join(30)


def report(name: str, results: list[tuple[str, int, float]]) -> None:
    for path in ("/api/v1/me", "/api/v1/feed/for-you"):
        times = sorted(t for p, _, t in results if p == path)
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        print(
            f"\n{name}: {path} {len(times)} requests, p50 {statistics.median(times) * 1000:.0f} ms,"
            f" p99 {p99 * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
        )
    assert results and all(status == 200 for _, status, _ in results), {s for _, s, _ in results}
    times = sorted(t for _, _, t in results)
    # Functional bounds on a shared 2-core machine: 99 % under a second, none near a lock wait
    # (before: 30 s waits, then 500 "database is locked", for 4 minutes).
    assert times[int(len(times) * 0.99)] < 1.0 and times[-1] < 5.0


def test_readers_keep_reading_through_a_100000_item_feed_and_a_100000_tag_push(
    ctx: Context, live_app: LiveServer, feedserver: FeedServer
) -> None:
    ctx.settings.enrich_enabled = True
    ctx.settings.refresh_max_items = 100  # the models understand what is kept (100 here, 500 by default)
    reader = accounts.sign_up(ctx, "ada@example.org", "correct horse battery")
    _, token = accounts.create_token(ctx, reader.id, "probe")
    url = feedserver.route("/flood.xml", Route(body=flood_feed()))

    with probing(live_app.url, token) as results:
        start = time.perf_counter()
        view, _ = add_source(
            ctx, url, full_text=False, discover=False, allow_internal=True
        )  # refresh + processing
        took = time.perf_counter() - start
    report("100,000-item feed", results)
    with ctx.db.reading() as session:
        source = session.get(Source, view.id)
        assert source is not None
        skipped = source.skipped_items
        stored = session.scalar(select(func.count(Article.id)).where(Article.first_source_id == view.id))
        ready = session.scalar(select(func.count(Article.id)).where(Article.status == "ready"))
        titles = set(session.scalars(select(Article.title)))
    print(
        f"\nrefresh (and understanding) of a {ITEMS}-item feed: {took:.1f} s, {stored} stored, {skipped} skipped"
    )
    assert skipped == ITEMS - ctx.settings.refresh_max_items
    assert stored == ready == ctx.settings.refresh_max_items
    dated = [i for i in range(ITEMS) if i % 10 == 0]  # newest first: by time, then document order
    newest = sorted(dated, key=lambda i: (-((i % 24) * 60 + i % 60), i))[: ctx.settings.refresh_max_items]
    assert titles == {f"Flood {i}" for i in newest}

    _, publisher = create_push_source(ctx, "Tags")
    body = {
        "id": "t1",
        "title": "Tagged",
        "text": "A pushed article.",
        "tags": [f"t{i}" for i in range(ITEMS)],
    }
    with probing(live_app.url, token) as results:
        answer = httpx.post(
            f"{live_app.url}/api/v1/articles",
            json=body,
            headers={"authorization": f"Bearer {publisher}"},
            timeout=120,
        )
        time.sleep(0.5)
    report("push with 100,000 tags", results)
    assert answer.status_code in (202, 413, 422), answer.status_code
