"""The one place that reads the wall clock. Pass a Clock down; tests pass a FixedClock.

``MYNEWS_CLOCK`` chooses the clock a running instance uses (``clock_from_setting``): real time by
default, or the news' own time for replays and the demo corpus:

- ``real`` (or empty): wall-clock time in UTC;
- ``2020-12-31T18:00:00Z`` or ``start:2020-12-31T18:00:00Z``: starts at that instant when the
  process starts and moves on in real time;
- ``fixed:2020-12-31T18:00:00Z``: stands still at that instant (until ``set_to`` moves it, which
  replays use);
- ``offset:-30d`` (``s``, ``m``, ``h``, ``d`` or ``w``; or an ISO 8601 duration such as
  ``offset:-P30DT6H``): real time shifted by that much.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta


class Clock:
    """Wall-clock time in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def describe(self) -> str:
        return "real"


@dataclass
class FixedClock(Clock):
    """A clock that only moves when told to (for tests and replays)."""

    at: datetime = field(default_factory=lambda: datetime(2026, 1, 1, tzinfo=UTC))

    def now(self) -> datetime:
        return self.at

    def advance(self, **kwargs: float) -> None:
        self.at = self.at + timedelta(**kwargs)

    def set_to(self, at: datetime) -> None:
        self.at = utc(at)

    def describe(self) -> str:
        return f"fixed:{self.at.isoformat()}"


class OffsetClock(Clock):
    """Real time shifted by a fixed amount: the news' own time moving at the wall clock's pace."""

    def __init__(self, offset: timedelta) -> None:
        self._offset = offset
        self._lock = threading.Lock()

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def set_to(self, at: datetime) -> None:
        with self._lock:
            self._offset = utc(at) - datetime.now(UTC)

    def describe(self) -> str:
        return f"offset:{self._offset.total_seconds():+.0f}s"


def utc(dt: datetime) -> datetime:
    """Return ``dt`` as an aware UTC datetime (naive values are taken to be UTC)."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant (``Z`` or an offset; a bare date is midnight UTC)."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    return utc(datetime.fromisoformat(value))


_SHORT = re.compile(r"^([+-]?)(\d+(?:\.\d+)?)([smhdw])$")
_ISO = re.compile(
    r"^([+-]?)P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> timedelta:
    """``-30d``, ``+2h``, ``90s`` or an ISO 8601 duration (``-P30DT6H``)."""
    value = text.strip().upper()
    short = _SHORT.match(text.strip().lower())
    if short:
        sign = -1 if short.group(1) == "-" else 1
        return sign * timedelta(**{_UNITS[short.group(3)]: float(short.group(2))})
    iso = _ISO.match(value)
    if iso and any(iso.group(i) for i in range(2, 7)):
        sign = -1 if iso.group(1) == "-" else 1
        weeks, days, hours, minutes, seconds = (float(iso.group(i) or 0) for i in range(2, 7))
        return sign * timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    raise ValueError(f"not a duration: {text!r} (try -30d, +2h or -P30DT6H)")


def clock_from_setting(setting: str | None) -> Clock:
    """The clock ``MYNEWS_CLOCK`` asks for (see the module docstring); raises ValueError if unclear."""
    value = (setting or "").strip()
    if value.lower() in {"", "real"}:
        return Clock()
    kind, _, rest = value.partition(":")
    kind = kind.lower()
    if kind == "fixed" and rest:
        return FixedClock(parse_instant(rest))
    if kind == "offset" and rest:
        return OffsetClock(parse_duration(rest))
    if kind == "start" and rest:
        return OffsetClock(parse_instant(rest) - datetime.now(UTC))
    try:
        return OffsetClock(parse_instant(value) - datetime.now(UTC))
    except ValueError:
        raise ValueError(
            f"MYNEWS_CLOCK={value!r}: expected real, an ISO instant, fixed:<instant>, "
            "start:<instant> or offset:<duration>"
        ) from None
