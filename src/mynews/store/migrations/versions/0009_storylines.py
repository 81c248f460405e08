"""storylines: events (stories) join storylines; redirects for merged or rebuilt ids

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "storylines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=500), nullable=False),
        sa.Column("centroid", sa.LargeBinary(), nullable=True),
        sa.Column("entity_counts", sa.JSON(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.Column("source_count", sa.Integer(), nullable=False),
        sa.Column("first_published", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_published", sa.DateTime(timezone=True), nullable=True),
        sa.Column("representative_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_storylines_last_published", "storylines", ["last_published"])
    op.create_table(
        "story_redirects",
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("old_id", sa.Integer(), nullable=False),
        sa.Column("new_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("level", "old_id"),
    )
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("storyline_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_stories_storyline_id", "storylines", ["storyline_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index("ix_stories_storyline_id", ["storyline_id"])


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_index("ix_stories_storyline_id")
        batch.drop_constraint("fk_stories_storyline_id", type_="foreignkey")
        batch.drop_column("storyline_id")
    op.drop_table("story_redirects")
    op.drop_index("ix_storylines_last_published", table_name="storylines")
    op.drop_table("storylines")
