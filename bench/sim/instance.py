"""A served mynews instance for the simulator: its own data folder, operator set-up (admin, push
sources per outlet, reader accounts with API tokens), then ``mynews serve`` as a subprocess on a
loopback port with the replay clock. Everything after set-up goes through the real JSON API.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

PASSWORD = "simulated reader password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Calls:
    """Every API call the simulator made, by route, and the ones that failed."""

    count: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    retried: Counter[str] = field(default_factory=Counter)  # pushes that failed once and were sent again
    last_error: str = ""


def setup(
    data_dir: Path, database_url: str | None, start: datetime, outlets: Sequence[str], readers: int
) -> tuple[str, dict[str, str], list[str]]:
    """Operator set-up before serving: schema, an admin, one push source per outlet, readers.
    Returns (admin token, outlet -> push token, reader tokens)."""
    from mynews.app.container import build
    from mynews.core.settings import Settings
    from mynews.services.ingestion.push import create_push_source
    from mynews.services.readers import accounts
    from mynews.store.schema import upgrade

    settings = Settings(  # type: ignore[call-arg]
        data_dir=data_dir,
        database_url=database_url,
        clock=f"fixed:{start.isoformat()}",
        secret_key="simulator",
        _env_file=None,
    )
    data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.resolved_database_url())
    ctx = build(settings, inline=True).ctx
    admin = accounts.sign_up(ctx, "operator@sim.invalid", PASSWORD, admin=True)
    admin_token = accounts.create_token(ctx, admin.id, "simulator")[1]
    push_tokens = {
        # every item links to its Wikipedia "Current events" day: the host each publisher may push
        name: create_push_source(ctx, name, "https://en.wikipedia.org/", hosts=("en.wikipedia.org",))[1]
        for name in outlets
    }
    tokens = []
    for i in range(readers):
        reader = accounts.sign_up(ctx, f"reader{i}@sim.invalid", PASSWORD)
        tokens.append(accounts.create_token(ctx, reader.id, "simulator")[1])
    ctx.db.dispose()
    return admin_token, push_tokens, tokens


class Instance:
    """``mynews serve`` in a subprocess; ``api`` sends authenticated JSON calls and counts them."""

    def __init__(self, data_dir: Path, database_url: str | None, start: datetime, workers: int = 2) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.calls = Calls()
        env = {k: v for k, v in os.environ.items() if not k.startswith("MYNEWS_")}
        env.update(
            MYNEWS_DATA_DIR=str(data_dir),
            MYNEWS_CLOCK=f"fixed:{start.isoformat()}",
            MYNEWS_REPLAY_CLOCK="true",
            MYNEWS_SECRET_KEY="simulator",
            MYNEWS_WORKERS_IN_PROCESS=str(workers),
            OPENBLAS_NUM_THREADS="1",
            OMP_NUM_THREADS="1",
        )
        if database_url:
            env["MYNEWS_DATABASE_URL"] = database_url
        self.env = env
        self.log = open(data_dir / "serve.log", "wb")  # noqa: SIM115 - closed in stop()
        command = [sys.executable, "-c", "from mynews.cli.main import app; app()", "serve"]
        self.process = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=data_dir,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.client = httpx.Client(base_url=self.url, timeout=60)
        self._wait_up()

    def _wait_up(self, seconds: float = 120.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mynews serve exited: see {self.data_dir / 'serve.log'}")
            try:
                if self.client.get("/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError("mynews serve did not start")

    def api(self, method: str, path: str, token: str, route: str | None = None, **kwargs: Any) -> Any:
        """One authenticated call; returns the JSON body (None for 204). Errors are counted and raised."""
        name = route or path.split("?")[0]
        self.calls.count[name] += 1
        response = self.client.request(method, path, headers={"Authorization": f"Bearer {token}"}, **kwargs)
        if response.status_code >= 400:
            self.calls.errors[name] += 1
            self.calls.last_error = f"{method} {path}: {response.status_code} {response.text[:300]}"
            response.raise_for_status()
        return None if response.status_code == 204 else response.json()

    def set_clock(self, admin: str, at: datetime) -> None:
        self.api("PUT", "/api/v1/admin/clock", admin, json={"now": at.isoformat()})

    def push(self, token: str, articles: list[dict[str, object]]) -> list[int]:
        """Push a batch; idempotent on each item's id, so a batch that failed on a database lock
        while the worker was writing (issue 7) is sent again, and counted as retried."""
        route = "/api/v1/articles/batch"
        for attempt in range(6):
            try:
                out = self.api("POST", route, token, json={"articles": articles})
                return [int(r["article_id"]) for r in out]
            except httpx.HTTPStatusError as err:
                if err.response.status_code < 500 or attempt == 5:
                    raise
                self.calls.errors[route] -= 1
                self.calls.retried[route] += 1
                time.sleep(2.0)
        raise AssertionError("unreachable")

    def wait_ready(self, token: str, ids: Sequence[int], seconds: float = 600.0) -> None:
        """Until every pushed article is understood (ready or failed)."""
        pending = list(ids)
        deadline = time.monotonic() + seconds
        while pending:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{len(pending)} articles still pending")
            status = {
                a: self.api("GET", f"/api/v1/articles/{a}", token, route="/api/v1/articles/{id}")["status"]
                for a in pending
            }
            pending = [a for a, s in status.items() if s == "pending"]
            if pending:
                time.sleep(0.25)

    def train(self, now: datetime) -> str:
        """``mynews rank train`` as the operator (or the nightly task) would run it, on the
        instance's data folder at the replay time; the served process picks the model up."""
        env = {**self.env, "MYNEWS_CLOCK": f"fixed:{now.isoformat()}"}
        done = subprocess.run(
            [sys.executable, "-c", "from mynews.cli.main import app; app()", "rank", "train"],
            cwd=self.data_dir,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"mynews rank train failed: {done.stderr[-2000:]}")
        return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""

    def stop(self) -> None:
        self.client.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()
