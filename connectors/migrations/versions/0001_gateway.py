"""Gateway core tables: message log, channel users, reminders, protocol state.

Revision ID: 0001_gateway
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_gateway"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "gateway_messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("author", sa.String(8), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("payload", sa.JSON, nullable=True),
        sa.Column("external_id", sa.String(128), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("next_attempt_at", TZ, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("delivered_at", TZ, nullable=True),
        sa.UniqueConstraint("channel", "external_id", name="uq_gateway_messages_external"),
    )
    op.create_index("ix_gateway_messages_sender", "gateway_messages", ["sender_id", "id"])
    op.create_index("ix_gateway_messages_retry", "gateway_messages", ["status", "next_attempt_at"])
    op.create_table(
        "gateway_channel_users",
        sa.Column("sender_id", sa.String(255), primary_key=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("first_seen_at", TZ, nullable=False),
        sa.Column("last_inbound_at", TZ, nullable=False),
    )
    op.create_table(
        "gateway_reminders",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("doc", sa.String(255), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("deadline", TZ, nullable=False),
        sa.Column("remind_at", TZ, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("route", sa.String(32), nullable=True),
        sa.Column("message_id", sa.Integer, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("sent_at", TZ, nullable=True),
        sa.UniqueConstraint("sender_id", "doc", "remind_at", name="uq_gateway_reminders_once"),
    )
    op.create_index("ix_gateway_reminders_due", "gateway_reminders", ["status", "remind_at"])
    op.create_table(
        "gateway_state",
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("gateway_state")
    op.drop_index("ix_gateway_reminders_due", "gateway_reminders")
    op.drop_table("gateway_reminders")
    op.drop_table("gateway_channel_users")
    op.drop_index("ix_gateway_messages_retry", "gateway_messages")
    op.drop_index("ix_gateway_messages_sender", "gateway_messages")
    op.drop_table("gateway_messages")
