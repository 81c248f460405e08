"""Use cases: a reader's delivery preferences — time zone, digest schedule (off, daily or weekly
at an hour) and quiet hours for alerts."""

from __future__ import annotations

from dataclasses import dataclass

from mynews.core.errors import BadInput
from mynews.services.context import Context
from mynews.services.delivery import periods
from mynews.store import digests as digest_rows
from mynews.store.delivery_models import DeliveryPrefs


@dataclass(frozen=True)
class DeliveryPrefsView:
    timezone: str = "UTC"
    digest_frequency: str = "off"
    digest_hour: int = 7
    digest_weekday: int = 0
    quiet_start: int | None = None
    quiet_end: int | None = None


def _view(row: DeliveryPrefs | None) -> DeliveryPrefsView:
    if row is None:
        return DeliveryPrefsView()
    return DeliveryPrefsView(
        row.timezone,
        row.digest_frequency,
        row.digest_hour,
        row.digest_weekday,
        row.quiet_start,
        row.quiet_end,
    )


def get(ctx: Context, reader_id: int) -> DeliveryPrefsView:
    with ctx.db.reading() as session:
        return _view(digest_rows.prefs(session, reader_id))


def set_digest(
    ctx: Context, reader_id: int, *, frequency: str, hour: int, weekday: int = 0, timezone: str = "UTC"
) -> DeliveryPrefsView:
    """Choose the digest schedule. Periods whose send time is already past when a digest is
    turned on (or changed) do not count: the first digest comes at the next send time."""
    periods.check(frequency, hour, weekday)
    periods.zone(timezone)
    now = ctx.clock.now()
    with ctx.db.transaction() as session:
        old = _view(digest_rows.prefs(session, reader_id))
        changed = (old.digest_frequency, old.digest_hour, old.digest_weekday, old.timezone) != (
            frequency,
            hour,
            weekday,
            timezone,
        )
        fields: dict[str, object] = {
            "digest_frequency": frequency,
            "digest_hour": hour,
            "digest_weekday": weekday,
            "timezone": timezone,
        }
        if changed:
            fields["digest_from"] = now
        return _view(digest_rows.put_prefs(session, reader_id, now, **fields))


def turn_off_digest(ctx: Context, reader_id: int) -> None:
    with ctx.db.transaction() as session:
        digest_rows.put_prefs(session, reader_id, ctx.clock.now(), digest_frequency="off")


def set_quiet_hours(
    ctx: Context, reader_id: int, start: int | None, end: int | None, *, timezone: str | None = None
) -> DeliveryPrefsView:
    """Alerts are held back from ``start``:00 to ``end``:00 local time (both None: never)."""
    if (start is None) != (end is None):
        raise BadInput("quiet hours need a start and an end (or neither)", code="bad_quiet_hours")
    if start is not None and end is not None and not (0 <= start <= 23 and 0 <= end <= 23 and start != end):
        raise BadInput("quiet hours are two different hours 0..23", code="bad_quiet_hours")
    fields: dict[str, object] = {"quiet_start": start, "quiet_end": end}
    if timezone is not None:
        periods.zone(timezone)
        fields["timezone"] = timezone
    with ctx.db.transaction() as session:
        return _view(digest_rows.put_prefs(session, reader_id, ctx.clock.now(), **fields))
