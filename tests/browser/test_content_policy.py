"""The Content-Security-Policy in real Chromium: every page works under it (no violation is
reported), and the scripts moved out of the templates still run (the reading-time signal)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from mynews.services.context import Context
from mynews.services.ingestion.push import PushedArticle, create_push_source, push
from mynews.services.readers import accounts
from mynews.store.models import Signal
from tests.conftest import LiveServer

pytestmark = pytest.mark.browser

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""


def signed_in(page: Any, ctx: Context, server: LiveServer, email: str) -> int:
    reader = accounts.sign_up(ctx, email, "correct horse battery", admin=True)
    _, token = accounts.sign_in(ctx, email, "correct horse battery")
    page.context.add_cookies([{"name": "mynews_session", "value": token, "url": server.url}])
    return reader.id


def test_pages_run_under_the_policy_and_the_read_timer_works(
    live_app: LiveServer, ctx: Context, browser_page: Any
) -> None:
    _, token = create_push_source(ctx, "Policy News", "https://policy.example.org/")
    pushed = push(
        ctx,
        token,
        [
            PushedArticle(
                title="A plain article",
                id="p1",
                url="https://policy.example.org/a",
                html='<p>Text.</p><iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>',
            )
        ],
    )
    article_id = pushed[0].article_id
    page = browser_page
    page.add_init_script(WATCH)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    reader_id = signed_in(page, ctx, live_app, "policy@example.org")
    for path in ("/", "/latest", "/topics", "/search?q=plain", "/settings", "/admin/sources", "/saved"):
        page.goto(live_app.url + path)
        assert page.evaluate("window.__violations") == [], path
    page.goto(f"{live_app.url}/read/{article_id}")
    page.wait_for_selector("[data-read-beacon]")
    assert page.evaluate("window.__violations") == []
    page.goto(f"{live_app.url}/history")  # pagehide on the article sends the reading time
    page.wait_for_timeout(500)
    with ctx.db.reading() as session:
        kinds = set(session.scalars(select(Signal.kind).where(Signal.reader_id == reader_id)))
    assert "read" in kinds
    assert not [c for c in console if "Content Security Policy" in c], console
