"""The Google Reader API as NetNewsWire and Reeder call it (the sequence FreshRSS's and
Miniflux's documentation list: ClientLogin, token, tag/list, subscription/list, unread ids,
starred ids, items by id, then edit-tag and mark-all-as-read), replayed over loopback, with
every shape checked and the state compared with the web's."""

from __future__ import annotations

import httpx

from mynews.services.context import Context
from mynews.services.delivery import sync_entries
from mynews.services.delivery.sync_entries import EntryFilter
from mynews.services.readers import signals
from mynews.store import reader_activity
from tests.api.sync_news import SyncNews
from tests.conftest import LiveServer

API = "/reader/api/0"
READING_LIST, READ, STARRED = (
    "user/-/state/com.google/reading-list",
    "user/-/state/com.google/read",
    "user/-/state/com.google/starred",
)
PREFIX = "tag:google.com,2005:reader/item/"


def _login(base: str, news: SyncNews) -> httpx.Client:
    refused = httpx.post(f"{base}/accounts/ClientLogin", data={"Email": news.email, "Passwd": "wrong"})
    assert refused.status_code == 401 and "BadAuthentication" in refused.text
    answer = httpx.post(
        f"{base}/accounts/ClientLogin", data={"Email": news.email, "Passwd": news.app_password}
    )
    assert answer.status_code == 200
    lines = dict(line.split("=", 1) for line in answer.text.strip().splitlines())
    assert {"SID", "LSID", "Auth"} <= set(lines)
    return httpx.Client(
        base_url=base, headers={"Authorization": f"GoogleLogin auth={lines['Auth']}"}, timeout=30
    )


def _ids(client: httpx.Client, **query: str) -> list[str]:
    """Walk stream/items/ids page by page with its continuation."""
    out, continuation = [], ""
    while True:
        params = {**query, "output": "json", **({"c": continuation} if continuation else {})}
        body = client.get(f"{API}/stream/items/ids", params=params).json()
        out += [ref["id"] for ref in body["itemRefs"]]
        continuation = body.get("continuation", "")
        if not continuation:
            return out


def test_unauthenticated_calls_get_401(live_app: LiveServer, sync_news: SyncNews) -> None:
    for path in (
        "subscription/list",
        "tag/list",
        "unread-count",
        "stream/items/ids?s=" + READING_LIST,
        "token",
    ):
        assert httpx.get(f"{live_app.url}{API}/{path}").status_code == 401
    bad = {"Authorization": "GoogleLogin auth=1/" + "0" * 64}
    assert httpx.get(f"{live_app.url}{API}/tag/list", headers=bad).status_code == 401


def test_reeder_and_netnewswire_sync_sequence(
    ctx: Context, live_app: LiveServer, sync_news: SyncNews
) -> None:
    client = _login(live_app.url, sync_news)
    action = client.get(f"{API}/token").text.strip()
    assert len(action) == 57
    assert client.get(f"{API}/user-info").json()["userEmail"] == sync_news.email

    tags = [t["id"] for t in client.get(f"{API}/tag/list", params={"output": "json"}).json()["tags"]]
    assert STARRED in tags and {
        "user/-/label/For you",
        "user/-/label/Following",
        "user/-/label/Saved",
    } <= set(tags)
    subscriptions = client.get(f"{API}/subscription/list", params={"output": "json"}).json()["subscriptions"]
    by_title = {s["title"]: s for s in subscriptions}
    assert by_title["Global Voices"]["categories"] == [{"id": "user/-/label/Following", "label": "Following"}]
    assert by_title["For you"]["id"].startswith("feed/")

    server_unread = sync_entries.count(ctx, EntryFilter(sync_news.reader_id, read=False))
    counts = {
        c["id"]: c["count"]
        for c in client.get(f"{API}/unread-count", params={"output": "json"}).json()["unreadcounts"]
    }
    assert counts[READING_LIST] == server_unread
    assert counts[by_title["Global Voices"]["id"]] == 40

    unread = _ids(client, s=READING_LIST, xt=READ, n="1000")
    assert len(unread) == len(set(unread)) == server_unread and all(i.isdigit() for i in unread)
    assert _ids(client, s=READING_LIST, xt=READ, n="25") == unread  # the same, 25 at a time
    assert _ids(client, s=STARRED, n="1000") == []

    # contents of the unread items, 50 ids per POST as NetNewsWire batches them
    items = []
    for start in range(0, len(unread), 50):
        form = {"i": unread[start : start + 50]}
        items += client.post(f"{API}/stream/items/contents", data=form).json()["items"]
    assert [int(i["id"].removeprefix(PREFIX), 16) for i in items] == [int(i) for i in unread]
    first = items[0]
    assert first["origin"]["streamId"].startswith("feed/") and first["summary"]["content"]
    assert READING_LIST in first["categories"] and READ not in first["categories"]

    # reading: long id form, then decimal; back to unread; starring saves on the web
    assert client.post(f"{API}/edit-tag", data={"i": first["id"], "a": READ, "T": action}).text == "OK"
    assert client.post(f"{API}/edit-tag", data={"i": unread[1], "a": READ}).text == "OK"
    with ctx.db.reading() as session:
        assert len(reader_activity.read_ids(session, sync_news.reader_id)) >= 2
    assert len(_ids(client, s=READING_LIST, xt=READ)) == server_unread - 2
    client.post(f"{API}/edit-tag", data={"i": unread[1], "r": READ})
    assert len(_ids(client, s=READING_LIST, xt=READ)) == server_unread - 1
    client.post(f"{API}/edit-tag", data={"i": unread[2], "a": STARRED})
    assert _ids(client, s=STARRED) == [unread[2]]
    assert [s.title for s in signals.saved(ctx, sync_news.reader_id).items] == [items[2]["title"]]
    wrong = client.post(f"{API}/edit-tag", data={"i": unread[3], "a": READ, "T": "x" * 57})
    assert wrong.status_code == 401

    # a feed, a label and the reading list, page by page with continuation
    feed = by_title["Global Voices"]["id"]
    seen, continuation = [], ""
    while True:
        body = client.get(
            f"{API}/stream/contents/{feed}",
            params={"n": "15", **({"c": continuation} if continuation else {})},
        ).json()
        seen += [i["id"] for i in body["items"]]
        continuation = body.get("continuation", "")
        if not continuation:
            break
    assert len(seen) == len(set(seen)) == 40
    oldest = client.get(f"{API}/stream/contents", params={"s": feed, "r": "o", "n": "40"}).json()["items"]
    assert [i["id"] for i in oldest] == list(reversed(seen))
    for_you = client.get(f"{API}/stream/contents/user/-/label/For you", params={"n": "20"}).json()
    assert for_you["items"] and all("Why:" in i["summary"]["content"] for i in for_you["items"])
    following = client.get(f"{API}/stream/contents/user/-/label/Following", params={"n": "1000"}).json()[
        "items"
    ]
    assert {i["origin"]["streamId"] for i in following} >= {feed}

    # mark a feed read up to now
    now_usec = str(int(ctx.clock.now().timestamp() * 1_000_000))
    assert client.post(f"{API}/mark-all-as-read", data={"s": feed, "ts": now_usec, "T": action}).text == "OK"
    counts = {c["id"]: c["count"] for c in client.get(f"{API}/unread-count").json()["unreadcounts"]}
    assert feed not in counts
    assert _ids(client, s=feed, xt=READ) == []
