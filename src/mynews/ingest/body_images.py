"""Pictures and embeds inside a stored (sanitised) article body.

``image_sources`` lists the publisher addresses of its pictures, so the worker can fetch them.
``for_reader`` rewrites the body for our pages: each picture we hold is served from our own
origin with ``srcset``; a picture we do not hold is left out (never hot-linked); a video embed
becomes a plain link (loading it would contact the video site before the reader asks).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import urljoin

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""\s([a-zA-Z-]+)=(?:"([^"]*)"|'([^']*)')""")
_IFRAME = re.compile(r"<iframe\b([^>]*)>.*?</iframe>", re.IGNORECASE | re.DOTALL)
_EMPTY_LINK = re.compile(r"<a\b[^>]*>\s*</a>", re.IGNORECASE)
_EMPTY_FIGURE = re.compile(r"<figure>\s*(<figcaption>\s*</figcaption>)?\s*</figure>", re.IGNORECASE)

Resolve = Callable[[str], "str | None"]
"""Given a publisher's picture address, the ``<img>`` markup to show instead, or None."""


def _attrs(tag: str) -> dict[str, str]:
    return {k.lower(): html.unescape(a or b) for k, a, b in _ATTR.findall(tag)}


def image_sources(body: str | None, base_url: str | None = None) -> list[str]:
    """The http(s) addresses of the body's pictures, in order, without repeats (relative ones
    resolved against ``base_url`` when given)."""
    found: dict[str, None] = {}
    for tag in _IMG.findall(body or ""):
        src = _attrs(tag).get("src", "").strip()
        if base_url and src and not src.startswith("data:"):
            src = urljoin(base_url, src)
        if src.startswith(("http://", "https://")):
            found.setdefault(src, None)
    return list(found)


def for_reader(body: str | None, resolve: Callable[[str, str], str | None]) -> str:
    """The body with every picture resolved through ``resolve(src, alt)`` (or dropped) and every
    iframe turned into a link to what it embeds."""

    def picture(match: re.Match[str]) -> str:
        attrs = _attrs(match.group(0))
        return resolve(attrs.get("src", ""), attrs.get("alt", "")) or ""

    def embed(match: re.Match[str]) -> str:
        attrs = _attrs(" " + match.group(1))
        src = attrs.get("src", "")
        if not src.startswith("https://"):
            return ""
        title = attrs.get("title") or "the embedded video"
        return (
            f'<p class="embed"><a href="{html.escape(src)}" rel="noopener noreferrer nofollow">'
            f"Watch {html.escape(title)} on its site</a></p>"
        )

    out = _IMG.sub(picture, body or "")
    out = _IFRAME.sub(embed, out)
    out = _EMPTY_LINK.sub("", out)  # a link that only wrapped a picture we left out
    return _EMPTY_FIGURE.sub("", out)
