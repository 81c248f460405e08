"""Notifications through Apprise (ntfy, Matrix, Telegram, Discord, Slack, e-mail, JSON webhooks…):
the only module that imports apprise.

``check_notify_url`` accepts a URL only when its scheme is one the operator allows and, for
services that post to a host the user names (``json://host``, ``ntfy://host/topic``,
``matrix://host``, ``mailto://…?smtp=host`` …), when that host passes the SSRF guard. It is called
when a reader saves the URL and again before every notification (Apprise opens its own
connections, so the address is checked just before, not at connect time as ``fetch`` does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from mynews.core.errors import BadInput, FetchError
from mynews.ingest.address_guard import resolve_checked

# Services whose plugin posts to a host taken from the URL (the rest post to their own cloud).
USER_HOST = frozenset(
    {
        "json", "jsons", "xml", "xmls", "form", "forms", "ntfy", "ntfys", "matrix", "matrixs",
        "gotify", "gotifys", "rocket", "rockets", "mmost", "mmosts", "signal", "signals",
        "apprise", "apprises", "mailto", "mailtos",
    }
)  # fmt: skip
CLOUD_MODES = frozenset({"cloud", "t2bot"})


@dataclass(frozen=True)
class Checked:
    url: str
    label: str  # the URL with passwords and tokens hidden, safe to show


def scheme_of(url: str) -> str:
    return urlsplit(url.strip()).scheme.lower()


def check_notify_url(url: str, *, schemes: list[str], allow_hosts: list[str]) -> Checked:
    """Raise BadInput unless Apprise knows the URL, its scheme is allowed and its host is public."""
    import apprise

    url = url.strip()
    scheme = scheme_of(url)
    if scheme not in {s.lower() for s in schemes}:
        raise BadInput(f"notifications by {scheme or '?'}:// are not offered here", code="scheme_not_allowed")
    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    if plugin is None:
        raise BadInput("Apprise does not understand this URL", code="bad_notify_url")
    target = _target(scheme, plugin)
    if target is not None:
        host, port = target
        try:
            resolve_checked(host, port, allow_hosts)
        except FetchError as err:
            raise BadInput(f"cannot notify this address: {err.message}", code="blocked_notify_url") from err
    return Checked(url, str(plugin.url(privacy=True)).split("?", 1)[0])


def _target(scheme: str, plugin: Any) -> tuple[str, int] | None:
    if scheme not in USER_HOST or getattr(plugin, "mode", None) in CLOUD_MODES:
        return None
    host = getattr(plugin, "smtp_host", None) or getattr(plugin, "host", None)
    if not host:
        return None
    secure = bool(getattr(plugin, "secure", False))
    return str(host), int(getattr(plugin, "port", None) or (443 if secure else 80))


def notify(url: str, title: str, body: str) -> bool:
    """Send one notification; True when the service accepted it."""
    import apprise

    sender = apprise.Apprise()
    if not sender.add(url):
        return False
    return bool(sender.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT))
