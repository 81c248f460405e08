"""reader history version: a counter bumped with every change of a reader's signals or read
states, so a For you request checks that a kept profile is current with one primary-key lookup
(it counted all of the reader's signals)

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("readers") as batch:
        batch.add_column(sa.Column("history_version", sa.BigInteger(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("readers") as batch:
        batch.drop_column("history_version")
