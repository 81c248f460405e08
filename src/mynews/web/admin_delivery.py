"""The operator's delivery page (/admin/delivery): the mail server in use, digest counts, every
digest that failed for good (a permanent 5xx) or is retrying after an error, and the global
webhooks (their forms post to ``web.webhook_pages``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from mynews.http.auth import require_admin
from mynews.services.delivery import outbox, webhooks
from mynews.web.readers import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_admin)])


def page(request: Request, **extra: object) -> HTMLResponse:
    ctx = request.app.state.ctx
    problems, counts = outbox.problems(ctx)
    settings = ctx.settings
    data: dict[str, object] = {
        "problems": problems,
        "counts": counts,
        "smtp": f"{settings.smtp_host}:{settings.smtp_port} ({settings.smtp_security})"
        if settings.smtp_host
        else None,
        "webhooks": webhooks.listing(ctx, None),
        "events": webhooks.EVENTS,
        "schemes": settings.apprise_schemes,
        "new_webhook": None,
        "message": None,
        "error": None,
        **extra,
    }
    status = int(str(data.pop("status", 200)))
    return render(request, "admin_delivery.html", data, status=status)


@router.get("/admin/delivery", response_class=HTMLResponse)
def delivery_page(request: Request) -> Response:
    return page(request)
