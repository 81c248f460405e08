"""A real feed-reader client, newsboat, reads a reader's For you feed over loopback, with the
reasons in each entry; without the token it gets nothing."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import httpx

from mynews.services.context import Context
from mynews.services.readers import accounts, follows
from tests.conftest import LiveServer


def _newsboat(tmp: Path, url: str) -> list[tuple[str, str]]:
    assert shutil.which("newsboat"), "newsboat is installed by scripts/system-deps"
    (tmp / "urls").write_text(url + "\n")
    (tmp / "config").write_text("")
    cache = tmp / "cache.db"
    base = ["newsboat", "-u", str(tmp / "urls"), "-c", str(cache), "-C", str(tmp / "config")]
    done = subprocess.run(
        [*base, "-x", "reload"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"HOME": str(tmp), "PATH": "/usr/bin:/bin", "TERM": "dumb"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(cache) as db:
        return list(db.execute("SELECT title, content FROM rss_item ORDER BY id"))


def test_newsboat_reads_the_for_you_feed(
    ctx: Context, news: dict[str, list[int]], live_app: LiveServer, tmp_path: Path
) -> None:
    reader = accounts.sign_up(ctx, "feeds@example.org", "correct horse battery")
    topic = max(news, key=lambda k: len(news[k]))
    follows.set_follow(ctx, reader.id, "topic", topic)
    _, token = accounts.create_token(ctx, reader.id, "newsboat")

    assert httpx.get(f"{live_app.url}/feeds/for-you.atom").status_code == 401
    items = _newsboat(tmp_path, f"{live_app.url}/feeds/for-you.atom?token={token}")
    assert len(items) >= 20
    assert any("You follow" in content for _, content in items)
    titles = {title for title, _ in items}
    (tmp_path / "following").mkdir()
    following = _newsboat(tmp_path / "following", f"{live_app.url}/feeds/following.atom?token={token}")
    assert following and {t for t, _ in following} & titles
