"""Replay a period of articles in time order into events and storylines, as ingestion would.

Each article is compared with the events of its ``neighbours`` nearest earlier articles (as
the process memory does online), joins the best event or starts one; a new event joins the
best storyline among those of the same neighbours (scored with its nearest member among
them, ``storylines.nearest_members``), or starts one; after each article, the
article's storyline is merged with one of those storylines when the two match as wholes
(``storylines.merge_target``). Entity specificity (IDF) is counted over the articles seen so far. Used by ``mynews recluster``, the benchmarks and the
quality tests, so that all three measure the decisions ingestion makes.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mynews.stories.clustering import (
    StoryInput,
    StoryParams,
    StoryState,
    add_to_story,
    assign_story,
    new_story,
)
from mynews.stories.specificity import EntityIdf
from mynews.stories.storylines import (
    EventSummary,
    StorylineParams,
    StorylineState,
    add_article,
    add_event,
    assign_storyline,
    keeps_identity,
    merge_storylines,
    merge_target,
    nearest_members,
    new_storyline,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Vector = npt.NDArray[np.float32]

ItemId = Hashable


@dataclass(frozen=True)
class ReplayParams:
    story: StoryParams = field(default_factory=StoryParams)
    storyline: StorylineParams = field(default_factory=StorylineParams)
    neighbours: int = 30


@dataclass
class Replayed:
    """``events``: member ids per event; ``storyline_of``: the storyline index of each event."""

    events: list[list[ItemId]] = field(default_factory=list)
    storyline_of: list[int] = field(default_factory=list)

    def storylines(self) -> list[list[ItemId]]:
        groups: dict[int, list[ItemId]] = {}
        for event, line in zip(self.events, self.storyline_of, strict=True):
            groups.setdefault(line, []).extend(event)
        return list(groups.values())


def summary(state: StoryState) -> EventSummary:
    return EventSummary(
        state.story_id,
        state.centroid,
        state.entity_counts,
        state.size,
        state.first_published,
        state.last_published,
    )


class _Vectors:
    """Article vectors seen so far, for the nearest-neighbour look-up (exact)."""

    def __init__(self) -> None:
        self.rows: list[Vector] = []
        self.event: list[int] = []
        self._matrix: Vector | None = None

    def add(self, vector: Vector, event: int) -> None:
        self.rows.append(vector)
        self.event.append(event)
        self._matrix = None

    def nearest(self, vector: Vector, k: int) -> list[tuple[int, float]]:
        """The events of the ``k`` nearest earlier articles, with each article's cosine."""
        import numpy as np

        if not self.rows:
            return []
        if self._matrix is None:
            self._matrix = np.vstack(self.rows)
        sims = self._matrix @ vector
        top = np.argpartition(-sims, k - 1)[:k] if len(sims) > k else range(len(sims))
        return [(self.event[int(i)], float(sims[int(i)])) for i in top]


def replay(items: Sequence[StoryInput], params: ReplayParams | None = None) -> Replayed:
    """Events and storylines of ``items``, decided online in time order (ties: input order)."""
    params = params or ReplayParams()
    out = Replayed()
    events: list[StoryState] = []
    lines: list[StorylineState] = []
    merged: dict[int, int] = {}  # a merged storyline -> the one it went into

    def live(line: int) -> int:
        while line in merged:
            line = merged[line]
        return line

    seen, idf = _Vectors(), EntityIdf()
    for article in sorted(items, key=lambda a: a.published):
        neighbours = seen.nearest(article.vector, params.neighbours)
        near = sorted({event for event, _ in neighbours})
        decision = assign_story(article, [events[e] for e in near], params.story, idf)
        candidates = sorted({live(out.storyline_of[e]) for e in near})
        if decision.story_id is None:
            index = len(events)
            events.append(new_story(index, article))
            out.events.append([article.id])
            event = summary(events[index])
            closest = nearest_members((live(out.storyline_of[e]), sim) for e, sim in neighbours)
            chosen = assign_storyline(event, [lines[c] for c in candidates], params.storyline, idf, closest)
            if chosen.storyline_id is None:
                lines.append(new_storyline(len(lines), event))
                line = len(lines) - 1
            else:
                line = int(chosen.storyline_id)  # type: ignore[call-overload]
                lines[line] = add_event(lines[line], event)
            out.storyline_of.append(line)
        else:
            index = int(decision.story_id)  # type: ignore[call-overload]
            events[index] = add_to_story(events[index], article, params.story)
            out.events[index].append(article.id)
            line = live(out.storyline_of[index])
            lines[line] = add_article(lines[line], article.vector, article.entities, article.published)
        seen.add(article.vector, index)
        idf.add(article.entities)
        other = merge_target(lines[line], [lines[c] for c in candidates], params.storyline, idf)
        if other.storyline_id is not None:
            target = int(other.storyline_id)  # type: ignore[call-overload]
            keep, gone = (line, target) if keeps_identity(lines[line], lines[target]) else (target, line)
            lines[keep] = merge_storylines(lines[keep], lines[gone])
            merged[gone] = keep
    out.storyline_of = [live(line) for line in out.storyline_of]
    return out
