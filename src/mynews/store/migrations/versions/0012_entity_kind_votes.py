"""entity kind votes: the kind each article's text gave an entity's name

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article_entities") as batch:
        batch.add_column(sa.Column("guessed_kind", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article_entities") as batch:
        batch.drop_column("guessed_kind")
