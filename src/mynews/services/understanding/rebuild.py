"""Use cases run by operators after a rule or model change: re-cluster a period from stored
vectors, and rebuild every stored vector with the configured embedder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from mynews.enrich.embeddings import get_embedder, to_bytes
from mynews.services.context import Context
from mynews.services.understanding.pipeline import article_text
from mynews.services.understanding.similarity import forget
from mynews.services.understanding.story_state import member_inputs, split_if_drifted, summarise
from mynews.store import articles as article_rows
from mynews.store import stories as story_rows
from mynews.stories.clustering import cluster_period

Progress = Callable[[int, int], None]


def recluster(ctx: Context, start: datetime, end: datetime, *, progress: Progress | None = None) -> int:
    """Re-cluster every article published in [start, end); returns the number of stories made."""
    with ctx.db.transaction() as session:
        rows = story_rows.period(session, start, end)
        inputs = member_inputs(session, rows)
        by_id = {a.id: a for a in rows}
        story_rows.assign(session, [a.id for a in rows], None)
        clusters = cluster_period(inputs)
        made = 0
        for done, members in enumerate(clusters, 1):
            wanted = set(members)
            items = [i for i in inputs if i.id in wanted]
            member_rows = [by_id[int(i.id)] for i in items]  # type: ignore[call-overload]
            story = story_rows.create(session, label="", size=0, source_count=0, entity_counts={})
            story_rows.assign(session, [m.id for m in member_rows], story.id)
            for m in member_rows:
                m.story_id = story.id
            summarise(session, story, member_rows, items)
            made += 1 + (split_if_drifted(session, story) is not None)
            if progress:
                progress(done, len(clusters))
        story_rows.delete_empty(session)
    forget(ctx.db.url)
    return made


def reembed(ctx: Context, *, batch: int = 64, progress: Progress | None = None) -> int:
    """Recompute the vector of every ready article with the configured model."""
    embedder = get_embedder(ctx.settings.embedding_model)
    after, done = 0, 0
    with ctx.db.reading() as session:
        total = article_rows.count(session, "ready")
    while True:
        with ctx.db.transaction() as session:
            page = article_rows.ready_after(session, after, batch)
            if not page:
                break
            vectors = embedder.embed([article_text(a).lead for a in page])
            for a, v in zip(page, vectors, strict=True):
                a.vector, a.vector_model = to_bytes(v), embedder.name
            after, done = page[-1].id, done + len(page)
        if progress:
            progress(done, total)
    forget(ctx.db.url)
    return done
