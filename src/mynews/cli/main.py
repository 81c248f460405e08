"""`mynews` commands. Long runs show rich progress bars."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from mynews.core.settings import Settings

app = typer.Typer(
    help="mynews: a personalised news feed of stories that matter to you.", no_args_is_help=True
)
sources_app = typer.Typer(help="Manage sources (feeds, push publishers).", no_args_is_help=True)
opml_app = typer.Typer(help="Import and export OPML subscription lists.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
app.add_typer(opml_app, name="opml")
console = Console(stderr=True)


def _container(inline: bool = True):
    from mynews.app.container import build
    from mynews.core.errors import SchemaOutdated

    try:
        return build(Settings(), inline=inline)
    except SchemaOutdated as err:
        console.print(f"[red]{err.message}[/red]")
        raise typer.Exit(2) from err


def _quiet_blas() -> None:
    """One BLAS thread per request thread: ranking's small matrix products are slower when
    OpenBLAS spreads them over cores that the web server and worker already use."""
    import os

    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


@app.command()
def migrate() -> None:
    """Create or upgrade the database schema to the newest version."""
    from mynews.store.schema import upgrade

    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.resolved_database_url())
    from mynews.services.ingestion.resanitize import resanitize

    cleaned = resanitize(_container().ctx)
    console.print("[green]database is at the newest schema[/green]")
    if cleaned:
        console.print(f"{cleaned} stored articles cleaned by the current sanitiser")


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., help="Paths (.html, .html.gz, .txt) or URLs."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per input, one per line."),
    enrich: bool = typer.Option(False, "--enrich", help="Add entities and topics."),
) -> None:
    """Parse pages or scraped text without storing anything."""
    from mynews.services.ingestion.extraction import extract_inputs

    failed = 0
    for target, obj in extract_inputs(Settings(), inputs, enrich=enrich):
        if "error" in obj:
            failed += 1
            console.print(f"[red]{target}: {obj['error']}[/red]")
        if as_json:
            sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
        elif "error" not in obj:
            console.rule(obj.get("title") or target)
            console.print(obj.get("text", ""))
    raise typer.Exit(1 if failed == len(inputs) else 0)


@app.command()
def ingest(
    inputs: list[str] = typer.Argument(..., help="HTML, text, feed or OPML files, or URLs."),
    allow_internal: bool = typer.Option(
        False, "--allow-internal", help="Allow each URL's own host:port although it is internal."
    ),
) -> None:
    """Store pages, scraped text, feed files and OPML lists (processed at once)."""
    from mynews.services.ingestion.files import ingest as ingest_one

    c = _container()
    errors = 0
    with progress() as bar:
        task = bar.add_task("ingesting", total=len(inputs))
        for target in inputs:
            report = ingest_one(c.ctx, target, allow_internal=allow_internal)
            if report.error:
                errors += 1
                console.print(f"[yellow]{target}: {report.error}[/yellow]")
            else:
                console.print(
                    f"{target}: {report.kind}, {len(report.articles)} new articles, {len(report.sources)} sources"
                )
            bar.advance(task)
    raise typer.Exit(1 if errors == len(inputs) else 0)


@sources_app.command("add")
def sources_add(
    url: str,
    no_full_text: bool = typer.Option(False, "--no-full-text", help="Keep the feed's summary."),
    allow_internal: bool = typer.Option(
        False,
        "--allow-internal",
        help="The feed is on an internal address (loopback, private network): allow its exact host:port, for this source only.",
    ),
) -> None:
    """Add a feed (or a page that links its feed) and fetch it now."""
    from mynews.core.errors import AppError
    from mynews.services.ingestion.catalog import add_source

    c = _container()
    try:
        view, created = add_source(c.ctx, url, full_text=not no_full_text, allow_internal=allow_internal)
    except AppError as err:
        console.print(f"[red]{url}: {err.message}[/red]")
        raise typer.Exit(1) from None
    console.print(f"{'added' if created else 'already there'}: #{view.id} {view.url}")


@sources_app.command("set")
def sources_set(
    source_id: int,
    full_text: bool = typer.Option(
        None, "--full-text/--no-full-text", help="Fetch full pages of summary-only items."
    ),
    aggregator: bool = typer.Option(
        None, "--aggregator/--no-aggregator", help="Do not fold its copies as duplicates."
    ),
    allow_internal: bool = typer.Option(
        None, "--allow-internal/--no-allow-internal", help="Allow its own internal host:port."
    ),
) -> None:
    """Change a source's switches."""
    from mynews.services.ingestion.catalog import configure_source

    view = configure_source(
        _container().ctx, source_id, full_text=full_text, aggregator=aggregator, allow_internal=allow_internal
    )
    console.print(
        f"#{view.id} {view.url}: full text {'on' if view.full_text else 'off'}, "
        f"aggregator {'yes' if view.aggregator else 'no'}"
    )


@sources_app.command("push-token")
def sources_push_token(
    name: str,
    site_url: str = typer.Option(None, help="The publisher's site."),
    host: list[str] = typer.Option(
        [], "--host", help="A host whose URLs the publisher may push (repeat; subdomains included)."
    ),
) -> None:
    """Create a push source for a publisher and print its token (shown once)."""
    from mynews.core.errors import AppError
    from mynews.services.ingestion.push import create_push_source

    try:
        source_id, token = create_push_source(_container().ctx, name, site_url, host)
    except AppError as err:
        console.print(f"[red]{err.message}[/red]")
        raise typer.Exit(1) from None
    console.print(f"push source #{source_id}; token (keep it secret, shown once):")
    sys.stdout.write(token + "\n")


@sources_app.command("list")
def sources_list() -> None:
    """Every source with its health, last fetch, errors and next check."""
    from mynews.services.ingestion.catalog import list_sources

    table = Table("id", "health", "kind", "title / url", "items", "errors", "last error", "checked", "next")
    after = 0
    c = _container()
    while True:
        page = list_sources(c.ctx, after_id=after, limit=200)
        for s in page:
            table.add_row(
                str(s.id),
                s.health,
                s.kind,
                f"{s.title or ''}\n{s.url}",
                f"{s.item_count}" + (f"\n{s.skipped_items} skipped" if s.skipped_items else ""),
                str(s.error_count),
                (s.last_error or "")[:80],
                s.last_checked_at.strftime("%Y-%m-%d %H:%M") if s.last_checked_at else "-",
                s.next_check_at.strftime("%Y-%m-%d %H:%M") if s.next_check_at else "-",
            )
        if len(page) < 200:
            break
        after = page[-1].id
    Console().print(table)


@app.command()
def refresh(
    source_id: int = typer.Argument(None), all_: bool = typer.Option(False, "--all", help="Every source.")
) -> None:
    """Fetch one source, or all feed sources, now."""
    from mynews.services.ingestion.catalog import list_sources
    from mynews.services.ingestion.refresh import refresh_source

    c = _container()
    ids = [s.id for s in list_sources(c.ctx, limit=100000) if s.kind == "feed"] if all_ else [source_id]
    if ids == [None]:
        raise typer.BadParameter("give a SOURCE_ID or --all")
    with progress() as bar:
        task = bar.add_task("refreshing", total=len(ids))
        for ident in ids:
            report = refresh_source(c.ctx, ident)
            console.print(
                f"#{ident}: {report.status}, {len(report.new_articles)} new"
                + (f" — {report.error}" if report.error else "")
            )
            bar.advance(task)


@opml_app.command("import")
def opml_import(path: Path) -> None:
    """Add every feed of an OPML file."""
    from mynews.services.ingestion.files import ingest as ingest_one

    report = ingest_one(_container().ctx, str(path))
    if report.error:
        console.print(f"[red]{report.error}[/red]")
        raise typer.Exit(1)
    console.print(f"{len(report.sources)} sources")


@opml_app.command("export")
def opml_export() -> None:
    """Print every feed source as OPML."""
    from mynews.services.ingestion.opml_export import export_opml

    sys.stdout.buffer.write(export_opml(_container().ctx))


@app.command()
def serve(host: str | None = typer.Option(None), port: int | None = typer.Option(None)) -> None:
    """Serve the web app and API, with the scheduler and an in-process worker when no Redis is set."""
    _quiet_blas()
    import uvicorn

    from mynews.app.asgi import create_app

    settings = Settings()
    uvicorn.run(
        create_app(settings, run_worker=True),
        host=host or settings.host,
        port=port or settings.port,
        proxy_headers=False,  # the app decides whom to believe (MYNEWS_TRUSTED_PROXIES)
    )


@app.command()
def web(host: str | None = typer.Option(None), port: int | None = typer.Option(None)) -> None:
    """Serve the web app and API only (workers run as `mynews worker`)."""
    _quiet_blas()
    import uvicorn

    from mynews.app.asgi import create_app

    settings = Settings()
    uvicorn.run(
        create_app(settings, run_worker=False),
        host=host or settings.host,
        port=port or settings.port,
        proxy_headers=False,  # the app decides whom to believe (MYNEWS_TRUSTED_PROXIES)
    )


@app.command()
def worker(threads: int = typer.Option(2, help="Worker threads.")) -> None:
    """Run background tasks (refresh, processing, scheduling) from the queue."""
    from huey.consumer import Consumer

    from mynews.workers import reclaim

    c = _container(inline=False)
    console.print(f"worker on {'Redis' if c.settings.redis_url else 'SQLite'} queue, {threads} threads")
    sweeper = reclaim.start(c.ctx, c.huey)
    try:
        Consumer(c.huey, workers=threads, worker_type="thread", periodic=True).run()
    finally:
        sweeper.stop()


@app.command()
def demo(
    serve_after: bool = typer.Option(True, "--serve/--no-serve", help="Serve (or only load and process)."),
    limit: int = typer.Option(None, help="Load only the newest N articles."),
    host: str | None = typer.Option(None),
    port: int | None = typer.Option(None),
) -> None:
    """Migrate, then serve the bundled demo corpus at once: its articles are stored newest first
    and understood in the background by the in-process worker, with the progress on the page.
    The instance lives on the corpus's last day (MYNEWS_CLOCK), unless a clock is set."""
    import os

    from mynews.services.ingestion import corpus

    migrate()
    last = corpus.last_day()
    if (Settings().clock or "real").strip().lower() in ("", "real"):
        os.environ["MYNEWS_CLOCK"] = f"start:{last:%Y-%m-%d}T18:00:00Z"  # the evening of its last day
    if not serve_after:
        _demo_in_foreground(corpus.newest_first(limit=limit))
        return
    _quiet_blas()
    import uvicorn

    from mynews.app.asgi import create_app

    settings = Settings()
    c = _container(inline=False)
    app = create_app(settings, run_worker=True, container=c)
    where = (host or settings.host, port or settings.port)
    DemoLoader(c.ctx, limit, where).start()
    console.print(
        f"[green]serving http://{where[0]}:{where[1]}[/green]: the news as of {last:%d %B %Y}; "
        "the corpus is stored and understood in the background (progress on the page)"
    )
    uvicorn.run(app, host=where[0], port=where[1], proxy_headers=False)


class DemoLoader(threading.Thread):
    """Stores the corpus once the server answers (so the first page is never kept waiting) and
    queues each chunk for the in-process worker as it commits."""

    def __init__(self, ctx, limit: int | None, where: tuple[str, int]) -> None:
        super().__init__(name="demo-loader", daemon=True)
        self.ctx, self.limit, self.where = ctx, limit, where

    def run(self) -> None:
        import socket
        import time

        from mynews.services.ingestion import corpus

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(self.where, timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        try:
            new = corpus.load_in_chunks(self.ctx, corpus.newest_first(limit=self.limit))
        except Exception as err:  # shown, not hidden: the demo goes on serving what it has
            console.print(f"[red]loading the demo corpus failed: {type(err).__name__}: {err}[/red]")
            return
        console.print(f"demo corpus stored: {len(new)} new articles queued for understanding")


def _demo_in_foreground(chosen) -> None:
    """Store and understand everything, then return (``--no-serve``: scripts, benchmarks)."""
    from mynews.services.ingestion import corpus
    from mynews.services.ingestion.processing import process_batch
    from mynews.store import articles as article_rows

    c = _container()
    with progress() as bar:
        task = bar.add_task("loading corpus", total=len(chosen))
        with c.ctx.db.transaction() as session:
            ids = corpus.store(
                session, c.ctx, chosen, progress=lambda done, total: bar.update(task, completed=done)
            )
    with c.ctx.db.reading() as session:
        pending = article_rows.pending_ids(session, limit=100000)
    with progress() as bar:
        task = bar.add_task("understanding articles", total=len(pending))
        for start in range(0, len(pending), 32):
            chunk = pending[start : start + 32]
            process_batch(c.ctx, chunk)
            bar.advance(task, len(chunk))
    console.print(f"[green]{len(ids)} new articles, {len(pending)} processed[/green]")


topics_app = typer.Typer(help="Topics: list them, and define operator rule topics.", no_args_is_help=True)
app.add_typer(topics_app, name="topics")


@topics_app.command("list")
def topics_list(kind: str = typer.Option(None, help="iptc, section or rule")) -> None:
    """Topics with their article counts."""
    from mynews.services.browsing.topics import list_topics

    table = Table("key", "kind", "name", "articles")
    for t in list_topics(_container().ctx, kind=kind):
        table.add_row(t.key, t.kind, t.name, str(t.article_count))
    Console().print(table)


@topics_app.command("reassign")
def topics_reassign() -> None:
    """Re-choose every stored article's IPTC topics with the shipped classifier (after retraining)."""
    from mynews.services.understanding.rebuild import reassign_iptc

    c = _container()
    with progress() as bar:
        task = bar.add_task("topics", total=None)
        done = reassign_iptc(c.ctx, progress=lambda d, total: bar.update(task, completed=d, total=total))
    console.print(f"IPTC topics re-chosen for {done} articles")


@topics_app.command("rule")
def topics_rule(
    name: str,
    entity: list[str] = typer.Option([], help="An entity name (repeat)."),
    keyword: list[str] = typer.Option([], help="A keyword or phrase (repeat)."),
) -> None:
    """Create or change a rule topic and re-apply it to every stored article."""
    from mynews.services.browsing.topics import save_rule

    c = _container()
    with progress() as bar:
        task = bar.add_task(f"applying {name}", total=None)
        ref = save_rule(
            c.ctx,
            name,
            entities=entity,
            keywords=keyword,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    console.print(f"{ref.key}: {ref.article_count} articles")


@app.command()
def recluster(
    start: str = typer.Argument(..., help="YYYY-MM-DD"), end: str = typer.Argument(..., help="YYYY-MM-DD")
) -> None:
    """Re-cluster the events and storylines of a period from stored vectors (after a rule
    change); ids are kept where the same articles stay together, and gone ids redirect."""
    from mynews.http.params import parse_day
    from mynews.services.understanding.rebuild import recluster as run

    c = _container()
    with progress() as bar:
        task = bar.add_task("clustering", total=None)
        made = run(
            c.ctx,
            parse_day(start),  # type: ignore[arg-type]
            parse_day(end),  # type: ignore[arg-type]
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    console.print(f"{made} events")


@app.command()
def reembed() -> None:
    """Rebuild every stored vector with the configured embedding model."""
    from mynews.services.understanding.rebuild import reembed as run

    c = _container()
    with progress() as bar:
        task = bar.add_task("embedding", total=None)
        done = run(c.ctx, progress=lambda d, total: bar.update(task, completed=d, total=total))
    console.print(f"{done} vectors rebuilt with {c.settings.embedding_model}")


@app.command()
def search(query: str, limit: int = typer.Option(10)) -> None:
    """Search stored articles (full text and meaning)."""
    from mynews.services.browsing.search import search as run

    for hit in run(_container().ctx, query, limit=limit).hits:
        Console().print(
            f"[bold]{hit.article.title}[/bold]  #{hit.article.id} {hit.article.published_at:%Y-%m-%d} "
            f"({', '.join(hit.matched)})"
        )


rank_app = typer.Typer(help="The For you ranker: train it from what readers did.", no_args_is_help=True)
app.add_typer(rank_app, name="rank")


@rank_app.command("train")
def rank_train(
    days: float = typer.Option(28.0, help="Train on the cards served in the last N days."),
    window_hours: float = typer.Option(48.0, help="Hours after serving in which a read counts."),
) -> None:
    """Fit the ranking model on the served log and signals, version it, make it current."""
    from mynews.services.learning.train import train

    with progress() as bar:
        task = bar.add_task("training the ranker", total=None)
        trained = train(_container().ctx, days=days, window_hours=window_hours)
        bar.update(task, total=1, completed=1)
    console.print(f"{trained.name}: {trained.examples} examples, {trained.positives} read; {trained.path}")


@rank_app.command("mind-export")
def rank_mind_export(
    folder: Path, days: float = typer.Option(28.0, help="Pages served in the last N days.")
) -> None:
    """Write the served log as MIND files (behaviors.tsv, news.tsv, features.jsonl)."""
    from mynews.services.learning.mind_files import export

    pages = export(_container().ctx, folder, days=days)
    console.print(f"{pages} impressions written to {folder}")


@rank_app.command("mind-eval")
def rank_mind_eval(
    folder: Path,
    scorer: list[str] = typer.Option(["served", "content"], help="served, content, hand or model:<file>"),
    ips: bool = typer.Option(False, help="Weigh clicks by 1/propensity (logged exploration)."),
) -> None:
    """AUC, MRR, nDCG@5 and nDCG@10 of rankings on MIND files (ours or the MIND data set's)."""
    from mynews.services.learning.mind_files import evaluate_files

    ctx = _container().ctx
    table = Table("scorer", "AUC", "MRR", "nDCG@5", "nDCG@10", "impressions")
    for name in scorer:
        m = evaluate_files(ctx, folder, name, ips=ips)
        table.add_row(
            name, *(f"{m[k]:.4f}" for k in ("auc", "mrr", "ndcg@5", "ndcg@10")), str(int(m["impressions"]))
        )
    Console().print(table)


from mynews.cli.entities import app as entities_app  # noqa: E402
from mynews.cli.readers import app as readers_app  # noqa: E402

app.add_typer(readers_app, name="readers")
app.add_typer(entities_app, name="entities")

from mynews.cli.delivery import app as digest_app  # noqa: E402

app.add_typer(digest_app, name="digest")
