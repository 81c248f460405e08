"""Reading the HTTP Retry-After header (delta seconds or an HTTP date)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

MAX_RETRY_AFTER = 7 * 86400.0
"""Longer waits are capped: a typo in a header must not silence a source for a year."""


def parse_retry_after(value: str | None, date_header: str | None, now: datetime) -> float | None:
    """Seconds to wait, from ``Retry-After`` (seconds or an HTTP date), or None when absent/bad.

    An HTTP date is measured against the response's own ``Date`` header when there is one (so
    clock skew between us and the server does not matter), else against ``now``.
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    when = _http_date(value)
    if when is None:
        return None
    reference = _http_date(date_header) if date_header else None
    delta = (when - (reference or now.astimezone(UTC))).total_seconds()
    return min(max(delta, 0.0), MAX_RETRY_AFTER)


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
