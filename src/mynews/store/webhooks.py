"""Webhooks and their delivery outbox (which is also the delivery log). Rows are scoped by owner:
a reader's webhooks by ``reader_id``, the operator's global ones by ``reader_id IS NULL``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mynews.store.delivery_models import Webhook, WebhookDelivery


def _owned(reader_id: int | None) -> ColumnElement[bool]:
    return Webhook.reader_id.is_(None) if reader_id is None else Webhook.reader_id == reader_id


def add(session: Session, **fields: object) -> Webhook:
    row = Webhook(**fields)
    session.add(row)
    session.flush()
    return row


def owned(session: Session, reader_id: int | None) -> list[Webhook]:
    return list(session.scalars(select(Webhook).where(_owned(reader_id)).order_by(Webhook.id)))


def get_owned(session: Session, reader_id: int | None, webhook_id: int) -> Webhook | None:
    return session.scalar(select(Webhook).where(Webhook.id == webhook_id, _owned(reader_id)))


def remove(session: Session, reader_id: int | None, webhook_id: int) -> bool:
    result = session.execute(delete(Webhook).where(Webhook.id == webhook_id, _owned(reader_id)))
    return bool(getattr(result, "rowcount", 0))


def subscribed(
    session: Session, event: str, reader_ids: list[int], *, global_too: bool = True
) -> list[Webhook]:
    """Enabled webhooks of these readers (and the global ones) that take ``event``."""
    owners = [Webhook.reader_id.in_(reader_ids)] if reader_ids else []
    if global_too:
        owners.append(Webhook.reader_id.is_(None))
    if not owners:
        return []
    rows = session.scalars(select(Webhook).where(Webhook.enabled.is_(True), or_(*owners)))
    return [w for w in rows if event in (w.events or [])]


def enqueue(session: Session, row: WebhookDelivery) -> bool:
    """Add one delivery unless this webhook has this event already (idempotent)."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def due_ids(session: Session, now: datetime, *, limit: int) -> list[int]:
    query = (
        select(WebhookDelivery.id)
        .where(
            WebhookDelivery.status == "pending",
            WebhookDelivery.next_attempt_at <= now,
            or_(WebhookDelivery.lease_until.is_(None), WebhookDelivery.lease_until < now),
        )
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def claim(session: Session, delivery_id: int, now: datetime, lease_until: datetime) -> WebhookDelivery | None:
    result = session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.status == "pending",
            or_(WebhookDelivery.lease_until.is_(None), WebhookDelivery.lease_until < now),
        )
        .values(lease_until=lease_until, attempts=WebhookDelivery.attempts + 1, last_attempt_at=now)
    )
    if not getattr(result, "rowcount", 0):
        return None
    return session.get(WebhookDelivery, delivery_id, populate_existing=True)


def record(session: Session, delivery_id: int, **fields: object) -> None:
    session.execute(
        update(WebhookDelivery).where(WebhookDelivery.id == delivery_id).values(lease_until=None, **fields)
    )


def deliveries(
    session: Session, webhook_id: int, *, before_id: int | None, limit: int
) -> list[WebhookDelivery]:
    query = select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
    if before_id is not None:
        query = query.where(WebhookDelivery.id < before_id)
    return list(session.scalars(query.order_by(WebhookDelivery.id.desc()).limit(limit)))


def cancel_pending(session: Session, webhook_id: int, reason: str) -> None:
    session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == webhook_id, WebhookDelivery.status == "pending")
        .values(status="failed", last_error=reason, lease_until=None)
    )
