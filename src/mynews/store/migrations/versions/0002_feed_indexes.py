"""feed indexes: the For you candidate window, open counts per article, read states by time

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

READY = sa.text("status = 'ready' AND duplicate_of_id IS NULL")


def upgrade() -> None:
    # Newest ready, non-duplicate articles: the feed window and "newest article" lookups.
    op.create_index(
        "ix_articles_ready_published",
        "articles",
        ["published_at", "id"],
        sqlite_where=READY,
        postgresql_where=READY,
    )
    # Popularity: opens per candidate article.
    op.create_index("ix_signals_article_kind", "signals", ["article_id", "kind"])
    # A reader's most recently read articles.
    op.create_index("ix_read_states_reader_read_at", "read_states", ["reader_id", "read_at"])


def downgrade() -> None:
    op.drop_index("ix_read_states_reader_read_at", table_name="read_states")
    op.drop_index("ix_signals_article_kind", table_name="signals")
    op.drop_index("ix_articles_ready_published", table_name="articles")
