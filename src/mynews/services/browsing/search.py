"""Use case: search — full text and meaning, merged into one ranked list (reciprocal rank fusion)."""

from __future__ import annotations

from dataclasses import dataclass

from mynews.enrich.embeddings import get_embedder
from mynews.services.browsing.names import one_per_name
from mynews.services.context import Context
from mynews.services.reading.articles import ArticleView, view
from mynews.services.understanding.similarity import memory
from mynews.store import articles
from mynews.store import search as search_rows
from mynews.store.db import Session
from mynews.store.search import Filters

__all__ = [
    "Candidates",
    "Facet",
    "Filters",
    "SearchHit",
    "SearchPage",
    "StoryResult",
    "StorySearchPage",
    "candidates",
    "fuse",
    "search",
    "search_stories",
]

RRF_K = 60
MEANING_ONLY_FLOOR = 0.425
"""A result found by meaning alone must be at least this close (cosine) to the query, so that
nonsense ("zzzxqqq") finds nothing; results that also match the words need no floor. Measured by
bench/search_floor.py on Wikipedia "Current events": the best F1 (precision@10, recall@50 of the
editors' headings as queries) with none of 99 nonsense queries answered on January–March; April
validated (F1 0.487, no nonsense); May–June held out: F1 0.455, no nonsense (0.40 answered one)."""


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
    floor: float | None = None,
) -> SearchPage:
    """Articles matching ``query``, best first; a result found by meaning alone must be at least
    ``floor`` (default MEANING_ONLY_FLOOR) close to the query."""
    query = query.strip()
    if not query:
        return SearchPage([], None)
    with ctx.db.reading() as session:
        ranked, matched = _ranked(ctx, session, query, filters or Filters(), semantic, floor)
        window = ranked[offset : offset + limit]
        views = _views(session, [i for i, _ in window])
        hits = [SearchHit(views[i], s, tuple(matched[i])) for i, s in window if i in views]
    more = offset + limit < len(ranked)
    return SearchPage(hits, offset + limit if more else None)


@dataclass(frozen=True)
class StoryResult:
    """One story among the results: its best-matching article leads, with the other matching
    articles (other sources first) and the distinct sources of all that matched."""

    lead: ArticleView
    score: float
    matched: tuple[str, ...]  # how the lead was found: "text", "meaning"
    story_id: int | None
    matching: int  # articles of this story that match
    others: tuple[ArticleView, ...]
    sources: tuple[str, ...]  # distinct sources of the matching articles, the lead's first


@dataclass(frozen=True)
class Facet:
    """Something to narrow the results to: kind is entity, topic or source (key: its id)."""

    kind: str
    key: str
    name: str
    count: int


@dataclass(frozen=True)
class StorySearchPage:
    results: list[StoryResult]
    next_offset: int | None
    articles: int  # matching articles in all
    facets: list[Facet]
    names: dict[str, str]  # the names of the filters in use, by kind (entity, topic, source)


def search_stories(
    ctx: Context,
    query: str,
    filters: Filters | None = None,
    *,
    offset: int = 0,
    limit: int = 20,
    others: int = 3,
    floor: float | None = None,
) -> StorySearchPage:
    """Search for people: the matching articles grouped by story (a story with nine matching
    articles shows once, with its sources), ranked by its best article; plus what the results
    can be narrowed to, and the names of the filters in use."""
    filters = filters or Filters()
    query = query.strip()
    with ctx.db.reading() as session:
        names = search_rows.names(
            session, entity=filters.entity_key, topic=filters.topic_key, source_id=filters.source_id
        )
        if not query:
            return StorySearchPage([], None, 0, [], names)
        ranked, matched = _ranked(ctx, session, query, filters, True, floor)
        story_of = search_rows.stories_of(session, [i for i, _ in ranked])
        groups: dict[object, list[tuple[int, float]]] = {}
        for article_id, score in ranked:
            story = story_of.get(article_id)
            groups.setdefault(story if story is not None else ("article", article_id), []).append(
                (article_id, score)
            )
        window = list(groups.values())[offset : offset + limit]
        views = _views(session, [i for g in window for i, _ in g])
        facet_ids = [i for i, _ in ranked[:FACET_POOL]]
        facets = one_per_name(
            [
                Facet(kind, key, name, count)
                for kind, key, name, count in search_rows.facets(session, facet_ids)
                if 2 <= count < len(facet_ids) and not _in_use(filters, kind, key)
            ]
        )  # a facet every result has narrows nothing ("Wikinews 40" on 40 results)
    results = [_story_result(group, views, matched, others) for group in window if group[0][0] in views]
    more = offset + limit < len(groups)
    return StorySearchPage(results, offset + limit if more else None, len(ranked), facets, names)


FACET_POOL = 100
"""The facets are counted over this many best results."""


def _in_use(filters: Filters, kind: str, key: str) -> bool:
    return {
        "entity": filters.entity_key == key,
        "topic": filters.topic_key == key,
        "source": str(filters.source_id) == key,
    }.get(kind, False)


def _story_result(
    group: list[tuple[int, float]], views: dict[int, ArticleView], matched: dict[int, list[str]], n: int
) -> StoryResult:
    lead_id, score = group[0]
    lead = views[lead_id]
    members = [views[i] for i, _ in group[1:] if i in views]
    seen = {_source_of(lead)}
    picked = []
    for member in members:  # one article per other source first, then the rest in rank order
        if _source_of(member) not in seen:
            picked.append(member)
            seen.add(_source_of(member))
    picked += [v for v in members if v not in picked]
    sources = list(dict.fromkeys([_source_of(lead), *(_source_of(v) for v in members)]))
    return StoryResult(
        lead,
        score,
        tuple(matched[lead_id]),
        lead.story_id,
        len(group),
        tuple(picked[:n]),
        tuple(s for s in sources if s),
    )


def _source_of(view: ArticleView) -> str:
    return (view.sources[0].title if view.sources else view.site_name) or ""


def _views(session: Session, ids: list[int]) -> dict[int, ArticleView]:
    by_id = {a.id: a for a in articles.many(session, ids, listing=True)}
    sources = articles.sources_of(session, list(by_id))
    return {i: view(a, sources.get(i, []), full=False) for i, a in by_id.items()}


def _ranked(
    ctx: Context, session: Session, query: str, filters: Filters, semantic: bool, floor: float | None
) -> tuple[list[tuple[int, float]], dict[int, list[str]]]:
    return fuse(candidates(ctx, session, query, filters, semantic=semantic), floor)


@dataclass(frozen=True)
class Candidates:
    """What each way of searching found, best first: full text (its own score) and meaning
    (cosine to the query, at least 0.25)."""

    text: list[tuple[int, float]]
    meaning: list[tuple[int, float]]


def candidates(
    ctx: Context, session: Session, query: str, filters: Filters, *, semantic: bool = True
) -> Candidates:
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
    return Candidates(text_hits, meaning_hits)


def fuse(
    found: Candidates, floor: float | None = None
) -> tuple[list[tuple[int, float]], dict[int, list[str]]]:
    """Full-text and meaning results fused (reciprocal rank fusion), best first, with how each
    was found; a result found by meaning alone closer than ``floor`` to the query is left out."""
    floor = MEANING_ONLY_FLOOR if floor is None else floor
    fused: dict[int, float] = {}
    matched: dict[int, list[str]] = {}
    for name, ranked_ids in (("text", found.text), ("meaning", found.meaning)):
        for rank, (article_id, _score) in enumerate(ranked_ids):
            fused[article_id] = fused.get(article_id, 0.0) + 1.0 / (RRF_K + rank + 1)
            matched.setdefault(article_id, []).append(name)
    text_ids = {i for i, _ in found.text}
    weak = {i for i, s in found.meaning if s < floor and i not in text_ids}
    ranked = sorted(((i, s) for i, s in fused.items() if i not in weak), key=lambda kv: (-kv[1], -kv[0]))
    return ranked, matched


def filter_label(kind: str, key: str) -> str:
    """What a filter is, in words: Person, Place, Subject, Source..."""
    from mynews.services.browsing.suggest import KIND_LABELS, TOPIC_LABELS

    prefix = key.split(":", 1)[0]
    if kind == "entity":
        return KIND_LABELS.get(prefix, "Name")
    if kind == "topic":
        return TOPIC_LABELS.get(prefix, "Topic")
    return "Source"
