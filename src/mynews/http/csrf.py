"""CSRF: a signed token bound to the browser's session cookie, required on every unsafe request."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from mynews.core.errors import Forbidden

COOKIE = "mynews_csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"


def _signer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.secret_key, salt="csrf")


def browser_id(request: Request) -> str:
    """A random id kept in a cookie; the middleware sets it on first visit."""
    return str(request.cookies.get(COOKIE) or getattr(request.state, "new_browser_id", ""))


def token(request: Request) -> str:
    return _signer(request).dumps(browser_id(request))


def new_browser_id() -> str:
    return secrets.token_urlsafe(24)


async def verify(request: Request) -> None:
    """Raise Forbidden unless the form field or header carries a token for this browser."""
    sent = request.headers.get(HEADER)
    if not sent:
        form = await request.form()
        value = form.get(FIELD)
        sent = value if isinstance(value, str) else None
    if not sent:
        raise Forbidden("missing CSRF token", code="csrf_failed")
    try:
        bound = _signer(request).loads(sent, max_age=7 * 86400)
    except BadSignature as exc:
        raise Forbidden("invalid CSRF token", code="csrf_failed") from exc
    if not hmac.compare_digest(str(bound), browser_id(request)):
        raise Forbidden("CSRF token does not match this browser", code="csrf_failed")
