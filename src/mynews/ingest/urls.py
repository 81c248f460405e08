"""URL canonicalisation: one spelling per article, so the same story from two feeds is stored once.

``canonical_url`` lowercases scheme and host, drops the default port and the fragment, strips
tracking parameters (the lists below are data: extend them, do not add code), sorts what is left
of the query and normalises percent-encoding. Paths are kept as they are, except that an empty
path becomes "/".
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote_plus, urljoin, urlsplit, urlunsplit

TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "pk_", "mtm_", "hmb_", "ns_", "__hs", "_hs", "oly_")
"""Query parameter names starting with one of these are tracking (Google, Matomo, Piwik, ...)."""

TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "ttclid", "li_fat_id", "igshid", "igsh", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc",
        "_hsmi", "ocid", "cmpid", "cmp", "wt_mc", "wt.mc_id", "wt_zmc", "xtor", "ito", "icid",
        "mbid", "s_cid", "s_kwcid", "sr_share", "vero_id", "vero_conv", "rss_id", "at_medium",
        "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4", "guccounter",
        "guce_referrer", "guce_referrer_sig", "smid", "smtyp", "cid_rss", "taid",
    }
)  # fmt: skip
"""Query parameters that only ever carry tracking data (names compared lowercased)."""

TRACKING_WHEN_VALUE: dict[str, frozenset[str]] = {
    "ref": frozenset({"rss", "feed", "feeds", "twitter", "tw", "fb", "facebook", "newsletter", "email"}),
    "ref_src": frozenset({"twsrc^tfw", "twsrc%5etfw", "rss", "feed"}),
    "source": frozenset({"rss", "feed", "feeds", "twitter", "newsletter"}),
    "partner": frozenset({"rss", "feed", "feeds"}),
    "emc": frozenset({"rss", "edit_tnt", "eta1"}),
    "feature": frozenset({"share", "youtu.be", "rss"}),
}
"""Parameters that are tracking only with these values (``ref=rss`` yes, ``ref=v2`` no)."""

DEFAULT_PORTS = {"http": 80, "https": 443}

_UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_PATH_SAFE = "/:@!$&'()*+,;=%"
_QUERY_SAFE = "/?:@!$'()*+,;%"


def canonical_url(url: str, base: str | None = None) -> str:
    """The canonical spelling of ``url`` (resolved against ``base`` first when given).

    Only http and https URLs are rewritten; anything else is returned stripped as it came.
    """
    raw = url.strip()
    if base:
        raw = urljoin(base, raw)
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return raw
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return raw
    netloc = _host(parts.hostname)
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    if parts.username:
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{userinfo}@{netloc}"
    path = _normalise(parts.path, _PATH_SAFE) or "/"
    return urlunsplit((scheme, netloc, path, _query(parts.query), ""))


def is_tracking_param(name: str, value: str = "") -> bool:
    """True when the query parameter ``name=value`` only carries tracking data."""
    key = name.lower()
    if key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES):
        return True
    allowed = TRACKING_WHEN_VALUE.get(key)
    return allowed is not None and value.lower() in allowed


def _host(hostname: str) -> str:
    host = hostname.lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        return f"[{host}]"
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _query(query: str) -> str:
    kept: list[tuple[str, str]] = []
    for pair in query.split("&"):
        if not pair:
            continue
        name, sep, value = pair.partition("=")
        if is_tracking_param(_unquote_plain(name), _unquote_plain(value)):
            continue
        kept.append((_normalise(name, _QUERY_SAFE), sep + _normalise(value, _QUERY_SAFE + "=")))
    kept.sort(key=lambda pair: pair[0])  # stable: repeated names keep their order
    return "&".join(name + value for name, value in kept)


def _normalise(component: str, safe: str) -> str:
    """Decode percent-escapes of unreserved characters, upper-case the others, escape the rest."""

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else f"%{match.group(1).upper()}"

    return quote(_PERCENT.sub(fix, component), safe=safe)


def _unquote_plain(text: str) -> str:
    return unquote_plus(text)
