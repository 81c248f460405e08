"""sync APIs: app passwords, each reader's sync feeds and entries (with the indexes every list uses)

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
ENTRY_INDEXES = {
    "ix_sync_entries_reader_article": ["reader_id", "article_id"],
    "ix_sync_entries_reader_main_id": ["reader_id", "main", "id"],
    "ix_sync_entries_reader_main_published": ["reader_id", "main", "published_at", "id"],
    "ix_sync_entries_reader_main_read_published": ["reader_id", "main", "read", "published_at", "id"],
    "ix_sync_entries_reader_main_starred_published": ["reader_id", "main", "starred", "published_at", "id"],
    "ix_sync_entries_reader_read_feed": ["reader_id", "read", "feed_id", "main", "published_at"],
    "ix_sync_entries_reader_feed_published": ["reader_id", "feed_id", "published_at", "id"],
}


def upgrade() -> None:
    op.create_table(
        "app_passwords",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reader_id", sa.Integer(), sa.ForeignKey("readers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("fever_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_used_at", TS, nullable=True),
    )
    op.create_index("ix_app_passwords_reader_id", "app_passwords", ["reader_id"])
    op.create_table(
        "sync_feeds",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reader_id", sa.Integer(), sa.ForeignKey("readers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("watermark", sa.Integer(), nullable=False),
        sa.Column("refreshed_at", TS, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("reader_id", "kind", "key", name="uq_sync_feeds_reader_kind_key"),
    )
    op.create_table(
        "sync_entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reader_id", sa.Integer(), sa.ForeignKey("readers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("feed_id", sa.Integer(), sa.ForeignKey("sync_feeds.id", ondelete="CASCADE"), nullable=False),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("published_at", TS, nullable=False),
        sa.Column("read", sa.Boolean(), nullable=False),
        sa.Column("starred", sa.Boolean(), nullable=False),
        sa.Column("main", sa.Boolean(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(500), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("feed_id", "article_id", name="uq_sync_entries_feed_article"),
    )
    for name, columns in ENTRY_INDEXES.items():
        op.create_index(name, "sync_entries", columns)


def downgrade() -> None:
    for name in ENTRY_INDEXES:
        op.drop_index(name, table_name="sync_entries")
    op.drop_table("sync_entries")
    op.drop_table("sync_feeds")
    op.drop_index("ix_app_passwords_reader_id", table_name="app_passwords")
    op.drop_table("app_passwords")
