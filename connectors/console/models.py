"""Tables of the staff console and human handoff, on the gateway's ``Base`` (migration ``0101_console``).

A ``Handoff`` is one episode of a human owning a conversation: queued → owned → released (back to the bot) or
closed (with a resolution tag). At most one episode per sender is open at a time, enforced by a partial unique
index so that two gateway replicas cannot open two; claiming is a conditional UPDATE (see ``store.claim``).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from connectors.db import Base
from connectors.models import utcnow


class Role(enum.StrEnum):
    """Agents answer conversations; editors also keep the knowledge (documents, fact reviews, FAQ); admins may
    do everything, manage accounts and release others' conversations."""

    AGENT = "agent"
    EDITOR = "editor"
    ADMIN = "admin"


class HandoffState(enum.StrEnum):
    WAITING = "waiting"
    OWNED = "owned"
    RELEASED = "released"
    CLOSED = "closed"


OPEN_STATES = (HandoffState.WAITING, HandoffState.OWNED)
_OPEN_SQL = "state IN ('waiting', 'owned')"


class Staff(Base):
    __tablename__ = "console_staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64), default="")
    role: Mapped[str] = mapped_column(String(8))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    @property
    def name(self) -> str:
        return self.display_name or self.username


class StaffSession(Base):
    """A server-side login. ``id`` is the SHA-256 of the cookie token, so a database leak yields no live
    session; ``last_seen_at`` doubles as the staff member's presence (online when recent)."""

    __tablename__ = "console_sessions"
    __table_args__ = (Index("ix_console_sessions_seen", "last_seen_at"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("console_staff.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Handoff(Base):
    __tablename__ = "console_handoffs"
    __table_args__ = (
        Index(
            "uq_console_handoffs_open_sender", "sender_id", unique=True,
            sqlite_where=text(_OPEN_SQL), postgresql_where=text(_OPEN_SQL),
        ),
        Index("ix_console_handoffs_state", "state", "created_at"),
        Index("ix_console_handoffs_updated", "updated_at"),
        Index("ix_console_handoffs_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default=HandoffState.WAITING)
    reason: Mapped[str] = mapped_column(String(32))
    question: Mapped[str] = mapped_column(Text, default="")
    company_name: Mapped[str] = mapped_column(String(255), default="")
    profile: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    contact: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("console_staff.id"), nullable=True)
    after_hours: Mapped[bool] = mapped_column(Boolean, default=False)
    resolution: Mapped[str] = mapped_column(String(32), default="")
    # The last message logged before the handoff: the console marks where the human part begins.
    first_message_id: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Note(Base):
    """An internal note on a handoff; never shown to the user."""

    __tablename__ = "console_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("console_handoffs.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("console_staff.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CannedReply(Base):
    """A ready-made answer agents insert into the reply box; admins maintain the list."""

    __tablename__ = "console_canned_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
