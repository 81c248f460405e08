"""`mynews entities merge`: apply the current entity rules to stored entities (one entity per
real thing: merge names stored under several kinds or forms, settle each entity's kind by the
vote of its articles, forget junk names)."""

from __future__ import annotations

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from mynews.cli.common import build_container, console

app = typer.Typer(help="Entities: merge names that are one real thing.", no_args_is_help=True)


@app.command()
def merge() -> None:
    """Merge entities that are one real thing, move each to the kind most of its articles give
    it and forget junk names, leaving redirects (follows and the events' entity counts move)."""
    from mynews.services.understanding.entity_identity import merge_entities

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
    ) as bar:
        task = bar.add_task("entities", total=None)
        report = merge_entities(
            build_container().ctx, progress=lambda d, t: bar.update(task, completed=d, total=t)
        )
    console.print(
        f"{report.merged} merged, {report.renamed} renamed, {report.rekinded} moved to the kind"
        f" most articles give them, {report.dropped} junk names dropped"
    )
