"""Gateway tables: the message log, reminders, channel users and small protocol state.

The message log is the transcript the staff console reads: every message in and out, with its channel, sender
id, direction, text, buttons/custom JSON, delivery status and timestamps.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime, timedelta

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    insert,
    inspect,
)
from sqlalchemy.orm import Mapped, mapped_column

from connectors.db import Base


def utcnow() -> datetime:
    return datetime.now(UTC)


class Direction(enum.StrEnum):
    IN = "in"
    OUT = "out"


class Author(enum.StrEnum):
    """Who wrote a message: the user, the bot, a staff member or the gateway itself."""

    USER = "user"
    BOT = "bot"
    STAFF = "staff"
    SYSTEM = "system"


class Status(enum.StrEnum):
    """Delivery state of a message. Inbound messages are ``received``; outbound ones move
    ``pending`` → ``sent`` or ``failed`` (retried) → ``undeliverable`` (gave up, visible in the console)."""

    RECEIVED = "received"
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    UNDELIVERABLE = "undeliverable"


class TurnState(enum.StrEnum):
    """Where the bot's answer to an inbound user message stands. ``retry``: the bot was unavailable (down,
    loading its model, an empty reply, a timeout); the user got a polite fallback and the turn is re-run when
    the bot is back, or handed to staff (``staff``) after ``turn_handoff_after_s``."""

    OPEN = "open"
    DONE = "done"
    RETRY = "retry"
    STAFF = "staff"


class Message(Base):
    __tablename__ = "gateway_messages"
    __table_args__ = (
        UniqueConstraint("channel", "external_id", name="uq_gateway_messages_external"),
        Index("ix_gateway_messages_sender", "sender_id", "id"),
        Index("ix_gateway_messages_retry", "status", "next_attempt_at"),
        Index("ix_gateway_messages_turn", "turn_state", "next_attempt_at"),
        Index("ix_gateway_messages_reply_to", "reply_to"),
        # analytics (connectors/console/analytics.py): per-day counts read only this index
        Index("ix_gateway_messages_created", "created_at", "channel", "author", "direction", "sender_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(16))
    sender_id: Mapped[str] = mapped_column(String(255))
    direction: Mapped[str] = mapped_column(String(3))
    author: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    external_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # outbox lease: the process sending this row (or re-running this kept turn) until ``lease_until``
    lease_owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    turn_state: Mapped[str | None] = mapped_column(String(8), nullable=True)  # TurnState, inbound rows only
    reply_to: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the inbound message this answers

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "channel": self.channel,
            "sender_id": self.sender_id,
            "direction": self.direction,
            "author": self.author,
            "text": self.text,
            "payload": self.payload,
            "status": self.status,
            "attempts": self.attempts,
            "last_error": self.last_error,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "delivered_at": self.delivered_at.isoformat() if self.delivered_at else None,
        }


class ChannelUser(Base):
    """One row per sender id; ``last_inbound_at`` decides whether WeChat's 48-hour service window is open."""

    __tablename__ = "gateway_channel_users"

    sender_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_inbound_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Reminder(Base):
    """A deadline reminder requested through ``subscribe_deadline``; sent once at ``remind_at``."""

    __tablename__ = "gateway_reminders"
    __table_args__ = (
        UniqueConstraint("sender_id", "doc", "remind_at", name="uq_gateway_reminders_once"),
        Index("ix_gateway_reminders_due", "status", "remind_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sender_id: Mapped[str] = mapped_column(String(255))
    doc: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    remind_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    route: Mapped[str | None] = mapped_column(String(32), nullable=True)
    message_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class KeyValue(Base):
    """Small protocol state that must survive restarts, e.g. the 微信客服 ``sync_msg`` cursor."""

    __tablename__ = "gateway_state"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Lease(Base):
    """A named lease (token refresher, scheduler loop) held by one gateway process until ``expires_at``."""

    __tablename__ = "gateway_leases"

    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC, so attach UTC where it is missing."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


# -- analytics rollups (connectors/console/rollup.py) ---------------------------------------------------------
# One row per rolled-up calendar day: a day in the service zone at a fixed UTC offset (minutes), closed and
# aggregated once by the rollup job; the console's analytics page reads these instead of the day's messages.


class AnalyticsDay(Base):
    """A day the rollup job aggregated: [start_at, end_at) in UTC is local day ``day`` at ``tz_offset``."""

    __tablename__ = "analytics_days"

    tz_offset: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    start_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    end_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    rolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AnalyticsCount(Base):
    """One counter of a rolled-up day: ``metric`` (messages per channel × author, offers per reason, answers per
    outcome, programmes per title, ratings per value, senders per previous day they wrote on), its keys and
    count; ``senders``: distinct senders of the inbound messages counted (``messages`` only)."""

    __tablename__ = "analytics_counts"
    __table_args__ = (Index("ix_analytics_counts_day", "tz_offset", "metric", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tz_offset: Mapped[int] = mapped_column(Integer)
    day: Mapped[str] = mapped_column(String(10))
    metric: Mapped[str] = mapped_column(String(16))
    key: Mapped[str | None] = mapped_column(Text, nullable=True)
    key2: Mapped[str | None] = mapped_column(String(16), nullable=True)
    count: Mapped[int] = mapped_column(Integer)
    senders: Mapped[int] = mapped_column(Integer, default=0)


class AnalyticsSender(Base):
    """A sender who wrote on a rolled-up day, with the previous rolled-up day they wrote on: the distinct
    senders of days a..b are those days' senders whose ``prev_day`` is before a — a sum of per-day counts by
    ``prev_day`` (metric ``senders``), no de-duplication."""

    __tablename__ = "analytics_senders"
    __table_args__ = (
        Index("ix_analytics_senders_day", "tz_offset", "day", "prev_day"),
        Index("ix_analytics_senders_sender", "tz_offset", "sender_id", "day"),
    )

    tz_offset: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    prev_day: Mapped[str | None] = mapped_column(String(10), nullable=True)


class AnalyticsHandoff(Base):
    """An ended handoff with its time to claim and to the first staff reply in microseconds; ``final``: nothing
    can change them any more (unclaimed, or answered by staff after the claim) — otherwise the reply is read live."""

    __tablename__ = "analytics_handoffs"
    __table_args__ = (Index("ix_analytics_handoffs_created", "created_at"),
                      Index("ix_analytics_handoffs_final", "final", "created_at"))

    handoff_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    final: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(32))
    claim_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    reply_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class AnalyticsStale(Base):
    """A message of an already rolled-up day changed (a 👍/👎 on an old reply, a message written with an old
    time): the page counts that day from the messages until the rollup job has aggregated it again."""

    __tablename__ = "analytics_stale"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


ROLLUP_GRACE = timedelta(minutes=10)  # the job aggregates a day this long after it ended


def _stale(connection, target: Message) -> None:
    connection.execute(insert(AnalyticsStale).values(created_at=target.created_at))


@event.listens_for(Message, "after_update")
def _payload_changed(mapper, connection, target: Message) -> None:
    if inspect(target).attrs.payload.history.has_changes():
        _stale(connection, target)


@event.listens_for(Message, "after_insert")
def _written_late(mapper, connection, target: Message) -> None:
    if target.created_at is not None and as_utc(target.created_at) < utcnow() - ROLLUP_GRACE:
        _stale(connection, target)
