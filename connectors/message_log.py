"""The message log: every message in and out, persisted first, then published on the event bus.

The log is the source of truth for transcripts (web history, the staff console) and for delivery status.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from connectors import senders
from connectors.db import Database
from connectors.events import ALL_MESSAGES, EventBus, sender_topic
from connectors.models import Author, ChannelUser, Direction, Message, Status, as_utc, utcnow
from connectors.replies import Reply

BUTTON_CACHE_SIZE = 10_000


class MessageLog:
    def __init__(self, db: Database, bus: EventBus) -> None:
        self.db = db
        self.bus = bus
        # sender → buttons of the latest outbound message: saves a query per user message (single process;
        # a miss, e.g. after a restart, reads the database)
        self._buttons: OrderedDict[str, list[dict[str, str]]] = OrderedDict()

    async def record_inbound(
        self, sender_id: str, text: str, *, external_id: str | None = None, payload: dict | None = None
    ) -> Message | None:
        """Log a user message; None when ``external_id`` was already logged (a WeChat retry)."""
        channel = senders.parse(sender_id).channel

        def work(session: Session) -> Message | None:
            message = Message(
                channel=channel, sender_id=sender_id, direction=Direction.IN, author=Author.USER, text=text,
                payload=payload, external_id=external_id, status=Status.RECEIVED, attempts=0,
            )
            try:
                with session.begin_nested():
                    session.add(message)
                    session.flush()
            except IntegrityError:
                return None
            _touch_user(session, sender_id, channel)
            return message

        message = await self.db.run(work)
        if message is not None:
            self._publish("message", message)
        return message

    async def record_outbound(
        self, sender_id: str, replies: Iterable[Reply], *, author: Author = Author.BOT,
        status: Status = Status.PENDING,
    ) -> list[Message]:
        """Log replies about to be delivered; sets each ``reply.message_id``."""
        replies = list(replies)
        channel = senders.parse(sender_id).channel
        now = utcnow()

        def work(session: Session) -> list[Message]:
            rows = [
                Message(
                    channel=channel, sender_id=sender_id, direction=Direction.OUT, author=author, text=r.text,
                    payload=r.payload(), status=status, attempts=0,
                    delivered_at=now if status == Status.SENT else None,
                )
                for r in replies
            ]
            session.add_all(rows)
            session.flush()
            return rows

        rows = await self.db.run(work)
        for reply, row in zip(replies, rows, strict=True):
            reply.message_id = row.id
            self._publish("message", row)
        if rows:
            self._remember_buttons(sender_id, list((rows[-1].payload or {}).get("buttons", [])))
        return rows

    async def mark_sent(self, message_ids: Iterable[int]) -> None:
        await self._set_status(list(message_ids), Status.SENT)

    async def mark_failed(self, message_id: int, error: str, *, retry_in_s: float | None) -> Message:
        """Count a failed attempt; ``retry_in_s=None`` gives up (``undeliverable``)."""

        def work(session: Session) -> Message:
            row = session.get(Message, message_id)
            row.attempts += 1
            row.last_error = error[:2000]
            if retry_in_s is None:
                row.status, row.next_attempt_at = Status.UNDELIVERABLE, None
            else:
                row.status, row.next_attempt_at = Status.FAILED, utcnow() + timedelta(seconds=retry_in_s)
            session.flush()
            return row

        row = await self.db.run(work)
        self._publish("status", row)
        return row

    async def get(self, message_id: int) -> Message | None:
        return await self.db.run(lambda s: s.get(Message, message_id))

    async def due_for_retry(self, now: datetime | None = None, limit: int = 100) -> list[Message]:
        """Outbound messages whose failed delivery should be tried again now."""
        now = now or utcnow()
        stmt = (
            select(Message)
            .where(Message.status == Status.FAILED, Message.next_attempt_at <= now)
            .order_by(Message.id)
            .limit(limit)
        )
        return await self.db.run(lambda s: list(s.scalars(stmt)))

    async def history(self, sender_id: str, *, after_id: int = 0, limit: int = 200) -> list[Message]:
        """The transcript of one sender, oldest first, optionally only after a known message id."""
        stmt = (
            select(Message)
            .where(Message.sender_id == sender_id, Message.id > after_id)
            .order_by(Message.id.desc())
            .limit(limit)
        )
        return await self.db.run(lambda s: list(reversed(list(s.scalars(stmt)))))

    async def last_buttons(self, sender_id: str) -> list[dict[str, str]]:
        """Buttons of the bot's latest message to this sender, so text channels can answer a button by
        its number or title."""
        if sender_id in self._buttons:
            self._buttons.move_to_end(sender_id)
            return self._buttons[sender_id]
        stmt = (
            select(Message)
            .where(Message.sender_id == sender_id, Message.direction == Direction.OUT)
            .order_by(Message.id.desc())
            .limit(1)
        )
        row = await self.db.run(lambda s: s.scalars(stmt).first())
        buttons = list((row.payload or {}).get("buttons", [])) if row else []
        self._remember_buttons(sender_id, buttons)
        return buttons

    def _remember_buttons(self, sender_id: str, buttons: list[dict[str, str]]) -> None:
        self._buttons[sender_id] = buttons
        self._buttons.move_to_end(sender_id)
        if len(self._buttons) > BUTTON_CACHE_SIZE:
            self._buttons.popitem(last=False)

    async def last_inbound_at(self, sender_id: str) -> datetime | None:
        row = await self.db.run(lambda s: s.get(ChannelUser, sender_id))
        return as_utc(row.last_inbound_at) if row else None

    async def _set_status(self, message_ids: list[int], status: Status) -> None:
        if not message_ids:
            return
        now = utcnow()

        def work(session: Session) -> list[Message]:
            session.execute(
                update(Message)
                .where(Message.id.in_(message_ids))
                .values(status=status, delivered_at=now, next_attempt_at=None)
            )
            return list(session.scalars(select(Message).where(Message.id.in_(message_ids))))

        for row in await self.db.run(work):
            self._publish("status", row)

    def _publish(self, kind: str, row: Message) -> None:
        event = {"type": kind, "message": row.to_dict()}
        self.bus.publish(sender_topic(row.sender_id), event)
        self.bus.publish(ALL_MESSAGES, event)


def _touch_user(session: Session, sender_id: str, channel: str) -> None:
    user = session.get(ChannelUser, sender_id)
    now = utcnow()
    if user is not None:
        user.last_inbound_at = now
        return
    try:
        with session.begin_nested():
            session.add(ChannelUser(sender_id=sender_id, channel=channel, first_seen_at=now, last_inbound_at=now))
    except IntegrityError:  # a concurrent first message of the same sender created it
        session.execute(
            update(ChannelUser).where(ChannelUser.sender_id == sender_id).values(last_inbound_at=now)
        )
