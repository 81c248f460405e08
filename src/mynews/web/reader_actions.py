"""Reader actions posted by forms: feedback signals (and their undo), save, follow / mute /
unfollow, forgetting history. Each checks CSRF (``auth.require_reader``). With ``Accept:
application/json`` (app.js posting a ``form[data-async]``) the answer is JSON carrying the
server's state after the action (``saved``, ``state``) and, where it can be undone, the request
that undoes it (``undo``); a plain form is redirected back to its ``next`` path."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from mynews.core.errors import BadInput
from mynews.http import auth
from mynews.http.params import INT_MAX, Id
from mynews.services.readers import follows, signals
from mynews.web.readers import local_path

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Form()]
UNDOABLE = ("more", "fewer", "hide")


def done(request: Request, next_path: str | None, **data: object) -> Response:
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"ok": True, **data})
    return RedirectResponse(local_path(next_path), status_code=303)


@router.post("/articles/{article_id}/signal")
async def signal(
    request: Request, article_id: Id, kind: Field, next: Field = "/", value: Field = "1"
) -> Response:
    reader = await auth.require_reader(request)
    try:
        number = float(value)
    except ValueError:
        number = 1.0
    if not math.isfinite(number):
        raise BadInput("value must be a finite number")
    signals.record(request.app.state.ctx, reader.id, article_id, kind, number)
    extra: dict[str, object] = {"kind": kind}
    if kind == "save":
        extra["saved"] = True
        extra["message"] = "Saved for later"
    if kind in UNDOABLE:
        extra["undo"] = {"action": f"/articles/{article_id}/signal/undo", "fields": {"kind": kind}}
    return done(request, next, **extra)


@router.post("/articles/{article_id}/signal/undo")
async def undo_signal(request: Request, article_id: Id, kind: Field, next: Field = "/") -> Response:
    """Take back the latest more / fewer / hide about this article."""
    reader = await auth.require_reader(request)
    signals.withdraw(request.app.state.ctx, reader.id, article_id, kind)
    return done(request, next, kind=kind)


@router.post("/signals/impressions", status_code=204)
async def impressions(request: Request, ids: Field = "") -> Response:
    """The cards a feed page showed (posted by the page itself: a GET records nothing)."""
    reader = await auth.require_reader(request)
    shown = [int(i) for i in ids.split(",")[:100] if i.strip().isdigit() and len(i.strip()) < 16]
    if shown:
        signals.record_impressions(request.app.state.ctx, reader.id, shown)
    return Response(status_code=204)


@router.post("/articles/{article_id}/unsave")
async def unsave(request: Request, article_id: Id, next: Field = "/saved") -> Response:
    reader = await auth.require_reader(request)
    signals.unsave(request.app.state.ctx, reader.id, article_id)
    return done(request, next, saved=False, message="Removed from saved")


@router.post("/follows")
async def follow(request: Request, kind: Field, key: Field, next: Field = "/", muted: Field = "") -> Response:
    """Follow (or with ``muted=1`` mute) a topic, entity, source, author or keyword."""
    reader = await auth.require_reader(request)
    view = follows.set_follow(request.app.state.ctx, reader.id, kind, key, muted=muted in ("1", "true", "on"))
    state = "muted" if view.muted else "following"
    data: dict[str, object] = {"kind": view.kind, "key": view.key, "name": view.name, "muted": view.muted}
    data["state"] = state
    data["message"] = f"{'Muted' if view.muted else 'Following'} {view.name}"
    if view.muted:
        data["undo"] = {"action": "/follows/remove", "fields": {"kind": view.kind, "key": view.key}}
    return done(request, next, **data)


@router.post("/follows/remove")
async def unfollow(request: Request, kind: Field, key: Field, next: Field = "/settings") -> Response:
    reader = await auth.require_reader(request)
    ctx = request.app.state.ctx
    before = None
    for f in follows.list_follows(ctx, reader.id):
        if f.kind == kind and f.key == key:
            before = f
    follows.unfollow(ctx, reader.id, kind, key)
    data: dict[str, object] = {"kind": kind, "key": key, "state": "none"}
    if before is not None:
        word = "Unmuted" if before.muted else "Unfollowed"
        data["message"] = f"{word} {before.name}"
        fields = {"kind": kind, "key": key, "muted": "1" if before.muted else ""}
        data["undo"] = {"action": "/follows", "fields": fields}
    return done(request, next, **data)


@router.post("/history/forget")
async def forget(request: Request, article_id: Field = "", next: Field = "/history") -> Response:
    """Delete one article from the history (every signal about it), or all history."""
    reader = await auth.require_reader(request)
    one = int(article_id) if article_id.isdigit() and int(article_id) <= INT_MAX else None
    if article_id and one is None:
        raise BadInput(f"not an article id: {article_id[:40]!r}")
    signals.forget(request.app.state.ctx, reader.id, one)
    return done(request, next, message="Deleted from your history")
