"""Key matching for ranking: mutes, follows and learned affinities against a candidate's keys.

Keys are (kind, key) pairs: a candidate's topics, entities, source and author, plus the
keywords of the reader's keyword follows/mutes found as words in its ``text``
(case-insensitive). A ``KeyIndex`` splits a reader's keys by kind so that matching a
candidate is a few set and dict operations on its own fields (no per-candidate tuples), which
keeps a window of thousands of candidates fast.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

from mynews.rank.candidates import Candidate
from mynews.rank.profile import Key, ReaderProfile


def keyword_pattern(keys: Iterable[Key]) -> re.Pattern[str] | None:
    """One regex matching any keyword key as a whole word, or None if there are none."""
    words = sorted({k.casefold() for kind, k in keys if kind == "keyword" and k.strip()})
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")


@dataclass(frozen=True)
class KeyIndex:
    """A mapping of (kind, key) → value split by kind, plus a regex for its keywords."""

    by_kind: dict[str, dict[str, float]]
    keywords: re.Pattern[str] | None
    keyword_keys: dict[str, str]  # casefolded keyword -> the key as given

    @classmethod
    def of(cls, mapping: Mapping[Key, object], value: Mapping[str, float] | None = None) -> KeyIndex:
        """Index ``mapping``; values are ``value[kind]`` if given, else the mapping's own floats."""
        by_kind: dict[str, dict[str, float]] = {}
        for (kind, key), v in mapping.items():
            by_kind.setdefault(kind, {})[key] = value.get(kind, 0.0) if value is not None else float(v)  # type: ignore[arg-type]
        keyword_keys = {k.casefold(): k for k in by_kind.get("keyword", {})}
        return cls(by_kind, keyword_pattern(mapping), keyword_keys)

    def get(self, kind: str) -> dict[str, float]:
        return self.by_kind.get(kind, {})

    def hits(self, c: Candidate) -> bool:
        """Whether any key of ``c`` is in the index (faster than ``matches``)."""
        by_kind = self.by_kind
        return (
            ("topic" in by_kind and not by_kind["topic"].keys().isdisjoint(c.topics))
            or ("entity" in by_kind and not by_kind["entity"].keys().isdisjoint(c.entities))
            or c.source_id in by_kind.get("source", ())
            or (c.author is not None and c.author in by_kind.get("author", ()))
            or (c.story_id is not None and str(c.story_id) in by_kind.get("story", ()))
            or (c.storyline_id is not None and str(c.storyline_id) in by_kind.get("storyline", ()))
            or (
                self.keywords is not None
                and bool(c.text)
                and self.keywords.search(c.text.casefold()) is not None
            )
        )

    def matches(self, c: Candidate) -> list[Key]:
        """The keys of ``c`` present in the index."""
        by_kind = self.by_kind
        topics, entities = by_kind.get("topic"), by_kind.get("entity")
        found = [("topic", t) for t in c.topics if t in topics] if topics else []
        if entities:
            found += [("entity", e) for e in c.entities if e in entities]
        if c.source_id in by_kind.get("source", ()):
            found.append(("source", c.source_id))
        if c.author and c.author in by_kind.get("author", ()):
            found.append(("author", c.author))
        if c.storyline_id is not None and str(c.storyline_id) in by_kind.get("storyline", ()):
            found.append(("storyline", str(c.storyline_id)))
        if c.story_id is not None and str(c.story_id) in by_kind.get("story", ()):
            found.append(("story", str(c.story_id)))
        if self.keywords is not None and c.text:
            for word in dict.fromkeys(self.keywords.findall(c.text.casefold())):
                found.append(("keyword", self.keyword_keys.get(word, word)))
        return found


def visible(
    profile: ReaderProfile, candidates: Iterable[Candidate], exclude: frozenset[int]
) -> list[Candidate]:
    """Candidates the reader may see: not muted (by any key or keyword), not read, not hidden."""
    gone = profile.read | profile.hidden | exclude
    if not profile.mutes:
        return [c for c in candidates if c.article_id not in gone]
    mutes = KeyIndex.of(profile.mutes, {})
    return [c for c in candidates if c.article_id not in gone and not mutes.hits(c)]


def specificity(candidates: Sequence[Candidate]) -> dict[str, dict[str, float]]:
    """Per kind and key, how specific the key is in this window: 1 for a key on one candidate,
    falling (log-scaled) to 0 for a key on every candidate. Learned affinities are scaled by it,
    so liking "Greece" counts for more than liking a label every article has."""
    topics = Counter(chain.from_iterable(c.topics for c in candidates))
    entities = Counter(chain.from_iterable(c.entities for c in candidates))
    authors = Counter(c.author for c in candidates if c.author)
    log_total = math.log(len(candidates)) if len(candidates) > 1 else 0.0

    def scale(counts: Counter[str]) -> dict[str, float]:
        if not log_total:
            return dict.fromkeys(counts, 1.0)
        return {k: 1.0 - math.log(n) / log_total for k, n in counts.items()}

    return {"topic": scale(topics), "entity": scale(entities), "author": scale(authors)}


def rarity(candidates: Sequence[Candidate]) -> dict[str, float]:
    """1 for a source with one candidate in the window, 0 for the most prolific one."""
    counts = Counter(c.source_id for c in candidates)
    most = max(counts.values(), default=1)
    if most <= 1:
        return dict.fromkeys(counts, 0.0)
    return {s: 1.0 - math.log(n) / math.log(most) for s, n in counts.items()}


def scaled_affinities(
    profile: ReaderProfile, specific: Mapping[str, Mapping[str, float]], topic_share: float = 1.0
) -> KeyIndex:
    """The reader's learned affinities for topics, entities and authors, each multiplied by the
    key's specificity in this window (see ``specificity``); topics also by ``topic_share`` (broad
    labels such as "Conflict, war and peace" should not fill a page)."""
    scaled = {
        key: value * specific.get(key[0], {}).get(key[1], 1.0) * (topic_share if key[0] == "topic" else 1.0)
        for key, value in profile.affinity.items()
        if key[0] in ("topic", "entity", "author")
    }
    return KeyIndex.of(scaled)


def feedbacks(candidates: Iterable[Candidate], scaled: KeyIndex) -> list[tuple[float, Key | None]]:
    """For each candidate: its strongest liked key + its strongest disliked key (from
    ``scaled_affinities``), in -1..1, and the liked key that explains it; the reader's learned
    keys are looked up by kind once. Sources have their own component."""
    topics, entities, authors = scaled.get("topic"), scaled.get("entity"), scaled.get("author")
    return [
        _strongest(
            (
                ("topic", topics, c.topics),
                ("entity", entities, c.entities),
                ("author", authors, (c.author,) if c.author else ()),
            )
        )
        for c in candidates
    ]


def _strongest(
    keys_by_kind: Iterable[tuple[str, Mapping[str, float], Iterable[str]]],
) -> tuple[float, Key | None]:
    """The strongest liked value plus the strongest disliked one (clipped to -1..1) among the
    given keys, each looked up in its kind's learned values; and the liked key (the first of
    equal ones)."""
    best, best_key, worst = 0.0, None, 0.0
    for kind, learned, keys in keys_by_kind:
        if not learned:
            continue
        for key in keys:
            value = learned.get(key)
            if value is None:
                continue
            if value > best:
                best, best_key = value, (kind, key)
            elif value < worst:
                worst = value
    return max(-1.0, min(1.0, best + worst)), best_key
