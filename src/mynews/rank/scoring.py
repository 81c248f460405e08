"""Score For you candidates for one reader: a weighted sum of components, each roughly 0..1.

Components (weights in ``weights.json`` → ``score``): ``follow`` (the strongest follow the
article matches), ``interest`` (similarity of its vector to the reader's liked articles),
``feedback`` (learned affinities of its topics, entities and author), ``source`` (learned
affinity of its source), ``importance`` (story coverage and growth), ``popularity`` (opens),
``freshness`` (half-life decay), ``rare_source`` (boost for sources with few candidates in the
window) and ``aversion`` (similarity to what the reader said "fewer like this" to; negative).
Filter with ``matching.visible`` first: muted, read and hidden articles never show.

The components are computed with numpy over the whole window, the key lookups too (follows
and learned affinities on the keys' integer codes: ``matching.WindowCodes``); only the
candidates a follow matches are looked at one by one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from itertools import chain
from typing import TYPE_CHECKING, Any, NamedTuple

from mynews.rank import keycodes
from mynews.rank.candidates import Candidate
from mynews.rank.matching import KeyIndex, WindowCodes, feedbacks, rarity
from mynews.rank.profile import Key, ReaderProfile
from mynews.rank.weights import Weights

if TYPE_CHECKING:
    import numpy.typing as npt

    Floats = npt.NDArray[Any]

COMPONENTS = (
    "follow",
    "interest",
    "feedback",
    "source",
    "importance",
    "popularity",
    "freshness",
    "rare_source",
    "aversion",
    "seen",
)


class Scored(NamedTuple):
    """A candidate with its score, its weighted components (in ``COMPONENTS`` order) and what
    explains them. A named tuple: thousands are made per page, and tuples are made fast."""

    candidate: Candidate
    score: float
    values: Sequence[float]
    follows: tuple[Key, ...] = ()  # the follows matched, strongest first
    similarity: float = 0.0  # interest similarity, 0..1 after the floor
    broad: frozenset[Key] = frozenset()  # keys too common in this window to name (one shared set)
    typical: float = 0.0  # cosine to the reader's mean liked vector (raw, -1..1; 0 without history)

    @property
    def article_id(self) -> int:
        return self.candidate.article_id

    @property
    def follow(self) -> Key | None:
        return self.follows[0] if self.follows else None

    @property
    def components(self) -> dict[str, float]:
        return dict(zip(COMPONENTS, self.values, strict=True))


def _similarities(vectors: Floats | None, bank: Floats | None, floor: float, k: int) -> Floats | None:
    """For each candidate vector, the mean of its k best cosines to ``bank``, floored to 0..1."""
    import numpy as np

    if vectors is None or bank is None or len(bank) == 0:
        return None
    return np.clip((_best_mean(vectors @ bank.T, k) - floor) / (1.0 - floor), 0.0, 1.0)


def _best_mean(sims: Floats, k: int) -> Floats:
    """The mean of each row's k best values."""
    import numpy as np

    k = max(1, min(k, sims.shape[1]))
    if k == 1:  # the mean of the best one: the best, +0.0 as the mean's sum gives it (not -0.0)
        return sims.max(axis=1) + 0.0
    top = np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:] if k < sims.shape[1] else sims
    return top.mean(axis=1)


def _vectors(candidates: Sequence[Candidate]) -> Floats | None:
    import numpy as np

    present = [c.vector for c in candidates if c.vector is not None]
    if not present:
        return None
    if len(present) == len(candidates):  # as np.stack, without a view per row
        return np.concatenate(present).reshape(len(present), -1)
    rows = np.zeros((len(candidates), len(present[0])), dtype=np.float32)
    for i, c in enumerate(candidates):
        if c.vector is not None:
            rows[i] = c.vector
    return rows


def _log_share(values: Floats, full: float) -> Floats:
    import numpy as np

    if full <= 0:
        return np.zeros_like(values)
    return np.minimum(1.0, np.log1p(np.maximum(values, 0.0)) / np.log1p(full))


def _numeric(candidates: Sequence[Candidate], now: datetime, weights: Weights) -> dict[str, Floats]:
    """The components that need no key lookups, as arrays over the window (weighted)."""
    import numpy as np

    w, imp = weights.score, weights.importance
    n = len(candidates)
    ages = now.timestamp() - np.fromiter((c.at for c in candidates), float, n)
    sources = np.fromiter((c.story_sources for c in candidates), float, n)
    growth = np.fromiter((c.story_growth for c in candidates), float, n)
    opens = np.fromiter((c.popularity for c in candidates), float, n)
    rare = rarity(candidates)
    importance = 0.6 * _log_share(sources - 1, imp.sources_full - 1) + 0.4 * _log_share(
        growth, imp.growth_full
    )
    half_life = weights.freshness.half_life_hours * 3600.0
    return {
        "importance": w.importance * importance,
        "popularity": w.popularity * _log_share(opens, imp.popularity_full),
        "freshness": w.freshness * 0.5 ** (np.maximum(ages, 0.0) / half_life),
        "rare_source": w.rare_source * np.fromiter((rare[c.source_id] for c in candidates), float, n),
    }


def _by_vector(
    profile: ReaderProfile, candidates: Sequence[Candidate], weights: Weights
) -> tuple[Floats, Floats, Floats]:
    """Interest similarity and aversion (0..1 each, 0 without vectors) per candidate, and the
    raw cosine to the reader's mean liked vector (``Scored.typical``)."""
    import numpy as np

    n = len(candidates)
    zeros = np.zeros(n)
    if profile.interests is None and profile.aversions is None:
        return zeros, zeros, zeros
    vectors = _vectors(candidates)
    typical = zeros
    direction = profile.interest_direction
    if vectors is not None and direction is not None:
        typical = vectors @ direction
    likes = profile.weighted_interests
    floor = weights.interest.floor
    sims = _similarities(vectors, likes, floor, weights.interest.top_k)
    central = _similarities(vectors, profile.centroids, floor, 1)
    if sims is not None and central is not None:
        share = weights.interest.centroid_share
        sims = (1.0 - share) * sims + share * central
    dislikes = _similarities(vectors, profile.aversions, floor, 1)
    return (zeros if sims is None else sims), (zeros if dislikes is None else dislikes), typical


def score_candidates(
    profile: ReaderProfile,
    candidates: Sequence[Candidate],
    *,
    now: datetime,
    weights: Weights,
    quiet: frozenset[Key] = frozenset(),
) -> list[Scored]:
    """Score candidates (already filtered by ``visible``); best first, ties by article id.
    ``quiet`` follows (see ``quiet_follows``) count as broad ones."""
    import numpy as np

    if not candidates:
        return []
    w = weights.score
    n = len(candidates)
    coded = WindowCodes(candidates, keycodes.current())
    window = news_window(candidates)
    follow, followed, share = _followed(profile, coded, window, weights, quiet)
    fb = feedbacks(profile, coded, weights.affinity.topic_share) if profile.affinity else np.zeros(n)
    sims, dislikes, typical = _by_vector(profile, candidates, weights)
    liked_sources = profile.source_affinity
    source = np.fromiter((liked_sources.get(c.source_id, 0.0) for c in candidates), float, n)
    seen = profile.seen
    columns = {
        "follow": w.follow * follow,
        "interest": w.interest * sims,
        "feedback": w.feedback * fb,
        "source": w.source * source,
        **_numeric(candidates, now, weights),
        "aversion": -w.aversion * dislikes,
        "seen": -w.seen * np.fromiter((min(2, seen.get(c.article_id, 0)) / 2 for c in candidates), float, n),
    }
    matrix = np.column_stack([columns[name] for name in COMPONENTS])
    scores = matrix.sum(axis=1)
    ids = np.fromiter((c.article_id for c in candidates), np.int64, n)
    order = np.lexsort((ids, -scores))
    rows = matrix.tolist()
    score_list = scores.tolist()
    sim_list = sims.tolist()
    typical_list = typical.tolist()
    broad = broad_keys([candidates[i] for i in window], weights.reasons.broad_share) | {
        k for k, v in share.items() if v > weights.reasons.broad_share
    }
    none: tuple[Key, ...] = ()
    return [
        Scored(
            candidates[i],
            score_list[i],
            rows[i],
            followed.get(i, none),
            sim_list[i],
            broad,
            typical_list[i],
        )
        for i in order.tolist()
    ]


def _followed(
    profile: ReaderProfile,
    coded: WindowCodes,
    window: Sequence[int],
    weights: Weights,
    quiet: frozenset[Key],
) -> tuple[Floats, dict[int, tuple[Key, ...]], dict[Key, float]]:
    """Each candidate's follow strength (``follow_strengths``), the follows matched by those
    that match any (by position, strongest first), and the share of the window each followed
    key matches (``quiet`` ones count as on all of it). Only the candidates that carry a
    followed key are looked at one by one."""
    import numpy as np

    candidates = coded.candidates
    follow = np.zeros(len(candidates))
    if not profile.follows:
        return follow, {}, dict.fromkeys(quiet, 1.0)
    index = follow_index(profile)
    if index.keywords is None:  # matched with codes, all candidates at once
        return _followed_coded(profile, coded, window, weights, quiet)
    matched = {i: m for i, c in enumerate(candidates) if (m := index.matches(c))}
    news = set(window)
    share = follow_shares([m for i, m in matched.items() if i in news], len(window))
    share.update(dict.fromkeys(quiet, 1.0))
    strengths = follow_strengths(list(matched.values()), share, weights)
    follow[list(matched)] = [strength for strength, _ in strengths]
    return follow, {i: keys for i, (_, keys) in zip(matched, strengths, strict=True)}, share


def _followed_coded(
    profile: ReaderProfile,
    coded: WindowCodes,
    window: Sequence[int],
    weights: Weights,
    quiet: frozenset[Key],
) -> tuple[Floats, dict[int, tuple[Key, ...]], dict[Key, float]]:
    """``_followed`` without keyword follows, with numpy on the keys' codes: what
    ``follow_shares`` and ``follow_strengths`` give for what ``WindowCodes.carried`` finds, to
    the last bit (each followed key's share and strength are worked out once, in Python, as
    there; a candidate's strength is the largest of its keys'; its keys are ordered strongest
    first, in ``match_keys`` order among equals, as the stable sort there orders them)."""
    import numpy as np

    n = len(coded.candidates)
    follow = np.zeros(n)
    codes, keys = profile.coded_follows(coded.table)
    share: dict[Key, float] = {}
    if len(codes) == 0 or n == 0:
        share.update(dict.fromkeys(quiet, 1.0))
        return follow, {}, share
    flat, owner = coded.matched
    at = np.minimum(np.searchsorted(codes, flat), len(codes) - 1)
    hits = np.flatnonzero(codes[at] == flat)
    if len(hits) == 0:
        share.update(dict.fromkeys(quiet, 1.0))
        return follow, {}, share
    key_of, owners = at[hits], owner[hits]
    news = np.zeros(n, dtype=bool)
    news[np.asarray(window, dtype=np.intp)] = True
    counts = np.bincount(key_of[news[owners]], minlength=len(codes)).tolist()
    total = max(1, len(window))
    share.update({keys[k]: m / total for k, m in enumerate(counts) if m})
    share.update(dict.fromkeys(quiet, 1.0))
    strengths = np.array([_key_strength(k, share, weights) for k in keys])
    hit_strength = strengths[key_of]
    order = np.lexsort((hits, -hit_strength, owners))  # by candidate, strongest first, stable
    owners, key_of = owners[order], key_of[order]
    firsts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    follow[owners[firsts]] = hit_strength[order][firsts]
    ends = [*firsts[1:].tolist(), len(owners)]
    named = [keys[k] for k in key_of.tolist()]
    followed = {
        i: tuple(named[a:b]) for i, a, b in zip(owners[firsts].tolist(), firsts.tolist(), ends, strict=True)
    }
    return follow, followed, share


def quiet_follows(
    profile: ReaderProfile, candidates: Sequence[Candidate], weights: Weights
) -> frozenset[Key]:
    """Follows the reader does not answer: of the window's candidates matching the follow that
    the reader opened or passed over (shown at least ``reasons.follow_quiet_hours`` ago: a
    follow made a minute ago is not quiet because its first page was not read yet), at least ``reasons.follow_quiet_shown``, fewer than
    ``reasons.follow_quiet_read`` of them were really read (``ReaderProfile.engaged``). Following
    the word "state" and passing over every such card for days is not wanting it: such a follow
    is treated as a broad one (weak, no reserved slot, not enough to reach the top of the page).
    ``candidates`` are the window before filtering out what the reader read."""
    need = weights.reasons.follow_quiet_shown
    if need <= 0 or not profile.follows or not (profile.passed_over or profile.read):
        return frozenset()
    index = follow_index(profile)
    shown: dict[Key, int] = {}
    answered: dict[Key, int] = {}
    for c in candidates:
        if c.article_id not in profile.passed_over and c.article_id not in profile.read:
            continue
        for key in index.matches(c):
            shown[key] = shown.get(key, 0) + 1
            if c.article_id in profile.engaged:
                answered[key] = answered.get(key, 0) + 1
    share = weights.reasons.follow_quiet_read
    return frozenset(k for k, n in shown.items() if n >= need and answered.get(k, 0) < share * n)


def follow_index(profile: ReaderProfile) -> KeyIndex:
    """The reader's follows as a ``KeyIndex``, kept with the profile."""
    follows = profile.follows
    return profile.derive("follow_index", (follows,), lambda: KeyIndex.of(follows))


NEWS_WINDOW_MIN = 20  # fewer newest-news candidates than this: the whole candidate set is the window


def news_window(candidates: Sequence[Candidate]) -> list[int]:
    """Positions of the candidates that are the period's news as it came (the ``recent``
    generator: the newest articles, whoever reads), against which how common a key is gets
    measured. The candidates a follow brought in are left out: they carry the followed key by
    construction, so on a quiet day ("Iran" on 30 of 247 candidates, 30 of them from the follow)
    the reader's own follow read as a name too common to be a reason. Without enough such
    candidates (tests, tiny instances), all of them."""
    window = [i for i, c in enumerate(candidates) if "recent" in c.via]
    return window if len(window) >= NEWS_WINDOW_MIN else list(range(len(candidates)))


def follow_shares(matches: Sequence[Sequence[Key]], total: int) -> dict[Key, float]:
    """The share of the window's candidates each followed key matches."""
    counts: dict[Key, int] = {}
    for keys in matches:
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    return {k: n / max(1, total) for k, n in counts.items()}


def follow_strengths(
    matches: Sequence[Sequence[Key]], share: dict[Key, float], weights: Weights
) -> list[tuple[float, tuple[Key, ...]]]:
    """For each candidate, the strongest follow it matches, each follow weighted by its kind and by how
    specific it is in this window: a follow matching at most ``reasons.broad_share`` of the
    candidates counts fully, one matching ``follow_broad_share`` or more counts
    ``follow_broad_weight`` of that (following "state" or Politics is not following one
    country), linearly in between. The matched keys, strongest first. Each key's strength is worked out once."""
    strengths: dict[Key, float] = {}

    def strength(key: Key) -> float:
        value = strengths.get(key)
        if value is None:
            value = strengths[key] = _key_strength(key, share, weights)
        return value

    def strongest(matched: Sequence[Key]) -> tuple[float, tuple[Key, ...]]:
        ranked = sorted(matched, key=lambda k: -strength(k))
        return strength(ranked[0]), tuple(ranked)

    none: tuple[float, tuple[Key, ...]] = (0.0, ())
    return [strongest(matched) if matched else none for matched in matches]


def _key_strength(key: Key, share: dict[Key, float], weights: Weights) -> float:
    """One followed key's weight: its kind's, lowered as the key is on more of the window."""
    kinds, r = weights.follow_kinds, weights.reasons
    narrow, broad, low = r.broad_share, r.follow_broad_share, r.follow_broad_weight
    wide = min(1.0, max(0.0, share.get(key, 0.0) - narrow) / max(1e-9, broad - narrow))
    return kinds.get(key[0], 0.0) * (1.0 - (1.0 - low) * wide)


def broad_keys(candidates: Sequence[Candidate], share: float) -> frozenset[Key]:
    """Topics, entities and sources carried by more than ``share`` of the window: too common to
    be the reason a reader wants one card ("Because you read about United States", or "More
    from Wikinews" where Wikinews writes half of the news, names nothing)."""
    limit = share * len(candidates)
    counted = (
        ("topic", Counter(chain.from_iterable(c.topics for c in candidates))),
        ("entity", Counter(chain.from_iterable(c.entities for c in candidates))),
        ("source", Counter(c.source_id for c in candidates)),
    )
    return frozenset((kind, k) for kind, counts in counted for k, n in counts.items() if n > limit)
