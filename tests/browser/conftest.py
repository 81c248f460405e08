"""Headless Chromium (Debian's /usr/bin/chromium, driven by Playwright; no browser download),
one per test session; one served app per test module. ``Visit`` fails a page load on any
console error (Content-Security-Policy violations included) or any 4xx/5xx it did not expect,
and runs axe-core (axe-playwright-python ships axe.min.js) on request."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from mynews.core.clock import Clock
from mynews.core.settings import Settings
from mynews.services.context import Context
from mynews.store.db import Database
from mynews.store.models import Base
from mynews.store.schema import upgrade
from mynews.workers.inline import InlineQueue
from tests.conftest import ARGS, LiveServer  # noqa: F401  (chromium, browser_page: tests/conftest.py)
from tests.readers.news import load_news

ARTIFACTS = Path(__file__).parent.parent / "artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def news(ctx: Context) -> dict[str, list[int]]:
    return load_news(ctx)


@dataclass
class ServedApp:
    server: LiveServer
    ctx: Context
    news: dict[str, list[int]]

    @property
    def url(self) -> str:
        return self.server.url


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    """The app on loopback over its own migrated database with the test news, for one module."""
    from mynews.app.asgi import create_app
    from mynews.app.container import Container

    folder = tmp_path_factory.mktemp("served")
    url = f"sqlite:///{folder / 'served.db'}"
    upgrade(url)
    settings = Settings(
        data_dir=folder / "var",
        database_url=url,
        enrich_enabled=False,
        fetch_images=False,
        secret_key="test-secret-key",
        _env_file=None,  # type: ignore[call-arg]
    )
    db = Database(url)
    ctx = Context(db=db, settings=settings, clock=Clock())
    ctx.queue = InlineQueue(ctx)
    news = load_news(ctx)
    app = create_app(settings, container=Container(settings, ctx, None, None))
    with LiveServer(app) as server:
        yield ServedApp(server, ctx, news)
    with db.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    db.dispose()


@dataclass
class Visit:
    """One browser context on the served app, watching what each page load does wrong."""

    page: Any
    base: str
    problems: list[str] = field(default_factory=list)
    expected_status: set[int] = field(default_factory=set)

    def go(self, path: str, *, status: int = 200) -> Any:
        self.problems.clear()
        response = self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        assert response is not None and response.status == status, (path, response and response.status)
        self.check(path)
        return response

    def check(self, what: str) -> None:
        self.page.wait_for_timeout(50)
        assert not self.problems, f"{what}: {self.problems}"

    def axe(self, what: str) -> None:
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        violations = results.response["violations"]
        detail = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        assert not violations, f"axe on {what}: {detail}"

    def theme(self, name: str) -> None:
        host = self.base.split("//", 1)[1].split(":", 1)[0]
        self.page.context.add_cookies([{"name": "theme", "value": name, "domain": host, "path": "/"}])

    def phone(self) -> None:
        self.page.set_viewport_size(PHONE)

    def desktop(self) -> None:
        self.page.set_viewport_size(DESKTOP)


@pytest.fixture
def visit(chromium: Any, served: ServedApp) -> Iterator[Visit]:
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15000)
    seen = Visit(page, served.url)

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            seen.problems.append(f"console: {msg.text}")

    def on_response(response: Any) -> None:
        if response.status >= 400 and response.status not in seen.expected_status:
            seen.problems.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: seen.problems.append(f"page error: {exc}"))
    page.on("response", on_response)
    yield seen
    context.close()


def sign_up_and_in(visit: Visit, email: str, password: str = "correct horse battery") -> None:
    """The sign-up form answers the same whether or not the address had an account and signs
    nobody in; the reader then signs in and lands on onboarding."""
    page = visit.page
    visit.go("/signup")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]:has-text('Sign up')")
    page.wait_for_url(re.compile(r"/signin\?created=1$"))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]:has-text('Sign in')")
    page.wait_for_url(re.compile(r"/welcome"))
