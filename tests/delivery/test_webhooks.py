"""Webhooks end to end over loopback: created through the API (SSRF-guarded), an ``article.saved``
event POSTed and verified with the very snippet docs/delivery.md gives, failures retried with
back-off and logged with the receiver's answer, and a webhook that keeps failing disabled with an
e-mail to its owner (the real SMTP server), then turned back on."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from mynews.core.clock import FixedClock
from mynews.core.errors import BadInput
from mynews.services.context import Context
from mynews.services.delivery import webhook_delivery, webhooks
from mynews.services.readers import accounts
from tests.conftest import LiveServer
from tests.delivery.mailserver import MailServer
from tests.delivery.receiver import Receiver

DOC = Path(__file__).parents[2] / "docs" / "delivery.md"


def _verify():  # type: ignore[no-untyped-def]
    """The verification snippet of docs/delivery.md, as a reader would paste it."""
    code = re.search(r"## Webhooks.*?```python\n(.*?)```", DOC.read_text(), re.S)
    assert code, "docs/delivery.md shows how to verify a signature"
    namespace: dict[str, object] = {}
    exec(code.group(1), namespace)
    return namespace["verify"]


def _api(live: LiveServer, ctx: Context, email: str) -> httpx.Client:
    reader = accounts.sign_up(ctx, email, "correct horse battery")
    _, token = accounts.create_token(ctx, reader.id, "tests")
    return httpx.Client(base_url=live.url, headers={"authorization": f"Bearer {token}"}, timeout=30)


def test_webhook_urls_pass_the_ssrf_guard(news_ctx: Context) -> None:
    for url in (
        "http://169.254.169.254/latest/meta-data",
        "http://10.1.2.3/hook",
        "file:///etc/passwd",
        "http://[::1]:9/",
    ):
        with pytest.raises(BadInput):
            webhooks.create(news_ctx, None, url, ["story.big"])
    with pytest.raises(BadInput):
        webhooks.create(news_ctx, None, "http://127.0.0.1:9/hook", ["no.such.event"])


def test_saved_article_is_posted_signed_retried_logged_and_a_failing_hook_disabled(
    news_ctx: Context, news: dict[str, list[int]], receiver: Receiver, mail: MailServer, live_app: LiveServer
) -> None:
    ctx = news_ctx
    clock = ctx.clock
    assert isinstance(clock, FixedClock)
    ctx.settings = ctx.settings.model_copy(update={"webhook_max_attempts": 2, "webhook_disable_after": 2})
    api = _api(live_app, ctx, "hooks@example.org")
    assert (
        api.post(
            "/api/v1/webhooks", json={"url": "http://10.0.0.7/", "events": ["article.saved"]}
        ).status_code
        == 400
    )
    created = api.post("/api/v1/webhooks", json={"url": f"{receiver.url}/in", "events": ["article.saved"]})
    assert created.status_code == 201, created.text
    hook = created.json()
    assert hook["secret"].startswith("whsec_")

    first, second, third, fourth = sorted({a for ids in news.values() for a in ids})[:4]
    assert api.put(f"/api/v1/saved/{first}").status_code == 204
    [request] = receiver.at("/in")
    body = request.json
    assert (body["event"], body["data"]["article"]["id"]) == ("article.saved", first)
    assert body["data"]["article"]["mynews_url"] == f"http://news.example/read/{first}"
    assert request.headers["x-mynews-event"] == "article.saved"
    verify = _verify()
    now = clock.now().timestamp()
    assert verify(hook["secret"], request.headers, request.body, now=now)
    assert not verify("whsec_wrong", request.headers, request.body, now=now)
    assert not verify(hook["secret"], request.headers, request.body + b" ", now=now)
    assert not verify(hook["secret"], request.headers, request.body, now=now + 3600)  # a replay

    # The receiver fails: each delivery is retried once after back-off, then given up; two given
    # up in a row disable the webhook and e-mail its owner.
    receiver.statuses = [500, 503, 500, 500]
    api.put(f"/api/v1/saved/{second}")
    api.put(f"/api/v1/saved/{third}")
    log = api.get(f"/api/v1/webhooks/{hook['id']}/deliveries").json()
    assert [d["status"] for d in log] == ["pending", "pending", "delivered"]
    assert log[0]["last_status"] == 503 and "maintenance" in log[0]["last_body"]
    assert webhook_delivery.deliver_due(ctx).delivered == 0  # not due before the back-off
    clock.advance(seconds=31)
    report = webhook_delivery.deliver_due(ctx)
    assert (report.failed, report.disabled) == (2, [hook["id"]])
    log = api.get(f"/api/v1/webhooks/{hook['id']}/deliveries").json()
    assert [(d["status"], d["attempts"]) for d in log] == [("failed", 2), ("failed", 2), ("delivered", 1)]
    [state] = api.get("/api/v1/webhooks").json()
    assert not state["enabled"] and "2 deliveries failed in a row" in state["disabled_reason"]
    [notice] = mail.box.received
    assert notice.recipients == ["hooks@example.org"] and f"{receiver.url}/in" in notice.message.get_content()

    posts = len(receiver.requests)
    api.put(f"/api/v1/saved/{fourth}")
    assert len(receiver.requests) == posts  # a disabled webhook gets nothing
    assert api.post(f"/api/v1/webhooks/{hook['id']}/enable").json()["enabled"] is True
    other = _api(live_app, ctx, "other@example.org")
    assert other.get(f"/api/v1/webhooks/{hook['id']}/deliveries").status_code == 404
    assert other.delete(f"/api/v1/webhooks/{hook['id']}").status_code == 404
