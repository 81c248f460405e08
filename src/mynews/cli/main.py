"""`mynews` commands, one module per part of the work; long runs show rich progress bars.

Importing a command module registers its commands on the root app (``cli.common.app``)."""

from __future__ import annotations

from mynews.cli import ranking, serving, sources, understanding
from mynews.cli.common import app
from mynews.cli.delivery import app as digest_app
from mynews.cli.entities import app as entities_app
from mynews.cli.readers import app as readers_app

app.add_typer(readers_app, name="readers")
app.add_typer(entities_app, name="entities")
app.add_typer(digest_app, name="digest")

__all__ = ["app", "ranking", "serving", "sources", "understanding"]
