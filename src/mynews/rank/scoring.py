"""Score For you candidates for one reader: a weighted sum of components, each roughly 0..1.

Components (weights in ``weights.json`` → ``score``): ``follow`` (the strongest follow the
article matches), ``interest`` (similarity of its vector to the reader's liked articles),
``feedback`` (learned affinities of its topics, entities and author), ``source`` (learned
affinity of its source), ``importance`` (story coverage and growth), ``popularity`` (opens),
``freshness`` (half-life decay), ``rare_source`` (boost for sources with few candidates in the
window) and ``aversion`` (similarity to what the reader said "fewer like this" to; negative).
Muted, read and hidden articles are filtered out before scoring: they never show.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from mynews.rank.candidates import Candidate
from mynews.rank.profile import Key, ReaderProfile
from mynews.rank.weights import Weights

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


@dataclass(frozen=True)
class Scored:
    """A candidate with its score, its weighted components and what explains them."""

    candidate: Candidate
    score: float
    components: dict[str, float] = field(default_factory=dict)
    follows: tuple[Key, ...] = ()  # the follows matched, strongest first
    liked_key: Key | None = None  # the topic/entity/author with the highest positive affinity
    similarity: float = 0.0  # raw interest similarity, 0..1 after the floor

    @property
    def article_id(self) -> int:
        return self.candidate.article_id

    @property
    def follow(self) -> Key | None:
        return self.follows[0] if self.follows else None


def _keyword_pattern(keys: Iterable[Key]) -> re.Pattern[str] | None:
    words = sorted({k for kind, k in keys if kind == "keyword" and k.strip()})
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w.casefold()) for w in words) + r")\b")


def _matched_keywords(pattern: re.Pattern[str] | None, text: str) -> list[Key]:
    if pattern is None or not text:
        return []
    return [("keyword", m) for m in dict.fromkeys(pattern.findall(text.casefold()))]


def visible(
    profile: ReaderProfile, candidates: Iterable[Candidate], exclude: frozenset[int]
) -> list[Candidate]:
    """Candidates the reader may see: not muted (by any key or keyword), not read, not hidden."""
    mutes = profile.mutes
    pattern = _keyword_pattern(mutes)
    gone = profile.read | profile.hidden | exclude
    out = []
    for c in candidates:
        if c.article_id in gone or any(k in mutes for k in c.all_keys()):
            continue
        if _matched_keywords(pattern, c.text):
            continue
        out.append(c)
    return out


def _similarities(
    vectors: npt.NDArray[np.float32] | None, bank: npt.NDArray[np.float32] | None, weights: Weights, k: int
) -> npt.NDArray[np.float32] | None:
    """For each candidate vector, the mean of its k best (weighted) cosines to ``bank``, floored."""
    import numpy as np

    if vectors is None or bank is None or len(bank) == 0:
        return None
    sims = vectors @ bank.T
    k = max(1, min(k, sims.shape[1]))
    top = np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:] if k < sims.shape[1] else sims
    floor = weights.interest.floor
    return np.clip((top.mean(axis=1) - floor) / (1.0 - floor), 0.0, 1.0).astype(np.float32)


def _stack(candidates: Sequence[Candidate], dim: int | None) -> npt.NDArray[np.float32] | None:
    import numpy as np

    if dim is None:
        return None
    rows = np.zeros((len(candidates), dim), dtype=np.float32)
    for i, c in enumerate(candidates):
        if c.vector is not None:
            rows[i] = c.vector
    return rows


def _log_share(value: float, full: float) -> float:
    if value <= 0 or full <= 0:
        return 0.0
    return min(1.0, math.log1p(value) / math.log1p(full))


def _specificity(candidates: Sequence[Candidate]) -> dict[Key, float]:
    """Per topic/entity/author key, how specific it is in this window: 1 for a key on one
    candidate, falling (log-scaled) to 0 for a key on every candidate. Learned affinities are
    scaled by it, so liking "Greece" counts for more than liking a label every article has."""
    counts: Counter[Key] = Counter()
    for c in candidates:
        counts.update(k for k in c.all_keys() if k[0] != "source")
    total = len(candidates)
    if total <= 1:
        return dict.fromkeys(counts, 1.0)
    return {k: 1.0 - math.log(n) / math.log(total) for k, n in counts.items()}


def _rarity(candidates: Sequence[Candidate]) -> dict[str, float]:
    """1 for a source with one candidate in the window, 0 for the most prolific one."""
    counts = Counter(c.source_id for c in candidates)
    most = max(counts.values(), default=1)
    if most <= 1:
        return dict.fromkeys(counts, 0.0)
    return {s: 1.0 - math.log(n) / math.log(most) for s, n in counts.items()}


@dataclass(frozen=True)
class _Context:
    profile: ReaderProfile
    weights: Weights
    now: datetime
    keyword_pattern: re.Pattern[str] | None
    rarity: dict[str, float]
    specificity: dict[Key, float]


def _follow_matches(ctx: _Context, c: Candidate) -> tuple[float, tuple[Key, ...]]:
    follows, kinds = ctx.profile.follows, ctx.weights.follow_kinds
    if not follows:
        return 0.0, ()
    matched = [k for k in c.all_keys() + _matched_keywords(ctx.keyword_pattern, c.text) if k in follows]
    matched.sort(key=lambda k: -kinds.get(k[0], 0.0))
    return (kinds.get(matched[0][0], 0.0) if matched else 0.0), tuple(matched)


def _feedback(ctx: _Context, c: Candidate) -> tuple[float, Key | None]:
    affinity = ctx.profile.affinity
    best, best_key, worst = 0.0, None, 0.0
    for key in c.all_keys():
        if key[0] == "source" or key not in affinity:
            continue
        value = affinity[key] * ctx.specificity.get(key, 1.0)
        if value > best:
            best, best_key = value, key
        worst = min(worst, value)
    return max(-1.0, min(1.0, best + worst)), best_key


def _score_one(ctx: _Context, c: Candidate, similarity: float, aversion: float) -> Scored:
    w, imp = ctx.weights.score, ctx.weights.importance
    follow, follow_keys = _follow_matches(ctx, c)
    feedback, liked_key = _feedback(ctx, c)
    age_hours = max(0.0, (ctx.now - c.published).total_seconds() / 3600.0)
    importance = 0.6 * _log_share(c.story_sources - 1, imp.sources_full - 1) + 0.4 * _log_share(
        c.story_growth, imp.growth_full
    )
    components = {
        "follow": w.follow * follow,
        "interest": w.interest * similarity,
        "feedback": w.feedback * feedback,
        "source": w.source * ctx.profile.affinity.get(("source", c.source_id), 0.0),
        "importance": w.importance * importance,
        "popularity": w.popularity * _log_share(c.popularity, imp.popularity_full),
        "freshness": w.freshness * 0.5 ** (age_hours / ctx.weights.freshness.half_life_hours),
        "rare_source": w.rare_source * ctx.rarity.get(c.source_id, 0.0),
        "aversion": -w.aversion * aversion,
    }
    return Scored(c, sum(components.values()), components, follow_keys, liked_key, similarity)


def score_candidates(
    profile: ReaderProfile, candidates: Sequence[Candidate], *, now: datetime, weights: Weights
) -> list[Scored]:
    """Score visible candidates (filter with ``visible`` first); best first, ties by article id."""
    dim = next((len(c.vector) for c in candidates if c.vector is not None), None)
    vectors = (
        _stack(candidates, dim) if profile.interests is not None or profile.aversions is not None else None
    )
    top_k = weights.interest.top_k
    likes = profile.interests
    if likes is not None and profile.interest_weights is not None:
        likes = likes * profile.interest_weights[:, None]
    sims = _similarities(vectors, likes, weights, top_k)
    aversions = _similarities(vectors, profile.aversions, weights, 1)
    ctx = _Context(
        profile,
        weights,
        now,
        _keyword_pattern(profile.follows),
        _rarity(candidates),
        _specificity(candidates),
    )
    scored = [
        _score_one(
            ctx,
            c,
            float(sims[i]) if sims is not None and c.vector is not None else 0.0,
            float(aversions[i]) if aversions is not None and c.vector is not None else 0.0,
        )
        for i, c in enumerate(candidates)
    ]
    scored.sort(key=lambda s: (-s.score, s.candidate.article_id))
    return scored
