"""The bundled demo corpus loads, idempotently, with its licences on the sources."""

from __future__ import annotations

from mynews.services.context import Context
from mynews.services.ingestion import corpus
from mynews.services.ingestion.catalog import list_sources
from mynews.services.ingestion.processing import process_batch
from mynews.services.reading.articles import latest


def test_corpus_files_hold_every_article() -> None:
    assert sum(1 for _ in corpus.global_voices()) == 378
    wikinews = list(corpus.wikinews())
    assert len(wikinews) == 293  # 295 rows less two Wikinews sandbox pages
    assert all(not item.article.paragraphs[0].startswith(("Monday", "Friday")) for item in wikinews[:20])
    # two unreviewed pages open with Wikinews' review template; the card's excerpt showed it
    stallman = next(i for i in wikinews if "Richard Stallman" in i.article.title)
    assert stallman.article.paragraphs[0].startswith("On November 16, code-sharing")
    assert not any(
        p.startswith(("This article requires", "-Article last amended", "Tuesday, November"))
        for i in wikinews
        for p in i.article.paragraphs[:3]
    )


def test_loading_is_idempotent_and_credits_the_sources(ctx: Context) -> None:
    ids = corpus.load(ctx, limit=25)
    assert len(ids) == 25
    assert corpus.load(ctx, limit=25) == []
    process_batch(ctx, ids)
    assert len(latest(ctx, limit=100).items) == 25
    licences = {s.title: s for s in list_sources(ctx)}
    assert "Global Voices" in licences
