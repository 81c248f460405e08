"""Generate a feed benchmark database from the demo corpus: articles (titles and categories of
the bundled Global Voices / Wikinews articles, repeated and spread over the last 60 days),
sources, topics, entities, stories, vectors, and readers with follows, mutes and signals.

Rows go in with bulk inserts; the schema comes from the real migrations.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

import numpy as np
from sqlalchemy import insert
from sqlalchemy.orm import Session

from mynews.services.ingestion import corpus
from mynews.store.db import Database
from mynews.store.models import (
    Article,
    ArticleEntity,
    ArticleSource,
    ArticleTopic,
    Entity,
    Follow,
    Reader,
    ReadState,
    Signal,
    Source,
    Story,
    Topic,
)

GENERIC = {"English", "Citizen Media", "Weblog", "Updates", "Feature", "Photos", "Video", "Breaking News"}
CHUNK = 5000
DIM = 384


@dataclass(frozen=True)
class Scale:
    articles: int
    readers: int
    sources: int = 200
    entities: int = 5000
    signals_per_reader: int = 30
    heavy_readers: int = 20  # readers 1..N have ``heavy_signals`` signals each
    heavy_signals: int = 5000
    new_readers: int = 20  # the last N readers follow nothing and did nothing yet


def seeds() -> list[tuple[str, list[str]]]:
    """(title, categories) of every bundled corpus article."""
    raw = gzip.decompress(
        resources.files("mynews.demo_corpus")
        .joinpath("globalvoices-2012-05", "articles.jsonl.gz")
        .read_bytes()
    ).decode()
    out = []
    for line in raw.split("\n"):
        if line.strip():
            rec = json.loads(line)
            out.append((rec["title"], [c for c in rec["categories"] if c not in GENERIC]))
    out += [(item.article.title, []) for item in corpus.wikinews()]
    return out


def _bulk(session: Session, model: type, rows: Iterator[dict[str, Any]]) -> int:
    batch: list[dict[str, Any]] = []
    total = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            session.execute(insert(model), batch)
            total += len(batch)
            batch = []
    if batch:
        session.execute(insert(model), batch)
        total += len(batch)
    return total


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def generate(db: Database, scale: Scale, now: datetime, seed: int = 7) -> dict[str, int]:
    rng = np.random.default_rng(seed)
    base = seeds()
    topic_names = sorted({c for _, cats in base for c in cats})
    counts: dict[str, int] = {}
    with db.transaction() as session:
        counts["sources"] = _bulk(
            session,
            Source,
            (
                {
                    "id": i + 1,
                    "url": f"https://source{i + 1}.example/feed",
                    "kind": "feed",
                    "title": f"Source {i + 1}",
                    "created_at": now,
                    "item_count": 0,
                }
                for i in range(scale.sources)
            ),
        )
        counts["topics"] = _bulk(
            session,
            Topic,
            (
                {
                    "id": i + 1,
                    "key": _slug(n),
                    "kind": "section",
                    "name": n,
                    "created_at": now,
                    "article_count": 0,
                }
                for i, n in enumerate(topic_names)
            ),
        )
        counts["entities"] = _bulk(
            session,
            Entity,
            (
                {
                    "id": i + 1,
                    "key": f"person:entity-{i + 1}",
                    "kind": "person",
                    "name": f"Entity {i + 1}",
                    "created_at": now,
                    "article_count": 0,
                }
                for i in range(scale.entities)
            ),
        )
    topic_ids = {n: i + 1 for i, n in enumerate(topic_names)}
    plan = _plan_articles(rng, base, scale, now)
    with db.transaction() as session:
        counts["stories"] = _bulk(session, Story, _stories(plan, now))
    with db.transaction() as session:
        counts["articles"] = _bulk(session, Article, _articles(rng, base, plan, now))
        counts["article_sources"] = _bulk(
            session,
            ArticleSource,
            (
                {"article_id": a, "source_id": int(plan["source"][a - 1]), "seen_at": now}
                for a in range(1, scale.articles + 1)
            ),
        )
        counts["article_topics"] = _bulk(session, ArticleTopic, _article_topics(rng, base, plan, topic_ids))
        counts["article_entities"] = _bulk(session, ArticleEntity, _article_entities(rng, scale))
    with db.transaction() as session:
        counts.update(_readers(session, rng, scale, topic_names, now))
    return counts


def _plan_articles(
    rng: np.random.Generator, base: Sequence[Any], scale: Scale, now: datetime
) -> dict[str, Any]:
    n = scale.articles
    ages = np.sort(rng.uniform(0, 60 * 86400, n))[::-1]  # id order ~ arrival order: oldest first
    sources = np.minimum(rng.zipf(1.3, n), scale.sources)
    story = np.where(rng.random(n) < 0.5, rng.integers(1, max(2, n // 5), n), 0)
    return {"age": ages, "source": sources, "story": story, "seed": rng.integers(0, len(base), n)}


def _stories(plan: dict[str, Any], now: datetime) -> Iterator[dict[str, Any]]:
    members: dict[int, list[int]] = {}
    for index, story in enumerate(plan["story"]):
        if story:
            members.setdefault(int(story), []).append(index)
    for story, indexes in members.items():
        times = [now - timedelta(seconds=float(plan["age"][i])) for i in indexes]
        yield {
            "id": story,
            "label": f"Story {story}",
            "size": len(indexes),
            "entity_counts": {},
            "source_count": len({int(plan["source"][i]) for i in indexes}),
            "first_published": min(times),
            "last_published": max(times),
            "representative_id": indexes[0] + 1,
            "updated_at": max(times),
        }


def _articles(
    rng: np.random.Generator, base: Sequence[Any], plan: dict[str, Any], now: datetime
) -> Iterator[dict[str, Any]]:
    known = {int(s) for s in plan["story"] if s}
    for i in range(len(plan["age"])):
        title, _ = base[int(plan["seed"][i])]
        vector = rng.standard_normal(DIM).astype("<f4")
        vector /= np.linalg.norm(vector)
        story = int(plan["story"][i])
        yield {
            "id": i + 1,
            "url": f"https://example.org/a/{i + 1}",
            "title": title,
            "text": title + ".\n\n" + title,
            "authors": [f"Author {int(rng.integers(1, 2000))}"],
            "published_at": now - timedelta(seconds=float(plan["age"][i])),
            "status": "ready",
            "method": "feed",
            "vector": vector.tobytes(),
            "vector_model": "bench-random",
            "story_id": story if story in known else None,
            "first_source_id": int(plan["source"][i]),
            "created_at": now,
            "captions": [],
            "images": [],
            "tags": [],
            "word_count": 100,
        }


def _article_topics(
    rng: np.random.Generator, base: Sequence[Any], plan: dict[str, Any], topic_ids: dict[str, int]
):  # type: ignore[no-untyped-def]
    names = list(topic_ids)
    for i in range(len(plan["age"])):
        cats = [c for c in base[int(plan["seed"][i])][1] if c in topic_ids][:3]
        if not cats:
            cats = [names[int(j)] for j in rng.choice(len(names), 2, replace=False)]
        for rank, name in enumerate(dict.fromkeys(cats)):
            yield {"article_id": i + 1, "topic_id": topic_ids[name], "score": 1.0 - rank * 0.2}


def _article_entities(rng: np.random.Generator, scale: Scale) -> Iterator[dict[str, Any]]:
    for i in range(scale.articles):
        picked = {int(min(x, scale.entities)) for x in rng.zipf(1.4, 3)}
        for entity in picked:
            yield {"article_id": i + 1, "entity_id": entity, "mentions": [], "count": 1, "salience": 0.5}


def _readers(
    session: Session, rng: np.random.Generator, scale: Scale, topics: list[str], now: datetime
) -> dict[str, int]:
    counts = {
        "readers": _bulk(
            session,
            Reader,
            (
                {
                    "id": r,
                    "email": f"reader{r}@example.org",
                    "name": "",
                    "password_hash": "-",
                    "is_admin": False,
                    "onboarded": True,
                    "created_at": now,
                }
                for r in range(1, scale.readers + 1)
            ),
        )
    }

    active = scale.readers - scale.new_readers

    def follows() -> Iterator[dict[str, Any]]:
        for r in range(1, active + 1):
            for t in rng.choice(len(topics), 3, replace=False):
                yield {
                    "reader_id": r,
                    "kind": "topic",
                    "key": _slug(topics[int(t)]),
                    "name": topics[int(t)],
                    "muted": False,
                    "created_at": now,
                }
            entity = int(min(rng.zipf(1.4), scale.entities))
            yield {
                "reader_id": r,
                "kind": "entity",
                "key": f"person:entity-{entity}",
                "name": f"Entity {entity}",
                "muted": False,
                "created_at": now,
            }
            if r % 10 == 0:
                yield {
                    "reader_id": r,
                    "kind": "source",
                    "key": str(int(rng.integers(1, scale.sources + 1))),
                    "name": "muted source",
                    "muted": True,
                    "created_at": now,
                }

    counts["follows"] = _bulk(session, Follow, follows())
    recent = max(1, scale.articles // 20)  # signals fall on the newest 5% of articles
    kinds = np.array(["impression", "impression", "open", "open", "read", "more", "fewer", "save"])

    def signals() -> Iterator[dict[str, Any]]:
        for r in range(1, active + 1):
            for _ in range(scale.heavy_signals if r <= scale.heavy_readers else scale.signals_per_reader):
                yield {
                    "reader_id": r,
                    "article_id": int(scale.articles - rng.integers(0, recent)),
                    "kind": str(kinds[int(rng.integers(0, len(kinds)))]),
                    "value": 30.0,
                    "at": now - timedelta(seconds=float(rng.uniform(0, 14 * 86400))),
                }

    counts["signals"] = _bulk(session, Signal, signals())
    counts["read_states"] = _bulk(
        session,
        ReadState,
        (
            {"reader_id": r, "article_id": a, "read_at": now}
            for r in range(1, active + 1)
            for a in sorted({int(scale.articles - x) for x in rng.integers(0, recent, 5)})
        ),
    )
    return counts
