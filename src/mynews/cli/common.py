"""What every `mynews` command shares: the root typer app, the console, building the app from
Settings, progress bars."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from mynews.core.settings import Settings

app = typer.Typer(
    help="mynews: a personalised news feed of stories that matter to you.", no_args_is_help=True
)
console = Console(stderr=True)


def build_container(inline: bool = True):
    from mynews.app.container import build
    from mynews.core.errors import AppError

    try:
        return build(Settings(), inline=inline)
    except AppError as err:  # an outdated schema, a bad setting
        console.print(f"[red]{err.message}[/red]")
        raise typer.Exit(2) from err


def quiet_blas() -> None:
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
