"""Google Reader API vocabulary: item ids (long hex form and decimal), stream ids, the item JSON.

Item ids: ``tag:google.com,2005:reader/item/<16 hex digits>`` (long form), the same number in
decimal (what ``stream/items/ids`` returns), or the 16 hex digits alone; all name one entry.
Streams: ``user/-/state/com.google/reading-list`` (everything), ``.../starred``, ``.../read``,
``feed/<id>`` (one feed), ``user/-/label/<category>`` (For you, Following, Saved); a numeric user
id in place of ``-`` is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mynews.api.sync_shapes import author, content_html, page_url
from mynews.core.errors import BadInput, NotFound
from mynews.http.params import Id
from mynews.services.delivery.sync_entries import EntryFilter, EntryRow
from mynews.services.delivery.sync_feeds import CATEGORIES, SyncFeedView

ITEM_PREFIX = "tag:google.com,2005:reader/item/"
STATE = "user/-/state/com.google/"
READING_LIST, READ, STARRED = STATE + "reading-list", STATE + "read", STATE + "starred"
LABEL = "user/-/label/"
_USER = re.compile(r"^user/[^/]+/")


def long_id(entry_id: Id) -> str:
    return f"{ITEM_PREFIX}{entry_id:016x}"


def parse_item_id(value: str) -> int | None:
    value = value.strip()
    try:
        if value.startswith(ITEM_PREFIX):
            return int(value[len(ITEM_PREFIX) :], 16)
        if value.lstrip("-").isdigit():
            number = int(value)
            return number if number >= 0 else number + (1 << 64)  # Google's signed 64-bit form
        if re.fullmatch(r"[0-9a-fA-F]{16}", value):
            return int(value, 16)
    except ValueError:
        return None
    return None


def normalise(stream: str) -> str:
    return _USER.sub("user/-/", stream.strip())


def feed_stream(feed_id: Id) -> str:
    return f"feed/{feed_id}"


@dataclass(frozen=True)
class Stream:
    id: str
    title: str
    feed_ids: tuple[int, ...] | None = None
    read: bool | None = None
    starred: bool | None = None
    ranked: bool = False  # For you: in ranked order

    def filter(self, reader_id: Id, **more: Any) -> EntryFilter:
        return EntryFilter(reader_id, feed_ids=self.feed_ids, read=self.read, starred=self.starred, **more)


def resolve(stream: str, feeds: list[SyncFeedView]) -> Stream:
    """The entries a stream id names, among the reader's feeds."""
    stream = normalise(stream)
    if stream == READING_LIST:
        return Stream(stream, "Reading list")
    if stream == STARRED:
        return Stream(stream, "Starred", starred=True)
    if stream == READ:
        return Stream(stream, "Read", read=True)
    if stream.startswith("feed/"):
        found = next((f for f in feeds if feed_stream(f.id) == stream), None)
        if found is None:
            raise NotFound(f"no stream {stream}")
        return Stream(stream, found.title, (found.id,), ranked=found.kind == "for_you")
    if stream.startswith(LABEL):
        name = stream[len(LABEL) :]
        ids = [i for i, title in CATEGORIES.items() if title == name]
        if not ids:
            raise NotFound(f"no label {name}")
        members = tuple(f.id for f in feeds if f.category_id == ids[0])
        return Stream(stream, name, members, ranked=name == "For you")
    raise BadInput(f"unknown stream {stream}")


def label_of(feed: SyncFeedView) -> str:
    return LABEL + feed.category


def item(entry: EntryRow, feed: SyncFeedView | None, base: str) -> dict[str, Any]:
    categories = [READING_LIST, STATE + "fresh"] if not entry.read else [READING_LIST, READ]
    if entry.starred:
        categories.append(STARRED)
    if feed is not None:
        categories.append(label_of(feed))
    link = entry.url or f"{base}/read/{entry.article_id}"
    published = int(entry.published_at.timestamp())
    return {
        "id": long_id(entry.id),
        "crawlTimeMsec": str(int(entry.created_at.timestamp() * 1000)),
        "timestampUsec": str(int(entry.published_at.timestamp() * 1_000_000)),
        "published": published,
        "updated": published,
        "title": entry.title,
        "canonical": [{"href": link}],
        "alternate": [{"href": link, "type": "text/html"}],
        "categories": categories,
        "origin": {
            "streamId": feed_stream(entry.feed_id),
            "title": feed.title if feed else "",
            "htmlUrl": page_url(base, feed) if feed else base,
        },
        "summary": {"direction": "ltr", "content": content_html(entry)},
        "author": author(entry),
    }
