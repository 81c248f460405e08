"""The phone, in real Chromium at 360 px (the narrowest common phone): no page scrolls sideways,
signed out and signed in (an operator, so the operator pages too), and every control a thumb
uses is at least 44 × 44 px (links inside sentences excepted, as WCAG 2.5.8 does)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.browser.conftest import ARTIFACTS, ServedApp, Visit, sign_up_and_in

pytestmark = pytest.mark.browser
NARROW = {"width": 360, "height": 740}
SHOTS = ARTIFACTS / "phone-360"

TARGETS = """() => {
  const controls = "button, a.button, input:not([type=hidden]), select, textarea, summary, [role=button], "
    + "[role=tab], header.bar a, nav.tabs a, nav.side a, .chips a, .pager a, .foot-row a";
  const small = [];
  for (const el of document.querySelectorAll(controls)) {
    if (el.closest("[hidden], dialog:not([open]), .skip, .sr-only")) continue;
    let box = el.getBoundingClientRect();
    if (["checkbox", "radio"].includes(el.type) && el.closest("label")) box = el.closest("label").getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === "hidden" || style.display === "none") continue;
    if (box.width < 43.5 || box.height < 43.5) {
      const name = (el.getAttribute("aria-label") || el.textContent || el.name || el.type || "").trim().slice(0, 40);
      small.push(`${el.tagName.toLowerCase()}.${el.className} "${name}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""

WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.right <= width + 0.5 || !box.width) continue;
    let clipped = false;  // inside something that scrolls or clips on its own
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o !== "visible" && p.getBoundingClientRect().right <= width + 0.5) { clipped = true; break; }
    }
    if (!clipped) out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.right)}`);
  }
  return out.slice(0, 5);
}"""


def _story(served: ServedApp) -> int:
    """A story of four articles (the served app runs without the models that would make one)."""
    from mynews.store.models import Article, Story

    ids = served.news[max(served.news, key=lambda k: len(served.news[k]))][:4]
    with served.ctx.db.transaction() as session:
        story = Story(label="A story told by four articles", size=4, source_count=1)
        story.first_published = story.last_published = datetime(2012, 5, 1, tzinfo=UTC)
        session.add(story)
        session.flush()
        for article_id in ids:
            row = session.get(Article, article_id)
            assert row is not None
            row.story_id = story.id
        return story.id


def _check(visit: Visit, name: str, path: str, status: int = 200) -> None:
    page = visit.page
    if status == 200:
        visit.go(path)
    else:  # the browser reports the page's own status as a console error: only that is expected
        response = page.goto(visit.base + path)
        assert response is not None and response.status == status
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"], (
        name,
        page.evaluate(WIDE),
    )
    assert page.evaluate(WIDE) == [], name
    small = page.evaluate(TARGETS)
    assert small == [], f"{name}: touch targets under 44 px: {small}"
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_no_page_scrolls_sideways_at_360_px_and_targets_are_44_px(served: ServedApp, visit: Visit) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    news = served.news
    topic = max(news, key=lambda k: len(news[k]))
    article = news[topic][0]
    story = _story(served)
    visit.page.set_viewport_size(NARROW)
    signed_out = [
        ("front", "/"),
        ("latest", "/latest"),
        ("topics", "/topics"),
        ("topic", f"/topics/{topic}"),
        ("article", f"/articles/{article}"),
        ("story", f"/stories/{story}"),
        ("search", "/search?q=protest"),
        ("signin", "/signin"),
        ("signup", "/signup"),
    ]
    for name, path in signed_out:
        _check(visit, name, path)
    _check(visit, "admin-signed-out", "/admin/sources", status=401)  # with its sign-in link
    visit.page.set_viewport_size({"width": 1280, "height": 800})
    sign_up_and_in(visit, "phone@example.org")  # the first account: the operator
    visit.page.set_viewport_size(NARROW)
    signed_in = [
        ("welcome", "/welcome"),
        ("for-you", "/"),
        ("following", "/following"),
        ("read", f"/read/{article}"),
        ("story-reader", f"/stories/{story}"),
        ("search-reader", "/search?q=protest"),
        ("saved", "/saved"),
        ("history", "/history"),
        ("settings", "/settings"),
        ("reader-apps", "/settings/apps"),
        ("more", "/more"),
        ("admin-sources", "/admin/sources"),
        ("admin-topics", "/admin/topics"),
        ("admin-delivery", "/admin/delivery"),
    ]
    for name, path in signed_in:
        _check(visit, name, path)
