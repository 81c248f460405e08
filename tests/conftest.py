"""Shared fixtures (one registration each: a session fixture defined in two conftests runs
twice, and two Playwright instances in one process fail): a migrated throwaway database (SQLite, or PostgreSQL when
MYNEWS_TEST_DATABASE_URL says so), a service context, a live server on loopback, the feed server."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from mynews.core.clock import Clock
from mynews.core.settings import Settings
from mynews.services.context import Context
from mynews.store.db import Database
from mynews.store.models import Base
from mynews.store.schema import upgrade
from mynews.workers.inline import InlineQueue
from tests.conftest_feedserver import feedserver  # noqa: F401

DATA = Path(__file__).parent / "data"


def _worker(request: pytest.FixtureRequest) -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh database for this test process, migrated by Alembic to head."""
    base = os.environ.get("MYNEWS_TEST_DATABASE_URL", "")
    if base.startswith("postgresql"):
        name = f"mynews_test_{_worker(request)}_{os.getpid()}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = base.rsplit("/", 1)[0] + "/" + name
        upgrade(url)
        yield url
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        upgrade(url)
        yield url


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    with database.engine.begin() as conn:
        if database.is_sqlite:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
        else:
            names = ", ".join(t.name for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    database.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "var",
        database_url=database_url,
        fetch_timeout=5.0,
        enrich_enabled=False,
        fetch_images=False,  # tests of pictures turn it on (tests/services/test_pictures.py)
        secret_key="test-secret-key",
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
def ctx(db: Database, settings: Settings) -> Context:
    context = Context(db=db, settings=settings, clock=Clock())
    context.queue = InlineQueue(context)
    return context


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """The real ASGI app under uvicorn on a loopback port, in a thread."""

    def __init__(self, app: object) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            app,  # type: ignore[arg-type]
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="on",
            proxy_headers=False,  # as `mynews serve`: the app decides whom to believe
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("live server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture
def live_app(ctx: Context, settings: Settings) -> Iterator[LiveServer]:
    """The app served on loopback, sharing the test's context (inline task queue)."""
    from mynews.app.asgi import create_app
    from mynews.app.container import Container

    app = create_app(settings, container=Container(settings, ctx, None, None))
    with LiveServer(app) as server:
        yield server


ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    (Path(__file__).parent / "artifacts").mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1100, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
