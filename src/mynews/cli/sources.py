"""`mynews extract`, `ingest`, `refresh`, `sources …` and `opml …`: getting the news in."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from mynews.cli.common import app, build_container, console, progress
from mynews.core.settings import Settings

sources_app = typer.Typer(help="Manage sources (feeds, push publishers).", no_args_is_help=True)
opml_app = typer.Typer(help="Import and export OPML subscription lists.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
app.add_typer(opml_app, name="opml")


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

    c = build_container()
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

    c = build_container()
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
        build_container().ctx,
        source_id,
        full_text=full_text,
        aggregator=aggregator,
        allow_internal=allow_internal,
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
        source_id, token = create_push_source(build_container().ctx, name, site_url, host)
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
    c = build_container()
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

    c = build_container()
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

    report = ingest_one(build_container().ctx, str(path))
    if report.error:
        console.print(f"[red]{report.error}[/red]")
        raise typer.Exit(1)
    console.print(f"{len(report.sources)} sources")


@opml_app.command("export")
def opml_export() -> None:
    """Print every feed source as OPML."""
    from mynews.services.ingestion.opml_export import export_opml

    sys.stdout.buffer.write(export_opml(build_container().ctx))
