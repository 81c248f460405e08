"""Reader actions posted by forms: feedback signals, save, follow / mute / unfollow, forgetting
history. Each checks CSRF (``auth.require_reader``). With ``Accept: application/json`` (app.js
posting a ``form[data-async]``) the answer is JSON and the page stays; a plain form is
redirected back to its ``next`` path."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from mynews.http import auth
from mynews.services.readers import follows, signals
from mynews.web.readers import local_path

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Form()]


def done(request: Request, next_path: str | None, **data: object) -> Response:
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"ok": True, **data})
    return RedirectResponse(local_path(next_path), status_code=303)


@router.post("/articles/{article_id}/signal")
async def signal(
    request: Request, article_id: int, kind: Field, next: Field = "/", value: Field = "1"
) -> Response:
    reader = await auth.require_reader(request)
    try:
        number = float(value)
    except ValueError:
        number = 1.0
    signals.record(request.app.state.ctx, reader.id, article_id, kind, number)
    return done(request, next, kind=kind)


@router.post("/articles/{article_id}/unsave")
async def unsave(request: Request, article_id: int, next: Field = "/saved") -> Response:
    reader = await auth.require_reader(request)
    signals.unsave(request.app.state.ctx, reader.id, article_id)
    return done(request, next)


@router.post("/follows")
async def follow(request: Request, kind: Field, key: Field, next: Field = "/", muted: Field = "") -> Response:
    """Follow (or with ``muted=1`` mute) a topic, entity, source, author or keyword."""
    reader = await auth.require_reader(request)
    view = follows.set_follow(request.app.state.ctx, reader.id, kind, key, muted=muted in ("1", "true", "on"))
    return done(request, next, kind=view.kind, key=view.key, name=view.name, muted=view.muted)


@router.post("/follows/remove")
async def unfollow(request: Request, kind: Field, key: Field, next: Field = "/settings") -> Response:
    reader = await auth.require_reader(request)
    follows.unfollow(request.app.state.ctx, reader.id, kind, key)
    return done(request, next)


@router.post("/history/forget")
async def forget(request: Request, article_id: Field = "", next: Field = "/history") -> Response:
    """Delete one article from the history (every signal about it), or all history."""
    reader = await auth.require_reader(request)
    signals.forget(request.app.state.ctx, reader.id, int(article_id) if article_id.isdigit() else None)
    return done(request, next)
