"""Durable delivery: outbox leases, kept turns, reply links, reminder leases and named leases.

- ``gateway_messages.lease_owner`` / ``lease_until``: an outbound row (or a kept inbound turn) is claimed by one
  process until ``lease_until``; a crashed owner's lease expires and another process takes the row over.
- ``gateway_messages.turn_state``: for inbound user messages the bot must answer — ``open`` (being answered),
  ``done``, ``retry`` (the bot was unavailable; re-run later), ``staff`` (handed to staff after the bot stayed
  unavailable). NULL for rows that never needed the bot.
- ``gateway_messages.reply_to``: the inbound message an outbound reply answers (a repeated widget ``client_id``
  returns the original turn's replies).
- ``gateway_reminders.lease_until``: a ``sending`` reminder whose claim expired is taken over, never reset while
  another process still sends it.
- ``gateway_leases``: named leases (token refresher, scheduler loops) shared by gateway replicas.

Revision ID: 0201_outbox
Revises: 0101_console
"""

import sqlalchemy as sa
from alembic import op

revision = "0201_outbox"
down_revision = "0101_console"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("gateway_messages") as batch:
        batch.add_column(sa.Column("lease_owner", sa.String(64), nullable=True))
        batch.add_column(sa.Column("lease_until", TZ, nullable=True))
        batch.add_column(sa.Column("turn_state", sa.String(8), nullable=True))
        batch.add_column(sa.Column("reply_to", sa.Integer, nullable=True))
    op.create_index("ix_gateway_messages_turn", "gateway_messages", ["turn_state", "next_attempt_at"])
    op.create_index("ix_gateway_messages_reply_to", "gateway_messages", ["reply_to"])
    with op.batch_alter_table("gateway_reminders") as batch:
        batch.add_column(sa.Column("lease_until", TZ, nullable=True))
    op.create_table(
        "gateway_leases",
        sa.Column("name", sa.String(128), primary_key=True),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("gateway_leases")
    with op.batch_alter_table("gateway_reminders") as batch:
        batch.drop_column("lease_until")
    op.drop_index("ix_gateway_messages_reply_to", "gateway_messages")
    op.drop_index("ix_gateway_messages_turn", "gateway_messages")
    with op.batch_alter_table("gateway_messages") as batch:
        batch.drop_column("reply_to")
        batch.drop_column("turn_state")
        batch.drop_column("lease_until")
        batch.drop_column("lease_owner")
