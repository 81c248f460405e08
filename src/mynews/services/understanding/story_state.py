"""Story rows kept in step with their members: state for clustering, rebuilt summaries, and the
split of a story that has drifted into two developments."""

from __future__ import annotations

from collections import Counter

from mynews.enrich.embeddings import from_bytes, to_bytes
from mynews.services.understanding.similarity import STORY_ENTITIES
from mynews.store import entities as entity_rows
from mynews.store import reader_activity
from mynews.store import stories as story_rows
from mynews.store.db import Session
from mynews.store.models import Article, Story
from mynews.stories.clustering import StoryInput, StoryState, add_to_story, new_story
from mynews.stories.drift import SplitParams, split_story
from mynews.stories.labels import label_story, representative

CHECK_DRIFT_EVERY = 3  # articles


def state_of(session: Session, story: Story) -> StoryState:
    """What clustering needs of a stored story (with its 20 newest member vectors)."""
    recent = tuple(from_bytes(v) for v in story_rows.recent_vectors(session, story.id, 20))
    assert story.centroid is not None and story.first_published and story.last_published
    return StoryState(
        story.id,
        from_bytes(story.centroid),
        dict(story.entity_counts or {}),
        story.first_published,
        story.last_published,
        story.size,
        recent,
    )


def member_inputs(session: Session, members: list[Article]) -> list[StoryInput]:
    keys = entity_rows.keys_of_articles(session, [m.id for m in members], top=STORY_ENTITIES)
    return [
        StoryInput(m.id, from_bytes(m.vector), frozenset(keys.get(m.id, [])), m.published_at)
        for m in members
        if m.vector
    ]


def write_state(story: Story, state: StoryState) -> None:
    """Copy clustering's view of a story onto its row."""
    story.centroid, story.entity_counts, story.size = (
        to_bytes(state.centroid),
        dict(state.entity_counts),
        state.size,
    )
    story.first_published, story.last_published = state.first_published, state.last_published
    story.updated_at = state.last_published


def summarise(session: Session, story: Story, members: list[Article], inputs: list[StoryInput]) -> None:
    """Recompute a story row from its members: centroid, entities, dates, size, label, representative."""
    if not inputs:
        return
    state = new_story(story.id, inputs[0])
    for item in inputs[1:]:
        state = add_to_story(state, item)
    write_state(story, state)
    label_members(session, story, members, [i.vector for i in inputs])


def label_members(session: Session, story: Story, members: list[Article], vectors: list) -> None:
    import numpy as np

    names = []
    for key, _ in Counter(story.entity_counts or {}).most_common(3):
        entity = entity_rows.by_key(session, key)
        if entity is not None:
            names.append(entity.name)
    label = label_story([m.title for m in members[:50]], names)
    if label and story.label and label != story.label:  # its followers see the new name
        reader_activity.rename_follows(session, "story", str(story.id), label)
    story.label = label
    with_vectors = [m for m in members if m.vector]
    if with_vectors:
        story.representative_id = with_vectors[representative(np.vstack(vectors[: len(with_vectors)]))].id
    session.flush()
    story.source_count = story_rows.source_count(session, story.id)


def split_if_drifted(
    session: Session, story: Story, params: SplitParams | None = None
) -> tuple[int, list[int]] | None:
    """When a story's members form two developments, the later one becomes a story of its own.

    Returns (new story id, the ids of the articles moved to it), or None when nothing split."""
    members = story_rows.members(session, story.id, limit=1000, ready_only=False)
    inputs = member_inputs(session, members)
    groups = split_story(inputs, params)
    if len(groups) < 2:
        return None
    later = set(groups[1])
    moved = [m for m in members if m.id in later]
    kept = [m for m in members if m.id not in later]
    first = next(i for i in inputs if i.id in later)
    child = story_rows.create(
        session,
        storyline_id=story.storyline_id,
        label="",
        centroid=to_bytes(first.vector),
        entity_counts={},
        size=0,
        source_count=0,
        first_published=first.published,
        last_published=first.published,
        representative_id=first.id,
        updated_at=first.published,
    )
    story_rows.assign(session, [m.id for m in moved], child.id)
    for m in moved:
        m.story_id = child.id
    summarise(session, child, moved, [i for i in inputs if i.id in later])
    summarise(session, story, kept, [i for i in inputs if i.id not in later])
    return child.id, [m.id for m in moved]
