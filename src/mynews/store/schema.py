"""Migrations: upgrade to head, and the check that refuses to run on an outdated schema."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from mynews.core.errors import SchemaOutdated

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def head_revision(url: str) -> str | None:
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def ensure_current(engine: Engine, url: str) -> None:
    """Raise SchemaOutdated unless the database is at the newest migration."""
    current, head = current_revision(engine), head_revision(url)
    if current != head:
        raise SchemaOutdated(
            f"database schema is at {current or 'nothing'}, the code needs {head}: run `mynews migrate`"
        )
