"""`mynews demo` as a new user runs it: a real process on a fresh data folder answers at once,
on the corpus's last day, and the understanding of the corpus advances in the background."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import free_port

MYNEWS = str(Path(sys.executable).with_name("mynews"))


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, ""


def test_the_demo_answers_within_30_seconds_and_understands_in_the_background(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "MYNEWS_DATA_DIR": str(tmp_path / "var"),
        "MYNEWS_DATABASE_URL": "",
        "MYNEWS_CLOCK": "",
        "HF_HUB_OFFLINE": "1",
    }
    log = (tmp_path / "demo.log").open("w")
    started = time.monotonic()
    demo = subprocess.Popen(
        [MYNEWS, "demo", "--limit", "24", "--port", str(port)], env=env, stdout=log, stderr=log, cwd=tmp_path
    )
    try:
        page = None
        while time.monotonic() - started < 30 and demo.poll() is None:
            try:
                status, page = get(base + "/")
                break
            except OSError:
                time.sleep(0.25)
        answered = time.monotonic() - started
        assert page is not None, (
            f"no answer in {answered:.0f} s: {(tmp_path / 'demo.log').read_text()[-2000:]}"
        )
        assert status == 200 and answered < 30
        assert "The news as of 28 December 2020" in page  # the corpus's last day, said on every page

        seen: list[dict[str, int]] = []
        while time.monotonic() - started < 75:
            seen.append(json.loads(get(base + "/progress")[1]))
            if seen[-1]["total"] == 24 and seen[-1]["ready"] >= 3:
                break
            time.sleep(0.5)
        assert seen[-1]["total"] == 24, seen[-1]  # every article stored
        assert seen[-1]["ready"] >= 3, seen[-1]  # and the worker in the background is at work
        assert [p["ready"] for p in seen] == sorted(p["ready"] for p in seen)  # it only advances
        front = get(base + "/")[1]
        assert 'class="story' in front  # the first stories are on the front page as they are ready

        # once all is understood, the nightly entity merge runs once (the demo is an instance
        # that has been running)
        while time.monotonic() - started < 240 and json.loads(get(base + "/progress")[1])["pending"]:
            time.sleep(1)
        assert json.loads(get(base + "/progress")[1])["pending"] == 0
        time.sleep(8)  # the loader looks every 3 s
    finally:
        demo.send_signal(signal.SIGINT)
        try:
            demo.wait(20)
        except subprocess.TimeoutExpired:
            demo.kill()
            demo.wait()
        log.close()
    assert "demo entities merged:" in (tmp_path / "demo.log").read_text()
