"""Use cases run by operators after a rule or model change: re-cluster a period from stored
vectors, and rebuild every stored vector with the configured embedder."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime

from mynews.enrich.embeddings import from_bytes, get_embedder, to_bytes
from mynews.services.context import Context
from mynews.services.similarity import forget
from mynews.services.understanding import article_text
from mynews.stories.clustering import StoryInput, add_to_story, cluster_period, new_story
from mynews.stories.labels import label_story, representative
from mynews.store import articles as article_rows
from mynews.store import entities as entity_rows
from mynews.store import stories as story_rows

Progress = Callable[[int, int], None]


def recluster(ctx: Context, start: datetime, end: datetime, *, progress: Progress | None = None) -> int:
    """Re-cluster every article published in [start, end); returns the number of stories made."""
    with ctx.db.transaction() as session:
        rows = story_rows.period(session, start, end)
        keys = entity_rows.keys_of_articles(session, [a.id for a in rows])
        inputs = [StoryInput(a.id, from_bytes(a.vector), frozenset(keys.get(a.id, [])), a.published_at)
                  for a in rows if a.vector]
        by_id = {a.id: a for a in rows}
        story_rows.assign(session, [a.id for a in rows], None)
        clusters = cluster_period(inputs)
        names: dict[str, str] = {}
        made: list[int] = []
        for done, members in enumerate(clusters, 1):
            items = [i for i in inputs if i.id in set(members)]
            state = new_story(0, items[0])
            for item in items[1:]:
                state = add_to_story(state, item)
            member_rows = [by_id[int(i.id)] for i in items]  # type: ignore[call-overload]
            top = [k for k, _ in Counter(state.entity_counts).most_common(3)]
            for key in top:
                if key not in names:
                    entity = entity_rows.by_key(session, key)
                    names[key] = entity.name if entity else key
            story = story_rows.create(
                session, label=label_story([m.title for m in member_rows], [names[k] for k in top]),
                centroid=to_bytes(state.centroid), entity_counts=dict(state.entity_counts), size=state.size,
                source_count=0, first_published=state.first_published, last_published=state.last_published,
                representative_id=member_rows[representative([i.vector for i in items])].id,
                updated_at=state.last_published,
            )
            story_rows.assign(session, [m.id for m in member_rows], story.id)
            made.append(story.id)
            if progress:
                progress(done, len(clusters))
        session.flush()
        for story in story_rows.many(session, made):
            story.source_count = story_rows.source_count(session, story.id)
        story_rows.delete_empty(session)
    forget(ctx.db.url)
    return len(clusters)


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
