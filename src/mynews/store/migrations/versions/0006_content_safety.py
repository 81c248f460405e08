"""content safety: sanitiser version, processing attempts, clamped dates; per-source fetch
allowance and push hosts

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        # 0 = stored before the sanitiser ran on arrival: `mynews migrate` cleans such rows again.
        batch.add_column(sa.Column("sanitizer_version", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("claimed_published_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("fetch_allowance", sa.String(300), nullable=True))
        batch.add_column(sa.Column("push_hosts", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("push_hosts")
        batch.drop_column("fetch_allowance")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("claimed_published_at")
        batch.drop_column("attempts")
        batch.drop_column("sanitizer_version")
