"""`mynews web` as an operator runs it: forwarded addresses are not believed, tokens never reach
the access log, and a locked database holds up no reader and answers writes with a clean 503."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import httpx

from mynews.app.container import build
from mynews.core.settings import Settings
from mynews.services.ingestion.push import PushedArticle, create_push_source, push
from mynews.services.readers import accounts
from mynews.store.schema import upgrade
from tests.hardening.served import Served, base_env
from tests.readers.news import csrf_of


def _prepare(data_dir: Path) -> tuple[str, int]:
    """A migrated database with a reader, their token and one article."""
    settings = Settings(data_dir=data_dir, enrich_enabled=False, _env_file=None)  # type: ignore[call-arg]
    data_dir.mkdir(parents=True)
    upgrade(settings.resolved_database_url())
    ctx = build(settings, inline=True).ctx
    reader = accounts.sign_up(ctx, "ada@example.org", "correct horse battery")
    _, token = accounts.create_token(ctx, reader.id, "feeds")
    _, publisher = create_push_source(ctx, "Example News")
    article = push(ctx, publisher, [PushedArticle(title="Hello", id="1", text="A first article.")])[0]
    ctx.db.dispose()
    return token, article.article_id


def test_served_app_resists_spoofed_addresses_keeps_tokens_out_of_logs_and_never_waits(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "var"
    token, article = _prepare(data_dir)
    env = base_env(data_dir, MYNEWS_LOGIN_FAILURES_PER_ADDRESS="4", MYNEWS_DB_BUSY_TIMEOUT="0.3")
    log = tmp_path / "server.log"
    with Served("web", env, log) as server:
        client = httpx.Client(base_url=server.url, timeout=30)
        csrf = csrf_of(client.get("/signin").text)
        codes = [
            client.post(
                "/signin",
                data={"email": f"victim{i}@example.org", "password": "Summer2025!", "csrf_token": csrf},
                headers={"x-forwarded-for": f"198.51.100.{i}"},  # a new "address" every time
            ).status_code
            for i in range(5)
        ]
        assert codes == [401, 401, 401, 401, 429], codes

        bearer = {"authorization": f"Bearer {token}"}
        assert client.get(f"/feeds/for-you.atom?token={token}").status_code == 200
        assert client.get(f"/feeds/t/{token}/following.atom").status_code == 200
        assert client.get("/feeds/for-you.atom", auth=("me", token)).status_code == 200

        # A writer holds the database: readers and token requests go on, writes get a clean 503.
        holder = sqlite3.connect(data_dir / "mynews.db", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("UPDATE sources SET title = title")
        try:
            for path in ("/api/v1/me", "/api/v1/feed/for-you", "/api/v1/articles"):
                start = time.perf_counter()
                answer = client.get(path, headers=bearer)
                took = time.perf_counter() - start
                assert answer.status_code == 200 and took < 1.0, (path, answer.status_code, took)
            start = time.perf_counter()
            busy = client.post(
                "/api/v1/signals", headers=bearer, json={"article_id": article, "kind": "more"}
            )
            assert busy.status_code == 503, busy.text
            assert busy.headers["retry-after"] == "2" and busy.json()["error"]["code"] == "db_busy"
            assert time.perf_counter() - start < 10
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        done = client.post("/api/v1/signals", headers=bearer, json={"article_id": article, "kind": "more"})
        assert done.status_code == 204
    text = log.read_text()
    assert "GET /feeds/for-you.atom?token=[redacted]" in text
    assert "GET /feeds/t/[redacted]/following.atom" in text
    assert token not in text and token[4:20] not in text
    assert "Traceback" not in text and " 500" not in text
