"""Analytics rollups: per-day counters the console's analytics page reads instead of the day's messages
(connectors/console/rollup.py), the senders of each rolled-up day, ended handoffs' times to claim and reply,
markers of changed days, and an index on handoffs by creation time.

Existing messages are aggregated by the rollup job after the upgrade (backfill); until then the page counts
them from the message log, so its numbers never depend on the job having run.

Revision ID: 0302_analytics
Revises: 0301_desk
"""

import sqlalchemy as sa
from alembic import op

revision = "0302_analytics"
down_revision = "0301_desk"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "analytics_days",
        sa.Column("tz_offset", sa.Integer, primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("start_at", TZ, nullable=False),
        sa.Column("end_at", TZ, nullable=False),
        sa.Column("rolled_at", TZ, nullable=False),
    )
    op.create_table(
        "analytics_counts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tz_offset", sa.Integer, nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("metric", sa.String(16), nullable=False),
        sa.Column("key", sa.Text, nullable=True),
        sa.Column("key2", sa.String(16), nullable=True),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("senders", sa.Integer, nullable=False),
    )
    op.create_index("ix_analytics_counts_day", "analytics_counts", ["tz_offset", "metric", "day"])
    op.create_table(
        "analytics_senders",
        sa.Column("tz_offset", sa.Integer, primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("sender_id", sa.String(255), primary_key=True),
        sa.Column("prev_day", sa.String(10), nullable=True),
    )
    op.create_index("ix_analytics_senders_day", "analytics_senders", ["tz_offset", "day", "prev_day"])
    op.create_index("ix_analytics_senders_sender", "analytics_senders", ["tz_offset", "sender_id", "day"])
    op.create_table(
        "analytics_handoffs",
        sa.Column("handoff_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("final", sa.Boolean, nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("claim_us", sa.BigInteger, nullable=True),
        sa.Column("reply_us", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_analytics_handoffs_created", "analytics_handoffs", ["created_at"])
    op.create_index("ix_analytics_handoffs_final", "analytics_handoffs", ["final", "created_at"])
    op.create_table(
        "analytics_stale",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_console_handoffs_created", "console_handoffs", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_console_handoffs_created", "console_handoffs")
    for table in ("analytics_stale", "analytics_handoffs", "analytics_senders", "analytics_counts", "analytics_days"):
        op.drop_table(table)
