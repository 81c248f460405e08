from datetime import UTC, datetime, timedelta
from itertools import pairwise

from mynews.rank.top_stories import StoryStats, rank_top_stories
from mynews.rank.weights import load_weights

NOW = datetime(2012, 5, 23, 12, tzinfo=UTC)


def story(story_id, sources, growth, hours_ago, size=None):
    return StoryStats(story_id, size or sources, sources, growth, NOW - timedelta(hours=hours_ago))


def test_more_sources_faster_growth_and_freshness_rank_higher():
    stories = [
        story(1, sources=2, growth=0, hours_ago=2),
        story(2, sources=12, growth=6, hours_ago=2),
        story(3, sources=12, growth=0, hours_ago=2),
        story(4, sources=12, growth=6, hours_ago=60),
    ]
    ranked = rank_top_stories(stories, now=NOW, weights=load_weights())
    assert [s.story_id for s in ranked] == [2, 3, 4, 1]
    assert ranked[0].reasons == ("Developing: 12 sources",)
    assert ranked[1].reasons == ("Covered by 12 sources",)
    lone = rank_top_stories([story(5, sources=1, growth=0, hours_ago=1)], now=NOW, weights=load_weights())
    assert lone[0].reasons == ()  # one source: there for being recent, which its date says
    assert set(ranked[0].components) == {"sources", "growth", "size", "freshness"}


def test_same_for_everyone_and_limit():
    stories = [story(i, sources=i % 5 + 1, growth=i % 3, hours_ago=i) for i in range(1, 40)]
    weights = load_weights()
    first = rank_top_stories(stories, now=NOW, weights=weights, limit=10)
    again = rank_top_stories(list(reversed(stories)), now=NOW, weights=weights, limit=10)
    assert [s.story_id for s in first] == [s.story_id for s in again]
    assert len(first) == 10
    assert all(a.score >= b.score for a, b in pairwise(first))
