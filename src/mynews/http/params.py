"""Query, path and body parameters shared by pages and the API (dates, bounded integers)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from annotated_types import Ge, Le

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


INT_MIN, INT_MAX = -(2**31), 2**31 - 1
"""The range of the database's integer columns (PostgreSQL INTEGER; SQLite holds more)."""

DbInt = Annotated[int, Ge(INT_MIN), Le(INT_MAX)]
"""Any integer that reaches the database: out of range is a 422, never a 500."""
Id = Annotated[int, Ge(0), Le(INT_MAX)]
"""A row id in a path, query or body."""
Limit = Annotated[int, Ge(1), Le(1000)]
"""A page size (services clamp it further)."""
Offset = Annotated[int, Ge(0), Le(INT_MAX)]
