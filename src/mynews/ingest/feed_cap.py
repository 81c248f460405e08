"""Cut a huge feed down to its newest items before the (pure Python, slow) feedparser reads it.

A 100,000-item feed takes feedparser minutes and holds a worker (and, in ``mynews serve``, the
web server's share of the interpreter) all that time. lxml reads the same document in about a
second; ``newest_items`` keeps the ``cap`` newest items (undated ones count as oldest, document
order among equals) and drops the rest from the tree, so feedparser only sees what is stored.
Documents with at most ``cap`` items, and anything lxml cannot read, pass through unchanged.
"""

from __future__ import annotations

import heapq
import json
import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from lxml import etree

from mynews.ingest.decompress import TooLarge
from mynews.ingest.feed_bytes import gunzip_if_needed, looks_like_json

DATE_NAMES = ("updated", "published", "pubDate", "date", "issued", "modified", "created")


def newest_items(data: bytes, cap: int) -> tuple[bytes, int]:
    """The document with at most ``cap`` items, and how many were dropped."""
    try:
        data = gunzip_if_needed(data)
    except TooLarge:  # a bomb: parse_feed reads it again and reports the source error
        return data, 0
    if data.count(b"<item") + data.count(b"<entry") + data.count(b'"id"') <= cap:
        return data, 0
    if looks_like_json(data):
        return _json_newest(data, cap)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return data, 0
    if root is None:
        return data, 0
    items = list(root.iter("{*}item", "{*}entry"))
    if len(items) <= cap:
        return data, 0
    dated: dict[etree._Element, str] = {}
    for date in root.iter(*(f"{{*}}{name}" for name in DATE_NAMES)):
        parent = date.getparent()
        if parent is not None and date.text and parent not in dated:
            dated[parent] = date.text.strip()
    keep = set(_newest([_parse(dated.get(el, "")) for el in items], cap))
    for index, element in enumerate(items):
        if index not in keep and element.getparent() is not None:
            element.getparent().remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8"), len(items) - cap


def _json_newest(data: bytes, cap: int) -> tuple[bytes, int]:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return data, 0
    items = doc.get("items") if isinstance(doc, dict) else None
    if not isinstance(items, list) or len(items) <= cap:
        return data, 0
    dates = [_parse(str(i.get("date_published") or "")) if isinstance(i, dict) else None for i in items]
    keep = sorted(_newest(dates, cap))
    doc["items"] = [items[i] for i in keep]
    return json.dumps(doc).encode(), len(items) - cap


def _newest(dates: list[datetime | None], cap: int) -> list[int]:
    """Indexes of the ``cap`` newest (undated last, document order among equals)."""
    keys = [(-d.timestamp() if d else math.inf, i) for i, d in enumerate(dates)]
    return [i for _, i in heapq.nsmallest(cap, keys)]


def _parse(text: str) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
