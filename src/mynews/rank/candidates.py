"""What ranking ranks: a Candidate (one article with what scoring needs) and the Card it becomes.

Both are plain frozen dataclasses, cheap to build from database rows: keys are strings
(stringify integer ids), the vector is an optional float32 L2-normalised numpy array. What
ranking derives from a candidate alone (its publication timestamp, its keys as (kind, key)
pairs and their integer codes, its casefolded text) is worked out once per Candidate and kept
on it: the services layer shares one Candidate per article among readers, so each request does
not redo it for every candidate.
``via`` records which candidate generators produced the article (see ``VIA_KINDS``); a
generator tag is shown as a reason only when no stronger reason applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from mynews.rank.keycodes import Codes, KeyCodes

    Vector = npt.NDArray[np.float32]

VIA_KINDS = (
    "followed_topic",
    "followed_entity",
    "followed_source",
    "followed_author",
    "followed_keyword",
    "followed_storyline",
    "followed_story",
    "similar",
    "developing",
    "popular",
    "trending",
    "recent",
)

FOLLOW_KINDS = ("topic", "entity", "source", "author", "keyword", "storyline", "story")


@dataclass(frozen=True)
class Candidate:
    """One article the feed could show.

    ``topics`` and ``entities`` are keys, most important first (``topics[0]`` is the primary
    topic the per-topic cap counts). ``text`` is the title (+ keywords) that keyword follows
    and keyword mutes match, case-insensitively. Story fields describe the article's story
    (a lone article: size 1, sources 1). ``popularity`` counts opens by all readers.
    """

    article_id: int
    source_id: str
    published: datetime
    story_id: int | None = None
    topics: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    author: str | None = None
    text: str = ""
    vector: Vector | None = field(default=None, compare=False, repr=False)
    story_size: int = 1
    story_sources: int = 1
    story_growth: int = 0
    popularity: int = 0
    duplicate_count: int = 0
    via: tuple[str, ...] = ()
    source_name: str | None = None
    storyline_id: int | None = None  # the storyline its story is part of

    @cached_property
    def at(self) -> float:
        """``published`` as a POSIX timestamp."""
        return self.published.timestamp()

    @cached_property
    def match_keys(self) -> tuple[tuple[str, str], ...]:
        """The (kind, key) pairs follows and mutes match, in the order matches are reported:
        topics, entities (most important first), source, author, storyline, story."""
        pairs = [("topic", t) for t in self.topics] + [("entity", e) for e in self.entities]
        pairs.append(("source", self.source_id))
        if self.author:
            pairs.append(("author", self.author))
        if self.storyline_id is not None:
            pairs.append(("storyline", str(self.storyline_id)))
        if self.story_id is not None:
            pairs.append(("story", str(self.story_id)))
        return tuple(pairs)

    @cached_property
    def liked_keys(self) -> tuple[tuple[str, str], ...]:
        """The (kind, key) pairs learned affinities are looked up by: topics, entities, author."""
        pairs = [("topic", t) for t in self.topics] + [("entity", e) for e in self.entities]
        if self.author:
            pairs.append(("author", self.author))
        return tuple(pairs)

    @cached_property
    def story_keys(self) -> tuple[tuple[str, str], ...]:
        """("story", id) then ("storyline", id), those it has."""
        pairs = [("story", str(self.story_id))] if self.story_id is not None else []
        if self.storyline_id is not None:
            pairs.append(("storyline", str(self.storyline_id)))
        return tuple(pairs)

    def codes(self, table: KeyCodes) -> tuple[Codes, Codes]:
        """``liked_keys`` and ``match_keys`` as codes of ``table`` (``rank.keycodes``), kept
        with the table they belong to."""
        kept = self._coded(table)
        return kept[1], kept[2]

    def match_code_bytes(self, table: KeyCodes) -> bytes:
        """The codes of ``match_keys`` (``codes``) as the bytes of their int64 array: a window's
        are joined into one array at the cost of a copy (``matching.WindowCodes``)."""
        kept = self.__dict__.get("_codes")
        if kept is None or kept[0] is not table:
            kept = self._coded(table)
        return kept[3]

    def _coded(self, table: KeyCodes) -> tuple[KeyCodes, Codes, Codes, bytes]:
        kept = self.__dict__.get("_codes")
        if kept is None or kept[0] is not table:
            matched = table.codes(self.match_keys)
            kept = (table, table.codes(self.liked_keys), matched, matched.tobytes())
            object.__setattr__(self, "_codes", kept)  # a cache, not a field: frozen all the same
        return kept

    @cached_property
    def folded_text(self) -> str:
        """``text`` casefolded, as keyword follows and mutes match it."""
        return self.text.casefold()


@dataclass(frozen=True)
class Card:
    """One ranked card of a feed page.

    ``folded`` lists the other candidate articles of the same story that this card stands for
    ("+N sources" comes from ``story_sources``). ``components`` is the weighted score broken
    down by component (for debugging and "why am I seeing this"). ``reasons`` are short human
    strings, the most important first; ``details`` the same reasons with what they name
    (``Reason.to_dict``: kind, text, key_kind, key, label). ``propensity`` is the probability the
    card was put on the page: 1 for ranked cards, less for an exploration draw. ``section``:
    ``"picked"``, or ``"more"`` for a card in the top of a page of a reader with history that is
    there for no reason about them (it says none; see ``rank.for_you``).
    """

    article_id: int
    story_id: int | None
    score: float
    reasons: tuple[str, ...]
    folded: tuple[int, ...] = ()
    story_sources: int = 1
    components: dict[str, float] = field(default_factory=dict, compare=False)
    explored: bool = False
    details: tuple[dict[str, Any], ...] = field(default=(), compare=False)  # structured reasons
    propensity: float = 1.0  # probability that the ranker put this card on the page (exploration)
    section: str = "picked"

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "story_id": self.story_id,
            "score": round(self.score, 4),
            "reasons": list(self.reasons),
            "folded": list(self.folded),
            "story_sources": self.story_sources,
            "components": {k: round(v, 4) for k, v in self.components.items()},
            "explored": self.explored,
            "details": list(self.details),
            "propensity": round(self.propensity, 4),
            "section": self.section,
        }


def merge_candidates(*generated: Iterable[Candidate]) -> list[Candidate]:
    """Merge the outputs of several candidate generators: one Candidate per article, the first
    seen kept, with the union of the ``via`` tags of all its copies (in first-seen order)."""
    merged: dict[int, Candidate] = {}
    for batch in generated:
        for c in batch:
            first = merged.get(c.article_id)
            if first is None:
                merged[c.article_id] = c
            elif not set(c.via) <= set(first.via):
                merged[c.article_id] = replace(first, via=tuple(dict.fromkeys(first.via + c.via)))
    return list(merged.values())
