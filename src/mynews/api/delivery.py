"""/api/v1/delivery: a reader's e-mail digest schedule and the digests sent; the operator's view
of failed digests. Same authentication as the rest of /api/v1 (Bearer token or cookie + CSRF)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from mynews.api.delivery_schemas import AdminDeliveryOut, AdminDigestOut, DigestIn, DigestOut, DigestSentOut
from mynews.api.readers import Reader, reader_dep
from mynews.http.auth import require_admin
from mynews.http.params import Limit
from mynews.services.delivery import outbox, preferences
from mynews.services.readers.accounts import ReaderView

router = APIRouter(prefix="/api/v1", tags=["delivery"])


def _digest(p: preferences.DeliveryPrefsView) -> DigestOut:
    return DigestOut(
        frequency=p.digest_frequency, hour=p.digest_hour, weekday=p.digest_weekday, timezone=p.timezone
    )


@router.get("/delivery/digest", response_model=DigestOut)
def get_digest(request: Request, reader: Reader) -> DigestOut:
    return _digest(preferences.get(request.app.state.ctx, reader.id))


@router.put("/delivery/digest", response_model=DigestOut)
def put_digest(request: Request, reader: Reader, body: DigestIn) -> DigestOut:
    """Set the e-mail digest: off, daily or weekly, at a local hour in a time zone."""
    view = preferences.set_digest(
        request.app.state.ctx,
        reader.id,
        frequency=body.frequency,
        hour=body.hour,
        weekday=body.weekday,
        timezone=body.timezone,
    )
    return _digest(view)


@router.get("/delivery/digests", response_model=list[DigestSentOut])
def digests_sent(request: Request, reader: Reader, limit: Limit = 20) -> list[DigestSentOut]:
    """The reader's digests, newest first."""
    views = outbox.history(request.app.state.ctx, reader.id, limit=limit)
    return [DigestSentOut(**{k: v for k, v in asdict(d).items() if k != "email"}) for d in views]


async def _admin(request: Request, _reader: Annotated[ReaderView, Depends(reader_dep)]) -> ReaderView:
    return await require_admin(request)


@router.get("/admin/delivery", response_model=AdminDeliveryOut)
def admin_delivery(request: Request, _admin: Annotated[ReaderView, Depends(_admin)]) -> AdminDeliveryOut:
    """For operators: digest counts by status and the digests that failed or are retrying."""
    ctx = request.app.state.ctx
    problems, counts = outbox.problems(ctx)
    return AdminDeliveryOut(
        smtp_configured=bool(ctx.settings.smtp_host),
        digest_counts=counts,
        digest_problems=[AdminDigestOut(**asdict(d)) for d in problems],
    )
