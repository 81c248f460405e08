"""Sending new articles to be processed, fairly and without losing any.

Fair: an article's task priority is minus its place in its source's backlog (pending articles
first seen in that source), so the tenth article of a small source runs before the ten-
thousandth of a flood: one source cannot starve the others (round-robin by backlog depth).

Lossless: the article is committed before its task is sent; when the queue cannot take the
task (Redis down), the article stays pending and unclaimed, and the reclaim sweep
(``services.ingestion.reclaim``) sends it again later.
"""

from __future__ import annotations

import logging

from mynews.services.context import Context
from mynews.store import claims

log = logging.getLogger(__name__)


def send_for_processing(ctx: Context, source_id: int | None, article_ids: list[int]) -> int:
    """Queue the tasks of just-committed articles; returns how many were queued."""
    if not article_ids:
        return 0
    with ctx.db.reading() as session:
        backlog = claims.backlog(session, source_id)
    start = max(0, backlog - len(article_ids))
    for place, article_id in enumerate(article_ids):
        try:
            ctx.queue.process(article_id, priority=-(start + place))
        except Exception as err:  # the queue's own errors (Redis, SQLite): the sweep sends them later
            log.warning(
                "could not queue %d articles (%s); the reclaim sweep will", len(article_ids) - place, err
            )
            return place
    return len(article_ids)
