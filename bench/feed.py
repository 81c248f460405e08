"""Feed benchmark: For you (and Following, Top stories) page latency, p50 and p99 for a page of
30, on a database generated from the demo corpus (see bench/feed_data.py).

Usage:
  .venv/bin/python bench/feed.py [--articles N] [--readers N] [--requests N]
      [--database-url URL] [--gc-freeze] [--kept-profile]
Default: the demo scale (673 articles, 100 readers) and a large scale (100,000 articles,
10,000 readers) on SQLite in a temporary folder. With a PostgreSQL URL (e.g.
postgresql+psycopg://postgres@127.0.0.1/postgres) a database ``mynews_bench`` is (re)created
next to it. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

# One BLAS thread per process: the scoring matrices are small, and BLAS threads fighting over the
# cores of a busy machine cost more than they give (set the same for web workers).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.feed_data import Scale, generate

from mynews.core.clock import Clock
from mynews.core.settings import Settings
from mynews.services.context import Context
from mynews.services.reading import feed, feed_cache
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


def _timed(times: dict[str, list[tuple[float, float]]], name: str, call):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    times.setdefault(name, []).append((time.perf_counter() - wall, time.process_time() - cpu))
    return result


def measure(
    ctx: Context, readers: int, requests: int, *, freeze: bool, seed: int = 11
) -> dict[str, list[tuple[float, float]]]:
    """Wall and CPU seconds of For you (page 1 for every request, page 2 for a quarter of them),
    Following and Top stories, for random readers."""
    rng = np.random.default_rng(seed)
    ids = [int(x) for x in rng.integers(1, readers + 1, requests)]
    for reader in ids[:5]:  # warm up: weights, connections, the shared candidate cache
        feed.for_you(ctx, reader)
    if freeze:
        gc.freeze()
    times: dict[str, list[tuple[float, float]]] = {}
    for i, reader in enumerate(ids):
        page = _timed(times, "for_you", lambda r=reader: feed.for_you(ctx, r, limit=30))
        if i % 4 == 0:
            if page.next_cursor:
                _timed(
                    times,
                    "for_you_page2",
                    lambda r=reader, c=page.next_cursor: feed.for_you(ctx, r, cursor=c),
                )
            _timed(times, "following", lambda r=reader: feed.following(ctx, r, limit=30))
            _timed(times, "top", lambda r=reader: feed.top_stories(ctx, r, limit=30))
    heavy = list(range(1, 21)) * max(1, requests // 40)
    new = [readers - i for i in range(20)] * max(1, requests // 40)
    for reader in heavy:  # readers with 5,000 signals each
        _timed(times, "for_you_5000_signals", lambda r=reader: feed.for_you(ctx, r, limit=30))
    for reader in new:  # new readers: no follows, no signals
        _timed(times, "for_you_new_reader", lambda r=reader: feed.for_you(ctx, r, limit=30))
    return times


def kept_vs_rebuilt(ctx: Context, readers: int, rounds: int = 6) -> None:
    """For you CPU with a reader's profile kept between requests (as served) and rebuilt at
    every request, alternating in this process: readers with 5,000 signals, with 30, and new."""
    groups = {
        "5,000 signals": list(range(1, 21)),
        "30 signals": list(range(100, 120)),
        "new": [readers - i for i in range(20)],
    }
    kept_seconds = feed_cache.PROFILE_SECONDS
    cpu: dict[tuple[str, str], list[float]] = {}
    try:
        for i in range(rounds):
            mode = "kept" if i % 2 else "rebuilt"
            feed_cache.PROFILE_SECONDS = kept_seconds if mode == "kept" else -1.0
            for group, ids in groups.items():
                for reader in ids * 3:
                    start = time.process_time()
                    feed.for_you(ctx, reader, limit=30)
                    cpu.setdefault((group, mode), []).append((time.process_time() - start) * 1000)
    finally:
        feed_cache.PROFILE_SECONDS = kept_seconds
    print("  profile kept vs rebuilt (CPU ms of For you, alternating in this process):")
    for (group, mode), values in sorted(cpu.items()):
        print(
            f"    {group:14s} {mode:8s} n={len(values):4d}  p50={percentile(values, 0.5):6.1f}"
            f" p90={percentile(values, 0.9):6.1f} p99={percentile(values, 0.99):6.1f}"
        )


def run(
    label: str, scale: Scale, url: str | None, folder: Path, requests: int, freeze: bool, kept: bool = False
) -> None:
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
    times = measure(ctx, scale.readers, requests, freeze=freeze)
    dialect = db.engine.dialect.name
    print(
        f"{label} on {dialect}: {scale.articles:,} articles, {scale.readers:,} readers, "
        f"{counts['signals']:,} signals (generated in {generated:.1f} s)"
    )
    for name, pairs in times.items():
        wall = [w * 1000 for w, _ in pairs]
        cpu = [c * 1000 for _, c in pairs]
        w50, w99, c50, c99 = (percentile(v, q) for v in (wall, cpu) for q in (0.5, 0.99))
        print(
            f"  {name:14s} n={len(pairs):4d}  wall p50={w50:6.1f} p99={w99:6.1f} ms"
            f"   cpu p50={c50:6.1f} p99={c99:6.1f} ms"
        )
    if kept:
        kept_vs_rebuilt(ctx, scale.readers)
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
    parser.add_argument(
        "--gc-freeze", action="store_true", help="gc.freeze() after warm-up (fewer GC pauses)"
    )
    parser.add_argument(
        "--kept-profile",
        action="store_true",
        help="also compare For you with readers' profiles kept between requests and rebuilt",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if not args.skip_demo:
            run(
                "demo scale",
                Scale(articles=673, readers=100, sources=2, entities=800),
                args.database_url,
                Path(folder),
                args.requests,
                args.gc_freeze,
            )
        run(
            "large scale",
            Scale(articles=args.articles, readers=args.readers),
            args.database_url,
            Path(folder),
            args.requests,
            args.gc_freeze,
            args.kept_profile,
        )


if __name__ == "__main__":
    main()
