"""A reader in real headless Chromium: sign up → onboarding → follow a topic → the feed shows it
with its reason → open an article → "fewer like this" → the next feed changes; and the
operator's source page. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mynews.services.context import Context
from tests.browser.conftest import ARTIFACTS
from tests.conftest import LiveServer
from tests.readers.news import live_the_day_after

pytestmark = pytest.mark.browser


def _card_ids(page: Any) -> list[int]:
    return [
        int(x)
        for x in page.locator("[data-feed] li.story").evaluate_all("els => els.map(e => e.dataset.articleId)")
    ]


def _sign_up(page: Any, base: str, email: str, name: str = "") -> None:
    """Sign up, read the answer (the same whether or not the address had an account), sign in."""
    page.goto(f"{base}/signup")
    if name:
        page.fill("input[name=name]", name)
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "correct horse battery")
    page.click("button[type=submit]:has-text('Sign up')")
    page.wait_for_url(re.compile(r"/signin\?created=1$"))
    assert "If this address was new, its account is ready" in page.inner_text("main")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "correct horse battery")
    page.click("button[type=submit]:has-text('Sign in')")
    page.wait_for_url(re.compile(r"/welcome$"))


def _topic_of(news: dict[str, list[int]]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for key, ids in news.items():
        for article_id in ids:
            out.setdefault(article_id, set()).add(key)
    return out


def test_sign_up_follow_read_and_say_fewer(
    ctx: Context, live_app: LiveServer, news: dict[str, list[int]], browser_page: Any
) -> None:
    live_the_day_after(ctx)
    page = browser_page
    topics = _topic_of(news)
    followed = max(news, key=lambda k: len(news[k]))
    _sign_up(page, live_app.url, "ada@example.org", "Ada")

    button = page.locator(f"button[data-chip='topic:{followed}']")
    button.click()
    page.wait_for_selector(f"button[data-chip='topic:{followed}'][aria-pressed='true']")
    page.screenshot(path=str(ARTIFACTS / "1-onboarding.png"), full_page=True)
    name = button.locator("[data-label]").inner_text().strip()
    page.click("button:has-text('Show my feed')")
    page.wait_for_selector("[data-feed=for_you] li.story")
    page.screenshot(path=str(ARTIFACTS / "2-for-you.png"))

    first_reasons = page.locator("[data-feed] li.story .reasons").all_inner_texts()
    assert any(f"You follow {name}" in r for r in first_reasons[:12])
    # the reason leads to the page of what it names (to unfollow or mute it there)
    link = page.locator("[data-feed] li.story .reasons a", has_text=f"You follow {name}").first
    assert link.get_attribute("href") == f"/topics/{followed}"
    before = _card_ids(page)

    # Open the article whose own topics (besides the followed one) have the most company on the
    # page, then say "fewer like this" to it.
    def own(article_id: int) -> set[str]:
        return topics.get(article_id, set()) - {followed}

    def related(ids: list[int], target: int) -> list[int]:
        return [a for a in ids if a != target and own(a) & own(target)]

    target = max(before[1:], key=lambda a: (len(related(before, a)), -before.index(a)))
    assert len(related(before, target)) >= 2
    page.click(f"li.story[data-article-id='{target}'] a.title")
    page.wait_for_url(re.compile(rf"/read/{target}$"))
    page.click("form[data-action=fewer] button")
    page.wait_for_selector(".toast:has-text('fewer like this')")
    page.screenshot(path=str(ARTIFACTS / "3-article-fewer.png"))
    page.goto(f"{live_app.url}/history")  # the page itself posted the open (a GET writes nothing)
    assert page.locator(f"a[href='/read/{target}']").count() >= 1

    page.goto(f"{live_app.url}/")
    page.wait_for_selector("[data-feed=for_you] li.story")
    after = _card_ids(page)
    page.screenshot(path=str(ARTIFACTS / "4-for-you-after.png"))
    assert target not in after

    # The articles like the one turned down move down the page (or off it), against the rest of
    # the page (which moves up by one where the opened article left it).
    def moved(ids: list[int]) -> float:
        shifts = [(after.index(a) if a in after else len(after)) - before.index(a) for a in ids]
        return sum(shifts) / max(1, len(shifts))

    like_it = related(before, target)
    rest = [a for a in before if a != target and a not in like_it]
    assert moved(like_it) >= moved(rest) + 2.0, (moved(like_it), moved(rest))

    # "Fewer like this" on a card removes it without a reload.
    first = after[0]
    page.click(f"li.story[data-article-id='{first}'] form[data-action=fewer] button")
    page.wait_for_selector(f"li.story[data-article-id='{first}']", state="detached")

    # The reader's own pages: history lists the article opened; settings list the follow.
    page.goto(f"{live_app.url}/history")
    assert page.locator(f"li.story[data-article-id='{target}']").count() == 1
    page.screenshot(path=str(ARTIFACTS / "6-history.png"))
    page.goto(f"{live_app.url}/settings")
    assert name in page.inner_text("ul.follows")
    page.screenshot(path=str(ARTIFACTS / "7-settings.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_app.url}/")
    page.screenshot(path=str(ARTIFACTS / "8-for-you-phone.png"))


def test_the_operator_sees_source_health(
    live_app: LiveServer, news: dict[str, list[int]], browser_page: Any, ctx: Any, feedserver: Any
) -> None:
    from mynews.services.ingestion.catalog import add_source
    from tests.feedserver import Route

    busy = feedserver.route("/busy.xml", Route(status=503, headers={"Retry-After": "3600"}))
    add_source(ctx, busy, full_text=False, discover=False, allow_internal=True)
    page = browser_page
    _sign_up(page, live_app.url, "operator@example.org")
    page.goto(f"{live_app.url}/admin/sources")
    main = page.inner_text("main")
    assert "Global Voices" in main and "degraded" in main
    assert "503" in main and "retry after 3600" in main  # the last error, with the server's wish
    assert page.locator("figure.chart svg rect").count() == 5  # sources by health
    page.screenshot(path=str(ARTIFACTS / "5-operator-sources.png"), full_page=True)


def test_keyboard_shortcuts_move_save_and_ask_for_more(
    live_app: LiveServer, news: dict[str, list[int]], browser_page: Any
) -> None:
    page = browser_page
    _sign_up(page, live_app.url, "keys@example.org")
    page.goto(f"{live_app.url}/for-you")
    page.wait_for_selector("[data-feed=for_you] li.story")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("j")
    current = page.locator("[data-feed] li.story.current")
    assert current.count() == 1
    assert current.get_attribute("data-article-id") == str(_card_ids(page)[1])
    title = current.locator("a.title").inner_text()
    page.keyboard.press("s")
    page.wait_for_selector("li.story.current form[data-save] button[aria-pressed=true]")
    page.keyboard.press("m")
    page.wait_for_selector(".toast:has-text('more like this')")
    page.screenshot(path=str(ARTIFACTS / "9-keyboard.png"))
    page.goto(f"{live_app.url}/saved")
    assert title in page.inner_text("main")
    page.goto(f"{live_app.url}/for-you")
    page.wait_for_selector("[data-feed=for_you] li.story")
    page.keyboard.press("j")
    page.keyboard.press("o")
    page.wait_for_url(re.compile(r"/read/\d+$"))
