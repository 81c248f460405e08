"""Use cases: follow, unfollow and mute topics, entities, sources, authors, keywords,
storylines and events, and the suggestions a new reader picks from (popular and recent topics,
entities and sources).

Keys: a topic's or entity's ``key``, a source's, storyline's or event's id (as text), an
author's name as published, a keyword in lower case. Topic, entity, source, storyline and event
keys must exist; a merged storyline or event is followed under the id it lives on as.
"""

from __future__ import annotations

from dataclasses import dataclass

from mynews.core.errors import BadInput, NotFound
from mynews.services.browsing.names import one_per_name
from mynews.services.context import Context
from mynews.store import articles, feed_candidates, reader_activity
from mynews.store import storylines as storyline_rows
from mynews.store import suggestions as suggestions_store

KINDS = ("topic", "entity", "source", "author", "keyword", "storyline", "story")
LEVELS = {"storyline": "storyline", "story": "event"}  # follow kind -> story level


@dataclass(frozen=True)
class FollowView:
    kind: str
    key: str
    name: str
    muted: bool


@dataclass(frozen=True)
class Suggestion:
    kind: str
    key: str
    name: str
    count: int


@dataclass(frozen=True)
class Suggestions:
    topics: list[Suggestion]
    entities: list[Suggestion]
    sources: list[Suggestion]


def _normalise(kind: str, key: str) -> str:
    if kind not in KINDS:
        raise BadInput(f"cannot follow a {kind!r}; one of {', '.join(KINDS)}", code="bad_follow_kind")
    key = " ".join(key.split())
    if not key or len(key) > 300:
        raise BadInput("a follow needs a key of 1 to 300 characters", code="bad_follow_key")
    return key.lower() if kind == "keyword" else key


def set_follow(ctx: Context, reader_id: int, kind: str, key: str, *, muted: bool = False) -> FollowView:
    """Follow (or mute) one thing. Following something muted unmutes it, and the reverse."""
    key = _normalise(kind, key)
    with ctx.db.transaction() as session:
        if kind in LEVELS and key.isdigit():
            key = str(storyline_rows.resolve(session, LEVELS[kind], int(key)) or key)
        if kind in ("topic", "entity", "source", *LEVELS):
            name = feed_candidates.names(session, [(kind, key)]).get((kind, key))
            if name is None:
                raise NotFound(f"no {kind} {key!r}")
        else:
            name = key
        reader_activity.put_follow(
            session, reader_id, kind=kind, key=key, name=name, muted=muted, now=ctx.clock.now()
        )
    return FollowView(kind, key, name, muted)


def unfollow(ctx: Context, reader_id: int, kind: str, key: str) -> None:
    """Stop following (or unmute). Not following it is 'not found'."""
    key = _normalise(kind, key)
    with ctx.db.transaction() as session:
        if not reader_activity.remove_follow(session, reader_id, kind=kind, key=key):
            raise NotFound(f"you do not follow or mute {kind} {key!r}")


def list_follows(ctx: Context, reader_id: int) -> list[FollowView]:
    with ctx.db.reading() as session:
        return [
            FollowView(f.kind, f.key, f.name, f.muted) for f in reader_activity.follows(session, reader_id)
        ]


def suggestions(ctx: Context, *, limit: int = 12, recent_window: int = 500) -> Suggestions:
    """What a new reader can follow: the topics and entities most present in the newest
    ``recent_window`` articles (recent), topped up with the most covered overall (popular),
    and the sources with the most articles."""
    with ctx.db.reading() as session:
        recent = feed_candidates.window(session, as_of=ctx.clock.now(), limit=recent_window)
        topics = [
            Suggestion("topic", *row)
            for row in suggestions_store.counted_keys(session, "topic", recent, limit)
        ]
        entities = [
            Suggestion("entity", *row)
            for row in suggestions_store.counted_keys(session, "entity", recent, limit)
        ]
        sources = [Suggestion("source", *row) for row in suggestions_store.top_sources(session, limit)]
    return Suggestions(topics, entities, sources)


def article_tags(keys: list[FollowView], others: list[tuple[str, str]]) -> list[FollowView]:
    """Everything an article is about, each name once: its follow keys (subjects, main entities,
    source, authors, in that order), then its other entities ``(key, name)``."""
    return one_per_name([*keys, *(FollowView("entity", k, n, False) for k, n in others)])


def article_keys(ctx: Context, article_id: int) -> list[FollowView]:
    """The topics, entities, source and authors of one article, as things to follow."""
    with ctx.db.reading() as session:
        article = articles.get(session, article_id)
        if article is None:
            raise NotFound(f"article {article_id} not found")
        facts = feed_candidates.details(session, [article_id], growth_since=article.published_at)
        out = []
        for fact in facts:
            out += [FollowView("topic", k, n, False) for k, n in fact.topics]
            out += [FollowView("entity", k, n, False) for k, n in fact.entities[:6]]
            if fact.source_id is not None:
                out.append(FollowView("source", str(fact.source_id), fact.source_name or "source", False))
        out += [FollowView("author", a, a, False) for a in (article.authors or [])[:3]]
    return out
