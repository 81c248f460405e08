"""Use case: find the articles whose processing task was lost, and queue them again.

A task can be lost three ways: its worker died mid-task (SIGKILL, OOM: huey had already taken
the task off the queue), the queue lost it (Redis restarted without persistence), or it was
never queued (the queue was down when the article was stored). The articles table is the record
of what still needs doing:

- a pending article whose claim outlived ``MYNEWS_PROCESS_LEASE`` belonged to a dead worker:
  it is queued again (the new task may take the expired claim over);
- a pending, unclaimed article older than one sweep interval is queued again only when the
  queue is empty (otherwise its task is most likely still waiting in the queue, and queueing
  a backlog twice would only make it longer).

Sending a task twice is harmless: a claim lets one worker process an article, and only once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from mynews.services.context import Context
from mynews.store import claims

log = logging.getLogger(__name__)
LIMIT = 1000


@dataclass(frozen=True)
class SweepReport:
    expired: int
    unqueued: int


def sweep(ctx: Context, *, queue_is_empty: Callable[[], bool]) -> SweepReport:
    now = ctx.clock.now()
    lease = timedelta(seconds=ctx.settings.process_lease)
    grace = timedelta(seconds=max(ctx.settings.reclaim_interval, 1.0))
    with ctx.db.reading() as session:
        expired = claims.expired(session, now - lease, LIMIT)
        unclaimed = claims.unclaimed(session, now - grace, LIMIT) if queue_is_empty() else []
    for article_id in [*expired, *unclaimed]:
        ctx.queue.process(article_id, priority=-LIMIT)
    if expired or unclaimed:
        log.warning(
            "reclaim: queued again %d articles of dead workers and %d whose task was lost",
            len(expired),
            len(unclaimed),
        )
    return SweepReport(len(expired), len(unclaimed))
