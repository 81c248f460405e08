"""The reader's delivery page (/settings/delivery): e-mail digest schedule and time zone; its
alert and webhook forms post to ``web.alert_pages`` and ``web.webhook_pages``. The one-click
unsubscribe endpoint of digests (RFC 8058) is ``web.unsubscribe``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from mynews.core.errors import AppError
from mynews.http import auth
from mynews.http.params import Id
from mynews.services.delivery import alert_channels, outbox, periods, preferences, webhooks
from mynews.web.readers import render, to_signin

router = APIRouter(include_in_schema=False)


def page(request: Request, reader_id: Id, **extra: object) -> HTMLResponse:
    ctx = request.app.state.ctx
    data: dict[str, object] = {
        "prefs": preferences.get(ctx, reader_id),
        "digests": outbox.history(ctx, reader_id, limit=10),
        "weekdays": periods.WEEKDAYS,
        "zones": periods.zone_names(),
        "smtp_ready": bool(ctx.settings.smtp_host),
        "channels": alert_channels.channels(ctx, reader_id),
        "rules": alert_channels.rules(ctx, reader_id),
        "schemes": ctx.settings.apprise_schemes,
        "webhooks": webhooks.listing(ctx, reader_id),
        "events": webhooks.EVENTS,
        "new_webhook": None,
        "message": None,
        "error": None,
        **extra,
    }
    status = int(str(data.pop("status", 200)))
    return render(request, "delivery_settings.html", data, status=status)


@router.get("/settings/delivery", response_class=HTMLResponse)
def delivery_page(request: Request) -> Response:
    reader = auth.current_reader(request)
    if reader is None:
        return to_signin(request)
    return page(request, reader.id)


@router.post("/settings/delivery/digest", response_class=HTMLResponse)
async def save_digest(
    request: Request,
    frequency: Annotated[str, Form()],
    hour: Annotated[int, Form()] = 7,
    weekday: Annotated[int, Form()] = 0,
    timezone: Annotated[str, Form()] = "UTC",
) -> Response:
    reader = await auth.require_reader(request)
    try:
        preferences.set_digest(
            request.app.state.ctx,
            reader.id,
            frequency=frequency,
            hour=hour,
            weekday=weekday,
            timezone=timezone,
        )
    except AppError as err:
        return page(request, reader.id, error=err.message, status=err.status)
    said = "E-mail digest turned off." if frequency == "off" else f"Your {frequency} digest is set."
    return page(request, reader.id, message=said)
