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


def test_story_names_are_loaded_once_while_fresh():
    """ "New in <story>" names come through the cache: one query for every reader of the story,
    loaded again once ``ttl`` is past (a story renamed as it grows)."""
    calls: list[list[tuple[str, str]]] = []

    def load(keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        calls.append(list(keys))
        return {k: f"{k[0]} named {len(calls)}" for k in keys if k[1] != "gone"}

    story, line, gone = ("story", "7"), ("storyline", "3"), ("story", "gone")
    cache = FeedCache(ttl=60.0)
    assert cache.names([story, gone], load) == {story: "story named 1"}
    assert cache.names([line, story], load) == {story: "story named 1", line: "storyline named 2"}
    assert calls == [[story, gone], [line]]
    expired = FeedCache(ttl=0.0)
    expired.names([story], load)
    assert expired.names([story], load) == {story: "story named 4"}


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


def test_every_change_of_a_history_moves_its_version(ctx: Context, news: dict[str, list[int]]) -> None:
    """Each write of signals or read states (recorded, a page of impressions, withdrawn,
    forgotten, marked read or unread) moves the reader's history version, and only theirs."""
    from mynews.store import reader_activity

    reader, other = (accounts.sign_up(ctx, f"{n}@example.org", "correct horse battery").id for n in "ab")
    first, second, third = news[sorted(news)[0]][:3]

    def version(who: int = reader) -> int:
        with ctx.db.reading() as session:
            return reader_activity.history_version(session, who)

    seen = [version()]
    for change in (
        lambda: signals.record(ctx, reader, first, "hide"),
        lambda: signals.record_impressions(ctx, reader, [second, third]),
        lambda: signals.withdraw(ctx, reader, first, "hide"),
        lambda: signals.forget(ctx, reader, second),
    ):
        change()
        seen.append(version())
    with ctx.db.transaction() as session:
        reader_activity.mark_read(session, reader, [third], ctx.clock.now())
    seen.append(version())
    with ctx.db.transaction() as session:
        reader_activity.mark_unread(session, reader, [third])
    seen.append(version())
    assert seen == sorted(set(seen)) and len(seen) == 7  # every change counted
    with ctx.db.transaction() as session:
        reader_activity.mark_read(session, reader, [], ctx.clock.now())  # nothing changed
    assert version() == seen[-1] and version(other) == 0


def test_a_kept_profile_costs_no_query_on_the_history(ctx: Context, news: dict[str, list[int]]) -> None:
    """A reader with history asking again reads their history version, not their signals or read
    states (counting thousands of signals per request made a long history dear); the read ids
    come with the kept profile and follow a read state set through a reader app."""
    from sqlalchemy import event

    from mynews.store import reader_activity

    reader = accounts.sign_up(ctx, "ada@example.org", "correct horse battery").id
    articles = news[sorted(news, key=lambda k: (-len(news[k]), k))[0]][:5]
    for article_id in articles[:4]:
        signals.record(ctx, reader, article_id, "open")
    weights, _ = models.ranking_weights(ctx)
    statements: list[str] = []

    def seen(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    def load() -> tuple[ReaderProfile, frozenset[int]]:
        with ctx.db.reading() as session:
            return feed_inputs.load_profile(session, reader, ctx.clock.now(), weights, cache_for(ctx.db))

    first, read = load()
    assert set(articles[:4]) <= read
    event.listen(ctx.db.engine, "before_cursor_execute", seen)
    try:
        kept, again = load()
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", seen)
    assert kept is first and again == read
    assert not [s for s in statements if "FROM signals" in s or "FROM read_states" in s], statements
    with ctx.db.transaction() as session:  # a reader app marks one more read
        reader_activity.mark_read(session, reader, [articles[4]], ctx.clock.now())
    assert articles[4] in load()[1]
    with ctx.db.transaction() as session:
        reader_activity.mark_unread(session, reader, [articles[0]])
    assert articles[0] not in load()[1]


def test_follow_lists_are_shared_while_the_version_and_the_clock_allow(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(feed_cache, "FOLLOWED_KEYS", 2)
    cache = FeedCache(ttl=60.0)
    calls: list[list[tuple[str, str]]] = []

    def load(keys: list[tuple[str, str]]) -> dict[tuple[str, str], list[int]]:
        calls.append(list(keys))
        return {k: [len(calls)] for k in keys if k[1] != "gone"}

    t0 = datetime(2025, 5, 1, 12, tzinfo=UTC)
    iran, china, gone = ("entity", "iran"), ("entity", "china"), ("entity", "gone")
    assert cache.followed([iran], t0, 1, load) == {iran: [1]}
    assert cache.followed([iran, china], t0 + timedelta(seconds=5), 1, load) == {iran: [1], china: [2]}
    assert calls == [[iran], [china]]  # the second reader's Iran came from the cache
    assert cache.followed([iran], t0 + timedelta(seconds=5), 2, load) == {iran: [3]}  # news arrived
    assert cache.followed([iran], t0 + timedelta(seconds=70), 2, load) == {iran: [4]}  # a minute on
    assert cache.followed([iran], t0 - timedelta(seconds=1), 2, load) == {iran: [5]}  # a clock went back
    assert cache.followed([gone], t0, 2, load) == {gone: []}
    assert list(cache.follow_lists) == [iran, gone]  # bounded, the least used out first


def test_a_second_reader_of_a_follow_costs_no_query_and_new_news_reaches_both(
    ctx: Context, news: dict[str, list[int]], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Through the real store: the follow's list is read once for two readers, and a version
    bump (what makes a new article ready) makes the next request read it again."""
    from mynews.store import feed_candidates, feed_log

    real = feed_candidates.followed
    asked: list[list[tuple[str, str]]] = []

    def counted(session, keys, **kw):  # type: ignore[no-untyped-def]
        asked.append(list(keys))
        return real(session, keys, **kw)

    monkeypatch.setattr(feed_candidates, "followed", counted)
    topic = sorted(news, key=lambda k: (-len(news[k]), k))[0]
    readers = [accounts.sign_up(ctx, f"r{i}@example.org", "correct horse battery").id for i in range(2)]
    pages = []
    for reader in readers:
        follows.set_follow(ctx, reader, "topic", topic)
        pages.append({c.article_id for c in feed.for_you(ctx, reader, limit=30).cards})
    assert asked == [[("topic", topic)]]
    assert all(page & set(news[topic]) for page in pages)
    with ctx.db.transaction() as session:
        feed_log.bump(session)
    feed.for_you(ctx, readers[1], limit=30)
    assert len(asked) == 2


def test_a_lost_counter_row_is_created_by_the_next_change(ctx: Context) -> None:
    """The migration seeds the feed's change counter; with its row gone (a wiped table), a bump
    used to update nothing, and every cache waited on a version that could not move."""
    from sqlalchemy import delete

    from mynews.store import feed_log
    from mynews.store.models import FeedChange

    with ctx.db.transaction() as session:
        session.execute(delete(FeedChange))
    with ctx.db.transaction() as session:
        feed_log.bump(session)
    with ctx.db.transaction() as session:
        feed_log.bump(session)
    with ctx.db.reading() as session:
        assert feed_log.version(session) == 2  # both changes counted


def test_a_cached_article_gives_one_candidate_per_set_of_generators():
    from mynews.store.feed_candidates import ArticleFacts

    fact = ArticleFacts(
        7, "Iran talks", datetime(2026, 1, 1, tzinfo=UTC), 3, "Wire", 11, "Ann", None,
        (("politics", "Politics"),), (("iran", "Iran"),), storyline_id=5,
    )  # fmt: skip
    article = feed_inputs.CandidateArticle(fact, 4, None, feed_inputs._names([fact]))
    recent = article.candidate(("recent",))
    assert article.candidate(("recent",)) is recent  # readers of the shared window share it
    followed = article.candidate(("followed_entity", "recent"))
    assert followed.via == ("followed_entity", "recent") and recent.via == ("recent",)
    assert (followed.topics, followed.entities, followed.source_id, followed.popularity) == (
        ("politics",),
        ("iran",),
        "3",
        4,
    )
    assert article.names == {
        ("topic", "politics"): "Politics",
        ("entity", "iran"): "Iran",
        ("source", "3"): "Wire",
    }
