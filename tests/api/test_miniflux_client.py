"""The official ``miniflux`` Python client against the Miniflux API over loopback: feeds,
categories, entries with paging and filters, read/unread and bookmarks, and the same state on
the web side (read states with near-duplicates, the saved list)."""

from __future__ import annotations

import httpx
import miniflux
import pytest

from mynews.core.clock import FixedClock
from mynews.services.context import Context
from mynews.services.readers import signals
from mynews.services.reading import feed
from mynews.store import reader_activity
from tests.api.sync_news import SyncNews
from tests.conftest import LiveServer


def test_unauthenticated_calls_are_refused_as_miniflux_does(
    live_app: LiveServer, sync_news: SyncNews
) -> None:
    for headers in ({}, {"X-Auth-Token": "wrong"}, {"Authorization": "Basic d3Jvbmc6d3Jvbmc="}):
        r = httpx.get(f"{live_app.url}/v1/me", headers=headers)
        assert r.status_code == 401
        assert r.json() == {"error_message": "Access Unauthorized"}
    # the web password is not an app password
    bad = miniflux.Client(live_app.url, username=sync_news.email, password="correct horse battery")
    with pytest.raises(miniflux.AccessUnauthorized):
        bad.me()
    # the right password under another user name is refused too
    other = miniflux.Client(live_app.url, username="someone@example.org", password=sync_news.app_password)
    with pytest.raises(miniflux.AccessUnauthorized):
        other.me()


def test_miniflux_client_reads_feeds_entries_and_changes_state(
    ctx: Context, live_app: LiveServer, sync_news: SyncNews
) -> None:
    ctx.clock = FixedClock(ctx.clock.now())  # the ranking's seed comes from the time: one ranking
    client = miniflux.Client(live_app.url, username=sync_news.email, password=sync_news.app_password)
    token_client = miniflux.Client(live_app.url, api_key=sync_news.app_password)
    assert client.me()["username"] == sync_news.email == token_client.me()["username"]
    assert [c["title"] for c in client.get_categories()] == ["For you", "Following", "Saved"]

    feeds = client.get_feeds()
    by_title = {f["title"]: f for f in feeds}
    assert {"For you", "Saved", "Global Voices", "Global Voices Lingua"} <= set(by_title)
    assert by_title["For you"]["category"]["title"] == "For you"
    assert by_title["Global Voices"]["category"]["title"] == "Following"
    assert sum(1 for f in feeds if f["category"]["title"] == "Following") == 3  # two sources, one topic

    # a source's entries are its articles, newest first, all unread
    gv = by_title["Global Voices"]
    source_articles = next(iter(sync_news.sources.values()))  # Global Voices was pushed first
    page = client.get_feed_entries(
        gv["id"], status="unread", limit=100, order="published_at", direction="desc"
    )
    assert page["total"] == len(source_articles) == len(page["entries"])
    published = [e["published_at"] for e in page["entries"]]
    assert published == sorted(published, reverse=True)
    assert all(e["feed"]["id"] == gv["id"] and e["status"] == "unread" for e in page["entries"])

    # every entry, in pages of 25 by offset, once each
    total = client.get_entries(limit=1)["total"]
    seen = []
    for offset in range(0, total, 25):
        seen += [
            e["id"]
            for e in client.get_entries(limit=25, offset=offset, order="id", direction="asc")["entries"]
        ]
    assert len(seen) == len(set(seen)) == total and seen == sorted(seen)

    # For you: ranked as the web ranks it, each entry saying why
    for_you = client.get_feed_entries(by_title["For you"]["id"], limit=50)
    assert for_you["entries"] and all("Why:" in e["content"] for e in for_you["entries"])
    web = [c.title for c in feed.for_you(ctx, sync_news.reader_id, limit=50).cards[:10]]
    assert [e["title"] for e in for_you["entries"][:10]] == web

    # reading in the app is reading on the web, and the other way round
    first, second = page["entries"][0], page["entries"][1]
    client.update_entries([first["id"]], "read")
    with ctx.db.reading() as session:
        read = reader_activity.read_ids(session, sync_news.reader_id)
    assert len(read) >= 1
    assert client.get_entry(first["id"])["status"] == "read"
    unread_after = client.get_feed_entries(gv["id"], status="unread", limit=100)["total"]
    assert unread_after == page["total"] - 1
    client.update_entries([first["id"]], "unread")
    assert client.get_entry(first["id"])["status"] == "unread"

    # a bookmark is a saved article on the web; toggled again it is gone
    client.toggle_bookmark(second["id"])
    assert client.get_entry(second["id"])["starred"] is True
    saved = signals.saved(ctx, sync_news.reader_id).items
    assert [s.title for s in saved] == [second["title"]]
    assert client.get_entries(starred=True)["total"] >= 1
    client.toggle_bookmark(second["id"])
    assert signals.saved(ctx, sync_news.reader_id).items == []

    with pytest.raises(miniflux.ResourceNotFound):
        client.get_feed_entries(999_999)
