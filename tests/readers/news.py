"""Test news: the bundled demo corpus (real Global Voices articles, CC BY 3.0) stored, processed,
and given topics from their own categories; and a client that signs up through the real pages."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx

from mynews.services.context import Context
from mynews.services.ingestion import corpus, processing, push
from mynews.store import sources
from mynews.store import topics as topic_rows


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


GENERIC = {
    "English",
    "Citizen Media",
    "Weblog",
    "Updates",
    "Feature",
    "Photos",
    "Video",
    "Breaking News",
    "Spanish",
    "French",
    "Arabic",
    "Russian",
    "Portuguese",
    "Chinese",
    "Guest Post",
}


def load_news(ctx: Context, limit: int = 150) -> dict[str, list[int]]:
    """Push ``limit`` real Global Voices articles through the publisher push use case, process
    them, and give each up to three of its own categories as topics (generic ones left out).
    Returns topic key -> article ids."""
    records = list(itertools.islice(corpus.global_voices_records(), limit))
    source_id, token = push.create_push_source(
        ctx,
        "Global Voices",
        "https://globalvoices.org/",
        hosts=["globalvoices.org", "globalvoicesonline.org"],
    )
    with ctx.db.transaction() as session:
        source = sources.get(session, source_id)
        assert source is not None
        source.licence = corpus.GLOBAL_VOICES[2]
    items = [
        push.PushedArticle(
            title=r["title"],
            id=r["guid"],
            url=r["url"],
            html=r["content_html"],
            authors=(r["author"],),
            published=datetime.strptime(r["post_date_gmt"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC),
            language="en",
            tags=tuple(r["categories"]),
        )
        for r in records
    ]
    ids = [result.article_id for result in push.push(ctx, token, items)]
    for article_id in ids:
        processing.process_article(ctx, article_id)
    by_topic: dict[str, list[int]] = {}
    with ctx.db.transaction() as session:
        for article_id, record in zip(ids, records, strict=True):
            names = [c for c in record["categories"] if c not in GENERIC][:3]
            for rank, name in enumerate(names):
                topic = topic_rows.upsert(
                    session, key=slug(name), kind="section", name=name, now=ctx.clock.now()
                )
                topic_rows.link(session, article_id, topic, 1.0 - rank * 0.2)
                by_topic.setdefault(slug(name), []).append(article_id)
    return by_topic


def csrf_of(html: str) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert match, "every page carries a CSRF token"
    return match.group(1)


@dataclass
class Browser:
    """An HTTP client with a cookie jar, signed in through the real sign-up form."""

    client: httpx.Client
    email: str

    def csrf(self, path: str = "/signin") -> str:
        return csrf_of(self.client.get(path).text)

    def post(self, path: str, data: dict[str, str], *, json: bool = False) -> httpx.Response:
        headers = {"accept": "application/json"} if json else {}
        return self.client.post(path, data={**data, "csrf_token": self.csrf()}, headers=headers)

    def token(self, name: str = "tests") -> str:
        page = self.post("/settings/tokens", {"name": name}).text
        match = re.search(r'<code class="token">([^<]+)</code>', page)
        assert match, page
        return match.group(1)


def sign_up(base_url: str, email: str, password: str = "correct horse battery") -> Browser:
    client = httpx.Client(base_url=base_url, follow_redirects=False, timeout=30)
    token = csrf_of(client.get("/signup").text)
    response = client.post("/signup", data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/signin?created=1"
    token = csrf_of(client.get("/signin?created=1").text)
    response = client.post("/signin", data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 303, response.text
    return Browser(client, email)


def api(base_url: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, headers={"authorization": f"Bearer {token}"}, timeout=30)


def live_the_day_after(ctx: Context) -> None:
    """The instance lives the day after its news (Global Voices, May 2012), as the demo lives on
    its corpus's last day. On the real clock every card is 14-year-old news, and which old card
    leads For you (and whether "fewer like this" shows) depended on when a test ran: one failed
    in every run on 1 December 2026, and under a simulated clock passed at some instants only."""
    from sqlalchemy import func, select

    from mynews.core.clock import OffsetClock
    from mynews.store.models import Article

    with ctx.db.reading() as session:
        newest = session.scalar(select(func.max(Article.published_at)))
    assert newest is not None
    ctx.clock = OffsetClock(timedelta(0))
    ctx.clock.set_to(newest.replace(tzinfo=UTC) + timedelta(days=1))
