"""Storyline rows kept in step with their events: a new event joins the best storyline or starts
one, a growing event grows its storyline, two storylines that have grown into one thing merge
(the smaller leaves a redirect and its followers follow the other), and rebuilt rows are
summarised from their events."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from datetime import datetime

from mynews.enrich.embeddings import from_bytes, to_bytes
from mynews.enrich.headline_words import tag_headline
from mynews.store import entities as entity_rows
from mynews.store import reader_activity
from mynews.store import storylines as storyline_rows
from mynews.store.db import Session
from mynews.store.models import Story, Storyline
from mynews.stories.specificity import EntityIdf
from mynews.stories.storyline_labels import label_storyline
from mynews.stories.storylines import (
    EventSummary,
    StorylineState,
    add_article,
    add_event,
    assign_storyline,
    keeps_identity,
    merge_storylines,
    merge_target,
    new_storyline,
)


def event_summary(story: Story) -> EventSummary:
    assert story.centroid is not None and story.first_published and story.last_published
    return EventSummary(
        story.id,
        from_bytes(story.centroid),
        dict(story.entity_counts or {}),
        max(1, story.size),
        story.first_published,
        story.last_published,
    )


def state_of(row: Storyline) -> StorylineState:
    assert row.centroid is not None and row.first_published and row.last_published
    return StorylineState(
        row.id,
        from_bytes(row.centroid),
        dict(row.entity_counts or {}),
        row.first_published,
        row.last_published,
        row.size,
        row.article_count,
    )


def write_state(row: Storyline, state: StorylineState) -> None:
    row.centroid, row.entity_counts = to_bytes(state.centroid), dict(state.entity_counts)
    row.size, row.article_count = state.size, state.article_count
    row.first_published, row.last_published = state.first_published, state.last_published
    row.updated_at = state.last_published


def join_storyline(
    session: Session,
    story: Story,
    candidate_ids: Iterable[int],
    idf: EntityIdf | None,
    nearest: Mapping[Hashable, float] | None = None,
) -> int:
    """Put a new event in the best of the candidate storylines, or in a storyline of its own.

    ``nearest``: per candidate storyline, the best cosine of the event's article to one of its
    members among the article's nearest neighbours (``storylines.nearest_members``)."""
    event = event_summary(story)
    rows = storyline_rows.many(session, sorted(set(candidate_ids)))
    states = [state_of(r) for r in rows if r.centroid is not None]
    decision = assign_storyline(event, states, idf=idf, nearest=nearest)
    if decision.storyline_id is None:
        row = storyline_rows.create(session, label="", entity_counts={}, size=0, article_count=0)
        write_state(row, new_storyline(row.id, event))
    else:
        row = next(r for r in rows if r.id == decision.storyline_id)
        write_state(row, add_event(state_of(row), event))
    story.storyline_id = row.id
    relabel(session, row, idf)
    return row.id


def grow_storyline(
    session: Session,
    story: Story,
    vector,
    entities: frozenset[str],
    published: datetime,
    idf: EntityIdf | None,
) -> None:
    """One more article joined ``story``: its storyline grows with it."""
    row = storyline_rows.get(session, story.storyline_id, for_update=True) if story.storyline_id else None
    if row is None or row.centroid is None:
        return
    write_state(row, add_article(state_of(row), vector, entities, published))
    if relabel_due(row.article_count):
        relabel(session, row, idf)


def merge_if_one(
    session: Session, story: Story, candidate_ids: Iterable[int], idf: EntityIdf | None, now: datetime
) -> int | None:
    """When the storyline of ``story`` as a whole matches one of the candidate storylines, the
    two become one: the larger keeps its id, the other's events move to it, its id redirects
    there and its followers follow it. Returns the storyline that is gone, or None."""
    if story.storyline_id is None:
        return None
    ids = sorted({*candidate_ids, story.storyline_id})
    if len(ids) < 2:
        return None
    rows = {r.id: r for r in storyline_rows.many(session, ids) if r.centroid is not None}
    mine = rows.get(story.storyline_id)
    if mine is None:
        return None
    states = {i: state_of(r) for i, r in rows.items()}
    decision = merge_target(states[mine.id], [s for i, s in states.items() if i != mine.id], idf=idf)
    if decision.storyline_id is None:
        return None
    other = int(decision.storyline_id)  # type: ignore[call-overload]
    for row_id in sorted((mine.id, other)):  # lock both, in id order
        storyline_rows.get(session, row_id, for_update=True)
    keep, gone = (mine.id, other) if keeps_identity(states[mine.id], states[other]) else (other, mine.id)
    kept, lost = rows[keep], rows[gone]
    write_state(kept, merge_storylines(states[keep], states[gone]))
    storyline_rows.move_events(session, storyline_rows.event_ids(session, gone), keep)
    if story.storyline_id == gone:
        story.storyline_id = keep
    session.flush()
    relabel(session, kept, idf)
    storyline_rows.add_redirect(session, "storyline", gone, keep, "merged", now)
    reader_activity.rekey_follows(session, "storyline", str(gone), str(keep), kept.label or "")
    session.delete(lost)
    session.flush()
    return gone


def relabel_due(article_count: int) -> bool:
    """Labels and source counts are refreshed at 1-4 articles, then at every power of two and
    every 25th article: cheap for a storyline of thousands, current for a young one."""
    n = article_count
    return n <= 4 or n % 25 == 0 or (n & (n - 1)) == 0


def summarise(session: Session, row: Storyline, events: Sequence[Story], idf: EntityIdf | None) -> None:
    """Recompute a storyline from its events (after a rebuild)."""
    summaries = [event_summary(e) for e in events if e.centroid is not None and e.first_published]
    if not summaries:
        return
    state = new_storyline(row.id, summaries[0])
    for event in summaries[1:]:
        state = add_event(state, event)
    write_state(row, state)
    relabel(session, row, idf)


def relabel(session: Session, row: Storyline, idf: EntityIdf | None) -> None:
    """Name the storyline after what its headlines keep saying or its most central specific
    entities; count its sources."""
    counts = Counter(row.entity_counts or {})
    names = {}
    for key, _ in counts.most_common(8):
        entity = entity_rows.by_key(session, key)
        if entity is not None:
            names[key] = entity.name
    events = storyline_rows.events(session, row.id, limit=50)
    label = label_storyline(
        counts, names, [e.label for e in events], idf, row.article_count, tagger=tag_headline
    )
    if label and label != row.label:
        if row.label:  # a storyline that had a name: its followers see the new one
            reader_activity.rename_follows(session, "storyline", str(row.id), label)
        row.label = label
    biggest = max(events, key=lambda e: (e.size, e.id), default=None)
    row.representative_id = biggest.representative_id if biggest is not None else row.representative_id
    session.flush()
    row.source_count = storyline_rows.source_count(session, row.id)
