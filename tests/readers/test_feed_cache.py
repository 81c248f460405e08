"""The process cache behind For you: each article's facts are loaded once while fresh."""

from mynews.services.reading.feed_cache import FeedCache


def test_history_facts_are_loaded_once_and_only_the_missing_ones():
    cache = FeedCache(ttl=60.0)
    calls: list[list[int]] = []

    def load(ids: list[int]) -> dict[int, str]:
        calls.append(list(ids))
        return {i: f"facts of {i}" for i in ids if i != 3}  # 3 is gone from the database

    assert cache.history_facts([1, 2, 3], load) == {1: "facts of 1", 2: "facts of 2"}
    assert cache.history_facts([2, 1, 4], load) == {1: "facts of 1", 2: "facts of 2", 4: "facts of 4"}
    assert calls == [[1, 2, 3], [4]]
    # the feed's own article facts (story sizes, popularity) are kept apart, with their own life
    assert cache.facts([1], load) == {1: "facts of 1"} and calls[-1] == [1]


def test_expired_facts_are_loaded_again():
    cache = FeedCache(ttl=0.0)
    calls: list[list[int]] = []

    def load(ids: list[int]) -> dict[int, int]:
        calls.append(list(ids))
        return {i: i for i in ids}

    cache.facts([7], load)
    cache.facts([7], load)
    assert calls == [[7], [7]]
