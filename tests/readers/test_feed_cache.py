"""The process cache behind For you: each article's facts are loaded once while fresh."""

from datetime import UTC, datetime, timedelta

from mynews.rank.profile import ReaderProfile
from mynews.services.context import Context
from mynews.services.learning import models
from mynews.services.readers import accounts, follows, signals
from mynews.services.reading import feed, feed_cache, feed_inputs
from mynews.services.reading.feed_cache import FeedCache, cache_for


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


def test_a_profile_is_kept_while_its_key_and_the_clock_allow():
    cache = FeedCache()
    built: list[str] = []

    def build(name: str):  # type: ignore[no-untyped-def]
        return lambda: built.append(name) or name

    t0 = datetime(2025, 5, 1, 12, tzinfo=UTC)
    assert cache.profile(1, ("mark", 3), t0, build("a")) == "a"
    assert cache.profile(1, ("mark", 3), t0 + timedelta(minutes=4), build("b")) == "a"
    assert cache.profile(1, ("mark", 4), t0 + timedelta(minutes=4), build("c")) == "c"  # a new signal
    assert cache.profile(1, ("mark", 4), t0 + timedelta(minutes=10), build("d")) == "d"  # time moved on
    assert cache.profile(1, ("mark", 4), t0, build("e")) == "e"  # a replay clock went back
    assert cache.profile(2, ("mark", 4), t0, build("f")) == "f"  # another reader's own
    assert built == ["a", "c", "d", "e", "f"]


def test_profiles_kept_are_bounded_oldest_use_out_first(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(feed_cache, "PROFILE_READERS", 2)
    cache = FeedCache()
    t0 = datetime(2025, 5, 1, 12, tzinfo=UTC)
    cache.profile(1, "k", t0, lambda: 1)
    cache.profile(2, "k", t0, lambda: 2)
    cache.profile(1, "k", t0, lambda: -1)  # used: reader 2 is now the oldest
    cache.profile(3, "k", t0, lambda: 3)
    assert list(cache.profiles) == [1, 3]


def test_a_kept_profile_follows_every_change_of_its_reader(ctx: Context, news: dict[str, list[int]]) -> None:
    """Through the real store: a profile is reused between requests, and a follow, an unfollow,
    reading and forgetting the history each rebuild it for the very next request."""
    reader = accounts.sign_up(ctx, "ada@example.org", "correct horse battery").id
    topic = sorted(news, key=lambda k: (-len(news[k]), k))[0]
    weights, _ = models.ranking_weights(ctx)

    def profile() -> ReaderProfile:
        with ctx.db.reading() as session:
            return feed_inputs.load_profile(session, reader, ctx.clock.now(), weights, cache_for(ctx.db))[0]

    new = profile()
    assert profile() is new and not new.follows and not new.has_history
    follows.set_follow(ctx, reader, "topic", topic)
    assert ("topic", topic) in profile().follows
    follows.unfollow(ctx, reader, "topic", topic)
    assert not profile().follows
    for article_id in news[topic][:4]:
        signals.record(ctx, reader, article_id, "open")
        signals.record(ctx, reader, article_id, "read", 90.0)
    read = profile()
    assert read.has_history and read.engaged == frozenset(news[topic][:4])
    assert feed.for_you(ctx, reader, limit=30).cards and profile() is read  # the page used it, kept
    signals.forget(ctx, reader, news[topic][0])  # one article's history: not the newest signal
    assert profile().engaged == frozenset(news[topic][1:4])
    signals.forget(ctx, reader)
    assert not profile().has_history


def test_a_withdrawn_signal_and_a_new_one_rebuild_the_profile(
    ctx: Context, news: dict[str, list[int]]
) -> None:
    """Withdrawing the latest signal and recording another before the next page (SQLite may give
    the new row the withdrawn row's id: same count, same newest id) still rebuilds the profile."""
    reader = accounts.sign_up(ctx, "ada@example.org", "correct horse battery").id
    first, second = news[sorted(news)[0]][:2]
    weights, _ = models.ranking_weights(ctx)

    def profile() -> ReaderProfile:
        with ctx.db.reading() as session:
            return feed_inputs.load_profile(session, reader, ctx.clock.now(), weights, cache_for(ctx.db))[0]

    signals.record(ctx, reader, first, "hide")
    assert profile().hidden == frozenset({first})
    assert signals.withdraw(ctx, reader, first, "hide")
    signals.record(ctx, reader, second, "hide")
    assert profile().hidden == frozenset({second})
