"""Sync API benchmark: what reader apps call most, at 100,000 entries per reader.

IDs-only calls (Google Reader's unread and starred ids, first and deep pages; Fever's
unread_item_ids) and unread counts (per feed, and the reading list's), p50 / p99 over repeated
calls, through the services and through the real ASGI app (HTTP, JSON and auth included); next to
a baseline that derives unread ids from the web's own tables (article_sources anti-joined with
read_states), in the same process, to show what the per-reader ``sync_entries`` rows buy.

Data is generated in the database directly (a few seconds): 50 sources x 2,000 articles, and
``--readers`` readers who each follow all 50 sources (100,000 entries each, half read, 1% starred,
read states and saved rows to match).

Usage:
  .venv/bin/python bench/sync.py [--entries 100000] [--readers 3] [--calls 200]
      [--database-url postgresql+psycopg://postgres@127.0.0.1/postgres]
Default: SQLite in a temporary folder. With a PostgreSQL URL a database ``mynews_bench_sync``
is (re)created next to it. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.feed import fresh_database

from mynews.core.clock import FixedClock
from mynews.core.settings import Settings
from mynews.services.context import Context
from mynews.services.delivery import app_passwords, sync_entries
from mynews.services.delivery.sync_entries import EntryFilter
from mynews.store.db import Database
from mynews.store.models import Article, ArticleSource, Follow, Reader, ReadState, Saved, Source
from mynews.store.schema import upgrade
from mynews.store.sync_models import SyncEntry, SyncFeed

SOURCES = 50
NOW = datetime(2026, 11, 1, tzinfo=UTC)
BATCH = 10_000


def _insert(db: Database, table: Any, rows: list[dict[str, Any]]) -> None:
    with db.engine.begin() as conn:
        for i in range(0, len(rows), BATCH):
            conn.execute(table.insert(), rows[i : i + BATCH])


def generate(db: Database, entries: int, readers: int) -> None:
    per_source = entries // SOURCES
    rng = random.Random(7)
    _insert(db, Source.__table__, [
        {"id": s, "url": f"https://s{s}.example/feed", "title": f"Source {s}", "kind": "feed", "full_text": False,
         "is_aggregator": False, "error_count": 0, "retired": False, "item_count": per_source, "created_at": NOW}
        for s in range(1, SOURCES + 1)
    ])  # fmt: skip
    articles, links = [], []
    for a in range(1, per_source * SOURCES + 1):
        published = NOW - timedelta(minutes=(per_source * SOURCES - a) * 3 + rng.randint(0, 2))
        articles.append({"id": a, "title": f"Article {a}", "published_at": published, "authors": [], "captions": [],
                         "images": [], "tags": [], "method": "feed", "status": "ready", "text": "",
                         "word_count": 100, "summary_html": f"<p>Body of article {a}.</p>", "created_at": published})  # fmt: skip
        links.append({"article_id": a, "source_id": (a - 1) % SOURCES + 1, "seen_at": published})
    _insert(db, Article.__table__, articles)
    _insert(db, ArticleSource.__table__, links)
    published_of = {a["id"]: a["published_at"] for a in articles}
    for r in range(1, readers + 1):
        _insert(db, Reader.__table__, [{"id": r, "email": f"r{r}@example.org", "name": "", "password_hash": "x",
                                        "is_admin": False, "onboarded": True, "created_at": NOW}])  # fmt: skip
        _insert(db, Follow.__table__, [{"reader_id": r, "kind": "source", "key": str(s), "name": f"Source {s}",
                                        "muted": False, "created_at": NOW} for s in range(1, SOURCES + 1)])  # fmt: skip
        feed_ids = {}
        for s in range(1, SOURCES + 1):
            feed_ids[s] = (r - 1) * (SOURCES + 2) + s
        extra = [("for_you", "for-you", "For you"), ("saved", "saved", "Saved")]
        _insert(db, SyncFeed.__table__, [
            {"id": feed_ids[s], "reader_id": r, "kind": "source", "key": str(s), "title": f"Source {s}",
             "watermark": per_source * SOURCES, "refreshed_at": NOW, "created_at": NOW} for s in feed_ids
        ] + [
            {"id": (r - 1) * (SOURCES + 2) + SOURCES + 1 + i, "reader_id": r, "kind": k, "key": key, "title": t,
             "watermark": 0, "refreshed_at": NOW + timedelta(days=3650), "created_at": NOW}
            for i, (k, key, t) in enumerate(extra)
        ])  # fmt: skip
        read = {a for a in published_of if rng.random() < 0.5}
        starred = {a for a in published_of if rng.random() < 0.01}
        _insert(
            db, ReadState.__table__, [{"reader_id": r, "article_id": a, "read_at": NOW} for a in sorted(read)]
        )
        _insert(
            db, Saved.__table__, [{"reader_id": r, "article_id": a, "saved_at": NOW} for a in sorted(starred)]
        )
        _insert(db, SyncEntry.__table__, [
            {"reader_id": r, "feed_id": feed_ids[(a - 1) % SOURCES + 1], "article_id": a,
             "published_at": published_of[a], "read": a in read, "starred": a in starred, "main": True,
             "created_at": published_of[a]}
            for a in sorted(published_of)
        ])  # fmt: skip
    if db.is_sqlite:
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    else:  # what autovacuum does soon after a bulk load: statistics and the visibility map
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in ("sync_entries", "read_states", "article_sources", "articles", "saved", "follows"):
                conn.execute(text(f"VACUUM ANALYZE {table}"))
    with db.engine.begin() as conn:
        if not db.is_sqlite:
            for table in ("sources", "articles", "readers", "sync_feeds", "sync_entries"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                    )
                )


Timing = tuple[float, float, float, float]  # wall p50, wall p99, CPU p50, CPU p99 (ms)


def timed(call: Callable[[], Any], calls: int) -> tuple[Timing, Any]:
    """Wall and CPU time of each call (CPU time is this process's: on a busy machine it shows
    the work itself, wall time adds the waiting; a PostgreSQL server's work is in wall only)."""
    call()  # warm
    walls, cpus, result = [], [], None
    for _ in range(calls):
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    w, c = np.asarray(walls) * 1000, np.asarray(cpus) * 1000
    return (
        float(np.percentile(w, 50)),
        float(np.percentile(w, 99)),
        float(np.percentile(c, 50)),
        float(np.percentile(c, 99)),
    ), result


def baseline_unread_ids(db: Database, reader_id: int, limit: int) -> list[int]:
    """Unread ids derived from the web's tables: no per-reader rows."""
    query = text(
        "SELECT l.article_id FROM article_sources l JOIN follows f ON f.reader_id = :r AND f.kind = 'source' "
        "AND f.key = CAST(l.source_id AS VARCHAR(300)) WHERE NOT EXISTS (SELECT 1 FROM read_states s "
        "WHERE s.reader_id = :r AND s.article_id = l.article_id) ORDER BY l.article_id DESC LIMIT :n"
    )
    with db.engine.connect() as conn:
        return [row[0] for row in conn.execute(query, {"r": reader_id, "n": limit})]


def baseline_unread_counts(db: Database, reader_id: int) -> dict[int, int]:
    query = text(
        "SELECT l.source_id, count(*) FROM article_sources l JOIN follows f ON f.reader_id = :r "
        "AND f.kind = 'source' AND f.key = CAST(l.source_id AS VARCHAR(300)) WHERE NOT EXISTS (SELECT 1 "
        "FROM read_states s WHERE s.reader_id = :r AND s.article_id = l.article_id) GROUP BY l.source_id"
    )
    with db.engine.connect() as conn:
        return {row[0]: row[1] for row in conn.execute(query, {"r": reader_id})}


def run(url: str, entries: int, readers: int, calls: int) -> None:
    upgrade(url)
    db = Database(url)
    start = time.perf_counter()
    generate(db, entries, readers)
    print(
        f"generated {entries:,} entries x {readers} readers in {time.perf_counter() - start:.1f} s ({db.engine.dialect.name})"
    )
    settings = Settings(database_url=url, secret_key="bench", sync_refresh_seconds=3600, _env_file=None)  # type: ignore[call-arg]
    ctx = Context(db=db, settings=settings, clock=FixedClock(NOW))
    reader = 2 if readers >= 2 else 1  # a reader in the middle of the table
    unread = EntryFilter(reader, read=False)
    page = sync_entries.ids(ctx, unread, limit=1001)
    deep_after = sync_entries.position(ctx, reader, sync_entries.ids(ctx, unread, limit=25_001)[-1])

    rows: list[tuple[str, Timing, str]] = []

    def add(name: str, call: Callable[[], Any], note: Callable[[Any], str]) -> None:
        timing, result = timed(call, calls)
        rows.append((name, timing, note(result)))

    add(
        "unread ids, first 1,000 (GReader)",
        lambda: sync_entries.ids(ctx, unread, limit=1001),
        lambda r: f"{len(r)} ids",
    )
    add(
        "unread ids, 1,000 after 25,000",
        lambda: sync_entries.ids(ctx, unread, after=deep_after, limit=1001),
        lambda r: f"{len(r)} ids",
    )
    add(
        "starred ids (GReader)",
        lambda: sync_entries.ids(ctx, EntryFilter(reader, starred=True), limit=1001),
        lambda r: f"{len(r)} ids",
    )
    add(
        "all unread ids (Fever)",
        lambda: sync_entries.all_ids_text(ctx, unread),
        lambda r: f"{r.count(',') + 1:,} ids",
    )
    add(
        "unread counts per feed",
        lambda: sync_entries.unread_counts(ctx, reader),
        lambda r: f"{len(r)} feeds, {sum(c.unread_main for c in r.values()):,} articles",
    )
    add("unread count, reading list", lambda: sync_entries.count(ctx, unread), lambda r: f"{r:,}")
    add(
        "100 entries with content (Miniflux)",
        lambda: sync_entries.page(ctx, unread, limit=100),
        lambda r: f"{len(r)} entries",
    )
    add(
        "baseline: unread ids from read_states",
        lambda: baseline_unread_ids(db, reader, 1000),
        lambda r: f"{len(r)} ids",
    )
    add(
        "baseline: unread counts from read_states",
        lambda: baseline_unread_counts(db, reader),
        lambda r: f"{len(r)} feeds",
    )
    assert len(page) == 1001

    http_rows = http(ctx, settings, reader, calls)
    print(f"\n{'call':44} {'wall p50':>8} {'p99':>7} {'CPU p50':>8} {'p99':>7}  (ms)  result")
    for name, (w50, w99, c50, c99), note in rows + http_rows:
        print(f"{name:44} {w50:8.2f} {w99:7.2f} {c50:8.2f} {c99:7.2f}        {note}")
    ids_p99 = {n: t[1] for n, t, _ in rows}
    print(f"\nbaseline / sync_entries, p99: unread ids x{ids_p99['baseline: unread ids from read_states'] / ids_p99['unread ids, first 1,000 (GReader)']:.1f}, "
          f"unread counts x{ids_p99['baseline: unread counts from read_states'] / ids_p99['unread counts per feed']:.1f}")  # fmt: skip
    db.dispose()


def http(ctx: Context, settings: Settings, reader: int, calls: int) -> list[tuple[str, Timing, str]]:
    """The same calls through the ASGI app (auth, routing, JSON), in process."""
    from fastapi.testclient import TestClient

    from mynews.app.asgi import create_app
    from mynews.app.container import Container

    email = f"r{reader}@example.org"
    _, password = app_passwords.create(ctx, reader, email, "bench")
    app = create_app(settings, container=Container(settings, ctx, None, None))
    out = []
    with TestClient(app) as client:
        auth = (
            client.post("/accounts/ClientLogin", data={"Email": email, "Passwd": password})
            .text.split("Auth=")[1]
            .strip()
        )
        headers = {"Authorization": f"GoogleLogin auth={auth}"}
        fever_key = hashlib.md5(f"{email}:{password}".encode()).hexdigest()
        checks: list[tuple[str, Callable[[], Any]]] = [
            ("HTTP GReader unread ids n=1000", lambda: client.get("/reader/api/0/stream/items/ids", params={"s": "user/-/state/com.google/reading-list", "xt": "user/-/state/com.google/read", "n": "1000"}, headers=headers)),
            ("HTTP GReader unread-count", lambda: client.get("/reader/api/0/unread-count", headers=headers)),
            ("HTTP Fever unread_item_ids", lambda: client.post("/fever/?api&unread_item_ids", data={"api_key": fever_key})),
            ("HTTP Miniflux counters", lambda: client.get("/v1/feeds/counters", auth=(email, password))),
        ]  # fmt: skip
        checks.append(("HTTP /healthz (the fixed cost of a call)", lambda: client.get("/healthz")))
        for name, call in checks:
            timing, response = timed(call, calls)
            assert response.status_code == 200, response.text
            out.append((name, timing, f"{len(response.content):,} bytes"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = fresh_database(args.database_url, Path(folder), "mynews_bench_sync")
        run(url, args.entries, args.readers, args.calls)


if __name__ == "__main__":
    main()
