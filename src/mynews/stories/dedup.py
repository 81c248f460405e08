"""Near-duplicate detection at ingestion: an LSH index over MinHash fingerprints, plus vectors.

Three rules, each with its measured threshold in ``DedupParams`` (see tests/stories and the
labelled pairs built from the Global Voices and Wikinews corpora):

- ``shingles``: the same copy (a wire story in five feeds, light edits, other boilerplate):
  estimated Jaccard of the body shingles >= ``jaccard``.
- ``containment``: a trimmed copy or one with a preamble or dateline added: the smaller text is
  mostly inside the larger one (estimated containment >= ``containment``), both long enough.
- ``vector``: a rewrite that says the same thing: cosine of the lead vectors >= ``cosine`` and
  some shared wording (Jaccard >= ``vector_min_jaccard``), so that two different articles on
  the same topic are not folded together.

A republished article with a new headline is caught by the first rule because the fingerprint
is taken over the body only. A short item (fewer than ``min_shingles`` shingles) whose numbers
were replaced ("kill at least 27 people", the next day "at least 22") is the next news, never a
duplicate: in the reader simulator such an item was hidden from every feed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mynews.stories.fingerprints import NUM_PERM, Fingerprint, containment, numbers_changed, similarity

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

ArticleId = Hashable


@dataclass(frozen=True)
class DedupParams:
    """Thresholds of the three rules, the LSH banding (``bands * rows <= NUM_PERM``) and the
    vector similarity from which an indexed article is a candidate at all.

    Measured (tests/stories/test_dedup_quality.py): labelled negatives reach at most Jaccard
    0.31, containment 0.54 (with >= 40 shingles) and cosine 0.89; the thresholds sit between
    those and the transformed copies. Below 40 shingles the containment estimate is noise."""

    jaccard: float = 0.45
    containment: float = 0.7
    min_shingles: int = 40
    cosine: float = 0.93
    vector_min_jaccard: float = 0.1
    candidate_cosine: float = 0.8
    bands: int = 64
    rows: int = 2


@dataclass(frozen=True)
class DuplicateDecision:
    """``duplicate_of`` is the id of the earlier article this one repeats, or None."""

    duplicate_of: ArticleId | None
    score: float
    method: str  # "shingles", "containment", "vector" or "none"


class DuplicateIndex:
    """Articles seen recently, looked up by LSH bands of their fingerprints and by vector."""

    def __init__(self, params: DedupParams | None = None) -> None:
        self.params = params or DedupParams()
        if self.params.bands * self.params.rows > NUM_PERM:
            raise ValueError("bands * rows must not exceed the signature length")
        self._buckets: dict[tuple[int, bytes], list[ArticleId]] = defaultdict(list)
        self._prints: dict[ArticleId, Fingerprint] = {}
        self._ids: list[ArticleId] = []
        self._rows: dict[ArticleId, int] = {}
        self._vectors: list[npt.NDArray[np.float32]] = []
        self._matrix: npt.NDArray[np.float32] | None = None

    def __len__(self) -> int:
        return len(self._prints)

    def _band_keys(self, fp: Fingerprint) -> list[tuple[int, bytes]]:
        width = self.params.rows * 4
        sig = fp.signature
        return [(band, sig[band * width : (band + 1) * width]) for band in range(self.params.bands)]

    def add(
        self,
        article_id: ArticleId,
        fp: Fingerprint,
        vector: npt.NDArray[np.float32] | None = None,
    ) -> None:
        """Index an article (its body fingerprint and, optionally, its L2-normalised vector)."""
        self._prints[article_id] = fp
        if fp.shingles:
            for key in self._band_keys(fp):
                self._buckets[key].append(article_id)
        if vector is not None:
            self._rows[article_id] = len(self._ids)
            self._ids.append(article_id)
            self._vectors.append(vector)
            self._matrix = None

    def query(
        self, fp: Fingerprint, vector: npt.NDArray[np.float32] | None = None
    ) -> list[tuple[ArticleId, float]]:
        """Candidates with their estimated Jaccard, best first: LSH hits, plus vector hits."""
        found: set[ArticleId] = set()
        if fp.shingles:
            for key in self._band_keys(fp):
                found.update(self._buckets.get(key, ()))
        if vector is not None and self._vectors:
            found.update(self._vector_hits(vector))
        scored = [(aid, similarity(fp, self._prints[aid])) for aid in found]
        return sorted(scored, key=lambda pair: -pair[1])

    def _vector_hits(self, vector: npt.NDArray[np.float32]) -> list[ArticleId]:
        import numpy as np

        if self._matrix is None:
            self._matrix = np.vstack(self._vectors).astype(np.float32)
        sims = self._matrix @ vector.astype(np.float32)
        return [self._ids[i] for i in np.flatnonzero(sims >= self.params.candidate_cosine)]

    def cosine(self, article_id: ArticleId, vector: npt.NDArray[np.float32]) -> float | None:
        import numpy as np

        row = self._rows.get(article_id)
        if row is None:
            return None
        return float(np.dot(self._vectors[row], vector))

    def check(self, fp: Fingerprint, vector: npt.NDArray[np.float32] | None = None) -> DuplicateDecision:
        """Decide whether an incoming article repeats an indexed one (it is not added)."""
        best = DuplicateDecision(None, 0.0, "none")
        for aid, _jaccard in self.query(fp, vector):
            decision = judge(fp, self._prints[aid], self._cosine_of(aid, vector), self.params)
            if decision.method != "none" and decision.score > best.score:
                best = DuplicateDecision(aid, decision.score, decision.method)
        return best

    def _cosine_of(self, aid: ArticleId, vector: npt.NDArray[np.float32] | None) -> float | None:
        return None if vector is None else self.cosine(aid, vector)


def judge(
    a: Fingerprint, b: Fingerprint, cosine: float | None, params: DedupParams | None = None
) -> DuplicateDecision:
    """The pair rule: is ``a`` a near-duplicate of ``b``? (``duplicate_of`` is left None.)"""
    params = params or DedupParams()
    jaccard = similarity(a, b)
    if min(a.shingles, b.shingles) < params.min_shingles and numbers_changed(a, b):
        return DuplicateDecision(None, jaccard, "none")  # a short update: the next news
    if jaccard >= params.jaccard:
        return DuplicateDecision(None, jaccard, "shingles")
    if min(a.shingles, b.shingles) >= params.min_shingles:
        contained = containment(a, b)
        if contained >= params.containment:
            return DuplicateDecision(None, contained, "containment")
    if cosine is not None and cosine >= params.cosine and jaccard >= params.vector_min_jaccard:
        return DuplicateDecision(None, cosine, "vector")
    return DuplicateDecision(None, jaccard, "none")
