"""Which URLs may become a link or an image: absolute http(s) URLs with a host, nothing else.

Feeds and publishers send ``javascript:``, ``data:`` and ``vbscript:`` URLs, in mixed case,
split by tabs or newlines, behind leading spaces or control characters, or with the colon as
an HTML entity. Browsers ignore those spaces and control characters before they read the
scheme, so the check does the same before deciding; a relative URL is resolved against an
http(s) base first (and dropped without one, since in our pages it would point at us).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

MAX_URL_LENGTH = 2048
"""The longest URL stored (the columns are this wide); longer ones are dropped."""

WEB_SCHEMES = ("http", "https")
_EDGES = "".join(chr(c) for c in range(0x21))  # C0 controls and space, as the URL standard strips
_INSIDE = re.compile(r"[\t\n\r]")  # removed anywhere by the URL parser of every browser
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def web_url(value: object, base: str | None = None) -> str | None:
    """``value`` as an absolute http(s) URL with a host, or None when it is anything else."""
    if not isinstance(value, str):
        return None
    url = _INSIDE.sub("", value.strip(_EDGES))
    if not url or _CONTROL.search(url):
        return None
    if not _is_web(url):
        if base is None or not _is_web(base) or _has_scheme(url):
            return None
        url = urljoin(base, url)
    # The same text read as HTML (where an API client might put it) must be a web URL too.
    return url if _is_web(url) and _is_web(html.unescape(url)) and len(url) <= MAX_URL_LENGTH else None


def _is_web(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return False
    return (
        parts.scheme.lower() in WEB_SCHEMES
        and bool(parts.hostname)
        and url[:8].lower().startswith(("http://", "https://"))
    )


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _has_scheme(url: str) -> bool:
    """True for ``javascript:...``, ``data:...``, ``mailto:...``: never resolved against a base."""
    return bool(_SCHEME.match(url))
