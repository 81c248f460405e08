"""Online event assignment: an article joins the best-matching recent event or starts one.

The match between an article and a candidate event is a learned probability
(``pair_model``, a logistic regression shipped as ``data/event_model.json``) over cheap
features:

- meaning: cosine of the article vector to the event's *core* (the mean of its first
  ``core_size`` members, which never drifts), to the nearest core member, to its few latest
  members and to the centroid of all of them;
- shared entities: the IDF-weighted overlap of the article's entity keys with the event's
  main entities (``specificity``: a shared "United States" weighs little, a shared
  "Chevron" much), the weight of the most specific shared key and how many are shared;
- time: hours since the event's last article, the event's age and size.

The article joins the most probable candidate when that probability reaches the model's
threshold (chosen on validation months), else it starts an event. Events quiet for more than
``max_gap_days`` are not candidates. ``cluster_period`` replays a period in time order.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from mynews.stories.pair_model import PairModel, load
from mynews.stories.specificity import EntityIdf, weighted_overlap

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Vector = npt.NDArray[np.float32]

ItemId = Hashable


@dataclass(frozen=True)
class StoryParams:
    """Candidate and state settings; ``threshold`` None means the model's own."""

    threshold: float | None = None
    model: str = "event_model"
    core_size: int = 5
    max_gap_days: float = 60.0
    main_entity_share: float = 0.25
    main_entities: int = 12
    recent_members: int = 3
    candidates: int = 20

    def pair_model(self) -> PairModel:
        return load(self.model)

    def cut(self) -> float:
        return self.pair_model().threshold if self.threshold is None else self.threshold


@dataclass(frozen=True)
class StoryInput:
    """What clustering needs of an article: its vector (L2-normalised), entity keys and date."""

    id: ItemId
    vector: Vector
    entities: frozenset[str]
    published: datetime


@dataclass(frozen=True)
class StoryState:
    """What an event keeps between articles (a story row): ``centroid`` is the mean of the
    member vectors (not normalised), ``core`` the vectors of its first members, ``recent``
    those of its last few."""

    story_id: ItemId
    centroid: Vector
    entity_counts: Mapping[str, int]
    first_published: datetime
    last_published: datetime
    size: int
    recent: tuple[Vector, ...] = field(default=())
    core: tuple[Vector, ...] = field(default=())


@dataclass(frozen=True)
class StoryDecision:
    """``story_id`` None means: start a new event. ``score`` is the best probability."""

    story_id: ItemId | None
    score: float
    vector_similarity: float = 0.0
    entity_overlap: float = 0.0


def main_entities(state: StoryState, params: StoryParams) -> set[str]:
    """Entities named by at least ``main_entity_share`` of the story's articles (top few)."""
    floor = max(1.0, params.main_entity_share * state.size)
    ranked = sorted(state.entity_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return {key for key, count in ranked[: params.main_entities] if count >= floor}


def entity_overlap(article: frozenset[str], story: set[str]) -> float:
    """Overlap coefficient: shared keys over the smaller side (0..1)."""
    if not article or not story:
        return 0.0
    return len(article & story) / min(len(article), len(story))


def _unit_mean(vectors: Sequence[Vector]) -> Vector | None:
    import numpy as np

    if not vectors:
        return None
    mean = np.mean(np.vstack(vectors), axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else None


def _cos_to(vector: Vector, other: Vector | None) -> float:
    import numpy as np

    if other is None:
        return 0.0
    norm = float(np.linalg.norm(other))
    return float(np.dot(vector, other) / norm) if norm else 0.0


def entity_features(
    article: frozenset[str], main: set[str], idf: EntityIdf | None
) -> tuple[float, float, float]:
    """(IDF-weighted overlap, weight of the most specific shared key, shared keys / 3 capped at 1)."""
    shared = article & main
    weigh = idf.weight if idf is not None else (lambda _key: 1.0)
    top = max((weigh(k) for k in shared), default=0.0)
    return weighted_overlap(article, main, idf), top, min(1.0, len(shared) / 3.0)


EVENT_FEATURES = (
    "cos_core",
    "max_core",
    "cos_recent",
    "cos_all",
    "ent",
    "ent_top",
    "ent_shared",
    "cos_x_ent",
    "gap",
    "age",
    "size",
)


def event_features(
    article: StoryInput, state: StoryState, params: StoryParams, idf: EntityIdf | None = None
) -> dict[str, float]:
    """The features the event model reads for one (article, candidate event) pair."""
    import numpy as np

    core = state.core or state.recent[:1] or (state.centroid,)
    cos_core = _cos_to(article.vector, _unit_mean(core))
    max_core = max(float(np.dot(article.vector, v)) for v in core)
    recent = state.recent[-params.recent_members :] or core
    cos_recent = max(float(np.dot(article.vector, v)) for v in recent)
    ent, top, shared = entity_features(article.entities, main_entities(state, params), idf)
    gap_hours = abs((article.published - state.last_published).total_seconds()) / 3600.0
    age_days = max(0.0, (article.published - state.first_published).total_seconds() / 86400.0)
    return {
        "cos_core": cos_core,
        "max_core": max_core,
        "cos_recent": cos_recent,
        "cos_all": _cos_to(article.vector, state.centroid),
        "ent": ent,
        "ent_top": top,
        "ent_shared": shared,
        "cos_x_ent": cos_core * ent,
        "gap": math.log1p(gap_hours),
        "age": math.log1p(age_days),
        "size": math.log1p(state.size),
    }


def score(
    article: StoryInput, state: StoryState, params: StoryParams, idf: EntityIdf | None = None
) -> StoryDecision:
    """The probability that ``article`` belongs to the event ``state``."""
    features = event_features(article, state, params, idf)
    probability = params.pair_model().probability(features)
    return StoryDecision(state.story_id, probability, features["cos_core"], features["ent"])


def is_candidate(article: StoryInput, state: StoryState, params: StoryParams) -> bool:
    gap = abs((article.published - state.last_published).total_seconds()) / 86400.0
    return gap <= params.max_gap_days


def assign_story(
    article: StoryInput,
    candidates: Sequence[StoryState],
    params: StoryParams | None = None,
    idf: EntityIdf | None = None,
) -> StoryDecision:
    """The most probable candidate event when its probability reaches the threshold, else a
    new one.

    ``candidates``: recent events, typically those of the article's nearest neighbours among
    recent articles (see ``neighbours``); events quiet for over ``max_gap_days`` are skipped.
    """
    params = params or StoryParams()
    best = StoryDecision(None, 0.0)
    for state in candidates:
        if is_candidate(article, state, params):
            decision = score(article, state, params, idf)
            if decision.score > best.score:
                best = decision
    if best.story_id is not None and best.score >= params.cut():
        return best
    return replace(best, story_id=None)


def new_story(story_id: ItemId, article: StoryInput) -> StoryState:
    import numpy as np

    return StoryState(
        story_id=story_id,
        centroid=np.asarray(article.vector, dtype=np.float32).copy(),
        entity_counts=dict(Counter(article.entities)),
        first_published=article.published,
        last_published=article.published,
        size=1,
        recent=(article.vector,),
        core=(article.vector,),
    )


def add_to_story(state: StoryState, article: StoryInput, params: StoryParams | None = None) -> StoryState:
    """The story after ``article`` joins it (centroid, entity counts, dates, recent members)."""
    import numpy as np

    params = params or StoryParams()
    size = state.size + 1
    counts = Counter(state.entity_counts)
    counts.update(article.entities)
    return replace(
        state,
        centroid=((state.centroid * state.size + article.vector) / size).astype(np.float32),
        entity_counts=dict(counts),
        first_published=min(state.first_published, article.published),
        last_published=max(state.last_published, article.published),
        size=size,
        recent=(*state.recent, article.vector)[-params.recent_members :],
        core=state.core if len(state.core) >= params.core_size else (*state.core, article.vector),
    )


def cluster_period(items: Sequence[StoryInput], params: StoryParams | None = None) -> list[list[ItemId]]:
    """Re-cluster a period from stored vectors, online, in time order (ties by input order).

    Each article is scored against the ``params.candidates`` stories whose centroids are
    nearest to it, as ingestion does with its neighbour index.
    """
    params = params or StoryParams()
    states: list[StoryState] = []
    members: list[list[ItemId]] = []
    centroids = _CentroidMatrix()
    for article in sorted(items, key=lambda a: a.published):
        rows = centroids.nearest(article.vector, params.candidates)
        decision = assign_story(article, [states[row] for row in rows], params)
        if decision.story_id is None:
            states.append(new_story(len(states), article))
            members.append([article.id])
            centroids.append(article.vector)
        else:
            row = int(decision.story_id)  # type: ignore[call-overload]
            states[row] = add_to_story(states[row], article, params)
            members[row].append(article.id)
            centroids.update(row, states[row].centroid)
    return members


class _CentroidMatrix:
    """Normalised story centroids in a growing matrix, for the nearest-story pre-filter."""

    def __init__(self) -> None:
        self._rows: list[Vector] = []
        self._matrix: Vector | None = None

    def append(self, vector: Vector) -> None:
        self._rows.append(_normalised(vector))
        self._matrix = None

    def update(self, row: int, centroid: Vector) -> None:
        self._rows[row] = _normalised(centroid)
        if self._matrix is not None:
            self._matrix[row] = self._rows[row]

    def nearest(self, vector: Vector, k: int) -> list[int]:
        import numpy as np

        if not self._rows:
            return []
        if self._matrix is None:
            self._matrix = np.vstack(self._rows)
        sims = self._matrix @ vector
        if len(sims) <= k:
            return list(range(len(sims)))
        return [int(i) for i in np.argpartition(-sims, k - 1)[:k]]


def _normalised(vector: Vector) -> Vector:
    import numpy as np

    norm = float(np.linalg.norm(vector))
    return (vector / norm).astype(np.float32) if norm else vector
