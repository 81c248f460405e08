"""What understanding produces: entities, topics and a vector for an article."""

from __future__ import annotations

from dataclasses import dataclass

ENTITY_KINDS = ("person", "organisation", "place")


@dataclass(frozen=True)
class EntityMention:
    """One real entity found in one article.

    ``name`` is the canonical name ("Donald Trump", "United States"); ``mentions`` the surface
    forms seen ("Trump", "Donald Trump"); ``count`` how often; ``salience`` 0..1 (title and
    lead count more).
    """

    name: str
    kind: str
    mentions: tuple[str, ...]
    count: int = 1
    salience: float = 0.0


@dataclass(frozen=True)
class TopicAssignment:
    """A topic for an article. ``kind``: iptc (fixed top level), section (the news' own labels
    and tags), rule (operator-defined). ``key`` is a stable slug."""

    key: str
    name: str
    kind: str
    score: float = 1.0


@dataclass(frozen=True)
class ArticleText:
    """The text enrichment reads: what an article says, without storage concerns."""

    title: str
    standfirst: str | None
    body: str
    captions: tuple[str, ...] = ()
    section: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None

    @property
    def words(self) -> int:
        """Words of the body: how long the article is (a 1-3 sentence item or a full article)."""
        return len(self.body.split())

    @property
    def lead(self) -> str:
        """Title + standfirst + the first ~600 characters of body: what the embedder reads."""
        parts = [self.title[:1000], (self.standfirst or "")[:2000], self.body[:600]]
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class Enrichment:
    """What the understanding step says about one article (the vector is kept apart)."""

    language: str | None
    entities: tuple[EntityMention, ...] = ()
    topics: tuple[TopicAssignment, ...] = ()
