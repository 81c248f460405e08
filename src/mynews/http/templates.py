"""Jinja2 templates with the helpers every page uses: CSRF, the reader, times relative to the
instance's clock, the reader's theme and density (cookies, so the first paint is right), and
the demo banner when the instance lives on another clock."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates

from mynews.core.clock import Clock
from mynews.http import auth, csrf
from mynews.ingest.web_urls import web_url

THEMES = ("light", "dark", "system")
DENSITIES = ("comfortable", "compact")


def make_templates(folder: Path, clock: Clock | None = None) -> Jinja2Templates:
    """Templates in ``folder``; relative times are told against ``clock`` (the instance's)."""
    templates = Jinja2Templates(directory=str(folder))
    now = (clock or Clock()).now
    env = templates.env
    env.globals["csrf_token"] = csrf.token
    env.globals["csrf_field"] = csrf.FIELD
    env.globals["current_reader"] = auth.current_reader
    env.globals["theme"] = theme
    env.globals["density"] = density
    env.globals["as_of"] = as_of
    env.filters["when"] = _when
    env.filters["ago"] = lambda value: ago(value, now())
    env.filters["full_time"] = full_time
    env.globals["date_span"] = date_span
    env.globals["asset_version"] = asset_version(folder.parent / "static")
    env.filters["web_url"] = web_url  # href/src from stored data: http(s) or nothing
    return templates


def asset_version(static: Path) -> str:
    """A short hash of the stylesheet and script, so browsers fetch them again after a change."""
    import hashlib

    digest = hashlib.sha256()
    for name in ("app.css", "app.js"):
        path = static / name
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:10]


def theme(request: Any) -> str:
    value = request.cookies.get("theme", "system")
    return value if value in THEMES else "system"


def density(request: Any) -> str:
    value = request.cookies.get("density", "comfortable")
    return value if value in DENSITIES else "comfortable"


def as_of(request: Any) -> datetime | None:
    """The instance's time when it does not live in real time (a replay, the demo corpus)."""
    settings = request.app.state.settings
    if (settings.clock or "real").strip().lower() in ("", "real"):
        return None
    return request.app.state.ctx.clock.now()


def _when(value: datetime | None) -> str:
    return full_time(value) if value else "—"


def date_only(value: datetime) -> bool:
    """Items known only by their day are stored at 12:00:00 UTC: they get no invented time."""
    return (value.hour, value.minute, value.second, value.microsecond) == (12, 0, 0, 0)


def full_time(value: datetime | None) -> str:
    if value is None:
        return ""
    day = f"{value.day} {value:%B %Y}"
    return day if date_only(value) else f"{day}, {value:%H:%M} UTC"


def date_span(first: datetime | None, last: datetime | None) -> str:
    """Two dates as one short span: "7–9 May 2012", "22 Aug – 5 Sep 2020", "30 Dec 2019 – 2 Jan
    2020"; one day alone when both fall on it."""
    if first is None or last is None:
        one = first or last
        return f"{one.day} {one:%b %Y}" if one else ""
    first, last = min(first, last), max(first, last)
    if first.date() == last.date():
        return f"{first.day} {first:%b %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def ago(value: datetime | None, now: datetime) -> str:
    """ "3 h ago", "yesterday", "4 days ago", then the date; relative to the instance's clock."""
    if value is None:
        return ""
    seconds = (now - value).total_seconds()
    days = (now.date() - value.date()).days
    if date_only(value):
        if days <= 0:
            return "today"
        return "yesterday" if days == 1 else _days(days, value, now)
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return "yesterday" if days == 1 else _days(days, value, now)


def _days(days: int, value: datetime, now: datetime) -> str:
    if days < 7:
        return f"{days} days ago"
    return f"{value.day} {value:%b}" if value.year == now.year else f"{value.day} {value:%b %Y}"
