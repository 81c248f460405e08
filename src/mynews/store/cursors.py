"""Opaque keyset cursors: ``(sort value, id)`` encoded as URL-safe text."""

from __future__ import annotations

import base64
import json
from datetime import datetime

from sqlalchemy import Select, and_, or_

from mynews.core.errors import BadInput
from mynews.store.models import Article


def encode(value: datetime | float | str | None, row_id: int) -> str:
    payload = value.isoformat() if isinstance(value, datetime) else value
    raw = json.dumps([payload, row_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[object, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, row_id = json.loads(raw)
        return value, int(row_id)
    except (ValueError, TypeError) as exc:
        raise BadInput("invalid cursor", code="bad_cursor") from exc


def decode_time(cursor: str) -> tuple[datetime, int]:
    value, row_id = decode(cursor)
    if not isinstance(value, str):
        raise BadInput("invalid cursor", code="bad_cursor")
    try:
        return datetime.fromisoformat(value), row_id
    except ValueError as exc:
        raise BadInput("invalid cursor", code="bad_cursor") from exc


def newest_first(query: Select, before: tuple[datetime, int] | None, limit: int) -> Select:
    """Order a query of articles newest first and start after ``before`` (keyset on published, id)."""
    if before is not None:
        at, row_id = before
        query = query.where(
            or_(Article.published_at < at, and_(Article.published_at == at, Article.id < row_id))
        )
    return query.order_by(Article.published_at.desc(), Article.id.desc()).limit(limit)
