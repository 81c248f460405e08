"""The reader's settings page: follows and mutes, password, personal API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mynews.core.errors import AppError
from mynews.http import auth
from mynews.http.params import Id
from mynews.services.ingestion.opml_export import export_opml
from mynews.services.readers import accounts, follows
from mynews.web.readers import render, to_signin

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Form()]


def _settings(request: Request, reader_id: Id, **extra: object) -> HTMLResponse:
    ctx = request.app.state.ctx
    data: dict[str, object] = {
        "follows": follows.list_follows(ctx, reader_id),
        "tokens": accounts.tokens(ctx, reader_id),
        "message": None,
        "error": None,
        "new_token": None,
        "base_url": ctx.settings.base_url.rstrip("/"),
        **extra,
    }
    status = int(str(data.pop("status", 200)))
    return render(request, "settings.html", data, status=status)


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request) -> Response:
    reader = auth.current_reader(request)
    if reader is None:
        return to_signin(request)
    return _settings(request, reader.id)


@router.get("/settings/opml")
def opml(request: Request) -> Response:
    """The sources the reader follows, as an OPML file for another feed reader."""
    reader = auth.current_reader(request)
    if reader is None:
        return to_signin(request)
    ctx = request.app.state.ctx
    ids = [int(f.key) for f in follows.list_follows(ctx, reader.id) if f.kind == "source" and f.key.isdigit()]
    body = export_opml(ctx, source_ids=ids, title="mynews: the sources I follow")
    headers = {"Content-Disposition": 'attachment; filename="mynews-following.opml"'}
    return Response(body, media_type="text/x-opml", headers=headers)


@router.post("/settings/password", response_class=HTMLResponse)
async def change_password(request: Request, current: Field, new: Field, keep_tokens: Field = "") -> Response:
    """Change the password; other sessions end, and API tokens are revoked unless kept."""
    reader = await auth.require_reader(request)
    keep = keep_tokens in ("1", "on", "true")
    try:
        accounts.change_password(
            request.app.state.ctx,
            reader.id,
            current,
            new,
            keep_session=request.cookies.get(auth.SESSION_COOKIE),
            keep_tokens=keep,
        )
    except AppError as err:
        return _settings(request, reader.id, error=err.message, status=err.status)
    done = "Password changed. Other sessions were signed out" + (
        "; your API tokens still work." if keep else " and your API tokens were revoked."
    )
    return _settings(request, reader.id, message=done)


@router.post("/settings/tokens", response_class=HTMLResponse)
async def create_token(request: Request, name: Field = "token") -> Response:
    reader = await auth.require_reader(request)
    _, raw = accounts.create_token(request.app.state.ctx, reader.id, name)
    return _settings(request, reader.id, new_token=raw)


@router.post("/settings/tokens/{token_id}/revoke")
async def revoke_token(request: Request, token_id: Id) -> Response:
    reader = await auth.require_reader(request)
    accounts.revoke_token(request.app.state.ctx, reader.id, token_id)
    return RedirectResponse("/settings", status_code=303)
