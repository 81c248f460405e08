"""No script from a feed, a page or a publisher ever runs: every payload class (script tags,
event handlers, javascript:/data:/vbscript: URLs in every link, image and site field, SVG and
MathML tricks, CSS expressions, entity-encoded and mixed-case schemes) sent through the push
API, RSS, Atom and JSON Feed (served over loopback) and a linked page, then every page that
shows them opened in real Chromium, while the articles are still PENDING and again once
processed. The pages are opened with the Content-Security-Policy switched off in the browser
(``bypass_csp``), so what is proved is that the stored and rendered HTML itself is inert; the
policy is a second wall (tests/browser/test_content_policy.py).

Fails on any dialog, any console line with the marker, any request to the attacker's /steal,
and any script-capable attribute left in the DOM.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from lxml import html as lxml_html
from sqlalchemy import select

from mynews.services.context import Context
from mynews.services.ingestion import processing
from mynews.services.ingestion.catalog import add_source
from mynews.services.ingestion.push import create_push_source
from mynews.services.ingestion.refresh import refresh_source
from mynews.services.readers import accounts
from mynews.store.models import Article
from mynews.workers.queue import make_huey, register
from tests.browser import xss_payloads as x
from tests.conftest import LiveServer
from tests.feedserver import FeedServer, Route

pytestmark = pytest.mark.browser

DOM_CHECK = """() => {
  const bad = [];
  const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      const value = a.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
      if (name.startsWith("on")) bad.push(el.tagName + " " + name);
      if (name === "srcdoc" || name === "style") bad.push(el.tagName + " " + name);
      if (urlAttrs.includes(name) && /^(javascript|data|vbscript):/.test(value)) bad.push(el.tagName + " " + name + "=" + value.slice(0, 30));
    }
    if (el.tagName === "SCRIPT" && !el.src) bad.push("inline script");
    if (["BASE", "OBJECT", "EMBED", "MATH"].includes(el.tagName)) bad.push(el.tagName);
    if (el.tagName === "META" && (el.httpEquiv || "").toLowerCase() === "refresh") bad.push("meta refresh");
    if (el.tagName === "IFRAME" && !/^https:\\/\\/(www\\.)?(youtube(-nocookie)?\\.com\\/embed|player\\.vimeo\\.com\\/video)\\/[^.]/.test(el.src)) bad.push("iframe " + el.src);
  }
  return bad;
}"""


class Watch:
    """A browser context and what ran in it."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.page = context.new_page()
        self.page.set_default_timeout(15000)
        self.ran: list[str] = []
        self.page.on("dialog", lambda d: (self.ran.append(f"dialog {d.message}"), d.dismiss()))
        self.page.on("console", lambda m: self.ran.append(m.text) if "XSS-MARK" in m.text else None)
        self.page.on("request", lambda r: self.ran.append(r.url) if "/steal" in r.url else None)

    def visit(self, url: str) -> list[str]:
        response = self.page.goto(url)
        assert response is not None and response.status < 500, (url, response and response.status)
        self.page.wait_for_load_state("load")
        self.page.wait_for_timeout(150)  # img onerror and the like fire after load
        return self.page.evaluate(DOM_CHECK)


def _ids(ctx: Context) -> list[int]:
    with ctx.db.reading() as session:
        return list(session.scalars(select(Article.id).order_by(Article.id)))


def _statuses(ctx: Context) -> set[str]:
    with ctx.db.reading() as session:
        return set(session.scalars(select(Article.status)))


def _ingest(ctx: Context, server: FeedServer, live: LiveServer) -> None:
    server.route("/rss.xml", Route(body=x.rss(server.base_url), content_type="application/rss+xml"))
    server.route("/atom.xml", Route(body=x.atom(), content_type="application/atom+xml"))
    server.route("/feed.json", Route(body=x.json_feed(), content_type="application/feed+json"))
    server.route("/hostile.html", Route(body=x.page(), content_type="text/html"))
    for path in ("/rss.xml", "/atom.xml", "/feed.json"):
        view, _ = add_source(ctx, server.url(path), discover=False, allow_internal=True)
        assert refresh_source(ctx, view.id).status == "ok"
    _, token = create_push_source(ctx, "Hostile publisher", hosts=["hostile.example"])
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=live.url, headers=auth) as client:
        single = client.post("/api/v1/articles", json=x.pushed(0, "https://hostile.example"))
        assert single.status_code == 202, single.text
        batch = [x.pushed(n, "https://news.hostile.example") for n in range(1, 4)]
        assert client.post("/api/v1/articles/batch", json={"articles": batch}).status_code == 202
        for url in x.URL_PAYLOADS:  # a hostile URL is a claim the API refuses outright
            refused = client.post("/api/v1/articles", json=x.pushed(9, "https://x") | {"url": url})
            assert refused.status_code == 400 and refused.json()["error"]["code"] == "bad_url", url


def _check_api(live: LiveServer, ids: list[int]) -> None:
    with httpx.Client(base_url=live.url) as client:
        for article_id in ids:
            data = client.get(f"/api/v1/articles/{article_id}").json()
            for key in ("url", "lead_image"):
                assert data[key] is None or data[key].startswith(("http://", "https://")), data[key]
            body = lxml_html.fragment_fromstring(data["body_html"] or "<p></p>", create_parent="div")
            assert not body.xpath(
                "//script|//style|//object|//embed|//svg|//math|//base|//@*[starts-with(name(), 'on')]"
            )
            assert not [
                h
                for h in body.xpath("//@href|//@src")
                if not h.startswith(("http://", "https://", "mailto:"))
            ]


def test_no_payload_runs_on_any_page_pending_or_processed(
    ctx: Context, live_app: LiveServer, feedserver: FeedServer, browser_page: Any, tmp_path: Any
) -> None:
    ctx.settings.data_dir = tmp_path / "queue"
    ctx.queue = register(make_huey(ctx.settings), ctx)  # tasks are queued, never run: all stay pending
    _ingest(ctx, feedserver, live_app)
    ids = _ids(ctx)
    assert len(ids) >= 20  # entity-spelled schemes resolve to harmless paths, shared by the feeds
    assert _statuses(ctx) == {"pending"}

    reader = accounts.sign_up(ctx, "victim@example.org", "correct horse battery")
    _, session = accounts.sign_in(ctx, "victim@example.org", "correct horse battery")
    browser = browser_page.context.browser
    anonymous = Watch(browser.new_context(bypass_csp=True))
    victim = Watch(browser.new_context(bypass_csp=True))
    victim.context.add_cookies([{"name": "mynews_session", "value": session, "url": live_app.url}])
    enforced = Watch(browser_page.context)  # the policy on, as every reader has it

    for phase in ("pending", "ready"):
        for article_id in ids:
            assert anonymous.visit(f"{live_app.url}/articles/{article_id}") == [], (phase, article_id)
            assert victim.visit(f"{live_app.url}/read/{article_id}") == [], (phase, article_id)
        for path in ("/latest", "/", "/search?q=hostile", "/top"):
            assert victim.visit(live_app.url + path) == [], (phase, path)
            assert enforced.visit(live_app.url + path) == [], (phase, path)
        _check_api(live_app, ids)
        for watch in (anonymous, victim, enforced):
            assert watch.ran == [], (phase, watch.ran)
        assert feedserver.requests_to("/steal") == []
        if phase == "pending":
            for article_id in ids:
                processing.process_article(ctx, article_id)
            assert _statuses(ctx) == {"ready"}

    _, feed_token = accounts.create_token(ctx, reader.id, "reader app")
    with httpx.Client(base_url=live_app.url) as client:
        atom = client.get("/feeds/following.atom", params={"token": feed_token})
    assert atom.status_code == 200
    assert b"javascript:" not in atom.content.lower() and b"data:text" not in atom.content.lower()
