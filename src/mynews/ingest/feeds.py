"""Feed parsing: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed by hand.

``parse_feed`` never raises on bad input. It gunzips by magic bytes, repairs charsets (a
missing or wrong declaration is sniffed with charset-normalizer and the feed parsed again),
and maps every entry to an ``ItemDraft``. A broken document yields what could be recovered;
one with nothing recoverable gives ``ParsedFeed(items=(), error=<reason>)``. Items are kept one
per element, empty ones included; ``usable_items`` gives those worth storing.
"""

from __future__ import annotations

import calendar
import time
from datetime import UTC, datetime
from typing import Any

from mynews.core.feeds import ItemDraft, ParsedFeed
from mynews.ingest.decompress import TooLarge
from mynews.ingest.feed_bytes import (
    declared_encoding,
    detect_charset,
    garbled_ratio,
    gunzip_if_needed,
    looks_like_json,
    transcode_to_utf8,
)
from mynews.ingest.feed_items import (
    clean_title,
    is_full_content,
    parse_date,
    resolve_url,
    text_as_html,
    unique,
)
from mynews.ingest.jsonfeed import parse_json_feed

_GARBLED = 0.2
"""Re-decode when more than this share of titles/summaries look like mojibake."""


def parse_feed(data: bytes, *, url: str | None = None, content_type: str | None = None) -> ParsedFeed:
    """Parse feed bytes (RSS, Atom or JSON Feed) into a ParsedFeed; never raises for bad input."""
    try:
        data = gunzip_if_needed(data)
    except TooLarge as exc:
        return _failed(f"compressed feed refused: {exc}")
    if not data.strip():
        return _failed("empty document")
    says_json = bool(content_type and "json" in content_type.lower())
    if looks_like_json(data) or (says_json and not data.lstrip().startswith(b"<")):
        return parse_json_feed(data, url=url)
    try:
        return _parse_xml(data, url, content_type)
    except Exception as exc:  # feedparser is robust, but one bad feed must never stop a batch
        return _failed(f"feed parser crashed: {type(exc).__name__}: {exc}")


def usable_items(feed: ParsedFeed) -> tuple[ItemDraft, ...]:
    """The items worth storing: with a URL or a GUID, and a title or some body.

    ``parse_feed`` keeps every <item>/<entry> the document has (so counts match the source,
    including empty ``<item/>`` elements that real feeds contain); callers that store items
    should take them from here.
    """
    return tuple(
        item
        for item in feed.items
        if (item.url or item.guid) and (item.title or item.summary_html or item.content_html)
    )


def _parse_xml(data: bytes, url: str | None, content_type: str | None) -> ParsedFeed:
    parsed = _feedparser(data, content_type)
    if _needs_redecode(parsed):
        for candidate in _redecoded(data, content_type):
            retry = _feedparser(candidate, None)
            if len(retry.entries) >= len(parsed.entries) and not _needs_redecode(retry):
                parsed = retry
                break
    return _to_parsed_feed(parsed, url)


def _feedparser(data: bytes, content_type: str | None) -> Any:
    import feedparser

    # The document's own encoding declaration wins over the HTTP charset (servers often send a
    # default charset that does not match the bytes); without either, application/xml lets
    # feedparser use UTF-8 rather than the RFC 3023 us-ascii default for text/xml.
    use_http = _http_charset(content_type) is not None and not declared_encoding(data)
    headers = {"content-type": content_type if content_type and use_http else "application/xml"}
    # No content-location: feedparser would resolve GUIDs against it too, and a GUID must not
    # change when the feed moves. Links are resolved against ``url`` in ``_item`` instead.
    return feedparser.parse(data, response_headers=headers, sanitize_html=False, resolve_relative_uris=True)


def _needs_redecode(parsed: Any) -> bool:
    texts = [e.get("title", "") + " " + e.get("summary", "")[:300] for e in parsed.entries[:30]]
    texts.append(parsed.feed.get("title", ""))
    return garbled_ratio(texts) > _GARBLED


def _redecoded(data: bytes, content_type: str | None) -> list[bytes]:
    """Candidate UTF-8 versions of ``data``: the HTTP charset, then charset-normalizer's guess."""
    charsets = [cs for cs in (_http_charset(content_type), declared_encoding(data)) if cs]
    guess = detect_charset(data)
    if guess:
        charsets.append(guess)
    candidates = [transcode_to_utf8(data, cs) for cs in dict.fromkeys(charsets)]
    return [c for c in candidates if c is not None]


def _http_charset(content_type: str | None) -> str | None:
    if not content_type or "charset=" not in content_type.lower():
        return None
    return content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'") or None


def _to_parsed_feed(parsed: Any, url: str | None) -> ParsedFeed:
    feed = parsed.feed
    language = feed.get("language") or None
    site_url = resolve_url(feed.get("link"), url)
    base = url or (site_url if site_url and "://" in site_url else None)
    items = tuple(_item(entry, base, language) for entry in parsed.entries)
    error = _error_text(parsed, has_items=bool(items))
    image = feed.get("image") or {}
    return ParsedFeed(
        title=clean_title(feed.get("title"), is_html=_is_html(feed.get("title_detail"))) or None,
        site_url=site_url,
        language=language,
        format=parsed.get("version") or "unknown",
        items=items,
        encoding=parsed.get("encoding"),
        error=error,
        icon_url=resolve_url(feed.get("icon") or image.get("href"), base),
    )


_NOT_BREAKAGE = ("CharacterEncodingOverride", "NonXMLContentType", "CharacterEncodingUnknown")


def _error_text(parsed: Any, *, has_items: bool) -> str | None:
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    broken = exc is not None and type(exc).__name__ not in _NOT_BREAKAGE
    if not parsed.get("version") and not has_items:
        detail = f": {exc}" if exc is not None else ""
        return f"not a feed (no RSS, Atom or JSON Feed document found){detail}"
    if broken:
        prefix = "malformed feed, items recovered" if has_items else "malformed feed, nothing recovered"
        return f"{prefix}: {exc}"
    return None


def _item(entry: Any, base: str | None, feed_language: str | None) -> ItemDraft:
    summary_html = _summary_html(entry)
    content_html = _content_html(entry)
    published = (
        _date(entry.get("published_parsed"))
        or parse_date(entry.get("published"))
        or _date(entry.get("updated_parsed"))
    )
    return ItemDraft(
        url=resolve_url(entry.get("link"), base),
        guid=entry.get("id") or None,
        title=clean_title(entry.get("title"), is_html=_is_html(entry.get("title_detail"))),
        summary_html=summary_html,
        content_html=content_html,
        authors=_authors(entry),
        published=published,
        updated=_date(entry.get("updated_parsed")),
        categories=unique([t.get("label") or t.get("term") or "" for t in entry.get("tags", [])]),
        image_url=resolve_url(_image(entry), base),
        language=_language(entry) or feed_language,
        full_content=content_html is not None and is_full_content(content_html, summary_html),
    )


def _is_html(detail: Any) -> bool:
    return bool(detail) and "html" in str(detail.get("type", ""))


def _summary_html(entry: Any) -> str | None:
    value = entry.get("summary")
    if not value:
        return None
    return value if _is_html(entry.get("summary_detail")) else text_as_html(value)


def _content_html(entry: Any) -> str | None:
    parts = [c for c in entry.get("content", []) if c.get("value")]
    if not parts:
        return None
    best = max(parts, key=lambda c: len(c["value"]))
    return best["value"] if _is_html(best) else text_as_html(best["value"])


def _authors(entry: Any) -> tuple[str, ...]:
    names = [a.get("name", "") for a in entry.get("authors", []) if isinstance(a, dict)]
    if not any(names) and entry.get("author"):
        names = [entry["author"]]
    return unique(names)


def _image(entry: Any) -> str | None:
    for media in entry.get("media_content", []):
        medium, kind = media.get("medium", ""), media.get("type", "")
        if media.get("url") and (medium == "image" or kind.startswith("image/") or not (medium or kind)):
            return str(media["url"])
    for thumb in entry.get("media_thumbnail", []):
        if thumb.get("url"):
            return str(thumb["url"])
    for link in entry.get("links", []):
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            return str(link.get("href"))
    image = entry.get("image")
    if isinstance(image, dict) and image.get("href"):
        return str(image["href"])
    return entry.get("news_image") or None


def _language(entry: Any) -> str | None:
    for key in ("content", "summary_detail", "title_detail"):
        detail = entry.get(key)
        if isinstance(detail, list):
            detail = detail[0] if detail else None
        if detail and detail.get("language"):
            return str(detail["language"])
    return None


def _date(value: time.struct_time | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _failed(reason: str) -> ParsedFeed:
    return ParsedFeed(title=None, site_url=None, language=None, format="unknown", items=(), error=reason)
