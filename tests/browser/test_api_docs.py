"""/api/docs in real Chromium with no network: Swagger UI comes from mynews' own origin (shipped
in the package), renders every operation, and breaks no rule of the page's policy."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import LiveServer

pytestmark = pytest.mark.browser


def test_api_docs_render_offline_from_our_own_files(chromium: Any, live_app: LiveServer) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    problems: list[str] = []

    def only_loopback(route: Any) -> None:
        if route.request.url.startswith(live_app.url):
            route.continue_()
        else:  # no network: anything outside this server fails, and is counted
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        response = page.goto(live_app.url + "/api/docs")
        assert response is not None and response.status == 200
        policy = response.headers["content-security-policy"]
        assert "script-src 'self';" in policy and "unsafe" not in policy and "http" not in policy
        page.wait_for_selector(".swagger-ui .info .title", timeout=20000)
        assert "mynews" in page.inner_text(".swagger-ui .info .title")
        page.wait_for_selector(".opblock")
        assert page.locator(".opblock").count() > 20  # every operation, from /api/openapi.json
        page.locator(".opblock-summary-path", has_text="/api/v1/search").first.click()
        page.wait_for_selector(".opblock.is-open .parameters")  # the operation opens: it works
        page.wait_for_timeout(200)
        assert outside == [] and problems == []
    finally:
        context.close()
