"""Reader pages for alerts: add or remove an Apprise channel, choose per follow how to be
alerted, quiet hours (forms on /settings/delivery), and "Alerts sent" (/alerts)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mynews.core.errors import AppError
from mynews.http import auth
from mynews.http.params import Id
from mynews.services.delivery import alert_channels, alerts, preferences
from mynews.web.delivery_settings import page
from mynews.web.readers import render, to_signin

router = APIRouter(include_in_schema=False)


@router.post("/settings/delivery/channels", response_class=HTMLResponse)
async def add_channel(request: Request, url: Annotated[str, Form()]) -> Response:
    reader = await auth.require_reader(request)
    try:
        view = alert_channels.add_channel(request.app.state.ctx, reader.id, url)
    except AppError as err:
        return page(request, reader.id, error=err.message, status=err.status)
    return page(request, reader.id, message=f"Alerts will go to {view.label}.")


@router.post("/settings/delivery/channels/{channel_id}/remove")
async def remove_channel(request: Request, channel_id: Id) -> Response:
    reader = await auth.require_reader(request)
    alert_channels.remove_channel(request.app.state.ctx, reader.id, channel_id)
    return RedirectResponse("/settings/delivery#alerts", status_code=303)


@router.post("/settings/delivery/rules", response_class=HTMLResponse)
async def set_rule(
    request: Request,
    kind: Annotated[str, Form()],
    key: Annotated[str, Form()],
    mode: Annotated[str, Form()] = "",
) -> Response:
    reader = await auth.require_reader(request)
    try:
        alert_channels.set_rule(request.app.state.ctx, reader.id, kind, key, mode or None)
    except AppError as err:
        return page(request, reader.id, error=err.message, status=err.status)
    return RedirectResponse("/settings/delivery#alerts", status_code=303)


@router.post("/settings/delivery/quiet", response_class=HTMLResponse)
async def quiet_hours(
    request: Request, start: Annotated[str, Form()] = "", end: Annotated[str, Form()] = ""
) -> Response:
    reader = await auth.require_reader(request)
    try:
        preferences.set_quiet_hours(
            request.app.state.ctx, reader.id, int(start) if start else None, int(end) if end else None
        )
    except (AppError, ValueError) as err:
        message = err.message if isinstance(err, AppError) else "quiet hours are hours 0..23"
        return page(request, reader.id, error=message, status=400)
    return page(request, reader.id, message="Quiet hours saved.")


@router.get("/alerts", response_class=HTMLResponse)
def alerts_sent(request: Request, cursor: str | None = None) -> Response:
    reader = auth.current_reader(request)
    if reader is None:
        return to_signin(request)
    sent = alerts.sent(request.app.state.ctx, reader.id, cursor=cursor)
    return render(request, "alerts_sent.html", {"page": sent})
