"""Online event assignment: joining, starting, the time window, specific entities, the core
that does not drift, state updates.

Vectors here are small hand-made unit vectors so that every feature can be checked by hand;
the quality on real articles is in test_story_quality.py and test_current_events_quality.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from mynews.stories.clustering import (
    EVENT_FEATURES,
    StoryInput,
    StoryParams,
    add_to_story,
    assign_story,
    cluster_period,
    entity_overlap,
    event_features,
    main_entities,
    new_story,
)
from mynews.stories.pair_model import load
from mynews.stories.specificity import EntityIdf

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
    features = event_features(GREECE_NEXT, story, StoryParams())
    assert set(features) == set(EVENT_FEATURES)
    assert joined.score == pytest.approx(load("event_model").probability(features))
    assert joined.vector_similarity == pytest.approx(float(unit(0.9, 0.3, 0)[0]), abs=1e-6)
    assert assign_story(RUSSIA, [story]).story_id is None
    assert 0.0 < assign_story(RUSSIA, [story]).score < joined.score


def test_time_window() -> None:
    story = new_story("s1", GREECE)
    params = StoryParams()
    far = item("e", GREECE.vector, GREECE.entities, days=params.max_gap_days + 1)
    assert assign_story(far, [story]).story_id is None
    later = item("d", GREECE_NEXT.vector, GREECE_NEXT.entities, days=20)
    assert assign_story(later, [story]).score < assign_story(GREECE_NEXT, [story]).score


def test_shared_specific_entities_tip_the_balance_and_hub_entities_do_not() -> None:
    idf = EntityIdf()
    for n in range(200):  # "united states" in 3 of 4 articles, the rest rare
        idf.add({"united states", f"name{n}"} if n % 4 else {f"name{n}"})
    story = new_story("s1", item("a", unit(1, 0, 0), {"united states", "chevron", "venezuela"}))
    halfway = unit(0.75, 0.66, 0)  # cosine 0.75 to the story
    specific = item("f", halfway, {"chevron", "venezuela"}, days=1)
    hub = item("g", halfway, {"united states"}, days=1)
    params = StoryParams()
    assert event_features(hub, story, params, idf)["ent"] < 0.3
    assert event_features(specific, story, params, idf)["ent"] == pytest.approx(1.0)
    assert assign_story(specific, [story], idf=idf).story_id == "s1"
    assert assign_story(hub, [story], idf=idf).story_id is None


def test_the_core_does_not_drift() -> None:
    """An event is compared with its first members: a chain of small steps away from them
    moves the newest members, not the core."""
    story = new_story("s1", GREECE)
    for n in range(1, 12):
        angle = 0.12 * n
        story = add_to_story(story, item(f"m{n}", unit(np.cos(angle), np.sin(angle), 0), {"greece"}, n / 4))
    params = StoryParams()
    assert len(story.core) == params.core_size and np.allclose(story.core[0], GREECE.vector)
    assert len(story.recent) == params.recent_members
    far = item("z", unit(np.cos(1.8), np.sin(1.8), 0), {"greece"}, days=3)
    features = event_features(far, story, params)
    assert features["cos_core"] < 0.2 < features["cos_recent"]


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
