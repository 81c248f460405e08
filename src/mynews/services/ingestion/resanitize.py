"""Use case: clean rows stored before the current sanitiser (run by ``mynews migrate``).

An instance upgraded from a version that stored articles unsanitised until processing (or
with an older allow-list) is cleaned here: each such article goes through the same arrival
step as a new one (HTML, links, images, sizes, dates), and every source's site link is checked.
Batches of rows, one short transaction each; safe to run again (it only picks stale rows).
"""

from __future__ import annotations

from collections.abc import Callable

from mynews.ingest.arrival import safe_fields
from mynews.ingest.sanitize import SANITIZER_VERSION
from mynews.ingest.web_urls import web_url
from mynews.services.context import Context
from mynews.services.ingestion.arrival import article_limits
from mynews.store import articles, sources

COLUMNS = (
    "url", "title", "standfirst", "section", "authors", "published_at", "language", "site_name",
    "lead_image", "summary_html", "body_html", "text", "captions", "images", "tags", "method",
)  # fmt: skip


def resanitize(ctx: Context, *, batch: int = 200, progress: Callable[[int], None] | None = None) -> int:
    """Clean every stale row; returns how many articles were cleaned."""
    limits, now = article_limits(ctx.settings), ctx.clock.now()
    cleaned, after = 0, 0
    while True:
        with ctx.db.transaction() as session:
            rows = articles.sanitized_before(session, SANITIZER_VERSION, after_id=after, limit=batch)
            for row in rows:
                safe = safe_fields({c: getattr(row, c) for c in COLUMNS}, limits, now)
                if row.url and safe["url"] is None and not row.guid_key:
                    row.guid_key = f"dropped-url#{row.id}"  # keep a key when the URL goes
                for column in (*COLUMNS, "sanitizer_version", "claimed_published_at"):
                    if column in safe:
                        setattr(row, column, safe[column])
        if not rows:
            break
        cleaned, after = cleaned + len(rows), rows[-1].id
        if progress:
            progress(cleaned)
    with ctx.db.transaction() as session:
        for source in sources.with_site_url(session):
            if web_url(source.site_url) is None:
                source.site_url = None
    return cleaned
