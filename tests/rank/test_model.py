"""The learned model: fitted on logged features, reproducible, the hand weights as its prior."""

from __future__ import annotations

import random

from mynews.rank.model import apply_model, fit, raw_features
from mynews.rank.scoring import COMPONENTS
from mynews.rank.weights import load_weights

WEIGHTS = load_weights()


def _logged(n: int, seed: int) -> tuple[list[dict[str, float]], list[int], list[float]]:
    """Cards where only interest predicts a read; freshness is noise."""
    rng = random.Random(seed)
    features, labels, propensities = [], [], []
    for _ in range(n):
        f = {name: 0.0 for name in COMPONENTS}
        f["interest"], f["freshness"], f["follow"] = rng.random(), rng.random(), float(rng.random() < 0.2)
        features.append(f)
        labels.append(int(rng.random() < 0.05 + 0.8 * f["interest"] ** 2))
        propensities.append(1.0 if rng.random() < 0.9 else 0.2)
    return features, labels, propensities


def test_the_model_learns_what_predicts_reading_and_is_reproducible() -> None:
    features, labels, propensities = _logged(4000, 1)
    model = fit(features, labels, propensities, WEIGHTS.score, prior_strength=100.0)
    again = fit(features, labels, propensities, WEIGHTS.score, prior_strength=100.0)
    assert model == again and model["name"].startswith("rank-")
    assert model["examples"] == 4000 and 0 < model["positives"] < 4000
    assert model["coefficients"]["interest"] > 3 * abs(model["coefficients"]["freshness"])
    share = model["score"]["interest"] / model["score"]["freshness"]
    assert share > WEIGHTS.score.interest / WEIGHTS.score.freshness  # interest gained on freshness
    applied = apply_model(WEIGHTS, model)
    assert applied.score.interest == model["score"]["interest"] and applied.signals == WEIGHTS.signals


def test_without_data_or_positives_the_hand_weights_stay() -> None:
    model = fit([], [], [], WEIGHTS.score)
    assert model["score"]["interest"] == WEIGHTS.score.interest and model["examples"] == 0
    assert apply_model(WEIGHTS, None) is WEIGHTS


def test_few_examples_stay_close_to_the_prior() -> None:
    features, labels, propensities = _logged(60, 2)
    model = fit(features, labels, propensities, WEIGHTS.score, prior_strength=2000.0)
    assert abs(model["score"]["interest"] - WEIGHTS.score.interest) < 0.2 * WEIGHTS.score.interest


def test_raw_features_undo_the_weights() -> None:
    components = {"interest": WEIGHTS.score.interest * 0.5, "seen": -WEIGHTS.score.seen}
    raw = raw_features(components, WEIGHTS)
    assert raw["interest"] == 0.5 and raw["seen"] == -1.0 and raw["follow"] == 0.0
