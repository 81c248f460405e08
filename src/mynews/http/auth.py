"""Who is asking: the reader of the session cookie, or of an ``Authorization: Bearer`` personal
API token. ``require_reader`` / ``require_admin`` are FastAPI dependencies; pages that prefer a
redirect to the sign-in page call ``current_reader`` themselves.

The session cookie is HttpOnly, SameSite=Lax and Secure when ``settings.secure_cookies``; only
the SHA-256 of its value is stored. Requests authenticated by cookie must carry a CSRF token
on unsafe methods (``check_csrf``); token requests carry no ambient credentials and need none.
"""

from __future__ import annotations

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


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""
