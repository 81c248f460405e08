"""Webhook forms: a reader's on /settings/delivery, the operator's global ones on /admin/delivery;
and each webhook's delivery log (/settings/delivery/webhooks/{id})."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mynews.core.errors import AppError
from mynews.http import auth
from mynews.http.params import Id
from mynews.services.delivery import webhooks
from mynews.web import admin_delivery
from mynews.web.delivery_settings import page
from mynews.web.readers import render, to_signin

router = APIRouter(include_in_schema=False)


async def _owner(request: Request, scope: str) -> tuple[int, int | None]:
    """(the reader, the owner id): the reader for "mine", None (global) for operators' "global"."""
    reader = await (auth.require_admin(request) if scope == "global" else auth.require_reader(request))
    return reader.id, None if scope == "global" else reader.id


def _back(request: Request, reader_id: Id, scope: str, **extra: object) -> HTMLResponse:
    return admin_delivery.page(request, **extra) if scope == "global" else page(request, reader_id, **extra)


@router.post("/settings/delivery/webhooks", response_class=HTMLResponse)
async def create(
    request: Request,
    url: Annotated[str, Form()],
    events: Annotated[list[str], Form()],
    scope: Annotated[str, Form()] = "mine",
) -> Response:
    reader_id, owner = await _owner(request, scope)
    try:
        view = webhooks.create(request.app.state.ctx, owner, url, events)
    except AppError as err:
        return _back(request, reader_id, scope, error=err.message, status=err.status)
    return _back(request, reader_id, scope, new_webhook=view, message=f"Webhook to {view.url} created.")


@router.post("/settings/delivery/webhooks/{webhook_id}/{action}")
async def change(
    request: Request, webhook_id: Id, action: str, scope: Annotated[str, Form()] = "mine"
) -> Response:
    _, owner = await _owner(request, scope)
    ctx = request.app.state.ctx
    if action == "delete":
        webhooks.delete(ctx, owner, webhook_id)
    elif action == "enable":
        webhooks.enable(ctx, owner, webhook_id)
    target = "/admin/delivery" if scope == "global" else "/settings/delivery"
    return RedirectResponse(f"{target}#webhooks", status_code=303)


@router.get("/settings/delivery/webhooks/{webhook_id}", response_class=HTMLResponse)
def log(request: Request, webhook_id: Id, scope: str = "mine", before: int | None = None) -> Response:
    reader = auth.current_reader(request)
    if reader is None:
        return to_signin(request)
    owner = None if scope == "global" and reader.is_admin else reader.id
    ctx = request.app.state.ctx
    rows = webhooks.deliveries(ctx, owner, webhook_id, before_id=before)
    hook = next(w for w in webhooks.listing(ctx, owner) if w.id == webhook_id)
    return render(request, "webhook_log.html", {"hook": hook, "rows": rows, "scope": scope})
