"""The few places where SQLite and PostgreSQL need different SQL (search lives in search.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session


def insert_ignoring_conflicts(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """INSERT rows, skipping those that hit a unique constraint (ON CONFLICT DO NOTHING)."""
    if not rows:
        return
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(table).on_conflict_do_nothing(), rows)
