"""Use case: every feed source as an OPML document."""

from __future__ import annotations

from mynews.ingest.opml import OpmlOutline, render_opml
from mynews.services.context import Context
from mynews.store import sources


def export_opml(
    ctx: Context, *, source_ids: list[int] | None = None, title: str = "mynews subscriptions"
) -> bytes:
    """Every feed source, or only ``source_ids`` (a reader's followed sources)."""
    with ctx.db.reading() as session:
        outlines = [
            OpmlOutline(title=s.title or s.url, xml_url=s.url, html_url=s.site_url, category=None)
            for s in sources.all_feeds(session)
            if source_ids is None or s.id in source_ids
        ]
    return render_opml(outlines, title=title)
