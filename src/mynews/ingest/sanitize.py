"""HTML sanitising with nh3 (ammonia): the last step before any HTML is stored.

An allow-list of tags and attributes for article bodies; only http, https and mailto URLs;
links get ``rel="noopener noreferrer nofollow"``; relative URLs are resolved against the
article's URL (and dropped when there is none). Iframes survive only when they embed a video
from an allowed player (the list below is data); any other iframe is removed with its content.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

SANITIZER_VERSION = 1
"""Bumped whenever the allow-list changes: stored HTML of an older version is cleaned again
(``mynews migrate`` does it, and pages re-sanitise such a row before showing it)."""

TAGS: frozenset[str] = frozenset(
    {
        "p", "br", "a", "strong", "em", "b", "i", "u", "s", "blockquote", "q", "cite", "code",
        "pre", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "img",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "hr", "sup", "sub",
        "abbr", "time", "iframe", "dl", "dt", "dd", "mark", "small", "del", "ins",
    }
)  # fmt: skip
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"lang", "dir", "title"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "time": {"datetime"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "iframe": {"src", "width", "height", "title", "allowfullscreen"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"
DROP_WITH_CONTENT = {"script", "style", "template", "object", "embed", "applet", "svg", "math", "noscript"}

EMBED_PREFIXES: tuple[str, ...] = (
    "https://www.youtube-nocookie.com/embed/",
    "https://youtube-nocookie.com/embed/",
    "https://www.youtube.com/embed/",
    "https://youtube.com/embed/",
    "https://player.vimeo.com/video/",
)
"""Iframe sources that may stay (https only); everything else is removed."""

IFRAME_ATTRIBUTES = {
    "sandbox": "allow-scripts allow-same-origin allow-presentation allow-popups",
    "referrerpolicy": "strict-origin-when-cross-origin",
    "loading": "lazy",
}

_EMPTY_IFRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.DOTALL | re.IGNORECASE)


def sanitize_html(html: str, *, base_url: str | None = None) -> str:
    """``html`` reduced to the allow-list, safe to store and to show inside our pages."""
    import nh3

    if not html:
        return ""
    base = base_url if _absolute(base_url) else None
    cleaned = nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
        set_tag_attribute_values={"iframe": dict(IFRAME_ATTRIBUTES)},
        url_relative=lambda url: _resolve(url, base),
    )
    return _EMPTY_IFRAME.sub("", cleaned)


def is_allowed_embed(src: str) -> bool:
    """True when an iframe ``src`` is a video player from the allow-list."""
    return embed_url(src) is not None


def embed_url(src: str) -> str | None:
    """The iframe ``src`` rebuilt from its parts when it is a player from the allow-list: https,
    no credentials or odd port, and a path with no dot segments (``/embed/../../redirect``),
    encoded slashes or backslashes that could lead off the player."""
    url = "https:" + src.strip() if src.strip().startswith("//") else src.strip()
    if "\\" in url or any(c in url for c in "\t\n\r "):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme != "https" or parts.username or parts.password or port not in (None, 443):
        return None
    decoded = unquote(unquote(parts.path))
    if "\\" in decoded or any(segment in (".", "..") for segment in decoded.split("/")):
        return None
    if "%2f" in parts.path.lower() or "%5c" in parts.path.lower():
        return None
    rebuilt = urlunsplit(("https", parts.hostname or "", parts.path, parts.query, ""))
    return rebuilt if rebuilt.startswith(EMBED_PREFIXES) else None


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "iframe" and attribute == "src":
        return embed_url(value)
    if attribute in ("width", "height") and not value.strip().rstrip("%").isdigit():
        return None
    return value


def _resolve(url: str, base: str | None) -> str | None:
    """Relative URL made absolute; without a base it is dropped (in our pages it would point at us)."""
    if url.startswith("//"):
        return "https:" + url
    if base is None:
        return None
    resolved = urljoin(base, url)
    return resolved if urlsplit(resolved).scheme in ("http", "https") else None


def _absolute(url: str | None) -> bool:
    return bool(url) and urlsplit(url or "").scheme in ("http", "https")
