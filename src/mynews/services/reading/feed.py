"""Use cases: the three feeds — For you (ranked, with reasons), Following (newest first) and Top
stories (the same for everyone) — as pages of cards with cursors.

For you loads the reader's profile and candidates from the store (``feed_inputs``), calls
``mynews.rank`` and pages with ``FeedCursor`` (fixed ``as_of`` and seed, ids already shown), so
a signal changes the very next page and no card repeats. A new reader without follows or
history gets trending stories.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from mynews.core.errors import BadInput
from mynews.ingest.web_urls import web_url
from mynews.rank import online
from mynews.rank.candidates import Card
from mynews.rank.for_you import rank_for_you
from mynews.rank.model import raw_features
from mynews.rank.pagination import FeedCursor
from mynews.rank.profile import ReaderProfile
from mynews.rank.reasons import PASSING_AFTER, Reason
from mynews.rank.top_stories import StoryStats, rank_top_stories
from mynews.rank.weights import Weights, load_weights
from mynews.services.context import Context
from mynews.services.learning import models
from mynews.services.reading import feed_inputs
from mynews.services.reading.feed_cache import cache_for
from mynews.store import cursors, feed_candidates, feed_log, reader_activity
from mynews.store.db import Session
from mynews.store.feed_cards import CardRow, card_rows

MAX_PAGE = 50
_DAY = timedelta(hours=24)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedCard:
    article_id: int
    title: str
    url: str | None
    excerpt: str
    site_name: str | None
    published_at: datetime
    lead_image: str | None
    story_id: int | None
    reasons: tuple[str, ...]
    story_sources: int = 1
    folded: tuple[int, ...] = ()
    saved: bool = False
    reason_details: tuple[dict[str, object], ...] = ()
    section: str = "picked"  # For you: "more" for a top card there for no reason about the reader

    @property
    def said(self) -> tuple[str, ...]:
        """The reasons as a reader-facing list: a For you card of "More news" with none says so."""
        return self.reasons or (("More news",) if self.section == "more" else ())

    @property
    def more_sources(self) -> int:
        return max(0, self.story_sources - 1, len(self.folded))


@dataclass(frozen=True)
class FeedPage:
    view: str  # for_you, following, top
    cards: list[FeedCard]
    next_cursor: str | None
    known: bool = True  # For you: anything is known of the reader (reading, signals, follows)


def _excerpt(row: CardRow) -> str:
    text = row.standfirst or row.text_start.split("\n\n", 1)[0]
    return text[:280] + ("…" if len(text) > 280 else "")


def _card(
    row: CardRow,
    reasons: tuple[str, ...],
    *,
    story_id: int | None,
    sources: int = 1,
    folded: tuple[int, ...] = (),
    saved: bool = False,
    details: tuple[dict[str, object], ...] = (),
    section: str = "picked",
) -> FeedCard:
    return FeedCard(
        row.id,
        row.title,
        web_url(row.url),
        _excerpt(row),
        row.site_name,
        row.published,
        web_url(row.lead_image),
        story_id,
        reasons,
        sources,
        folded,
        saved,
        tuple(reason_detail(d) for d in details),
        section,
    )


LINKS = {
    "entity": "/entities/{}",
    "topic": "/topics/{}",
    "story": "/stories/{}",
    "storyline": "/storylines/{}",
}


def reason_detail(reason: dict[str, object]) -> dict[str, object]:
    """A structured reason with where it leads: ``link`` (the page of what it names) and
    ``manage`` (where the reader can follow, unfollow or mute it: that page, else Settings)."""
    kind, key = reason.get("key_kind"), reason.get("key")
    template = LINKS.get(str(kind))
    link = template.format(key) if template and key else None
    manage = link if kind in ("entity", "topic", "storyline") else ("/settings" if kind else None)
    return {**reason, "link": link, "manage": manage}


def _limit(limit: int) -> int:
    return max(1, min(limit, MAX_PAGE))


def for_you(ctx: Context, reader_id: int, *, cursor: str | None = None, limit: int = 30) -> FeedPage:
    limit, now = _limit(limit), ctx.clock.now()
    weights, model = models.ranking_weights(ctx)
    position = _decode(cursor) if cursor else _fresh_cursor(reader_id, now)
    with ctx.db.reading() as session:
        weights = online.adjusted(weights, feed_log.reader_deltas(session, reader_id))
        cache = cache_for(ctx.db)
        profile, read = feed_inputs.load_profile(session, reader_id, now, weights, cache)
        via, horizon = feed_inputs.candidate_ids(
            session, profile, as_of=position.as_of, cache=cache, fresh=cursor is None
        )
        if horizon is None:
            return FeedPage("for_you", [], None)
        candidates, names = feed_inputs.candidates(session, via, horizon, cache)
        names.update(feed_inputs.news_names(session, profile, candidates, cache))
        profile = _with_names(profile, names)
        ranked = rank_for_you(
            profile,
            candidates,
            now=now,
            weights=weights,
            limit=limit,
            seed=position.seed,
            exclude=frozenset(position.shown | read),
        )
        rows = card_rows(session, [c.article_id for c in ranked])
        saved = reader_activity.saved_among(session, reader_id, rows)
    _log_served(ctx, reader_id, now, model, ranked, offset=position.page * limit, weights=weights)
    cards = [
        _card(
            rows[c.article_id],
            c.reasons,
            story_id=c.story_id,
            sources=c.story_sources,
            folded=c.folded,
            saved=c.article_id in saved,
            details=c.details,
            section=c.section,
        )
        for c in ranked
        if c.article_id in rows
    ]
    more = len(ranked) == limit
    next_cursor = position.next(ranked).encode() if more else None
    return FeedPage("for_you", cards, next_cursor, known=profile.known)


def _log_served(
    ctx: Context,
    reader_id: int,
    now: datetime,
    model: str,
    ranked: list[Card],
    *,
    offset: int,
    weights: Weights,
) -> None:
    """Log what For you served, with raw features and propensities (training, IPS evaluation)."""
    served = [
        feed_log.Served(
            c.article_id, offset + i, c.propensity, c.explored, raw_features(c.components, weights)
        )
        for i, c in enumerate(ranked)
    ]
    # Bookkeeping off the reader's critical path: written in its own transaction that gives up
    # at once when a writer holds the database (a reader never waits on a writer; issue 7).
    if not ctx.db.try_write(lambda c: feed_log.log_served(c, reader_id, now, model, served)):
        log.info("served log of reader %d skipped: the database was busy", reader_id)


def _with_names(profile: ReaderProfile, names: dict[tuple[str, str], str]) -> ReaderProfile:
    from dataclasses import replace

    return replace(profile, names={**names, **profile.names})


def _fresh_cursor(reader_id: int, now: datetime) -> FeedCursor:
    seed = int.from_bytes(hashlib.sha256(f"{reader_id}:{now.isoformat()}".encode()).digest()[:4], "big")
    return FeedCursor(now, seed)


def _decode(cursor: str) -> FeedCursor:
    try:
        return FeedCursor.decode(cursor)
    except ValueError as exc:
        raise BadInput("invalid cursor", code="bad_cursor") from exc


def following(ctx: Context, reader_id: int, *, cursor: str | None = None, limit: int = 30) -> FeedPage:
    """What the reader follows, newest first; muted things never show."""
    limit = _limit(limit)
    before = cursors.decode_time(cursor) if cursor else None
    with ctx.db.reading() as session:
        follows, mutes = feed_inputs.follows_of(session, reader_id)
        ids = feed_candidates.following_page(session, list(follows), before=before, limit=limit + 1)
        facts = {f.id: f for f in feed_candidates.details(session, ids[:limit], growth_since=ctx.clock.now())}
        rows = card_rows(session, ids[:limit])
        saved = reader_activity.saved_among(session, reader_id, rows)
        keys_of = {a: _fact_keys(f) for a, f in facts.items()}
        unexplained = [a for a, keys in keys_of.items() if not any(k in follows for k in keys)]
        deeper = feed_candidates.followed_links(session, unexplained, list(follows))
    cards = []
    for article_id in ids[:limit]:
        fact, row = facts.get(article_id), rows.get(article_id)
        if fact is None or row is None:
            continue
        keys = keys_of[article_id]
        if any(k in mutes for k in keys) or _keyword_hit(mutes, row.title):
            continue
        entities = [k for k, _ in fact.entities]
        matched = [
            Reason("follow", _follow_text(k, follows[k], entities), k, follows[k])
            for k in keys
            if k in follows
        ]
        matched += [
            Reason("follow", f"You follow {n}", ("keyword", n), n) for n in _keyword_names(follows, row.title)
        ]
        # a follow the article names only past its eight most salient keys: in passing
        matched += [
            Reason("follow", f"Mentions {follows[k]}, which you follow", k, follows[k])
            for k in deeper.get(article_id, ())
            if k not in keys
        ]
        first: dict[str, Reason] = {}  # one reason per text ("You follow X" by entity and keyword)
        for r in matched:
            first.setdefault(r.text, r)
        shown = list(first.values())[:2]
        cards.append(
            _card(
                row,
                tuple(r.text for r in shown) or ("You follow this",),
                story_id=fact.story_id,
                sources=fact.story_sources,
                saved=article_id in saved,
                details=tuple(r.to_dict() for r in shown),  # structured, with links, as For you's
            )
        )
    last = rows.get(ids[limit - 1]) if len(ids) > limit else None
    return FeedPage("following", cards, cursors.encode(last.published, last.id) if last else None)


def _follow_text(key: tuple[str, str], name: str, entities: list[str]) -> str:
    """The follow as For you names it: an entity the article names only in passing (after its
    most salient ones) is "Mentions X, which you follow", not "You follow X"."""
    if key[0] == "entity" and key[1] in entities and entities.index(key[1]) >= PASSING_AFTER:
        return f"Mentions {name}, which you follow"
    return f"You follow {name}"


def _fact_keys(fact: feed_candidates.ArticleFacts) -> list[tuple[str, str]]:
    keys = [("topic", k) for k, _ in fact.topics] + [("entity", k) for k, _ in fact.entities]
    if fact.source_id is not None:
        keys.append(("source", str(fact.source_id)))
    if fact.author:
        keys.append(("author", fact.author))
    if fact.story_id is not None:
        keys.append(("story", str(fact.story_id)))
    if fact.storyline_id is not None:
        keys.append(("storyline", str(fact.storyline_id)))
    return keys


def _keyword_names(follows: dict[tuple[str, str], str], title: str) -> list[str]:
    lowered = title.lower()
    return [name for (kind, key), name in follows.items() if kind == "keyword" and key in lowered]


def _keyword_hit(mutes: dict[tuple[str, str], str], title: str) -> bool:
    return bool(_keyword_names(mutes, title))


def top_stories(
    ctx: Context, reader_id: int | None = None, *, cursor: str | None = None, limit: int = 30
) -> FeedPage:
    """Stories ranked by sources, growth and freshness (the same for everyone), topped up with
    the latest lone articles; a signed-in reader's mutes are applied."""
    limit, now, weights = _limit(limit), ctx.clock.now(), load_weights()
    offset = _offset(cursor)
    with ctx.db.reading() as session:
        horizon = feed_candidates.newest_published(session, now)
        if horizon is None:
            return FeedPage("top", [], None)
        ranked = cache_for(ctx.db).shared_value(
            "top", now, feed_log.version(session), lambda: _ranked_stories(session, horizon, weights)
        )
        picks = [(a, reasons, n) for a, reasons, n, _ in ranked]
        picks += _latest(session, now, ranked, offset + limit + 1)
        page = picks[offset : offset + limit + 1]
        ids = [a for a, _, _ in page[:limit]]
        facts = {f.id: f for f in feed_candidates.details(session, ids, growth_since=horizon)}
        mutes = feed_inputs.follows_of(session, reader_id)[1] if reader_id else {}
        rows = card_rows(session, ids)
        saved = reader_activity.saved_among(session, reader_id, rows) if reader_id else set()
    cards = [
        _card(
            rows[a],
            reasons,
            story_id=facts[a].story_id,
            sources=max(n, facts[a].story_sources),
            saved=a in saved,
        )
        for a, reasons, n in page[:limit]
        if a in rows and a in facts and not any(k in mutes for k in _fact_keys(facts[a]))
    ]
    more = len(page) > limit
    return FeedPage("top", cards, cursors.encode("top", offset + limit) if more else None)


def _latest(
    session: Session, now: datetime, ranked: list[tuple[int, tuple[str, ...], int, int]], want: int
) -> list[tuple[int, tuple[str, ...], int]]:
    """The newest articles after the ranked stories, one per story: a story already on the page
    (ranked, or through a newer article) is not shown again through an older one."""
    seen = {a for a, _, _, _ in ranked}
    stories = {story for _, _, _, story in ranked}
    out: list[tuple[int, tuple[str, ...], int]] = []
    size = want + len(ranked)
    while True:
        window = feed_candidates.window(session, as_of=now, limit=size)
        story_of = feed_candidates.story_ids(session, [a for a in window if a not in seen])
        out = []
        taken = set(stories)
        for a in window:
            story = story_of.get(a)
            if a in seen or (story is not None and story in taken):
                continue
            if story is not None:
                taken.add(story)
            out.append((a, (), 1))  # the latest news: its date says why it is here
        if len(out) >= want or len(window) < size:
            return out
        size *= 2


def _ranked_stories(
    session: Session, horizon: datetime, weights: Weights
) -> list[tuple[int, tuple[str, ...], int, int]]:
    stories = feed_candidates.story_stats(session, horizon=horizon, days=3.0, limit=300)
    growth = feed_candidates.story_growth(session, [s.id for s in stories], horizon - _DAY)
    reps = feed_candidates.representatives(session, stories)
    stats = [
        StoryStats(
            s.id,
            s.size,
            s.source_count,
            growth.get(s.id, 0),
            s.last_published or horizon,
            s.first_published,
            reps.get(s.id),
        )
        for s in stories
        if s.id in reps
    ]
    ranked = rank_top_stories(stats, now=horizon, weights=weights)
    by_id = {s.story_id: s for s in stats}
    return [
        (t.representative_article_id, t.reasons, by_id[t.story_id].sources, t.story_id)
        for t in ranked
        if t.representative_article_id is not None
    ]


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    tag, offset = cursors.decode(cursor)
    if tag != "top" or offset < 0:
        raise BadInput("invalid cursor", code="bad_cursor")
    return offset
