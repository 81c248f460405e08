"""Pages to explore the news: stories (full coverage), entities, topics and search."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from mynews.http.auth import current_reader
from mynews.http.params import Id, Offset, parse_day
from mynews.services.browsing import entities, search, stories, storylines, suggest, topics
from mynews.services.browsing.search import Filters
from mynews.services.readers import follows
from mynews.web.pages import article_looks

router = APIRouter()


def _render(request: Request, name: str, data: dict[str, object]) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, data)


def follow_state(request: Request, kind: str, key: str) -> bool | str | None:
    """Whether the signed-in reader follows (True) or mutes ("muted") this, or neither (None)."""
    reader = current_reader(request)
    if reader is None:
        return None
    for f in follows.list_follows(request.app.state.ctx, reader.id):
        if f.kind == kind and f.key == key:
            return "muted" if f.muted else True
    return None


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: Id) -> HTMLResponse:
    return _render(request, "story.html", {"s": stories.story(request.app.state.ctx, story_id)})


@router.get("/storylines/{storyline_id}", response_class=HTMLResponse)
def storyline_page(request: Request, storyline_id: Id) -> HTMLResponse:
    view = storylines.storyline(request.app.state.ctx, storyline_id)
    state = follow_state(request, "storyline", str(view.id))
    return _render(request, "storyline.html", {"s": view, "state": state})


@router.get("/entities/{key}", response_class=HTMLResponse)
def entity_page(request: Request, key: str, cursor: str | None = None) -> HTMLResponse:
    view = entities.entity(request.app.state.ctx, key, cursor=cursor)
    looks = article_looks(request.app.state.ctx, view.articles)
    state = follow_state(request, "entity", view.key)
    return _render(request, "entity.html", {"e": view, "state": state, "looks": looks})


@router.get("/topics", response_class=HTMLResponse)
def topics_page(request: Request) -> HTMLResponse:
    return _render(request, "topics.html", {"topics": topics.list_topics(request.app.state.ctx)})


@router.get("/topics/{key}", response_class=HTMLResponse)
def topic_page(request: Request, key: str, cursor: str | None = None) -> HTMLResponse:
    view = topics.topic(request.app.state.ctx, key, cursor=cursor)
    looks = article_looks(request.app.state.ctx, view.articles)
    state = follow_state(request, "topic", view.topic.key)
    return _render(request, "topic.html", {"t": view, "state": state, "looks": looks})


@router.get("/suggest")
def suggest_names(request: Request, q: str = "") -> JSONResponse:
    """Type-ahead: entities, topics and sources by name."""
    items = [asdict(s) for s in suggest.suggest(request.app.state.ctx, q)]
    return JSONResponse({"items": items})


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: str = "",
    start: str | None = None,
    end: str | None = None,
    entity: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    language: str | None = None,
    offset: Offset = 0,
) -> HTMLResponse:
    """Results grouped by story, the filters in use as named chips (each removable), what the
    results can be narrowed to, and a type-ahead to add any filter by name."""
    source_id = int(source) if source and source.isdigit() and len(source) < 10 else None
    filters = Filters(
        start=parse_day(start),
        end=parse_day(end),
        entity_key=entity or None,
        topic_key=topic or None,
        source_id=source_id,
        language=language or None,
    )
    page = search.search_stories(request.app.state.ctx, q, filters, offset=max(0, offset))
    params = {
        "q": q.strip(),
        "start": start or "",
        "end": end or "",
        "entity": entity or "",
        "topic": topic or "",
        "source": str(source_id) if source_id is not None else "",
        "language": language or "",
    }
    chips = [
        {
            "kind": kind,
            "label": search.filter_label(kind, params[kind]),
            "name": page.names.get(kind, params[kind]),
        }
        for kind in ("entity", "topic", "source")
        if params[kind]
    ]
    return _render(
        request,
        "search.html",
        {
            "q": q,
            "page": page,
            "params": params,
            "chips": chips,
            "link": _search_link(params),
            "label": search.filter_label,
            "looks": article_looks(request.app.state.ctx, [r.lead for r in page.results]),
        },
    )


def _search_link(params: dict[str, str]) -> Callable[..., str]:
    """``link(entity="place:x")`` or ``link(entity="")``: this search's URL with a filter
    added, changed or removed (the offset starts again)."""
    from urllib.parse import urlencode

    def link(**changes: str) -> str:
        merged = {**params, **changes}
        return "/search?" + urlencode({k: v for k, v in merged.items() if v})

    return link
