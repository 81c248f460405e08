"""What every use case receives: database, settings, clock, the task queue and the signing key."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from mynews.core.clock import Clock
from mynews.core.settings import Settings
from mynews.store.db import Database


class TaskQueue(Protocol):
    """Where use cases send follow-up work, after their transaction has committed."""

    def refresh(self, source_id: int) -> None: ...

    def process(self, article_id: int, priority: int = 0) -> None:
        """Queue an article's processing; a higher priority runs first."""
        ...

    def pictures(self, article_id: int) -> None: ...

    def article_ready(self, article_id: int) -> None:
        """An article was processed and committed: alerts and webhooks may follow."""

    def deliver_webhooks(self) -> None:
        """Webhook events wait in the outbox."""


@dataclass
class Context:
    db: Database
    settings: Settings
    clock: Clock
    queue: TaskQueue = field(default=None)  # type: ignore[assignment]
    secret_key: str = ""  # signs tokens sent by mail (unsubscribe); empty: settings.secret_key

    @property
    def signing_key(self) -> str:
        return self.secret_key or self.settings.secret_key
