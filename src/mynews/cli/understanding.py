"""`mynews topics …`, `recluster`, `reembed` and `search`: what mynews understood."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from mynews.cli.common import app, build_container, console, progress

topics_app = typer.Typer(help="Topics: list them, and define operator rule topics.", no_args_is_help=True)
app.add_typer(topics_app, name="topics")


@topics_app.command("list")
def topics_list(kind: str = typer.Option(None, help="iptc, section or rule")) -> None:
    """Topics with their article counts."""
    from mynews.services.browsing.topics import list_topics

    table = Table("key", "kind", "name", "articles")
    for t in list_topics(build_container().ctx, kind=kind):
        table.add_row(t.key, t.kind, t.name, str(t.article_count))
    Console().print(table)


@topics_app.command("reassign")
def topics_reassign() -> None:
    """Re-choose every stored article's IPTC topics with the shipped classifier (after retraining)."""
    from mynews.services.understanding.rebuild import reassign_iptc

    c = build_container()
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

    c = build_container()
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

    c = build_container()
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

    c = build_container()
    with progress() as bar:
        task = bar.add_task("embedding", total=None)
        done = run(c.ctx, progress=lambda d, total: bar.update(task, completed=d, total=total))
    console.print(f"{done} vectors rebuilt with {c.settings.embedding_model}")


@app.command()
def search(query: str, limit: int = typer.Option(10)) -> None:
    """Search stored articles (full text and meaning)."""
    from mynews.services.browsing.search import search as run

    for hit in run(build_container().ctx, query, limit=limit).hits:
        Console().print(
            f"[bold]{hit.article.title}[/bold]  #{hit.article.id} {hit.article.published_at:%Y-%m-%d} "
            f"({', '.join(hit.matched)})"
        )
