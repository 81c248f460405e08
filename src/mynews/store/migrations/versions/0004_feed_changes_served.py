"""feed changes and the served log: a version counter bumped when articles become ready (so every
process's feed cache sees new news at once), and the cards For you served with their features and
propensities (training data for the ranker, inverse-propensity evaluation)

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    changes = op.create_table(
        "feed_changes",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("version", sa.BigInteger(), nullable=False, server_default="0"),
    )
    op.bulk_insert(changes, [{"name": "articles", "version": 0}])
    op.create_table(
        "served_cards",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reader_id", sa.Integer(), sa.ForeignKey("readers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("served_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("propensity", sa.Float(), nullable=False, server_default="1"),
        sa.Column("explored", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("model", sa.String(64), nullable=False, server_default=""),
        sa.Column("features", sa.JSON(), nullable=False),
    )
    op.create_index("ix_served_cards_reader_article", "served_cards", ["reader_id", "article_id", "served_at"])
    op.create_index("ix_served_cards_served_at", "served_cards", ["served_at", "id"])


def downgrade() -> None:
    op.drop_table("served_cards")
    op.drop_table("feed_changes")
