"""entity redirects: keys merged into another entity (one entity per real thing)

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entity_redirects",
        sa.Column("old_key", sa.String(length=300), nullable=False),
        sa.Column("new_key", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("old_key"),
    )
    op.create_index("ix_entity_redirects_new_key", "entity_redirects", ["new_key"])


def downgrade() -> None:
    op.drop_index("ix_entity_redirects_new_key", table_name="entity_redirects")
    op.drop_table("entity_redirects")
