"""Reader apps: who is calling a sync API, and errors in the shape each API's clients read.

Apps sign in with an app password (Settings → Reader apps), never the web password or cookie:
Miniflux clients by Basic auth (email + app password) or ``X-Auth-Token: <app password>``;
Google Reader clients by ``Authorization: GoogleLogin auth=<token from ClientLogin>``; Fever
clients by ``api_key`` = MD5 of ``email:app password``. No cookie is read, so no CSRF applies.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

from mynews.core.errors import AppError, NotFound
from mynews.services.delivery import app_passwords
from mynews.services.delivery.app_passwords import AppIdentity


def basic_credentials(request: Request) -> tuple[str, str] | None:
    value = request.headers.get("authorization", "")
    if not value.lower().startswith("basic "):
        return None
    try:
        user, _, password = base64.b64decode(value[6:].strip()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return user, password


def miniflux_identity(request: Request) -> AppIdentity | None:
    ctx = request.app.state.ctx
    token = request.headers.get("x-auth-token", "")
    if token:
        return app_passwords.verify(ctx, token)
    credentials = basic_credentials(request)
    if credentials is None:
        return None
    return app_passwords.verify(ctx, credentials[1], username=credentials[0])


def greader_identity(request: Request) -> AppIdentity | None:
    value = request.headers.get("authorization", "")
    if not value.lower().startswith("googlelogin auth="):
        return None
    return app_passwords.verify_greader(request.app.state.ctx, value[len("googlelogin auth=") :])


def require_enabled(request: Request) -> None:
    if not request.app.state.settings.sync_enabled:
        raise NotFound("the sync APIs are turned off on this instance")


def error_route(render: Callable[[AppError], Response]) -> type[APIRoute]:
    """A route class whose errors (ours and invalid requests) come out as ``render`` makes them."""

    class Route(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def handle(request: Request) -> Response:
                try:
                    return await handler(request)
                except AppError as err:
                    return render(err)
                except RequestValidationError:
                    return render(AppError("the request is not valid", code="invalid_request", status=400))

            return handle

    return Route
