"""The Fever API as Reeder and Unread call it (authenticate, groups, feeds, favicons, unread and
saved ids, items by since_id / max_id / with_ids, then mark item, feed and group), replayed over
loopback with every shape checked and the state compared with the web's."""

from __future__ import annotations

import httpx

from mynews.services.context import Context
from mynews.services.delivery.app_passwords import fever_api_key
from mynews.services.readers import signals
from mynews.store import reader_activity
from tests.api.sync_news import SyncNews
from tests.conftest import LiveServer


def test_fever_refuses_without_a_valid_key(live_app: LiveServer, sync_news: SyncNews) -> None:
    refused = {"api_version": 3, "auth": 0}
    assert httpx.post(f"{live_app.url}/fever/?api").json() == refused
    assert httpx.post(f"{live_app.url}/fever/?api&items", data={"api_key": "0" * 32}).json() == refused
    web_password_key = fever_api_key(sync_news.email, "correct horse battery")
    assert httpx.post(f"{live_app.url}/fever/?api", data={"api_key": web_password_key}).json() == refused


def test_reeder_fever_sequence(ctx: Context, live_app: LiveServer, sync_news: SyncNews) -> None:
    key = fever_api_key(sync_news.email, sync_news.app_password)

    def call(query: str) -> dict:
        answer = httpx.post(f"{live_app.url}/fever/?api{query}", data={"api_key": key}, timeout=30)
        assert answer.status_code == 200
        body = answer.json()
        assert (
            body["api_version"] == 3 and body["auth"] == 1 and isinstance(body["last_refreshed_on_time"], int)
        )
        return body

    call("")
    groups = call("&groups")
    assert [g["title"] for g in groups["groups"]] == ["For you", "Following", "Saved"]
    feeds = call("&feeds")["feeds"]
    by_title = {f["title"]: f for f in feeds}
    following = next(g for g in groups["feeds_groups"] if g["group_id"] == 2)
    assert str(by_title["Global Voices"]["id"]) in following["feed_ids"].split(",")
    assert all(
        {"id", "favicon_id", "title", "url", "site_url", "is_spark", "last_updated_on_time"} <= set(f)
        for f in feeds
    )
    assert call("&favicons")["favicons"] == []

    unread = [int(i) for i in call("&unread_item_ids")["unread_item_ids"].split(",")]
    assert call("&saved_item_ids")["saved_item_ids"] == ""

    # every item, 50 at a time from since_id=0, as Reeder syncs
    items, since = [], 0
    while True:
        body = call(f"&items&since_id={since}")
        if not body["items"]:
            break
        items += body["items"]
        since = body["items"][-1]["id"]
        assert len(body["items"]) <= 50
    ids = [i["id"] for i in items]
    assert ids == sorted(set(ids)) and len(ids) == body["total_items"] and set(unread) == set(ids)
    assert all(
        {"id", "feed_id", "title", "author", "html", "url", "is_saved", "is_read", "created_on_time"}
        <= set(i)
        for i in items
    )
    newest = call(f"&items&max_id={ids[-1]}")["items"]
    assert [i["id"] for i in newest] == list(reversed(ids[:-1]))[:50]
    picked = call(f"&items&with_ids={ids[0]},{ids[5]}")["items"]
    assert [i["id"] for i in picked] == [ids[0], ids[5]]

    # mark an item read and saved; the web sees both
    call(f"&mark=item&as=read&id={ids[0]}")
    call(f"&mark=item&as=saved&id={ids[1]}")
    assert call(f"&items&with_ids={ids[0]},{ids[1]}")["items"][0]["is_read"] == 1
    assert call("&saved_item_ids")["saved_item_ids"] == str(ids[1])
    assert [s.title for s in signals.saved(ctx, sync_news.reader_id).items] == [items[1]["title"]]
    with ctx.db.reading() as session:
        assert reader_activity.read_ids(session, sync_news.reader_id)
    call(f"&mark=item&as=unsaved&id={ids[1]}")
    call(f"&mark=item&as=unread&id={ids[0]}")
    assert len(call("&unread_item_ids")["unread_item_ids"].split(",")) == len(unread)

    # a feed read up to now, then the Following group
    now = int(ctx.clock.now().timestamp())
    gv = by_title["Global Voices"]["id"]
    call(f"&mark=feed&as=read&id={gv}&before={now}")
    still = set(call("&unread_item_ids")["unread_item_ids"].split(",")) - {""}
    assert still and all(i["feed_id"] != gv for i in items if str(i["id"]) in still)
    call(f"&mark=group&as=read&id=2&before={now}")
    left = call(f"&items&with_ids={','.join(sorted(still)[:50])}")["items"]
    assert all(
        i["is_read"] == 1 for i in left if i["feed_id"] in {int(x) for x in following["feed_ids"].split(",")}
    )
