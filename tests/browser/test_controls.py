"""Controls tell the truth, in real Chromium: every toggle shows the server's state after the
request and after a reload, everywhere the same thing appears; hide and fewer can be undone
from the toast; keyboard shortcuts and the shortcut help; the phone layout."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import ARTIFACTS, ServedApp, Visit, sign_up_and_in

pytestmark = pytest.mark.browser


def _sign_up(visit: Visit, email: str) -> None:
    sign_up_and_in(visit, email)


def test_follow_chips_save_and_undo_hide(served: ServedApp, visit: Visit) -> None:
    page = visit.page
    _sign_up(visit, "truth@example.org")
    chip = page.locator("button[data-chip^='topic:']").first
    key = chip.get_attribute("data-chip")
    chip.click()
    page.wait_for_selector(f"button[data-chip='{key}'][aria-pressed=true]")
    chip.click()  # a second click unfollows: the server agrees after a reload
    page.wait_for_selector(f"button[data-chip='{key}'][aria-pressed=false]")
    visit.go("/welcome")
    assert page.locator(f"button[data-chip='{key}']").get_attribute("aria-pressed") == "false"
    page.locator(f"button[data-chip='{key}']").click()
    page.wait_for_selector(f"button[data-chip='{key}'][aria-pressed=true]")
    visit.go("/welcome")
    assert page.locator(f"button[data-chip='{key}']").get_attribute("aria-pressed") == "true"
    page.click("button:has-text('Show my feed')")
    page.wait_for_selector("[data-feed=for_you] li.story")
    visit.check("for you")

    # Save: the button says Saved, and still does after a reload.
    first = page.locator("[data-feed] li.story").first
    article = first.get_attribute("data-article-id")
    first.locator("form[data-save] button").click()
    page.wait_for_selector(f"form[data-save='{article}'] button[aria-pressed=true]")
    visit.go("/saved")
    assert page.locator(f"form[data-save='{article}'] button").first.get_attribute("aria-pressed") == "true"
    assert "Saved" in page.locator(f"form[data-save='{article}'] [data-label]").first.inner_text()
    visit.go("/")

    # Hide: the card goes, the toast offers Undo, Undo brings it back and the server forgets it.
    second = page.locator("[data-feed] li.story").nth(1)
    hidden = second.get_attribute("data-article-id")
    second.locator("form[data-action=hide] button").click()
    page.wait_for_selector(f"li.story[data-article-id='{hidden}']", state="detached")
    page.wait_for_selector(".toast:has-text('Story hidden') button:has-text('Undo')")
    page.screenshot(path=str(ARTIFACTS / "toast-undo.png"))
    page.click(".toast button:has-text('Undo')")
    page.wait_for_selector(f"li.story[data-article-id='{hidden}']")
    page.wait_for_selector(".toast:has-text('Undone')")
    visit.go("/")
    assert page.locator(f"li.story[data-article-id='{hidden}']").count() == 1
    visit.check("after undo")


def test_topic_follow_and_mute_show_the_server_state(served: ServedApp, visit: Visit) -> None:
    page = visit.page
    _sign_up(visit, "mute@example.org")
    topic = max(served.news, key=lambda k: len(served.news[k]))
    visit.go(f"/topics/{topic}")
    follow = page.locator("form[data-role=follow] button")
    mute = page.locator("form[data-role=mute] button")
    follow.click()
    page.wait_for_selector("form[data-role=follow] button[aria-pressed=true]:has-text('Following')")
    visit.go(f"/topics/{topic}")
    assert follow.get_attribute("aria-pressed") == "true"
    mute.click()  # muting replaces following
    page.wait_for_selector("form[data-role=mute] button[aria-pressed=true]:has-text('Muted')")
    page.wait_for_selector("form[data-role=follow] button[aria-pressed=false]:has-text('Follow')")
    page.wait_for_selector(".toast:has-text('Muted') button:has-text('Undo')")
    page.click(".toast button:has-text('Undo')")
    page.wait_for_selector("form[data-role=mute] button[aria-pressed=false]")
    visit.go(f"/topics/{topic}")
    assert mute.get_attribute("aria-pressed") == "false"
    visit.check("topic")


def test_keyboard_and_help(served: ServedApp, visit: Visit) -> None:
    page = visit.page
    _sign_up(visit, "keys@example.org")
    visit.go("/for-you")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    current = page.locator("[data-nav-list] li.story.current")
    assert current.count() == 1
    article = current.get_attribute("data-article-id")
    page.keyboard.press("s")
    page.wait_for_selector(f"form[data-save='{article}'] button[aria-pressed=true]")
    page.keyboard.press("?")
    page.wait_for_selector("dialog[open] >> text=Keyboard shortcuts")
    page.keyboard.press("Escape")
    page.keyboard.press("o")
    page.wait_for_url(re.compile(rf"/read/{article}$"))
    visit.check("keyboard")


def test_phone_has_one_header_row_bottom_tabs_and_no_sideways_scroll(served: ServedApp, visit: Visit) -> None:
    page = visit.page
    visit.phone()
    for path in ("/", "/latest", "/topics", "/search?q=election", "/signin"):
        visit.go(path)
        header = page.locator("header.bar").bounding_box()
        assert header is not None and header["height"] <= 64, path
        tabs = page.locator("nav.tabs").bounding_box()
        assert tabs is not None and tabs["y"] + tabs["height"] >= 843, path
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        for box in page.locator("nav.tabs a").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().height)"
        ):
            assert box >= 44
    visit.go("/latest")
    page.mouse.wheel(0, 1200)
    page.wait_for_timeout(400)
    assert "away" in (page.locator("header.bar").get_attribute("class") or "")


def test_article_tags_name_each_thing_once_and_follow(served: ServedApp, visit: Visit) -> None:
    """The reader's article page lists what it is about once (it showed the same names under
    "Follow what this is about" and "In this article", and a publisher twice): each name opens
    its page, the + beside it follows, and the server agrees after a reload."""
    page = visit.page
    _sign_up(visit, "tags@example.org")
    article = next(ids[0] for ids in served.news.values() if ids)
    visit.go(f"/read/{article}")
    names = [n.strip() for n in page.locator("ul.tags li > a, ul.tags li > .name").all_inner_texts()]
    assert names and len(names) == len({n.casefold() for n in names})
    assert page.locator("text=Follow what this is about").count() == 0
    topic = page.locator("ul.tags li:has(a[href^='/topics/'])").first
    key = topic.locator("button.tag-follow").get_attribute("data-chip")
    topic_href = topic.locator("a").get_attribute("href")
    topic.locator("button.tag-follow").click()
    page.wait_for_selector(f"button.tag-follow[data-chip='{key}'][aria-pressed=true]")
    visit.go(f"/read/{article}")
    assert page.locator(f"button.tag-follow[data-chip='{key}']").get_attribute("aria-pressed") == "true"
    visit.go(topic_href)  # the topic's own page says it is followed
    assert page.locator(f"form[data-follow='{key}'][data-role=follow] button[aria-pressed=true]").count() >= 1
    visit.check("article tags")
