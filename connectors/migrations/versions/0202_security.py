"""Abuse defences: callback nonce cache, /api/chat keys, console login backoff and login audit.

- ``gateway_callback_nonces``: accepted WeChat/WeCom (channel, timestamp, nonce) with a digest of the body, so a
  replayed callback with another body is refused (used when no Redis is configured).
- ``gateway_api_keys``: callers of ``/api/chat``; SHA-256 of each key only.
- ``console_login_throttle``: consecutive failures per IP / account / (account, IP), counted atomically in SQL,
  with the exponential backoff they earned; successful (account, IP) pairs.
- ``console_login_audit``: every console login attempt and its outcome.

Revision ID: 0202_security
Revises: 0201_outbox
"""

import sqlalchemy as sa
from alembic import op

revision = "0202_security"
down_revision = "0201_outbox"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "gateway_callback_nonces",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
    )
    op.create_index("ix_gateway_callback_nonces_expires_at", "gateway_callback_nonces", ["expires_at"])
    op.create_table(
        "gateway_api_keys",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(32), nullable=False, unique=True),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ, nullable=True),
    )
    op.create_table(
        "console_login_throttle",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("blocked_until", TZ, nullable=True),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "console_login_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("staff_id", sa.Integer, nullable=True),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("user_agent", sa.String(200), nullable=False),
    )
    op.create_index("ix_console_login_audit_at", "console_login_audit", ["at"])


def downgrade() -> None:
    op.drop_index("ix_console_login_audit_at", "console_login_audit")
    op.drop_table("console_login_audit")
    op.drop_table("console_login_throttle")
    op.drop_table("gateway_api_keys")
    op.drop_index("ix_gateway_callback_nonces_expires_at", "gateway_callback_nonces")
    op.drop_table("gateway_callback_nonces")
