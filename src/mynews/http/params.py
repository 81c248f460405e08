"""Query parameters shared by pages and the API."""

from __future__ import annotations

from datetime import UTC, datetime

from mynews.core.errors import BadInput


def parse_day(value: str | None) -> datetime | None:
    """``YYYY-MM-DD`` (midnight UTC) or a full ISO 8601 time; empty gives None."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise BadInput(f"not a date: {value!r} (use YYYY-MM-DD)") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
