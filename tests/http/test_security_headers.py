"""Every response carries the security headers: pages, API, static files, redirects, errors
(404, 405, 413, 422, 403 and 500, HTML and JSON), over real HTTP on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from mynews.core.settings import Settings
from mynews.services.context import Context
from tests.conftest import LiveServer

REQUIRED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
}
DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
)


@pytest.fixture
def app_server(ctx: Context, settings: Settings) -> Iterator[LiveServer]:
    """The real app, plus one route that fails the way an unexpected bug does."""
    from mynews.app.asgi import create_app
    from mynews.app.container import Container

    app = create_app(settings, container=Container(settings, ctx, None, None))

    @app.get("/api/v1/boom", include_in_schema=False)
    @app.get("/boom", include_in_schema=False)
    def boom() -> None:
        raise RuntimeError("a bug")

    with LiveServer(app) as server:
        yield server


def assert_secure(response: httpx.Response) -> None:
    for name, value in REQUIRED.items():
        assert response.headers.get(name) == value, (response.request.url, name)
    policy = response.headers["content-security-policy"]
    for directive in DIRECTIVES:
        assert directive in policy, (response.request.url, directive)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "camera=()" in response.headers["permissions-policy"]


CASES = [
    ("GET", "/", None, 200),
    ("GET", "/latest", None, 200),
    ("GET", "/signin", None, 200),
    ("GET", "/static/app.js", None, 200),
    ("GET", "/static/app.css", None, 200),
    ("GET", "/static/missing.js", None, 404),
    ("GET", "/healthz", None, 200),
    ("GET", "/api/v1/articles", None, 200),
    ("GET", "/api/openapi.json", None, 200),
    ("GET", "/api/v1/articles/12345", None, 404),
    ("GET", "/articles/12345", None, 404),
    ("GET", "/api/v1/articles?limit=abc", None, 422),
    ("DELETE", "/api/v1/articles", None, 405),
    ("GET", "/api/v1/me", None, 401),
    ("POST", "/signout", {}, 403),
    ("GET", "/feeds/for-you.atom", None, 401),
    ("GET", "/boom", None, 500),
    ("GET", "/api/v1/boom", None, 500),
]


def test_every_kind_of_response_carries_the_headers(app_server: LiveServer) -> None:
    with httpx.Client(base_url=app_server.url) as client:
        for method, path, form, status in CASES:
            response = client.request(method, path, data=form, headers={"accept": "text/html"})
            assert response.status_code == status, (path, response.status_code, response.text[:200])
            assert_secure(response)
        redirect = client.get("/saved", follow_redirects=False)
        assert redirect.status_code in (302, 303, 307)
        assert_secure(redirect)


def test_500_is_the_designed_html_page_or_the_one_json_shape(app_server: LiveServer) -> None:
    with httpx.Client(base_url=app_server.url) as client:
        page = client.get("/boom", headers={"accept": "text/html"})
        assert page.headers["content-type"].startswith("text/html")
        assert 'rel="stylesheet" href="/static/app.css' in page.text  # the designed page
        assert "something went wrong on our side" in page.text and "internal_error" in page.text
        api = client.get("/api/v1/boom")
        assert api.json() == {
            "error": {"code": "internal_error", "message": "something went wrong on our side"}
        }


def test_the_api_docs_page_runs_swagger_ui_from_our_own_files(app_server: LiveServer) -> None:
    with httpx.Client(base_url=app_server.url) as client:
        docs = client.get("/api/docs")
        assert docs.status_code == 200
        policy = docs.headers["content-security-policy"]
        assert "script-src 'self';" in policy and "unsafe-inline" not in policy and "cdn" not in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        for path in ("/static/swagger/swagger-ui-bundle.js", "/static/swagger/swagger-ui.css"):
            assert path in docs.text and client.get(path).status_code == 200


def test_templates_have_no_inline_script_handlers_or_styles() -> None:
    import re
    from pathlib import Path

    import mynews.web

    folder = Path(mynews.web.__file__).parent / "templates"
    for template in folder.glob("*.html"):
        source = template.read_text()
        assert not re.search(r"<script(?![^>]*\ssrc=)", source), template.name
        assert not re.search(r"\son[a-z]+\s*=", source), template.name
        assert not re.search(r"\sstyle\s*=", source), template.name
        assert "javascript:" not in source.lower(), template.name
