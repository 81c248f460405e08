"""Feed benchmark: For you (and Following, Top stories) page latency, p50 and p99 for a page of
30, on a database generated from the demo corpus (see bench/feed_data.py).

Usage:
  .venv/bin/python bench/feed.py [--articles N] [--readers N] [--requests N]
      [--database-url URL] [--keep]
Default: the demo scale (673 articles, 100 readers) and a large scale (100,000 articles,
10,000 readers) on SQLite in a temporary folder. With a PostgreSQL URL (e.g.
postgresql+psycopg://postgres@127.0.0.1/postgres) a database ``mynews_bench`` is (re)created
next to it. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.feed_data import Scale, generate

from mynews.core.clock import Clock
from mynews.core.settings import Settings
from mynews.services import feed
from mynews.services.context import Context
from mynews.store.db import Database
from mynews.store.schema import upgrade


def fresh_database(url: str | None, folder: Path, name: str) -> str:
    if not url:
        return f"sqlite:///{folder / (name + '.db')}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.rsplit("/", 1)[0] + "/" + name


def percentile(values: list[float], share: float) -> float:
    return float(np.percentile(np.asarray(values), share * 100))


def measure(ctx: Context, readers: int, requests: int, seed: int = 11) -> dict[str, list[float]]:
    rng = np.random.default_rng(seed)
    ids = [int(x) for x in rng.integers(1, readers + 1, requests)]
    for reader in ids[:5]:  # warm caches (weights, connections)
        feed.for_you(ctx, reader)
    times: dict[str, list[float]] = {"for_you": [], "for_you_page2": [], "following": [], "top": []}
    for reader in ids:
        start = time.perf_counter()
        page = feed.for_you(ctx, reader, limit=30)
        times["for_you"].append(time.perf_counter() - start)
        if page.next_cursor and len(times["for_you_page2"]) < requests // 4:
            start = time.perf_counter()
            feed.for_you(ctx, reader, cursor=page.next_cursor, limit=30)
            times["for_you_page2"].append(time.perf_counter() - start)
        if len(times["following"]) < requests // 4:
            start = time.perf_counter()
            feed.following(ctx, reader, limit=30)
            times["following"].append(time.perf_counter() - start)
            start = time.perf_counter()
            feed.top_stories(ctx, reader, limit=30)
            times["top"].append(time.perf_counter() - start)
    return times


def run(label: str, scale: Scale, url: str | None, folder: Path, requests: int) -> None:
    database_url = fresh_database(url, folder, f"mynews_bench_{scale.articles}")
    upgrade(database_url)
    db = Database(database_url)
    now = Clock().now()
    start = time.perf_counter()
    counts = generate(db, scale, now)
    generated = time.perf_counter() - start
    if not db.is_sqlite:
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    else:
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    settings = Settings(database_url=database_url, enrich_enabled=False, _env_file=None)  # type: ignore[call-arg]
    ctx = Context(db=db, settings=settings, clock=Clock())
    times = measure(ctx, scale.readers, requests)
    dialect = db.engine.dialect.name
    print(
        f"{label} on {dialect}: {scale.articles:,} articles, {scale.readers:,} readers, "
        f"{counts['signals']:,} signals (generated in {generated:.1f} s)"
    )
    for name, values in times.items():
        if values:
            p50, p99 = percentile(values, 0.5) * 1000, percentile(values, 0.99) * 1000
            mean = statistics.fmean(values) * 1000
            print(
                f"  {name:14s} n={len(values):4d}  p50={p50:7.1f} ms  p99={p99:7.1f} ms  mean={mean:7.1f} ms"
            )
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--readers", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--database-url", default=None, help="PostgreSQL server URL; SQLite when empty")
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if not args.skip_demo:
            run(
                "demo scale",
                Scale(articles=673, readers=100, sources=2, entities=800),
                args.database_url,
                Path(folder),
                args.requests,
            )
        run(
            "large scale",
            Scale(articles=args.articles, readers=args.readers),
            args.database_url,
            Path(folder),
            args.requests,
        )


if __name__ == "__main__":
    main()
