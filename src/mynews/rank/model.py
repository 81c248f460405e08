"""A learned ranking model: score weights fitted on logged impressions (see ``fit``), applied over
the hand weights, which stay the cold-start prior.

The model file is JSON: ``{"name", "trained_at", "examples", "positives", "data_sha256",
"score": {component: weight}, "coefficients", "intercept", "prior_strength"}``. ``name`` is
``rank-<sha of data and settings>[:12]``: the same logged data gives the same model, so a model
is reproducible from the served log it names.

``fit``: a regularised logistic regression (scikit-learn, L2) of "the reader opened and really
read it" on the raw components the ranker logged for each served card, weighted by the inverse of
each card's propensity (exploration), then blended with the prior: weight = (n · learned +
m · prior) / (n + m) with m = ``prior_strength`` examples, learned rescaled to the prior's total
size so that the page's other rules (gates, caps) keep their meaning.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from mynews.rank.scoring import COMPONENTS
from mynews.rank.weights import ScoreWeights, Weights

NEGATIVE = ("aversion", "seen")  # components stored negative: their weight is what is subtracted


def raw_features(components: Mapping[str, float], weights: Weights) -> dict[str, float]:
    """A card's weighted components back to raw feature values (0..1 each, sign kept)."""
    score = weights.score  # flat floats: getattr, not asdict's deep copy (30 cards a request)
    out = {}
    for name in COMPONENTS:
        weight = getattr(score, name, 0.0)
        out[name] = round(components.get(name, 0.0) / weight, 5) if weight else 0.0
    return out


def apply_model(weights: Weights, model: Mapping[str, Any] | None) -> Weights:
    """The weights with the model's score weights, or unchanged without a model."""
    if not model:
        return weights
    known = {k: float(v) for k, v in model["score"].items() if k in ScoreWeights.__dataclass_fields__}
    return replace(weights, score=replace(weights.score, **known))


def fit(
    features: Sequence[Mapping[str, float]],
    labels: Sequence[int],
    propensities: Sequence[float],
    prior: ScoreWeights,
    *,
    prior_strength: float = 500.0,
    l2: float = 1.0,
) -> dict[str, Any]:
    """Fit the score weights on logged examples (raw features, 0/1 labels, propensities)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    names = [n for n in COMPONENTS if getattr(prior, n) != 0.0 or n == "rare_source"]
    x = np.asarray([[f.get(n, 0.0) for n in names] for f in features], dtype=float)
    y = np.asarray(labels, dtype=int)
    w = 1.0 / np.clip(np.asarray(propensities, dtype=float), 0.05, 1.0)
    digest = hashlib.sha256(json.dumps([x.round(5).tolist(), y.tolist(), w.round(5).tolist(), l2]).encode())
    base = {"examples": len(y), "positives": int(y.sum()), "data_sha256": digest.hexdigest()}
    priors = {n: float(getattr(prior, n)) for n in COMPONENTS}
    if len(y) == 0 or y.min() == y.max():
        return {
            **base,
            "name": f"rank-{digest.hexdigest()[:12]}",
            "score": priors,
            "coefficients": {},
            "intercept": 0.0,
            "prior_strength": prior_strength,
        }
    model = LogisticRegression(C=1.0 / l2, max_iter=1000)
    model.fit(x, y, sample_weight=w)
    coefficients = dict(zip(names, model.coef_[0].tolist(), strict=True))
    learned = {n: max(0.0, c) for n, c in coefficients.items()}  # negative features are stored negative
    scale = sum(abs(priors[n]) for n in names) / max(1e-9, sum(learned.values()))
    n = float(len(y))
    score = dict(priors)
    for name in names:
        score[name] = round(
            (n * learned[name] * scale + prior_strength * priors[name]) / (n + prior_strength), 4
        )
    return {
        **base,
        "name": f"rank-{digest.hexdigest()[:12]}",
        "score": score,
        "coefficients": {k: round(v, 5) for k, v in coefficients.items()},
        "intercept": round(float(model.intercept_[0]), 5),
        "prior_strength": prior_strength,
    }
