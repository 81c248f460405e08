"""Security headers on every response: pages, API, static files, redirects and errors.

The Content-Security-Policy allows script and style only from our own origin (``/static``):
no inline script, no inline event handlers, no inline ``style`` attributes, no plugins, no
``<base>``, no framing of our pages, forms post only to us. Article images may come from any
web host; iframes only from the video players the sanitiser lets through
(``ingest.sanitize.EMBED_PREFIXES``). The ``/api/docs`` page runs Swagger UI from our own
``/static/swagger`` (shipped in the package) under the same rules, its images as ``data:``
(``DOCS_POLICY``).

``SecurityHeaders`` is a pure ASGI middleware (it sees every response that leaves the app,
streamed ones included); ``apply`` is also called on the last-resort 500 response, which
Starlette builds outside the middleware stack.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol
from urllib.parse import urlsplit

from mynews.ingest.sanitize import EMBED_PREFIXES


def embed_origins(prefixes: Iterable[str] = EMBED_PREFIXES) -> list[str]:
    """The origins of the allowed video players, for ``frame-src``."""
    origins = dict.fromkeys(f"{urlsplit(p).scheme}://{urlsplit(p).netloc}" for p in prefixes)
    return list(origins)


def content_security_policy(*, frame_src: Iterable[str] = (), script_extra: Iterable[str] = ()) -> str:
    frames = " ".join(frame_src) or "'none'"
    scripts = " ".join(["'self'", *script_extra])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self'",
            "img-src 'self' https: http:",
            "media-src 'self' https:",
            "font-src 'self'",
            "connect-src 'self'",
            f"frame-src {frames}",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ]
    )


PAGE_POLICY = content_security_policy(frame_src=embed_origins())
PERMISSIONS_POLICY = (
    "accelerometer=(), ambient-light-sensor=(), autoplay=(), browsing-topics=(), camera=(), "
    "display-capture=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), "
    "midi=(), payment=(), serial=(), usb=(), xr-spatial-tracking=()"
)
HEADERS: dict[str, str] = {
    "content-security-policy": PAGE_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": PERMISSIONS_POLICY,
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


class Headers(Protocol):
    def __setitem__(self, name: str, value: str) -> None: ...


def apply(headers: Headers, policy: str = PAGE_POLICY) -> None:
    """Set every security header on a response's headers (overwriting what was there)."""
    for name, value in HEADERS.items():
        headers[name] = value
    headers["content-security-policy"] = policy


DOCS_POLICY = (
    content_security_policy()
    .replace("img-src 'self' https: http:", "img-src 'self' data:")
    .replace("media-src 'self' https:", "media-src 'self'")
)
"""The ``/api/docs`` page: Swagger UI from our own ``/static/swagger`` (no CDN, no inline script);
its stylesheet draws its icons as ``data:`` images."""


class SecurityHeaders:
    """ASGI middleware: adds the headers to every HTTP response start message. A response that
    brings its own Content-Security-Policy (only the docs page does) keeps it."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _merged(message.get("headers", []))
            await send(message)

        await self.app(scope, receive, with_headers)


_CSP = b"content-security-policy"


def _merged(raw: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    own_policy = [(k, v) for k, v in raw if k.lower() == _CSP]
    ours = {k.encode("latin-1"): v.encode("latin-1") for k, v in HEADERS.items()}
    kept = [(k, v) for k, v in raw if k.lower() not in ours]
    if own_policy:
        ours.pop(_CSP)
        kept += own_policy[:1]
    return kept + list(ours.items())
