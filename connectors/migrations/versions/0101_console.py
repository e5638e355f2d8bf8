"""Staff console and human handoff: staff accounts, sessions, handoff episodes, notes, canned replies.

Revision ID: 0101_console
Revises: 0001_gateway
"""

import sqlalchemy as sa
from alembic import op

revision = "0101_console"
down_revision = "0001_gateway"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
OPEN = "state IN ('waiting', 'owned')"


def upgrade() -> None:
    op.create_table(
        "console_staff",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", TZ, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("last_login_at", TZ, nullable=True),
    )
    op.create_table(
        "console_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("console_staff.id", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("last_seen_at", TZ, nullable=False),
    )
    op.create_index("ix_console_sessions_staff_id", "console_sessions", ["staff_id"])
    op.create_index("ix_console_sessions_seen", "console_sessions", ["last_seen_at"])
    op.create_table(
        "console_handoffs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("company_name", sa.String(255), nullable=False),
        sa.Column("profile", sa.JSON, nullable=True),
        sa.Column("contact", sa.Text, nullable=False),
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("console_staff.id"), nullable=True),
        sa.Column("after_hours", sa.Boolean, nullable=False),
        sa.Column("resolution", sa.String(32), nullable=False),
        sa.Column("first_message_id", sa.Integer, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("claimed_at", TZ, nullable=True),
        sa.Column("ended_at", TZ, nullable=True),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_index("ix_console_handoffs_sender_id", "console_handoffs", ["sender_id"])
    op.create_index("ix_console_handoffs_state", "console_handoffs", ["state", "created_at"])
    op.create_index("ix_console_handoffs_updated", "console_handoffs", ["updated_at"])
    op.create_index(
        "uq_console_handoffs_open_sender", "console_handoffs", ["sender_id"], unique=True,
        sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN),
    )
    op.create_table(
        "console_notes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "handoff_id", sa.Integer, sa.ForeignKey("console_handoffs.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("console_staff.id"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_console_notes_handoff_id", "console_notes", ["handoff_id"])
    op.create_table(
        "console_canned_replies",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("title", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("console_canned_replies")
    op.drop_index("ix_console_notes_handoff_id", "console_notes")
    op.drop_table("console_notes")
    op.drop_index("uq_console_handoffs_open_sender", "console_handoffs")
    op.drop_index("ix_console_handoffs_updated", "console_handoffs")
    op.drop_index("ix_console_handoffs_state", "console_handoffs")
    op.drop_index("ix_console_handoffs_sender_id", "console_handoffs")
    op.drop_table("console_handoffs")
    op.drop_index("ix_console_sessions_seen", "console_sessions")
    op.drop_index("ix_console_sessions_staff_id", "console_sessions")
    op.drop_table("console_sessions")
    op.drop_table("console_staff")
