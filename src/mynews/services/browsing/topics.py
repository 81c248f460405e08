"""Use cases: topic pages and listings, and operator-defined rule topics re-applied to stored articles."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from mynews.core.enrichment import EntityMention
from mynews.core.errors import BadInput, NotFound
from mynews.enrich.embeddings import from_bytes
from mynews.enrich.topics import match_rule_topics, topic_model_name
from mynews.services.context import Context
from mynews.services.reading.articles import ArticleView, page_of
from mynews.services.understanding.pipeline import article_text, rule_topic
from mynews.store import articles as article_rows
from mynews.store import cursors
from mynews.store import entities as entity_rows
from mynews.store import topics as topic_rows


@dataclass(frozen=True)
class TopicRef:
    key: str
    name: str
    kind: str
    article_count: int
    rule: dict[str, object] | None = None


@dataclass(frozen=True)
class TopicView:
    topic: TopicRef
    articles: list[ArticleView]
    next_cursor: str | None
    per_day: list[tuple[str, int]]


def topic(ctx: Context, key: str, *, cursor: str | None = None, limit: int = 20) -> TopicView:
    with ctx.db.reading() as session:
        row = topic_rows.by_key(session, key)
        if row is None:
            raise NotFound(f"topic {key} not found")
        before = cursors.decode_time(cursor) if cursor else None
        page = page_of(
            session, topic_rows.article_ids(session, row.id, before=before, limit=limit + 1), limit
        )
        return TopicView(_ref(row), page.items, page.next_cursor, topic_rows.daily_counts(session, row.id))


def list_topics(ctx: Context, *, kind: str | None = None, limit: int = 200) -> list[TopicRef]:
    with ctx.db.reading() as session:
        return [_ref(t) for t in topic_rows.listing(session, kind=kind, limit=limit)]


@dataclass(frozen=True)
class TopicModelStatus:
    """What chooses new articles' IPTC topics, and how many stored articles' topics an older
    model chose (re-chosen by ``mynews migrate`` or ``mynews topics reassign``)."""

    model: str
    by_older: int


def topic_model_status(ctx: Context) -> TopicModelStatus:
    model = topic_model_name()
    with ctx.db.reading() as session:
        return TopicModelStatus(model, article_rows.count_topics_not_by(session, model))


def _ref(row) -> TopicRef:
    return TopicRef(row.key, row.name, row.kind, row.article_count, row.rule)


def _slug(name: str) -> str:
    return "rule:" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def save_rule(
    ctx: Context,
    name: str,
    *,
    entities: list[str],
    keywords: list[str],
    progress: Callable[[int, int], None] | None = None,
) -> TopicRef:
    """Create or change an operator topic and re-apply it to every stored article."""
    name = name.strip()
    if not name or not (entities or keywords):
        raise BadInput("a rule topic needs a name and at least one entity or keyword")
    rule: dict[str, object] = {
        "entities": [e.strip() for e in entities if e.strip()],
        "keywords": [k.strip() for k in keywords if k.strip()],
    }
    with ctx.db.transaction() as session:
        row = topic_rows.upsert(
            session, key=_slug(name), kind="rule", name=name, now=ctx.clock.now(), rule=rule
        )
        key = row.key
    reapply_rules(ctx, progress=progress)
    with ctx.db.reading() as session:
        found = topic_rows.by_key(session, key)
        assert found is not None
        return _ref(found)


def reapply_rules(
    ctx: Context, *, batch: int = 500, progress: Callable[[int, int], None] | None = None
) -> int:
    """Recompute every rule topic's articles from scratch. Returns the number of links made."""
    with ctx.db.reading() as session:
        rules = [(t.id, rule_topic(t)) for t in topic_rows.rules(session)]
        total = article_rows.count(session, "ready")
    links, done, after = 0, 0, 0
    with ctx.db.transaction() as session:
        for topic_id, _ in rules:
            topic_rows.unlink_topic(session, topic_id)
    by_key = {r.key: tid for tid, r in rules}
    while rules:
        with ctx.db.transaction() as session:
            page = article_rows.ready_after(session, after, batch)
            if not page:
                break
            named = entity_rows.named_in_articles(session, [a.id for a in page])
            for a in page:
                mentions = [EntityMention(name, kind, (name,)) for name, kind in named.get(a.id, [])]
                vector = from_bytes(a.vector) if a.vector else None
                for match in match_rule_topics(
                    article_text(a), mentions, [r for _, r in rules], vector=vector
                ):
                    row = topic_rows.get(session, by_key[match.key])
                    if row is not None:
                        topic_rows.link(session, a.id, row, match.score)
                    links += 1
            after = page[-1].id
            done += len(page)
        if progress:
            progress(done, total)
    return links
