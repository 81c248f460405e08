"""A new event joins a storyline also by its nearest member: an umbrella storyline whose
centroid has drifted away (a war over months) still takes a new event that is close to one of
its recent articles, and the nearest member only counts for the storyline it belongs to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from mynews.stories.storylines import (
    EventSummary,
    StorylineParams,
    StorylineState,
    assign_storyline,
    merge_target,
    nearest_members,
    score_storyline,
)
from tests.stories.vectors import unit

T0 = datetime(2025, 2, 1, 12, tzinfo=UTC)


def _mix(a: np.ndarray, b: np.ndarray, share: float) -> np.ndarray:
    v = share * a + (1 - share) * b
    return (v / np.linalg.norm(v)).astype(np.float32)


FRONT, TALKS = unit(1), unit(2)


def _event(vector: np.ndarray) -> EventSummary:
    return EventSummary("new", vector, {}, 1, T0, T0)


def test_nearest_members_keeps_the_best_cosine_per_storyline() -> None:
    assert nearest_members([(1, 0.4), (2, 0.9), (1, 0.7), (None, 0.99)]) == {1: 0.7, 2: 0.9}
    assert nearest_members([]) == {}


def test_a_close_member_lifts_a_storyline_whose_centroid_has_drifted() -> None:
    war = StorylineState(7, _mix(FRONT, TALKS, 0.6), {}, T0 - timedelta(days=30), T0, 12, 40)
    event = _event(unit(3, TALKS, noise=0.3))
    params = StorylineParams()
    centroid_only = score_storyline(event, war, params, nearest=None)
    with_member = score_storyline(event, war, params, nearest=0.95)
    far_member = score_storyline(event, war, params, nearest=0.1)
    assert with_member.score > centroid_only.score > far_member.score
    threshold = (centroid_only.score + with_member.score) / 2
    tuned = StorylineParams(threshold=threshold)
    assert assign_storyline(event, [war], tuned).storyline_id is None
    assert assign_storyline(event, [war], tuned, nearest={7: 0.95}).storyline_id == 7
    assert assign_storyline(event, [war], tuned, nearest={8: 0.95}).storyline_id is None


def test_merges_compare_whole_storylines_by_centroid_as_before() -> None:
    """A whole storyline has no nearest member: the centroid carries that weight too (0.7)."""
    a = StorylineState(1, unit(4, FRONT), {}, T0, T0, 3, 6)
    b = StorylineState(2, unit(5, FRONT), {}, T0, T0, 2, 3)
    params = StorylineParams(merge_threshold=0.0)
    decision = merge_target(b, [a], params)
    assert decision.storyline_id == 1
    weight = params.vector_weight + params.nearest_weight
    assert abs(weight - 0.7) < 1e-9
    assert abs(decision.score - weight * decision.vector_similarity) < 1e-6
