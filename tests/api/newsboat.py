"""Driving Debian's newsboat (2.21) headless against a live server: ``-x reload`` fetches, the
cache (SQLite) says what it fetched; tmux drives its screens when a test needs key presses."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import time
from pathlib import Path


def _env(home: Path) -> dict[str, str]:
    return {"HOME": str(home), "PATH": "/usr/bin:/bin", "TERM": "xterm", "LANG": "C.UTF-8"}


def configure(home: Path, lines: list[str]) -> list[str]:
    """Write config and (empty) urls; return the newsboat command line for them."""
    assert shutil.which("newsboat"), "newsboat is installed by scripts/system-deps"
    home.mkdir(parents=True, exist_ok=True)
    (home / "urls").write_text("")
    (home / "config").write_text("\n".join([*lines, "confirm-exit no", "show-read-feeds yes", ""]))
    return ["newsboat", "-u", str(home / "urls"), "-c", str(home / "cache.db"), "-C", str(home / "config")]


def reload(home: Path, command: list[str]) -> None:
    log = home / "newsboat.log"
    done = subprocess.run(
        [*command, "-l", "4", "-d", str(log), "-x", "reload"],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(home),
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr + (log.read_text()[-3000:] if log.exists() else "")


def cached_items(home: Path) -> list[dict[str, object]]:
    """What newsboat stored: one row per article (feed, guid, title, unread, content)."""
    with sqlite3.connect(home / "cache.db") as db:
        db.row_factory = sqlite3.Row
        rows = db.execute("SELECT feedurl, guid, title, unread, content, pubDate FROM rss_item ORDER BY id")
        return [dict(r) for r in rows]


def cached_feeds(home: Path) -> list[dict[str, object]]:
    with sqlite3.connect(home / "cache.db") as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT rssurl, title FROM rss_feed ORDER BY rssurl")]


def press(home: Path, command: list[str], steps: list[tuple[str, str]], *, ready: str = "Your feeds") -> str:
    """Run newsboat in a detached tmux session; once the screen shows ``ready``, send each key
    and wait for the screen to show its text ("" to wait for newsboat to exit). Returns the
    screens seen. The tmux server is killed at the end whatever happens."""
    assert shutil.which("tmux"), "tmux is installed by scripts/system-deps"
    name = f"nb{int(time.monotonic() * 1000)}"
    env, socket = _env(home), ["-L", name]
    line = " ".join([*command, "-l", "4", "-d", str(home / "press.log")])
    subprocess.run(
        ["tmux", *socket, "new-session", "-d", "-s", name, "-x", "120", "-y", "40", line], env=env, check=True
    )

    def screen() -> str:
        shown = subprocess.run(
            ["tmux", *socket, "capture-pane", "-p", "-t", name],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        return shown.stdout if shown.returncode == 0 else ""

    def wait_for(text: str) -> str:
        deadline, last = time.monotonic() + 90, ""
        while time.monotonic() < deadline:
            alive = subprocess.run(
                ["tmux", *socket, "has-session", "-t", name], env=env, capture_output=True, check=False
            )
            if alive.returncode != 0:
                return "" if not text else f"newsboat exited; last screen:\n{last}"
            last = screen()
            if text and text in last:
                return last
            time.sleep(0.2)
        return f"timed out waiting for {text!r}; last screen:\n{last}"

    seen = []
    try:
        seen.append(wait_for(ready))
        for key, text in steps:
            subprocess.run(["tmux", *socket, "send-keys", "-t", name, key], env=env, check=True)
            seen.append(f"--- after {key}:\n" + wait_for(text))
    finally:
        subprocess.run(["tmux", *socket, "kill-server"], env=env, capture_output=True, check=False)
    return "\n".join(seen)
