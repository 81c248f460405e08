"""Public pages: the latest articles, an article, and the operator's source health page."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mynews.http.auth import current_reader, require_admin
from mynews.services.ingestion import catalog
from mynews.services.reading import articles

router = APIRouter()


def ctx(request: Request):
    return request.app.state.ctx


@router.get("/latest", response_class=HTMLResponse)
def latest(request: Request, cursor: str | None = None) -> HTMLResponse:
    page = articles.latest(ctx(request), cursor=cursor, limit=30)
    return request.app.state.templates.TemplateResponse(request, "latest.html", {"page": page})


@router.get("/articles/{article_id}", response_class=HTMLResponse, response_model=None)
def article(request: Request, article_id: int) -> Response:
    if current_reader(request) is not None:
        return RedirectResponse(f"/read/{article_id}", status_code=303)  # the reader's view, with actions
    view = articles.article_page(ctx(request), article_id)
    ents, tops = articles.article_context(ctx(request), article_id)
    return request.app.state.templates.TemplateResponse(
        request, "article.html", {"a": view, "entities": ents, "topics": tops}
    )


@router.get("/admin/sources", response_class=HTMLResponse, dependencies=[Depends(require_admin)])
def sources_page(request: Request, after: int = 0) -> HTMLResponse:
    rows = catalog.list_sources(ctx(request), after_id=after, limit=100)
    next_after = rows[-1].id if len(rows) == 100 else None
    summary = catalog.health_summary(ctx(request))
    return request.app.state.templates.TemplateResponse(
        request, "sources.html", {"sources": rows, "next_after": next_after, "summary": summary}
    )
