"""/api/v1/delivery/alerts: a reader's alert channels (Apprise URLs), which follows alert them and
how, quiet hours, and the alerts sent."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request, Response

from mynews.api.delivery_schemas import (
    AlertOut,
    AlertPageOut,
    ChannelIn,
    ChannelOut,
    QuietIn,
    QuietOut,
    RuleIn,
    RuleOut,
)
from mynews.api.readers import Reader
from mynews.http.params import Id, Limit
from mynews.services.delivery import alert_channels, alerts, preferences

router = APIRouter(prefix="/api/v1/delivery/alerts", tags=["delivery"])


@router.get("/channels", response_model=list[ChannelOut])
def list_channels(request: Request, reader: Reader) -> list[ChannelOut]:
    return [ChannelOut(**asdict(c)) for c in alert_channels.channels(request.app.state.ctx, reader.id)]


@router.post("/channels", response_model=ChannelOut, status_code=201)
def add_channel(request: Request, reader: Reader, body: ChannelIn) -> ChannelOut:
    """Add an Apprise URL (its service must be allowed here; a host it names must be public)."""
    return ChannelOut(**asdict(alert_channels.add_channel(request.app.state.ctx, reader.id, body.url)))


@router.delete("/channels/{channel_id}", status_code=204)
def remove_channel(request: Request, reader: Reader, channel_id: Id) -> Response:
    alert_channels.remove_channel(request.app.state.ctx, reader.id, channel_id)
    return Response(status_code=204)


@router.get("/rules", response_model=list[RuleOut])
def list_rules(request: Request, reader: Reader) -> list[RuleOut]:
    """Every follow with its alert mode (null: no alerts)."""
    return [RuleOut(**asdict(r)) for r in alert_channels.rules(request.app.state.ctx, reader.id)]


@router.put("/rules", response_model=RuleOut)
def put_rule(request: Request, reader: Reader, body: RuleIn) -> RuleOut:
    view = alert_channels.set_rule(request.app.state.ctx, reader.id, body.kind, body.key, body.mode)
    return RuleOut(**asdict(view))


@router.get("/quiet", response_model=QuietOut)
def get_quiet(request: Request, reader: Reader) -> QuietOut:
    p = preferences.get(request.app.state.ctx, reader.id)
    return QuietOut(start=p.quiet_start, end=p.quiet_end, timezone=p.timezone)


@router.put("/quiet", response_model=QuietOut)
def put_quiet(request: Request, reader: Reader, body: QuietIn) -> QuietOut:
    p = preferences.set_quiet_hours(request.app.state.ctx, reader.id, body.start, body.end)
    return QuietOut(start=p.quiet_start, end=p.quiet_end, timezone=p.timezone)


@router.get("/sent", response_model=AlertPageOut)
def sent(request: Request, reader: Reader, cursor: str | None = None, limit: Limit = 30) -> AlertPageOut:
    page = alerts.sent(request.app.state.ctx, reader.id, cursor=cursor, limit=limit)
    return AlertPageOut(
        items=[AlertOut(**{**asdict(a), "matched": list(a.matched)}) for a in page.items],
        next_cursor=page.next_cursor,
    )
