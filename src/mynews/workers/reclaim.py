"""The reclaim sweep on a timer, in every worker process (huey's periodic tasks run at most once
a minute, and their schedule itself lives in the queue that may have been lost)."""

from __future__ import annotations

import logging
import threading

from huey import Huey

from mynews.services.context import Context
from mynews.services.ingestion import reclaim

log = logging.getLogger(__name__)


class Sweeper(threading.Thread):
    """Runs ``reclaim.sweep`` every ``interval`` seconds until stopped; errors are logged (the
    database or the queue may be down for a while) and the next sweep tries again."""

    def __init__(self, ctx: Context, huey: Huey, interval: float) -> None:
        super().__init__(name="reclaim-sweeper", daemon=True)
        self.ctx, self.huey, self.interval = ctx, huey, max(0.5, interval)
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                reclaim.sweep(self.ctx, queue_is_empty=lambda: self.huey.pending_count() == 0)
            except Exception as err:  # the database or the queue is down: try again next time
                log.warning("reclaim sweep failed: %s", err)

    def stop(self) -> None:
        self.stopped.set()


def start(ctx: Context, huey: Huey) -> Sweeper:
    sweeper = Sweeper(ctx, huey, ctx.settings.reclaim_interval)
    sweeper.start()
    return sweeper
