"""E-mail digests end to end: the reader's digest is planned, sent once to a real SMTP server on
loopback (with authentication), parsed back with the standard ``email`` package and checked
(headers, both parts, links into mynews, the reasons); its one-click unsubscribe works with the
signed token and refuses a forged one; temporary failures are retried, permanent ones shown."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx

from mynews.core.clock import FixedClock
from mynews.services.context import Context
from mynews.services.delivery import outbox, preferences
from mynews.services.readers import accounts, follows
from mynews.store import reader_activity, stories, storylines
from tests.conftest import LiveServer
from tests.delivery.mailserver import MailServer

BASE = "http://news.example"


def _reader_with_digest(ctx: Context, news: dict[str, list[int]], email: str = "ada@example.org") -> int:
    reader = accounts.sign_up(ctx, email, "correct horse battery", name="Ada")
    for topic in sorted(news, key=lambda k: -len(news[k]))[:2]:
        follows.set_follow(ctx, reader.id, "topic", topic)
    clock = ctx.clock
    assert isinstance(clock, FixedClock)
    clock.advance(days=-1)  # turned on yesterday: today's 08:00 Paris digest is due by now
    preferences.set_digest(ctx, reader.id, frequency="daily", hour=8, timezone="Europe/Paris")
    clock.advance(days=1)
    return reader.id


def _follow_a_storyline(ctx: Context, reader_id: int, article_ids: list[int]) -> None:
    """A storyline follow (kind ``storyline``, key the storyline id): its event holds the articles."""
    with ctx.db.transaction() as session:
        line = storylines.create(session, label="Gao school year", entity_counts={}, size=1, article_count=2)
        story = stories.create(
            session, label="Gao school year", size=len(article_ids), source_count=1, storyline_id=line.id
        )
        stories.assign(session, article_ids, story.id)
        reader_activity.put_follow(
            session,
            reader_id,
            kind="storyline",
            key=str(line.id),
            name="Gao school year",
            muted=False,
            now=ctx.clock.now(),
        )


def test_digest_is_sent_once_with_both_parts_and_one_click_unsubscribe(
    news_ctx: Context, news: dict[str, list[int]], mail: MailServer, live_app: LiveServer
) -> None:
    ctx = news_ctx
    reader_id = _reader_with_digest(ctx, news)
    recent = outbox.digests.top_stories(ctx, reader_id, ctx.clock.now() - timedelta(days=1), 40)
    _follow_a_storyline(ctx, reader_id, [c.article_id for c in recent[-2:]])

    report = outbox.send_due(ctx)
    assert (report.planned, report.sent, report.failed) == (1, 1, 0), report
    assert mail.box.logins == ["mynews"]
    assert len(mail.box.received) == 1
    got = mail.box.received[0]
    assert got.recipients == ["ada@example.org"]
    msg = got.message

    assert msg["To"] == "ada@example.org"
    assert msg["From"].addresses[0].addr_spec == "digest@news.example"
    assert msg["Subject"].startswith("Your daily mynews: ")
    assert msg["Date"].datetime == ctx.clock.now()
    assert msg["Message-ID"] == f"<digest.{reader_id}.2012-05-05@news.example>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<(http://news\.example/unsubscribe/[\w.\-]+)>", msg["List-Unsubscribe"])
    assert unsubscribe, msg["List-Unsubscribe"]

    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "TOP STORIES FOR YOU" in text and "STORIES YOU FOLLOW" in text
    assert "Gao school year — 2 new articles" in text
    assert "You follow" in text and "You follow" in html
    assert "<script" not in html.lower() and "<link" not in html.lower() and "@import" not in html
    assert "max-width: 600px" in html and 'style="' in html
    assert "prefers-color-scheme: dark" in html  # the dark-mode block survives inlining
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs and all(h.startswith(BASE + "/") for h in hrefs), [
        h for h in hrefs if not h.startswith(BASE)
    ]
    read_links = sorted({int(i) for i in re.findall(r"/read/(\d+)", html)})
    in_window = {a for ids in news.values() for a in ids}
    assert len(read_links) >= 5 and set(read_links) <= in_window
    assert set(re.findall(r"/read/(\d+)", text)) == {str(i) for i in read_links}
    # Every story is from the day before the digest (since the last digest: none, so one day).
    stories = outbox.history(ctx, reader_id)
    assert stories[0].status == "sent" and stories[0].story_count == ctx.settings.digest_stories

    # Exactly once: planning and sending again sends nothing.
    again = outbox.send_due(ctx)
    assert (again.planned, again.sent) == (0, 0) and len(mail.box.received) == 1

    # One-click unsubscribe (RFC 8058): a POST without cookies, the token is the credential.
    path = unsubscribe.group(1).removeprefix(BASE)
    forged = path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb")
    client = httpx.Client(base_url=live_app.url)
    assert client.post(forged, data={"List-Unsubscribe": "One-Click"}).status_code == 400
    assert preferences.get(ctx, reader_id).digest_frequency == "daily"
    assert client.get(path).status_code == 200  # a GET (link scanners) changes nothing
    assert preferences.get(ctx, reader_id).digest_frequency == "daily"
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "no more digests" in done.text
    assert preferences.get(ctx, reader_id).digest_frequency == "off"


def test_temporary_failures_back_off_and_permanent_ones_reach_the_operator(
    news_ctx: Context, news: dict[str, list[int]], mail: MailServer, live_app: LiveServer
) -> None:
    ctx = news_ctx
    clock = ctx.clock
    assert isinstance(clock, FixedClock)
    admin = accounts.sign_up(ctx, "operator@example.org", "correct horse battery")
    _reader_with_digest(ctx, news, "temp@example.org")
    _reader_with_digest(ctx, news, "gone@example.org")
    mail.box.replies = ["451 4.3.0 mailbox busy, try later", "550 5.1.1 no such user here"]

    first = outbox.send_due(ctx)
    assert (first.sent, first.retrying, first.failed) == (0, 1, 1), first
    assert outbox.send_due(ctx).sent == 0  # the retry is not due yet
    clock.advance(minutes=3)
    assert outbox.send_due(ctx).sent == 1
    assert [r.recipients for r in mail.box.received] == [["temp@example.org"]]

    problems, counts = outbox.problems(ctx)
    assert counts == {"sent": 1, "failed": 1}
    assert [(p.email, p.status, p.last_code) for p in problems] == [("gone@example.org", "failed", 550)]
    _, token = accounts.sign_in(ctx, "operator@example.org", "correct horse battery")
    page = httpx.get(f"{live_app.url}/admin/delivery", cookies={"mynews_session": token})
    assert page.status_code == 200 and "gone@example.org" in page.text and "no such user" in page.text
    api = httpx.get(
        f"{live_app.url}/api/v1/admin/delivery", headers={"authorization": f"Bearer {_token(ctx, admin.id)}"}
    ).json()
    assert api["digest_counts"] == {"sent": 1, "failed": 1}
    assert api["digest_problems"][0]["last_code"] == 550


def _token(ctx: Context, reader_id: int) -> str:
    return accounts.create_token(ctx, reader_id, "tests")[1]
