"""Tables. Sources are shared by every reader (one row per URL); reader state hangs off readers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from mynews.core.clock import utc


class Base(DeclarativeBase):
    pass


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every dialect (SQLite keeps no zone, so it is stored as UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else utc(value)


TS = UTCDateTime()
READY_ARTICLE = text("status = 'ready' AND duplicate_of_id IS NULL")


class Source(Base):
    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="feed")  # feed, page, push, file, corpus
    title: Mapped[str | None] = mapped_column(String(500))
    site_url: Mapped[str | None] = mapped_column(String(2048))
    language: Mapped[str | None] = mapped_column(String(16))
    full_text: Mapped[bool] = mapped_column(Boolean, default=True)
    is_aggregator: Mapped[bool] = mapped_column(Boolean, default=False)
    push_token_hash: Mapped[str | None] = mapped_column(String(128), unique=True)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    poll_interval: Mapped[float | None] = mapped_column(Float)
    next_check_at: Mapped[datetime | None] = mapped_column(TS, index=True)
    last_checked_at: Mapped[datetime | None] = mapped_column(TS)
    last_success_at: Mapped[datetime | None] = mapped_column(TS)
    last_status: Mapped[int | None] = mapped_column(Integer)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped_items: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # refresh cap
    licence: Mapped[str | None] = mapped_column(Text)
    icon_url: Mapped[str | None] = mapped_column(String(2048))  # migration 0003
    created_at: Mapped[datetime] = mapped_column(TS)
    # "host:port" the operator allowed this source to fetch although it is an internal address (migration 0006).
    fetch_allowance: Mapped[str | None] = mapped_column(String(300))
    # Hosts whose URLs a push source may claim (set by the operator with the push token).
    push_hosts: Mapped[list[str] | None] = mapped_column(JSON)


class Image(Base):
    """A picture named by an article or a source, by its publisher address (migration 0006).
    ``status``: pending, ready (renditions stored under ``content_hash``) or failed."""

    __tablename__ = "images"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url_hash: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    widths: Mapped[list[int]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    fetched_at: Mapped[datetime | None] = mapped_column(TS)
    created_at: Mapped[datetime] = mapped_column(TS)


class ImageRendition(Base):
    """One re-encoded width of a picture, shared by every address that gave the same bytes."""

    __tablename__ = "image_renditions"
    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    width: Mapped[int] = mapped_column(Integer, primary_key=True)
    height: Mapped[int] = mapped_column(Integer)
    mime: Mapped[str] = mapped_column(String(32))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(TS)


class Storyline(Base):
    """What events belong to (a war, a trade war, an election campaign): weeks to months long.

    ``size`` counts its events, ``article_count`` their articles; ``centroid`` is the mean of
    the events' article vectors (not normalised), ``entity_counts`` the articles naming each
    entity key."""

    __tablename__ = "storylines"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(500), default="")
    centroid: Mapped[bytes | None] = mapped_column(LargeBinary)
    entity_counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    size: Mapped[int] = mapped_column(Integer, default=0)
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    source_count: Mapped[int] = mapped_column(Integer, default=0)
    first_published: Mapped[datetime | None] = mapped_column(TS)
    last_published: Mapped[datetime | None] = mapped_column(TS, index=True)
    representative_id: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime | None] = mapped_column(TS)


class StoryRedirect(Base):
    """Where an event (``level`` "event", a ``stories`` row) or a storyline that no longer exists
    went: merged into another (``reason`` "merge") or rebuilt by a re-clustering ("recluster")."""

    __tablename__ = "story_redirects"
    level: Mapped[str] = mapped_column(String(16), primary_key=True)
    old_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    new_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(16), default="merge")
    at: Mapped[datetime] = mapped_column(TS)


class Story(Base):
    """An event: one development (a strike, a verdict, a summit), days long; part of a storyline."""

    __tablename__ = "stories"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    storyline_id: Mapped[int | None] = mapped_column(
        ForeignKey("storylines.id", ondelete="SET NULL"), index=True
    )
    label: Mapped[str] = mapped_column(String(500), default="")
    centroid: Mapped[bytes | None] = mapped_column(LargeBinary)
    entity_counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    size: Mapped[int] = mapped_column(Integer, default=0)
    source_count: Mapped[int] = mapped_column(Integer, default=0)
    first_published: Mapped[datetime | None] = mapped_column(TS)
    last_published: Mapped[datetime | None] = mapped_column(TS, index=True)
    representative_id: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime | None] = mapped_column(TS)


class Article(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str | None] = mapped_column(String(2048), unique=True)
    guid_key: Mapped[str | None] = mapped_column(String(2100), unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    standfirst: Mapped[str | None] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(String(300))
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    published_at: Mapped[datetime] = mapped_column(TS)
    language: Mapped[str | None] = mapped_column(String(16))
    site_name: Mapped[str | None] = mapped_column(String(300))
    lead_image: Mapped[str | None] = mapped_column(String(2048))
    summary_html: Mapped[str | None] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    captions: Mapped[list[dict[str, str | None]]] = mapped_column(JSON, default=list)
    images: Mapped[list[dict[str, str | None]]] = mapped_column(JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    method: Mapped[str] = mapped_column(String(32), default="feed")
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, ready, failed
    error: Mapped[str | None] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    fingerprint: Mapped[bytes | None] = mapped_column(LargeBinary)
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)
    vector_model: Mapped[str | None] = mapped_column(String(64))
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="SET NULL"), index=True)
    first_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    enriched_at: Mapped[datetime | None] = mapped_column(TS)
    created_at: Mapped[datetime] = mapped_column(TS)
    sanitizer_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    attempts: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0"
    )  # processing runs (each claim counts; migration 0006)
    claimed_published_at: Mapped[datetime | None] = mapped_column(TS)  # a future date, not believed
    claim: Mapped[str | None] = mapped_column(String(32))  # the worker processing it (migration 0011)
    claimed_at: Mapped[datetime | None] = mapped_column(TS)  # its lease starts here
    # what chose its IPTC topics ("classifier:<version>"; None: before migration 0013), so an
    # upgrade that ships a new topic model re-chooses exactly the topics it did not choose
    topic_model: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_articles_published_id", "published_at", "id"),
        Index("ix_articles_status", "status"),
        Index("ix_articles_status_source", "status", "first_source_id"),
        Index(
            "ix_articles_ready_published",
            "published_at",
            "id",
            sqlite_where=READY_ARTICLE,
            postgresql_where=READY_ARTICLE,
        ),  # migration 0002: the feed window
    )


class ArticleSource(Base):
    __tablename__ = "article_sources"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True)
    guid: Mapped[str | None] = mapped_column(String(2048))
    seen_at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (Index("ix_article_sources_source_article", "source_id", "article_id"),)


class Entity(Base):
    __tablename__ = "entities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(300))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(TS)


class EntityRedirect(Base):
    """An entity key that was merged into another (one entity per real thing): pages, the API
    and follows resolve ``old_key`` to ``new_key``."""

    __tablename__ = "entity_redirects"
    old_key: Mapped[str] = mapped_column(String(300), primary_key=True)
    new_key: Mapped[str] = mapped_column(String(300), index=True)
    at: Mapped[datetime] = mapped_column(TS)


class ArticleEntity(Base):
    __tablename__ = "article_entities"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True)
    mentions: Mapped[list[str]] = mapped_column(JSON, default=list)
    count: Mapped[int] = mapped_column(Integer, default=1)
    salience: Mapped[float] = mapped_column(Float, default=0.0)
    # The kind this article's text gave the name (spaCy's guess, or the gazetteer's), whatever
    # kind the entity is stored under: the evidence of the entity's kind vote
    # (``entity_identity.kind_changes``). None on links stored before the vote existed.
    guessed_kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    __table_args__ = (Index("ix_article_entities_entity_article", "entity_id", "article_id"),)


class Topic(Base):
    __tablename__ = "topics"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # iptc, section, rule
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    rule: Mapped[dict[str, object] | None] = mapped_column(JSON)
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(TS)


class ArticleTopic(Base):
    __tablename__ = "article_topics"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True)
    score: Mapped[float] = mapped_column(Float, default=1.0)
    __table_args__ = (Index("ix_article_topics_topic_article", "topic_id", "article_id"),)


class Reader(Base):
    __tablename__ = "readers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(300))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    onboarded: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(TS)
    # bumped with every change of the reader's signals or read states (store.reader_activity):
    # what the For you profile cache compares (migration 0014)
    history_version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class ReaderSession(Base):
    __tablename__ = "reader_sessions"
    id: Mapped[str] = mapped_column(String(128), primary_key=True)  # sha256 of the cookie token
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(TS)
    expires_at: Mapped[datetime] = mapped_column(TS)


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(TS)
    last_used_at: Mapped[datetime | None] = mapped_column(TS)


class Follow(Base):
    """A reader follows (or, with muted=True, mutes) a topic, entity, source, author, keyword,
    storyline or event (kind "story"; keys of those two are their ids as text)."""

    __tablename__ = "follows"
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    muted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (Index("ix_follows_kind_key", "kind", "key"),)  # migration 0005: who follows this


class Signal(Base):
    __tablename__ = "signals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # impression, open, read, more, fewer, hide, save, share
    value: Mapped[float] = mapped_column(Float, default=1.0)
    at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (
        Index("ix_signals_reader_at", "reader_id", "at", "id"),
        Index("ix_signals_reader_article", "reader_id", "article_id"),
        Index("ix_signals_article_kind", "article_id", "kind"),  # migration 0002: popularity
    )


class Saved(Base):
    __tablename__ = "saved"
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    saved_at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (Index("ix_saved_reader_saved_at", "reader_id", "saved_at"),)


class ReadState(Base):
    __tablename__ = "read_states"
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    read_at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (Index("ix_read_states_reader_read_at", "reader_id", "read_at"),)  # migration 0002


class FeedChange(Base):
    """A counter bumped whenever articles become ready: every process's feed cache compares it."""

    __tablename__ = "feed_changes"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class ServedCard(Base):
    """A card For you put on a reader's page: its position, the chance it was put there
    (exploration) and the features the ranker saw (training data, inverse-propensity evaluation)."""

    __tablename__ = "served_cards"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    served_at: Mapped[datetime] = mapped_column(TS)
    position: Mapped[int] = mapped_column(Integer)
    propensity: Mapped[float] = mapped_column(Float, default=1.0)
    explored: Mapped[bool] = mapped_column(Boolean, default=False)
    model: Mapped[str] = mapped_column(String(64), default="")
    features: Mapped[dict[str, float]] = mapped_column(JSON)
    __table_args__ = (
        Index("ix_served_cards_reader_article", "reader_id", "article_id", "served_at"),
        Index("ix_served_cards_served_at", "served_at", "id"),
    )


class ReaderRankWeights(Base):
    """One reader's adjustments of the ranking weights, learned online from their signals."""

    __tablename__ = "reader_rank_weights"
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id", ondelete="CASCADE"), primary_key=True)
    deltas: Mapped[dict[str, float]] = mapped_column(JSON)
    updates: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(TS)


class LoginAttempt(Base):
    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400), index=True)
    at: Mapped[datetime] = mapped_column(TS)


__all__ = [
    "ApiToken",
    "Article",
    "ArticleEntity",
    "ArticleSource",
    "ArticleTopic",
    "Base",
    "Entity",
    "EntityRedirect",
    "FeedChange",
    "Follow",
    "Image",
    "ImageRendition",
    "LoginAttempt",
    "ReadState",
    "Reader",
    "ReaderRankWeights",
    "ReaderSession",
    "Saved",
    "ServedCard",
    "Signal",
    "Source",
    "Story",
    "StoryRedirect",
    "Storyline",
    "Topic",
    "UniqueConstraint",
]

# The delivery and sync tables share Base.metadata (migrations and tests see every table through this module).
from mynews.store import delivery_models, sync_models  # noqa: E402, F401
