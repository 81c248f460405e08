"""Settings → Reader apps: app passwords for the sync APIs (create, list, revoke) and what to
paste into an app (server address, user name, which API)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mynews.http import auth
from mynews.http.params import Id
from mynews.services.delivery import app_passwords
from mynews.web.readers import render, to_signin

router = APIRouter(include_in_schema=False)


def _page(request: Request, reader_id: Id, email: str, new_password: str | None = None) -> HTMLResponse:
    base = str(request.base_url).rstrip("/")
    data = {
        "passwords": app_passwords.listing(request.app.state.ctx, reader_id),
        "new_password": new_password,
        "base": base,
        "email": email,
        "enabled": request.app.state.settings.sync_enabled,
    }
    return render(request, "reader_apps.html", data)


@router.get("/settings/apps", response_class=HTMLResponse)
def apps_page(request: Request) -> Response:
    reader = auth.current_reader(request)
    if reader is None:
        return to_signin(request)
    return _page(request, reader.id, reader.email)


@router.post("/settings/apps", response_class=HTMLResponse)
async def create(request: Request, name: Annotated[str, Form()] = "app") -> Response:
    reader = await auth.require_reader(request)
    _, raw = app_passwords.create(request.app.state.ctx, reader.id, reader.email, name)
    return _page(request, reader.id, reader.email, new_password=raw)


@router.post("/settings/apps/{password_id}/revoke")
async def revoke(request: Request, password_id: Id) -> Response:
    reader = await auth.require_reader(request)
    app_passwords.revoke(request.app.state.ctx, reader.id, password_id)
    return RedirectResponse("/settings/apps", status_code=303)
