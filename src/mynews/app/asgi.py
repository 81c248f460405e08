"""The ASGI app: pages, JSON API, static files; the in-process worker when asked for."""

from __future__ import annotations

import gc
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from mynews import web
from mynews.api import admin_clock, fever, greader_streams, miniflux
from mynews.api import alerts as api_alerts
from mynews.api import app_passwords as api_app_passwords
from mynews.api import articles as api_articles
from mynews.api import browse as api_browse
from mynews.api import delivery as api_delivery
from mynews.api import readers as api_readers
from mynews.api import sources as api_sources
from mynews.api import storylines as api_storylines
from mynews.api import webhooks as api_webhooks
from mynews.app.container import Container, build, secret_key
from mynews.core.settings import Settings
from mynews.http import csrf, errors, log_redaction
from mynews.http.auth import trusted_networks
from mynews.http.body_limit import BodyLimit, BodyLimits
from mynews.http.security_headers import DOCS_POLICY, SecurityHeaders
from mynews.http.templates import make_templates
from mynews.services.readers import passwords
from mynews.web import (
    admin_delivery,
    admin_topics,
    alert_pages,
    browse,
    delivery_settings,
    pages,
    pictures,
    reader_actions,
    reader_apps,
    reader_settings,
    readers,
    syndication,
    unsubscribe,
    webhook_pages,
)

log = logging.getLogger(__name__)
LOGGERS = ("uvicorn.access", "uvicorn.error", "mynews", "huey")
WEB = Path(web.__file__).parent
SWAGGER_VERSION = "5.35.0"  # web/static/swagger: swagger-ui-dist, shipped in the package


def create_app(
    settings: Settings, *, run_worker: bool = False, container: Container | None = None
) -> FastAPI:
    """Build the app. With ``run_worker`` and no Redis, a huey consumer runs in this process."""
    c = container or build(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        log_redaction.install(*LOGGERS)  # again: the server configured its logging after create_app
        passwords.warm_up()
        consumer = sweeper = None
        if run_worker and c.huey is not None and not settings.redis_url:
            from mynews.workers import reclaim
            from mynews.workers.queue import start_in_process

            consumer = start_in_process(c.huey, settings.workers_in_process)
            sweeper = reclaim.start(c.ctx, c.huey)
        gc.freeze()  # what was loaded at start-up is never garbage; collections then stay short
        try:
            yield
        finally:
            if sweeper is not None:
                sweeper.stop()
            if consumer is not None:
                consumer.stop(graceful=True)
            c.ctx.db.dispose()

    app = FastAPI(
        title="mynews",
        version="0.1.0",
        docs_url=None,
        openapi_url="/api/openapi.json",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.ctx = c.ctx
    app.state.container = c
    app.state.settings = settings
    app.state.secret_key = secret_key(settings)
    app.state.templates = make_templates(WEB / "templates", getattr(c.ctx, "clock", None))
    app.state.trusted_proxies = trusted_networks(settings.trusted_proxies)
    log_redaction.install(*LOGGERS)
    errors.install(app)

    @app.middleware("http")
    async def browser_cookie(request: Request, call_next):
        if "//" in request.scope["path"]:  # "https://host/" + "/v1/feeds", as reader apps join them
            request.scope["path"] = re.sub("/{2,}", "/", request.scope["path"])
        new_id = None
        if csrf.COOKIE not in request.cookies:
            new_id = csrf.new_browser_id()
            request.state.new_browser_id = new_id
        response: Response = await call_next(request)
        if new_id:
            response.set_cookie(
                csrf.COOKIE,
                new_id,
                httponly=True,
                samesite="lax",
                secure=settings.secure_cookies,
                max_age=365 * 86400,
            )
        return response

    app.add_middleware(
        BodyLimit,
        limits=BodyLimits(
            default=settings.max_body_default,
            push=settings.max_body_push,
            push_batch=settings.max_body_push_batch,
        ),
        respond=lambda scope, exc: errors.respond_to_scope(scope, 413, "too_large", exc.detail),
    )
    app.add_middleware(errors.CatchAll)
    app.add_middleware(SecurityHeaders)

    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    app.include_router(api_articles.router)
    app.include_router(api_sources.router)
    app.include_router(api_browse.router)
    app.include_router(api_storylines.router)
    app.include_router(api_readers.router)
    app.include_router(api_delivery.router)
    if settings.replay_clock:  # operators' replay clock: the route exists only when asked for
        app.include_router(admin_clock.router)
    app.include_router(api_alerts.router)
    app.include_router(api_webhooks.router)
    app.include_router(api_app_passwords.router)
    app.include_router(miniflux.router)
    app.include_router(greader_streams.router)  # with greader's routes
    app.include_router(fever.router)
    app.include_router(pages.router, include_in_schema=False)
    app.include_router(browse.router, include_in_schema=False)
    app.include_router(readers.router, include_in_schema=False)
    app.include_router(reader_actions.router, include_in_schema=False)
    app.include_router(reader_settings.router, include_in_schema=False)
    app.include_router(reader_apps.router, include_in_schema=False)
    app.include_router(admin_topics.router, include_in_schema=False)
    app.include_router(syndication.router, include_in_schema=False)
    app.include_router(pictures.router, include_in_schema=False)
    app.include_router(delivery_settings.router, include_in_schema=False)
    app.include_router(unsubscribe.router, include_in_schema=False)
    app.include_router(alert_pages.router, include_in_schema=False)
    app.include_router(webhook_pages.router, include_in_schema=False)
    app.include_router(admin_delivery.router, include_in_schema=False)

    @app.get("/", include_in_schema=False)
    def home(request: Request) -> Response:
        return readers.home(request)

    @app.get("/api/docs", include_in_schema=False)
    def docs(request: Request) -> Response:
        """Swagger UI from this server's own files (works offline; no inline script)."""
        page = app.state.templates.TemplateResponse(
            request, "api_docs.html", {"swagger_version": SWAGGER_VERSION}
        )
        page.headers["content-security-policy"] = DOCS_POLICY
        return page

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
