"""Build the running pieces from Settings, once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from huey import Huey

from mynews.core.clock import Clock, clock_from_setting
from mynews.core.settings import Settings
from mynews.services.context import Context
from mynews.store.db import Database
from mynews.store.schema import ensure_current
from mynews.workers.inline import InlineQueue
from mynews.workers.queue import HueyQueue, make_huey, register


@dataclass
class Container:
    settings: Settings
    ctx: Context
    huey: Huey | None
    queue: HueyQueue | None


def secret_key(settings: Settings) -> str:
    """The configured key, or one generated once and kept in the data folder."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def build(
    settings: Settings, *, check_schema: bool = True, inline: bool = False, clock: Clock | None = None
) -> Container:
    """Wire settings to a database, a context and a task queue (huey, or inline for CLI work)."""
    if not settings.secret_key:  # keyed hashes (app passwords) need the key the app signs with
        settings = settings.model_copy(update={"secret_key": secret_key(settings)})
    db = Database(settings.resolved_database_url(), busy_timeout=settings.db_busy_timeout)
    if check_schema:
        ensure_current(db.engine, db.url)
    ctx = Context(db=db, settings=settings, clock=clock or clock_from_setting(settings.clock))
    ctx.secret_key = secret_key(settings)
    if inline:
        ctx.queue = InlineQueue(ctx)
        return Container(settings, ctx, None, None)
    huey = make_huey(settings)
    queue = register(huey, ctx)
    ctx.queue = queue
    return Container(settings, ctx, huey, queue)
