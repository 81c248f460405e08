"""Small rules shared by the feed parsers when they build an ItemDraft.

Titles are plain text (entities decoded, tags dropped, whitespace collapsed), dates are
aware UTC, links are resolved against the feed URL, and ``full_content`` is decided here.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

FULL_TEXT_CHARS = 600
"""A content body with at least this much text is taken to be the whole article."""

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]{1,31});")


def clean_title(raw: str | None, *, is_html: bool = False) -> str:
    """Plain-text title: tags stripped (for HTML titles), entities decoded, spaces collapsed."""
    if not raw:
        return ""
    text = _TAG.sub(" ", raw) if is_html else raw
    # Some feeds escape twice ("&amp;#8217;"): decode until stable (at most twice).
    for _ in range(2):
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return _SPACE.sub(" ", text).strip()


def html_text_length(fragment: str | None) -> int:
    """Length of the visible text of an HTML fragment (tags dropped, spaces collapsed)."""
    if not fragment:
        return 0
    text = html.unescape(_TAG.sub(" ", fragment))
    return len(_SPACE.sub(" ", text).strip())


def is_full_content(content_html: str | None, summary_html: str | None) -> bool:
    """True when the feed carries the whole article rather than a teaser.

    Content counts as full when it has at least ``FULL_TEXT_CHARS`` characters of text, or when
    it is at least twice as long as the summary and not trivially short.
    """
    content = html_text_length(content_html)
    if content >= FULL_TEXT_CHARS:
        return True
    summary = html_text_length(summary_html)
    return content >= 200 and content >= 2 * summary


def text_as_html(text: str | None) -> str | None:
    """Escape plain text so that it can sit in an HTML field; None stays None."""
    if text is None:
        return None
    return html.escape(text, quote=False)


def resolve_url(href: str | None, base: str | None) -> str | None:
    """``href`` made absolute against ``base`` (the feed URL); blank values become None."""
    if not href or not href.strip():
        return None
    href = href.strip()
    return urljoin(base, href) if base else href


# Month and weekday names that real feeds put in RFC 822 dates ("Seg, 24 Set 2018", "mer, 16 nov
# 2022"), mapped to English. Kept as data: add a language by adding its names.
_LOCAL_MONTHS = {
    "jan": "Jan", "janv": "Jan", "gen": "Jan", "ene": "Jan", "fev": "Feb", "fév": "Feb", "févr": "Feb",
    "feb": "Feb", "mär": "Mar", "mrz": "Mar", "mars": "Mar", "marz": "Mar", "abr": "Apr", "avr": "Apr",
    "apr": "Apr", "mai": "May", "mag": "May", "may": "May", "juin": "Jun", "giu": "Jun", "jun": "Jun",
    "juil": "Jul", "lug": "Jul", "jul": "Jul", "ago": "Aug", "août": "Aug", "aug": "Aug", "set": "Sep",
    "sept": "Sep", "sep": "Sep", "okt": "Oct", "out": "Oct", "ott": "Oct", "oct": "Oct", "nov": "Nov",
    "dez": "Dec", "dic": "Dec", "déc": "Dec", "dec": "Dec",
}  # fmt: skip
_FORMATS = ("%A, %B %d, %Y %I:%M %p", "%B %d, %Y %I:%M %p", "%d %B %Y %H:%M:%S", "%Y-%m-%d %H:%M:%S")
_LEADING_DAY = re.compile(r"^[^\W\d]+\.?,?\s+", re.UNICODE)


def parse_date(value: str | None) -> datetime | None:
    """Parse an RFC 3339 or RFC 822 date into aware UTC (naive values are taken as UTC).

    Also reads RFC 822 dates with localised month/day names and a few common free formats.
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    parsed = _iso(value) or _free_format(value) or _rfc822(value) or _rfc822(_anglicise(value))
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _rfc822(value: str) -> datetime | None:
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def _anglicise(value: str) -> str:
    """Drop a leading weekday and translate a localised month name to English."""
    words = _LEADING_DAY.sub("", value).split()
    return " ".join(_LOCAL_MONTHS.get(w.lower().rstrip("."), w) for w in words)


def _free_format(value: str) -> datetime | None:
    for fmt in _FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None


def unique(values: list[str]) -> tuple[str, ...]:
    """Non-empty stripped values, first occurrence kept, order preserved."""
    seen: dict[str, None] = {}
    for value in values:
        value = _SPACE.sub(" ", value).strip()
        if value and value not in seen:
            seen[value] = None
    return tuple(seen)
