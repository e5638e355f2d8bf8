"""Tables of the abuse defences (migration ``0202_security``): callback nonces, API keys, login backoff, login audit.

Registered on the gateway's ``Base`` by ``connectors.models`` so that every process sees one metadata.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from connectors.db import Base
from connectors.models import utcnow


class CallbackNonce(Base):
    """A WeChat/WeCom callback (channel, timestamp, nonce) already accepted, with a digest of its body; kept
    until the timestamp window has passed. Used when no Redis is configured."""

    __tablename__ = "gateway_callback_nonces"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ApiKey(Base):
    """A caller of ``/api/chat``. Only the SHA-256 of the key is stored: keys are 256-bit random, so a slow hash
    would add nothing but CPU per request."""

    __tablename__ = "gateway_api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class LoginThrottle(Base):
    """Consecutive failed console logins per key (``ip:…``, ``acct:…``, ``pair:…``) and the backoff they earned;
    ``known:…`` rows remember where an account logged in successfully."""

    __tablename__ = "console_login_throttle"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LoginAudit(Base):
    """One console login attempt: who (as typed), from where, and what happened. No foreign key, so the record
    outlives a deleted account."""

    __tablename__ = "console_login_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    username: Mapped[str] = mapped_column(String(64))
    staff_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ip: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    user_agent: Mapped[str] = mapped_column(String(200), default="")
