"""Public pages: the latest articles, an article, and the operator's source health page."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

from mynews.http.auth import current_reader, require_admin
from mynews.http.params import Id
from mynews.services.ingestion import catalog
from mynews.services.reading import articles, pictures

STATIC = Path(__file__).parent / "static"

router = APIRouter()


def ctx(request: Request):
    return request.app.state.ctx


@router.get("/latest", response_class=HTMLResponse)
def latest(request: Request, cursor: str | None = None) -> HTMLResponse:
    page = articles.latest(ctx(request), cursor=cursor, limit=30)
    looks = article_looks(ctx(request), page.items)
    return request.app.state.templates.TemplateResponse(
        request, "latest.html", {"page": page, "looks": looks}
    )


def article_looks(context, items) -> dict:
    """The picture or placeholder of each article in a list."""
    triples = [(a.id, a.lead_image, a.sources[0].title if a.sources else a.site_name) for a in items]
    return pictures.looks(context, triples)


@router.get("/articles/{article_id}", response_class=HTMLResponse, response_model=None)
def article(request: Request, article_id: Id) -> Response:
    if current_reader(request) is not None:
        return RedirectResponse(f"/read/{article_id}", status_code=303)  # the reader's view, with actions
    view = articles.article_page(ctx(request), article_id)
    ents, tops = articles.article_context(ctx(request), article_id)
    size = articles.story_size(ctx(request), view.story_id)
    return request.app.state.templates.TemplateResponse(
        request, "article.html", {"a": view, "entities": ents, "topics": tops, "story_size": size}
    )


@router.get("/admin/sources", response_class=HTMLResponse, dependencies=[Depends(require_admin)])
def sources_page(request: Request, after: Id = 0) -> HTMLResponse:
    rows = catalog.list_sources(ctx(request), after_id=after, limit=100)
    next_after = rows[-1].id if len(rows) == 100 else None
    summary = catalog.health_summary(ctx(request))
    problems = catalog.article_problems(ctx(request))
    return request.app.state.templates.TemplateResponse(
        request,
        "sources.html",
        {"sources": rows, "next_after": next_after, "summary": summary, "problems": problems},
    )


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(STATIC / "favicon.ico", headers={"Cache-Control": "public, max-age=604800"})


@router.get("/manifest.webmanifest")
def manifest() -> JSONResponse:
    """Lets a phone add mynews to its home screen."""
    icons = [{"src": f"/static/icon-{n}.png", "sizes": f"{n}x{n}", "type": "image/png"} for n in (192, 512)]
    body = {
        "name": "mynews",
        "short_name": "mynews",
        "start_url": "/",
        "display": "standalone",
        "background_color": "#f4f5f7",
        "theme_color": "#1a5bd6",
        "icons": icons,
    }
    return JSONResponse(body, media_type="application/manifest+json")


@router.get("/progress")
def progress(request: Request) -> JSONResponse:
    """How far the understanding of stored articles has got (the demo shows it while it loads)."""
    return JSONResponse(articles.progress(ctx(request)))
