"""Load with wrk on a real `mynews serve` over loopback: publishers push while the in-process
worker understands what they pushed (spaCy and the sentence embedder) and readers read For you,
for 30 seconds in `make test` (``MYNEWS_LOAD_SECONDS=60`` for the documented minute). Not one error; For you's p99 is printed and held under a functional bound."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from mynews.app.container import build
from mynews.core.settings import Settings
from mynews.services.ingestion.push import create_push_source
from mynews.services.readers import accounts, follows
from mynews.store.db import Database
from mynews.store.models import Article
from mynews.store.schema import upgrade
from tests.hardening.served import Served, base_env
from tests.hardening.wrk import mixed
from tests.readers.news import load_news

SECONDS = int(os.environ.get("MYNEWS_LOAD_SECONDS", "30"))  # make bench runs it for 60
FOR_YOU_P99_BOUND_MS = 2500.0  # functional bound on a shared 2-core machine; the figure is printed


def prepare(data_dir: Path) -> tuple[str, str]:
    """150 real articles with topics, a reader who follows the biggest topic (their token) and a
    publisher (its push token)."""
    settings = Settings(data_dir=data_dir, enrich_enabled=False, _env_file=None)  # type: ignore[call-arg]
    data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.resolved_database_url())
    ctx = build(settings, inline=True).ctx
    news = load_news(ctx)
    reader = accounts.sign_up(ctx, "load@example.org", "correct horse battery")
    follows.set_follow(ctx, reader.id, "topic", max(news, key=lambda k: len(news[k])))
    _, reader_token = accounts.create_token(ctx, reader.id, "load")
    _, publisher_token = create_push_source(ctx, "Load Test Wire")
    ctx.db.dispose()
    return reader_token, publisher_token


def counts(db: Database) -> tuple[int, int]:
    with db.reading() as session:
        ready = session.scalar(select(func.count(Article.id)).where(Article.status == "ready"))
        pending = session.scalar(select(func.count(Article.id)).where(Article.status == "pending"))
    return int(ready or 0), int(pending or 0)


def wait_until_processed(db: Database, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if counts(db)[1] == 0:
            return True
        time.sleep(0.5)
    return False


@pytest.mark.slow
def test_pushes_processing_and_for_you_under_wrk(tmp_path: Path) -> None:
    assert shutil.which("wrk"), "wrk is installed by scripts/system-deps"
    data_dir = tmp_path / "var"
    reader_token, publisher_token = prepare(data_dir)
    env = base_env(data_dir, MYNEWS_ENRICH_ENABLED="true", MYNEWS_WORKERS_IN_PROCESS="2")
    db = Database(Settings(data_dir=data_dir, _env_file=None).resolved_database_url())  # type: ignore[call-arg]
    with Served("serve", env, tmp_path / "server.log") as server:
        warm = httpx.post(
            f"{server.url}/api/v1/articles",
            json={"id": "warm-up", "title": "Warm-up", "text": "The models load with this one."},
            headers={"authorization": f"Bearer {publisher_token}"},
            timeout=30,
        )
        assert warm.status_code == 202
        assert wait_until_processed(db, 120), "the worker did not load its models in time"
        ready_before, _ = counts(db)
        for_you, pushes = mixed(
            server.url, reader_token=reader_token, publisher_token=publisher_token, seconds=SECONDS
        )
        ready_during, pending_after = counts(db)
    print(f"\nwrk against `mynews serve` (in-process worker, real models), {SECONDS} s, loopback:")
    print(f"  {for_you.line()}\n  {pushes.line()}")
    print(
        f"  articles understood during the run: {ready_during - ready_before}; "
        f"still queued at the end: {pending_after}"
    )
    log = (tmp_path / "server.log").read_text()
    assert for_you.errors == 0 and pushes.errors == 0
    assert for_you.requests > 0 and pushes.requests > 0
    assert ready_during > ready_before  # the worker understood articles while readers read
    assert for_you.p99_ms < FOR_YOU_P99_BOUND_MS
    assert "database is locked" not in log and "Traceback" not in log
    db.dispose()
