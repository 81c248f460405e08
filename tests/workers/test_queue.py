"""Background tasks on a real huey queue: SQLite storage with an in-process consumer, and Redis."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
from huey import PriorityRedisHuey

from mynews.core.clock import Clock
from mynews.core.settings import Settings
from mynews.services.context import Context
from mynews.store.db import Database
from mynews.workers.queue import make_huey, register, start_in_process
from tests.feedserver import FeedServer, Route

FEEDS = Path(__file__).parents[1] / "data" / "feeds"


def _wait(predicate, seconds: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _run_refresh_through(huey, db: Database, settings: Settings, feedserver: FeedServer) -> None:  # type: ignore[no-untyped-def]
    from mynews.services.ingestion.catalog import add_source
    from mynews.services.reading.articles import latest

    ctx = Context(db=db, settings=settings, clock=Clock())
    ctx.queue = register(huey, ctx)
    consumer = start_in_process(huey, workers=2)
    try:
        url = feedserver.route("/feed.xml", Route(body=(FEEDS / "rsparser__macworld.rss").read_bytes()))
        add_source(ctx, url, full_text=False, discover=False, allow_internal=True)
        assert _wait(lambda: len(latest(ctx, limit=100).items) == 30)
    finally:
        consumer.stop(graceful=True)


def test_sqlite_queue_runs_refresh_then_processing_tasks(
    db: Database, settings: Settings, feedserver: FeedServer
) -> None:
    _run_refresh_through(make_huey(settings), db, settings, feedserver)


def test_redis_queue_runs_the_same_tasks(db: Database, settings: Settings, feedserver: FeedServer) -> None:
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    client.ping()
    huey = PriorityRedisHuey(f"mynews-test-{uuid.uuid4().hex}", url="redis://127.0.0.1:6379/0")
    try:
        _run_refresh_through(huey, db, settings, feedserver)
    finally:
        huey.flush()
