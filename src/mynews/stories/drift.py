"""Story drift: split a story whose members have moved apart into two coherent stories.

``split_story`` looks at a story once it is large enough: when its members are spread out
(low mean cosine to the centroid), it runs a two-way spherical k-means on the member vectors
and accepts the split only when both parts are big enough, each part is clearly tighter than
the whole, and the two part centroids are far enough apart. Thresholds are data
(``SplitParams``), checked on real stories merged by hand in tests/stories/test_drift.py.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mynews.stories.clustering import StoryInput

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]

ItemId = Hashable


@dataclass(frozen=True)
class SplitParams:
    min_size: int = 6
    min_part: int = 3
    min_spread: float = 0.28
    max_between: float = 0.6
    min_gain: float = 0.05
    iterations: int = 20


def cohesion(vectors: Matrix) -> float:
    """Mean cosine of the (L2-normalised) vectors to their normalised mean."""
    import numpy as np

    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return float((vectors @ (mean / norm)).mean()) if norm else 0.0


def _two_means(vectors: Matrix, iterations: int) -> npt.NDArray[np.bool_]:
    """Spherical 2-means, seeded deterministically by the two most distant members."""
    import numpy as np

    mean = vectors.mean(axis=0)
    first = int(np.argmin(vectors @ mean))
    second = int(np.argmin(vectors @ vectors[first]))
    centres = np.vstack([vectors[first], vectors[second]])
    side = np.zeros(len(vectors), dtype=bool)
    for _ in range(iterations):
        new_side = (vectors @ centres[1]) > (vectors @ centres[0])
        if new_side.all() or not new_side.any():
            break
        converged = bool((new_side == side).all())
        side = new_side
        if converged:
            break
        for n, part in enumerate((~side, side)):
            centre = vectors[part].mean(axis=0)
            centres[n] = centre / np.linalg.norm(centre)
    return side


def split_story(members: Sequence[StoryInput], params: SplitParams | None = None) -> list[list[ItemId]]:
    """The story's members as one group (no drift) or two groups, each in time order."""
    import numpy as np

    params = params or SplitParams()
    ordered = sorted(members, key=lambda m: m.published)
    whole = [[m.id for m in ordered]]
    if len(ordered) < params.min_size:
        return whole
    vectors = np.vstack([m.vector for m in ordered]).astype(np.float32)
    overall = cohesion(vectors)
    if 1.0 - overall < params.min_spread:
        return whole
    side = _two_means(vectors, params.iterations)
    parts = [vectors[~side], vectors[side]]
    if min(len(p) for p in parts) < params.min_part:
        return whole
    if min(cohesion(p) for p in parts) - overall < params.min_gain:
        return whole
    a, b = (p.mean(axis=0) for p in parts)
    between = float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
    if between > params.max_between:
        return whole
    groups = [[m.id for m, s in zip(ordered, side, strict=True) if s == flag] for flag in (False, True)]
    return sorted(groups, key=lambda g: [m.id for m in ordered].index(g[0]))
