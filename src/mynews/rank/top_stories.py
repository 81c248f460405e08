"""Top stories: the same ranking for every reader, by how many sources cover a story, how fast it
grows and how fresh it is (weights ``top_stories`` in weights.json).

score = sources * log-share(distinct sources) + growth * log-share(articles in the last 24 h)
        + size * log-share(articles) + freshness * 0.5 ^ (hours since last update / half-life)

Each log-share is log1p(x) / log1p(full), capped at 1, so a story with 12 sources is "full" on
that component. Muting is the caller's job (filter the ranked list by the reader's mutes).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from mynews.rank.weights import TopStoryWeights, Weights


@dataclass(frozen=True)
class StoryStats:
    """What top stories needs about one story (cheap to aggregate in SQL)."""

    story_id: int
    size: int  # articles
    sources: int  # distinct sources
    growth: int  # articles in the last 24 hours
    last_updated: datetime  # newest article
    first_published: datetime | None = None
    representative_article_id: int | None = None


@dataclass(frozen=True)
class TopStory:
    story_id: int
    score: float
    reasons: tuple[str, ...]
    representative_article_id: int | None = None
    components: dict[str, float] = field(default_factory=dict, compare=False)


def _log_share(value: float, full: float) -> float:
    if value <= 0 or full <= 0:
        return 0.0
    return min(1.0, math.log1p(value) / math.log1p(full))


def _reasons(story: StoryStats) -> tuple[str, ...]:
    """What makes a top story one: its sources and growth. A story of one source is there for
    being recent, which its card's date already says; it claims nothing ("Latest" on every card
    of a one-publisher page was noise)."""
    if story.growth > 0 and story.sources >= 2:
        return (f"Developing: {story.sources} sources",)
    if story.sources >= 2:
        return (f"Covered by {story.sources} sources",)
    return ()


def _score(story: StoryStats, now: datetime, w: TopStoryWeights) -> dict[str, float]:
    age_hours = max(0.0, (now - story.last_updated).total_seconds() / 3600.0)
    return {
        "sources": w.sources * _log_share(story.sources - 1, w.sources_full - 1),
        "growth": w.growth * _log_share(story.growth, w.growth_full),
        "size": w.size * _log_share(story.size - 1, w.size_full - 1),
        "freshness": w.freshness * 0.5 ** (age_hours / w.half_life_hours),
    }


def rank_top_stories(
    stories: Sequence[StoryStats], *, now: datetime, weights: Weights, limit: int | None = None
) -> list[TopStory]:
    """Stories best first (ties: newest, then lowest id); at most ``limit`` if given."""
    ranked = []
    for story in stories:
        components = _score(story, now, weights.top_stories)
        ranked.append(
            (
                sum(components.values()),
                story,
                components,
            )
        )
    ranked.sort(key=lambda r: (-r[0], -r[1].last_updated.timestamp(), r[1].story_id))
    out = [
        TopStory(s.story_id, score, _reasons(s), s.representative_article_id, comps)
        for score, s, comps in ranked
    ]
    return out if limit is None else out[:limit]
