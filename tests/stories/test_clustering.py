"""Online story assignment: joining, starting, time decay, entity overlap, state updates.

Vectors here are small hand-made unit vectors so that every score can be checked by hand;
the quality on real articles is in test_story_quality.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from mynews.stories.clustering import (
    StoryInput,
    StoryParams,
    add_to_story,
    assign_story,
    cluster_period,
    entity_overlap,
    main_entities,
    new_story,
    time_factor,
)

DAY0 = datetime(2012, 5, 6, 12, 0)


def unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def item(name: str, vector: np.ndarray, entities: set[str], days: float = 0.0) -> StoryInput:
    return StoryInput(name, vector, frozenset(entities), DAY0 + timedelta(days=days))


GREECE = item("a", unit(1, 0, 0), {"greece", "golden dawn", "athens"})
GREECE_NEXT = item("b", unit(0.9, 0.3, 0), {"greece", "golden dawn"}, days=1)
RUSSIA = item("c", unit(0, 1, 0), {"russia", "putin", "moscow"}, days=1)


def test_similar_article_joins_and_unrelated_one_starts_a_story() -> None:
    story = new_story("s1", GREECE)
    joined = assign_story(GREECE_NEXT, [story])
    assert joined.story_id == "s1"
    assert joined.score == pytest.approx(0.8 * float(unit(0.9, 0.3, 0)[0]) + 0.2 * 1.0)
    assert assign_story(RUSSIA, [story]).story_id is None


def test_time_decay_and_max_gap() -> None:
    story = new_story("s1", GREECE)
    params = StoryParams()
    late = item("d", GREECE_NEXT.vector, GREECE_NEXT.entities, days=params.grace_days + params.half_life_days)
    assert time_factor(late, story, params) == pytest.approx(0.5)
    far = item("e", GREECE.vector, GREECE.entities, days=params.max_gap_days + 1)
    assert assign_story(far, [story]).story_id is None
    assert time_factor(GREECE_NEXT, story, params) == 1.0


def test_shared_entities_can_tip_the_balance() -> None:
    story = new_story("s1", GREECE)
    halfway = unit(0.6, 0.8, 0)  # cosine 0.6 to the story
    with_names = item("f", halfway, {"greece", "golden dawn"}, days=1)
    without = item("g", halfway, {"spain"}, days=1)
    assert assign_story(with_names, [story]).story_id == "s1"
    assert assign_story(without, [story]).story_id is None


def test_add_to_story_updates_centroid_counts_and_dates() -> None:
    story = add_to_story(new_story("s1", GREECE), GREECE_NEXT)
    assert story.size == 2
    assert np.allclose(story.centroid, (GREECE.vector + GREECE_NEXT.vector) / 2)
    assert story.entity_counts == {"greece": 2, "golden dawn": 2, "athens": 1}
    assert (story.first_published, story.last_published) == (GREECE.published, GREECE_NEXT.published)
    assert main_entities(story, StoryParams()) == {"greece", "golden dawn", "athens"}
    assert main_entities(story, StoryParams(main_entity_share=0.75)) == {"greece", "golden dawn"}


def test_entity_overlap() -> None:
    assert entity_overlap(frozenset({"a", "b"}), {"a", "b", "c", "d"}) == 1.0
    assert entity_overlap(frozenset({"a", "x"}), {"a", "b"}) == 0.5
    assert entity_overlap(frozenset(), {"a"}) == 0.0


def test_cluster_period_runs_in_time_order() -> None:
    later_greece = item("h", unit(1, 0.1, 0), {"greece"}, days=2)
    clusters = cluster_period([later_greece, RUSSIA, GREECE_NEXT, GREECE])
    assert sorted(map(sorted, clusters)) == [["a", "b", "h"], ["c"]]
    assert cluster_period([]) == []
