"""Every error becomes one JSON shape: {"error": {"code": ..., "message": ...}} (HTML for pages)."""

from __future__ import annotations

import html
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from mynews.core.errors import AppError, Moved
from mynews.http import security_headers

log = logging.getLogger(__name__)

FALLBACK_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Error {status} · mynews</title><link rel="stylesheet" href="/static/app.css"></head>
<body><header class="top"><a class="brand" href="/">mynews</a></header>
<main id="main"><h1>{status} — {message}</h1><p class="muted">Code: <code>{code}</code></p>
<p><a href="/">Back to the news</a></p></main></body></html>
"""
"""The error page when even the template cannot be rendered (the database is down, say)."""


def error_body(code: str, message: str, **extra: object) -> dict[str, object]:
    return {"error": {"code": code, "message": message, **extra}}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def _respond(
    request: Request,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
    **extra: object,
) -> Response:
    if _wants_json(request):
        return JSONResponse(error_body(code, message, **extra), status_code=status, headers=headers)
    try:
        context: dict[str, object] = {"code": code, "message": message, "status": status}
        if status >= 500:
            context["reader"] = None  # what failed may be the database: do not look the reader up
        return request.app.state.templates.TemplateResponse(
            request, "error.html", context, status_code=status, headers=headers
        )
    except Exception:  # the page must not fail because what failed is what it reads
        log.exception("the error page could not be rendered for %s", request.url.path)
        page = FALLBACK_PAGE.format(status=status, code=html.escape(code), message=html.escape(message))
        return HTMLResponse(page, status_code=status, headers=headers)


def respond_to_scope(scope: dict[str, Any], status: int, code: str, message: str) -> Response:
    """The error answer for a request known only by its ASGI scope (middlewares)."""
    return _respond(Request(scope), status, code, message)


class CatchAll:
    """ASGI middleware: an unexpected exception becomes the one 500 answer here, inside the
    middleware stack (security headers included) and without re-raising, so the server keeps
    the connection open; Starlette's own last resort would answer, then raise, and close it."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception:
            if started:
                raise
            request = Request(scope, receive)
            log.exception("unhandled error on %s", request.url.path)
            response = _respond(request, 500, "internal_error", "something went wrong on our side")
            await response(scope, receive, send)


def moved(request: Request, exc: Moved) -> Response:
    """A permanent redirect to the same route with the new id in place of the last segment."""
    head, _, _ = request.url.path.rpartition("/")
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"{head}/{exc.new_id}{query}", status_code=301)


def retry_headers(exc: AppError) -> dict[str, str] | None:
    """Retry-After for errors that say when to come back (429, 503)."""
    retry_after = getattr(exc, "retry_after", None)
    return {"Retry-After": str(int(retry_after))} if retry_after is not None else None


def install(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> Response:
        if isinstance(exc, Moved):
            return moved(request, exc)
        return _respond(request, exc.status, exc.code, exc.message, retry_headers(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {
            404: "not_found",
            405: "method_not_allowed",
            401: "unauthorized",
            403: "forbidden",
            413: "too_large",
        }.get(exc.status_code, "http_error")
        return _respond(request, exc.status_code, code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        details = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        if any(d["loc"][:1] == ["path"] for d in details):  # /articles/abc names nothing: 404
            return _respond(request, 404, "not_found", "there is nothing at this address")
        return _respond(request, 422, "invalid_request", "the request is not valid", details=details)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        response = _respond(request, 500, "internal_error", "something went wrong on our side")
        security_headers.apply(response.headers)  # Starlette answers this one outside the middleware
        return response
