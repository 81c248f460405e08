"""A throwaway mynews instance for a bench: migrated SQLite in a temporary folder, with an
inline queue, so processing runs in this process. Shared by bench/understanding.py and
bench/entity_audit.py."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mynews.core.clock import Clock
from mynews.core.settings import Settings
from mynews.services.context import Context
from mynews.store.db import Database
from mynews.store.schema import upgrade
from mynews.workers.inline import InlineQueue


@contextmanager
def scratch_context(name: str) -> Iterator[Context]:
    """A migrated instance in a temporary folder (``name``.db), removed afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / (name + '.db')}"
        upgrade(url)
        settings = Settings(data_dir=Path(tmp), database_url=url, _env_file=None)  # type: ignore[call-arg]
        ctx = Context(db=Database(url), settings=settings, clock=Clock())
        ctx.queue = InlineQueue(ctx)
        try:
            yield ctx
        finally:
            ctx.db.dispose()
