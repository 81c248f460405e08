"""`mynews migrate`, `serve`, `web`, `worker` and `demo`: running mynews."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import typer

from mynews.cli.common import app, build_container, console, progress, quiet_blas
from mynews.core.settings import Settings

if TYPE_CHECKING:
    from mynews.services.context import Context


@app.command()
def migrate(
    topics: bool = typer.Option(
        True, help="Re-choose stored IPTC topics that an older topic model chose (after an upgrade)."
    ),
) -> None:
    """Create or upgrade the database schema to the newest version, and bring stored articles up
    to the current sanitiser and topic model."""
    from mynews.store.schema import upgrade

    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.resolved_database_url())
    from mynews.services.ingestion.resanitize import resanitize

    ctx = build_container().ctx
    cleaned = resanitize(ctx)
    console.print("[green]database is at the newest schema[/green]")
    if cleaned:
        console.print(f"{cleaned} stored articles cleaned by the current sanitiser")
    if topics:
        _update_topics(ctx)


def _update_topics(ctx: Context) -> None:
    """Re-choose the topics an older topic model chose (after an upgrade that ships a new one)."""
    from mynews.enrich.topics import topic_model_name
    from mynews.services.browsing.topics import topic_model_status
    from mynews.services.understanding.rebuild import reassign_iptc

    if not topic_model_status(ctx).by_older:
        return
    with progress() as bar:
        task = bar.add_task("topics by an older model", total=None)
        done = reassign_iptc(
            ctx, stale_only=True, progress=lambda d, total: bar.update(task, completed=d, total=total)
        )
    if done:
        console.print(
            f"IPTC topics re-chosen for {done} article{'' if done == 1 else 's'} by {topic_model_name()}"
        )


@app.command()
def serve(host: str | None = typer.Option(None), port: int | None = typer.Option(None)) -> None:
    """Serve the web app and API, with the scheduler and an in-process worker when no Redis is set."""
    _run_web(host, port, run_worker=True)


@app.command()
def web(host: str | None = typer.Option(None), port: int | None = typer.Option(None)) -> None:
    """Serve the web app and API only (workers run as `mynews worker`)."""
    _run_web(host, port, run_worker=False)


def _run_web(host: str | None, port: int | None, *, run_worker: bool) -> None:
    quiet_blas()
    import uvicorn

    from mynews.app.asgi import create_app

    settings = Settings()
    uvicorn.run(
        create_app(settings, run_worker=run_worker),
        host=host or settings.host,
        port=port or settings.port,
        proxy_headers=False,  # the app decides whom to believe (MYNEWS_TRUSTED_PROXIES)
    )


@app.command()
def worker(threads: int = typer.Option(2, help="Worker threads.")) -> None:
    """Run background tasks (refresh, processing, scheduling) from the queue."""
    from huey.consumer import Consumer

    from mynews.workers import reclaim

    c = build_container(inline=False)
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

    migrate(topics=True)
    last = corpus.last_day()
    if (Settings().clock or "real").strip().lower() in ("", "real"):
        os.environ["MYNEWS_CLOCK"] = f"start:{last:%Y-%m-%d}T18:00:00Z"  # the evening of its last day
    if not serve_after:
        _demo_in_foreground(corpus.newest_first(limit=limit))
        return
    quiet_blas()
    import uvicorn

    from mynews.app.asgi import create_app

    settings = Settings()
    c = build_container(inline=False)
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
        self._merge_entities_when_understood()

    def _merge_entities_when_understood(self, poll: float = 3.0, give_up: float = 3600.0) -> None:
        """Once every article is understood, the entity merge the worker runs nightly (a bare
        surname into the one full name the corpus knows): the demo shows an instance that has
        been running, not its first hour."""
        import time

        from mynews.services.reading import articles
        from mynews.services.understanding.entity_identity import merge_entities

        deadline = time.monotonic() + give_up
        while time.monotonic() < deadline:
            state = articles.progress(self.ctx)
            if state["pending"] == 0:
                report = merge_entities(self.ctx)
                console.print(
                    f"demo entities merged: {report.merged} merged, {report.rekinded} moved to the kind"
                    f" most articles give them, {report.dropped} junk names dropped"
                )
                return
            time.sleep(poll)


def _demo_in_foreground(chosen) -> None:
    """Store and understand everything, then return (``--no-serve``: scripts, benchmarks)."""
    from mynews.services.ingestion import corpus
    from mynews.services.ingestion.processing import process_batch
    from mynews.store import articles as article_rows

    c = build_container()
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
