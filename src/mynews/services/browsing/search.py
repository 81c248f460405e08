"""Use case: search — full text and meaning, merged into one ranked list (reciprocal rank fusion)."""

from __future__ import annotations

from dataclasses import dataclass

from mynews.enrich.embeddings import get_embedder
from mynews.services.context import Context
from mynews.services.reading.articles import ArticleView, view
from mynews.services.understanding.similarity import memory
from mynews.store import articles
from mynews.store import search as search_rows
from mynews.store.search import Filters

__all__ = ["Filters", "SearchHit", "SearchPage", "search"]

RRF_K = 60
MEANING_ONLY_FLOOR = 0.4
"""A result found by meaning alone must be at least this close (cosine) to the query, so that
nonsense ("zzzxqqq") finds nothing; results that also match the words need no floor."""


@dataclass(frozen=True)
class SearchHit:
    article: ArticleView
    score: float
    matched: tuple[str, ...]  # "text", "meaning"


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    next_offset: int | None


def search(
    ctx: Context,
    query: str,
    filters: Filters | None = None,
    *,
    offset: int = 0,
    limit: int = 20,
    semantic: bool = True,
) -> SearchPage:
    filters = filters or Filters()
    query = query.strip()
    if not query:
        return SearchPage([], None)
    with ctx.db.reading() as session:
        text_hits = search_rows.full_text(session, query, filters)
        meaning_hits: list[tuple[int, float]] = []
        if semantic and ctx.settings.enrich_enabled:
            vector = get_embedder(ctx.settings.embedding_model).embed([query])[0]
            mem = memory(ctx.db.url, len(vector))
            with mem.lock:
                mem.sync(session)
                near = [(i, s) for i, s in mem.nearest(vector, 100) if s >= 0.25]
            allowed = search_rows.allowed_ids(session, [i for i, _ in near], filters)
            meaning_hits = [(i, s) for i, s in near if i in allowed]
        fused: dict[int, float] = {}
        matched: dict[int, list[str]] = {}
        for name, ranked_ids in (("text", text_hits), ("meaning", meaning_hits)):
            for rank, (article_id, _score) in enumerate(ranked_ids):
                fused[article_id] = fused.get(article_id, 0.0) + 1.0 / (RRF_K + rank + 1)
                matched.setdefault(article_id, []).append(name)
        text_ids = {i for i, _ in text_hits}
        weak = {i for i, s in meaning_hits if s < MEANING_ONLY_FLOOR and i not in text_ids}
        ranked = sorted(((i, s) for i, s in fused.items() if i not in weak), key=lambda kv: (-kv[1], -kv[0]))
        window = ranked[offset : offset + limit]
        by_id = {a.id: a for a in articles.many(session, [i for i, _ in window], listing=True)}
        sources = articles.sources_of(session, list(by_id))
        hits = [
            SearchHit(view(by_id[i], sources.get(i, []), full=False), s, tuple(matched[i]))
            for i, s in window
            if i in by_id
        ]
    more = offset + limit < len(ranked)
    return SearchPage(hits, offset + limit if more else None)
