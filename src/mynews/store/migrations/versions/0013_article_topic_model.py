"""article topic model: what chose each article's IPTC topics

Revision ID: 0013
Revises: 0012

Rows stored before keep NULL (not known), so ``mynews migrate`` re-chooses their topics once
with the shipped classifier.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("topic_model", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("topic_model")
