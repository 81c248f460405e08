"""Tables of the sync APIs (Miniflux, Google Reader, Fever): per-reader app passwords, and each
reader's sync feeds and entries.

A sync feed is one thing a reader app shows as a feed: For you, Saved, or a follow (a source, a
topic, an entity). Its entries are articles, one row per (feed, article); an article in several
feeds has one ``main`` entry, the one lists across feeds show (so "all unread" holds each
article once); ``read`` and
``starred`` mirror the reader's read states and saved list (``reader_activity`` writes both in
the same transaction), so the lists a reader app asks for are single index range scans.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mynews.store.models import TS, Base


class AppPassword(Base):
    """A password for reader apps only: random, shown once, stored as a keyed hash (HMAC-SHA256
    with the instance's secret key), and the keyed hash of its Fever API key."""

    __tablename__ = "app_passwords"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    fever_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(TS)
    last_used_at: Mapped[datetime | None] = mapped_column(TS)


class SyncFeed(Base):
    __tablename__ = "sync_feeds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # for_you, saved, source, topic, entity
    key: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(500))
    watermark: Mapped[int] = mapped_column(Integer, default=0)  # articles up to this id were looked at
    refreshed_at: Mapped[datetime | None] = mapped_column(TS)
    created_at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (UniqueConstraint("reader_id", "kind", "key", name="uq_sync_feeds_reader_kind_key"),)


class SyncEntry(Base):
    __tablename__ = "sync_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id", ondelete="CASCADE"))
    feed_id: Mapped[int] = mapped_column(ForeignKey("sync_feeds.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    published_at: Mapped[datetime] = mapped_column(TS)
    read: Mapped[bool] = mapped_column(Boolean, default=False)
    starred: Mapped[bool] = mapped_column(Boolean, default=False)
    main: Mapped[bool] = mapped_column(Boolean, default=True)  # stands for its article in all-feed lists
    rank: Mapped[int | None] = mapped_column(Integer)  # For you: place in the latest ranking
    note: Mapped[str | None] = mapped_column(String(500))  # For you: why it is there
    created_at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (
        UniqueConstraint("feed_id", "article_id", name="uq_sync_entries_feed_article"),
        Index("ix_sync_entries_reader_article", "reader_id", "article_id"),
        Index("ix_sync_entries_reader_main_id", "reader_id", "main", "id"),
        Index("ix_sync_entries_reader_main_published", "reader_id", "main", "published_at", "id"),
        Index(
            "ix_sync_entries_reader_main_read_published", "reader_id", "main", "read", "published_at", "id"
        ),
        Index(
            "ix_sync_entries_reader_main_starred_published",
            "reader_id",
            "main",
            "starred",
            "published_at",
            "id",
        ),
        Index("ix_sync_entries_reader_read_feed", "reader_id", "read", "feed_id", "main", "published_at"),
        Index("ix_sync_entries_reader_feed_published", "reader_id", "feed_id", "published_at", "id"),
    )
