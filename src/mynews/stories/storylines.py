"""Storylines: what events belong to (a war, a trade war, an election campaign), weeks to months.

A new event (a ``StoryState`` from ``clustering``) joins the storyline that matches it best,
or starts one. The match is a learned probability (``pair_model``, shipped as
``data/storyline_model.json``) over cheap features:

- meaning: cosine of the event's centroid to the storyline's centroid, to its core (the mean
  of its first ``CORE_ARTICLES`` articles, which never drifts) and to the nearest core article;
- specific shared entities: ``specificity.weighted_overlap`` of the event's central entities
  with the storyline's, the weight of the most specific shared key, how many are shared;
- time: days since the storyline's last article, its age and size; storylines quiet for more
  than ``max_gap_days`` are not candidates.

Pure functions on numpy vectors; the caller keeps the states (rows in the store).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from mynews.stories.clustering import entity_features
from mynews.stories.pair_model import PairModel, load

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from mynews.stories.specificity import EntityIdf

    Vector = npt.NDArray[np.float32]

ItemId = Hashable
CORE_ARTICLES = 8  # a storyline's core: its first articles (events' centroids when rebuilt)


@dataclass(frozen=True)
class StorylineParams:
    """Candidate and state settings; ``threshold`` None means the model's own."""

    threshold: float | None = None
    model: str = "storyline_model"
    max_gap_days: float = 120.0
    main_entity_share: float = 0.2
    candidates: int = 20

    def pair_model(self) -> PairModel:
        return load(self.model)

    def cut(self) -> float:
        return self.pair_model().threshold if self.threshold is None else self.threshold


@dataclass(frozen=True)
class StorylineState:
    """``centroid``: the mean of its articles' vectors (not normalised); ``entity_counts``: how
    many of its articles name each key; ``size``: events; ``article_count``: articles;
    ``core``: the vectors of its first articles."""

    storyline_id: ItemId
    centroid: Vector
    entity_counts: Mapping[str, int]
    first_published: datetime
    last_published: datetime
    size: int
    article_count: int
    core: tuple[Vector, ...] = field(default=())


@dataclass(frozen=True)
class EventSummary:
    """What storyline assignment reads of an event: its centroid, entity counts and dates."""

    event_id: ItemId
    centroid: Vector
    entity_counts: Mapping[str, int]
    article_count: int
    first_published: datetime
    last_published: datetime


@dataclass(frozen=True)
class StorylineDecision:
    storyline_id: ItemId | None
    score: float
    vector_similarity: float = 0.0
    entity_overlap: float = 0.0


def _cosine(a: Vector, b: Vector) -> float:
    import numpy as np

    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    return float(np.dot(a, b) / (na * nb)) if na and nb else 0.0


def central_entities(counts: Mapping[str, int], size: int, share: float) -> set[str]:
    """Entity keys named by at least ``share`` of ``size`` articles."""
    floor = max(1.0, share * size)
    return {k for k, c in counts.items() if c >= floor}


def _gap_days(event: EventSummary, state: StorylineState) -> float:
    if event.first_published > state.last_published:
        return (event.first_published - state.last_published).total_seconds() / 86400.0
    if event.last_published < state.first_published:
        return (state.first_published - event.last_published).total_seconds() / 86400.0
    return 0.0


STORYLINE_FEATURES = (
    "cos_all",
    "cos_core",
    "max_core",
    "ent",
    "ent_top",
    "ent_shared",
    "cos_x_ent",
    "gap",
    "age",
    "size",
)


def storyline_features(
    event: EventSummary, state: StorylineState, params: StorylineParams, idf: EntityIdf | None = None
) -> dict[str, float]:
    """The features the storyline model reads for one (event, candidate storyline) pair."""
    import numpy as np

    core = state.core or (state.centroid,)
    mean = np.mean(np.vstack(core), axis=0)
    cos_core = _cosine(event.centroid, mean)
    max_core = max(_cosine(event.centroid, v) for v in core)
    ent, top, shared = entity_features(
        frozenset(central_entities(event.entity_counts, event.article_count, 0.5)),
        central_entities(state.entity_counts, state.article_count, params.main_entity_share),
        idf,
    )
    age = max(0.0, (event.first_published - state.first_published).total_seconds() / 86400.0)
    return {
        "cos_all": _cosine(event.centroid, state.centroid),
        "cos_core": cos_core,
        "max_core": max_core,
        "ent": ent,
        "ent_top": top,
        "ent_shared": shared,
        "cos_x_ent": cos_core * ent,
        "gap": math.log1p(_gap_days(event, state)),
        "age": math.log1p(age),
        "size": math.log1p(state.article_count),
    }


def score_storyline(
    event: EventSummary, state: StorylineState, params: StorylineParams, idf: EntityIdf | None = None
) -> StorylineDecision:
    features = storyline_features(event, state, params, idf)
    probability = params.pair_model().probability(features)
    return StorylineDecision(state.storyline_id, probability, features["cos_core"], features["ent"])


def assign_storyline(
    event: EventSummary,
    candidates: Sequence[StorylineState],
    params: StorylineParams | None = None,
    idf: EntityIdf | None = None,
) -> StorylineDecision:
    """The most probable candidate storyline when it reaches the threshold, else a new one (None)."""
    params = params or StorylineParams()
    best = StorylineDecision(None, 0.0)
    for state in candidates:
        if _gap_days(event, state) > params.max_gap_days:
            continue
        decision = score_storyline(event, state, params, idf)
        if decision.score > best.score:
            best = decision
    if best.storyline_id is not None and best.score >= params.cut():
        return best
    return replace(best, storyline_id=None)


def new_storyline(storyline_id: ItemId, event: EventSummary) -> StorylineState:
    import numpy as np

    return StorylineState(
        storyline_id,
        np.asarray(event.centroid, dtype=np.float32).copy(),
        dict(event.entity_counts),
        event.first_published,
        event.last_published,
        1,
        event.article_count,
        (_unit(event.centroid),),
    )


def _unit(vector: Vector) -> Vector:
    import numpy as np

    vector = np.asarray(vector, dtype=np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _grow_core(core: tuple[Vector, ...], vector: Vector) -> tuple[Vector, ...]:
    return core if len(core) >= CORE_ARTICLES else (*core, _unit(vector))


def add_event(state: StorylineState, event: EventSummary) -> StorylineState:
    """The storyline after a whole event (its articles) joins it."""
    import numpy as np

    total = state.article_count + event.article_count
    centroid = (state.centroid * state.article_count + event.centroid * event.article_count) / total
    counts = Counter(state.entity_counts)
    counts.update(event.entity_counts)
    return replace(
        state,
        centroid=centroid.astype(np.float32),
        entity_counts=dict(counts),
        first_published=min(state.first_published, event.first_published),
        last_published=max(state.last_published, event.last_published),
        size=state.size + 1,
        article_count=total,
        core=_grow_core(state.core, event.centroid),
    )


def add_article(
    state: StorylineState, vector: Vector, entities: frozenset[str], published: datetime
) -> StorylineState:
    """The storyline after one more article joins one of its events."""
    import numpy as np

    total = state.article_count + 1
    counts = Counter(state.entity_counts)
    counts.update(entities)
    return replace(
        state,
        centroid=((state.centroid * state.article_count + vector) / total).astype(np.float32),
        entity_counts=dict(counts),
        first_published=min(state.first_published, published),
        last_published=max(state.last_published, published),
        article_count=total,
        core=_grow_core(state.core, vector),
    )
