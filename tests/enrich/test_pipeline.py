"""The whole understanding step on the seed and on real corpus articles."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from mynews.core.enrichment import ArticleText
from mynews.enrich.embeddings import get_embedder
from mynews.enrich.pipeline import EnrichOptions, enrich_article, enrich_many, enrichment_json
from mynews.enrich.topics import RuleTopic, load_classifier

from .entity_eval import seed_text
from .gv_corpus import load_gv
from .test_language import item_texts

pytestmark = pytest.mark.slow


def test_seed_enrichment() -> None:
    text, _ = seed_text()
    rules = (RuleTopic("korea-watch", "Korea watch", entities=("North Korea",)),)
    result = enrich_article(text, options=EnrichOptions(rules=rules))
    assert result.language == "en"
    names = {(e.name, e.kind) for e in result.entities}
    assert {("Donald Trump", "person"), ("North Korea", "place"), ("Twitter", "organisation")} <= names
    by_kind = {(t.kind, t.key) for t in result.topics}
    assert ("section", "north-korea-nuclear-crisis") in by_kind
    assert ("rule", "korea-watch") in by_kind
    iptc = [t for t in result.topics if t.kind == "iptc"]
    assert iptc and iptc[0].key in ("politics", "conflict-war-peace")
    data = json.loads(json.dumps(enrichment_json(result)))
    trump = next(e for e in data["entities"] if e["name"] == "Donald Trump")
    assert (
        trump["kind"] == "person" and "Trump" in trump["mentions"] and trump["key"] == "person:donald-trump"
    )


def test_batch_with_given_vectors_equals_one_by_one() -> None:
    texts = [g.text for g in load_gv()[:6]]
    vectors = get_embedder().embed([t.lead for t in texts])
    batch = enrich_many(texts, vectors=vectors)
    assert batch == [enrich_article(t, vector=v) for t, v in zip(texts, vectors, strict=True)]
    assert batch == enrich_many(texts)  # the same vectors when computed here
    model = load_classifier()
    assert model is not None
    for text, result in zip(texts, batch, strict=True):  # an IPTC topic only when the classifier is sure
        needed = model.threshold_for(text.words)  # full-length posts by the article threshold
        assert all(t.score >= needed for t in result.topics if t.kind == "iptc")


def test_non_english_article_gets_language_but_no_entities() -> None:
    title, summary = item_texts("feeder__rss_lemonde.xml")[0].split(". ", 1)
    text = ArticleText(title=title, standfirst=None, body=summary)
    result = enrich_article(text)
    assert result.language == "fr"
    assert result.entities == ()
    threshold = load_classifier().threshold  # type: ignore[union-attr]
    assert all(t.score >= threshold for t in result.topics if t.kind == "iptc")
    declared = enrich_article(replace(text, language="fr-FR"))
    assert declared.language == "fr"


def test_empty_batch() -> None:
    assert enrich_many([]) == []
