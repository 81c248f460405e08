"""Alerts end to end: articles pushed by publishers are processed, and the ``article_ready`` task
that follows alerts the readers who asked — through Apprise to a loopback JSON receiver
(``json://``) and to the real SMTP server (``mailto://``). One alert per story per reader
whatever number of follows match, the hourly rate limit, quiet hours, a story that becomes big
(alerts "only when it is big" and a global ``story.big`` webhook, once), Apprise services the
operator turned off and addresses the SSRF guard refuses; everything on "Alerts sent"."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from mynews.core.errors import BadInput
from mynews.services.context import Context
from mynews.services.delivery import alert_channels, alerts, preferences, triggers, webhooks
from mynews.services.ingestion import push
from mynews.services.readers import accounts, follows
from mynews.store import stories
from tests.conftest import LiveServer
from tests.delivery.conftest import NEWS_NOW
from tests.delivery.mailserver import MailServer
from tests.delivery.receiver import Receiver


def _publish(ctx: Context, token: str, guid: str, title: str, author: str = "Reporter") -> int:
    item = push.PushedArticle(
        title=title,
        id=guid,
        text=f"{title}. A report from the scene, with what happened and what comes next.\n\nMore details.",
        authors=(author,),
        published=ctx.clock.now() - timedelta(minutes=30),
        language="en",
    )
    [result] = push.push(ctx, token, [item])
    return result.article_id


def test_channels_are_checked_against_allowed_services_and_the_ssrf_guard(news_ctx: Context) -> None:
    ctx = news_ctx
    reader = accounts.sign_up(ctx, "guard@example.org", "correct horse battery")
    ctx.settings = ctx.settings.model_copy(update={"apprise_schemes": ["json", "ntfy"]})
    refused = {
        "tgram://123456:ABCdef/987": "scheme_not_allowed",
        "json://10.0.0.5/hook": "blocked_notify_url",
        "json://169.254.169.254/latest": "blocked_notify_url",
        "ntfy://[::1]/topic": "blocked_notify_url",
        "json://": "bad_notify_url",
    }
    for url, code in refused.items():
        with pytest.raises(BadInput) as err:
            alert_channels.add_channel(ctx, reader.id, url)
        assert err.value.code == code, url
    cloud = alert_channels.add_channel(ctx, reader.id, "ntfy://mynews-alerts")  # ntfy.sh, not a user's host
    assert cloud.label.startswith("ntfys://")
    local = alert_channels.add_channel(
        ctx, reader.id, "json://user:hunter22@127.0.0.1:9/hook"
    )  # allowed host
    assert "hunter22" not in local.label and "127.0.0.1" in local.label
    assert [c.label for c in alert_channels.channels(ctx, reader.id)] == [cloud.label, local.label]


def test_alerts_as_it_happens_deduplicated_rate_limited_quiet_and_when_big(
    news_ctx: Context, receiver: Receiver, mail: MailServer, live_app: LiveServer
) -> None:
    ctx = news_ctx
    ctx.settings = ctx.settings.model_copy(update={"alerts_per_hour": 2, "alert_big_sources": 3})
    _, wire = push.create_push_source(ctx, "Wire", "https://wire.example/")
    _, daily = push.create_push_source(ctx, "Daily", "https://daily.example/")
    _, herald = push.create_push_source(ctx, "Herald", "https://herald.example/")
    ada = accounts.sign_up(ctx, "ada@example.org", "correct horse battery")
    bob = accounts.sign_up(ctx, "bob@example.org", "correct horse battery")
    follows.set_follow(ctx, ada.id, "keyword", "election")
    follows.set_follow(ctx, ada.id, "author", "Maria Lopez")
    follows.set_follow(ctx, bob.id, "keyword", "flood")
    alert_channels.set_rule(ctx, ada.id, "keyword", "election", "now")
    alert_channels.set_rule(ctx, ada.id, "author", "Maria Lopez", "now")
    alert_channels.set_rule(ctx, bob.id, "keyword", "flood", "big")
    alert_channels.add_channel(ctx, ada.id, f"json://127.0.0.1:{receiver.server.server_address[1]}/ada")  # type: ignore[union-attr]
    smtp = f"mailto://mynews:smtp%20secret@example.org?smtp=127.0.0.1&port={mail.port}&to=ada@example.org&from=alerts@example.org&mode=insecure"
    alert_channels.add_channel(ctx, ada.id, smtp)
    alert_channels.add_channel(ctx, bob.id, f"json://127.0.0.1:{receiver.server.server_address[1]}/bob")  # type: ignore[union-attr]
    webhooks.create(ctx, None, f"{receiver.url}/global", ["story.big", "article.matched"])
    webhooks.create(ctx, ada.id, f"{receiver.url}/ada-hook", ["article.matched"])

    # One article matching two of Ada's follows: one alert, naming both, on both channels.
    first = _publish(ctx, wire, "w1", "Election results contested in the capital", author="Maria Lopez")
    [json_alert] = receiver.at("/ada")
    assert json_alert.json["title"].startswith("mynews · New: ")
    assert "Election results contested" in json_alert.json["message"]
    assert f"http://news.example/read/{first}" in json_alert.json["message"]
    [mailed] = mail.box.received
    assert (
        mailed.recipients == ["ada@example.org"]
        and "Election results contested" in mailed.message.get_content()
    )
    [logged] = alerts.sent(ctx, ada.id).items
    assert (logged.status, set(logged.matched)) == ("sent", {"election", "Maria Lopez"})
    assert not receiver.at("/bob") and not alerts.sent(ctx, bob.id).items
    [matched] = receiver.at("/ada-hook")  # Ada's webhook: the article and her follows it matched
    assert matched.json["event"] == "article.matched" and matched.json["data"]["article"]["id"] == first
    assert {f["name"] for f in matched.json["data"]["matched"]} == {"election", "Maria Lopez"}
    [everyone] = receiver.at("/global")  # the operator's: every reader's matches, nobody named
    assert everyone.json["data"]["readers"] == 1 and "reader_id" not in everyone.json["data"]

    # Rate limit: two an hour; the third is logged, not sent.
    _publish(ctx, daily, "d1", "Election observers arrive")
    _publish(ctx, herald, "h1", "Election turnout at a record")
    assert len(receiver.at("/ada")) == 2
    assert [a.status for a in alerts.sent(ctx, ada.id).items] == ["rate_limited", "sent", "sent"]

    # Quiet hours (local time): held back and logged.
    ctx.clock.advance(hours=2)  # type: ignore[attr-defined]
    local_hour = (NEWS_NOW + timedelta(hours=2)).astimezone(preferences.periods.zone("Europe/Paris")).hour
    preferences.set_quiet_hours(ctx, ada.id, local_hour, (local_hour + 8) % 24, timezone="Europe/Paris")
    _publish(ctx, wire, "w2", "Election recount ordered")
    assert alerts.sent(ctx, ada.id).items[0].status == "quiet" and len(receiver.at("/ada")) == 2

    # A flood story grows to three sources: Bob ("only when big") is alerted once, and the global
    # webhook gets story.big once.
    ids = [
        _publish(ctx, token, f"f-{n}", f"Flood waters rise in the delta ({n})")
        for n, token in enumerate((wire, daily, herald))
    ]
    assert not receiver.at("/bob")  # "now" is not Bob's mode, and no story yet
    with ctx.db.transaction() as session:
        story = stories.create(session, label="Delta floods", size=3, source_count=3)
        stories.assign(session, ids, story.id)
        story_id = story.id
    report = triggers.on_article_ready(ctx, ids[-1])
    assert report.became_big and report.alerts == {bob.id: "sent"}
    [big] = receiver.at("/bob")
    assert big.json["title"] == "mynews · Big story (3 sources)"
    [hook] = [r for r in receiver.at("/global") if r.json["event"] == "story.big"]
    assert hook.json["data"]["story"]["id"] == story_id and hook.json["data"]["story"]["sources"] == 3
    posts = len(receiver.requests)
    again = triggers.on_article_ready(ctx, ids[0])
    assert not again.became_big and len(receiver.requests) == posts

    # Old news alerts nobody.
    ctx.clock.advance(days=3)  # type: ignore[attr-defined]
    assert triggers.on_article_ready(ctx, ids[0]).matched_readers == 0

    # The reader sees it all on "Alerts sent" (page and API); another reader does not.
    _, token = accounts.create_token(ctx, bob.id, "tests")
    sent = httpx.get(
        f"{live_app.url}/api/v1/delivery/alerts/sent", headers={"authorization": f"Bearer {token}"}
    ).json()
    assert [(a["mode"], a["status"], a["matched"]) for a in sent["items"]] == [("big", "sent", ["flood"])]
    _, session_token = accounts.sign_in(ctx, "ada@example.org", "correct horse battery")
    page = httpx.get(f"{live_app.url}/alerts", cookies={"mynews_session": session_token}).text
    assert "rate limited" in page and "quiet" in page and "Election results contested" in page
    assert "Flood waters" not in page
