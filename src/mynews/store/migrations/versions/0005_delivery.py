"""delivery: preferences, digest outbox, alert rules/channels/log, big stories, webhooks

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _reader(nullable: bool = False) -> sa.Column:
    return sa.Column(
        "reader_id", sa.Integer, sa.ForeignKey("readers.id", ondelete="CASCADE"), nullable=nullable
    )


def upgrade() -> None:
    op.create_index("ix_follows_kind_key", "follows", ["kind", "key"])
    op.create_table(
        "delivery_prefs",
        sa.Column("reader_id", sa.Integer, sa.ForeignKey("readers.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("digest_frequency", sa.String(8), nullable=False),
        sa.Column("digest_hour", sa.Integer, nullable=False),
        sa.Column("digest_weekday", sa.Integer, nullable=False),
        sa.Column("digest_from", TS, nullable=True),
        sa.Column("quiet_start", sa.Integer, nullable=True),
        sa.Column("quiet_end", sa.Integer, nullable=True),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_delivery_prefs_frequency", "delivery_prefs", ["digest_frequency"])
    op.create_table(
        "digest_outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        _reader(),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("scheduled_at", TS, nullable=False),
        sa.Column("since", TS, nullable=False),
        sa.Column("message_id", sa.String(300), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", TS, nullable=False),
        sa.Column("lease_until", TS, nullable=True),
        sa.Column("story_count", sa.Integer, nullable=False),
        sa.Column("last_code", sa.Integer, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("sent_at", TS, nullable=True),
        sa.UniqueConstraint("reader_id", "period", name="uq_digest_outbox_reader_period"),
    )
    op.create_index("ix_digest_outbox_status_next", "digest_outbox", ["status", "next_attempt_at"])
    op.create_table(
        "alert_rules",
        sa.Column("reader_id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("mode", sa.String(8), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["reader_id", "kind", "key"],
            ["follows.reader_id", "follows.kind", "follows.key"],
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_alert_rules_kind_key", "alert_rules", ["kind", "key"])
    op.create_table(
        "alert_channels",
        sa.Column("id", sa.Integer, primary_key=True),
        _reader(),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_alert_channels_reader_id", "alert_channels", ["reader_id"])
    op.create_table(
        "alert_log",
        sa.Column("id", sa.Integer, primary_key=True),
        _reader(),
        sa.Column("story_key", sa.String(32), nullable=False),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="SET NULL"), nullable=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("mode", sa.String(8), nullable=False),
        sa.Column("matched", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("reader_id", "story_key", name="uq_alert_log_reader_story"),
    )
    op.create_index("ix_alert_log_reader_created", "alert_log", ["reader_id", "created_at", "id"])
    op.create_table(
        "big_stories",
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("sources", sa.Integer, nullable=False),
        sa.Column("became_big_at", TS, nullable=False),
    )
    op.create_table(
        "webhooks",
        sa.Column("id", sa.Integer, primary_key=True),
        _reader(nullable=True),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("secret", sa.String(100), nullable=False),
        sa.Column("events", sa.JSON, nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("failures_in_row", sa.Integer, nullable=False),
        sa.Column("disabled_reason", sa.Text, nullable=True),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_webhooks_reader_id", "webhooks", ["reader_id"])
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "webhook_id", sa.Integer, sa.ForeignKey("webhooks.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("event_key", sa.String(100), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", TS, nullable=False),
        sa.Column("lease_until", TS, nullable=True),
        sa.Column("last_status", sa.Integer, nullable=True),
        sa.Column("last_body", sa.String(300), nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("last_attempt_at", TS, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("webhook_id", "event_key", name="uq_webhook_deliveries_event"),
    )
    op.create_index(
        "ix_webhook_deliveries_status_next", "webhook_deliveries", ["status", "next_attempt_at"]
    )
    op.create_index("ix_webhook_deliveries_webhook", "webhook_deliveries", ["webhook_id", "id"])


def downgrade() -> None:
    for table in (
        "webhook_deliveries",
        "webhooks",
        "big_stories",
        "alert_log",
        "alert_channels",
        "alert_rules",
        "digest_outbox",
        "delivery_prefs",
    ):
        op.drop_table(table)
    op.drop_index("ix_follows_kind_key", table_name="follows")
