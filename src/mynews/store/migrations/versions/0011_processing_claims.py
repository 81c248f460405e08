"""processing claims: a worker's claim on an article (lease), and items a refresh cap left out

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("claim", sa.String(32), nullable=True))
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
    # Pending articles per source: the fair queue's backlog count and the reclaim sweep.
    op.create_index("ix_articles_status_source", "articles", ["status", "first_source_id"])
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("skipped_items", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("skipped_items")
    op.drop_index("ix_articles_status_source", table_name="articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("claimed_at")
        batch.drop_column("claim")
