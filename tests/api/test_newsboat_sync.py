"""newsboat 2.21, a real reader app, against the sync APIs over loopback: ``urls-source
"miniflux"`` (the Miniflux API) and ``urls-source "feedhq"`` with ``feedhq-url`` (the Google
Reader API). What it fetched is read from its own cache; what it marked read, from mynews."""

from __future__ import annotations

from pathlib import Path

from mynews.services.context import Context
from mynews.services.delivery import sync_entries, sync_feeds
from mynews.services.delivery.sync_entries import EntryFilter
from mynews.services.readers import signals
from mynews.store import reader_activity
from tests.api import newsboat
from tests.api.sync_news import SyncNews
from tests.conftest import LiveServer


def test_newsboat_miniflux_mode_fetches_feeds_and_marks_read(
    ctx: Context, live_app: LiveServer, sync_news: SyncNews, tmp_path: Path
) -> None:
    command = newsboat.configure(
        tmp_path,
        [
            'urls-source "miniflux"',
            f'miniflux-url "{live_app.url}/"',
            f'miniflux-login "{sync_news.email}"',
            f'miniflux-password "{sync_news.app_password}"',
        ],
    )
    newsboat.reload(tmp_path, command)
    items = newsboat.cached_items(tmp_path)
    feeds = {str(f["rssurl"]) for f in newsboat.cached_feeds(tmp_path)}  # newsboat keeps the feed ids
    ours = sync_feeds.feeds(ctx, sync_news.reader_id)
    per_feed = [
        EntryFilter(sync_news.reader_id, feed_ids=(v.id,)) for v in ours
    ]  # newsboat reads feed by feed
    total = sum(sync_entries.count(ctx, f) for f in per_feed)
    server_unread = sum(
        sync_entries.count(ctx, EntryFilter(**{**f.__dict__, "read": False})) for f in per_feed
    )
    unread = EntryFilter(sync_news.reader_id, read=False)
    print(
        f"newsboat/miniflux: {len(feeds)} feeds, {len(items)} items, {sum(i['unread'] for i in items)} unread"
    )
    assert feeds == {str(v.id) for v in ours}
    for_you = next(str(v.id) for v in ours if v.kind == "for_you")
    assert len(items) == total and sum(int(i["unread"]) for i in items) == server_unread > 0
    assert all("Why:" in str(i["content"]) for i in items if i["feedurl"] == for_you)

    # mark every feed read in newsboat's feed list (C, y), then quit (q)
    screen = newsboat.press(tmp_path, command, [("C", "Do you really want"), ("y", "(0 unread"), ("q", "")])
    assert sync_entries.count(ctx, unread) == 0, screen
    with ctx.db.reading() as session:
        assert len(reader_activity.read_ids(session, sync_news.reader_id, limit=10_000)) >= len(
            {a for ids in sync_news.sources.values() for a in ids}
        )


def test_newsboat_feedhq_mode_speaks_google_reader(
    ctx: Context, live_app: LiveServer, sync_news: SyncNews, tmp_path: Path
) -> None:
    command = newsboat.configure(
        tmp_path,
        [
            'urls-source "feedhq"',
            f'feedhq-url "{live_app.url}/"',
            f'feedhq-login "{sync_news.email}"',
            f'feedhq-password "{sync_news.app_password}"',
            "feedhq-min-items 100",
            "feedhq-show-special-feeds no",
        ],
    )
    # read one article on the web first: newsboat must see it read
    ours = sync_feeds.feeds(ctx, sync_news.reader_id)
    source = next(v for v in ours if v.title == "Global Voices")
    first = sync_entries.page(ctx, EntryFilter(sync_news.reader_id, feed_ids=(source.id,)), limit=1)[0]
    signals.record(ctx, sync_news.reader_id, first.article_id, "open")

    newsboat.reload(tmp_path, command)
    items = newsboat.cached_items(tmp_path)
    feeds = {str(f["rssurl"]) for f in newsboat.cached_feeds(tmp_path)}
    assert len(feeds) == len(ours) and all("/reader/atom/feed%2F" in url for url in feeds)
    per_feed = [EntryFilter(sync_news.reader_id, feed_ids=(v.id,)) for v in ours]
    total = sum(sync_entries.count(ctx, f) for f in per_feed)
    server_unread = sum(
        sync_entries.count(ctx, EntryFilter(**{**f.__dict__, "read": False})) for f in per_feed
    )
    unread_items = sum(int(i["unread"]) for i in items)
    print(f"newsboat/feedhq: {len(feeds)} feeds, {len(items)} items, {unread_items} unread")
    assert len(items) == total and unread_items == server_unread < total
    assert all(str(i["guid"]).startswith("tag:google.com,2005:reader/item/") for i in items)

    screen = newsboat.press(tmp_path, command, [("C", "Do you really want"), ("y", "(0 unread"), ("q", "")])
    assert sync_entries.count(ctx, EntryFilter(sync_news.reader_id, read=False)) == 0, screen
