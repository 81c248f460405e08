"""Migrations build the schema from nothing, and the app refuses an outdated one."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from mynews.app.container import build
from mynews.core.errors import SchemaOutdated
from mynews.core.settings import Settings
from mynews.store.db import Database
from mynews.store.models import Base
from mynews.store.schema import current_revision, ensure_current, head_revision


def test_migrations_create_every_model_table(db: Database) -> None:
    tables = set(inspect(db.engine).get_table_names())
    assert {t.name for t in Base.metadata.sorted_tables} <= tables
    assert current_revision(db.engine) == head_revision(db.url)
    ensure_current(db.engine, db.url)


def test_app_refuses_to_start_on_an_unmigrated_database(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    with pytest.raises(SchemaOutdated) as err:
        build(settings)
    assert "mynews migrate" in err.value.message
