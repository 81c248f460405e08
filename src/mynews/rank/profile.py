"""A reader's profile, built from their follows, mutes and signals: what ranking knows of them.

``build_profile`` is pure and fast: the lead calls it per feed request with the reader's recent
signals, so a signal changes the very next page. Signals decay with a half-life (weights
``signals.half_life_days``). From them come:

- ``affinity``: per (kind, key) — topic, entity, source, author — a value in -1..1,
  tanh(decayed sum of signal values of the articles carrying the key / ``affinity.scale``);
- ``interests``: the vectors of the articles the reader liked most (opened, read, saved,
  shared, "more like this"), with weights 0..1; ``aversions``: vectors of articles they said
  "fewer like this" to or hid;
- ``read`` and ``hidden`` article ids, which the For you feed does not show again;
- ``seen``: how often each article was shown (impressions, from ``signals.seen_after_minutes``
  after the showing) without being opened, so a card the reader passed over makes way for news
  (and a developing story rises again with a new article); ``passed_over``: those shown at least
  ``reasons.follow_quiet_hours`` ago;
- ``engaged``: the articles the reader really read (``signals.read_min_seconds`` or longer, or
  said more/save/share): only these name "Because you read about X". A one-second open is a
  bounce and counts against the article's keys;
- ``read_stories``: the stories ("story", id) and storylines ("storyline", id) of the engaged
  articles, each with the publication time of the newest one the reader read: what is newer in
  such a story is news to this reader ("New in <story>", a card of its own beside the story's
  lead: see ``diversity.fold_stories``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from mynews.rank.weights import Weights

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from mynews.rank.keycodes import Codes, KeyCodes

    Vector = npt.NDArray[np.float32]

_T = TypeVar("_T")

Key = tuple[str, str]  # (kind, key): ("topic", "greece"), ("entity", "42"), ("source", "7")

READ_KINDS = frozenset({"open", "read", "save", "share", "more"})
HIDE_KINDS = frozenset({"hide", "fewer"})
AVERSION_BELOW = -0.5  # an article whose decayed net signal is below this becomes an aversion


@dataclass(frozen=True)
class Signal:
    """One thing a reader did. ``kind``: impression, open, read (``value``: seconds), more,
    fewer, hide, save, share. ``at`` is an aware datetime."""

    kind: str
    article_id: int
    at: datetime
    value: float = 0.0


@dataclass(frozen=True)
class ArticleKeys:
    """The keys of an article a signal was about (to learn affinities from)."""

    topics: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    source_id: str | None = None
    author: str | None = None
    story_id: str | None = None  # not an affinity key: only what the reader read of a story
    storyline_id: str | None = None
    published: datetime | None = None

    def all_keys(self) -> list[Key]:
        pairs = [("topic", t) for t in self.topics] + [("entity", e) for e in self.entities]
        if self.source_id is not None:
            pairs.append(("source", self.source_id))
        if self.author:
            pairs.append(("author", self.author))
        return pairs


@dataclass(frozen=True)
class ReaderProfile:
    """Everything ranking knows about one reader. An empty profile is a new reader."""

    follows: Mapping[Key, str] = field(default_factory=dict)
    mutes: Mapping[Key, str] = field(default_factory=dict)
    affinity: Mapping[Key, float] = field(default_factory=dict)
    interests: Vector | None = field(default=None, repr=False)
    interest_weights: Vector | None = field(default=None, repr=False)
    centroids: Vector | None = field(default=None, repr=False)  # several interests, not one mean
    aversions: Vector | None = field(default=None, repr=False)
    read: frozenset[int] = frozenset()
    hidden: frozenset[int] = frozenset()
    names: Mapping[Key, str] = field(default_factory=dict)
    seen: Mapping[int, int] = field(default_factory=dict)
    passed_over: frozenset[int] = frozenset()  # shown, not opened, at least a while ago
    engaged: frozenset[int] = frozenset()
    learned: Mapping[Key, float] = field(default_factory=dict)  # affinities from real reading only
    read_stories: Mapping[Key, float] = field(
        default_factory=dict
    )  # story/storyline -> newest read (timestamp)
    read_keys: Mapping[Key, tuple[int, ...]] = field(default_factory=dict)  # key -> engaged articles
    read_vectors: Mapping[int, Vector] = field(default_factory=dict, repr=False)  # engaged -> vector

    # What ranking derives from the profile alone, worked out once: a built profile is kept
    # between a reader's requests (``services.reading.feed_cache``), and a copy of it made with
    # ``dataclasses.replace`` (the services layer adds the names of the candidates' keys) shares
    # ``derived``. Each value is kept with the objects it was derived from and derived again
    # when they are not the same objects (a copy with other interests).
    derived: dict[str, tuple[tuple[object, ...], Any]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def derive(self, name: str, inputs: tuple[object, ...], build: Callable[[], _T]) -> _T:
        """``build()``, kept under ``name`` while ``inputs`` are the same objects (see ``derived``)."""
        kept = self.derived.get(name)
        if kept is None or any(a is not b for a, b in zip(kept[0], inputs, strict=True)):
            kept = self.derived[name] = (inputs, build())
        return kept[1]

    @property
    def weighted_interests(self) -> Vector | None:
        """``interests``, each row times its weight (what interest similarity compares to)."""
        interests, strengths = self.interests, self.interest_weights
        if interests is None or strengths is None:
            return interests
        return self.derive("weighted", (interests, strengths), lambda: interests * strengths[:, None])

    @property
    def interest_direction(self) -> Vector | None:
        """The unit vector of the reader's mean liked vector (weighted); None without interests
        (or when they cancel out)."""
        import numpy as np

        interests, strengths = self.interests, self.interest_weights
        if interests is None:
            return None

        def build() -> Vector | None:
            mean = (
                interests.mean(axis=0) if strengths is None else (interests * strengths[:, None]).sum(axis=0)
            )
            norm = float(np.linalg.norm(mean))
            return mean / norm if norm > 0 else None

        return self.derive("direction", (interests, strengths), build)

    @property
    def source_affinity(self) -> dict[str, float]:
        """The learned affinity of each source (by source key)."""
        affinity = self.affinity
        return self.derive(
            "sources",
            (affinity,),
            lambda: {key: float(v) for (kind, key), v in affinity.items() if kind == "source"},
        )

    def affinity_codes(self, table: KeyCodes) -> tuple[Codes, Codes, Codes]:
        """The learned affinities of topics, entities and authors as arrays sorted by code of
        ``table`` (``rank.keycodes``): codes, values, and whether each key is a topic."""
        import numpy as np

        affinity = self.affinity

        def build() -> tuple[Codes, Codes, Codes]:
            keys = [k for k in affinity if k[0] in ("topic", "entity", "author")]
            codes = table.codes(keys)
            order = np.argsort(codes)
            values = np.fromiter((affinity[k] for k in keys), float, len(keys))
            topics = np.fromiter((k[0] == "topic" for k in keys), bool, len(keys))
            return codes[order], values[order], topics[order]

        return self.derive("affinity_codes", (affinity, table), build)

    def follow_codes(self, table: KeyCodes) -> Codes:
        """The codes of the followed keys but keywords, sorted (see ``affinity_codes``)."""
        return self.coded_follows(table)[0]

    def coded_follows(self, table: KeyCodes) -> tuple[Codes, tuple[Key, ...]]:
        """The followed keys but keywords: their codes of ``table``, sorted, and the keys in
        that order."""
        import numpy as np

        follows = self.follows

        def build() -> tuple[Codes, tuple[Key, ...]]:
            keys = [k for k in follows if k[0] != "keyword"]
            codes = table.codes(keys)
            order = np.argsort(codes, kind="stable")
            return codes[order], tuple(keys[i] for i in order.tolist())

        return self.derive("follow_codes", (follows, table), build)

    def closeness(self, key: Key, vector: Vector | None) -> float | None:
        """The highest cosine of ``vector`` to the articles the reader really read that carry
        ``key`` (a story, storyline, entity or author); None when none of them has a vector."""
        if vector is None:
            return None
        found = [self.read_vectors[a] for a in self.read_keys.get(key, ()) if a in self.read_vectors]
        if not found:
            return None
        return max(float(u @ vector) for u in found)

    def name_of(self, key: Key) -> str:
        """The human name of a key: the follow's name, a name given to build_profile, or the key."""
        return self.follows.get(key) or self.names.get(key) or key[1]

    @property
    def has_history(self) -> bool:
        """Whether the reader has read or said anything (signals): what guards the top of the
        page. A reader who only follows has no history yet; their page is ranked as a new
        reader's, but still told in two parts (``rank.for_you``)."""
        return self.interests is not None or bool(self.affinity)

    @property
    def known(self) -> bool:
        """Whether anything is known of what this reader wants: history or follows."""
        return self.has_history or bool(self.follows)


def _decayed_net(signals: Iterable[Signal], now: datetime, weights: Weights) -> dict[int, float]:
    half_life_seconds = weights.signals.half_life_days * 86400.0
    net: dict[int, float] = defaultdict(float)
    for signal in signals:
        age = max(0.0, (now - signal.at).total_seconds())
        decay = 0.5 ** (age / half_life_seconds)
        net[signal.article_id] += weights.signals.value_of(signal.kind, signal.value) * decay
    return net


def _affinities(
    net: Mapping[int, float], article_keys_by_id: Mapping[int, ArticleKeys], weights: Weights
) -> dict[Key, float]:
    import math

    sums: dict[Key, float] = defaultdict(float)
    for article_id, value in net.items():
        keys = article_keys_by_id.get(article_id)
        if keys is None or value == 0.0:
            continue
        for key in keys.all_keys():
            sums[key] += value
    scale = weights.affinity.scale
    return {key: math.tanh(total / scale) for key, total in sums.items() if abs(total) > 1e-9}


def _interest_vectors(
    net: Mapping[int, float], vectors_by_article: Mapping[int, Vector], weights: Weights
) -> tuple[Vector | None, Vector | None, Vector | None]:
    import numpy as np

    liked = sorted(
        ((v, a) for a, v in net.items() if v > 0 and a in vectors_by_article), key=lambda p: (-p[0], p[1])
    )[: weights.interest.max_vectors]
    disliked = [a for a, v in sorted(net.items()) if v < AVERSION_BELOW and a in vectors_by_article]
    interests = weights_out = aversions = None
    if liked:
        interests = np.stack([np.asarray(vectors_by_article[a], dtype=np.float32) for _, a in liked])
        strongest = liked[0][0]  # weights relative to the strongest liked article, so one open still counts
        weights_out = np.asarray([min(1.0, v / strongest) for v, _ in liked], dtype=np.float32)
    if disliked:
        aversions = np.stack([np.asarray(vectors_by_article[a], dtype=np.float32) for a in disliked])
    return interests, weights_out, aversions


def _centroids(interests: Vector | None, strengths: Vector | None, weights: Weights) -> Vector | None:
    """Group liked vectors (strongest first) into at most ``interest.centroids`` interests: each
    joins the most similar centroid at ``interest.centroid_join`` or above, else starts one."""
    import numpy as np

    if interests is None or strengths is None:
        return None
    sums: list[Vector] = []
    for vector, strength in zip(interests, strengths, strict=True):
        if sums:
            units = np.stack([c / max(1e-9, float(np.linalg.norm(c))) for c in sums])
            cosines = units @ vector
            best = int(np.argmax(cosines))
            if cosines[best] >= weights.interest.centroid_join or len(sums) >= weights.interest.centroids:
                sums[best] = sums[best] + strength * vector
                continue
        sums.append(strength * vector)
    out = np.stack(sums).astype(np.float32)
    return out / np.maximum(1e-9, np.linalg.norm(out, axis=1, keepdims=True))


def _engaged(signals: list[Signal], weights: Weights) -> frozenset[int]:
    threshold = weights.signals.read_min_seconds
    return frozenset(
        s.article_id
        for s in signals
        if (s.kind == "read" and s.value >= threshold) or s.kind in ("more", "save", "share")
    )


def _read_stories(engaged: frozenset[int], article_keys_by_id: Mapping[int, ArticleKeys]) -> dict[Key, float]:
    """Story and storyline keys of the engaged articles -> the newest publication time read."""
    out: dict[Key, float] = {}
    for article_id in engaged:
        keys = article_keys_by_id.get(article_id)
        if keys is None or keys.published is None:
            continue
        at = keys.published.timestamp()
        for kind, key in (("story", keys.story_id), ("storyline", keys.storyline_id)):
            if key is not None and at > out.get((kind, key), float("-inf")):
                out[(kind, key)] = at
    return out


def _read_keys(
    engaged: frozenset[int], article_keys_by_id: Mapping[int, ArticleKeys]
) -> dict[Key, tuple[int, ...]]:
    """Story, storyline, entity and author keys of the engaged articles -> those articles."""
    out: dict[Key, list[int]] = defaultdict(list)
    for article_id in sorted(engaged):
        keys = article_keys_by_id.get(article_id)
        if keys is None:
            continue
        pairs = [("entity", e) for e in keys.entities] + ([("author", keys.author)] if keys.author else [])
        pairs += [
            (kind, key) for kind, key in (("story", keys.story_id), ("storyline", keys.storyline_id)) if key
        ]
        for pair in pairs:
            out[pair].append(article_id)
    return {k: tuple(v) for k, v in out.items()}


def _shown_unopened(signals: list[Signal], read: frozenset[int], before: float) -> dict[int, int]:
    """Impressions at or before ``before`` (a timestamp) of articles never opened, per article."""
    counts: dict[int, int] = defaultdict(int)
    for s in signals:
        if s.kind == "impression" and s.article_id not in read and s.at.timestamp() <= before:
            counts[s.article_id] += 1
    return dict(counts)


def build_profile(
    follows: Mapping[Key, str],
    mutes: Mapping[Key, str],
    signals: Iterable[Signal],
    vectors_by_article: Mapping[int, Vector],
    article_keys_by_id: Mapping[int, ArticleKeys],
    now: datetime,
    weights: Weights,
    names: Mapping[Key, str] | None = None,
) -> ReaderProfile:
    """Build a reader's profile. ``follows``/``mutes`` map (kind, key) to a display name, kinds
    topic, entity, source, author, keyword (keyword keys are matched case-insensitively as
    words of a candidate's ``text``). ``names`` optionally names keys the reader does not follow
    (for reasons such as "Because you read about Rex Tillerson")."""
    signals = list(signals)
    net = _decayed_net(signals, now, weights)
    interests, interest_weights, aversions = _interest_vectors(net, vectors_by_article, weights)
    read = frozenset(s.article_id for s in signals if s.kind in READ_KINDS)
    # an article read and then turned down ("fewer", "hide") is not one the reader wanted: it
    # teaches no liked key and makes no story "read" for "New in <story>"
    engaged = _engaged(signals, weights) - {a for a, v in net.items() if v < 0}
    affinity = _affinities(net, article_keys_by_id, weights)
    learned = _affinities({a: v for a, v in net.items() if a in engaged}, article_keys_by_id, weights)
    return ReaderProfile(
        follows=dict(follows),
        mutes=dict(mutes),
        affinity=affinity,
        interests=interests,
        interest_weights=interest_weights,
        centroids=_centroids(interests, interest_weights, weights),
        aversions=aversions,
        read=read,
        hidden=frozenset(s.article_id for s in signals if s.kind in HIDE_KINDS),
        names=dict(names or {}),
        # a reload moments later shows the same top, not the next cards in line
        seen=_shown_unopened(signals, read, now.timestamp() - weights.signals.seen_after_minutes * 60.0),
        # what the reader had time to answer and passed over (not the page they look at now)
        passed_over=frozenset(
            _shown_unopened(signals, read, now.timestamp() - weights.reasons.follow_quiet_hours * 3600.0)
        ),
        engaged=engaged,
        learned={k: v for k, v in learned.items() if v > 0 and affinity.get(k, 0.0) > 0},
        read_stories=_read_stories(engaged, article_keys_by_id),
        read_keys=_read_keys(engaged, article_keys_by_id),
        read_vectors={a: vectors_by_article[a] for a in engaged if a in vectors_by_article},
    )
