"""Use case step: understand articles — entities, topics, vector, near-duplicates, story.

``compute`` runs the models over a batch (one spaCy pass, one embedding batch) outside any
transaction; ``store`` writes one article's understanding inside that article's own short
transaction, so an article is stored with all of its understanding or none of it, and no
reader or writer waits while the models run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from mynews.core.articles import ParsedArticle
from mynews.core.enrichment import ArticleText, Enrichment, TopicAssignment
from mynews.enrich.embeddings import from_bytes, get_embedder, to_bytes
from mynews.enrich.entity_rules import entity_key
from mynews.enrich.pipeline import EnrichOptions, enrich_and_embed, enrich_many, enrichment_json
from mynews.enrich.topics import RuleTopic, iptc_topics, label_subjects, topic_model_name
from mynews.services.context import Context
from mynews.services.understanding.entity_identity import unify_kinds
from mynews.services.understanding.similarity import STORY_ENTITIES, Memory, memory, pack_fingerprint
from mynews.services.understanding.story_state import (
    CHECK_DRIFT_EVERY,
    label_members,
    split_if_drifted,
    state_of,
    write_state,
)
from mynews.services.understanding.storyline_state import grow_storyline, join_storyline, merge_if_one
from mynews.store import entities as entity_rows
from mynews.store import sources as source_rows
from mynews.store import stories as story_rows
from mynews.store import storylines as storyline_rows
from mynews.store import topics as topic_rows
from mynews.store.db import Session
from mynews.store.models import Article
from mynews.stories.clustering import StoryInput, add_to_story, assign_story, new_story
from mynews.stories.fingerprints import Fingerprint, fingerprint
from mynews.stories.storylines import nearest_members

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


def article_text(article: Article) -> ArticleText:
    return ArticleText(
        title=article.title or "",
        standfirst=article.standfirst,
        body=article.text or "",
        captions=tuple(c.get("text") or "" for c in (article.captions or [])),
        section=article.section,
        tags=tuple(article.tags or []),
        language=article.language,
    )


@dataclass(frozen=True)
class Understood:
    """What understanding found for one article, computed outside any transaction."""

    enrichment: Enrichment
    vector: npt.NDArray[np.float32]
    fingerprint: Fingerprint
    embedder: str


def topic_rules(ctx: Context) -> tuple[RuleTopic, ...]:
    with ctx.db.reading() as session:
        return tuple(rule_topic(t) for t in topic_rows.rules(session))


def compute(ctx: Context, texts: Sequence[ArticleText], rules: tuple[RuleTopic, ...]) -> list[Understood]:
    """Entities, topics, vectors and fingerprints of a batch: one spaCy pass and one embedding
    batch, and no database lock held while they run."""
    if not texts:
        return []
    embedder = get_embedder(ctx.settings.embedding_model)
    enrichments, vectors = enrich_and_embed(texts, embedder=embedder.name, options=EnrichOptions(rules=rules))
    return [
        Understood(enrichment, vector, fingerprint(text.body or text.title), embedder.name)
        for text, vector, enrichment in zip(texts, vectors, enrichments, strict=True)
    ]


def store(session: Session, ctx: Context, article: Article, understood: Understood) -> None:
    """Write one article's understanding and place it in a story (inside the caller's short
    transaction for that article)."""
    now = ctx.clock.now()
    enrichment = understood.enrichment
    article.language = article.language or enrichment.language
    found = _store_entities(session, article, enrichment.entities, now)
    _store_topics(session, article, enrichment.topics, now)
    article.vector, article.vector_model = to_bytes(understood.vector), understood.embedder
    article.fingerprint = pack_fingerprint(understood.fingerprint)
    article.enriched_at = now
    _dedup_and_cluster(
        session, ctx, article, understood.vector, understood.fingerprint, story_entities(found)
    )


def understand(session: Session, ctx: Context, article: Article) -> None:
    understand_many(session, ctx, [article])


def understand_many(session: Session, ctx: Context, articles: Sequence[Article]) -> None:
    """Compute and store in the caller's transaction (rebuilds; processing uses ``compute``
    then ``store`` per article, in short transactions)."""
    if not articles:
        return
    rules = tuple(rule_topic(t) for t in topic_rows.rules(session))
    for article, understood in zip(
        articles, compute(ctx, [article_text(a) for a in articles], rules), strict=True
    ):
        store(session, ctx, article, understood)


def story_entities(found: Sequence[entity_rows.FoundEntity]) -> set[str]:
    """The keys clustering compares: an article's most salient entities (title and lead weigh
    most), as story clustering was measured on the entities of title and lead."""
    ranked = sorted(found, key=lambda f: (-f.salience, -f.count, f.name))
    return {f.key for f in ranked[:STORY_ENTITIES]}


def _store_entities(session: Session, article: Article, mentions, now) -> list[entity_rows.FoundEntity]:
    """Store the article's entities, each under the key its name already has (one entity per
    real thing, ``entity_identity.unify_kinds``); returns them as stored."""
    found = [
        entity_rows.FoundEntity(
            entity_key(m.name, m.kind),
            m.kind,
            m.name,
            (m.name, *m.mentions),
            tuple(m.mentions),
            m.count,
            m.salience,
            m.kind,
        )
        for m in mentions
    ]
    found = unify_kinds(session, found)
    entity_rows.link_article(session, article.id, found, now)
    return found


def _store_topics(session: Session, article: Article, assignments, now) -> None:
    for kind in ("iptc", "section", "rule"):
        topic_rows.unlink_kind(session, article.id, kind)
    _link_topics(session, article, merge_into_iptc(assignments), now)
    article.topic_model = topic_model_name()  # compute() chooses with the default options


def store_iptc(session: Session, article: Article, assignments: Sequence[TopicAssignment], now) -> None:
    """Replace the article's IPTC topics (and only those) with ``assignments``, chosen by the
    shipped topic model."""
    topic_rows.unlink_kind(session, article.id, "iptc")
    _link_topics(session, article, assignments, now)
    article.topic_model = topic_model_name()


def _link_topics(session: Session, article: Article, assignments: Sequence[TopicAssignment], now) -> None:
    linked: set[str] = set()
    for t in assignments:
        key = topic_key(t.kind, t.key)
        if key in linked:
            continue
        linked.add(key)
        name = t.name[:1].upper() + t.name[1:]
        topic = topic_rows.upsert(session, key=key, kind=t.kind, name=name, now=now)
        topic_rows.link(session, article.id, topic, t.score)


def merge_into_iptc(assignments: Sequence[TopicAssignment]) -> list[TopicAssignment]:
    """The news' own labels count: a label that is a top-level subject ("Politics", "Health") is
    that subject, not a second topic of the same name; a label the reviewed category maps give a
    subject ("Sports", "Economics & Business") adds that subject, with the label's score."""
    iptc = {t.key: t for t in iptc_topics()}
    out = []
    for t in assignments:
        same = iptc.get(t.key) if t.kind == "section" else None
        out.append(replace(t, key=same.key, name=same.name, kind="iptc") if same else t)
        if t.kind == "section" and same is None:
            out += [
                TopicAssignment(key, iptc[key].name, "iptc", t.score)
                for key in label_subjects(t.key)
                if key in iptc
            ]
    return out


def _dedup_and_cluster(
    session: Session,
    ctx: Context,
    article: Article,
    vector: npt.NDArray[np.float32],
    fp,
    entity_keys: set[str],
) -> None:
    mem = memory(ctx.db.url, len(vector))
    with mem.lock:
        mem.sync(session)
        source = source_rows.get(session, article.first_source_id) if article.first_source_id else None
        if source is None or not source.is_aggregator:
            decision = mem.duplicates.check(fp, vector)
            original = (
                session.get(Article, decision.duplicate_of) if decision.duplicate_of is not None else None
            )
            if original is not None and original.id != article.id:
                article.duplicate_of_id = original.id
        story_id = _assign_story(session, mem, article, vector, entity_keys)
        article.story_id = story_id
        session.flush()
        mem.add(article.id, vector, fp, story_id, frozenset(entity_keys))


def _assign_story(session: Session, mem: Memory, article: Article, vector, entity_keys: set[str]) -> int:
    if article.duplicate_of_id:
        original = session.get(Article, article.duplicate_of_id)
        if original is not None and original.story_id:
            return _grow(session, mem, original.story_id, article, vector, entity_keys)
    nearest = [(mem.story_of.get(i), similarity) for i, similarity in mem.nearest(vector, 30)]
    story_ids = sorted({s for s, _ in nearest if s is not None})
    states = [state_of(session, s) for s in story_rows.many(session, story_ids)]
    item = StoryInput(article.id, vector, frozenset(entity_keys), article.published_at)
    decision = assign_story(item, states, idf=mem.idf)
    line_of = storyline_rows.storyline_of_events(session, story_ids)
    lines = {v for v in line_of.values() if v is not None}
    if decision.story_id is None:
        state = new_story(0, item)
        story = story_rows.create(
            session, label=article.title[:500], source_count=1, representative_id=article.id
        )
        write_state(story, state)
        article.story_id = story.id  # before the storyline counts its sources
        closest = nearest_members((line_of.get(s) if s is not None else None, x) for s, x in nearest)
        join_storyline(session, story, lines, mem.idf, closest)
        story_id = story.id
    else:
        story_id = _grow(session, mem, int(decision.story_id), article, vector, entity_keys)  # type: ignore[call-overload]
    grown = story_rows.get(session, story_id)
    if grown is not None:
        merge_if_one(session, grown, lines, mem.idf, article.enriched_at or article.published_at)
    return story_id


def _grow(
    session: Session, mem: Memory, story_id: int, article: Article, vector, entity_keys: set[str]
) -> int:
    """Add the article to the story; returns the story it ends in (a drifted story may split)."""
    story = story_rows.get(session, story_id, for_update=True)
    if story is None:
        return story_id
    item = StoryInput(article.id, vector, frozenset(entity_keys), article.published_at)
    write_state(story, add_to_story(state_of(session, story), item))
    article.story_id = story_id  # before the storyline counts its sources
    grow_storyline(session, story, vector, item.entities, article.published_at, mem.idf)
    session.flush()
    members = story_rows.members(session, story_id, limit=50, ready_only=False)
    label_members(session, story, members, [from_bytes(m.vector) for m in members if m.vector])
    if story.size % CHECK_DRIFT_EVERY == 0:
        split = split_if_drifted(session, story)
        if split is not None:
            child, moved = split
            for article_id in moved:
                mem.story_of[article_id] = child
            return child if article.id in moved else story_id
    return story_id


def topic_key(kind: str, key: str) -> str:
    """Stored topic keys carry their kind ("iptc:politics", "section:politics", "rule:...")."""
    return key if key.startswith(f"{kind}:") else f"{kind}:{key}"


def rule_topic(row) -> RuleTopic:
    """A stored operator topic as the enrich step's RuleTopic."""
    rule = row.rule or {}
    return RuleTopic(
        key=row.key,
        name=row.name,
        entities=tuple(rule.get("entities", [])),
        keywords=tuple(rule.get("keywords", [])),
    )


def enrich_json(article: ParsedArticle) -> dict[str, object]:
    """`mynews extract --enrich`: language, entities and topics of a parsed (unstored) article."""
    text = ArticleText(
        title=article.title,
        standfirst=article.standfirst,
        body=article.text,
        captions=tuple(c.text for c in article.captions),
        section=article.section,
        tags=article.tags,
        language=article.language,
    )
    data = enrichment_json(enrich_many([text])[0])
    for topic in data["topics"]:  # type: ignore[attr-defined]
        topic["key"] = topic_key(topic["kind"], topic["key"])  # the keys the API and pages use
    return data
