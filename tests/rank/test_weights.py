import json
from dataclasses import fields

import pytest

from mynews.rank.weights import DEFAULT_PATH, Weights, load_weights, weights_from_dict


def test_the_packaged_file_sets_every_weight():
    data = json.loads(DEFAULT_PATH.read_text())
    weights = load_weights()
    for section in fields(Weights):
        if section.name in ("version", "follow_kinds"):
            continue
        assert section.name in data, section.name
        names = {f.name for f in fields(getattr(weights, section.name))}
        assert set(data[section.name]) == names, section.name
    assert set(data["follow_kinds"]) == {
        "topic",
        "entity",
        "source",
        "author",
        "keyword",
        "storyline",
        "story",
    }


def test_file_values_are_what_ranking_reads():
    data = json.loads(DEFAULT_PATH.read_text())
    weights = load_weights()
    assert weights.score.follow == data["score"]["follow"]
    assert weights.freshness.half_life_hours == data["freshness"]["half_life_hours"]
    assert isinstance(weights.interest.max_vectors, int)


def test_unknown_keys_are_errors_not_silently_ignored():
    with pytest.raises(ValueError, match="folow"):
        weights_from_dict({"score": {"folow": 2.0}})
    with pytest.raises(ValueError, match="scores"):
        weights_from_dict({"scores": {}})


def test_missing_keys_keep_defaults_and_overrides_apply():
    weights = weights_from_dict({"score": {"follow": 9.0}})
    assert weights.score.follow == 9.0
    assert weights.score.interest == Weights().score.interest


def test_read_time_counts_pro_rata():
    signals = load_weights().signals
    assert signals.value_of("read", signals.read_full_seconds / 2) == pytest.approx(signals.read / 2)
    assert signals.value_of("read", 10_000) == signals.read
    assert signals.value_of("unknown-kind", 1) == 0.0
