"""Every error becomes one JSON shape: {"error": {"code": ..., "message": ...}} (HTML for pages)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from mynews.core.errors import AppError

log = logging.getLogger(__name__)


def error_body(code: str, message: str, **extra: object) -> dict[str, object]:
    return {"error": {"code": code, "message": message, **extra}}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def _respond(request: Request, status: int, code: str, message: str, **extra: object) -> Response:
    if _wants_json(request):
        return JSONResponse(error_body(code, message, **extra), status_code=status)
    templates = getattr(request.app.state, "templates", None)
    if templates is None:
        return JSONResponse(error_body(code, message, **extra), status_code=status)
    return templates.TemplateResponse(
        request, "error.html", {"code": code, "message": message, "status": status}, status_code=status
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> Response:
        return _respond(request, exc.status, exc.code, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden"}.get(
            exc.status_code, "http_error"
        )
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
        return _respond(request, 500, "internal_error", "something went wrong on our side")
