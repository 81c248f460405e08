"""How specific an entity is: inverse document frequency over the recent window of articles.

"United States" or "Donald Trump" are named by a large share of the news; "Chevron" or
"Burkina Faso" by few. Entity overlap between an article and a story (or between two articles)
weighs each shared entity by its IDF, so that shared hub entities alone never make two items
one story, while a shared rare name says a lot.

``EntityIdf`` counts, for each entity key, how many of the recent articles name it (``add``
one article's keys at a time; ``remove`` them when the article leaves the window). The IDF is
smoothed, ``log((n + 1) / (df + 1))``, and ``weight`` scales it to 0..1 against the IDF of a
name seen once, so a name seen in every article weighs ~0 and a new one 1.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping


class EntityIdf:
    """Document frequencies of entity keys over a window of articles."""

    def __init__(self, counts: Mapping[str, int] | None = None, documents: int = 0) -> None:
        self.df: Counter[str] = Counter(counts or {})
        self.documents = documents

    def add(self, keys: Iterable[str]) -> None:
        self.df.update(set(keys))
        self.documents += 1

    def remove(self, keys: Iterable[str]) -> None:
        for key in set(keys):
            left = self.df[key] - 1
            if left > 0:
                self.df[key] = left
            else:
                del self.df[key]
        self.documents = max(0, self.documents - 1)

    def idf(self, key: str) -> float:
        return math.log((self.documents + 1) / (self.df.get(key, 0) + 1))

    def weight(self, key: str) -> float:
        """IDF scaled to 0..1: a name no recent article has is 1, one every article has ~0.

        With fewer than ``MIN_DOCUMENTS`` articles there is no evidence either way and every
        name weighs 1 (the plain overlap)."""
        if self.documents < MIN_DOCUMENTS:
            return 1.0
        top = math.log(self.documents + 1)
        return max(0.0, min(1.0, self.idf(key) / top)) if top > 0 else 1.0

    def share(self, key: str) -> float:
        """The share of the window's articles that name ``key`` (0..1)."""
        return self.df.get(key, 0) / self.documents if self.documents else 0.0

    def copy(self) -> EntityIdf:
        return EntityIdf(self.df, self.documents)


MIN_DOCUMENTS = 50


def weighted_overlap(
    article: Iterable[str], story: Iterable[str], idf: EntityIdf | None, *, floor: float = 1.0
) -> float:
    """The overlap coefficient of two sets of entity keys, each key weighed by its IDF (0..1).

    Shared IDF mass over the smaller side's mass, with at least ``floor`` in the denominator:
    one shared specific name ("Chevron", weight ~1) scores 1, one shared hub name ("United
    States", weight ~0.1) scores 0.1 and not 1. Without ``idf`` every key weighs 1 (the plain
    overlap coefficient)."""
    a, b = set(article), set(story)
    if not a or not b:
        return 0.0
    weigh = idf.weight if idf is not None else (lambda _key: 1.0)
    smaller = min(sum(weigh(k) for k in a), sum(weigh(k) for k in b))
    shared = sum(weigh(k) for k in a & b)
    return shared / max(smaller, floor) if shared else 0.0
