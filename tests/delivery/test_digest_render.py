"""The digest's HTML part rendered by Chromium, as a mail client would: the only requests it
makes are for mynews' own copies of pictures (``/img/…`` on MYNEWS_BASE_URL, made by the picture
worker from what the publisher served), stories without one are text entries, the message is at
most 600 px wide and fits a phone, and dark mode turns it dark. Screenshots (light, dark, phone)
go to tests/artifacts/ to be looked at."""

from __future__ import annotations

import io
from email.message import EmailMessage
from typing import Any

import pytest
from PIL import Image, ImageDraw

from mynews.services.context import Context
from mynews.services.delivery import digests
from mynews.services.ingestion import pictures
from mynews.store import articles
from tests.browser.conftest import ARTIFACTS
from tests.conftest import LiveServer
from tests.delivery.test_digest_mail import _reader_with_digest
from tests.feedserver import FeedServer, Route

pytestmark = pytest.mark.browser


def _png(colour: str) -> bytes:
    image = Image.new("RGB", (640, 480), colour)
    ImageDraw.Draw(image).ellipse((160, 80, 480, 400), fill="white")
    data = io.BytesIO()
    image.save(data, "PNG")
    return data.getvalue()


def _pictures_for(ctx: Context, article_ids: list[int], feedserver: FeedServer) -> None:
    """Publisher pictures for some articles, fetched and stored by the picture worker's use case."""
    urls = []
    for n, (article_id, colour) in enumerate(zip(article_ids, ("#b0412e", "#1f5fa8"), strict=False)):
        url = feedserver.route(f"/pic{n}.png", Route(body=_png(colour), content_type="image/png"))
        with ctx.db.transaction() as session:
            article = articles.get(session, article_id)
            assert article is not None
            article.lead_image = url
        urls.append(url)
    report = pictures.fetch_urls(
        ctx, urls, allowance=f"127.0.0.1:{feedserver.port}"
    )  # as a source allowed it
    assert sorted(report.ready) == sorted(urls), report


def test_digest_html_renders_in_chromium_light_dark_and_phone(
    news_ctx: Context,
    news: dict[str, list[int]],
    live_app: LiveServer,
    feedserver: FeedServer,
    browser_page: Any,
) -> None:
    ctx = news_ctx
    ctx.settings = ctx.settings.model_copy(update={"base_url": live_app.url})
    _reader_with_digest(ctx, news)
    first = digests.preview(ctx, "ada@example.org")
    top = [int(u.rsplit("/", 1)[1]) for u in _links(first) if "/read/" in u][:3]
    _pictures_for(ctx, [top[0], top[2]], feedserver)
    message = digests.preview(ctx, "ada@example.org")
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert html.count('<img src="' + live_app.url + "/img/") == 2
    page = browser_page
    outside: list[str] = []

    def only_our_pictures(route: Any) -> None:
        url = route.request.url
        if url.startswith(live_app.url + "/img/"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", only_our_pictures)
    for name, scheme, width in (("light", "light", 700), ("dark", "dark", 700), ("phone", "light", 390)):
        page.set_viewport_size({"width": width, "height": 900})
        page.emulate_media(color_scheme=scheme)
        page.set_content(html, wait_until="load")
        page.screenshot(path=str(ARTIFACTS / f"digest-{name}.png"), full_page=True)
        assert page.eval_on_selector("table.frame", "e => e.getBoundingClientRect().width") <= 600
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(17, 19, 21)") == (scheme == "dark"), background
        titles = page.eval_on_selector_all("a.title", "els => els.map(e => e.textContent.trim())")
        assert len(titles) == ctx.settings.digest_stories and all(titles)
        if width > 480:
            loaded = page.eval_on_selector_all("td.thumb img", "els => els.map(e => e.naturalWidth)")
            assert loaded == [480, 480], loaded  # our own 480 px WebP copies, shown at 112 px
    assert outside == [], "a mail loads nothing but mynews' own pictures"


def _links(message: EmailMessage) -> list[str]:
    import re

    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    return re.findall(r'<a class="title" href="([^"]+)"', html)
