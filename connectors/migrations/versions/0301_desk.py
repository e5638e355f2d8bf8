"""Analytics: an index that lets the per-day counts read only the index (created_at first, then the grouped
columns), on a message log of millions of rows.

Revision ID: 0301_desk
Revises: 0202_security
"""

from alembic import op

revision = "0301_desk"
down_revision = "0202_security"
branch_labels = None
depends_on = None

COLUMNS = ["created_at", "channel", "author", "direction", "sender_id"]


def upgrade() -> None:
    op.create_index("ix_gateway_messages_created", "gateway_messages", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_gateway_messages_created", "gateway_messages")
