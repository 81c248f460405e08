"""What every sync API shows of an entry: its HTML (For you's reason first), links, times."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from mynews.services.delivery.sync_entries import EntryRow
from mynews.services.delivery.sync_feeds import SyncFeedView


def content_html(entry: EntryRow) -> str:
    """The stored (sanitised) HTML; a For you entry starts with why it is there."""
    why = f'<p class="mynews-why"><strong>Why:</strong> {html.escape(entry.note)}</p>' if entry.note else ""
    return why + entry.content


def author(entry: EntryRow) -> str:
    return ", ".join(entry.authors or []) or (entry.site_name or "")


def iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def page_url(base: str, feed: SyncFeedView) -> str:
    """Where the feed is on the web: a source's site, or mynews' own page."""
    if feed.kind == "source":
        return feed.site_url or feed.feed_url or base
    return {
        "for_you": f"{base}/for-you",
        "saved": f"{base}/saved",
        "topic": f"{base}/topics/{feed.key}",
        "entity": f"{base}/entities/{feed.key}",
    }.get(feed.kind, base)


def feed_url(base: str, feed: SyncFeedView) -> str:
    if feed.kind == "source" and feed.feed_url:
        return feed.feed_url
    if feed.kind == "for_you":
        return f"{base}/feeds/for-you.atom"
    return page_url(base, feed)
