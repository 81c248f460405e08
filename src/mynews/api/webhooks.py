"""/api/v1/webhooks: a reader's webhooks and their delivery logs; /api/v1/admin/webhooks: the
operator's global webhooks (the same operations, owner None)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from mynews.api.delivery_schemas import WebhookDeliveryOut, WebhookIn, WebhookOut
from mynews.api.readers import Reader, reader_dep
from mynews.http.auth import require_admin
from mynews.http.params import Id, Limit
from mynews.services.delivery import webhooks
from mynews.services.readers.accounts import ReaderView

router = APIRouter(prefix="/api/v1", tags=["delivery"])


async def _admin(request: Request, _reader: Annotated[ReaderView, Depends(reader_dep)]) -> ReaderView:
    return await require_admin(request)


Admin = Annotated[ReaderView, Depends(_admin)]


def _out(view: webhooks.WebhookView) -> WebhookOut:
    return WebhookOut(**{**asdict(view), "events": list(view.events)})


def _log(
    request: Request, owner: int | None, webhook_id: Id, before_id: Id | None, limit: int
) -> list[WebhookDeliveryOut]:
    rows = webhooks.deliveries(request.app.state.ctx, owner, webhook_id, before_id=before_id, limit=limit)
    return [WebhookDeliveryOut(**asdict(d)) for d in rows]


@router.get("/webhooks", response_model=list[WebhookOut])
def list_webhooks(request: Request, reader: Reader) -> list[WebhookOut]:
    return [_out(w) for w in webhooks.listing(request.app.state.ctx, reader.id)]


@router.post("/webhooks", response_model=WebhookOut, status_code=201)
def create_webhook(request: Request, reader: Reader, body: WebhookIn) -> WebhookOut:
    """Create a webhook (events: article.matched, story.big, article.saved); the answer carries
    its signing secret. 400 ``bad_webhook_url`` for URLs the SSRF guard refuses."""
    return _out(webhooks.create(request.app.state.ctx, reader.id, body.url, body.events))


@router.delete("/webhooks/{webhook_id}", status_code=204)
def delete_webhook(request: Request, reader: Reader, webhook_id: Id) -> Response:
    webhooks.delete(request.app.state.ctx, reader.id, webhook_id)
    return Response(status_code=204)


@router.post("/webhooks/{webhook_id}/enable", response_model=WebhookOut)
def enable_webhook(request: Request, reader: Reader, webhook_id: Id) -> WebhookOut:
    """Turn a webhook that was disabled after repeated failures back on."""
    return _out(webhooks.enable(request.app.state.ctx, reader.id, webhook_id))


@router.get("/webhooks/{webhook_id}/deliveries", response_model=list[WebhookDeliveryOut])
def webhook_log(
    request: Request, reader: Reader, webhook_id: Id, before_id: Id | None = None, limit: Limit = 30
) -> list[WebhookDeliveryOut]:
    """The delivery log, newest first: status, tries, the last answer (HTTP status, short body)."""
    return _log(request, reader.id, webhook_id, before_id, limit)


@router.get("/admin/webhooks", response_model=list[WebhookOut])
def list_global(request: Request, _admin: Admin) -> list[WebhookOut]:
    return [_out(w) for w in webhooks.listing(request.app.state.ctx, None)]


@router.post("/admin/webhooks", response_model=WebhookOut, status_code=201)
def create_global(request: Request, _admin: Admin, body: WebhookIn) -> WebhookOut:
    """A global webhook: every reader's matched articles and saves, every big story."""
    return _out(webhooks.create(request.app.state.ctx, None, body.url, body.events))


@router.delete("/admin/webhooks/{webhook_id}", status_code=204)
def delete_global(request: Request, _admin: Admin, webhook_id: Id) -> Response:
    webhooks.delete(request.app.state.ctx, None, webhook_id)
    return Response(status_code=204)


@router.post("/admin/webhooks/{webhook_id}/enable", response_model=WebhookOut)
def enable_global(request: Request, _admin: Admin, webhook_id: Id) -> WebhookOut:
    return _out(webhooks.enable(request.app.state.ctx, None, webhook_id))


@router.get("/admin/webhooks/{webhook_id}/deliveries", response_model=list[WebhookDeliveryOut])
def global_log(
    request: Request, _admin: Admin, webhook_id: Id, before_id: Id | None = None, limit: Limit = 30
) -> list[WebhookDeliveryOut]:
    return _log(request, None, webhook_id, before_id, limit)
