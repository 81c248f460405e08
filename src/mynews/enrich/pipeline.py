"""The understanding step for articles: language, entities, topics in one call.

``enrich_many`` runs spaCy once over all the articles (``nlp.pipe``) and assigns IPTC topics from
the MiniLM vectors of ``ArticleText.lead`` (and the lead's words), only those the calibrated
classifier is sure of. Topic assignment needs those vectors: pass the ones
you store (``vectors=``, same model and same text, ``get_embedder().embed([t.lead ...])``) so they
are computed once; without them they are computed here. Entities are only looked for in English
(the spaCy model is English); other languages get topics and language only.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from mynews.core.enrichment import ArticleText, Enrichment, EntityMention
from mynews.enrich.entities import MAX_BODY_CHARS, extract_entities_many
from mynews.enrich.language import detect_language
from mynews.enrich.topics import IptcOptions, RuleTopic, assign_iptc, match_rule_topics, section_topics

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]

LANGUAGE_SAMPLE_CHARS = 3000
NER_LANGUAGES = frozenset({"en"})


@dataclass(frozen=True)
class EnrichOptions:
    """``rules``: operator topics to apply; ``iptc``: how top-level topics are chosen;
    ``entities``: run NER at all; ``ner_max_body_chars``: how much body NER reads (speed)."""

    iptc: IptcOptions = field(default_factory=IptcOptions)
    rules: tuple[RuleTopic, ...] = ()
    entities: bool = True
    ner_max_body_chars: int = MAX_BODY_CHARS


def article_language(text: ArticleText) -> str | None:
    """The language the source declared, else the one detected from title and body."""
    if text.language:
        return text.language.split("-")[0].lower()
    return detect_language(
        f"{text.title[:1000]}\n{(text.standfirst or '')[:2000]}\n{text.body[:LANGUAGE_SAMPLE_CHARS]}"
    )


def enrich_article(
    text: ArticleText, *, vector: Matrix | None = None, options: EnrichOptions | None = None
) -> Enrichment:
    """Language, entities and topics of one article (``vector``: its MiniLM lead vector, if known)."""
    vectors = None if vector is None else vector.reshape(1, -1)
    return enrich_many([text], vectors=vectors, options=options)[0]


def enrich_many(
    texts: Sequence[ArticleText], *, vectors: Matrix | None = None, options: EnrichOptions | None = None
) -> list[Enrichment]:
    """Enrich a batch: one spaCy pass, one embedding batch (skipped when ``vectors`` is given)."""
    if vectors is None:
        return enrich_and_embed(texts, options=options)[0]
    options = options or EnrichOptions()
    languages = [article_language(t) for t in texts]
    return _combine(texts, languages, _entities(texts, languages, options), vectors, options)


def enrich_and_embed(
    texts: Sequence[ArticleText], *, embedder: str | None = None, options: EnrichOptions | None = None
) -> tuple[list[Enrichment], Matrix]:
    """Enrich a batch and return the lead vectors too. The embedding runs on another thread while
    spaCy reads the texts (torch releases the GIL), which is what makes a batch fast on 2 cores."""
    import numpy as np

    from mynews.enrich.embeddings import get_embedder

    options = options or EnrichOptions()
    model = get_embedder(embedder or options.iptc.embedder)
    if not texts:
        return [], np.zeros((0, model.dim), dtype=np.float32)
    pending = _embedding_thread().submit(model.embed, [t.lead for t in texts])
    languages = [article_language(t) for t in texts]
    entities = _entities(texts, languages, options)
    vectors = pending.result()
    return _combine(texts, languages, entities, vectors, options), vectors


@lru_cache(maxsize=1)
def _embedding_thread() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed")


def _combine(
    texts: Sequence[ArticleText],
    languages: list[str | None],
    entities: list[tuple[EntityMention, ...]],
    vectors: Matrix,
    options: EnrichOptions,
) -> list[Enrichment]:
    iptc = (
        assign_iptc(vectors, options.iptc, [t.lead for t in texts], [t.words for t in texts])
        if len(texts)
        else []
    )
    out = []
    for i, text in enumerate(texts):
        topics = (
            *iptc[i],
            *section_topics(text.section, text.tags),
            *match_rule_topics(text, entities[i], options.rules, vectors[i]),
        )
        out.append(Enrichment(languages[i], entities[i], topics))
    return out


def _entities(
    texts: Sequence[ArticleText], languages: list[str | None], options: EnrichOptions
) -> list[tuple[EntityMention, ...]]:
    wanted = [
        i for i, lang in enumerate(languages) if options.entities and (lang is None or lang in NER_LANGUAGES)
    ]
    chosen = [texts[i] for i in wanted]
    found = extract_entities_many(chosen, max_body_chars=options.ner_max_body_chars) if wanted else []
    out: list[tuple[EntityMention, ...]] = [() for _ in texts]
    for i, entities in zip(wanted, found, strict=True):
        out[i] = entities
    return out


def enrichment_json(enrichment: Enrichment) -> dict[str, object]:
    """The ``--enrich`` fields of ``mynews extract --json``: ``language``, ``entities`` (``name``,
    ``kind``, ``mentions``, ``count``, ``salience``, ``key``) and ``topics`` (``key``, ``name``,
    ``kind``, ``score``)."""
    from mynews.enrich.entity_rules import entity_key

    return {
        "language": enrichment.language,
        "entities": [
            {
                "name": e.name,
                "kind": e.kind,
                "mentions": list(e.mentions),
                "count": e.count,
                "salience": e.salience,
                "key": entity_key(e.name, e.kind),
            }
            for e in enrichment.entities
        ],
        "topics": [
            {"key": t.key, "name": t.name, "kind": t.kind, "score": t.score} for t in enrichment.topics
        ],
    }
