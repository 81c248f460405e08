"""JSON Feed 1.0 / 1.1 (https://jsonfeed.org), which feedparser does not read."""

from __future__ import annotations

import json
from typing import Any

from mynews.core.feeds import ItemDraft, ParsedFeed
from mynews.ingest.feed_items import (
    clean_title,
    is_full_content,
    parse_date,
    resolve_url,
    text_as_html,
    unique,
)


def parse_json_feed(data: bytes, *, url: str | None = None) -> ParsedFeed:
    """Parse a JSON Feed document; never raises: a broken one gives ``error`` and no items."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _failed(f"invalid JSON: {exc}")
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        return _failed("JSON document is not a JSON Feed (no 'items' list)")
    version = str(doc.get("version", ""))
    base = url or _str(doc.get("feed_url"))
    language = _str(doc.get("language"))
    items = tuple(_item(raw, base, language, _authors(doc)) for raw in doc["items"] if isinstance(raw, dict))
    return ParsedFeed(
        title=clean_title(_str(doc.get("title"))) or None,
        site_url=resolve_url(_str(doc.get("home_page_url")), base),
        language=language,
        format="json1.1" if version.endswith("1.1") else "json1.0",
        items=items,
        encoding="utf-8",
        icon_url=resolve_url(_str(doc.get("icon")) or _str(doc.get("favicon")), base),
    )


def _item(raw: dict[str, Any], base: str | None, language: str | None, feed_authors: list[str]) -> ItemDraft:
    content_html = _str(raw.get("content_html")) or text_as_html(_str(raw.get("content_text")))
    summary_html = text_as_html(_str(raw.get("summary")))
    authors = _authors(raw) or feed_authors
    tags = _list(raw, "tags")
    image = _str(raw.get("image")) or _str(raw.get("banner_image")) or _attachment_image(raw)
    item_id = raw.get("id")
    return ItemDraft(
        url=resolve_url(_str(raw.get("url")) or _str(raw.get("external_url")), base),
        guid=str(item_id) if item_id not in (None, "") else None,
        title=clean_title(_str(raw.get("title"))),
        summary_html=summary_html,
        content_html=content_html,
        authors=unique(authors),
        published=parse_date(_str(raw.get("date_published"))) or parse_date(_str(raw.get("date_modified"))),
        updated=parse_date(_str(raw.get("date_modified"))),
        categories=unique([str(tag) for tag in tags]),
        image_url=resolve_url(image, base),
        language=_str(raw.get("language")) or language,
        full_content=is_full_content(content_html, summary_html),
    )


def _authors(obj: dict[str, Any]) -> list[str]:
    found = _list(obj, "authors")
    if isinstance(obj.get("author"), dict):
        found = [*found, obj["author"]]
    return [str(a.get("name")) for a in found if isinstance(a, dict) and a.get("name")]


def _attachment_image(raw: dict[str, Any]) -> str | None:
    for att in _list(raw, "attachments"):
        if isinstance(att, dict) and str(att.get("mime_type", "")).startswith("image/"):
            return _str(att.get("url"))
    return None


def _list(obj: dict[str, Any], key: str) -> list[Any]:
    value = obj.get(key)
    return value if isinstance(value, list) else []


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _failed(reason: str) -> ParsedFeed:
    return ParsedFeed(title=None, site_url=None, language=None, format="json", items=(), error=reason)
