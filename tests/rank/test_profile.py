from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from mynews.rank.profile import ArticleKeys, Signal, build_profile
from mynews.rank.weights import load_weights

NOW = datetime(2012, 5, 23, tzinfo=UTC)
KEYS = {
    1: ArticleKeys(topics=("greece", "elections"), source_id="gv", author="A"),
    2: ArticleKeys(topics=("greece",), source_id="gv"),
    3: ArticleKeys(topics=("sport",), source_id="gv"),
    4: ArticleKeys(topics=("music",), source_id="gv"),
}


def unit(seed):
    v = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
    return v / np.linalg.norm(v)


VECTORS = {i: unit(i) for i in KEYS}


def profile(signals):
    return build_profile({}, {}, signals, VECTORS, KEYS, NOW, load_weights())


def test_opens_make_affinities_and_interests_fewer_makes_aversions():
    p = profile(
        [
            Signal("open", 1, NOW - timedelta(hours=2)),
            Signal("read", 1, NOW - timedelta(hours=2), value=300),
            Signal("open", 2, NOW - timedelta(hours=1)),
            Signal("fewer", 3, NOW - timedelta(hours=1)),
            Signal("impression", 4, NOW - timedelta(hours=1)),
        ]
    )
    assert p.affinity[("topic", "greece")] > p.affinity[("topic", "elections")] > 0
    assert p.affinity[("topic", "sport")] < 0
    assert p.affinity[("topic", "music")] < 0  # shown and skipped: a faint no
    assert p.affinity[("topic", "music")] > -0.05
    assert p.interests is not None and p.interests.shape == (2, 384)
    assert np.allclose(p.interests[0], VECTORS[1])  # the strongest liked article first
    assert p.aversions is not None and p.aversions.shape == (1, 384)  # only the "fewer", not the impression
    assert p.read == {1, 2} and p.hidden == {3}
    assert p.has_history


def test_old_signals_count_less():
    half_life = load_weights().signals.half_life_days
    recent = profile([Signal("open", 2, NOW)])
    old = profile([Signal("open", 2, NOW - timedelta(days=half_life))])
    ratio = np.arctanh(old.affinity[("topic", "greece")]) / np.arctanh(recent.affinity[("topic", "greece")])
    assert ratio == pytest.approx(0.5, rel=1e-6)


def test_new_reader_and_names():
    p = build_profile(
        {("topic", "greece"): "Greece"},
        {},
        [],
        VECTORS,
        KEYS,
        NOW,
        load_weights(),
        names={("entity", "7"): "Rex"},
    )
    assert not p.has_history and p.interests is None
    assert p.known  # a follow says what the reader wants: their page is told in two parts
    assert p.name_of(("topic", "greece")) == "Greece"
    assert p.name_of(("entity", "7")) == "Rex"
    assert p.name_of(("entity", "8")) == "8"


def test_an_impression_lowers_its_card_only_after_a_while_so_a_reload_keeps_the_page():
    after = load_weights().signals.seen_after_minutes
    p = profile(
        [
            Signal("impression", 3, NOW - timedelta(minutes=1)),  # the page just shown
            Signal("impression", 4, NOW - timedelta(minutes=after + 1)),  # passed over earlier
            Signal("impression", 1, NOW - timedelta(hours=5)),
            Signal("open", 1, NOW - timedelta(hours=4)),  # opened: never "seen" against it
        ]
    )
    assert p.seen == {4: 1}


def test_an_article_read_and_then_turned_down_is_not_a_story_the_reader_follows():
    """Reading an article for 20 s and then saying "fewer like this" is not reading its story:
    its newer articles must not come back as "New in <story>" (the browser test of "fewer"
    failed when a busy machine kept the page open past ``read_min_seconds``)."""
    keys = {
        5: ArticleKeys(topics=("greece",), source_id="gv", story_id="9", storyline_id="90", published=NOW),
        6: ArticleKeys(topics=("sport",), source_id="gv", story_id="8", published=NOW),
    }
    vectors = {5: unit(5), 6: unit(6)}
    weights = load_weights()
    read_long = weights.signals.read_min_seconds + 5
    signals = [
        Signal("open", 5, NOW - timedelta(minutes=5)),
        Signal("read", 5, NOW - timedelta(minutes=4), value=read_long),
        Signal("fewer", 5, NOW - timedelta(minutes=4)),
        Signal("open", 6, NOW - timedelta(minutes=3)),
        Signal("read", 6, NOW - timedelta(minutes=2), value=read_long),
    ]
    p = build_profile({}, {}, signals, vectors, keys, NOW, weights)
    assert p.engaged == {6}
    assert ("story", "9") not in p.read_stories and ("storyline", "90") not in p.read_stories
    assert ("story", "8") in p.read_stories
    assert p.aversions is not None and p.aversions.shape == (1, 384)
