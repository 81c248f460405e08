"""Offline ranking quality: DCG and nDCG@k over graded relevance."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg_at_k(gains: Sequence[float], k: int) -> float:
    """Discounted cumulative gain of the first ``k`` gains ((2^g - 1) / log2(rank + 1))."""
    return sum((2.0**g - 1.0) / math.log2(i + 2) for i, g in enumerate(gains[:k]))


def ndcg_at_k(ranked: Sequence[int], relevance: Mapping[int, float], k: int) -> float:
    """nDCG@k of a ranked list of ids against graded ``relevance`` (missing ids: 0).

    The ideal ranking sorts all judged ids by grade. Returns 0.0 when nothing is relevant.
    """
    ideal = dcg_at_k(sorted((g for g in relevance.values() if g > 0), reverse=True), k)
    if ideal == 0.0:
        return 0.0
    return dcg_at_k([relevance.get(i, 0.0) for i in ranked], k) / ideal
