"""Runs the labelled near-duplicate set through ``DuplicateIndex`` the way ingestion would."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from mynews.enrich.embeddings import get_embedder
from mynews.stories.dedup import DedupParams, DuplicateIndex
from mynews.stories.fingerprints import fingerprint

from .dedup_cases import negatives, positives

if TYPE_CHECKING:
    from mynews.enrich.embeddings import Vectors


@dataclass
class DedupResult:
    found: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    false_positives: Counter[str] = field(default_factory=Counter)
    negatives: Counter[str] = field(default_factory=Counter)

    @property
    def recall(self) -> float:
        return sum(self.found.values()) / sum(self.total.values())

    @property
    def precision(self) -> float:
        found, wrong = sum(self.found.values()), sum(self.false_positives.values())
        return found / (found + wrong) if found + wrong else 1.0


def _unique_embedder() -> Callable[[list[str]], Vectors]:
    """MiniLM over each distinct lead once: the cases repeat their originals (every negative
    pair and every copy reuses one), so half the leads are texts already embedded."""
    model = get_embedder("all-MiniLM-L6-v2")
    seen: dict[str, np.ndarray] = {}

    def embed(texts: list[str]) -> Vectors:
        new = list(dict.fromkeys(t for t in texts if t not in seen))
        if new:
            seen.update(zip(new, model.embed(new), strict=True))
        return np.stack([seen[t] for t in texts])

    return embed


def evaluate(params: DedupParams | None = None) -> DedupResult:
    """Positives: each copy is checked against an index of all the originals and must point
    at its own original. Negatives: each pair is checked with a one-article index."""
    embed = _unique_embedder()
    result = DedupResult()
    copies = positives()
    originals = {c.original.id: c.original for c in copies}
    index = DuplicateIndex(params)
    vectors = embed([a.lead for a in originals.values()])
    for article, vector in zip(originals.values(), vectors, strict=True):
        index.add(article.id, fingerprint(article.body), vector)
    for copy, vector in zip(copies, embed([c.lead for c in copies]), strict=True):
        decision = index.check(fingerprint(copy.body), vector)
        result.total[copy.kind] += 1
        if decision.duplicate_of == copy.original.id:
            result.found[copy.kind] += 1
        elif decision.duplicate_of is not None:
            result.false_positives[copy.kind] += 1
    pairs = negatives()
    first, second = embed([a.lead for a, _, _ in pairs]), embed([b.lead for _, b, _ in pairs])
    for (a, b, kind), va, vb in zip(pairs, first, second, strict=True):
        single = DuplicateIndex(params)
        single.add(a.id, fingerprint(a.body), va)
        result.negatives[kind] += 1
        if single.check(fingerprint(b.body), vb).duplicate_of is not None:
            result.false_positives[kind] += 1
    return result
