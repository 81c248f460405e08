"""One state for the web and reader apps: near-duplicates are read together, follows become
and stop being feeds, and one reader's app never reaches another reader's entries."""

from __future__ import annotations

import httpx
from sqlalchemy import update

from mynews.services.context import Context
from mynews.services.delivery import app_passwords, sync_entries, sync_feeds
from mynews.services.delivery.sync_entries import EntryFilter
from mynews.services.readers import accounts, follows, signals
from mynews.store import reader_activity
from mynews.store.models import Article
from tests.api.sync_news import SyncNews
from tests.conftest import LiveServer


def _entries_of(ctx: Context, reader_id: int, article_id: int) -> list[sync_entries.EntryRow]:
    rows = sync_entries.page(ctx, EntryFilter(reader_id, main=None, feed_ids=None), limit=1000)
    everything = [
        r
        for f in sync_feeds.feeds(ctx, reader_id)
        for r in sync_entries.page(ctx, EntryFilter(reader_id, feed_ids=(f.id,)), limit=1000)
    ]
    return [r for r in everything + rows if r.article_id == article_id]


def test_reading_one_copy_reads_its_near_duplicates(
    ctx: Context, live_app: LiveServer, sync_news: SyncNews
) -> None:
    first, second = (ids[0] for ids in sync_news.sources.values())  # one article of each source
    with ctx.db.transaction() as session:
        session.execute(update(Article).where(Article.id == second).values(duplicate_of_id=first))
    copy = _entries_of(ctx, sync_news.reader_id, second)[0]
    answer = httpx.put(
        f"{live_app.url}/v1/entries",
        json={"entry_ids": [copy.id], "status": "read"},
        auth=(sync_news.email, sync_news.app_password),
    )
    assert answer.status_code == 204
    with ctx.db.reading() as session:
        assert {first, second} <= reader_activity.read_ids(session, sync_news.reader_id)
    assert all(e.read for e in _entries_of(ctx, sync_news.reader_id, first))


def test_web_actions_show_in_apps_and_follows_become_feeds(ctx: Context, sync_news: SyncNews) -> None:
    source = next(iter(sync_news.sources))
    article = sync_news.sources[source][3]
    signals.record(ctx, sync_news.reader_id, article, "save")
    assert all(e.starred for e in _entries_of(ctx, sync_news.reader_id, article))
    sync_feeds.refresh(ctx, sync_news.reader_id, force=True)
    saved_feed = next(f for f in sync_feeds.feeds(ctx, sync_news.reader_id) if f.kind == "saved")
    assert [
        e.article_id
        for e in sync_entries.page(ctx, EntryFilter(sync_news.reader_id, feed_ids=(saved_feed.id,)))
    ] == [article]
    signals.unsave(ctx, sync_news.reader_id, article)
    assert not any(e.starred for e in _entries_of(ctx, sync_news.reader_id, article))

    # unfollowing a source removes its feed; its articles still reachable through other feeds stay, once
    all_before = sync_entries.count(ctx, EntryFilter(sync_news.reader_id))
    follows.unfollow(ctx, sync_news.reader_id, "source", source)
    sync_feeds.refresh(ctx, sync_news.reader_id, force=True)
    feeds = sync_feeds.feeds(ctx, sync_news.reader_id)
    assert all(not (f.kind == "source" and f.key == source) for f in feeds)
    mains = sync_entries.all_ids(ctx, EntryFilter(sync_news.reader_id))
    assert len(mains) == all_before  # For you still carries them all here: their entries there became main
    kept = [
        r
        for f in feeds
        for r in sync_entries.page(ctx, EntryFilter(sync_news.reader_id, feed_ids=(f.id,)), limit=1000)
    ]
    assert {r.article_id for r in kept} == {
        r.article_id for r in sync_entries.page(ctx, EntryFilter(sync_news.reader_id), limit=1000)
    }  # every article still in a feed has its main entry


def test_one_reader_never_reaches_another_readers_entries(
    ctx: Context, live_app: LiveServer, sync_news: SyncNews
) -> None:
    other = accounts.sign_up(ctx, "other@example.org", "correct horse battery")
    _, password = app_passwords.create(ctx, other.id, other.email, "phone")
    mine = sync_entries.all_ids(ctx, EntryFilter(sync_news.reader_id))[:20]
    auth = (other.email, password)
    assert httpx.get(f"{live_app.url}/v1/entries/{mine[0]}", auth=auth).status_code == 404
    assert (
        httpx.put(
            f"{live_app.url}/v1/entries", json={"entry_ids": mine, "status": "read"}, auth=auth
        ).status_code
        == 204
    )
    assert httpx.put(f"{live_app.url}/v1/entries/{mine[0]}/bookmark", auth=auth).status_code == 404
    assert sync_entries.count(ctx, EntryFilter(sync_news.reader_id, read=True)) == 0
    theirs = httpx.get(f"{live_app.url}/v1/entries", params={"limit": 1000}, auth=auth).json()["entries"]
    assert theirs and {e["user_id"] for e in theirs} == {other.id}  # their own For you (trending news)
    assert not {e["id"] for e in theirs} & set(sync_entries.all_ids(ctx, EntryFilter(sync_news.reader_id)))
    login = httpx.post(
        f"{live_app.url}/accounts/ClientLogin", data={"Email": other.email, "Passwd": password}
    )
    token = dict(line.split("=", 1) for line in login.text.split())["Auth"]
    items = httpx.post(
        f"{live_app.url}/reader/api/0/stream/items/contents",
        data={"i": [str(i) for i in mine]},
        headers={"Authorization": f"GoogleLogin auth={token}"},
    ).json()["items"]
    assert items == []
    with ctx.db.reading() as session:
        assert reader_activity.read_ids(session, sync_news.reader_id) == set()
