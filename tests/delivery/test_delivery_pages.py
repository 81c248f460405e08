"""The reader's delivery settings in real Chromium: choose a weekly digest in a time zone, add an
alert channel, alert on a follow only when it is big, set quiet hours, add a webhook and see its
secret; a forbidden channel gets a clear error. Screenshots (desktop, phone, dark) go to
tests/artifacts/."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mynews.services.context import Context
from mynews.services.delivery import alert_channels, preferences, webhooks
from mynews.services.readers import accounts, follows
from tests.browser.conftest import ARTIFACTS
from tests.conftest import LiveServer
from tests.delivery.receiver import Receiver

pytestmark = pytest.mark.browser


def test_delivery_settings_page(
    news_ctx: Context, news: dict[str, list[int]], receiver: Receiver, live_app: LiveServer, browser_page: Any
) -> None:
    ctx = news_ctx
    page = browser_page
    reader = accounts.sign_up(ctx, "ada@example.org", "correct horse battery", name="Ada")
    topic = max(news, key=lambda k: len(news[k]))
    follows.set_follow(ctx, reader.id, "topic", topic)
    page.goto(f"{live_app.url}/signin")
    page.fill("input[name=email]", "ada@example.org")
    page.fill("input[name=password]", "correct horse battery")
    page.click("button[type=submit]:has-text('Sign in')")
    page.goto(f"{live_app.url}/settings")
    page.click("text=Delivery: e-mail digest, alerts, webhooks")
    page.wait_for_url(re.compile(r"/settings/delivery$"))

    page.select_option("select[name=frequency]", "weekly")
    page.select_option("select[name=hour]", "9")
    page.select_option("select[name=weekday]", "4")
    page.fill("input[name=timezone]", "America/Sao_Paulo")
    page.click("button:has-text('Save digest')")
    page.wait_for_selector("text=Your weekly digest is set.")
    prefs = preferences.get(ctx, reader.id)
    assert (prefs.digest_frequency, prefs.digest_hour, prefs.digest_weekday, prefs.timezone) == (
        "weekly",
        9,
        4,
        "America/Sao_Paulo",
    )

    page.fill("input[name=url][placeholder^='ntfy']", "json://10.0.0.9/hook")
    page.click("button:has-text('Add channel')")
    page.wait_for_selector(".flash.err:has-text('cannot notify this address')")
    page.fill(
        "input[name=url][placeholder^='ntfy']",
        f"json://me:s3cret@127.0.0.1:{receiver.url.rsplit(':', 1)[1]}/alerts",
    )
    page.click("button:has-text('Add channel')")
    page.wait_for_selector("text=Alerts will go to")
    assert "s3cret" not in page.content()

    page.select_option("select[aria-label^='Alert for']", "big")
    page.locator("select[aria-label^='Alert for'] ~ button").click()
    page.wait_for_url(re.compile(r"/settings/delivery"))
    assert [r.mode for r in alert_channels.rules(ctx, reader.id)] == ["big"]
    page.select_option("select[name=start]", "22")
    page.select_option("select[name=end]", "7")
    page.click("button:has-text('Save quiet hours')")
    page.wait_for_selector("text=Quiet hours saved.")

    page.fill("input[name=url][placeholder^='https://example.org/hooks']", f"{receiver.url}/hook")
    page.uncheck("input[name=events][value='article.matched']")
    page.click("button:has-text('Add webhook')")
    page.wait_for_selector("code.token")
    [hook] = webhooks.listing(ctx, reader.id)
    assert hook.events == ("story.big", "article.saved") and hook.secret in page.content()

    for name, size, scheme in (
        ("desktop", (1280, 800), "light"),
        ("phone", (390, 844), "light"),
        ("dark", (1280, 800), "dark"),
    ):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.emulate_media(color_scheme=scheme)
        page.screenshot(path=str(ARTIFACTS / f"delivery-settings-{name}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0] + 1
