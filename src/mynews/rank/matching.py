"""Key matching for ranking: mutes, follows and learned affinities against a candidate's keys.

Keys are (kind, key) pairs: a candidate's topics, entities, source and author, plus the
keywords of the reader's keyword follows/mutes found as words in its ``text``
(case-insensitive). A ``KeyIndex`` holds a reader's follows or mutes; a candidate is matched
against it with its ``Candidate.match_keys`` (worked out once per candidate). Learned
affinities (``feedbacks``) are matched for the whole window at once with numpy on the keys'
integer codes (``rank.keycodes``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from mynews.rank.candidates import Candidate
from mynews.rank.keycodes import KeyCodes
from mynews.rank.profile import Key, ReaderProfile

if TYPE_CHECKING:
    import numpy.typing as npt

    from mynews.rank.keycodes import Codes

    Floats = npt.NDArray[Any]


def keyword_pattern(keys: Iterable[Key]) -> re.Pattern[str] | None:
    """One regex matching any keyword key as a whole word, or None if there are none."""
    words = sorted({k.casefold() for kind, k in keys if kind == "keyword" and k.strip()})
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")


@dataclass(frozen=True)
class KeyIndex:
    """A reader's follows or mutes: the (kind, key) pairs, plus a regex for its keywords."""

    pairs: frozenset[Key]  # every key but keywords
    keywords: re.Pattern[str] | None
    keyword_keys: dict[str, str]  # casefolded keyword -> the key as given

    @classmethod
    def of(cls, keys: Iterable[Key]) -> KeyIndex:
        keys = list(keys)
        keyword_keys = {key.casefold(): key for kind, key in keys if kind == "keyword"}
        return cls(frozenset(k for k in keys if k[0] != "keyword"), keyword_pattern(keys), keyword_keys)

    def hits(self, c: Candidate) -> bool:
        """Whether any key of ``c`` is in the index (faster than ``matches``)."""
        return not self.pairs.isdisjoint(c.match_keys) or (
            self.keywords is not None and bool(c.text) and self.keywords.search(c.folded_text) is not None
        )

    def matches(self, c: Candidate) -> list[Key]:
        """The keys of ``c`` present in the index, in ``Candidate.match_keys`` order, then the
        keywords found in its text."""
        pairs = self.pairs
        found = [] if pairs.isdisjoint(c.match_keys) else [k for k in c.match_keys if k in pairs]
        if self.keywords is not None and c.text:
            for word in dict.fromkeys(self.keywords.findall(c.folded_text)):
                found.append(("keyword", self.keyword_keys.get(word, word)))
        return found


def visible(
    profile: ReaderProfile, candidates: Iterable[Candidate], exclude: frozenset[int]
) -> list[Candidate]:
    """Candidates the reader may see: not muted (by any key or keyword), not read, not hidden."""
    gone = profile.read | profile.hidden | exclude
    if not profile.mutes:
        return [c for c in candidates if c.article_id not in gone]
    mutes = profile.derive("mute_index", (profile.mutes,), lambda: KeyIndex.of(profile.mutes))
    return [c for c in candidates if c.article_id not in gone and not mutes.hits(c)]


def rarity(candidates: Sequence[Candidate]) -> dict[str, float]:
    """1 for a source with one candidate in the window, 0 for the most prolific one."""
    counts = Counter(c.source_id for c in candidates)
    most = max(counts.values(), default=1)
    if most <= 1:
        return dict.fromkeys(counts, 0.0)
    return {s: 1.0 - math.log(n) / math.log(most) for s, n in counts.items()}


class WindowCodes:
    """The codes (``rank.keycodes``) of the keys of a window's candidates, flat, each with the
    position of its candidate: ``matched`` (what follows match: ``Candidate.match_keys``, which
    hold the keys learned affinities are looked up by). Worked out on first use, in one pass."""

    def __init__(self, candidates: Sequence[Candidate], table: KeyCodes) -> None:
        self.candidates = candidates
        self.table = table

    @cached_property
    def matched(self) -> tuple[Codes, Codes]:
        """(codes, candidate positions) of the candidates' ``match_keys``."""
        import numpy as np

        table = self.table
        parts = [c.match_code_bytes(table) for c in self.candidates]
        n = len(parts)
        owner = np.repeat(np.arange(n), np.fromiter(map(len, parts), np.intp, n) // 8)
        # one join of bytes, not a concatenation of an array per candidate (read-only: no one writes)
        return np.frombuffer(b"".join(parts), dtype=np.int64), owner

    def carried(self, codes: Codes) -> dict[int, list[Key]]:
        """For each candidate (by position) that carries any of ``codes`` (sorted) among its
        ``match_keys``: those keys, in ``match_keys`` order (what ``KeyIndex.matches`` finds
        but keywords)."""
        import numpy as np

        if len(codes) == 0 or not self.candidates:
            return {}
        flat, owner = self.matched
        hit = np.flatnonzero(codes[np.minimum(np.searchsorted(codes, flat), len(codes) - 1)] == flat)
        if len(hit) == 0:
            return {}
        starts = np.searchsorted(owner, owner[hit])  # where each hit's candidate starts in flat
        out: dict[int, list[Key]] = {}
        candidates = self.candidates
        for i, j in zip(owner[hit].tolist(), (hit - starts).tolist(), strict=True):
            out.setdefault(i, []).append(candidates[i].match_keys[j])
        return out


def feedbacks(profile: ReaderProfile, window: WindowCodes, topic_share: float = 1.0) -> Floats:
    """For each candidate: its strongest liked key + its strongest disliked key, in -1..1,
    among its topics, entities and author (sources have their own component).

    Each learned affinity is multiplied by how specific the key is in this window: 1 for a key
    on one candidate, falling (log-scaled) to 0 for a key on every candidate, so liking
    "Greece" counts for more than liking a label every article has; topics also by
    ``topic_share`` (broad labels such as "Conflict, war and peace" should not fill a page).
    Worked out with numpy on the keys' codes, all candidates at once."""
    import numpy as np

    n = len(window.candidates)
    reader, learned, topics = profile.affinity_codes(window.table)
    if n == 0 or len(reader) == 0:
        return np.zeros(n)
    # the keys follows match (``matched``, which a reader with follows has worked out already)
    # hold the liked ones (topics, entities, author); the others (source, storyline, story)
    # have no code among the reader's
    flat, owner = window.matched
    at = np.minimum(np.searchsorted(reader, flat), len(reader) - 1)
    hit = reader[at] == flat
    at, owner = at[hit], owner[hit]
    # a key's count in the window is its number of matches: only the reader's keys need one
    counts = np.bincount(at, minlength=len(reader))
    log_total = math.log(n) if n > 1 else 0.0
    specific = np.zeros(int(counts.max()) + 1)
    for m in np.unique(counts[counts > 0]).tolist():
        specific[m] = 1.0 - math.log(m) / log_total if log_total else 1.0
    scaled = learned * specific[counts] * np.where(topics, topic_share, 1.0)
    values = scaled[at]
    best, worst = np.zeros(n), np.zeros(n)
    np.maximum.at(best, owner, values)
    np.minimum.at(worst, owner, values)
    # +0.0, never -0.0, where nothing is liked (disliked), as adding up from 0.0 gives
    best = np.where(best > 0.0, best, 0.0)
    worst = np.where(worst < 0.0, worst, 0.0)
    return np.clip(best + worst, -1.0, 1.0)
