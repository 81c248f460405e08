"""Clustering quality of ``cluster_period`` against the hand-labelled stories, per corpus."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mynews.stories.clustering import StoryInput, StoryParams, cluster_period
from mynews.stories.quality import Scores, bcubed, pairwise


def gold(labelled: Sequence[Mapping], ids: Sequence[str]) -> list[list[str]]:  # type: ignore[type-arg]
    """Labelled stories among ``ids``; every other article is a story of its own."""
    wanted = set(ids)
    stories = [[i for i in s["articles"] if i in wanted] for s in labelled]
    stories = [s for s in stories if s]
    inside = {i for s in stories for i in s}
    return stories + [[i] for i in ids if i not in inside]


def evaluate(
    inputs: Mapping[str, StoryInput],
    labelled: Sequence[Mapping],  # type: ignore[type-arg]
    prefix: str,
    params: StoryParams | None = None,
) -> tuple[Scores, Scores]:
    """(pairwise, BCubed) scores of the online clustering of one corpus (ids start with prefix)."""
    items = [item for key, item in inputs.items() if key.startswith(prefix)]
    predicted = cluster_period(items, params)
    truth = gold(labelled, [str(i.id) for i in items])
    return pairwise(predicted, truth), bcubed(predicted, truth)
