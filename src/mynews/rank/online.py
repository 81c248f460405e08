"""Per-reader online adjustment of the ranking weights: one logistic-regression step after each
signal about a card For you served, on the raw features logged with that card.

label 1: read for ``signals.read_min_seconds`` or more, more like this, save, share;
label 0: a bounce (shorter read), fewer like this, hide. The step moves the reader's deltas
``d`` by ``rate * (label - p) * x`` with ``p = sigmoid(sum((w + d) * x) - centre)``; each delta
stays within ``±limit`` of its hand/learned weight, so one reader's clicks tune, never replace,
the shared model. ``adjusted`` applies the deltas to a reader's weights.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, replace

from mynews.rank.scoring import COMPONENTS
from mynews.rank.weights import Weights

RATE = 0.15
LIMIT = 0.5  # a delta stays within ±LIMIT x the weight it adjusts
CENTRE = 3.0  # the score of a card read about half of the time


def label_of(kind: str, value: float, weights: Weights) -> int | None:
    """What a signal says about the card: 1, 0, or None (nothing to learn)."""
    if kind in ("more", "save", "share"):
        return 1
    if kind == "read":
        return 1 if value >= weights.signals.read_min_seconds else 0
    if kind in ("fewer", "hide"):
        return 0
    return None


def step(
    deltas: Mapping[str, float], features: Mapping[str, float], label: int, weights: Weights
) -> dict[str, float]:
    score = asdict(weights.score)
    total = sum((score[n] + deltas.get(n, 0.0)) * features.get(n, 0.0) for n in COMPONENTS)
    p = 1.0 / (1.0 + math.exp(-(total - CENTRE)))
    out = dict(deltas)
    for name in COMPONENTS:
        x = features.get(name, 0.0)
        if x == 0.0 or score[name] == 0.0:
            continue
        bound = LIMIT * abs(score[name])
        out[name] = round(max(-bound, min(bound, out.get(name, 0.0) + RATE * (label - p) * x)), 5)
    return out


def adjusted(weights: Weights, deltas: Mapping[str, float]) -> Weights:
    if not deltas:
        return weights
    score = asdict(weights.score)
    return replace(
        weights,
        score=replace(weights.score, **{n: score[n] + float(d) for n, d in deltas.items() if n in score}),
    )
