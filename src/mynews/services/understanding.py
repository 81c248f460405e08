"""Use case step: understand articles — entities, topics, vector, near-duplicates, story.

Runs inside the processing transaction of the articles it is given, so an article is stored
with all of its understanding or none of it. Batches share one spaCy pass and one embedding
batch (``understand_many``); a single article is a batch of one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mynews.core.articles import ParsedArticle
from mynews.core.enrichment import ArticleText
from mynews.enrich.embeddings import from_bytes, get_embedder, to_bytes
from mynews.enrich.entity_rules import entity_key
from mynews.enrich.pipeline import EnrichOptions, enrich_many, enrichment_json
from mynews.enrich.topics import RuleTopic
from mynews.services.context import Context
from mynews.services.similarity import memory, pack_fingerprint
from mynews.stories.clustering import StoryInput, StoryState, add_to_story, assign_story, new_story
from mynews.stories.fingerprints import fingerprint
from mynews.stories.labels import label_story
from mynews.store import entities as entity_rows
from mynews.store import sources as source_rows
from mynews.store import stories as story_rows
from mynews.store import topics as topic_rows
from mynews.store.db import Session
from mynews.store.models import Article, Story

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


def article_text(article: Article) -> ArticleText:
    return ArticleText(
        title=article.title or "", standfirst=article.standfirst, body=article.text or "",
        captions=tuple(c.get("text") or "" for c in (article.captions or [])), section=article.section,
        tags=tuple(article.tags or []), language=article.language,
    )


def understand(session: Session, ctx: Context, article: Article) -> None:
    understand_many(session, ctx, [article])


def understand_many(session: Session, ctx: Context, articles: Sequence[Article]) -> None:
    if not articles:
        return
    embedder = get_embedder(ctx.settings.embedding_model)
    texts = [article_text(a) for a in articles]
    vectors = embedder.embed([t.lead for t in texts])
    rules = tuple(rule_topic(t) for t in topic_rows.rules(session))
    enrichments = enrich_many(texts, vectors=vectors, options=EnrichOptions(rules=rules))
    now = ctx.clock.now()
    for article, text, vector, enrichment in zip(articles, texts, vectors, enrichments, strict=True):
        article.language = article.language or enrichment.language
        _store_entities(session, article, enrichment.entities, now)
        _store_topics(session, article, enrichment.topics, now)
        article.vector, article.vector_model = to_bytes(vector), embedder.name
        fp = fingerprint(text.body or text.title)
        article.fingerprint = pack_fingerprint(fp)
        article.enriched_at = now
        keys = {entity_key(m.name, m.kind) for m in enrichment.entities}
        _dedup_and_cluster(session, ctx, article, vector, fp, keys)


def _store_entities(session: Session, article: Article, mentions, now) -> None:  # type: ignore[no-untyped-def]
    entity_rows.clear_article(session, article.id)
    for m in mentions:
        entity = entity_rows.upsert(session, key=entity_key(m.name, m.kind), kind=m.kind, name=m.name,
                                    aliases=[m.name, *m.mentions], now=now)
        entity_rows.link(session, article.id, entity, mentions=list(m.mentions), count=m.count, salience=m.salience)


def _store_topics(session: Session, article: Article, assignments, now) -> None:  # type: ignore[no-untyped-def]
    for kind in ("iptc", "section", "rule"):
        topic_rows.unlink_kind(session, article.id, kind)
    for t in assignments:
        topic = topic_rows.upsert(session, key=topic_key(t.kind, t.key), kind=t.kind, name=t.name, now=now)
        topic_rows.link(session, article.id, topic, t.score)


def _dedup_and_cluster(session: Session, ctx: Context, article: Article, vector: npt.NDArray[np.float32],
                       fp, entity_keys: set[str]) -> None:  # type: ignore[no-untyped-def]
    mem = memory(ctx.db.url, len(vector))
    with mem.lock:
        mem.sync(session, ctx.clock.now())
        source = source_rows.get(session, article.first_source_id) if article.first_source_id else None
        if source is None or not source.is_aggregator:
            decision = mem.duplicates.check(fp, vector)
            if decision.duplicate_of is not None and decision.duplicate_of != article.id:
                article.duplicate_of_id = int(decision.duplicate_of)  # type: ignore[call-overload]
        story_id = _assign_story(session, mem, article, vector, entity_keys)
        article.story_id = story_id
        session.flush()
        mem.add(article.id, vector, fp, story_id)


def _assign_story(session: Session, mem, article: Article, vector, entity_keys: set[str]) -> int:  # type: ignore[no-untyped-def]
    if article.duplicate_of_id:
        original = session.get(Article, article.duplicate_of_id)
        if original is not None and original.story_id:
            _grow(session, original.story_id, article, vector, entity_keys)
            return original.story_id
    story_ids = {mem.story_of.get(i) for i, _ in mem.nearest(vector, 30)} - {None}
    states = [_state(session, s) for s in story_rows.many(session, sorted(story_ids))]  # type: ignore[arg-type]
    item = StoryInput(article.id, vector, frozenset(entity_keys), article.published_at)
    decision = assign_story(item, states)
    if decision.story_id is None:
        state = new_story(0, item)
        story = story_rows.create(
            session, label=article.title[:500], centroid=to_bytes(state.centroid), entity_counts=dict(state.entity_counts),
            size=1, source_count=1, first_published=article.published_at, last_published=article.published_at,
            representative_id=article.id, updated_at=article.published_at,
        )
        return story.id
    _grow(session, int(decision.story_id), article, vector, entity_keys)  # type: ignore[call-overload]
    return int(decision.story_id)  # type: ignore[call-overload]


def _state(session: Session, story: Story) -> StoryState:
    recent = tuple(from_bytes(v) for v in story_rows.recent_vectors(session, story.id, 20))
    assert story.centroid is not None and story.first_published and story.last_published
    return StoryState(story.id, from_bytes(story.centroid), dict(story.entity_counts or {}), story.first_published,
                      story.last_published, story.size, recent)


def _grow(session: Session, story_id: int, article: Article, vector, entity_keys: set[str]) -> None:  # type: ignore[no-untyped-def]
    story = story_rows.get(session, story_id, for_update=True)
    if story is None:
        return
    state = add_to_story(_state(session, story), StoryInput(article.id, vector, frozenset(entity_keys), article.published_at))
    story.centroid, story.entity_counts, story.size = to_bytes(state.centroid), dict(state.entity_counts), state.size
    story.first_published, story.last_published = state.first_published, state.last_published
    story.updated_at = article.published_at
    article.story_id = story_id
    session.flush()
    story.source_count = story_rows.source_count(session, story_id)
    members = story_rows.members(session, story_id, limit=50, ready_only=False)
    story.label = label_story([m.title for m in members], _top_names(session, story.entity_counts))
    story.representative_id = _representative(members, state.centroid)


def _top_names(session: Session, counts: dict[str, int]) -> list[str]:
    top = [k for k, _ in Counter(counts).most_common(3)]
    names = []
    for key in top:
        entity = entity_rows.by_key(session, key)
        if entity is not None:
            names.append(entity.name)
    return names


def _representative(members: list[Article], centroid) -> int | None:  # type: ignore[no-untyped-def]
    from mynews.stories.labels import representative

    with_vectors = [m for m in members if m.vector]
    if not with_vectors:
        return members[0].id if members else None
    index = representative([from_bytes(m.vector) for m in with_vectors if m.vector])
    return with_vectors[index].id


def topic_key(kind: str, key: str) -> str:
    """Stored topic keys carry their kind ("iptc:politics", "section:politics", "rule:...")."""
    return key if key.startswith(f"{kind}:") else f"{kind}:{key}"


def rule_topic(row) -> RuleTopic:  # type: ignore[no-untyped-def]
    """A stored operator topic as the enrich step's RuleTopic."""
    rule = row.rule or {}
    return RuleTopic(key=row.key, name=row.name, entities=tuple(rule.get("entities", [])),
                     keywords=tuple(rule.get("keywords", [])))


def enrich_json(article: ParsedArticle) -> dict[str, object]:
    """`mynews extract --enrich`: language, entities and topics of a parsed (unstored) article."""
    text = ArticleText(title=article.title, standfirst=article.standfirst, body=article.text,
                       captions=tuple(c.text for c in article.captions), section=article.section,
                       tags=article.tags, language=article.language)
    return enrichment_json(enrich_many([text])[0])
