"""Who is asking: the reader of the session cookie, or of an ``Authorization: Bearer`` personal
API token. ``require_reader`` / ``require_admin`` are FastAPI dependencies; pages that prefer a
redirect to the sign-in page call ``current_reader`` themselves.

The session cookie is HttpOnly, SameSite=Lax and Secure when ``settings.secure_cookies``; only
the SHA-256 of its value is stored. Requests authenticated by cookie must carry a CSRF token
on unsafe methods (``check_csrf``); token requests carry no ambient credentials and need none.
"""

from __future__ import annotations

import base64
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from fastapi import Request, Response

from mynews.core.errors import Forbidden, Unauthorized
from mynews.http import csrf
from mynews.services.readers import accounts
from mynews.services.readers.accounts import ReaderView

SESSION_COOKIE = "mynews_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_MISSING = object()


def bearer_token(request: Request) -> str:
    value = request.headers.get("authorization", "")
    return value[7:].strip() if value.lower().startswith("bearer ") else ""


def basic_password(request: Request) -> str:
    """The password of ``Authorization: Basic`` (feed readers send a token that way)."""
    value = request.headers.get("authorization", "")
    if not value.lower().startswith("basic "):
        return ""
    try:
        decoded = base64.b64decode(value[6:].strip(), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return ""
    return decoded.partition(":")[2]


def current_reader(request: Request) -> ReaderView | None:
    """The signed-in reader, or None (looked up once per request)."""
    cached = getattr(request.state, "reader", _MISSING)
    if cached is not _MISSING:
        return cached if isinstance(cached, ReaderView) else None
    ctx = request.app.state.ctx
    token = bearer_token(request)
    reader = None
    if token:
        reader = accounts.reader_for_token(ctx, token)
        request.state.auth_kind = "token" if reader else "none"
    else:
        reader = accounts.reader_for_session(ctx, request.cookies.get(SESSION_COOKIE, ""))
        request.state.auth_kind = "cookie" if reader else "none"
    request.state.reader = reader
    return reader


async def check_csrf(request: Request) -> None:
    """CSRF applies to cookie-authenticated unsafe requests (forms and app.js)."""
    if request.method in SAFE_METHODS:
        return
    if getattr(request.state, "auth_kind", "") == "token":
        return
    await csrf.verify(request)


async def require_reader(request: Request) -> ReaderView:
    """Dependency: the reader, else 401; unsafe cookie requests must pass CSRF."""
    if bearer_token(request) and current_reader(request) is None:
        raise Unauthorized("invalid API token", code="bad_token")
    reader = current_reader(request)
    if reader is None:
        raise Unauthorized("sign in first", code="unauthorized")
    await check_csrf(request)
    return reader


async def require_admin(request: Request) -> ReaderView:
    """Dependency for operator pages and endpoints: an admin reader, else 401/403."""
    reader = await require_reader(request)
    if not reader.is_admin:
        raise Forbidden("operators only", code="admin_only")
    return reader


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    settings = request.app.state.settings
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_max_age,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    settings = request.app.state.settings
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.secure_cookies
    )


def trusted_networks(entries: list[str]) -> tuple[IPv4Network | IPv6Network, ...]:
    """``MYNEWS_TRUSTED_PROXIES`` parsed once: addresses or CIDR networks."""
    return tuple(ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _trusted(address: str, networks: tuple[IPv4Network | IPv6Network, ...]) -> bool:
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: Request) -> str:
    """The client's address: the TCP peer, unless the peer is a trusted proxy; then the nearest
    address in X-Forwarded-For that is not a trusted proxy (entries further left are whatever the
    client wrote, and are never believed). With no trusted proxies the header is ignored."""
    peer = request.client.host if request.client else ""
    networks = getattr(request.app.state, "trusted_proxies", ())
    if not networks or not _trusted(peer, networks):
        return peer
    hops = [h.strip() for h in ",".join(request.headers.getlist("x-forwarded-for")).split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop[:64]
    return hops[0][:64] if hops else peer
