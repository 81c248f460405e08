"""Use case: send a refresh task for every source that is due.

Each due source gets a lease (its next check moved ten minutes on) before its task is sent, so
a slow refresh is not sent twice; the refresh itself sets the real next check.
"""

from __future__ import annotations

from datetime import timedelta

from mynews.services.context import Context
from mynews.store import sources

LEASE = timedelta(minutes=10)


def enqueue_due(ctx: Context, limit: int = 200) -> int:
    now = ctx.clock.now()
    with ctx.db.transaction() as session:
        due = sources.due(session, now, limit)
        sources.lease(session, due, now + LEASE)
    for source_id in due:
        ctx.queue.refresh(source_id)
    return len(due)
