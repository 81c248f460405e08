"""Learned pair scorers: the probability that an article belongs to a candidate event (or an
event to a candidate storyline), from a few cheap features.

A ``PairModel`` is a logistic regression over standardised features, kept as data in
``stories/data/<name>.json`` (feature names, means, scales, weights, bias, and the probability
threshold chosen on validation months). ``bench/train_stories.py`` writes them: it trains on
Wikipedia Current events pairs of January–March 2025 and chooses the thresholds on April.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class PairModel:
    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, features: Mapping[str, float]) -> float:
        z = self.bias
        for name, mean, scale, weight in zip(self.names, self.mean, self.scale, self.weights, strict=True):
            z += weight * (features[name] - mean) / scale
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def to_json(self, **extra: object) -> dict[str, object]:
        return {
            "names": list(self.names),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "weights": list(self.weights),
            "bias": self.bias,
            "threshold": self.threshold,
            **extra,
        }


def from_json(data: Mapping[str, object]) -> PairModel:
    def floats(key: str) -> tuple[float, ...]:
        values = data[key]
        assert isinstance(values, Sequence)
        return tuple(float(v) for v in values)

    names = data["names"]
    assert isinstance(names, Sequence)
    return PairModel(
        tuple(str(n) for n in names),
        floats("mean"),
        floats("scale"),
        floats("weights"),
        float(data["bias"]),  # type: ignore[arg-type]
        float(data["threshold"]),  # type: ignore[arg-type]
    )


@cache
def load(name: str) -> PairModel:
    """The shipped model ``stories/data/<name>.json`` ("event_model", "storyline_model")."""
    text = resources.files("mynews.stories").joinpath("data", f"{name}.json").read_text("utf-8")
    return from_json(json.loads(text))
