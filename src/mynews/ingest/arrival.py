"""What every article goes through on arrival, before it is stored: safe and bounded.

Whatever brought it (a feed, a push, a file, a page, the corpus), an article's column values
pass ``safe_fields`` in the transaction that stores them, so nothing unsanitised is ever
written: HTML through the nh3 allow-list (``sanitize``), every link and image through
``web_urls`` (http(s) only), every text and list cut to the limits below, and a date more than
a day in the future replaced by the arrival time (the claimed date is kept for the operator).
Processing may sanitise again; it never un-sanitises.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from mynews.core.clock import utc
from mynews.ingest.sanitize import SANITIZER_VERSION, sanitize_html
from mynews.ingest.web_urls import web_url

FUTURE_GRACE = timedelta(days=1)
"""A published date later than arrival + this is not believed."""


@dataclass(frozen=True)
class ArticleLimits:
    """Per-article caps (``Settings.article_*``). Counts are items, sizes are characters except
    ``body_bytes`` (UTF-8 bytes of the stored HTML)."""

    title_chars: int = 1000
    standfirst_chars: int = 5000
    text_chars: int = 200_000
    body_bytes: int = 1_000_000
    tags: int = 50
    authors: int = 20
    images: int = 50
    item_chars: int = 300


COLUMN_CHARS = {"section": 300, "site_name": 300, "language": 16, "method": 32}
"""Text columns with a fixed width: longer values are cut (PostgreSQL would refuse them)."""


def safe_fields(fields: dict[str, Any], limits: ArticleLimits, now: datetime) -> dict[str, Any]:
    """A copy of an article's column values that is safe to store and to show."""
    out = dict(fields)
    url = web_url(out.get("url"))
    out["url"] = url
    out["title"] = _cut(out.get("title") or "", limits.title_chars) or "(untitled)"
    out["standfirst"] = _cut(out.get("standfirst"), limits.standfirst_chars)
    out["text"] = _cut(out.get("text") or "", limits.text_chars)
    for key, width in COLUMN_CHARS.items():
        if key in out:
            out[key] = _cut(out[key], width)
    for key in ("body_html", "summary_html"):
        if key in out:
            out[key] = safe_html(out[key], url, limits.body_bytes)
    out["sanitizer_version"] = SANITIZER_VERSION
    out["lead_image"] = web_url(out.get("lead_image"), url)
    out["tags"] = _strings(out.get("tags"), limits.tags, limits.item_chars)
    out["authors"] = _strings(out.get("authors"), limits.authors, limits.item_chars)
    out["images"] = _images(out.get("images"), url, limits)
    out["captions"] = _captions(out.get("captions"), limits)
    published = out.get("published_at")
    if isinstance(published, datetime) and _utc(published) > utc(now) + FUTURE_GRACE:
        out["published_at"], out["claimed_published_at"] = now, _utc(published)
    return out


def _utc(value: datetime) -> datetime:
    try:
        return utc(value)
    except OverflowError:  # 9999-12-31T23:00-05:00 is past the last instant Python can hold
        return datetime.max.replace(tzinfo=UTC)


def safe_html(html: object, base_url: str | None, max_bytes: int) -> str | None:
    """Sanitised HTML of at most ``max_bytes`` bytes (cut input is sanitised again, which
    closes what the cut left open)."""
    if not isinstance(html, str) or not html:
        return None
    if len(html) > 4 * max_bytes:  # never hand the sanitiser more than a few times the cap
        html = html[: 4 * max_bytes]
    clean = sanitize_html(html, base_url=base_url)
    encoded = clean.encode("utf-8")
    if len(encoded) > max_bytes:
        clean = sanitize_html(encoded[:max_bytes].decode("utf-8", "ignore"), base_url=base_url)
        while len(clean.encode("utf-8")) > max_bytes:  # closing tags added back a few bytes
            clean = sanitize_html(clean[: len(clean) - 256], base_url=base_url)
    return clean


def _cut(value: object, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    return value if len(value) <= limit else value[:limit].rstrip() + "…"


def _strings(values: object, count: int, chars: int) -> list[str]:
    if not isinstance(values, list | tuple):
        return []
    out: list[str] = []
    for value in values[: count * 4]:
        text = _cut(value, chars)
        if text and text.strip() and text not in out:
            out.append(text)
        if len(out) == count:
            break
    return out


def _images(values: object, base: str | None, limits: ArticleLimits) -> list[dict[str, str | None]]:
    if not isinstance(values, list | tuple):
        return []
    out = []
    for image in values[: limits.images * 4]:
        src = web_url(image.get("url"), base) if isinstance(image, dict) else None
        if src:
            out.append(
                {
                    "url": src,
                    "caption": _cut(image.get("caption"), limits.standfirst_chars),
                    "credit": _cut(image.get("credit"), limits.item_chars),
                }
            )
        if len(out) == limits.images:
            break
    return out


def _captions(values: object, limits: ArticleLimits) -> list[dict[str, str | None]]:
    if not isinstance(values, list | tuple):
        return []
    out = []
    for caption in values[: limits.images]:
        if isinstance(caption, dict) and isinstance(caption.get("text"), str):
            out.append(
                {
                    "text": _cut(caption["text"], limits.standfirst_chars),
                    "credit": _cut(caption.get("credit"), limits.item_chars),
                }
            )
    return out
