"""The ranking weights, kept as data in ``rank/data/weights.json`` and read into frozen dataclasses.

``load_weights()`` returns the packaged defaults (cached); ``load_weights(path)`` reads another
file and ``weights_from_dict(d)`` builds weights from a mapping (an operator override, a test).
Every section and key is checked: an unknown key is an error, a missing key keeps its default,
so a typo in the file cannot silently switch a signal off.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).parent / "data" / "weights.json"


@dataclass(frozen=True)
class ScoreWeights:
    """How much each score component (each roughly 0..1) counts in the For you score."""

    follow: float = 3.0
    interest: float = 4.0
    feedback: float = 2.0
    source: float = 0.5
    importance: float = 0.8
    popularity: float = 0.3
    freshness: float = 1.0
    rare_source: float = 0.0
    aversion: float = 2.5
    seen: float = 1.5  # subtracted per earlier impression of the article (up to 2) not opened


@dataclass(frozen=True)
class FreshnessWeights:
    half_life_hours: float = 36.0
    fresh_hours: float = 72.0  # a followed thing with a candidate this young gets a reserved slot
    horizon_hours: float = 48.0  # older cards need a specific follow or strong interest for the top 10
    strong_interest: float = 0.55  # interest similarity (0..1) that lets old news into the top 10
    follow_horizon_hours: float = 168.0  # past this, only a followed storyline's latest enters the top
    top: int = 10  # the part of the first page the horizon and "explained only" rules guard
    old_bucket_hours: float = 168.0  # past the follow horizon, cards come newest week first


@dataclass(frozen=True)
class SignalWeights:
    """What one signal says about the reader's taste (positive: more of this)."""

    impression: float = -0.05
    open: float = 1.0
    read: float = 1.0  # for reading ``read_full_seconds`` or longer; less is pro rata
    read_full_seconds: float = 120.0
    read_min_seconds: float = 15.0  # reading shorter than this is a bounce, not interest
    bounce: float = -0.5  # value of a read shorter than read_min_seconds
    more: float = 3.0
    fewer: float = -3.0
    hide: float = -4.0
    save: float = 2.0
    share: float = 2.0
    half_life_days: float = 21.0
    seen_after_minutes: float = 30.0  # an impression demotes its card only this long after it

    def value_of(self, kind: str, value: float) -> float:
        if kind == "read":
            if value < self.read_min_seconds:
                return self.bounce
            return self.read * min(1.0, max(0.0, value) / self.read_full_seconds)
        return float(getattr(self, kind, 0.0)) if kind in SIGNAL_KINDS else 0.0


SIGNAL_KINDS = ("impression", "open", "read", "more", "fewer", "hide", "save", "share")


@dataclass(frozen=True)
class InterestWeights:
    max_vectors: int = 48  # history vectors kept in a profile (strongest first)
    top_k: int = 2  # similarity = mean of the k best cosines to the history
    floor: float = 0.2  # cosines below this count as unrelated (MiniLM: random pairs ~0.1)
    centroids: int = 5  # interest centroids at most (liked articles grouped by similarity)
    centroid_join: float = 0.45  # a liked article joins a centroid this similar, else starts one
    centroid_share: float = 0.5  # interest = share x centroid similarity + rest x nearest liked


@dataclass(frozen=True)
class AffinityWeights:
    scale: float = 3.0  # affinity = tanh(decayed signal sum / scale)
    topic_share: float = 0.3  # learned topic affinities are broad: they count this much of an entity's


@dataclass(frozen=True)
class ImportanceWeights:
    sources_full: int = 12
    growth_full: int = 10
    popularity_full: int = 200


@dataclass(frozen=True)
class DiversityWeights:
    topic_cap_share: float = 0.2  # at most this share of a page from one primary topic
    source_cap_share: float = 0.25
    reserve_follow_share: float = 0.4  # at most this share of a page reserved for follows
    exploration_share: float = 0.07
    exploration_pool: int = 4  # explore among candidates ranked within limit * pool
    story_cards: int = 3  # cards one story may have on a page: its developments, not copies
    story_hours: float = 12.0  # a story's article this far in time from its other cards is news
    fill_typical: float = 0.0  # the top's fill is ordered by score + this x cosine to the mean liked vector
    follow_spread: float = 0.0  # below the top, each card of a follow lowers its next card this much
    story_news_cards: int = 0  # more cards a story the reader read may have for its newer articles
    story_news_distinct: float = 0.8  # ... each less like the story's other cards and what was read (cosine)


@dataclass(frozen=True)
class ReasonWeights:
    max_reasons: int = 3
    developing_min_sources: int = 3
    popular_min_opens: int = 50
    broad_share: float = 0.1  # a topic or entity on more of the window than this is never named
    learned_min: float = 0.2  # a learned affinity worth naming ("Because you read about X")
    similar_min: float = 0.25  # an interest similarity (0..1) worth "Similar to what you read"
    follow_broad_share: float = 0.25  # a follow matching this share of the window is broad ...
    follow_broad_weight: float = 0.4  # ... and counts this much of a specific follow
    read_about_min_similarity: float = 0.0  # "Because you read about X" needs this interest similarity
    follow_min_similarity: float = 0.0  # for a reader with history, a follow leads with this similarity
    follow_quiet_shown: int = 0  # a follow with this many matching cards shown (0: never quiet) ...
    follow_quiet_read: float = 0.2  # ... of which less than this share was really read is quiet: as broad
    follow_quiet_hours: float = 20.0  # a card counts as passed over once shown this long ago
    news_storyline_min_similarity: float = 0.0  # "New in <storyline>" needs this interest similarity
    unsaid_after_seen: int = 0  # news/read_about/similar unsaid of a card passed over this often (0: off)
    news_min_closeness: float = -1.0  # "New in" is said only this close (cosine) to what was read there


@dataclass(frozen=True)
class TopStoryWeights:
    sources: float = 1.0
    growth: float = 0.7
    size: float = 0.3
    freshness: float = 1.0
    half_life_hours: float = 12.0
    sources_full: int = 12
    growth_full: int = 10
    size_full: int = 30


@dataclass(frozen=True)
class Weights:
    version: int = 1
    score: ScoreWeights = field(default_factory=ScoreWeights)
    follow_kinds: dict[str, float] = field(
        default_factory=lambda: {
            "topic": 0.6,
            "entity": 1.0,
            "source": 0.8,
            "author": 0.8,
            "keyword": 0.9,
            "storyline": 1.2,
            "story": 1.2,
        }
    )
    freshness: FreshnessWeights = field(default_factory=FreshnessWeights)
    signals: SignalWeights = field(default_factory=SignalWeights)
    interest: InterestWeights = field(default_factory=InterestWeights)
    affinity: AffinityWeights = field(default_factory=AffinityWeights)
    importance: ImportanceWeights = field(default_factory=ImportanceWeights)
    diversity: DiversityWeights = field(default_factory=DiversityWeights)
    reasons: ReasonWeights = field(default_factory=ReasonWeights)
    top_stories: TopStoryWeights = field(default_factory=TopStoryWeights)


_SECTIONS: dict[str, type] = {
    "score": ScoreWeights,
    "freshness": FreshnessWeights,
    "signals": SignalWeights,
    "interest": InterestWeights,
    "affinity": AffinityWeights,
    "importance": ImportanceWeights,
    "diversity": DiversityWeights,
    "reasons": ReasonWeights,
    "top_stories": TopStoryWeights,
}


def _section(cls: type, data: dict[str, Any], name: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    unknown = set(data) - set(known)
    if unknown:
        raise ValueError(f"weights: unknown keys in {name!r}: {sorted(unknown)}")
    values = {}
    for key, raw in data.items():
        kind = int if known[key].type in ("int", int) else float
        values[key] = kind(raw)
    return cls(**values)


def weights_from_dict(data: dict[str, Any]) -> Weights:
    """Build Weights from a mapping shaped like weights.json (missing keys keep defaults)."""
    unknown = set(data) - set(_SECTIONS) - {"version", "follow_kinds"}
    if unknown:
        raise ValueError(f"weights: unknown sections {sorted(unknown)}")
    weights = Weights(version=int(data.get("version", 1)))
    sections = {name: _section(cls, data[name], name) for name, cls in _SECTIONS.items() if name in data}
    if "follow_kinds" in data:
        sections["follow_kinds"] = {str(k): float(v) for k, v in data["follow_kinds"].items()}
    return replace(weights, **sections)


@lru_cache(maxsize=8)
def load_weights(path: str | Path | None = None) -> Weights:
    """Read weights from ``path`` (default: the packaged weights.json). Cached per path."""
    with open(path or DEFAULT_PATH, encoding="utf-8") as handle:
        return weights_from_dict(json.load(handle))
