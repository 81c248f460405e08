"""`mynews digest`: preview a reader's e-mail digest, and send the digests that are due (what the
scheduler runs; the huey worker also runs it every five minutes)."""

from __future__ import annotations

from pathlib import Path

import typer

from mynews.cli.common import build_container, console
from mynews.core.errors import AppError

app = typer.Typer(help="E-mail digests.", no_args_is_help=True)


@app.command()
def preview(
    email: str,
    out: Path | None = typer.Option(
        None, "--out", help="Save the message (.eml) here instead of printing it."
    ),
) -> None:
    """Build the digest this reader would get now and print it (or save it as an .eml file)."""
    from mynews.services.delivery import digests

    try:
        message = digests.preview(build_container().ctx, email)
    except AppError as err:
        console.print(f"[red]{err.message}[/red]")
        raise typer.Exit(1) from err
    data = message.as_bytes()
    if out is None:
        typer.echo(data.decode("utf-8", errors="replace"))
    else:
        out.write_bytes(data)
        console.print(f"saved {out} ({len(data):,} bytes): {message['Subject']}")


@app.command()
def send(
    due: bool = typer.Option(False, "--due", help="Send every digest whose time has come."),
) -> None:
    """Send the digests that are due, each once per reader and period."""
    from mynews.services.delivery import outbox

    if not due:
        console.print("nothing to do: pass --due to send the digests that are due")
        raise typer.Exit(2)
    report = outbox.send_due(build_container().ctx)
    console.print(
        f"planned {report.planned}, sent {report.sent}, nothing new {report.empty}, "
        f"retrying {report.retrying}, failed {report.failed}"
    )
    for error in report.errors:
        console.print(f"[yellow]{error}[/yellow]")
    raise typer.Exit(1 if report.failed else 0)
