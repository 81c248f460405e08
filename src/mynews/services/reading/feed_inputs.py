"""Load what ranking needs from the store: a reader's profile and the For you candidates.

Both are built per request, so a signal recorded a moment ago shapes the very next page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from mynews.rank.candidates import Candidate
from mynews.rank.profile import ArticleKeys, ReaderProfile, Signal, build_profile
from mynews.rank.weights import Weights
from mynews.services.reading.feed_cache import FeedCache
from mynews.store import feed_candidates, feed_log, reader_activity
from mynews.store.db import Session
from mynews.store.feed_candidates import ArticleFacts

if TYPE_CHECKING:
    from mynews.enrich.embeddings import Vectors as Vector

Key = tuple[str, str]
SIGNALS_KEPT = 500
ACTED = 120  # articles acted on whose keys and vectors shape the profile (newest first)
WINDOW = 200
PER_FOLLOW = 30
DEVELOPING = 30


def _vector(blob: bytes | None) -> Vector | None:
    if not blob:
        return None
    from mynews.enrich.embeddings import from_bytes

    return from_bytes(blob)


def follows_of(session: Session, reader_id: int) -> tuple[dict[Key, str], dict[Key, str]]:
    """(follows, mutes) as {(kind, key): name}."""
    follows: dict[Key, str] = {}
    mutes: dict[Key, str] = {}
    for row in reader_activity.follows(session, reader_id):
        (mutes if row.muted else follows)[(row.kind, row.key)] = row.name
    return follows, mutes


def _keys(fact: ArticleFacts) -> ArticleKeys:
    source = str(fact.source_id) if fact.source_id is not None else None
    return ArticleKeys(
        tuple(k for k, _ in fact.topics),
        tuple(k for k, _ in fact.entities),
        source,
        fact.author,
        str(fact.story_id) if fact.story_id is not None else None,
        str(fact.storyline_id) if fact.storyline_id is not None else None,
        fact.published,
    )


def _names(facts: Iterable[ArticleFacts]) -> dict[Key, str]:
    out: dict[Key, str] = {}
    for fact in facts:
        out.update({("topic", k): n for k, n in fact.topics})
        out.update({("entity", k): n for k, n in fact.entities})
        if fact.source_id is not None and fact.source_name:
            out[("source", str(fact.source_id))] = fact.source_name
    return out


def load_profile(
    session: Session, reader_id: int, now: datetime, weights: Weights, cache: FeedCache
) -> tuple[ReaderProfile, frozenset[int]]:
    """The reader's profile, and every article they have read (read states included).

    Both come through the process cache (``FeedCache.profile``) while the reader's history
    version (``reader_activity.history_version``: any signal or read state recorded or removed
    changes it), follows and mutes are unchanged, so a long history costs a request no more
    than a short one; the facts of the history's articles through ``history_facts``."""
    follows, mutes = follows_of(session, reader_id)
    key = (
        reader_activity.history_version(session, reader_id),
        tuple(sorted(follows.items())),
        tuple(sorted(mutes.items())),
        (weights.signals, weights.interest, weights.affinity, weights.reasons),
    )

    def build() -> tuple[ReaderProfile, frozenset[int]]:
        profile = _build_profile(session, reader_id, follows, mutes, now, weights, cache)
        return profile, frozenset(reader_activity.read_ids(session, reader_id))

    profile, read = cache.profile(reader_id, key, now, build)
    return profile, read


def _build_profile(
    session: Session,
    reader_id: int,
    follows: dict[Key, str],
    mutes: dict[Key, str],
    now: datetime,
    weights: Weights,
    cache: FeedCache,
) -> ReaderProfile:
    rows = reader_activity.recent_signals(session, reader_id, limit=SIGNALS_KEPT)
    signals = [Signal(r.kind, r.article_id, r.at, r.value) for r in rows]
    # Impressions only count how often a card was passed over (``seen``): the keys and vectors
    # of articles the reader acted on are enough, so a long history costs no more than a short one.
    # and only the most recent ACTED articles count (decay makes older ones small anyway).
    acted = sorted(list(dict.fromkeys(s.article_id for s in signals if s.kind != "impression"))[:ACTED])
    found = cache.history_facts(
        acted, lambda ids: {f.id: f for f in feed_candidates.details(session, ids, growth_since=None)}
    )
    facts = [found[i] for i in acted if i in found]
    vectors = {f.id: v for f in facts if (v := _vector(f.vector)) is not None}
    return build_profile(
        follows, mutes, signals, vectors, {f.id: _keys(f) for f in facts}, now, weights, names=_names(facts)
    )


def candidate_ids(
    session: Session, profile: ReaderProfile, *, as_of: datetime, cache: FeedCache, fresh: bool = True
) -> tuple[dict[int, set[str]], datetime | None]:
    """Candidate article ids with the generators that produced them, and the newest article time.

    The shared part (newest articles, developing stories) comes from the process cache for a
    fresh first page; later pages (an older ``as_of``) query it."""
    via: dict[int, set[str]] = defaultdict(set)

    def shared() -> tuple[datetime | None, list[int], list[int]]:
        horizon = feed_candidates.newest_published(session, as_of)
        if horizon is None:
            return None, [], []
        return (
            horizon,
            feed_candidates.window(session, as_of=as_of, limit=WINDOW),
            _developing(session, horizon),
        )

    followed = [k for k in profile.follows if k[0] in ("topic", "entity", "source", "storyline", "story")]

    def follow_lists(keys: list[tuple[str, str]]) -> dict[tuple[str, str], list[int]]:
        return feed_candidates.followed(session, keys, as_of=as_of, per_key=PER_FOLLOW)

    if fresh:
        version = feed_log.version(session)
        horizon, recent, developing = cache.shared_value("window", as_of, version, shared)
        lists = cache.followed(followed, as_of, version, follow_lists) if horizon is not None else {}
    else:
        horizon, recent, developing = shared()
        lists = follow_lists(followed) if horizon is not None else {}
    if horizon is None:
        return via, None
    for article_id in recent:
        via[article_id].add("recent")
    for (kind, _), ids in lists.items():
        for article_id in ids:
            via[article_id].add(f"followed_{kind}")
    tag = "developing" if profile.has_history or profile.follows else "trending"
    for article_id in developing:
        via[article_id].add(tag)
    return via, horizon


def _developing(session: Session, horizon: datetime) -> list[int]:
    stories = feed_candidates.story_stats(session, horizon=horizon, days=3.0, limit=300)
    stories = sorted(stories, key=lambda s: (-s.source_count, -s.size, s.id))[:DEVELOPING]
    return list(feed_candidates.representatives(session, stories).values())


@dataclass
class CandidateArticle:
    """What the process cache keeps of one candidate article: its facts, opens and vector, the
    names of its keys, and the ``Candidate`` made of it for each set of generator tags (most
    articles come from the shared window alone, so readers share one immutable Candidate
    instead of each request building its own)."""

    fact: ArticleFacts
    opens: int
    vector: Any
    names: dict[Key, str]
    made: dict[tuple[str, ...], Candidate] = field(default_factory=dict)

    def candidate(self, via: tuple[str, ...]) -> Candidate:
        """The article as a candidate produced by the generators ``via``."""
        made = self.made.get(via)
        if made is None:
            made = self.made[via] = _candidate(self.fact, self.opens, self.vector, via)
        return made


def _candidate(f: ArticleFacts, opens: int, vector: Any, via: tuple[str, ...]) -> Candidate:
    return Candidate(
        article_id=f.id,
        source_id=str(f.source_id) if f.source_id is not None else "0",
        published=f.published,
        story_id=f.story_id,
        topics=tuple(k for k, _ in f.topics),
        entities=tuple(k for k, _ in f.entities),
        author=f.author,
        text=f.title,
        vector=vector,
        story_size=f.story_size,
        story_sources=f.story_sources,
        story_growth=f.story_growth,
        popularity=opens,
        duplicate_count=f.duplicates,
        via=via,
        source_name=f.source_name,
        storyline_id=f.storyline_id,
    )


def _facts(
    session: Session, ids: list[int], horizon: datetime, cache: FeedCache
) -> dict[int, CandidateArticle]:
    """Facts, opens and vector of each article, through the process cache."""

    def load(missing: list[int]) -> dict[int, CandidateArticle]:
        facts = feed_candidates.details(session, missing, growth_since=horizon - timedelta(hours=24))
        opens = reader_activity.open_counts(session, [f.id for f in facts])
        return {f.id: CandidateArticle(f, opens.get(f.id, 0), _vector(f.vector), _names([f])) for f in facts}

    return cache.facts(ids, load)


def candidates(
    session: Session, via: dict[int, set[str]], horizon: datetime, cache: FeedCache
) -> tuple[list[Candidate], dict[Key, str]]:
    """Candidates for ranking, and the names of their keys (for reasons)."""
    known = _facts(session, list(via), horizon, cache)
    names: dict[Key, str] = {}
    for article in known.values():
        names.update(article.names)
    return [article.candidate(tuple(sorted(via[i]))) for i, article in known.items()], names


def news_names(
    session: Session, profile: ReaderProfile, candidates: Iterable[Candidate], cache: FeedCache
) -> dict[Key, str]:
    """Names of the stories and storylines the reader read that candidates are part of (for
    "New in <story>"), through the process cache (``FeedCache.names``)."""
    if not profile.read_stories:
        return {}
    among = {key for c in candidates for key in c.story_keys}
    wanted = [k for k in profile.read_stories if k in among]
    return cache.names(wanted, lambda keys: feed_candidates.names(session, keys)) if wanted else {}
