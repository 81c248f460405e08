"""Storylines: what events belong to (a war, a trade war, an election campaign), weeks to months.

An event (a ``StoryState`` from ``clustering``) joins the storyline that matches it best, or
starts one. The match combines, with weights and thresholds kept as data in
``StorylineParams``:

- meaning: cosine of the event's centroid to the storyline's centroid (its whole life), and,
  when a new event is placed, the best cosine of its article to a member of the storyline among
  the article's nearest recent articles (``nearest_weight``; a storyline compared as a whole,
  for a merge, has no such member and its weight goes to the centroid);
- specific shared entities: ``specificity.weighted_overlap`` of the event's entities with the
  storyline's (each weighed by IDF and by how central it is to the storyline);
- time: storylines quiet for more than ``max_gap_days`` are not candidates, and the score
  halves every ``half_life_days`` after ``grace_days`` of quiet.

A storyline is decided when its first event arrives, on one article; two storylines that grow
into one thing (two early events of a war that each started a storyline) are merged once the
whole of one matches another by ``merge_threshold`` (``merge_target``, ``merge_storylines``).

Pure functions on numpy vectors; the caller keeps the states (rows in the store).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from mynews.stories.specificity import EntityIdf, weighted_overlap

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Vector = npt.NDArray[np.float32]

ItemId = Hashable


@dataclass(frozen=True)
class StorylineParams:
    threshold: float = 0.5
    vector_weight: float = 0.5  # the centroid; + nearest_weight when no nearest member is known
    nearest_weight: float = 0.2  # tuned on Jan–Mar 2025 (bench/stories_eval.py), validated on Apr
    grace_days: float = 14.0
    half_life_days: float = 60.0
    max_gap_days: float = 120.0
    main_entity_share: float = 0.2
    candidates: int = 20
    merge_threshold: float = 0.6  # tuned on Jan–Mar 2025 (bench/stories_eval.py), validated on Apr


@dataclass(frozen=True)
class StorylineState:
    """``centroid``: the mean of its articles' vectors (not normalised); ``entity_counts``: how
    many of its articles name each key; ``size``: events; ``article_count``: articles."""

    storyline_id: ItemId
    centroid: Vector
    entity_counts: Mapping[str, int]
    first_published: datetime
    last_published: datetime
    size: int
    article_count: int


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


def score_storyline(
    event: EventSummary,
    state: StorylineState,
    params: StorylineParams,
    idf: EntityIdf | None = None,
    nearest: float | None = None,
) -> StorylineDecision:
    """``nearest``: the best cosine of the event's article to a member of the storyline (None:
    not known, the centroid takes its weight)."""
    vec = _cosine(event.centroid, state.centroid)
    ent = weighted_overlap(
        central_entities(event.entity_counts, event.article_count, 0.5),
        central_entities(state.entity_counts, state.article_count, params.main_entity_share),
        idf,
    )
    late = max(0.0, _gap_days(event, state) - params.grace_days)
    entity_weight = 1.0 - params.vector_weight - params.nearest_weight
    if nearest is None:
        meaning = (params.vector_weight + params.nearest_weight) * vec
    else:
        meaning = params.vector_weight * vec + params.nearest_weight * nearest
    combined = meaning + entity_weight * ent
    return StorylineDecision(state.storyline_id, combined * 0.5 ** (late / params.half_life_days), vec, ent)


def assign_storyline(
    event: EventSummary,
    candidates: Sequence[StorylineState],
    params: StorylineParams | None = None,
    idf: EntityIdf | None = None,
    nearest: Mapping[ItemId, float] | None = None,
) -> StorylineDecision:
    """The best candidate storyline when its score reaches ``threshold``, else a new one (None).

    ``nearest``: per candidate storyline id, the best cosine of the event's (first) article to
    one of its members among the article's nearest recent articles (``nearest_members``)."""
    params = params or StorylineParams()
    return _best(event, candidates, params, idf, params.threshold, skip=None, nearest=nearest)


def _best(
    event: EventSummary,
    candidates: Sequence[StorylineState],
    params: StorylineParams,
    idf: EntityIdf | None,
    threshold: float,
    skip: ItemId | None,
    nearest: Mapping[ItemId, float] | None = None,
) -> StorylineDecision:
    """The best-scoring candidate within ``max_gap_days`` (other than the storyline ``skip``),
    kept when it reaches ``threshold``."""
    best = StorylineDecision(None, 0.0)
    for state in candidates:
        if (skip is not None and state.storyline_id == skip) or _gap_days(event, state) > params.max_gap_days:
            continue
        near = nearest.get(state.storyline_id) if nearest is not None else None
        decision = score_storyline(event, state, params, idf, near)
        if decision.score > best.score:
            best = decision
    return best if best.score >= threshold else replace(best, storyline_id=None)


def nearest_members(neighbours: Iterable[tuple[ItemId | None, float]]) -> dict[ItemId, float]:
    """Per storyline, the best cosine among an article's nearest neighbours (storyline id or
    None, cosine) that belong to it."""
    best: dict[ItemId, float] = {}
    for line, similarity in neighbours:
        if line is not None and similarity > best.get(line, -1.0):
            best[line] = similarity
    return best


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
    )


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
    )


def as_event(state: StorylineState) -> EventSummary:
    """A whole storyline seen as one (large) event, to compare it with another storyline."""
    return EventSummary(
        state.storyline_id,
        state.centroid,
        state.entity_counts,
        state.article_count,
        state.first_published,
        state.last_published,
    )


def merge_target(
    state: StorylineState,
    others: Sequence[StorylineState],
    params: StorylineParams | None = None,
    idf: EntityIdf | None = None,
) -> StorylineDecision:
    """The other storyline that ``state`` as a whole matches by at least ``merge_threshold``
    (the best), or a decision with no storyline."""
    params = params or StorylineParams()
    return _best(as_event(state), others, params, idf, params.merge_threshold, skip=state.storyline_id)


def merge_storylines(into: StorylineState, gone: StorylineState) -> StorylineState:
    """``into`` after every event of ``gone`` joined it (``gone`` keeps no state of its own)."""
    merged = add_event(into, as_event(gone))
    return replace(merged, size=into.size + gone.size)


def keeps_identity(a: StorylineState, b: StorylineState) -> bool:
    """Whether ``a`` (not ``b``) lives on when the two merge: the larger, else the older."""
    return (a.article_count, -_order(a)) >= (b.article_count, -_order(b))


def _order(state: StorylineState) -> float:
    return state.first_published.timestamp()
