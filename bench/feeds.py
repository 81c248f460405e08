"""Feed throughput: parsing the 51 real feeds, and fetch + parse over loopback.

    .venv/bin/python bench/feeds.py [--rounds 5]

Prints items/s and MB/s for parse_feed alone, for sequential fetch+parse from a local HTTP
server (gzip on the wire, conditional GET on the second pass), and for fetch_many with 8
threads. Numbers only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.feedserver import FeedServer, Route  # noqa: E402

from mynews.core.fetching import FetchResult  # noqa: E402
from mynews.ingest.feeds import parse_feed  # noqa: E402
from mynews.ingest.fetch import FetchPolicy, fetch, fetch_many, make_client  # noqa: E402

FEEDS = ROOT / "tests" / "data" / "feeds"


def load() -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(FEEDS.iterdir())
        if p.suffix in {".xml", ".rss", ".atom", ".json"}
    }


def bench_parse(feeds: dict[str, bytes], rounds: int) -> None:
    items = size = 0
    slowest: list[tuple[float, str]] = []
    started = time.perf_counter()
    for _ in range(rounds):
        for name, data in feeds.items():
            t0 = time.perf_counter()
            items += len(parse_feed(data).items)
            slowest.append((time.perf_counter() - t0, name))
            size += len(data)
    elapsed = time.perf_counter() - started
    print(
        f"parse_feed      {len(feeds)} feeds x {rounds}: {items / elapsed:8.0f} items/s  "
        f"{size / elapsed / 1e6:6.2f} MB/s  ({elapsed / (len(feeds) * rounds) * 1000:.1f} ms/feed)"
    )
    per_feed: dict[str, float] = {}
    for seconds, name in slowest:
        per_feed[name] = per_feed.get(name, 0.0) + seconds / rounds
    top = sorted(per_feed.items(), key=lambda kv: -kv[1])[:3]
    print("  slowest: " + ", ".join(f"{name} {ms * 1000:.1f} ms" for name, ms in top))


def bench_loopback(feeds: dict[str, bytes], rounds: int) -> None:
    with FeedServer() as server:
        urls = [
            server.route(f"/{name}", Route(body=data, encoding="gzip", etag=f'"{i}"'))
            for i, (name, data) in enumerate(feeds.items())
        ]
        policy = FetchPolicy(allow_hosts=server.allow_hosts, max_per_host=8)
        with make_client(policy) as client:
            _sequential(urls, policy, client, rounds, conditional=False)
            _sequential(urls, policy, client, rounds, conditional=True)
        started = time.perf_counter()
        items = 0
        for _ in range(rounds):
            for res in fetch_many([(u, None) for u in urls], policy=policy, max_workers=8):
                assert isinstance(res, FetchResult)
                items += len(parse_feed(res.body, url=res.url, content_type=res.content_type).items)
        elapsed = time.perf_counter() - started
        print(
            f"fetch_many(8)+parse over loopback:     {items / elapsed:8.0f} items/s  "
            f"({elapsed / (len(urls) * rounds) * 1000:.1f} ms/feed)"
        )


def _sequential(urls: list[str], policy: FetchPolicy, client: Any, rounds: int, *, conditional: bool) -> None:
    first = {u: fetch(u, policy=policy, client=client).validators for u in urls} if conditional else {}
    items = 0
    fetch_time = parse_time = 0.0
    for _ in range(rounds):
        for url in urls:
            t0 = time.perf_counter()
            res = fetch(url, validators=first.get(url), policy=policy, client=client)
            t1 = time.perf_counter()
            if not res.not_modified:
                items += len(parse_feed(res.body, url=res.url, content_type=res.content_type).items)
            parse_time += time.perf_counter() - t1
            fetch_time += t1 - t0
    total = fetch_time + parse_time
    label = "conditional GET (all 304)" if conditional else "sequential fetch+parse (gzip)"
    rate = f"{items / total:8.0f} items/s" if items else f"{len(urls) * rounds / total:8.0f} fetches/s"
    print(
        f"{label:38s} {rate}  ({total / (len(urls) * rounds) * 1000:.1f} ms/feed; "
        f"fetch {fetch_time / total:.0%}, parse {parse_time / total:.0%})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    feeds = load()
    bench_parse(feeds, args.rounds)
    bench_loopback(feeds, args.rounds)


if __name__ == "__main__":
    main()
