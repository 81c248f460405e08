"""`mynews readers`: create readers (operators with --admin), list them, make one an admin."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from mynews.cli.common import build_container, console
from mynews.core.errors import AppError
from mynews.services.context import Context

app = typer.Typer(help="Reader accounts.", no_args_is_help=True)


@app.command()
def create(
    email: str,
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
    name: str = typer.Option("", help="Display name."),
    admin: bool = typer.Option(False, "--admin", help="An operator: may see /admin pages."),
) -> None:
    """Create a reader account (the first one is always an admin)."""
    from mynews.services.readers import accounts

    try:
        reader = accounts.sign_up(build_container().ctx, email, password, name=name, admin=admin)
    except AppError as err:
        console.print(f"[red]{err.message}[/red]")
        raise typer.Exit(1) from err
    console.print(f"reader #{reader.id} {reader.email}{' (admin)' if reader.is_admin else ''}")


@app.command("list")
def list_readers(after: int = typer.Option(0, help="Show readers with a larger id.")) -> None:
    """List readers, 100 at a time."""
    from mynews.services.readers import accounts

    table = Table("id", "email", "name", "admin", "onboarded", "created")
    for r in accounts.list_readers(build_container().ctx, after_id=after, limit=100):
        table.add_row(
            str(r.id),
            r.email,
            r.name,
            "yes" if r.is_admin else "",
            "yes" if r.onboarded else "",
            f"{r.created_at:%Y-%m-%d %H:%M}",
        )
    Console().print(table)


@app.command("make-admin")
def make_admin(
    email: str, revoke: bool = typer.Option(False, "--revoke", help="Take the admin role away.")
) -> None:
    """Give a reader the admin role (or take it away with --revoke)."""
    from mynews.services.readers import accounts

    try:
        reader = accounts.make_admin(build_container().ctx, email, admin=not revoke)
    except AppError as err:
        console.print(f"[red]{err.message}[/red]")
        raise typer.Exit(1) from err
    console.print(f"{reader.email}: {'admin' if reader.is_admin else 'not an admin'}")


def _reader_id(ctx: Context, email: str) -> tuple[int, str]:
    from mynews.services.readers import accounts

    reader = accounts.reader_by_email(ctx, email)
    if reader is not None:
        return reader.id, reader.email
    console.print(f"[red]no reader with email {email}[/red]")
    raise typer.Exit(1)


@app.command("add-app-password")
def add_app_password(email: str, name: str = typer.Option("app", help="Which app it is for.")) -> None:
    """Create an app password for reader apps (Miniflux, Google Reader, Fever APIs); printed once."""
    from mynews.services.delivery import app_passwords

    ctx = build_container().ctx
    reader_id, address = _reader_id(ctx, email)
    view, raw = app_passwords.create(ctx, reader_id, address, name)
    console.print(f"app password #{view.id} for {address} ({view.name}):")
    print(raw)


@app.command("app-passwords")
def list_app_passwords(email: str) -> None:
    """List a reader's app passwords."""
    from mynews.services.delivery import app_passwords

    ctx = build_container().ctx
    table = Table("id", "name", "created", "last used")
    for p in app_passwords.listing(ctx, _reader_id(ctx, email)[0]):
        used = f"{p.last_used_at:%Y-%m-%d %H:%M}" if p.last_used_at else ""
        table.add_row(str(p.id), p.name, f"{p.created_at:%Y-%m-%d %H:%M}", used)
    Console().print(table)


@app.command("revoke-app-password")
def revoke_app_password(email: str, password_id: int) -> None:
    """Revoke one of a reader's app passwords: the app using it is signed out."""
    from mynews.services.delivery import app_passwords

    ctx = build_container().ctx
    try:
        app_passwords.revoke(ctx, _reader_id(ctx, email)[0], password_id)
    except AppError as err:
        console.print(f"[red]{err.message}[/red]")
        raise typer.Exit(1) from err
    console.print(f"app password #{password_id} revoked")
