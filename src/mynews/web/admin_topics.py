"""The operator's topics page: every topic with its article count, and rule topics (named by
entities and keywords) to create or change; saving a rule re-applies it to stored articles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from mynews.core.errors import AppError
from mynews.http.auth import require_admin
from mynews.services.browsing import topics
from mynews.web.readers import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_admin)])


def _page(request: Request, **extra: object) -> HTMLResponse:
    ctx = request.app.state.ctx
    data: dict[str, object] = {
        "rules": topics.list_topics(ctx, kind="rule"),
        "all": topics.list_topics(ctx),
        "model": topics.topic_model_status(ctx),
        "message": None,
        "error": None,
        **extra,
    }
    status = int(str(data.pop("status", 200)))
    return render(request, "admin_topics.html", data, status=status)


@router.get("/admin/topics", response_class=HTMLResponse)
def topics_page(request: Request) -> Response:
    return _page(request)


@router.post("/admin/topics", response_class=HTMLResponse)
def save_rule(
    request: Request,
    name: Annotated[str, Form()],
    entities: Annotated[str, Form()] = "",
    keywords: Annotated[str, Form()] = "",
) -> Response:
    """Create or change a rule topic (comma-separated entities and keywords)."""
    split = [e for e in (x.strip() for x in entities.split(",")) if e]
    words = [k for k in (x.strip() for x in keywords.split(",")) if k]
    try:
        saved = topics.save_rule(request.app.state.ctx, name, entities=split, keywords=words)
    except AppError as err:
        return _page(request, error=err.message, status=err.status)
    return _page(request, message=f"Saved “{saved.name}”: {saved.article_count} articles.")
