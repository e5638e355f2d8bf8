"""The message log: every message in and out, persisted first, then published on the event bus.

The log is the source of truth for transcripts (web history, the staff console), for delivery status, and it
is the outbox: an outbound row is ``pending`` until a process holding its lease has sent it. A row is leased to
the process that logs it (it sends it right away); when that process dies, the lease expires and any gateway
process claims the row (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, a conditional UPDATE on SQLite) and sends it.
Inbound user messages the bot must answer carry a turn state (``models.TurnState``) and are claimed the same way
when their answer has to be re-run.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from connectors import senders
from connectors.db import Database, try_insert
from connectors.events import ALL_MESSAGES, EventBus, sender_topic
from connectors.models import Author, ChannelUser, Direction, Message, Status, TurnState, as_utc, utcnow
from connectors.replies import Reply
from connectors.state import process_owner

DEFAULT_LEASE_S = 60.0
UNSENT = (Status.PENDING, Status.FAILED)
SENT_PARTS = "sent_parts"  # payload key: how many parts of a long outbound message reached the channel


def _free(now: datetime):
    """Rows nobody holds: never leased, or their holder's lease has run out."""
    return or_(Message.lease_until.is_(None), Message.lease_until < now)


def _due(now: datetime):
    return or_(Message.next_attempt_at.is_(None), Message.next_attempt_at <= now)


class MessageLog:
    def __init__(self, db: Database, bus: EventBus, *, owner: str | None = None,
                 lease_s: float = DEFAULT_LEASE_S) -> None:
        self.db = db
        self.bus = bus
        self.owner = owner or process_owner()
        self.lease_s = lease_s

    async def record_inbound(
        self, sender_id: str, text: str, *, external_id: str | None = None, payload: dict | None = None,
        turn_lease_s: float | None = None,
    ) -> Message | None:
        """Log a user message; None when ``external_id`` was already logged (a WeChat retry).

        ``turn_lease_s`` marks a message the bot must answer: its turn is ``open`` and leased to this process
        for that long; if the process dies first, the turn is re-run elsewhere (``claim_turns``)."""
        channel = senders.parse(sender_id).channel
        now = utcnow()

        def work(session: Session) -> Message | None:
            message = Message(
                channel=channel, sender_id=sender_id, direction=Direction.IN, author=Author.USER, text=text,
                payload=payload, external_id=external_id, status=Status.RECEIVED, attempts=0, created_at=now,
            )
            if turn_lease_s is not None:
                message.turn_state, message.lease_owner = TurnState.OPEN, self.owner
                message.lease_until = now + timedelta(seconds=turn_lease_s)
            if try_insert(session, message) is not None:  # this external_id was already logged
                return None
            _touch_user(session, sender_id, channel)
            return message

        message = await self.db.run(work)
        if message is not None:
            self._publish("message", message)
        return message

    async def find_inbound(self, channel: str, external_id: str) -> Message | None:
        stmt = select(Message).where(Message.channel == channel, Message.external_id == external_id)
        return await self.db.run(lambda s: s.scalars(stmt).first())

    async def replies_to(self, inbound_id: int) -> list[Message]:
        """The outbound messages that answer one inbound message, oldest first."""
        stmt = select(Message).where(Message.reply_to == inbound_id).order_by(Message.id)
        return await self.db.run(lambda s: list(s.scalars(stmt)))

    async def record_outbound(
        self, sender_id: str, replies: Iterable[Reply], *, author: Author = Author.BOT,
        status: Status = Status.PENDING, reply_to: int | None = None,
    ) -> list[Message]:
        """Log replies about to be delivered; sets each ``reply.message_id``. Pending rows are leased to this
        process, which is expected to deliver them now (else the lease runs out and another process does)."""
        replies = list(replies)
        rows = await self.db.run(lambda s: self.add_outbound(s, sender_id, replies, author=author, status=status,
                                                             reply_to=reply_to))
        self.published(rows)
        return rows

    def add_outbound(self, session: Session, sender_id: str, replies: list[Reply], *, author: Author,
                     status: Status, reply_to: int | None) -> list[Message]:
        """``record_outbound`` inside the caller's transaction (so a reply and its turn's state commit
        together); call ``published(rows)`` after the commit."""
        channel = senders.parse(sender_id).channel
        now = utcnow()
        leased = status == Status.PENDING
        rows = [
            Message(
                channel=channel, sender_id=sender_id, direction=Direction.OUT, author=author, text=r.text,
                payload=r.payload(), status=status, attempts=0, reply_to=reply_to, created_at=now,
                delivered_at=now if status == Status.SENT else None,
                lease_owner=self.owner if leased else None,
                lease_until=now + timedelta(seconds=self.lease_s) if leased else None,
            )
            for r in replies
        ]
        session.add_all(rows)
        session.flush()
        for reply, row in zip(replies, rows, strict=True):
            reply.message_id = row.id
        return rows

    def published(self, rows: Iterable[Message]) -> None:
        for row in rows:
            self._publish("message", row)

    async def finish_turn(
        self, inbound_id: int, state: TurnState, *, sender_id: str = "", replies: Iterable[Reply] = (),
        author: Author = Author.BOT, status: Status = Status.PENDING, retry_in_s: float | None = None,
        error: str | None = None, unless_answered: bool = False,
    ) -> list[Message]:
        """Record a turn's replies and its new state in one transaction.

        ``unless_answered``: skip the replies when the inbound message already has one (a fallback text shown
        earlier must not be repeated when the bot fails again)."""

        def work(session: Session) -> list[Message]:
            rows: list[Message] = []
            answered = unless_answered and session.scalars(
                select(Message.id).where(Message.reply_to == inbound_id).limit(1)).first() is not None
            if replies and not answered:
                rows = self.add_outbound(session, sender_id, list(replies), author=author, status=status,
                                         reply_to=inbound_id)
            row = session.get(Message, inbound_id)
            row.turn_state, row.lease_owner, row.lease_until = state, None, None
            if state == TurnState.RETRY:
                row.attempts += 1
                row.last_error = (error or "")[:2000] or None
                row.next_attempt_at = utcnow() + timedelta(seconds=retry_in_s or 0.0)
            else:
                row.next_attempt_at = None
            return rows

        rows = await self.db.run(work)
        self.published(rows)
        return rows

    async def turn_state(self, inbound_id: int) -> str | None:
        return await self.db.run(lambda s: s.scalars(select(Message.turn_state).where(Message.id == inbound_id))
                                 .first())

    async def claim_outbox(self, limit: int = 100) -> list[Message]:
        """Outbound rows due for (re)delivery that no live process holds, now leased to this process."""
        now = utcnow()
        cond = and_(Message.direction == Direction.OUT, Message.status.in_(UNSENT), _due(now), _free(now))
        return await self.db.run(lambda s: self._claim(s, cond, now, limit))

    async def claim_turns(self, limit: int = 20, lease_s: float | None = None) -> list[Message]:
        """Inbound turns to (re)run: bot unavailable earlier (``retry`` and due) or ``open`` with an expired
        lease (the process answering it died), now leased to this process for ``lease_s``."""
        now = utcnow()
        cond = and_(Message.direction == Direction.IN, Message.turn_state.in_((TurnState.OPEN, TurnState.RETRY)),
                    _due(now), _free(now))
        return await self.db.run(lambda s: self._claim(s, cond, now, limit, lease_s))

    def _claim(self, session: Session, cond, now: datetime, limit: int, lease_s: float | None = None) -> list[Message]:
        # FOR UPDATE SKIP LOCKED lets PostgreSQL replicas take disjoint batches without waiting on each other;
        # SQLite ignores it (one writer at a time), and the conditional UPDATE below decides on both.
        ids = list(session.scalars(select(Message.id).where(cond).order_by(Message.id).limit(limit)
                                   .with_for_update(skip_locked=True)))
        until = now + timedelta(seconds=lease_s or self.lease_s)
        claimed = []
        for message_id in ids:
            taken = session.execute(update(Message).where(Message.id == message_id, cond)
                                    .values(lease_owner=self.owner, lease_until=until)).rowcount
            if taken:
                claimed.append(message_id)
        if not claimed:
            return []
        return list(session.scalars(select(Message).where(Message.id.in_(claimed)).order_by(Message.id)))

    async def renew(self, message_id: int) -> bool:
        """Extend this process's lease on a row right before sending it; False when the row is no longer ours
        to send (another process took it over after our lease ran out, or it was sent meanwhile)."""
        now = utcnow()
        return await self.db.run(lambda s: s.execute(
            update(Message).where(Message.id == message_id, Message.status.in_(UNSENT),
                                  or_(Message.lease_owner == self.owner, _free(now)))
            .values(lease_owner=self.owner, lease_until=now + timedelta(seconds=self.lease_s))).rowcount == 1)

    async def release(self, message_ids: Iterable[int] | None = None) -> int:
        """Give up this process's leases now (all of them when ``message_ids`` is None, e.g. at shutdown), so
        another process takes those rows over at once instead of after the lease runs out."""
        cond = Message.lease_owner == self.owner
        if message_ids is not None:
            cond = and_(cond, Message.id.in_(list(message_ids)))
        return await self.db.run(lambda s: s.execute(
            update(Message).where(cond, Message.status != Status.SENT)
            .values(lease_owner=None, lease_until=None)).rowcount)

    async def requeue(self, message_ids: Iterable[int]) -> None:
        """Back to ``pending`` for the outbox: a passive reply marked sent turned out to be late."""
        ids = list(message_ids)
        await self.db.run(lambda s: s.execute(
            update(Message).where(Message.id.in_(ids))
            .values(status=Status.PENDING, delivered_at=None, next_attempt_at=None, lease_owner=None,
                    lease_until=None)))

    async def mark_sent(self, message_ids: Iterable[int]) -> None:
        await self._set_status(list(message_ids), Status.SENT)

    async def mark_parts_sent(self, message_id: int, count: int) -> None:
        """Record that the first ``count`` parts of a long message were delivered (a retry sends the rest)."""

        def work(session: Session) -> None:
            row = session.get(Message, message_id)
            row.payload = {**(row.payload or {}), SENT_PARTS: count}

        await self.db.run(work)

    async def mark_failed(self, message_id: int, error: str, *, retry_in_s: float | None) -> Message:
        """Count a failed attempt; ``retry_in_s=None`` gives up (``undeliverable``)."""

        def work(session: Session) -> Message:
            row = session.get(Message, message_id)
            row.attempts += 1
            row.last_error = error[:2000]
            row.lease_owner, row.lease_until = None, None
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
        its number or title. Always read from the log: with several gateway processes a per-process cache
        would map "1" to an older message's button."""
        stmt = (
            select(Message.payload)
            .where(Message.sender_id == sender_id, Message.direction == Direction.OUT)
            .order_by(Message.id.desc())
            .limit(1)
        )
        payload = await self.db.run(lambda s: s.scalars(stmt).first())
        return list((payload or {}).get("buttons", []))

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
                .values(status=status, delivered_at=now, next_attempt_at=None, lease_owner=None, lease_until=None)
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
    user = ChannelUser(sender_id=sender_id, channel=channel, first_seen_at=now, last_inbound_at=now)
    if try_insert(session, user) is not None:  # a concurrent first message of the same sender created it
        session.execute(
            update(ChannelUser).where(ChannelUser.sender_id == sender_id).values(last_inbound_at=now)
        )
