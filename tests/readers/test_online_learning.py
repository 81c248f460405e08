"""Learning as it happens: each card For you serves is logged with its features and propensity,
and a signal about a served card moves that reader's own weights (and only theirs) at once."""

from __future__ import annotations

from datetime import timedelta

from mynews.core.clock import FixedClock
from mynews.services.context import Context
from mynews.services.readers import accounts, signals
from mynews.services.reading import feed
from mynews.store import feed_log
from mynews.store.models import Article, ServedCard


def news_ids(news: dict[str, list[int]]) -> set[int]:
    return {i for ids in news.values() for i in ids}


def _reader(ctx: Context, email: str) -> int:
    return accounts.sign_up(ctx, email, "correct horse battery").id


def test_served_cards_are_logged_and_a_read_moves_only_that_readers_weights(
    ctx: Context, news: dict[str, list[int]]
) -> None:
    with ctx.db.reading() as session:  # the news' own time, so cards are fresh
        newest = max(a.published_at for a in session.query(Article).filter(Article.id.in_(news_ids(news))))
    ctx.clock = FixedClock(newest + timedelta(hours=2))
    ada, bob = _reader(ctx, "ada@example.org"), _reader(ctx, "bob@example.org")
    page = feed.for_you(ctx, ada, limit=10)
    with ctx.db.reading() as session:
        query = session.query(ServedCard).filter(ServedCard.reader_id == ada).order_by(ServedCard.position)
        served = [(s.article_id, s.position, s.propensity, s.explored, dict(s.features)) for s in query]
    assert [s[0] for s in served] == [c.article_id for c in page.cards]
    assert [s[1] for s in served] == list(range(len(page.cards)))
    assert all(0 < s[2] <= 1 and set(s[4]) >= {"interest", "freshness", "seen"} for s in served)
    explored = [s for s in served if s[3]]
    assert explored and all(s[2] < 1 for s in explored)  # the exploration draw, with its chance

    read = page.cards[0].article_id
    signals.record(ctx, ada, read, "open")
    with ctx.db.reading() as session:
        assert feed_log.reader_deltas(session, ada) == {}  # an open alone says little
    signals.record(ctx, ada, read, "read", 120.0)
    with ctx.db.reading() as session:
        after_read = feed_log.reader_deltas(session, ada)
        assert after_read and any(v != 0 for v in after_read.values())
        assert feed_log.reader_deltas(session, bob) == {}
    bounced = page.cards[1].article_id
    signals.record(ctx, ada, bounced, "read", 2.0)  # a bounce teaches the other way
    with ctx.db.reading() as session:
        assert feed_log.reader_deltas(session, ada) != after_read
    assert feed.for_you(ctx, ada, limit=10).cards  # the adjusted weights rank the next page
