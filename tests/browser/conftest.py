"""Headless Chromium (Debian's /usr/bin/chromium, driven by Playwright; no browser download)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mynews.services.context import Context
from tests.readers.news import load_news

ARTIFACTS = Path(__file__).parent.parent / "artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def news(ctx: Context) -> dict[str, list[int]]:
    return load_news(ctx)


@pytest.fixture
def browser_page() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1100, "height": 1000})
        page.set_default_timeout(15000)
        yield page
        browser.close()
