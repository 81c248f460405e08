"""Load what ranking needs from the store: a reader's profile and the For you candidates.

Both are built per request, so a signal recorded a moment ago shapes the very next page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from mynews.rank.candidates import Candidate
from mynews.rank.profile import ArticleKeys, ReaderProfile, Signal, build_profile
from mynews.rank.weights import Weights
from mynews.store import feed_candidates, reader_activity
from mynews.store.feed_candidates import ArticleFacts

if TYPE_CHECKING:
    from mynews.enrich.embeddings import Vectors as Vector

Key = tuple[str, str]
SIGNALS_KEPT = 500
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
        tuple(k for k, _ in fact.topics), tuple(k for k, _ in fact.entities), source, fact.author
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
    session: Session, reader_id: int, now: datetime, weights: Weights
) -> tuple[ReaderProfile, set[int]]:
    """The reader's profile, and every article they have read (read states included)."""
    follows, mutes = follows_of(session, reader_id)
    rows = reader_activity.recent_signals(session, reader_id, limit=SIGNALS_KEPT)
    signals = [Signal(r.kind, r.article_id, r.at, r.value) for r in rows]
    facts = feed_candidates.details(session, sorted({s.article_id for s in signals}), growth_since=now)
    vectors = {f.id: v for f in facts if (v := _vector(f.vector)) is not None}
    profile = build_profile(
        follows, mutes, signals, vectors, {f.id: _keys(f) for f in facts}, now, weights, names=_names(facts)
    )
    return profile, reader_activity.read_ids(session, reader_id)


def candidate_ids(
    session: Session, profile: ReaderProfile, *, as_of: datetime
) -> tuple[dict[int, set[str]], datetime | None]:
    """Candidate article ids with the generators that produced them, and the newest article time."""
    via: dict[int, set[str]] = defaultdict(set)
    horizon = feed_candidates.newest_published(session, as_of)
    if horizon is None:
        return via, None
    for article_id in feed_candidates.window(session, as_of=as_of, limit=WINDOW):
        via[article_id].add("recent")
    followed = [k for k in profile.follows if k[0] in ("topic", "entity", "source")]
    for (kind, _), ids in feed_candidates.followed(
        session, followed, as_of=as_of, per_key=PER_FOLLOW
    ).items():
        for article_id in ids:
            via[article_id].add(f"followed_{kind}")
    tag = "developing" if profile.has_history or profile.follows else "trending"
    for article_id in _developing(session, horizon):
        via[article_id].add(tag)
    return via, horizon


def _developing(session: Session, horizon: datetime) -> list[int]:
    stories = feed_candidates.story_stats(session, horizon=horizon, days=3.0, limit=300)
    stories = sorted(stories, key=lambda s: (-s.source_count, -s.size, s.id))[:DEVELOPING]
    return list(feed_candidates.representatives(session, stories).values())


def candidates(
    session: Session, via: dict[int, set[str]], horizon: datetime
) -> tuple[list[Candidate], dict[Key, str]]:
    """Candidates for ranking, and the names of their keys (for reasons)."""
    facts = feed_candidates.details(session, list(via), growth_since=horizon - timedelta(hours=24))
    opens = reader_activity.open_counts(session, [f.id for f in facts])
    out = [
        Candidate(
            article_id=f.id,
            source_id=str(f.source_id) if f.source_id is not None else "0",
            published=f.published,
            story_id=f.story_id,
            topics=tuple(k for k, _ in f.topics),
            entities=tuple(k for k, _ in f.entities),
            author=f.author,
            text=f.title,
            vector=_vector(f.vector),
            story_size=f.story_size,
            story_sources=f.story_sources,
            story_growth=f.story_growth,
            popularity=opens.get(f.id, 0),
            duplicate_count=f.duplicates,
            via=tuple(sorted(via[f.id])),
            source_name=f.source_name,
        )
        for f in facts
    ]
    return out, _names(facts)
