"""When a digest is due: the period (a local day or an ISO week) whose send time, at the
reader's hour in the reader's time zone, has most recently passed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from mynews.core.errors import BadInput

FREQUENCIES = ("off", "daily", "weekly")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Period:
    key: str  # 2026-01-15 (daily) or 2026-W03 (weekly)
    scheduled_at: datetime  # UTC
    length: timedelta
    label: str  # for people, in the reader's time zone


def zone(name: str) -> ZoneInfo:
    if name not in _zone_names():
        raise BadInput(f"unknown time zone {name!r} (use a name such as Europe/Paris)", code="bad_timezone")
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError as exc:
        raise BadInput(f"unknown time zone {name!r}", code="bad_timezone") from exc


def _zone_names() -> set[str]:
    global _ZONES
    if not _ZONES:
        _ZONES = set(available_timezones()) | {"UTC"}
    return _ZONES


_ZONES: set[str] = set()


def zone_names() -> list[str]:
    return sorted(_zone_names())


def latest_period(now: datetime, *, frequency: str, hour: int, weekday: int, timezone: str) -> Period | None:
    """The period whose send time is the latest at or before ``now``; None when digests are off."""
    if frequency == "off":
        return None
    tz = zone(timezone)
    local = now.astimezone(tz)
    if frequency == "daily":
        day = local.date()
        if _at(day, hour, tz) > now:
            day -= timedelta(days=1)
        return Period(day.isoformat(), _at(day, hour, tz), timedelta(days=1), label_for(day.isoformat()))
    day = local.date() - timedelta(days=(local.weekday() - weekday) % 7)
    if _at(day, hour, tz) > now:
        day -= timedelta(days=7)
    year, week, _ = day.isocalendar()
    key = f"{year}-W{week:02d}"
    return Period(key, _at(day, hour, tz), timedelta(days=7), label_for(key))


def of_key(key: str, scheduled_at: datetime) -> Period:
    """The period of a stored outbox row."""
    weekly = "-W" in key
    return Period(key, scheduled_at, timedelta(days=7 if weekly else 1), label_for(key))


def label_for(key: str) -> str:
    """For people: "Thursday 15 January 2026", or "week 3 of 2026"."""
    if "-W" in key:
        year, week = key.split("-W")
        return f"week {int(week)} of {year}"
    day = date.fromisoformat(key)
    return f"{WEEKDAYS[day.weekday()]} {day.day} {day:%B %Y}"


def _at(day: date, hour: int, tz: ZoneInfo) -> datetime:
    """``hour``:00 on ``day`` in ``tz``, as UTC (a time skipped by a DST change moves on an hour)."""
    local = datetime.combine(day, time(hour), tzinfo=tz)
    return local.astimezone(ZoneInfo("UTC"))


def check(frequency: str, hour: int, weekday: int) -> None:
    if frequency not in FREQUENCIES:
        raise BadInput(f"digest frequency must be one of {', '.join(FREQUENCIES)}", code="bad_frequency")
    if not 0 <= hour <= 23:
        raise BadInput("the digest hour must be 0..23", code="bad_hour")
    if not 0 <= weekday <= 6:
        raise BadInput("the weekday must be 0 (Monday) .. 6 (Sunday)", code="bad_weekday")
