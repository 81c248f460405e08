"""A story the reader reads shows its news: a newer, different article of it gets a card of its
own beside the story's lead ("New in <story>"); copies from other sources stay folded."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from mynews.rank.candidates import Candidate
from mynews.rank.for_you import rank_for_you
from mynews.rank.profile import ArticleKeys, ReaderProfile, Signal, build_profile
from mynews.rank.reasons import PERSONAL
from mynews.rank.weights import load_weights, weights_from_dict

NOW = datetime(2025, 1, 10, 22, 30, tzinfo=UTC)
WEIGHTS = load_weights()
STORY = 7
NAME = "Gaza ceasefire talks"


def unit(*parts: tuple[int, float]) -> np.ndarray:
    v = np.zeros(16, dtype=np.float32)
    for axis, value in parts:
        v[axis] = value
    return v / np.linalg.norm(v)


LIKED = unit((0, 1.0))  # what the reader read of the story


def article(article_id: int, hours_ago: float, vector: np.ndarray, story: int | None = None) -> Candidate:
    return Candidate(
        article_id=article_id,
        source_id=f"s{article_id % 5}",
        published=NOW - timedelta(hours=hours_ago),
        story_id=story,
        topics=(f"t{article_id % 7}",),
        text=f"article {article_id}",
        vector=vector,
    )


def window(second: np.ndarray) -> list[Candidate]:
    """The story's lead (3 h old) and a second article 2 h before it (``second``), both newer
    than what the reader read of the story; twelve unrelated fresh articles around them."""
    lead = article(1, 3, unit((0, 1.0), (1, 1.0)), STORY)
    other = article(2, 5, second, STORY)
    filler = [article(10 + i, 1 + i, unit((3 + i, 1.0))) for i in range(12)]
    return [lead, other, *filler]


def reader(read_story: bool = True, read_hours_ago: float = 20) -> ReaderProfile:
    read_at = (NOW - timedelta(hours=read_hours_ago)).timestamp()
    return ReaderProfile(
        interests=LIKED[None, :],
        interest_weights=np.ones(1, dtype=np.float32),
        affinity={("topic", "t1"): 0.3},
        read=frozenset({100}),
        engaged=frozenset({100}),
        read_stories={("story", str(STORY)): read_at} if read_story else {},
        names={("story", str(STORY)): NAME},
    )


def page(profile: ReaderProfile, cands: list[Candidate], weights=WEIGHTS):
    return rank_for_you(profile, cands, now=NOW, weights=weights, limit=10)


def test_a_new_development_of_a_story_the_reader_read_gets_a_card_of_its_own():
    development = unit((0, 1.0), (2, 1.0))  # the same story, something else: cosine 0.5 to the lead
    cards = page(reader(), window(development))
    by_id = {c.article_id: c for c in cards}
    assert 1 in by_id and 2 in by_id  # both in the top 10, not one folded under the other
    assert by_id[2].reasons[0] == f"New in “{NAME}”"
    assert by_id[2].details[0]["kind"] == "news" and by_id[2].details[0]["key"] == str(STORY)
    assert 2 not in by_id[1].folded
    # without the rule (one card per story within story_hours) it folds under the lead
    data = _as_dict()
    data["diversity"]["story_news_cards"] = 0
    off = weights_from_dict(data)
    folded = {c.article_id: c for c in page(reader(), window(development), off)}
    assert 2 not in folded and 2 in folded[1].folded


def test_at_most_story_news_cards_more_cards_per_story():
    lead = article(1, 3, unit((0, 1.0), (1, 1.0)), STORY)
    news = [article(2 + i, 4 + i, unit((0, 1.0), (8 + i, 1.0)), STORY) for i in range(4)]
    filler = [article(20 + i, 1 + i, unit((3, 0.2), (4 + i % 3, 1.0))) for i in range(12)]
    cards = page(reader(), [lead, *news, *filler])
    in_story = [c for c in cards if c.story_id == STORY]
    assert len(in_story) == 1 + WEIGHTS.diversity.story_news_cards


def test_a_copy_from_another_source_stays_folded():
    copy = unit((0, 1.0), (1, 1.0), (2, 0.1))  # cosine 0.997 to the lead
    cards = {c.article_id: c for c in page(reader(), window(copy))}
    assert 2 not in cards and 2 in cards[1].folded


def test_a_story_the_reader_did_not_read_keeps_one_card():
    development = unit((0, 1.0), (2, 1.0))
    cards = {c.article_id: c for c in page(reader(read_story=False), window(development))}
    assert 2 not in cards
    assert all(not r.startswith("New in") for c in cards.values() for r in c.reasons)


def test_what_is_older_than_the_reader_read_is_not_news_in_the_story():
    development = unit((0, 1.0), (2, 1.0))  # 5 h old: older than what the reader read 4 h ago
    cards = {c.article_id: c for c in page(reader(read_hours_ago=4), window(development))}
    assert 2 not in cards and 2 in cards[1].folded
    assert cards[1].reasons[0] == f"New in “{NAME}”"  # the lead (3 h old) is news in the story


def test_read_stories_are_what_the_reader_really_read_with_the_newest_time():
    keys = {
        1: ArticleKeys(("t",), (), "s", None, "7", "70", NOW - timedelta(hours=30)),
        2: ArticleKeys(("t",), (), "s", None, "7", "70", NOW - timedelta(hours=10)),
        3: ArticleKeys(("t",), (), "s", None, "8", "70", NOW - timedelta(hours=5)),  # a bounce
        4: ArticleKeys(("t",), (), "s", None, "9", None, NOW - timedelta(hours=2)),  # only opened
    }
    signals = [
        Signal("read", 1, NOW - timedelta(hours=9), 120.0),
        Signal("read", 2, NOW - timedelta(hours=8), 60.0),
        Signal("read", 3, NOW - timedelta(hours=4), 3.0),
        Signal("open", 4, NOW - timedelta(hours=1)),
    ]
    profile = build_profile({}, {}, signals, {}, keys, NOW, WEIGHTS)
    newest = (NOW - timedelta(hours=10)).timestamp()
    assert profile.read_stories == {("story", "7"): newest, ("storyline", "70"): newest}


def _as_dict() -> dict:
    import json

    from mynews.rank.weights import DEFAULT_PATH

    return json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))


def _reader_of(read_vector: np.ndarray, liked: np.ndarray = LIKED) -> ReaderProfile:
    """``reader()`` with what they read in the story (article 100) and what they like at large."""
    from dataclasses import replace

    return replace(
        reader(),
        interests=liked[None, :],
        read_keys={("story", str(STORY)): (100,)},
        read_vectors={100: read_vector},
    )


def test_new_in_a_story_is_said_only_of_news_like_what_the_reader_read_there():
    development = unit((0, 1.0), (2, 1.0))
    # the story's lead is close to what the reader read there (cosine 0.71): "New in"
    cards = {c.article_id: c for c in page(_reader_of(LIKED), window(development))}
    assert cards[1].reasons[0] == f"New in “{NAME}”"
    # what they read there was another thread of the story (cosine 0 to the card): the card keeps
    # its place but does not claim to be news of what they follow; it says its next reason ...
    elsewhere = unit((15, 1.0))
    cards = {c.article_id: c for c in page(_reader_of(elsewhere), window(development))}
    assert cards[1].reasons[0] == "Similar to what you read"
    # ... or, with none, it claims nothing about the reader: it goes to the top's "More news"
    data = _as_dict()
    data["reasons"]["news_min_closeness"] = -1.0
    gated = page(_reader_of(elsewhere, elsewhere), window(development))
    ungated = page(_reader_of(elsewhere, elsewhere), window(development), weights_from_dict(data))
    assert sorted(c.article_id for c in gated) == sorted(c.article_id for c in ungated)
    said = next(c for c in ungated if c.article_id == 1)
    assert said.reasons[0] == f"New in “{NAME}”" and said.section == "picked"
    lead = next(c for c in gated if c.article_id == 1)
    assert lead.section == "more" and not any(d["kind"] in PERSONAL for d in lead.details)
    assert all(not r.startswith("New in") for r in lead.reasons)
    top = gated[: WEIGHTS.freshness.top]
    assert [c.section for c in top] == sorted((c.section for c in top), key=lambda s: s == "more")


def test_the_profile_keeps_what_was_read_under_each_story_and_entity():
    keys = {
        1: ArticleKeys(("t",), ("e1",), "s", None, "7", "70", NOW - timedelta(hours=30)),
        2: ArticleKeys(("t",), ("e1",), "s", None, "8", "70", NOW - timedelta(hours=10)),
    }
    vectors = {1: unit((0, 1.0)), 2: unit((1, 1.0))}
    signals = [
        Signal("read", 1, NOW - timedelta(hours=9), 120.0),
        Signal("read", 2, NOW - timedelta(hours=8), 3.0),
    ]
    profile = build_profile({}, {}, signals, vectors, keys, NOW, WEIGHTS)
    assert profile.read_keys == {("story", "7"): (1,), ("storyline", "70"): (1,), ("entity", "e1"): (1,)}
    assert profile.closeness(("story", "7"), unit((0, 1.0), (1, 1.0))) == pytest.approx(0.7071, abs=1e-3)
    assert profile.closeness(("story", "8"), unit((0, 1.0))) is None  # a bounce is not reading


def test_a_card_the_reader_passed_over_no_longer_claims_to_be_their_news():
    from dataclasses import replace

    development = unit((0, 1.0), (2, 1.0))
    fresh = page(reader(), window(development))
    assert next(c for c in fresh if c.article_id == 1).reasons[0] == f"New in “{NAME}”"
    passed_over = page(replace(reader(), seen={1: 1}), window(development))
    data = _as_dict()
    data["reasons"]["unsaid_after_seen"] = 0
    said = page(replace(reader(), seen={1: 1}), window(development), weights_from_dict(data))
    assert sorted(c.article_id for c in passed_over) == sorted(c.article_id for c in said)
    assert next(c for c in said if c.article_id == 1).reasons[0] == f"New in “{NAME}”"
    lead = next(c for c in passed_over if c.article_id == 1)
    assert lead.section == "more"  # nor "Similar to what you read" (also unsaid)
    assert not any(r.startswith(("New in", "Similar to", "Because you read")) for r in lead.reasons)
