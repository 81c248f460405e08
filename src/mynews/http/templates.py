"""Jinja2 templates with the helpers every page uses."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fastapi.templating import Jinja2Templates

from mynews.http import auth, csrf


def make_templates(folder: Path) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(folder))
    env = templates.env
    env.globals["csrf_token"] = csrf.token
    env.globals["csrf_field"] = csrf.FIELD
    env.globals["current_reader"] = auth.current_reader
    env.filters["when"] = _when
    return templates


def _when(value: datetime | None) -> str:
    return value.strftime("%d %b %Y, %H:%M UTC") if value else "—"
