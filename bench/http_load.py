"""HTTP load on the real server with wrk: the For you API page under concurrent readers, next
to /healthz (the server's floor) in the same run.

Usage: .venv/bin/python bench/http_load.py [--data-dir var] [--seconds 15] [--connections 8]
       .venv/bin/python bench/http_load.py --mixed [--seconds 60]

--mixed: the issue-7 load on `mynews serve` (in-process worker with the real models) in a fresh
temporary folder: publishers push (each push a new article the worker understands) while
readers read For you; per-endpoint requests, errors and p50/p90/p99 (tests/hardening/wrk.py).

Uses the database in --data-dir (`make demo` leaves one in var/); when it has no articles, the
demo corpus is loaded and understood first. Starts `mynews web` on a free loopback port, makes
a reader who follows the most covered topic, and points wrk at the server. Needs Debian's wrk.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(data_dir: Path) -> str:
    """Migrate, load the corpus if empty, and return a personal token of a reader."""
    from mynews.app.container import build
    from mynews.core.settings import Settings
    from mynews.services.browsing.topics import list_topics
    from mynews.services.ingestion import corpus, processing
    from mynews.services.readers import accounts, follows
    from mynews.store import articles
    from mynews.store.schema import upgrade

    settings = Settings(data_dir=data_dir, _env_file=None)  # type: ignore[call-arg]
    data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.resolved_database_url())
    ctx = build(settings, inline=True).ctx
    with ctx.db.reading() as session:
        empty = articles.count(session) == 0
    if empty:
        print("loading and understanding the demo corpus first ...", flush=True)
        ids = corpus.load(ctx)
        for i in range(0, len(ids), 32):
            processing.process_batch(ctx, ids[i : i + 32])
    email = f"load-{int(time.time())}@example.org"
    reader = accounts.sign_up(ctx, email, "correct horse battery")
    topic = max(list_topics(ctx, kind="iptc"), key=lambda t: t.article_count)
    follows.set_follow(ctx, reader.id, "topic", topic.key)
    _, token = accounts.create_token(ctx, reader.id, "load")
    return token


def wrk(url: str, *, seconds: int, connections: int, token: str | None = None) -> str:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if token:
        cmd[1:1] = ["-H", f"Authorization: Bearer {token}"]
    return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout


def summary(output: str) -> str:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    lat = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return (
        f"{float(rate.group(1)) if rate else 0:8.1f} req/s   p50 {lat.get('50', '?'):>8}  p90 {lat.get('90', '?'):>8}"
        f"  p99 {lat.get('99', '?'):>8}   non-2xx {errors.group(1) if errors else 0}"
    )


def mixed(seconds: int) -> None:
    """Pushes, processing and For you at once on `mynews serve`, as the load test, longer."""
    import tempfile

    from tests.hardening.served import Served, base_env
    from tests.hardening.test_load import counts, prepare, wait_until_processed
    from tests.hardening.wrk import mixed as run_mixed

    from mynews.core.settings import Settings
    from mynews.store.db import Database

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "var"
        reader_token, publisher_token = prepare(data_dir)
        env = base_env(data_dir, MYNEWS_ENRICH_ENABLED="true", MYNEWS_WORKERS_IN_PROCESS="2")
        db = Database(Settings(data_dir=data_dir, _env_file=None).resolved_database_url())  # type: ignore[call-arg]
        with Served("serve", env, Path(tmp) / "server.log") as server:
            import httpx

            httpx.post(
                f"{server.url}/api/v1/articles",
                json={"id": "warm-up", "title": "Warm-up", "text": "The models load with this one."},
                headers={"authorization": f"Bearer {publisher_token}"},
                timeout=30,
            )
            wait_until_processed(db, 180)
            before, _ = counts(db)
            reads, pushes = run_mixed(
                server.url, reader_token=reader_token, publisher_token=publisher_token, seconds=seconds
            )
            after, pending = counts(db)
        db.dispose()
    print(f"wrk, mixed load on `mynews serve` (in-process worker, real models), {seconds} s, 2 cores")
    print(f"  {reads.line()}\n  {pushes.line()}")
    print(f"  articles understood during the run: {after - before}; still queued at the end: {pending}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--mixed", action="store_true", help="pushes + processing + For you at once")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: run scripts/system-deps")
    if args.mixed:
        mixed(args.seconds)
        return
    token = prepare(args.data_dir)
    port = free_port()
    env = {**os.environ, "MYNEWS_DATA_DIR": str(args.data_dir)}
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("mynews")), "web", "--port", str(port)],  # no worker
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        subprocess.run(
            [
                "wrk",
                "-t1",
                "-c1",
                "-d2s",
                "-H",
                f"Authorization: Bearer {token}",
                f"{base}/api/v1/feed/for-you",
            ],
            capture_output=True,
            check=False,
        )  # warm up
        print(f"wrk, {args.connections} connections, {args.seconds} s each, one server process on 2 cores")
        print(
            f"  /healthz                 {summary(wrk(base + '/healthz', seconds=args.seconds, connections=args.connections))}"
        )
        print(
            f"  /api/v1/feed/for-you     {summary(wrk(base + '/api/v1/feed/for-you', seconds=args.seconds, connections=args.connections, token=token))}"
        )
        print(
            f"  /api/v1/articles         {summary(wrk(base + '/api/v1/articles', seconds=args.seconds, connections=args.connections))}"
        )
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
