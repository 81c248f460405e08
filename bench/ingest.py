"""Ingest pipeline benchmark: articles/s through fetch -> parse -> extract -> sanitise -> store,
and where the time goes, next to trafilatura alone and our extraction alone on the same pages.

Usage: .venv/bin/python bench/ingest.py [--rounds N]

1. Real pages over loopback: the article pages of tests/data/pages are served on 127.0.0.1 with
   an RSS feed that carries only their titles (so every item's full text is fetched and
   extracted). The pipeline runs as the worker runs it (refresh task, then one processing task
   per item) on a fresh SQLite database, understanding off: this is the ingest step alone.
2. The 51 real feeds served over loopback, refreshed into the database (parse + store).
3. The demo corpus: stored and processed (sanitise + store), understanding off.
All in one process; compare the ratios, not the absolute numbers.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import pstats
import sys
import tempfile
import time
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.feedserver import FeedServer, Route  # noqa: E402

from mynews.core.clock import Clock  # noqa: E402
from mynews.core.settings import Settings  # noqa: E402
from mynews.ingest.extract import extract_html  # noqa: E402
from mynews.services.context import Context  # noqa: E402
from mynews.store.db import Database  # noqa: E402
from mynews.store.schema import upgrade  # noqa: E402
from mynews.workers.inline import InlineQueue  # noqa: E402

PAGES = ROOT / "tests" / "data" / "pages"
FEEDS = ROOT / "tests" / "data" / "feeds"
STAGES = {  # stage -> (file path ending, function name)
    "fetch (HTTP)": ("ingest/fetch.py", "fetch"),
    "feed parsing": ("ingest/feeds.py", "parse_feed"),
    "extraction": ("ingest/extract.py", "extract_document"),
    "sanitising": ("ingest/sanitize.py", "sanitize_html"),
    "db commit": ("orm/session.py", "commit"),
    "db queries": ("orm/session.py", "execute"),
}


def context(tmp: Path) -> Context:
    url = f"sqlite:///{tmp / 'bench.db'}"
    upgrade(url)
    settings = Settings(data_dir=tmp, database_url=url, enrich_enabled=False, _env_file=None)  # type: ignore[call-arg]
    ctx = Context(db=Database(url), settings=settings, clock=Clock())
    ctx.queue = InlineQueue(ctx)
    return ctx


def article_pages() -> list[tuple[str, bytes]]:
    pages = []
    for folder in sorted(PAGES.iterdir()):
        source = folder / "source.html.gz"
        if source.exists() and "main_site" not in folder.name:
            pages.append((folder.name, gzip.decompress(source.read_bytes())))
    return pages


def rss(server: FeedServer, names: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{escape(n)}</title><link>{server.url('/a/' + n)}</link><guid>{n}</guid>"
        f"<description>teaser</description></item>"
        for n in names
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title>{items}</channel></rss>'.encode()


def stage_times(profile: cProfile.Profile) -> dict[str, float]:
    """Cumulative seconds of each stage's entry function (outermost calls only)."""
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    out = dict.fromkeys(STAGES, 0.0)
    for (filename, _line, name), (_cc, _nc, _tt, cumulative, callers) in stats.items():
        for stage, (path, function) in STAGES.items():
            if filename.endswith(path) and name == function:
                recursive = any(c[0].endswith(path) and c[2] == function for c in callers)
                if not recursive:
                    out[stage] += cumulative
    return out


def pipeline_on_pages(rounds: int) -> None:
    from mynews.services.ingestion.catalog import add_source

    pages = article_pages()
    print(f"\n== {len(pages)} real article pages over loopback, full-text fetch ==")
    ours = trafilatura_only = pipeline = profiled_wall = 0.0
    profile = cProfile.Profile()
    import trafilatura

    for round_ in range(rounds + 1):
        profiled = round_ == rounds  # the last round is profiled for the breakdown, not timed
        if not profiled:
            start = time.perf_counter()
            for _name, html in pages:
                trafilatura.extract(html)
            trafilatura_only += time.perf_counter() - start
            start = time.perf_counter()
            for name, html in pages:
                extract_html(html, f"http://127.0.0.1/a/{name}")
            ours += time.perf_counter() - start
        with tempfile.TemporaryDirectory() as tmp, FeedServer() as server:
            for name, html in pages:
                server.route("/a/" + name, Route(body=html, content_type="text/html"))
            feed = server.route("/feed.xml", Route(body=rss(server, [n for n, _ in pages])))
            ctx = context(Path(tmp))
            start = time.perf_counter()
            if profiled:
                profile.enable()
            add_source(ctx, feed, discover=False, allow_internal=True)
            if profiled:
                profile.disable()
                profiled_wall = time.perf_counter() - start
            else:
                pipeline += time.perf_counter() - start
            ctx.db.dispose()
    n = len(pages) * rounds
    print(f"trafilatura.extract alone : {n / trafilatura_only:6.1f} pages/s")
    print(
        f"our extraction alone      : {n / ours:6.1f} pages/s  ({ours / trafilatura_only:.2f}x trafilatura's time)"
    )
    print(f"whole pipeline            : {n / pipeline:6.1f} articles/s")
    print(
        f"pipeline over our extraction: {(pipeline / ours - 1) * 100:+.0f}% time "
        f"(fetch feed, parse, store, fetch page, sanitise, store)"
    )
    print(f"where the pipeline's time goes (one more run under cProfile, {profiled_wall:.1f} s):")
    times = stage_times(profile)
    for stage, seconds in times.items():
        print(f"  {stage:15s} {seconds:7.2f} s  ({seconds / profiled_wall * 100:4.1f}% of the profiled run)")


def pipeline_on_feeds(rounds: int) -> None:
    from mynews.services.ingestion.catalog import add_source

    files = sorted(p for p in FEEDS.iterdir() if p.suffix in (".xml", ".rss", ".atom", ".json"))
    print(f"\n== {len(files)} real feeds over loopback: fetch, parse, store (summaries kept) ==")
    elapsed, items = 0.0, 0
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp, FeedServer() as server:
            ctx = context(Path(tmp))
            ctx.settings.full_text_default = False
            urls = [server.route(f"/{p.name}", Route(body=p.read_bytes())) for p in files]
            start = time.perf_counter()
            for url in urls:
                add_source(ctx, url, full_text=False, discover=False, allow_internal=True)
            elapsed += time.perf_counter() - start
            from mynews.store import articles

            with ctx.db.reading() as session:
                items += articles.count(session)
            ctx.db.dispose()
    print(f"{items / rounds:.0f} articles per round, {items / elapsed:.1f} articles/s")


def pipeline_on_corpus() -> None:
    from mynews.services.ingestion.corpus import load
    from mynews.services.ingestion.processing import process_batch

    print("\n== demo corpus: store and process (understanding off) ==")
    with tempfile.TemporaryDirectory() as tmp:
        ctx = context(Path(tmp))
        start = time.perf_counter()
        ids = load(ctx)
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        for i in range(0, len(ids), 64):
            process_batch(ctx, ids[i : i + 64])
        processed = time.perf_counter() - start
        print(
            f"{len(ids)} articles: load {len(ids) / loaded:.0f}/s, process {len(ids) / processed:.0f}/s, "
            f"together {len(ids) / (loaded + processed):.0f} articles/s"
        )
        ctx.db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    pipeline_on_pages(args.rounds)
    pipeline_on_feeds(args.rounds)
    pipeline_on_corpus()


if __name__ == "__main__":
    main()
