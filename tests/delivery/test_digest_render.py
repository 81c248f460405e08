"""The digest's HTML part rendered by Chromium, as a mail client would: nothing is fetched from the
network, the message is at most 600 px wide and fits a phone, and dark mode turns it dark.
Screenshots (light, dark, phone) go to tests/artifacts/ to be looked at."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from mynews.services.context import Context
from mynews.services.delivery import digests
from tests.browser.conftest import ARTIFACTS
from tests.delivery.test_digest_mail import _reader_with_digest

pytestmark = pytest.mark.browser


def test_digest_html_renders_in_chromium_light_dark_and_phone(
    news_ctx: Context, news: dict[str, list[int]], browser_page
) -> None:  # type: ignore[no-untyped-def]
    _reader_with_digest(news_ctx, news)
    message = digests.preview(news_ctx, "ada@example.org")
    assert isinstance(message, EmailMessage)
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    page = browser_page
    requests: list[str] = []
    page.route("**/*", lambda route: (requests.append(route.request.url), route.abort()))
    shots = {}
    for name, scheme, width in (("light", "light", 700), ("dark", "dark", 700), ("phone", "light", 390)):
        page.set_viewport_size({"width": width, "height": 900})
        page.emulate_media(color_scheme=scheme)
        page.set_content(html)
        shots[name] = page.screenshot(path=str(ARTIFACTS / f"digest-{name}.png"), full_page=True)
        frame = page.eval_on_selector("table.frame", "e => e.getBoundingClientRect().width")
        assert frame <= 600
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(17, 19, 21)") == (scheme == "dark"), background
        titles = page.eval_on_selector_all("a.title", "els => els.map(e => e.textContent.trim())")
        assert len(titles) == news_ctx.settings.digest_stories and all(titles)
    assert requests == [], "a mail must not load anything from the network"
    assert len({len(s) for s in shots.values()}) == 3
