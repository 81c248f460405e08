"""News for the sync API tests: real Global Voices articles (CC BY 3.0, bundled with the demo
corpus) pushed through two publisher sources and processed, with topics from their own
categories; a reader who follows both sources and a topic, and an app password."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime

from mynews.services.context import Context
from mynews.services.delivery import app_passwords
from mynews.services.ingestion import corpus, processing, push
from mynews.services.readers import accounts, follows
from mynews.store import topics as topic_rows
from tests.readers.news import GENERIC, slug

PASSWORD = "correct horse battery"


@dataclass
class SyncNews:
    reader_id: int
    email: str
    app_password: str
    sources: dict[str, list[int]]  # source id -> article ids, oldest first
    topic: str
    topic_articles: list[int]


def _pushed(record: dict) -> push.PushedArticle:
    return push.PushedArticle(
        title=record["title"],
        id=record["guid"],
        url=record["url"],
        html=record["content_html"],
        authors=(record["author"],),
        published=datetime.strptime(record["post_date_gmt"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC),
        language="en",
        tags=tuple(record["categories"]),
    )


def load_sync_news(ctx: Context, per_source: int = 40, email: str = "apps@example.org") -> SyncNews:
    records = list(itertools.islice(corpus.global_voices_records(), per_source * 2))
    by_source: dict[str, list[int]] = {}
    by_topic: dict[str, list[int]] = {}
    for n, name in enumerate(("Global Voices", "Global Voices Lingua")):
        source_id, token = push.create_push_source(
            ctx,
            name,
            f"https://{slug(name)}.example.org/",
            hosts=["globalvoices.org", "globalvoicesonline.org"],
        )
        chunk = records[n * per_source : (n + 1) * per_source]
        ids = [r.article_id for r in push.push(ctx, token, [_pushed(r) for r in chunk])]
        for article_id in ids:
            processing.process_article(ctx, article_id)
        by_source[str(source_id)] = ids
        with ctx.db.transaction() as session:
            for article_id, record in zip(ids, chunk, strict=True):
                for name_ in [c for c in record["categories"] if c not in GENERIC][:2]:
                    topic = topic_rows.upsert(
                        session, key=slug(name_), kind="section", name=name_, now=ctx.clock.now()
                    )
                    topic_rows.link(session, article_id, topic, 1.0)
                    by_topic.setdefault(slug(name_), []).append(article_id)
    reader = accounts.sign_up(ctx, email, PASSWORD)
    for source_id in by_source:
        follows.set_follow(ctx, reader.id, "source", source_id)
    topic = max(by_topic, key=lambda k: len(by_topic[k]))
    follows.set_follow(ctx, reader.id, "topic", topic)
    _, raw = app_passwords.create(ctx, reader.id, reader.email, "tests")
    return SyncNews(reader.id, reader.email, raw, by_source, topic, sorted(set(by_topic[topic])))
